//! `har::read_har` on raw bytes (errors positioned inside the file), then `sanitize_for_sharing`
//! on the text: the output is the input with spans replaced by markers (byte-faithful), a second
//! pass changes nothing, and a HAR that reads still reads after sanitizing, with as many entries
//! and ECE calls.
#![no_main]
use ece_triage::analysis::{classify, InputKind};
use ece_triage::har::{read_har, read_har_str};
use ece_triage::sanitize::{self, sanitize_for_sharing};
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
            let _ = sanitize::entry_points(cap);
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
    let opts = sanitize::SanitizeOptions::default();
    let once = sanitize_for_sharing(&text, &opts).0;
    if let Err(e) = sanitize::faithful(&text, &once) {
        panic!("sanitizing changed more than the redacted spans: {e}");
    }
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
