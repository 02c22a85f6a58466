//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.

pub mod agents;
pub mod clock;
pub mod correlate;
pub mod ladder;
pub mod rules;
pub mod timeline;

use crate::cti::{self, DecodeOptions, FramingChoice};
use crate::intake::{self, Part};
use crate::logs::{self, LogParse};
use crate::model::{Event, EventKind, Input, Problem, SourceKind};
use crate::report::{
    EntryPointView, HarView, InputSummary, PartSummary, Report, ReportEvent, REPORT_VERSION,
};
use crate::share::Overrides;
use crate::{ece, har};
use clock::ClockOffset;
use std::ops::Range;

pub use crate::intake::{classify, InputKind};

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
    let dump_opts = DecodeOptions {
        framing: overrides
            .protocol_version
            .map(FramingChoice::Version)
            .unwrap_or_default(),
    };
    let mut read = Read {
        entry_points: Vec::new(),
        har_views: Vec::new(),
        parses: Vec::new(),
        dumps: Vec::new(),
        problems: Vec::new(),
        dump_opts,
        last_unrecognised: None,
    };
    for (i, input) in inputs.iter().enumerate() {
        tell(done_bytes, format!("reading {}", input.name));
        done_bytes += input.text.len();
        if let Some(why) = &input.skipped {
            read.problems.push(Problem {
                input: i,
                line: None,
                offset: None,
                message: why.clone(),
            });
            summaries.push(InputSummary::of(input, InputKind::Skipped, vec![]));
            continue;
        }
        // Detection decides each part's kind up front; each part is read by its own reader. A
        // HAR taken to run to the text's end that ended earlier (its reader found more after
        // it) is the only part read so far: the text is split exactly and read again.
        let mut parts = intake::parts(&input.text);
        for part in &parts {
            if read.part(i, &input.text, part) == Reading::EndedEarly {
                parts = intake::parts_exact(&input.text);
                for part in &parts {
                    read.part(i, &input.text, part);
                }
                break;
            }
        }
        let shown = if parts.len() > 1 {
            parts
                .iter()
                .map(|p| PartSummary {
                    kind: p.kind,
                    first_line: p.first_line,
                    last_line: p.last_line(&input.text),
                    start: p.body.start,
                    end: p.body.end,
                })
                .collect()
        } else {
            vec![]
        };
        summaries.push(InputSummary::of(input, intake::main_kind(&parts), shown));
    }
    let Read {
        entry_points,
        har_views,
        parses,
        dumps,
        mut problems,
        ..
    } = read;
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
    let facts = rules::Facts::new(&timeline, &kinds, &entry_points, &har_views, &summaries);
    tell(total_bytes, "checking the rules".into());
    let findings = rules::evaluate(&facts);
    let verdict = rules::verdict(&facts, &findings);
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
        findings,
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

/// Whether a part was read, or was a HAR that ended before the part did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Done,
    EndedEarly,
}

/// What the inputs' parts gave, gathered part by part.
struct Read {
    entry_points: Vec<EntryPointView>,
    har_views: Vec<HarView>,
    parses: Vec<LogParse>,
    dumps: Vec<cti::Message>,
    problems: Vec<Problem>,
    dump_opts: DecodeOptions,
    /// The last unrecognised line of the last log part read, with its input: a log part that
    /// starts on that line (after a HAR that ended mid-line) does not count it again.
    last_unrecognised: Option<(usize, u32)>,
}

impl Read {
    /// Reads one part of input `i` with the reader of its kind; positions stay the input's own.
    /// A HAR whose end was not verified and whose reader found more after it is not read
    /// (`EndedEarly`: split exactly and read again).
    fn part(&mut self, i: usize, text: &str, part: &Part) -> Reading {
        let body = &text[part.body.clone()];
        let start = part.body.start;
        let lines_before = part.first_line - 1;
        match part.kind {
            InputKind::ApiAnswer => self.entry_points.push(api_answer_view(i, body)),
            InputKind::Har => match har::read_har_str(body) {
                Ok(capture) => {
                    let view = har_view(i, capture);
                    self.entry_points.extend(har_entry_points(&view));
                    self.har_views.push(view);
                }
                Err(e) if part.end_unverified && intake::ended_early(&e) => {
                    return Reading::EndedEarly
                }
                Err(e) => {
                    let e = if start == 0 {
                        e
                    } else {
                        har_error_in_place(text, part.body.clone()).unwrap_or(e)
                    };
                    self.problems.push(Problem {
                        input: i,
                        line: Some(e.line as u32),
                        offset: Some(e.offset),
                        message: format!("{} (line {}, column {})", e, e.line, e.column),
                    })
                }
            },
            InputKind::Logs => {
                let mut parse = logs::parse_text(i, body);
                if start > 0 {
                    shift(&mut parse, lines_before, start);
                }
                if let Some((input, end)) = self.last_unrecognised.filter(|&(k, _)| k == i) {
                    debug_assert_eq!(input, i);
                    parse.unrecognised.retain_mut(|o| {
                        o.line = o.line.max(end + 1);
                        o.line <= o.end_line
                    });
                }
                if let Some(o) = parse.unrecognised.last() {
                    self.last_unrecognised = Some((i, o.end_line));
                }
                self.parses.push(parse);
            }
            InputKind::ArmDump => {
                let out = cti::decode_text(body, &self.dump_opts);
                self.problems
                    .extend(out.problems.into_iter().map(|p| Problem {
                        input: i,
                        line: Some(crate::model::line_col(body, p.offset).0 + lines_before),
                        offset: Some(p.offset + start),
                        message: p.message,
                    }));
                self.dumps.extend(out.messages.into_iter().map(|mut m| {
                    m.text_span = (m.text_span.0 + start, m.text_span.1 + start);
                    m
                }));
            }
            InputKind::Empty | InputKind::Skipped => {}
        }
        Reading::Done
    }
}

/// A log part's lines and offsets moved to where the part stands in its input.
fn shift(parse: &mut LogParse, lines: u32, bytes: usize) {
    for e in &mut parse.events {
        e.origin.line += lines;
        e.origin.end_line += lines;
    }
    for o in &mut parse.unrecognised {
        o.line += lines;
        o.end_line += lines;
    }
    for p in &mut parse.problems {
        p.line = p.line.map(|l| l + lines);
        p.offset = p.offset.map(|o| o + bytes);
    }
}

/// The reader's error for a HAR that does not start its input, positioned in the whole input:
/// read again with everything before it blanked (line breaks kept), only when it failed.
fn har_error_in_place(text: &str, body: Range<usize>) -> Option<har::HarError> {
    let mut padded: Vec<u8> = text.as_bytes()[..body.start]
        .iter()
        .map(|&b| if b == b'\n' { b'\n' } else { b' ' })
        .collect();
    padded.extend_from_slice(&text.as_bytes()[body]);
    har::read_har(&padded).err()
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

/// One input's text with secrets and customer data replaced by markers, for share links and exports,
/// and the list of what was removed. The text is split into its parts (`intake::parts`) and each
/// part is sanitized by its own structure, then the results are joined in order: HARs and JSON
/// answers structurally (headers, cookies, query strings, JSON/XML bodies, chat text), logs and
/// dumps line by line (e-mail addresses, session ids, JWTs). A HAR or answer that does not read
/// is withheld whole. The blank space and array brackets between parts are kept as they are.
pub fn sanitize_for_sharing(
    text: &str,
    opts: &har::sanitize::SanitizeOptions,
) -> (String, Vec<har::sanitize::Redaction>) {
    sanitize_parts(text, &intake::parts(text), opts)
        .or_else(|| sanitize_parts(text, &intake::parts_exact(text), opts))
        .unwrap_or_default()
}

/// `text` sanitized part by part; `None` when a HAR taken to run to the end ended earlier (then
/// the exact parts are asked for).
fn sanitize_parts(
    text: &str,
    parts: &[Part],
    opts: &har::sanitize::SanitizeOptions,
) -> Option<(String, Vec<har::sanitize::Redaction>)> {
    if let [one] = parts {
        if one.body == (0..text.len()) {
            return sanitize_part(text, one, opts);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    for p in parts {
        out.push_str(&text[p.range.start..p.body.start]);
        let (s, r) = sanitize_part(&text[p.body.clone()], p, opts)?;
        out.push_str(&s);
        out.push_str(&text[p.body.end..p.range.end]);
        let lines = format!("lines {}\u{2013}{}", p.first_line, p.last_line(text));
        removed.extend(r.into_iter().map(|mut r| {
            if matches!(p.kind, InputKind::Har | InputKind::ApiAnswer) {
                r.path = format!("{} ({lines}): {}", p.kind.describe(), r.path);
            }
            r
        }));
    }
    Some((out, removed))
}

/// One part (its value's text) sanitized by its kind.
fn sanitize_part(
    text: &str,
    part: &Part,
    opts: &har::sanitize::SanitizeOptions,
) -> Option<(String, Vec<har::sanitize::Redaction>)> {
    let first_line = part.first_line;
    let shift = |line: usize| line + first_line as usize - 1;
    Some(match part.kind {
        // JSON that does not read (a HAR, an API answer) cannot be sanitized structurally, and line
        // by line would leave cookie, header and customer values on their own lines: it is withheld.
        InputKind::Har => match har::sanitize::sanitize_har_text(text, opts) {
            Ok(done) => done,
            Err(e) if part.end_unverified && intake::ended_early(&e) => return None,
            Err(e) => withheld("unreadable-har", "HAR", shift(e.line), e.column),
        },
        InputKind::ApiAnswer => {
            match serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) {
                Ok(v) => {
                    let (v, r) = har::sanitize::apply(&v, opts);
                    (serde_json::to_string(&v).unwrap_or_default(), r)
                }
                // XML answers (checkEligibility, agentAvailability) go line by line, as logs do.
                Err(_)
                    if text
                        .trim_start_matches('\u{feff}')
                        .trim_start()
                        .starts_with('<') =>
                {
                    (har::sanitize::sanitize_text(text), vec![])
                }
                Err(e) => withheld(
                    "unreadable-answer",
                    "JSON answer",
                    shift(e.line()),
                    e.column(),
                ),
            }
        }
        InputKind::Logs | InputKind::ArmDump | InputKind::Empty | InputKind::Skipped => {
            let out = har::sanitize::sanitize_text(text);
            // Lines are counted as the markers are met (counting from the start for each one was
            // quadratic: 32 s for 8 MB of listener lines with a session id on each).
            let (mut line, mut counted) = (first_line as usize, 0);
            let removed = out
                .match_indices("[redacted:")
                .map(|(i, _)| {
                    let reason = out[i + 10..].split(']').next().unwrap_or("").to_string();
                    line += out.as_bytes()[counted..i]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    counted = i;
                    har::sanitize::Redaction {
                        path: format!("line {line}"),
                        name: reason.clone(),
                        reason,
                    }
                })
                .collect();
            (out, removed)
        }
    })
}

/// A whole input replaced by one marker, and the one redaction that says why.
fn withheld(
    reason: &str,
    what: &str,
    line: usize,
    column: usize,
) -> (String, Vec<har::sanitize::Redaction>) {
    (
        har::sanitize::marker(reason),
        vec![har::sanitize::Redaction {
            path: "the whole input".into(),
            name: format!("not a readable {what} (line {line}, column {column})"),
            reason: reason.into(),
        }],
    )
}

/// A pasted (or fetched) entry-point answer, explained.
fn api_answer_view(input: usize, text: &str) -> EntryPointView {
    let explanation = ece::explain_answer(200, None, text);
    EntryPointView {
        entry_point_id: None,
        url: None,
        status: None,
        response_type: explanation.response_type,
        meaning: explanation.headline.clone(),
        time: None,
        input,
        explanation,
    }
}

/// A HAR capture for the report: call URLs sanitized, customer data left out.
fn har_view(input: usize, mut capture: har::HarCapture) -> HarView {
    let opts = har::sanitize::SanitizeOptions::default();
    for c in &mut capture.calls {
        c.url = har::sanitize::sanitize_url(&c.url, &opts).0;
        c.redirect_url = c
            .redirect_url
            .as_deref()
            .map(|u| har::sanitize::sanitize_url(u, &opts).0);
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
        assert_eq!(r.verdict.status, "chat_available");
        assert_eq!(
            r.inputs
                .iter()
                .filter(|i| i.kind == InputKind::Logs)
                .count(),
            6
        );
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

    /// Found by the `intake` fuzz target: text before and after a HAR on the same line was counted
    /// as two unrecognised lines.
    #[test]
    fn a_line_split_by_a_har_counts_once_as_unrecognised() {
        let text = "note: {\"log\":{\"version\":\"1.2\",\"entries\":[]}} and more\nbye\n";
        let r = analyze(&[Input::new("paste", text)]);
        assert_eq!(r.inputs[0].parts.len(), 3, "{:?}", r.inputs[0]);
        assert_eq!(r.har.len(), 1);
        assert_eq!(r.unrecognised_lines, 2);
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
