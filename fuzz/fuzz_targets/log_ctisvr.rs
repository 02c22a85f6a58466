//! The ctisvr parser: `cg1A-ctisvr Trace:` on every line (see targets::log_ctisvr).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::log_ctisvr(data));
