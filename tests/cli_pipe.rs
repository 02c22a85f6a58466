//! The command line as a shell runs it: `ece-triage analyze big.log | head` ends quietly (exit 0,
//! nothing on stderr) when the reader goes away, and a full disk is an error that says so.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// Runs `ece-triage analyze [--json] -` on 1 MiB of generated logs, reads the first `keep` bytes
/// of its output and closes the pipe; returns (exit code, stderr, bytes read).
fn analyze_then_close(json: bool, keep: usize) -> (Option<i32>, String, Vec<u8>) {
    let mut args = vec!["analyze"];
    if json {
        args.push("--json");
    }
    args.push("-");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ece-triage"))
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let text = ece_triage::synth::log_mix_mb(1);
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut got = vec![0u8; keep];
    stdout.read_exact(&mut got).expect("the first bytes arrive");
    drop(stdout);
    feeder.join().expect("stdin written");
    let mut stderr = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr);
    (child.wait().expect("the binary ends").code(), stderr, got)
}

#[test]
fn a_closed_pipe_ends_analyze_quietly() {
    // The report of 1 MiB of logs is several MB: far more than a pipe holds.
    for json in [true, false] {
        let (code, stderr, got) = analyze_then_close(json, 16);
        assert_eq!(code, Some(0), "json={json}: {stderr}");
        assert_eq!(stderr, "", "json={json}");
        let start: &[u8] = if json {
            b"{\n  \"report_version\""
        } else {
            b"VERDICT:"
        };
        let n = got.len().min(start.len());
        assert_eq!(&got[..n], &start[..n], "json={json}");
    }
}

#[test]
fn a_full_disk_is_an_error_that_says_so() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    let out = Command::new(env!("CARGO_BIN_EXE_ece-triage"))
        .args(["analyze", "--json", "samples/seed/listener-ready.log"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
