//! cti::decode_bytes on raw bytes with each framing choice (see targets::arm_bytes).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::arm_bytes(data));
