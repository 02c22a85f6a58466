//! The opc parser: OPC traces (`PG1A-opc Trace:` on every line), with the `logs` target's invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ece_triage_fuzz::fuzz_log_kind("", "15:34:09:841 PG1A-opc Trace: ", data);
});
