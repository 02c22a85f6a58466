//! The listener parser: the ARMLogger header on every line (see targets::log_listener).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::log_listener(data));
