//! A log text read in pieces on several threads gives exactly what one pass gives, wherever the
//! cuts fall (`logs::pieces`).

use ece_triage::logs::{parse_in_one, pieces};
use std::path::Path;

fn texts_under(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            texts_under(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("log" | "txt")) {
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push((p.display().to_string(), t));
            }
        }
    }
}

fn all_logs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = Vec::new();
    texts_under(&root.join("samples"), &mut v);
    texts_under(&root.join("tests/scenarios"), &mut v);
    let joined: String = v
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    v.push(("every log joined".into(), joined.clone()));
    v.push((
        "a date header, then every log joined twice".into(),
        format!("Events from August 19, 2019\n{joined}\n{joined}"),
    ));
    v.push(("the generated mix".into(), ece_triage::synth::log_mix_mb(1)));
    v
}

#[test]
fn pieces_read_what_one_pass_reads_wherever_they_are_cut() {
    let mut cut = 0;
    let mut handed = 0;
    for (name, text) in all_logs() {
        let one = parse_in_one(3, &text);
        for size in [1, 97, 1000, text.len() / 3] {
            for threads in [1, 2] {
                let told = std::sync::Mutex::new(Vec::new());
                let done = |r: std::ops::Range<usize>| told.lock().unwrap().push(r);
                let pieces::Counted {
                    parse: p,
                    cuts: c,
                    handed: h,
                    line_breaks,
                } = pieces::parse_counted(3, &text, threads, size, &done);
                assert_eq!(
                    line_breaks,
                    text.matches('\n').count(),
                    "{name}: {size} bytes"
                );
                assert!(p == one, "{name}: pieces of {size} bytes on {threads} thread(s) ({c} cut, {h} handed over) differ from one pass");
                // Each piece is told done once, in order, once joined: together the whole text.
                let told = told.into_inner().unwrap();
                assert_eq!(
                    told.len(),
                    c + 1,
                    "{name}: {size} bytes, {threads} thread(s)"
                );
                assert_eq!(told.first().map(|r| r.start), Some(0));
                assert_eq!(told.last().map(|r| r.end), Some(text.len()));
                assert!(told
                    .windows(2)
                    .all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
                cut += c;
                handed += h;
            }
        }
    }
    // The test means something only if pieces were cut and handed over, and some read again.
    assert!(cut > 200, "{cut} cuts");
    assert!(
        handed > 100 && handed < cut,
        "{handed} of {cut} pieces handed over"
    );
}

/// The states a piece's reader cannot know: a skill-group line waiting for its agent's line, an
/// `rttest` agent head whose domain lines follow the cut. Those pieces are read again.
#[test]
fn a_piece_that_needs_what_came_before_is_read_again() {
    let rttest = "rttest: agent_status /agent 6420\nAgent CUCM.Agent_test (6420, periph# 15003)\n\
20:27:32:466 cg1A-ctisvr Trace: ProcessAgentEvent - AgentID = 5050, MRDomainID = 5000\n\
  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs\n\
    CL na   TEST_Chat (6928, periph# 70518)\n";
    let sg = "20:27:32:466 cg1A-ctisvr Session 7: AgentState:AS_NOT_READY SkillGroup:5001\n\
20:27:32:467 cg1A-ctisvr Trace: ProcessAgentEvent - AgentID = 5051, MRDomainID = 5000\n\
20:27:32:468 cg1A-ctisvr Session 7: ICMAgentID:5050 EventReasonCode:0 NumTasks:0\n";
    for text in [rttest, sg] {
        let one = parse_in_one(0, text);
        for threads in [1, 2] {
            let c = pieces::parse_counted(0, text, threads, 1, &|_| {});
            let (p, h, c) = (c.parse, c.handed, c.cuts);
            assert_eq!(p, one);
            assert!(c >= 1 && h < c, "{c} cut, {h} handed over");
        }
    }
}

/// Large inputs are read in pieces; the result is the same.
#[test]
fn a_large_text_is_read_in_pieces_with_the_same_result() {
    let text = ece_triage::synth::log_mix_mb(pieces::PIECES_FROM / (1 << 20) + 1);
    let one = parse_in_one(0, &text);
    let pieces::Counted {
        parse: p,
        cuts: c,
        handed: h,
        line_breaks,
    } = pieces::parse_counted(0, &text, 2, pieces::PIECE, &|_| {});
    assert_eq!(line_breaks, text.matches('\n').count());
    assert!(c >= 4 && h == c, "{c} cut, {h} handed over");
    assert!(p == one);
    assert!(ece_triage::logs::parse_text(0, &text) == one);
}
