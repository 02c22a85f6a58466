//! `ece-triage decode`: CTI/ARM dumps → field tables or JSON.
use super::Outcome;

pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> Outcome {
    let _ = (args, stdin);
    Outcome {
        stderr: "decode: not implemented yet\n".into(),
        code: 1,
        ..Default::default()
    }
}
