//! Share fragments and share states (see targets::share).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::share(data));
