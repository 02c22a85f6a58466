//! The JSON report: one serde model shared by the CLI (`analyze --json`) and the page.

use crate::cti;
use crate::ece::AnswerExplanation;
use crate::har::HarCapture;
use crate::intake::InputKind;
use crate::model::{Confidence, Encoding, Input, Problem, SourceKind};
use serde::{Deserialize, Serialize};

pub mod views;

pub use views::{AgentView, ClockOffset, Correlation, DomainView};

/// Version of the report's JSON shape; bumped on breaking changes (2: per-entry-point `verdicts`,
/// `versions`, `collect_next`; findings carry their rule's version, confidence, sources, entry
/// point and agents, and `next` became a list of steps each with its source).
pub const REPORT_VERSION: u32 = 2;

/// Everything the analysis concluded, in the order a reader wants it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Report {
    pub report_version: u32,
    pub inputs: Vec<InputSummary>,
    /// The headline: one sentence over every entry point ("2 of 3 entry points refuse chats").
    pub verdict: Verdict,
    /// One verdict per entry point, each from that entry point's latest answer by time.
    pub verdicts: Vec<EntryPointVerdict>,
    /// The ECE and ICM/UCCE versions the rules assumed: given by the user, inferred, or unknown.
    pub versions: Versions,
    /// Sorted: errors first, then by the rule catalogue's order.
    pub findings: Vec<Finding>,
    /// What to collect next, from what the evidence lacks, with ids filled in from what it has.
    pub collect_next: Vec<CollectItem>,
    pub entry_points: Vec<EntryPointView>,
    /// Every HAR capture read: ECE calls listed (URLs sanitized), other entries counted.
    pub har: Vec<HarView>,
    /// Every event, time-ordered on the common axis.
    pub events: Vec<ReportEvent>,
    /// The same ARM request as each log saw it.
    pub groups: Vec<Correlation>,
    pub agents: Vec<AgentView>,
    pub clock_offsets: Vec<ClockOffset>,
    pub unrecognised_lines: usize,
    /// ARM dumps pasted without a log record around them.
    pub dumps: Vec<cti::Message>,
    pub ladder: crate::flow::Ladder,
    pub problems: Vec<Problem>,
}

/// One event as the report shows it: where, when, which ids, and what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub source: SourceKind,
    /// `MAKE_AGENT_ROUTABLE_IND`, `SendARMMsg`, `SetAgentState`, `agent_status` ...
    pub kind: String,
    /// As printed, with what is known of the zone.
    pub time: Option<String>,
    /// Position on the common time axis (ms, the reference source's clock).
    pub axis_ms: Option<i64>,
    pub invoke_id: Option<u32>,
    pub agent_id: Option<u32>,
    pub mrd_id: Option<u32>,
    pub input: usize,
    pub line: u32,
    pub end_line: u32,
    /// The event's values in one line.
    pub detail: String,
    /// Index into `groups` when the event is part of a correlated request.
    pub group: Option<usize>,
    /// The decoded message, for listener ARM records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<cti::Message>,
}

impl Report {
    /// The report as pretty JSON (what `ece-triage analyze --json` prints).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

impl Severity {
    /// `error`, `warning`, `info`.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What each input was recognised as, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSummary {
    pub name: String,
    /// `logs`, `har`, `api_answer`, `arm_dump`, `empty`, `skipped` (not read: see `problems`);
    /// for a mixed input, the kind of its largest part.
    pub kind: InputKind,
    /// How the file's bytes were read as text: `utf-8`, `utf-8-bom`, `utf-16le-bom`, `utf-16le`,
    /// `utf-16be-bom`, `utf-16be`, `windows-1252`, `utf-8+windows-1252`, `binary` (skipped).
    pub encoding: Encoding,
    pub bytes: usize,
    pub lines: usize,
    /// The parts of a mixed input (a note, logs, a HAR, an answer in one paste), when it has more
    /// than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartSummary>,
    /// The index of an earlier input with the same content (`intake::same`): this one was not
    /// analysed again, so nothing is counted twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_content_as: Option<usize>,
}

/// One part of a mixed input: its kind and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSummary {
    pub kind: InputKind,
    /// 1-based lines of the input, inclusive.
    pub first_line: u32,
    pub last_line: u32,
    /// Byte range of the part's value in the input's text.
    pub start: usize,
    pub end: usize,
}

impl PartSummary {
    /// `line 3: API answer`, `lines 4–90: HAR capture`.
    pub fn describe(&self) -> String {
        let at = if self.first_line == self.last_line {
            format!("line {}", self.first_line)
        } else {
            format!("lines {}\u{2013}{}", self.first_line, self.last_line)
        };
        format!("{at}: {}", self.kind.describe())
    }
}

impl InputSummary {
    pub fn of(input: &Input, kind: InputKind, parts: Vec<PartSummary>) -> Self {
        Self::counted(input, kind, parts, line_count(&input.text))
    }

    /// [`InputSummary::of`] with the input's [`line_count`] already counted.
    pub fn counted(input: &Input, kind: InputKind, parts: Vec<PartSummary>, lines: usize) -> Self {
        InputSummary {
            name: input.name.clone(),
            kind,
            encoding: input.encoding,
            bytes: input.text.len(),
            lines,
            parts,
            same_content_as: None,
        }
    }
}

/// `text.lines().count()`, by counting line breaks (a vectorised search: `lines()` was 2.5% of
/// the instructions of analysing 100 MiB of logs); a large text's two halves at once.
pub fn line_count(text: &str) -> usize {
    let (x, y) = text.as_bytes().split_at(text.len() / 2);
    let count = |h: &[u8]| memchr::memchr_iter(b'\n', h).count();
    let (nx, ny) = crate::par::both(
        text.len() >= crate::par::AT_ONCE_FROM,
        || count(x),
        || count(y),
    );
    lines_of(nx + ny, text)
}

/// [`line_count`] of `text` whose line breaks are counted already (`breaks`).
pub fn lines_of(breaks: usize, text: &str) -> usize {
    breaks + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// Can a customer start a chat, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub status: VerdictStatus,
    pub sentence: String,
}

/// A verdict's answer to "can a customer start a chat".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictStatus {
    /// `chat_unavailable`: the evidence shows a customer cannot start a chat.
    ChatUnavailable,
    /// `undecided`: the evidence does not say (no answer, an unknown answer, an unreadable input).
    Undecided,
    /// `chat_available`: the entry point takes new chats.
    ChatAvailable,
}

impl VerdictStatus {
    /// The JSON spelling: `chat_available`, `chat_unavailable`, `undecided`.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictStatus::ChatAvailable => "chat_available",
            VerdictStatus::ChatUnavailable => "chat_unavailable",
            VerdictStatus::Undecided => "undecided",
        }
    }
}

/// One entry point's verdict, from its latest answer by time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPointVerdict {
    /// `None` for a pasted answer that names no entry point.
    pub entry_point_id: Option<String>,
    pub status: VerdictStatus,
    pub sentence: String,
    /// The id of the finding (its rule) that explains the status, when one does.
    pub reason_finding: Option<String>,
    /// The answer the verdict comes from: which input, and when (as captured).
    pub input: usize,
    pub time: Option<String>,
}

/// The product versions the version-dependent rules assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Versions {
    pub ece: VersionInfo,
    pub icm: VersionInfo,
}

/// One product's version: as given, as inferred from the evidence (and how), or unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VersionInfo {
    /// `11.6`, `12.5(1)`, `12.6 or later` ...; `None` when unknown.
    pub value: Option<String>,
    pub how: VersionHow,
    /// Where it came from, in words ("OPEN_REQ VersionNumber 24 in ctisvr.log line 3").
    pub note: String,
}

/// How a version is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum VersionHow {
    /// The user said it (page control, `--ece-version`/`--icm-version`, share link).
    Given,
    /// Read from the evidence; the note says from what.
    Inferred,
    #[default]
    Unknown,
}

/// One thing to collect next: what, the commands, why, the source, and whether the evidence has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectItem {
    /// Stable id: `listener-log`, `ctisvr-trace`, `opc-trace`, `rttest`, `opctest`, `procmon`,
    /// `entry-point-answer`, `app-server-debug`.
    pub id: String,
    pub what: String,
    /// Commands or steps, with the ids from the evidence filled in (`agent_status /agent 6420`).
    pub how: Vec<String>,
    pub why: String,
    /// A source id of the rule catalogue.
    pub source: String,
    /// The evidence already holds it.
    pub have: bool,
    /// A caution that goes with it (turn DEBUG back down).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One conclusion with its evidence, made by one rule of the catalogue
/// (`analysis::rules::catalog`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id (`router-d-flag`, `at-task-limit` ...).
    pub id: String,
    pub rule_version: u32,
    /// error = explains why chat is refused; warning = can contribute; info = context.
    pub severity: Severity,
    /// How sure the rule's premise is.
    pub confidence: Confidence,
    /// What the premise rests on.
    pub sources: Vec<SourceRef>,
    /// The entry point it concerns, when it concerns one.
    pub entry_point_id: Option<String>,
    /// The agents (and MRDs) it concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<AgentRef>,
    pub title: String,
    pub seen: String,
    pub why: String,
    /// What to check next, each step with its source or `suggested`.
    pub next: Vec<NextStep>,
    pub evidence: Vec<Evidence>,
}

/// A source a rule cites: its id in the catalogue and the citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub id: String,
    pub cite: String,
}

/// An agent, and the MRD when the finding is about one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AgentRef {
    pub agent_id: u32,
    pub mrd_id: Option<u32>,
}

/// One step to check next: its text and its source (a catalogue source id, or `suggested`).
pub use crate::ece::NextStep;

/// A pointer to where something was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub input: usize,
    pub line: Option<u32>,
    pub label: String,
}

/// One entry-point answer and what it means: `{"entry_point_id":"1001","url":"...","status":200,
/// "response_type":0,"meaning":"...","time":"..."}` plus the full explanation.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EntryPointView {
    pub entry_point_id: Option<String>,
    /// Sanitized.
    pub url: Option<String>,
    pub status: Option<u16>,
    pub response_type: Option<i64>,
    pub meaning: String,
    pub time: Option<String>,
    /// Which input it came from (a HAR, a pasted answer).
    pub input: usize,
    /// Which call gave it: `initialize`, `checkEligibility`, or `pasted answer`.
    pub call: String,
    /// `time` in ms since 1970 (UTC), when it parses.
    pub time_ms: Option<i64>,
    /// Position of the call in its HAR (`log.entries`), to order calls without a time.
    pub har_index: Option<usize>,
    /// Every field of the answer with its meaning and confidence; HTTP failures explained.
    pub explanation: AnswerExplanation,
}

/// A HAR capture as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct HarView {
    pub input: usize,
    /// "3 ECE chat call(s), 120 other request(s) not listed." or what to capture instead.
    pub summary: String,
    pub capture: HarCapture,
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_count_is_lines_count() {
        for t in [
            "",
            "a",
            "a\n",
            "a\nb",
            "\n",
            "\n\n",
            "a\r\nb\r\n",
            "\r",
            "x\n\ny",
            "é\n",
        ] {
            assert_eq!(super::line_count(t), t.lines().count(), "{t:?}");
        }
    }
}
