//! Reading a generated 100 MB HAR: our tolerant reader against plain serde_json validation
//! (`from_slice::<IgnoredAny>`) of the same bytes.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ece_triage::har::{self, fixtures};
use std::hint::black_box;
use std::time::Duration;

const TARGET: usize = 100 * 1024 * 1024;

/// A Chrome-shaped HAR of about 100 MB: mostly non-ECE entries with large bodies (text with
/// escapes, base64 images, JSON), a handful of ECE calls spread through it.
fn generate() -> Vec<u8> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let words = [
        "chat",
        "agent",
        "queue",
        "lorem",
        "ipsum",
        "\\\"quoted\\\"",
        "line\\nbreak",
        "é",
        "tab\\t",
        "<div>",
        "&amp;",
    ];
    let mut out = String::with_capacity(TARGET + 1_000_000);
    out.push_str(r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":["#);
    let ece: Vec<String> = fixtures::full_capture(1)["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.to_string())
        .collect();
    let mut i = 0usize;
    while out.len() < TARGET {
        if i > 0 {
            out.push(',');
        }
        if i % 500 == 0 {
            out.push_str(&ece[(i / 500) % ece.len()]);
            i += 1;
            continue;
        }
        let size = 2_000 + (rnd() % 60_000) as usize;
        let kind = rnd() % 3;
        let (mime, enc, body) = match kind {
            0 => {
                let mut b = String::with_capacity(size);
                while b.len() < size {
                    b.push_str(words[(rnd() % words.len() as u64) as usize]);
                    b.push(' ');
                }
                ("text/html", "", b)
            }
            1 => {
                let mut b = String::with_capacity(size);
                const T: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                while b.len() < size {
                    b.push(T[(rnd() % 64) as usize] as char);
                }
                ("image/png", r#","encoding":"base64""#, b)
            }
            _ => {
                let mut b = String::from("[");
                while b.len() < size {
                    b.push_str(&format!(
                        r#"{{\"id\":{},\"name\":\"item {}\",\"price\":{}.99}},"#,
                        rnd() % 100000,
                        rnd() % 1000,
                        rnd() % 100
                    ));
                }
                b.push_str("{}]");
                ("application/json", "", b)
            }
        };
        out.push_str(&format!(
            r#"{{"_initiator":{{"type":"parser"}},"_priority":"Low","_resourceType":"other","cache":{{}},"pageref":"page_1","request":{{"method":"GET","url":"https://shop.example.com/assets/{i}/file?v={}","httpVersion":"HTTP/2","headers":[{{"name":"accept","value":"*/*"}},{{"name":"user-agent","value":"Mozilla/5.0"}}],"queryString":[{{"name":"v","value":"1"}}],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":200,"statusText":"","httpVersion":"HTTP/2","headers":[{{"name":"content-type","value":"{mime}"}}],"cookies":[],"content":{{"size":{},"mimeType":"{mime}"{enc},"text":"{body}"}},"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":{}}},"serverIPAddress":"192.0.2.1","startedDateTime":"2024-05-06T10:00:00.000Z","time":12.5,"timings":{{"blocked":0.5,"dns":-1,"ssl":-1,"connect":-1,"send":0.1,"wait":10.0,"receive":1.9}}}}"#,
            rnd() % 100,
            body.len(),
            body.len()
        ));
        i += 1;
    }
    out.push_str("]}}");
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let bytes = generate();
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
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("ece_triage::har::read_har", |b| {
        b.iter(|| black_box(har::read_har(black_box(&bytes)).unwrap().calls.len()))
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
