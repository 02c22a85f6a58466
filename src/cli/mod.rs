//! The `ece-triage` command line over the core: each subcommand is a function from args to output.

pub mod analyze;
pub mod decode;
pub mod share;

use std::io::Write;

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
    ece-triage analyze [--json] [FILE ...]            analyse logs, HAR captures and API answers (stdin if no FILE)
    ece-triage share [--base URL] [FILE ...]          print a share link for the sanitized inputs
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
            // Valid UTF-8 becomes the text as it is (a lossy copy would hold the file twice).
            Ok(bytes) => Ok(Input::new(
                f.clone(),
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
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
/// What it prints is collected in `Outcome::stdout` (the binary streams it with [`run_to`]).
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> Outcome {
    let mut out = Vec::new();
    let mut o = run_to(args, stdin, &mut out);
    o.stdout = match String::from_utf8(out) {
        Ok(s) => s + &o.stdout,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned() + &o.stdout,
    };
    o
}

/// [`run`], writing standard output to `out` as it is made: `analyze` streams its report (a
/// 100 MiB log gives hundreds of MB of JSON, never held whole). A reader that goes away (`| head`)
/// ends the command quietly with exit code 0; another write error is reported with code 1.
pub fn run_to(args: &[String], stdin: &mut dyn FnMut() -> String, out: &mut dyn Write) -> Outcome {
    let mut out = Watched { out, error: None };
    let mut o = match args.first().map(String::as_str) {
        Some("analyze") => analyze::run_to(&args[1..], stdin, &mut out),
        _ => run_buffered(args, stdin),
    };
    let printed = std::mem::take(&mut o.stdout);
    if out.error.is_none() {
        let _ = out.write_all(printed.as_bytes()).and_then(|_| out.flush());
    }
    match out.error {
        // The reader closed the pipe: nothing more to say, and no failure.
        Some(std::io::ErrorKind::BrokenPipe) => o.code = 0,
        Some(kind) => {
            o.stderr
                .push_str(&format!("ece-triage: cannot write the output: {kind}\n"));
            o.code = 1;
        }
        None => {}
    }
    o
}

/// A writer that remembers the first error it met (the command may stop at it, or not notice).
struct Watched<'a> {
    out: &'a mut dyn Write,
    error: Option<std::io::ErrorKind>,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            self.error.get_or_insert(e.kind());
        })
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.out.write_all(buf).inspect_err(|e| {
            self.error.get_or_insert(e.kind());
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush().inspect_err(|e| {
            self.error.get_or_insert(e.kind());
        })
    }
}

/// The subcommands that print a short text at the end.
fn run_buffered(args: &[String], stdin: &mut dyn FnMut() -> String) -> Outcome {
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
        Some("share") => share::run(&args[1..], stdin),
        Some(other) => Outcome {
            stderr: format!("ece-triage: unknown command '{other}'\n\n{USAGE}"),
            code: 2,
            ..Default::default()
        },
    }
}
