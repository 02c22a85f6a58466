//! The report does not depend on the order of the inputs: the scenarios with several inputs,
//! shuffled, give the same headline, verdicts, findings and checklist (inputs named, not numbered).
#![cfg(not(target_arch = "wasm32"))]

use ece_triage::analysis::analyze;
use ece_triage::model::Input;
use ece_triage::report::Report;
use proptest::prelude::*;
use std::path::Path;

fn inputs_of(name: &str) -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name);
    let mut v: Vec<Input> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "expected.json"))
        .map(|p| {
            Input::new(
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// What must not change with the order, with input indices replaced by names.
fn essence(r: &Report) -> String {
    let name = |i: usize| r.inputs.get(i).map(|x| x.name.clone()).unwrap_or_default();
    let mut out = vec![format!("{:?} {}", r.verdict.status, r.verdict.sentence)];
    for v in &r.verdicts {
        out.push(format!(
            "verdict {:?} {:?} {} {:?} {} {:?}",
            v.entry_point_id,
            v.status,
            v.sentence,
            v.reason_finding,
            name(v.input),
            v.time
        ));
    }
    for f in &r.findings {
        let mut ev: Vec<String> = f
            .evidence
            .iter()
            .map(|e| format!("{}:{:?} {}", name(e.input), e.line, e.label))
            .collect();
        ev.sort();
        out.push(format!(
            "finding {} {:?} {:?} {:?} {} | {} | {} | {:?} | {ev:?}",
            f.id, f.severity, f.entry_point_id, f.agents, f.title, f.seen, f.why, f.next
        ));
    }
    for c in &r.collect_next {
        out.push(format!("collect {} {} {:?}", c.id, c.have, c.how));
    }
    out.join("\n")
}

const MIXED: &[&str] = &[
    "healthy-ready-agent-and-type0",
    "two-agents-two-entry-points-mixed",
    "two-hars-two-entry-points",
    "two-agents-one-full-one-ready",
    "broken-har-and-an-answer",
    "login-rejected-app-path-27",
    "ready-sent-opc-never-not-active",
    "logs-from-another-day",
    "har-without-chat-calls-and-logs",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_inputs_give_the_same_report(which in 0..MIXED.len(), seed in any::<u64>()) {
        let inputs = inputs_of(MIXED[which]);
        let want = essence(&analyze(&inputs));
        // A permutation from the seed (Fisher-Yates with a small LCG).
        let mut shuffled = inputs.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let got = essence(&analyze(&shuffled));
        prop_assert_eq!(got, want, "{} in the order {:?}", MIXED[which], shuffled.iter().map(|i| &i.name).collect::<Vec<_>>());
    }
}

/// The same for two captures and answers of several entry points given in both orders: the
/// verdicts come sorted by entry point, the latest answer by time decides.
#[test]
fn two_orders_of_a_multi_entry_point_mix_agree() {
    let mut inputs = inputs_of("two-hars-two-entry-points");
    inputs.extend(inputs_of("multi-entry-point-har"));
    inputs.extend(inputs_of("latest-answer-wins"));
    let a = essence(&analyze(&inputs));
    inputs.reverse();
    let b = essence(&analyze(&inputs));
    assert_eq!(a, b);
    let r = analyze(&inputs);
    let ids: Vec<Option<&str>> = r
        .verdicts
        .iter()
        .map(|v| v.entry_point_id.as_deref())
        .collect();
    assert_eq!(
        ids,
        vec![
            Some("1001"),
            Some("1002"),
            Some("1003"),
            Some("1012"),
            Some("5001"),
            Some("5002")
        ]
    );
}
