//! The sanitizer over every sample HAR and the constructed ECE captures: no listed secret survives.

use ece_triage::har::{self, fixtures, sanitize};
use serde_json::Value;

const TOKEN_NAMES: &[&str] = &[
    "samlrequest",
    "samlresponse",
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "auth",
    "authenticity_token",
    "appid",
    "assertion",
    "challenge",
    "client_id",
    "client_secret",
    "code",
    "code_challenge",
    "code_verifier",
    "email",
    "facetid",
    "fcparams",
    "password",
    "serverdata",
    "shdf",
    "state",
    "usg",
    "vses2",
    "x-client-data",
    "jsessionid",
    "x-egain-session",
];

fn samples() -> Vec<(String, String)> {
    let dir = format!("{}/samples/har", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains("not-"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    for rt in 0..3 {
        v.push((
            format!("fixture-full-{rt}"),
            fixtures::full_capture(rt).to_string(),
        ));
    }
    v
}

/// Secrets listed independently of the sanitizer: cookie values, credential header values,
/// token-named parameters, e-mail addresses.
fn secrets(v: &Value, out: &mut Vec<String>) {
    let name_of = |m: &serde_json::Map<String, Value>| {
        m.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("cookies", Value::Array(a)) => {
                        for c in a {
                            if let Some(val) = c.get("value").and_then(Value::as_str) {
                                if val.len() >= 8 {
                                    out.push(val.to_string());
                                }
                            }
                        }
                    }
                    ("headers", Value::Array(a)) => {
                        for h in a {
                            let Value::Object(hm) = h else { continue };
                            let n = name_of(hm);
                            let val = hm.get("value").and_then(Value::as_str).unwrap_or("");
                            if n == "authorization"
                                || n == "proxy-authorization"
                                || n == "x-egain-session"
                            {
                                out.push(val.split_once(' ').map_or(val, |(_, t)| t).to_string());
                            }
                            if n == "cookie" || n == "set-cookie" {
                                for part in val.split([';', '\n']) {
                                    if let Some((cn, cv)) = part.split_once('=') {
                                        let attr =
                                            ["path", "domain", "expires", "max-age", "samesite"]
                                                .contains(&cn.trim().to_ascii_lowercase().as_str());
                                        if !attr && cv.trim().len() >= 8 {
                                            out.push(cv.trim().to_string());
                                        }
                                    }
                                }
                            }
                        }
                    }
                    ("queryString", Value::Array(a)) | ("params", Value::Array(a)) => {
                        for q in a {
                            let Value::Object(qm) = q else { continue };
                            let val = qm.get("value").and_then(Value::as_str).unwrap_or("");
                            if TOKEN_NAMES.contains(&name_of(qm).as_str()) && val.len() >= 4 {
                                out.push(val.to_string());
                            }
                        }
                    }
                    _ => secrets(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| secrets(x, out)),
        Value::String(s) => {
            for w in s.split(|c: char| !(c.is_ascii_alphanumeric() || "._%+-@".contains(c))) {
                if let Some((l, d)) = w.split_once('@') {
                    if !l.is_empty()
                        && d.contains('.')
                        && d.rsplit('.').next().unwrap().len() >= 2
                        && d.rsplit('.')
                            .next()
                            .unwrap()
                            .chars()
                            .all(|c| c.is_ascii_alphabetic())
                    {
                        out.push(w.to_string());
                    }
                }
            }
        }
        _ => {}
    }
}

const FIXTURE_SECRETS: &[&str] = &[
    fixtures::CHAT_TEXT,
    fixtures::CUSTOMER_EMAIL,
    fixtures::CUSTOMER_PHONE,
    fixtures::JSESSIONID,
    "c2lnbmF0dXJlLXNlY3JldA",
    fixtures::EGAIN_SESSION,
    "hunter2",
    "rt-SECRET-42",
    "ya29.SECRETTOKEN",
    "s3cretpw",
    "token123",
    "Let me check that",
    "U0lHTkFUVVJF",
    "jane.doe%40example.org",
    "9f8e7d",
    "fZJNT8MwDIb",
];

#[test]
fn no_listed_secret_survives_in_any_har() {
    let opts = sanitize::SanitizeOptions::default();
    for (name, text) in samples() {
        let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let mut listed = Vec::new();
        secrets(&v, &mut listed);
        if name.starts_with("fixture") {
            listed.extend(FIXTURE_SECRETS.iter().map(|s| s.to_string()));
            assert!(listed.len() > 20, "{name}: {listed:?}");
        }
        let plan = sanitize::plan(&v, &opts);
        let (out, applied) = sanitize::sanitize_har_text(&text, &opts).unwrap();
        assert_eq!(plan, applied, "{name}: plan and apply agree");
        for s in &listed {
            assert!(!out.contains(s.as_str()), "{name}: secret {s:?} survived");
        }
        // Still a HAR with the same entries.
        let before = har::read_har(text.as_bytes()).unwrap();
        let after = har::read_har(out.as_bytes()).unwrap();
        assert_eq!(before.entries, after.entries, "{name}");
        assert_eq!(before.calls.len(), after.calls.len(), "{name}");
        eprintln!(
            "{name}: {} secrets listed, {} redactions",
            listed.len(),
            applied.len()
        );
    }
}

#[test]
fn fixture_redactions_are_structural_and_explained() {
    let v = fixtures::full_capture(1);
    let plan = sanitize::plan(&v, &Default::default());
    let has = |name: &str, reason: &str| {
        plan.iter()
            .any(|r| r.name.eq_ignore_ascii_case(name) && r.reason == reason)
    };
    assert!(has("Cookie", "cookie") || has("JSESSIONID", "cookie"));
    assert!(has("Authorization", "credential"));
    assert!(has("X-egain-session", "session"));
    assert!(has("access_token", "token"));
    assert!(has("password", "password"));
    assert!(has("refresh_token", "token"));
    assert!(has("id_token", "token"));
    assert!(has("chat text", "chat-text"));
    assert!(has("login field value", "customer-data"));
    assert!(has("user:password@", "url-password"));
    assert!(has("SAMLRequest", "token"));
    assert!(has("sid", "session"));
    let (out, _) = sanitize::apply(&v, &Default::default());
    let s = out.to_string();
    assert!(s.contains("Bearer [redacted:credential]"));
    assert!(s.contains("JSESSIONID=[redacted:cookie]; Path=/system; Secure; HttpOnly"));
    assert!(s.contains(r#"<message type=\"chat\" xmlns=\"jabber:client\"><body>[redacted:chat-text]</body></message>"#), "{s}");
    assert!(s.contains("to=\\\"1001\\\""), "entry point id kept");
    assert!(s.contains("https://user:[redacted:url-password]@files.example.com/a.js"));

    // Keep an item by name; add one by name.
    let opts = sanitize::SanitizeOptions {
        keep: vec!["authorization".into()],
        extra_names: vec!["User-Agent".into()],
    };
    let (out, r) = sanitize::apply(&v, &opts);
    let s = out.to_string();
    assert!(s.contains(fixtures::JWT), "kept Authorization");
    assert!(!s.contains("Mozilla/5.0"), "extra name removed");
    assert!(r.iter().any(|x| x.reason == "extra"));
    // Keep by exact path.
    let first = plan[0].clone();
    let (_, r) = sanitize::apply(
        &v,
        &sanitize::SanitizeOptions {
            keep: vec![first.path.clone()],
            extra_names: vec![],
        },
    );
    assert!(!r.iter().any(|x| x.path == first.path));
}

#[test]
fn capture_sanitizer_removes_customer_data_and_headers() {
    let cap = har::read_har(fixtures::full_capture(1).to_string().as_bytes()).unwrap();
    let (clean, r) = sanitize::apply(&cap, &Default::default());
    assert!(!r.is_empty());
    let dump = format!("{clean:?}");
    for s in FIXTURE_SECRETS {
        if *s == "hunter2"
            || *s == "rt-SECRET-42"
            || *s == "ya29.SECRETTOKEN"
            || *s == "s3cretpw"
            || *s == "U0lHTkFUVVJF"
        {
            continue; // non-ECE entries are not in the capture at all
        }
        assert!(
            !dump.contains(s),
            "secret {s:?} survived in the sanitized capture"
        );
    }
    assert!(clean
        .calls
        .iter()
        .flat_map(|c| &c.customer_data)
        .all(|d| d.text.starts_with("[redacted:")));
    assert_eq!(
        sanitize::plan(&clean, &Default::default())
            .iter()
            .filter(|x| x.reason == "chat-text")
            .count(),
        0
    );
}

#[test]
fn sanitize_har_text_reports_reader_errors() {
    let e = sanitize::sanitize_har_text("{\"log\": 1}", &Default::default()).unwrap_err();
    assert!(e.message.contains("\"log\""), "{}", e.message);
}

#[test]
fn ece_json_payloads_lose_chat_text_but_keep_structure() {
    let transcript = r#"{"customerName":"Jane Doe","subject":"Refund for order 12345","assignedTo":"Agent Smith","message":[{"from":"customer","body":"My card 4111 1111 1111 1111 was charged twice"},{"from":"agent","body":"Sorry to hear that"}]}"#;
    let e = fixtures::entry(
        1.0,
        "POST",
        "https://ece.example.com/system/egain/chat/entrypoint/transcript",
        Some((
            "text/xml",
            "<chatSession><sid>100234_9f8e7d</sid></chatSession>",
        )),
        200,
        "application/json",
        Some(transcript),
        &[],
    );
    let other = fixtures::entry(
        1.0,
        "POST",
        "https://shop.example.com/api",
        Some((
            "application/json",
            r#"{"message":"hello world","body":"x"}"#,
        )),
        200,
        "application/json",
        Some("{}"),
        &[],
    );
    let v = fixtures::har(vec![e, other]);
    let (out, _) = sanitize::apply(&v, &Default::default());
    let s = out.to_string();
    for secret in [
        "Jane Doe",
        "Refund for order",
        "4111 1111",
        "Sorry to hear",
        "9f8e7d",
    ] {
        assert!(!s.contains(secret), "{secret} survived");
    }
    assert!(
        s.contains("hello world"),
        "non-ECE free text is not chat text"
    );
    let cap = har::read_har(s.as_bytes()).unwrap();
    assert_eq!(cap.calls.len(), 1);
    assert_eq!(
        cap.calls[0].kind,
        har::CallKind::OtherChat("transcript".into())
    );
}

#[test]
fn log_redactions_name_the_line_they_are_on() {
    let text = "first line, nothing to hide\n\
        2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> HttpSessionId: ABCDEF0123 <@> mail agent@example.com\n\
        third line\n\
        JSESSIONID=0123456789ABCDEF; path=/\n";
    let (out, removed) =
        ece_triage::analysis::sanitize_for_sharing(text, &sanitize::SanitizeOptions::default());
    assert!(
        !out.contains("ABCDEF0123") && !out.contains("agent@example.com"),
        "{out}"
    );
    let lines: Vec<&str> = removed.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(lines, ["line 2", "line 2", "line 4"], "{removed:?}");
}

#[test]
fn a_har_that_does_not_read_is_withheld_whole_from_sharing() {
    let good = serde_json::to_string_pretty(&fixtures::full_capture(1)).unwrap();
    // A control character inside a string: not JSON any more, cookies still on their own lines.
    let broken = good.replacen("JSESSIONID=", "JSESSIONID=\u{1}", 1);
    assert!(har::read_har(broken.as_bytes()).is_err());
    let (out, removed) =
        ece_triage::analysis::sanitize_for_sharing(&broken, &sanitize::SanitizeOptions::default());
    assert!(!out.contains(fixtures::JSESSIONID), "{out}");
    assert_eq!(out, "[redacted:unreadable-har]");
    assert_eq!(removed.len(), 1);
    assert!(
        removed[0].name.starts_with("not a readable HAR (line "),
        "{removed:?}"
    );
    let (twice, _) =
        ece_triage::analysis::sanitize_for_sharing(&out, &sanitize::SanitizeOptions::default());
    assert_eq!(twice, out);
}

#[test]
fn an_api_answer_that_does_not_read_is_withheld_but_an_xml_answer_is_kept() {
    let opts = sanitize::SanitizeOptions::default();
    let (out, removed) = ece_triage::analysis::sanitize_for_sharing(
        "{\"checkEligibility\":{\"responseType\":1},\"customer\":\"jane\" oops",
        &opts,
    );
    assert_eq!(out, "[redacted:unreadable-answer]");
    assert_eq!(removed[0].reason, "unreadable-answer");
    let xml = "<checkEligibility><responseType>1</responseType></checkEligibility>";
    assert_eq!(
        ece_triage::analysis::sanitize_for_sharing(xml, &opts).0,
        xml
    );
}
