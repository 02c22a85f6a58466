//! The ctisvr parser: CTI server traces (`cg1A-ctisvr Trace:` on every line), with the `logs` target's invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ece_triage_fuzz::fuzz_log_kind("", "15:34:09:841 cg1A-ctisvr Trace: ", data);
});
