//! One request in full (URL, query, headers, bodies pretty-printed, timings, `_error`), read again from its entry's bytes on demand.
use super::span::entry_spans;
use crate::har::NameValue;
use crate::intake::{self, InputKind};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::ops::Range;

/// Longest body shown, in characters of its pretty-printed text (the rest is cut, and said so).
pub const BODY_SHOWN: usize = 64 * 1024;

/// A request as its detail pane shows it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestDetail {
    /// Position in `log.entries`.
    pub index: usize,
    pub started: Option<String>,
    pub method: String,
    /// As captured (on this page only: what a link carries is sanitized before).
    pub url: String,
    pub http_version: Option<String>,
    pub query: Vec<NameValue>,
    pub request_headers: Vec<NameValue>,
    pub request_body: Option<Body>,
    pub status: Option<i64>,
    pub status_text: Option<String>,
    pub response_headers: Vec<NameValue>,
    pub response_body: Option<Body>,
    pub redirect_url: Option<String>,
    /// The HAR's timing phases in order (`blocked`, `dns`, `connect`, `ssl`, `send`, `wait`,
    /// `receive`), those given (−1 is "not applicable" and left out).
    pub timings: Vec<(String, f64)>,
    pub time_ms: Option<f64>,
    pub server_ip: Option<String>,
    /// The browser's `_error` (net::ERR_…).
    pub error: Option<String>,
    /// Where the entry stands in its input (bytes), for the evidence view.
    pub span: (usize, usize),
}

/// A body, pretty-printed when it is JSON or XML.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Body {
    pub mime: Option<String>,
    /// `json`, `xml`, `form`, `text` or `binary`.
    pub format: String,
    pub text: String,
    /// Characters of the text before it was cut to [`BODY_SHOWN`].
    pub length: usize,
    pub cut: bool,
    /// What the capture says instead of a body (base64 that is not text, no body captured).
    pub note: Option<String>,
}

/// The detail of entry `index` of the `ordinal`-th HAR in `text` (an input: a HAR alone, or a
/// paste that holds one among other things); why not, when it cannot be found.
pub fn in_input(text: &str, ordinal: usize, index: usize) -> Result<RequestDetail, String> {
    let spans = spans_in_input(text, ordinal)?;
    let span = entry_span(&spans, index)?;
    of_entry(&text[span.clone()], index, span)
}

/// Where each entry of the `ordinal`-th HAR in `text` stands in `text` (bytes).
pub fn spans_in_input(text: &str, ordinal: usize) -> Result<Vec<Range<usize>>, String> {
    let body = har_part(text, ordinal).ok_or_else(|| {
        "the capture is no longer in this input (was it changed?): analyse again".to_string()
    })?;
    let spans = entry_spans(&text[body.clone()])?;
    Ok(spans
        .into_iter()
        .map(|r| r.start + body.start..r.end + body.start)
        .collect())
}

/// Entry `index`'s place among `spans`; why not.
pub fn entry_span(spans: &[Range<usize>], index: usize) -> Result<Range<usize>, String> {
    spans
        .get(index)
        .cloned()
        .ok_or_else(|| format!("the capture has {} entries, not {}", spans.len(), index + 1))
}

/// The bytes of the `ordinal`-th HAR of an input that the HAR reader reads (the analysis's
/// `ordinal`-th capture of the input: a HAR part before it that did not read made no capture).
pub fn har_part(text: &str, ordinal: usize) -> Option<Range<usize>> {
    let hars: Vec<Range<usize>> = intake::parts_exact(text)
        .into_iter()
        .filter(|p| p.kind == InputKind::Har)
        .map(|p| p.body)
        .collect();
    if hars.len() == 1 {
        // The common case: nothing to count, and nothing read twice.
        return hars.into_iter().nth(ordinal);
    }
    hars.into_iter()
        .filter(|b| {
            text.get(b.clone())
                .is_some_and(|t| crate::har::read_har_str(t).is_ok())
        })
        .nth(ordinal)
}

/// The detail of entry `index` of the HAR `text`.
pub fn detail(text: &str, index: usize) -> Result<RequestDetail, String> {
    let span = entry_span(&entry_spans(text)?, index)?;
    of_entry(&text[span.clone()], index, span)
}

/// The detail of one entry's JSON text.
pub fn of_entry(entry: &str, index: usize, span: Range<usize>) -> Result<RequestDetail, String> {
    let e: Value = serde_json::from_str(entry).map_err(|e| {
        format!(
            "entry {} does not read as JSON (line {}, column {}): {e}",
            index + 1,
            e.line(),
            e.column()
        )
    })?;
    let s = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let req = &e["request"];
    let resp = &e["response"];
    let timings = [
        "blocked", "dns", "connect", "ssl", "send", "wait", "receive",
    ]
    .iter()
    .filter_map(|k| {
        let v = e["timings"][*k].as_f64()?;
        (v >= 0.0).then(|| (k.to_string(), v))
    })
    .collect();
    let url = s(&req["url"]).unwrap_or_default();
    let query = match req["queryString"].as_array() {
        Some(q) if !q.is_empty() => name_values(&req["queryString"]),
        _ => query_of(&url),
    };
    let request_body = req.get("postData").and_then(|p| {
        let mime = s(&p["mimeType"]);
        let text = p["text"].as_str().map(str::to_string).or_else(|| {
            // Params only (Firefox, form posts): written as name=value lines.
            let params = name_values(&p["params"]);
            (!params.is_empty()).then(|| {
                params
                    .iter()
                    .map(|p| format!("{}={}", p.name, p.value))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        })?;
        Some(body(mime, text, None))
    });
    let content = &resp["content"];
    let response_body = match content["text"].as_str() {
        Some(t) => {
            let mime = s(&content["mimeType"]);
            if content["encoding"].as_str() == Some("base64") {
                let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => Some(body(mime, text, Some("decoded from base64"))),
                        Err(e) => Some(Body {
                            mime,
                            format: "binary".into(),
                            text: String::new(),
                            length: e.as_bytes().len(),
                            cut: false,
                            note: Some(format!(
                                "{} bytes of binary data (base64 in the capture)",
                                e.as_bytes().len()
                            )),
                        }),
                    },
                    Err(_) => Some(body(mime, t.to_string(), Some("marked base64, but is not"))),
                }
            } else {
                Some(body(mime, t.to_string(), None))
            }
        }
        None => {
            let size = content["size"].as_i64().unwrap_or(-1);
            let note = content["comment"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| {
                    if size > 0 {
                        format!("{size} bytes; the exporter did not keep the body")
                    } else {
                        "no body".into()
                    }
                });
            Some(Body {
                mime: s(&content["mimeType"]),
                format: "text".into(),
                note: Some(note),
                ..Default::default()
            })
        }
    };
    Ok(RequestDetail {
        index,
        started: s(&e["startedDateTime"]),
        method: s(&req["method"]).unwrap_or_default(),
        url,
        http_version: s(&req["httpVersion"]).or_else(|| s(&resp["httpVersion"])),
        query,
        request_headers: name_values(&req["headers"]),
        request_body,
        status: resp["status"]
            .as_i64()
            .or_else(|| resp["status"].as_str().and_then(|x| x.trim().parse().ok())),
        status_text: s(&resp["statusText"]),
        response_headers: name_values(&resp["headers"]),
        response_body,
        redirect_url: s(&resp["redirectURL"]),
        timings,
        time_ms: e["time"].as_f64().filter(|t| *t >= 0.0),
        server_ip: s(&e["serverIPAddress"]),
        error: s(&resp["_error"]).or_else(|| s(&e["_error"])),
        span: (span.start, span.end),
    })
}

fn name_values(v: &Value) -> Vec<NameValue> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| {
                    Some(NameValue {
                        name: h["name"].as_str()?.to_string(),
                        value: match &h["value"] {
                            Value::String(s) => s.clone(),
                            Value::Null => String::new(),
                            other => other.to_string(),
                        },
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The query parameters of a URL, percent-decoded.
fn query_of(url: &str) -> Vec<NameValue> {
    let q = crate::har::url::split(url).query.unwrap_or("");
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            NameValue {
                name: crate::har::url::percent_decode(n, true),
                value: crate::har::url::percent_decode(v, true),
            }
        })
        .collect()
}

fn body(mime: Option<String>, text: String, note: Option<&str>) -> Body {
    let m = mime.as_deref().unwrap_or("").to_ascii_lowercase();
    let t = text.trim_start();
    let (format, pretty) = if m.contains("json") || t.starts_with('{') || t.starts_with('[') {
        match serde_json::from_str::<serde::de::IgnoredAny>(&text) {
            Ok(_) => ("json", pretty_json(&text)),
            Err(_) => ("text", text),
        }
    } else if m.contains("xml") || (t.starts_with('<') && !m.contains("html")) {
        ("xml", pretty_xml(&text))
    } else if m.contains("x-www-form-urlencoded") {
        ("form", text.replace('&', "\n"))
    } else {
        ("text", text)
    };
    let length = pretty.chars().count();
    let cut = length > BODY_SHOWN;
    let text = if cut {
        pretty.chars().take(BODY_SHOWN).collect()
    } else {
        pretty
    };
    Body {
        mime,
        format: format.into(),
        text,
        length,
        cut,
        note: note.map(str::to_string),
    }
}

/// JSON re-indented by two spaces, its tokens as written (key order, numbers and escapes kept).
pub fn pretty_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = text.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    out.push(chars.next().unwrap_or(' '));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// XML with one element per line, indented by nesting (text and attributes as written).
pub fn pretty_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (piece, next) = match rest.find('<') {
            Some(0) => match rest.find('>') {
                Some(end) => rest.split_at(end + 1),
                None => (rest, ""),
            },
            Some(k) => rest.split_at(k),
            None => (rest, ""),
        };
        rest = next;
        let p = piece.trim();
        if p.is_empty() {
            continue;
        }
        let closing = p.starts_with("</");
        let opening = p.starts_with('<')
            && !closing
            && !p.ends_with("/>")
            && !p.starts_with("<?")
            && !p.starts_with("<!");
        if closing {
            depth = depth.saturating_sub(1);
        }
        // Short text between an element's tags stays on its line: <a>text</a>.
        if !p.starts_with('<') && out.ends_with('>') && rest.starts_with("</") {
            out.push_str(p);
            if let Some(end) = rest.find('>') {
                out.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n("  ", depth));
        out.push_str(p);
        if opening {
            depth += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har::fixtures;

    /// A capture after a HAR part that does not read (in one paste) is the input's first
    /// capture, as the analysis counts: its entries are found where it stands.
    #[test]
    fn a_capture_after_an_unreadable_har_part_is_the_first_capture() {
        let good = fixtures::har(fixtures::template_and_initialize(1)).to_string();
        let text = format!("{{\"log\": {{\"entries\": 5}}}}\n{good}\n");
        let at = text.find(&good).unwrap();
        let want = detail(&good, 1).map(|mut d| {
            d.span = (d.span.0 + at, d.span.1 + at);
            d
        });
        assert!(want.is_ok(), "{want:?}");
        assert_eq!(in_input(&text, 0, 1), want);
        assert!(in_input(&text, 1, 0).is_err());
        // Two that read: the second is the second.
        let two = format!("{good}\n{good}\n");
        let second = two.rfind(&good).unwrap();
        assert_eq!(in_input(&two, 1, 1).map(|d| d.span.0 >= second), Ok(true));
    }

    #[test]
    fn the_initialize_call_reads_in_full() {
        let har =
            serde_json::to_string_pretty(&fixtures::har(fixtures::template_and_initialize(1)))
                .unwrap();
        let d = detail(&har, 1).unwrap();
        assert_eq!(d.method, "GET");
        assert!(d.url.ends_with("/entrypoint/initialize/1001"), "{}", d.url);
        assert_eq!(d.status, Some(200));
        assert!(d
            .response_headers
            .iter()
            .any(|h| h.name == "X-egain-session"));
        let b = d.response_body.unwrap();
        assert_eq!(b.format, "json");
        assert!(b.text.contains("\"checkEligibility\": {\n"), "{}", b.text);
        assert!(b.text.contains("\"responseType\": 1"));
        assert!(!d.timings.is_empty());
        // The span is the entry's own text.
        let v: Value = serde_json::from_str(&har[d.span.0..d.span.1]).unwrap();
        assert_eq!(v["request"]["method"], "GET");
        assert!(detail(&har, 2).unwrap_err().contains("2 entries"));
    }

    #[test]
    fn a_har_after_a_log_excerpt_is_found_in_its_input() {
        let har = fixtures::har(fixtures::template_and_initialize(0)).to_string();
        let text = format!(
            "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [1] <@> x <@> hello <@>\n{har}\n"
        );
        let d = in_input(&text, 0, 0).unwrap();
        assert!(d.url.contains("/system/templates/chat/aqua/index.html"));
        assert_eq!(
            d.query
                .iter()
                .find(|q| q.name == "entryPointId")
                .unwrap()
                .value,
            "1001"
        );
        assert!(text[d.span.0..d.span.1].starts_with('{'));
        assert!(in_input(&text, 1, 0).is_err());
    }

    #[test]
    fn failures_say_their_error_and_binary_bodies_their_size() {
        let text = std::fs::read_to_string("samples/har/mswjs-response-binary.har").unwrap();
        let spans = entry_spans(&text).unwrap();
        let any_binary = (0..spans.len()).any(|i| {
            detail(&text, i)
                .unwrap()
                .response_body
                .is_some_and(|b| b.format == "binary" && b.note.is_some())
        });
        assert!(any_binary);
        let har = fixtures::har(fixtures::failures()).to_string();
        let d = detail(&har, 0).unwrap();
        assert!(d.error.is_some() || d.status == Some(0), "{d:?}");
    }

    #[test]
    fn pretty_printers_keep_the_tokens() {
        assert_eq!(
            pretty_json(r#"{"b":1.50,"a":[],"s":"x,{y}\"","o":{"k":null}}"#),
            "{\n  \"b\": 1.50,\n  \"a\": [],\n  \"s\": \"x,{y}\\\"\",\n  \"o\": {\n    \"k\": null\n  }\n}"
        );
        assert_eq!(
            pretty_xml("<body><a x='1'>text</a><b/></body>"),
            "<body>\n  <a x='1'>text</a>\n  <b/>\n</body>"
        );
    }
}
