//! Structure-aware: listener/ctisvr/OPC/rttest logs of a few agents from a grammar (see grammar::logs).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::grammar::logs::run(data));
