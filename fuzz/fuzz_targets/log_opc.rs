//! The OPC parser: `PG1A-opc Trace:` on every line (see targets::log_opc).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::log_opc(data));
