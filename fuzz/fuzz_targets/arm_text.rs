//! cti::decode_text on any text (see targets::arm_text).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::arm_text(data));
