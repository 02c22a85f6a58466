//! The page: Yew function components that render what the core returns (wasm32 only).

mod agents;
mod api_probe;
mod caller;
mod clock;
mod compare_view;
pub mod decoder;
mod detail;
pub mod dom;
mod entry_points;
mod evidence;
mod findings;
mod glossary;
mod inputs;
mod ladder;
mod print;
mod progressive;
mod requests;
mod rules_view;
mod search;
mod share_panel;
mod shell;
mod state;
mod timeline;
mod verdict;
mod versions;
pub mod worker_client;

pub use state::{Action, AppState, Content, PageInput, WorkerRows};

use crate::report::Report;
use crate::share;
use std::cell::RefCell;
use std::rc::Rc;
use worker_client::{AnalysisWorker, Answer, Query, Reply};
use yew::prelude::*;

/// The report as the panels get it: equal when it is the same report. (`Rc<Report>` compares the
/// reports themselves: with 500,000 events every re-render of the page took 100 ms doing that.)
#[derive(Debug, Clone)]
pub struct ReportRef(pub Rc<Report>);

impl PartialEq for ReportRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl ReportRef {
    /// Identifies the report (for `progressive::use_progressive`).
    pub fn key(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }
}

impl std::ops::Deref for ReportRef {
    type Target = Report;
    fn deref(&self) -> &Report {
        &self.0
    }
}

/// The page's analysis worker (when started), for components that ask it about big inputs.
#[derive(Clone)]
pub struct WorkerRef(Rc<RefCell<Option<AnalysisWorker>>>);

impl PartialEq for WorkerRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl WorkerRef {
    /// Asks the worker (see `AnalysisWorker::ask`); false when no worker runs.
    pub fn ask(
        &self,
        make: impl FnOnce(u64) -> Query,
        on_answer: impl FnOnce(Answer) + 'static,
    ) -> bool {
        match self.0.borrow().as_ref() {
            Some(w) => {
                w.ask(make, on_answer);
                true
            }
            None => false,
        }
    }
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

/// The whole page: inputs on one side, the verdict and the evidence on the other.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    // Callbacks the panels get are made once: a new callback on every render would re-render
    // every panel (hundreds of findings and agents) whenever anything changes.
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a: Action, _| dispatcher.dispatch(a))
    };
    // Files the installed app is opened with take the file picker's path.
    shell::use_launched_files(dispatch.clone());
    // Which source lines the evidence panel shows, and which ladder arrow is selected.
    let focus = use_state(|| None::<(usize, Option<u32>)>);
    let selected_arrow = use_state(|| None::<usize>);
    let tab = use_state(|| Tab::Analysis);
    // The search box's text, its Enter / n presses, and the request whose detail is open.
    let search = use_state(String::new);
    let step = use_state(|| (0u64, 1i32));
    let selected_request = use_state(|| None::<(usize, usize)>);
    // The analysis worker, started on first need; dropping it (Cancel) terminates it.
    let worker = use_mut_ref(|| None::<AnalysisWorker>);
    let worker_ref = WorkerRef(worker.clone());
    {
        let worker = worker.clone();
        let dispatch = dispatch.clone();
        let inputs = state.inputs.clone();
        let overrides = state.overrides.clone();
        let pending = state.analyzing.is_some();
        use_effect_with(state.generation, move |generation| {
            if pending {
                let mut w = worker.borrow_mut();
                if w.is_none() {
                    let d = dispatch.clone();
                    let d_err = dispatch.clone();
                    match AnalysisWorker::start(
                        move |reply| match reply {
                            Reply::Progress { id, progress } => {
                                d.emit(Action::Progress(id, progress))
                            }
                            Reply::Done {
                                id,
                                report,
                                total,
                                arrows,
                            } => d.emit(Action::Done(
                                id,
                                std::rc::Rc::new(*report),
                                std::rc::Rc::new(WorkerRows::new(total, arrows)),
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
                            | Reply::Found { .. } => {}
                        },
                        move |message| d_err.emit(Action::WorkerFailed(message)),
                    ) {
                        Ok(started) => *w = Some(started),
                        Err(message) => dispatch.emit(Action::Notice(message)),
                    }
                }
                if let Some(w) = w.as_ref() {
                    w.send(*generation, &inputs, &overrides);
                }
            } else {
                // Analysed on the page, or nothing left to analyse: a worker kept from an earlier
                // big analysis holds its inputs, its report and its wasm memory (about 1 GB after
                // 100 MB of logs, which a wasm memory never gives back): end it.
                worker.borrow_mut().take();
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
        let dispatch = dispatch.clone();
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
    // Text the Decode view opens with (a decoded message's bytes, from "Open in decoder").
    let decoder_text = use_state(String::new);
    let decoder_kept = use_state(decoder::Kept::default);
    {
        // `#example` opens the page with the built-in example; `#s1:...` restores a shared link;
        // `#compare=<id>` opens a compare example.
        let dispatch = dispatch.clone();
        let tab = tab.clone();
        use_effect_with((), move |_| {
            // Opened now, and again whenever the fragment changes in the open tab (a link pasted
            // into the address bar); `dom::replace_fragment` fires no such event.
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
                    tab.set(Tab::Compare);
                } else if hash.starts_with("#s") {
                    match share::decode(&hash) {
                        Ok(state) => {
                            // A link made from a comparison opens on it.
                            if let Some(s) = &state.overrides.compare {
                                if s.ready(state.inputs.len()) {
                                    tab.set(Tab::Compare);
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
    let on_evidence = {
        let focus = focus.setter();
        use_callback((), move |at: (usize, Option<u32>), _| focus.set(Some(at)))
    };
    let on_search = {
        let search = search.setter();
        use_callback((), move |s: String, _| search.set(s))
    };
    let on_step = {
        let step = step.clone();
        Callback::from(move |d: i32| step.set((step.0 + 1, d)))
    };
    let on_request = {
        let selected = selected_request.setter();
        use_callback((), move |at: (usize, usize), _| selected.set(Some(at)))
    };
    let on_select_arrow = {
        let selected_arrow = selected_arrow.setter();
        use_callback((), move |i: usize, _| selected_arrow.set(Some(i)))
    };
    // The report's names: the worker may have opened a big archive into its members.
    let input_names: Vec<String> = match &state.report {
        Some(r) => r.inputs.iter().map(|i| i.name.clone()).collect(),
        None => state.inputs.iter().map(|i| i.name.clone()).collect(),
    };
    // The worker numbered the inputs otherwise than the page (it opened an archive): evidence
    // lines then come from the worker by the report's numbering.
    let held_name = |i: usize| -> Option<String> {
        let r = state.report.as_ref()?;
        (state.via_worker && r.inputs.len() != state.inputs.len())
            .then(|| r.inputs.get(i).map(|x| x.name.clone()))
            .flatten()
    };
    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "ECE Chat Triage" }</h1>
                <p class="tagline">{ "Why does the chat entry point say \u{201c}no agents available\u{201d}? Paste the evidence; nothing leaves your browser." }</p>
            </header>
            <shell::UpdateNotice has_inputs={!state.inputs.is_empty()} />
            if let Some(n) = &state.notice {
                <p class="notice" role="alert">{ n.clone() }</p>
            }
            <nav class="tabs" role="tablist" aria-label="Views">
                { for Tab::ALL.into_iter().map(|t| {
                    let tab_set = tab.clone();
                    let tab_key = tab.clone();
                    // The ARIA tabs pattern: one tab stop; arrow keys, Home and End move between tabs.
                    let onkeydown = Callback::from(move |e: KeyboardEvent| {
                        let k = Tab::ALL.iter().position(|x| *x == t).unwrap_or(0);
                        let n = Tab::ALL.len();
                        let to = match e.key().as_str() {
                            "ArrowRight" => (k + 1) % n,
                            "ArrowLeft" => (k + n - 1) % n,
                            "Home" => 0,
                            "End" => n - 1,
                            _ => return,
                        };
                        e.prevent_default();
                        tab_key.set(Tab::ALL[to]);
                        dom::focus_id(Tab::ALL[to].id());
                    });
                    html! {
                        <button role="tab" id={t.id()} aria-selected={(*tab == t).to_string()} tabindex={if *tab == t { "0" } else { "-1" }} aria-controls="view"
                            class={classes!("tab", (*tab == t).then_some("active"))}
                            onclick={Callback::from(move |_| tab_set.set(t))} {onkeydown}>{ t.title() }</button>
                    }
                }) }
            </nav>
            if *tab == Tab::Decode {
                <main class="single" id="view" role="tabpanel" aria-labelledby={tab.id()}><decoder::DecoderView key={(*decoder_text).clone()} initial={(*decoder_text).clone()} kept={(*decoder_kept).clone()} /></main>
            } else if *tab == Tab::Api {
                <main class="single" id="view" role="tabpanel" aria-labelledby={tab.id()}><api_probe::ApiProbe on_analyse={dispatch.reform(|i| Action::AddInputs(vec![i]))}
                    on_show_analysis={let tab = tab.clone(); Callback::from(move |_| tab.set(Tab::Analysis))} /></main>
            } else if *tab == Tab::Rules {
                <main class="single" id="view" role="tabpanel" aria-labelledby={tab.id()}><rules_view::RulesView /></main>
            } else if *tab == Tab::Compare {
                <main class="layout" id="view" role="tabpanel" aria-labelledby={tab.id()}>
                    <inputs::InputPanel inputs={state.inputs.clone()} on_action={dispatch.clone()} />
                    <compare_view::CompareView inputs={state.inputs.clone()} overrides={state.overrides.clone()} on_action={dispatch.clone()}
                        worker={worker_ref.clone()} generation={state.generation} analyzing={state.analyzing.is_some()} />
                </main>
            } else {
            <main class="layout" id="view" role="tabpanel" aria-labelledby={tab.id()}>
                <inputs::InputPanel inputs={state.inputs.clone()} on_action={dispatch.clone()} report={state.report.clone().map(ReportRef)} />
                <section class="results" aria-label="Results">
                    if let Some(p) = &state.analyzing {
                        <div class="analyzing" role="status" aria-live="polite">
                            <p>{ format!("Analysing in the background: {} ({} of {} MB)", p.stage, p.done_bytes / 1_000_000, p.total_bytes.div_ceil(1_000_000)) }</p>
                            <progress max={p.total_bytes.max(1).to_string()} value={p.done_bytes.to_string()} aria-label="Analysis progress" />
                            <div class="row">
                                <button id="cancel-analysis" onclick={on_cancel}>{ "Cancel" }</button>
                                <button id="analyse-here" onclick={on_here}>{ "Analyse here instead" }</button>
                            </div>
                        </div>
                    }
                    {
                        match &state.report {
                            Some(report) => {
                                let arrow = selected_arrow.and_then(|i| report.ladder.arrows().nth(i).cloned());
                                // Enter / n step through the timeline's matches, or the requests' when
                                // the timeline has none to step through.
                                let steps_timeline = (!report.events.is_empty() || state.rows.as_ref().is_some_and(|r| r.total > 0))
                                    && !crate::query::SearchQuery::parse(&search).request_only();
                                let shared = ReportRef(report.clone());
                                html! {
                                <>
                                    <compare_view::MergedNote sides={state.overrides.compare.clone()} count={state.inputs.len()} on_compare={
                                        let tab = tab.clone();
                                        Callback::from(move |_| tab.set(Tab::Compare))
                                    } />
                                    <verdict::VerdictBanner report={shared.clone()} />
                                    if state.via_worker {
                                        <p class="muted small via-worker">{ format!("Analysed {} MB in the background worker.", report.inputs.iter().map(|i| i.bytes).sum::<usize>().div_ceil(1_000_000)) }</p>
                                    }
                                    <versions::VersionsPanel report={shared.clone()} overrides={state.overrides.clone()} on_action={dispatch.clone()} />
                                    <findings::FindingsPanel report={shared.clone()} input_names={input_names.clone()} on_evidence={on_evidence.clone()} />
                                    <verdict::CollectPanel report={shared.clone()} />
                                    <entry_points::EntryPointsPanel report={shared.clone()} on_request={on_request.clone()} />
                                    <agents::AgentsPanel report={shared.clone()} />
                                    <clock::ClockPanel offsets={report.clock_offsets.clone()} overrides={state.overrides.clone()} on_action={dispatch.clone()} />
                                    <search::SearchBox value={AttrValue::from((*search).clone())} on_change={on_search.clone()} on_step={on_step.clone()} />
                                    if !report.ladder.rows.is_empty() {
                                        <section class="panel flow" aria-labelledby="flow-h">
                                            <h2 id="flow-h">{ "Message flow" }</h2>
                                            <p class="muted">{ "Solid arrows were seen in the evidence; dashed red ones are expected steps the evidence lacks. Select an arrow to see its message." }</p>
                                            if report.ladder.omitted > 0 {
                                                <p class="warn">{ format!("{} more rows are not drawn, to keep the diagram readable; the timeline lists every event.", report.ladder.omitted) }</p>
                                            }
                                            <div class="ladder-scroll">
                                                <ladder::LadderView report={shared.clone()} on_select={on_select_arrow.clone()} selected={*selected_arrow} />
                                            </div>
                                            if let Some(a) = arrow {
                                                <div class="arrow-detail" aria-live="polite">
                                                    <h3>{ &a.label }</h3>
                                                    <p>{ format!("{} \u{2192} {}{}", a.from.title(), a.to.title(), a.time.as_ref().map(|t| format!(" at {t}")).unwrap_or_default()) }</p>
                                                    if !a.observed {
                                                        <p class="warn">{ "Not in the evidence: this step was expected but no log line shows it." }</p>
                                                    }
                                                    if let Some(e) = a.event.and_then(|i| report.events.get(i).cloned().or_else(|| state.rows.as_ref().and_then(|r| r.arrows.get(&i).cloned()))) {
                                                        <p class="mono small">{ &e.detail }</p>
                                                        if let Some(m) = &e.message {
                                                            <button class="open-decoder" onclick={
                                                                let tab = tab.clone();
                                                                let decoder_text = decoder_text.clone();
                                                                let dump = crate::cti::encode::to_dump_text(&m.bytes, crate::cti::encode::DumpStyle::SignedDecimal);
                                                                Callback::from(move |_| { decoder_text.set(dump.clone()); tab.set(Tab::Decode); })
                                                            }>{ "Open in the byte decoder" }</button>
                                                        }
                                                        <evidence::EvidenceView inputs={state.inputs.clone()} input={e.input} line={Some(e.line)} generation={state.generation} worker={worker_ref.clone()} held_name={held_name(e.input)} />
                                                    }
                                                </div>
                                            }
                                        </section>
                                    }
                                    <timeline::TimelinePanel report={shared.clone()} rows={state.rows.clone()} worker={worker_ref.clone()} generation={state.generation} input_names={input_names.clone()} on_evidence={on_evidence.clone()}
                                        search={AttrValue::from((*search).clone())} step={if steps_timeline { *step } else { (0, 1) }} />
                                    <requests::RequestsPanel report={shared.clone()} inputs={state.inputs.clone()} worker={worker_ref.clone()} via_worker={state.via_worker} generation={state.generation}
                                        search={AttrValue::from((*search).clone())} selected={*selected_request} on_select={on_request.clone()} step={if steps_timeline { (0, 1) } else { *step }} />
                                    if let Some(at) = *selected_request {
                                        <detail::RequestDetailPane report={shared.clone()} inputs={state.inputs.clone()} worker={worker_ref.clone()} via_worker={state.via_worker} generation={state.generation} at={at}
                                            on_close={ let s = selected_request.clone(); Callback::from(move |_| s.set(None)) } />
                                    }
                                    if let Some((input, line)) = *focus {
                                        <evidence::EvidenceView inputs={state.inputs.clone()} input={input} line={line} generation={state.generation} worker={worker_ref.clone()} held_name={held_name(input)} />
                                    }
                                    <share_panel::SharePanel inputs={state.inputs.clone()} overrides={state.overrides.clone()} report={shared.clone()} on_action={dispatch.clone()}
                                        via_worker={state.via_worker} generation={state.generation} worker={worker_ref.clone()} proposed_keep={state.proposed_keep.clone()} />
                                </>
                            }},
                            None if state.analyzing.is_some() => html! {},
                            None => html! { <EmptyState on_action={dispatch.clone()} /> },
                        }
                    }
                </section>
            </main>
            }
            <footer class="footer"><glossary::Glossary /><shell::OfflineStatus /></footer>
        </div>
    }
}

/// The page's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Analysis,
    Compare,
    Decode,
    Api,
    Rules,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Analysis,
        Tab::Compare,
        Tab::Decode,
        Tab::Api,
        Tab::Rules,
    ];

    fn title(self) -> &'static str {
        match self {
            Tab::Analysis => "Analysis",
            Tab::Compare => "Compare",
            Tab::Decode => "Decode bytes",
            Tab::Api => "Call the API",
            Tab::Rules => "Rules",
        }
    }
    fn id(self) -> &'static str {
        match self {
            Tab::Analysis => "tab-analysis",
            Tab::Compare => "tab-compare",
            Tab::Decode => "tab-decode",
            Tab::Api => "tab-api",
            Tab::Rules => "tab-rules",
        }
    }
}

#[derive(Properties, PartialEq)]
struct EmptyStateProps {
    on_action: Callback<Action>,
}

/// What to paste, and the example one click away.
#[function_component(EmptyState)]
fn empty_state(props: &EmptyStateProps) -> Html {
    let load = {
        let cb = props.on_action.clone();
        Callback::from(move |_| cb.emit(Action::LoadExample))
    };
    html! {
        <div class="empty-state">
            <h2>{ "Nothing analysed yet" }</h2>
            <p>{ "Paste or drop any of: a HAR capture of the chat page, the entry point's initialize answer, ECE listener / CTI server / OPC logs, rttest agent_status output, or an ARM byte dump." }</p>
            <button class="primary" onclick={load}>{ "Load example" }</button>
            <h3>{ "Or see what a failure looks like" }</h3>
            <ul class="gallery">
                { for crate::sample::GALLERY.iter().map(|e| {
                    let cb = props.on_action.clone();
                    let id = e.id;
                    html! {
                        <li>
                            <button class="gallery-item" data-example={id} onclick={Callback::from(move |_| cb.emit(Action::LoadGallery(id)))}>{ e.title }</button>
                            <span class="muted small">{ format!(" {}", e.blurb) }</span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
