//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.

pub mod agents;
pub mod clock;
pub mod correlate;
pub mod ladder;
pub mod rules;
pub mod timeline;

use crate::cti::{self, DecodeOptions, FramingChoice};
use crate::logs;
use crate::model::{Event, EventKind, Input, Problem, SourceKind};
use crate::report::{
    EntryPointView, Finding, HarView, InputSummary, Report, ReportEvent, Verdict, REPORT_VERSION,
};
use crate::share::Overrides;
use crate::{ece, har};
use clock::ClockOffset;

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
    analysis_with_progress(inputs, overrides, progress).into_report()
}

/// Everything an analysis found, before it is made into a [`Report`]: the timeline's events
/// stay compact, and the report's per-event texts (`time`, `detail`) are made only when asked
/// for: by [`Analysis::write_json`] as it writes (the CLI), [`Analysis::report_event`] for the
/// rows a page shows, or [`Analysis::into_report`].
#[derive(Debug, Clone)]
pub struct Analysis {
    pub inputs: Vec<InputSummary>,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub entry_points: Vec<EntryPointView>,
    pub har: Vec<HarView>,
    /// Events, groups, agents, clock offsets, unrecognised lines.
    pub timeline: timeline::Timeline,
    pub dumps: Vec<cti::Message>,
    pub ladder: crate::flow::Ladder,
    pub problems: Vec<Problem>,
}

impl Analysis {
    /// How many events the report lists.
    pub fn events_len(&self) -> usize {
        self.timeline.events.len()
    }

    /// The report's record of event `i` (its decoded ARM message copied).
    pub fn report_event(&self, i: usize) -> Option<ReportEvent> {
        self.report_event_with(i, true)
    }

    /// [`Analysis::report_event`], with the decoded message only when `message` is true.
    pub fn report_event_with(&self, i: usize, message: bool) -> Option<ReportEvent> {
        let t = &self.timeline;
        let e = t.events.get(i)?;
        let decoded = match &e.kind {
            EventKind::Arm { message, .. } => Some(message.decode()),
            _ => None,
        };
        let mut r = report_event(
            e,
            t.axis_ms.get(i).copied().flatten(),
            t.group_of.get(i).copied().flatten(),
            decoded.as_ref(),
        );
        if message {
            r.message = decoded;
        }
        Some(r)
    }

    /// The report without its events, its groups and the agents' state histories: what the
    /// analysis worker sends the page, which asks for events as it shows them and shows neither
    /// groups nor histories (the histories of 700 agents were 1.4 MB of the 1.5 MB message for
    /// 100 MiB of logs, decoded in one task on the page's thread).
    pub fn page_report(&self) -> Report {
        let t = &self.timeline;
        let mut agents = t.agents.clone();
        for d in agents.iter_mut().flat_map(|a| a.domains.iter_mut()) {
            d.history = Vec::new();
        }
        Report {
            report_version: REPORT_VERSION,
            inputs: self.inputs.clone(),
            verdict: self.verdict.clone(),
            findings: self.findings.clone(),
            entry_points: self.entry_points.clone(),
            har: self.har.clone(),
            events: Vec::new(),
            groups: Vec::new(),
            agents,
            clock_offsets: t.clock_offsets.clone(),
            unrecognised_lines: t.unrecognised_lines,
            dumps: self.dumps.clone(),
            ladder: self.ladder.clone(),
            problems: self.problems.clone(),
        }
    }

    /// The report as the page and `serde_json` take it; the events move into it (their decoded
    /// ARM messages are not copied).
    pub fn into_report(self) -> Report {
        let t = self.timeline;
        let groups = t.groups.to_correlations(&t.kinds);
        let events = t
            .events
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let axis = t.axis_ms.get(i).copied().flatten();
                let group = t.group_of.get(i).copied().flatten();
                match e.kind {
                    EventKind::Arm { ref message } => {
                        let m = message.decode();
                        let r = report_event(&e, axis, group, Some(&m));
                        ReportEvent {
                            message: Some(m),
                            ..r
                        }
                    }
                    _ => report_event(&e, axis, group, None),
                }
            })
            .collect();
        Report {
            report_version: REPORT_VERSION,
            inputs: self.inputs,
            verdict: self.verdict,
            findings: self.findings,
            entry_points: self.entry_points,
            har: self.har,
            events,
            groups,
            agents: t.agents,
            clock_offsets: t.clock_offsets,
            unrecognised_lines: t.unrecognised_lines,
            dumps: self.dumps,
            ladder: self.ladder,
            problems: self.problems,
        }
    }

    /// Writes the report's JSON (what `serde_json::to_writer_pretty` writes of
    /// [`Analysis::into_report`], byte for byte) as it is made: nothing of its size is held.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::report::stream::write_report(self, w)
    }
}

/// [`analyze_with_progress`] without making the report (see [`Analysis`]).
pub fn analysis_with_progress(
    inputs: &[Input],
    overrides: &Overrides,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    analysis_of(Texts::Borrowed(inputs), overrides, progress)
}

/// [`analysis_with_progress`] that frees each input's text once it is read (the analysis keeps
/// nothing of it): the CLI's peak memory is then the input and its parse, not both plus the
/// correlation. The inputs' names stay.
pub fn analysis_freeing(
    inputs: &mut [Input],
    overrides: &Overrides,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    analysis_of(Texts::Freed(inputs), overrides, progress)
}

/// The inputs of an analysis: kept, or freed one by one as they are read.
enum Texts<'a> {
    Borrowed(&'a [Input]),
    Freed(&'a mut [Input]),
}

impl Texts<'_> {
    fn all(&self) -> &[Input] {
        match self {
            Texts::Borrowed(i) => i,
            Texts::Freed(i) => i,
        }
    }
    /// Input `i` has been read.
    fn done(&mut self, i: usize) {
        if let Texts::Freed(inputs) = self {
            if let Some(input) = inputs.get_mut(i) {
                input.text = String::new();
            }
        }
    }
}

fn analysis_of(
    mut texts: Texts<'_>,
    overrides: &Overrides,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    let inputs = texts.all();
    let total_bytes: usize = inputs.iter().map(|i| i.text.len()).sum();
    let count = inputs.len();
    let mut done_bytes = 0;
    let mut tell = |done_bytes: usize, stage: String| {
        progress(Progress {
            done_bytes,
            total_bytes,
            stage,
        })
    };
    let mut summaries = Vec::with_capacity(count);
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
    for i in 0..count {
        if i > 0 {
            texts.done(i - 1);
        }
        let Some(input) = texts.all().get(i) else {
            break;
        };
        tell(done_bytes, format!("reading {}", input.name));
        done_bytes += input.text.len();
        let mut kind = classify(&input.text);
        match kind {
            InputKind::ApiAnswer => entry_points.push(api_answer_view(i, &input.text)),
            InputKind::Har => match har::read_har_str(&input.text) {
                Ok(capture) => {
                    let view = har_view(i, capture);
                    entry_points.extend(har_entry_points(&view));
                    har_views.push(view);
                }
                Err(e) => problems.push(Problem {
                    input: i,
                    line: Some(e.line as u32),
                    offset: Some(e.offset),
                    message: format!("{} (line {}, column {})", e, e.line, e.column),
                }),
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
    texts.done(count.saturating_sub(1));
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
    let mut timeline = timeline::build(parses, &offsets);
    let facts = rules::Facts::new(
        &timeline,
        &timeline.kinds,
        &entry_points,
        &har_views,
        &summaries,
    );
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
    let ladder = ladder::build(&timeline, &entry_points, &ece_mrds);
    drop(facts);
    problems.append(&mut timeline.problems);
    Analysis {
        inputs: summaries,
        verdict,
        findings,
        entry_points,
        har: har_views,
        timeline,
        dumps,
        ladder,
        problems,
    }
}

fn source_named(s: &str) -> Option<SourceKind> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase())).ok()
}

/// The report's view of one timeline event (without its message); `decoded` is its ARM message
/// decoded, if it has one.
fn report_event(
    e: &Event,
    axis_ms: Option<i64>,
    group: Option<u32>,
    decoded: Option<&cti::Message>,
) -> ReportEvent {
    let mut detail = String::new();
    write_detail(e, decoded, &mut detail);
    ReportEvent {
        source: e.source,
        kind: e.kind_name(),
        time: e.time().map(|x| x.display()),
        axis_ms,
        invoke_id: e.invoke_id,
        agent_id: e.agent_id,
        mrd_id: e.mrd_id,
        input: e.origin.input as usize,
        line: e.origin.line,
        end_line: e.origin.end_line,
        detail,
        group: group.map(|g| g as usize),
        message: None,
    }
}

/// An event's values in one line.
pub fn detail_of(e: &Event) -> String {
    let mut s = String::new();
    let decoded = match &e.kind {
        EventKind::Arm { message, .. } => Some(message.decode()),
        _ => None,
    };
    write_detail(e, decoded.as_ref(), &mut s);
    s
}

/// [`detail_of`] appended to `out` (the report writer reuses one buffer for every event); for an
/// ARM record, `decoded` is its message decoded (the writer decodes each once).
pub fn write_detail(e: &Event, decoded: Option<&cti::Message>, out: &mut String) {
    use std::fmt::Write;
    match (&e.kind, decoded) {
        (EventKind::Arm { message: arm }, Some(message)) => {
            // `{:?}` of the direction.
            out.push_str(match arm.direction() {
                cti::Direction::Sent => "Sent ",
                cti::Direction::Received => "Received ",
            });
            match message.name.as_deref().or(message.logged_name.as_deref()) {
                Some(n) => out.push_str(n),
                None => out.push_str(&message.label()),
            }
            out.push_str(": ");
            let mut first = true;
            let mut sep = |out: &mut String| {
                if !std::mem::take(&mut first) {
                    out.push_str(", ");
                }
            };
            for f in message.fields.iter().skip(2) {
                sep(out);
                out.push_str(&f.name);
                out.push('=');
                out.push_str(&f.display);
            }
            for f in message.floating.iter() {
                sep(out);
                match &f.name {
                    Some(n) => out.push_str(n),
                    None => {
                        let _ = write!(out, "tag {}", f.tag);
                    }
                }
                out.push('=');
                out.push_str(&f.display);
            }
        }
        (EventKind::Arm { message, .. }, None) => write_detail(e, Some(&message.decode()), out),
        (EventKind::Availability { text }, _) => out.push_str(text),
        (EventKind::Trace { function, fields }, _) => {
            out.push_str(function);
            out.push_str(": ");
            for (n, (k, v)) in fields.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(" = ");
                out.push_str(v);
            }
        }
        (EventKind::StateChange(s), _) => {
            let opt = |out: &mut String, v: Option<i64>| match v {
                Some(v) => {
                    let _ = write!(out, "{v}");
                }
                None => out.push('?'),
            };
            out.push_str(&s.old_raw);
            out.push_str(" → ");
            out.push_str(&s.new_raw);
            out.push_str(" (skill group ");
            opt(out, s.skill_group_id.map(i64::from));
            out.push_str(" / ");
            opt(out, s.skill_group_number.map(i64::from));
            out.push_str(", reason ");
            opt(out, s.reason_code);
            out.push(')');
        }
        (EventKind::RouterStatus(s), _) => {
            let _ = write!(
                out,
                "{} [{}-{}:{},{}]",
                s.domain_name, s.state_code, s.active_tasks, s.task_limit, s.flags
            );
            if let Some(x) = s.seconds_in_state {
                let _ = write!(out, ", {x} s in state");
            }
        }
    }
}

/// One input's text with secrets and customer data replaced by markers, for share links and exports,
/// and the list of what was removed: HARs and JSON answers structurally (headers, cookies, query
/// strings, JSON/XML bodies, chat text), logs line by line (e-mail addresses, session ids, JWTs).
pub fn sanitize_for_sharing(
    text: &str,
    opts: &har::sanitize::SanitizeOptions,
) -> (String, Vec<har::sanitize::Redaction>) {
    match classify(text) {
        // JSON that does not read (a HAR, an API answer) cannot be sanitized structurally, and line
        // by line would leave cookie, header and customer values on their own lines: it is withheld.
        InputKind::Har => har::sanitize::sanitize_har_text(text, opts)
            .unwrap_or_else(|e| withheld("unreadable-har", "HAR", e.line, e.column)),
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
                Err(e) => withheld("unreadable-answer", "JSON answer", e.line(), e.column()),
            }
        }
        _ => {
            let out = har::sanitize::sanitize_text(text);
            // Lines are counted as the markers are met (counting from the start for each one was
            // quadratic: 32 s for 8 MB of listener lines with a session id on each).
            let (mut line, mut counted) = (1, 0);
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
    }
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
