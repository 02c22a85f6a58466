//! The JSON contract: `ece-triage analyze --json` and `decode --json` print exactly the bytes
//! recorded in tests/golden/ (made by the binary before the log-parsing speed-ups of issue 4).
//! Inputs: the seed samples together, and 100 lines of the generated log mix (`synth`) mangled as
//! pastes are: hard wraps (also right after the stamp), leading and trailing blanks, CRLF, a BOM
//! mid-text, a stamp without zone, cut lines, an upper-case process, a bad InvokeID, a date header.
//!
//! After a deliberate change of the output: `GOLDEN_UPDATE=1 cargo test --test report_golden`.

use ece_triage::cli;
use std::path::Path;

fn check(golden: &str, args: &[&str], stdin: Option<&str>) {
    let dir = env!("CARGO_MANIFEST_DIR");
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let stdin_text = stdin.map(|p| std::fs::read(Path::new(dir).join(p)).unwrap());
    let mut read_stdin = || stdin_text.clone().unwrap_or_default();
    // Relative paths, so the input names in the report do not depend on the checkout.
    std::env::set_current_dir(dir).unwrap();
    let out = cli::run(&args, &mut read_stdin);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = Path::new(dir).join("tests/golden").join(golden);
    if std::env::var_os("GOLDEN_UPDATE").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
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

#[test]
fn seed_samples_together_analyze_as_recorded() {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/seed"))
            .unwrap()
            .map(|e| format!("samples/seed/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
    files.sort();
    let mut args = vec!["analyze", "--json"];
    args.extend(files.iter().map(String::as_str));
    check("seed.analyze.json", &args, None);
}

#[test]
fn mangled_log_mix_analyzes_and_decodes_as_recorded() {
    check(
        "mix-mangled.analyze.json",
        &["analyze", "--json", "tests/golden/mix-mangled.log"],
        None,
    );
    check(
        "mix-mangled.decode.json",
        &["decode", "--json", "-"],
        Some("tests/golden/mix-mangled.log"),
    );
    check(
        "listener-ready.decode-pv24.json",
        &["decode", "--json", "--pv", "24", "-"],
        Some("samples/seed/listener-ready.log"),
    );
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A generated 1 MiB mix (700 agents, 5,600 events): too big to keep, so pinned by length and hash.
#[test]
fn a_generated_log_mix_gives_the_pinned_report() {
    let input = ece_triage::model::Input::new("mix.log", ece_triage::synth::log_mix_mb(1));
    let json = ece_triage::analysis::analyze(&[input]).to_json();
    let now = format!(
        "{} bytes, fnv1a {:016x}\n",
        json.len(),
        fnv1a(json.as_bytes())
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/mix-1MiB-report.fnv");
    if std::env::var_os("GOLDEN_UPDATE").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        now, want,
        "the 1 MiB mix's report changed (GOLDEN_UPDATE=1 if intended)"
    );
}

/// What the page gets from the worker or a share link reads back to the same report, and the
/// parsed events to the same events: the compact in-memory types (`Label`, `RawBytes`,
/// `WireType`, `Alternatives`, trace `Fields`) read what they write.
#[test]
fn reports_and_events_read_back_as_written() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut inputs: Vec<ece_triage::model::Input> =
        std::fs::read_dir(format!("{dir}/samples/seed"))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let text = std::fs::read_to_string(&p).unwrap();
                ece_triage::model::Input::new(p.file_name().unwrap().to_string_lossy(), text)
            })
            .collect();
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    let mangled = std::fs::read_to_string(format!("{dir}/tests/golden/mix-mangled.log")).unwrap();
    inputs.push(ece_triage::model::Input::new("mix-mangled.log", mangled));
    let report = ece_triage::analysis::analyze(&inputs);
    let json = report.to_json();
    let back: ece_triage::report::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    assert_eq!(back.to_json(), json);
    assert!(
        json.contains("\"alternatives\""),
        "the inputs exercise alternatives"
    );
    for input in &inputs {
        let parse = ece_triage::logs::parse(0, input);
        let json = serde_json::to_string(&parse).unwrap();
        let back: ece_triage::logs::LogParse = serde_json::from_str(&json).unwrap();
        assert_eq!(back, parse, "{}", input.name);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
