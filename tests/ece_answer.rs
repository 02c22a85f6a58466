//! The entry-point answer explained: pasted answers, URLs, commands.

use ece_triage::ece::{self, AnswerKind, Availability, ResponseType, UrlError};
use ece_triage::model::Confidence;

fn seed() -> String {
    std::fs::read_to_string(format!(
        "{}/samples/seed/initialize-response.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn seed_answer_every_field_has_meaning_and_confidence() {
    let e = ece::explain_answer(200, Some("application/json;charset=UTF-8"), &seed());
    assert_eq!(e.kind, AnswerKind::Initialize);
    assert_eq!(e.response_type, Some(0));
    assert_eq!(e.availability, Availability::Open);
    assert!(e.customer_sees.as_deref().unwrap().contains("login form"));
    let conf = |n: &str| {
        e.fields
            .iter()
            .find(|f| f.name == n)
            .unwrap_or_else(|| panic!("{n}"))
            .confidence
    };
    for n in [
        "checkEligibility",
        "maskingPatterns",
        "htmlTagMatcherRegEx",
        "htmlTagMatcherIncr",
    ] {
        assert_eq!(conf(n), Confidence::Confirmed, "{n}");
    }
    for n in [
        "isVideoChatLicensed",
        "isVideoChatEnabled",
        "videoChatMaxEscalation",
        "isDirectAudioChatEnabled",
        "isChatAttachmentEnabled",
        "maxChatAttachmentSize",
        "isBlackListType",
        "isOffRecordEnabled",
        "isOneTagOff",
    ] {
        assert_eq!(conf(n), Confidence::Inferred, "{n}");
        assert!(
            e.fields
                .iter()
                .find(|f| f.name == n)
                .unwrap()
                .meaning
                .contains("read from the name"),
            "{n}"
        );
    }
    assert_eq!(e.fields.len(), 13);
    assert!(e.unknown_fields.is_empty());
    // Fields appear in the documented order, not alphabetically.
    assert_eq!(e.fields[0].name, "checkEligibility");
}

#[test]
fn unknown_fields_are_listed_raw_and_unknown_values_not_guessed() {
    let body = seed()
        .replace("\"responseType\":0", "\"responseType\":\"9\"")
        .replace(
            "\"isOneTagOff\":true",
            "\"isOneTagOff\":true,\"newThing\":{\"a\":1}",
        );
    let e = ece::explain_answer(200, None, &body);
    assert_eq!(e.response_type, Some(9));
    assert_eq!(e.availability, Availability::Unknown);
    assert!(e.headline.contains("unknown value"), "{}", e.headline);
    assert_eq!(e.unknown_fields.len(), 1);
    assert_eq!(e.unknown_fields[0].name, "newThing");
    assert_eq!(e.unknown_fields[0].value, "{\"a\":1}");
    let e = ece::explain_answer(
        200,
        None,
        r#"{"checkEligibility":{"responseType":"soon"},"maskingPatterns":null}"#,
    );
    assert_eq!(e.response_type, None);
    assert!(e.headline.contains("unknown value"), "{}", e.headline);
    let e = ece::explain_answer(200, None, r#"{"maskingPatterns":{"maskingPattern":[]}}"#);
    assert!(e.headline.contains("no responseType"), "{}", e.headline);
}

#[test]
fn response_type_texts() {
    assert!(ResponseType::from_code(0)
        .meaning()
        .contains("agent is available or the queue is not yet full"));
    assert!(ResponseType::from_code(1)
        .meaning()
        .contains("no agent is available"));
    assert!(ResponseType::from_code(2)
        .meaning()
        .contains("maximum depth"));
    assert!(ResponseType::from_code(-1).meaning().contains("unknown"));
    for c in [0, 1, 2, 5] {
        let rt = ResponseType::from_code(c);
        assert_eq!(rt.code(), c);
        assert!(!rt.customer_sees().is_empty());
        assert!(!rt.next_steps().is_empty());
    }
}

#[test]
fn probe_answers_in_xml_and_json() {
    let x = |b: &str| ece::explain_answer(200, Some("application/xml"), b);
    let e = x(r#"<checkEligibility responseType="2" xmlns:ns2="http://bindings.egain.com/chat"/>"#);
    assert_eq!(
        (e.kind, e.response_type, e.availability),
        (
            AnswerKind::CheckEligibility,
            Some(2),
            Availability::QueueFull
        )
    );
    let e = ece::explain_answer(200, Some("application/json"), r#"{"responseType":1}"#);
    assert_eq!(
        (e.kind, e.response_type),
        (AnswerKind::CheckEligibility, Some(1))
    );
    let e = ece::explain_answer(
        200,
        Some("application/json"),
        r#"{"checkEligibility":{"responseType":0}}"#,
    );
    assert_eq!(
        (e.kind, e.response_type),
        (AnswerKind::CheckEligibility, Some(0))
    );
    let e = x(r#"<agentAvailability available="true"/>"#);
    assert_eq!(
        (e.kind, e.availability),
        (AnswerKind::AgentAvailability, Availability::Open)
    );
    let e = ece::explain_answer(200, Some("application/json"), r#"{"available":false}"#);
    assert_eq!(
        (e.kind, e.availability),
        (AnswerKind::AgentAvailability, Availability::NoAgent)
    );
    let e = x("<availableSlots><ns2:count>3</ns2:count></availableSlots>");
    assert_eq!(
        (e.kind, e.availability),
        (AnswerKind::Capacity, Availability::Open)
    );
    let e = ece::explain_answer(200, None, r#"{"waitTime":10,"queueDepth":2}"#);
    assert_eq!(e.kind, AnswerKind::QueueStatus);
    assert!(e.headline.contains("queue depth 2"));
    let e = x(r#"<chatAllowed allowed="false"/>"#);
    assert_eq!(e.kind, AnswerKind::ChatAllowed);
    let e = x(
        r#"<body type="terminate" condition="other-request" xmlns="http://jabber.org/protocol/httpbind"/>"#,
    );
    assert!(e.headline.contains("duplicate session"), "{}", e.headline);
    let e = x(r#"<body type="terminate" condition="remote-connection-failed:503"/>"#);
    assert!(e.headline.contains("code 503"), "{}", e.headline);
    let e = x(r#"<body type="terminate" condition="system-shutdown"/>"#);
    assert_eq!(e.availability, Availability::Closed);
}

#[test]
fn http_failures_are_explained_as_such() {
    let e = ece::explain_answer(0, None, "");
    assert_eq!(e.kind, AnswerKind::NetworkFailure);
    let e = ece::explain_answer(
        404,
        Some("text/html"),
        "<html><title>Not Found</title></html>",
    );
    assert!(
        e.headline.contains("HTTP 404") && e.headline.contains("Not Found"),
        "{}",
        e.headline
    );
    let e = ece::explain_answer(503, None, "");
    assert!(e.headline.contains("application server"), "{}", e.headline);
    let e = ece::explain_answer(
        200,
        Some("text/html"),
        "<!DOCTYPE html><html><head><title>Proxy error</title></head></html>",
    );
    assert_eq!(e.kind, AnswerKind::Page);
    assert!(e.headline.contains("Proxy error"));
    let e = ece::explain_answer(
        200,
        Some("text/html"),
        "<html><form action='/login'><input type=\"password\"></form></html>",
    );
    assert_eq!(e.kind, AnswerKind::LoginPage);
    let e = ece::explain_redirect(302, Some("https://idp.example.com/saml/login?x=1"));
    assert_eq!(e.kind, AnswerKind::LoginPage);
    let e = ece::explain_redirect(301, Some("https://ece.example.com/other"));
    assert_eq!(e.kind, AnswerKind::Redirect);
    let e = ece::explain_answer(200, None, "   ");
    assert_eq!(e.kind, AnswerKind::Empty);
    let e = ece::explain_answer(200, None, "{\"checkEligibility\":");
    assert_eq!(e.kind, AnswerKind::Unrecognised);
    assert!(e.headline.contains("does not parse"));
    let e = ece::explain_network_error(Some("net::ERR_NAME_NOT_RESOLVED"));
    assert!(e.headline.contains("DNS"));
}

#[test]
fn initialize_urls() {
    let u = |b: &str, id: &str| ece::initialize_url(b, id);
    let want = "https://ece.example.com/system/egain/chat/entrypoint/initialize/1001";
    assert_eq!(u("https://ece.example.com", "1001").unwrap(), want);
    assert_eq!(u("https://ece.example.com/", "1001").unwrap(), want);
    assert_eq!(
        u(" https://ece.example.com/system/ ", " 1001 ").unwrap(),
        want
    );
    assert_eq!(
        u("HTTP://ece:8080/ece", "ab12").unwrap(),
        "HTTP://ece:8080/ece/system/egain/chat/entrypoint/initialize/ab12"
    );
    assert_eq!(u("", "1"), Err(UrlError::Empty));
    assert_eq!(u("ftp://x", "1"), Err(UrlError::Scheme("ftp://".into())));
    assert_eq!(
        u("ece.example.com", "1"),
        Err(UrlError::Scheme("ece.example.com".into()))
    );
    assert_eq!(u("https://", "1"), Err(UrlError::NoHost));
    assert_eq!(
        u("https://h/x?y", "1"),
        Err(UrlError::BadCharacter {
            ch: '?',
            position: 11
        })
    );
    assert_eq!(u("https://h", ""), Err(UrlError::EmptyEntryPoint));
    let e = u("https://h", "10 01").unwrap_err();
    assert_eq!(
        e,
        UrlError::BadEntryPoint {
            id: "10 01".into(),
            ch: ' '
        }
    );
    assert!(e.to_string().contains("digits"), "{e}");
    assert!(u("ftp://x", "1")
        .unwrap_err()
        .to_string()
        .contains("http:// or https://"));
}

#[test]
fn commands() {
    let url = "https://ece.example.com/system/egain/chat/entrypoint/initialize/1001";
    assert_eq!(
        ece::curl_command(url),
        format!("curl -i -H 'Accept: application/json' '{url}'")
    );
    let ps = ece::powershell_command(url);
    assert!(ps.starts_with("Invoke-WebRequest"));
    assert!(ps.contains("Accept='application/json'"));
    assert!(ps.contains(&format!("-Uri '{url}'")));
    assert_eq!(
        ece::curl_command("https://h/a'b"),
        "curl -i -H 'Accept: application/json' 'https://h/a'\\''b'"
    );
    assert!(ece::powershell_command("https://h/a'b").contains("'https://h/a''b'"));
}
