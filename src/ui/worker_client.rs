//! The page's side of the analysis worker: starts it (under the page's CSP), posts requests and
//! queries as [`ToWorker`] values (`serde-wasm-bindgen`), and hands replies and answers back.

use super::{Content, PageInput};
use crate::analysis::Overrides;
use crate::model::Encoding;
use crate::report::ReportEvent;
use crate::service::protocol::{Plan, RequestHead};
use crate::source_lines::SourceLine;
use crate::worker::{FileReply, ToWorker, BOOT, WORKER_JS, WORKER_WASM};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, MessageEvent, Worker};

pub use crate::service::protocol::{Query, Reply, MAX_BYTES, PLAN_SHOWN};

/// The URL of the worker: with the page's own JS and wasm (read from Trunk's preload links), or,
/// when `fast`, with the speed-tuned worker's (`ece-triage-worker`), each with this build's content
/// hash (from the page's wasm name), so that no cache hands a new page an old build's worker.
fn boot_url(fast: bool) -> Result<String, String> {
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
    let page_js = href("link[rel=modulepreload]").ok_or("the page's script link is missing")?;
    let page_wasm = href("link[rel=preload][as=fetch]").ok_or("the page's wasm link is missing")?;
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    if !fast {
        return Ok(format!(
            "{BOOT}?js={}&wasm={}",
            enc(&page_js),
            enc(&page_wasm)
        ));
    }
    let build = build_of(&page_wasm);
    let base = doc.base_uri().ok().flatten().ok_or("no page address")?;
    let abs = |rel: &str| -> Result<String, String> {
        let u = web_sys::Url::new_with_base(rel, &base).map_err(|e| format!("{e:?}"))?;
        u.set_search(&format!("b={}", js_sys::encode_uri_component(build)));
        Ok(u.href())
    };
    Ok(format!(
        "{BOOT}?js={}&wasm={}",
        enc(&abs(WORKER_JS)?),
        enc(&abs(WORKER_WASM)?)
    ))
}

/// The build's hash in Trunk's name of the page's wasm (`…/ece-triage-web-<hash>_bg.wasm`); the
/// whole name when it has no hash (a debug build).
fn build_of(wasm_url: &str) -> &str {
    let name = wasm_url.rsplit('/').next().unwrap_or(wasm_url);
    let name = name.strip_suffix("_bg.wasm").unwrap_or(name);
    name.rsplit_once('-').map_or(name, |(_, h)| h)
}

/// An answer to a `Query`, as the page's callback gets it.
#[derive(Debug, Clone)]
pub enum Answer {
    Lines(Option<Vec<SourceLine>>),
    Rows(Option<Vec<ReportEvent>>),
    /// `Export`'s file.
    File(Option<Blob>),
    Plan(Option<Plan>),
    Share(Option<String>),
    Compare(Option<Box<crate::compare::Comparison>>),
    Requests(Option<crate::requests::RequestPage>),
    RequestDetail(Option<Result<Box<crate::requests::detail::RequestDetail>, String>>),
    Found(Option<crate::query::Found>),
    /// Where a search's step goes (`Reply::Stepped`).
    Stepped(Option<Option<(usize, usize, usize)>>),
}

impl Answer {
    /// The answer a reply carries, with its `qid`; the reply itself when it answers no query
    /// (progress, a report). One mapping for the worker's replies and the page's own service's.
    pub fn from_reply(reply: Reply) -> Result<(u64, Answer), Reply> {
        Ok(match reply {
            Reply::Lines { qid, lines } => (qid, Answer::Lines(lines)),
            Reply::Rows { qid, rows } => (qid, Answer::Rows(rows)),
            Reply::Plan { qid, plan } => (qid, Answer::Plan(plan)),
            Reply::Share { qid, link } => (qid, Answer::Share(link)),
            Reply::Compare { qid, comparison } => (qid, Answer::Compare(comparison)),
            Reply::Requests { qid, page } => (qid, Answer::Requests(page)),
            Reply::RequestDetail { qid, detail } => (qid, Answer::RequestDetail(detail)),
            Reply::Found { qid, found } => (qid, Answer::Found(found)),
            Reply::Stepped { qid, to } => (qid, Answer::Stepped(to)),
            other => return Err(other),
        })
    }
}

/// The message asking to analyse `inputs` (borrowed: a big input's text is not copied in Rust
/// first, it travels as the JS string or `File` it is).
fn request(id: u64, inputs: &[PageInput], overrides: &Overrides) -> JsValue {
    let texts = js_sys::Array::new();
    for i in inputs {
        texts.push(&match &i.content {
            Content::Text(t) => JsValue::from_str(t),
            Content::File(b) => b.into(),
            Content::Js(s) => s.into(),
        });
    }
    let head = RequestHead {
        id,
        overrides: overrides.clone(),
        names: inputs.iter().map(|i| i.name.clone()).collect(),
        encodings: inputs.iter().map(|i| i.encoding).collect::<Vec<Encoding>>(),
        skipped: inputs.iter().map(|i| i.skipped.clone()).collect(),
    };
    serde_wasm_bindgen::to_value(&ToWorker::Analyse { head, texts }).unwrap_or(JsValue::NULL)
}

type Pending = Rc<RefCell<HashMap<u64, Box<dyn FnOnce(Answer)>>>>;

/// Hands `answer` to the callback waiting for query `qid` (the borrow ends before it runs: the
/// callback may ask again).
fn settle(pending: &Pending, qid: u64, answer: Answer) {
    let callback = pending.borrow_mut().remove(&qid);
    if let Some(callback) = callback {
        callback(answer);
    }
}

/// Page side: one worker, started on first use, terminated by `cancel`.
pub struct AnalysisWorker {
    /// Runs the speed-tuned wasm (`ece-triage-worker`), not the page's.
    fast: bool,
    worker: Worker,
    ready: Rc<RefCell<bool>>,
    queued: Rc<RefCell<Vec<JsValue>>>,
    pending: Pending,
    next_qid: RefCell<u64>,
    _onmessage: Closure<dyn Fn(MessageEvent)>,
    _onerror: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl AnalysisWorker {
    /// Whether it runs the speed-tuned wasm.
    pub fn fast(&self) -> bool {
        self.fast
    }

    /// Starts the worker; `on_reply` gets its progress and reports, `on_error` a message if it fails.
    /// `fast`: the speed-tuned worker wasm (inputs of `worker::FAST_FROM` bytes or more).
    pub fn start(
        fast: bool,
        on_reply: impl Fn(Reply) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<Self, String> {
        let url =
            boot_url(fast).map_err(|e| format!("the analysis worker could not start: {e}"))?;
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
                let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() else {
                    // A file built by the worker.
                    if let Ok(f) = serde_wasm_bindgen::from_value::<FileReply>(data) {
                        settle(
                            &pending,
                            f.qid,
                            Answer::File(f.blob.dyn_into::<Blob>().ok()),
                        );
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
                    Ok(reply) => match Answer::from_reply(reply) {
                        // A comparison is drawn in a task of its own, as a report is: decoding
                        // both sides' ladders and drawing them in one task took 30-64 ms.
                        Ok((qid, answer @ Answer::Compare(_))) => {
                            let pending = pending.clone();
                            gloo_timers::callback::Timeout::new(0, move || {
                                settle(&pending, qid, answer)
                            })
                            .forget();
                        }
                        Ok((qid, answer)) => settle(&pending, qid, answer),
                        Err(reply) => on_reply(reply),
                    },
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
            fast,
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
        self.post(request(id, inputs, overrides));
    }

    /// Has the worker analyse generated logs once, so that a file's analysis after it runs
    /// optimized code (`worker::ToWorker::Warm`; dropped if a request is sent before it loads).
    pub fn warm(&self) {
        if let Ok(msg) = serde_wasm_bindgen::to_value(&ToWorker::Warm) {
            self.post(msg);
        }
    }

    /// Asks about the last request; `make` builds the query from its `qid`. `on_answer` is called
    /// once, when the worker answers (never if the worker is terminated first).
    pub fn ask(&self, make: impl FnOnce(u64) -> Query, on_answer: impl FnOnce(Answer) + 'static) {
        let qid = {
            let mut n = self.next_qid.borrow_mut();
            *n += 1;
            *n
        };
        let Ok(msg) = serde_wasm_bindgen::to_value(&ToWorker::Ask(make(qid))) else {
            return;
        };
        self.pending.borrow_mut().insert(qid, Box::new(on_answer));
        self.post(msg);
    }
}

impl Drop for AnalysisWorker {
    /// Terminates the worker at once, even mid-analysis.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
