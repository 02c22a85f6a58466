//! Sanitizing captures before anything is exported or shared.
//!
//! Structural, not regex over JSON text: the HAR is walked as a `serde_json::Value` (or a
//! [`HarCapture`]); headers and cookies are judged by name, query strings and form bodies are
//! parsed into pairs, JSON bodies are parsed and walked, XML (BOSH) bodies are tokenized and
//! only the spans of sensitive text/attribute values are replaced. Single string values are then
//! scanned for e-mail addresses, JWTs (signature dropped, header.payload kept) and
//! `user:password@` in URLs.
//!
//! [`plan`] lists what [`apply`] will remove, so the user can keep items
//! ([`SanitizeOptions::keep`]: a name or a path) or add names ([`SanitizeOptions::extra_names`]).

use std::collections::HashMap;
use std::ops::Range;

use base64::Engine;
use serde::Serialize;
use serde_json::Value;

use super::url::{encode_query_value, percent_decode, query_pairs, split};
use super::{HarCapture, HarError};
use crate::ece::xml;

/// What the user chose: items to keep, extra names to remove.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SanitizeOptions {
    /// Names (case-insensitive) or exact paths of items not to redact.
    pub keep: Vec<String>,
    /// More names (headers, cookies, parameters, JSON keys, XML elements) to redact.
    pub extra_names: Vec<String>,
}

/// One thing removed (or to be removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Redaction {
    /// Where: `log.entries[3].request.headers[1]`, `calls[0].url?access_token` ...
    pub path: String,
    /// Header/cookie/parameter/key name, or what was found (`email`, `jwt`).
    pub name: String,
    /// Why: `cookie`, `credential`, `token`, `session`, `email`, `phone`, `name`, `password`,
    /// `chat-text`, `customer-data`, `jwt-signature`, `url-password`, `extra`.
    pub reason: String,
}

/// The marker that replaces a removed value.
pub fn marker(reason: &str) -> String {
    format!("[redacted:{reason}]")
}

/// Names from the reference list (har-facts.md) plus ECE's own, lower-case.
const TOKEN_NAMES: &[&str] = &[
    "samlrequest",
    "samlresponse",
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "auth",
    "authenticity_token",
    "appid",
    "assertion",
    "challenge",
    "client_id",
    "client_secret",
    "code",
    "code_challenge",
    "code_verifier",
    "facetid",
    "fcparams",
    "serverdata",
    "shdf",
    "state",
    "usg",
    "vses2",
    "x-client-data",
    "relaystate",
    "api_key",
    "apikey",
    "x-api-key",
    "x-auth-token",
    "x-csrf-token",
    "x-xsrf-token",
    "csrf_token",
    "xsrf-token",
    "sig",
    "signature",
];
const SESSION_NAMES: &[&str] = &[
    "jsessionid",
    "x-egain-session",
    "x-egain-chat-session",
    "egain-session",
    "egainsession",
    "sessionid",
    "session_id",
    "httpsessionid",
    "sid",
];
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "proxy-authorization"];
const PASSWORD_NAMES: &[&str] = &["password", "passwd", "pwd", "pass", "secret"];
const NAME_FIELDS: &[&str] = &[
    "customername",
    "customer_name",
    "firstname",
    "first_name",
    "lastname",
    "last_name",
    "fullname",
    "full_name",
    "username",
    "user_name",
    "displayname",
    "display_name",
];

/// The reason a *name* (header, cookie, parameter, key, element) makes its value sensitive.
fn reason_for_name(name: &str, opts: &SanitizeOptions) -> Option<&'static str> {
    let l = name.trim().to_ascii_lowercase();
    if l.is_empty() {
        return None;
    }
    if l == "cookie" || l == "set-cookie" {
        return Some("cookie");
    }
    if CREDENTIAL_HEADERS.contains(&l.as_str()) {
        return Some("credential");
    }
    if SESSION_NAMES.contains(&l.as_str()) || (l.contains("egain") && l.contains("session")) {
        return Some("session");
    }
    if TOKEN_NAMES.contains(&l.as_str()) || l.ends_with("_token") || l.ends_with("-token") {
        return Some("token");
    }
    if PASSWORD_NAMES.contains(&l.as_str()) || l.contains("password") {
        return Some("password");
    }
    if l.contains("email") || l.contains("e-mail") {
        return Some("email");
    }
    if l.contains("phone") || l.contains("mobile") {
        return Some("phone");
    }
    if NAME_FIELDS.contains(&l.as_str()) {
        return Some("name");
    }
    if opts
        .extra_names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name.trim()))
    {
        return Some("extra");
    }
    None
}

/// The walker: options in, redactions out.
struct San<'o> {
    opts: &'o SanitizeOptions,
    out: Vec<Redaction>,
    /// Values already known to be secret (cookie values, credentials, named tokens), at least
    /// [`MIN_ECHO`] long: redacted wherever else they show up (analytics echoing cookies in a
    /// query string, a token repeated in a body).
    secrets: HashMap<String, &'static str>,
    by_prefix: HashMap<u64, Vec<(String, &'static str)>>,
    /// Walking the body of an ECE chat call: free-text keys (`body`, `message`, `subject` ...)
    /// hold what the customer or agent typed.
    ece_body: bool,
}

/// JSON keys whose string values are chat text inside ECE chat payloads (transcript etc.).
const CHAT_TEXT_KEYS: &[&str] = &[
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

fn prefix_key(b: &[u8]) -> u64 {
    let mut k = [0u8; 8];
    k.copy_from_slice(&b[..MIN_ECHO]);
    u64::from_le_bytes(k)
}

/// Shorter known values are not chased elsewhere (too many false hits: `1`, `en`, `true`).
const MIN_ECHO: usize = 8;

fn new_san(opts: &SanitizeOptions) -> San<'_> {
    San {
        opts,
        out: Vec::new(),
        secrets: HashMap::new(),
        by_prefix: HashMap::new(),
        ece_body: false,
    }
}

impl San<'_> {
    fn learn(&mut self, value: &str, reason: &'static str) {
        let v = value.trim();
        if v.len() >= MIN_ECHO && !is_marker(v) && !self.opts.keep.iter().any(|k| k == v) {
            self.secrets.entry(v.to_string()).or_insert(reason);
        }
    }

    /// Learns the secret values of `[{name, value}]` arrays and cookie headers.
    fn learn_name_values(&mut self, arr: &Value, kind: NvKind) {
        let Value::Array(items) = arr else { return };
        for item in items {
            let name = item.get("name").and_then(Value::as_str).unwrap_or("");
            let value = item.get("value").and_then(Value::as_str).unwrap_or("");
            self.learn_one(name, value, kind);
        }
    }

    fn learn_one(&mut self, name: &str, value: &str, kind: NvKind) {
        match kind {
            NvKind::Cookie => self.learn(value, "cookie"),
            NvKind::Header | NvKind::Param => {
                let l = name.to_ascii_lowercase();
                if l == "cookie" || l == "set-cookie" {
                    for part in value.split([';', '\n']) {
                        if let Some((n, v)) = part.split_once('=') {
                            let n = n.trim().to_ascii_lowercase();
                            if !["path", "domain", "expires", "max-age", "samesite"]
                                .contains(&n.as_str())
                            {
                                self.learn(v, "cookie");
                            }
                        }
                    }
                } else if let Some(r) = reason_for_name(name, self.opts) {
                    if !self.opts.keep.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                        self.learn(
                            value
                                .split_once(' ')
                                .filter(|_| r == "credential")
                                .map_or(value, |(_, t)| t),
                            r,
                        );
                    }
                }
            }
        }
    }

    fn learn_har(&mut self, v: &Value) {
        let Some(entries) = v
            .get("log")
            .and_then(|l| l.get("entries"))
            .and_then(Value::as_array)
        else {
            return;
        };
        for e in entries {
            for part in ["request", "response"] {
                let Some(m) = e.get(part) else { continue };
                if let Some(h) = m.get("headers") {
                    self.learn_name_values(h, NvKind::Header);
                }
                if let Some(c) = m.get("cookies") {
                    self.learn_name_values(c, NvKind::Cookie);
                }
                if let Some(q) = m.get("queryString") {
                    self.learn_name_values(q, NvKind::Param);
                }
            }
        }
    }

    /// Indexes the learned secrets by their first [`MIN_ECHO`] bytes (and their
    /// percent-encoded forms), so [`Self::echoes`] is one hash probe per byte.
    fn index_secrets(&mut self) {
        let mut all: Vec<(String, &'static str)> = Vec::new();
        for (v, r) in &self.secrets {
            all.push((v.clone(), r));
            let enc = encode_query_value(v);
            if enc != *v {
                all.push((enc, r));
            }
        }
        all.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        self.by_prefix.clear();
        for (v, r) in all {
            let key = prefix_key(v.as_bytes());
            self.by_prefix.entry(key).or_default().push((v, r));
        }
    }

    /// Replaces known secret values wherever they appear inside a free string.
    fn echoes(&mut self, path: &str, s: &str) -> Option<String> {
        if self.by_prefix.is_empty() || s.len() < MIN_ECHO {
            return None;
        }
        let b = s.as_bytes();
        let mut spans: Vec<(Range<usize>, &'static str)> = Vec::new();
        let mut i = 0;
        while i + MIN_ECHO <= b.len() {
            if let Some(cands) = self.by_prefix.get(&prefix_key(&b[i..])) {
                if let Some((v, r)) = cands.iter().find(|(v, _)| b[i..].starts_with(v.as_bytes())) {
                    if s.is_char_boundary(i) && s.is_char_boundary(i + v.len()) {
                        spans.push((i..i + v.len(), r));
                        i += v.len();
                        continue;
                    }
                }
            }
            i += 1;
        }
        if spans.is_empty() {
            return None;
        }
        let mut reps = Vec::new();
        for (span, r) in spans {
            if self.take(path, "known secret value", r) {
                reps.push((span, marker(r)));
            }
        }
        (!reps.is_empty()).then(|| replace_spans(s, reps))
    }

    /// Records a redaction unless the user keeps it; returns whether to redact.
    fn take(&mut self, path: &str, name: &str, reason: &str) -> bool {
        let keep = self
            .opts
            .keep
            .iter()
            .any(|k| k == path || k.eq_ignore_ascii_case(name));
        if !keep {
            self.out.push(Redaction {
                path: path.to_string(),
                name: name.to_string(),
                reason: reason.to_string(),
            });
        }
        !keep
    }

    /// Scans one free string for e-mail addresses, JWTs and URL passwords.
    fn scrub(&mut self, path: &str, s: &str) -> Option<String> {
        let mut cur = s.to_string();
        let mut changed = false;
        if let Some(n) = self.echoes(path, &cur) {
            cur = n;
            changed = true;
        }
        if let Some(n) = self.scrub_userinfo(path, &cur) {
            cur = n;
            changed = true;
        }
        if cur.contains('@') {
            let spans = email_spans(&cur);
            if !spans.is_empty() && self.take(path, "email", "email") {
                cur = replace_spans(
                    &cur,
                    spans.into_iter().map(|r| (r, marker("email"))).collect(),
                );
                changed = true;
            }
        }
        if cur.contains("eyJ") {
            let sigs = jwt_signature_spans(&cur);
            if !sigs.is_empty() && self.take(path, "jwt", "jwt-signature") {
                cur = replace_spans(
                    &cur,
                    sigs.into_iter()
                        .map(|r| (r, marker("jwt-signature")))
                        .collect(),
                );
                changed = true;
            }
        }
        changed.then_some(cur)
    }

    fn scrub_userinfo(&mut self, path: &str, s: &str) -> Option<String> {
        let i = s.find("://")?;
        let after = &s[i + 3..];
        let end = after.find(['/', '?', '#', ' ', '"']).unwrap_or(after.len());
        let at = after[..end].rfind('@')?;
        let userinfo = &after[..at];
        let (user, _pw) = userinfo.split_once(':')?;
        if !self.take(path, "user:password@", "url-password") {
            return None;
        }
        Some(format!(
            "{}{user}:{}{}",
            &s[..i + 3],
            marker("url-password"),
            &after[at..]
        ))
    }

    /// A URL: userinfo, query parameters by name (and scanned), ECE session ids in paths.
    fn url(&mut self, path: &str, url: &str) -> Option<String> {
        let parts = split(url);
        let mut changed = false;
        let mut out = String::with_capacity(url.len());
        if !parts.scheme.is_empty() {
            out.push_str(parts.scheme);
            out.push_str("://");
            if let Some(ui) = parts.userinfo {
                match ui.split_once(':') {
                    Some((user, _)) if self.take(path, "user:password@", "url-password") => {
                        out.push_str(user);
                        out.push(':');
                        out.push_str(&marker("url-password"));
                        changed = true;
                    }
                    _ => out.push_str(ui),
                }
                out.push('@');
            }
            out.push_str(parts.host);
        }
        let mut p = parts.path.to_string();
        if let Some(i) = p.to_ascii_lowercase().find("/sessionstatus/") {
            let start = i + "/sessionstatus/".len();
            let seg_end = p[start..].find('/').map_or(p.len(), |e| start + e);
            let sid = p[start..seg_end].to_string();
            let keep_len = sid.find('_').map_or(0, |u| u + 1);
            if sid.len() > keep_len
                && !is_marker(&sid[keep_len..])
                && self.take(path, "sid", "session")
            {
                p.replace_range(start + keep_len..seg_end, &marker("session"));
                changed = true;
            }
        }
        if let Some(n) = self.scrub(path, &p) {
            p = n;
            changed = true;
        }
        out.push_str(&p);
        if let Some(q) = parts.query {
            out.push('?');
            let (nq, c) = self.query(&format!("{path}?"), q);
            changed |= c;
            out.push_str(&nq);
        }
        if let Some(f) = parts.fragment {
            out.push('#');
            let (nf, c) = self.query(&format!("{path}#"), f);
            changed |= c;
            out.push_str(&nf);
        }
        changed.then_some(out)
    }

    /// `a=1&b=2` (query string, fragment or form body); returns the new text and whether it changed.
    fn query(&mut self, path: &str, q: &str) -> (String, bool) {
        let mut changed = false;
        let pairs: Vec<String> = query_pairs(q)
            .into_iter()
            .map(|(k, v)| {
                let name = percent_decode(k, true);
                let p = format!("{path}{name}");
                if let Some(reason) = reason_for_name(&name, self.opts) {
                    if !v.is_empty()
                        && !is_marker(&percent_decode(v, true))
                        && self.take(&p, &name, reason)
                    {
                        changed = true;
                        return format!("{k}={}", marker(reason));
                    }
                }
                let dv = percent_decode(v, true);
                if let Some(n) = self.scrub(&p, &dv) {
                    changed = true;
                    return format!("{k}={}", encode_query_value(&n));
                }
                if v.is_empty() && !q.contains(&format!("{k}=")) {
                    k.to_string()
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        if changed {
            (pairs.join("&"), true)
        } else {
            (q.to_string(), false)
        }
    }

    /// A header value judged by the header's name.
    fn header(&mut self, path: &str, name: &str, value: &str) -> Option<String> {
        let l = name.to_ascii_lowercase();
        if l == "cookie" {
            return self.cookie_header(path, value, "; ");
        }
        if l == "set-cookie" {
            // `name=value; Path=/; Secure` (possibly several lines): only the values go.
            let lines: Vec<String> = value
                .split('\n')
                .map(|line| {
                    let (first, attrs) = match line.split_once(';') {
                        Some((a, b)) => (a, Some(b)),
                        None => (line, None),
                    };
                    let (cn, cv) = first.split_once('=').unwrap_or((first, ""));
                    let p = format!("{path}:{}", cn.trim());
                    if !is_marker(cv) && self.take(&p, cn.trim(), "cookie") {
                        format!(
                            "{}={}{}",
                            cn.trim(),
                            marker("cookie"),
                            attrs.map(|a| format!(";{a}")).unwrap_or_default()
                        )
                    } else {
                        line.to_string()
                    }
                })
                .collect();
            let joined = lines.join("\n");
            return (joined != value).then_some(joined);
        }
        if l == "location" || l == "referer" || l == "origin" || l == "content-location" {
            return self.url(path, value);
        }
        if let Some(reason) = reason_for_name(name, self.opts) {
            if value.is_empty()
                || is_marker(value.split_once(' ').map_or(value, |(_, v)| v))
                || !self.take(path, name, reason)
            {
                return None;
            }
            if reason == "credential" {
                // Keep the scheme (Bearer, Basic, Negotiate): it tells how the client authenticated.
                return Some(match value.split_once(' ') {
                    Some((scheme, _)) if scheme.len() < 20 => {
                        format!("{scheme} {}", marker(reason))
                    }
                    _ => marker(reason),
                });
            }
            return Some(marker(reason));
        }
        self.scrub(path, value)
    }

    fn cookie_header(&mut self, path: &str, value: &str, sep: &str) -> Option<String> {
        let parts: Vec<String> = value
            .split(';')
            .map(|c| {
                let c = c.trim();
                match c.split_once('=') {
                    Some((n, v))
                        if !is_marker(v) && self.take(&format!("{path}:{n}"), n, "cookie") =>
                    {
                        format!("{n}={}", marker("cookie"))
                    }
                    _ => c.to_string(),
                }
            })
            .collect();
        let joined = parts.join(sep);
        (joined != value).then_some(joined)
    }

    /// A body, by content type (or by its look when the type is missing or wrong).
    fn body(&mut self, path: &str, mime: Option<&str>, text: &str) -> Option<String> {
        let m = mime.unwrap_or("").to_ascii_lowercase();
        let t = text.trim_start();
        if t.starts_with('{') || t.starts_with('[') || m.contains("json") {
            if let Ok(mut v) = serde_json::from_str::<Value>(text) {
                let before = self.out.len();
                self.json(path, &mut v);
                if self.out.len() == before {
                    return None;
                }
                return Some(v.to_string());
            }
        }
        if t.starts_with('{') || t.starts_with('[') {
            // JSON that does not parse (truncated, or cut at '=' by an exporter's form parsing):
            // read its "key": "value" pairs token by token.
            return self.loose_json(path, text);
        }
        if t.starts_with('<') && !m.contains("html") {
            return self.xml(path, text);
        }
        if m.contains("x-www-form-urlencoded")
            || (!t.contains(' ') && !t.contains('\n') && t.contains('=') && !t.starts_with('<'))
        {
            let (q, c) = self.query(&format!("{path}:"), text);
            return c.then_some(q);
        }
        self.scrub(path, text)
    }

    /// Broken JSON: every `"key": "value"` pair is judged by its key; other strings are scanned.
    fn loose_json(&mut self, path: &str, text: &str) -> Option<String> {
        let strings = json_string_spans(text);
        let b = text.as_bytes();
        let mut reps = Vec::new();
        let mut i = 0;
        while i < strings.len() {
            let key = &strings[i];
            let mut j = key.end + 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b':' && i + 1 < strings.len() {
                let val = &strings[i + 1];
                let between = &text[j + 1..val.start - 1];
                if between.trim().is_empty() {
                    let k = &text[key.start..key.end];
                    let v = &text[val.start..val.end];
                    let p = format!("{path}.{k}");
                    if let Some(reason) = reason_for_name(k, self.opts) {
                        if !v.is_empty() && !is_marker(v) && self.take(&p, k, reason) {
                            reps.push((val.clone(), marker(reason)));
                        }
                    } else if let Some(n) = self.scrub(&p, v) {
                        reps.push((val.clone(), n.replace('"', "\\\"")));
                    }
                    i += 2;
                    continue;
                }
            }
            if let Some(n) = self.scrub(path, &text[key.start..key.end]) {
                reps.push((key.clone(), n.replace('"', "\\\"")));
            }
            i += 1;
        }
        (!reps.is_empty()).then(|| replace_spans(text, reps))
    }

    /// Walks a JSON value: keys judged by name, strings scanned.
    fn json(&mut self, path: &str, v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    let p = format!("{path}.{k}");
                    let reason = reason_for_name(k, self.opts).or_else(|| {
                        (self.ece_body && CHAT_TEXT_KEYS.contains(&k.to_ascii_lowercase().as_str()))
                            .then_some("chat-text")
                    });
                    if let Some(reason) = reason {
                        let redactable = match x {
                            Value::String(s) => !s.is_empty() && !is_marker(s),
                            Value::Number(_) => true,
                            _ => false,
                        };
                        if redactable {
                            if self.take(&p, k, reason) {
                                *x = Value::String(marker(reason));
                            }
                            continue;
                        }
                    }
                    self.json(&p, x);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    self.json(&format!("{path}[{i}]"), x);
                }
            }
            Value::String(s) => {
                if let Some(n) = self.scrub(path, s) {
                    *s = n;
                }
            }
            _ => {}
        }
    }

    /// An XML (BOSH) body: chat text, login field values, session ids and named elements or
    /// attributes replaced in place; other text scanned.
    fn xml(&mut self, path: &str, text: &str) -> Option<String> {
        let mut reps: Vec<(Range<usize>, String)> = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        for tok in xml::tokens(text) {
            match tok {
                xml::Token::Start {
                    name,
                    attrs,
                    self_closing,
                } => {
                    let local = xml::local_name(&name).to_string();
                    for a in &attrs {
                        let an = xml::local_name(&a.name);
                        if a.name.starts_with("xmlns") || a.value.is_empty() {
                            continue;
                        }
                        let p = format!("{path}<{local} {an}>");
                        if let Some(reason) = reason_for_name(an, self.opts) {
                            if !is_marker(&a.value) && self.take(&p, an, reason) {
                                reps.push((a.value_span.clone(), marker(reason)));
                            }
                        } else if let Some(n) = self.scrub(&p, &a.value) {
                            reps.push((a.value_span.clone(), xml::escape(&n)));
                        }
                    }
                    if !self_closing {
                        stack.push(local);
                    }
                }
                xml::Token::End { name } => {
                    let local = xml::local_name(&name);
                    if let Some(i) = stack.iter().rposition(|e| e == local) {
                        stack.truncate(i);
                    }
                }
                xml::Token::Text { text: t, span } => {
                    let top = stack.last().map(String::as_str).unwrap_or("");
                    let in_message = stack.iter().any(|e| e.eq_ignore_ascii_case("message"));
                    let p = format!("{path}<{top}>");
                    let reason = if in_message && top.eq_ignore_ascii_case("body") {
                        Some(("chat text", "chat-text"))
                    } else if top.eq_ignore_ascii_case("attributeValue") {
                        Some(("login field value", "customer-data"))
                    } else {
                        reason_for_name(top, self.opts).map(|r| (top, r))
                    };
                    match reason {
                        Some((name, reason)) => {
                            if !t.trim().is_empty()
                                && !is_marker(t.trim())
                                && self.take(&p, name, reason)
                            {
                                reps.push((span, marker(reason)));
                            }
                        }
                        None => {
                            if let Some(n) = self.scrub(&p, &t) {
                                reps.push((span, xml::escape(&n)));
                            }
                        }
                    }
                }
            }
        }
        (!reps.is_empty()).then(|| replace_spans(text, reps))
    }

    /// `[{name, value}]` arrays of a HAR: headers, cookies, queryString, postData.params.
    fn name_values(&mut self, path: &str, arr: &mut Value, kind: NvKind) {
        let Value::Array(items) = arr else { return };
        for (i, item) in items.iter_mut().enumerate() {
            let Value::Object(m) = item else { continue };
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let p = format!("{path}[{i}]");
            let Some(Value::String(value)) = m.get("value") else {
                self.json(&p, item);
                continue;
            };
            let value = value.clone();
            let new = match kind {
                NvKind::Header => self.header(&p, &name, &value),
                NvKind::Cookie => {
                    (!value.is_empty() && !is_marker(&value) && self.take(&p, &name, "cookie"))
                        .then(|| marker("cookie"))
                }
                NvKind::Param => match reason_for_name(&name, self.opts) {
                    Some(r) if !value.is_empty() && !is_marker(&value) => {
                        self.take(&p, &name, r).then(|| marker(r))
                    }
                    _ => self.scrub(&p, &value),
                },
            };
            if let Some(n) = new {
                m.insert("value".into(), Value::String(n));
            }
            // Exporters that misread a body put it all in a parameter *name* (Fiddler: a JSON
            // object as the name, empty value): sanitize such names as bodies.
            if matches!(kind, NvKind::Param) && name.len() > 40 {
                if let Some(n) = self.body(&format!("{p}.name"), None, &name) {
                    m.insert("name".into(), Value::String(n));
                }
            }
            // Other members of the item (`_` fields, comment, domain ...): scanned.
            for (k, x) in m.iter_mut() {
                if k != "name" && k != "value" {
                    self.json(&format!("{p}.{k}"), x);
                }
            }
        }
    }

    /// A HAR document as JSON.
    fn har_value(&mut self, v: &mut Value) {
        let Value::Object(root) = v else {
            return self.json("", v);
        };
        for (k, x) in root.iter_mut() {
            if k != "log" {
                self.json(k, x);
                continue;
            }
            let Value::Object(log) = x else {
                self.json("log", x);
                continue;
            };
            for (lk, lx) in log.iter_mut() {
                if lk != "entries" {
                    self.json(&format!("log.{lk}"), lx);
                    continue;
                }
                if let Value::Array(entries) = lx {
                    for (i, e) in entries.iter_mut().enumerate() {
                        self.har_entry(&format!("log.entries[{i}]"), e);
                    }
                }
            }
        }
    }

    fn har_entry(&mut self, path: &str, e: &mut Value) {
        let Value::Object(m) = e else { return };
        self.ece_body = m
            .get("request")
            .and_then(|r| r.get("url"))
            .and_then(Value::as_str)
            .is_some_and(|u| super::calls::classify(u).is_some());
        for (k, x) in m.iter_mut() {
            let p = format!("{path}.{k}");
            match (k.as_str(), x) {
                ("request", Value::Object(req)) => self.har_message(&p, req),
                ("response", Value::Object(resp)) => self.har_message(&p, resp),
                (_, x) => self.json(&p, x),
            }
        }
        self.ece_body = false;
    }

    fn har_message(&mut self, path: &str, m: &mut serde_json::Map<String, Value>) {
        for (k, x) in m.iter_mut() {
            let p = format!("{path}.{k}");
            match k.as_str() {
                "url" | "redirectURL" => {
                    if let Value::String(s) = x {
                        if let Some(n) = self.url(&p, s) {
                            *s = n;
                        }
                    }
                }
                "headers" => self.name_values(&p, x, NvKind::Header),
                "cookies" => self.name_values(&p, x, NvKind::Cookie),
                "queryString" => self.name_values(&p, x, NvKind::Param),
                "postData" | "content" => {
                    let Value::Object(c) = x else {
                        self.json(&p, x);
                        continue;
                    };
                    let mime = c.get("mimeType").and_then(Value::as_str).map(String::from);
                    let base64 = c
                        .get("encoding")
                        .and_then(Value::as_str)
                        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
                    for (ck, cx) in c.iter_mut() {
                        let cp = format!("{p}.{ck}");
                        match (ck.as_str(), cx) {
                            ("text", Value::String(t)) => {
                                if base64 {
                                    let clean: String =
                                        t.chars().filter(|c| !c.is_whitespace()).collect();
                                    let decoded = base64::engine::general_purpose::STANDARD
                                        .decode(&clean)
                                        .ok()
                                        .and_then(|b| String::from_utf8(b).ok());
                                    if let Some(d) = decoded {
                                        if let Some(n) = self.body(&cp, mime.as_deref(), &d) {
                                            *t =
                                                base64::engine::general_purpose::STANDARD.encode(n);
                                        }
                                    }
                                } else if let Some(n) = self.body(&cp, mime.as_deref(), t) {
                                    *t = n;
                                }
                            }
                            ("params", arr) => self.name_values(&cp, arr, NvKind::Param),
                            (_, cx) => self.json(&cp, cx),
                        }
                    }
                }
                _ => self.json(&p, x),
            }
        }
    }

    fn capture(&mut self, cap: &mut HarCapture) {
        self.ece_body = true;
        for (i, c) in cap.calls.iter_mut().enumerate() {
            let p = format!("calls[{i}]");
            if let Some(n) = self.url(&format!("{p}.url"), &c.url) {
                c.url = n;
                let parts = split(&c.url);
                c.path = parts.path.to_string();
            }
            if let Some(r) = &c.redirect_url {
                if let Some(n) = self.url(&format!("{p}.redirect_url"), r) {
                    c.redirect_url = Some(n);
                }
            }
            for (field, list, kind) in [
                ("request_headers", &mut c.request_headers, NvKind::Header),
                ("response_headers", &mut c.response_headers, NvKind::Header),
                ("request_cookies", &mut c.request_cookies, NvKind::Cookie),
                ("response_cookies", &mut c.response_cookies, NvKind::Cookie),
            ] {
                for (j, nv) in list.iter_mut().enumerate() {
                    let np = format!("{p}.{field}[{j}]");
                    let new = match kind {
                        NvKind::Header => self.header(&np, &nv.name, &nv.value),
                        _ => (!nv.value.is_empty()
                            && !is_marker(&nv.value)
                            && self.take(&np, &nv.name, "cookie"))
                        .then(|| marker("cookie")),
                    };
                    if let Some(n) = new {
                        nv.value = n;
                    }
                }
            }
            if let Some(b) = &c.request_body {
                if let Some(n) =
                    self.body(&format!("{p}.request_body"), c.request_mime.as_deref(), b)
                {
                    c.request_body = Some(n);
                }
            }
            if let Some(b) = &c.response_body {
                if let Some(n) =
                    self.body(&format!("{p}.response_body"), c.response_mime.as_deref(), b)
                {
                    c.response_body = Some(n);
                }
            }
            if let Some(s) = &c.session_id {
                let keep_len = s.find('_').map_or(0, |u| u + 1);
                if s.len() > keep_len
                    && !is_marker(&s[keep_len..])
                    && self.take(&format!("{p}.session_id"), "sid", "session")
                {
                    c.session_id = Some(format!("{}{}", &s[..keep_len], marker("session")));
                }
            }
            for (j, d) in c.customer_data.iter_mut().enumerate() {
                let reason = if d.kind == "chat message" {
                    "chat-text"
                } else {
                    "customer-data"
                };
                if !is_marker(&d.text)
                    && self.take(&format!("{p}.customer_data[{j}]"), &d.name, reason)
                {
                    d.text = marker(reason);
                }
            }
            let a = &mut c.answer;
            for (j, s) in a.notes.iter_mut().enumerate() {
                if let Some(n) = self.scrub(&format!("{p}.answer.notes[{j}]"), s) {
                    *s = n;
                }
            }
            if let Some(n) = self.scrub(&format!("{p}.answer.headline"), &a.headline) {
                a.headline = n;
            }
            for (j, f) in a.unknown_fields.iter_mut().enumerate() {
                let fp = format!("{p}.answer.unknown_fields[{j}]");
                if let Some(reason) = reason_for_name(&f.name, self.opts) {
                    if !is_marker(f.value.trim_matches('"')) && self.take(&fp, &f.name, reason) {
                        f.value = format!("\"{}\"", marker(reason));
                    }
                } else if let Some(n) = self.scrub(&fp, &f.value) {
                    f.value = n;
                }
            }
        }
        for (i, o) in cap.other.iter_mut().enumerate() {
            if let Some(n) = self.scrub(&format!("other[{i}].host_path"), &o.host_path) {
                o.host_path = n;
            }
        }
    }
}

#[derive(Clone, Copy)]
enum NvKind {
    Header,
    Cookie,
    Param,
}

/// Content spans (without quotes) of the JSON string literals in a possibly broken JSON text;
/// an unterminated last string runs to the end.
fn json_string_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let end = j.min(b.len());
        out.push(start..end);
        i = end + 1;
    }
    out
}

/// Is this already one of our markers (so a second pass leaves it alone)?
fn is_marker(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("[redacted:") && s.ends_with(']') && !s[1..].contains('[')
}

/// Replaces byte ranges (non-overlapping; any order) with new text.
fn replace_spans(s: &str, mut reps: Vec<(Range<usize>, String)>) -> String {
    reps.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (r, new) in reps {
        if r.start < last || r.end > s.len() {
            continue;
        }
        out.push_str(&s[last..r.start]);
        out.push_str(&new);
        last = r.end;
    }
    out.push_str(&s[last..]);
    out
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// Byte spans of e-mail addresses (`local@domain.tld`; `%40`-encoded `@` too).
fn email_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_len = if b[i] == b'@' {
            1
        } else if b[i] == b'%' && b.get(i + 1) == Some(&b'4') && b.get(i + 2) == Some(&b'0') {
            3
        } else {
            i += 1;
            continue;
        };
        let mut start = i;
        while start > 0 && is_local_char(b[start - 1]) {
            start -= 1;
        }
        let mut end = i + at_len;
        while end < b.len() && is_domain_char(b[end]) {
            end += 1;
        }
        while end > i + at_len && (b[end - 1] == b'.' || b[end - 1] == b'-') {
            end -= 1;
        }
        let domain = &s[i + at_len..end];
        let tld_ok = domain.rsplit_once('.').is_some_and(|(d, tld)| {
            !d.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if start < i && tld_ok && out.last().is_none_or(|l| l.end <= start) {
            out.push(start..end);
            i = end;
        } else {
            i += at_len;
        }
    }
    out
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Byte spans of JWT signatures (`eyJ….eyJ….<sig>` → the `<sig>` part).
fn jwt_signature_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = s.get(i..).and_then(|r| r.find("eyJ")) {
        let start = i + off;
        if start > 0 && is_b64url(b[start - 1]) {
            i = start + 3;
            continue;
        }
        let mut p = start;
        let mut dots = Vec::new();
        while p < b.len() && (is_b64url(b[p]) || b[p] == b'.') {
            if b[p] == b'.' {
                dots.push(p);
            }
            p += 1;
        }
        if dots.len() == 2
            && dots[0] > start + 3
            && dots[1] > dots[0] + 1
            && p > dots[1] + 1
            && s[dots[0] + 1..].starts_with("eyJ")
        {
            out.push(dots[1] + 1..p);
        }
        i = p.max(start + 3);
    }
    out
}

/// Something the sanitizer can walk: a parsed HAR document or a [`HarCapture`].
pub trait Sanitizable: Clone {
    #[doc(hidden)]
    fn walk(&mut self, opts: &SanitizeOptions) -> Vec<Redaction>;
}

impl Sanitizable for Value {
    fn walk(&mut self, opts: &SanitizeOptions) -> Vec<Redaction> {
        let mut s = new_san(opts);
        s.learn_har(self);
        s.index_secrets();
        s.har_value(self);
        s.out
    }
}

impl Sanitizable for HarCapture {
    fn walk(&mut self, opts: &SanitizeOptions) -> Vec<Redaction> {
        let mut s = new_san(opts);
        for c in &self.calls {
            for (list, kind) in [
                (&c.request_headers, NvKind::Header),
                (&c.response_headers, NvKind::Header),
                (&c.request_cookies, NvKind::Cookie),
                (&c.response_cookies, NvKind::Cookie),
            ] {
                for nv in list {
                    s.learn_one(&nv.name, &nv.value, kind);
                }
            }
        }
        s.index_secrets();
        s.capture(self);
        s.out
    }
}

/// What [`apply`] would remove, in walk order; nothing is changed.
pub fn plan<T: Sanitizable>(target: &T, opts: &SanitizeOptions) -> Vec<Redaction> {
    target.clone().walk(opts)
}

/// A sanitized copy and what was removed.
pub fn apply<T: Sanitizable>(target: &T, opts: &SanitizeOptions) -> (T, Vec<Redaction>) {
    let mut t = target.clone();
    let r = t.walk(opts);
    (t, r)
}

/// Sanitizes a HAR file's text (BOM tolerated) and returns it pretty-printed, with the list of
/// what was removed. A text that is not a HAR gives the reader's positioned error.
pub fn sanitize_har_text(
    text: &str,
    opts: &SanitizeOptions,
) -> Result<(String, Vec<Redaction>), HarError> {
    // Validate with the reader first so errors are the same clear, positioned ones.
    super::read_har(text.as_bytes())?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: Value = serde_json::from_str(body).map_err(|e| json_error(e.to_string()))?;
    let (v, r) = apply(&v, opts);
    Ok((serde_json::to_string_pretty(&v).unwrap_or_default(), r))
}

fn json_error(message: String) -> HarError {
    HarError {
        kind: super::HarErrorKind::NotJson,
        line: 1,
        column: 1,
        offset: 0,
        expected: String::new(),
        message,
    }
}

/// A URL with credentials, tokens, session ids and e-mail addresses removed.
pub fn sanitize_url(url: &str, opts: &SanitizeOptions) -> (String, Vec<Redaction>) {
    let mut s = new_san(opts);
    let n = s.url("url", url).unwrap_or_else(|| url.to_string());
    (n, s.out)
}

/// Log text for share links: e-mail addresses, `HttpSessionId:` values, `JSESSIONID` values,
/// JWT signatures and URL passwords removed; everything else (line structure included) kept.
pub fn sanitize_text(text: &str) -> String {
    let opts = SanitizeOptions::default();
    let mut s = new_san(&opts);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let mut l = line.to_string();
        for key in [
            "HttpSessionId:",
            "HttpSessionId=",
            "JSESSIONID=",
            "JSESSIONID:",
            "jsessionid=",
            "X-egain-session:",
        ] {
            let mut from = 0;
            while let Some(pos) = l.get(from..).and_then(|r| r.find(key)).map(|p| p + from) {
                let vs = pos + key.len();
                let lead = l[vs..].len() - l[vs..].trim_start_matches([' ', '\t']).len();
                let vs = vs + lead;
                let ve = l[vs..]
                    .find(|c: char| {
                        c.is_whitespace()
                            || c == ';'
                            || c == '&'
                            || c == ','
                            || c == '"'
                            || c == '<'
                    })
                    .map_or(l.len(), |e| vs + e);
                if ve > vs {
                    let m = marker("session");
                    l.replace_range(vs..ve, &m);
                    from = vs + m.len();
                } else {
                    from = vs;
                }
            }
        }
        if let Some(n) = s.scrub(&format!("line {}", i + 1), &l) {
            l = n;
        }
        out.push_str(&l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_jwts_are_found() {
        assert_eq!(email_spans("mail jane.doe@example.org now"), vec![5..25]);
        assert_eq!(email_spans("a%40b.co"), vec![0..8]);
        assert!(email_spans("@handle and user@localhost and x@1.2").is_empty());
        let s = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-nature_1 rest";
        let r = jwt_signature_spans(s);
        assert_eq!(&s[r[0].clone()], "sig-nature_1");
    }

    #[test]
    fn text_sanitizer_for_logs() {
        let t = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> HttpSessionId: 5F3A9B <@> mail a.b@c.com\nJSESSIONID=ABC123; x\n";
        let s = sanitize_text(t);
        assert_eq!(
            s,
            "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> HttpSessionId: [redacted:session] <@> mail [redacted:email]\nJSESSIONID=[redacted:session]; x\n"
        );
    }

    #[test]
    fn urls() {
        let o = SanitizeOptions::default();
        let (u, r) = sanitize_url("https://bob:pw@h/system/egain/chat/entrypoint/sessionStatus/123_abc?access_token=x&ok=1&m=a%40b.com", &o);
        assert_eq!(u, "https://bob:[redacted:url-password]@h/system/egain/chat/entrypoint/sessionStatus/123_[redacted:session]?access_token=[redacted:token]&ok=1&m=[redacted:email]");
        assert_eq!(r.len(), 4);
        let keep = SanitizeOptions {
            keep: vec!["ACCESS_TOKEN".into()],
            extra_names: vec!["ok".into()],
        };
        let (u, _) = sanitize_url("https://h/p?access_token=x&ok=1", &keep);
        assert_eq!(u, "https://h/p?access_token=x&ok=[redacted:extra]");
    }
}
