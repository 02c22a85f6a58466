//! The rttest parser: the input as `agent_status` output (see targets::log_rttest).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::log_rttest(data));
