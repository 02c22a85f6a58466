//! Comparing two captures: the same evidence twice differs in nothing, swapping the sides mirrors
//! every difference, the steps read back from a report agree with its ladder on every scenario of
//! the corpus, the command line refuses what it cannot do, and share links keep the two sides.

use ece_triage::analysis::analyze;
use ece_triage::cli;
use ece_triage::compare::{self, steps, Area, RowChange, Side, Sides, StepState, Words};
use ece_triage::model::Input;
use ece_triage::share::{self, Overrides};
use std::path::Path;

const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn read_dir(dir: &Path) -> Vec<Input> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "expected.json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            Input::new(
                p.file_name().unwrap().to_string_lossy(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn pair(name: &str, b: &str, a: &str) -> (Vec<Input>, Vec<Input>) {
    let root = Path::new(DIR).join("tests/compare").join(name);
    (read_dir(&root.join(b)), read_dir(&root.join(a)))
}

#[test]
fn the_same_evidence_on_both_sides_differs_in_nothing() {
    let (before, _) = pair("worked-at-0900-not-at-1400", "before", "after");
    let c = compare::compare(&before, &before, Words::BeforeAfter, &Overrides::default());
    assert!(c.differences.is_empty(), "{:#?}", c.differences);
    assert!(c.headline.contains("No difference"), "{}", c.headline);
    assert!(!c.ladder.rows.is_empty());
    assert!(c.ladder.rows.iter().all(|r| r.change == RowChange::Same));
    assert!(c
        .agents
        .iter()
        .all(|a| a.changed.is_empty() && !a.counterparts));
    assert!(c
        .steps
        .iter()
        .flat_map(|s| &s.steps)
        .all(|r| r.before == r.after));
}

#[test]
fn swapping_the_sides_mirrors_every_difference() {
    for (name, b, a) in [
        ("worked-at-0900-not-at-1400", "before", "after"),
        ("agent-a-gets-chats-agent-b-does-not", "works", "fails"),
    ] {
        let (x, y) = pair(name, b, a);
        let o = Overrides::default();
        let fwd = compare::compare(&x, &y, Words::BeforeAfter, &o);
        let back = compare::compare(&y, &x, Words::BeforeAfter, &o);
        assert_eq!(fwd.differences.len(), back.differences.len(), "{name}");
        let flip =
            |d: &compare::Difference| (d.area, d.what.clone(), d.after.clone(), d.before.clone());
        let mut f: Vec<_> = fwd.differences.iter().map(flip).collect();
        let mut g: Vec<_> = back
            .differences
            .iter()
            .map(|d| (d.area, d.what.clone(), d.before.clone(), d.after.clone()))
            .collect();
        f.sort();
        g.sort();
        assert_eq!(f, g, "{name}");
        assert_eq!(fwd.before.verdict, back.after.verdict);
    }
}

#[test]
fn the_afternoon_lost_the_a_flag_and_the_steps_after_routable() {
    let (b, a) = pair("worked-at-0900-not-at-1400", "before", "after");
    let c = compare::compare(&b, &a, Words::BeforeAfter, &Overrides::default());
    // Differences first: the verdict, then the entry point, then the findings.
    assert_eq!(c.differences[0].area, Area::Verdict);
    assert_eq!(c.differences[1].area, Area::EntryPoint);
    let flags = c
        .differences
        .iter()
        .find(|d| d.area == Area::Agent && d.what == "router flags")
        .expect("router flags differ");
    assert_eq!((flags.before.as_str(), flags.after.as_str()), ("RA", "R"));
    let rt = &c.entry_points[0];
    assert_eq!(rt.entry_point_id.as_deref(), Some("1001"));
    assert_eq!(rt.before.as_ref().unwrap().response_type, Some(0));
    assert_eq!(rt.after.as_ref().unwrap().response_type, Some(1));
    let s = &c.steps[0];
    let state = |name: &str| {
        s.steps
            .iter()
            .find(|r| r.step == name)
            .map(|r| (r.before, r.after))
    };
    assert_eq!(
        state("MAKE_AGENT_ROUTABLE_IND"),
        Some((StepState::Seen, StepState::Seen))
    );
    assert_eq!(
        state("MAKE_AGENT_READY_IND"),
        Some((StepState::Seen, StepState::NotSeen))
    );
    assert_eq!(
        state("router flags RA"),
        Some((StepState::Seen, StepState::NotSeen))
    );
    assert!(c
        .findings
        .iter()
        .any(|f| f.id == "router-no-a-flag" && f.before.is_none() && f.after.is_some()));
}

#[test]
fn agent_b_is_compared_with_agent_a_as_its_counterpart() {
    let (w, f) = pair("agent-a-gets-chats-agent-b-does-not", "works", "fails");
    let c = compare::compare(&w, &f, Words::WorksFails, &Overrides::default());
    assert_eq!(
        (c.words.before.as_str(), c.words.after.as_str()),
        ("works", "fails")
    );
    let chat = c.agents.iter().find(|a| a.mrd_id == 5000).unwrap();
    assert!(chat.counterparts);
    assert_eq!(
        (chat.agent_before, chat.agent_after),
        (Some(7301), Some(7302))
    );
    assert_eq!(chat.changed, ["router flags"]);
    // The router rows of both sides are put side by side, not one against the dashed step.
    let router = c
        .ladder
        .rows
        .iter()
        .find(|r| r.key.starts_with("router status") && r.change == RowChange::Changed)
        .unwrap();
    assert!(router.before.as_ref().unwrap()[0].label.contains(",RA]"));
    assert!(router.after.as_ref().unwrap()[0].label.contains(",RD]"));
    assert!(c
        .differences
        .iter()
        .any(|d| d.area == Area::Finding && d.subject.contains("router-d-flag")));
}

/// The steps the comparison reads back from a report are the ladder's: for every scenario of the
/// corpus, the steps a pair's ladder draws dashed are exactly those it does not see.
#[test]
fn steps_read_from_a_report_agree_with_its_ladder_on_the_whole_corpus() {
    let mut checked = 0;
    for e in std::fs::read_dir(Path::new(DIR).join("tests/scenarios")).unwrap() {
        let p = e.unwrap().path();
        if !p.is_dir() {
            continue;
        }
        let r = analyze(&read_dir(&p));
        if r.ladder.omitted > 0 {
            continue;
        }
        let seen = steps::seen(&r);
        let dashed = steps::missing_in_ladder(&r);
        // The chat MRDs: named so by the router, or with a step the ladder expects.
        let chat = |agent: u32, mrd: u32| {
            dashed.keys().any(|(_, m)| *m == mrd)
                || r.agents.iter().filter(|a| a.agent_id == agent).any(|a| {
                    a.domains.iter().any(|d| {
                        d.mrd_id == mrd
                            && d.domain_name.as_deref().is_some_and(|n| {
                                let n = n.to_ascii_lowercase();
                                n.contains("chat") || n.contains("ece") || n.contains("email")
                            })
                    })
                })
        };
        let mut pairs: Vec<(u32, u32)> = seen.keys().chain(dashed.keys()).copied().collect();
        pairs.sort_unstable();
        pairs.dedup();
        for (agent, mrd) in pairs.into_iter().filter(|&(a, m)| chat(a, m)) {
            let s = seen.get(&(agent, mrd)).copied().unwrap_or_default();
            let not_seen: Vec<usize> = (0..6).filter(|&k| !s[k]).collect();
            let mut missing = dashed.get(&(agent, mrd)).cloned().unwrap_or_default();
            missing.sort_unstable();
            assert_eq!(
                missing,
                not_seen,
                "{}: agent {agent} MRD {mrd}",
                p.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} pairs checked");
}

fn run(args: &[&str]) -> cli::Outcome {
    std::env::set_current_dir(DIR).unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    cli::run(&args, &mut Vec::new)
}

#[test]
fn the_command_line_says_what_is_missing() {
    let b = "tests/compare/worked-at-0900-not-at-1400/before/rttest.txt";
    let a = "tests/compare/worked-at-0900-not-at-1400/after/rttest.txt";
    let o = run(&["compare", "--before", b]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("no file for the after side"),
        "{}",
        o.stderr
    );
    let o = run(&["compare", "--before", b, "--fails", a]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("not both"), "{}", o.stderr);
    let o = run(&["compare", b, "--after", a]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("is on no side"), "{}", o.stderr);
    let o = run(&["compare", "--before", b, "--after", "no/such/file.log"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("cannot read no/such/file.log"),
        "{}",
        o.stderr
    );
    let o = run(&["compare", "--before=".to_string().as_str(), "--after", a]);
    assert_eq!(o.code, 2);
    // --works/--fails name the sides in the output; --json is the versioned contract.
    let o = run(&["compare", "--works", b, "--fails", a]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with("COMPARE: works ("), "{}", o.stdout);
    assert!(
        o.stdout.contains("router flags: works RA -> fails R"),
        "{}",
        o.stdout
    );
    let o = run(&["compare", "--json", "--before", b, "--after", a]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["compare_version"], 1);
    assert_eq!(v["words"]["after"], "after");
    assert!(v["differences"].as_array().unwrap().len() >= 2);
}

#[test]
fn sanitized_comparisons_carry_no_session_id_or_address() {
    // What a comparison holds of the inputs' text: their names (a path may name the user, a
    // file name may hold an address) and what the reports say of them.
    let root = Path::new(DIR).join("tests/compare/worked-at-0900-not-at-1400");
    let named = |side: &str| -> Vec<Input> {
        read_dir(&root.join(side))
            .into_iter()
            .map(|i| {
                let name = format!("C:\\Users\\jdoe\\Desktop\\from jane@example.org {}", i.name);
                Input::new(name, i.text)
            })
            .collect()
    };
    let (b, a) = (named("before"), named("after"));
    let o = Overrides::default();
    let raw = compare::compare(&b, &a, Words::BeforeAfter, &o).to_json();
    let clean = compare::compare_sanitized(&b, &a, Words::BeforeAfter, &o).to_json();
    assert!(
        raw.contains("jane@example.org") && raw.contains("jdoe"),
        "the raw comparison keeps what was given"
    );
    for secret in ["jane@example.org", "jdoe"] {
        assert!(!clean.contains(secret), "{secret} in {clean}");
    }
    assert!(clean.contains("[redacted:email] capture.har"), "{clean}");
    let out = run(&[
        "compare",
        "--sanitized",
        "--json",
        "--before",
        "tests/compare/worked-at-0900-not-at-1400/before/rttest.txt",
        "--after",
        "tests/compare/worked-at-0900-not-at-1400/after/rttest.txt",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"compare_version\": 1"));
}

#[test]
fn share_links_keep_the_two_sides_and_old_links_still_open() {
    let mut sides = Sides {
        words: Words::WorksFails,
        ..Default::default()
    };
    sides.set(0, Some(Side::Before));
    sides.set(2, Some(Side::After));
    let inputs = vec![
        Input::new("a.log", "15:34:09:841 PG1A-opc Trace: x"),
        Input::new("b.log", "15:34:09:841 PG1A-opc Trace: y"),
        Input::new("c.log", "15:34:09:841 PG1A-opc Trace: z"),
    ];
    let o = Overrides {
        compare: Some(sides.clone()),
        ..Default::default()
    };
    let state = share::decode(&share::encode(&share::sanitized_state(&inputs, &o))).unwrap();
    let back = state.overrides.compare.unwrap();
    assert_eq!(back, sides);
    assert_eq!(back.indices(3), (vec![0], vec![2]));
    assert!(back.ready(3));
    // A blank input is dropped when a link opens: the later inputs keep their sides.
    let mut with_blank = share::sanitized_state(&inputs, &o);
    with_blank.inputs.insert(1, Input::new("blank", "  \n"));
    with_blank.overrides.compare = Some(Sides {
        words: Words::WorksFails,
        of: vec![Some(Side::Before), None, None, Some(Side::After)],
    });
    let opened = share::decode(&share::encode(&with_blank)).unwrap();
    assert_eq!(opened.inputs.len(), 3);
    assert_eq!(
        opened.overrides.compare.unwrap().indices(3),
        (vec![0], vec![2])
    );
    // A link made before compare existed (no "compare" in its overrides) opens as before.
    let old = share::sanitized_state(&inputs, &Overrides::default());
    let json = serde_json::to_string(&old).unwrap();
    assert!(!json.contains("compare"));
    assert_eq!(
        share::decode(&share::encode(&old))
            .unwrap()
            .overrides
            .compare,
        None
    );
}

#[test]
fn removing_an_input_moves_the_later_sides_up() {
    let mut s = Sides::default();
    s.set(0, Some(Side::Before));
    s.set(1, Some(Side::After));
    s.set(3, Some(Side::After));
    assert_eq!(s.counts(4), (1, 2));
    s.remove(1);
    assert_eq!(s.indices(3), (vec![0], vec![2]));
    s.set(2, None);
    assert_eq!(s.of, vec![Some(Side::Before)]);
    assert!(!s.ready(3));
}

/// A side given as a bundle (a zip of the morning's files, a UTF-16 tar.gz of the afternoon's)
/// compares as the same side given file by file: the same differences, the same aligned rows.
#[test]
fn bundles_compare_as_their_files() {
    use std::io::Write;
    let root = Path::new(DIR).join("tests/compare/worked-at-0900-not-at-1400");
    let files = |side: &str| -> Vec<(String, Vec<u8>)> {
        read_dir(&root.join(side))
            .into_iter()
            .map(|i| {
                (
                    format!("logs/{}", i.name),
                    i.text.into_string().into_bytes(),
                )
            })
            .collect()
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files("before") {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(&data).unwrap();
    }
    let zip = zip.finish().unwrap().into_inner();
    let mut tar = tar::Builder::new(Vec::new());
    for (name, data) in files("after") {
        // UTF-16 LE with a byte-order mark, as Windows tools write it.
        let text = String::from_utf8(data).unwrap();
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let mut h = tar::Header::new_gnu();
        h.set_size(utf16.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, &utf16[..]).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar.into_inner().unwrap()).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare-bundles");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("morning.zip"), zip).unwrap();
    std::fs::write(dir.join("afternoon.tar.gz"), gz.finish().unwrap()).unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let o = run(args);
        assert_eq!(o.code, 0, "{}", o.stderr);
        serde_json::from_str(&o.stdout).unwrap()
    };
    let (z, t) = (
        dir.join("morning.zip").to_string_lossy().into_owned(),
        dir.join("afternoon.tar.gz").to_string_lossy().into_owned(),
    );
    let bundled = json(&["compare", "--json", "--before", &z, "--after", &t]);
    let b: Vec<String> = files("before")
        .iter()
        .map(|f| {
            format!(
                "tests/compare/worked-at-0900-not-at-1400/before/{}",
                &f.0[5..]
            )
        })
        .collect();
    let a: Vec<String> = files("after")
        .iter()
        .map(|f| {
            format!(
                "tests/compare/worked-at-0900-not-at-1400/after/{}",
                &f.0[5..]
            )
        })
        .collect();
    let mut args = vec!["compare", "--json", "--before"];
    args.extend(b.iter().map(String::as_str));
    args.push("--after");
    args.extend(a.iter().map(String::as_str));
    let plain = json(&args);
    for key in [
        "headline",
        "differences",
        "entry_points",
        "agents",
        "steps",
        "findings",
    ] {
        assert_eq!(bundled[key], plain[key], "{key}");
    }
    assert_eq!(
        bundled["ladder"]["rows"].as_array().unwrap().len(),
        plain["ladder"]["rows"].as_array().unwrap().len()
    );
    let names: Vec<&str> = bundled["after"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().all(|n| n.contains("afternoon.tar.gz/logs/")),
        "{names:?}"
    );
    assert!(bundled["after"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["encoding"] == "utf-16le-bom"));
}
