//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.

pub mod agents;
pub mod axis;
pub mod clock;
pub mod correlate;
mod detail;
pub mod index;
pub mod ladder;
mod overrides;
pub mod rules;
pub mod timeline;
mod views;

use crate::cti::{self, DecodeOptions, FramingChoice};
use crate::har;
use crate::intake::{self, Part};
use crate::logs::{self, LogParse};
use crate::model::{Event, EventKind, Input, Problem};
use crate::report::{
    CollectItem, EntryPointVerdict, EntryPointView, Finding, HarView, InputSummary, PartSummary,
    Report, ReportEvent, Verdict, Versions, REPORT_VERSION,
};
use clock::ClockOffset;
pub use detail::{detail_of, write_detail, DetailOut};
pub use overrides::{Overrides, Side, Sides, Words};
use rules::Unreadable;
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
    pub verdicts: Vec<EntryPointVerdict>,
    pub versions: Versions,
    pub findings: Vec<Finding>,
    pub collect_next: Vec<CollectItem>,
    pub entry_points: Vec<EntryPointView>,
    pub har: Vec<HarView>,
    /// For each capture of `har`: where each of its entries stands in its input (bytes), when
    /// the HAR reader's walk found them (`har::read_har_str_placed`); a request's detail is read
    /// from there.
    pub har_entries: Vec<Option<har::EntryPlaces>>,
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
            t.axis_ms.at(i),
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
            verdicts: self.verdicts.clone(),
            versions: self.versions.clone(),
            findings: self.findings.clone(),
            collect_next: self.collect_next.clone(),
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

    /// [`Analysis::page_report`] with the events behind the findings' evidence (not decoded): what
    /// the Markdown, SVG and ASCII exports read, so the Markdown can say when each evidence line was
    /// logged without the whole timeline.
    pub fn export_report(&self) -> Report {
        let mut r = self.page_report();
        let wanted: std::collections::HashSet<(usize, u32)> = self
            .findings
            .iter()
            .flat_map(|f| f.evidence.iter())
            .filter_map(|e| Some((e.input, e.line?)))
            .collect();
        if !wanted.is_empty() {
            r.events = (0..self.timeline.events.len())
                .filter(|&i| {
                    let o = &self.timeline.events[i].origin;
                    wanted.contains(&(o.input as usize, o.line))
                })
                .filter_map(|i| self.report_event_with(i, false))
                .collect();
        }
        r
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
                let axis = t.axis_ms.at(i);
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
            verdicts: self.verdicts,
            versions: self.versions,
            findings: self.findings,
            collect_next: self.collect_next,
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
                let text = std::mem::take(&mut input.text);
                // Giving a large text back takes a while (20 ms for 100 MiB): not on the way.
                if text.len() >= 1 << 20 {
                    crate::free::off_thread(text);
                }
            }
        }
    }
}

/// What the rules' side of [`analysis_of`] hands back: the agent model, and what the rules
/// made of the facts.
struct Checked {
    agents: Vec<agents::AgentView>,
    report_versions: Versions,
    findings: Vec<Finding>,
    verdicts: Vec<EntryPointVerdict>,
    verdict: Verdict,
    collect_next: Vec<CollectItem>,
    /// The agents' domains the facts call ECE's, for the ladder.
    ece_mrds: Vec<u32>,
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
    let dump_opts = DecodeOptions {
        framing: overrides
            .protocol_version
            .map(FramingChoice::Version)
            .unwrap_or_default(),
    };
    // The PG node OPC lines name, noted while each text is at hand (it may be freed once read).
    let mut opc_nodes = rules::collect::OpcNodes::default();
    let mut same = intake::SameContent::new(inputs);
    let mut read = Read {
        entry_points: Vec::new(),
        har_views: Vec::new(),
        har_entries: Vec::new(),
        parses: Vec::new(),
        dumps: Vec::new(),
        problems: Vec::new(),
        unreadable: Vec::new(),
        dump_opts,
        last_unrecognised: None,
        line_breaks: None,
    };
    for i in 0..count {
        if i > 0 {
            texts.done(i - 1);
        }
        let Some(input) = texts.all().get(i) else {
            break;
        };
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
        // The same content again (the same file twice, a file and its paste): read once.
        if let Some(k) = same.check(i, &input.text) {
            let kind = summaries
                .get(k)
                .map_or(InputKind::Empty, |s: &InputSummary| s.kind);
            let mut s = InputSummary::of(input, kind, vec![]);
            s.same_content_as = Some(k);
            summaries.push(s);
            continue;
        }
        // Detection decides each part's kind up front; each part is read by its own reader. A
        // HAR taken to run to the text's end that ended earlier (its reader found more after
        // it) is the only part read so far: the text is split exactly and read again.
        let first_parse = read.parses.len();
        let mut parts = intake::parts(&input.text);
        // Its lines (for its summary): a text that is one log, read in pieces, has them counted
        // by its reader (to number the pieces' lines); any other is counted here, before its
        // parts are read (a large file read in place gives its pages back as they are read).
        let one_log = matches!(parts.as_slice(),
            [p] if p.kind == InputKind::Logs && p.body == (0..input.text.len()));
        let counted = (!one_log).then(|| crate::report::line_count(&input.text));
        read.line_breaks = None;
        // Where each part ends, counted before the parts are read: a large file read in place
        // gives its pages back as they are read (counted afterwards, they were read again).
        let ends = |parts: &[Part]| -> Vec<u32> {
            match parts.len() {
                0 | 1 => vec![],
                _ => parts.iter().map(|p| p.last_line(&input.text)).collect(),
            }
        };
        let mut last_lines = ends(&parts);
        for part in &parts {
            if read.part(i, &input.text, part) == Reading::SplitAgain {
                parts = intake::parts_exact(&input.text);
                last_lines = ends(&parts);
                for part in &parts {
                    read.part(i, &input.text, part);
                }
                break;
            }
        }
        // A part that is only a withheld-unreadable marker is listed as what the sender's was
        // (its kind by content would be "logs").
        for p in parts.iter_mut().filter(|p| p.kind == InputKind::Logs) {
            if let Some((_, kind)) = input.text.get(p.body.clone()).and_then(withheld_unreadable) {
                p.kind = kind;
            }
        }
        let shown = if parts.len() > 1 {
            parts
                .iter()
                .zip(last_lines)
                .map(|(p, last_line)| PartSummary {
                    kind: p.kind,
                    first_line: p.first_line,
                    last_line,
                    start: p.body.start,
                    end: p.body.end,
                })
                .collect()
        } else {
            vec![]
        };
        opc_nodes.note(i, &read.parses[first_parse..]);
        let lines = match (counted, read.line_breaks) {
            (Some(n), _) => n,
            (None, Some(breaks)) => crate::report::lines_of(breaks, &input.text),
            (None, None) => crate::report::line_count(&input.text),
        };
        summaries.push(InputSummary::counted(
            input,
            intake::main_kind(&parts),
            shown,
            lines,
        ));
    }
    texts.done(count.saturating_sub(1));
    let Read {
        entry_points,
        har_views,
        har_entries,
        parses,
        dumps,
        mut problems,
        unreadable,
        ..
    } = read;
    let offsets: Vec<ClockOffset> = overrides
        .clock_offsets
        .iter()
        .map(|&(from, to, seconds)| ClockOffset {
            from,
            to,
            seconds: seconds.clamp(-MAX_CLOCK_OFFSET_S, MAX_CLOCK_OFFSET_S),
            inferred: false,
            pairs: 0,
            residual_ms: None,
        })
        .collect();
    tell(total_bytes, "correlating the logs".into());
    let mut timeline = timeline::ordered(parses, &offsets);
    tell(total_bytes, "checking the rules".into());
    // Two at a time, each reading the ordered timeline: the agent model and then the rules
    // (with the versions and the OPC node, which they need) beside the
    // ladder's placing and the groups' related lines (which read no agent); the ladder is
    // finished after, with the MRDs the rules' facts call ECE.
    let at_once = total_bytes >= crate::par::AT_ONCE_FROM;
    let (checked, (placed, related)) = crate::par::both(
        at_once,
        || {
            let agents = timeline.agents_of();
            let versions = rules::versions::resolve(
                overrides.ece_version.as_deref(),
                overrides.icm_version.as_deref(),
                &timeline.events,
            );
            let nodes = opc_nodes.first_in(&timeline.events);
            let report_versions = versions.report.clone();
            let facts = rules::Facts::new(
                &timeline,
                &timeline.kinds,
                &entry_points,
                &har_views,
                &summaries,
            )
            .with_agents(&agents)
            .with_versions(versions)
            .with_unreadable(unreadable);
            let findings = rules::evaluate(&facts);
            let (verdicts, verdict) = rules::verdicts(&facts, &findings);
            let collect_next = rules::collect::collect_next(&facts, &nodes);
            let ece_mrds: Vec<u32> = agents
                .iter()
                .flat_map(|a| a.domains.iter())
                .filter(|d| facts.is_ece_mrd(d.mrd_id, d.domain_name.as_deref()))
                .map(|d| d.mrd_id)
                .collect();
            drop(facts);
            Checked {
                agents,
                report_versions,
                findings,
                verdicts,
                verdict,
                collect_next,
                ece_mrds,
            }
        },
        || (ladder::place(&timeline), timeline.related_lines()),
    );
    timeline.agents = checked.agents;
    let ladder = placed.finish(&timeline, &entry_points, &har_views, &checked.ece_mrds);
    timeline.groups.set_related(related);
    problems.append(&mut timeline.problems);
    Analysis {
        inputs: summaries,
        verdict: checked.verdict,
        verdicts: checked.verdicts,
        versions: checked.report_versions,
        findings: checked.findings,
        collect_next: checked.collect_next,
        entry_points,
        har: har_views,
        har_entries,
        timeline,
        dumps,
        ladder,
        problems,
    }
}

/// What a part is when it is only the marker sanitizing leaves for a HAR or an answer it
/// withheld because it could not be read (`[redacted:unreadable-har]`): "HAR capture" or
/// "entry-point answer", and the kind the sender's part was. A marker inside other log lines
/// stays an unrecognised line.
fn withheld_unreadable(body: &str) -> Option<(&'static str, InputKind)> {
    let t = body.trim();
    if t.len() > 40 {
        return None;
    }
    [
        ("unreadable-har", "HAR capture", InputKind::Har),
        (
            "unreadable-answer",
            "entry-point answer",
            InputKind::ApiAnswer,
        ),
    ]
    .into_iter()
    .find(|(reason, ..)| t == crate::sanitize::marker(reason))
    .map(|(_, what, kind)| (what, kind))
}

/// Whether a part was read, or was a HAR taken to run to the text's end that did not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Done,
    /// Split the text exactly and read it again (see [`intake::split_again`]).
    SplitAgain,
}

/// What the inputs' parts gave, gathered part by part.
struct Read {
    entry_points: Vec<EntryPointView>,
    har_views: Vec<HarView>,
    /// Each HAR view's entries' places in its input (see [`Analysis::har_entries`]).
    har_entries: Vec<Option<har::EntryPlaces>>,
    parses: Vec<LogParse>,
    dumps: Vec<cti::Message>,
    problems: Vec<Problem>,
    /// HARs and answers that could not be read: the verdict says so instead of "no evidence".
    unreadable: Vec<Unreadable>,
    dump_opts: DecodeOptions,
    /// The last unrecognised line of the last log part read, with its input: a log part that
    /// starts on that line (after a HAR that ended mid-line) does not count it again.
    last_unrecognised: Option<(usize, u32)>,
    /// The line breaks the last log part's reader counted (one read in pieces).
    line_breaks: Option<usize>,
}

impl Read {
    /// Reads one part of input `i` with the reader of its kind; positions stay the input's own.
    /// A HAR whose end was not verified and that did not read is not reported yet
    /// (`SplitAgain`: split exactly and read again).
    fn part(&mut self, i: usize, text: &crate::text::Text, part: &Part) -> Reading {
        let body = &text[part.body.clone()];
        let start = part.body.start;
        let lines_before = part.first_line - 1;
        let withheld = match part.kind {
            InputKind::Logs => withheld_unreadable(body),
            _ => None,
        };
        match part.kind {
            InputKind::ApiAnswer => {
                let (view, problem) = views::api_answer_view(i, body);
                if let Some(mut p) = problem {
                    p.line = p.line.map(|l| l + lines_before);
                    self.unreadable.push(Unreadable {
                        input: i,
                        what: "entry-point answer",
                        message: p.message.clone(),
                        line: p.line,
                        entry_point: Some(self.entry_points.len()),
                    });
                    self.problems.push(p);
                }
                self.entry_points.push(view);
            }
            InputKind::Har => match har::read_har_str_placed(body) {
                Ok((capture, places)) => {
                    let view = views::har_view(i, capture);
                    self.entry_points.extend(views::har_entry_points(&view));
                    self.har_views.push(view);
                    self.har_entries.push(places.map(|p| {
                        p.into_iter()
                            .map(|r| r.start + start..r.end + start)
                            .collect()
                    }));
                }
                Err(_) if intake::split_again(part) => return Reading::SplitAgain,
                Err(e) => {
                    let e = if start == 0 {
                        e
                    } else {
                        har_error_in_place(e, text, &part.body, part.first_line)
                    };
                    // The error names its position; say it once.
                    let message = match e.to_string() {
                        m if m.contains("line ") => m,
                        m => format!("{m} (line {}, column {})", e.line, e.column),
                    };
                    self.unreadable.push(Unreadable {
                        input: i,
                        what: "HAR capture",
                        message: message.clone(),
                        line: Some(e.line as u32),
                        entry_point: None,
                    });
                    self.problems.push(Problem {
                        input: i,
                        line: Some(e.line as u32),
                        offset: Some(e.offset),
                        message,
                    })
                }
            },
            InputKind::Logs if withheld.is_some() => {
                // A part a share link's sanitizing withheld whole because it could not be read:
                // said so, as the sender's own analysis said it (not one unrecognised line).
                let what = withheld.map_or("HAR capture", |w| w.0);
                let message = format!(
                    "withheld from this shared link: the sender's {what} could not be read; the sender's report says where"
                );
                self.unreadable.push(Unreadable {
                    input: i,
                    what,
                    message: message.clone(),
                    line: Some(part.first_line),
                    entry_point: None,
                });
                self.problems.push(Problem {
                    input: i,
                    line: Some(part.first_line),
                    offset: Some(start),
                    message,
                });
            }
            InputKind::Logs => {
                // A large file read in place gives back the pages of each piece read (the
                // parse holds what it needs of them): its memory at most what is not read yet.
                let done = |r: std::ops::Range<usize>| text.release(r.start + start..r.end + start);
                let (mut parse, breaks) = logs::parse_text_telling(i, body, &done);
                self.line_breaks = breaks;
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
    for (line, _) in &mut parse.opc_nodes {
        *line += lines;
    }
    for p in &mut parse.problems {
        p.line = p.line.map(|l| l + lines);
        p.offset = p.offset.map(|o| o + bytes);
    }
}

/// The reader's error for a HAR that does not start its input (`body`, starting on line
/// `first_line`), positioned in the whole input: as if read with everything before it blanked
/// (line breaks kept), without reading that again (once per broken HAR of a paste, that made
/// 20,000 cut captures in 200 KB take seconds).
fn har_error_in_place(
    e: har::HarError,
    text: &str,
    body: &Range<usize>,
    first_line: u32,
) -> har::HarError {
    let before = text.as_bytes().get(..body.start).unwrap_or_default();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    e.placed(
        first_line.saturating_sub(1) as usize,
        body.start - line_start,
        body.start,
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::SEED;

    /// A broken HAR's error placed in its input is the error of reading the input with all
    /// before the HAR blanked (line breaks kept), as it was made before: the same line, column,
    /// byte and message, for HARs cut short, broken mid-way and not HARs, after prefixes on
    /// one line, over several lines and with characters of several bytes.
    #[test]
    fn a_broken_hars_error_placed_is_the_error_of_the_blanked_input() {
        let bodies = [
            "{\"log\": {\"entries\": [",
            "{\"log\": {\n  \"entries\": [1, 2,, 3]}}",
            "{\"log\": {\"version\": \"1.2\"}, \"x\": tru}",
            "{\"log\": {\"entries\": 5}}",
            "{\"log\": {\"entries\": [{\"request\": {\"url\": \"https://é.example/\"}},\n ]}}",
        ];
        let prefixes = [
            "x ",
            "a log line\n",
            "é line\r\n  two ü\n\n[ ",
            "l1\nl2\nl3 é ",
        ];
        for body in bodies {
            for prefix in prefixes {
                let text = format!("{prefix}{body}");
                let at = prefix.len()..text.len();
                let first_line = 1 + prefix.matches('\n').count() as u32;
                let blanked: Vec<u8> = text
                    .bytes()
                    .enumerate()
                    .map(|(i, b)| if i < at.start && b != b'\n' { b' ' } else { b })
                    .collect();
                let want = har::read_har(&blanked).expect_err("broken");
                let alone = har::read_har(body.as_bytes()).expect_err("broken");
                let got = har_error_in_place(alone, &text, &at, first_line);
                assert_eq!(got, want, "{prefix:?} + {body:?}");
            }
        }
    }

    /// An input's line count is its lines, whoever counts them: the reader of one log read in
    /// pieces, or the count before the parts are read (a log too small for pieces, logs after
    /// an answer); with and without a line break at the end.
    #[test]
    fn an_inputs_lines_are_its_lines_whoever_counts_them() {
        let big = crate::synth::log_mix_mb(crate::logs::pieces::PIECES_FROM / (1 << 20) + 1);
        let small = crate::synth::log_mix_mb(1);
        let answer = r#"{"checkEligibility": {"responseType": 1}}"#;
        for base in [&big, &small] {
            let cut = base.trim_end_matches('\n');
            for text in [base.clone(), cut.to_string(), format!("{answer}\n{cut}")] {
                let r = analyze(&[Input::new("x.log", text.clone())]);
                assert_eq!(
                    r.inputs[0].lines,
                    text.lines().count(),
                    "{} bytes",
                    text.len()
                );
            }
        }
    }

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
                clock_offsets: vec![(
                    crate::model::SourceKind::Listener,
                    crate::model::SourceKind::Ctisvr,
                    secs,
                )],
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
