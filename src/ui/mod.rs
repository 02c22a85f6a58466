//! The page: Yew function components that render what the core returns (wasm32 only).

mod agents;
mod analysis_view;
mod api_probe;
mod caller;
mod clock;
mod compare_view;
pub mod decoder;
mod detail;
pub mod dom;
mod effects;
mod entry_points;
mod evidence;
mod findings;
mod flow;
mod glossary;
mod history;
mod inputs;
mod ladder;
mod print;
mod progressive;
mod requests;
mod rules_view;
mod search;
mod selection;
mod service_ref;
mod share_panel;
mod shell;
mod state;
mod stepper;
mod tabs;
mod timeline;
mod verdict;
mod versions;
pub mod worker_client;

pub use state::{core_inputs, Action, AppState, Content, PageInput, WorkerRows};

use crate::report::Report;
use selection::{Select, Selection};
pub use service_ref::ServiceRef;
use std::rc::Rc;
use tabs::Tab;
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

/// The whole page: the header and tabs, and the view of the selected tab.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    // Callbacks the views get are made once: a new callback on every render would re-render
    // every panel (hundreds of findings and agents) whenever anything changes.
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a: Action, _| dispatcher.dispatch(a))
    };
    // Files the installed app is opened with take the file picker's path.
    shell::use_launched_files(dispatch.clone());
    let analysis = effects::use_analysis(&state, dispatch.clone());
    let tab = use_state(|| Tab::Analysis);
    let on_tab = {
        let tab = tab.setter();
        use_callback((), move |t: Tab, _| tab.set(t))
    };
    effects::use_fragment(dispatch.clone(), on_tab.clone());
    // What the analysis view has open, kept while another tab is shown.
    let selection = use_reducer(Selection::default);
    let on_select = {
        let d = selection.dispatcher();
        use_callback((), move |a: Select, _| d.dispatch(a))
    };
    history::use_history(&selection, on_select.clone());
    // Text the Decode view opens with (a decoded message's bytes, from "Open in decoder").
    let decoder_text = use_state(String::new);
    let decoder_kept = use_state(decoder::Kept::default);
    let on_decode = {
        let text = decoder_text.setter();
        let tab = tab.setter();
        use_callback((), move |dump: String, _| {
            text.set(dump);
            tab.set(Tab::Decode);
        })
    };
    let view = match *tab {
        Tab::Decode => html! {
            <main class="single" id="view" role="tabpanel" aria-labelledby={tab.id()}><decoder::DecoderView key={(*decoder_text).clone()} initial={(*decoder_text).clone()} kept={(*decoder_kept).clone()} /></main>
        },
        Tab::Api => html! {
            <main class="single" id="view" role="tabpanel" aria-labelledby={tab.id()}><api_probe::ApiProbe on_analyse={dispatch.reform(|i| Action::AddInputs(vec![i]))}
                on_show_analysis={on_tab.reform(|_| Tab::Analysis)} /></main>
        },
        Tab::Rules => html! {
            <main class="single" id="view" role="tabpanel" aria-labelledby={tab.id()}><rules_view::RulesView /></main>
        },
        Tab::Compare => html! {
            <main class="layout" id="view" role="tabpanel" aria-labelledby={tab.id()}>
                <inputs::InputPanel inputs={state.inputs.clone()} on_action={dispatch.clone()} />
                <compare_view::CompareView inputs={state.inputs.clone()} overrides={state.overrides.clone()} on_action={dispatch.clone()}
                    service={analysis.service.clone()} generation={state.generation} analyzing={state.analyzing.is_some()} />
            </main>
        },
        Tab::Analysis => html! {
            <main class="layout" id="view" role="tabpanel" aria-labelledby={tab.id()}>
                <inputs::InputPanel inputs={state.inputs.clone()} on_action={dispatch.clone()} report={state.report.clone().map(ReportRef)} />
                <analysis_view::AnalysisView inputs={state.inputs.clone()} overrides={state.overrides.clone()} report={state.report.clone().map(ReportRef)}
                    analyzing={state.analyzing.clone()} pending_here={state.pending_here} via_worker={state.via_worker} rows={state.rows.clone()}
                    generation={state.generation} proposed_keep={state.proposed_keep.clone()} service={analysis.service.clone()}
                    selection={(*selection).clone()} on_select={on_select} on_action={dispatch.clone()}
                    on_cancel={analysis.on_cancel.clone()} on_here={analysis.on_here.clone()} on_tab={on_tab.clone()} on_decode={on_decode} />
            </main>
        },
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
            <tabs::TabBar tab={*tab} on_select={on_tab} />
            { view }
            <footer class="footer"><glossary::Glossary /><shell::OfflineStatus /></footer>
        </div>
    }
}
