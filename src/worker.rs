//! The analysis web worker: big inputs are analysed off the page's main thread, with progress and a
//! real Cancel (the worker is terminated).
//!
//! Protocol (`service::protocol`, one set of typed serde structs): the worker posts `Ready` once its
//! wasm has loaded; the page then posts a [`ToWorker`] turned into a JS value by
//! `serde-wasm-bindgen` (a request's texts stay JS strings or the browser's `File`s, carried as
//! they are); the worker answers `Progress`…, `Arrows`… then `Done` (`Reply` as JSON in UTF-8
//! bytes, transferred; the report's own serde model), and every `Query` from the
//! [`Service`](crate::service::Service) it keeps: the compact analysis of the last request and
//! where its inputs are read again from. An export's file is a [`FileReply`]. The page itself
//! gets a lighter copy of the report (see `analyse`), so that no message takes it long to decode
//! and it holds less memory. The page's side is `ui::worker_client`.

use crate::analysis::{self, Progress};
use crate::intake::{self, Limits};
use crate::line_index::{self, LineIndex, LineIndexer};
use crate::model::{Encoding, Input};
pub use crate::service::protocol::{fits, too_big, MAX_BYTES};
use crate::service::protocol::{Query, Reply, RequestHead, ARROW_CHUNK};
use crate::service::{self, Service, Sources};
use crate::source_lines::SourceLine;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

/// The worker's bootstrap next to index.html; relative, so the page works under any sub-path.
pub const BOOT: &str = "./worker-boot.js";

/// The speed-tuned worker's script and wasm next to index.html (`ece-triage-worker`, Trunk's
/// worker link: not content-hashed, so the page adds its own build's hash to their URLs).
pub const WORKER_JS: &str = "./ece-triage-worker.js";
pub const WORKER_WASM: &str = "./ece-triage-worker_bg.wasm";

/// Inputs of this many bytes or more are analysed by the speed-tuned worker wasm; smaller ones by
/// the page's own wasm in the worker, which the browser has compiled already. The worker wasm is
/// about a third faster (100 MiB of logs: 1.5 s against 2.0-2.2 s in Chromium at load 6-7), but
/// compiling it takes the first 150-200 ms of a worker's life and the CPU the page then needs to
/// draw the report: with 1.5 MB the report came later and the page's task that drew it was
/// longer (tests/e2e/bigfile.mjs, README "Page responsiveness").
pub const FAST_FROM: usize = 16 * 1024 * 1024;

/// True when this wasm runs inside a dedicated worker rather than the page.
pub fn in_worker() -> bool {
    js_sys::global()
        .dyn_into::<DedicatedWorkerGlobalScope>()
        .is_ok()
}

/// What the page posts to the worker, as a JS value (`serde_wasm_bindgen::to_value`).
#[derive(Debug, Serialize, Deserialize)]
pub enum ToWorker {
    /// Analyse these inputs: the request's head, and per page input its text as a JS string or a
    /// `File` (the worker reads a `File`'s bytes itself, in slices, and opens them with
    /// `intake::open`, as the page and the CLI do: an archive becomes its members).
    Analyse {
        head: RequestHead,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        texts: js_sys::Array,
    },
    /// A question about the last request.
    Ask(Query),
    /// Files may come (the user opened a file picker): analyse generated logs once, so that the
    /// engine has optimized the analysis's code before a file's own analysis (see [`warm_up`]).
    Warm,
}

/// An export's file, built in the worker, for query `qid` (`blob` is null when the worker no
/// longer holds that request).
#[derive(Debug, Serialize, Deserialize)]
pub struct FileReply {
    pub qid: u64,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub blob: JsValue,
}

/// An analysis request as the worker reads it.
#[derive(Debug, Clone)]
struct Request {
    id: u64,
    inputs: Vec<Input>,
    /// For each input, the page's input it came from (an archive the worker opens is one input
    /// on the page and its members here): the compare's sides go by the page's inputs.
    origins: Vec<usize>,
    overrides: analysis::Overrides,
    /// The page's inputs as it sent them: read again when the page asks for source lines, an
    /// export, a share link or a comparison, so that the texts need not stay in the worker's
    /// memory.
    sources: JsSources,
}

/// The page's inputs as the request carried them (`File`s, JS strings, with the names,
/// encodings and skip reasons the page gave).
#[derive(Debug, Clone)]
pub struct JsSources {
    names: Vec<String>,
    texts: js_sys::Array,
    encodings: Vec<Encoding>,
    skipped: Vec<Option<String>>,
    /// Per page input: where its lines start, for a file whose text is its bytes as they are
    /// (plain UTF-8, one input): a few of its lines are read from their part of the file.
    index: Vec<Option<LineIndex>>,
}

impl JsSources {
    /// The inputs a file's bytes hold (opened by `intake`, as the page and the CLI open them), and
    /// whether its one text is the file's bytes as they are (plain UTF-8).
    fn open_bytes(&self, o: usize, bytes: Vec<u8>) -> (Vec<Input>, bool) {
        let name = self.names.get(o).cloned().unwrap_or_default();
        let (len, plain) = (bytes.len(), intake::decode::plain(&bytes));
        let inputs = intake::open(&name, bytes, &Limits::default());
        let verbatim = plain
            && matches!(&inputs[..], [i] if i.encoding == Encoding::Utf8 && i.skipped.is_none() && i.text.len() == len);
        (inputs, verbatim)
    }

    /// Bytes `range` of a file read verbatim, read from the file alone.
    fn part_of(&self, o: usize, range: std::ops::Range<usize>) -> Option<String> {
        let index = self.index.get(o)?.as_ref()?;
        let blob: Blob = self.texts.get(u32::try_from(o).ok()?).dyn_into().ok()?;
        if index.len() != blob.size() as u64 || range.start > range.end {
            return None;
        }
        let slice = blob
            .slice_with_f64_and_f64(range.start as f64, range.end as f64)
            .ok()?;
        String::from_utf8(read_blob(&slice).ok()?).ok()
    }
}

impl Sources for JsSources {
    fn len(&self) -> usize {
        self.names.len()
    }

    /// The inputs page input `o` holds: a `File`'s bytes opened by `intake` (an archive's
    /// members), a text as the page sent it; why not, when a file cannot be read.
    fn read(&self, o: usize) -> Result<Vec<Input>, String> {
        let name = self.names.get(o).cloned().unwrap_or_default();
        let v = self.texts.get(u32::try_from(o).unwrap_or(u32::MAX));
        match v.dyn_ref::<Blob>() {
            Some(blob) => Ok(self.open_bytes(o, read_blob(blob)?).0),
            None => Ok(vec![Input {
                name,
                text: v.as_string().unwrap_or_default().into(),
                encoding: self.encodings.get(o).copied().unwrap_or(Encoding::Utf8),
                skipped: self.skipped.get(o).cloned().flatten(),
            }]),
        }
    }

    /// Lines of a file read verbatim, from their part of it (a few hundred KiB), found with the
    /// [`LineIndex`] made while the file was first read. A file changed since it was chosen (its
    /// size) is read again whole, and the change reported from there.
    fn lines(&self, o: usize, first: u32, last: u32) -> Option<Vec<SourceLine>> {
        let index = self.index.get(o)?.as_ref()?;
        let Some((a, line, b)) = index.span(first, last) else {
            return Some(Vec::new());
        };
        let part = self.part_of(o, a as usize..b as usize)?;
        Some(line_index::lines_in_part(&part, line, first, last))
    }

    /// An entry of a HAR read verbatim, from the file alone.
    fn part(&self, o: usize, range: std::ops::Range<usize>) -> Option<String> {
        self.part_of(o, range)
    }
}

/// Bytes per slice when a file is first read.
const READ_SLICE: usize = 8 * 1024 * 1024;

/// Slices asked for at once: the browser reads them on its own threads while the worker copies
/// and indexes the ones read.
const IN_FLIGHT: usize = 4;

/// A file's bytes, read in slices of `slice` bytes ([`READ_SLICE`] in the worker),
/// [`IN_FLIGHT`] at a time, each fed to `lines` as it comes and `progress` told the bytes read so
/// far. Public for the browser tests.
pub async fn read_in_slices(
    blob: &Blob,
    slice: usize,
    lines: &mut LineIndexer,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, String> {
    let slice = slice.max(1);
    let size = blob.size() as usize;
    let mut out = vec![0u8; size];
    let mut asked = std::collections::VecDeque::with_capacity(IN_FLIGHT);
    let mut next = 0;
    loop {
        while asked.len() < IN_FLIGHT && next < size {
            let end = (next + slice).min(size);
            let slice = blob
                .slice_with_f64_and_f64(next as f64, end as f64)
                .map_err(js_why)?;
            asked.push_back((next, end, JsFuture::from(slice.array_buffer())));
            next = end;
        }
        let Some((a, b, read)) = asked.pop_front() else {
            break;
        };
        let bytes = js_sys::Uint8Array::new(&read.await.map_err(js_why)?);
        if bytes.length() as usize != b - a {
            return Err("the file changed while it was read".into());
        }
        bytes.copy_to(&mut out[a..b]);
        lines.feed(&out[a..b]);
        progress(b);
    }
    Ok(out)
}

/// What a browser's error says.
fn js_why(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser gave no reason".into())
}

impl Request {
    /// The request, with every `File` read (telling `progress` as its slices come); why not, when a
    /// file cannot be read or the inputs are too big.
    async fn read(
        head: RequestHead,
        texts: js_sys::Array,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Request, String> {
        let n = texts.length() as usize;
        let mut sources = JsSources {
            names: (0..n)
                .map(|i| head.names.get(i).cloned().unwrap_or_default())
                .collect(),
            encodings: (0..n)
                .map(|i| head.encodings.get(i).copied().unwrap_or(Encoding::Utf8))
                .collect(),
            skipped: (0..n)
                .map(|i| head.skipped.get(i).cloned().flatten())
                .collect(),
            index: vec![None; n],
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
            return Err(too_big(total_bytes));
        }
        let mut done_bytes = 0;
        let mut inputs = Vec::with_capacity(sources.len());
        let mut origins = Vec::with_capacity(sources.len());
        for o in 0..sources.len() {
            let text = sources.texts.get(o as u32);
            let read = match text.dyn_ref::<Blob>() {
                Some(blob) => {
                    let stage = format!("opening {}", sources.names[o]);
                    let mut told = |read: usize| {
                        progress(Progress {
                            done_bytes: done_bytes + read,
                            total_bytes,
                            stage: stage.clone(),
                        })
                    };
                    told(0);
                    let mut lines = LineIndexer::new();
                    match read_in_slices(blob, READ_SLICE, &mut lines, &mut told).await {
                        Ok(bytes) => {
                            let (read, verbatim) = sources.open_bytes(o, bytes);
                            sources.index[o] = verbatim.then(|| lines.finish());
                            Ok(read)
                        }
                        Err(why) => Err(why),
                    }
                }
                None => sources.read(o),
            };
            match read {
                Ok(read) => inputs.extend(read),
                Err(why) => return Err(format!("{} could not be read ({why}). Was the file moved or changed after you chose it? Choose it again.", sources.names[o])),
            }
            done_bytes += size(&text);
            origins.resize(inputs.len(), o);
        }
        // Refused before the analysis starts when its events would not fit (an archive may
        // hold far more than its own size).
        let all: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
        if !fits(&all) {
            let read: usize = all.iter().map(|t| t.len()).sum();
            return Err(too_big(read.max(total_bytes)));
        }
        drop(all);
        Ok(Request {
            id: head.id,
            inputs,
            origins,
            overrides: head.overrides,
            sources,
        })
    }
}

/// A file's bytes, read synchronously (this runs in the worker): `intake` decodes them, as every
/// reader's.
fn read_blob(blob: &Blob) -> Result<Vec<u8>, String> {
    let reader = web_sys::FileReaderSync::new().map_err(js_why)?;
    let buffer = reader.read_as_array_buffer(blob).map_err(js_why)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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

/// What the worker keeps of the last request.
type Held = Service<JsSources>;

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
    Service::new(id, req.sources, req.origins, analysis)
}

/// Answers one query from what the worker holds.
fn answer(scope: &DedicatedWorkerGlobalScope, held: Option<&mut Held>, q: Query) {
    let Query::Export {
        qid,
        id,
        format,
        overrides,
    } = q
    else {
        if let Some(reply) = service::answer(held, q) {
            post(scope, &reply);
        }
        return;
    };
    let blob = held.filter(|h| h.id == id).and_then(|h| {
        let mut w = BlobWriter::new();
        h.export(format, overrides, &mut w).ok()?;
        w.finish(format.mime())
    });
    let reply = FileReply {
        qid,
        blob: blob.map(JsValue::from).unwrap_or(JsValue::NULL),
    };
    if let Ok(v) = serde_wasm_bindgen::to_value(&reply) {
        let _ = scope.post_message(&v);
    }
}

/// How much generated log [`warm_up`] analyses, in MiB. A wasm function's optimized code is
/// made in the background once the function has run a while, and a call already running keeps
/// the code it started with (inferred from V8's behaviour, not documented here), so a new
/// worker's first analysis of 100 MiB of logs ran mostly unoptimized: 1.2–1.7 s, against
/// 0.8–1.2 s for the next one (`make bench-web`, 2026-12-06).
/// Analysing 8 MiB first brought that first analysis to 0.84–0.91 s once 0.3–2 s had passed
/// (a scratch run of the benchmark); 1 and 2 MiB did not change it. 4 MiB (half the cost) did in
/// that benchmark, but with the page (`make bench-page`, the picker open 1.5 s) two of six runs
/// took as long as without a warm-up, against none of seven with 8 MiB.
pub const WARM_MB: usize = 8;

/// How much generated HAR [`warm_up`] analyses, in MiB: the HAR reader's code is not the logs'
/// (a readied worker's first 100 MiB HAR took 0.11–0.15 s, 0.31–0.56× of `JSON.parse`, with
/// the logs alone in the warm-up; `make bench-web` in its readied mode, 2026-12-07).
pub const WARM_HAR_MB: usize = 2;

/// Analyses [`WARM_MB`] of generated logs and [`WARM_HAR_MB`] of generated HAR and drops the
/// result: the same code a file's analysis runs, run once before it, while the user is still
/// choosing the file (0.43–0.76 s in six runs of `make bench-web`'s readied mode on 2026-12-07;
/// 0.42–0.69 s with the logs alone, `make bench-compare` on 2026-12-06).
/// Public for the browser benchmark (`tests/bench_web.rs`, `BENCH_WEB_READIED`), which times an
/// analysis after it.
pub fn warm_up() {
    let mut inputs = vec![
        Input::new("warm-up.log", crate::synth::log_mix_mb(WARM_MB)),
        Input::new("warm-up.har", crate::synth::har_mb(WARM_HAR_MB)),
    ];
    drop(analysis::analysis_freeing(
        &mut inputs,
        &Default::default(),
        &mut |_| {},
    ));
}

/// Worker side: answer every request and query; called from the worker binaries' `main`. `warm`
/// is what [`ToWorker::Warm`] runs: [`warm_up`] in the speed-tuned worker (the one the page
/// readies), nothing in the page's own wasm, which is never readied: its download need not carry
/// the generators the warm-up runs.
pub fn run_worker(warm: fn()) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let s = scope.clone();
    let state: Rc<RefCell<WorkerState>> = Rc::default();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        match serde_wasm_bindgen::from_value::<ToWorker>(e.data()) {
            Ok(ToWorker::Ask(q)) => {
                let mut st = state.borrow_mut();
                if st.reading {
                    st.queued.push(q);
                } else {
                    answer(&s, st.held.as_mut(), q);
                }
            }
            Ok(ToWorker::Warm) => warm(),
            Ok(ToWorker::Analyse { head, texts }) => {
                let seq = {
                    let mut st = state.borrow_mut();
                    // A new request: what was kept of the previous one goes first (memory).
                    st.held = None;
                    st.reading = true;
                    st.seq += 1;
                    st.seq
                };
                let (s, state) = (s.clone(), state.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let id = head.id;
                    let mut opening =
                        |progress: Progress| post(&s, &Reply::Progress { id, progress });
                    let read = Request::read(head, texts, &mut opening).await;
                    if state.borrow().seq != seq {
                        return; // a newer request came while this one's files were read
                    }
                    match read {
                        Ok(req) => {
                            let held = analyse(&s, req);
                            state.borrow_mut().held = Some(held);
                        }
                        Err(message) => post(&s, &Reply::Failed { id, message }),
                    }
                    let mut st = state.borrow_mut();
                    st.reading = false;
                    for q in std::mem::take(&mut st.queued) {
                        answer(&s, st.held.as_mut(), q);
                    }
                });
            }
            Err(_) => post(
                &s,
                &Reply::Failed {
                    id: 0,
                    message: "the analysis worker got a request it cannot read".into(),
                },
            ),
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &Reply::Ready);
}

/// What the worker keeps between messages.
#[derive(Default)]
struct WorkerState {
    /// The last request's analysis.
    held: Option<Held>,
    /// A request's files are being read: questions wait for its analysis (as they waited when
    /// the reading blocked the worker).
    reading: bool,
    /// The questions that came meanwhile, in order.
    queued: Vec<Query>,
    /// Requests received: a request whose files were read after a newer one came is dropped.
    seq: u64,
}
