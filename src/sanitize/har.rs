//! The HAR walk: secret values learned first (headers, cookies, query parameters), then every
//! entry's URLs, headers, cookies, parameters and bodies by their structure, WebSocket messages,
//! and every other value scanned as free text. Nothing but the removed values changes.
//!
//! Bodies marked `"encoding": "base64"` are decoded and read; if anything in one must go, the
//! whole body is withheld (`[redacted:base64-body]`): a base64 text cannot be edited in place.

use base64::Engine;

use super::body::{self, string_text, with_string};
use super::json::{key_is, Node, Str};
use super::names::{self, Context};
use super::redactor::{Path, Redactor};
use super::{find, text, web};

#[derive(Clone, Copy, PartialEq, Eq)]
enum NvKind {
    Header,
    Cookie,
    Param,
}

/// A HAR document (the object holding `log`), at `path`.
pub(crate) fn document(r: &mut Redactor, src: &str, root: &Node, path: &Path) {
    learn(r, src, root);
    r.echoes.index();
    let Node::Obj(members) = root else { return };
    for (k, v) in members {
        let key = string_text(src, k);
        let p = path.key(&key);
        if key != "log" {
            body::json(r, src, v, &p);
            continue;
        }
        let Node::Obj(log) = v else {
            body::json(r, src, v, &p);
            continue;
        };
        for (lk, lv) in log {
            let lkey = string_text(src, lk);
            let lp = p.key(&lkey);
            match (lkey.as_ref(), lv) {
                ("entries", Node::Arr(entries)) => {
                    for (i, e) in entries.iter().enumerate() {
                        entry(r, src, e, &lp.index(i));
                    }
                }
                _ => body::json(r, src, lv, &lp),
            }
        }
    }
}

/// The request URL of an entry, decoded.
fn request_url<'s>(src: &'s str, e: &Node) -> Option<std::borrow::Cow<'s, str>> {
    match e.get(src, "request")?.get(src, "url")? {
        Node::Str(s) => Some(string_text(src, s)),
        _ => None,
    }
}

fn entry(r: &mut Redactor, src: &str, e: &Node, path: &Path) {
    let Node::Obj(members) = e else {
        return body::json(r, src, e, path);
    };
    r.ece_body = request_url(src, e).is_some_and(|u| crate::har::calls::classify(&u).is_some());
    for (k, v) in members {
        let key = string_text(src, k);
        let p = path.key(&key);
        match (key.as_ref(), v) {
            ("request" | "response", Node::Obj(_)) => message(r, src, v, &p),
            ("_webSocketMessages", Node::Arr(_)) => websocket(r, src, v, &p),
            _ => body::json(r, src, v, &p),
        }
    }
    r.ece_body = false;
}

fn message(r: &mut Redactor, src: &str, m: &Node, path: &Path) {
    let Node::Obj(members) = m else { return };
    for (k, v) in members {
        let key = string_text(src, k);
        let p = path.key(&key);
        match (key.as_ref(), v) {
            ("url" | "redirectURL", Node::Str(s)) => {
                with_string(r, src, s, |r, t| web::url(r, t, &p))
            }
            ("headers", _) => name_values(r, src, v, NvKind::Header, &p),
            ("cookies", _) => name_values(r, src, v, NvKind::Cookie, &p),
            ("queryString", _) => name_values(r, src, v, NvKind::Param, &p),
            ("postData" | "content", Node::Obj(_)) => content(r, src, v, &p),
            ("_webSocketMessages", Node::Arr(_)) => websocket(r, src, v, &p),
            _ => body::json(r, src, v, &p),
        }
    }
}

/// `postData` or `content`: the body by its `mimeType`, `params` as name/values.
fn content(r: &mut Redactor, src: &str, c: &Node, path: &Path) {
    let Node::Obj(members) = c else { return };
    let mime = match c.get(src, "mimeType") {
        Some(Node::Str(s)) => Some(string_text(src, s).into_owned()),
        _ => None,
    };
    let base64 = matches!(c.get(src, "encoding"), Some(Node::Str(s)) if string_text(src, s).eq_ignore_ascii_case("base64"));
    for (k, v) in members {
        let key = string_text(src, k);
        let p = path.key(&key);
        match (key.as_ref(), v) {
            ("text", Node::Str(s)) if base64 => base64_body(r, src, s, mime.as_deref(), &p),
            ("text", Node::Str(s)) => {
                with_string(r, src, s, |r, t| body::body(r, t, mime.as_deref(), &p))
            }
            ("params", _) => name_values(r, src, v, NvKind::Param, &p),
            _ => body::json(r, src, v, &p),
        }
    }
}

/// Chrome's `_webSocketMessages`: each message's `data` read by its look (JSON, XML, text).
fn websocket(r: &mut Redactor, src: &str, v: &Node, path: &Path) {
    let Node::Arr(items) = v else { return };
    for (i, m) in items.iter().enumerate() {
        let p = path.index(i);
        let Node::Obj(members) = m else {
            body::json(r, src, m, &p);
            continue;
        };
        for (k, x) in members {
            let key = string_text(src, k);
            let kp = p.key(&key);
            match (key.as_ref(), x) {
                ("data", Node::Str(s)) => {
                    with_string(r, src, s, |r, t| body::body(r, t, None, &kp))
                }
                _ => body::json(r, src, x, &kp),
            }
        }
    }
}

/// A base64 body: decoded and read; withheld whole when anything in it must go.
fn base64_body(r: &mut Redactor, src: &str, s: &Str, mime: Option<&str>, path: &Path) {
    let raw = string_text(src, s);
    if find::only_markers(&raw) {
        return;
    }
    let clean: std::borrow::Cow<str> = if raw.bytes().any(|b| b.is_ascii_whitespace()) {
        raw.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        std::borrow::Cow::Borrowed(raw.as_ref())
    };
    let engines = [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::URL_SAFE,
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    let Some(bytes) = engines.iter().find_map(|e| e.decode(clean.as_bytes()).ok()) else {
        // Not base64 after all: read it as the text it is.
        return with_string(r, src, s, |r, t| body::body(r, t, mime, path));
    };
    let edits_from = r.edits.len();
    let found_from = r.found.len();
    let depth = r.depth;
    r.depth += 1;
    let inner = path.text("(base64)");
    match String::from_utf8(bytes) {
        Ok(t) => body::body(r, &t, mime, &inner),
        Err(e) => {
            // Binary: only known secret values, e-mail addresses and JWTs are looked for.
            let t = String::from_utf8_lossy(e.as_bytes());
            binary_scan(r, &t, &inner);
        }
    }
    r.depth = depth;
    let found = r.edits.len() > edits_from;
    r.edits.truncate(edits_from);
    // What was found inside stays listed (it says why the body was withheld), unless the
    // body is kept after all.
    if !(found && r.redact(src, s.span.clone(), path, "base64 body", "base64-body")) {
        r.found.truncate(found_from);
    }
}

fn binary_scan(r: &mut Redactor, t: &str, path: &Path) {
    for (span, reason) in r.echoes.find(t) {
        r.redact(t, span, path, "known secret value", reason);
    }
    for span in find::email_spans(t) {
        r.redact(t, span, path, "email", "email");
    }
    for span in find::jwt_signature_spans(t) {
        r.redact(t, span, path, "jwt", "jwt-signature");
    }
}

/// `[{name, value}]` arrays: headers, cookies, queryString, postData.params.
fn name_values(r: &mut Redactor, src: &str, arr: &Node, kind: NvKind, path: &Path) {
    let Node::Arr(items) = arr else {
        return body::json(r, src, arr, path);
    };
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Node::Obj(members) = item else {
            body::json(r, src, item, &p);
            continue;
        };
        let name = match item.get(src, "name") {
            Some(Node::Str(s)) => string_text(src, s).into_owned(),
            _ => String::new(),
        };
        for (k, v) in members {
            if key_is(src, k, "value") {
                value(r, src, &name, v, kind, &p);
            } else if key_is(src, k, "name") {
                // Exporters that misread a body put it all in a parameter *name* (Fiddler: a
                // JSON object as the name, empty value): read such names as bodies.
                if let (NvKind::Param, Node::Str(s)) = (kind, v) {
                    if s.span.len() > 40 {
                        let np = p.key("name");
                        with_string(r, src, s, |r, t| body::body(r, t, None, &np));
                    }
                }
            } else {
                let key = string_text(src, k);
                body::json(r, src, v, &p.key(&key));
            }
        }
    }
}

/// The `value` of a header, cookie or parameter named `name`.
fn value(r: &mut Redactor, src: &str, name: &str, v: &Node, kind: NvKind, p: &Path) {
    match (kind, v) {
        (NvKind::Header, Node::Str(s)) => with_string(r, src, s, |r, t| web::header(r, name, t, p)),
        (NvKind::Cookie, Node::Str(s)) => {
            if !find::only_markers(&string_text(src, s)) {
                r.redact(src, s.span.clone(), p, name, "cookie");
            }
        }
        (NvKind::Param, Node::Str(s)) => {
            let t = string_text(src, s);
            if let Some(reason) = names::reason_for(name, r.opts, Context::Structured) {
                if !find::only_markers(&t) {
                    r.redact(src, s.span.clone(), p, name, reason);
                }
            } else if names::is_secretish(name) && names::looks_secret(t.trim()) {
                r.redact(src, s.span.clone(), p, name, "secret");
            } else {
                with_string(r, src, s, |r, t| text::scrub(r, t, p));
            }
        }
        // A header value given as an array (`"value": ["a=1", "b=2"]`): each element as a value
        // of that header; a cookie or named parameter as an array loses every element.
        (_, Node::Arr(items)) => {
            for (i, x) in items.iter().enumerate() {
                value(r, src, name, x, kind, &p.index(i));
            }
        }
        (NvKind::Cookie, Node::Num(_) | Node::Obj(_)) => body::member(r, src, "cookie", v, p),
        _ => body::member(r, src, name, v, p),
    }
}

/// Learns the secret values of a HAR before the walk (so their echoes anywhere are found).
fn learn(r: &mut Redactor, src: &str, root: &Node) {
    let Some(Node::Arr(entries)) = root.get(src, "log").and_then(|l| l.get(src, "entries")) else {
        return;
    };
    for e in entries {
        // A URL's password: found by a fuzzer (har_model) echoed in another request's path.
        if let Some(Node::Str(u)) = e.get(src, "request").and_then(|q| q.get(src, "url")) {
            if let Some(pw) = super::web::password_of(&string_text(src, u)) {
                r.echoes.learn(pw, "url-password");
            }
        }
        for part in ["request", "response"] {
            let Some(m) = e.get(src, part) else { continue };
            for (field, kind) in [
                ("headers", NvKind::Header),
                ("cookies", NvKind::Cookie),
                ("queryString", NvKind::Param),
            ] {
                let Some(Node::Arr(items)) = m.get(src, field) else {
                    continue;
                };
                for item in items {
                    let name = match item.get(src, "name") {
                        Some(Node::Str(s)) => string_text(src, s),
                        _ => continue,
                    };
                    let value = match item.get(src, "value") {
                        Some(Node::Str(s)) => string_text(src, s),
                        _ => continue,
                    };
                    learn_one(r, &name, &value, kind);
                }
            }
        }
    }
}

fn learn_one(r: &mut Redactor, name: &str, value: &str, kind: NvKind) {
    if r.opts
        .keep
        .iter()
        .any(|k| k.trim().eq_ignore_ascii_case(name.trim()))
    {
        return;
    }
    if kind == NvKind::Cookie {
        return r.echoes.learn(value, "cookie");
    }
    let mut buf = [0u8; 64];
    let n = names::normalize(name, &mut buf).unwrap_or("");
    if n == "cookie" || n == "setcookie" {
        for part in value.split([';', '\n', ',']) {
            if let Some((cn, cv)) = part.split_once('=') {
                let cn = cn.trim().to_ascii_lowercase();
                if !["path", "domain", "expires", "max-age", "samesite"].contains(&cn.as_str()) {
                    r.echoes.learn(cv, "cookie");
                }
            }
        }
        return;
    }
    match names::reason_for(name, r.opts, Context::Structured) {
        Some("credential") => {
            let v = value.trim();
            r.echoes
                .learn(v.split_once(' ').map_or(v, |(_, t)| t), "credential");
        }
        Some(reason) if !matches!(reason, "email" | "phone" | "name") => {
            r.echoes.learn(value, reason)
        }
        Some(_) => {}
        None if names::is_secretish(name) && names::looks_secret(value.trim()) => {
            r.echoes.learn(value, "secret")
        }
        None => {}
    }
}

/// One summary per call that gives an entry point's verdict (initialize, checkEligibility), in
/// time order, with its URL sanitized.
pub fn entry_points(cap: &crate::har::HarCapture) -> Vec<crate::har::EntryPointSummary> {
    use crate::har::CallKind;
    cap.calls
        .iter()
        .filter(|c| matches!(c.kind, CallKind::Initialize | CallKind::CheckEligibility))
        .map(|c| crate::har::EntryPointSummary {
            entry_point_id: c.entry_point_id.clone().unwrap_or_default(),
            url: super::url(&c.url, &Default::default()).0,
            status: c.status,
            response_type: c.answer.response_type,
            meaning: c.answer.headline.clone(),
            time: c.started.clone().unwrap_or_default(),
        })
        .collect()
}
