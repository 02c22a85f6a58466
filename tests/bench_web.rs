//! Browser benchmark (not a test): our whole `analyze` against the browser's own `JSON.parse` on
//! the same 100 MiB HAR (and the HAR read alone, with and without its quick way), and the analysis the worker runs (`analysis_freeing`) on 100 MiB of mixed
//! logs, in headless Chromium, with the JS heap and wasm memory after each step.
//!
//! Run it with `make bench-web` (`scripts/bench-web.sh`): release build, `--features bench-web`,
//! `--nocapture` so the figures are printed. The `bench-web` feature keeps it out of every test run.
#![cfg(all(target_arch = "wasm32", feature = "bench-web"))]

use ece_triage::analysis::{analysis_freeing, analyze};
use ece_triage::model::Input;
use ece_triage::synth;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SIZE_MB: usize = 100;
/// Timed runs of each HAR step (`BENCH_WEB_RUNS` at build time, 3 by default); every time is
/// printed, and the best.
const RUNS: usize = runs(option_env!("BENCH_WEB_RUNS"), 3);
/// Timed runs of analyze on the log mix (`BENCH_WEB_LOG_RUNS`, 3 by default). The first runs the
/// log-reading code for the first time in this wasm instance, as a new worker's first analysis
/// does; the later ones run code the engine has optimized meanwhile (2026-12-06, the 2-core
/// machine: 0.8–1.2 s where the first took 1.2–1.7 s), which a new worker does not have: they are
/// told apart, not mixed into one best.
const LOG_RUNS: usize = runs(option_env!("BENCH_WEB_LOG_RUNS"), 3);
/// `BENCH_WEB_READIED` (at build time; set: this mode): the analysis of a worker the page readied while
/// the user chose the file (`src/ui/effects.rs`): the instance runs the worker's own warm-up
/// (`worker::warm_up`) and idles as long as `BENCH_WEB_READIED` says in ms (the picker open; 1500
/// if it is no number); then the HAR steps once (a HAR chosen) and the log runs.
const READIED_MS: Option<usize> = match option_env!("BENCH_WEB_READIED") {
    Some(v) => Some(runs(Some(v), 1500)),
    None => None,
};

/// `BENCH_WEB_SKIP_HAR` (at build time; set: the HAR steps are left out): the log runs alone, the
/// first of them in a new instance with nothing run before it (half the run's time, for comparing
/// two builds' first runs).
const SKIP_HAR: bool = option_env!("BENCH_WEB_SKIP_HAR").is_some();

/// A small decimal from the build environment, or `default`.
const fn runs(v: Option<&str>, default: usize) -> usize {
    let Some(v) = v else { return default };
    let b = v.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            return default;
        }
        n = n * 10 + (b[i] - b'0') as usize;
        i += 1;
    }
    if n == 0 {
        default
    } else {
        n
    }
}

fn say(s: &str) {
    web_sys::console::log_1(&JsValue::from_str(s));
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `performance.memory.usedJSHeapSize` in MiB (Chrome only; `None` elsewhere).
fn js_heap_mb() -> Option<f64> {
    let perf = web_sys::window()?.performance()?;
    get(&get(&perf, "memory"), "usedJSHeapSize")
        .as_f64()
        .map(|b| b / synth::MB as f64)
}

/// The wasm linear memory in MiB (it only grows, so this is also its peak).
fn wasm_mb() -> f64 {
    get(&get(&wasm_bindgen::memory(), "buffer"), "byteLength")
        .as_f64()
        .unwrap_or(0.0)
        / synth::MB as f64
}

fn memory() -> String {
    let heap = js_heap_mb().map_or_else(|| "n/a".to_string(), |m| format!("{m:.0} MiB"));
    format!("JS heap {heap}, wasm memory {:.0} MiB", wasm_mb())
}

/// Lets the browser breathe (and the runner read the page) between heavy steps.
async fn pause() {
    idle(50).await;
}

/// Waits `ms` with the thread idle.
async fn idle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn best(times: &[f64]) -> f64 {
    times.iter().copied().fold(f64::INFINITY, f64::min)
}

fn mbps(bytes: usize, ms: f64) -> f64 {
    bytes as f64 / synth::MB as f64 / (ms / 1000.0)
}

fn list(times: &[f64]) -> String {
    times
        .iter()
        .map(|t| format!("{t:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[wasm_bindgen_test]
async fn bench_har_and_logs() {
    // HAR runs in this mode: the readied mode runs the HAR steps once.
    let har_runs = match (READIED_MS, SKIP_HAR) {
        (_, true) => 0,
        (Some(_), false) => 1,
        (None, false) => RUNS,
    };
    say(&format!(
        "bench-web: {}, {SIZE_MB} MiB inputs, {har_runs} HAR run(s), {LOG_RUNS} log run(s)",
        web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default()
    ));
    match READIED_MS {
        None if SKIP_HAR => {}
        None => bench_har(har_runs).await,
        Some(ms) => {
            let t = now_ms();
            ece_triage::worker::warm_up();
            say(&format!(
                "warm-up ({} MiB of logs, {} of HAR, as the readied worker's): {:.0} ms; then {ms} ms idle; {}",
                ece_triage::worker::WARM_MB,
                ece_triage::worker::WARM_HAR_MB,
                now_ms() - t,
                memory()
            ));
            idle(i32::try_from(ms).unwrap_or(1500)).await;
            // A HAR chosen instead: once, as the readied worker's first analysis (then the log
            // run, whose code the HAR's hardly shares).
            if har_runs > 0 {
                bench_har(har_runs).await;
            }
        }
    }
    bench_logs().await;
}

/// The HAR steps, `runs` times: `JSON.parse` against our analyze and the HAR read alone (the
/// first analyze is the HAR-reading code's first run in the instance).
async fn bench_har(runs: usize) {
    say(&format!("start: {}", memory()));

    // --- HAR: JSON.parse against analyze, same text ---
    let t0 = now_ms();
    let har = synth::har_mb(SIZE_MB);
    let bytes = har.len();
    say(&format!(
        "HAR generated in wasm: {bytes} bytes in {:.0} ms; {}",
        now_ms() - t0,
        memory()
    ));
    let inputs = [Input::new("capture.har", har)];
    pause().await;

    // The text as a JS string made once, outside the timing, and the browser's own JSON.parse
    // called on it (js_sys::JSON::parse takes a &str and would time the copy out of wasm too).
    let js_text: JsValue = js_sys::JsString::from(inputs[0].text.as_str()).into();
    let json = get(&js_sys::global(), "JSON");
    let json_parse: js_sys::Function = get(&json, "parse").dyn_into().expect("JSON.parse");
    let mut parse_ms = Vec::new();
    let mut ours_ms = Vec::new();
    // The HAR read alone, as the analysis reads it and with serde_json over every body (the
    // reader without its quick way), on the same text.
    let mut read_ms = Vec::new();
    let mut serde_ms = Vec::new();
    for run in 0..runs {
        let t = now_ms();
        let parsed = json_parse.call1(&json, &js_text).ok();
        parse_ms.push(now_ms() - t);
        assert!(parsed.is_some(), "JSON.parse failed");
        say(&format!(
            "  run {run}: JSON.parse {:.0} ms; {} (parsed value alive)",
            parse_ms[run],
            memory()
        ));
        drop(parsed);
        pause().await;

        let t = now_ms();
        let report = analyze(&inputs);
        ours_ms.push(now_ms() - t);
        assert_eq!(report.har.len(), 1, "the HAR was read");
        assert!(!report.har[0].capture.calls.is_empty(), "ECE calls found");
        say(&format!(
            "  run {run}: analyze {:.0} ms; {} (report alive)",
            ours_ms[run],
            memory()
        ));
        drop(report);
        pause().await;

        let t = now_ms();
        let quick = ece_triage::har::read_har_str(&inputs[0].text);
        read_ms.push(now_ms() - t);
        drop(quick);
        let t = now_ms();
        let plain = ece_triage::har::reader::read_har_serde(inputs[0].text.as_bytes());
        serde_ms.push(now_ms() - t);
        assert!(plain.is_ok(), "read_har_serde read the HAR");
        say(&format!(
            "  run {run}: read_har_str {:.0} ms, read_har_serde {:.0} ms",
            read_ms[run], serde_ms[run]
        ));
        drop(plain);
        pause().await;
    }
    drop(js_text);
    // Machine-readable lines for scripts/bench-compare.sh.
    say(&format!("BENCH har_bytes {bytes}"));
    say(&format!("BENCH har_json_parse_ms {}", list(&parse_ms)));
    say(&format!("BENCH har_analyze_ms {}", list(&ours_ms)));
    say(&format!("BENCH har_read_ms {}", list(&read_ms)));
    say(&format!("BENCH har_read_serde_ms {}", list(&serde_ms)));
    let (p, o) = (best(&parse_ms), best(&ours_ms));
    say(&format!(
        "RESULT HAR {:.1} MiB: JSON.parse {p:.0} ms ({:.0} MiB/s) [{}]; analyze {o:.0} ms ({:.0} MiB/s) [{}]; ratio analyze/JSON.parse {:.2}x; {}",
        bytes as f64 / synth::MB as f64,
        mbps(bytes, p),
        list(&parse_ms),
        mbps(bytes, o),
        list(&ours_ms),
        o / p,
        memory()
    ));
    drop(inputs);
    pause().await;
}

/// The log mix, analysed as the worker analyses it, [`LOG_RUNS`] times.
async fn bench_logs() {
    // --- Logs: the analysis as the worker runs it (each text freed once parsed, the events kept
    // compact; the page's rows are made from it as they are shown) ---
    let t0 = now_ms();
    let logs = synth::log_mix_mb(SIZE_MB);
    let bytes = logs.len();
    say(&format!(
        "log mix generated in wasm: {bytes} bytes in {:.0} ms; {}",
        now_ms() - t0,
        memory()
    ));
    let mut inputs = vec![Input::new("mix.log", logs)];
    pause().await;
    let mut ours_ms = Vec::new();
    let mut events = 0;
    // The wasm memory once the first analysis is made (what a fresh worker holds for the file; a
    // later run's input is made while the memory the first freed is in pieces, and grows it).
    let mut first_mib = 0.0;
    for run in 0..LOG_RUNS {
        if run > 0 {
            inputs = vec![Input::new("mix.log", synth::log_mix_mb(SIZE_MB))];
        }
        let t = now_ms();
        // When each stage began (the analysis tells its progress before each).
        let mut stages: Vec<(String, f64)> = Vec::new();
        let a = analysis_freeing(&mut inputs, &Default::default(), &mut |p| {
            stages.push((p.stage, now_ms()))
        });
        ours_ms.push(now_ms() - t);
        stages.push(("end".into(), now_ms()));
        say(&format!(
            "  run {run} stages: {}",
            stages
                .windows(2)
                .map(|w| format!("{} {:.0} ms", w[0].0, w[1].1 - w[0].1))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        events = a.events_len();
        if run == 0 {
            first_mib = wasm_mb();
        }
        say(&format!(
            "  run {run}: analysis {:.0} ms, {events} events; {} (analysis alive)",
            ours_ms[run],
            memory()
        ));
        drop(a);
        pause().await;
    }
    assert!(events > 0, "the logs gave events");
    say(&format!("BENCH logs_bytes {bytes}"));
    say(&format!("BENCH logs_analyze_ms {}", list(&ours_ms)));
    say(&format!("BENCH logs_wasm_mib {first_mib:.0}"));
    if let Some(ms) = READIED_MS {
        say(&format!("BENCH logs_readied_idle_ms {ms}"));
    }
    let first = ours_ms[0];
    let later = if ours_ms.len() > 1 {
        format!(", later runs best {:.0} ms", best(&ours_ms[1..]))
    } else {
        String::new()
    };
    say(&format!(
        "RESULT logs {:.1} MiB: first analysis {first:.0} ms ({:.0} MiB/s){later} [{}], {events} events; wasm memory after the first {first_mib:.0} MiB; {}",
        bytes as f64 / synth::MB as f64,
        mbps(bytes, first),
        list(&ours_ms),
        memory()
    ));
}
