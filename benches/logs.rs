//! Log reader throughput on a generated ~100 MiB mix of the seed's line shapes with varying ids
//! (`ece_triage::synth::log_mix_mb`). Run: `cargo bench --bench logs`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use ece_triage::logs::parse_text;
use ece_triage::synth;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let text = synth::log_mix_mb(100);
    let mut g = c.benchmark_group("logs");
    g.throughput(Throughput::Bytes(text.len() as u64));
    // Flat sampling: 10 samples of equal size (linear sampling would run 55 parses of 100 MiB).
    g.sample_size(10).sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(5));
    // Parse only (the result is freed outside the timing).
    g.bench_function("parse_100MB_mix", |b| {
        b.iter_with_large_drop(|| parse_text(0, black_box(&text)))
    });
    // Parse and free the result.
    g.bench_function("parse_and_drop_100MB_mix", |b| {
        b.iter(|| drop(black_box(parse_text(0, black_box(&text)))))
    });
    g.finish();

    // Per line kind, 10 MB each: where the time goes.
    let mut g = c.benchmark_group("logs_by_kind");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(3));
    for (name, pick) in [("listener", "<@>"), ("ctisvr", "-ctisvr"), ("opc", "-opc")] {
        let only: String = synth::log_mix_mb(12)
            .lines()
            .filter(|l| l.contains(pick))
            .flat_map(|l| [l, "\n"])
            .collect();
        g.throughput(Throughput::Bytes(only.len() as u64));
        g.bench_function(name, |b| {
            b.iter_with_large_drop(|| parse_text(0, black_box(&only)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
