//! The analysis web worker: big inputs are analysed off the page's main thread, with progress and a
//! real Cancel (the worker is terminated).
//!
//! Protocol: the worker posts `Ready` once its wasm has loaded; the page then posts a request (a
//! plain JS object whose texts are JS strings or the browser's `File`s, see `Request`); the worker
//! answers `Progress`…, `Arrows`… then `Done` (`Reply` as JSON in UTF-8 bytes, transferred; the
//! report's own serde model).
//!
//! The worker keeps the compact analysis of the last request and where its inputs are read again
//! from (the texts themselves are freed once analysed), and answers the page's `Query`s: the
//! timeline rows the page draws, source lines, an export (by default of the sanitized inputs'
//! report, what a link's recipient sees; the raw report on explicit request), the sanitizing
//! plan, a share link and a comparison. The page itself gets a lighter copy of the report (see
//! `analyse`), so that no message takes it long to decode and it holds less memory.

use crate::analysis::{self, Analysis, Overrides, Progress};
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

/// Most events one `Query::Rows` returns (the timeline asks for the rows it draws: a few dozen).
pub const MAX_ROWS: usize = 1_000;

/// Ladder-arrow events per `Reply::Arrows` message (each with its decoded message, a few KB):
/// small enough to decode in a few ms on the page.
pub const ARROW_CHUNK: usize = 25;

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
    /// For each input, the page's input it came from (an archive the worker opens is one input
    /// on the page and its members here): the compare's sides go by the page's inputs.
    pub origins: Vec<usize>,
    pub overrides: Overrides,
    /// The page's inputs as it sent them: read again when the page asks for source lines, an
    /// export, a share link or a comparison, so that the texts need not stay in the worker's
    /// memory.
    pub sources: Sources,
}

/// The page's inputs as the request carried them (`File`s, JS strings, with the names,
/// encodings and skip reasons the page gave).
#[derive(Debug, Clone)]
pub struct Sources {
    names: Vec<String>,
    texts: js_sys::Array,
    encodings: Vec<Encoding>,
    skipped: Vec<Option<String>>,
}

impl Sources {
    fn len(&self) -> usize {
        self.names.len()
    }

    /// The inputs page input `o` holds: a `File`'s bytes opened by `intake` (an archive's
    /// members), a text as the page sent it; why not, when a file cannot be read.
    fn read(&self, o: usize) -> Result<Vec<Input>, String> {
        let name = self.names.get(o).cloned().unwrap_or_default();
        let v = self.texts.get(u32::try_from(o).unwrap_or(u32::MAX));
        match v.dyn_ref::<Blob>() {
            Some(blob) => Ok(intake::open(&name, read_blob(blob)?, &Limits::default())),
            None => Ok(vec![Input {
                name,
                text: v.as_string().unwrap_or_default(),
                encoding: self.encodings.get(o).copied().unwrap_or(Encoding::Utf8),
                skipped: self.skipped.get(o).cloned().flatten(),
            }]),
        }
    }
}

/// Most bytes of input the worker takes. A wasm32 memory holds at most 4 GiB and never
/// shrinks; the analysis needs the text and, at its peak, about as much again for the events
/// (see `fits`). Larger inputs are refused before they are read.
pub const MAX_BYTES: usize = 1536 * 1024 * 1024;

/// Memory the worker may plan to use: the 4 GiB a wasm32 memory can hold, less room for the
/// page's reply buffers and the allocator.
const MEMORY_BUDGET: u64 = 3 * 1024 * 1024 * 1024 + 512 * 1024 * 1024;

/// Memory an event takes, with its share of the analysis (measured: 100 MiB of logs, 583,000
/// lines, about 90 MB besides the text; a line becomes at most one event).
const BYTES_PER_LINE: u64 = 160;

/// Whether inputs of these texts fit the worker's memory: the texts and about
/// `BYTES_PER_LINE` per line (lines counted in the first 64 KiB of each and scaled).
pub fn fits(texts: &[&str]) -> bool {
    let need: u64 = texts
        .iter()
        .map(|t| t.len() as u64 + BYTES_PER_LINE * estimate_lines(t) as u64)
        .sum();
    need <= MEMORY_BUDGET
}

/// About how many lines `text` has: those of its first 64 KiB, scaled to its length.
fn estimate_lines(text: &str) -> usize {
    const SAMPLE: usize = 64 * 1024;
    let b = text.as_bytes();
    let sample = &b[..b.len().min(SAMPLE)];
    let n = memchr::memchr_iter(b'\n', sample).count() + 1;
    if sample.len() == b.len() {
        return n;
    }
    (b.len() as u64 * n as u64 / sample.len() as u64) as usize
}

/// What the page says when inputs are too big for the worker (the sizes in MB).
pub fn too_big(total_bytes: usize) -> String {
    format!(
        "These inputs are {:.0} MB: more than this page can analyse (about {} MB of logs: the \
         analysis runs in the browser's memory, which holds at most 4 GiB, and needs about twice \
         the text). Split the file, or keep only the time window you need (grep or lnav can \
         filter by time), and add the parts that matter. `ece-triage analyze` on the command \
         line has no such limit.",
        total_bytes as f64 / 1e6,
        MAX_BYTES / 1_000_000
    )
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
    /// not, when a file cannot be read or the inputs are too big.
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
        let n = texts.length();
        let sources = Sources {
            names: (0..n)
                .map(|i| names.get(i).as_string().unwrap_or_default())
                .collect(),
            encodings: (0..n)
                .map(|i| {
                    encodings
                        .as_ref()
                        .and_then(|e| e.get(i).as_string())
                        .and_then(|e| serde_json::from_value(serde_json::Value::String(e)).ok())
                        .unwrap_or(Encoding::Utf8)
                })
                .collect(),
            skipped: (0..n)
                .map(|i| skipped.as_ref().and_then(|s| s.get(i).as_string()))
                .collect(),
            texts,
        };
        let size = |t: &JsValue| match t.dyn_ref::<Blob>() {
            Some(b) => b.size() as usize,
            None => t
                .dyn_ref::<js_sys::JsString>()
                .map_or(0, |s| s.length() as usize),
        };
        let total_bytes: usize = sources.texts.iter().map(|t| size(&t)).sum();
        // Refused before anything is read (reading alone could exhaust the memory).
        if total_bytes > MAX_BYTES {
            return Some(Err(too_big(total_bytes)));
        }
        let mut done_bytes = 0;
        let mut inputs = Vec::with_capacity(sources.len());
        let mut origins = Vec::with_capacity(sources.len());
        for o in 0..sources.len() {
            let text = sources.texts.get(o as u32);
            if text.dyn_ref::<Blob>().is_some() {
                progress(Progress {
                    done_bytes,
                    total_bytes,
                    stage: format!("opening {}", sources.names[o]),
                });
            }
            match sources.read(o) {
                Ok(read) => inputs.extend(read),
                Err(why) => return Some(Err(format!("{} could not be read ({why}). Was the file moved or changed after you chose it? Choose it again.", sources.names[o]))),
            }
            done_bytes += size(&text);
            origins.resize(inputs.len(), o);
        }
        // Refused before the analysis starts when its events would not fit (an archive may
        // hold far more than its own size).
        let all: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
        if !fits(&all) {
            let read: usize = all.iter().map(|t| t.len()).sum();
            return Some(Err(too_big(read.max(total_bytes))));
        }
        drop(all);
        Some(Ok(Request {
            id,
            inputs,
            origins,
            overrides,
            sources,
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
    /// The report's events `first..end` (at most `MAX_ROWS`), without their decoded messages:
    /// the rows the timeline draws.
    Rows {
        qid: u64,
        id: u64,
        first: usize,
        end: usize,
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
    /// The held inputs compared by the sides in `overrides.compare` (each side analysed here);
    /// `sanitized`: the sanitized inputs, for an export.
    Compare {
        qid: u64,
        id: u64,
        overrides: Overrides,
        sanitized: bool,
    },
}

impl Query {
    fn ids(&self) -> (u64, u64) {
        match self {
            Query::Lines { qid, id, .. }
            | Query::Rows { qid, id, .. }
            | Query::Export { qid, id, .. }
            | Query::Plan { qid, id, .. }
            | Query::Share { qid, id, .. }
            | Query::Compare { qid, id, .. } => (*qid, *id),
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
    /// Some of the events the ladder's arrows open (with their decoded messages), sent before
    /// `Done` in small parts, so that no message takes the page's thread long to decode.
    Arrows {
        id: u64,
        arrows: Vec<(usize, ReportEvent)>,
    },
    /// The report without its events (and groups, which the page does not show): the page asks
    /// for the events it draws (`Query::Rows`). `total` is how many there are; `arrows` the
    /// events the ladder's arrows open, with their decoded messages (the worker sends them in
    /// `Arrows` messages; the page gathers them here).
    Done {
        id: u64,
        report: Box<Report>,
        total: usize,
        arrows: Vec<(usize, ReportEvent)>,
    },
    /// The request could not be analysed (a file could not be read, the inputs are too big).
    Failed {
        id: u64,
        message: String,
    },
    /// The answer to `Query::Lines`; `None` when the worker no longer holds that request.
    Lines {
        qid: u64,
        lines: Option<Vec<SourceLine>>,
    },
    /// The answer to `Query::Rows`; `None` when the worker no longer holds that request.
    Rows {
        qid: u64,
        rows: Option<Vec<ReportEvent>>,
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
    /// The answer to `Query::Compare`; `None` when the worker no longer holds that request.
    Compare {
        qid: u64,
        comparison: Option<Box<crate::compare::Comparison>>,
    },
}

/// An answer to a `Query`, as the page's callback gets it.
#[derive(Debug, Clone)]
pub enum Answer {
    Lines(Option<Vec<SourceLine>>),
    Rows(Option<Vec<ReportEvent>>),
    /// `Export`'s file.
    File(Option<Blob>),
    Plan(Option<(usize, Vec<(usize, Redaction)>)>),
    Share(Option<String>),
    Compare(Option<Box<crate::compare::Comparison>>),
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

/// What the worker keeps of the last request: its analysis (and the analysis of the sanitized
/// inputs, once an export asked for it, with the overrides it was made with), and where its
/// inputs are read again from (the texts themselves are freed once analysed).
struct Held {
    id: u64,
    sources: Sources,
    /// The page's input each analysed input came from (ascending).
    origins: Vec<usize>,
    analysis: Analysis,
    sanitized: Option<(Overrides, Analysis)>,
}

impl Held {
    /// The analysed inputs page input `o` gave, read again from the `File` or string the page
    /// sent (the worker does not keep them: for a big file that would be its size again in the
    /// worker's memory). As many as the analysis had: a file that no longer reads gives empty
    /// texts under the analysed names.
    fn inputs_of(&self, o: usize) -> Vec<Input> {
        let first = self.origins.partition_point(|&x| x < o);
        let end = self.origins.partition_point(|&x| x <= o);
        let mut read = self.sources.read(o).unwrap_or_default();
        read.truncate(end - first);
        for i in first + read.len()..end {
            let name = self.analysis.inputs.get(i).map(|s| s.name.clone());
            read.push(Input::new(name.unwrap_or_default(), ""));
        }
        read
    }

    /// Analysed input `i`, read again.
    fn input(&self, i: usize) -> Option<Input> {
        let o = *self.origins.get(i)?;
        let first = self.origins.partition_point(|&x| x < o);
        self.inputs_of(o).into_iter().nth(i - first)
    }

    /// Every analysed input, read again (each page input once), in order, to `f(i, input)`.
    fn each_input(&self, mut f: impl FnMut(usize, Input)) {
        let mut i = 0;
        for o in 0..self.sources.len() {
            if self.origins.binary_search(&o).is_err() {
                continue;
            }
            for input in self.inputs_of(o) {
                f(i, input);
                i += 1;
            }
        }
    }

    /// The analysis of the inputs sanitized with `overrides`: what `share::sanitized_report`
    /// gives, each text sanitized as it is read again and freed once analysed.
    fn sanitized_analysis(&self, overrides: &Overrides) -> Analysis {
        let opts = overrides.sanitize_options();
        let mut inputs = Vec::with_capacity(self.origins.len());
        self.each_input(|_, i| inputs.push(share::sanitized_input(&i, &opts)));
        analysis::analysis_freeing(&mut inputs, overrides, &mut |_| {})
    }
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

/// Analyses one request, posts the report, and returns what the worker keeps.
///
/// The page gets the report without its events, groups and agent histories (`page_report`): it
/// asks for the events it draws
/// (`Query::Rows`), and gets with the report only those a ladder arrow opens (with their decoded
/// messages, for the byte decoder). Sending every event (563,827 for 100 MiB of logs) cost the
/// worker seconds making them and the page hundreds of MB and long tasks decoding them. The
/// analysis stays here for the rows, the exports (`Query::Export`) and the rest.
fn analyse(scope: &DedicatedWorkerGlobalScope, req: Request) -> Held {
    let id = req.id;
    let mut inputs = req.inputs;
    let analysis = analysis::analysis_freeing(&mut inputs, &req.overrides, &mut |progress| {
        post(scope, &Reply::Progress { id, progress });
    });
    drop(inputs);
    let mut wanted: Vec<usize> = analysis.ladder.arrows().filter_map(|a| a.event).collect();
    wanted.sort_unstable();
    wanted.dedup();
    for part in wanted.chunks(ARROW_CHUNK) {
        let arrows = part
            .iter()
            .filter_map(|&i| Some((i, analysis.report_event(i)?)))
            .collect();
        post(scope, &Reply::Arrows { id, arrows });
    }
    post(
        scope,
        &Reply::Done {
            id,
            report: Box::new(analysis.page_report()),
            total: analysis.events_len(),
            arrows: Vec::new(),
        },
    );
    Held {
        id,
        sources: req.sources,
        origins: req.origins,
        analysis,
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
                .and_then(|h| h.input(input))
                .map(|i| source_lines::lines_between(&i.text, first, last));
            post(scope, &Reply::Lines { qid, lines });
        }
        Query::Rows { first, end, .. } => {
            let rows = held.map(|h| {
                let end = end
                    .min(h.analysis.events_len())
                    .min(first.saturating_add(MAX_ROWS));
                (first..end)
                    .filter_map(|i| h.analysis.report_event_with(i, false))
                    .collect()
            });
            post(scope, &Reply::Rows { qid, rows });
        }
        Query::Export {
            format, overrides, ..
        } => {
            let blob = held.and_then(|h| {
                let analysis = match overrides {
                    None => &h.analysis,
                    Some(o) => {
                        if h.sanitized.as_ref().is_none_or(|(was, _)| *was != o) {
                            h.sanitized = None;
                            let a = h.sanitized_analysis(&o);
                            h.sanitized = Some((o, a));
                        }
                        &h.sanitized.as_ref()?.1
                    }
                };
                let mut w = BlobWriter::new();
                match format {
                    // Streamed: the bytes of `serde_json::to_writer_pretty` of the report.
                    ExportFormat::Json => analysis.write_json(&mut w).ok()?,
                    // Markdown and the ladder read neither events nor groups.
                    f => std::io::Write::write_all(
                        &mut w,
                        f.render(&analysis.page_report()).as_bytes(),
                    )
                    .ok()?,
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
                h.each_input(|i, input| {
                    let found = crate::sanitize::sanitize_for_sharing(&input.text, &opts).1;
                    total += found.len();
                    let room = PLAN_SHOWN.saturating_sub(shown.len());
                    shown.extend(found.into_iter().take(room).map(|r| (i, r)));
                });
                (total, shown)
            });
            post(scope, &Reply::Plan { qid, plan });
        }
        Query::Share {
            base, overrides, ..
        } => {
            let link = held.map(|h| {
                // Each input sanitized as it is read again: the raw texts are never all held.
                let opts = overrides.sanitize_options();
                let mut inputs = Vec::with_capacity(h.origins.len());
                h.each_input(|_, i| inputs.push(share::sanitized_input(&i, &opts)));
                share::link(
                    &base,
                    &share::SharedState {
                        inputs,
                        overrides: overrides.clone(),
                    },
                )
            });
            post(scope, &Reply::Share { qid, link });
        }
        Query::Compare {
            overrides,
            sanitized,
            ..
        } => {
            let comparison = held.map(|h| {
                let sides = overrides.compare.clone().unwrap_or_default();
                // The sides go by the page's inputs; an archive's members take its side.
                let (mut b, mut a) = (Vec::new(), Vec::new());
                h.each_input(
                    |i, input| match h.origins.get(i).and_then(|&o| sides.side(o)) {
                        Some(crate::compare::Side::Before) => b.push(input),
                        Some(crate::compare::Side::After) => a.push(input),
                        None => {}
                    },
                );
                let how = if sanitized {
                    crate::compare::compare_sanitized
                } else {
                    crate::compare::compare
                };
                Box::new(how(&b, &a, sides.words, &overrides))
            });
            post(scope, &Reply::Compare { qid, comparison });
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
        // Arrow events of the report being received: (request id, events so far).
        type Arriving = Rc<RefCell<(u64, Vec<(usize, ReportEvent)>)>>;
        let arriving: Arriving = Rc::new(RefCell::new((0, Vec::new())));
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
                    Ok(Reply::Arrows { id, mut arrows }) => {
                        let mut a = arriving.borrow_mut();
                        if a.0 != id {
                            *a = (id, Vec::new());
                        }
                        a.1.append(&mut arrows);
                    }
                    Ok(Reply::Done {
                        id,
                        report,
                        total,
                        mut arrows,
                    }) => {
                        let mut a = arriving.borrow_mut();
                        if a.0 == id {
                            arrows.append(&mut a.1);
                        }
                        drop(a);
                        // Rendered in a task of its own (decoding the report and drawing it in
                        // one task came near 100 ms with 100 MB of logs).
                        let on_reply = on_reply.clone();
                        gloo_timers::callback::Timeout::new(0, move || {
                            on_reply(Reply::Done {
                                id,
                                report,
                                total,
                                arrows,
                            })
                        })
                        .forget();
                    }
                    Ok(Reply::Lines { qid, lines }) => settle(qid, Answer::Lines(lines)),
                    Ok(Reply::Rows { qid, rows }) => settle(qid, Answer::Rows(rows)),
                    Ok(Reply::Plan { qid, plan }) => settle(qid, Answer::Plan(plan)),
                    Ok(Reply::Share { qid, link }) => settle(qid, Answer::Share(link)),
                    Ok(Reply::Compare { qid, comparison }) => {
                        settle(qid, Answer::Compare(comparison))
                    }
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
