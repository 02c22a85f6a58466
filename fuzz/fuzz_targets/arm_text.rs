//! `cti::decode_text` on any text: every message's fields lie within its bytes, every text span
//! lies within the text on character boundaries.
#![no_main]
use ece_triage::cti::{decode_text, DecodeOptions, FramingChoice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for framing in [FramingChoice::Auto, FramingChoice::Version(19)] {
        let out = decode_text(&text, &DecodeOptions { framing });
        ece_triage_fuzz::check_decode_output(&text, &out);
    }
});
