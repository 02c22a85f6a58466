//! Free text: log lines, text bodies, JavaScript, header values and JSON string values.
//!
//! `name = value` pairs are found by their separator (`=`, `:`, `%3D`, `%3A`, with any spacing
//! and quoting around) and judged by the name, case- and spacing-insensitively; URLs are handed to
//! the URL sanitizer; e-mail addresses, JWT signatures, `Bearer` tokens and known secret values
//! are removed wherever they are.

use std::ops::Range;

use super::find::{self, is_marker};
use super::names::{self, Context};
use super::redactor::{Path, Redactor, Seg};
use super::web;

/// Scrubs one free text, pushing edits in its coordinates.
pub(crate) fn scrub(r: &mut Redactor, text: &str, path: &Path) {
    scrub_since(r, text, path, r.edits.len());
}

/// [`scrub`], where the edits pushed since `from` are already in this text's coordinates (a
/// structural pass over it): what they cover is not found again.
pub(crate) fn scrub_since(r: &mut Redactor, text: &str, path: &Path, from: usize) {
    if text.len() < 6 {
        return;
    }
    let f = Features::of(text.as_bytes());
    let markers = if f.marker {
        find::marker_spans(text)
    } else {
        Vec::new()
    };
    let clear = |r: &Redactor, span: &Range<usize>| {
        !markers
            .iter()
            .any(|m| m.start < span.end && span.start < m.end)
            && !r.covered(from, span)
    };
    // A token or address found by its characters that touches a marker was cut short by it: what
    // is left of a value an earlier pass redacted (`Bearer session=[redacted:secret]`,
    // `[redacted:email].@x.co`), not a value of its own. Taking it would make a second pass
    // change what the first left.
    let whole = |r: &Redactor, span: &Range<usize>| {
        clear(r, span)
            && !markers
                .iter()
                .any(|m| m.start == span.end || m.end == span.start)
    };
    // URLs first: their query parameters and paths are judged structurally.
    let urls = if f.url {
        find::url_spans(text)
    } else {
        Vec::new()
    };
    for u in &urls {
        if clear(r, u) {
            let before = r.edits.len();
            web::url(r, &text[u.clone()], path);
            for e in &mut r.edits[before..] {
                e.at = e.at.start + u.start..e.at.end + u.start;
            }
        }
    }
    pairs(r, text, path, &markers, &urls, from);
    if f.bearer {
        for s in find::bearer_spans(text) {
            if whole(r, &s) {
                r.redact(text, s, path, "Bearer", "credential");
            }
        }
    }
    if f.jwt {
        for s in find::jwt_signature_spans(text) {
            if whole(r, &s) {
                r.redact(text, s, path, "jwt", "jwt-signature");
            }
        }
    }
    if f.email {
        for s in find::email_spans(text) {
            if whole(r, &s) {
                r.redact(text, s, path, "email", "email");
            }
        }
    }
    if !r.echoes.is_empty() {
        for (s, reason) in r.echoes.find(text) {
            if whole(r, &s) {
                r.redact(text, s, path, "known secret value", reason);
            }
        }
    }
}

/// What a text may hold, from one pass over its bytes (each finder runs only when it may find).
#[derive(Default)]
struct Features {
    marker: bool,
    url: bool,
    bearer: bool,
    jwt: bool,
    email: bool,
}

impl Features {
    fn of(b: &[u8]) -> Features {
        use memchr::memmem::find;
        Features {
            marker: find(b, find::MARKER_START.as_bytes()).is_some(),
            url: find(b, b"://").is_some(),
            bearer: find(b, b"earer ").is_some() || find(b, b"EARER ").is_some(),
            jwt: find(b, b"eyJ").is_some(),
            email: memchr::memchr(b'@', b).is_some() || find(b, b"%40").is_some(),
        }
    }
}

pub(crate) fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// Where a `name <sep> value` separator is at `i`: its length.
fn separator_at(b: &[u8], i: usize) -> Option<usize> {
    match b[i] {
        b'=' => {
            let prev = i.checked_sub(1).map(|p| b[p]);
            (b.get(i + 1) != Some(&b'=') && !matches!(prev, Some(b'=' | b'!' | b'<' | b'>')))
                .then_some(1)
        }
        b':' => (b.get(i + 1) != Some(&b':')
            && !(b.get(i + 1) == Some(&b'/') && b.get(i + 2) == Some(&b'/'))
            && i.checked_sub(1).map(|p| b[p]) != Some(b':'))
        .then_some(1),
        b'%' => {
            let h = b.get(i + 1..i + 3)?;
            (h[0] == b'3' && matches!(h[1], b'D' | b'd' | b'A' | b'a')).then_some(3)
        }
        _ => None,
    }
}

/// Where an unquoted value stops.
fn is_stop(b: &[u8], i: usize) -> bool {
    let c = b[i];
    if c.is_ascii_whitespace() || b";&,\"'<>)]}|`\\?#".contains(&c) {
        return true;
    }
    // Percent-encoded separators: %3B ; %26 & %2C , %20 space %22 " %27 ' %0A %0D.
    c == b'%'
        && matches!(
            b.get(i + 1..i + 3),
            Some([b'3', b'B' | b'b'])
                | Some([b'2', b'6' | b'C' | b'c' | b'0' | b'2' | b'7'])
                | Some([b'0', b'A' | b'a' | b'D' | b'd'])
        )
}

/// The value after a separator ending at `vs`: its span (quotes excluded), or `None`.
fn value_span(b: &[u8], mut vs: usize, wide: bool) -> Option<Range<usize>> {
    while vs < b.len() && (b[vs] == b' ' || b[vs] == b'\t') {
        vs += 1;
    }
    if vs >= b.len() {
        return None;
    }
    // Quoted: "v", 'v', \"v\" (JSON inside a string), &quot;v&quot;.
    for q in [&b"\\\""[..], b"&quot;", b"\"", b"'"] {
        if b[vs..].starts_with(q) {
            let start = vs + q.len();
            let mut e = start;
            while e < b.len() && b[e] != b'\n' && !b[e..].starts_with(q) {
                if q == b"\"" && b[e] == b'\\' {
                    e += 1;
                }
                e += 1;
            }
            return (e > start && e <= b.len()).then(|| start..e.min(b.len()));
        }
    }
    let mut e = vs;
    if wide {
        // Names, phone numbers: up to a field separator, trailing spaces trimmed.
        while e < b.len() && !b";&,<>\"|\t\n\r".contains(&b[e]) && !b[e..].starts_with(b"  ") {
            e += 1;
        }
        while e > vs && b[e - 1] == b' ' {
            e -= 1;
        }
    } else {
        while e < b.len() && !is_stop(b, e) {
            e += 1;
        }
    }
    (e > vs).then_some(vs..e)
}

/// Authentication schemes kept before a credential (`Bearer [redacted:credential]`).
const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "digest",
    "negotiate",
    "ntlm",
    "token",
    "aws4-hmac-sha256",
    "hmac",
];

/// `name <sep> value` pairs in free text.
fn pairs(
    r: &mut Redactor,
    text: &str,
    path: &Path,
    markers: &[Range<usize>],
    urls: &[Range<usize>],
    from: usize,
) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match memchr::memchr3(b'=', b':', b'%', &b[i..]) {
            Some(p) => i += p,
            None => break,
        }
        let Some(sep) = separator_at(b, i) else {
            i += 1;
            continue;
        };
        // Inside a marker or a URL (judged structurally) the pair is not read again, except a
        // URL's last parameter whose value is cut off by a space (`?mail= "x"`): the value after
        // the space is taken here, as a second pass would once a marker has cut the URL short.
        let in_zone = |x: usize| {
            markers.iter().any(|m| m.start <= x && x < m.end)
                || urls
                    .iter()
                    .any(|m| m.start <= x && x < m.end && x + sep != m.end)
        };
        if in_zone(i) {
            i += 1;
            continue;
        }
        // The name, looking back over spaces and a closing quote.
        let mut k = i;
        while k > 0 && i - k < 8 && (b[k - 1] == b' ' || b[k - 1] == b'\t') {
            k -= 1;
        }
        if k > 0 && (b[k - 1] == b'"' || b[k - 1] == b'\'') {
            k -= 1;
            if k > 0 && b[k - 1] == b'\\' {
                k -= 1;
            }
        }
        let name_end = k;
        while k > 0 && name_end - k < 64 && is_name_char(b[k - 1]) {
            k -= 1;
        }
        let name = &text[k..name_end];
        if name.is_empty() || !name.bytes().any(|c| c.is_ascii_alphabetic()) {
            i += sep;
            continue;
        }
        // After `?` or `&` the pair is a query parameter (a path-only URL, a form in a log line):
        // judged as in structured data.
        let ctx = if k > 0 && matches!(b[k - 1], b'?' | b'&') {
            Context::Structured
        } else {
            Context::FreeText
        };
        let mut buf = [0u8; names::MAX_NAME];
        let Some(norm) = names::normalize(name, &mut buf) else {
            i += sep;
            continue;
        };
        let reason = names::reason_with_extra(norm, r.opts, ctx);
        if reason.is_none() && !names::secretish_normalized(norm) {
            i += sep;
            continue;
        }
        let vs = i + sep;
        if matches!(reason, Some("cookie")) {
            // A cookie list up to the end of the line (or a closing quote).
            let mut e = vs;
            while e < b.len() && !matches!(b[e], b'\n' | b'\r' | b'"') {
                e += 1;
            }
            let p = path.then(Seg::Text(""));
            let before = r.edits.len();
            let set = name.to_ascii_lowercase().replace(['-', '_'], "") == "setcookie";
            web::cookie_list(r, &text[vs..e], &p, set);
            for x in &mut r.edits[before..] {
                x.at = x.at.start + vs..x.at.end + vs;
            }
            i = e.max(i + sep);
            continue;
        }
        let wide = matches!(reason, Some("phone" | "name"));
        let Some(mut v) = value_span(b, vs, wide) else {
            i += sep;
            continue;
        };
        if reason == Some("credential") {
            // Keep the scheme (`Bearer [redacted:credential]`): the token after it goes.
            let word_end = text[v.clone()].find(' ').map_or(v.end, |sp| v.start + sp);
            let scheme = text[v.start..word_end].to_ascii_lowercase();
            if SCHEMES.contains(&scheme.as_str()) && b.get(word_end) == Some(&b' ') {
                let mut vs2 = word_end;
                while vs2 < b.len() && b[vs2] == b' ' {
                    vs2 += 1;
                }
                let mut e = vs2;
                while e < b.len() && !is_stop(b, e) {
                    e += 1;
                }
                if e > vs2 {
                    v = vs2..e;
                }
            }
        }
        let value = &text[v.clone()];
        let overlaps = markers.iter().any(|m| m.start < v.end && v.start < m.end)
            || is_marker(value)
            || value.starts_with(find::MARKER_START)
            || r.covered(from, &v);
        let reason = match reason {
            Some(x) => Some(x),
            None if names::looks_secret(value) => Some("secret"),
            None => None,
        };
        if let (Some(reason), false) = (reason, overlaps) {
            r.redact(text, v.clone(), path, name, reason);
            i = v.end.max(i + sep);
        } else {
            // A value kept is read on: a pair inside it (`SessionID = 8~X-egain-session:v`) is
            // found now, not only once a first pass has turned the name before it into a marker
            // (fuzz intake, 966,147 runs: a second pass redacted what the first left).
            i += sep;
        }
    }
}

/// Log text, line by line: see the module doc. Every line ending and byte outside the removed
/// values is kept.
pub(crate) fn log_text(r: &mut Redactor, text: &str) {
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let p = super::redactor::Path::root(Seg::Line(n + 1));
        let before = r.edits.len();
        scrub(r, line, &p);
        for e in &mut r.edits[before..] {
            e.at = e.at.start + start..e.at.end + start;
        }
        start += line.len();
    }
}

#[cfg(test)]
mod tests {
    use crate::sanitize::{log_text as sanitize_log, SanitizeOptions};

    fn clean(t: &str) -> String {
        sanitize_log(t, &SanitizeOptions::default()).0
    }

    #[test]
    fn log_keys_in_any_case_spacing_and_encoding() {
        assert_eq!(
            clean("a httpsessionid=ABC123 b"),
            "a httpsessionid=[redacted:session] b"
        );
        assert_eq!(
            clean("JSESSIONID = 0123abcd; x"),
            "JSESSIONID = [redacted:session]; x"
        );
        assert_eq!(
            clean("q=JSESSIONID%3D0123abcd%3B"),
            "q=JSESSIONID%3D[redacted:session]%3B"
        );
        assert_eq!(
            clean("X-EGAIN-SESSION: d6f1c0a2-7b3e"),
            "X-EGAIN-SESSION: [redacted:session]"
        );
        assert_eq!(clean("HttpSessionId:  <@> x"), "HttpSessionId:  <@> x");
        assert_eq!(
            clean("Authorization: Bearer abc.def.ghi123 rest"),
            "Authorization: Bearer [redacted:credential] rest"
        );
        assert_eq!(
            clean("Cookie: a=1111; JSESSIONID=22222222"),
            "Cookie: a=[redacted:cookie]; JSESSIONID=[redacted:cookie]"
        );
        assert_eq!(
            clean(r#"{"accessToken": "tok-1234"}"#),
            r#"{"accessToken": "[redacted:token]"}"#
        );
        assert_eq!(
            clean("secret_hash=AbCdEf0123456789XyZ123 ok"),
            "secret_hash=[redacted:secret] ok"
        );
        // CTI session numbers and router states are no secrets.
        let cti = "15:34:09:841 cg1A-ctisvr Trace: SendARMMsg -- InvokeID = 80171, MRDID = 5000, SessionID = 6";
        assert_eq!(clean(cti), cti);
        let rt = "  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs";
        assert_eq!(clean(rt), rt);
        // …but in a query string they are the reference list's names.
        assert_eq!(
            clean("GET /cb?code=abc123&state=xyz789 HTTP/1.1"),
            "GET /cb?code=[redacted:token]&state=[redacted:token] HTTP/1.1"
        );
    }

    #[test]
    fn a_pair_inside_a_kept_value_is_found_on_the_first_pass() {
        // The value of `SessionID` (kept: a CTI session number) runs up to the next space and
        // holds a session header; the first pass has to find it, not leave it to a second.
        let t = "X-egain-session:SessionID = 8%3~b\u{16}X-egain-session:SessionID = 8";
        let once = clean(t);
        assert_eq!(
            once,
            "X-egain-session:[redacted:session] = 8%3~b\u{16}X-egain-session:[redacted:session] = 8"
        );
        assert_eq!(clean(&once), once);
    }
}
