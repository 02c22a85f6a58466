//! The compare contract: `ece-triage compare` prints exactly the text and JSON recorded in
//! tests/golden/compare-<name>.{txt,json} for each pair of captures in tests/compare/<name>/
//! (written by tests/compare/make.py): "it worked at 09:00, not at 14:00" (before/after) and
//! "agent A gets chats, agent B does not" (works/fails).
//!
//! After a deliberate change of the output: `GOLDEN_UPDATE=1 cargo test --test compare_golden`.

use ece_triage::cli;
use std::path::Path;

const DIR: &str = env!("CARGO_MANIFEST_DIR");

/// `--before f1 f2 --after g1` (or `--works`/`--fails`), with paths relative to the crate.
fn args_for(name: &str) -> Vec<String> {
    let root = Path::new(DIR).join("tests/compare").join(name);
    let words = if root.join("before").is_dir() {
        ["before", "after"]
    } else {
        ["works", "fails"]
    };
    let mut args = vec!["compare".to_string()];
    for w in words {
        args.push(format!("--{w}"));
        let mut files: Vec<String> = std::fs::read_dir(root.join(w))
            .unwrap()
            .map(|e| {
                format!(
                    "tests/compare/{name}/{w}/{}",
                    e.unwrap().file_name().to_string_lossy()
                )
            })
            .collect();
        files.sort();
        args.extend(files);
    }
    args
}

fn check(golden: &str, args: &[String]) {
    // Relative paths, so the input names do not depend on the checkout.
    std::env::set_current_dir(DIR).unwrap();
    let out = cli::run(args, &mut Vec::new);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = Path::new(DIR).join("tests/golden").join(golden);
    if std::env::var_os("GOLDEN_UPDATE").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{golden}: {e} (GOLDEN_UPDATE=1 writes it)"));
    if out.stdout != want {
        let (got, exp) = (out.stdout.as_bytes(), want.as_bytes());
        let at = got.iter().zip(exp).position(|(a, b)| a != b);
        let at = at.unwrap_or(got.len().min(exp.len()));
        let around = |b: &[u8]| {
            String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())]).into_owned()
        };
        panic!(
            "{golden}: the output differs from the recorded one at byte {at}\n got: …{}…\nwant: …{}…",
            around(got),
            around(exp)
        );
    }
}

fn both(name: &str) {
    let args = args_for(name);
    check(&format!("compare-{name}.txt"), &args);
    let mut json = args.clone();
    json.insert(1, "--json".into());
    check(&format!("compare-{name}.json"), &json);
}

#[test]
fn worked_at_nine_not_at_two_compares_as_recorded() {
    both("worked-at-0900-not-at-1400");
}

#[test]
fn agent_a_and_agent_b_compare_as_recorded() {
    both("agent-a-gets-chats-agent-b-does-not");
}

#[test]
fn every_pair_of_captures_has_a_golden_output() {
    for e in std::fs::read_dir(Path::new(DIR).join("tests/compare")).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            let name = e.file_name().to_string_lossy().into_owned();
            for ext in ["txt", "json"] {
                let golden = Path::new(DIR)
                    .join("tests/golden")
                    .join(format!("compare-{name}.{ext}"));
                assert!(
                    golden.is_file(),
                    "no {} for tests/compare/{name}",
                    golden.display()
                );
            }
        }
    }
}
