//! `ece-triage rules`: the rule catalogue, as text or JSON (the page shows the same table).
use super::Outcome;
use crate::analysis::rules::catalog;

/// `rules [--json]`.
pub fn run(args: &[String]) -> Outcome {
    let mut json = false;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout: "usage: ece-triage rules [--json]   the rule catalogue: id, version, premise, confidence, sources, checks\n".into(),
                    ..Default::default()
                }
            }
            other => {
                return Outcome {
                    stderr: format!("rules: unknown argument '{other}'\n"),
                    code: 2,
                    ..Default::default()
                }
            }
        }
    }
    Outcome {
        stdout: if json {
            catalog::to_json() + "\n"
        } else {
            catalog::to_text()
        },
        ..Default::default()
    }
}
