//! Sanitizes one generated input once, for instruction counts that do not depend on the load of
//! the machine: `valgrind --tool=callgrind target/release/examples/sanitize_once logs 8` after
//! `cargo build --profile bench --example sanitize_once`; a third argument `link` makes the
//! share link instead (sanitizing, the state's JSON, deflate, base64url). Inputs as in
//! `benches/share.rs`. A fourth argument N sanitizes N times: with `perf stat -e task-clock`, the
//! CPU time per pass is (time(N) − time(1)) / (N − 1), which the load of the machine barely moves.

use ece_triage::sanitize::sanitize_for_sharing;
use ece_triage::synth;

const LINE: &str = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [8938:listener-event-pool] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId: ABCDEF0123456789 <@> com.ipcc.listener.AgentAvailabilityStatusHandler <@> <@> agent agent1005@example.com is available\n";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mb: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(8);
    let text = match args.get(1).map(String::as_str) {
        Some("har") => synth::har_mb(mb),
        _ => LINE.repeat(mb * 1024 * 1024 / LINE.len()),
    };
    let t = std::time::Instant::now();
    if args.get(3).map(String::as_str) == Some("link") {
        let inputs = [ece_triage::model::Input::new("input", text)];
        let state = ece_triage::share::sanitized_state(&inputs, &Default::default());
        let link = ece_triage::share::link("https://tools.example.com/ece/", &state);
        eprintln!(
            "link of {} characters, {:.0} ms",
            link.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
        return;
    }
    // A fourth argument repeats the sanitizing (CPU time per pass = the difference of two runs
    // under `perf stat -e task-clock`, whatever the load of the machine).
    let times: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(1);
    for _ in 1..times {
        std::hint::black_box(sanitize_for_sharing(&text, &Default::default()));
    }
    let (out, removed) = sanitize_for_sharing(&text, &Default::default());
    eprintln!(
        "{} bytes → {} bytes, {} redactions, {:.0} ms",
        text.len(),
        out.len(),
        removed.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
