//! The whole pipeline (`analysis::analyze`: classify, read HARs, parse logs, correlate, rules,
//! report) on 100 MiB of log mix and on a 100 MiB HAR, both from `ece_triage::synth`, and on
//! 20 MiB of logs from 20,000 agents (per-agent work once grew with agents × events).
//! Run: `cargo bench --bench analyze`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use ece_triage::analysis::analyze;
use ece_triage::model::Input;
use ece_triage::synth;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyze");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));

    let har = [Input::new("capture.har", synth::har_mb(100))];
    g.throughput(Throughput::Bytes(har[0].text.len() as u64));
    g.bench_function("har_100MB", |b| {
        b.iter_with_large_drop(|| analyze(black_box(&har)))
    });
    drop(har);

    let logs = [Input::new("mix.log", synth::log_mix_mb(100))];
    g.throughput(Throughput::Bytes(logs[0].text.len() as u64));
    g.bench_function("log_mix_100MB", |b| {
        b.iter_with_large_drop(|| analyze(black_box(&logs)))
    });
    drop(logs);

    let logs = [Input::new(
        "agents.log",
        synth::log_mix_agents_mb(20, 20_000),
    )];
    g.throughput(Throughput::Bytes(logs[0].text.len() as u64));
    g.bench_function("log_mix_20MB_20000_agents", |b| {
        b.iter_with_large_drop(|| analyze(black_box(&logs)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
