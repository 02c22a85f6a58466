//! The report as plain text for a terminal (`ece-triage analyze`), written as it is made.

use crate::analysis::Analysis;
use crate::intake::InputKind;
use crate::model::Input;
use crate::render::markdown::version_text;
use crate::report::{EntryPointVerdict, Severity};
use std::fmt::Write as _;
use std::io::Write;

/// The report as plain text for a terminal, written as it is made; `inputs` (the analysed ones)
/// give problems a column.
pub fn write_text(a: &Analysis, inputs: &[Input], out: &mut dyn Write) -> std::io::Result<()> {
    let mut o = String::new();
    o.push_str(&format!("VERDICT: {}\n", a.verdict.sentence));
    if a.verdicts.len() > 1 {
        for v in &a.verdicts {
            o.push_str(&verdict_line(v));
        }
    } else if let Some(x) = a.verdicts.first().and_then(|v| v.reason_finding.as_deref()) {
        o.push_str(&format!("  [reason: {x}]\n"));
    }
    o.push_str(&format!(
        "VERSIONS: ECE {}; ICM/UCCE {}\n\n",
        version_text(&a.versions.ece),
        version_text(&a.versions.icm)
    ));
    for f in &a.findings {
        let sev = match f.severity {
            Severity::Error => "ERROR  ",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO   ",
        };
        let conf = f.confidence.word();
        o.push_str(&format!(
            "{sev} {}\n        rule: {} v{} ({conf}; {}){}\n        seen: {}\n        why:  {}\n",
            f.title,
            f.id,
            f.rule_version,
            f.sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            f.entry_point_id
                .as_deref()
                .map(|e| format!(", entry point {e}"))
                .unwrap_or_default(),
            f.seen,
            f.why
        ));
        for s in &f.next {
            o.push_str(&format!("        next: {} [{}]\n", s.text, s.source));
        }
    }
    let missing: Vec<_> = a.collect_next.iter().filter(|c| !c.have).collect();
    if !missing.is_empty() {
        o.push_str("\nCOLLECT NEXT\n");
        for c in missing {
            o.push_str(&format!("  [ ] {} [{}]\n", c.what, c.source));
            for h in &c.how {
                o.push_str(&format!("        {h}\n"));
            }
            if let Some(w) = &c.caution {
                o.push_str(&format!("        caution: {w}\n"));
            }
        }
    }
    if !a.entry_points.is_empty() {
        o.push_str("\nENTRY-POINT ANSWERS\n");
        for e in &a.entry_points {
            o.push_str(&format!(
                "  {} {} responseType={} {}\n",
                e.entry_point_id.as_deref().unwrap_or("?"),
                e.call,
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
    inputs_section(&mut o, a);
    problems_section(&mut o, a, inputs);
    out.write_all(o.as_bytes())
}

/// What each input was read as: kind, encoding, and the parts of a mixed one.
/// One entry point's verdict as a line of the text reports (`analyze`, `compare`): id, status,
/// sentence and the finding it rests on.
pub fn verdict_line(v: &EntryPointVerdict) -> String {
    format!(
        "  {:<10} {:<16} {}{}\n",
        v.entry_point_id.as_deref().unwrap_or("(pasted)"),
        v.status.as_str(),
        v.sentence,
        v.reason_finding
            .as_deref()
            .map(|x| format!(" [reason: {x}]"))
            .unwrap_or_default()
    )
}

fn inputs_section(o: &mut String, r: &Analysis) {
    if r.inputs.is_empty() {
        return;
    }
    o.push_str("\nINPUTS\n");
    for i in &r.inputs {
        let what = match i.kind {
            _ if i.same_content_as.is_some() => format!(
                "same content as {} (not counted twice)",
                i.same_content_as
                    .and_then(|k| r.inputs.get(k))
                    .map_or("?", |s| s.name.as_str())
            ),
            InputKind::Skipped => "not read (see PROBLEMS)".to_string(),
            k => format!(
                "{}, {}, {} line{}",
                k.describe(),
                i.encoding.describe(),
                i.lines,
                if i.lines == 1 { "" } else { "s" }
            ),
        };
        o.push_str(&format!("  {}: {what}\n", i.name));
        for p in &i.parts {
            o.push_str(&format!("    {}\n", p.describe()));
        }
    }
}

/// Every problem as `name:line:column: message` (what is known of the position).
fn problems_section(o: &mut String, r: &Analysis, inputs: &[Input]) {
    if r.problems.is_empty() {
        return;
    }
    o.push_str("\nPROBLEMS\n");
    for p in &r.problems {
        let name = r.inputs.get(p.input).map_or("?", |i| i.name.as_str());
        let column = match (p.offset, inputs.get(p.input)) {
            (Some(at), Some(input)) if p.line.is_some() && at <= input.text.len() => {
                column_at(&input.text, at)
            }
            _ => None,
        };
        let at = match (p.line, column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        o.push_str(&format!("  {name}{at}: {}\n", p.message));
    }
}

/// The 1-based column (in characters) of byte `at` in its line.
fn column_at(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |p| p + 1);
    Some(before[start..].chars().count() + 1)
}
