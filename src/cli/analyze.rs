//! `ece-triage analyze`: logs, HAR captures and API answers → verdict, findings, agents, timeline.
use super::Outcome;
use crate::analysis;
use crate::analysis::Overrides;
use std::io::Write;

const HELP: &str = "usage: ece-triage analyze [--json] [--ece-version V] [--icm-version V] [FILE ...]   (stdin when no FILE)
  --ece-version V   the ECE version (11.6, 12.0, 12.5 ...): 11.6 decides availability per MRD,
                    12.0 and later per the entry point's skill groups
  --icm-version V   the ICM/UCCE version: whether CSCvq11852 (11.5, 11.6, 12.0) can apply
A FILE may be a .zip, .gz, .tar or .tar.gz bundle or a directory. Prints the report of the inputs
as they are: RAW, with every cookie, token, session id and customer datum they hold (it stays on
this machine). For a report to share, use `ece-triage share --export json|markdown|svg|ascii FILE ...`
(the sanitized inputs' report).
";

/// Reads the inputs FILEs hold (or stdin's when none); `--json` prints the report's JSON. Writes
/// to `out` as the report is made; stops at the first write error (the caller tells which).
pub fn run_to(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>, out: &mut dyn Write) -> Outcome {
    let mut json = false;
    let mut files = Vec::new();
    let mut overrides = Overrides::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        match flag {
            "--ece-version" | "--icm-version" => {
                let Some(v) = inline.or_else(|| it.next().cloned()) else {
                    return Outcome {
                        stderr: format!("analyze: {flag} needs a version (e.g. 12.5)\n"),
                        code: 2,
                        ..Default::default()
                    };
                };
                if flag == "--ece-version" {
                    overrides.ece_version = Some(v);
                } else {
                    overrides.icm_version = Some(v);
                }
            }
            "--json" => json = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout: HELP.into(),
                    ..Default::default()
                }
            }
            s if s.starts_with("--") => {
                return Outcome {
                    stderr: format!("analyze: unknown option '{s}'\n"),
                    code: 2,
                    ..Default::default()
                }
            }
            f => files.push(f.to_string()),
        }
    }
    let inputs = match super::read_inputs("analyze", &files, stdin) {
        Ok(i) => i,
        Err(o) => return o,
    };
    // A write error ends the output; `super::run_to` says what it was.
    let _ = if json {
        // Each input's text is freed once read: the JSON report keeps nothing of it.
        let mut inputs = inputs;
        let a = analysis::analysis_freeing(&mut inputs, &overrides, &mut |_| {});
        drop(inputs);
        let written = a.write_json(out).and_then(|_| out.write_all(b"\n"));
        crate::free::off_thread(a);
        written
    } else {
        // The text's PROBLEMS give columns, read from the inputs' texts: they are kept.
        let a = analysis::analysis_with_progress(&inputs, &overrides, &mut |_| {});
        let written = crate::render::text::write_text(&a, &inputs, out);
        crate::free::off_thread((a, inputs));
        written
    };
    Outcome::default()
}
