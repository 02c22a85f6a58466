//! Synthetic Chrome-shaped captures of ECE chat traffic, for tests, demos and the benchmark.
//!
//! All names, addresses and texts here are invented.

use serde_json::{json, Value};

/// The ECE host used by the fixtures.
pub const HOST: &str = "https://ece.example.com";

/// A chat message the customer types in [`bosh_system_shutdown`] (customer data).
pub const CHAT_TEXT: &str = "Hello, my order 12345 never arrived";
/// The customer's e-mail address in the fixtures.
pub const CUSTOMER_EMAIL: &str = "jane.doe@example.org";
/// The customer's phone number in the fixtures.
pub const CUSTOMER_PHONE: &str = "+44 20 7946 0018";
/// The session cookie value in the fixtures.
pub const JSESSIONID: &str = "8F3A2B1C9D0E7F6A5B4C3D2E1F0A9B8C";
/// The bearer token (a JWT) in the fixtures.
pub const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXNlY3JldA";
/// The eGain session header value in the fixtures.
pub const EGAIN_SESSION: &str = "d6f1c0a2-7b3e-4c55-9a1e-2f7b9c0d1e2f";

fn hdrs(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

/// One Chrome-shaped entry. `started` is seconds after 10:00:00 on 2024-05-06 (UTC).
#[allow(clippy::too_many_arguments)]
pub fn entry(
    started: f64,
    method: &str,
    url: &str,
    request_body: Option<(&str, &str)>,
    status: i64,
    mime: &str,
    body: Option<&str>,
    extra_response_headers: &[(&str, &str)],
) -> Value {
    let ms = (started * 1000.0).round() as i64;
    let ts = format!(
        "2024-05-06T10:{:02}:{:02}.{:03}Z",
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    );
    let mut req_headers = vec![
        ("Accept", "application/json, text/javascript, */*; q=0.01"),
        (
            "Cookie",
            "JSESSIONID=8F3A2B1C9D0E7F6A5B4C3D2E1F0A9B8C; egain-chat-session=s%3Aabc.def",
        ),
        (
            "Authorization",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXNlY3JldA",
        ),
        ("User-Agent", "Mozilla/5.0"),
    ];
    if request_body.is_some() {
        req_headers.push(("Content-Type", "text/xml; charset=utf-8"));
    }
    let mut resp_headers = vec![
        ("Content-Type", mime),
        (
            "Set-Cookie",
            "JSESSIONID=8F3A2B1C9D0E7F6A5B4C3D2E1F0A9B8C; Path=/system; Secure; HttpOnly",
        ),
    ];
    resp_headers.extend_from_slice(extra_response_headers);
    let mut request = json!({
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": hdrs(&req_headers),
        "queryString": [],
        "cookies": [{"name": "JSESSIONID", "value": JSESSIONID, "path": "/system"}],
        "headersSize": -1,
        "bodySize": 0
    });
    if let Some((mime, text)) = request_body {
        request["postData"] = json!({"mimeType": mime, "text": text});
    }
    let mut content = json!({"size": body.map_or(0, |b| b.len()), "mimeType": mime});
    if let Some(b) = body {
        content["text"] = json!(b);
    }
    let mut response = json!({
        "status": status,
        "statusText": if status == 200 { "OK" } else { "" },
        "httpVersion": "HTTP/1.1",
        "headers": hdrs(&resp_headers),
        "cookies": [{"name": "JSESSIONID", "value": JSESSIONID, "path": "/system", "httpOnly": true, "secure": true}],
        "content": content,
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
        "_transferSize": 512
    });
    if status == 0 {
        response["headers"] = json!([]);
        response["cookies"] = json!([]);
    }
    json!({
        "_initiator": {"type": "script"},
        "_priority": "High",
        "_resourceType": if mime.contains("html") { "document" } else { "xhr" },
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": request,
        "response": response,
        "serverIPAddress": if status == 0 { "" } else { "192.0.2.10" },
        "startedDateTime": ts,
        "time": 42.5,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 40.0, "receive": 1.2, "_blocked_queueing": 0.5}
    })
}

/// Wraps entries into a Chrome HAR 1.2 document.
pub fn har(entries: Vec<Value>) -> Value {
    json!({"log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"startedDateTime": "2024-05-06T10:00:00.000Z", "id": "page_1", "title": "chat", "pageTimings": {}}],
        "entries": entries
    }})
}

/// The initialize answer with this responseType (the seed's ECE 11.6 shape).
pub fn initialize_body(response_type: i64) -> String {
    format!(
        r#"{{"checkEligibility":{{"responseType":{response_type}}},"maskingPatterns":{{"maskingPattern":[]}},"isVideoChatLicensed":false,"isVideoChatEnabled":false,"videoChatMaxEscalation":5,"isDirectAudioChatEnabled":true,"isChatAttachmentEnabled":false,"maxChatAttachmentSize":3,"isBlackListType":false,"isOffRecordEnabled":false,"htmlTagMatcherRegEx":"((?:[\\r\\n|\\n]*(?:<[^>]*>)*[\\r\\n|\\n]*)*)","htmlTagMatcherIncr":1,"isOneTagOff":true}}"#
    )
}

/// Template page + initialize/1001 answering `response_type`.
pub fn template_and_initialize(response_type: i64) -> Vec<Value> {
    vec![
        entry(
            0.0,
            "GET",
            &format!("{HOST}/system/templates/chat/aqua/index.html?subActivity=Chat&entryPointId=1001&templateName=aqua&ver=v11&locale=en-US"),
            None,
            200,
            "text/html",
            Some("<!DOCTYPE html><html><head><title>Chat</title></head><body><div id='app'></div></body></html>"),
            &[],
        ),
        entry(
            0.4,
            "GET",
            &format!("{HOST}/system/egain/chat/entrypoint/initialize/1001"),
            None,
            200,
            "application/json",
            Some(&initialize_body(response_type)),
            &[("X-egain-session", EGAIN_SESSION)],
        ),
    ]
}

/// checkEligibility (XML), agentAvailability (XML) and capacity (XML) all saying "no agent".
pub fn probes_no_agent() -> Vec<Value> {
    vec![
        entry(
            1.0,
            "GET",
            &format!("{HOST}/system/egain/chat/entrypoint/checkEligibility/1001"),
            None,
            200,
            "application/xml",
            Some(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><checkEligibility responseType="1" xmlns:ns2="http://bindings.egain.com/chat"/>"#,
            ),
            &[],
        ),
        entry(
            1.1,
            "GET",
            &format!("{HOST}/system/egain/chat/entrypoint/agentAvailability/1001"),
            None,
            200,
            "application/xml",
            Some(
                r#"<?xml version="1.0"?><agentAvailability available="false" xmlns:ns2="http://bindings.egain.com/chat"/>"#,
            ),
            &[],
        ),
        entry(
            1.2,
            "GET",
            &format!("{HOST}/system/egain/chat/entrypoint/capacity/1001"),
            None,
            200,
            "application/xml",
            Some(
                r#"<?xml version="1.0"?><availableSlots xmlns:ns2="http://bindings.egain.com/chat"><ns2:count>0</ns2:count></availableSlots>"#,
            ),
            &[],
        ),
    ]
}

/// A BOSH session: create (with the customer's e-mail, name and phone), a chat message, a
/// queue poll, then the server's `system-shutdown` terminate.
pub fn bosh_system_shutdown() -> Vec<Value> {
    let url = format!("{HOST}/system/egain/chat/entrypoint?entryPointId=1001&templateName=aqua&languageCode=en&countryCode=US&ver=v11&custtimeoffset=-60");
    let create = format!(
        r#"<body rid="3456789" xmlns="http://jabber.org/protocol/httpbind" to="1001" from="{CUSTOMER_EMAIL}" xml:lang="en" wait="60" hold="1" ver="1.6" xmpp:version="1.0" xmlns:xmpp="urn:xmpp:xbosh"><egainParams xmlns="http://bindings.egain.com/chat"><param name="first_name"><mapping><attributeName>first_name</attributeName><objectName>casemgmt::individual_customer_data</objectName><attributeValue>Jane</attributeValue></mapping></param><param name="email_address"><mapping><attributeName>email_address</attributeName><objectName>casemgmt::email_address_contact_point_data</objectName><attributeValue>{CUSTOMER_EMAIL}</attributeValue></mapping></param><param name="phone_number"><mapping><attributeName>phone_number</attributeName><objectName>casemgmt::phone_number_data</objectName><attributeValue>{CUSTOMER_PHONE}</attributeValue></mapping></param></egainParams><messagingData><![CDATA[L10N_OFF_HOURS=Thank you for your inquiry. Our hours are 9 to 5.]]></messagingData></body>"#
    );
    let created = r#"<body xmlns="http://jabber.org/protocol/httpbind" sid="100234_9f8e7d" wait="60" requests="2" inactivity="60" hold="1" ver="1.6"/>"#;
    let msg = format!(
        r#"<body rid="3456790" sid="100234_9f8e7d" xmlns="http://jabber.org/protocol/httpbind"><message type="chat" xmlns="jabber:client"><body>{CHAT_TEXT}</body></message></body>"#
    );
    let reply = r#"<body xmlns="http://jabber.org/protocol/httpbind"><message type="chat" from="Agent Smith" xmlns="jabber:client"><body>Let me check that for you, Jane.</body></message></body>"#;
    let terminate = r#"<body xmlns="http://jabber.org/protocol/httpbind" type="terminate" condition="system-shutdown"/>"#;
    vec![
        entry(
            2.0,
            "POST",
            &url,
            Some(("text/xml; charset=utf-8", &create)),
            200,
            "text/xml",
            Some(created),
            &[],
        ),
        entry(
            2.5,
            "POST",
            &url,
            Some(("text/xml; charset=utf-8", &msg)),
            200,
            "text/xml",
            Some(reply),
            &[],
        ),
        entry(
            3.0,
            "GET",
            &format!("{HOST}/system/egain/chat/entrypoint/sessionStatus/100234_9f8e7d"),
            None,
            200,
            "application/xml",
            Some(
                r#"<sessionStatus xmlns:ns2="http://bindings.egain.com/chat"><ns2:waitTime>8.0</ns2:waitTime><ns2:queueDepth>2</ns2:queueDepth></sessionStatus>"#,
            ),
            &[],
        ),
        entry(
            4.0,
            "POST",
            &url,
            Some((
                "text/xml; charset=utf-8",
                r#"<body rid="3456791" sid="100234_9f8e7d" xmlns="http://jabber.org/protocol/httpbind"/>"#,
            )),
            200,
            "text/xml",
            Some(terminate),
            &[],
        ),
    ]
}

/// Failures: CORS (status 0, net::ERR_FAILED), a redirect to a login page, a 500 error page.
pub fn failures() -> Vec<Value> {
    let mut cors = entry(
        5.0,
        "GET",
        &format!("{HOST}/system/egain/chat/entrypoint/initialize/1002"),
        None,
        0,
        "",
        None,
        &[],
    );
    cors["response"]["_error"] = json!("net::ERR_FAILED");
    cors["response"]["statusText"] = json!("");
    cors["timings"] = json!({});
    let mut redirect = entry(
        6.0,
        "GET",
        &format!("{HOST}/system/egain/chat/entrypoint/initialize/1003"),
        None,
        302,
        "text/html",
        Some(""),
        &[(
            "Location",
            "https://sso.example.com/adfs/ls/?SAMLRequest=fZJNT8MwDIb%2FSpV7&RelayState=token123",
        )],
    );
    redirect["response"]["redirectURL"] = json!(
        "https://sso.example.com/adfs/ls/?SAMLRequest=fZJNT8MwDIb%2FSpV7&RelayState=token123"
    );
    let login = entry(6.2, "GET", "https://sso.example.com/adfs/ls/?SAMLRequest=fZJNT8MwDIb%2FSpV7&RelayState=token123", None, 200, "text/html",
        Some("<html><head><title>Sign In</title></head><body><form method='post' action='/adfs/ls/'><input name='UserName'><input type='password' name='Password'></form></body></html>"), &[]);
    let err500 = entry(7.0, "GET", &format!("{HOST}/system/egain/chat/entrypoint/initialize/1004"), None, 500, "text/html",
        Some("<html><head><title>Error 500 - Internal Server Error</title></head><body>java.lang.NullPointerException</body></html>"), &[]);
    vec![cors, redirect, login, err500]
}

/// Non-ECE noise with secrets in it: analytics with tokens in the query, a JSON login post.
pub fn noise() -> Vec<Value> {
    vec![
        entry(0.2, "GET", "https://www.example.com/collect?v=1&tid=UA-1&access_token=ya29.SECRETTOKEN&email=jane.doe%40example.org", None, 204, "image/gif", None, &[]),
        entry(0.3, "POST", "https://api.example.com/login", Some(("application/json", r#"{"user":{"email":"jane.doe@example.org","password":"hunter2"},"refresh_token":"rt-SECRET-42","note":"call me at jane.doe@example.org"}"#)), 200, "application/json",
            Some(r#"{"id_token":"eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6ImphbmUifQ.U0lHTkFUVVJF","profile":{"name":"Jane"}}"#), &[]),
        entry(0.35, "GET", "https://user:s3cretpw@files.example.com/a.js", None, 200, "application/javascript", Some("var x=1;"), &[]),
    ]
}

/// Everything above in one capture (initialize answering `response_type`).
pub fn full_capture(response_type: i64) -> Value {
    let mut e = template_and_initialize(response_type);
    e.extend(noise());
    e.extend(probes_no_agent());
    e.extend(bosh_system_shutdown());
    e.extend(failures());
    har(e)
}
