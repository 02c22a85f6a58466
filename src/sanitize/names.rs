//! The name policy: which header, cookie, parameter, key, element or log-key names make a value sensitive.
//!
//! Names are compared *normalized*: ASCII lower case with `-`, `_`, `.` and spaces dropped, so
//! `X-Session-Id`, `x_session_id` and `xSessionId` are one name, and `JSESSIONID = v` in a log
//! matches like `jsessionid=v` in a query.
//!
//! Two contexts: **structured** (a HAR header, cookie, query or form parameter, a JSON key, an XML
//! element or attribute, an HTML `<input>`/`<meta>`) uses every name below; **free text** (log
//! lines, text bodies, JavaScript) uses only the names that are unambiguous there: `state`,
//! `code` or `SessionID = 6` (a CTI session number in ctisvr/OPC logs) are left alone in a log.
//! In both contexts a value that *looks like a secret* ([`looks_secret`]) next to a secret-ish
//! name ([`is_secretish`]) is removed too (the catch-all).

use super::SanitizeOptions;

/// Where a name was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Structured,
    FreeText,
}

/// Longest name compared (longer ones are no name of ours).
pub(crate) const MAX_NAME: usize = 64;

/// The normalized form of `name` (see the module doc), in `buf`; `None` when too long, empty, or
/// not a name (anything but letters, digits and `-_. $@`: a marker `[redacted:…]` is none).
pub(crate) fn normalize<'b>(name: &str, buf: &'b mut [u8; MAX_NAME]) -> Option<&'b str> {
    let mut n = 0;
    for &b in name.trim().as_bytes() {
        if matches!(b, b'-' | b'_' | b'.' | b' ' | b'\t' | b'$' | b'@') {
            continue;
        }
        if n == MAX_NAME || !b.is_ascii_alphanumeric() {
            return None;
        }
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    if n == 0 {
        return None;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Names that are sensitive wherever they appear (normalized), with the reason.
const ANYWHERE: &[(&str, &str)] = &[
    ("cookie", "cookie"),
    ("setcookie", "cookie"),
    ("authorization", "credential"),
    ("proxyauthorization", "credential"),
    ("xamzcredential", "credential"),
    ("jsessionid", "session"),
    ("httpsessionid", "session"),
    ("xsessionid", "session"),
    ("sessionkey", "session"),
    ("sessiontoken", "session"),
    ("phpsessid", "session"),
    ("aspnetsessionid", "session"),
    ("aspsessionid", "session"),
    ("cfid", "session"),
    ("token", "token"),
    ("bearer", "token"),
    ("csrf", "token"),
    ("xsrf", "token"),
    ("csrfmiddlewaretoken", "token"),
    ("samlrequest", "token"),
    ("samlresponse", "token"),
    ("secret", "secret"),
    ("clientsecret", "secret"),
    ("apikey", "api-key"),
    ("xapikey", "api-key"),
    ("xgoogapikey", "api-key"),
    ("ocpapimsubscriptionkey", "api-key"),
    ("subscriptionkey", "api-key"),
    ("authkey", "api-key"),
    ("accesskey", "api-key"),
    ("xfunctionskey", "api-key"),
    ("xamzsignature", "signature"),
    ("password", "password"),
    ("passwd", "password"),
    ("pwd", "password"),
    ("passphrase", "password"),
    ("phone", "phone"),
    ("phonenumber", "phone"),
    ("telephone", "phone"),
    ("mobile", "phone"),
    ("mobilephone", "phone"),
    ("mobilenumber", "phone"),
    ("msisdn", "phone"),
    ("customername", "name"),
    ("firstname", "name"),
    ("lastname", "name"),
    ("fullname", "name"),
    ("username", "name"),
    ("displayname", "name"),
];

/// Names sensitive only in structured data: the reference list's OAuth/SAML names that are
/// ordinary words in a log (`state = [na-0:2,RA]`), generic session names, e-mail fields.
const STRUCTURED: &[(&str, &str)] = &[
    ("sessionid", "session"),
    ("sid", "session"),
    ("session", "session"),
    ("auth", "token"),
    ("appid", "token"),
    ("assertion", "token"),
    ("challenge", "token"),
    ("clientid", "token"),
    ("code", "token"),
    ("codechallenge", "token"),
    ("codeverifier", "token"),
    ("facetid", "token"),
    ("fcparams", "token"),
    ("serverdata", "token"),
    ("shdf", "token"),
    ("state", "token"),
    ("usg", "token"),
    ("vses2", "token"),
    ("xclientdata", "token"),
    ("relaystate", "token"),
    ("nonce", "token"),
    ("otp", "token"),
    ("key", "api-key"),
    ("sig", "signature"),
    ("signature", "signature"),
    ("pass", "password"),
    ("email", "email"),
    ("emailaddress", "email"),
    ("mail", "email"),
];

/// The reason a name makes its value sensitive in this context, if it does.
pub(crate) fn reason_for(name: &str, opts: &SanitizeOptions, ctx: Context) -> Option<&'static str> {
    let mut buf = [0u8; MAX_NAME];
    let n = normalize(name, &mut buf)?;
    if let Some(r) = reason_normalized(n, ctx) {
        return Some(r);
    }
    if !opts.extra_names.is_empty() {
        let mut b2 = [0u8; MAX_NAME];
        if opts
            .extra_names
            .iter()
            .any(|e| normalize(e, &mut b2) == Some(n))
        {
            return Some("extra");
        }
    }
    None
}

/// [`reason_for`] on a name already normalized (no extra names).
pub(crate) fn reason_normalized(n: &str, ctx: Context) -> Option<&'static str> {
    let first = n.as_bytes()[0];
    // The first byte before the whole name: most names met are on no list.
    let is = |k: &&str| {
        k.len() == n.len()
            && k.as_bytes()[0] == first
            && k.bytes().zip(n.bytes()).all(|(a, b)| a == b)
    };
    if let Some((_, r)) = ANYWHERE.iter().find(|(k, _)| is(k)) {
        return Some(r);
    }
    if ctx == Context::Structured {
        if let Some((_, r)) = STRUCTURED.iter().find(|(k, _)| is(k)) {
            return Some(r);
        }
    }
    // Families: `*token` (access_token, X-CSRFToken, authenticity_token ...), `*secret`,
    // `*apikey`, `*password*`, eGain session headers and cookies. (Byte loops, not `str`
    // searches: this runs for every name met in a log line.)
    let b = n.as_bytes();
    if ends(b, b"token") {
        return Some("token");
    }
    if ends(b, b"secret") {
        return Some("secret");
    }
    if ends(b, b"apikey") {
        return Some("api-key");
    }
    if has(b, b"password") {
        return Some("password");
    }
    if has(b, b"egain") && has(b, b"session") {
        return Some("session");
    }
    if b.starts_with(b"csrf") {
        return Some("token");
    }
    if ends(b, b"sessid") || ends(b, b"jsessionid") {
        return Some("session");
    }
    if ctx == Context::Structured {
        if ends(b, b"sessionid") {
            return Some("session");
        }
        if has(b, b"email") || has(b, b"mailaddress") {
            return Some("email");
        }
        // `sec-ch-ua-mobile: ?0` is a client hint (is this a phone browser?), not a number.
        if has(b, b"phone") || (has(b, b"mobile") && !b.starts_with(b"secchua")) {
            return Some("phone");
        }
    }
    None
}

/// Does `n` end with `p`?
fn ends(n: &[u8], p: &[u8]) -> bool {
    n.len() >= p.len() && n[n.len() - p.len()..].iter().zip(p).all(|(a, b)| a == b)
}

/// Does `n` hold `p` (short names: a plain window scan)?
fn has(n: &[u8], p: &[u8]) -> bool {
    n.len() >= p.len()
        && n.windows(p.len())
            .any(|w| w[0] == p[0] && w.iter().zip(p).all(|(a, b)| a == b))
}

/// Names that suggest a secret without being on a list: a value next to one is removed when it
/// [`looks_secret`].
pub(crate) fn is_secretish(name: &str) -> bool {
    let mut buf = [0u8; MAX_NAME];
    normalize(name, &mut buf).is_some_and(secretish_normalized)
}

/// [`is_secretish`] on a name already normalized.
pub(crate) fn secretish_normalized(n: &str) -> bool {
    let b = n.as_bytes();
    [
        &b"token"[..],
        b"secret",
        b"key",
        b"passw",
        b"pwd",
        b"session",
        b"auth",
        b"credential",
        b"signature",
        b"bearer",
        b"csrf",
        b"xsrf",
        b"jwt",
        b"cookie",
        b"nonce",
        b"ticket",
        b"hash",
    ]
    .iter()
    .any(|w| has(b, w))
        || ends(b, b"sid")
        || ends(b, b"sig")
}

/// The reason for a name already normalized, with the user's extra names.
pub(crate) fn reason_with_extra(
    n: &str,
    opts: &SanitizeOptions,
    ctx: Context,
) -> Option<&'static str> {
    if let Some(r) = reason_normalized(n, ctx) {
        return Some(r);
    }
    let mut b2 = [0u8; MAX_NAME];
    opts.extra_names
        .iter()
        .any(|e| normalize(e, &mut b2) == Some(n))
        .then_some("extra")
}

/// Does a value look like a secret: at least 20 characters with no space, of the characters
/// tokens are written with, mixing letters and digits (or long hex), not a URL, a path, a
/// number, a date or a word list.
pub fn looks_secret(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 20 || b.len() > 4096 || v.contains("://") {
        return false;
    }
    let (mut lower, mut upper, mut digit, mut other) = (0usize, 0usize, 0usize, 0usize);
    let mut seen = [false; 128];
    let mut distinct = 0;
    for &c in b {
        match c {
            b'a'..=b'z' => lower += 1,
            b'A'..=b'Z' => upper += 1,
            b'0'..=b'9' => digit += 1,
            b'+' | b'/' | b'=' | b'_' | b'-' | b'.' | b'~' | b'%' | b':' => other += 1,
            _ => return false,
        }
        if !seen[c as usize] {
            seen[c as usize] = true;
            distinct += 1;
        }
    }
    let letters = lower + upper;
    if letters < 4 || other * 3 > b.len() || distinct < 10 {
        return false;
    }
    // Digits and letters mixed, or both cases mixed with no word-like runs.
    let mixed = digit >= 2 || (lower >= 2 && upper >= 2 && longest_alpha_run(b) < 12);
    mixed
        && !b
            .iter()
            .all(|c| c.is_ascii_digit() || *c == b'-' || *c == b':' || *c == b'.')
}

fn longest_alpha_run(b: &[u8]) -> usize {
    let (mut best, mut run) = (0, 0);
    for &c in b {
        if c.is_ascii_alphabetic() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// JSON keys whose string values are chat text inside ECE chat payloads (transcript etc.).
pub(crate) const CHAT_TEXT_KEYS: &[&str] = &[
    "body",
    "message",
    "messages",
    "text",
    "subject",
    "msg",
    "messagetext",
    "chattext",
    "content",
    "question",
    "comment",
    "comments",
    "transcript",
];

/// Is `key` (any case) a chat-text key?
pub(crate) fn is_chat_text_key(key: &str) -> bool {
    CHAT_TEXT_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: &str, c: Context) -> Option<&'static str> {
        reason_for(n, &SanitizeOptions::default(), c)
    }

    #[test]
    fn names_match_case_and_spacing_insensitively() {
        use Context::*;
        for n in [
            "JSESSIONID",
            "jsessionid",
            "httpsessionid",
            "HttpSessionId",
            "X-EGAIN-SESSION",
            "x_egain_session",
            "PHPSESSID",
        ] {
            assert_eq!(r(n, FreeText), Some("session"), "{n}");
        }
        for n in [
            "accessToken",
            "refresh_token",
            "X-CSRFToken",
            "csrfmiddlewaretoken",
            "_csrf",
            "authenticity_token",
            "sessionToken",
        ] {
            assert!(r(n, FreeText).is_some(), "{n}");
        }
        for n in [
            "X-Goog-Api-Key",
            "Ocp-Apim-Subscription-Key",
            "api-key",
            "auth_key",
        ] {
            assert_eq!(r(n, FreeText), Some("api-key"), "{n}");
        }
        assert_eq!(r("key", Structured), Some("api-key"));
        assert_eq!(r("key", FreeText), None);
        assert_eq!(r("clientSecret", FreeText), Some("secret"));
        assert_eq!(r("X-Amz-Signature", FreeText), Some("signature"));
        assert_eq!(r("X-Amz-Credential", FreeText), Some("credential"));
        assert_eq!(r("X-Session-Id", FreeText), Some("session"));
        // Ordinary words in logs stay; in structured data they are the reference list's names.
        assert_eq!(r("state", FreeText), None);
        assert_eq!(r("state", Structured), Some("token"));
        assert_eq!(r("SessionID", FreeText), None);
        assert_eq!(r("SessionID", Structured), Some("session"));
        // A client hint is not a phone number.
        assert_eq!(r("sec-ch-ua-mobile", Structured), None);
        assert_eq!(r("mobile", Structured), Some("phone"));
        assert_eq!(r("User-Agent", Structured), None);
        let extra = SanitizeOptions {
            keep: vec![],
            extra_names: vec!["X-Customer-Id".into()],
        };
        assert_eq!(
            reason_for("x_customer_id", &extra, Context::FreeText),
            Some("extra")
        );
    }

    #[test]
    fn secret_looking_values() {
        for v in [
            "IrltMMd3T0prrkbhAwK8wkL5",
            "8F3A2B1C9D0E7F6A5B4C3D2E1F0A9B8C",
            "d6f1c0a2-7b3e-4c55-9a1e-2f7b9c0d1e2f",
            "AIzaSyA-1234567890abcdefghijklmnopq",
            "dGhlIHNhbXBsZSBub25jZQ==",
        ] {
            assert!(looks_secret(v), "{v}");
        }
        for v in [
            "short1",
            "Mozilla/5.0 (X11; Linux x86_64)",
            "https://ece.example.com/system/x",
            "2024-05-06T10:00:00.000Z",
            "application/x-www-form-urlencoded",
            "12345678901234567890123",
            "AgentAvailabilityStatusHandler",
        ] {
            assert!(!looks_secret(v), "{v}");
        }
    }
}
