//! Every input a fuzzer ever broke, replayed in a normal `cargo test` through the very code the
//! fuzz target runs (`fuzz/src/`, included here as a module): `tests/fuzz_regressions/<target>/*`,
//! one file per finding, named for what it broke. Also the committed, minimised corpus
//! (`fuzz/corpus/<target>/`) and 120 generated inputs of the structure-aware targets, so
//! that the invariants themselves are exercised without cargo-fuzz.
//!
//! A new finding: copy the crashing input from `fuzz/artifacts/<target>/` into
//! `tests/fuzz_regressions/<target>/<what-it-broke>`, fix the parser, and this test holds it.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Findings not fixed yet, each with what fixes it. The test fails when one of them passes, so
/// that the entry is removed with the fix (and the input then guards it like the others).
const OPEN: &[(&str, &str)] = &[];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn targets(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    v.sort();
    v
}

/// Runs `target` on `data`; the panic message when an invariant breaks.
fn replay(run: fn(&[u8]), data: &[u8]) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| run(data))).map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

fn target(name: &str) -> fn(&[u8]) {
    fuzz::targets::by_name(name)
        .unwrap_or_else(|| panic!("no fuzz target is called {name} (see fuzz/src/targets.rs)"))
}

/// Runs every file under `root/<target>/`; the failures, as `target/file: message`.
fn replay_dir(root: &Path) -> (usize, Vec<(String, String)>) {
    let mut ran = 0;
    let mut failed = Vec::new();
    for (name, dir) in targets(root) {
        let run = target(&name);
        for f in files(&dir) {
            let data = std::fs::read(&f).expect("readable input");
            let id = format!("{name}/{}", f.file_name().unwrap().to_string_lossy());
            // Printed first: a stack overflow ends the process before any report.
            eprintln!("replaying {id} ({} bytes)", data.len());
            ran += 1;
            if let Err(m) = replay(run, &data) {
                failed.push((id, m));
            }
        }
    }
    (ran, failed)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn every_input_a_fuzzer_broke_holds() {
    let (ran, failed) = replay_dir(&root().join("tests/fuzz_regressions"));
    assert!(ran > 0, "no regression inputs found");
    let mut report = Vec::new();
    for (id, m) in &failed {
        match OPEN.iter().find(|(o, _)| o == id) {
            Some(_) => {}
            None => report.push(format!("{id}: {m}")),
        }
    }
    for (id, why) in OPEN {
        if !failed.iter().any(|(f, _)| f == id) {
            report.push(format!(
                "{id} now holds: remove it from OPEN (it was open until: {why})"
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}

#[test]
fn the_committed_corpus_holds() {
    let (ran, failed) = replay_dir(&root().join("fuzz/corpus"));
    assert!(ran > 0, "no corpus found");
    let open = |id: &str| OPEN.iter().any(|(o, _)| *o == id);
    let report: Vec<String> = failed
        .iter()
        .filter(|(id, _)| !open(id))
        .map(|(id, m)| format!("{id}: {m}"))
        .collect();
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}

#[test]
fn every_target_has_a_corpus_and_a_cargo_fuzz_binary() {
    let manifest = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    for (name, _) in fuzz::targets::ALL {
        assert!(
            root().join("fuzz/corpus").join(name).is_dir(),
            "fuzz/corpus/{name} is missing"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        assert!(
            root()
                .join(format!("fuzz/fuzz_targets/{name}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
    }
}

/// Deterministic bytes (xorshift), so a failure here reproduces.
fn bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s as u8
        })
        .collect()
}

#[test]
fn structure_aware_targets_hold_on_generated_inputs() {
    let mut failed = Vec::new();
    for name in ["har_model", "logs_model"] {
        let run = target(name);
        for seed in 0..120u64 {
            let data = bytes(seed, 64 + (seed as usize * 37) % 2000);
            if let Err(m) = replay(run, &data) {
                failed.push(format!("{name} seed {seed}: {m}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// Writes seeds for the structure-aware targets into `fuzz/corpus/<target>/`: the richest models
/// among generated inputs (every kind of ECE call, requests every log saw). Run once when the
/// grammar changes, then let `scripts/fuzz-long.sh` grow and minimise the corpus:
/// `cargo test --test fuzz_regressions write_model_seeds -- --ignored --nocapture`.
#[test]
#[ignore]
fn write_model_seeds() {
    type Score = fn(&[u8]) -> Option<usize>;
    let targets: [(&str, Score); 2] = [
        ("har_model", |d| {
            fuzz::grammar::har::model(d).map(|m| fuzz::grammar::har::richness(&m))
        }),
        ("logs_model", |d| {
            fuzz::grammar::logs::model(d).map(|m| fuzz::grammar::logs::richness(&m))
        }),
    ];
    for (name, score) in targets {
        let mut scored: Vec<(usize, Vec<u8>)> = (0..20_000u64)
            .map(|seed| bytes(seed + 1_000_000, 256 + (seed as usize * 53) % 1800))
            .filter_map(|d| score(&d).map(|s| (s, d)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
        let dir = root().join("fuzz/corpus").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for (i, (s, d)) in scored.iter().take(8).enumerate() {
            eprintln!("{name}: seed {i} richness {s}, {} bytes", d.len());
            std::fs::write(dir.join(format!("seed-{i}")), d).unwrap();
        }
    }
}
