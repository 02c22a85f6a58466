//! Every HAR entry as a DevTools-like list: rows, filters, sorting and pages of it (the same on the page and in the worker).
//!
//! The rows come from the HAR captures the analysis read (`HarView`s): ECE calls and every other
//! entry alike, with method, status, type, size, time and start. A row's detail (headers, bodies,
//! timings) is not kept: [`detail`] reads it again from the input's text by the entry's place in
//! the capture, when it is asked for.

pub mod detail;
pub mod span;

use crate::har::EceCall;
use crate::query::SearchQuery;
use crate::report::HarView;
use serde::{Deserialize, Serialize};

/// One HAR entry as the requests list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    /// Which capture: its position in the report's `har`.
    pub har: usize,
    /// The input the capture is in.
    pub input: usize,
    /// Position in the capture's `log.entries`.
    pub index: usize,
    /// `startedDateTime` in ms since the epoch (UTC).
    pub started_ms: Option<i64>,
    pub method: String,
    /// Host and path (an ECE call's whole URL, sanitized as the report has it).
    pub url: String,
    /// HTTP status; `None` when the entry has none (0 is kept as written: no answer).
    pub status: Option<i64>,
    pub mime: Option<String>,
    pub kind: RequestType,
    /// The response body's size in bytes, as the exporter counted it.
    pub size: Option<u64>,
    /// Total time in ms.
    pub time_ms: Option<f64>,
    /// The browser's `_error` (net::ERR_…).
    pub error: Option<String>,
    /// For an ECE chat call: what it is (`initialize`, `chat session (BOSH)` …).
    pub ece: Option<String>,
    pub entry_point_id: Option<String>,
}

impl RequestRow {
    /// `startedDateTime` as the timeline shows it: `2024-05-14 09:00:04.400 UTC`.
    pub fn started_utc(&self) -> Option<String> {
        let ms = self.started_ms?;
        let d = crate::time::civil_from_days(ms.div_euclid(86_400_000));
        let t = ms.rem_euclid(86_400_000);
        Some(format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} UTC",
            d.year,
            d.month,
            d.day,
            t / 3_600_000,
            t / 60_000 % 60,
            t / 1000 % 60,
            t % 1000
        ))
    }

    /// What the timeline says of the request: `GET www.example.com/a.js → 200 · 43 ms · script`.
    pub fn timeline_text(&self) -> String {
        let status = match (&self.error, self.status) {
            (Some(e), _) => format!("no answer ({e})"),
            (None, Some(0) | None) => "no answer".to_string(),
            (None, Some(s)) => s.to_string(),
        };
        let time = self
            .time_ms
            .map(|t| format!(" · {} ms", t.round() as i64))
            .unwrap_or_default();
        format!(
            "{} {} → {status}{time} · {}",
            self.method,
            self.url,
            self.kind.name()
        )
    }

    /// No answer, an error status (≥ 400), or a browser error.
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.status.is_none_or(|s| s == 0 || s >= 400)
    }

    /// Whether the search's terms match this request (event-only terms never do).
    pub fn matches(&self, q: &SearchQuery) -> bool {
        if q.agent.is_some() || q.mrd.is_some() || q.invoke.is_some() {
            return false;
        }
        if q.source.as_deref().is_some_and(|s| !"har".starts_with(s)) {
            return false;
        }
        if q.status.is_some_and(|s| !s.matches(self.status)) {
            return false;
        }
        if q.method.as_deref().is_some_and(|m| m != self.method) {
            return false;
        }
        if q.kind.as_deref().is_some_and(|k| k != self.kind.name()) {
            return false;
        }
        if !q.in_range(self.started_ms) {
            return false;
        }
        let status = self.status.map(|s| s.to_string()).unwrap_or_default();
        q.text_in(&[
            &self.url,
            &self.method,
            self.mime.as_deref().unwrap_or(""),
            &status,
            self.error.as_deref().unwrap_or(""),
            self.ece.as_deref().unwrap_or(""),
            self.entry_point_id.as_deref().unwrap_or(""),
        ])
    }
}

/// What kind of resource a request fetched, as DevTools groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestType {
    Document,
    Script,
    Style,
    Image,
    Font,
    /// XHR/fetch: JSON, XML and other data.
    Xhr,
    Media,
    Other,
}

impl RequestType {
    pub const ALL: [RequestType; 8] = [
        RequestType::Document,
        RequestType::Script,
        RequestType::Style,
        RequestType::Image,
        RequestType::Font,
        RequestType::Xhr,
        RequestType::Media,
        RequestType::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RequestType::Document => "document",
            RequestType::Script => "script",
            RequestType::Style => "style",
            RequestType::Image => "image",
            RequestType::Font => "font",
            RequestType::Xhr => "xhr",
            RequestType::Media => "media",
            RequestType::Other => "other",
        }
    }

    /// From the response's MIME type, else the path's extension.
    pub fn of(mime: Option<&str>, path: &str) -> RequestType {
        let m = mime.unwrap_or("");
        let by_mime = match m {
            "text/html" | "application/xhtml+xml" => Some(RequestType::Document),
            "text/css" => Some(RequestType::Style),
            m if m.contains("javascript") || m == "text/ecmascript" => Some(RequestType::Script),
            m if m.starts_with("image/") => Some(RequestType::Image),
            m if m.starts_with("font/") || m.contains("font") => Some(RequestType::Font),
            m if m.starts_with("audio/") || m.starts_with("video/") => Some(RequestType::Media),
            m if m.contains("json") || m.contains("xml") || m == "text/plain" => {
                Some(RequestType::Xhr)
            }
            _ => None,
        };
        if let Some(t) = by_mime {
            return t;
        }
        let path = path.split(['?', '#']).next().unwrap_or("");
        let ext = path
            .rsplit('/')
            .next()
            .and_then(|f| f.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" => RequestType::Document,
            "js" | "mjs" => RequestType::Script,
            "css" => RequestType::Style,
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "ico" | "avif" => RequestType::Image,
            "woff" | "woff2" | "ttf" | "otf" | "eot" => RequestType::Font,
            "mp3" | "mp4" | "webm" | "ogg" | "wav" => RequestType::Media,
            "json" | "xml" => RequestType::Xhr,
            _ => RequestType::Other,
        }
    }
}

/// Every entry of every capture, in time order (entries without a time last, by place).
pub fn rows(har: &[HarView]) -> Vec<RequestRow> {
    let mut out = Vec::new();
    for (h, view) in har.iter().enumerate() {
        let cap = &view.capture;
        out.extend(cap.calls.iter().map(|c| ece_row(h, view.input, c)));
        out.extend(cap.other.iter().map(|o| {
            let mime = o.mime.clone().filter(|m| !m.is_empty());
            let path = o.host_path.split_once('/').map_or("", |(_, p)| p);
            RequestRow {
                har: h,
                input: view.input,
                index: o.index,
                started_ms: o.started_ms,
                method: o.method.clone(),
                url: o.host_path.clone(),
                status: o.status,
                kind: RequestType::of(mime.as_deref(), path),
                mime,
                size: o.size,
                time_ms: o.time_ms,
                error: o.error.clone(),
                ece: None,
                entry_point_id: None,
            }
        }));
    }
    out.sort_by_key(|r| (r.started_ms.is_none(), r.started_ms, r.har, r.index));
    out
}

fn ece_row(h: usize, input: usize, c: &EceCall) -> RequestRow {
    let mime = c
        .response_mime
        .as_deref()
        .map(|m| {
            m.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|m| !m.is_empty());
    RequestRow {
        har: h,
        input,
        index: c.index,
        started_ms: c.started_ms,
        method: c.method.clone(),
        url: c.url.clone(),
        status: (c.status != 0 || c.error.is_none()).then_some(i64::from(c.status)),
        kind: RequestType::of(mime.as_deref(), &c.path),
        mime,
        size: c.size,
        time_ms: c.time_ms,
        error: c.error.clone(),
        ece: Some(c.kind.label()),
        entry_point_id: c.entry_point_id.clone(),
    }
}

/// The input capture `h` (of the report's `har`) is in, and how many captures of that input
/// come before it (an input may hold more than one HAR).
pub fn har_place(har: &[HarView], h: usize) -> Option<(usize, usize)> {
    let input = har.get(h)?.input;
    Some((input, har[..h].iter().filter(|v| v.input == input).count()))
}

/// A column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortBy {
    /// Start time (the waterfall's order).
    #[default]
    Start,
    Method,
    Url,
    Status,
    Type,
    Size,
    Time,
}

/// Which requests to list, and in which order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestFilter {
    /// The search box's text (see `query`).
    pub search: String,
    /// 1–5: only statuses of that hundred; 0: only requests without an answer.
    pub status_class: Option<u8>,
    pub kind: Option<RequestType>,
    pub ece_only: bool,
    pub failed_only: bool,
    pub sort: SortBy,
    pub descending: bool,
}

/// Part of the filtered, sorted list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestPage {
    /// Requests in all captures.
    pub total: usize,
    /// Requests the filter keeps.
    pub matched: usize,
    /// The position of `rows[0]` in the filtered list.
    pub first: usize,
    pub rows: Vec<RequestRow>,
    /// The waterfall's scale: the first start and the last end over every request (ms).
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
}

/// Most rows one page holds (the list asks for the rows it draws).
pub const MAX_PAGE: usize = 1_000;

/// The positions (in `rows`) the filter keeps, in its order.
pub fn select(rows: &[RequestRow], f: &RequestFilter) -> Vec<usize> {
    let q = SearchQuery::parse(&f.search);
    let mut keep: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            let r = &rows[i];
            f.status_class.is_none_or(|c| match c {
                0 => r.status.is_none_or(|s| s == 0),
                c => r.status.is_some_and(|s| s / 100 == i64::from(c)),
            }) && f.kind.is_none_or(|k| r.kind == k)
                && (!f.ece_only || r.ece.is_some())
                && (!f.failed_only || r.failed())
                && (q.is_empty() || r.matches(&q))
        })
        .collect();
    let key = |i: &usize| -> (Option<i64>, String) {
        let r = &rows[*i];
        match f.sort {
            SortBy::Start => (r.started_ms, String::new()),
            SortBy::Method => (None, r.method.clone()),
            SortBy::Url => (None, r.url.clone()),
            SortBy::Status => (r.status, String::new()),
            SortBy::Type => (None, r.kind.name().to_string()),
            SortBy::Size => (r.size.map(|s| s as i64), String::new()),
            SortBy::Time => (r.time_ms.map(|t| (t * 1000.0) as i64), String::new()),
        }
    };
    if f.sort != SortBy::Start {
        // Stable: equal keys keep the time order.
        keep.sort_by_cached_key(key);
    }
    if f.descending {
        keep.reverse();
    }
    keep
}

/// Rows `first..end` of the filtered list (at most [`MAX_PAGE`]), with the counts and scale.
pub fn page(rows: &[RequestRow], f: &RequestFilter, first: usize, end: usize) -> RequestPage {
    page_of(rows, &select(rows, f), first, end)
}

/// [`page`] over a selection already made.
pub fn page_of(rows: &[RequestRow], keep: &[usize], first: usize, end: usize) -> RequestPage {
    let first = first.min(keep.len());
    let end = end.min(keep.len()).min(first + MAX_PAGE).max(first);
    let start_ms = rows.iter().filter_map(|r| r.started_ms).min();
    let end_ms = rows
        .iter()
        .filter_map(|r| Some(r.started_ms? + r.time_ms.unwrap_or(0.0).max(0.0) as i64))
        .max();
    RequestPage {
        total: rows.len(),
        matched: keep.len(),
        first,
        rows: keep[first..end].iter().map(|&i| rows[i].clone()).collect(),
        start_ms,
        end_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::model::Input;

    fn sample(name: &str) -> Vec<RequestRow> {
        let text = std::fs::read_to_string(format!("samples/har/{name}")).unwrap();
        rows(&analyze(&[Input::new(name, text)]).har)
    }

    #[test]
    fn every_entry_of_a_real_capture_is_a_row_in_time_order() {
        let rows = sample("harviewer-www-cnn-com.har");
        let text = std::fs::read_to_string("samples/har/harviewer-www-cnn-com.har").unwrap();
        let v: serde_json::Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let entries = v["log"]["entries"].as_array().unwrap();
        assert_eq!(rows.len(), entries.len());
        assert!(rows
            .windows(2)
            .all(|w| w[0].started_ms <= w[1].started_ms || w[1].started_ms.is_none()));
        // Each row says what its entry says.
        for r in &rows {
            let e = &entries[r.index];
            assert_eq!(r.method, e["request"]["method"].as_str().unwrap());
            assert_eq!(r.status, e["response"]["status"].as_i64());
            assert_eq!(r.size, e["response"]["content"]["size"].as_u64());
        }
        assert!(rows.iter().any(|r| r.kind == RequestType::Image));
        assert!(rows.iter().any(|r| r.kind == RequestType::Script));
    }

    /// The timeline of a HAR alone says each request's UTC time and what it got.
    #[test]
    fn a_row_reads_as_a_timeline_line() {
        let rows = sample("harviewer-www-cnn-com.har");
        let text = std::fs::read_to_string("samples/har/harviewer-www-cnn-com.har").unwrap();
        let v: serde_json::Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let r = &rows[0];
        let started = v["log"]["entries"][r.index]["startedDateTime"]
            .as_str()
            .unwrap();
        let ms = crate::har::reader::parse_iso8601_ms(started).unwrap();
        assert_eq!(r.started_ms, Some(ms));
        let shown = r.started_utc().unwrap();
        assert!(shown.ends_with(" UTC") && shown.len() == 27, "{shown}");
        let line = r.timeline_text();
        assert!(
            line.starts_with(&format!("{} {} → {}", r.method, r.url, r.status.unwrap())),
            "{line}"
        );
        let failed = RequestRow {
            status: Some(0),
            error: Some("net::ERR_FAILED".into()),
            ..r.clone()
        };
        assert!(failed
            .timeline_text()
            .contains("→ no answer (net::ERR_FAILED)"));
    }

    #[test]
    fn filters_sort_and_pages() {
        let rows = sample("harviewer-www-cnn-com.har");
        let images = page(
            &rows,
            &RequestFilter {
                kind: Some(RequestType::Image),
                ..Default::default()
            },
            0,
            10_000,
        );
        assert!(images.matched > 0 && images.matched < rows.len());
        assert!(images.rows.iter().all(|r| r.kind == RequestType::Image));
        let by_size = page(
            &rows,
            &RequestFilter {
                sort: SortBy::Size,
                descending: true,
                ..Default::default()
            },
            0,
            10_000,
        );
        assert!(by_size
            .rows
            .windows(2)
            .all(|w| w[0].size.unwrap_or(0) >= w[1].size.unwrap_or(0)));
        let part = page(&rows, &RequestFilter::default(), 5, 8);
        assert_eq!(part.first, 5);
        assert_eq!(part.rows.len(), 3);
        assert_eq!(part.rows[0], rows[5]);
        let searched = page(
            &rows,
            &RequestFilter {
                search: "method:GET .css".into(),
                ..Default::default()
            },
            0,
            10_000,
        );
        assert!(searched.matched > 0);
        assert!(searched.rows.iter().all(|r| r.url.contains(".css")));
    }

    #[test]
    fn failed_requests_are_told_by_status_or_error() {
        let rows = sample("mswjs-response-error.har");
        let failed = page(
            &rows,
            &RequestFilter {
                failed_only: true,
                ..Default::default()
            },
            0,
            100,
        );
        assert!(failed.matched > 0, "{rows:?}");
        assert!(failed.rows.iter().all(RequestRow::failed));
    }

    #[test]
    fn ece_calls_are_rows_with_their_kind() {
        use crate::har::fixtures;
        let har = fixtures::har(fixtures::template_and_initialize(0)).to_string();
        let rows = rows(&analyze(&[Input::new("c.har", har)]).har);
        assert_eq!(rows.len(), 2);
        let init = rows.iter().find(|r| r.ece.as_deref() == Some("initialize"));
        let init = init.expect("the initialize call is a row");
        assert_eq!(init.entry_point_id.as_deref(), Some("1001"));
        assert_eq!(init.status, Some(200));
        assert_eq!(init.kind, RequestType::Xhr);
        assert!(init.size.is_some_and(|s| s > 100), "{init:?}");
    }

    #[test]
    fn types_from_mime_or_extension() {
        assert_eq!(
            RequestType::of(Some("application/json"), "/x"),
            RequestType::Xhr
        );
        assert_eq!(RequestType::of(None, "/a/b.woff2?v=1"), RequestType::Font);
        assert_eq!(
            RequestType::of(Some("text/html"), "/x.js"),
            RequestType::Document
        );
        assert_eq!(RequestType::of(None, "/x"), RequestType::Other);
    }
}
