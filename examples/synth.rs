//! Writes a generated input (`src/synth.rs`) to a file, for the page benchmark (`make bench-page`).
//! `cargo run --profile bench --example synth -- logs|har|arm <MiB> <path>`
use ece_triage::synth;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(mb), Some(path)) = (
        args.first(),
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: synth logs|har|arm <MiB> <path>");
        std::process::exit(2);
    };
    let text = match kind.as_str() {
        "logs" => synth::log_mix_mb(mb),
        "har" => synth::har_mb(mb),
        "arm" => synth::listener_arm_mb(mb),
        other => {
            eprintln!("unknown kind {other:?}: logs, har or arm");
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    }
}
