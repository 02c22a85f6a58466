//! The web page entry point (wasm32). Natively this binary only says where to look.
#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<ece_triage::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ece-triage-web is the wasm page; build it with `make serve`. For the CLI run `ece-triage --help`.");
}
