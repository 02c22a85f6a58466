//! The customer's side: each entry point's answers (responseType 1 and 2, calls without a usable
//! answer: CORS, DNS, TLS, unreachable, login pages, 4xx, 5xx), BOSH terminate conditions, no chat
//! scripts after responseType 0, a growing queue, captures without chat calls, unreadable inputs.

use super::{new_finding, step, Facts};
use crate::ece::{AnswerKind, Failure};
use crate::har::{CallKind, EceCall};
use crate::report::{EntryPointView, Evidence, Finding, HarView, Severity};

/// A call the page itself cancelled.
pub(crate) fn aborted(a: &EntryPointView) -> bool {
    a.explanation.failure == Some(Failure::Aborted)
}

/// The rule for an answer that is no answer (and a short name for it), if it is one.
pub(crate) fn http_rule(a: &EntryPointView) -> Option<(&'static str, String)> {
    let status = a.status.unwrap_or(0);
    Some(match a.explanation.kind {
        AnswerKind::NetworkFailure => match a.explanation.failure {
            Some(Failure::Cors) => (
                "http-cors",
                "blocked by the browser (most likely CORS)".into(),
            ),
            Some(Failure::Dns) => ("http-dns", "the host name does not resolve".into()),
            Some(Failure::Tls) => ("http-tls", "TLS / certificate failure".into()),
            Some(Failure::Aborted) => return None,
            _ => ("http-unreachable", "no HTTP answer".into()),
        },
        AnswerKind::LoginPage => (
            "http-login-redirect",
            "a login page instead of the answer".into(),
        ),
        AnswerKind::HttpError if (400..500).contains(&status) => {
            ("http-client-error", format!("HTTP {status}"))
        }
        AnswerKind::HttpError => ("http-server-error", format!("HTTP {status}")),
        _ => return None,
    })
}

/// Where an answer came from, as evidence.
pub(crate) fn answer_evidence(a: &EntryPointView) -> Evidence {
    Evidence {
        input: a.input,
        line: if a.har_index.is_some() { None } else { Some(1) },
        label: match a.har_index {
            Some(i) => format!("HAR entry {}: {}", i + 1, a.call),
            None => "pasted answer".into(),
        },
    }
}

fn where_(f: &Facts, a: &EntryPointView) -> String {
    let name = f
        .inputs
        .get(a.input)
        .map(|s| s.name.as_str())
        .unwrap_or("?");
    match a.har_index {
        Some(i) => format!("HAR entry {} of {name}", i + 1),
        None => name.to_string(),
    }
}

fn who(a: &EntryPointView) -> String {
    match &a.entry_point_id {
        Some(id) => format!("Entry point {id}"),
        None => "The pasted answer".into(),
    }
}

/// Each entry point's deciding answer (responseType 1, 2, no usable answer, no verdict), and its
/// earlier calls that failed.
pub fn answers(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in f.entries() {
        let a = &f.entry_points[g.deciding];
        if f.unreadable
            .iter()
            .any(|u| u.entry_point == Some(g.deciding))
        {
            continue;
        }
        let at = a
            .time
            .as_deref()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default();
        let mut x = match (a.response_type, http_rule(a)) {
            (Some(0), _) => None,
            (Some(1), _) => {
                let mut x = new_finding("ep-no-agent");
                x.title = format!("{}: responseType 1, no agent available", who(a));
                x.seen = answered(f, a, 1, &at);
                x.why = format!("{} {}", x.why, f.versions.ece_applies());
                Some(x)
            }
            (Some(2), _) => {
                let mut x = new_finding("ep-queue-full");
                x.title = format!("{}: responseType 2, the queue is full", who(a));
                x.seen = answered(f, a, 2, &at);
                Some(x)
            }
            (_, Some((id, _))) => {
                let mut x = new_finding(id);
                x.title = format!("{}: {}", who(a), lower_first(x.title.as_str()));
                x.seen = format!(
                    "The {} call{at} ({}): {}.",
                    a.call,
                    where_(f, a),
                    a.meaning.trim_end_matches('.')
                );
                Some(x)
            }
            _ if aborted(a) => None,
            _ => {
                let mut x = new_finding("ep-no-verdict");
                x.title = match &a.entry_point_id {
                    Some(id) => format!("Entry point {id}'s answer gives no verdict on new chats"),
                    None => "The pasted answer gives no verdict on new chats".into(),
                };
                x.seen = format!(
                    "{}{at} ({}).",
                    a.meaning.trim_end_matches('.'),
                    where_(f, a)
                );
                Some(x)
            }
        };
        if let Some(x) = x.as_mut() {
            x.entry_point_id = a.entry_point_id.clone();
            x.evidence.push(answer_evidence(a));
        }
        out.extend(x);
        // Earlier calls of the same entry point that got no usable answer: they can contribute.
        let mut earlier: Vec<(&'static str, Vec<&EntryPointView>)> = Vec::new();
        for &i in &g.answers {
            if i == g.deciding {
                continue;
            }
            let e = &f.entry_points[i];
            if let Some((id, _)) = http_rule(e) {
                match earlier.iter_mut().find(|(r, _)| *r == id) {
                    Some((_, v)) => v.push(e),
                    None => earlier.push((id, vec![e])),
                }
            }
        }
        for (id, calls) in earlier {
            let mut x = new_finding(id);
            x.severity = Severity::Warning;
            x.entry_point_id = a.entry_point_id.clone();
            x.title = format!(
                "{}: {} earlier call{} failed — {}",
                who(a),
                calls.len(),
                if calls.len() == 1 { "" } else { "s" },
                lower_first(x.title.as_str())
            );
            x.seen = format!(
                "{}; the latest answer{} came later.",
                calls
                    .iter()
                    .map(|c| format!(
                        "{}{}: {}",
                        where_(f, c),
                        c.time
                            .as_deref()
                            .map(|t| format!(" at {t}"))
                            .unwrap_or_default(),
                        c.meaning.trim_end_matches('.')
                    ))
                    .collect::<Vec<_>>()
                    .join("; "),
                a.time
                    .as_deref()
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default()
            );
            x.evidence = calls.iter().map(|c| answer_evidence(c)).collect();
            out.push(x);
        }
    }
    out
}

/// "The initialize call answered responseType 1 at … (HAR entry 3 of x.har)." / "The answer
/// pasted as answer.json is responseType 1."
fn answered(f: &Facts, a: &EntryPointView, rt: i64, at: &str) -> String {
    match a.har_index {
        Some(_) => format!(
            "The {} call answered responseType {rt}{at} ({}).",
            a.call,
            where_(f, a)
        ),
        None => format!(
            "The answer pasted as {} is responseType {rt}.",
            where_(f, a)
        ),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn call_evidence(h: &HarView, c: &EceCall) -> Evidence {
    Evidence {
        input: h.input,
        line: None,
        label: format!("HAR entry {}: {} {}", c.index + 1, c.method, c.kind.label()),
    }
}

/// The BOSH terminate condition of a call, when its answer is one.
fn condition(c: &EceCall) -> Option<String> {
    if c.kind != CallKind::BoshSession || c.answer.kind != AnswerKind::BoshSession {
        return None;
    }
    c.answer
        .fields
        .iter()
        .find(|x| x.name == "condition")
        .map(|x| x.value.trim_matches('"').to_string())
}

/// BOSH sessions the server ended: system-shutdown (refused), other-request (a duplicate),
/// remote-connection-failed; the entry point from the request URL. One finding per entry point
/// and condition.
pub fn bosh_terminated(f: &Facts) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for h in f.har {
        for c in &h.capture.calls {
            let Some(cond) = condition(c) else { continue };
            let id = match cond.as_str() {
                "system-shutdown" => "bosh-system-shutdown",
                "other-request" => "bosh-duplicate-session",
                s if s.starts_with("remote-connection-failed") => "bosh-connection-failed",
                _ => continue,
            };
            let ep = c.entry_point_id.clone();
            let at = c
                .started
                .as_deref()
                .map(|t| format!(" at {t}"))
                .unwrap_or_default();
            let seen = format!(
                "{} {} (HAR entry {}){at} answered <body type=\"terminate\" condition=\"{cond}\">.",
                c.method,
                c.path,
                c.index + 1
            );
            if let Some(x) = out
                .iter_mut()
                .find(|x| x.id == id && x.entry_point_id == ep)
            {
                x.seen = format!("{} {seen}", x.seen);
                x.evidence.push(call_evidence(h, c));
                continue;
            }
            let mut x = new_finding(id);
            let who = ep
                .as_deref()
                .map(|e| format!("Entry point {e}: "))
                .unwrap_or_default();
            x.title = match id {
                "bosh-system-shutdown" => {
                    format!("{who}the server refused the chat session (condition system-shutdown)")
                }
                "bosh-duplicate-session" => format!(
                    "{who}the chat session was ended as a duplicate (condition other-request)"
                ),
                _ => format!(
                    "{who}the chat session ended: connection to the chat server failed ({cond})"
                ),
            };
            x.seen = seen;
            if id == "bosh-system-shutdown" {
                x.severity = refusal_severity(f, &ep, c.started_ms);
            }
            x.entry_point_id = ep;
            x.evidence.push(call_evidence(h, c));
            out.push(x);
        }
    }
    out
}

/// A refused session decides the verdict when the entry point's latest answer says 0 (or there
/// is none) and the session is not older than it; otherwise the answer already explains it.
fn refusal_severity(f: &Facts, ep: &Option<String>, at: Option<i64>) -> Severity {
    let Some(g) = f.entries().iter().find(|g| g.id == *ep && ep.is_some()) else {
        return Severity::Error;
    };
    let a = &f.entry_points[g.deciding];
    let later = match (at, a.time_ms) {
        (Some(t), Some(u)) => t >= u,
        _ => true,
    };
    if a.response_type == Some(0) && later || http_rule(a).is_none() && a.response_type.is_none() {
        Severity::Error
    } else {
        Severity::Warning
    }
}

/// After an initialize answer of 0, the capture holds no further chat script and no chat session:
/// the seed's sign that the page went on is missing.
pub fn no_scripts_after_type0(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for g in f.entries() {
        let a = &f.entry_points[g.deciding];
        let (Some(0), Some(at)) = (a.response_type, a.har_index) else {
            continue;
        };
        if a.call != "initialize" {
            continue;
        }
        let Some(h) = f.har.iter().find(|h| h.input == a.input) else {
            continue;
        };
        let script = h.capture.other.iter().any(|o| {
            let p = o.host_path.to_ascii_lowercase();
            o.index > at && p.contains("/templates/chat/") && p.ends_with(".js")
        });
        let session =
            h.capture.calls.iter().any(|c| {
                c.index > at && matches!(c.kind, CallKind::BoshSession | CallKind::RestV1(_))
            });
        if script || session {
            continue;
        }
        let mut x = new_finding("no-chat-scripts-after-type0");
        x.entry_point_id = a.entry_point_id.clone();
        x.title = format!(
            "{}: after responseType 0 the page loaded no further chat script",
            who(a)
        );
        x.seen = format!(
            "{} answered 0; the {} entr{} after it hold no .js under /templates/chat/ and no chat session.",
            where_(f, a),
            h.capture.entries.saturating_sub(at + 1),
            if h.capture.entries.saturating_sub(at + 1) == 1 { "y" } else { "ies" }
        );
        x.evidence.push(answer_evidence(a));
        out.push(x);
    }
    out
}

/// sessionStatus / sessionStatistics polls whose queueDepth only grows, with no agent message.
pub fn queue_growing(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for h in f.har {
        let polls: Vec<(&EceCall, f64)> = h
            .capture
            .calls
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    CallKind::SessionStatus | CallKind::SessionStatistics
                )
            })
            .filter_map(|c| {
                let d = c.answer.fields.iter().find(|x| x.name == "queueDepth")?;
                Some((c, d.value.trim_matches('"').trim().parse::<f64>().ok()?))
            })
            .collect();
        if polls.len() < 3 {
            continue;
        }
        let rising = polls.windows(2).all(|w| w[1].1 >= w[0].1);
        let (first, last) = (polls[0].1, polls[polls.len() - 1].1);
        let agent_joined = h.capture.calls.iter().any(|c| {
            c.index > polls[0].0.index
                && c.customer_data
                    .iter()
                    .any(|d| d.kind == "chat message" && d.name == "agent")
        });
        if !rising || last <= first || agent_joined {
            continue;
        }
        let ep = polls
            .iter()
            .find_map(|(c, _)| c.entry_point_id.clone())
            .or_else(|| {
                h.capture
                    .calls
                    .iter()
                    .find(|c| c.kind == CallKind::BoshSession)
                    .and_then(|c| c.entry_point_id.clone())
            });
        let mut x = new_finding("queue-growing");
        x.title = format!(
            "{}the queue grew from {first} to {last} and no agent joined",
            ep.as_deref()
                .map(|e| format!("Entry point {e}: "))
                .unwrap_or_default()
        );
        x.seen = format!(
            "{} queue polls: queueDepth {}; no agent message in the capture after the first poll.",
            polls.len(),
            polls
                .iter()
                .map(|(_, d)| d.to_string())
                .collect::<Vec<_>>()
                .join(" → ")
        );
        x.entry_point_id = ep;
        x.evidence = polls.iter().map(|(c, _)| call_evidence(h, c)).collect();
        out.push(x);
    }
    out
}

/// A HAR with no ECE chat call in it: say what to capture instead.
pub fn har_without_ece_calls(f: &Facts) -> Vec<Finding> {
    f.har
        .iter()
        .filter(|h| h.capture.calls.is_empty())
        .map(|h| {
            let mut x = new_finding("har-without-ece-calls");
            let name = f
                .inputs
                .get(h.input)
                .map(|s| s.name.as_str())
                .unwrap_or("?");
            x.title = format!("The HAR capture {name} holds no ECE chat call");
            x.seen = h.summary.clone();
            x.evidence.push(Evidence {
                input: h.input,
                line: None,
                label: format!("{} requests", h.capture.entries),
            });
            x
        })
        .collect()
}

/// Inputs that could not be read: said as a finding, with the positioned problem.
pub fn unreadable_inputs(f: &Facts) -> Vec<Finding> {
    f.unreadable
        .iter()
        .map(|u| {
            let mut x = new_finding("input-unreadable");
            let name = f.inputs.get(u.input).map(|s| s.name.as_str()).unwrap_or("?");
            x.title = format!("{name} could not be read as {}", super::verdict::article(u.what));
            x.seen = u.message.clone();
            let cut = ["ends too early", "EOF"].iter().any(|k| u.message.contains(k));
            if u.what == "HAR capture" && cut {
                x.next.insert(
                    0,
                    step(
                        "A HAR cut short (a copy that stopped, a file still being written) ends before its closing brackets: export it again.",
                        super::catalog::SUGGESTED,
                    ),
                );
            }
            x.evidence.push(Evidence {
                input: u.input,
                line: u.line,
                label: format!("where reading stopped in {name}"),
            });
            x
        })
        .collect()
}
