//! `ece::explain_answer` with the HTTP status from the first 2 bytes, a content type chosen by the
//! 3rd byte and the rest as the body.
#![no_main]
use libfuzzer_sys::fuzz_target;

const TYPES: [Option<&str>; 5] = [
    None,
    Some("application/json"),
    Some("text/xml"),
    Some("text/html; charset=utf-8"),
    Some("text/plain"),
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let ct = TYPES[usize::from(data[2]) % TYPES.len()];
    let body = String::from_utf8_lossy(&data[3..]);
    let e = ece_triage::ece::explain_answer(status, ct, &body);
    assert!(!e.headline.is_empty(), "an answer without a headline");
    serde_json::to_string(&e).expect("explanation serializes");
});
