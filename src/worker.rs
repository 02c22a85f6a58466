//! The analysis web worker: big inputs are analysed off the page's main thread, with progress and a
//! real Cancel (the worker is terminated).
//!
//! Protocol (JSON text messages, the report's own serde model): the worker posts `Ready` once its
//! wasm has loaded; the page then posts a `Request`; the worker answers `Progress`… then `Done`.

use crate::analysis::{self, Progress};
use crate::model::Input;
use crate::report::{Report, ReportEvent};
use crate::share::Overrides;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

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
pub const EVENT_CHUNK: usize = 5_000;

/// What the page asks: analyse these inputs (generation `id`, so stale answers are ignored).
///
/// Sent as a plain JS object whose texts are JS strings: JSON-escaping 100 MB of logs on the page's
/// thread would itself be a long task.
#[derive(Debug, Clone)]
pub struct Request {
    pub id: u64,
    pub inputs: Vec<Input>,
    pub overrides: Overrides,
}

impl Request {
    /// The message for `inputs` (borrowed: a 100 MB input is not copied in Rust first).
    fn to_js(id: u64, inputs: &[Input], overrides: &Overrides) -> JsValue {
        let obj = js_sys::Object::new();
        let names = js_sys::Array::new();
        let texts = js_sys::Array::new();
        for i in inputs {
            names.push(&JsValue::from_str(&i.name));
            texts.push(&JsValue::from_str(&i.text));
        }
        let overrides = serde_json::to_string(overrides).unwrap_or_default();
        let _ = js_sys::Reflect::set(&obj, &"id".into(), &JsValue::from_f64(id as f64));
        let _ = js_sys::Reflect::set(&obj, &"overrides".into(), &JsValue::from_str(&overrides));
        let _ = js_sys::Reflect::set(&obj, &"names".into(), &names);
        let _ = js_sys::Reflect::set(&obj, &"texts".into(), &texts);
        obj.into()
    }

    fn from_js(v: &JsValue) -> Option<Request> {
        let get = |k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok();
        let id = get("id")?.as_f64()? as u64;
        let overrides = serde_json::from_str(&get("overrides")?.as_string()?).ok()?;
        let names: js_sys::Array = get("names")?.dyn_into().ok()?;
        let texts: js_sys::Array = get("texts")?.dyn_into().ok()?;
        let inputs = (0..texts.length())
            .map(|i| {
                Input::new(
                    names.get(i).as_string().unwrap_or_default(),
                    texts.get(i).as_string().unwrap_or_default(),
                )
            })
            .collect();
        Some(Request {
            id,
            inputs,
            overrides,
        })
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
    /// single task on the page's thread) has to decode hundreds of thousands of events.
    Events {
        id: u64,
        events: Vec<ReportEvent>,
    },
    /// The report; its events arrived in the `Events` messages before it.
    Done {
        id: u64,
        report: Box<Report>,
    },
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    if let Ok(text) = serde_json::to_string(reply) {
        let _ = scope.post_message(&JsValue::from_str(&text));
    }
}

/// Worker side: answer every request; called from the worker binary's `main`.
pub fn run_worker() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let s = scope.clone();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(req) = Request::from_js(&e.data()) else {
            return;
        };
        let id = req.id;
        let mut report =
            analysis::analyze_with_progress(&req.inputs, &req.overrides, &mut |progress| {
                post(&s, &Reply::Progress { id, progress });
            });
        let mut events = std::mem::take(&mut report.events);
        while !events.is_empty() {
            let rest = events.split_off(events.len().min(EVENT_CHUNK));
            post(&s, &Reply::Events { id, events });
            events = rest;
        }
        post(
            &s,
            &Reply::Done {
                id,
                report: Box::new(report),
            },
        );
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &Reply::Ready);
}

/// Page side: one worker, started on first use, terminated by `cancel`.
pub struct AnalysisWorker {
    worker: Worker,
    ready: Rc<RefCell<bool>>,
    queued: Rc<RefCell<Option<JsValue>>>,
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
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let worker = Worker::new_with_options(&url, &opts)
            .map_err(|e| format!("the analysis worker could not start: {e:?}"))?;
        let ready = Rc::new(RefCell::new(false));
        let queued: Rc<RefCell<Option<JsValue>>> = Rc::new(RefCell::new(None));
        // Events of the report being received: (request id, events so far).
        let arriving: Rc<RefCell<(u64, Vec<ReportEvent>)>> = Rc::new(RefCell::new((0, Vec::new())));
        let onmessage = {
            let ready = ready.clone();
            let queued = queued.clone();
            let arriving = arriving.clone();
            let w = worker.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let Some(text) = e.data().as_string() else {
                    return;
                };
                match serde_json::from_str::<Reply>(&text) {
                    Ok(Reply::Ready) => {
                        *ready.borrow_mut() = true;
                        if let Some(msg) = queued.borrow_mut().take() {
                            let _ = w.post_message(&msg);
                        }
                    }
                    Ok(Reply::Events { id, mut events }) => {
                        let mut a = arriving.borrow_mut();
                        if a.0 != id {
                            *a = (id, Vec::new());
                        }
                        a.1.append(&mut events);
                    }
                    Ok(Reply::Done { id, mut report }) => {
                        let mut a = arriving.borrow_mut();
                        if a.0 == id {
                            report.events = std::mem::take(&mut a.1);
                        }
                        drop(a);
                        on_reply(Reply::Done { id, report });
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
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    /// Sends a request (queued until the worker has loaded; a newer request replaces a queued one).
    pub fn send(&self, id: u64, inputs: &[Input], overrides: &Overrides) {
        let msg = Request::to_js(id, inputs, overrides);
        if *self.ready.borrow() {
            let _ = self.worker.post_message(&msg);
        } else {
            *self.queued.borrow_mut() = Some(msg);
        }
    }
}

impl Drop for AnalysisWorker {
    /// Terminates the worker at once, even mid-analysis.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
