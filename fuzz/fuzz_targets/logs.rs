//! logs::parse on any text, through detection (see targets::logs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::logs(data));
