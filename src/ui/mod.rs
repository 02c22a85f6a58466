//! The page: Yew function components that render what the core returns (wasm32 only).
pub mod decoder;

use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <h1>{ "ECE Chat Triage" }</h1> }
}
