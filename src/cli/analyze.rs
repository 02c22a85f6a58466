//! `ece-triage analyze`: logs, HAR captures and API answers → verdict, findings, agents, timeline.
use super::Outcome;
use crate::analysis;
use crate::analysis::Analysis;
use crate::report::Severity;
use std::fmt::Write as _;
use std::io::Write;

/// Reads each FILE (or stdin when none) as one input; `--json` prints the report's JSON. Writes
/// to `out` as the report is made; stops at the first write error (the caller tells which).
pub fn run_to(args: &[String], stdin: &mut dyn FnMut() -> String, out: &mut dyn Write) -> Outcome {
    let mut json = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout:
                        "usage: ece-triage analyze [--json] [FILE ...]   (stdin when no FILE)\n"
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
    // Each input's text is freed once read: the analysis keeps nothing of it.
    let mut inputs = inputs;
    let a = analysis::analysis_freeing(&mut inputs, &Default::default(), &mut |_| {});
    drop(inputs);
    // A write error ends the output; `super::run_to` says what it was.
    let _ = if json {
        a.write_json(out).and_then(|_| out.write_all(b"\n"))
    } else {
        write_text(&a, out)
    };
    Outcome::default()
}

/// The report as plain text for a terminal, written as it is made.
pub fn write_text(a: &Analysis, out: &mut dyn Write) -> std::io::Result<()> {
    let mut o = String::new();
    o.push_str(&format!("VERDICT: {}\n\n", a.verdict.sentence));
    for f in &a.findings {
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
    if !a.entry_points.is_empty() {
        o.push_str("\nENTRY POINTS\n");
        for e in &a.entry_points {
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
    if !a.timeline.agents.is_empty() {
        o.push_str("\nAGENTS\n");
        for a in &a.timeline.agents {
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
    if !a.timeline.clock_offsets.is_empty() {
        o.push_str("\nCLOCK OFFSETS\n");
        for c in &a.timeline.clock_offsets {
            o.push_str(&format!(
                "  {} -> {}: {:+} s{}\n",
                c.from.as_str(),
                c.to.as_str(),
                c.seconds,
                if c.inferred { " (inferred)" } else { " (set)" }
            ));
        }
    }
    out.write_all(o.as_bytes())?;
    o.clear();
    let t = &a.timeline;
    if !t.events.is_empty() {
        o.push_str("\nEVENTS\n");
        let mut time = String::new();
        for e in &t.events {
            time.clear();
            match e.time() {
                Some(x) => x.write_display(&mut time),
                None => time.push('-'),
            }
            let _ = writeln!(
                o,
                "  {:<28} {:<8} {:<26} {}:{}",
                time,
                e.source.as_str(),
                e.kind_str(),
                a.inputs
                    .get(e.origin.input as usize)
                    .map(|i| i.name.as_str())
                    .unwrap_or("?"),
                e.origin.line
            );
            if o.len() >= 1 << 16 {
                out.write_all(o.as_bytes())?;
                o.clear();
            }
        }
    }
    if a.timeline.unrecognised_lines > 0 {
        o.push_str(&format!(
            "\n{} lines not recognised\n",
            a.timeline.unrecognised_lines
        ));
    }
    out.write_all(o.as_bytes())
}
