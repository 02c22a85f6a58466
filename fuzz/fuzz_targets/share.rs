//! `share::decode` on any fragment: no panic, and what decodes re-encodes to the same state.
//! The input is also read as the state's JSON (what a link carries once inflated, which the
//! fuzzer can shape far more easily than deflate data): such a state re-encodes to itself, and
//! the analysis the page runs on an opened link (inputs plus the link's overrides: clock offsets,
//! protocol version) neither panics nor points outside its inputs.
#![no_main]
use ece_triage::share::{decode, encode, SharedState};
use libfuzzer_sys::fuzz_target;

fn round_trips(state: &SharedState) {
    let again = decode(&encode(state)).expect("an encoded state decodes");
    assert_eq!(&again, state, "share state does not round-trip");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match decode(&text) {
        Ok(state) => round_trips(&state),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Ok(state) = serde_json::from_slice::<SharedState>(data) {
        round_trips(&state);
        let texts: Vec<&str> = state.inputs.iter().map(|i| i.text.as_str()).collect();
        let report = ece_triage::analysis::analyze_with(&state.inputs, &state.overrides);
        ece_triage_fuzz::check_report(&texts, &report);
    }
});
