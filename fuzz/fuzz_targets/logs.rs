//! `logs::parse` on any text: every event, problem and unrecognised line points inside the input,
//! and the same log with CRLF line ends or a leading BOM reads as the same events.
#![no_main]
use ece_triage::model::Input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let input = Input::new("fuzz", text);
    let p = ece_triage::logs::parse(2, &input);
    ece_triage_fuzz::check_log_parse(2, &input.text, &p);
    if !input.text.contains('\r') && !input.text.contains('\u{feff}') {
        let crlf = ece_triage::logs::parse_text(2, &input.text.replace('\n', "\r\n"));
        assert_eq!(crlf.events, p.events, "CRLF line ends change the events");
        assert_eq!(
            crlf.unrecognised, p.unrecognised,
            "CRLF changes what is unrecognised"
        );
        let bom = ece_triage::logs::parse_text(2, &format!("\u{feff}{}", input.text));
        assert_eq!(bom.events, p.events, "a BOM changes the events");
    }
});
