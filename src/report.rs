//! The JSON report: one serde model shared by the CLI (`analyze --json`) and the page.

use crate::analysis::agents::AgentView;
use crate::analysis::clock::ClockOffset;
use crate::analysis::correlate::Correlation;
use crate::cti;
use crate::ece::AnswerExplanation;
use crate::har::HarCapture;
use crate::intake::InputKind;
use crate::model::{Encoding, Input, Problem, SourceKind};
use serde::{Deserialize, Serialize};

/// Version of the report's JSON shape; bumped on breaking changes.
pub const REPORT_VERSION: u32 = 1;

/// Everything the analysis concluded, in the order a reader wants it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Report {
    pub report_version: u32,
    pub inputs: Vec<InputSummary>,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
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

    /// The report as Markdown for a ticket.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        md.push_str("# ECE Chat Triage report\n\n");
        md.push_str(&format!("**Verdict:** {}\n\n", self.verdict.sentence));
        if !self.findings.is_empty() {
            md.push_str("## Findings\n\n");
            for f in &self.findings {
                let sev = match f.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                };
                md.push_str(&format!("### [{sev}] {}\n\n- **Seen:** {}\n- **Why it matters:** {}\n- **Check next:** {}\n", f.title, f.seen, f.why, f.next));
                for e in &f.evidence {
                    let name = self
                        .inputs
                        .get(e.input)
                        .map(|i| i.name.as_str())
                        .unwrap_or("?");
                    match e.line {
                        Some(l) => md.push_str(&format!("- Evidence: `{name}:{l}` {}\n", e.label)),
                        None => md.push_str(&format!("- Evidence: `{name}` {}\n", e.label)),
                    }
                }
                md.push('\n');
            }
        }
        if !self.entry_points.is_empty() {
            md.push_str("## Entry-point answers\n\n| entry point | HTTP | responseType | meaning |\n|---|---|---|---|\n");
            for e in &self.entry_points {
                md.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    e.entry_point_id.as_deref().unwrap_or("—"),
                    e.status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "—".into()),
                    e.response_type
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "—".into()),
                    e.meaning.replace('|', "\\|")
                ));
            }
            md.push('\n');
        }
        if !self.ladder.rows.is_empty() {
            md.push_str("## Message flow\n\n```\n");
            md.push_str(&crate::flow::to_ascii(&self.ladder));
            md.push_str("```\n");
        }
        md
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
        InputSummary {
            name: input.name.clone(),
            kind,
            encoding: input.encoding,
            bytes: input.text.len(),
            lines: input.text.lines().count(),
            parts,
        }
    }
}

/// Can a customer start a chat, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// `chat_available`, `chat_unavailable`, `undecided`.
    pub status: String,
    pub sentence: String,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One conclusion with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub severity: Severity,
    pub title: String,
    pub seen: String,
    pub why: String,
    pub next: String,
    pub evidence: Vec<Evidence>,
}

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
