//! The web page entry point (wasm32). Natively this binary only says where to look.
#[cfg(target_arch = "wasm32")]
fn main() {
    // The page's wasm also runs the analysis worker for inputs under `worker::FAST_FROM` (see
    // worker-boot.js); bigger ones go to `ece-triage-worker`, built for speed.
    if ece_triage::worker::in_worker() {
        // Never readied (the page readies only the speed-tuned worker): no warm-up.
        ece_triage::worker::run_worker(|| {});
        return;
    }
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(boot) = document.as_ref().and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    yew::Renderer::<ece_triage::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ece-triage-web is the wasm page; build it with `make serve`. For the CLI run `ece-triage --help`.");
}
