//! The page: Yew function components that render what the core returns (wasm32 only).

mod entry_points;
mod inputs;
mod state;
mod verdict;

pub use state::{Action, AppState};

use yew::prelude::*;

/// The whole page: inputs on one side, the verdict and the evidence on the other.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    {
        // `#example` in the address opens the page with the built-in example loaded.
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            if hash == "#example" {
                dispatch.emit(Action::LoadExample);
            }
        });
    }
    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "ECE Chat Triage" }</h1>
                <p class="tagline">{ "Why does the chat entry point say \u{201c}no agents available\u{201d}? Paste the evidence; nothing leaves your browser." }</p>
            </header>
            <main class="layout">
                <inputs::InputPanel inputs={state.inputs.clone()} on_action={dispatch.clone()} />
                <section class="results" aria-label="Results">
                    {
                        match &state.report {
                            Some(report) => html! {
                                <>
                                    <verdict::VerdictBanner verdict={report.verdict.clone()} />
                                    <entry_points::EntryPointsPanel entry_points={report.entry_points.clone()} />
                                </>
                            },
                            None => html! { <EmptyState on_action={dispatch.clone()} /> },
                        }
                    }
                </section>
            </main>
        </div>
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
        </div>
    }
}
