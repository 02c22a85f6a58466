//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.

pub mod agents;
pub mod clock;
pub mod correlate;
pub mod ladder;
mod overrides;
pub mod rules;
pub mod timeline;

use crate::cti::{self, DecodeOptions, FramingChoice};
use crate::logs;
use crate::model::{Event, EventKind, Input, Problem, SourceKind};
use crate::report::{EntryPointView, HarView, InputSummary, Report, ReportEvent, REPORT_VERSION};
use crate::{ece, har};
use clock::ClockOffset;
pub use overrides::Overrides;
use rules::Unreadable;

/// What kind of evidence an input holds, guessed from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Har,
    ApiAnswer,
    Logs,
    /// Bare ARM byte dumps, no log record around them.
    ArmDump,
    Empty,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Har => "har",
            InputKind::ApiAnswer => "api_answer",
            InputKind::Logs => "logs",
            InputKind::ArmDump => "arm_dump",
            InputKind::Empty => "empty",
        }
    }
}

/// Looks at the start of an input: JSON with `"log"` is a HAR, other JSON/XML an API answer, the rest logs.
pub fn classify(text: &str) -> InputKind {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.is_empty() {
        return InputKind::Empty;
    }
    if t.starts_with('{') {
        let mut n = t.len().min(4096);
        while !t.is_char_boundary(n) {
            n -= 1;
        }
        let head = &t[..n];
        if head.contains("\"log\"")
            && (head.contains("\"entries\"")
                || head.contains("\"version\"")
                || head.contains("\"creator\""))
        {
            return InputKind::Har;
        }
        return InputKind::ApiAnswer;
    }
    if t.starts_with("<checkEligibility")
        || t.starts_with("<?xml")
        || t.starts_with("<agentAvailability")
    {
        return InputKind::ApiAnswer;
    }
    InputKind::Logs
}

/// Analyses every input and returns the report the page and the CLI render.
pub fn analyze(inputs: &[Input]) -> Report {
    analyze_with(inputs, &Overrides::default())
}

/// Largest clock offset a user (or a share link) may set, in seconds: a year. Anything larger is
/// no clock difference, and would overflow the millisecond time axis.
pub const MAX_CLOCK_OFFSET_S: i64 = 366 * 86_400;

/// `analyze` with the user's overrides (clock offsets, protocol version).
pub fn analyze_with(inputs: &[Input], overrides: &Overrides) -> Report {
    analyze_with_progress(inputs, overrides, &mut |_| {})
}

/// How far an analysis has got, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    /// Bytes of input read so far, and in all.
    pub done_bytes: usize,
    pub total_bytes: usize,
    /// What is being done: "reading capture.har", "correlating", "checking the rules".
    pub stage: String,
}

/// `analyze_with`, telling `progress` before each input and each later stage.
pub fn analyze_with_progress(
    inputs: &[Input],
    overrides: &Overrides,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    let total_bytes: usize = inputs.iter().map(|i| i.text.len()).sum();
    let mut done_bytes = 0;
    let mut tell = |done_bytes: usize, stage: String| {
        progress(Progress {
            done_bytes,
            total_bytes,
            stage,
        })
    };
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut entry_points = Vec::new();
    let mut parses = Vec::new();
    let mut dumps = Vec::new();
    let mut problems = Vec::new();
    let dump_opts = DecodeOptions {
        framing: overrides
            .protocol_version
            .map(FramingChoice::Version)
            .unwrap_or_default(),
    };
    let mut har_views = Vec::new();
    let mut unreadable = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        tell(done_bytes, format!("reading {}", input.name));
        done_bytes += input.text.len();
        let mut kind = classify(&input.text);
        match kind {
            InputKind::ApiAnswer => {
                let (view, problem) = api_answer_view(i, &input.text);
                if let Some(p) = problem {
                    unreadable.push(Unreadable {
                        input: i,
                        what: "entry-point answer",
                        message: p.message.clone(),
                        line: p.line,
                    });
                    problems.push(p);
                }
                entry_points.push(view);
            }
            InputKind::Har => match har::read_har_str(&input.text) {
                Ok(capture) => {
                    let view = har_view(i, capture);
                    entry_points.extend(har_entry_points(&view));
                    har_views.push(view);
                }
                Err(e) => {
                    // The error names its position; say it once.
                    let message = match e.to_string() {
                        m if m.contains("line ") => m,
                        m => format!("{m} (line {}, column {})", e.line, e.column),
                    };
                    unreadable.push(Unreadable {
                        input: i,
                        what: "HAR capture",
                        message: message.clone(),
                        line: Some(e.line as u32),
                    });
                    problems.push(Problem {
                        input: i,
                        line: Some(e.line as u32),
                        offset: Some(e.offset),
                        message,
                    });
                }
            },
            InputKind::Logs => {
                let parse = logs::parse(i, input);
                if parse.events.is_empty() {
                    // No log record at all: maybe bare ARM byte dumps.
                    let out = cti::decode_text(&input.text, &dump_opts);
                    if !out.messages.is_empty() {
                        kind = InputKind::ArmDump;
                        problems.extend(out.problems.into_iter().map(|p| Problem {
                            input: i,
                            line: Some(crate::model::line_col(&input.text, p.offset).0),
                            offset: Some(p.offset),
                            message: p.message,
                        }));
                        dumps.extend(out.messages);
                        summaries.push(InputSummary::of(input, kind.as_str()));
                        continue;
                    }
                }
                parses.push(parse);
            }
            InputKind::Empty | InputKind::ArmDump => {}
        }
        summaries.push(InputSummary::of(input, kind.as_str()));
    }
    let offsets: Vec<ClockOffset> = overrides
        .clock_offsets
        .iter()
        .filter_map(|(from, to, seconds)| {
            Some(ClockOffset {
                from: source_named(from)?,
                to: source_named(to)?,
                seconds: (*seconds).clamp(-MAX_CLOCK_OFFSET_S, MAX_CLOCK_OFFSET_S),
                inferred: false,
                pairs: 0,
                residual_ms: None,
            })
        })
        .collect();
    tell(total_bytes, "correlating the logs".into());
    let timeline = timeline::build(parses, &offsets);
    let (kinds, _) = correlate::arm_kinds(&timeline.events);
    let versions = rules::versions::resolve(
        overrides.ece_version.as_deref(),
        overrides.icm_version.as_deref(),
        &timeline.events,
    );
    let report_versions = versions.report.clone();
    let nodes = nodes_of(inputs, &timeline.events);
    let facts = rules::Facts::new(&timeline, &kinds, &entry_points, &har_views, &summaries)
        .with_versions(versions)
        .with_unreadable(unreadable);
    tell(total_bytes, "checking the rules".into());
    let findings = rules::evaluate(&facts);
    let (verdicts, verdict) = rules::verdicts(&facts, &findings);
    let collect_next = rules::collect::collect_next(&facts, &nodes);
    let ece_mrds: Vec<u32> = timeline
        .agents
        .iter()
        .flat_map(|a| a.domains.iter())
        .filter(|d| facts.is_ece_mrd(d.mrd_id, d.domain_name.as_deref()))
        .map(|d| d.mrd_id)
        .collect();
    let ladder = ladder::build(&timeline, &kinds, &entry_points, &ece_mrds);
    drop(facts);
    problems.extend(timeline.problems.iter().cloned());
    let events = report_events(timeline.events, &timeline.axis_ms, &timeline.groups);
    Report {
        report_version: REPORT_VERSION,
        inputs: summaries,
        verdict,
        verdicts,
        versions: report_versions,
        findings,
        collect_next,
        entry_points,
        har: har_views,
        events,
        groups: timeline.groups,
        agents: timeline.agents,
        clock_offsets: timeline.clock_offsets,
        unrecognised_lines: timeline.unrecognised_lines,
        dumps,
        ladder,
        problems,
    }
}

fn source_named(s: &str) -> Option<SourceKind> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase())).ok()
}

/// The report's view of each timeline event; the events move into it (their decoded ARM messages
/// are not copied).
fn report_events(
    events: Vec<Event>,
    axis_ms: &[Option<i64>],
    groups: &[correlate::Correlation],
) -> Vec<ReportEvent> {
    let mut group_of: Vec<Option<usize>> = vec![None; events.len()];
    for (gi, g) in groups.iter().enumerate() {
        for &i in &g.events {
            if let Some(x) = group_of.get_mut(i) {
                *x = Some(gi);
            }
        }
    }
    events
        .into_iter()
        .enumerate()
        .map(|(i, e)| ReportEvent {
            source: e.source,
            kind: e.kind_name(),
            time: e.time().map(|x| x.display()),
            axis_ms: axis_ms.get(i).copied().flatten(),
            invoke_id: e.invoke_id,
            agent_id: e.agent_id,
            mrd_id: e.mrd_id,
            input: e.origin.input as usize,
            line: e.origin.line,
            end_line: e.origin.end_line,
            detail: detail_of(&e),
            group: group_of[i],
            message: match e.kind {
                EventKind::Arm { message, .. } => Some(*message),
                _ => None,
            },
        })
        .collect()
}

/// An event's values in one line.
fn detail_of(e: &Event) -> String {
    match &e.kind {
        EventKind::Arm { direction, message } => {
            let fields: Vec<String> = message
                .fields
                .iter()
                .skip(2)
                .map(|f| format!("{}={}", f.name, f.display))
                .collect();
            let floating: Vec<String> = message
                .floating
                .iter()
                .map(|f| match &f.name {
                    Some(n) => format!("{n}={}", f.display),
                    None => format!("tag {}={}", f.tag, f.display),
                })
                .collect();
            format!(
                "{:?} {}: {}",
                direction,
                message.label(),
                [fields, floating].concat().join(", ")
            )
        }
        EventKind::Availability { text } => text.to_string(),
        EventKind::Trace { function, fields } => {
            let f: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!("{function}: {}", f.join(", "))
        }
        EventKind::StateChange(s) => format!(
            "{} → {} (skill group {} / {}, reason {})",
            s.old_raw,
            s.new_raw,
            s.skill_group_id
                .map(|v| v.to_string())
                .unwrap_or_else(|| "?".into()),
            s.skill_group_number
                .map(|v| v.to_string())
                .unwrap_or_else(|| "?".into()),
            s.reason_code
                .map(|v| v.to_string())
                .unwrap_or_else(|| "?".into())
        ),
        EventKind::RouterStatus(s) => format!(
            "{} [{}-{}:{},{}]{}",
            s.domain_name,
            s.state_code,
            s.active_tasks,
            s.task_limit,
            s.flags,
            s.seconds_in_state
                .map(|x| format!(", {x} s in state"))
                .unwrap_or_default()
        ),
    }
}

/// A pasted (or fetched) entry-point answer, explained; and its positioned problem when it looks
/// like JSON but does not read.
fn api_answer_view(input: usize, text: &str) -> (EntryPointView, Option<Problem>) {
    let explanation = ece::explain_pasted(text);
    let body = text.trim_start_matches('\u{feff}');
    let problem = if body.trim_start().starts_with(['{', '[']) {
        serde_json::from_str::<serde_json::Value>(body)
            .err()
            .map(|e| Problem {
                input,
                line: Some(e.line() as u32),
                offset: None,
                message: format!(
                    "not readable JSON: {} (line {}, column {}); paste the whole answer",
                    e.to_string().split(" at line").next().unwrap_or(""),
                    e.line(),
                    e.column()
                ),
            })
    } else {
        None
    };
    let view = EntryPointView {
        entry_point_id: None,
        url: None,
        status: None,
        response_type: explanation.response_type,
        meaning: explanation.headline.clone(),
        time: None,
        input,
        call: "pasted answer".into(),
        time_ms: None,
        har_index: None,
        explanation,
    };
    (view, problem)
}

/// The PG node the logs name (`PG1A` of `PG1A-opc`), read from the first OPC line.
fn nodes_of(inputs: &[Input], events: &[Event]) -> rules::collect::Nodes {
    let pg = events
        .iter()
        .find(|e| e.source == SourceKind::Opc)
        .and_then(|e| {
            let text = &inputs.get(e.origin.input as usize)?.text;
            let line = text
                .lines()
                .nth((e.origin.line as usize).saturating_sub(1))?;
            rules::collect::node_of(line, "opc")
        });
    rules::collect::Nodes { pg }
}

/// A HAR capture for the report: call URLs sanitized, customer data left out.
fn har_view(input: usize, mut capture: har::HarCapture) -> HarView {
    let opts = crate::sanitize::SanitizeOptions::default();
    for c in &mut capture.calls {
        c.url = crate::sanitize::url(&c.url, &opts).0;
        c.path = crate::sanitize::url(&c.path, &opts).0;
        c.redirect_url = c
            .redirect_url
            .as_deref()
            .map(|u| crate::sanitize::url(u, &opts).0);
    }
    HarView {
        input,
        summary: capture.summary(),
        capture,
    }
}

/// The calls of a capture that give an entry point's verdict (initialize, checkEligibility).
fn har_entry_points(view: &HarView) -> Vec<EntryPointView> {
    view.capture
        .calls
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                har::calls::CallKind::Initialize | har::calls::CallKind::CheckEligibility
            )
        })
        .map(|c| EntryPointView {
            entry_point_id: c.entry_point_id.clone(),
            url: Some(c.url.clone()),
            status: Some(c.status),
            response_type: c.answer.response_type,
            meaning: c.answer.headline.clone(),
            time: c.started.clone(),
            input: view.input,
            call: c.kind.label(),
            time_ms: c.started_ms,
            har_index: Some(c.index),
            explanation: c.answer.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::SEED;

    #[test]
    fn seed_example_gives_response_type_zero_and_its_meaning() {
        let inputs: Vec<Input> = SEED.iter().map(|(n, t)| Input::new(*n, *t)).collect();
        let r = analyze(&inputs);
        assert_eq!(r.entry_points.len(), 1);
        assert_eq!(r.entry_points[0].response_type, Some(0));
        assert!(
            r.entry_points[0].meaning.contains("available"),
            "{}",
            r.entry_points[0].meaning
        );
        assert_eq!(
            r.verdict.status,
            crate::report::VerdictStatus::ChatAvailable
        );
        assert_eq!(r.inputs.iter().filter(|i| i.kind == "logs").count(), 6);
    }

    /// Found while fuzzing share links: a link's clock offset of i64::MAX seconds overflowed the
    /// millisecond arithmetic of the clock solver and the time axis.
    #[test]
    fn huge_clock_offsets_from_a_link_are_clamped() {
        let inputs: Vec<Input> = SEED.iter().map(|(n, t)| Input::new(*n, *t)).collect();
        for secs in [i64::MAX, i64::MIN, i64::MAX / 1000, -(i64::MAX / 1000)] {
            let o = Overrides {
                clock_offsets: vec![("listener".into(), "ctisvr".into(), secs)],
                ..Default::default()
            };
            let r = analyze_with(&inputs, &o);
            assert!(!r.clock_offsets.is_empty());
            for c in &r.clock_offsets {
                assert!(c.seconds.abs() <= MAX_CLOCK_OFFSET_S, "{c:?}");
            }
        }
    }

    #[test]
    fn classify_tells_har_from_answer_from_logs() {
        assert_eq!(
            classify("\u{feff}{\"log\":{\"version\":\"1.2\",\"entries\":[]}}"),
            InputKind::Har
        );
        assert_eq!(
            classify("{\"checkEligibility\":{\"responseType\":1}}"),
            InputKind::ApiAnswer
        );
        assert_eq!(
            classify("<checkEligibility responseType=\"1\"/>"),
            InputKind::ApiAnswer
        );
        assert_eq!(classify("15:34:09:841 PG1A-opc Trace: x"), InputKind::Logs);
        assert_eq!(classify("  \n"), InputKind::Empty);
    }
}
