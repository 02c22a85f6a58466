//! What each fuzz target runs on one input: the parser, then the invariants. The cargo-fuzz
//! targets (`fuzz/fuzz_targets/*.rs`) call these, and so does `tests/fuzz_regressions.rs`, which
//! replays every input a fuzzer ever broke through the very same code.

use std::borrow::Cow;

use ece_triage::analysis::{classify, InputKind};
use ece_triage::cti::{decode_bytes, decode_text, DecodeOptions, DecodeOutput, FramingChoice};
use ece_triage::har::reader::{read_har_fast, read_har_serde};
use ece_triage::har::{read_har, read_har_str};
use ece_triage::model::Input;
use ece_triage::share::{decode, encode, restore, SharedState};

use super::invariants::{
    check_decode_output, check_log_parse, check_message, check_report, check_report_json,
};
use super::{grammar, plant, sanitizing};

/// What a target runs on one input.
pub type Target = fn(&[u8]);

/// Every target by name (the name of its directory under `fuzz/corpus/` and
/// `tests/fuzz_regressions/`).
pub const ALL: &[(&str, Target)] = &[
    ("arm_text", arm_text),
    ("arm_bytes", arm_bytes),
    ("logs", logs),
    ("log_listener", log_listener),
    ("log_ctisvr", log_ctisvr),
    ("log_opc", log_opc),
    ("log_rttest", log_rttest),
    ("har", har),
    ("har_fast", har_fast),
    ("share", share),
    ("answer", answer),
    ("analyze", analyze),
    ("intake", intake),
    ("har_model", grammar::har::run),
    ("logs_model", grammar::logs::run),
];

/// The quick HAR reading (serde over a copy without the long bodies of non-ECE entries) against
/// serde over the whole input: `read_har` and `read_har_str` give what `read_har_serde` gives, the
/// error's kind and position included; the quick reading alone, when it reads, gives `Ok` of it.
pub fn har_fast(data: &[u8]) {
    let plain = read_har_serde(data);
    assert_eq!(
        read_har(data),
        plain,
        "read_har differs from read_har_serde"
    );
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(
            read_har_str(text),
            plain,
            "read_har_str differs from read_har_serde"
        );
    }
    if let Some(quick) = read_har_fast(data) {
        assert_eq!(
            Ok(quick),
            plain,
            "the quick reading differs from read_har_serde"
        );
    }
}

/// The target called `name`.
pub fn by_name(name: &str) -> Option<Target> {
    ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// `cti::decode_text` on any text: every message's fields lie within its bytes, every text span
/// lies within the text on character boundaries, and CRLF line ends read as the same bytes.
pub fn arm_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for framing in [FramingChoice::Auto, FramingChoice::Version(19)] {
        let out = decode_text(&text, &DecodeOptions { framing });
        check_decode_output(&text, &out);
        if framing == FramingChoice::Auto && !text.contains('\r') {
            let crlf = decode_text(&text.replace('\n', "\r\n"), &DecodeOptions { framing });
            let bytes = |o: &DecodeOutput| {
                o.messages
                    .iter()
                    .map(|m| m.bytes.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                bytes(&crlf),
                bytes(&out),
                "CRLF line ends change the dumps' bytes"
            );
        }
    }
}

/// `cti::decode_bytes` on raw bytes with each framing choice (auto, PV19 one-byte, PV20/24
/// two-byte, and a version taken from the input): fields within the bytes, header as the bytes say.
pub fn arm_bytes(data: &[u8]) {
    let odd = u32::from(data.first().copied().unwrap_or(0));
    for framing in [
        FramingChoice::Auto,
        FramingChoice::Version(19),
        FramingChoice::Version(20),
        FramingChoice::Version(24),
        FramingChoice::Version(odd),
    ] {
        let m = decode_bytes(data, &DecodeOptions { framing });
        assert_eq!(m.bytes, data, "message bytes are not the input");
        check_message(&m);
        let again = decode_bytes(data, &DecodeOptions { framing });
        assert_eq!(m, again, "decoding is not deterministic");
    }
}

/// `logs::parse` on any text: every event, problem and unrecognised line points inside the input,
/// and the same log with CRLF line ends or a leading BOM reads as the same events.
pub fn logs(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let input = Input::new("fuzz", text);
    let p = ece_triage::logs::parse(2, &input);
    check_log_parse(2, &input.text, &p);
    check_pieces(2, &input.text, &p);
    if !input.text.contains('\r') && !input.text.contains('\u{feff}') {
        let crlf = ece_triage::logs::parse_text(2, &input.text.replace('\n', "\r\n"));
        assert_eq!(crlf.events, p.events, "CRLF line ends change the events");
        assert_eq!(
            crlf.unrecognised, p.unrecognised,
            "CRLF changes what is unrecognised"
        );
        let bom = ece_triage::logs::parse_text(2, &format!("\u{feff}{}", input.text));
        assert_eq!(bom.events, p.events, "a BOM changes the events");
    }
}

/// One log kind's parser on any text: every line of `data` gets that kind's `line_prefix` (and the
/// text starts with `head`), so that the fuzzer's mutations reach that parser rather than the
/// detector; then the same invariants as the `logs` target.
fn log_kind(head: &str, line_prefix: &str, data: &[u8]) {
    let raw = String::from_utf8_lossy(data);
    let mut text = String::with_capacity(head.len() + raw.len() * 2);
    text.push_str(head);
    for line in raw.split_inclusive('\n') {
        text.push_str(line_prefix);
        text.push_str(line);
    }
    let input = Input::new("fuzz", text);
    let p = ece_triage::logs::parse(1, &input);
    check_log_parse(1, &input.text, &p);
    check_pieces(1, &input.text, &p);
}

/// Read in pieces (cut wherever a record may start, or in thirds), the text gives what one pass
/// gave. One after the other on this thread: the cuts and hand-overs are the same as with more
/// threads (tests/logs_pieces.rs runs those), without a thread's start-up per input.
fn check_pieces(index: usize, text: &str, one: &ece_triage::logs::LogParse) {
    for piece in [1, text.len() / 3 + 1] {
        let p = ece_triage::logs::pieces::parse(index, text, 1, piece);
        assert!(
            p == *one,
            "read in pieces of {piece} bytes, the text gives other events\n{p:?}\n{one:?}"
        );
    }
}

/// The listener parser: the ARMLogger header on every line.
pub fn log_listener(data: &[u8]) {
    log_kind("", "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [8938:listener-event-pool-priority-arm-request-executor::-441] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> ", data);
}

/// The ctisvr parser: `cg1A-ctisvr Trace:` on every line.
pub fn log_ctisvr(data: &[u8]) {
    log_kind("", "15:34:09:841 cg1A-ctisvr Trace: ", data);
}

/// The OPC parser: `PG1A-opc Trace:` on every line.
pub fn log_opc(data: &[u8]) {
    log_kind("", "15:34:09:841 PG1A-opc Trace: ", data);
}

/// The rttest parser: the `agent_status` command line first, the input as its answer.
pub fn log_rttest(data: &[u8]) {
    log_kind("rttest: agent_status /agent 6420\n", "", data);
}

/// `har::read_har` on raw bytes (errors positioned inside the file), then sanitizing for a link:
/// the output is the input with spans replaced by markers (byte-faithful), a HAR that reads still
/// reads after sanitizing, with as many entries and ECE calls, and sanitizing twice changes
/// nothing more (what the first pass left is not a secret).
pub fn har(data: &[u8]) {
    let read = read_har(data);
    match &read {
        Ok(cap) => {
            assert!(cap.calls.len() + cap.other.len() <= cap.entries);
            for c in &cap.calls {
                let _ = c.line();
            }
            let _ = cap.summary();
            let _ = ece_triage::har::listing(cap);
            let _ = ece_triage::sanitize::entry_points(cap);
        }
        Err(e) => {
            assert!(
                e.offset <= data.len(),
                "error offset {} past {}",
                e.offset,
                data.len()
            );
            assert!(e.line >= 1);
        }
    }
    let text = String::from_utf8_lossy(data);
    let once = sanitizing::for_sharing(&text);
    if classify(&text) == InputKind::Har {
        let counts = |c: &ece_triage::har::HarCapture| (c.entries, c.calls.len());
        // UTF-8 input: `text` is these very bytes, so `read` is already its reading.
        let before = match &text {
            Cow::Borrowed(_) => read.as_ref().ok().map(counts),
            Cow::Owned(t) => read_har_str(t).ok().map(|c| counts(&c)),
        };
        if let Some((entries, calls)) = before {
            let after = read_har_str(&once).expect("a sanitized HAR still reads");
            assert_eq!(after.entries, entries, "sanitizing changed the entry count");
            assert_eq!(after.calls.len(), calls, "sanitizing changed the ECE calls");
        }
    }
    sanitizing::check_idempotent(&once);
}

fn round_trips(state: &SharedState) {
    let again = decode(&encode(state)).expect("an encoded state decodes");
    assert_eq!(&again, state, "share state does not round-trip");
    let r = restore(again);
    assert!(r.overrides.keep.is_empty(), "a link's keep list applied");
}

/// `share::decode` on any fragment: no panic, and what decodes re-encodes to the same state (a
/// link's keep list only ever becomes a proposal). The input is also read as the state's JSON
/// (what a link carries once inflated, which the fuzzer can shape far more easily than deflate
/// data): such a state, as `decode` opens it (blank inputs dropped), re-encodes to itself, and the analysis the page runs on an opened link
/// (inputs plus the link's overrides: clock offsets, protocol version) neither panics nor points
/// outside its inputs, and its report reads back from JSON. And the leak invariant
/// ([`plant`]): a secret planted in a real-shaped context is gone after sanitizing for a link.
pub fn share(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match decode(&text) {
        Ok(state) => round_trips(&state),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Ok(raw) = serde_json::from_slice::<SharedState>(data) {
        // What a link carrying this JSON opens as: `decode` drops blank inputs (a skipped one
        // stays), so that state, not the raw JSON's, is the one that must re-encode to itself.
        let state = decode(&encode(&raw)).expect("an encoded state decodes");
        round_trips(&state);
        let texts: Vec<&str> = state.inputs.iter().map(|i| i.text.as_str()).collect();
        let report = ece_triage::analysis::analyze_with(&state.inputs, &state.overrides);
        check_report(&texts, &report);
        check_report_json(&report);
    }
    let (planted, secret) = plant::plant(&mut plant::Choices(data));
    let out = ece_triage::sanitize::sanitize_for_sharing(
        &planted,
        &ece_triage::sanitize::SanitizeOptions::default(),
    )
    .0;
    assert!(
        !out.contains(&secret),
        "the planted value {secret} survived in\n{out}\nfrom\n{planted}"
    );
}

const ANSWER_TYPES: [Option<&str>; 5] = [
    None,
    Some("application/json"),
    Some("text/xml"),
    Some("text/html; charset=utf-8"),
    Some("text/plain"),
];

/// `ece::explain_answer` with the HTTP status from the first 2 bytes, a content type chosen by the
/// 3rd byte and the rest as the body.
pub fn answer(data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let ct = ANSWER_TYPES[usize::from(data[2]) % ANSWER_TYPES.len()];
    let body = String::from_utf8_lossy(&data[3..]);
    let e = ece_triage::ece::explain_answer(status, ct, &body);
    assert!(!e.headline.is_empty(), "an answer without a headline");
    serde_json::to_string(&e).expect("explanation serializes");
}

/// The whole pipeline: the text split at NUL bytes into up to 3 inputs; the report points only
/// at inputs and lines that exist, renders as Markdown and reads back from its JSON.
pub fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parts: Vec<&str> = text.splitn(3, '\0').collect();
    let inputs: Vec<Input> = parts
        .iter()
        .enumerate()
        .map(|(i, t)| Input::new(format!("paste {}", i + 1), *t))
        .collect();
    let report = ece_triage::analysis::analyze(&inputs);
    check_report(&parts, &report);
    check_report_json(&report);
}

/// `intake::open` on raw bytes (small limits, so archives and their bombs are cheap), then
/// `intake::parts` on each input's text and the analysis of them all: parts tile the text on
/// character boundaries with their value inside, first lines are the input's own, skipped inputs
/// have no text and say why, the report points only at inputs and lines that exist, and
/// sanitizing a text is byte-faithful and twice changes nothing more.
pub fn intake(data: &[u8]) {
    use ece_triage::intake::{self, Limits};
    let limits = Limits {
        max_expanded: 4 * 1024 * 1024,
        max_members: 64,
        max_ratio: 200,
    };
    let inputs = intake::open("fuzz.bin", data.to_vec(), &limits);
    assert!(!inputs.is_empty(), "every file gives at least one input");
    for i in &inputs {
        if let Some(why) = &i.skipped {
            assert!(i.text.is_empty() && !why.is_empty(), "{i:?}");
            continue;
        }
        let text = &i.text;
        let parts = intake::parts(text);
        assert!(!parts.is_empty());
        let mut at = 0;
        // Lines counted as the parts go (counting from the start for each part was quadratic).
        let (mut line, mut counted) = (1u32, 0usize);
        for p in &parts {
            assert_eq!(p.range.start, at, "parts tile the text: {parts:?}");
            assert!(
                p.range.start <= p.body.start && p.body.end <= p.range.end,
                "{p:?}"
            );
            assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
            assert!(text.is_char_boundary(p.body.start) && text.is_char_boundary(p.body.end));
            assert!(counted <= p.body.start, "parts' bodies in order: {parts:?}");
            line +=
                memchr::memchr_iter(b'\n', &text.as_bytes()[counted..p.body.start]).count() as u32;
            counted = p.body.start;
            assert_eq!(p.first_line, line, "{p:?}");
            assert!(p.last_line(text) >= p.first_line);
            at = p.range.end;
        }
        assert_eq!(at, text.len(), "parts cover the text: {parts:?}");
        let once = sanitizing::for_sharing(text);
        sanitizing::check_idempotent(&once);
    }
    let texts: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
    let report = ece_triage::analysis::analyze(&inputs);
    check_report(&texts, &report);
}
