//! The `ece-triage` command line over the core: each subcommand is a function from args to output.

pub mod analyze;
pub mod compare;
pub mod decode;
pub mod rules;
pub mod share;

/// What a subcommand produced: text for stdout, text for stderr, exit code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

pub const USAGE: &str = "\
ece-triage — why does a Cisco ECE chat entry point say \"no agents available\"?

USAGE:
    ece-triage decode [--json] [--pv N] <dump | ->   decode CTI/ARM byte dumps (listener records or bare bytes)
    ece-triage analyze [--json] [--ece-version V] [--icm-version V] [FILE ...]
                                                      analyse logs, HAR captures and API answers (stdin if no FILE);
                                                      the report is raw (every value as given): not for sharing
    ece-triage compare [--json] [--sanitized] --before FILE... --after FILE...   (or --works ... --fails ...)
                                                      analyse two captures each on its own; print what changed
                                                      (raw unless --sanitized)
    ece-triage rules [--json]                         the rule catalogue: every rule's premise, confidence, sources
    ece-triage share [--base URL] [--ece-version V] [--icm-version V] [FILE ...]
                                                      print a share link for the sanitized inputs
                                                      (--before/--after FILE...: a link of two sides)
    ece-triage share --export FORMAT [FILE ...]       print the sanitized inputs' report (json, markdown, svg, ascii)
    ece-triage --help | --version

Nothing leaves this machine: every command works offline on the text you give it.
";

/// Reads each FILE as one input (lossy UTF-8), or stdin when there is none or just `-`.
pub fn read_inputs(
    command: &str,
    files: &[String],
    stdin: &mut dyn FnMut() -> String,
) -> Result<Vec<crate::model::Input>, Outcome> {
    use crate::model::Input;
    if files.is_empty() || files == ["-"] {
        return Ok(vec![Input::new("stdin", stdin())]);
    }
    files
        .iter()
        .map(|f| match std::fs::read(f) {
            Ok(bytes) => Ok(Input::new(
                f.clone(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )),
            Err(e) => Err(Outcome {
                stderr: format!("{command}: cannot read {f}: {e}\n"),
                code: 2,
                ..Default::default()
            }),
        })
        .collect()
}

/// Runs the command line `args` (without the program name); `stdin` is read only when asked for.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> Outcome {
    match args.first().map(String::as_str) {
        None | Some("-h") | Some("--help") | Some("help") => Outcome {
            stdout: USAGE.to_string(),
            ..Default::default()
        },
        Some("-V") | Some("--version") => Outcome {
            stdout: format!("ece-triage {}\n", env!("CARGO_PKG_VERSION")),
            ..Default::default()
        },
        Some("decode") => decode::run(&args[1..], stdin),
        Some("analyze") => analyze::run(&args[1..], stdin),
        Some("share") => share::run(&args[1..], stdin),
        Some("rules") => rules::run(&args[1..]),
        Some("compare") => compare::run(&args[1..]),
        Some(other) => Outcome {
            stderr: format!("ece-triage: unknown command '{other}'\n\n{USAGE}"),
            code: 2,
            ..Default::default()
        },
    }
}
