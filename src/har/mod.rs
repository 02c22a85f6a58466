//! Tolerant HAR reading: finds ECE chat calls, skips bodies it does not need.
//!
//! ```text
//! bytes ──read_har──► HarCapture { calls: Vec<EceCall> (time order, answers explained),
//!                                  other: Vec<OtherEntry> (method, host+path, status) }
//! ```
//! Customer data (chat text, login fields) and raw bodies/headers/cookies are kept in fields
//! that are *not* serialized; show them only on request, and run the `sanitize` module before sharing.

pub mod calls;
pub mod classify;
pub mod fixtures;
mod raw;
pub mod reader;
mod scan;
mod skim;
pub mod url;

use serde::Serialize;

pub use calls::CallKind;
pub use reader::{
    read_har, read_har_str, read_har_str_placed, EntryPlaces, HarError, HarErrorKind,
};

use crate::ece::AnswerExplanation;

/// What a HAR holds, for our purpose.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct HarCapture {
    /// `log.version` as written (1.1, 1.2 ...), if any.
    pub version: Option<String>,
    /// `log.creator` "name version" (WebInspector 537.36, Firefox 47.0, Fiddler 4.6 ...).
    pub creator: Option<String>,
    pub browser: Option<String>,
    /// Number of `log.pages` (0 when missing, null or empty).
    pub pages: usize,
    /// Number of entries in the file.
    pub entries: usize,
    /// Every ECE chat call, in time order.
    pub calls: Vec<EceCall>,
    /// Every other entry, cheaply: method, host+path, status (not listed by default).
    #[serde(skip)]
    pub other: Vec<OtherEntry>,
    /// Oddities of the file that did not stop reading.
    pub warnings: Vec<String>,
}

/// A non-ECE entry, counted; listed only on request.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OtherEntry {
    /// Position in `log.entries`.
    pub index: usize,
    pub method: String,
    /// Host (with port) and path, no query.
    pub host_path: String,
    pub status: Option<i64>,
    /// `startedDateTime` in ms since the epoch (UTC), when it parses.
    #[serde(default)]
    pub started_ms: Option<i64>,
    /// Total time in ms (`time`, else the sum of the timings).
    #[serde(default)]
    pub time_ms: Option<f64>,
    /// The response's `content.mimeType` (parameters dropped).
    #[serde(default)]
    pub mime: Option<String>,
    /// The response's `content.size` in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// The browser's `_error` (net::ERR_...), when the request failed.
    #[serde(default)]
    pub error: Option<String>,
    /// Length of the URL's query string (not kept: it may hold secrets; the detail reads it).
    #[serde(default)]
    pub query: u32,
}

/// A header, cookie or query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

/// HAR timings in milliseconds; `None` = not applicable (-1), absent or not a number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize, Default)]
pub struct Timings {
    pub blocked: Option<f64>,
    pub dns: Option<f64>,
    pub connect: Option<f64>,
    /// Part of `connect`.
    pub ssl: Option<f64>,
    pub send: Option<f64>,
    pub wait: Option<f64>,
    pub receive: Option<f64>,
}

impl Timings {
    /// Sum of the phases (ssl is inside connect), when any phase is known.
    pub fn total(&self) -> Option<f64> {
        let parts = [
            self.blocked,
            self.dns,
            self.connect,
            self.send,
            self.wait,
            self.receive,
        ];
        parts
            .iter()
            .any(Option::is_some)
            .then(|| parts.iter().flatten().sum())
    }
}

/// Customer data found in a chat payload: chat message text, login fields (name, e-mail, phone).
/// **Customer data**: never in default output; the UI shows it only on request; the sanitizer
/// always replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDatum {
    /// "chat message" or "login field".
    pub kind: String,
    /// Login field name, or "customer"/"agent" for messages.
    pub name: String,
    /// The message's `from` (agent name), when given.
    pub from: Option<String>,
    pub text: String,
}

/// One ECE chat call found in the HAR.
///
/// Raw headers, cookies, bodies and [`CustomerDatum`]s are public for the UI's "show details"
/// but are not serialized: the JSON report never carries them.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EceCall {
    /// Position in `log.entries`.
    pub index: usize,
    /// `startedDateTime` as written.
    pub started: Option<String>,
    /// The same in milliseconds since the epoch (UTC), when it parses.
    pub started_ms: Option<i64>,
    /// Total time in ms (`time`, else the sum of the timings).
    pub time_ms: Option<f64>,
    pub timings: Timings,
    pub method: String,
    /// As captured (may hold secrets: sanitize before sharing).
    pub url: String,
    pub host: String,
    pub path: String,
    pub kind: CallKind,
    pub entry_point_id: Option<String>,
    /// BOSH sid / sessionStatus sid, when seen.
    #[serde(skip)]
    pub session_id: Option<String>,
    /// HTTP status; 0 = no answer (network-level failure) or not given.
    pub status: u16,
    pub status_text: String,
    /// The browser's `_error` (net::ERR_...), when the request failed.
    pub error: Option<String>,
    /// The response's `content.size` in bytes (for the requests view; not in the report).
    #[serde(skip)]
    pub size: Option<u64>,
    #[serde(skip)]
    pub request_headers: Vec<NameValue>,
    #[serde(skip)]
    pub request_cookies: Vec<NameValue>,
    pub request_mime: Option<String>,
    #[serde(skip)]
    pub request_body: Option<String>,
    #[serde(skip)]
    pub response_headers: Vec<NameValue>,
    #[serde(skip)]
    pub response_cookies: Vec<NameValue>,
    pub response_mime: Option<String>,
    /// Decoded (base64 undone); `None` when not captured or binary.
    #[serde(skip)]
    pub response_body: Option<String>,
    /// Why there is no body, when there is none.
    pub response_body_note: Option<String>,
    pub redirect_url: Option<String>,
    /// The decoded answer.
    pub answer: AnswerExplanation,
    /// Chat text and login fields: customer data, shown only on request.
    #[serde(skip)]
    pub customer_data: Vec<CustomerDatum>,
}

impl EceCall {
    /// One line for a listing: time, method, path, entry point, status, timing, answer.
    pub fn line(&self) -> String {
        let time = self.started.as_deref().unwrap_or("(no time)");
        let ep = self
            .entry_point_id
            .as_deref()
            .map(|e| format!(" ep {e}"))
            .unwrap_or_default();
        let status = if self.status == 0 {
            match &self.error {
                Some(e) => format!("0 {e}"),
                None => "0 (no answer)".into(),
            }
        } else {
            self.status.to_string()
        };
        let ms = self
            .time_ms
            .map(|t| format!(" {t:.0} ms"))
            .unwrap_or_default();
        format!(
            "{time}  {} {} [{}]{ep}  {status}{ms}  {}",
            self.method,
            self.path,
            self.kind.label(),
            self.answer.headline
        )
    }
}

impl HarCapture {
    /// How many ECE calls and other entries; what to capture when there are no ECE calls.
    pub fn summary(&self) -> String {
        if self.calls.is_empty() {
            return format!(
                "No ECE chat calls in this capture ({} other request(s)). {}",
                self.entries, NO_ECE_ADVICE
            );
        }
        format!(
            "{} ECE chat call(s), {} other request(s) not listed.",
            self.calls.len(),
            self.other.len()
        )
    }
}

/// What to capture instead when a HAR has no ECE chat calls.
pub const NO_ECE_ADVICE: &str = "Open the entry point URL (https://<ECE web server>/system/templates/chat/<template>/index.html?subActivity=Chat&entryPointId=<id>) with the browser's developer tools recording (Network tab, 'Preserve log' on), then export HAR.";

/// Every ECE call, one per line, in time order; non-ECE entries counted; the capture's warnings.
pub fn listing(cap: &HarCapture) -> String {
    let mut s = String::new();
    for c in &cap.calls {
        s.push_str(&c.line());
        s.push('\n');
    }
    s.push_str(&cap.summary());
    s.push('\n');
    for w in &cap.warnings {
        s.push_str("note: ");
        s.push_str(w);
        s.push('\n');
    }
    s
}

/// The non-ECE entries, one per line (method, host+path, status): shown only on request.
pub fn other_listing(cap: &HarCapture) -> String {
    let mut s = String::new();
    for o in &cap.other {
        let status = o.status.map_or_else(|| "-".to_string(), |x| x.to_string());
        s.push_str(&format!(
            "#{} {} {} {status}\n",
            o.index, o.method, o.host_path
        ));
    }
    s
}

/// The public summary of one entry-point answer for the JSON report (filled, with its URL
/// sanitized, by `sanitize::entry_points`).
///
/// Serializes exactly as
/// `{"entry_point_id":"1001","url":"...","status":200,"response_type":0,"meaning":"...","time":"..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EntryPointSummary {
    pub entry_point_id: String,
    /// Sanitized (no credentials, tokens or e-mail addresses).
    pub url: String,
    pub status: u16,
    pub response_type: Option<i64>,
    pub meaning: String,
    /// `startedDateTime` as captured ("" when absent).
    pub time: String,
}
