//! The leak generator of the `share` target (from branch privacy): the input chooses one secret
//! value and a real-shaped context to plant it in (a log line, a HAR header, cookie, URL,
//! JSON/form/multipart/HTML body, WebSocket message, base64 body ...), with names, case,
//! spacing, separators, quoting and noise around it; after sanitizing for a link, the value must
//! be gone.

use serde_json::json;

/// Reads choices from the fuzz input, then zeros.
pub struct Choices<'a>(pub &'a [u8]);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn pick<'t>(&mut self, list: &[&'t str]) -> &'t str {
        list[self.byte() as usize % list.len()]
    }
    /// Noise from a harmless alphabet (never glued to the name: a space separates them).
    fn noise(&mut self) -> String {
        let n = self.byte() % 12;
        (0..n)
            .map(|_| b"abcXYZ019 <@>[]().,/-"[self.byte() as usize % 21] as char)
            .collect()
    }
    /// The secret: distinctive, 29-47 characters, letters and digits mixed (a fixed tail keeps it
    /// secret-looking whatever the fuzzer chose: at least 10 distinct characters).
    fn secret(&mut self) -> String {
        const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        let n = 18 + self.byte() % 19;
        let mut s = String::from("Zq7");
        for i in 0..n {
            let b = self.byte();
            s.push(if i % 5 == 2 {
                (b'2' + b % 8) as char
            } else {
                A[b as usize % A.len()] as char
            });
        }
        s.push_str("Rt5Wm8Yh");
        s
    }
    /// A name in a random case and spelling (`_`, `-` or nothing between words).
    fn name(&mut self, words: &[&str]) -> String {
        let w = self.pick(words);
        let sep = self.pick(&["_", "-", "", "."]);
        let mut out = String::new();
        for (i, part) in w.split(' ').enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            match self.byte() % 3 {
                0 => out.push_str(&part.to_ascii_lowercase()),
                1 => out.push_str(&part.to_ascii_uppercase()),
                _ => out.push_str(part),
            }
        }
        out
    }
}

/// Names removed wherever they appear (the free-text list).
const ANYWHERE: &[&str] = &[
    "JSESSIONID",
    "Http Session Id",
    "X EGAIN SESSION",
    "PHPSESSID",
    "access token",
    "refresh token",
    "id token",
    "client Secret",
    "session Key",
    "session Token",
    "X Session Id",
    "X CSRF Token",
    "csrf middleware token",
    "csrf",
    "X Goog Api Key",
    "Ocp Apim Subscription Key",
    "api key",
    "auth key",
    "X Amz Signature",
    "X Amz Credential",
    "password",
    "passwd",
    "Authorization",
    "token",
    "secret",
];
/// Names removed in structured data only.
const STRUCTURED: &[&str] = &[
    "state",
    "code",
    "sid",
    "session id",
    "key",
    "client id",
    "SAMLRequest",
];
/// Secret-ish names that are on no list (the catch-all, for secret-looking values).
const SECRETISH: &[&str] = &[
    "upstream secret hash",
    "my Token Value",
    "signing key material",
    "ticket",
];

fn base64(b: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &x)| n | (x as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One secret planted in a real-shaped context: `(text, secret)`.
pub fn plant(c: &mut Choices) -> (String, String) {
    let v = c.secret();
    let pre = c.noise();
    let post = c.noise();
    let any = c.name(ANYWHERE);
    let structured = c.name(STRUCTURED);
    let secretish = c.name(SECRETISH);
    let sep = c.pick(&["=", ":", " = ", ": ", "%3D", "%3A", "\t=\t"]);
    let quote = c.pick(&["", "\"", "'"]);
    let header_name = c.pick(&[
        "Cookie",
        "Set-Cookie",
        "Authorization",
        "X-Api-Key",
        "X-Session-Id",
        "x-goog-api-key",
        "X-Custom-Token",
    ]);
    let har = |entry_patch: serde_json::Value| {
        let mut e = ece_triage::har::fixtures::entry(
            0.0,
            "GET",
            "https://api.example.com/x",
            None,
            200,
            "text/plain",
            Some("ok"),
            &[],
        );
        if let (Some(e), serde_json::Value::Object(p)) = (e.as_object_mut(), entry_patch) {
            for (k, v) in p {
                e.insert(k, v);
            }
        }
        ece_triage::har::fixtures::har(vec![e]).to_string()
    };
    let text = match c.byte() % 16 {
        0 => format!("{pre} {any}{sep}{quote}{v}{quote} {post}\n"),
        1 => format!("{pre} {secretish}{sep}{quote}{v}{quote} {post}\n"),
        2 => format!("{pre} Authorization: {} {v} {post}\n", c.pick(&["Bearer", "Basic", "bearer", "Token"])),
        3 => format!("{pre} Cookie: a=1; {}={v}; b=2 {post}\n", c.pick(&["JSESSIONID", "sid", "x"])),
        4 => format!("{pre} mail {v}@example.com {post}"),
        5 => format!("{pre} eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.{v} {post}"),
        6 => format!("{pre} https://user:{v}@h.example/p?{structured}=1 {post}"),
        7 => har(json!({"request": {"method": "GET", "url": "https://h/x", "headers": [{"name": header_name, "value": if header_name == "Authorization" { format!("Bearer {v}") } else if header_name.contains("ookie") { format!("n={v}; Path=/") } else { v.clone() }}], "cookies": [], "queryString": []}})),
        8 => har(json!({"request": {"method": "GET", "url": format!("https://h/x?{pre}=1&{structured}={v}&{any}={v}"), "headers": [], "cookies": [], "queryString": []}})),
        9 => har(json!({"request": {"method": "POST", "url": "https://h/x", "headers": [], "postData": {"mimeType": "application/json", "text": json!({"a": {structured.clone(): v.clone()}, "b": [{any.clone(): v.clone()}], "n": format!("{{\"{any}\":\"{v}\"}}")}).to_string()}}})),
        10 => har(json!({"request": {"method": "POST", "url": "https://h/x", "headers": [], "postData": {"mimeType": c.pick(&["application/x-www-form-urlencoded", "text/plain", ""]), "text": format!("q={pre}&{structured}={v}&z=1")}}})),
        11 => har(json!({"request": {"method": "POST", "url": "https://h/x", "headers": [], "postData": {"mimeType": "multipart/form-data; boundary=XyZ", "text": format!("--XyZ\r\nContent-Disposition: form-data; name=\"{structured}\"\r\n\r\n{v}\r\n--XyZ--\r\n")}}})),
        12 => har(json!({"response": {"status": 200, "headers": [], "content": {"mimeType": "text/html", "text": format!("<html><head><meta name=\"{any}\" content=\"{v}\"></head><body>{pre}<input type=hidden name={any} value={v}><script>var {any} = '{v}';</script></body></html>")}}})),
        13 => har(json!({"_webSocketMessages": [{"type": "send", "time": 1.0, "opcode": 1, "data": format!("{{\"{any}\":\"{v}\",\"x\":\"{pre}\"}}")}]})),
        14 => {
            let body = base64(format!("{{\"{any}\":\"{v}\"}}").as_bytes());
            har(json!({"response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "encoding": "base64", "text": body}}}))
        }
        _ => format!("{{\"checkEligibility\":{{\"responseType\":0}},\"{structured}\":\"{v}\",\"x\":{{\"{any}\":\"{v}\"}}}}"),
    };
    (text, v)
}
