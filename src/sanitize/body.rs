//! Bodies by their structure: JSON (walked by key), broken JSON (key/value tokens), forms
//! (`x-www-form-urlencoded`, `text/plain`, `multipart/form-data`), XML and HTML (see `markup`),
//! JavaScript and plain text (free text).

use std::borrow::Cow;

use super::edit::json_unescape;
use super::json::{self, Node, Str};
use super::names::{self, Context};
use super::redactor::{Path, Redactor};
use super::{find, marker, markup, text, web};

/// A body, by its content type or, when that is missing or wrong, by its look.
pub(crate) fn body(r: &mut Redactor, t: &str, mime: Option<&str>, path: &Path) {
    let m = mime.unwrap_or("").to_ascii_lowercase();
    let head = t.trim_start();
    let json_like = head.starts_with('{') || head.starts_with('[');
    if json_like || m.contains("json") {
        match json::parse(t) {
            Ok(node) => return json(r, t, &node, path),
            Err(_) if json_like => return loose_json(r, t, path),
            Err(_) => {}
        }
    }
    if (m.contains("multipart/")
        || (head.starts_with("--") && find_ci(head, "content-disposition:")))
        && multipart(r, t, &m, path)
    {
        return;
    }
    if m.contains("html") || (head.starts_with('<') && markup::looks_html(head)) {
        return markup::html(r, t, path);
    }
    if head.starts_with('<') || m.contains("xml") {
        return markup::xml(r, t, path);
    }
    if m.contains("x-www-form-urlencoded") || (!m.contains("javascript") && looks_form(t)) {
        let p = path.text(":");
        return web::pairs(r, t, 0..t.len(), &p);
    }
    if (m.starts_with("text/plain") || m.is_empty()) && plain_form(t) {
        return text_plain_form(r, t, path);
    }
    text::scrub(r, t, path);
}

fn find_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .take(4096)
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A decoded JSON string `s` of `src`, handed to `f` (edits lifted back).
pub(crate) fn with_string(
    r: &mut Redactor,
    src: &str,
    s: &Str,
    f: impl FnOnce(&mut Redactor, &str),
) {
    let Some(raw) = src.get(s.span.clone()) else {
        return;
    };
    let d = json_unescape(raw);
    r.within(s.span.start, &d, f);
}

/// A string's decoded text (owned only when it had escapes).
pub(crate) fn string_text<'s>(src: &'s str, s: &Str) -> Cow<'s, str> {
    let raw = src.get(s.span.clone()).unwrap_or("");
    if s.escaped {
        Cow::Owned(json_unescape(raw).text.into_owned())
    } else {
        Cow::Borrowed(raw)
    }
}

/// Should a container under this key lose every value (not only be walked)?
fn whole(r: &Redactor, key: &str, reason: &str) -> bool {
    matches!(reason, "chat-text" | "customer-data" | "extra")
        || names::reason_for(key, r.opts, Context::FreeText).is_some()
}

/// A JSON value: keys judged by name, strings scanned (and read as JSON or XML when they are).
pub(crate) fn json(r: &mut Redactor, src: &str, node: &Node, path: &Path) {
    match node {
        Node::Obj(members) => {
            if let Some(log) = node.get(src, "log") {
                if log
                    .get(src, "entries")
                    .is_some_and(|e| matches!(e, Node::Arr(_)))
                {
                    return super::har::document(r, src, node, path);
                }
            }
            for (k, v) in members {
                let key = string_text(src, k);
                let p = path.key(&key);
                // Keys can hold data too (a map keyed by e-mail address).
                if k.span.len() >= 6 {
                    with_string(r, src, k, |r, t| text::scrub(r, t, &p));
                }
                member(r, src, &key, v, &p);
            }
        }
        Node::Arr(items) => {
            for (i, x) in items.iter().enumerate() {
                json(r, src, x, &path.index(i));
            }
        }
        Node::Str(s) => with_string(r, src, s, |r, t| free_string(r, t, path)),
        Node::Num(_) | Node::Lit => {}
    }
}

/// One `"key": value` of an object.
pub(crate) fn member(r: &mut Redactor, src: &str, key: &str, v: &Node, p: &Path) {
    let reason = names::reason_for(key, r.opts, Context::Structured)
        .or_else(|| (r.ece_body && names::is_chat_text_key(key)).then_some("chat-text"));
    match (reason, v) {
        (Some(reason), Node::Str(s)) => {
            let t = string_text(src, s);
            if !find::only_markers(&t) {
                r.redact(src, s.span.clone(), p, key, reason);
            }
        }
        (Some(reason), Node::Num(span)) if whole(r, key, reason) => {
            let with = Cow::Owned(format!("\"{}\"", marker(reason)));
            r.redact_with(src, span.clone(), p, key, reason, with);
        }
        // Chat text given as a list or an object: its strings are the text; the keys of its
        // objects (`from`, `type`, `time`) are judged on their own.
        (Some("chat-text"), Node::Obj(_) | Node::Arr(_)) => chat_container(r, src, key, v, p),
        (Some(reason), Node::Obj(_) | Node::Arr(_)) if whole(r, key, reason) => {
            leaves(r, src, v, p, key, reason);
        }
        (None, Node::Str(s))
            if names::is_secretish(key) && names::looks_secret(string_text(src, s).trim()) =>
        {
            r.redact(src, s.span.clone(), p, key, "secret");
        }
        _ => json(r, src, v, p),
    }
}

fn chat_container(r: &mut Redactor, src: &str, key: &str, v: &Node, p: &Path) {
    match v {
        Node::Arr(items) => {
            for (i, x) in items.iter().enumerate() {
                chat_container(r, src, key, x, &p.index(i));
            }
        }
        Node::Str(s) => {
            if !find::only_markers(&string_text(src, s)) {
                r.redact(src, s.span.clone(), p, key, "chat-text");
            }
        }
        _ => json(r, src, v, p),
    }
}

/// Every string and number below a sensitive key.
fn leaves(r: &mut Redactor, src: &str, v: &Node, p: &Path, key: &str, reason: &'static str) {
    match v {
        Node::Str(s) => {
            if !find::only_markers(&string_text(src, s)) {
                r.redact(src, s.span.clone(), p, key, reason);
            }
        }
        Node::Num(span) => {
            let with = Cow::Owned(format!("\"{}\"", marker(reason)));
            r.redact_with(src, span.clone(), p, key, reason, with);
        }
        Node::Arr(items) => {
            for (i, x) in items.iter().enumerate() {
                leaves(r, src, x, &p.index(i), key, reason);
            }
        }
        Node::Obj(m) => {
            for (k, x) in m {
                let kt = string_text(src, k);
                leaves(r, src, x, &p.key(&kt), key, reason);
            }
        }
        Node::Lit => {}
    }
}

/// A string value: JSON or markup inside it is read as such; otherwise free text.
pub(crate) fn free_string(r: &mut Redactor, t: &str, path: &Path) {
    let head = t.trim_start();
    if (head.starts_with('{') || head.starts_with('[')) && t.len() > 2 {
        if let Ok(node) = json::parse(t) {
            return json(r, t, &node, path);
        }
    }
    if head.starts_with('<') && t.trim_end().ends_with('>') && t.len() > 20 {
        return body(r, t, None, path);
    }
    text::scrub(r, t, path);
}

/// JSON that does not read (truncated, or cut at `=` by an exporter's form parsing): every
/// `"key": "value"` (or number) is judged by its key; other strings are scanned.
fn loose_json(r: &mut Redactor, t: &str, path: &Path) {
    let strings = json::string_spans(t);
    let b = t.as_bytes();
    let mut i = 0;
    while i < strings.len() {
        let key = &strings[i];
        let mut j = key.end + 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b':' {
            let k = json_unescape(&t[key.clone()]).text.into_owned();
            let p = path.key(&k);
            let reason = names::reason_for(&k, r.opts, Context::Structured)
                .or_else(|| (r.ece_body && names::is_chat_text_key(&k)).then_some("chat-text"));
            let mut v = j + 1;
            while v < b.len() && b[v].is_ascii_whitespace() {
                v += 1;
            }
            let next_is_value = strings.get(i + 1).is_some_and(|s| s.start == v + 1);
            if next_is_value {
                let val = strings[i + 1].clone();
                let s = Str {
                    span: val.clone(),
                    escaped: t[val.clone()].contains('\\'),
                };
                match reason {
                    Some(reason) => {
                        if !find::is_marker(&t[val.clone()]) {
                            r.redact(t, val, &p, &k, reason);
                        }
                    }
                    None => with_string(r, t, &s, |r, x| free_string(r, x, &p)),
                }
                i += 2;
                continue;
            }
            if let Some(reason) = reason.filter(|x| whole(r, &k, x)) {
                let mut e = v;
                while e < b.len() && (b[e].is_ascii_digit() || b"+-.eE".contains(&b[e])) {
                    e += 1;
                }
                if e > v {
                    let with = Cow::Owned(format!("\"{}\"", marker(reason)));
                    r.redact_with(t, v..e, &p, &k, reason, with);
                }
            }
            i += 1;
            continue;
        }
        let s = Str {
            span: key.clone(),
            escaped: t[key.clone()].contains('\\'),
        };
        with_string(r, t, &s, |r, x| text::scrub(r, x, path));
        i += 1;
    }
}

/// Does a body read as `name=value&name=value` (one line; values may hold spaces when a tool
/// wrote them decoded)?
fn looks_form(t: &str) -> bool {
    let t = t.trim_end_matches(['\r', '\n']);
    if t.is_empty() || t.contains('\n') || !t.contains('=') || t.starts_with('<') {
        return false;
    }
    t.split('&').all(|kv| {
        kv.is_empty()
            || kv.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.len() <= 64
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_.-[]%+$:".contains(&b))
            })
            || (!kv.contains([' ', '=']) && kv.len() <= 64)
    })
}

/// Is this a `text/plain` form submission (`name=value` lines)?
fn plain_form(t: &str) -> bool {
    let mut any = false;
    for line in t.lines() {
        let l = line.trim_end_matches('\r');
        if l.is_empty() {
            continue;
        }
        match l.split_once('=') {
            Some((n, _))
                if !n.is_empty() && n.len() <= 64 && !n.contains([' ', '\t', '<', '"', '{']) =>
            {
                any = true
            }
            _ => return false,
        }
    }
    any
}

/// `name=value` lines; values may hold spaces (the browser does not encode them).
fn text_plain_form(r: &mut Redactor, t: &str, path: &Path) {
    let mut at = 0;
    for line in t.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        let Some(eq) = l.find('=') else { continue };
        let name = &l[..eq];
        let v = start + eq + 1..start + l.len();
        let label = format!(":{name}");
        let p = path.text(&label);
        let value = &t[v.clone()];
        if let Some(reason) = names::reason_for(name, r.opts, Context::Structured) {
            r.redact(t, v, &p, name, reason);
        } else if names::is_secretish(name) && names::looks_secret(value.trim()) {
            r.redact(t, v, &p, name, "secret");
        } else {
            let before = r.edits.len();
            text::scrub(r, value, &p);
            for e in &mut r.edits[before..] {
                e.at = e.at.start + v.start..e.at.end + v.start;
            }
        }
    }
}

/// `multipart/form-data`: each part judged by its field name, or read by its own type.
/// Returns false when no boundary is found (the caller reads the body otherwise).
fn multipart(r: &mut Redactor, t: &str, mime: &str, path: &Path) -> bool {
    let from_mime = mime.find("boundary=").map(|i| {
        let v = &mime[i + 9..];
        let v = v.split(';').next().unwrap_or("").trim().trim_matches('"');
        v.to_string()
    });
    // The content type was lower-cased: take the boundary as written in the body when it is there.
    let first = t.trim_start().lines().next().unwrap_or("").trim_end();
    let boundary = match (&from_mime, first.strip_prefix("--")) {
        (_, Some(b))
            if !b.is_empty()
                && from_mime
                    .as_deref()
                    .is_none_or(|m| b.eq_ignore_ascii_case(m)) =>
        {
            b.to_string()
        }
        (Some(m), _) if !m.is_empty() => m.clone(),
        _ => return false,
    };
    let delim = format!("--{boundary}");
    let mut pos = match t.find(&delim) {
        Some(p) => p + delim.len(),
        None => return false,
    };
    let mut index = 0;
    while pos < t.len() {
        if t[pos..].starts_with("--") {
            break;
        }
        let next = t[pos..].find(&delim).map_or(t.len(), |n| pos + n);
        let part = &t[pos..next];
        let part_start = pos;
        pos = next + delim.len();
        let (head_len, sep_len) = match (part.find("\r\n\r\n"), part.find("\n\n")) {
            (Some(a), Some(b)) if b < a => (b, 2),
            (Some(a), _) => (a, 4),
            (None, Some(b)) => (b, 2),
            (None, None) => continue,
        };
        let headers = &part[..head_len];
        let mut content = part_start + head_len + sep_len..next;
        // The line break before the next delimiter belongs to the delimiter.
        if t[..content.end].ends_with("\r\n") {
            content.end -= 2;
        } else if t[..content.end].ends_with('\n') {
            content.end -= 1;
        }
        if content.end < content.start {
            continue;
        }
        let name = header_param(headers, "name").unwrap_or_default();
        let ctype = headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_string())
        });
        let label = if name.is_empty() {
            format!(":part{index}")
        } else {
            format!(":{name}")
        };
        index += 1;
        let p = path.text(&label);
        let value = &t[content.clone()];
        if let Some(reason) = names::reason_for(&name, r.opts, Context::Structured) {
            r.redact(t, content, &p, &name, reason);
        } else if names::is_secretish(&name) && names::looks_secret(value.trim()) {
            r.redact(t, content, &p, &name, "secret");
        } else {
            let before = r.edits.len();
            // A part may be multipart itself: each level counts as a layer (bounded).
            r.depth += 1;
            if r.depth > super::redactor::MAX_LAYERS {
                text::scrub(r, value, &p);
            } else {
                body(r, value, ctype.as_deref(), &p);
            }
            r.depth -= 1;
            for e in &mut r.edits[before..] {
                e.at = e.at.start + content.start..e.at.end + content.start;
            }
        }
    }
    true
}

/// `name="value"` (or unquoted) in a part's `Content-Disposition`.
fn header_param(headers: &str, param: &str) -> Option<String> {
    let line = headers.lines().find(|l| {
        l.trim_start()
            .to_ascii_lowercase()
            .starts_with("content-disposition")
    })?;
    for piece in line.split(';').skip(1) {
        let (k, v) = piece.split_once('=')?;
        if k.trim().eq_ignore_ascii_case(param) {
            return Some(v.trim().trim_matches('"').to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::sanitize::{
        edit,
        redactor::{Path, Redactor, Seg},
        SanitizeOptions,
    };

    fn clean(t: &str, mime: &str) -> String {
        let o = SanitizeOptions::default();
        let mut r = Redactor::new(&o);
        let p = Path::root(Seg::Key("b"));
        super::body(&mut r, t, Some(mime), &p);
        edit::apply(t, r.edits)
    }

    #[test]
    fn json_bodies_change_only_their_secrets() {
        let t = "{ \"user\" : {\"email\":\"j@x.org\", \"password\": \"hun\\\"ter2\"},\n  \"n\": 1.6869999996825351, \"phone\": 4420794600, \"accessToken\":\"abc\" }";
        assert_eq!(
            clean(t, "application/json"),
            "{ \"user\" : {\"email\":\"[redacted:email]\", \"password\": \"[redacted:password]\"},\n  \"n\": 1.6869999996825351, \"phone\": \"[redacted:phone]\", \"accessToken\":\"[redacted:token]\" }"
        );
        let broken = r#"{"token":"abc","note":"mail j@x.org","phone": 123"#;
        assert_eq!(
            clean(broken, "application/json"),
            r#"{"token":"[redacted:token]","note":"mail [redacted:email]","phone": "[redacted:phone]""#
        );
    }

    #[test]
    fn forms_of_every_kind() {
        assert_eq!(
            clean(
                "user=jo&password=p%40ss+1&x=1",
                "application/x-www-form-urlencoded"
            ),
            "user=jo&password=[redacted:password]&x=1"
        );
        assert_eq!(
            clean(
                "comment=hello there\r\npassword=my secret pass\r\n",
                "text/plain"
            ),
            "comment=hello there\r\npassword=[redacted:password]\r\n"
        );
        let mp = "------WebKitFormBoundaryAbC\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njdoe\r\n------WebKitFormBoundaryAbC\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter 2\r\n------WebKitFormBoundaryAbC\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nmail j@x.org\r\n------WebKitFormBoundaryAbC--\r\n";
        assert_eq!(
            clean(
                mp,
                "multipart/form-data; boundary=----WebKitFormBoundaryAbC"
            ),
            mp.replace("\r\njdoe\r\n", "\r\n[redacted:name]\r\n")
                .replace("hunter 2", "[redacted:password]")
                .replace("j@x.org", "[redacted:email]")
        );
    }
}
