//! Share links of a secret-rich HAR in every shape intake owns: UTF-16 LE/BE with and without a
//! byte-order mark, after a note line, after a log excerpt, inside a JSON array, followed by logs,
//! on the same line as a note, cut short, inside a zip, a .gz, a .tar.gz and a zip in a zip. The
//! share link's state (`share::sanitized_state`, and the link itself decoded again) must carry no
//! planted value: cookies, Authorization, Set-Cookie, tokens, chat text, `user:password@` ...

use ece_triage::har::fixtures::{self, full_capture};
use ece_triage::intake::{self, InputKind, Limits};
use ece_triage::model::Input;
use ece_triage::share::{self, Overrides};
use std::io::Write;

/// Values planted in `fixtures::full_capture`, each promised to be removed from a HAR.
const PLANTED: &[(&str, &str)] = &[
    ("JSESSIONID cookie / Set-Cookie", fixtures::JSESSIONID),
    (
        "Authorization bearer (JWT signature)",
        "c2lnbmF0dXJlLXNlY3JldA",
    ),
    ("egain-chat-session cookie", "s%3Aabc.def"),
    ("customer chat text", fixtures::CHAT_TEXT),
    ("agent chat text", "Let me check that for you"),
    ("customer e-mail", fixtures::CUSTOMER_EMAIL),
    ("customer phone", fixtures::CUSTOMER_PHONE),
    ("access_token in a query", "ya29.SECRETTOKEN"),
    ("password in a JSON body", "hunter2"),
    ("refresh_token in a JSON body", "rt-SECRET-42"),
    ("id_token signature", "U0lHTkFUVVJF"),
    ("user:password@ in a URL", "s3cretpw"),
    ("SAMLRequest", "fZJNT8MwDIb%2FSpV7"),
    ("RelayState token", "token123"),
    ("X-egain-session header", fixtures::EGAIN_SESSION),
    ("BOSH session id", "100234_9f8e7d"),
];

const LISTENER: &str = include_str!("../samples/seed/listener-ready.log");
const OPC: &str = include_str!("../samples/seed/opc-ready.log");
const ANSWER: &str = include_str!("../samples/seed/initialize-response.json");

fn har_pretty() -> String {
    serde_json::to_string_pretty(&full_capture(1)).unwrap()
}

fn har_compact() -> String {
    full_capture(1).to_string()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = std::iter::once(0xfeff_u16)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    for u in units {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, *data).unwrap();
    }
    b.into_inner().unwrap()
}

/// Every shape: a name and the file's bytes as a user would give them.
fn shapes() -> Vec<(&'static str, Vec<u8>)> {
    let pretty = har_pretty();
    let compact = har_compact();
    let text = |s: String| s.into_bytes();
    vec![
        ("plain pretty", text(pretty.clone())),
        ("plain compact", text(compact.clone())),
        ("utf-16le with BOM", utf16(&pretty, false, true)),
        ("utf-16le without BOM", utf16(&pretty, false, false)),
        ("utf-16be with BOM", utf16(&pretty, true, true)),
        ("utf-16be without BOM", utf16(&compact, true, false)),
        (
            "after a note line",
            text(format!("Capture from the customer's PC:\n{pretty}")),
        ),
        (
            "after a log excerpt",
            text(format!("{LISTENER}\n{compact}\n")),
        ),
        ("followed by logs", text(format!("{pretty}\n{OPC}"))),
        (
            "followed by logs and an answer (ends with a brace)",
            text(format!("{compact}\n{OPC}{ANSWER}")),
        ),
        ("between logs", text(format!("{LISTENER}{pretty}\n\n{OPC}"))),
        ("inside a JSON array", text(format!("[{compact}]"))),
        (
            "two inside a pretty JSON array",
            text(format!("[\n  {pretty},\n  {compact}\n]\n")),
        ),
        (
            "on the same line as a note",
            text(format!("capture: {compact} (end)\n{OPC}")),
        ),
        (
            "cut short after logs",
            text(format!("{OPC}{}", &pretty[..pretty.len() * 2 / 3])),
        ),
        (
            "utf-16le after logs in an array",
            utf16(&format!("{OPC}[{pretty}]"), false, true),
        ),
        (
            "in a zip",
            zip(&[
                ("logs/opc.log", OPC.as_bytes()),
                ("capture.har", pretty.as_bytes()),
            ]),
        ),
        (
            "utf-16 in a zip",
            zip(&[("capture.har", &utf16(&pretty, false, true))]),
        ),
        ("in a .gz", gz(pretty.as_bytes())),
        (
            "in a .tar.gz",
            gz(&tar(&[
                ("a/capture.har", pretty.as_bytes()),
                ("a/opc.log", OPC.as_bytes()),
            ])),
        ),
        (
            "in a zip in a zip",
            zip(&[("inner.zip", &zip(&[("capture.har", compact.as_bytes())]))]),
        ),
    ]
}

/// The planted values found in `text`.
fn leaks(text: &str) -> Vec<&'static str> {
    PLANTED
        .iter()
        .filter(|(_, v)| text.contains(v))
        .map(|(what, _)| *what)
        .collect()
}

#[test]
fn every_planted_value_is_in_the_capture_before_sanitizing() {
    // Without this the test below could not fail.
    for (name, bytes) in shapes() {
        let inputs = intake::open(name, bytes, &Limits::default());
        let all: String = inputs.iter().map(|i| i.text.as_str()).collect();
        let found = leaks(&all);
        if name.starts_with("cut short") {
            assert!(!found.is_empty(), "{name}");
        } else {
            assert_eq!(found.len(), PLANTED.len(), "{name}: only {found:?}");
        }
    }
}

#[test]
fn no_planted_value_survives_a_share_link_in_any_shape() {
    let base = "https://intranet.example/tools/ece/";
    for (name, bytes) in shapes() {
        let inputs = intake::open(name, bytes, &Limits::default());
        assert!(
            inputs.iter().all(|i| i.skipped.is_none()),
            "{name}: {inputs:?}"
        );
        let state = share::sanitized_state(&inputs, &Overrides::default());
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(leaks(&json), Vec::<&str>::new(), "{name}: leaked");
        // The link itself, opened again.
        let link = share::link(base, &state);
        let back = share::decode(link.split_once('#').unwrap().1).unwrap();
        let text: String = back.inputs.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            leaks(&text),
            Vec::<&str>::new(),
            "{name}: leaked via the link"
        );
    }
}

#[test]
fn sanitized_shapes_still_read_as_hars_and_logs() {
    for (name, bytes) in shapes() {
        if name.starts_with("cut short") {
            continue;
        }
        let inputs = intake::open(name, bytes, &Limits::default());
        let state = share::sanitized_state(&inputs, &Overrides::default());
        let kinds: Vec<InputKind> = state
            .inputs
            .iter()
            .flat_map(|i| intake::parts(&i.text))
            .map(|p| p.kind)
            .collect();
        assert!(kinds.contains(&InputKind::Har), "{name}: {kinds:?}");
        let report = ece_triage::analysis::analyze(&state.inputs);
        assert!(
            report.problems.is_empty(),
            "{name}: the sanitized HAR still reads: {:?}",
            report.problems
        );
        assert!(!report.har.is_empty(), "{name}");
    }
}

#[test]
fn a_cut_short_har_is_withheld_whole_and_its_logs_kept() {
    let pretty = har_pretty();
    let text = format!("{OPC}{}", &pretty[..pretty.len() / 2]);
    let (out, removed) = ece_triage::sanitize::sanitize_for_sharing(&text, &Default::default());
    assert!(out.starts_with(OPC), "{out}");
    assert!(out.ends_with("[redacted:unreadable-har]"), "{out}");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].reason, "unreadable-har");
    // Where the reader stopped, in the whole input's lines.
    let lines = text.lines().count();
    assert!(
        removed[0].name.contains(&format!("line {lines},")),
        "{:?}",
        removed[0]
    );
}

#[test]
fn log_redactions_keep_the_input_line_numbers_around_a_har() {
    let session = "2019-07-20 18:27:31.749 GMT+0000 <@> INFO <@> [1:t] <@> ProcessId:4584 <@> PID:1 <@> UID:1005 <@> HttpSessionId:IrltMMd3T0prrkbhAwK8wkL5 <@> x <@> <@> y <@>\n";
    let pretty = har_pretty();
    let text = format!("{session}{pretty}\n{session}");
    let (out, removed) = ece_triage::sanitize::sanitize_for_sharing(&text, &Default::default());
    assert!(!out.contains("IrltMMd3T0prrkbhAwK8wkL5"));
    let last = text.lines().count();
    let lines: Vec<&str> = removed
        .iter()
        .filter(|r| r.reason == "session" && r.path.starts_with("line "))
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(lines, vec!["line 1".to_string(), format!("line {last}")]);
    // HAR redactions name the part they come from.
    assert!(removed
        .iter()
        .any(|r| r.path.starts_with("HAR capture (lines 2\u{2013}")));
}

#[test]
fn a_stored_input_of_the_old_shape_sanitizes_as_before() {
    // A share link made before intake: one input, the HAR alone; same output as the HAR's own.
    let pretty = har_pretty();
    let a = ece_triage::sanitize::sanitize_for_sharing(&pretty, &Default::default());
    let b = ece_triage::sanitize::har_text(&pretty, &Default::default()).unwrap();
    assert_eq!(a, b);
    let _ = Input::new("x", "y");
}
