//! `logs::parse` on any text: every event, problem and unrecognised line points inside the input.
#![no_main]
use ece_triage::model::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let input = Input::new("fuzz", text);
    let p = ece_triage::logs::parse(2, &input);
    ece_triage_fuzz::check_log_parse(2, &input.text, &p);
});
