//! `cti::decode_text` on any text: every message's fields lie within its bytes, every text span
//! lies within the text on character boundaries, and CRLF line ends read as the same bytes.
#![no_main]
use ece_triage::cti::{decode_text, DecodeOptions, FramingChoice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for framing in [FramingChoice::Auto, FramingChoice::Version(19)] {
        let out = decode_text(&text, &DecodeOptions { framing });
        ece_triage_fuzz::check_decode_output(&text, &out);
        if framing == FramingChoice::Auto && !text.contains('\r') {
            let crlf = decode_text(&text.replace('\n', "\r\n"), &DecodeOptions { framing });
            let bytes = |o: &ece_triage::cti::DecodeOutput| {
                o.messages
                    .iter()
                    .map(|m| m.bytes.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                bytes(&crlf),
                bytes(&out),
                "CRLF line ends change the dumps' bytes"
            );
        }
    }
});
