//! Structure-aware: HAR documents from a grammar (see grammar::har).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::grammar::har::run(data));
