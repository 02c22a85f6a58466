//! Zip bombs at the real limits (`Limits::default()`, not lowered as the unit tests lower them):
//! a tiny gzip, zip or nested archive that would expand to hundreds of MiB is refused whole, with
//! the limit it hit, after expanding no more than the ratio allows (200× its size, once past
//! 16 MiB) — not after expanding it all, which in the page's wasm memory is itself the attack.

use ece_triage::intake::{self, Limits};
use std::io::Write;

const MIB: usize = 1024 * 1024;

/// `mib` MiB of zeros, written in steps into `w` (a gzip or a zip member).
fn zeros_into(w: &mut dyn Write, mib: usize) {
    let chunk = vec![0u8; MIB];
    for _ in 0..mib {
        w.write_all(&chunk).unwrap();
    }
}

/// `mib` MiB of zeros, gzipped (about 1 KiB per MiB).
fn zeros_gz(mib: usize) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    zeros_into(&mut e, mib);
    e.finish().unwrap()
}

/// The MiB a refusal says it had expanded: `... (123 MiB out of 456 KiB) ...`.
fn expanded_mib(why: &str) -> usize {
    let at = why
        .find(" MiB out of ")
        .unwrap_or_else(|| panic!("no expanded size in: {why}"));
    why[..at]
        .rsplit('(')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// What the ratio lets a file of `len` bytes expand to before it is judged, in MiB, plus one
/// step of reading ahead.
fn allowed_mib(len: usize) -> usize {
    (len * 200).max(16 * MIB) / MIB + 2
}

fn refusal(inputs: &[ece_triage::model::Input]) -> &str {
    assert_eq!(
        inputs.len(),
        1,
        "refused whole: {:?}",
        inputs.iter().map(|x| &x.name).collect::<Vec<_>>()
    );
    inputs[0].skipped.as_deref().expect("refused")
}

#[test]
fn a_gzip_bomb_is_refused_by_its_ratio_before_it_expands() {
    let bomb = zeros_gz(64);
    assert!(bomb.len() < MIB / 4, "{} bytes", bomb.len());
    let allowed = allowed_mib(bomb.len());
    let i = intake::open("bomb.log.gz", bomb, &Limits::default());
    let why = refusal(&i);
    assert!(why.contains("expands more than 200 times"), "{why}");
    assert!(
        expanded_mib(why) <= allowed,
        "expanded {} MiB of 64 before refusing (allowed {allowed}): {why}",
        expanded_mib(why)
    );
}

#[test]
fn a_zip_bomb_and_one_nested_in_a_zip_are_refused_whole() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "logs/a.log",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    zeros_into(&mut w, 64);
    let bomb = w.finish().unwrap().into_inner();
    let allowed = allowed_mib(bomb.len());
    let i = intake::open("bomb.zip", bomb, &Limits::default());
    let why = refusal(&i);
    assert!(why.contains("expands more than 200 times"), "{why}");
    assert!(expanded_mib(why) <= allowed, "allowed {allowed}: {why}");
    // The gzip bomb stored inside a zip, next to a real log: the whole zip is refused.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("ok.log", stored).unwrap();
    w.write_all(b"15:34:09:841 PG1A-opc Trace: x\n").unwrap();
    w.start_file("more/bomb.log.gz", stored).unwrap();
    w.write_all(&zeros_gz(64)).unwrap();
    let nested = w.finish().unwrap().into_inner();
    let allowed = allowed_mib(nested.len());
    let i = intake::open("nested.zip", nested, &Limits::default());
    let why = refusal(&i);
    assert!(why.contains("expands more than 200 times"), "{why}");
    assert!(expanded_mib(why) <= allowed, "allowed {allowed}: {why}");
}

#[test]
fn ten_thousand_and_one_empty_files_are_refused_by_count() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for n in 0..10_001 {
        w.start_file(format!("f{n}.log"), opts).unwrap();
    }
    let z = w.finish().unwrap().into_inner();
    let i = intake::open("many.zip", z, &Limits::default());
    assert!(
        refusal(&i).contains("more than 10000"),
        "{:?}",
        i[0].skipped
    );
}
