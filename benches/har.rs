//! Reading a generated 100 MiB HAR (`ece_triage::synth::har_mb`): our tolerant reader, the same
//! reader without its quick way (`read_har_serde`: serde_json over every body), and plain
//! serde_json validation (`from_slice::<IgnoredAny>`) of the same bytes.
//! Run: `cargo bench --bench har`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use ece_triage::{har, synth};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let bytes = synth::har_mb(100).into_bytes();
    // Sanity: the generated file is a HAR with ECE calls in it, and valid JSON.
    let cap = har::read_har(&bytes).expect("generated HAR reads");
    assert!(!cap.calls.is_empty());
    serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).expect("valid JSON");
    eprintln!(
        "generated HAR: {:.1} MB, {} entries, {} ECE calls",
        bytes.len() as f64 / 1e6,
        cap.entries,
        cap.calls.len()
    );
    let mut g = c.benchmark_group("har_100mb");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("ece_triage::har::read_har", |b| {
        b.iter(|| black_box(har::read_har(black_box(&bytes)).unwrap().calls.len()))
    });
    g.bench_function("ece_triage::har::reader::read_har_serde", |b| {
        b.iter(|| {
            black_box(
                har::reader::read_har_serde(black_box(&bytes))
                    .unwrap()
                    .calls
                    .len(),
            )
        })
    });
    g.bench_function("serde_json::from_slice::<IgnoredAny>", |b| {
        b.iter(|| {
            black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&bytes)).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
