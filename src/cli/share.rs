//! `ece-triage share`: the share-link fragment for some files (sanitized), for a page at a base
//! URL, or an export of the sanitized inputs' report (what the link's recipient sees).
use super::Outcome;
use crate::analysis::Overrides;
use crate::share::{self, ExportFormat, SAFE_URL_LENGTH};

pub fn run(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>) -> Outcome {
    let mut base = None;
    let mut export = None;
    let mut raw = false;
    let mut overrides = Overrides::default();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
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
            f => files.push(f.to_string()),
        }
    }
    if raw && export.is_none() {
        return usage("--raw is for --export only: a share link is always sanitized");
    }
    let inputs = match super::read_inputs("share", &files, stdin) {
        Ok(i) => i,
        Err(o) => return o,
    };
    if let Some(format) = export {
        let report = if raw {
            crate::analysis::analyze_with(&inputs, &overrides)
        } else {
            share::sanitized_report(&inputs, &overrides)
        };
        let mut out = format.render(&report);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        return Outcome {
            stdout: out,
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
       ece-triage share --export json|markdown|svg|ascii [--raw] [--remove NAME ...] [FILE ...]
  prints a share link (sanitized inputs, deflate + base64url in the fragment) for the page at URL,
  or just the fragment when no --base is given. Reads stdin when no FILE. The versions travel in it.
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
}
