//! `cti::decode_bytes` on raw bytes with each framing choice (auto, PV19 one-byte, PV20/24
//! two-byte, and a version taken from the input): fields within the bytes, header as the bytes say.
#![no_main]
use ece_triage::cti::{decode_bytes, DecodeOptions, FramingChoice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let odd = u32::from(data.first().copied().unwrap_or(0));
    for framing in [
        FramingChoice::Auto,
        FramingChoice::Version(19),
        FramingChoice::Version(20),
        FramingChoice::Version(24),
        FramingChoice::Version(odd),
    ] {
        let m = decode_bytes(data, &DecodeOptions { framing });
        assert_eq!(m.bytes, data, "message bytes are not the input");
        ece_triage_fuzz::check_message(&m);
        let again = decode_bytes(data, &DecodeOptions { framing });
        assert_eq!(m, again, "decoding is not deterministic");
    }
});
