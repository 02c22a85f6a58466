//! The comparison as plain text for a terminal or a ticket (what `ece-triage compare` prints).

use super::agents::{field_text, subject};
use super::model::*;
use crate::flow::Arrow;
use crate::report::Severity;

/// Plain text: the headline, both verdicts, the differences, then each table and the ladders.
pub fn text(c: &Comparison) -> String {
    let (wb, wa) = (c.words.before.as_str(), c.words.after.as_str());
    let mut o = String::new();
    o.push_str(&format!(
        "COMPARE: {wb} ({}) vs {wa} ({})\n{}\n\n",
        inputs_text(&c.before),
        inputs_text(&c.after),
        c.headline
    ));
    for (word, side) in [(wb, &c.before), (wa, &c.after)] {
        o.push_str(&format!(
            "{}: {}\n",
            word.to_ascii_uppercase(),
            side.verdict.sentence
        ));
        for v in &side.verdicts {
            o.push_str(&crate::render::text::verdict_line(v));
        }
        for p in &side.problems {
            let name = side
                .inputs
                .get(p.input)
                .map(|i| i.name.as_str())
                .unwrap_or("?");
            o.push_str(&format!(
                "  problem: {name}{}: {}\n",
                p.line.map(|l| format!(":{l}")).unwrap_or_default(),
                p.message
            ));
        }
    }
    o.push_str(&format!("\nDIFFERENCES ({})\n", c.differences.len()));
    if c.differences.is_empty() {
        o.push_str("  none\n");
    }
    for d in &c.differences {
        let area = match d.area {
            Area::Verdict => "verdict",
            Area::EntryPoint => "entry point",
            Area::Finding => "finding",
            Area::Agent => "agent",
            Area::Step => "step",
            Area::Evidence => "evidence",
        };
        let sev = match d.severity {
            Some(Severity::Error) => "[ERROR] ",
            Some(Severity::Warning) => "[WARNING] ",
            _ => "",
        };
        o.push_str(&format!(
            "  {area:<12} {sev}{}: {}: {wb} {} -> {wa} {}\n",
            d.subject, d.what, d.before, d.after
        ));
    }
    if !c.entry_points.is_empty() {
        o.push_str("\nENTRY POINTS\n");
        for e in &c.entry_points {
            o.push_str(&format!(
                "  {}{}\n",
                e.entry_point_id.as_deref().unwrap_or("(pasted answer)"),
                if e.changed.is_empty() {
                    String::new()
                } else {
                    format!("  (changed: {})", e.changed.join(", "))
                }
            ));
            for (w, s) in [(wb, &e.before), (wa, &e.after)] {
                o.push_str(&format!("    {w:<7} {}\n", ep_text(s.as_ref())));
            }
        }
    }
    if !c.findings.is_empty() {
        o.push_str(&format!("\nFINDINGS ({wb} / {wa})\n"));
        for f in &c.findings {
            let s = |x: Option<Severity>| x.map(|s| s.word()).unwrap_or("-");
            o.push_str(&format!(
                "  {:<7} / {:<7} {}{}: {}\n",
                s(f.before),
                s(f.after),
                f.id,
                f.entry_point_id
                    .as_deref()
                    .map(|e| format!(" (entry point {e})"))
                    .unwrap_or_default(),
                f.title
            ));
        }
    }
    if !c.agents.is_empty() {
        o.push_str(&format!("\nAGENTS ({wb} / {wa})\n"));
        for a in &c.agents {
            o.push_str(&format!(
                "  {}{}\n",
                subject(a),
                if a.counterparts {
                    " (counterparts: the only agent on each side that the other lacks)"
                } else {
                    ""
                }
            ));
            for f in [
                "state",
                "logged in",
                "routable",
                "ready",
                "tasks",
                "router flags",
            ] {
                let v = |s: &Option<DomainState>| match s {
                    Some(s) => field_text(s, f),
                    None => "not in the evidence".into(),
                };
                let mark = if a.changed.iter().any(|x| x == f) {
                    "*"
                } else {
                    " "
                };
                o.push_str(&format!(
                    "   {mark}{f:<13} {:<20} {}\n",
                    v(&a.before),
                    v(&a.after)
                ));
            }
        }
    }
    if !c.steps.is_empty() {
        o.push_str(&format!(
            "\nEXPECTED STEPS ({wb} / {wa}; the flow of {})\n",
            c.step_sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for s in &c.steps {
            let agent = match (s.agent_before, s.agent_after) {
                (Some(b), Some(a)) if a != b => format!("{b} / {a}"),
                (Some(x), _) | (None, Some(x)) => x.to_string(),
                (None, None) => "?".into(),
            };
            o.push_str(&format!("  agent {agent}, MRD {}\n", s.mrd_id));
            for r in &s.steps {
                let mark = if r.before != r.after { "*" } else { " " };
                o.push_str(&format!(
                    "   {mark}{:<30} {:<20} {}\n",
                    r.step,
                    r.before.word(),
                    r.after.word()
                ));
            }
        }
    }
    if !c.ladder.rows.is_empty() {
        o.push_str(&format!(
            "\nMESSAGE FLOW, ALIGNED BY STEP (= same, ~ changed, < {wb} only, > {wa} only; [missing] = expected, not in the evidence)\n"
        ));
        for r in &c.ladder.rows {
            match r.change {
                RowChange::Same => o.push_str(&format!("  = {}\n", row_text(r.before.as_deref()))),
                RowChange::Changed => o.push_str(&format!(
                    "  ~ {wb}: {}\n    {wa}: {}\n",
                    row_text(r.before.as_deref()),
                    row_text(r.after.as_deref())
                )),
                RowChange::OnlyBefore => {
                    o.push_str(&format!("  < {}\n", row_text(r.before.as_deref())))
                }
                RowChange::OnlyAfter => {
                    o.push_str(&format!("  > {}\n", row_text(r.after.as_deref())))
                }
            }
        }
        for (w, n) in [(wb, c.ladder.omitted_before), (wa, c.ladder.omitted_after)] {
            if n > 0 {
                o.push_str(&format!("  ({n} more rows of {w} not drawn)\n"));
            }
        }
    }
    o
}

fn inputs_text(s: &SideView) -> String {
    match s.inputs.len() {
        0 => "no input".into(),
        1 => s.inputs[0].name.clone(),
        n => format!("{n} inputs"),
    }
}

fn ep_text(s: Option<&EntryPointSide>) -> String {
    let Some(s) = s else {
        return "not in the evidence".into();
    };
    let mut t = s.status.as_str().to_string();
    if let Some(rt) = s.response_type {
        t.push_str(&format!(", responseType {rt}"));
    }
    if let Some(h) = s.http_status {
        t.push_str(&format!(", HTTP {h}"));
    }
    if let Some(c) = &s.call {
        t.push_str(&format!(", {c}"));
    }
    if let Some(when) = &s.time {
        t.push_str(&format!(" at {when}"));
    }
    if let Some(r) = &s.reason_finding {
        t.push_str(&format!(" [reason: {r}]"));
    }
    t
}

/// One side's row: its arrows as `Listener→CTI svr LABEL @time`.
pub fn row_text(row: Option<&[Arrow]>) -> String {
    match row {
        None => "—".into(),
        Some(arrows) => arrows
            .iter()
            .map(|a| {
                format!(
                    "{}→{} {}{}{}",
                    a.from.short(),
                    a.to.short(),
                    a.label,
                    // With its day when the evidence is dated (the ladder's `date`).
                    match (a.date.as_deref(), a.time.as_deref()) {
                        (Some(d), Some(t)) => format!(" @{d} {t}"),
                        (None, Some(t)) => format!(" @{t}"),
                        _ => String::new(),
                    },
                    if a.observed { "" } else { " [missing]" }
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}
