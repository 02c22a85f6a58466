//! The `ece-triage` command line over the core: each subcommand is a function from args to output.

pub mod analyze;
pub mod compare;
pub mod decode;
pub mod rules;
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

A FILE may be a .zip, .gz, .tar or .tar.gz bundle (each file in it is an input) or a directory
(every file under it); UTF-8, UTF-16 (with or without byte-order mark) and Windows-1252 are read.

Nothing leaves this machine: every command works offline on the text you give it.
";

/// The inputs FILEs hold, read by `intake::open` (archives opened, encodings read, binary
/// skipped with the reason; a directory is read with every file under it, in name order), or
/// stdin's when there is no FILE or just `-`.
pub fn read_inputs(
    command: &str,
    files: &[String],
    stdin: &mut dyn FnMut() -> Vec<u8>,
) -> Result<Vec<crate::model::Input>, Outcome> {
    use crate::intake::{self, Limits};
    let limits = Limits::default();
    if files.is_empty() || files == ["-"] {
        return Ok(intake::open("stdin", stdin(), &limits));
    }
    let cannot = |f: &str, e: std::io::Error| Outcome {
        stderr: format!("{command}: cannot read {f}: {e}\n"),
        code: 2,
        ..Default::default()
    };
    let mut inputs = Vec::new();
    for f in files {
        for path in files_under(std::path::Path::new(f)).map_err(|e| cannot(f, e))? {
            let name = path.to_string_lossy().into_owned();
            #[cfg(unix)]
            if let Some(Ok(read)) = map_file(&path).map(|m| intake::open_mapped(&name, m)) {
                inputs.extend(read);
                continue;
            }
            let bytes = read_file(&path).map_err(|e| cannot(&name, e))?;
            inputs.extend(intake::open(&name, bytes, &limits));
        }
    }
    Ok(inputs)
}

/// The pages of the large regular file at `path`, read in place when they are plain UTF-8
/// (`intake::open_mapped`); `None` for a small file, one that is not a regular file, one that
/// grew or shrank while it was being mapped, or where mapping fails: those are read
/// ([`read_file`]), as is a file whose pages are not plain UTF-8. Mapping is what makes
/// `analyze` of a large file start early (see `crate::mapped`).
#[cfg(unix)]
fn map_file(path: &std::path::Path) -> Option<crate::mapped::Mapped> {
    let f = std::fs::File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    let len = meta.len();
    if !meta.is_file() || len < READ_IN_HALVES_FROM {
        return None;
    }
    let m = crate::mapped::Mapped::map(&f, usize::try_from(len).ok()?).ok()?;
    // Changed meanwhile (a log being written): read as it is now.
    (f.metadata().ok()?.len() == len).then_some(m)
}

/// Files at least this long are mapped ([`map_file`]), or else read by two threads, each half
/// into its place.
#[cfg(unix)]
const READ_IN_HALVES_FROM: u64 = 8 << 20;

/// The bytes of the file at `path`. A large one is read by two threads at once, each half into its
/// place: the kernel's copy and the new memory's page faults take most of the time, and halved
/// it (100 MiB: 62 → 39 ms). Whatever the file gained since its length was read is read after.
fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::io::{Read, Seek, SeekFrom};
        use std::os::unix::fs::FileExt;
        let mut f = std::fs::File::open(path)?;
        let meta = f.metadata()?;
        let len = meta.len();
        if meta.is_file() && len >= READ_IN_HALVES_FROM {
            if let Ok(n) = usize::try_from(len) {
                let mut bytes = vec![0u8; n];
                let half = n.div_ceil(2);
                let (a, b) = bytes.split_at_mut(half);
                let file = &f;
                // Each half on its own thread where there are two (one after the other elsewhere).
                let (there, here) = crate::par::both(
                    true,
                    move || file.read_exact_at(b, half as u64),
                    || file.read_exact_at(a, 0),
                );
                let read = here.and(there);
                // Shorter than its length said (truncated meanwhile): read as it is now.
                if read.is_err() {
                    return std::fs::read(path);
                }
                f.seek(SeekFrom::Start(len))?;
                f.read_to_end(&mut bytes)?;
                return Ok(bytes);
            }
        }
    }
    std::fs::read(path)
}

/// `path` itself, or every file under the directory `path`, sorted by name.
fn files_under(path: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    let mut out = Vec::new();
    for e in entries {
        out.extend(files_under(&e)?);
    }
    Ok(out)
}

/// Runs the command line `args` (without the program name); `stdin`'s bytes are read only when
/// asked for.
/// What it prints is collected in `Outcome::stdout` (the binary streams it with [`run_to`]).
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>) -> Outcome {
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
pub fn run_to(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>, out: &mut dyn Write) -> Outcome {
    let mut out = Watched { out, error: None };
    let mut o = match args.first().map(String::as_str) {
        Some("analyze") => analyze::run_to(&args[1..], stdin, &mut out),
        Some("share") => share::run_to(&args[1..], stdin, &mut out),
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

/// The subcommands that print a short text at the end (`analyze` and `share` stream theirs).
fn run_buffered(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>) -> Outcome {
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
        Some("rules") => rules::run(&args[1..]),
        Some("compare") => compare::run(&args[1..]),
        Some(other) => Outcome {
            stderr: format!("ece-triage: unknown command '{other}'\n\n{USAGE}"),
            code: 2,
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large file read in two halves is the file, byte for byte (its halves meet anywhere,
    /// here in the middle of a character); a small one and an empty one too.
    #[test]
    #[cfg(unix)]
    fn a_file_read_in_halves_is_the_file() {
        let dir = std::env::temp_dir().join(format!("ece-read-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let line = "2019-07-20 20:27:32.466 GMT+0000 <@> INFO <@> é — ü 🙂\n";
        let big: String = line.repeat((READ_IN_HALVES_FROM as usize) / line.len() + 7);
        for (name, text) in [
            ("big.log", big.as_str()),
            ("small.log", line),
            ("empty.log", ""),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("written");
            let read = read_file(&path).expect("read");
            assert!(
                read == text.as_bytes(),
                "{name}: {} bytes read of {}",
                read.len(),
                text.len()
            );
        }
        assert!(big.len() as u64 >= READ_IN_HALVES_FROM);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A large file gives the CLI the inputs `intake::open` gives for its bytes, whatever its
    /// encoding; only plain UTF-8 is read in place (the others are decoded into a copy).
    #[test]
    #[cfg(unix)]
    fn a_large_file_read_in_place_is_what_open_gives_for_its_bytes() {
        use crate::intake::{self, Limits};
        let dir = std::env::temp_dir().join(format!("ece-read-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let line = "2019-07-20 20:27:32.466 GMT+0000 <@> INFO <@> é — ü\n";
        let text = line.repeat((READ_IN_HALVES_FROM as usize) / line.len() + 7);
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let latin1: Vec<u8> = text
            .chars()
            .map(|c| if c.is_ascii() { c as u8 } else { 0xe9 })
            .collect();
        let cases: [(&str, Vec<u8>, bool); 4] = [
            ("plain.log", text.clone().into_bytes(), true),
            (
                "bom.log",
                [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat(),
                false,
            ),
            ("utf16.log", utf16, false),
            ("ansi.log", latin1, false),
        ];
        for (name, bytes, in_place) in cases {
            let path = dir.join(name);
            std::fs::write(&path, &bytes).expect("written");
            let p = path.to_string_lossy().into_owned();
            let read =
                read_inputs("analyze", std::slice::from_ref(&p), &mut Vec::new).expect("read");
            let opened = intake::open(&p, bytes, &Limits::default());
            assert_eq!(read, opened, "{name}");
            assert_eq!(read[0].text.is_mapped(), in_place, "{name}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
