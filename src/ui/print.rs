//! Whether the page is being printed: lists drawn virtually render every row while it is.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows a virtual list renders for print at most (a ticket's printout, not a 100 MB log's: the
/// list says how many it left out and the exports hold every one).
pub const PRINT_MAX_ROWS: usize = 5_000;

/// True between `beforeprint` and `afterprint`, and while `matchMedia('print')` matches (print
/// preview emulation fires no `beforeprint`). Yew renders on the microtask after the event, before
/// the browser lays the page out for print.
#[hook]
pub fn use_printing() -> bool {
    let printing = use_state(|| false);
    {
        let printing = printing.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let set = |v: bool| {
                let p = printing.clone();
                Closure::<dyn Fn()>::new(move || p.set(v))
            };
            let (before, after) = (set(true), set(false));
            let media: Option<web_sys::EventTarget> = window.as_ref().and_then(|w| {
                let f = js_sys::Reflect::get(w, &"matchMedia".into()).ok()?;
                let f: js_sys::Function = f.dyn_into().ok()?;
                f.call1(w, &"print".into()).ok()?.dyn_into().ok()
            });
            let change = {
                let p = printing.clone();
                let m = media.clone();
                Closure::<dyn Fn()>::new(move || {
                    let matches = m
                        .as_ref()
                        .and_then(|m| js_sys::Reflect::get(m, &"matches".into()).ok())
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    p.set(matches);
                })
            };
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "beforeprint",
                    before.as_ref().unchecked_ref(),
                );
                let _ = w
                    .add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
            }
            if let Some(m) = &media {
                let _ =
                    m.add_event_listener_with_callback("change", change.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "beforeprint",
                        before.as_ref().unchecked_ref(),
                    );
                    let _ = w.remove_event_listener_with_callback(
                        "afterprint",
                        after.as_ref().unchecked_ref(),
                    );
                }
                if let Some(m) = &media {
                    let _ = m.remove_event_listener_with_callback(
                        "change",
                        change.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    *printing
}
