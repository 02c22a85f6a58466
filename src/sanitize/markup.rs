//! XML (ECE answers, BOSH chat bodies) and HTML (login pages, CSRF tokens, inline scripts).
//!
//! XML: chat text (`<message><body>`), login field values (`<attributeValue>`), session ids and
//! named elements or attributes are replaced in place; other text is scanned. HTML: the `value`
//! of an `<input>` and the `content` of a `<meta>` whose name is a secret's (`csrf-token`,
//! `csrfmiddlewaretoken`, `password` ...) go; the rest, scripts included, is free text.

use std::ops::Range;

use super::edit::{xml_unescape, Decoded, Layer};
use super::names::{self, Context};
use super::redactor::{Path, Redactor};
use super::{find, text};
use crate::ece::xml;

/// Does a text starting with `<` look like HTML rather than XML?
pub(crate) fn looks_html(head: &str) -> bool {
    let h: String = head
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    h.starts_with("<!doctype html")
        || h.starts_with("<html")
        || h.contains("<head")
        || h.contains("<script")
        || h.contains("<div")
}

/// The raw span of a text token's content (a CDATA section's inside) and its decoded view.
fn text_view<'t>(t: &'t str, span: &Range<usize>) -> (usize, Decoded<'t>) {
    let raw = &t[span.clone()];
    if let Some(inner) = raw.strip_prefix("<![CDATA[") {
        let inner = inner.strip_suffix("]]>").unwrap_or(inner);
        (span.start + 9, Decoded::plain(inner, Layer::Xml))
    } else {
        (span.start, xml_unescape(raw))
    }
}

/// The trimmed part of `t[start..start+len]`.
fn trimmed(t: &str, start: usize, len: usize) -> Range<usize> {
    let s = &t[start..start + len];
    let lead = s.len() - s.trim_start().len();
    start + lead..start + lead + s.trim().len()
}

/// An XML text.
pub(crate) fn xml(r: &mut Redactor, t: &str, path: &Path) {
    let from = r.edits.len();
    let mut stack: Vec<String> = Vec::new();
    for tok in xml::tokens(t) {
        match tok {
            xml::Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                let local = xml::local_name(&name).to_string();
                for a in &attrs {
                    let an = xml::local_name(&a.name);
                    if a.name.starts_with("xmlns")
                        || a.value.is_empty()
                        || t.get(a.value_span.clone()).is_none()
                    {
                        continue;
                    }
                    let label = format!("<{local} {an}>");
                    let p = path.text(&label);
                    let span = trimmed(t, a.value_span.start, a.value_span.len());
                    if let Some(reason) = names::reason_for(an, r.opts, Context::Structured) {
                        if !find::only_markers(&a.value) {
                            r.redact(t, span, &p, an, reason);
                        }
                    } else if names::is_secretish(an) && names::looks_secret(a.value.trim()) {
                        r.redact(t, span, &p, an, "secret");
                    } else {
                        let d = xml_unescape(&t[a.value_span.clone()]);
                        r.within(a.value_span.start, &d, |r, x| text::scrub(r, x, &p));
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
            xml::Token::Text {
                text: decoded,
                span,
            } => {
                if t.get(span.clone()).is_none() {
                    continue;
                }
                let top = stack.last().map(String::as_str).unwrap_or("");
                let in_message = stack.iter().any(|e| e.eq_ignore_ascii_case("message"));
                let label = format!("<{top}>");
                let p = path.text(&label);
                let reason = if in_message && top.eq_ignore_ascii_case("body") {
                    Some(("chat text", "chat-text"))
                } else if top.eq_ignore_ascii_case("attributeValue") {
                    Some(("login field value", "customer-data"))
                } else if let Some(x) = names::reason_for(top, r.opts, Context::Structured) {
                    Some((top, x))
                } else if names::is_secretish(top) && names::looks_secret(decoded.trim()) {
                    Some((top, "secret"))
                } else {
                    None
                };
                let (start, view) = text_view(t, &span);
                match reason {
                    Some((name, reason)) => {
                        if !find::only_markers(&decoded) {
                            let raw_len = view.raw_range(0..view.text.len()).len();
                            r.redact(t, trimmed(t, start, raw_len), &p, name, reason);
                        }
                    }
                    None => r.within(start, &view, |r, x| text::scrub(r, x, &p)),
                }
            }
        }
    }
    // The tokenizer stops at the first malformed construct: the whole text is also read as free
    // text (what the structural pass removed is not found twice).
    text::scrub_since(r, t, path, from);
}

/// One HTML tag's attributes: (name, value span).
fn tag_attrs(t: &str, mut p: usize) -> (Vec<(String, Range<usize>)>, usize) {
    let b = t.as_bytes();
    let mut out = Vec::new();
    while p < b.len() && b[p] != b'>' {
        while p < b.len() && (b[p].is_ascii_whitespace() || b[p] == b'/') {
            p += 1;
        }
        let ns = p;
        while p < b.len() && !b[p].is_ascii_whitespace() && !b"=>/".contains(&b[p]) {
            p += 1;
        }
        if p == ns {
            if p < b.len() && b[p] != b'>' {
                p += 1;
            }
            continue;
        }
        let name = t[ns..p].to_ascii_lowercase();
        while p < b.len() && b[p].is_ascii_whitespace() {
            p += 1;
        }
        if b.get(p) != Some(&b'=') {
            out.push((name, p..p));
            continue;
        }
        p += 1;
        while p < b.len() && b[p].is_ascii_whitespace() {
            p += 1;
        }
        match b.get(p) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let vs = p + 1;
                let ve = b[vs..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |e| vs + e);
                out.push((name, vs..ve));
                p = (ve + 1).min(b.len());
            }
            _ => {
                let vs = p;
                while p < b.len() && !b[p].is_ascii_whitespace() && b[p] != b'>' {
                    p += 1;
                }
                out.push((name, vs..p));
            }
        }
    }
    (out, p)
}

/// An HTML text: secret `<input>` values and `<meta>` contents, then everything as free text.
pub(crate) fn html(r: &mut Redactor, t: &str, path: &Path) {
    let from = r.edits.len();
    let b = t.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt + 1..];
        let (is_input, skip) = if rest.len() > 5 && rest[..5].eq_ignore_ascii_case(b"input") {
            (true, 5)
        } else if rest.len() > 4 && rest[..4].eq_ignore_ascii_case(b"meta") {
            (false, 4)
        } else {
            continue;
        };
        if !rest[skip].is_ascii_whitespace() {
            continue;
        }
        let (attrs, end) = tag_attrs(t, lt + 1 + skip);
        i = end.max(i);
        let get = |n: &str| attrs.iter().find(|(a, _)| a == n).map(|(_, s)| s.clone());
        let value_attr = if is_input { "value" } else { "content" };
        let Some(value) = get(value_attr).filter(|v| !v.is_empty()) else {
            continue;
        };
        let key_attrs: &[&str] = if is_input {
            &["name", "id"]
        } else {
            &["name", "property", "http-equiv", "itemprop"]
        };
        let key = key_attrs
            .iter()
            .find_map(|k| get(k))
            .map(|s| t[s].to_string())
            .unwrap_or_default();
        let password_type =
            is_input && get("type").is_some_and(|s| t[s].eq_ignore_ascii_case("password"));
        let label = format!("<{} {key}>", if is_input { "input" } else { "meta" });
        let p = path.text(&label);
        let v = &t[value.clone()];
        let reason = names::reason_for(&key, r.opts, Context::Structured)
            .or(password_type.then_some("password"))
            .or_else(|| {
                (names::is_secretish(&key) && names::looks_secret(v.trim())).then_some("secret")
            });
        if let Some(reason) = reason {
            if !find::only_markers(v) {
                r.redact(t, value, &p, &key, reason);
            }
        }
    }
    text::scrub_since(r, t, path, from);
}

#[cfg(test)]
mod tests {
    use crate::sanitize::{
        edit,
        redactor::{Path, Redactor, Seg},
        SanitizeOptions,
    };

    fn run(t: &str, html: bool) -> String {
        let o = SanitizeOptions::default();
        let mut r = Redactor::new(&o);
        let p = Path::root(Seg::Key("b"));
        if html {
            super::html(&mut r, t, &p);
        } else {
            super::xml(&mut r, t, &p);
        }
        edit::apply(t, r.edits)
    }

    #[test]
    fn bosh_and_answers() {
        let t = r#"<body rid="1" sid="100234_9f8e7d" from="jane@x.org" to="1001"><message type="chat"><body> Hi &amp; bye </body></message><attributeValue>Jane</attributeValue><messagingData><![CDATA[call j@x.org]]></messagingData></body>"#;
        assert_eq!(
            run(t, false),
            r#"<body rid="1" sid="[redacted:session]" from="[redacted:email]" to="1001"><message type="chat"><body> [redacted:chat-text] </body></message><attributeValue>[redacted:customer-data]</attributeValue><messagingData><![CDATA[call [redacted:email]]]></messagingData></body>"#
        );
    }

    #[test]
    fn csrf_inputs_and_meta() {
        let t = r#"<html><head><meta name="csrf-token" content="Zk3aQ9xT2bLm8Nc"><meta name=viewport content="width=device-width"></head><form><input type=hidden name=csrfmiddlewaretoken value=AbC123xyz><input type="password" name="pw1" value="hunter2"><input name="q" value="x"></form><script>var apiKey = "AIzaSy-1234567890abcdefgh";</script></html>"#;
        assert_eq!(
            run(t, true),
            r#"<html><head><meta name="csrf-token" content="[redacted:token]"><meta name=viewport content="width=device-width"></head><form><input type=hidden name=csrfmiddlewaretoken value=[redacted:token]><input type="password" name="pw1" value="[redacted:password]"><input name="q" value="x"></form><script>var apiKey = "[redacted:api-key]";</script></html>"#
        );
    }
}
