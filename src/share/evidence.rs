//! A share link that fits a ticket: the sanitized inputs cut down to the evidence the report relies on, with what was left out said.
//!
//! Sanitizing comes first, on the whole inputs (a secret learned from one HAR entry is removed
//! from every other), and the cutting after it, so nothing here can weaken sanitizing: it only
//! removes more. What a link keeps:
//!
//! - of a HAR: every ECE chat call whole (its bodies are the answers the rules read), the chat
//!   template's own files (`/templates/chat/…`, which a rule looks for after responseType 0) and
//!   every failed request (no answer, status ≥ 400, a browser `_error`) without their bodies;
//!   every other entry is left out;
//! - of a log, when the link would still be over [`SAFE_URL_LENGTH`]: the lines the analysis
//!   read (every line that gave an event, and the findings' evidence: `keep`); the lines it did
//!   not recognise are left out (keeping only the lines behind findings and arrows was tried:
//!   the recipient's analysis then lost the agent states its verdict rests on);
//! - the user's overrides (clock offsets, versions, names to remove), always.
use super::{encode, sanitized_state, SharedState, SAFE_URL_LENGTH};
use crate::analysis::Overrides;
use crate::har::classify::classify;
use crate::intake::{self, InputKind};
use crate::model::Input;
use crate::report::Report;
use crate::requests::span::entries;
use serde_json::Value;

/// Lines of an input a link keeps: (input, first line, last line), 1-based, inclusive.
pub type LineRange = (usize, u32, u32);

/// The lines the report relies on: each finding's evidence and every event's lines.
pub fn relied_on(report: &Report) -> Vec<LineRange> {
    relied_on_parts(
        &report.findings,
        report.events.iter().map(|e| (e.input, e.line, e.end_line)),
    )
}

/// [`relied_on`] from the findings and the events' lines (the worker holds no `Report`).
pub fn relied_on_parts(
    findings: &[crate::report::Finding],
    events: impl Iterator<Item = LineRange>,
) -> Vec<LineRange> {
    let mut out: Vec<LineRange> = findings
        .iter()
        .flat_map(|f| f.evidence.iter())
        .filter_map(|e| Some((e.input, e.line?, e.line?)))
        .collect();
    out.extend(events);
    out.sort_unstable();
    out.dedup();
    out
}

/// The state an evidence link carries: the sanitized inputs, HARs cut to their ECE calls and
/// failures, logs cut to `keep` when the link would not fit otherwise; `left_out` says what went.
pub fn evidence_state(inputs: &[Input], overrides: &Overrides, keep: &[LineRange]) -> SharedState {
    cut(sanitized_state(inputs, overrides), keep)
}

/// An already sanitized state cut to its evidence (see [`evidence_state`]).
pub fn cut(mut state: SharedState, keep: &[LineRange]) -> SharedState {
    // What was left out before (duplicates carried once) stays said.
    let mut notes = std::mem::take(&mut state.left_out);
    for input in &mut state.inputs {
        if let Some((text, note)) = cut_hars(&input.text) {
            input.text = text.into();
            notes.push(format!("{}: {note}", input.name));
        }
    }
    if super::link("", &state).len() > SAFE_URL_LENGTH && !keep.is_empty() {
        for (i, input) in state.inputs.iter_mut().enumerate() {
            let parts = intake::parts(&input.text);
            if !parts.iter().all(|p| p.kind == InputKind::Logs) {
                continue;
            }
            let ranges: Vec<(u32, u32)> = keep
                .iter()
                .filter(|k| k.0 == i)
                .map(|k| (k.1, k.2))
                .collect();
            let mut out = String::new();
            let mut dropped = 0usize;
            for (n, line) in input.text.split_inclusive('\n').enumerate() {
                let n = n as u32 + 1;
                if ranges.iter().any(|&(a, b)| (a..=b).contains(&n)) {
                    out.push_str(line);
                } else {
                    dropped += 1;
                }
            }
            if dropped > 0 {
                notes.push(format!(
                    "{}: {dropped} line(s) the analysis did not recognise",
                    input.name
                ));
                input.text = out.into();
            }
        }
        state
            .inputs
            .retain(|i| !i.text.trim().is_empty() || i.skipped.is_some());
    }
    state.left_out = notes;
    state
}

/// Every HAR of `text` cut to its evidence, and what was left out; `None` when nothing was.
fn cut_hars(text: &str) -> Option<(String, String)> {
    let parts = intake::parts_exact(text);
    if !parts.iter().any(|p| p.kind == InputKind::Har) {
        return None;
    }
    let mut out = String::with_capacity(text.len().min(1 << 20));
    let mut at = 0;
    let (mut dropped, mut bodies) = (0usize, 0usize);
    for p in parts.iter().filter(|p| p.kind == InputKind::Har) {
        let body = &text[p.body.clone()];
        let Ok(e) = entries(body) else { continue };
        out.push_str(&text[at..p.body.start + e.inner.start]);
        let mut first = true;
        for s in &e.spans {
            let Some(kept) = keep_entry(&body[s.clone()], &mut bodies) else {
                dropped += 1;
                continue;
            };
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&kept);
        }
        at = p.body.start + e.inner.end;
    }
    out.push_str(&text[at..]);
    if dropped == 0 && bodies == 0 {
        return None;
    }
    let mut note = format!(
        "{dropped} request(s) that are neither ECE calls, the chat template's files nor failures"
    );
    if bodies > 0 {
        note.push_str(&format!(
            "; the bodies of {bodies} kept request(s) that are not ECE calls"
        ));
    }
    Some((out, note))
}

/// An entry as the link keeps it: an ECE call as written; a chat-template file or a failure
/// without its bodies; `None` for the rest.
fn keep_entry(entry: &str, bodies: &mut usize) -> Option<String> {
    let mut v: Value = serde_json::from_str(entry).ok()?;
    let url = v["request"]["url"].as_str().unwrap_or("").to_string();
    if classify(&url).is_some() {
        return Some(entry.to_string());
    }
    let status = v["response"]["status"].as_i64().unwrap_or(0);
    let error = v["response"]["_error"].is_string() || v["_error"].is_string();
    let template = url.contains("/templates/chat/");
    if !(template || error || status == 0 || status >= 400) {
        return None;
    }
    let mut cut = false;
    if let Some(c) = v["response"]["content"].as_object_mut() {
        cut |= c.remove("text").is_some();
    }
    if let Some(p) = v["request"]["postData"].as_object_mut() {
        cut |= p.remove("text").is_some();
        cut |= p.remove("params").is_some();
    }
    if cut {
        *bodies += 1;
    }
    serde_json::to_string(&v).ok()
}

/// Only the length of a link of `state` (the fragment's part).
pub fn fragment_len(state: &SharedState) -> usize {
    encode(state).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, analyze_with};
    use crate::har::fixtures;

    fn sample(name: &str) -> Input {
        Input::new(
            name,
            std::fs::read_to_string(format!("samples/har/{name}")).unwrap(),
        )
    }

    #[test]
    fn every_sample_capture_gives_an_evidence_link_under_8000_characters() {
        for f in std::fs::read_dir("samples/har").unwrap() {
            let name = f.unwrap().file_name().into_string().unwrap();
            let input = sample(&name);
            let report = analyze(std::slice::from_ref(&input));
            let keep = relied_on(&report);
            let link = super::super::link(
                "https://h/t/",
                &evidence_state(&[input], &Overrides::default(), &keep),
            );
            assert!(
                link.len() <= SAFE_URL_LENGTH,
                "{name}: {} characters",
                link.len()
            );
        }
    }

    #[test]
    fn a_cut_capture_keeps_its_ece_calls_and_verdict_and_says_what_went() {
        let mut e = fixtures::template_and_initialize(1);
        e.extend(fixtures::noise());
        e.extend(fixtures::probes_no_agent());
        e.extend(fixtures::failures());
        let input = Input::new("c.har", fixtures::har(e).to_string());
        let o = Overrides::default();
        let whole = super::super::sanitized_report(std::slice::from_ref(&input), &o);
        let state = evidence_state(std::slice::from_ref(&input), &o, &[]);
        assert_eq!(state.left_out.len(), 1, "{:?}", state.left_out);
        assert!(
            state.left_out[0].starts_with("c.har: "),
            "{:?}",
            state.left_out
        );
        let cut = analyze_with(&state.inputs, &o);
        assert_eq!(cut.verdict, whole.verdict);
        assert_eq!(cut.verdicts, whole.verdicts);
        assert_eq!(cut.entry_points.len(), whole.entry_points.len());
        let calls = |r: &Report| r.har[0].capture.calls.len();
        assert_eq!(calls(&cut), calls(&whole));
        assert!(cut.har[0].capture.entries < whole.har[0].capture.entries);
        // Nothing sanitizing removed comes back.
        assert!(!state.inputs[0].text.contains(fixtures::JSESSIONID));
        assert!(!state.inputs[0].text.contains("hunter2"));
    }

    #[test]
    fn big_logs_keep_the_lines_the_analysis_read() {
        // The seed, and 20,000 lines of noise that compress too little to fit a link.
        let mut seed: Vec<Input> = crate::sample::SEED
            .iter()
            .map(|(n, t)| Input::new(*n, *t))
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let noise: String = (0..20_000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                format!("note {i}: heartbeat {x:016x}\n")
            })
            .collect();
        seed.push(Input::new("noise.txt", noise));
        let report = analyze(&seed);
        let keep = relied_on(&report);
        assert!(!keep.is_empty());
        let state = evidence_state(&seed, &Overrides::default(), &keep);
        let all = super::super::sanitized_state(&seed, &Overrides::default());
        assert!(fragment_len(&state) < fragment_len(&all));
        assert!(
            state
                .left_out
                .iter()
                .any(|n| n.contains("did not recognise")),
            "{:?}",
            state.left_out
        );
        let cut = analyze(&state.inputs);
        assert_eq!(cut.verdict, report.verdict);
    }
}
