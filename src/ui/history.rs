//! Back / forward follow the user's moves in the analysis view: one history entry per navigation, its selection restored on `popstate`.
//!
//! The entry's URL is the page's own (a share link or `#example=` stays in the address bar); the
//! selection travels in the entry's state (`selection::history_state`), which no fragment uses.
use super::selection::{from_history_state, history_state, Select, Selection};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Pushes a history entry for each move the user makes, and restores the selection when the
/// user goes back or forward.
#[hook]
pub fn use_history(selection: &Selection, on_select: Callback<Select>) {
    {
        let (restored, nav) = (selection.restored, selection.nav.clone());
        use_effect_with(selection.moves, move |&moves| {
            if moves > 0 && !restored {
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ =
                        h.push_state_with_url(&JsValue::from_str(&history_state(&nav)), "", None);
                }
            }
        });
    }
    use_effect_with((), move |_| {
        // The page scrolls to what an entry opened (`analysis_view::land`); the browser's own
        // restoring of the window's scroll would then move it elsewhere.
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = js_sys::Reflect::set(&h, &"scrollRestoration".into(), &"manual".into());
        }
        let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            let state = web_sys::window()
                .and_then(|w| w.history().ok())
                .and_then(|h| h.state().ok())
                .and_then(|s| s.as_string());
            // An entry of ours, or the one the page was opened at (nothing selected yet).
            let nav = state
                .as_deref()
                .and_then(from_history_state)
                .unwrap_or_default();
            on_select.emit(Select::Restore(nav));
        });
        let w = web_sys::window();
        if let Some(w) = &w {
            let _ =
                w.add_event_listener_with_callback("popstate", handler.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = w {
                let _ = w.remove_event_listener_with_callback(
                    "popstate",
                    handler.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
