//! The scenario corpus (`tests/scenarios/<name>/`, written by `tests/scenarios/make.py`): each
//! directory is a fault's evidence plus `expected.json` (the verdict per entry point, its reason,
//! the findings that must and must not appear). Every scenario is also checked against the declared
//! contradictions, and every rule of the catalogue must be shown by some scenario.
#![cfg(not(target_arch = "wasm32"))]

use ece_triage::analysis::analyze_with;
use ece_triage::analysis::rules::{catalog, conflicts};
use ece_triage::model::Input;
use ece_triage::report::{Report, Severity};
use ece_triage::share::Overrides;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The scenario's inputs (every file but expected.json, by name) and its expectations.
pub fn load(dir: &Path) -> (Vec<Input>, Value) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.json"))
        .collect();
    files.sort();
    let inputs = files
        .iter()
        .map(|p| {
            Input::new(
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    (inputs, expected)
}

fn overrides(expected: &Value) -> Overrides {
    let s = |k: &str| expected["versions"][k].as_str().map(String::from);
    Overrides {
        ece_version: s("ece"),
        icm_version: s("icm"),
        ..Default::default()
    }
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// What is wrong with a report against its expectations (empty when nothing is).
fn check(r: &Report, x: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
    let got: Vec<(Option<&str>, &str, Option<&str>)> = r
        .verdicts
        .iter()
        .map(|v| {
            (
                v.entry_point_id.as_deref(),
                v.status.as_str(),
                v.reason_finding.as_deref(),
            )
        })
        .collect();
    let want: Vec<(Option<&str>, &str, Option<&str>)> = x["verdicts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| {
                    (
                        v["entry_point_id"].as_str(),
                        v["status"].as_str().unwrap_or(""),
                        v["reason_finding"].as_str(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if got != want {
        bad.push(format!("verdicts: got {got:?}, want {want:?}"));
    }
    if let Some(h) = x["headline"].as_str() {
        if r.verdict.status.as_str() != h {
            bad.push(format!(
                "headline status {} (want {h}): {}",
                r.verdict.status.as_str(),
                r.verdict.sentence
            ));
        }
    }
    for s in strs(&x["headline_contains"]) {
        if !r.verdict.sentence.contains(s) {
            bad.push(format!("headline lacks {s:?}: {}", r.verdict.sentence));
        }
    }
    for m in strs(&x["must"]) {
        if !ids.contains(&m) {
            bad.push(format!("finding {m} missing (have {ids:?})"));
        }
    }
    for m in strs(&x["must_not"]) {
        if ids.contains(&m) {
            bad.push(format!("finding {m} must not appear"));
        }
    }
    if let Some(sev) = x["severity"].as_object() {
        for (id, want) in sev {
            for f in r.findings.iter().filter(|f| &f.id == id) {
                if f.severity.word() != want.as_str().unwrap_or("") {
                    bad.push(format!("{id} is {} (want {want})", f.severity.word()));
                }
            }
        }
    }
    let all: String = r
        .findings
        .iter()
        .flat_map(|f| {
            [f.title.clone(), f.seen.clone(), f.why.clone()]
                .into_iter()
                .chain(f.next.iter().map(|s| s.text.clone()))
        })
        .collect::<Vec<_>>()
        .join("\n");
    for t in strs(&x["text"]) {
        if !all.contains(t) {
            bad.push(format!("no finding says {t:?}"));
        }
    }
    if x["healthy"].as_bool() == Some(true) {
        for f in r.findings.iter().filter(|f| f.severity != Severity::Info) {
            bad.push(format!(
                "healthy evidence, but {} is a {}: {}",
                f.id,
                f.severity.word(),
                f.title
            ));
        }
    }
    bad.extend(conflicts::contradictions(r));
    // Every claim sourced: each finding names its sources, each step one or "suggested".
    for f in &r.findings {
        if f.sources.is_empty() || f.rule_version == 0 {
            bad.push(format!("{} has no catalogue rule", f.id));
        }
        for s in &f.next {
            if s.source != catalog::SUGGESTED && catalog::source(&s.source).is_none() {
                bad.push(format!(
                    "{}: a next step cites an unknown source {}",
                    f.id, s.source
                ));
            }
        }
    }
    // The same for the answers' own explanations (the entry-point panel's "Check next").
    let explained = r.entry_points.iter().map(|e| &e.explanation).chain(
        r.har
            .iter()
            .flat_map(|h| h.capture.calls.iter().map(|c| &c.answer)),
    );
    for x in explained {
        for s in &x.next_steps {
            if s.source != catalog::SUGGESTED && catalog::source(&s.source).is_none() {
                bad.push(format!(
                    "an answer's next step cites an unknown source {}",
                    s.source
                ));
            }
        }
    }
    bad
}

#[test]
fn every_scenario_gives_its_expected_verdicts_and_findings() {
    let dirs = dirs();
    assert!(dirs.len() >= 30, "{} scenarios", dirs.len());
    let mut failures = Vec::new();
    for d in &dirs {
        let (inputs, x) = load(d);
        let r = analyze_with(&inputs, &overrides(&x));
        for b in check(&r, &x) {
            failures.push(format!("{}: {b}", d.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_of_the_catalogue_is_shown_by_a_scenario() {
    let mut shown: Vec<String> = Vec::new();
    for d in dirs() {
        let (inputs, x) = load(&d);
        let r = analyze_with(&inputs, &overrides(&x));
        let must = strs(&x["must"]);
        shown.extend(
            r.findings
                .iter()
                .filter(|f| must.contains(&f.id.as_str()))
                .map(|f| f.id.clone()),
        );
    }
    let missing: Vec<&str> = catalog::RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !shown.iter().any(|s| s == id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules no scenario requires: {missing:?}"
    );
}
