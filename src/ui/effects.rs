//! The page's effects: the analysis the reducer asks for (on the page or in the worker), and the links the page opens with.
use super::service_ref::{Backend, PageSources};
use super::state::{self, Action, AppState, Content, PageInput, WorkerRows};
use super::tabs::Tab;
use super::worker_client::{AnalysisWorker, Reply};
use super::{dom, inputs, ServiceRef};
use crate::share;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// What the analysis view can do to a running analysis.
pub struct AnalysisControl {
    /// The analysis service the views ask: in-process for small inputs, the worker for big ones.
    pub service: ServiceRef,
    /// Stops the worker's analysis.
    pub on_cancel: Callback<MouseEvent>,
    /// Stops it and analyses the inputs on this page instead.
    pub on_here: Callback<MouseEvent>,
}

/// Runs the analysis of each new generation where the state says: on the page (`pending_here`:
/// a `service::Service` held here, its report dispatched as `Action::Analysed`) or in the
/// analysis worker (`analyzing`, answered with its progress and `Action::Done`), and ends a
/// worker no longer needed. Either way the views ask the one `ServiceRef` about it.
#[hook]
pub fn use_analysis(
    state: &UseReducerHandle<AppState>,
    dispatch: Callback<Action>,
) -> AnalysisControl {
    // The analysis service: the worker, started on first need (dropping it, on Cancel,
    // terminates it), or the page's own for small inputs.
    let worker = use_mut_ref(|| None::<Backend>);
    // A speed-tuned worker started and warmed up while the user chooses files (`choosing`),
    // taken by the next analysis that needs a worker, ended by one made on the page.
    let spare = use_mut_ref(|| None::<Spare>);
    {
        let worker = worker.clone();
        let spare = spare.clone();
        let dispatch = dispatch.clone();
        // Nothing to analyse: no analysis running or waiting to run on the page.
        let idle = state.analyzing.is_none() && !state.pending_here;
        use_effect_with((state.choosing, idle), move |&(choosing, idle)| {
            let fast_running = matches!(&*worker.borrow(), Some(Backend::Worker(k)) if k.fast());
            if !choosing && idle {
                // The choice ended and brought nothing (the picker cancelled, the inputs
                // cleared): the spare ends, and its memory goes. Files that come take it before
                // this runs again (the analysis they start is not idle).
                spare.borrow_mut().take();
            } else if choosing && !fast_running && spare.borrow().is_none() {
                let flags = SpareFlags::default();
                if let Ok(started) = start_worker_with(dispatch, true, Some(flags.clone())) {
                    started.warm();
                    *spare.borrow_mut() = Some(Spare {
                        worker: started,
                        flags,
                    });
                }
            }
        });
    }
    {
        let spare = spare.clone();
        let worker = worker.clone();
        let dispatch = dispatch.clone();
        let inputs = state.inputs.clone();
        let overrides = state.overrides.clone();
        let pending = state.analyzing.is_some();
        let here = state.pending_here;
        use_effect_with(state.generation, move |generation| {
            if pending {
                let mut w = worker.borrow_mut();
                let bytes: usize = inputs.iter().map(PageInput::bytes).sum();
                let fast = bytes >= crate::worker::FAST_FROM;
                // A worker kept from an earlier analysis serves, unless these inputs want the
                // speed-tuned wasm and it runs the page's.
                if !matches!(&*w, Some(Backend::Worker(k)) if k.fast() || !fast) {
                    *w = None;
                    // The warmed-up spare serves any input (it runs the speed-tuned wasm).
                    let started = match spare.borrow_mut().take() {
                        Some(s) if !s.flags.failed.get() => {
                            s.flags.used.set(true);
                            Ok(s.worker)
                        }
                        _ => start_worker(dispatch.clone(), fast),
                    };
                    match started {
                        Ok(started) => *w = Some(Backend::Worker(started)),
                        Err(message) => dispatch.emit(Action::Notice(message)),
                    }
                }
                if let Some(Backend::Worker(w)) = w.as_ref() {
                    w.send(*generation, &inputs, &overrides);
                }
            } else {
                // Analysed on the page, or nothing left to analyse: a worker kept from an earlier
                // big analysis holds its inputs, its report and its wasm memory (about 1 GB after
                // 100 MB of logs, which a wasm memory never gives back): end it.
                if !here || matches!(*worker.borrow(), Some(Backend::Worker(_))) {
                    worker.borrow_mut().take();
                }
                if here {
                    spare.borrow_mut().take();
                    if let Some(all) = state::core_inputs(&inputs).filter(|i| !i.is_empty()) {
                        let analysis =
                            crate::analysis::analysis_with_progress(&all, &overrides, &mut |_| {});
                        let report = analysis.clone().into_report();
                        let origins = (0..all.len()).collect();
                        let sources = PageSources(inputs.clone());
                        ServiceRef(worker.clone()).hold(crate::service::Service::new(
                            *generation,
                            sources,
                            origins,
                            analysis,
                        ));
                        dispatch.emit(Action::Analysed(*generation, Rc::new(report)));
                    }
                }
            }
        });
    }
    let on_cancel = {
        let worker = worker.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            // Dropping the bridge terminates the worker mid-analysis; the next one starts fresh.
            worker.borrow_mut().take();
            dispatch.emit(Action::Cancel);
        })
    };
    let on_here = {
        let worker = worker.clone();
        let inputs = state.inputs.clone();
        let generation = state.generation;
        Callback::from(move |_| {
            worker.borrow_mut().take();
            if state::core_inputs(&inputs).is_some() {
                dispatch.emit(Action::AnalyseHere(generation, None));
            } else {
                let dispatch = dispatch.clone();
                let inputs = inputs.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let read = read_all(inputs).await;
                    dispatch.emit(Action::AnalyseHere(generation, Some(read)));
                });
            }
        })
    };
    AnalysisControl {
        service: ServiceRef(worker),
        on_cancel,
        on_here,
    }
}

/// A worker started before files came (see `AppState::choosing`).
struct Spare {
    worker: AnalysisWorker,
    flags: SpareFlags,
}

/// A spare worker's state: `used` once an analysis took it; `failed` if it failed before, which
/// is not told (nothing was asked of it) and makes the analysis start another worker.
#[derive(Clone, Default)]
struct SpareFlags {
    used: Rc<Cell<bool>>,
    failed: Rc<Cell<bool>>,
}

/// A new analysis worker whose answers about the analysis become actions (`fast`: the
/// speed-tuned wasm, for big inputs).
fn start_worker(dispatch: Callback<Action>, fast: bool) -> Result<AnalysisWorker, String> {
    start_worker_with(dispatch, fast, None)
}

/// [`start_worker`]; with a spare's flags, a failure before it is used only sets `failed`.
fn start_worker_with(
    dispatch: Callback<Action>,
    fast: bool,
    spare: Option<SpareFlags>,
) -> Result<AnalysisWorker, String> {
    let d = dispatch.clone();
    AnalysisWorker::start(
        fast,
        move |reply| match reply {
            Reply::Progress { id, progress } => d.emit(Action::Progress(id, progress)),
            Reply::Done {
                id,
                report,
                total,
                arrows,
            } => d.emit(Action::Done(
                id,
                Rc::new(*report),
                Rc::new(WorkerRows::new(total, arrows)),
            )),
            Reply::Failed { id, message } => d.emit(Action::Failed(id, message)),
            Reply::Ready
            | Reply::Rows { .. }
            | Reply::Arrows { .. }
            | Reply::Lines { .. }
            | Reply::Plan { .. }
            | Reply::Share { .. }
            | Reply::Compare { .. }
            | Reply::Requests { .. }
            | Reply::RequestDetail { .. }
            | Reply::Found { .. }
            | Reply::Stepped { .. } => {}
        },
        move |message| match &spare {
            Some(f) if !f.used.get() => f.failed.set(true),
            _ => dispatch.emit(Action::WorkerFailed(message)),
        },
    )
}

/// Every input with its text in Rust: big files and pastes are read (for "Analyse here"); a big
/// file's bytes go through `intake` as every file's do (a big archive becomes its members).
async fn read_all(inputs: Rc<Vec<PageInput>>) -> Rc<Vec<PageInput>> {
    let mut out = Vec::with_capacity(inputs.len());
    for i in inputs.iter() {
        match &i.content {
            Content::Text(_) => out.push(i.clone()),
            Content::File(blob) => out.extend(
                inputs::open_blob(&i.name, blob)
                    .await
                    .into_iter()
                    .map(PageInput::read),
            ),
            Content::Js(s) => out.push(PageInput::text(i.name.clone(), &String::from(s))),
        }
    }
    Rc::new(out)
}

/// Opens what the page's fragment asks for, now and whenever it changes in the open tab (a link
/// pasted into the address bar): `#example` the
/// built-in example, `#example=<id>` one of the gallery, `#compare=<id>` a compare example,
/// `#s1:...` a shared link. A comparison opens on the Compare tab (`on_tab`).
#[hook]
pub fn use_fragment(dispatch: Callback<Action>, on_tab: Callback<Tab>) {
    use_effect_with((), move |_| {
        let open = move || {
            let hash = dom::page_fragment();
            if hash == "#example" {
                dispatch.emit(Action::LoadExample);
            } else if let Some(e) = hash
                .strip_prefix("#example=")
                .and_then(crate::sample::example)
            {
                dispatch.emit(Action::LoadGallery(e.id));
            } else if let Some(p) = hash
                .strip_prefix("#compare=")
                .and_then(crate::compare::example::pair)
            {
                let (inputs, sides) = p.inputs();
                let overrides = share::Overrides {
                    compare: Some(sides),
                    ..Default::default()
                };
                dispatch.emit(Action::Restore(share::SharedState {
                    inputs,
                    overrides,
                    left_out: Vec::new(),
                }));
                on_tab.emit(Tab::Compare);
            } else if hash.starts_with("#s") {
                match share::decode(&hash) {
                    Ok(state) => {
                        // A link made from a comparison opens on it.
                        if let Some(s) = &state.overrides.compare {
                            if s.ready(state.inputs.len()) {
                                on_tab.emit(Tab::Compare);
                            }
                        }
                        dispatch.emit(Action::Restore(state))
                    }
                    Err(e) => dispatch.emit(Action::Notice(e.to_string())),
                }
            }
        };
        open();
        dom::on_hash_change(open)
    });
}
