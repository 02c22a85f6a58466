//! The rttest parser: `rttest agent_status` output (the command line first, the fuzz input as its answer), with the `logs` target's invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ece_triage_fuzz::fuzz_log_kind("rttest: agent_status /agent 6420\\n", "", data);
});
