//! Recognising ECE chat calls in HAR entries and decoding their answers.

use base64::Engine;
use serde_json::value::RawValue;

use super::raw::{raw_num, raw_str, Raw, RawEntry};
use super::reader::parse_iso8601_ms;
use super::url::split;
use super::{CustomerDatum, EceCall, NameValue, Timings};
use crate::ece::{self, xml, AnswerExplanation, AnswerKind};

pub use super::classify::{classify, looks_like_id, CallKind, Classified};

fn raw_string(r: Raw<'_>) -> Option<String> {
    raw_str(r).map(|c| c.into_owned())
}

/// `[{name, value}]` (HAR headers / cookies); anything malformed is skipped.
fn name_values(r: Raw<'_>) -> Vec<NameValue> {
    let Some(r) = r else { return Vec::new() };
    let Ok(items) = serde_json::from_str::<Vec<Box<RawValue>>>(r.get()) else {
        return Vec::new();
    };
    #[derive(serde::Deserialize)]
    struct NV<'a> {
        #[serde(borrow)]
        name: Option<&'a RawValue>,
        #[serde(borrow)]
        value: Option<&'a RawValue>,
    }
    items
        .iter()
        .filter_map(|i| {
            let nv: NV = serde_json::from_str(i.get()).ok()?;
            Some(NameValue {
                name: raw_string(nv.name)?,
                value: raw_string(nv.value).unwrap_or_else(|| {
                    nv.value
                        .map(|v| v.get().to_string())
                        .filter(|s| s != "null")
                        .unwrap_or_default()
                }),
            })
        })
        .collect()
}

/// A HAR `content` / `postData` text, base64 decoded when marked so.
/// Returns (text, note) — text `None` when not captured or binary.
fn body_text(text: Raw<'_>, encoding: Raw<'_>) -> (Option<String>, Option<String>) {
    let Some(t) = raw_str(text) else {
        return (None, Some("body not captured in this HAR".into()));
    };
    let enc = raw_str(encoding);
    if enc
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
    {
        let clean: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE,
        ];
        let Some(bytes) = engines.iter().find_map(|e| e.decode(&clean).ok()) else {
            return (
                None,
                Some("body marked base64 but is not valid base64".into()),
            );
        };
        return match String::from_utf8(bytes) {
            Ok(s) => (Some(s), None),
            Err(e) => (
                None,
                Some(format!(
                    "binary body ({} bytes, base64)",
                    e.as_bytes().len()
                )),
            ),
        };
    }
    (Some(t.into_owned()), None)
}

fn header<'a>(h: &'a [NameValue], name: &str) -> Option<&'a str> {
    h.iter()
        .find(|nv| nv.name.eq_ignore_ascii_case(name))
        .map(|nv| nv.value.as_str())
}

/// Builds the full record of one ECE call: everything decoded, the answer explained.
pub(crate) fn build_call(
    index: usize,
    class: Classified,
    url: &str,
    method: &str,
    e: &RawEntry<'_>,
) -> EceCall {
    let started = raw_string(e.started);
    let started_ms = started.as_deref().and_then(parse_iso8601_ms);
    let timings = timings(e.timings);
    let time_ms = raw_num(e.time)
        .filter(|t| *t >= 0.0)
        .or_else(|| timings.total());
    let (request_headers, request_cookies, request_body, request_mime) = match &e.request {
        Some(r) => {
            #[derive(serde::Deserialize, Default)]
            struct PD<'a> {
                #[serde(borrow)]
                text: Option<&'a RawValue>,
                #[serde(borrow, rename = "mimeType")]
                mime: Option<&'a RawValue>,
                #[serde(borrow)]
                encoding: Option<&'a RawValue>,
            }
            let pd: PD = r
                .post_data
                .and_then(|p| serde_json::from_str(p.get()).ok())
                .unwrap_or_default();
            let body = if pd.text.is_some() {
                body_text(pd.text, pd.encoding).0
            } else {
                None
            };
            (
                name_values(r.headers),
                name_values(r.cookies),
                body,
                raw_string(pd.mime),
            )
        }
        None => Default::default(),
    };
    let resp = e.response.as_ref();
    let status_f = resp.and_then(|r| raw_num(r.status));
    let status: u16 = status_f
        .filter(|s| (0.0..1000.0).contains(s))
        .map(|s| s as u16)
        .unwrap_or(0);
    let status_raw = resp
        .and_then(|r| r.status)
        .map(|r| r.get().to_string())
        .filter(|_| status_f.is_none());
    let error = resp
        .and_then(|r| raw_string(r.error))
        .or_else(|| raw_string(e.error))
        .filter(|s| !s.is_empty());
    let response_headers = resp.map(|r| name_values(r.headers)).unwrap_or_default();
    let response_cookies = resp.map(|r| name_values(r.cookies)).unwrap_or_default();
    let (response_body, body_note, response_mime) = match resp.and_then(|r| r.content.as_ref()) {
        Some(c) => {
            let (t, n) = body_text(c.text, c.encoding);
            (t, n, raw_string(c.mime))
        }
        None => (None, Some("body not captured in this HAR".into()), None),
    };
    let response_mime = response_mime
        .filter(|m| !m.is_empty())
        .or_else(|| header(&response_headers, "content-type").map(String::from));
    let redirect_url = resp
        .and_then(|r| raw_string(r.redirect_url))
        .filter(|s| !s.is_empty())
        .or_else(|| header(&response_headers, "location").map(String::from));

    let mut answer = explain(
        &class.kind,
        status,
        error.as_deref(),
        response_mime.as_deref(),
        response_body.as_deref(),
        redirect_url.as_deref(),
    );
    if let Some(raw) = &status_raw {
        answer
            .notes
            .push(format!("the HAR gives the status as {raw}: not a number"));
    }
    if class.kind == CallKind::Initialize {
        if let Some(s) = header(&response_headers, "x-egain-session") {
            answer.add_session_header(s);
        }
    }

    let mut customer_data = Vec::new();
    let mut entry_point_id = class.entry_point_id.clone();
    let mut session_id = class.session_id.clone();
    for (body, from_customer) in [(&request_body, true), (&response_body, false)] {
        if let Some(b) = body {
            if b.trim_start().starts_with('<') && !matches!(class.kind, CallKind::TemplatePage(_)) {
                if let Some(root) = xml::parse(b) {
                    if root.local_name() == "body" {
                        // `to` names the entry point in ECE's session create; other clients put
                        // a domain there (`to='egain.com'`): only an id-shaped value counts.
                        if from_customer && entry_point_id.is_none() {
                            entry_point_id = root
                                .attr("to")
                                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty())
                                .map(String::from);
                        }
                        if session_id.is_none() {
                            session_id = root.attr("sid").map(String::from);
                        }
                    }
                    if class.kind == CallKind::SessionStatistics && session_id.is_none() {
                        session_id = root.value_of("sid");
                    }
                    customer_data.extend(extract_customer_data(&root, from_customer));
                }
            }
        }
    }
    if class.kind == CallKind::BoshSession
        && matches!(
            answer.kind,
            AnswerKind::BoshSession | AnswerKind::NotCaptured
        )
    {
        let req_root = request_body.as_deref().and_then(xml::parse);
        let resp_root = response_body.as_deref().and_then(xml::parse);
        let to = req_root
            .as_ref()
            .and_then(|r| r.attr("to").map(String::from));
        let sent = customer_data
            .iter()
            .filter(|d| d.kind == "chat message" && d.name == "customer")
            .count();
        let received = customer_data
            .iter()
            .filter(|d| d.kind == "chat message" && d.name == "agent")
            .count();
        let terminated = resp_root.as_ref().is_some_and(|r| {
            r.attr("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("terminate"))
        });
        let mut parts = Vec::new();
        if let Some(to) = to
            .as_deref()
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        {
            parts.push(format!("session requested for entry point {to}"));
        }
        if sent > 0 {
            parts.push(format!("{sent} message(s) sent"));
        }
        if terminated || answer.kind == AnswerKind::NotCaptured {
            let h = &answer.headline;
            parts.push(h.strip_prefix("chat session ").unwrap_or(h).to_string());
        } else {
            if let Some(sid) = resp_root.as_ref().and_then(|r| r.attr("sid")) {
                parts.push(format!(
                    "session created (sid {}…)",
                    sid.split('_').next().unwrap_or("")
                ));
            }
            if received > 0 {
                parts.push(format!("{received} message(s) received"));
            }
            if parts.is_empty() {
                parts.push("poll, nothing new".into());
            }
        }
        let cd = if sent + received > 0 {
            " (chat text is customer data, hidden)"
        } else {
            ""
        };
        answer.headline = format!("chat session: {}{cd}", parts.join("; "));
    }

    let parts = split(url);
    EceCall {
        index,
        started,
        started_ms,
        time_ms,
        timings,
        method: method.to_string(),
        url: url.to_string(),
        host: parts.host.to_string(),
        path: parts.path.to_string(),
        kind: class.kind,
        entry_point_id,
        session_id,
        status,
        status_text: resp
            .and_then(|r| raw_string(r.status_text))
            .unwrap_or_default(),
        error,
        size: list_facts(e).size,
        request_headers,
        request_cookies,
        request_mime,
        request_body,
        response_headers,
        response_cookies,
        response_mime,
        response_body,
        response_body_note: body_note,
        redirect_url,
        answer,
        customer_data,
    }
}

/// What the requests view lists of an entry besides its method, URL and status.
pub(crate) struct ListFacts {
    pub started_ms: Option<i64>,
    pub time_ms: Option<f64>,
    pub mime: Option<String>,
    pub size: Option<u64>,
    pub error: Option<String>,
}

/// An entry's start, duration, response type and size, and its `_error`.
pub(crate) fn list_facts(e: &RawEntry<'_>) -> ListFacts {
    let resp = e.response.as_ref();
    let content = resp.and_then(|r| r.content.as_ref());
    ListFacts {
        started_ms: raw_str(e.started).and_then(|s| parse_iso8601_ms(&s)),
        time_ms: raw_num(e.time)
            .filter(|t| *t >= 0.0)
            .or_else(|| timings(e.timings).total()),
        mime: content.and_then(|c| raw_str(c.mime)).map(|m| {
            m.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        }),
        size: content
            .and_then(|c| raw_num(c.size))
            .filter(|s| *s >= 0.0)
            .map(|s| s as u64),
        error: resp
            .and_then(|r| raw_str(r.error))
            .or_else(|| raw_str(e.error))
            .filter(|s| !s.is_empty())
            .map(|s| s.into_owned()),
    }
}

fn timings(r: Raw<'_>) -> Timings {
    let Some(r) = r else {
        return Timings::default();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(r.get()) else {
        return Timings::default();
    };
    let n = |k: &str| -> Option<f64> {
        let x = v.get(k)?;
        let f = match x {
            serde_json::Value::Number(n) => n.as_f64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }?;
        (f.is_finite() && f >= 0.0).then_some(f)
    };
    Timings {
        blocked: n("blocked"),
        dns: n("dns"),
        connect: n("connect"),
        ssl: n("ssl"),
        send: n("send"),
        wait: n("wait"),
        receive: n("receive"),
    }
}

/// Explains a HAR entry's answer, by call kind.
fn explain(
    kind: &CallKind,
    status: u16,
    error: Option<&str>,
    mime: Option<&str>,
    body: Option<&str>,
    redirect: Option<&str>,
) -> AnswerExplanation {
    if status == 0 {
        return ece::explain_network_error(error);
    }
    if (300..400).contains(&status) {
        return ece::explain_redirect(status, redirect);
    }
    if status >= 400 {
        return ece::explain_answer(status, mime, body.unwrap_or(""));
    }
    let Some(body) = body else {
        let mut a = ece::explain_answer(status, mime, "");
        a.kind = AnswerKind::NotCaptured;
        a.headline = format!("HTTP {status}: the answer's body was not captured in this HAR");
        a.next_steps = vec![ece::NextStep::suggested("Export the HAR 'with content' (Chrome: 'Export HAR (with sensitive data)' or Firefox 'Save All As HAR'), or fetch the answer directly with the curl/PowerShell command.")];
        return a;
    };
    if let CallKind::TemplatePage(t) = kind {
        let a = ece::explain_answer(status, mime.or(Some("text/html")), body);
        if a.kind == AnswerKind::LoginPage {
            return a;
        }
        let mut p = a;
        p.kind = AnswerKind::Page;
        p.headline = format!("HTTP {status}: chat template page '{t}' loaded");
        p.notes.clear();
        return p;
    }
    ece::explain_answer(status, mime, body)
}

/// Customer data inside a BOSH body: chat message text and login fields. Never shown by default.
pub fn extract_customer_data(root: &xml::Element, from_customer: bool) -> Vec<CustomerDatum> {
    let mut out = Vec::new();
    if root.local_name() == "body" {
        if let Some(f) = root.attr("from") {
            if from_customer && !f.is_empty() && !f.eq_ignore_ascii_case("anonymous@egain.com") {
                out.push(CustomerDatum {
                    kind: "login field".into(),
                    name: "from".into(),
                    from: None,
                    text: f.to_string(),
                });
            }
        }
    }
    let mut params = Vec::new();
    root.find_all("param", &mut params);
    for p in params {
        let name = p
            .attr("name")
            .map(String::from)
            .or_else(|| p.value_of("attributeName"))
            .unwrap_or_default();
        if let Some(v) = p.value_of("attributeValue") {
            if !v.is_empty() {
                out.push(CustomerDatum {
                    kind: "login field".into(),
                    name,
                    from: None,
                    text: v,
                });
            }
        }
    }
    let mut msgs = Vec::new();
    root.find_all("message", &mut msgs);
    for m in msgs {
        let typ = m.attr("type").unwrap_or("chat");
        if typ != "chat" {
            continue;
        }
        let text = m
            .child("body")
            .map(|b| b.text_content())
            .unwrap_or_default();
        if text.trim().is_empty() {
            continue;
        }
        out.push(CustomerDatum {
            kind: "chat message".into(),
            name: if from_customer {
                "customer".into()
            } else {
                "agent".into()
            },
            from: m.attr("from").map(String::from),
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_ece_urls() {
        let c = classify("https://ece.example.com/system/egain/chat/entrypoint/initialize/1001")
            .unwrap();
        assert_eq!(
            (c.kind, c.entry_point_id.as_deref()),
            (CallKind::Initialize, Some("1001"))
        );
        // A path segment that is no id (markup from a crafted URL) is not taken for one.
        let c = classify(
            "https://h/system/egain/chat/entrypoint/initialize/%22%3E%3Csvg%2Fonload%3Dalert(1)%3E",
        )
        .unwrap();
        assert_eq!((c.kind, c.entry_point_id), (CallKind::Initialize, None));
        let c = classify("http://h/system/egin/chat/entrypoint/initialize/1001/").unwrap();
        assert_eq!(
            (c.kind, c.entry_point_id.as_deref()),
            (CallKind::Initialize, Some("1001"))
        );
        let c =
            classify("https://h/system/egain/chat/entrypoint?entryPointId=1002&templateName=aqua")
                .unwrap();
        assert_eq!(
            (c.kind, c.entry_point_id.as_deref()),
            (CallKind::BoshSession, Some("1002"))
        );
        let c = classify(
            "https://h/system/templates/chat/aqua/index.html?subActivity=Chat&entryPointId=1003",
        )
        .unwrap();
        assert_eq!(c.kind, CallKind::TemplatePage("aqua".into()));
        assert_eq!(c.entry_point_id.as_deref(), Some("1003"));
        let c = classify("https://h/system/egain/chat/entrypoint/sessionStatus/1234_abc").unwrap();
        assert_eq!(
            (c.kind, c.session_id.as_deref()),
            (CallKind::SessionStatus, Some("1234_abc"))
        );
        assert!(classify("https://h/system/templates/chat/aqua/js/app.js").is_none());
        assert!(classify("https://www.example.com/").is_none());
        let c =
            classify("https://h/system/egain/chat/entrypoint/checkEligibility/1001?x=1").unwrap();
        assert_eq!(c.kind, CallKind::CheckEligibility);
    }
}
