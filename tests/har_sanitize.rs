//! The sanitizer over every sample HAR, log and answer and the constructed ECE captures: no listed
//! secret survives, nothing outside the markers changes, and a second pass changes nothing.

use ece_triage::har::{self, fixtures};
use ece_triage::sanitize::{self, SanitizeOptions};
use serde_json::Value;
use std::collections::BTreeSet;

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

fn read(dir: &str) -> Vec<(String, String)> {
    let dir = format!("{}/samples/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn fixture_text(rt: i64) -> String {
    serde_json::to_string_pretty(&fixtures::full_capture(rt)).unwrap()
}

fn samples() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = read("har")
        .into_iter()
        .filter(|(n, _)| !n.contains("not-"))
        .collect();
    for rt in 0..3 {
        v.push((format!("fixture-full-{rt}"), fixture_text(rt)));
    }
    v.push((
        "fixture-compact".into(),
        fixtures::full_capture(1).to_string(),
    ));
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

/// Byte-faithful outside the markers, and a second pass changes nothing.
fn assert_faithful_and_idempotent(name: &str, input: &str, out: &str) {
    if let Err(e) = sanitize::faithful(input, out) {
        panic!("{name}: not byte-faithful: {e}");
    }
    let (twice, again) = sanitize::sanitize_for_sharing(out, &SanitizeOptions::default());
    assert!(twice == out, "{name}: a second pass changed it ({again:?})");
}

#[test]
fn no_listed_secret_survives_in_any_har_and_nothing_else_changes() {
    let opts = SanitizeOptions::default();
    for (name, text) in samples() {
        let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let mut listed = Vec::new();
        secrets(&v, &mut listed);
        if name.starts_with("fixture") {
            listed.extend(FIXTURE_SECRETS.iter().map(|s| s.to_string()));
            assert!(listed.len() > 20, "{name}: {listed:?}");
        }
        let (out, applied) = sanitize::har_text(&text, &opts).unwrap();
        assert_eq!(
            (out.clone(), applied.clone()),
            sanitize::sanitize_for_sharing(&text, &opts),
            "{name}: the dispatcher reads it as a HAR"
        );
        for s in &listed {
            assert!(!out.contains(s.as_str()), "{name}: secret {s:?} survived");
        }
        assert_faithful_and_idempotent(&name, &text, &out);
        // Still a HAR with the same entries and ECE calls.
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
fn every_sample_log_and_answer_is_sanitized_faithfully() {
    let opts = SanitizeOptions::default();
    for (name, text) in read("seed") {
        let (out, _) = sanitize::sanitize_for_sharing(&text, &opts);
        assert_faithful_and_idempotent(&name, &text, &out);
        // The seed's one secret is a listener HttpSessionId; CTI session numbers
        // (`SessionID = 6`), router states and ids stay.
        if name == "listener-login.log" {
            assert_eq!(
                out,
                text.replace("IrltMMd3T0prrkbhAwK8wkL5", "[redacted:session]")
            );
        } else {
            assert_eq!(out, text, "{name}");
        }
    }
    let synthetic = [
        "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> HttpSessionId:IrltMMd3T0prrkbhAwK8wkL5 <@> mail a.b@c.com\r\n",
        "\u{feff}JSESSIONID = 0123456789abcdef; Path=/\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n",
        "{\"checkEligibility\":{\"responseType\":1},\"sessionId\":\"abc123def456\",\"n\":1.6869999996825351,\"phone\":4420794600}",
        "<checkEligibility responseType=\"1\" sid=\"100_abc\"><email>j@x.org</email></checkEligibility>",
        "[{\"token\": \"x\"}, 1.50, {\"nested\": \"{\\\"password\\\": 12}\"}]",
    ];
    for (i, text) in synthetic.iter().enumerate() {
        let (out, removed) = sanitize::sanitize_for_sharing(text, &opts);
        assert!(!removed.is_empty(), "synthetic {i}: {out}");
        assert_faithful_and_idempotent(&format!("synthetic {i}"), text, &out);
    }
}

#[test]
fn fixture_redactions_are_structural_and_explained() {
    let text = fixture_text(1);
    let (s, plan) = sanitize::har_text(&text, &Default::default()).unwrap();
    let has = |name: &str, reason: &str| {
        plan.iter()
            .any(|r| r.name.eq_ignore_ascii_case(name) && r.reason == reason)
    };
    assert!(has("JSESSIONID", "cookie"));
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
    assert!(s.contains("Bearer [redacted:credential]"));
    assert!(s.contains("JSESSIONID=[redacted:cookie]; Path=/system; Secure; HttpOnly"));
    assert!(s.contains(r#"<message type=\"chat\" xmlns=\"jabber:client\"><body>[redacted:chat-text]</body></message>"#), "{s}");
    assert!(s.contains("to=\\\"1001\\\""), "entry point id kept");
    assert!(s.contains("https://user:[redacted:url-password]@files.example.com/a.js"));

    // Keep an item by name; add one by name.
    let opts = SanitizeOptions {
        keep: vec!["authorization".into()],
        extra_names: vec!["User-Agent".into()],
    };
    let (s, r) = sanitize::har_text(&text, &opts).unwrap();
    assert!(s.contains(fixtures::JWT), "kept Authorization");
    assert!(!s.contains("Mozilla/5.0"), "extra name removed");
    assert!(r.iter().any(|x| x.reason == "extra"));
    // Keep by exact path.
    let first = plan[0].clone();
    let (_, r) = sanitize::har_text(
        &text,
        &SanitizeOptions {
            keep: vec![first.path.clone()],
            extra_names: vec![],
        },
    )
    .unwrap();
    assert!(!r.iter().any(|x| x.path == first.path));
}

#[test]
fn har_text_reports_reader_errors() {
    let e = sanitize::har_text("{\"log\": 1}", &Default::default()).unwrap_err();
    assert!(e.message.contains("\"log\""), "{}", e.message);
    assert_eq!(e.reason, "unreadable-har");
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
    let text = fixtures::har(vec![e, other]).to_string();
    let (s, _) = sanitize::har_text(&text, &Default::default()).unwrap();
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
    let (out, removed) = sanitize::sanitize_for_sharing(text, &SanitizeOptions::default());
    assert!(
        !out.contains("ABCDEF0123") && !out.contains("agent@example.com"),
        "{out}"
    );
    let lines: Vec<&str> = removed.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(lines, ["line 2", "line 2", "line 4"], "{removed:?}");
}

#[test]
fn a_har_that_does_not_read_is_withheld_whole_from_sharing() {
    let good = fixture_text(1);
    // A control character inside a string: not JSON any more, cookies still on their own lines.
    let broken = good.replacen("JSESSIONID=", "JSESSIONID=\u{1}", 1);
    assert!(har::read_har(broken.as_bytes()).is_err());
    let (out, removed) = sanitize::sanitize_for_sharing(&broken, &SanitizeOptions::default());
    assert!(!out.contains(fixtures::JSESSIONID), "{out}");
    assert_eq!(out, "[redacted:unreadable-har]");
    assert_eq!(removed.len(), 1);
    assert!(
        removed[0].name.starts_with("not a readable HAR (line "),
        "{removed:?}"
    );
    let (twice, _) = sanitize::sanitize_for_sharing(&out, &SanitizeOptions::default());
    assert_eq!(twice, out);
}

#[test]
fn an_api_answer_that_does_not_read_is_withheld_but_an_xml_answer_is_kept() {
    let opts = SanitizeOptions::default();
    let (out, removed) = sanitize::sanitize_for_sharing(
        "{\"checkEligibility\":{\"responseType\":1},\"customer\":\"jane\" oops",
        &opts,
    );
    assert_eq!(out, "[redacted:unreadable-answer]");
    assert_eq!(removed[0].reason, "unreadable-answer");
    let xml = "<checkEligibility><responseType>1</responseType></checkEligibility>";
    assert_eq!(sanitize::sanitize_for_sharing(xml, &opts).0, xml);
}

/// Every header name in the sample HARs that sanitizing touches, with why. A standard header
/// (`sec-ch-ua-mobile: ?0`, `accept`, `user-agent` ...) must not appear here.
#[test]
fn which_sample_headers_are_redacted_and_why() {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut all_names: BTreeSet<String> = BTreeSet::new();
    for (name, text) in read("har") {
        if name.contains("not-") {
            continue;
        }
        let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let (_, removed) = sanitize::har_text(&text, &Default::default()).unwrap();
        for r in removed {
            // `log.entries[3].request.headers[1]` or `...headers[1]:JSESSIONID` (a cookie in it).
            let Some((head, rest)) = r.path.split_once(".headers[") else {
                continue;
            };
            let idx: usize = rest.split(']').next().unwrap().parse().unwrap();
            let ptr = format!(
                "/{}/headers/{idx}/name",
                head.replace(".entries[", "/entries/")
                    .replace("].", "/")
                    .replace('.', "/")
            );
            let hname = v.pointer(&ptr).and_then(Value::as_str).unwrap_or("?");
            seen.insert((hname.to_ascii_lowercase(), r.reason.clone()));
        }
        for e in v["log"]["entries"].as_array().unwrap() {
            for part in ["request", "response"] {
                for h in e[part]["headers"].as_array().into_iter().flatten() {
                    all_names.insert(h["name"].as_str().unwrap_or("").to_ascii_lowercase());
                }
            }
        }
    }
    let seen: Vec<String> = seen.iter().map(|(n, r)| format!("{n}: {r}")).collect();
    assert_eq!(all_names.len(), 56, "{all_names:?}");
    assert!(all_names.contains("sec-ch-ua-mobile") && all_names.contains("user-agent"));
    assert_eq!(
        seen,
        [
            // Every cookie value (the names stay).
            "cookie: cookie",
            // www.cnn.com redirects to bango.net/(X(1)S(pvnzao4525kprh2z121oqv55))/…: ASP.NET's
            // cookieless session id, the value of the ASP.NET_SessionId cookie, echoed in a URL.
            "location: cookie",
            "set-cookie: cookie",
        ]
    );
}

/// Found by fuzzing (tests/fuzz_regressions/har_model/a-planted-secret-kept-in-a-url-path-after-
/// an-encoded-space-and-at): a URL's password, redacted where it stands, was kept where the
/// capture repeats it (another URL's path, a header, a body).
#[test]
fn a_url_password_goes_wherever_the_capture_repeats_it() {
    let har = r#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[
{"startedDateTime":"2026-12-06T04:00:00.000Z","time":1,"request":{"method":"GET","url":"https://bob:Zq7tVdWpvWm8@ece.example.com/static/o-%01%20%40.Zq7tVdWpvWm8dddd","httpVersion":"HTTP/1.1","headers":[{"name":"X-Note","value":"was Zq7tVdWpvWm8"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/plain","text":"pw=Zq7tVdWpvWm8;"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}"#;
    let (out, removed) = sanitize::sanitize_for_sharing(har, &SanitizeOptions::default());
    assert!(!out.contains("Zq7tVdWpvWm8"), "{out}");
    assert!(out.contains("https://bob:[redacted:url-password]@ece.example.com/static/o-%01%20%40.[redacted:url-password]dddd"), "{out}");
    assert!(
        out.contains(r#""value":"was [redacted:url-password]""#),
        "{out}"
    );
    assert!(
        removed
            .iter()
            .filter(|r| r.reason == "url-password")
            .count()
            >= 3,
        "{removed:?}"
    );
    assert_faithful_and_idempotent("url password echoed", har, &out);
}
