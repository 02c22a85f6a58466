//! `ece-triage share`: the share-link fragment for some files (sanitized), for a page at a base
//! URL, or an export of the sanitized inputs' report (what the link's recipient sees).
use super::Outcome;
use crate::analysis;
use crate::analysis::Overrides;
use crate::compare::{Side, Sides, Words};
use crate::share::{self, ExportFormat, SAFE_URL_LENGTH};
use std::io::Write;

/// Reads the inputs, then prints a link or writes an export to `out` as it is made (the JSON
/// report of 100 MiB of logs is hundreds of MB: streamed, as `analyze --json` streams it).
pub fn run_to(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>, out: &mut dyn Write) -> Outcome {
    let mut base = None;
    let mut export = None;
    let mut raw = false;
    let mut overrides = Overrides::default();
    let mut files = Vec::new();
    // `--before`/`--after` (or `--works`/`--fails`): the files after it are on that side.
    let mut side: Option<Side> = None;
    let mut sides: Option<Sides> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let pick = match a.as_str() {
            "--before" => Some((Side::Before, Words::BeforeAfter)),
            "--after" => Some((Side::After, Words::BeforeAfter)),
            "--works" => Some((Side::Before, Words::WorksFails)),
            "--fails" => Some((Side::After, Words::WorksFails)),
            _ => None,
        };
        if let Some((s, w)) = pick {
            let all = sides.get_or_insert_with(|| Sides {
                words: w,
                of: Vec::new(),
            });
            if all.words != w {
                return usage("use --before/--after or --works/--fails, not both");
            }
            side = Some(s);
            continue;
        }
        match a.as_str() {
            "--base" => match it.next() {
                Some(b) => base = Some(b.clone()),
                None => return usage("--base needs a URL"),
            },
            "--ece-version" => match it.next() {
                Some(v) => overrides.ece_version = Some(v.clone()),
                None => return usage("--ece-version needs a version"),
            },
            "--icm-version" => match it.next() {
                Some(v) => overrides.icm_version = Some(v.clone()),
                None => return usage("--icm-version needs a version"),
            },
            "--export" => match it.next().map(|f| (f, ExportFormat::parse(f))) {
                Some((_, Some(f))) => export = Some(f),
                Some((f, None)) => {
                    return usage(&format!(
                        "unknown export format '{f}' (json, markdown, svg, ascii)"
                    ))
                }
                None => return usage("--export needs a format (json, markdown, svg, ascii)"),
            },
            "--remove" => match it.next() {
                Some(n) => overrides.extra_names.push(n.clone()),
                None => return usage("--remove needs a name"),
            },
            "--raw" => raw = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout: HELP.into(),
                    ..Default::default()
                }
            }
            s if s.starts_with("--") => return usage(&format!("unknown option '{s}'")),
            f => {
                if let Some(all) = sides.as_mut() {
                    all.set(files.len(), side);
                }
                files.push(f.to_string());
            }
        }
    }
    overrides.compare = sides;
    if raw && export.is_none() {
        return usage("--raw is for --export only: a share link is always sanitized");
    }
    let inputs = match super::read_inputs("share", &files, stdin) {
        Ok(i) => i,
        Err(o) => return o,
    };
    if let Some(format) = export {
        // The report of the inputs (raw) or of the inputs sanitized (each raw text dropped once
        // sanitized): `share::sanitized_report`, with each text freed once analysed.
        let mut inputs: Vec<_> = if raw {
            inputs
        } else {
            let opts = overrides.sanitize_options();
            inputs
                .into_iter()
                .map(|i| share::sanitized_input(&i, &opts))
                .collect()
        };
        let a = analysis::analysis_freeing(&mut inputs, &overrides, &mut |_| {});
        drop(inputs);
        // A write error ends the output; `super::run_to` says what it was.
        let _ = match format {
            // The bytes of `Report::to_json`, written as they are made.
            ExportFormat::Json => a.write_json(out).and_then(|_| out.write_all(b"\n")),
            // Markdown reads only the events behind the evidence; the ladder none.
            f => {
                let mut text = f.render(&a.export_report());
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                out.write_all(text.as_bytes())
            }
        };
        return Outcome {
            stdout: String::new(),
            stderr: if raw {
                "share: --raw: this report carries every value as given (cookies, tokens, customer data): not for sharing\n".into()
            } else {
                String::new()
            },
            code: 0,
        };
    }
    let state = share::sanitized_state(&inputs, &overrides);
    let out = match &base {
        Some(b) => share::link(b, &state),
        None => format!("#{}", share::encode(&state)),
    };
    let mut stderr = String::new();
    if out.len() > SAFE_URL_LENGTH {
        stderr = format!("share: the link is {} characters, more than {SAFE_URL_LENGTH}; some tools cut such links — send it as a file\n", out.len());
    }
    Outcome {
        stdout: out + "\n",
        stderr,
        code: 0,
    }
}

const HELP: &str = "usage: ece-triage share [--base URL] [--ece-version V] [--icm-version V] [--remove NAME ...] [FILE ...]
                        [--before FILE... --after FILE...  |  --works FILE... --fails FILE...]
       ece-triage share --export json|markdown|svg|ascii [--raw] [--remove NAME ...] [FILE ...]
  prints a share link (sanitized inputs, deflate + base64url in the fragment) for the page at URL,
  or just the fragment when no --base is given. Reads stdin when no FILE. The versions travel in it.
  With --before/--after (or --works/--fails) the link keeps which side each file is on and opens on
  the Compare tab.
  --export prints the report of the sanitized inputs instead (what the link's recipient sees);
  --raw makes it the report of the inputs as given (NOT for sharing). --remove also removes the
  values of NAME (a header, cookie, parameter, JSON key or log key), in any case and spacing.
";

fn usage(msg: &str) -> Outcome {
    Outcome {
        stderr: format!("share: {msg}\n{HELP}"),
        code: 2,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Input;

    /// `ece-triage share ARGS`, its output collected.
    fn run(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>) -> Outcome {
        let all: Vec<String> = std::iter::once("share".to_string())
            .chain(args.iter().cloned())
            .collect();
        crate::cli::run(&all, stdin)
    }

    /// Each export, streamed, is what the report of the (sanitized) inputs renders: the JSON
    /// byte for byte `Report::to_json`, the others from the report without its events.
    #[test]
    fn exports_are_the_reports_rendering() {
        let seed: Vec<Input> = crate::sample::SEED
            .iter()
            .map(|(n, t)| Input::new(*n, *t))
            .chain([Input::new("stdin", LINE)])
            .collect();
        let overrides = Overrides::default();
        let sanitized = share::sanitized_report(&seed, &overrides);
        let raw = crate::analysis::analyze_with(&seed, &overrides);
        assert_ne!(sanitized, raw);
        // The seed's texts on stdin would be one input: the CLI reads them as files.
        let dir = std::env::temp_dir().join(format!("ece-share-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut files = Vec::new();
        for i in &seed {
            let p = dir.join(&i.name);
            std::fs::write(&p, &i.text).unwrap();
            files.push(p.to_string_lossy().into_owned());
        }
        // The raw report names the files by their paths; the sanitized one by their names.
        let at_paths: Vec<Input> = seed
            .iter()
            .zip(&files)
            .map(|(i, p)| Input::new(p.clone(), i.text.clone()))
            .collect();
        let raw = crate::analysis::analyze_with(&at_paths, &overrides);
        for (format, name) in [
            (ExportFormat::Json, "json"),
            (ExportFormat::Markdown, "markdown"),
            (ExportFormat::Svg, "svg"),
            (ExportFormat::Ascii, "ascii"),
        ] {
            for is_raw in [false, true] {
                let mut args = vec!["--export".to_string(), name.to_string()];
                if is_raw {
                    args.push("--raw".into());
                }
                args.extend(files.iter().cloned());
                let o = run(&args, &mut Vec::new);
                assert_eq!(o.code, 0, "{}", o.stderr);
                let mut want = format.render(if is_raw { &raw } else { &sanitized });
                if !want.ends_with('\n') {
                    want.push('\n');
                }
                assert!(o.stdout == want, "{name} raw={is_raw}:\n{}", o.stdout);
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    const LINE: &str = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [1:t] <@> HttpSessionId:IrltMMd3T0prrkbhAwK8wkL5 <@> x <@> jane@example.org";

    #[test]
    fn prints_a_link_that_restores_sanitized_inputs() {
        let mut stdin = || LINE.as_bytes().to_vec();
        let o = run(
            &["--base".into(), "https://h/tools/ece/".into()],
            &mut stdin,
        );
        assert_eq!(o.code, 0);
        let link = o.stdout.trim();
        assert!(link.starts_with("https://h/tools/ece/#s1:"), "{link}");
        let state = share::decode(link.split_once('#').unwrap().1).unwrap();
        let text = &state.inputs[0].text;
        assert!(
            !text.contains("IrltMMd3T0prrkbhAwK8wkL5") && !text.contains("jane@example.org"),
            "{text}"
        );
        assert!(text.contains("13:34:09.773"));
        assert_eq!(run(&["--base".into()], &mut stdin).code, 2);
        // The versions travel in the link.
        let o = run(&["--ece-version".into(), "12.5".into()], &mut stdin);
        let state = share::decode(o.stdout.trim().trim_start_matches('#')).unwrap();
        assert_eq!(state.overrides.ece_version.as_deref(), Some("12.5"));
        assert_eq!(run(&["--raw".into()], &mut stdin).code, 2);
    }

    #[test]
    fn exports_are_sanitized_unless_raw_is_asked_for() {
        let mut stdin = || LINE.as_bytes().to_vec();
        let o = run(&["--export".into(), "json".into()], &mut stdin);
        assert_eq!(o.code, 0);
        assert!(
            !o.stdout.contains("IrltMMd3T0prrkbhAwK8wkL5"),
            "{}",
            o.stdout
        );
        assert!(o.stdout.contains("\"report_version\""));
        let o = run(
            &["--export".into(), "json".into(), "--raw".into()],
            &mut stdin,
        );
        assert!(o.stdout.contains("IrltMMd3T0prrkbhAwK8wkL5"));
        assert!(o.stderr.contains("not for sharing"));
        assert_eq!(run(&["--export".into(), "pdf".into()], &mut stdin).code, 2);
    }

    #[test]
    fn a_link_of_two_sides_keeps_them() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/compare/agent-a-gets-chats-agent-b-does-not"
        );
        let f = |s: &str| format!("{dir}/{s}");
        let args: Vec<String> = vec![
            "--works".into(),
            f("works/rttest-7301.txt"),
            f("works/opc-7301.log"),
            "--fails".into(),
            f("fails/rttest-7302.txt"),
        ];
        let o = run(&args, &mut Vec::new);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let state = share::decode(o.stdout.trim()).unwrap();
        let sides = state.overrides.compare.unwrap();
        assert_eq!(sides.words, Words::WorksFails);
        assert_eq!(sides.indices(3), (vec![0, 1], vec![2]));
        assert!(state.inputs[2].text.contains("7302"));
        let mixed: Vec<String> = ["--before", "a", "--fails", "b"].map(String::from).to_vec();
        assert_eq!(run(&mixed, &mut Vec::new).code, 2);
    }
}
