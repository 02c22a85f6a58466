//! Every real sample HAR reads; the two broken ones give clear positioned errors.

use ece_triage::har::{self, HarErrorKind};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/samples/har/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const GOOD: &[(&str, usize)] = &[
    ("harviewer-data-url.har", 1),
    ("harviewer-from-cache.har", 0),
    ("harviewer-issue-49-chrome51.har", 0),
    ("harviewer-issue-49-ff47.har", 0),
    ("harviewer-issue-61-chrome51.har", 0),
    ("harviewer-issue-61-firefox47.har", 0),
    ("harviewer-issue-61-ie11.fiddler.har", 0),
    ("harviewer-noPages.har", 0),
    ("harviewer-www-cnn-com.har", 0),
    ("mswjs-request-parameters.har", 0),
    ("mswjs-response-binary.har", 0),
    ("mswjs-response-cookies.har", 0),
    ("mswjs-response-error.har", 0),
    ("mswjs-response-json.har", 0),
    ("mswjs-response-status-304.har", 0),
];

#[test]
fn every_good_sample_reads_and_has_no_ece_calls() {
    for (name, _) in GOOD {
        let cap = har::read_har(&sample(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let n: usize = serde_json::from_slice::<serde_json::Value>(
            sample(name)
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&sample(name)),
        )
        .unwrap()["log"]["entries"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(cap.entries, n, "{name}");
        assert_eq!(cap.other.len(), n, "{name}: every entry is listed as other");
        assert!(cap.calls.is_empty(), "{name}");
        let s = cap.summary();
        assert!(s.starts_with("No ECE chat calls"), "{name}: {s}");
        assert!(s.contains("developer tools recording"), "{s}");
        assert!(s.contains("export HAR"), "{s}");
        eprintln!(
            "{name}: {} entries, {:?} {:?} warnings {:?}",
            cap.entries, cap.version, cap.creator, cap.warnings
        );
    }
}

#[test]
fn not_json_gives_line_column_and_what_was_expected() {
    let e = har::read_har(&sample("harviewer-not-json.har")).unwrap_err();
    assert_eq!(e.kind, HarErrorKind::NotJson);
    assert_eq!((e.line, e.column), (8, 5), "{e:?}");
    assert_eq!(e.expected, "expected `,` or `}`");
    assert!(e.message.contains("line 8, column 5"), "{}", e.message);
    let text = String::from_utf8(sample("harviewer-not-json.har")).unwrap();
    assert_eq!(&text[e.offset..e.offset + 3], "xxx");
}

#[test]
fn not_valid_says_entries_are_missing() {
    let e = har::read_har(&sample("harviewer-not-valid.har")).unwrap_err();
    assert_eq!(e.kind, HarErrorKind::NotHar);
    assert!(e.expected.contains("\"entries\""), "{e:?}");
    // The position is the end of the "log" object that lacks the array.
    assert_eq!((e.line, e.column), (12, 3), "{e:?}");
    let text = String::from_utf8(sample("harviewer-not-valid.har")).unwrap();
    assert_eq!(&text[e.offset..e.offset + 1], "}");
    assert!(e.message.contains("not a HAR file"), "{}", e.message);
    assert!(e.message.contains("line 12, column 3"), "{}", e.message);
}

#[test]
fn a_second_entries_or_log_member_is_a_positioned_problem_not_a_guess() {
    let twice = "{\"log\": {\"version\": \"1.2\", \"entries\": [],\n  \"entries\": \"1.2\"}}";
    let e = har::read_har(twice.as_bytes()).unwrap_err();
    assert!(e.message.contains("a second \"entries\" member"), "{e}");
    assert_eq!(e.line, 2, "{e:?}");
    let twice = "{\"log\": {\"entries\": []},\n \"log\": {\"entries\": []}}";
    let e = har::read_har(twice.as_bytes()).unwrap_err();
    assert!(e.message.contains("a second \"log\" member"), "{e}");
    assert_eq!(e.line, 2, "{e:?}");
}
