//! Constructed ECE captures: the listing, the explanations, time order, customer data kept apart.

use ece_triage::ece::{AnswerKind, Availability};
use ece_triage::har::{self, fixtures, CallKind};

fn read(v: &serde_json::Value) -> har::HarCapture {
    har::read_har(v.to_string().as_bytes()).unwrap()
}

#[test]
fn initialize_response_types_are_explained() {
    for (rt, avail, word) in [
        (0, Availability::Open, "takes new chats"),
        (1, Availability::NoAgent, "no agent is available"),
        (2, Availability::QueueFull, "maximum depth"),
    ] {
        let cap = read(&fixtures::har(fixtures::template_and_initialize(rt)));
        assert_eq!(cap.calls.len(), 2);
        assert!(matches!(cap.calls[0].kind, CallKind::TemplatePage(ref t) if t == "aqua"));
        assert_eq!(cap.calls[0].entry_point_id.as_deref(), Some("1001"));
        let init = &cap.calls[1];
        assert_eq!(init.kind, CallKind::Initialize);
        assert_eq!(init.method, "GET");
        assert_eq!(init.path, "/system/egain/chat/entrypoint/initialize/1001");
        assert_eq!(init.status, 200);
        assert_eq!(init.time_ms, Some(42.5));
        assert_eq!(init.answer.response_type, Some(rt));
        assert_eq!(init.answer.availability, avail);
        assert!(
            init.answer.headline.contains(word),
            "{}",
            init.answer.headline
        );
        assert!(init.answer.customer_sees.is_some());
        assert!(!init.answer.next_steps.is_empty());
        // Every seed field explained, with the session header from the response headers.
        let names: Vec<&str> = init.answer.fields.iter().map(|f| f.name.as_str()).collect();
        for f in [
            "checkEligibility",
            "maskingPatterns",
            "isVideoChatLicensed",
            "isOneTagOff",
            "htmlTagMatcherRegEx",
            "X-egain-session",
        ] {
            assert!(names.contains(&f), "{f} missing from {names:?}");
        }
        assert!(init.answer.unknown_fields.is_empty());
        let listing = har::listing(&cap);
        assert!(listing.contains("GET /system/egain/chat/entrypoint/initialize/1001 [initialize] ep 1001  200 42 ms  responseType"), "{listing}");
        assert!(
            !listing.contains(fixtures::EGAIN_SESSION),
            "session id must not be listed"
        );
        let eps = ece_triage::sanitize::entry_points(&cap);
        assert_eq!(eps.len(), 1);
        assert_eq!(eps[0].response_type, Some(rt));
    }
}

#[test]
fn entry_point_summary_serializes_exactly() {
    let cap = read(&fixtures::har(fixtures::template_and_initialize(0)));
    let eps = ece_triage::sanitize::entry_points(&cap);
    let json = serde_json::to_string(&eps[0]).unwrap();
    let expected = format!(
        r#"{{"entry_point_id":"1001","url":"https://ece.example.com/system/egain/chat/entrypoint/initialize/1001","status":200,"response_type":0,"meaning":{},"time":"2024-05-06T10:00:00.400Z"}}"#,
        serde_json::to_string(&eps[0].meaning).unwrap()
    );
    assert_eq!(json, expected);
}

#[test]
fn full_capture_listing_in_time_order() {
    let cap = read(&fixtures::full_capture(1));
    let kinds: Vec<String> = cap.calls.iter().map(|c| c.kind.label()).collect();
    assert_eq!(
        kinds,
        [
            "template page (aqua)",
            "initialize",
            "checkEligibility",
            "agentAvailability",
            "capacity",
            "chat session (BOSH)",
            "chat session (BOSH)",
            "sessionStatus",
            "chat session (BOSH)",
            "initialize",
            "initialize",
            "initialize"
        ]
    );
    // Non-ECE entries are counted, not listed: analytics, api login, script, SSO login page.
    assert_eq!(cap.other.len(), 4);
    assert_eq!(cap.entries, 16);
    assert_eq!(cap.other[0].host_path, "www.example.com/collect");
    assert_eq!(cap.other[0].status, Some(204));
    let others = har::other_listing(&cap);
    assert!(
        others.starts_with("#2 GET www.example.com/collect 204\n"),
        "{others}"
    );
    assert!(
        !others.contains("SECRETTOKEN"),
        "no query strings in the cheap list"
    );
    let starts: Vec<i64> = cap.calls.iter().map(|c| c.started_ms.unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));

    let by_path = |p: &str| cap.calls.iter().find(|c| c.path.ends_with(p)).unwrap();
    let ce = by_path("checkEligibility/1001");
    assert_eq!(ce.answer.kind, AnswerKind::CheckEligibility);
    assert_eq!(ce.answer.response_type, Some(1));
    let aa = by_path("agentAvailability/1001");
    assert_eq!(aa.answer.availability, Availability::NoAgent);
    assert!(aa.answer.headline.contains("available=false"));
    let cp = by_path("capacity/1001");
    assert!(
        cp.answer.headline.contains("0 available slots"),
        "{}",
        cp.answer.headline
    );
    let ss = by_path("sessionStatus/100234_9f8e7d");
    assert!(
        ss.answer.headline.contains("queue depth 2"),
        "{}",
        ss.answer.headline
    );
    assert!(
        ss.answer.headline.contains("wait time 8.0 s"),
        "{}",
        ss.answer.headline
    );

    // BOSH: the create names the entry point; the terminate says what the client makes of it
    // (client code: inferred), once.
    let bosh: Vec<_> = cap
        .calls
        .iter()
        .filter(|c| c.kind == CallKind::BoshSession)
        .collect();
    assert_eq!(bosh[0].entry_point_id.as_deref(), Some("1001"));
    assert!(
        bosh[0]
            .answer
            .headline
            .contains("requested for entry point 1001"),
        "{}",
        bosh[0].answer.headline
    );
    let term = bosh[2];
    assert_eq!(term.answer.availability, Availability::Closed);
    assert!(term.answer.headline.contains("system-shutdown"));
    assert!(
        term.answer.headline.contains("agents not available")
            && term.answer.headline.contains("inferred"),
        "{}",
        term.answer.headline
    );
    assert_eq!(
        term.answer.headline.matches("ended").count(),
        1,
        "{}",
        term.answer.headline
    );
    // Chat text is customer data: present on request, absent from listing and JSON.
    let texts: Vec<&str> = cap
        .calls
        .iter()
        .flat_map(|c| c.customer_data.iter().map(|d| d.text.as_str()))
        .collect();
    assert!(texts.contains(&fixtures::CHAT_TEXT));
    assert!(texts.contains(&fixtures::CUSTOMER_PHONE));
    assert!(texts.contains(&fixtures::CUSTOMER_EMAIL));
    assert!(
        bosh[1].answer.headline.contains(
            "1 message(s) sent; 1 message(s) received (chat text is customer data, hidden)"
        ),
        "{}",
        bosh[1].answer.headline
    );
    let listing = har::listing(&cap);
    let json = serde_json::to_string(&cap).unwrap();
    for secret in [
        fixtures::CHAT_TEXT,
        fixtures::CUSTOMER_PHONE,
        "Let me check that",
        fixtures::JSESSIONID,
        "hunter2",
    ] {
        assert!(!listing.contains(secret), "listing leaks {secret}");
        assert!(!json.contains(secret), "JSON leaks {secret}");
    }
    assert!(
        listing.contains("12 ECE chat call(s), 4 other request(s) not listed."),
        "{listing}"
    );

    // Failures.
    let cors = by_path("initialize/1002");
    assert_eq!(cors.status, 0);
    assert_eq!(cors.error.as_deref(), Some("net::ERR_FAILED"));
    assert_eq!(cors.answer.kind, AnswerKind::NetworkFailure);
    assert!(
        cors.answer.headline.contains("CORS"),
        "{}",
        cors.answer.headline
    );
    assert_eq!(cors.time_ms, Some(42.5));
    assert!(listing.contains("0 net::ERR_FAILED"), "{listing}");
    let redirect = by_path("initialize/1003");
    assert_eq!(redirect.answer.kind, AnswerKind::LoginPage);
    assert!(
        redirect.answer.headline.contains("login page"),
        "{}",
        redirect.answer.headline
    );
    assert!(
        !redirect.answer.headline.contains("token123"),
        "query must not be shown"
    );
    let e500 = by_path("initialize/1004");
    assert_eq!(e500.answer.kind, AnswerKind::HttpError);
    assert!(e500.answer.headline.contains("HTTP 500"));
    assert!(
        e500.answer
            .headline
            .contains("Error 500 - Internal Server Error"),
        "{}",
        e500.answer.headline
    );
    let eps = ece_triage::sanitize::entry_points(&cap);
    assert_eq!(
        eps.iter()
            .map(|e| e.entry_point_id.as_str())
            .collect::<Vec<_>>(),
        ["1001", "1001", "1002", "1003", "1004"]
    );
    assert_eq!(eps[2].status, 0);
    assert_eq!(eps[2].response_type, None);
}

#[test]
fn quirky_exporters_are_tolerated() {
    // BOM, HAR 1.1, pages null, dangling pageref, string/negative/null numbers, timings {},
    // missing content.text, base64 bodies, _-prefixed fields, status as a string.
    let body = fixtures::initialize_body(2);
    let b64 = base64_encode(body.as_bytes());
    let text = format!(
        "\u{feff}{{\"log\":{{\"version\":\"1.1\",\"pages\":null,\"entries\":[\
         {{\"pageref\":\"nope\",\"startedDateTime\":\"2024-05-06T12:00:01.000+02:00\",\"time\":\"12.5\",\"request\":{{\"method\":\"GET\",\"url\":\"http://ece/system/egin/chat/entrypoint/initialize/77\",\"headersSize\":null}},\
           \"response\":{{\"status\":\"200\",\"content\":{{\"mimeType\":\"application/json\",\"encoding\":\"base64\",\"text\":\"{b64}\"}},\"_x\":1}},\"timings\":{{}}}},\
         {{\"startedDateTime\":\"2024-05-06T10:00:00.000Z\",\"time\":null,\"request\":{{\"method\":\"GET\",\"url\":\"http://ece/system/egain/chat/entrypoint/checkEligibility/77\"}},\
           \"response\":{{\"status\":200,\"content\":{{\"size\":-1}}}},\"timings\":{{\"send\":-1,\"wait\":\"3\",\"receive\":null}}}},\
         {{\"request\":null}}, 42, {{\"request\":{{\"url\":17}}}}\
        ]}}}}"
    );
    let cap = har::read_har(text.as_bytes()).unwrap();
    assert_eq!(cap.entries, 5);
    assert_eq!(cap.calls.len(), 2);
    // Time order: 10:00:00Z before 12:00:01+02:00 (= 10:00:01Z).
    assert_eq!(cap.calls[0].kind, CallKind::CheckEligibility);
    assert_eq!(cap.calls[0].answer.kind, AnswerKind::NotCaptured);
    assert_eq!(cap.calls[0].time_ms, Some(3.0));
    let init = &cap.calls[1];
    assert_eq!(init.entry_point_id.as_deref(), Some("77"));
    assert_eq!(init.time_ms, Some(12.5));
    assert_eq!(init.answer.response_type, Some(2));
    assert!(cap.warnings.iter().any(|w| w.contains("byte order mark")));
    assert!(
        cap.warnings.iter().any(|w| w.contains("nope")),
        "{:?}",
        cap.warnings
    );
    assert!(
        cap.warnings.iter().any(|w| w.contains("not objects")),
        "{:?}",
        cap.warnings
    );
    assert!(
        cap.warnings.iter().any(|w| w.contains("no request URL")),
        "{:?}",
        cap.warnings
    );
}

#[test]
fn status_zero_error_texts_are_told_apart() {
    for (err, word) in [
        ("net::ERR_NAME_NOT_RESOLVED", "DNS"),
        ("net::ERR_INTERNET_DISCONNECTED", "offline"),
        ("net::ERR_BLOCKED_BY_CLIENT", "blocker"),
        ("net::ERR_FAILED", "CORS"),
        ("net::ERR_CERT_AUTHORITY_INVALID", "certificate"),
        ("net::ERR_CONNECTION_REFUSED", "could not be reached"),
    ] {
        let mut e = fixtures::entry(
            0.0,
            "GET",
            "https://h/system/egain/chat/entrypoint/initialize/1",
            None,
            0,
            "",
            None,
            &[],
        );
        e["response"]["_error"] = serde_json::json!(err);
        let cap = read(&fixtures::har(vec![e]));
        assert!(
            cap.calls[0].answer.headline.contains(word),
            "{err}: {}",
            cap.calls[0].answer.headline
        );
    }
}

#[test]
fn empty_and_non_ece_captures_say_what_to_capture() {
    let cap = har::read_har(br#"{"log":{"entries":[]}}"#).unwrap();
    assert!(cap.summary().contains("No ECE chat calls"));
    assert!(cap.summary().contains("then export HAR"));
    let cap = read(&fixtures::har(fixtures::noise()));
    assert_eq!(cap.other.len(), 3);
    assert!(har::listing(&cap).contains("No ECE chat calls in this capture (3 other request(s))"));
    for bad in [
        "",
        "[]",
        "{}",
        r#"{"log":[]}"#,
        r#"{"log":{"entries":{}}}"#,
        "\"x\"",
        "null",
    ] {
        let e = har::read_har(bad.as_bytes()).unwrap_err();
        assert!(e.line >= 1 && !e.message.is_empty(), "{bad}: {e:?}");
    }
}

fn base64_encode(b: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                s.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[test]
#[ignore = "prints the listing of the full fixture for eyeballing"]
fn show_listing() {
    let cap = read(&fixtures::full_capture(1));
    println!("{}", har::listing(&cap));
    println!(
        "{}",
        serde_json::to_string_pretty(&cap.calls[1].answer).unwrap()
    );
}

#[test]
fn bodies_of_non_ece_entries_are_skipped_unread() {
    // Invalid UTF-8 inside a non-ECE body: skipped without validation (never materialised);
    // the same bytes in an ECE call are read, so they are an error there.
    let make = |url: &str| -> Vec<u8> {
        let t = format!(
            r#"{{"log":{{"entries":[{{"request":{{"url":"{url}","postData":{{"text":"X"}}}},"response":{{"status":200,"content":{{"text":"X"}}}}}}]}}}}"#
        );
        t.bytes()
            .map(|b| if b == b'X' { 0xFF } else { b })
            .collect()
    };
    let cap = har::read_har(&make("https://shop.example.com/a.png")).unwrap();
    assert_eq!(cap.other.len(), 1);
    assert!(har::read_har(&make("https://h/system/egain/chat/entrypoint/initialize/1")).is_err());
}
