//! The leak suite: distinct secret values planted into real-shaped HARs (the sample exports and
//! the ECE fixtures), logs (the seed) and an answer, in every shape the sanitizer promises to
//! handle. A share link and every default export are made; no planted value may survive in the
//! link's decoded state or in an export, as written, percent-encoded or JSON-escaped. A crafted
//! link asking to keep everything must not weaken sanitizing of evidence loaded after it.
//! (UTF-16 and mixed-paste shapes belong to the one reader, `intake`, and are tested there.)

use ece_triage::analysis::{analyze, Overrides};
use ece_triage::har::fixtures::{self, entry, HOST};
use ece_triage::model::Input;
use ece_triage::sanitize::{self, SanitizeOptions};
use ece_triage::share::{self, ExportFormat, SharedState};
use serde_json::{json, Value};

/// Hands out distinct, recognisable secret values and remembers them.
#[derive(Default)]
struct Planter {
    values: Vec<(String, &'static str)>,
    seed: u64,
}

impl Planter {
    /// A token-like value (mixed case and digits, 24 characters).
    fn token(&mut self, what: &'static str) -> String {
        const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        let mut x = self
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407)
            ^ (self.values.len() as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut s = String::from("Pq");
        for _ in 0..22 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(A[(x % A.len() as u64) as usize] as char);
        }
        self.seed = x;
        self.plant(s, what)
    }

    /// A value of one's own shape (names, phone numbers, chat text).
    fn plant(&mut self, v: String, what: &'static str) -> String {
        assert!(
            !self.values.iter().any(|(x, _)| *x == v),
            "planted twice: {v}"
        );
        self.values.push((v.clone(), what));
        v
    }
}

fn hdr(name: &str, value: impl Into<Value>) -> Value {
    json!({"name": name, "value": value.into()})
}

fn push_headers(e: &mut Value, part: &str, headers: Vec<Value>) {
    e[part]["headers"].as_array_mut().unwrap().extend(headers);
}

/// Entries with secrets in every place a HAR holds them.
fn planted_entries(p: &mut Planter) -> Vec<Value> {
    let mut out = Vec::new();

    // 1. Headers of every kind, Set-Cookie folded and on lines, a Cookie given as an array.
    let mut e = entry(
        10.0,
        "GET",
        &format!("{HOST}/system/egain/chat/entrypoint/initialize/1001"),
        None,
        200,
        "application/json",
        Some(&fixtures::initialize_body(0)),
        &[],
    );
    let (c1, c2, c3, c4) = (
        p.token("cookie header"),
        p.token("cookie header"),
        p.token("cookie array"),
        p.token("cookie array"),
    );
    let (s1, s2, s3) = (
        p.token("set-cookie folded"),
        p.token("set-cookie folded"),
        p.token("set-cookie line"),
    );
    push_headers(
        &mut e,
        "request",
        vec![
            hdr("cookie", format!("ASP.NET_SessionId={c1}; _ga=GA1.2.{c2}")),
            hdr(
                "Cookie",
                json!([format!("JSESSIONID={c3}"), format!("other={c4}")]),
            ),
            hdr("authorization", format!("Bearer {}", p.token("bearer"))),
            hdr("Proxy-Authorization", format!("Basic {}", p.token("basic"))),
            hdr("X-Session-Id", p.token("x-session-id")),
            hdr("X-CSRFToken", p.token("x-csrftoken")),
            hdr("X-XSRF-TOKEN", p.token("x-xsrf-token")),
            hdr("X-Goog-Api-Key", p.token("x-goog-api-key")),
            hdr(
                "Ocp-Apim-Subscription-Key",
                p.token("ocp-apim-subscription-key"),
            ),
            hdr("api-key", p.token("api-key")),
            hdr("X-Api-Key", p.token("x-api-key")),
            hdr("X-Auth-Token", p.token("x-auth-token")),
            hdr("X-EGAIN-SESSION", p.token("x-egain-session")),
            hdr(
                "X-Request-Signature-Hash",
                p.token("secret-ish header (catch-all)"),
            ),
            hdr("sec-ch-ua-mobile", "?0"),
        ],
    );
    push_headers(&mut e, "response", vec![
        hdr("Set-Cookie", format!("a={s1}; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b={s2}; HttpOnly\nc={s3}; Secure")),
        hdr("X-Session-Token", p.token("x-session-token")),
    ]);
    e["request"]["cookies"] = json!([{"name": "PHPSESSID", "value": p.token("cookie object")}]);
    out.push(e);

    // 2. Query strings, fragments, paths and credentials in URLs.
    let url = format!(
        "https://u:{}@api.example.com/v1/reset/{}/confirm?access_token={}&PHPSESSID={}&key={}&auth_key={}&X-Amz-Signature={}&X-Amz-Credential={}&client_secret={}&code={}&state={}&mail={}%40example.org#id_token={}",
        p.token("url password"), p.token("path token after reset"), p.token("access_token"), p.token("PHPSESSID query"),
        p.token("key="), p.token("auth_key"), p.token("X-Amz-Signature"), p.token("X-Amz-Credential"),
        p.token("client_secret"), p.token("code"), p.token("state"), p.plant("planted.person".into(), "email local part"), p.token("id_token fragment"),
    );
    let mut e = entry(
        11.0,
        "GET",
        &url,
        None,
        302,
        "text/html",
        Some(""),
        &[(
            "Location",
            &format!(
                "https://sso.example.com/cb?SAMLResponse={}&RelayState={}",
                p.token("SAMLResponse"),
                p.token("RelayState")
            ),
        )],
    );
    let jwt_sig = p.token("jwt signature in a path");
    e["request"]["url"] = json!(format!(
        "{url}&next=https%3A%2F%2Fh%2Fauth%2FeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.{jwt_sig}"
    ));
    out.push(e);
    out.push(entry(
        11.5,
        "GET",
        &format!(
            "{HOST}/system/egain/chat/entrypoint/sessionStatus/100234_{}",
            p.token("sessionStatus sid")
        ),
        None,
        200,
        "application/xml",
        Some("<sessionStatus/>"),
        &[],
    ));

    // 3. Request bodies: JSON (nested, escaped, numbers), forms of all three kinds.
    let json_body = format!(
        r#"{{"accessToken":"{}","refreshToken":"{}","clientSecret":"{}","sessionKey":"{}","sessionToken":"{}","user":{{"password":"{}","phone":{}}},"payload":"{{\"token\":\"{}\"}}","myAppSecretStuff":"{}","note":"escaped \"{}\" \u0041"}}"#,
        p.token("accessToken"),
        p.token("refreshToken"),
        p.token("clientSecret"),
        p.token("sessionKey"),
        p.token("sessionToken"),
        p.token("password in JSON"),
        p.plant("44207946002".into(), "phone number as a JSON number"),
        p.token("token in JSON in a JSON string"),
        p.token("secret-ish key (catch-all)"),
        p.plant("jane.roe@example.net".into(), "e-mail in escaped JSON"),
    );
    out.push(entry(
        12.0,
        "POST",
        "https://api.example.com/login",
        Some(("application/json", &json_body)),
        200,
        "application/json",
        Some("{}"),
        &[],
    ));
    let form = format!(
        "csrfmiddlewaretoken={}&_csrf={}&username={}&password={}&remember=1",
        p.token("csrfmiddlewaretoken"),
        p.token("_csrf"),
        p.plant("planted_user_42".into(), "username in a form"),
        p.token("password in a form"),
    );
    out.push(entry(
        12.5,
        "POST",
        "https://www.example.com/accounts/login/",
        Some(("application/x-www-form-urlencoded", &form)),
        302,
        "text/html",
        Some(""),
        &[],
    ));
    let plain = format!(
        "comment=hello there\r\npassword={} and more words\r\n",
        p.token("text/plain form password")
    );
    out.push(entry(
        13.0,
        "POST",
        "https://www.example.com/feedback",
        Some(("text/plain", &plain)),
        200,
        "text/html",
        Some(""),
        &[],
    ));
    let mp = format!(
        "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{}\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n{}\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"sessionToken\": \"{}\"}}\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n",
        p.token("multipart password"), p.token("multipart api_key"), p.token("multipart JSON part"),
    );
    out.push(entry(
        13.5,
        "POST",
        "https://upload.example.com/u",
        Some((
            "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
            &mp,
        )),
        200,
        "application/json",
        Some("{}"),
        &[],
    ));

    // 4. Responses: HTML with CSRF inputs and meta, inline and separate JavaScript, base64 JSON.
    let html = format!(
        r#"<!DOCTYPE html><html><head><meta name="csrf-token" content="{}"></head><body><form><input type="hidden" name="csrfmiddlewaretoken" value="{}"><input type=hidden name=authenticity_token value={}></form><script>var apiKey = "{}"; window.cfg = {{accessToken: '{}'}};</script></body></html>"#,
        p.token("meta csrf-token"),
        p.token("input csrfmiddlewaretoken"),
        p.token("input authenticity_token"),
        p.token("inline JS apiKey"),
        p.token("inline JS accessToken"),
    );
    out.push(entry(
        14.0,
        "GET",
        "https://www.example.com/",
        None,
        200,
        "text/html",
        Some(&html),
        &[],
    ));
    let js = format!(
        r#"window.__CONFIG__={{"clientSecret":"{}","refresh_token":"{}"}};var sessionToken='{}';"#,
        p.token("JS clientSecret"),
        p.token("JS refresh_token"),
        p.token("JS sessionToken")
    );
    out.push(entry(
        14.5,
        "GET",
        "https://www.example.com/app.js",
        None,
        200,
        "application/javascript",
        Some(&js),
        &[],
    ));
    let b64 = base64_encode(&format!(
        r#"{{"access_token":"{}","expires_in":3600}}"#,
        p.token("access_token in a base64 body")
    ));
    let mut e = entry(
        15.0,
        "POST",
        "https://auth.example.com/token",
        None,
        200,
        "application/json",
        Some(&b64),
        &[],
    );
    e["response"]["content"]["encoding"] = json!("base64");
    out.push(e);

    // 5. WebSocket messages (JSON, socket.io frames, text).
    let mut e = entry(
        16.0,
        "GET",
        "wss://rt.example.com/socket.io/?EIO=4&transport=websocket",
        None,
        101,
        "",
        None,
        &[],
    );
    e["_webSocketMessages"] = json!([
        {"type": "send", "time": 1.0, "opcode": 1, "data": format!(r#"{{"type":"auth","token":"{}"}}"#, p.token("websocket JSON token"))},
        {"type": "receive", "time": 1.1, "opcode": 1, "data": format!(r#"42["session",{{"sessionToken":"{}"}}]"#, p.token("socket.io sessionToken"))},
        {"type": "send", "time": 1.2, "opcode": 1, "data": format!("CONNECT\nAuthorization: Bearer {}\n\n", p.token("STOMP bearer"))},
    ]);
    out.push(e);

    // 6. ECE chat: BOSH with the customer's data, a transcript.
    let phone = p.plant("+44 20 7946 0321".into(), "customer phone in BOSH");
    let chat = p.plant("My planted order 99881 is missing".into(), "chat text");
    let bosh = format!(
        r#"<body rid="1" sid="100234_{}" xmlns="http://jabber.org/protocol/httpbind" from="{}"><egainParams><param name="phone_number"><mapping><attributeValue>{phone}</attributeValue></mapping></param></egainParams><message type="chat" xmlns="jabber:client"><body>{chat}</body></message></body>"#,
        p.token("BOSH sid"),
        p.plant("bosh.customer@example.com".into(), "e-mail in BOSH"),
    );
    out.push(entry(
        17.0,
        "POST",
        &format!("{HOST}/system/egain/chat/entrypoint?entryPointId=1001"),
        Some(("text/xml; charset=utf-8", &bosh)),
        200,
        "text/xml",
        Some("<body/>"),
        &[],
    ));
    let transcript = format!(
        r#"{{"customerName":"{}","message":[{{"from":"customer","body":"{}"}}]}}"#,
        p.plant("Planted Customer".into(), "customer name"),
        p.plant("card 4000 1234 5678 9010 charged".into(), "transcript text"),
    );
    out.push(entry(
        17.5,
        "GET",
        &format!("{HOST}/system/egain/chat/entrypoint/transcript"),
        None,
        200,
        "application/json",
        Some(&transcript),
        &[],
    ));
    out
}

fn base64_encode(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Logs: the seed with planted lines in every key shape.
fn planted_logs(p: &mut Planter) -> Vec<Input> {
    let stamp = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [8938:listener-event-pool] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@>";
    let lines = [
        format!(
            "{stamp} HttpSessionId:{} <@> com.ipcc.listener.X <@> <@> hello",
            p.token("HttpSessionId")
        ),
        format!("{stamp} httpsessionid={} <@> x", p.token("httpsessionid=")),
        format!(
            "{stamp} JSESSIONID = {} ; path=/",
            p.token("JSESSIONID = v")
        ),
        format!(
            "{stamp} GET /system/x?q=JSESSIONID%3D{}%3B",
            p.token("JSESSIONID%3D")
        ),
        format!("{stamp} X-EGAIN-SESSION: {}", p.token("X-EGAIN-SESSION:")),
        format!("{stamp} Authorization: Bearer {}", p.token("log bearer")),
        format!(
            "{stamp} Cookie: JSESSIONID={}; other={}",
            p.token("log cookie list"),
            p.token("log cookie list")
        ),
        format!(
            "{stamp} agent {} logged in",
            p.plant("log.person@example.com".into(), "e-mail in a log")
        ),
        format!(
            "{stamp} token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.{}",
            p.token("JWT signature in a log")
        ),
        format!(
            "{stamp} fetch https://svc:{}@ece.example.com/x?access_token={}",
            p.token("log URL password"),
            p.token("log URL access_token")
        ),
        format!(
            "{stamp} payload {{\"accessToken\": \"{}\", \"phone\": \"{}\"}}",
            p.token("log JSON accessToken"),
            p.plant("+1 415 555 0142".into(), "log JSON phone")
        ),
        format!("{stamp} apiKey = '{}'", p.token("log apiKey")),
        format!("{stamp} PHPSESSID={}", p.token("log PHPSESSID")),
        format!(
            "{stamp} upstream_secret_hash={}",
            p.token("log secret-ish name (catch-all)")
        ),
        format!("{stamp} X-Goog-Api-Key:{}", p.token("log X-Goog-Api-Key")),
    ];
    let mut listener = include_str!("../samples/seed/listener-ready.log").to_string();
    listener.push_str(&lines.join("\r\n"));
    listener.push('\n');
    let answer = format!(
        r#"{{"checkEligibility":{{"responseType":0}},"sessionId":"{}","token":"{}","customer":{{"email":"{}"}}}}"#,
        p.token("answer sessionId"),
        p.token("answer token"),
        p.plant("answer.person@example.org".into(), "e-mail in an answer"),
    );
    vec![
        Input::new(
            "C:\\Users\\planted_user_42\\Desktop\\listener-ready.log",
            listener,
        ),
        Input::new(
            "ctisvr-ready.log",
            include_str!("../samples/seed/ctisvr-ready.log"),
        ),
        Input::new("initialize-response.json", answer),
    ]
}

/// The HARs: the ECE fixture, and three real exports (Chrome, Firefox, Fiddler with a BOM) with
/// the planted entries added and secrets written into one of their own entries.
fn planted_hars(p: &mut Planter) -> Vec<Input> {
    let mut out = Vec::new();
    let mut fixture = fixtures::full_capture(1);
    fixture["log"]["entries"]
        .as_array_mut()
        .unwrap()
        .extend(planted_entries(p));
    out.push(Input::new(
        "/home/planted_user_42/captures/ece.har",
        serde_json::to_string_pretty(&fixture).unwrap(),
    ));
    for name in [
        "harviewer-issue-49-chrome51.har",
        "harviewer-issue-49-ff47.har",
        "harviewer-issue-61-ie11.fiddler.har",
    ] {
        let text =
            std::fs::read_to_string(format!("{}/samples/har/{name}", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        let bom = text.starts_with('\u{feff}');
        let mut v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let entries = v["log"]["entries"].as_array_mut().unwrap();
        let first = &mut entries[0]["request"];
        first["headers"].as_array_mut().unwrap().push(hdr(
            "Cookie",
            format!("SID={}", p.token("cookie in a real export")),
        ));
        let u = first["url"].as_str().unwrap().to_string();
        first["url"] = json!(format!(
            "{u}{}access_token={}",
            if u.contains('?') { "&" } else { "?" },
            p.token("token in a real export's URL")
        ));
        entries.push(entry(
            20.0,
            "POST",
            "https://api.example.com/v2/session",
            Some((
                "application/json",
                &format!(
                    r#"{{"sessionKey":"{}"}}"#,
                    p.token("sessionKey in a real export")
                ),
            )),
            200,
            "application/json",
            Some("{}"),
            &[],
        ));
        let mut t = serde_json::to_string_pretty(&v).unwrap();
        if bom {
            t.insert(0, '\u{feff}');
        }
        out.push(Input::new(name, t));
    }
    out
}

/// Every form a value may take in an output.
fn forms(v: &str) -> Vec<String> {
    let json = serde_json::to_string(v).unwrap();
    let mut f = vec![
        v.to_string(),
        json[1..json.len() - 1].to_string(),
        ece_triage_test_encode(v),
        v.replace(' ', "+"),
    ];
    f.sort();
    f.dedup();
    f
}

fn ece_triage_test_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn survivors(p: &Planter, texts: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (v, what) in &p.values {
        for f in forms(v) {
            for (where_, t) in texts {
                if t.contains(&f) {
                    out.push(format!("{what} ({f}) in {where_}"));
                }
            }
        }
    }
    out
}

fn everything(p: &mut Planter) -> Vec<Input> {
    let mut inputs = planted_hars(p);
    inputs.extend(planted_logs(p));
    inputs
}

/// The link's decoded state and every default export.
fn shared_texts(inputs: &[Input], overrides: &Overrides) -> Vec<(String, String)> {
    let state = share::sanitized_state(inputs, overrides);
    let link = share::link("https://tools.example.com/ece/", &state);
    let decoded = share::decode(link.split_once('#').unwrap().1).unwrap();
    assert_eq!(decoded, state);
    let report = share::sanitized_report(inputs, overrides);
    let mut texts = vec![(
        "link state".to_string(),
        serde_json::to_string(&decoded).unwrap(),
    )];
    for i in &decoded.inputs {
        texts.push((format!("link input {}", i.name), i.text.to_string()));
    }
    for f in [
        ExportFormat::Json,
        ExportFormat::Markdown,
        ExportFormat::Svg,
        ExportFormat::Ascii,
    ] {
        texts.push((f.file_name(false), f.render(&report)));
    }
    texts
}

#[test]
fn no_planted_value_survives_a_link_or_a_default_export() {
    let mut p = Planter::default();
    let inputs = everything(&mut p);
    assert!(
        p.values.len() >= 70,
        "only {} values planted",
        p.values.len()
    );
    let texts = shared_texts(&inputs, &Overrides::default());
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let left = survivors(&p, &refs);
    assert!(
        left.is_empty(),
        "{} of {} planted values survived:\n{}",
        left.len(),
        p.values.len(),
        left.join("\n")
    );

    // The suite can fail: the raw report and the raw inputs hold the values.
    let raw = analyze(&inputs).to_json();
    let raw_inputs: String = inputs.iter().map(|i| i.text.as_str()).collect();
    let missing: Vec<&str> = p
        .values
        .iter()
        .filter(|(v, what)| {
            !what.contains("base64") && !forms(v).iter().any(|f| raw_inputs.contains(f.as_str()))
        })
        .map(|(_, w)| *w)
        .collect();
    assert!(
        missing.is_empty(),
        "not planted where the test says: {missing:?}"
    );
    assert!(survivors(&p, &[("raw report", &raw)]).len() >= 5);

    // Every sanitized input is the input with spans replaced, and stable on a second pass.
    let state = share::sanitized_state(&inputs, &Overrides::default());
    for (i, s) in inputs.iter().zip(&state.inputs) {
        sanitize::faithful(&i.text, &s.text).unwrap_or_else(|e| panic!("{}: {e}", i.name));
        let twice = sanitize::sanitize_for_sharing(&s.text, &SanitizeOptions::default()).0;
        assert!(twice == s.text, "{}: not idempotent", i.name);
        assert!(
            !s.name.contains("planted_user_42") && !s.name.contains('/') && !s.name.contains('\\'),
            "{}",
            s.name
        );
    }
    eprintln!("{} planted values, none survived", p.values.len());
}

#[test]
fn a_crafted_link_that_keeps_everything_weakens_nothing_loaded_after_it() {
    let names: Vec<String> = [
        "cookie",
        "set-cookie",
        "authorization",
        "jsessionid",
        "httpsessionid",
        "x-egain-session",
        "access_token",
        "accessToken",
        "password",
        "token",
        "email",
        "chat text",
        "login field value",
        "jwt",
        "known secret value",
        "Bearer",
        "sid",
        "user:password@",
        "base64 body",
        "api-key",
        "X-Goog-Api-Key",
        "sessionToken",
        "PHPSESSID",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let crafted = SharedState {
        inputs: vec![Input::new("note.txt", "nothing here")],
        overrides: Overrides {
            keep: names.clone(),
            ..Default::default()
        },
        left_out: Vec::new(),
    };
    let opened = share::restore(share::decode(&share::encode(&crafted)).unwrap());
    assert_eq!(opened.proposed_keep, names);
    assert!(opened.overrides.keep.is_empty());
    // The victim loads their own evidence and shares it: the link's wish applies to nothing.
    let mut p = Planter::default();
    let inputs = everything(&mut p);
    let texts = shared_texts(&inputs, &opened.overrides);
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let left = survivors(&p, &refs);
    assert!(left.is_empty(), "{}", left.join("\n"));
    // Had the keep list applied, values would have leaked (the test can fail).
    let weakened = shared_texts(
        &inputs,
        &Overrides {
            keep: names,
            ..Default::default()
        },
    );
    let refs: Vec<(&str, &str)> = weakened
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert!(survivors(&p, &refs).len() > 20);
}

#[test]
fn markdown_export_is_inert_on_hostile_evidence() {
    let hostile = fixtures::har(vec![
        entry(0.0, "GET", &format!("{HOST}/system/egain/chat/entrypoint/initialize/%22%3E%3Csvg%2Fonload%3Dalert(1)%3E"), None, 200, "application/json", Some(&fixtures::initialize_body(1)), &[]),
        entry(0.5, "GET", &format!("{HOST}/system/egain/chat/entrypoint/initialize/1001"), None, 500, "text/html", Some("<img src=x onerror=alert(2)> | `code` [x](javascript:alert(3))"), &[]),
    ]);
    let inputs = [
        Input::new("<b>capture</b>`.har", hostile.to_string()),
        Input::new("paste", "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [1:t] <@> <script>alert(4)</script> | # heading <@>"),
    ];
    for report in [
        analyze(&inputs),
        share::sanitized_report(&inputs, &Overrides::default()),
    ] {
        let md = report.to_markdown();
        for bad in ["<svg", "<img", "<script", "<b>", "](javascript"] {
            assert!(!md.contains(bad), "{bad} in\n{md}");
        }
        assert!(
            report.entry_points.iter().all(|e| e
                .entry_point_id
                .as_deref()
                .is_none_or(|id| id.bytes().all(|b| b.is_ascii_alphanumeric()))),
            "{:?}",
            report.entry_points
        );
    }
}

/// Inputs the `share` fuzz target found leaking, kept as they were found.
#[test]
fn fuzz_found_leaks_stay_fixed() {
    // A form body without a content type whose values hold spaces: it was read as a text/plain
    // form with one field named `q`, and `clientid` inside it was never judged.
    let har = r#"{"log":{"version":"1.2","entries":[{"request":{"headers":[],"method":"POST","postData":{"mimeType":"","text":"q=.  a).<[),&clientid=Zq7kE3wrst4GzBi2iziE9iDCk7vvkPRt5Wm8Yh&z=1"},"url":"https://h/x"},"response":{"status":200,"headers":[],"content":{"mimeType":"text/plain","text":"ok"}}}]}}"#;
    let out = sanitize::sanitize_for_sharing(har, &SanitizeOptions::default()).0;
    assert!(
        !out.contains("Zq7kE3wrst4GzBi2iziE9iDCk7vvkPRt5Wm8Yh"),
        "{out}"
    );
    assert!(
        out.contains(r#""text":"q=.  a).<[),&clientid=[redacted:token]&z=1""#),
        "{out}"
    );
}

/// JSON in a JSON string in a JSON string …: read up to ten layers deep; deeper, withheld whole.
#[test]
fn values_nested_too_deep_are_withheld_not_passed_through() {
    for depth in [3, 14] {
        let mut doc = json!({"password": "Pq7deepSECRETvalue42"}).to_string();
        for _ in 0..depth {
            doc = json!({"payload": doc}).to_string();
        }
        let (out, removed) = sanitize::sanitize_for_sharing(&doc, &SanitizeOptions::default());
        assert!(
            !out.contains("Pq7deepSECRETvalue42"),
            "depth {depth}: {out}"
        );
        let reason = if depth > 9 { "too-deep" } else { "password" };
        assert!(
            removed.iter().any(|r| r.reason == reason),
            "depth {depth}: {removed:?}"
        );
        sanitize::faithful(&doc, &out).unwrap();
        assert_eq!(
            sanitize::sanitize_for_sharing(&out, &SanitizeOptions::default()).0,
            out
        );
    }
}
