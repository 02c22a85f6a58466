//! The JSON report (`ece-triage analyze --json`) is the contract the page renders: the same inputs
//! give the same bytes. The seed's report is kept in full (tests/golden/seed-report.json); a
//! generated 1 MiB log mix is pinned by length and FNV-1a hash. An intended change regenerates them:
//! `UPDATE_GOLDEN=1 cargo test --test report_contract`, then review the diff of the golden file.

use ece_triage::analysis::analyze;
use ece_triage::model::Input;

const SEED: &[&str] = &[
    "samples/seed/listener-login.log",
    "samples/seed/ctisvr-login.log",
    "samples/seed/listener-ready.log",
    "samples/seed/listener-ready-wrapped.log",
    "samples/seed/ctisvr-ready.log",
    "samples/seed/opc-ready.log",
    "samples/seed/rttest-agent-status.txt",
    "samples/seed/initialize-response.json",
];
const GOLDEN: &str = "tests/golden/seed-report.json";
const MIX_GOLDEN: &str = "tests/golden/mix-1MiB-report.fnv";

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn the_seed_report_is_byte_for_byte_the_golden_one() {
    let mut args = vec!["analyze".to_string(), "--json".to_string()];
    args.extend(SEED.iter().map(|s| s.to_string()));
    let out = ece_triage::cli::run(&args, &mut String::new);
    assert_eq!(out.code, 0, "{}", out.stderr);
    if update() {
        std::fs::write(GOLDEN, &out.stdout).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("golden file (UPDATE_GOLDEN=1 makes it)");
    if out.stdout != golden {
        let at = out
            .stdout
            .bytes()
            .zip(golden.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(out.stdout.len().min(golden.len()));
        let line = golden[..at.min(golden.len())].matches('\n').count() + 1;
        panic!(
            "the report differs from {GOLDEN} from line {line} on:\n  now:    {}\n  golden: {}\n(UPDATE_GOLDEN=1 if intended)",
            out.stdout[at..].lines().next().unwrap_or(""),
            golden[at.min(golden.len())..].lines().next().unwrap_or("")
        );
    }
}

#[test]
fn a_generated_log_mix_gives_the_pinned_report() {
    let input = Input::new("mix.log", ece_triage::synth::log_mix_mb(1));
    let json = analyze(&[input]).to_json();
    let now = format!(
        "{} bytes, fnv1a {:016x}\n",
        json.len(),
        fnv1a(json.as_bytes())
    );
    if update() {
        std::fs::write(MIX_GOLDEN, &now).unwrap();
    }
    let golden =
        std::fs::read_to_string(MIX_GOLDEN).expect("golden file (UPDATE_GOLDEN=1 makes it)");
    assert_eq!(
        now, golden,
        "the 1 MiB mix's report changed (UPDATE_GOLDEN=1 if intended)"
    );
}
