//! `har::read_har` on raw bytes (errors positioned inside the file), then `sanitize_for_sharing`
//! on the text: a HAR that reads still reads after sanitizing, with as many entries and ECE
//! calls, and sanitizing twice changes nothing more (what the first pass left is not a secret).
#![no_main]
use ece_triage::analysis::{classify, sanitize_for_sharing, InputKind};
use ece_triage::har::{read_har, read_har_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = read_har(data);
    match &read {
        Ok(cap) => {
            assert!(cap.calls.len() + cap.other.len() <= cap.entries);
            for c in &cap.calls {
                let _ = c.line();
            }
            let _ = cap.summary();
            let _ = ece_triage::har::listing(cap);
            let _ = ece_triage::har::entry_points(cap);
        }
        Err(e) => {
            assert!(
                e.offset <= data.len(),
                "error offset {} past {}",
                e.offset,
                data.len()
            );
            assert!(e.line >= 1);
        }
    }
    let text = String::from_utf8_lossy(data);
    let opts = ece_triage::har::sanitize::SanitizeOptions::default();
    let once = sanitize_for_sharing(&text, &opts).0;
    if classify(&text) == InputKind::Har {
        if let Ok(before) = read_har_str(&text) {
            let after = read_har_str(&once).expect("a sanitized HAR still reads");
            assert_eq!(
                after.entries, before.entries,
                "sanitizing changed the entry count"
            );
            assert_eq!(
                after.calls.len(),
                before.calls.len(),
                "sanitizing changed the ECE calls"
            );
        }
    }
    let twice = sanitize_for_sharing(&once, &opts).0;
    assert_eq!(twice, once, "sanitizing is not idempotent");
});
