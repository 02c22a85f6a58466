//! Two captures compared ("it worked at 09:00, not at 14:00", "agent A gets chats, agent B does
//! not"): each side analysed on its own, then what changed, differences first.

pub mod agents;
pub mod align;
pub mod example;
pub mod model;
pub mod steps;
pub mod text;

pub use model::*;

use crate::analysis;
use crate::model::Input;
use crate::report::{AgentRef, EntryPointView, Report, Severity, VerdictStatus};
use crate::share::Overrides;
use agents::AgentMap;
use std::collections::BTreeMap;

/// Analyses each side on its own (with the same overrides) and compares them.
pub fn compare(
    before: &[Input],
    after: &[Input],
    words: Words,
    overrides: &Overrides,
) -> Comparison {
    let b = analysis::analyze_with(before, overrides);
    let a = analysis::analyze_with(after, overrides);
    from_reports(&b, &a, words)
}

/// [`compare`] of the sanitized inputs (names and texts, as a share link carries them): what a
/// link's recipient sees, and what exports carry.
pub fn compare_sanitized(
    before: &[Input],
    after: &[Input],
    words: Words,
    overrides: &Overrides,
) -> Comparison {
    let b = crate::share::sanitized_state(before, overrides).inputs;
    let a = crate::share::sanitized_state(after, overrides).inputs;
    compare(&b, &a, words, overrides)
}

/// The comparison of two reports (each side's own analysis).
pub fn from_reports(before: &Report, after: &Report, words: Words) -> Comparison {
    let (wb, wa) = words.pair();
    let map = AgentMap::of(before, after);
    let entry_points = entry_point_changes(before, after);
    let findings = finding_changes(before, after, &map);
    let agents = agents::changes(before, after, &map);
    let steps = step_changes(before, after, &map);
    let ladder = align::align(before, after, &map);
    let (before_view, after_view) = (side_view(before), side_view(after));
    let differences = differences(
        &before_view,
        &after_view,
        &entry_points,
        &findings,
        &agents,
        &steps,
        &map,
    );
    let headline = headline(&before_view, &after_view, differences.len(), words);
    Comparison {
        compare_version: COMPARE_VERSION,
        words: WordPair {
            before: wb.into(),
            after: wa.into(),
        },
        headline,
        before: before_view,
        after: after_view,
        differences,
        entry_points,
        findings,
        agents,
        steps,
        step_sources: steps::FLOW_SOURCES
            .iter()
            .map(|id| crate::analysis::rules::catalog::source_ref(id))
            .collect(),
        ladder,
    }
}

impl Comparison {
    /// The comparison as pretty JSON (what `ece-triage compare --json` prints).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

fn side_view(r: &Report) -> SideView {
    SideView {
        inputs: r.inputs.clone(),
        verdict: r.verdict.clone(),
        verdicts: r.verdicts.clone(),
        versions: r.versions.clone(),
        sources: steps::sources(r),
        unrecognised_lines: r.unrecognised_lines,
        problems: r.problems.clone(),
    }
}

/// `chat available`, `chat unavailable`, `undecided` (as the page's verdict says).
pub fn verdict_word(s: VerdictStatus) -> &'static str {
    match s {
        VerdictStatus::ChatAvailable => "chat available",
        VerdictStatus::ChatUnavailable => "chat unavailable",
        VerdictStatus::Undecided => "undecided",
    }
}

/// `chats are taken`, `chats are refused`, `undecided`.
pub fn status_words(s: VerdictStatus) -> &'static str {
    match s {
        VerdictStatus::ChatAvailable => "chats are taken",
        VerdictStatus::ChatUnavailable => "chats are refused",
        VerdictStatus::Undecided => "undecided",
    }
}

fn headline(b: &SideView, a: &SideView, n: usize, words: Words) -> String {
    let (wb, wa) = words.pair();
    let verdicts = if b.verdict.status == a.verdict.status {
        format!(
            "{} on both sides ({wb} and {wa})",
            capitalized(status_words(b.verdict.status))
        )
    } else {
        format!(
            "{}: {}; {}: {}",
            capitalized(wb),
            status_words(b.verdict.status),
            wa,
            status_words(a.verdict.status)
        )
    };
    match n {
        0 => format!(
            "{verdicts}. No difference in verdicts, entry points, findings, agents or flow steps."
        ),
        1 => format!("{verdicts}. 1 difference."),
        n => format!("{verdicts}. {n} differences."),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The answer a verdict comes from: the entry point's view with the verdict's input and time.
fn deciding<'a>(r: &'a Report, v: &crate::report::EntryPointVerdict) -> Option<&'a EntryPointView> {
    let same_ep = |e: &&EntryPointView| e.entry_point_id == v.entry_point_id;
    r.entry_points
        .iter()
        .filter(same_ep)
        .rfind(|e| e.input == v.input && e.time == v.time)
        .or_else(|| r.entry_points.iter().rfind(|e| same_ep(e)))
}

fn entry_point_changes(before: &Report, after: &Report) -> Vec<EntryPointChange> {
    let side = |r: &Report| -> Vec<(Option<String>, EntryPointSide)> {
        r.verdicts
            .iter()
            .map(|v| {
                let d = deciding(r, v);
                (
                    v.entry_point_id.clone(),
                    EntryPointSide {
                        status: v.status,
                        sentence: v.sentence.clone(),
                        reason_finding: v.reason_finding.clone(),
                        http_status: d.and_then(|d| d.status),
                        response_type: d.and_then(|d| d.response_type),
                        call: d.map(|d| d.call.clone()),
                        time: v.time.clone(),
                    },
                )
            })
            .collect()
    };
    let (mut b, a) = (side(before), side(after));
    let mut out = Vec::new();
    for (id, sa) in a {
        // Pasted answers name no entry point: they pair in order.
        let sb = b.iter().position(|(x, _)| *x == id).map(|i| b.remove(i).1);
        out.push((id, sb, Some(sa)));
    }
    out.extend(b.into_iter().map(|(id, sb)| (id, Some(sb), None)));
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out.into_iter()
        .map(|(entry_point_id, before, after)| {
            let changed = match (&before, &after) {
                (Some(b), Some(a)) => {
                    let mut c = Vec::new();
                    if b.status != a.status {
                        c.push("verdict".to_string());
                    }
                    if b.response_type != a.response_type {
                        c.push("responseType".to_string());
                    }
                    if b.http_status != a.http_status {
                        c.push("HTTP status".to_string());
                    }
                    if b.reason_finding != a.reason_finding {
                        c.push("reason".to_string());
                    }
                    c
                }
                _ => Vec::new(),
            };
            EntryPointChange {
                entry_point_id,
                before,
                after,
                changed,
            }
        })
        .collect()
}

fn finding_changes(before: &Report, after: &Report, map: &AgentMap) -> Vec<FindingChange> {
    type Key = (String, Option<String>, Vec<AgentRef>);
    let mut all: BTreeMap<Key, FindingChange> = BTreeMap::new();
    for (r, is_after) in [(before, false), (after, true)] {
        for f in &r.findings {
            let mut agents: Vec<AgentRef> = f
                .agents
                .iter()
                .map(|a| AgentRef {
                    agent_id: if is_after {
                        map.as_before(a.agent_id)
                    } else {
                        a.agent_id
                    },
                    mrd_id: a.mrd_id,
                })
                .collect();
            agents.sort();
            agents.dedup();
            let key = (f.id.clone(), f.entry_point_id.clone(), agents.clone());
            let c = all.entry(key).or_insert_with(|| FindingChange {
                id: f.id.clone(),
                entry_point_id: f.entry_point_id.clone(),
                agents,
                title: f.title.clone(),
                before: None,
                after: None,
            });
            if is_after {
                c.after = Some(f.severity);
                c.title.clone_from(&f.title);
            } else {
                c.before = Some(f.severity);
            }
        }
    }
    let mut v: Vec<FindingChange> = all.into_values().collect();
    // Most severe first; unchanged ones last.
    v.sort_by_key(|c| (c.before == c.after, worst(c.before, c.after)));
    v
}

fn step_changes(before: &Report, after: &Report, map: &AgentMap) -> Vec<StepsChange> {
    let (sb, sa) = (steps::seen(before), steps::seen(after));
    let (mb, ma) = (
        steps::missing_in_ladder(before),
        steps::missing_in_ladder(after),
    );
    let (src_b, src_a) = (steps::sources(before), steps::sources(after));
    // Pairs keyed by the first side's agent id.
    let mut pairs: Vec<(u32, u32)> = sb.keys().chain(mb.keys()).copied().collect();
    pairs.extend(
        sa.keys()
            .chain(ma.keys())
            .map(|&(ag, mrd)| (map.as_before(ag), mrd)),
    );
    pairs.sort_unstable();
    pairs.dedup();
    let has_agent = |r: &Report, ag: u32| r.agents.iter().any(|a| a.agent_id == ag);
    pairs
        .into_iter()
        .filter_map(|(ag_b, mrd)| {
            let ag_a = map.as_after(ag_b);
            let state =
                |seen: &steps::Seen, src: &[crate::model::SourceKind], ag: u32, k: usize| {
                    if seen.get(&(ag, mrd)).is_some_and(|s| s[k]) {
                        StepState::Seen
                    } else if steps::STEPS[k].1.iter().any(|s| src.contains(s)) {
                        StepState::NotSeen
                    } else {
                        StepState::NoSource
                    }
                };
            let rows: Vec<StepRow> = (0..steps::STEPS.len())
                .map(|k| StepRow {
                    step: steps::STEPS[k].0.to_string(),
                    before: state(&sb, &src_b, ag_b, k),
                    after: state(&sa, &src_a, ag_a, k),
                })
                .collect();
            // A pair that neither side shows a step of says nothing.
            rows.iter()
                .any(|r| r.before == StepState::Seen || r.after == StepState::Seen)
                .then(|| StepsChange {
                    agent_before: has_agent(before, ag_b).then_some(ag_b),
                    agent_after: has_agent(after, ag_a).then_some(ag_a),
                    mrd_id: mrd,
                    steps: rows,
                })
        })
        .collect()
}

fn yes_no(v: bool) -> String {
    if v { "yes" } else { "no" }.to_string()
}

#[allow(clippy::too_many_arguments)]
fn differences(
    b: &SideView,
    a: &SideView,
    eps: &[EntryPointChange],
    findings: &[FindingChange],
    agent_changes: &[AgentChange],
    step_changes: &[StepsChange],
    map: &AgentMap,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let dash = || "—".to_string();
    let mut push = |area, subject: String, what: &str, before: String, after: String| {
        out.push(Difference {
            area,
            subject,
            what: what.into(),
            before,
            after,
            severity: None,
        })
    };
    if b.verdict.status != a.verdict.status {
        push(
            Area::Verdict,
            "the evidence as a whole".into(),
            "verdict",
            verdict_word(b.verdict.status).into(),
            verdict_word(a.verdict.status).into(),
        );
    }
    for e in eps {
        let subject = match &e.entry_point_id {
            Some(id) => format!("entry point {id}"),
            None => "pasted answer".to_string(),
        };
        match (&e.before, &e.after) {
            (Some(x), Some(y)) => {
                for c in &e.changed {
                    let (vb, va) = match c.as_str() {
                        "verdict" => (
                            verdict_word(x.status).to_string(),
                            verdict_word(y.status).to_string(),
                        ),
                        "responseType" => (opt(x.response_type), opt(y.response_type)),
                        "HTTP status" => (opt(x.http_status), opt(y.http_status)),
                        _ => (
                            x.reason_finding.clone().unwrap_or_else(dash),
                            y.reason_finding.clone().unwrap_or_else(dash),
                        ),
                    };
                    push(Area::EntryPoint, subject.clone(), c, vb, va);
                }
            }
            (Some(x), None) => push(
                Area::EntryPoint,
                subject,
                "verdict",
                verdict_word(x.status).into(),
                "not in the evidence".into(),
            ),
            (None, Some(y)) => push(
                Area::EntryPoint,
                subject,
                "verdict",
                "not in the evidence".into(),
                verdict_word(y.status).into(),
            ),
            (None, None) => {}
        }
    }
    for f in findings.iter().filter(|f| f.before != f.after) {
        let worst = worst(f.before, f.after);
        if worst == Some(Severity::Info) {
            continue;
        }
        let mut subject = format!("rule {}", f.id);
        if let Some(ep) = &f.entry_point_id {
            subject.push_str(&format!(", entry point {ep}"));
        }
        for ag in f.agents.iter().take(3) {
            subject.push_str(&format!(", agent {}", ag.agent_id));
            if map.counterpart.is_some_and(|(x, _)| x == ag.agent_id) {
                subject.push_str(&format!(" / {}", map.as_after(ag.agent_id)));
            }
            if let Some(m) = ag.mrd_id {
                subject.push_str(&format!(" MRD {m}"));
            }
        }
        let sev = |s: Option<Severity>| {
            s.map(|s| s.word().to_string())
                .unwrap_or_else(|| "not raised".into())
        };
        out.push(Difference {
            area: Area::Finding,
            subject,
            what: f.title.clone(),
            before: sev(f.before),
            after: sev(f.after),
            severity: worst,
        });
    }
    let mut push = |area, subject: String, what: &str, before: String, after: String| {
        out.push(Difference {
            area,
            subject,
            what: what.into(),
            before,
            after,
            severity: None,
        })
    };
    for c in agent_changes {
        let subject = agents::subject(c);
        match (&c.before, &c.after) {
            (Some(x), Some(y)) => {
                for f in &c.changed {
                    push(
                        Area::Agent,
                        subject.clone(),
                        f,
                        agents::field_text(x, f),
                        agents::field_text(y, f),
                    );
                }
            }
            (Some(_), None) => push(
                Area::Agent,
                subject,
                "in the evidence",
                yes_no(true),
                yes_no(false),
            ),
            (None, Some(_)) => push(
                Area::Agent,
                subject,
                "in the evidence",
                yes_no(false),
                yes_no(true),
            ),
            (None, None) => {}
        }
    }
    for s in step_changes {
        let agent = match (s.agent_before, s.agent_after) {
            (Some(x), Some(y)) if x != y => format!("agent {x} / {y}"),
            (Some(x), _) | (_, Some(x)) => format!("agent {x}"),
            _ => "agent ?".into(),
        };
        for r in &s.steps {
            let differs = matches!(
                (r.before, r.after),
                (StepState::Seen, StepState::NotSeen) | (StepState::NotSeen, StepState::Seen)
            );
            if differs {
                push(
                    Area::Step,
                    format!("{agent}, MRD {}", s.mrd_id),
                    &r.step,
                    r.before.word().into(),
                    r.after.word().into(),
                );
            }
        }
    }
    if b.sources != a.sources {
        let list = |s: &[crate::model::SourceKind]| {
            if s.is_empty() {
                "none".to_string()
            } else {
                s.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            }
        };
        push(
            Area::Evidence,
            "the evidence".into(),
            "logs and captures",
            list(&b.sources),
            list(&a.sources),
        );
    }
    out
}

/// The more severe of two severities (`Error` sorts first).
fn worst(a: Option<Severity>, b: Option<Severity>) -> Option<Severity> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}
