//! har::read_har and sanitizing on raw bytes (see targets::har).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::har(data));
