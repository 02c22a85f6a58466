//! URLs, query strings and forms, headers and cookies.
//!
//! A URL loses its `user:password@` password, the session id of ECE's `sessionStatus/<sid>`
//! (the numeric prefix before `_` is kept), a token in a path segment after a secret-ish one
//! (`/reset/<token>`, `/api/keys/<key>`), and the values of its query and fragment parameters by
//! name; everything else in it is scanned as free text. Cookie headers lose every value (the
//! names stay); `Set-Cookie` loses each cookie's value, comma-folded or on several lines, and
//! keeps its attributes.

use std::ops::Range;

use super::edit::percent_unescape;
use super::names::{self, Context};
use super::redactor::{Path, Redactor};
use super::text;

/// The parts of a URL as byte ranges of it.
struct Parts {
    userinfo: Option<Range<usize>>,
    path: Range<usize>,
    query: Option<Range<usize>>,
    fragment: Option<Range<usize>>,
}

fn split(u: &str) -> Parts {
    let b = u.as_bytes();
    let frag = u.find('#');
    let before_frag = frag.unwrap_or(u.len());
    let q = u[..before_frag].find('?');
    let before_q = q.unwrap_or(before_frag);
    let mut path_start = 0;
    let mut userinfo = None;
    if let Some(i) = u[..before_q].find("://") {
        if i > 0
            && u[..i]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
        {
            let auth_start = i + 3;
            let auth_end = b[auth_start..before_q]
                .iter()
                .position(|&c| c == b'/')
                .map_or(before_q, |p| auth_start + p);
            if let Some(at) = u[auth_start..auth_end].rfind('@') {
                userinfo = Some(auth_start..auth_start + at);
            }
            path_start = auth_end;
        }
    }
    Parts {
        userinfo,
        path: path_start..before_q,
        query: q.map(|i| i + 1..before_frag),
        fragment: frag.map(|i| i + 1..u.len()),
    }
}

/// Segments after which a high-entropy segment is a token even though the name list is silent.
const PATH_KEYWORDS: &[&str] = &[
    "reset",
    "verify",
    "invite",
    "confirm",
    "magic",
    "activate",
    "unsubscribe",
    "login",
    "signin",
    "access",
    "share",
];

/// The password in a URL's `user:password@`, if it has one (learned as a secret, so that its
/// echoes elsewhere go too).
pub(crate) fn password_of(u: &str) -> Option<&str> {
    let ui = split(u).userinfo?;
    let info = &u[ui];
    info.find(':').map(|c| &info[c + 1..])
}

/// The password of a URL's `user:password@` (the URL at `at` in `u`).
fn password(r: &mut Redactor, u: &str, parts: &Parts, at: usize, path: &Path) {
    if let Some(ui) = &parts.userinfo {
        let ui = at + ui.start..at + ui.end;
        if let Some(c) = u[ui.clone()].find(':') {
            r.redact(
                u,
                ui.start + c + 1..ui.end,
                path,
                "user:password@",
                "url-password",
            );
        }
    }
}

/// A URL (edits in its coordinates).
pub(crate) fn url(r: &mut Redactor, u: &str, path: &Path) {
    let parts = split(u);
    password(r, u, &parts, 0, path);
    // A URL inside this one (`https://proxy/http://user:pw@host/`, or in its query or fragment,
    // however deep): its password too, found here rather than by reading the parts again, whose
    // nesting a second pass sees cut differently (a marker's `]` ends a URL in free text).
    // (Its `://` may begin in this one's authority: `T://:i@i://…` has the authority `:i@i:`.)
    let mut from = match u.get(..parts.path.start).and_then(|a| a.find("://")) {
        Some(i) if parts.path.start > i => i + 3,
        _ => parts.path.start,
    };
    while let Some(off) = u.get(from..).and_then(|p| p.find("://")) {
        let sep = from + off;
        let b = u.as_bytes();
        let start = super::find::scheme_start(b, sep, from);
        if start < sep && b[start].is_ascii_alphabetic() {
            let inner = &u[start..];
            password(r, u, &split(inner), start, path);
        }
        from = sep + 3;
    }
    url_path(r, u, parts.path.clone(), path);
    if let Some(q) = parts.query {
        let p = path.text("?");
        pairs(r, u, q, &p);
    }
    if let Some(f) = parts.fragment {
        let p = path.text("#");
        if u[f.clone()].contains('=') {
            pairs(r, u, f, &p);
        } else {
            shifted(r, f.start, |r| text::scrub(r, &u[f.clone()], &p));
        }
    }
}

/// Runs `f` (pushing edits relative to `offset`) and moves its edits by `offset`.
fn shifted(r: &mut Redactor, offset: usize, f: impl FnOnce(&mut Redactor)) {
    let before = r.edits.len();
    f(r);
    for e in &mut r.edits[before..] {
        e.at = e.at.start + offset..e.at.end + offset;
    }
}

fn url_path(r: &mut Redactor, u: &str, span: Range<usize>, path: &Path) {
    let p = &u[span.clone()];
    let from = r.edits.len();
    shifted(r, span.start, |r| text::scrub(r, p, path));
    // ECE's sessionStatus/<sid>: the sid after the `_` (the part before it is a number).
    let lower = p.to_ascii_lowercase();
    if let Some(i) = lower.find("/sessionstatus/") {
        let start = i + "/sessionstatus/".len();
        let seg_end = p[start..].find('/').map_or(p.len(), |e| start + e);
        let keep = p[start..seg_end].find('_').map_or(0, |x| x + 1);
        let at = span.start + start + keep..span.start + seg_end;
        if !r.covered(from, &at) {
            r.redact(u, at, path, "sid", "session");
        }
    }
    // A token in a segment after a secret-ish one.
    let mut prev = "";
    let mut off = 0;
    for seg in p.split('/') {
        let at = span.start + off..span.start + off + seg.len();
        off += seg.len() + 1;
        let secretish_prev =
            names::is_secretish(prev) || PATH_KEYWORDS.iter().any(|k| prev.eq_ignore_ascii_case(k));
        if secretish_prev
            && names::looks_secret(&percent_unescape(seg, false).text)
            && !r.covered(from, &at)
        {
            r.redact(u, at, path, prev, "token");
        }
        prev = seg;
    }
}

/// `a=1&b=2` (a query string, a fragment or a form body) in `s[span]`: values judged by their
/// (decoded) names, the rest scanned as free text.
pub(crate) fn pairs(r: &mut Redactor, s: &str, span: Range<usize>, path: &Path) {
    let mut at = span.start;
    for kv in s[span.clone()].split('&') {
        let kv_start = at;
        at += kv.len() + 1;
        if kv.is_empty() {
            continue;
        }
        let (k, v_start) = match kv.find('=') {
            Some(e) => (&kv[..e], kv_start + e + 1),
            None => (kv, kv_start + kv.len()),
        };
        let v_span = v_start..kv_start + kv.len();
        let name = percent_unescape(k, true);
        let p = path.text(&name.text);
        // A name with other bytes before it (`&\0token=`) is judged by its last word, as free
        // text reads it: a second pass, once a marker has cut the URL, reads it so.
        let word = name
            .text
            .rsplit(|c: char| !(c.is_ascii() && text::is_name_char(c as u8)))
            .next()
            .filter(|w| !w.is_empty())
            .unwrap_or(&name.text);
        let raw_v = &s[v_span.clone()];
        let dv = percent_unescape(raw_v, true);
        if let Some(reason) = names::reason_for(word, r.opts, Context::Structured) {
            if !super::find::is_marker(dv.text.trim()) {
                r.redact(s, v_span, &p, word, reason);
            }
            continue;
        }
        if names::is_secretish(word) && names::looks_secret(dv.text.trim()) {
            r.redact(s, v_span, &p, word, "secret");
            continue;
        }
        if raw_v.is_empty() {
            // A bare name: a body that is all one parameter name (Fiddler writes JSON there).
            if kv.len() > 40 {
                let d = percent_unescape(kv, true);
                r.within(kv_start, &d, |r, t| super::body::body(r, t, None, &p));
            }
            continue;
        }
        r.within(v_start, &dv, |r, t| text::scrub(r, t, &p));
    }
}

/// A header by name (structured): cookies, credentials, URLs, listed names, secret-looking
/// values; anything else is free text.
pub(crate) fn header(r: &mut Redactor, name: &str, value: &str, path: &Path) {
    let mut buf = [0u8; 64];
    let n = names::normalize(name, &mut buf).unwrap_or("");
    match n {
        "cookie" => return cookie_list(r, value, path, false),
        "setcookie" => return cookie_list(r, value, path, true),
        "location" | "referer" | "origin" | "contentlocation" => {
            return url(r, value.trim_end(), path)
        }
        _ => {}
    }
    if let Some(reason) = names::reason_for(name, r.opts, Context::Structured) {
        let start = value.len() - value.trim_start().len();
        let mut v = start..value.trim_end().len().max(start);
        if reason == "credential" {
            // Keep the scheme (Bearer, Basic, Negotiate): it tells how the client authenticated.
            if let Some(sp) = value[v.clone()].find(' ').filter(|&sp| sp < 20) {
                let mut s2 = v.start + sp;
                while value.as_bytes().get(s2) == Some(&b' ') {
                    s2 += 1;
                }
                v = s2..v.end.max(s2);
            }
        }
        r.redact(value, v, path, name, reason);
        return;
    }
    if names::is_secretish(name) && names::looks_secret(value.trim()) {
        let start = value.len() - value.trim_start().len();
        r.redact(
            value,
            start..start + value.trim().len(),
            path,
            name,
            "secret",
        );
        return;
    }
    text::scrub(r, value, path);
}

/// A cookie list (`a=1; b=2`) or `Set-Cookie` value(s): every cookie's value goes; names and
/// attributes stay.
pub(crate) fn cookie_list(r: &mut Redactor, s: &str, path: &Path, set_cookie: bool) {
    if !set_cookie {
        let mut at = 0;
        for part in s.split([';', '\n']) {
            let start = at;
            at += part.len() + 1;
            cookie_pair(r, s, start..start + part.len(), path);
        }
        return;
    }
    let mut line_at = 0;
    for line in s.split('\n') {
        let base = line_at;
        line_at += line.len() + 1;
        for c in set_cookie_starts(line) {
            let end = line[c.clone()].find(';').map_or(c.end, |e| c.start + e);
            cookie_pair(r, s, base + c.start..base + end, path);
        }
    }
}

/// One `name=value` of a cookie list at `s[span]`.
fn cookie_pair(r: &mut Redactor, s: &str, span: Range<usize>, path: &Path) {
    let part = &s[span.clone()];
    let Some(eq) = part.find('=') else { return };
    let name = part[..eq].trim();
    if name.is_empty() {
        return;
    }
    let v = &part[eq + 1..];
    let lead = v.len() - v.trim_start().len();
    let vs = span.start + eq + 1 + lead;
    let ve = vs + v.trim().len();
    let label = format!(":{name}");
    let p = path.text(&label);
    r.redact(s, vs..ve, &p, name, "cookie");
}

/// The cookies of one `Set-Cookie` line, comma-folded or not: each from its name to the comma
/// that starts the next one. `Expires=Wed, 21 Oct 2015 …` holds a comma that starts no cookie.
fn set_cookie_starts(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut starts = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c != b',' {
            continue;
        }
        // A cookie name is short: look at the next 256 bytes only (no quadratic scan of a
        // line of commas).
        let mut lim = (i + 1 + 256).min(line.len());
        while !line.is_char_boundary(lim) {
            lim -= 1;
        }
        let rest = &line[i + 1..lim];
        let seg_end = rest.find([';', ',']).unwrap_or(rest.len());
        let seg = &rest[..seg_end];
        if let Some(eq) = seg.find('=') {
            let name = seg[..eq].trim();
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|x| x.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&x))
                && !name.eq_ignore_ascii_case("expires")
            {
                starts.push(i + 1);
            }
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).map_or(line.len(), |n| n - 1);
        out.push(s..e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::{edit, SanitizeOptions};

    fn run(f: impl FnOnce(&mut Redactor, &Path), s: &str) -> String {
        let o = SanitizeOptions::default();
        let mut r = Redactor::new(&o);
        let p = Path::root(super::super::redactor::Seg::Key("x"));
        f(&mut r, &p);
        edit::apply(s, r.edits)
    }

    #[test]
    fn urls() {
        let u = "https://bob:pw@h/system/egain/chat/entrypoint/sessionStatus/123_abc?access_token=x&ok=1&m=a%40b.com&PHPSESSID=abc#id_token=eyJ";
        assert_eq!(
            run(|r, p| url(r, u, p), u),
            "https://bob:[redacted:url-password]@h/system/egain/chat/entrypoint/sessionStatus/123_[redacted:session]?access_token=[redacted:token]&ok=1&m=[redacted:email]&PHPSESSID=[redacted:session]#id_token=[redacted:token]"
        );
        let u = "https://h/api/reset/Zk3aQ9xT2bLm8NcV4pWy7R/next?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2F1&key=AIzaSyA";
        assert_eq!(
            run(|r, p| url(r, u, p), u),
            "https://h/api/reset/[redacted:token]/next?X-Amz-Signature=[redacted:signature]&X-Amz-Credential=[redacted:credential]&key=[redacted:api-key]"
        );
        // A URL inside a URL, its `://` starting in the outer authority: its password goes too
        // (the path alone, `//admin:pw2@h/`, shows no URL).
        let u = "https://user:pw@gw://admin:pw2@h/x";
        assert_eq!(
            run(|r, p| url(r, u, p), u),
            "https://user:[redacted:url-password]@gw://admin:[redacted:url-password]@h/x"
        );
    }

    #[test]
    fn cookies_and_set_cookies() {
        let s = "JSESSIONID=ABC; other=x y ; flag";
        assert_eq!(
            run(|r, p| cookie_list(r, s, p, false), s),
            "JSESSIONID=[redacted:cookie]; other=[redacted:cookie] ; flag"
        );
        let s = "a=1111; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2222; HttpOnly\nc=3333";
        assert_eq!(
            run(|r, p| cookie_list(r, s, p, true), s),
            "a=[redacted:cookie]; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=[redacted:cookie]; HttpOnly\nc=[redacted:cookie]"
        );
    }

    #[test]
    fn headers() {
        let s = "Bearer abc.def";
        assert_eq!(
            run(|r, p| header(r, "Authorization", s, p), s),
            "Bearer [redacted:credential]"
        );
        let s = "?0";
        assert_eq!(run(|r, p| header(r, "sec-ch-ua-mobile", s, p), s), "?0");
        let s = "AIzaSyA-1234567890abcdefghijklmnopq";
        assert_eq!(
            run(|r, p| header(r, "X-Goog-Api-Key", s, p), s),
            "[redacted:api-key]"
        );
        let s = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        assert_eq!(
            run(|r, p| header(r, "X-Request-Signature-Hash", s, p), s),
            "[redacted:secret]"
        );
    }
}
