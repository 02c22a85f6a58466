//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.

pub mod agents;
pub mod clock;
pub mod correlate;
pub mod timeline;

use crate::model::Input;
use crate::report::{EntryPointView, InputSummary, Report, Verdict, REPORT_VERSION};
use crate::share::Overrides;

/// What kind of evidence an input holds, guessed from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Har,
    ApiAnswer,
    Logs,
    Empty,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Har => "har",
            InputKind::ApiAnswer => "api_answer",
            InputKind::Logs => "logs",
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

/// `analyze` with the user's overrides (clock offsets, protocol version).
pub fn analyze_with(inputs: &[Input], overrides: &Overrides) -> Report {
    let _ = overrides;
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut entry_points = Vec::new();
    for input in inputs {
        let kind = classify(&input.text);
        summaries.push(InputSummary::of(input, kind.as_str()));
        if kind == InputKind::ApiAnswer {
            entry_points.push(api_answer_view(&input.text));
        }
    }
    let verdict = verdict_from(&entry_points);
    Report {
        report_version: REPORT_VERSION,
        inputs: summaries,
        verdict,
        findings: vec![],
        entry_points,
        ladder: Default::default(),
        problems: vec![],
    }
}

/// One input's text with secrets and customer data replaced by markers, for share links and exports.
pub fn sanitize_for_sharing(text: &str) -> String {
    // Interim: e-mail addresses and session ids; the structural HAR/JSON sanitizer replaces this.
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.contains('@') && word.contains('.') && !word.starts_with("<@>") && word != "<@>" {
            out.push_str("[redacted:email]");
        } else if let Some(rest) = word.strip_prefix("HttpSessionId:") {
            out.push_str("HttpSessionId:");
            if !rest.is_empty() {
                out.push_str("[redacted:session]");
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

fn api_answer_view(text: &str) -> EntryPointView {
    let rt = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
        .ok()
        .and_then(|v| {
            v.pointer("/checkEligibility/responseType")
                .and_then(|r| r.as_i64())
        });
    EntryPointView {
        entry_point_id: None,
        url: None,
        status: None,
        response_type: rt,
        meaning: response_type_meaning(rt).to_string(),
        time: None,
    }
}

/// What `checkEligibility.responseType` means (confirmed by eGain's API docs and the seed note).
pub fn response_type_meaning(rt: Option<i64>) -> &'static str {
    match rt {
        Some(0) => "0 — chat can start: an agent is available, or the queue is not yet full",
        Some(1) => "1 — no agent available: the customer sees the unavailable / off-hours message",
        Some(2) => "2 — queue depth reached: the queue is full, no new chats are taken",
        Some(_) => "unknown responseType: not one of the documented values 0, 1, 2",
        None => "no responseType found in the answer",
    }
}

fn verdict_from(eps: &[EntryPointView]) -> Verdict {
    match eps.iter().rev().find_map(|e| e.response_type) {
        Some(0) => Verdict { status: "chat_available".into(), sentence: "A customer can start a chat: the entry point answered responseType 0.".into() },
        Some(1) => Verdict { status: "chat_unavailable".into(), sentence: "A customer cannot start a chat: the entry point answered responseType 1 (no agent available).".into() },
        Some(2) => Verdict { status: "chat_unavailable".into(), sentence: "A customer cannot start a chat: the entry point's queue is full (responseType 2).".into() },
        _ => Verdict { status: "undecided".into(), sentence: "Not enough evidence yet: paste an entry-point answer, a HAR capture or the logs.".into() },
    }
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
        assert!(r.entry_points[0].meaning.contains("an agent is available"));
        assert_eq!(r.verdict.status, "chat_available");
        assert_eq!(r.inputs.iter().filter(|i| i.kind == "logs").count(), 6);
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
