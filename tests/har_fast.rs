//! The quick HAR read (serde over a copy without the bodies of non-ECE entries; `read_har`, `read_har_str`) gives exactly what serde over the whole file gives: on every sample HAR, generated ones, and all of them cut short, damaged, with a BOM and with CRLF.

use ece_triage::har::reader::{read_har_fast, read_har_serde};
use ece_triage::har::{self, fixtures};
use ece_triage::requests::span::entry_spans;
use ece_triage::synth;

thread_local! {
    /// How many readings on this test's thread gave the entries' places.
    static PLACED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `read_har` == the plain reading, and so is the quick reading when it reads at all; whether it did.
/// The entries' places `read_har_str_placed` gives with it are those `entry_spans` finds.
fn same(what: &str, bytes: &[u8]) -> bool {
    let plain = read_har_serde(bytes);
    assert_eq!(har::read_har(bytes), plain, "{what}: read_har");
    if let Ok(text) = std::str::from_utf8(bytes) {
        assert_eq!(har::read_har_str(text), plain, "{what}: read_har_str");
        let placed = har::read_har_str_placed(text);
        assert_eq!(
            placed.as_ref().map(|p| &p.0),
            plain.as_ref(),
            "{what}: read_har_str_placed"
        );
        if let Ok((cap, Some(places))) = placed {
            let spans = entry_spans(text);
            assert_eq!(spans.as_ref(), Ok(&places), "{what}: the entries' places");
            assert_eq!(places.len(), cap.entries, "{what}");
            PLACED.with(|n| n.set(n.get() + 1));
        }
    }
    match read_har_fast(bytes) {
        Some(cap) => {
            assert_eq!(Ok(&cap), plain.as_ref(), "{what}: the quick reading");
            true
        }
        None => false,
    }
}

fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    let root = format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|x| x == "har") || dir.contains("fuzz_regressions") {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// The file as given, with a BOM, with CRLF line ends, and pretty-printed when it is JSON.
fn dressed(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = vec![("as is", bytes.to_vec())];
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(bytes);
    out.push(("bom", bom));
    let mut crlf = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    for &b in bytes {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    out.push(("crlf", crlf));
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        out.push(("pretty", serde_json::to_vec_pretty(&v).unwrap()));
    }
    out
}

fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

/// Cut short at `n` places and `n` bytes replaced by one that means something to JSON.
fn damaged(what: &str, bytes: &[u8], n: usize) {
    let mut rnd = xorshift(0x5EED_0000 ^ bytes.len() as u64);
    for _ in 0..n {
        let at = (rnd() % (bytes.len() as u64 + 1)) as usize;
        same(&format!("{what} cut at {at}"), &bytes[..at]);
    }
    for _ in 0..n {
        let at = (rnd() % bytes.len().max(1) as u64) as usize;
        let mut b = bytes.to_vec();
        if let Some(x) = b.get_mut(at) {
            *x = b"\"\\{}[],:u0 \x01\xff\xc3"[(rnd() % 14) as usize];
        }
        same(&format!("{what} byte {at} replaced"), &b);
    }
}

#[test]
fn sample_hars_read_the_same_both_ways() {
    let mut quick = 0;
    let samples = files("samples");
    assert!(samples.len() >= 15);
    for (name, bytes) in &samples {
        for (how, b) in dressed(bytes) {
            quick += usize::from(same(&format!("{name} {how}"), &b));
        }
        damaged(name, bytes, 12);
    }
    // The real exports with bodies (cnn, chrome51, firefox47, the Fiddler one ...) take the quick way.
    assert!(
        quick >= 20,
        "the quick reading read only {quick} sample files"
    );
    // The walk places the entries of every readable sample, dressed or not (not only of those
    // it cuts).
    let placed = PLACED.with(|n| n.get());
    assert!(placed >= quick + 20, "{placed} placed, {quick} quick");
}

#[test]
fn scenario_captures_and_fuzz_findings_read_the_same_both_ways() {
    let mut n = 0;
    for (name, bytes) in files("tests/scenarios")
        .into_iter()
        .chain(files("tests/fuzz_regressions"))
    {
        for (how, b) in dressed(&bytes) {
            same(&format!("{name} {how}"), &b);
            n += 1;
        }
    }
    assert!(n > 20);
}

#[test]
fn generated_hars_read_the_same_both_ways() {
    let big = synth::har_mb(1);
    for (how, b) in dressed(big.as_bytes()) {
        assert!(same(&format!("har_mb(1) {how}"), &b), "{how}");
    }
    let cap = har::read_har(big.as_bytes()).unwrap();
    assert!(!cap.calls.is_empty() && cap.other.len() > 30);
    damaged("har_mb(1)", big.as_bytes(), 25);
    for rt in [0, 1, 2, 3, 8] {
        let json = fixtures::full_capture(rt).to_string();
        for (how, b) in dressed(json.as_bytes()) {
            same(&format!("full_capture({rt}) {how}"), &b);
        }
    }
}

/// An ECE call's long bodies are read, never cut, whichever member comes first and however its URL
/// is written; a non-ECE entry's long body holding what serde would skip but not read (invalid
/// UTF-8) is kept for serde to skip.
#[test]
fn long_bodies_of_ece_calls_are_kept() {
    let body = format!("<xml>{}</xml>", "agent unavailable ".repeat(20));
    for url in [
        "https://ece.example.com/system/egain/chat/entrypoint/initialize/1001",
        r"https:\/\/ece.example.com\/system\/egain\/chat\/entrypoint\/initialize\/1001",
        r"https://ece.example.com/system/egain/chat/entrypoint/\u0069nitialize/1001",
    ] {
        let req = format!(r#""request":{{"method":"GET","url":"{url}"}}"#);
        let resp = format!(
            r#""response":{{"status":200,"content":{{"mimeType":"text/xml","text":"{body}"}}}}"#
        );
        let other = format!(
            r#"{{"request":{{"url":"https://cdn.example.com/x.js"}},"response":{{"content":{{"text":"{}"}}}}}}"#,
            "x".repeat(5000)
        );
        for entry in [format!("{{{req},{resp}}}"), format!("{{{resp},{req}}}")] {
            let json = format!(r#"{{"log":{{"entries":[{other},{entry},{other}]}}}}"#);
            assert!(same(url, json.as_bytes()), "{url}");
            let cap = har::read_har(json.as_bytes()).unwrap();
            assert_eq!(cap.calls.len(), 1, "{url}");
            assert_eq!(cap.calls[0].response_body.as_deref(), Some(body.as_str()));
        }
    }
    let mut json = format!(
        r#"{{"log":{{"entries":[{{"request":{{"url":"https://cdn.example.com/x.js"}},"response":{{"content":{{"text":"{}"}}}}}}]}}}}"#,
        "x".repeat(5000)
    )
    .into_bytes();
    let at = json.len() - 100;
    json[at] = 0xFF;
    assert!(har::read_har(&json).is_ok());
    assert!(!same("invalid UTF-8 in a skipped body", &json));
}
