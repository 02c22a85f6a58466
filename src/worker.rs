//! The analysis web worker: big inputs are analysed off the page's main thread, with progress and a
//! real Cancel (the worker is terminated).
//!
//! Protocol: the worker posts `Ready` once its wasm has loaded; the page then posts a request (a
//! plain JS object whose texts are JS strings or the browser's `File`s, see `Request`); the worker
//! answers `Progress`…, `Events`… then `Done` (`Reply` as JSON in UTF-8 bytes, transferred; the
//! report's own serde model).
//!
//! The worker keeps the inputs it read and the full report of the last request, and answers the
//! page's `Query`s about them: source lines, an export (by default of the sanitized inputs'
//! report, what a link's recipient sees; the raw report on explicit request), the sanitizing
//! plan and a share link. The page itself gets a lighter copy of the report (see `run_worker`), so that no
//! message takes it long to decode and it holds less memory.

use crate::analysis::Overrides;
use crate::analysis::{self, Progress};
use crate::intake::{self, Limits};
use crate::model::{Encoding, Input};
use crate::report::{Report, ReportEvent};
use crate::sanitize::Redaction;
use crate::share::{self, ExportFormat};
use crate::source_lines::{self, SourceLine};
use crate::ui::{Content, PageInput};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent, Worker};

/// The worker's bootstrap next to index.html; relative, so the page works under any sub-path.
pub const BOOT: &str = "./worker-boot.js";

/// True when this wasm runs inside a dedicated worker rather than the page.
pub fn in_worker() -> bool {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .is_ok()
}

/// The URL of the worker with the page's own JS and wasm file names (read from Trunk's preload links).
fn boot_url() -> Result<String, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let href = |sel: &str| -> Option<String> {
        doc.query_selector(sel)
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlLinkElement>()
            .ok()
            .map(|l| l.href())
    };
    let js = href("link[rel=modulepreload]").ok_or("the page's script link is missing")?;
    let wasm = href("link[rel=preload][as=fetch]").ok_or("the page's wasm link is missing")?;
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    Ok(format!("{BOOT}?js={}&wasm={}", enc(&js), enc(&wasm)))
}

/// Events per `Reply::Events` message: small enough to decode in well under 100 ms on the page.
pub const EVENT_CHUNK: usize = 2_500;

/// Redactions listed in a `Reply::Plan` (the page shows this many; the total is counted).
pub const PLAN_SHOWN: usize = 200;

/// What the page asks: analyse these inputs (generation `id`, so stale answers are ignored).
///
/// Sent as a plain JS object `{id, overrides, names, texts, encodings, skipped}` whose texts are JS
/// strings or `File`s: JSON-escaping 100 MB of logs, or even turning them into a Rust string, on
/// the page's thread would itself be a long task. The worker reads a `File`'s bytes itself
/// (`FileReaderSync`) and opens them with `intake::open`, as the page and the CLI do (an archive
/// becomes its members); a text comes with the encoding the page's `intake` found.
#[derive(Debug, Clone)]
pub struct Request {
    pub id: u64,
    pub inputs: Vec<Input>,
    pub overrides: Overrides,
}

impl Request {
    /// The message for `inputs` (borrowed: a big input's text is not copied in Rust first).
    fn to_js(id: u64, inputs: &[PageInput], overrides: &Overrides) -> JsValue {
        let obj = js_sys::Object::new();
        let names = js_sys::Array::new();
        let texts = js_sys::Array::new();
        let encodings = js_sys::Array::new();
        let skipped = js_sys::Array::new();
        for i in inputs {
            names.push(&JsValue::from_str(&i.name));
            texts.push(&match &i.content {
                Content::Text(t) => JsValue::from_str(t),
                Content::File(b) => b.into(),
                Content::Js(s) => s.into(),
            });
            encodings.push(&JsValue::from_str(i.encoding.as_str()));
            skipped.push(
                &i.skipped
                    .as_deref()
                    .map_or(JsValue::NULL, JsValue::from_str),
            );
        }
        let overrides = serde_json::to_string(overrides).unwrap_or_default();
        let _ = js_sys::Reflect::set(&obj, &"id".into(), &JsValue::from_f64(id as f64));
        let _ = js_sys::Reflect::set(&obj, &"overrides".into(), &JsValue::from_str(&overrides));
        let _ = js_sys::Reflect::set(&obj, &"names".into(), &names);
        let _ = js_sys::Reflect::set(&obj, &"texts".into(), &texts);
        let _ = js_sys::Reflect::set(&obj, &"encodings".into(), &encodings);
        let _ = js_sys::Reflect::set(&obj, &"skipped".into(), &skipped);
        obj.into()
    }

    /// Worker side: the request, with every `File` read (telling `progress` before each); why
    /// not, when a file cannot be read.
    fn from_js(v: &JsValue, progress: &mut dyn FnMut(Progress)) -> Result<Request, String> {
        Self::read_js(v, progress)
            .unwrap_or_else(|| Err("the analysis worker got a request it cannot read".into()))
    }

    fn read_js(v: &JsValue, progress: &mut dyn FnMut(Progress)) -> Option<Result<Request, String>> {
        let get = |k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
        let id = get("id")?.as_f64()? as u64;
        let overrides = serde_json::from_str(&get("overrides")?.as_string()?).ok()?;
        let names: js_sys::Array = get("names")?.dyn_into().ok()?;
        let texts: js_sys::Array = get("texts")?.dyn_into().ok()?;
        let encodings: Option<js_sys::Array> = get("encodings").and_then(|v| v.dyn_into().ok());
        let skipped: Option<js_sys::Array> = get("skipped").and_then(|v| v.dyn_into().ok());
        let size = |t: &JsValue| match t.dyn_ref::<Blob>() {
            Some(b) => b.size() as usize,
            None => t
                .dyn_ref::<js_sys::JsString>()
                .map_or(0, |s| s.length() as usize),
        };
        let total_bytes = texts.iter().map(|t| size(&t)).sum();
        let mut done_bytes = 0;
        let mut inputs = Vec::with_capacity(texts.length() as usize);
        for i in 0..texts.length() {
            let name = names.get(i).as_string().unwrap_or_default();
            let text = texts.get(i);
            match text.dyn_ref::<Blob>() {
                Some(blob) => {
                    progress(Progress {
                        done_bytes,
                        total_bytes,
                        stage: format!("opening {name}"),
                    });
                    match read_blob(blob) {
                        Ok(bytes) => inputs.extend(intake::open(&name, bytes, &Limits::default())),
                        Err(why) => return Some(Err(format!("{name} could not be read ({why}). Was the file moved or changed after you chose it? Choose it again."))),
                    }
                }
                None => {
                    let encoding = encodings
                        .as_ref()
                        .and_then(|e| e.get(i).as_string())
                        .and_then(|e| serde_json::from_value(serde_json::Value::String(e)).ok())
                        .unwrap_or(Encoding::Utf8);
                    inputs.push(Input {
                        name,
                        text: text.as_string().unwrap_or_default(),
                        encoding,
                        skipped: skipped.as_ref().and_then(|s| s.get(i).as_string()),
                    });
                }
            }
            done_bytes += size(&texts.get(i));
        }
        Some(Ok(Request {
            id,
            inputs,
            overrides,
        }))
    }
}

/// A file's bytes, read synchronously (this runs in the worker): `intake` decodes them, as every
/// reader's.
fn read_blob(blob: &Blob) -> Result<Vec<u8>, String> {
    let why = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the browser gave no reason".into())
    };
    let reader = web_sys::FileReaderSync::new().map_err(why)?;
    let buffer = reader.read_as_array_buffer(blob).map_err(why)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A question about the last analysed request (`id`), answered from what the worker kept.
/// `qid` pairs the answer with the question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Query {
    /// Lines `first..=last` of input `input`.
    Lines {
        qid: u64,
        id: u64,
        input: usize,
        first: u32,
        last: u32,
    },
    /// An export as a file (`Blob`): of the report of the inputs sanitized with `overrides`
    /// (the default), or, when `overrides` is `None`, of the raw report (for JSON, what
    /// `ece-triage analyze --json` prints).
    Export {
        qid: u64,
        id: u64,
        format: ExportFormat,
        overrides: Option<Overrides>,
    },
    /// What sanitizing with these overrides would remove.
    Plan {
        qid: u64,
        id: u64,
        overrides: Overrides,
    },
    /// A share link of the sanitized inputs, on `base`.
    Share {
        qid: u64,
        id: u64,
        base: String,
        overrides: Overrides,
    },
}

impl Query {
    fn ids(&self) -> (u64, u64) {
        match self {
            Query::Lines { qid, id, .. }
            | Query::Export { qid, id, .. }
            | Query::Plan { qid, id, .. }
            | Query::Share { qid, id, .. } => (*qid, *id),
        }
    }
}

/// What the worker says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Ready,
    Progress {
        id: u64,
        progress: Progress,
    },
    /// A slice of the report's events, sent before `Done` so that no single message (and so no
    /// single task on the page's thread) has to decode hundreds of thousands of events. `total`
    /// is the number of events in all (the page makes room once instead of growing its list).
    Events {
        id: u64,
        total: usize,
        events: Vec<ReportEvent>,
    },
    /// The report; its events arrived in the `Events` messages before it.
    Done {
        id: u64,
        report: Box<Report>,
    },
    /// The request could not be analysed (a file could not be read).
    Failed {
        id: u64,
        message: String,
    },
    /// The answer to `Query::Lines`; `None` when the worker no longer holds that request.
    Lines {
        qid: u64,
        lines: Option<Vec<SourceLine>>,
    },
    /// The answer to `Query::Plan`: how many items, and the first `PLAN_SHOWN`.
    Plan {
        qid: u64,
        plan: Option<(usize, Vec<(usize, Redaction)>)>,
    },
    /// The answer to `Query::Share`.
    Share {
        qid: u64,
        link: Option<String>,
    },
}

/// An answer to a `Query`, as the page's callback gets it.
#[derive(Debug, Clone)]
pub enum Answer {
    Lines(Option<Vec<SourceLine>>),
    /// `Export`'s file.
    File(Option<Blob>),
    Plan(Option<(usize, Vec<(usize, Redaction)>)>),
    Share(Option<String>),
}

/// Posts JSON as UTF-8 bytes in a transferred buffer: the page copies them into its wasm memory
/// and parses them as they are (a JS string would be converted from UTF-8 to UTF-16 here and back
/// on the page, which was half of the page's time per message).
fn post_json(scope: &DedicatedWorkerGlobalScope, json: &[u8]) {
    let bytes = js_sys::Uint8Array::from(json);
    let _ = scope.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    if let Ok(json) = serde_json::to_vec(reply) {
        post_json(scope, &json);
    }
}

/// What the worker keeps of the last request: its inputs and the full report (and the report of
/// the sanitized inputs, once an export asked for it, with the overrides it was made with).
struct Held {
    id: u64,
    inputs: Vec<Input>,
    report: Report,
    sanitized: Option<(Overrides, Report)>,
}

/// Bytes per part of a file built in the worker (each part is copied out of wasm memory at once).
const BLOB_PART: usize = 8 * 1024 * 1024;

/// Writes into a `Blob` in parts, so a 400 MB JSON report never sits whole in wasm memory.
struct BlobWriter {
    buf: Vec<u8>,
    parts: js_sys::Array,
}

impl BlobWriter {
    fn new() -> Self {
        BlobWriter {
            buf: Vec::with_capacity(BLOB_PART),
            parts: js_sys::Array::new(),
        }
    }

    fn finish(mut self, mime: &str) -> Option<Blob> {
        std::io::Write::flush(&mut self).ok()?;
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type(mime);
        Blob::new_with_u8_array_sequence_and_options(&self.parts, &bag).ok()
    }
}

impl std::io::Write for BlobWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= BLOB_PART {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.parts.push(&js_sys::Uint8Array::from(&self.buf[..]));
            self.buf.clear();
        }
        Ok(())
    }
}

/// Analyses one request, posts the report in parts, and returns what the worker keeps.
///
/// The page gets the report without `groups` (the page shows none; 36 MB of JSON for 100 MB of
/// logs) and with the decoded `message` only on the events a ladder arrow points to (the page
/// opens only those in the byte decoder): decoding the rest would cost the page hundreds of MB and
/// long tasks. The full report stays here for the JSON export (`Query::ReportJson`).
fn analyse(scope: &DedicatedWorkerGlobalScope, req: Request) -> Held {
    let id = req.id;
    let mut report =
        analysis::analyze_with_progress(&req.inputs, &req.overrides, &mut |progress| {
            post(scope, &Reply::Progress { id, progress });
        });
    let mut wanted = vec![false; report.events.len()];
    for i in report.ladder.arrows().filter_map(|a| a.event) {
        if let Some(w) = wanted.get_mut(i) {
            *w = true;
        }
    }
    let total = report.events.len();
    let mut start = 0;
    while start < total {
        let end = (start + EVENT_CHUNK).min(report.events.len());
        let chunk = &mut report.events[start..end];
        let messages: Vec<_> = chunk
            .iter_mut()
            .zip(&wanted[start..end])
            .map(|(e, &w)| if w { None } else { e.message.take() })
            .collect();
        let mut json = format!(r#"{{"Events":{{"id":{id},"total":{total},"events":"#).into_bytes();
        if serde_json::to_writer(&mut json, &*chunk).is_ok() {
            json.extend_from_slice(b"}}");
            post_json(scope, &json);
        }
        for (e, m) in chunk.iter_mut().zip(messages) {
            if m.is_some() {
                e.message = m;
            }
        }
        start = end;
    }
    let events = std::mem::take(&mut report.events);
    let groups = std::mem::take(&mut report.groups);
    let done = Reply::Done {
        id,
        report: Box::new(report),
    };
    post(scope, &done);
    let Reply::Done { report, .. } = done else {
        unreachable!("built above")
    };
    let mut report = *report;
    report.events = events;
    report.groups = groups;
    Held {
        id,
        inputs: req.inputs,
        report,
        sanitized: None,
    }
}

/// Answers one query from what the worker holds.
fn answer(scope: &DedicatedWorkerGlobalScope, held: Option<&mut Held>, q: Query) {
    let (qid, id) = q.ids();
    let held = held.filter(|h| h.id == id);
    match q {
        Query::Lines {
            input, first, last, ..
        } => {
            let lines = held
                .and_then(|h| h.inputs.get(input))
                .map(|i| source_lines::lines_between(&i.text, first, last));
            post(scope, &Reply::Lines { qid, lines });
        }
        Query::Export {
            format, overrides, ..
        } => {
            let blob = held.and_then(|h| {
                let report = match overrides {
                    None => &h.report,
                    Some(o) => {
                        if h.sanitized.as_ref().is_none_or(|(was, _)| *was != o) {
                            h.sanitized = None;
                            let r = share::sanitized_report(&h.inputs, &o);
                            h.sanitized = Some((o, r));
                        }
                        &h.sanitized.as_ref()?.1
                    }
                };
                let mut w = BlobWriter::new();
                match format {
                    ExportFormat::Json => serde_json::to_writer_pretty(&mut w, report).ok()?,
                    f => std::io::Write::write_all(&mut w, f.render(report).as_bytes()).ok()?,
                }
                w.finish(format.mime())
            });
            let obj = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&obj, &"qid".into(), &JsValue::from_f64(qid as f64));
            let _ = js_sys::Reflect::set(
                &obj,
                &"blob".into(),
                &blob.map(JsValue::from).unwrap_or(JsValue::NULL),
            );
            let _ = scope.post_message(&obj);
        }
        Query::Plan { overrides, .. } => {
            let plan = held.map(|h| {
                let opts = overrides.sanitize_options();
                let mut total = 0;
                let mut shown = Vec::new();
                for (i, input) in h.inputs.iter().enumerate() {
                    let found = crate::sanitize::sanitize_for_sharing(&input.text, &opts).1;
                    total += found.len();
                    let room = PLAN_SHOWN.saturating_sub(shown.len());
                    shown.extend(found.into_iter().take(room).map(|r| (i, r)));
                }
                (total, shown)
            });
            post(scope, &Reply::Plan { qid, plan });
        }
        Query::Share {
            base, overrides, ..
        } => {
            let link =
                held.map(|h| share::link(&base, &share::sanitized_state(&h.inputs, &overrides)));
            post(scope, &Reply::Share { qid, link });
        }
    }
}

/// Worker side: answer every request and query; called from the worker binary's `main`.
pub fn run_worker() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let s = scope.clone();
    let held: RefCell<Option<Held>> = RefCell::new(None);
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if let Some(text) = data.as_string() {
            if let Ok(q) = serde_json::from_str::<Query>(&text) {
                answer(&s, held.borrow_mut().as_mut(), q);
            }
            return;
        }
        // A new request: what was kept of the previous one goes first (memory).
        held.borrow_mut().take();
        let id = js_sys::Reflect::get(&data, &"id".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or_default() as u64;
        let mut opening = |progress: Progress| post(&s, &Reply::Progress { id, progress });
        match Request::from_js(&data, &mut opening) {
            Ok(req) => *held.borrow_mut() = Some(analyse(&s, req)),
            Err(message) => post(&s, &Reply::Failed { id, message }),
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &Reply::Ready);
}

type Pending = Rc<RefCell<HashMap<u64, Box<dyn FnOnce(Answer)>>>>;

/// Page side: one worker, started on first use, terminated by `cancel`.
pub struct AnalysisWorker {
    worker: Worker,
    ready: Rc<RefCell<bool>>,
    queued: Rc<RefCell<Vec<JsValue>>>,
    pending: Pending,
    next_qid: RefCell<u64>,
    _onmessage: Closure<dyn Fn(MessageEvent)>,
    _onerror: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl AnalysisWorker {
    /// Starts the worker; `on_reply` gets its progress and reports, `on_error` a message if it fails.
    pub fn start(
        on_reply: impl Fn(Reply) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<Self, String> {
        let url = boot_url().map_err(|e| format!("the analysis worker could not start: {e}"))?;
        let on_reply = Rc::new(on_reply);
        // Under the page's CSP: it can reach nothing but the page's own origin.
        let worker = crate::worker_policy::start(&url)
            .map_err(|e| format!("the analysis worker could not start: {e}"))?;
        let ready = Rc::new(RefCell::new(false));
        let queued: Rc<RefCell<Vec<JsValue>>> = Rc::new(RefCell::new(Vec::new()));
        let pending: Pending = Rc::new(RefCell::new(HashMap::new()));
        // Events of the report being received: (request id, events so far).
        let arriving: Rc<RefCell<(u64, Vec<ReportEvent>)>> = Rc::new(RefCell::new((0, Vec::new())));
        let onmessage = {
            let ready = ready.clone();
            let queued = queued.clone();
            let pending = pending.clone();
            let arriving = arriving.clone();
            let w = worker.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                let settle = |qid: u64, a: Answer| {
                    let callback = pending.borrow_mut().remove(&qid);
                    if let Some(callback) = callback {
                        callback(a);
                    }
                };
                let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() else {
                    // `{qid, blob}`: a file built by the worker.
                    let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
                    if let Some(qid) = get("qid").and_then(|v| v.as_f64()) {
                        let blob = get("blob").and_then(|b| b.dyn_into::<Blob>().ok());
                        settle(qid as u64, Answer::File(blob));
                    }
                    return;
                };
                match serde_json::from_slice::<Reply>(&bytes.to_vec()) {
                    Ok(Reply::Ready) => {
                        *ready.borrow_mut() = true;
                        for msg in queued.borrow_mut().drain(..) {
                            let _ = w.post_message(&msg);
                        }
                    }
                    Ok(Reply::Events {
                        id,
                        total,
                        mut events,
                    }) => {
                        let mut a = arriving.borrow_mut();
                        if a.0 != id {
                            *a = (id, Vec::with_capacity(total));
                        }
                        a.1.append(&mut events);
                    }
                    Ok(Reply::Done { id, mut report }) => {
                        let mut a = arriving.borrow_mut();
                        if a.0 == id {
                            report.events = std::mem::take(&mut a.1);
                        }
                        drop(a);
                        // Rendered in a task of its own: decoding the report and drawing it
                        // in one task came near 100 ms with 100 MB of logs.
                        let on_reply = on_reply.clone();
                        gloo_timers::callback::Timeout::new(0, move || {
                            on_reply(Reply::Done { id, report })
                        })
                        .forget();
                    }
                    Ok(Reply::Lines { qid, lines }) => settle(qid, Answer::Lines(lines)),
                    Ok(Reply::Plan { qid, plan }) => settle(qid, Answer::Plan(plan)),
                    Ok(Reply::Share { qid, link }) => settle(qid, Answer::Share(link)),
                    Ok(reply) => on_reply(reply),
                    Err(_) => {}
                }
            })
        };
        let onerror = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
            on_error(format!("the analysis worker failed: {}", e.message()));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(AnalysisWorker {
            worker,
            ready,
            queued,
            pending,
            next_qid: RefCell::new(0),
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    fn post(&self, msg: JsValue) {
        if *self.ready.borrow() {
            let _ = self.worker.post_message(&msg);
        } else {
            self.queued.borrow_mut().push(msg);
        }
    }

    /// Sends a request (queued until the worker has loaded; a newer request replaces a queued one).
    pub fn send(&self, id: u64, inputs: &[PageInput], overrides: &Overrides) {
        self.queued.borrow_mut().clear();
        self.post(Request::to_js(id, inputs, overrides));
    }

    /// Asks about the last request; `make` builds the query from its `qid`. `on_answer` is called
    /// once, when the worker answers (never if the worker is terminated first).
    pub fn ask(&self, make: impl FnOnce(u64) -> Query, on_answer: impl FnOnce(Answer) + 'static) {
        let qid = {
            let mut n = self.next_qid.borrow_mut();
            *n += 1;
            *n
        };
        let Ok(text) = serde_json::to_string(&make(qid)) else {
            return;
        };
        self.pending.borrow_mut().insert(qid, Box::new(on_answer));
        self.post(JsValue::from_str(&text));
    }
}

impl Drop for AnalysisWorker {
    /// Terminates the worker at once, even mid-analysis.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
