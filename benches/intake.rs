//! Intake's own cost on big inputs: splitting a text into parts (a pass before any parsing) and
//! reading a file's bytes as text (UTF-8, UTF-16), on 20 MiB of generated logs and HAR, with the
//! HAR reader on the same HAR for reference. `cargo bench --bench intake`.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ece_triage::intake::{self, Limits};
use ece_triage::synth;
use std::hint::black_box;

fn parts(c: &mut Criterion) {
    let mut g = c.benchmark_group("intake");
    g.sample_size(10);
    let logs = synth::log_mix_mb(20);
    let har = synth::har_mb(20);
    // 20 MB of log lines that start with `{` but are no JSON: each judged by its head, none scanned.
    let braces = "{ not json, a log line of some length\n".repeat(20 * 1024 * 1024 / 38);
    for (name, text) in [
        ("log_mix_20MB", &logs),
        ("har_20MB", &har),
        ("brace_lines_20MB", &braces),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("parts/{name}"), |b| {
            b.iter(|| intake::parts(black_box(text)))
        });
    }
    // A HAR alone is taken to its last brace unscanned; `parts_exact` scans it (what a HAR
    // followed by more text costs, and what `parts` costs for a HAR after logs).
    g.throughput(Throughput::Bytes(har.len() as u64));
    g.bench_function("parts_exact/har_20MB", |b| {
        b.iter(|| intake::parts_exact(black_box(&har)))
    });
    // Reference: the HAR reader on the same text.
    g.throughput(Throughput::Bytes(har.len() as u64));
    g.bench_function("reference_read_har/har_20MB", |b| {
        b.iter(|| ece_triage::har::read_har_str(black_box(&har)))
    });
    g.throughput(Throughput::Bytes(logs.len() as u64));
    g.bench_function("open/log_mix_20MB_utf8", |b| {
        b.iter(|| {
            intake::open(
                "x.log",
                black_box(logs.clone().into_bytes()),
                &Limits::default(),
            )
        })
    });
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(logs.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    g.throughput(Throughput::Bytes(utf16.len() as u64));
    g.bench_function("open/log_mix_20MB_utf16le", |b| {
        b.iter(|| intake::open("x.log", black_box(utf16.clone()), &Limits::default()))
    });
    // A Windows-1252 (ANSI) log: a name with an accent (0xE9, invalid as UTF-8) every 50 lines.
    let ansi: Vec<u8> = logs
        .lines()
        .enumerate()
        .flat_map(|(n, l)| {
            let extra: &[u8] = if n % 50 == 0 { b" Zo\xe9" } else { b"" };
            [l.as_bytes(), extra, b"\n"].concat()
        })
        .collect();
    g.throughput(Throughput::Bytes(ansi.len() as u64));
    g.bench_function("open/log_mix_20MB_windows1252", |b| {
        b.iter(|| intake::open("x.log", black_box(ansi.clone()), &Limits::default()))
    });
    g.finish();
}

criterion_group!(benches, parts);
criterion_main!(benches);
