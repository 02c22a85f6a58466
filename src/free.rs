//! Freeing large values on a helper thread, not waited for.

/// Frees `v` on a helper thread, not waited for: an analysis of 100 MiB is millions of small
/// allocations, and freeing them took 3.6 % of `analyze --json` (perf) after the last byte was
/// written; giving 100 MiB of text back took 20 ms. Where no thread can be started (the page's
/// wasm), or starting one fails, it is freed here.
pub fn off_thread<T: Send + 'static>(v: T) {
    if std::thread::available_parallelism().is_err() {
        drop(v);
        return;
    }
    // A failed spawn drops the closure, and `v` with it.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(v));
}
