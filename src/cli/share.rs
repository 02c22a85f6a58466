//! `ece-triage share`: the share-link fragment for some files (sanitized), for a page at a base URL.
use super::Outcome;
use crate::share::{self, Overrides, SAFE_URL_LENGTH};

pub fn run(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>) -> Outcome {
    let mut base = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" => match it.next() {
                Some(b) => base = Some(b.clone()),
                None => return usage("--base needs a URL"),
            },
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
    let inputs = match super::read_inputs("share", &files, stdin) {
        Ok(i) => i,
        Err(o) => return o,
    };
    let state = share::sanitized_state(&inputs, &Overrides::default());
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

const HELP: &str = "usage: ece-triage share [--base URL] [FILE ...]\n  prints a share link (sanitized inputs, deflate + base64url in the fragment) for the page at URL,\n  or just the fragment when no --base is given. Reads stdin when no FILE.\n";

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

    #[test]
    fn prints_a_link_that_restores_sanitized_inputs() {
        let mut stdin = || {
            b"2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [1:t] <@> HttpSessionId:IrltMMd3T0prrkbhAwK8wkL5 <@> x <@> jane@example.org".to_vec()
        };
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
    }
}
