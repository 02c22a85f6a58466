//! `intake::open` on raw bytes: archives, encodings, mixed pastes (see targets::intake).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::intake(data));
