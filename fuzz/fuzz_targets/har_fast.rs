//! The quick HAR reading against serde over the whole input, on raw bytes (see targets::har_fast).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::har_fast(data));
