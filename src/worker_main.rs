//! The analysis worker's entry point (wasm32): the core built for speed, without the page's UI.
#[cfg(target_arch = "wasm32")]
fn main() {
    ece_triage::worker::run_worker(ece_triage::worker::warm_up);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ece-triage-worker is the page's analysis worker (wasm); `make serve` builds it with the page. For the CLI run `ece-triage --help`.");
}
