//! The analysis web worker's entry point (wasm32). Natively this binary only says what it is.
#[cfg(target_arch = "wasm32")]
fn main() {
    ece_triage::worker::run_worker();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ece-triage-worker is the page's web worker (wasm32); it does nothing natively.");
}
