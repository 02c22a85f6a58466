//! `ece-triage compare`: two captures (before/after, works/fails), each analysed on its own, and
//! what changed between them.
use super::Outcome;
use crate::compare::{self, Side, Words};
use crate::share::Overrides;

const HELP: &str =
    "usage: ece-triage compare [--json] [--sanitized] [--ece-version V] [--icm-version V]
                         --before FILE... --after FILE...      (or --works FILE... --fails FILE...)
  Analyses each side on its own and prints what changed: both verdicts, each entry point
  (responseType, HTTP status, verdict), each agent and MRD (state, logged in, routable, ready,
  tasks, router flags), the expected steps seen on one side and not the other, the findings,
  and the two message-flow ladders aligned by step.
  --before/--after   the same system at two times (\"it worked at 09:00, not at 14:00\")
  --works/--fails    two agents, entry points or sites (\"agent A gets chats, agent B does not\")
  Each flag takes the files after it, up to the next flag. --json prints the comparison's JSON
  (compare_version 1, see README). The comparison is of the inputs as given (raw: every value as
  in the files; not for sharing); --sanitized compares the sanitized inputs instead (what a share
  link's recipient sees).
";

/// Reads both sides' files, compares, prints text or JSON.
pub fn run(args: &[String]) -> Outcome {
    let mut json = false;
    let mut sanitized = false;
    let mut overrides = Overrides::default();
    let mut files: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let mut words: Option<Words> = None;
    let mut side: Option<Side> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let pick = match flag {
            "--before" => Some((Side::Before, Words::BeforeAfter)),
            "--after" => Some((Side::After, Words::BeforeAfter)),
            "--works" => Some((Side::Before, Words::WorksFails)),
            "--fails" => Some((Side::After, Words::WorksFails)),
            _ => None,
        };
        if let Some((s, w)) = pick {
            if words.is_some_and(|x| x != w) {
                return usage("use --before/--after or --works/--fails, not both");
            }
            words = Some(w);
            side = Some(s);
            if let Some(f) = inline {
                files[s as usize].push(f);
            }
            continue;
        }
        match flag {
            "--ece-version" | "--icm-version" => {
                let Some(v) = inline.or_else(|| it.next().cloned()) else {
                    return usage(&format!("{flag} needs a version (e.g. 12.5)"));
                };
                if flag == "--ece-version" {
                    overrides.ece_version = Some(v);
                } else {
                    overrides.icm_version = Some(v);
                }
            }
            "--json" => json = true,
            "--sanitized" => sanitized = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout: HELP.into(),
                    ..Default::default()
                }
            }
            s if s.starts_with("--") => return usage(&format!("unknown option '{s}'")),
            "-" => return usage("compare reads files, not stdin"),
            f => match side {
                Some(s) => files[s as usize].push(f.to_string()),
                None => {
                    return usage(&format!(
                    "'{f}' is on no side: put --before (or --works) before the first side's files"
                ))
                }
            },
        }
    }
    let words = words.unwrap_or_default();
    for (i, s) in [Side::Before, Side::After].into_iter().enumerate() {
        if files[i].is_empty() {
            return usage(&format!("no file for the {} side", words.word(s)));
        }
    }
    let mut no_stdin = Vec::new;
    let mut read = |f: &[String]| super::read_inputs("compare", f, &mut no_stdin);
    let before = match read(&files[0]) {
        Ok(i) => i,
        Err(o) => return o,
    };
    let after = match read(&files[1]) {
        Ok(i) => i,
        Err(o) => return o,
    };
    let c = if sanitized {
        compare::compare_sanitized(&before, &after, words, &overrides)
    } else {
        compare::compare(&before, &after, words, &overrides)
    };
    Outcome {
        stdout: if json {
            c.to_json() + "\n"
        } else {
            compare::text::text(&c)
        },
        ..Default::default()
    }
}

fn usage(msg: &str) -> Outcome {
    Outcome {
        stderr: format!("compare: {msg}\n{HELP}"),
        code: 2,
        ..Default::default()
    }
}
