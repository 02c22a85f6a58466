//! ece::explain_answer on a status, a content type and a body (see targets::answer).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ece_triage_fuzz::targets::answer(data));
