//! The JSON report: one serde model shared by the CLI (`analyze --json`) and the page.

use crate::analysis::agents::AgentView;
use crate::analysis::clock::ClockOffset;
use crate::analysis::correlate::Correlation;
use crate::cti;
use crate::ece::AnswerExplanation;
use crate::har::HarCapture;
use crate::model::{Input, Problem, SourceKind};
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

    /// The report as Markdown for a ticket. Every piece of text that comes from the evidence or
    /// the analysis is escaped ([`md_text`], [`md_code`]): a wiki or ticket tool renders it as
    /// text, never as HTML, links or formatting.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        md.push_str("# ECE Chat Triage report\n\n");
        md.push_str(&format!(
            "**Verdict:** {}\n\n",
            md_text(&self.verdict.sentence)
        ));
        if !self.findings.is_empty() {
            md.push_str("## Findings\n\n");
            for f in &self.findings {
                let sev = match f.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                };
                md.push_str(&format!(
                    "### [{sev}] {}\n\n- **Seen:** {}\n- **Why it matters:** {}\n- **Check next:** {}\n",
                    md_text(&f.title),
                    md_text(&f.seen),
                    md_text(&f.why),
                    md_text(&f.next)
                ));
                for e in &f.evidence {
                    let name = self
                        .inputs
                        .get(e.input)
                        .map(|i| i.name.as_str())
                        .unwrap_or("?");
                    let at = match e.line {
                        Some(l) => format!("{name}:{l}"),
                        None => name.to_string(),
                    };
                    md.push_str(&format!(
                        "- Evidence: {} {}\n",
                        md_code(&at),
                        md_text(&e.label)
                    ));
                }
                md.push('\n');
            }
        }
        if !self.entry_points.is_empty() {
            md.push_str("## Entry-point answers\n\n| entry point | HTTP | responseType | meaning |\n|---|---|---|---|\n");
            for e in &self.entry_points {
                md.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    e.entry_point_id
                        .as_deref()
                        .map_or_else(|| "—".to_string(), md_text),
                    e.status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "—".into()),
                    e.response_type
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "—".into()),
                    md_text(&e.meaning)
                ));
            }
            md.push('\n');
        }
        if !self.ladder.rows.is_empty() {
            let ascii = crate::flow::to_ascii(&self.ladder);
            let fence = "`".repeat(longest_run(&ascii, '`').max(2) + 1);
            md.push_str(&format!("## Message flow\n\n{fence}text\n"));
            md.push_str(&ascii);
            if !ascii.ends_with('\n') {
                md.push('\n');
            }
            md.push_str(&fence);
            md.push('\n');
        }
        md
    }
}

/// Text for a Markdown line or table cell: HTML's `<`, `>`, `&` as entities, Markdown's
/// punctuation backslash-escaped (`\\`, `*`, `_`, `` ` ``, `[`, `]`, `|`, `#`, `~`: no emphasis,
/// code, link, table cell or heading can start), line breaks as spaces.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` as it is: fenced with more backticks than any run in it, on one line.
pub fn md_code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// What each input was recognised as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSummary {
    pub name: String,
    /// `logs`, `har`, `api_answer`, `arm_dump`, `empty`.
    pub kind: String,
    pub bytes: usize,
    pub lines: usize,
}

impl InputSummary {
    pub fn of(input: &Input, kind: &str) -> Self {
        InputSummary {
            name: input.name.clone(),
            kind: kind.to_string(),
            bytes: input.text.len(),
            lines: input.text.lines().count(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            md_text("\"><svg/onload=alert(1)> | `x` [a](javascript:b) #h *e* _u_\nnext"),
            "\"&gt;&lt;svg/onload=alert(1)&gt; \\| \\`x\\` \\[a\\](javascript:b) \\#h \\*e\\* \\_u\\_ next"
        );
        assert_eq!(md_text("a & b"), "a &amp; b");
        assert_eq!(md_code("capture.har:12"), "`capture.har:12`");
        assert_eq!(md_code("a``b`"), "``` a``b` ```");
    }
}
