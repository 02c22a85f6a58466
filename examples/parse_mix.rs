//! `logs::parse_text` on the generated log mix, timed N times (min and median), the result freed
//! outside the timing like `benches/logs.rs`: a quick, less noisy check than criterion on a shared machine.
//! `cargo run --profile bench --example parse_mix -- [MiB] [runs] [kind: all|listener|ctisvr|opc]`
use ece_triage::{logs, synth};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let kind = args.next().unwrap_or_else(|| "all".to_string());
    let mut text = synth::log_mix_mb(mb);
    let pick = match kind.as_str() {
        "listener" => Some("<@>"),
        "ctisvr" => Some("-ctisvr"),
        "opc" => Some("-opc"),
        _ => None,
    };
    if let Some(p) = pick {
        text = text
            .lines()
            .filter(|l| l.contains(p))
            .flat_map(|l| [l, "\n"])
            .collect();
    }
    let mut times = Vec::new();
    let mut drops = Vec::new();
    let mut events = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let p = logs::parse_text(0, std::hint::black_box(&text));
        times.push(t.elapsed().as_secs_f64());
        events = p.events.len();
        let t = Instant::now();
        drop(p);
        drops.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    drops.sort_by(|a, b| a.total_cmp(b));
    let mib = text.len() as f64 / (1 << 20) as f64;
    let mb = text.len() as f64 / 1e6;
    println!(
        "{kind} {mib:.1} MiB, {events} events: min {:.1} ms ({:.0} MiB/s, {:.0} MB/s), median {:.1} ms ({:.0} MiB/s); drop min {:.1} ms",
        times[0] * 1e3,
        mib / times[0],
        mb / times[0],
        times[runs / 2] * 1e3,
        mib / times[runs / 2],
        drops[0] * 1e3
    );
}
