//! Small browser helpers the components share: downloads, clipboard, the page address.
use wasm_bindgen::JsCast;

/// Offers `text` as a file download (built in the browser; nothing is uploaded).
pub fn download(filename: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) {
        download_blob(filename, &blob);
    }
}

/// Offers a file the browser already holds (e.g. built by the analysis worker) as a download.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(a) = document
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Copies text to the clipboard when the browser allows it (secure contexts); returns whether it tried.
pub fn copy_to_clipboard(text: &str) -> bool {
    match web_sys::window() {
        Some(w) => {
            let _ = w.navigator().clipboard().write_text(text);
            true
        }
        None => false,
    }
}

/// The page's own address without its fragment (the base of share links).
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The current fragment, with its `#`.
pub fn page_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Scrolls the element with this id into view and moves the focus to it (or into it).
pub fn scroll_to_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        el.scroll_into_view();
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}

/// Calls `f` whenever the page's fragment changes (`hashchange`); the returned function stops it.
pub fn on_hash_change(f: impl Fn() + 'static) -> impl FnOnce() {
    let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
    let window = web_sys::window();
    if let Some(w) = &window {
        let _ = w.add_event_listener_with_callback("hashchange", handler.as_ref().unchecked_ref());
    }
    move || {
        if let Some(w) = window {
            let _ = w.remove_event_listener_with_callback(
                "hashchange",
                handler.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Moves the focus to the element with this id (after the next render has drawn it).
pub fn focus_id(id: &'static str) {
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    })
    .forget();
}
