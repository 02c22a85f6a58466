//! One verdict per entry point, from its latest answer by time, and the headline over all of them
//! ("2 of 3 entry points refuse chats"). Nothing here depends on the order of the inputs.

use super::{catalog, entry, id_key, Facts};
use crate::model::{EventKind, SourceKind, Zone};
use crate::report::{EntryPointVerdict, Finding, Severity, Verdict, VerdictStatus};

/// One entry point's answers (indices into `Facts::entry_points`, oldest first).
#[derive(Debug, Clone)]
pub(crate) struct EntryGroup {
    pub id: Option<String>,
    pub answers: Vec<usize>,
    /// The latest answer: it decides the verdict.
    pub deciding: usize,
    /// When the logs are from another time than the deciding answer: the two, in words.
    pub other_time: Option<String>,
}

/// Groups the answers by entry point (a pasted answer without an id is its own group) and picks
/// each group's latest: by time, then by position in its HAR, then by input name.
pub(crate) fn group(f: &Facts) -> Vec<EntryGroup> {
    let eps = f.entry_points;
    let name = |i: usize| {
        f.inputs
            .get(eps[i].input)
            .map(|s| s.name.as_str())
            .unwrap_or("")
    };
    let mut keys: Vec<(Option<String>, Option<usize>)> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, e) in eps.iter().enumerate() {
        let key = match &e.entry_point_id {
            Some(id) => (Some(id.clone()), None),
            None => (None, Some(e.input)),
        };
        match keys.iter().position(|k| *k == key) {
            Some(g) => groups[g].push(i),
            None => {
                keys.push(key);
                groups.push(vec![i]);
            }
        }
    }
    let span = log_span_ms(f);
    let mut out: Vec<EntryGroup> = keys
        .into_iter()
        .zip(groups)
        .map(|((id, _), mut answers)| {
            answers.sort_by(|&a, &b| {
                let (x, y) = (&eps[a], &eps[b]);
                x.time_ms
                    .cmp(&y.time_ms)
                    .then_with(|| name(a).cmp(name(b)))
                    .then_with(|| x.har_index.cmp(&y.har_index))
            });
            // A call the page itself cancelled decides nothing while another answer exists.
            let deciding = answers
                .iter()
                .rev()
                .copied()
                .find(|&i| !entry::aborted(&eps[i]))
                .or(answers.last().copied())
                .unwrap_or(0);
            let other_time = match (eps[deciding].time_ms, span) {
                (Some(t), Some((lo, hi))) if t < lo - HALF_DAY_MS || t > hi + HALF_DAY_MS => {
                    Some(format!(
                        "the answer is from {}, the logs from {} to {} (UTC)",
                        utc_text(t),
                        utc_text(lo),
                        utc_text(hi)
                    ))
                }
                _ => None,
            };
            EntryGroup {
                id,
                answers,
                deciding,
                other_time,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        id_key(a.id.as_deref())
            .cmp(&id_key(b.id.as_deref()))
            .then_with(|| name(a.deciding).cmp(name(b.deciding)))
    });
    out
}

const HALF_DAY_MS: i64 = 12 * 3_600_000;

/// The earliest and latest UTC time of the log lines that print their date and zone.
fn log_span_ms(f: &Facts) -> Option<(i64, i64)> {
    let mut span: Option<(i64, i64)> = None;
    for e in &f.timeline.events {
        if e.source == SourceKind::Rttest || matches!(e.kind, EventKind::RouterStatus(_)) {
            continue;
        }
        let Some(t) = e.time() else { continue };
        let (Zone::Offset(off), false) = (t.zone, t.date_inferred) else {
            continue;
        };
        let Some(local) = t.local_epoch_ms() else {
            continue;
        };
        let utc = local - off as i64 * 1000;
        span = Some(match span {
            Some((lo, hi)) => (lo.min(utc), hi.max(utc)),
            None => (utc, utc),
        });
    }
    span
}

pub(crate) use crate::time::utc_minutes as utc_text;

/// The verdict of every entry point, and the headline over them.
pub fn verdicts(f: &Facts, findings: &[Finding]) -> (Vec<EntryPointVerdict>, Verdict) {
    let mut out = Vec::new();
    let mut shorts = Vec::new();
    for g in f.entries() {
        let (v, short) = one(f, g, findings);
        out.push(v);
        shorts.push(short);
    }
    // Entry points a capture shows only through other calls (a chat session, a template page):
    // the capture started after their answer, or the page never asked.
    let mut others: Vec<(String, usize, Option<String>)> = Vec::new();
    for h in f.har {
        for c in &h.capture.calls {
            let Some(id) = &c.entry_point_id else {
                continue;
            };
            if f.entries().iter().any(|g| g.id.as_ref() == Some(id))
                || others.iter().any(|(o, _, _)| o == id)
            {
                continue;
            }
            others.push((id.clone(), h.input, c.started.clone()));
        }
    }
    for (id, input, time) in others {
        let ep = Some(id.clone());
        let refused = finding_for(findings, "bosh-system-shutdown", &ep, input)
            .filter(|x| x.severity == Severity::Error && x.entry_point_id == ep);
        let (status, sentence, reason, short) = match refused {
            Some(_) => (
                VerdictStatus::ChatUnavailable,
                format!("Entry point {id} refuses chats: the capture holds no answer of it, but the server refused its chat session (BOSH condition system-shutdown, which the chat client shows as its off-hours text — inferred from public client code)."),
                Some("bosh-system-shutdown".to_string()),
                "session refused (system-shutdown)".to_string(),
            ),
            None => (
                VerdictStatus::Undecided,
                format!("Entry point {id}: undecided — the capture shows its chat calls but no initialize or checkEligibility answer (it started later, or the page never asked)."),
                None,
                "no answer captured".to_string(),
            ),
        };
        out.push(EntryPointVerdict {
            entry_point_id: ep,
            status,
            sentence,
            reason_finding: reason,
            input,
            time,
        });
        shorts.push(short);
    }
    // Sorted by entry point (the pasted answers without one last), whatever the inputs' order.
    let mut both: Vec<(EntryPointVerdict, String)> = out.into_iter().zip(shorts).collect();
    both.sort_by(|(a, _), (b, _)| {
        id_key(a.entry_point_id.as_deref())
            .cmp(&id_key(b.entry_point_id.as_deref()))
            .then_with(|| {
                let n = |v: &EntryPointVerdict| f.inputs.get(v.input).map(|s| s.name.clone());
                n(a).cmp(&n(b))
            })
    });
    let (out, shorts): (Vec<_>, Vec<_>) = both.into_iter().unzip();
    let head = headline(f, &out, &shorts, findings);
    (out, head)
}

/// Rules whose findings are about one entry point's answers (the others are about agents or the
/// PG, and concern every entry point).
const ENTRY_POINT_RULES: &[&str] = &[
    "ep-no-agent",
    "ep-queue-full",
    "ep-no-verdict",
    "http-cors",
    "http-dns",
    "http-tls",
    "http-unreachable",
    "http-login-redirect",
    "http-client-error",
    "http-server-error",
    "bosh-system-shutdown",
    "bosh-duplicate-session",
    "bosh-connection-failed",
    "no-chat-scripts-after-type0",
    "queue-growing",
    "evidence-other-time",
    "type1-with-ready-agent",
    "agent-not-in-queue-skill-group",
    "input-unreadable",
];

/// Does a finding concern this entry point (whose deciding answer is in `input`)? A pasted
/// answer names no entry point: its findings are those that point at its input.
fn concerns(x: &Finding, ep: &Option<String>, input: usize) -> bool {
    if x.entry_point_id.is_none() && !ENTRY_POINT_RULES.contains(&x.id.as_str()) {
        return true;
    }
    match ep {
        Some(_) => x.entry_point_id == *ep,
        None => x.entry_point_id.is_none() && x.evidence.iter().any(|e| e.input == input),
    }
}

/// The finding of rule `id` about this entry point, if there is one.
fn finding_for<'x>(
    findings: &'x [Finding],
    id: &str,
    ep: &Option<String>,
    input: usize,
) -> Option<&'x Finding> {
    findings
        .iter()
        .find(|x| x.id == id && concerns(x, ep, input))
}

fn one(f: &Facts, g: &EntryGroup, findings: &[Finding]) -> (EntryPointVerdict, String) {
    let ans = &f.entry_points[g.deciding];
    let input_name = f
        .inputs
        .get(ans.input)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let who = match &g.id {
        Some(id) => format!("Entry point {id}"),
        None => format!("The pasted answer ({input_name})"),
    };
    let at = ans
        .time
        .as_deref()
        .map(|t| format!(" at {t}"))
        .unwrap_or_default();
    let mk = |status, sentence: String, reason: Option<&str>, short: String| {
        (
            EntryPointVerdict {
                entry_point_id: g.id.clone(),
                status,
                sentence,
                reason_finding: reason.map(String::from),
                input: ans.input,
                time: ans.time.clone(),
            },
            short,
        )
    };
    let ep = &g.id;
    if let Some(u) = f
        .unreadable
        .iter()
        .find(|u| u.entry_point == Some(g.deciding))
    {
        return mk(
            VerdictStatus::Undecided,
            format!(
                "{who}: undecided — {input_name} could not be read as {} ({}).",
                article(u.what),
                u.message.trim_end_matches('.')
            ),
            Some("input-unreadable"),
            "could not be read".into(),
        );
    }
    // A session the server refused after this answer (or with no answer of its own).
    let refused = finding_for(findings, "bosh-system-shutdown", ep, ans.input)
        .filter(|x| x.severity == Severity::Error && x.entry_point_id == *ep);
    match ans.response_type {
        Some(0) => match refused {
            Some(_) => mk(
                VerdictStatus::ChatUnavailable,
                format!("{who} refuses chats: it answered responseType 0{at}, but then the server refused the chat session (BOSH condition system-shutdown, which the chat client shows as its off-hours text — inferred from public client code)."),
                Some("bosh-system-shutdown"),
                "session refused (system-shutdown)".into(),
            ),
            None => {
                let scripts = finding_for(findings, "no-chat-scripts-after-type0", ep, ans.input)
                    .map(|_| " But the page then loaded no further chat scripts: see the warning.")
                    .unwrap_or("");
                mk(
                    VerdictStatus::ChatAvailable,
                    format!("{who} takes chats: it answered responseType 0{at} (an agent is available, or the queue still has room).{scripts}"),
                    None,
                    "takes chats".into(),
                )
            }
        },
        Some(1) => {
            let reason = reason_for_no_agent(f, findings, ep, ans.input);
            let because = match reason {
                Some(r) if matches!(r.id.as_str(), "type1-with-ready-agent" | "agent-not-in-queue-skill-group") => {
                    let who: Vec<String> = r.agents.iter().map(|a| a.agent_id.to_string()).collect();
                    format!(
                        " Yet the evidence shows agent{} {} ready: see why {} not counted.",
                        if who.len() == 1 { "" } else { "s" },
                        who.join(", "),
                        if who.len() == 1 { "it is" } else { "they are" }
                    )
                }
                Some(r) if r.id != "ep-no-agent" => {
                    format!(" Most likely reason: {}.", r.title.trim_end_matches('.'))
                }
                _ => String::new(),
            };
            mk(
                VerdictStatus::ChatUnavailable,
                format!("{who} refuses chats: it answered responseType 1 (no agent available){at}.{because}"),
                reason.map(|r| r.id.as_str()),
                match reason.map(|r| r.id.as_str()) {
                    Some("type1-with-ready-agent" | "agent-not-in-queue-skill-group") => {
                        "no agent available (yet an agent shows ready)".into()
                    }
                    Some(id) if id != "ep-no-agent" => format!(
                        "no agent available: {}",
                        catalog::rule(id).map(|c| lower(c.title)).unwrap_or_default()
                    ),
                    _ => "no agent available".into(),
                },
            )
        }
        Some(2) => mk(
            VerdictStatus::ChatUnavailable,
            format!("{who} refuses chats: its queue is full (responseType 2){at}."),
            Some("ep-queue-full"),
            "queue full".into(),
        ),
        _ => match entry::http_rule(ans) {
            Some((id, short)) => mk(
                VerdictStatus::ChatUnavailable,
                format!("{who}: a customer cannot start a chat — the {} call{at} got {}.", ans.call, ans.meaning.trim_end_matches('.')),
                Some(id),
                short,
            ),
            None => match refused {
                Some(x) => mk(
                    VerdictStatus::ChatUnavailable,
                    format!("{who} refuses chats: {}.", lower(&x.title)),
                    Some("bosh-system-shutdown"),
                    "session refused (system-shutdown)".into(),
                ),
                // An aborted request gets no `ep-no-verdict` finding (`entry::answers`: the page
                // cancelled it, not the server): the verdict cites none either.
                None => mk(
                    VerdictStatus::Undecided,
                    format!("{who}: undecided — the answer gives no verdict on new chats ({}).", ans.meaning.trim_end_matches('.')),
                    (!entry::aborted(ans)).then_some("ep-no-verdict"),
                    "no verdict in the answer".into(),
                ),
            },
        },
    }
}

/// The first error (in the catalogue's order) that concerns this entry point or none; when no
/// agent is available and every blocked agent is busy (full, or on another MRD's task), that.
fn reason_for_no_agent<'x>(
    f: &Facts,
    findings: &'x [Finding],
    ep: &Option<String>,
    input: usize,
) -> Option<&'x Finding> {
    let concerns = |x: &&Finding| concerns(x, ep, input);
    let error = findings
        .iter()
        .filter(concerns)
        .filter(|x| x.severity == Severity::Error && x.id != "input-unreadable")
        .min_by_key(|x| catalog::order(&x.id));
    let busy = || {
        if f.any_agent_available() {
            return None;
        }
        findings
            .iter()
            .filter(concerns)
            .filter(|x| x.id == "at-task-limit" || x.id == "busy-other-mrd")
            .min_by_key(|x| catalog::order(&x.id))
    };
    match error {
        Some(e) if e.id != "ep-no-agent" => Some(e),
        other => busy().or(other),
    }
}

pub(crate) fn article(what: &str) -> String {
    let a = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {what}")
}

fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How many inputs that could not be read the headline names (the rest are counted).
const UNREAD_NAMED: usize = 3;

/// The headline: the one verdict, or "2 of 3 entry points refuse chats — …", or what the logs
/// alone say; an input that could not be read is always named (the first three by name, the
/// rest counted).
pub fn headline(
    f: &Facts,
    verdicts: &[EntryPointVerdict],
    shorts: &[String],
    findings: &[Finding],
) -> Verdict {
    // Parts that could not be read and are not already the subject of a verdict (an answer
    // that does not read is its own verdict's subject; a HAR that does not read has none).
    let unread: Vec<&super::Unreadable> = f
        .unreadable
        .iter()
        .filter(|u| {
            u.entry_point.is_none()
                || !verdicts.iter().any(|v| {
                    v.input == u.input && v.reason_finding.as_deref() == Some("input-unreadable")
                })
        })
        .collect();
    let unreadable = if unread.is_empty() {
        String::new()
    } else {
        // The first few: a paste of many broken pieces would make the headline a page long.
        let names: Vec<String> = unread
            .iter()
            .take(UNREAD_NAMED)
            .map(|u| {
                let n = f
                    .inputs
                    .get(u.input)
                    .map(|s| s.name.as_str())
                    .unwrap_or("?");
                format!("{n} ({})", u.message.trim_end_matches('.'))
            })
            .collect();
        let more = match unread.len().saturating_sub(UNREAD_NAMED) {
            0 => String::new(),
            n => format!("; and {n} more, each its own finding"),
        };
        format!(" Could not be read: {}{more}.", names.join("; "))
    };
    let status = verdicts
        .iter()
        .map(|v| v.status)
        .min()
        .unwrap_or(VerdictStatus::Undecided);
    let sentence = match verdicts.len() {
        0 => no_answer_sentence(f, findings, !f.unreadable.is_empty()),
        1 => verdicts[0].sentence.clone(),
        n => {
            let name = |v: &EntryPointVerdict| {
                v.entry_point_id
                    .clone()
                    .unwrap_or_else(|| "a pasted answer".into())
            };
            let list = |s: VerdictStatus| -> Vec<String> {
                verdicts
                    .iter()
                    .zip(shorts)
                    .filter(|(v, _)| v.status == s)
                    .map(|(v, sh)| format!("{}: {sh}", name(v)))
                    .collect()
            };
            let refuse = list(VerdictStatus::ChatUnavailable);
            let open = list(VerdictStatus::ChatAvailable);
            let unknown = list(VerdictStatus::Undecided);
            let mut parts = Vec::new();
            if !refuse.is_empty() {
                parts.push(format!(
                    "{} of {n} entry points refuse chats — {}.",
                    refuse.len(),
                    refuse.join("; ")
                ));
            }
            if !open.is_empty() {
                parts.push(if refuse.is_empty() && unknown.is_empty() {
                    format!("All {n} entry points take chats.")
                } else {
                    format!(
                        "{} take{} chats.",
                        open.iter()
                            .map(|s| s.split(':').next().unwrap_or(""))
                            .collect::<Vec<_>>()
                            .join(", "),
                        if open.len() == 1 { "s" } else { "" }
                    )
                });
            }
            if !unknown.is_empty() {
                parts.push(format!("Undecided — {}.", unknown.join("; ")));
            }
            parts.join(" ")
        }
    };
    Verdict {
        status,
        sentence: format!("{sentence}{unreadable}"),
    }
}

fn no_answer_sentence(f: &Facts, findings: &[Finding], unreadable: bool) -> String {
    let reason = findings
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .min_by_key(|x| catalog::order(&x.id));
    if let Some(r) = reason {
        return format!(
            "No entry-point answer in the evidence, but the logs show a problem: {}.",
            r.title.trim_end_matches('.')
        );
    }
    if let Some(d) = f.domains().iter().find(|d| d.available()) {
        return format!(
            "No entry-point answer in the evidence; the logs show agent {} ready in MRD {}, so chat should be offered — capture the initialize answer to confirm.",
            d.agent_id, d.mrd_id
        );
    }
    if unreadable {
        return "No entry-point answer could be read.".into();
    }
    "Not enough evidence yet: paste the entry point's answer, a HAR capture, or the logs.".into()
}
