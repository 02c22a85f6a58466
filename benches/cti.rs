//! ARM byte decoder throughput: `cti::decode_text` on 20 MiB of listener ARMLogger records
//! (`ece_triage::synth::listener_arm_mb`), every record a MAKE_AGENT_ROUTABLE_IND or
//! MAKE_AGENT_READY_IND dump in signed decimals. Run: `cargo bench --bench cti`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use ece_triage::cti::{decode_text, DecodeOptions};
use ece_triage::synth;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let text = synth::listener_arm_mb(20);
    let opts = DecodeOptions::default();
    let n = decode_text(&text, &opts).messages.len();
    eprintln!(
        "listener ARM text: {:.1} MB, {n} messages",
        text.len() as f64 / 1e6
    );
    let mut g = c.benchmark_group("cti");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("decode_text_20MB_listener_arm", |b| {
        b.iter_with_large_drop(|| decode_text(black_box(&text), &opts))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
