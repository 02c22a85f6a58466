//! `ece-triage analyze`: logs, HAR captures and API answers → verdict, findings, agents, timeline.
use super::Outcome;
use crate::analysis;
use crate::report::{Report, Severity};

/// Reads each FILE (or stdin when none) as one input; `--json` prints the report's JSON.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> Outcome {
    let mut json = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout: "usage: ece-triage analyze [--json] [FILE ...]   (stdin when no FILE)\n  \
                        prints the report of the inputs as they are: RAW, with every cookie, token, session id\n  \
                        and customer datum they hold (it stays on this machine). For a report to share, use\n  \
                        `ece-triage share --export json|markdown|svg|ascii FILE ...` (the sanitized inputs' report).\n"
                        .into(),
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
    let report = analysis::analyze(&inputs);
    if json {
        return Outcome {
            stdout: report.to_json() + "\n",
            ..Default::default()
        };
    }
    Outcome {
        stdout: text(&report),
        ..Default::default()
    }
}

/// The report as plain text for a terminal.
pub fn text(r: &Report) -> String {
    let mut o = String::new();
    o.push_str(&format!("VERDICT: {}\n\n", r.verdict.sentence));
    for f in &r.findings {
        let sev = match f.severity {
            Severity::Error => "ERROR  ",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO   ",
        };
        o.push_str(&format!(
            "{sev} {}\n        seen: {}\n        next: {}\n",
            f.title, f.seen, f.next
        ));
    }
    if !r.entry_points.is_empty() {
        o.push_str("\nENTRY POINTS\n");
        for e in &r.entry_points {
            o.push_str(&format!(
                "  {} responseType={} {}\n",
                e.entry_point_id.as_deref().unwrap_or("?"),
                e.response_type
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "-".into()),
                e.meaning
            ));
        }
    }
    if !r.agents.is_empty() {
        o.push_str("\nAGENTS\n");
        for a in &r.agents {
            o.push_str(&format!(
                "  agent {}{}\n",
                a.agent_id,
                a.name
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ));
            for d in &a.domains {
                let b = |v: Option<bool>| match v {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "?",
                };
                o.push_str(&format!(
                    "    MRD {}{}: state {} logged-in {} routable {} ready {} tasks {}/{} router {}\n",
                    d.mrd_id,
                    d.domain_name.as_ref().map(|n| format!(" {n}")).unwrap_or_default(),
                    d.state.map(|s| s.opc_name()).unwrap_or("?"),
                    b(d.logged_in),
                    b(d.routable),
                    b(d.ready),
                    d.active_tasks.map(|v| v.to_string()).unwrap_or_else(|| "?".into()),
                    d.task_limit.map(|v| v.to_string()).unwrap_or_else(|| "?".into()),
                    d.router_flags.as_deref().unwrap_or("?")
                ));
            }
        }
    }
    if !r.clock_offsets.is_empty() {
        o.push_str("\nCLOCK OFFSETS\n");
        for c in &r.clock_offsets {
            o.push_str(&format!(
                "  {} -> {}: {:+} s{}\n",
                c.from.as_str(),
                c.to.as_str(),
                c.seconds,
                if c.inferred { " (inferred)" } else { " (set)" }
            ));
        }
    }
    if !r.events.is_empty() {
        o.push_str("\nEVENTS\n");
        for e in &r.events {
            o.push_str(&format!(
                "  {:<28} {:<8} {:<26} {}:{}\n",
                e.time.as_deref().unwrap_or("-"),
                e.source.as_str(),
                e.kind,
                r.inputs
                    .get(e.input)
                    .map(|i| i.name.as_str())
                    .unwrap_or("?"),
                e.line
            ));
        }
    }
    if r.unrecognised_lines > 0 {
        o.push_str(&format!(
            "\n{} lines not recognised\n",
            r.unrecognised_lines
        ));
    }
    o
}
