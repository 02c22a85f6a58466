//! `intake::open` on raw bytes (small limits, so archives and their bombs are cheap), then
//! `intake::parts` on each input's text and the analysis of them all: parts tile the text on
//! character boundaries with their value inside, first lines are the input's own, skipped inputs
//! have no text and say why, the report points only at inputs and lines that exist, and
//! sanitizing a text twice changes nothing more.
#![no_main]
use ece_triage::intake::{self, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_expanded: 4 * 1024 * 1024,
        max_members: 64,
        max_ratio: 200,
    };
    let inputs = intake::open("fuzz.bin", data.to_vec(), &limits);
    assert!(!inputs.is_empty(), "every file gives at least one input");
    for i in &inputs {
        if let Some(why) = &i.skipped {
            assert!(i.text.is_empty() && !why.is_empty(), "{i:?}");
            continue;
        }
        let text = &i.text;
        let parts = intake::parts(text);
        assert!(!parts.is_empty());
        let mut at = 0;
        for p in &parts {
            assert_eq!(p.range.start, at, "parts tile the text: {parts:?}");
            assert!(p.range.start <= p.body.start && p.body.end <= p.range.end, "{p:?}");
            assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
            assert!(text.is_char_boundary(p.body.start) && text.is_char_boundary(p.body.end));
            let line = text.as_bytes()[..p.body.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32
                + 1;
            assert_eq!(p.first_line, line, "{p:?}");
            assert!(p.last_line(text) >= p.first_line);
            at = p.range.end;
        }
        assert_eq!(at, text.len(), "parts cover the text: {parts:?}");
        let opts = ece_triage::sanitize::SanitizeOptions::default();
        let once = ece_triage::sanitize::sanitize_for_sharing(text, &opts).0;
        let twice = ece_triage::sanitize::sanitize_for_sharing(&once, &opts).0;
        assert_eq!(twice, once, "sanitizing is not idempotent");
    }
    let texts: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
    let report = ece_triage::analysis::analyze(&inputs);
    ece_triage_fuzz::check_report(&texts, &report);
});
