//! `share::decode` on any fragment: no panic, and what decodes re-encodes to the same state.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match ece_triage::share::decode(&text) {
        Ok(state) => {
            let again = ece_triage::share::decode(&ece_triage::share::encode(&state))
                .expect("an encoded state decodes");
            assert_eq!(again, state, "share state does not round-trip");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
