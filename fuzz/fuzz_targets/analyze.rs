//! The whole pipeline on up to 3 NUL-separated inputs (see targets::analyze).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::analyze(data));
