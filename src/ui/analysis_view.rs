//! The Analysis tab's results: the worker's progress, every panel of the report, or what to paste when there is none.
use super::progressive::use_stages;
use super::selection::{ArrowKey, Select, Selection, Target};
use super::state::{Action, PageInput, WorkerRows};
use super::tabs::Tab;
use super::{
    agents, clock, compare_view, detail, entry_points, evidence, findings, flow, requests, search,
    share_panel, timeline, verdict, versions, ReportRef, ServiceRef,
};
use crate::analysis::{Overrides, Progress};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AnalysisViewProps {
    pub inputs: Rc<Vec<PageInput>>,
    pub overrides: Overrides,
    pub report: Option<ReportRef>,
    /// The worker's progress, while it analyses.
    pub analyzing: Option<Progress>,
    /// The page is about to analyse the inputs itself (the report shown is the previous one).
    pub pending_here: bool,
    pub via_worker: bool,
    pub rows: Option<Rc<WorkerRows>>,
    pub generation: u64,
    pub proposed_keep: Vec<String>,
    pub service: ServiceRef,
    pub selection: Selection,
    pub on_select: Callback<Select>,
    pub on_action: Callback<Action>,
    pub on_cancel: Callback<MouseEvent>,
    pub on_here: Callback<MouseEvent>,
    pub on_tab: Callback<Tab>,
    /// Opens the Decode tab on these bytes.
    pub on_decode: Callback<String>,
}

/// The name of report input `i` when the worker numbered the inputs otherwise than the page (it
/// opened an archive): evidence lines then come from the worker by the report's numbering.
pub fn held_name(
    report: &ReportRef,
    via_worker: bool,
    page_inputs: usize,
    i: usize,
) -> Option<String> {
    (via_worker && report.inputs.len() != page_inputs)
        .then(|| report.inputs.get(i).map(|x| x.name.clone()))
        .flatten()
}

/// The parts a new report's panels are rendered in: the verdict and what explains it; the search
/// box and the message flow; the timeline; the requests, the evidence and sharing.
const STAGES: usize = 4;

#[function_component(AnalysisView)]
pub fn analysis_view(p: &AnalysisViewProps) -> Html {
    // Callbacks the panels get are made once: a new callback on every render would re-render
    // every panel (hundreds of findings and agents) whenever anything changes.
    let on_evidence = use_callback(p.on_select.clone(), |(i, l): (usize, Option<u32>), s| {
        s.emit(Select::Evidence(i, l))
    });
    let on_search = use_callback(p.on_select.clone(), |t: String, s| {
        s.emit(Select::Search(t))
    });
    let on_step = use_callback(p.on_select.clone(), |d: i32, s| s.emit(Select::Step(d)));
    let on_request = use_callback(p.on_select.clone(), |(h, e): (usize, usize), s| {
        s.emit(Select::Request(h, e))
    });
    let on_close_request =
        use_callback(p.on_select.clone(), |_: (), s| s.emit(Select::CloseRequest));
    let on_arrow = use_callback(p.on_select.clone(), |k: ArrowKey, s| {
        s.emit(Select::Arrow(k))
    });
    // Each move lands: its target is scrolled into view (and takes the focus), wherever it is
    // drawn on this long page.
    use_effect_with(p.selection.moves, {
        let landed = p.selection.nav.landed;
        move |_| land(landed)
    });
    let on_compare = use_callback(p.on_tab.clone(), |_: (), t| t.emit(Tab::Compare));
    // The report's names: the worker may have opened a big archive into its members.
    let input_names: Vec<String> = match &p.report {
        Some(r) => r.inputs.iter().map(|i| i.name.clone()).collect(),
        None => p.inputs.iter().map(|i| i.name.clone()).collect(),
    };
    let sel = &p.selection;
    let search = AttrValue::from(sel.search.clone());
    // A new report's panels are rendered in turn, one part per task (see `use_stages`); the
    // results stay busy until the last part is there.
    let stage = use_stages(p.report.is_some(), STAGES);
    let busy = p.analyzing.is_some() || p.pending_here || (p.report.is_some() && stage < STAGES);
    html! {
        <section class="results" aria-label="Results" aria-busy={busy.to_string()}>
            if let Some(a) = &p.analyzing {
                <div class="analyzing" role="status" aria-live="polite">
                    <p>{ format!("Analysing in the background: {} ({} of {} MB)", a.stage, a.done_bytes / 1_000_000, a.total_bytes.div_ceil(1_000_000)) }</p>
                    <progress max={a.total_bytes.max(1).to_string()} value={a.done_bytes.to_string()} aria-label="Analysis progress" />
                    <div class="row">
                        <button id="cancel-analysis" onclick={p.on_cancel.clone()}>{ "Cancel" }</button>
                        <button id="analyse-here" onclick={p.on_here.clone()}>{ "Analyse here instead" }</button>
                    </div>
                </div>
            }
            {
                match &p.report {
                    Some(report) => {
                        // Enter / n step through the timeline's matches, or the requests' when
                        // the timeline has none to step through.
                        let steps_timeline = (!report.events.is_empty() || p.rows.as_ref().is_some_and(|r| r.total > 0))
                            && !crate::query::SearchQuery::parse(&sel.search).request_only();
                        let held = |i: usize| held_name(report, p.via_worker, p.inputs.len(), i);
                        html! {
                        <>
                            <compare_view::MergedNote sides={p.overrides.compare.clone()} count={p.inputs.len()} on_compare={on_compare} />
                            <verdict::VerdictBanner report={report.clone()} />
                            if p.via_worker {
                                <p class="muted small via-worker">{ format!("Analysed {} MB in the background worker.", report.inputs.iter().map(|i| i.bytes).sum::<usize>().div_ceil(1_000_000)) }</p>
                            }
                            <versions::VersionsPanel report={report.clone()} overrides={p.overrides.clone()} on_action={p.on_action.clone()} />
                            <findings::FindingsPanel report={report.clone()} input_names={input_names.clone()} on_evidence={on_evidence.clone()} />
                            <verdict::CollectPanel report={report.clone()} />
                            <entry_points::EntryPointsPanel report={report.clone()} on_request={on_request.clone()} />
                            <agents::AgentsPanel report={report.clone()} />
                            <clock::ClockPanel offsets={report.clock_offsets.clone()} overrides={p.overrides.clone()} on_action={p.on_action.clone()} />
                            if stage >= 2 {
                            <search::SearchBox value={search.clone()} on_change={on_search} on_step={on_step} />
                            <flow::FlowPanel report={report.clone()} rows={p.rows.clone()} inputs={p.inputs.clone()} generation={p.generation} service={p.service.clone()}
                                via_worker={p.via_worker} selected={sel.nav.arrow.clone()} on_select={on_arrow} on_decode={p.on_decode.clone()} />
                            }
                            if stage >= 3 {
                            <timeline::TimelinePanel report={report.clone()} rows={p.rows.clone()} service={p.service.clone()} generation={p.generation} input_names={input_names.clone()} on_evidence={on_evidence.clone()}
                                search={search.clone()} step={if steps_timeline { sel.step } else { (0, 1) }} />
                            }
                            if stage >= 4 {
                            <requests::RequestsPanel report={report.clone()} inputs={p.inputs.clone()} service={p.service.clone()} via_worker={p.via_worker} generation={p.generation}
                                search={search.clone()} selected={sel.nav.request} on_select={on_request.clone()} step={if steps_timeline { (0, 1) } else { sel.step }} />
                            if let Some(at) = sel.nav.request {
                                <detail::RequestDetailPane report={report.clone()} service={p.service.clone()} generation={p.generation} at={at}
                                    on_close={on_close_request} />
                            }
                            if let Some((input, line)) = sel.nav.focus {
                                <div id="nav-evidence" tabindex="-1"><evidence::EvidenceView inputs={p.inputs.clone()} input={input} line={line} generation={p.generation} service={p.service.clone()} held_name={held(input)} /></div>
                            }
                            <share_panel::SharePanel inputs={p.inputs.clone()} overrides={p.overrides.clone()} report={report.clone()} on_action={p.on_action.clone()}
                                via_worker={p.via_worker} generation={p.generation} service={p.service.clone()} proposed_keep={p.proposed_keep.clone()} />
                            }
                        </>
                    }},
                    None if p.analyzing.is_some() || p.pending_here => html! {},
                    None => html! { <EmptyState on_action={p.on_action.clone()} /> },
                }
            }
        </section>
    }
}

/// Scrolls the last move's target into view and moves the focus to it.
fn land(target: Option<Target>) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = match target {
        Some(Target::Evidence) => "#nav-evidence",
        Some(Target::Arrow) => "svg.ladder .arrow.selected",
        Some(Target::Request) => "#request-detail",
        None => return,
    };
    // The search box keeps the focus while Enter steps through matches.
    let typing = doc.active_element().is_some_and(|a| a.id() == "search");
    let Some(el) = doc.query_selector(selector).ok().flatten() else {
        return;
    };
    if !typing {
        if let Ok(h) = el.clone().dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        } else if let Ok(s) = el.clone().dyn_into::<web_sys::SvgElement>() {
            let _ = s.focus();
        }
    }
    // Its top a quarter down the window: clear of the sticky search bar, with what leads to it.
    el.scroll_into_view_with_bool(true);
    if let Some(w) = web_sys::window() {
        let h = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        w.scroll_by_with_x_and_y(0.0, -(h / 4.0));
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
