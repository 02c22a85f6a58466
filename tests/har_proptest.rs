//! Arbitrary bytes never panic the reader, the answer explainer or the sanitizer.

use ece_triage::{ece, har};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = har::read_har(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let _ = ece::explain_answer(200, None, &text);
        let _ = ece::xml::parse(&text);
        let _ = ece_triage::sanitize::sanitize_for_sharing(&text, &Default::default());
        let _ = ece_triage::sanitize::log_text(&text, &Default::default());
    }

    #[test]
    fn har_shaped_noise_never_panics(
        parts in proptest::collection::vec(prop_oneof![
            Just("{".to_string()), Just("}".to_string()), Just("[".to_string()), Just("]".to_string()),
            Just(",".to_string()), Just(":".to_string()), Just("\"log\"".to_string()), Just("\"entries\"".to_string()),
            Just("\"request\"".to_string()), Just("\"response\"".to_string()), Just("\"url\"".to_string()),
            Just("\"content\"".to_string()), Just("\"text\"".to_string()), Just("\"status\"".to_string()),
            Just("\"https://h/system/egain/chat/entrypoint/initialize/1\"".to_string()),
            Just("\"<body type='terminate'\"".to_string()), Just("null".to_string()), Just("-1".to_string()),
            Just("\"base64\"".to_string()), Just("\"encoding\"".to_string()), "\"[a-z@.<>=&%]{0,12}\"",
        ], 0..64)
    ) {
        let text = parts.concat();
        if let Ok(cap) = har::read_har(text.as_bytes()) {
            let _ = har::listing(&cap);
            let _ = ece_triage::sanitize::entry_points(&cap);
            let _ = ece_triage::sanitize::har_text(&text, &Default::default());
        }
    }

    #[test]
    fn sanitizer_never_panics_on_odd_strings(s in "\\PC{0,200}") {
        let v = serde_json::json!({"log": {"entries": [{"request": {"url": s.clone(), "headers": [{"name": "Cookie", "value": s.clone()}], "postData": {"mimeType": "text/xml", "text": s.clone()}}, "response": {"content": {"text": s.clone()}}}]}});
        let _ = ece_triage::sanitize::har_text(&v.to_string(), &Default::default());
        let _ = ece_triage::sanitize::url(&s, &Default::default());
    }
}
