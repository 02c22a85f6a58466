//! Invariants the fuzz targets assert on the parsers' outputs.
//!
//! A panic here is a finding just like a panic inside the parser: it means a parser produced
//! something the rest of the crate (the UI slicing text spans, the report pointing at lines, the
//! page reading the worker's JSON) relies on never happening.

use ece_triage::cti::{DecodeOutput, Message};
use ece_triage::logs::LogParse;
use ece_triage::model::Origin;
use ece_triage::report::Report;

/// Lines as the log readers number them (1-based, split at `\n`).
pub fn line_count(text: &str) -> u32 {
    u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX)
}

/// Every field of a decoded message lies within its bytes, and the header is what the bytes say.
pub fn check_message(m: &Message) {
    let n = m.bytes.len();
    for f in m.header_fields().iter().chain(&m.fields) {
        let (offset, size) = (f.offset as usize, f.size as usize);
        assert_eq!(f.raw.len(), size, "field {} raw/size disagree", f.name);
        assert!(
            offset.checked_add(size).is_some_and(|e| e <= n),
            "field {} at {}+{} outside {} bytes",
            f.name,
            f.offset,
            f.size,
            n
        );
        assert_eq!(
            &m.bytes[offset..offset + size],
            &f.raw[..],
            "field {} raw is not its bytes",
            f.name
        );
    }
    for f in &m.fields {
        assert!(f.offset >= 8, "body field {} inside the header", f.name);
    }
    for f in &m.floating {
        let sz = m.floating_size(f);
        assert!(
            f.offset.checked_add(sz).is_some_and(|e| e <= n),
            "floating tag {} at {}+{} outside {} bytes",
            f.tag,
            f.offset,
            sz,
            n
        );
        assert!(f.offset >= 8, "floating tag {} inside the header", f.tag);
    }
    for p in &m.problems {
        assert!(
            p.offset <= n,
            "problem at {} past {} bytes: {}",
            p.offset,
            n,
            p.message
        );
    }
    if n >= 8 {
        let len = u32::from_be_bytes([m.bytes[0], m.bytes[1], m.bytes[2], m.bytes[3]]);
        let ty = u32::from_be_bytes([m.bytes[4], m.bytes[5], m.bytes[6], m.bytes[7]]);
        assert_eq!(m.length, Some(len), "length is not the header's");
        assert_eq!(m.type_number, Some(ty), "type is not the header's");
    } else {
        assert_eq!(m.type_number, None, "a type number without a full header");
    }
    // Linking a byte to its row: the first byte of a (non-empty) range finds a range.
    if let Some(&(o, _)) = m.field_ranges().iter().rev().find(|r| r.1 > 0) {
        assert!(m.range_at(o).is_some());
    }
    let _ = m.label();
    serde_json::to_string(m).expect("message serializes");
}

/// `decode_text`'s output points back into `text` at character boundaries.
pub fn check_decode_output(text: &str, out: &DecodeOutput) {
    for m in &out.messages {
        check_message(m);
        let (a, b) = m.text_span;
        assert!(
            a <= b && b <= text.len(),
            "text span {a}..{b} outside {}",
            text.len()
        );
        assert!(
            text.is_char_boundary(a) && text.is_char_boundary(b),
            "text span {a}..{b} not on char boundaries"
        );
    }
    for p in &out.problems {
        assert!(
            p.offset <= text.len(),
            "text problem at {} past {}",
            p.offset,
            text.len()
        );
    }
}

fn check_origin(o: &Origin, input: usize, lines: u32) {
    assert_eq!(o.input as usize, input, "origin names another input");
    assert!(o.line >= 1, "line numbers are 1-based");
    assert!(
        o.line <= o.end_line,
        "origin {}..{} reversed",
        o.line,
        o.end_line
    );
    assert!(
        o.end_line <= lines,
        "origin line {} past {} lines",
        o.end_line,
        lines
    );
}

/// Every event, problem and unrecognised line of a log parse lies within the input.
pub fn check_log_parse(input: usize, text: &str, p: &LogParse) {
    let lines = line_count(text);
    for e in &p.events {
        check_origin(&e.origin, input, lines);
        if let ece_triage::model::EventKind::Arm { message } = &e.kind {
            check_message(&message.decode());
        }
        let _ = e.summary();
    }
    for o in &p.unrecognised {
        check_origin(o, input, lines);
    }
    for pr in &p.problems {
        assert_eq!(pr.input, input);
        if let Some(l) = pr.line {
            assert!(l >= 1 && l <= lines, "problem line {l} outside 1..={lines}");
        }
        if let Some(off) = pr.offset {
            assert!(
                off <= text.len(),
                "problem offset {off} past {}",
                text.len()
            );
        }
    }
    assert!(p.unrecognised_lines() <= lines as usize);
}

/// The whole report points only at inputs and lines that exist, and renders as Markdown. (Its JSON
/// is [`check_report_json`]'s, which the targets call where the report can hold what JSON may not
/// carry back: numbers from a HAR, any text.)
pub fn check_report(texts: &[&str], r: &Report) {
    assert_eq!(r.inputs.len(), texts.len(), "one summary per input");
    // Counted once per input (counting per event made a run quadratic in the input's size).
    let counts: Vec<u32> = texts.iter().map(|t| line_count(t)).collect();
    let lines = |i: usize| counts[i];
    for e in &r.events {
        assert!(
            e.input < texts.len(),
            "event input {} of {}",
            e.input,
            texts.len()
        );
        assert!(e.line <= e.end_line && e.end_line <= lines(e.input));
        if let Some(g) = e.group {
            assert!(g < r.groups.len(), "event group {g} of {}", r.groups.len());
        }
        if let Some(m) = &e.message {
            check_message(m);
        }
    }
    for g in &r.groups {
        for &i in &g.events {
            assert!(i < r.events.len(), "group event {i} of {}", r.events.len());
        }
    }
    for f in &r.findings {
        for ev in &f.evidence {
            assert!(
                ev.input < texts.len(),
                "evidence input {} of {}",
                ev.input,
                texts.len()
            );
            if let Some(l) = ev.line {
                assert!(
                    l <= lines(ev.input),
                    "evidence line {l} past {}",
                    lines(ev.input)
                );
            }
        }
    }
    for p in &r.problems {
        assert!(
            p.input < texts.len(),
            "problem input {} of {}",
            p.input,
            texts.len()
        );
        if let Some(l) = p.line {
            assert!(
                l <= lines(p.input),
                "problem line {l} past {}",
                lines(p.input)
            );
        }
    }
    for m in &r.dumps {
        check_message(m);
    }
    for e in &r.entry_points {
        assert!(e.input < texts.len());
    }
    for h in &r.har {
        assert!(h.input < texts.len());
    }
    // One verdict per entry point, from an input that exists; findings from catalogue rules; no
    // pair of findings the catalogue declares contradictory.
    for v in &r.verdicts {
        assert!(
            v.input < texts.len(),
            "verdict input {} of {}",
            v.input,
            texts.len()
        );
    }
    for f in &r.findings {
        assert!(
            ece_triage::analysis::rules::catalog::rule(&f.id).is_some(),
            "finding {} has no rule",
            f.id
        );
    }
    let c = ece_triage::analysis::rules::conflicts::contradictions(r);
    assert!(c.is_empty(), "contradictions: {c:?}");
    assert!(r.unrecognised_lines <= counts.iter().map(|&n| n as usize).sum());
    let _ = r.to_markdown();
}

/// The report survives the trip the worker's reply takes: JSON (`Report::to_json` is the same
/// serializer, pretty-printed), read back by the page with the same serde model, says the same
/// again. (JSON, not the structs, is compared: fields the report never carries are left out of
/// both on purpose.)
pub fn check_report_json(r: &Report) {
    let json = serde_json::to_vec(r).expect("the report serializes");
    let back: Report = serde_json::from_slice(&json).unwrap_or_else(|e| {
        panic!(
            "the report's JSON does not read back: {e}\n{}",
            String::from_utf8_lossy(&json)
        )
    });
    let again = serde_json::to_vec(&back).expect("the report read back serializes");
    if again != json {
        // Where the texts part (the whole report is too long to read in a crash log).
        let at = json
            .iter()
            .zip(&again)
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let ctx = |j: &[u8]| {
            String::from_utf8_lossy(&j[at.saturating_sub(60)..(at + 60).min(j.len())]).into_owned()
        };
        panic!(
            "the report reads back different: at byte {at}, {:?} became {:?}",
            ctx(&json),
            ctx(&again)
        );
    }
}
