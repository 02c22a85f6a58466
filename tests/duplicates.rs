//! The same content given twice (a file under two names, a paste of it, the same member in two bundles) is analysed once: the CLI's text and JSON reports say which input it repeats.

use std::io::Write;
use std::process::Command;

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/samples/seed/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ece-triage"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{out:?}"
    );
    String::from_utf8(out.stdout).unwrap()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// The seed's logs once, and again as a renamed CRLF copy and a gzip member.
fn dir_with_copies() -> (tempdir::Dir, Vec<String>) {
    let d = tempdir::Dir::new("duplicates");
    let listener = seed("listener-login.log");
    let files = [
        ("listener-login.log", listener.clone().into_bytes()),
        ("ctisvr-login.log", seed("ctisvr-login.log").into_bytes()),
        (
            "copy of listener.txt",
            listener.replace('\n', "\r\n").into_bytes(),
        ),
        ("bundle.log.gz", gz(listener.as_bytes())),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let p = d.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p.to_string_lossy().into_owned());
    }
    (d, paths)
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new(tag: &str) -> Self {
            let p = std::env::temp_dir().join(format!("ece-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn copies_are_listed_as_such_and_counted_once() {
    let (_d, p) = dir_with_copies();
    let once: serde_json::Value =
        serde_json::from_str(&run(&["analyze", "--json", &p[0], &p[1]])).unwrap();
    let twice: serde_json::Value =
        serde_json::from_str(&run(&["analyze", "--json", &p[0], &p[1], &p[2], &p[3]])).unwrap();
    // Same findings, events and agents as with each file once.
    for key in ["verdict", "findings", "agents"] {
        assert_eq!(once[key], twice[key], "{key}");
    }
    let events = |r: &serde_json::Value| r["events"].as_array().map(Vec::len);
    assert!(events(&once).is_some_and(|n| n > 0));
    assert_eq!(events(&once), events(&twice));
    assert!(once["findings"].as_array().is_some_and(|f| !f.is_empty()));
    let inputs = twice["inputs"].as_array().unwrap();
    let same: Vec<_> = inputs
        .iter()
        .map(|i| i["same_content_as"].as_u64())
        .collect();
    assert_eq!(same, vec![None, None, Some(0), Some(0)]);
    assert_eq!(inputs[2]["kind"], inputs[0]["kind"]);
    assert!(once["inputs"][0].get("same_content_as").is_none());

    let text = run(&["analyze", &p[0], &p[1], &p[2], &p[3]]);
    let want = format!("  {}: same content as {} (not counted twice)", p[2], p[0]);
    assert!(text.contains(&want), "{text}");
    let member = format!("  {}/bundle.log: same content as {}", p[3], p[0]);
    assert!(text.contains(&member), "{text}");
}
