//! The one search box: filters the timeline and the requests; `/` focuses it, Enter / Shift+Enter (or n / N) step between matches.
use crate::query::{SearchQuery, TERMS};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SearchProps {
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// +1: the next match; −1: the previous one.
    pub on_step: Callback<i32>,
}

/// Whether a key press is typed into a field (then `/`, `n` and `N` are the user's text).
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

#[function_component(SearchBox)]
pub fn search_box(props: &SearchProps) -> Html {
    let input = use_node_ref();
    {
        // Page-wide keys: `/` focuses the box, n / N step between matches.
        let input = input.clone();
        let on_step = props.on_step.clone();
        use_effect_with((), move |_| {
            let handler =
                Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                    if typing(&e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    match e.key().as_str() {
                        "/" => {
                            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                                e.prevent_default();
                                let _ = el.focus();
                                el.select();
                            }
                        }
                        "n" => on_step.emit(1),
                        "N" => on_step.emit(-1),
                        _ => {}
                    }
                });
            let doc = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &doc {
                let _ =
                    d.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = doc {
                    let _ = d.remove_event_listener_with_callback(
                        "keydown",
                        handler.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let oninput = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                cb.emit(el.value());
            }
        })
    };
    let onkeydown = {
        let step = props.on_step.clone();
        let change = props.on_change.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                step.emit(if e.shift_key() { -1 } else { 1 });
            }
            "Escape" => change.emit(String::new()),
            _ => {}
        })
    };
    let q = SearchQuery::parse(&props.value);
    html! {
        <section class="panel search-bar" aria-label="Search">
            <label for="search" class="search-label">{ "Search the timeline and the requests" }</label>
            <div class="row search-row">
                <input type="search" id="search" ref={input} value={props.value.clone()} {oninput} {onkeydown}
                    placeholder="text, agent:6420 mrd:5000 invoke:80171 source:opc after:13:34 status:4xx (press /)"
                    aria-describedby="search-help" autocomplete="off" spellcheck="false" />
                <button type="button" class="step" aria-label="Previous match (Shift+Enter or N)" onclick={ let s = props.on_step.clone(); Callback::from(move |_| s.emit(-1)) }>{ "\u{2191}" }</button>
                <button type="button" class="step" aria-label="Next match (Enter or n)" onclick={ let s = props.on_step.clone(); Callback::from(move |_| s.emit(1)) }>{ "\u{2193}" }</button>
            </div>
            { for q.notes.iter().map(|n| html! { <p class="warn small" role="status">{ n.clone() }</p> }) }
            <details id="search-help" class="search-help">
                <summary>{ "How search works" }</summary>
                <p class="small">{ "Words (or \"quoted phrases\") are found anywhere in an event's name, values and time, or in a request's URL, method, type and status, in any case. Every term must match. Enter / Shift+Enter (or n / N outside the box) go to the next / previous match; / puts the cursor here; Escape clears it." }</p>
                <ul class="small">
                    { for TERMS.iter().map(|(t, what)| html! { <li><code>{ *t }</code>{ format!(" \u{2014} {what}") }</li> }) }
                </ul>
                <p class="small muted">{ "Times are on the timeline's common clock (the listener's GMT; a HAR's UTC)." }</p>
            </details>
        </section>
    }
}
