//! The whole pipeline: the text split at NUL bytes into up to 3 inputs; the report points only
//! at inputs and lines that exist and renders as JSON and Markdown.
#![no_main]
use ece_triage::model::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parts: Vec<&str> = text.splitn(3, '\0').collect();
    let inputs: Vec<Input> = parts
        .iter()
        .enumerate()
        .map(|(i, t)| Input::new(format!("paste {}", i + 1), *t))
        .collect();
    let report = ece_triage::analysis::analyze(&inputs);
    ece_triage_fuzz::check_report(&parts, &report);
});
