//! One reader: archives analyse as their files do, the CLI reads exactly what `intake::open` gives
//! (the page and the worker call the same function on the same bytes), and every malformed input
//! says what it is and what to do instead of "N lines not recognised" (issue 17.11).

use ece_triage::analysis::analyze;
use ece_triage::cli;
use ece_triage::intake::{self, InputKind, Limits};
use ece_triage::model::{Encoding, Input};
use std::io::Write;
use std::path::{Path, PathBuf};

fn seed() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/seed");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A seed sample's text.
fn seed_text(name: &str) -> String {
    String::from_utf8(seed().into_iter().find(|(n, _)| n == name).unwrap().1).unwrap()
}

fn har_text() -> String {
    ece_triage::har::fixtures::full_capture(1).to_string()
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn tar(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, &data[..]).unwrap();
    }
    b.into_inner().unwrap()
}

/// The files, each opened on its own under the name it has inside the bundle.
fn one_by_one(bundle: &str, files: &[(String, Vec<u8>)]) -> Vec<Input> {
    files
        .iter()
        .flat_map(|(n, b)| intake::open(&format!("{bundle}/{n}"), b.clone(), &Limits::default()))
        .collect()
}

#[test]
fn a_zip_or_tar_gz_analyses_exactly_as_its_files() {
    let mut files: Vec<(String, Vec<u8>)> = seed()
        .into_iter()
        .map(|(n, b)| (format!("logs/{n}"), b))
        .collect();
    files.push(("capture.har".into(), utf16le_bom(&har_text())));
    let by_file = analyze(&one_by_one("bundle.zip", &files)).to_json();
    let zipped = intake::open("bundle.zip", zip(&files), &Limits::default());
    assert_eq!(zipped.len(), files.len());
    assert_eq!(analyze(&zipped).to_json(), by_file);
    let by_file = analyze(&one_by_one("bundle.tar.gz", &files)).to_json();
    let tgz = intake::open("bundle.tar.gz", gz(&tar(&files)), &Limits::default());
    assert_eq!(analyze(&tgz).to_json(), by_file);
    // And the report did read every kind: logs, the answer, the UTF-16 HAR.
    let r = analyze(&zipped);
    let kinds: Vec<(InputKind, Encoding)> = r.inputs.iter().map(|i| (i.kind, i.encoding)).collect();
    assert!(
        kinds.contains(&(InputKind::Har, Encoding::Utf16LeBom)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(InputKind::ApiAnswer, Encoding::Utf8)),
        "{kinds:?}"
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.har.len(), 1);
}

/// A fresh directory under the target dir for this test's files.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_cli_reads_files_folders_and_stdin_as_intake_opens_bytes() {
    let d = scratch("cli-reads");
    let har16 = utf16le_bom(&har_text());
    let files: Vec<(String, Vec<u8>)> = seed();
    std::fs::write(d.join("capture.har"), &har16).unwrap();
    std::fs::write(d.join("bundle.zip"), zip(&files)).unwrap();
    std::fs::create_dir_all(d.join("folder/sub")).unwrap();
    std::fs::write(d.join("folder/sub/opc.log"), &files[4].1).unwrap();
    std::fs::write(d.join("folder/shot.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let arg = |p: &str| d.join(p).to_string_lossy().into_owned();
    let args = [arg("capture.har"), arg("bundle.zip"), arg("folder")];
    let read = cli::read_inputs("analyze", &args, &mut Vec::new).unwrap();
    let mut want = intake::open(&args[0], har16.clone(), &Limits::default());
    want.extend(intake::open(&args[1], zip(&files), &Limits::default()));
    want.extend(intake::open(
        &arg("folder/shot.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        &Limits::default(),
    ));
    want.extend(intake::open(
        &arg("folder/sub/opc.log"),
        files[4].1.clone(),
        &Limits::default(),
    ));
    assert_eq!(read, want);
    // stdin: the same bytes, the same input.
    let mut stdin = || har16.clone();
    let read = cli::read_inputs("analyze", &[], &mut stdin).unwrap();
    assert_eq!(
        read,
        intake::open("stdin", har16.clone(), &Limits::default())
    );
    assert_eq!(read[0].encoding, Encoding::Utf16LeBom);
    // The JSON report of the UTF-16 HAR from stdin equals the UTF-8 one's, but for the encoding.
    let out16 = cli::run(&["analyze".into(), "--json".into()], &mut || har16.clone());
    let out8 = cli::run(&["analyze".into(), "--json".into()], &mut || {
        har_text().into_bytes()
    });
    assert_eq!(
        out16.stdout.replace("\"utf-16le-bom\"", "\"utf-8\""),
        out8.stdout
    );
}

/// One malformed input: its bytes, what the report must call it, and what it must say.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    kind: InputKind,
    says: &'static str,
}

fn matrix() -> Vec<Case> {
    let log = seed()
        .into_iter()
        .find(|(n, _)| n == "opc-ready.log")
        .unwrap()
        .1;
    let z = zip(&[("opc.log".into(), log.clone())]);
    let g = gz(&log.repeat(20));
    let har = har_text();
    let mut pe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
    pe.resize(256, 0);
    let noise: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 | 1)
        .collect();
    vec![
        Case {
            name: "x.png",
            bytes: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec(),
            kind: InputKind::Skipped,
            says: "this looks like a PNG image",
        },
        Case {
            name: "x.pdf",
            bytes: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
            kind: InputKind::Skipped,
            says: "a PDF document",
        },
        Case {
            name: "x.exe",
            bytes: pe,
            kind: InputKind::Skipped,
            says: "a Windows executable",
        },
        Case {
            name: "x.7z",
            bytes: b"7z\xbc\xaf\x27\x1c\x00\x04".to_vec(),
            kind: InputKind::Skipped,
            says: "7-Zip archive, which this tool does not open",
        },
        Case {
            name: "x.bin",
            bytes: noise,
            kind: InputKind::Skipped,
            says: "binary data, not text",
        },
        Case {
            name: "x.msg",
            bytes: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0".to_vec(),
            kind: InputKind::Skipped,
            says: "an Outlook message",
        },
        Case {
            name: "utf32.log",
            bytes: b"\xff\xfe\x00\x001\x00\x00\x00".to_vec(),
            kind: InputKind::Skipped,
            says: "UTF-32",
        },
        Case {
            name: "cut.zip",
            bytes: z[..z.len() - 30].to_vec(),
            kind: InputKind::Skipped,
            says: "not a readable zip archive",
        },
        Case {
            name: "cut.log.gz",
            bytes: g[..g.len() / 2].to_vec(),
            kind: InputKind::Skipped,
            says: "cut short",
        },
        Case {
            name: "cut.har",
            bytes: har.as_bytes()[..har.len() / 2].to_vec(),
            kind: InputKind::Har,
            says: "the file ends too early",
        },
        Case {
            name: "utf16.har",
            bytes: utf16le_bom(&har[..har.len() / 2]),
            kind: InputKind::Har,
            says: "the file ends too early",
        },
    ]
}

#[test]
fn malformed_inputs_say_what_they_are_in_the_report_and_the_cli_text() {
    let d = scratch("matrix");
    for c in matrix() {
        let inputs = intake::open(c.name, c.bytes.clone(), &Limits::default());
        let r = analyze(&inputs);
        assert_eq!(r.inputs.len(), 1, "{}", c.name);
        assert_eq!(r.inputs[0].kind, c.kind, "{}", c.name);
        assert_eq!(
            r.unrecognised_lines, 0,
            "{}: no 'lines not recognised'",
            c.name
        );
        assert!(
            r.problems.iter().any(|p| p.message.contains(c.says)),
            "{}: {:?}",
            c.name,
            r.problems
        );
        // The CLI's text report prints it under PROBLEMS with the input's name.
        let path = d.join(c.name);
        std::fs::write(&path, &c.bytes).unwrap();
        let out = cli::run(
            &["analyze".into(), path.to_string_lossy().into_owned()],
            &mut Vec::new,
        );
        let problems = out.stdout.split("\nPROBLEMS\n").nth(1).unwrap_or("");
        let line = problems
            .lines()
            .find(|l| l.contains(c.says))
            .unwrap_or_else(|| panic!("{}: {}", c.name, out.stdout));
        assert!(
            line.trim_start().starts_with(&*path.to_string_lossy()),
            "{line}"
        );
        if c.kind == InputKind::Har {
            // name:line:column: message
            let at = &line.trim_start()[path.to_string_lossy().len()..];
            let mut it = at.split(':');
            assert_eq!(it.next(), Some(""));
            assert!(it.next().unwrap().parse::<u32>().is_ok(), "{line}");
            assert!(it.next().unwrap().parse::<u32>().is_ok(), "{line}");
        }
    }
}

#[test]
fn gzip_zip_and_utf16_logs_analyse_like_the_plain_log() {
    let log = seed()
        .into_iter()
        .find(|(n, _)| n == "opc-ready.log")
        .unwrap()
        .1;
    let text = String::from_utf8(log.clone()).unwrap();
    let plain = analyze(&[Input::new("opc.log", text.clone())]);
    for (name, bytes) in [
        ("opc.log.gz", gz(&log)),
        ("opc.zip", zip(&[("opc.log".into(), log.clone())])),
        ("opc.log", utf16le_bom(&text)),
        (
            "opc.log",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let r = analyze(&intake::open(name, bytes, &Limits::default()));
        assert_eq!(r.events.len(), plain.events.len(), "{name}");
        assert_eq!(r.agents, plain.agents, "{name}");
        assert_eq!(r.unrecognised_lines, 0, "{name}");
    }
}

#[test]
fn a_har_followed_by_logs_and_an_answer_is_read_part_by_part() {
    // The text ends with `}`: the HAR is first taken to run to the end; its reader finds more
    // after it, and the text is split exactly.
    let log = seed_text("opc-ready.log");
    let answer = include_str!("../samples/seed/initialize-response.json").trim_end();
    let text = format!("{}\n{log}{answer}", har_text());
    let r = analyze(&[Input::new("paste", text)]);
    let kinds: Vec<InputKind> = r.inputs[0].parts.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [InputKind::Har, InputKind::Logs, InputKind::ApiAnswer]
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.har.len(), 1);
    assert!(
        r.entry_points
            .iter()
            .any(|e| e.input == 0 && e.url.is_none()),
        "the pasted answer"
    );
    assert_eq!(r.unrecognised_lines, 0);
}

/// A file's mapped pages open as its bytes do, in every encoding: plain UTF-8 in place, UTF-16
/// and Windows-1252 decoded from the pages (no copy of the file first), binary refused, an archive
/// handed back to be read; and the CLI reads a large UTF-16 or ANSI log (mapped) as `open` reads
/// its bytes.
#[cfg(unix)]
#[test]
fn mapped_pages_open_as_the_bytes_do_in_every_encoding() {
    let d = scratch("mapped-encodings");
    let log = seed_text("opc-ready.log");
    let mut ansi = log.clone().into_bytes();
    ansi.extend_from_slice(b"agent Zo\xe9\r\n");
    let utf16be: Vec<u8> = log.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let shapes: Vec<(&str, Vec<u8>, Option<Encoding>)> = vec![
        ("utf8.log", log.clone().into_bytes(), Some(Encoding::Utf8)),
        (
            "bom.log",
            [b"\xef\xbb\xbf".as_slice(), log.as_bytes()].concat(),
            Some(Encoding::Utf8Bom),
        ),
        ("le-bom.log", utf16le_bom(&log), Some(Encoding::Utf16LeBom)),
        ("be.log", utf16be, Some(Encoding::Utf16Be)),
        ("ansi.log", ansi.clone(), Some(Encoding::Windows1252)),
        (
            "png.log",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            Some(Encoding::Binary),
        ),
        ("bundle.zip", zip(&seed()), None),
    ];
    for (name, bytes, encoding) in &shapes {
        let path = d.join(name);
        std::fs::write(&path, bytes).unwrap();
        let f = std::fs::File::open(&path).unwrap();
        let m = ece_triage::mapped::Mapped::map(&f, bytes.len()).unwrap();
        let want = intake::open(name, bytes.clone(), &Limits::default());
        match intake::open_mapped(name, m) {
            Ok(got) => {
                assert_eq!(got, want, "{name}");
                assert_eq!(Some(got[0].encoding), *encoding, "{name}");
            }
            // Only an archive comes back, to be read.
            Err(_) => assert_eq!(*name, "bundle.zip"),
        }
    }
    // Through the CLI: files over 8 MiB are mapped.
    for (name, unit) in [("big-utf16.log", utf16le_bom(&log)), ("big-ansi.log", ansi)] {
        let times = (9 << 20) / unit.len() + 1;
        let big = unit.repeat(times);
        let path = d.join(name);
        std::fs::write(&path, &big).unwrap();
        let arg = path.to_string_lossy().into_owned();
        let read = cli::read_inputs("analyze", std::slice::from_ref(&arg), &mut Vec::new).unwrap();
        assert_eq!(read, intake::open(&arg, big, &Limits::default()), "{name}");
        assert!(read[0].text.len() > 4 << 20, "{name}");
    }
}

/// A large log file read in place gives its pages back as its pieces are read: once analysed,
/// little of it is still in the process's memory (the pieces' pages, read again from the file
/// only where a line is asked for), and the report is the one the same text gives as a `String`
/// — after a capture at its start too (the log part's pieces stand further on in the file).
#[cfg(target_os = "linux")]
#[test]
fn a_large_mapped_log_gives_its_pages_back_as_it_is_read_and_reports_the_same() {
    use ece_triage::analysis::{analysis_with_progress, Overrides};
    let d = scratch("mapped-release");
    let logs = ece_triage::synth::log_mix_mb(10);
    for (name, text) in [
        ("big.log", logs.clone()),
        ("capture-then-logs.txt", format!("{}\n{logs}", har_text())),
    ] {
        let path = d.join(name);
        std::fs::write(&path, &text).unwrap();
        let arg = path.to_string_lossy().into_owned();
        let inputs =
            cli::read_inputs("analyze", std::slice::from_ref(&arg), &mut Vec::new).unwrap();
        assert!(inputs[0].text.is_mapped(), "{name}: read in place");
        let addr = inputs[0].text.as_ptr() as usize;
        let report = |inputs: &[Input]| {
            let a = analysis_with_progress(inputs, &Overrides::default(), &mut |_| {});
            let mut json = Vec::new();
            a.write_json(&mut json).unwrap();
            (a.timeline.events.len(), json)
        };
        let (events, mapped) = report(&inputs);
        assert!(events > 50_000, "{name}: {events} events");
        let kib = ece_triage::mapped::resident_kib(addr).expect("listed in /proc/self/smaps");
        assert!(
            kib * 1024 < text.len() / 4,
            "{name}: {kib} KiB of {} still in memory once analysed",
            text.len() / 1024
        );
        let owned = [Input::new(arg.as_str(), text)];
        assert!(report(&owned).1 == mapped, "{name}: the same report");
    }
}

/// A broken HAR at the start of a paste that ends with `}`, then a capture that reads: the paste
/// was first taken as one HAR running to its end, did not read, and hid the capture after it
/// (its calls never analysed, the share withholding it whole). Now both the analysis and the
/// sanitizer split it exactly when such a HAR does not read: the capture is analysed, the broken
/// part is reported where it stands, and the link carries the capture sanitized.
#[test]
fn a_broken_har_at_the_start_of_a_paste_does_not_hide_the_capture_after_it() {
    use ece_triage::sanitize::sanitize_for_sharing;
    let good = har_text();
    let alone = analyze(&[Input::new("good.har", good.clone())]);
    assert!(!alone.entry_points.is_empty(), "the capture's own calls");
    // A capture cut short: at a line's end, and inside a string (its quote left open).
    let pretty = serde_json::to_string_pretty(&ece_triage::har::fixtures::full_capture(1))
        .expect("a value prints");
    let lines: Vec<&str> = pretty.lines().collect();
    let cut_at_line = lines[..lines.len() / 2].join("\n");
    let in_url = good.find("\"url\"").expect("a url") + 12;
    let cut_in_string = good[..in_url].to_string();
    let line_of_end = |t: &str| t.lines().count() as u32;
    // Each broken value, and the line its error names.
    for (broken, line) in [
        ("{\"log\": {\"entries\": 5}}", 1),
        (
            "{\"log\": {\"version\": \"1.2\",\n  \"entries\": {\"request\": {}}}}",
            2,
        ),
        (cut_at_line.as_str(), line_of_end(&cut_at_line)),
        (cut_in_string.as_str(), line_of_end(&cut_in_string)),
    ] {
        assert!(line >= 1 && !broken.is_empty());
        let text = format!("{broken}\n{good}\n");
        let r = analyze(&[Input::new("paste", text.clone())]);
        let kinds: Vec<InputKind> = r.inputs[0].parts.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [InputKind::Har, InputKind::Har], "{broken}");
        assert_eq!(r.har.len(), 1, "{broken}: {:?}", r.problems);
        assert_eq!(
            r.har[0].capture.calls.len(),
            alone.har[0].capture.calls.len(),
            "{broken}"
        );
        assert_eq!(r.entry_points.len(), alone.entry_points.len(), "{broken}");
        assert_eq!(r.problems.len(), 1, "{broken}: {:?}", r.problems);
        assert_eq!(r.problems[0].line, Some(line), "{broken}: {:?}", r.problems);
        // The link: the broken part withheld, the capture sanitized by its structure (not the
        // whole paste withheld), and read back as the analysis read the paste.
        let (shared, removed) = sanitize_for_sharing(&text, &Default::default());
        let (capture_alone, _) = sanitize_for_sharing(&good, &Default::default());
        assert!(
            shared.contains(capture_alone.trim_end()),
            "{broken}: the capture is sanitized as it is alone"
        );
        assert!(!shared.starts_with(broken), "{broken}: withheld");
        assert!(
            removed.iter().any(|x| x.path.contains("lines 1")),
            "{removed:?}"
        );
        let back = analyze(&[Input::new("paste", shared)]);
        assert_eq!(back.har.len(), 1, "{broken}: {:?}", back.problems);
        let back_kinds: Vec<InputKind> = back.inputs[0].parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            back_kinds, kinds,
            "{broken}: the recipient's parts are the sender's kinds"
        );
        assert_eq!(back.entry_points.len(), r.entry_points.len(), "{broken}");
        // The recipient is told a part was withheld unread, as the sender was told it could not
        // be read (not shown one unrecognised line).
        assert_eq!(back.problems.len(), 1, "{broken}: {:?}", back.problems);
        assert!(
            back.problems[0].message.contains("withheld"),
            "{:?}",
            back.problems
        );
        assert_eq!(back.unrecognised_lines, 0, "{broken}");
        assert!(
            back.verdict.sentence.contains("Could not be read: paste"),
            "{}",
            back.verdict.sentence
        );
    }
}

/// What sanitizing withholds because it could not be read (a HAR or an answer alone) reaches a
/// link's recipient as "could not be read", with what it was; a marker among log lines stays
/// one unrecognised line.
#[test]
fn a_part_withheld_unread_is_named_as_unreadable_for_the_links_recipient() {
    use ece_triage::sanitize::sanitize_for_sharing;
    let log = seed_text("opc-ready.log");
    for (name, text, what) in [
        (
            "capture.har",
            "{\"log\": {\"entries\": 5}}\n".to_string(),
            "HAR capture",
        ),
        (
            "answer.json",
            "{\"checkEligibility\": {\"responseType\": 1}, \"x\": [1, 2\n".to_string(),
            "entry-point answer",
        ),
    ] {
        let sender = analyze(&[Input::new(name, text.clone())]);
        assert!(
            sender.verdict.sentence.contains("could not be read")
                || sender.verdict.sentence.contains("Could not be read"),
            "{name}: {}",
            sender.verdict.sentence
        );
        let (shared, _) = sanitize_for_sharing(&text, &Default::default());
        assert!(
            shared.trim().starts_with("[redacted:unreadable-"),
            "{shared}"
        );
        let back = analyze(&[Input::new(name, shared.clone())]);
        assert!(
            back.verdict
                .sentence
                .contains(&format!("Could not be read: {name}")),
            "{name}: {}",
            back.verdict.sentence
        );
        assert!(
            back.findings
                .iter()
                .any(|f| f.id == "input-unreadable" && f.title.contains(what)),
            "{name}: {:?}",
            back.findings.iter().map(|f| &f.title).collect::<Vec<_>>()
        );
        assert_eq!(back.unrecognised_lines, 0, "{name}");
        // Listed as what the sender's input was, not as logs (its content's kind).
        assert_eq!(back.inputs[0].kind, sender.inputs[0].kind, "{name}");
        // Among log lines: one unrecognised line, as before.
        let mixed = analyze(&[Input::new(name, format!("{log}{shared}\n{log}"))]);
        assert!(
            mixed.findings.iter().all(|f| f.id != "input-unreadable"),
            "{name}"
        );
    }
}

/// Captures cut short one after another in one paste: each is its own part, told unreadable at
/// its own line (none swallows the next); the headline names the first three and counts the rest.
#[test]
fn captures_cut_short_one_after_another_are_each_told_at_their_own_line() {
    let n = 2000;
    let text = format!("a note\n{}", "{\"log\": {\n".repeat(n));
    let r = analyze(&[Input::new("paste", text)]);
    let lines: Vec<Option<u32>> = r.problems.iter().map(|p| p.line).collect();
    let want: Vec<Option<u32>> = (0..n as u32).map(|k| Some(k + 2)).collect();
    assert_eq!(lines, want);
    assert_eq!(
        r.verdict.sentence.matches("paste (").count(),
        3,
        "{}",
        r.verdict.sentence
    );
    assert!(
        r.verdict
            .sentence
            .contains(&format!("and {} more, each its own finding", n - 3)),
        "{}",
        r.verdict.sentence
    );
}
