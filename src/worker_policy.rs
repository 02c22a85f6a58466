//! Starts the analysis worker under the page's Content-Security-Policy: from a `blob:` URL.
//!
//! A dedicated worker started from its own URL gets only the policy its response's headers carry
//! (the page's `<meta>` policy does not reach it, and static hosts send no header), so it could
//! `fetch()` any server while it holds every input over 1 MB. A worker started from a `blob:` URL
//! inherits the policy of the page that made it (HTML: a local-scheme worker's policy container is
//! its creator's; Chromium, Firefox and Safari do so): `connect-src 'self'`, `script-src 'self'`,
//! so it can reach nothing but the page's own origin. The blob only imports `worker-boot.js`
//! (same origin, allowed by `script-src 'self'`), which refuses to run when not started this way.
//! The page's policy allows it with `worker-src 'self' blob:` (scripts/csp.py).
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, Url, Worker, WorkerOptions, WorkerType};

/// The module worker for `boot` (a URL relative to the page, e.g. `./worker-boot.js?js=…`),
/// started from a `blob:` URL that imports it.
pub fn start(boot: &str) -> Result<Worker, String> {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .ok_or("no page address")?;
    let boot = Url::new_with_base(boot, &page)
        .map_err(|e| format!("bad worker address: {e:?}"))?
        .href();
    // JSON string syntax is JavaScript string syntax.
    let source = format!(
        "import {};\n",
        serde_json::to_string(&boot).map_err(|e| e.to_string())?
    );
    let bag = BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&JsValue::from_str(&source)),
        &bag,
    )
    .map_err(|e| format!("{e:?}"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&url, &opts).map_err(|e| format!("{e:?}"));
    // The worker holds the blob from its construction on (the URL is resolved then).
    let _ = Url::revoke_object_url(&url);
    worker
}
