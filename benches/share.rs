//! Sanitizing for a share link (`sanitize::sanitize_for_sharing`) and building the link
//! (`share::sanitized_state` + `share::link`), on logs with a session id and an e-mail on every
//! line (one redaction each) and on a generated HAR. Run: `cargo bench --bench share`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use ece_triage::model::Input;
use ece_triage::sanitize::sanitize_for_sharing;
use ece_triage::share::{self, Overrides};
use ece_triage::synth;
use std::hint::black_box;
use std::time::Duration;

const LINE: &str = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [8938:listener-event-pool] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId: ABCDEF0123456789 <@> com.ipcc.listener.AgentAvailabilityStatusHandler <@> <@> agent agent1005@example.com is available\n";

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("share");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    let logs = LINE.repeat(8 * 1024 * 1024 / LINE.len());
    let har = synth::har_mb(8);
    let opts = Default::default();
    for (name, text) in [("logs_8MB", &logs), ("har_8MB", &har)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("sanitize_{name}"), |b| {
            b.iter(|| sanitize_for_sharing(black_box(text), &opts))
        });
        let inputs = [Input::new(name, text.clone())];
        g.bench_function(format!("link_{name}"), |b| {
            b.iter(|| {
                let state = share::sanitized_state(black_box(&inputs), &Overrides::default());
                share::link("https://tools.example.com/ece/", &state)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
