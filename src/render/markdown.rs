//! The report as Markdown for a ticket, every piece of evidence text escaped (`md_text`, `md_code`).

use crate::report::{CollectItem, Report, VersionHow, VersionInfo};

impl Report {
    /// The report as Markdown for a ticket. Every piece of text that comes from the evidence or
    /// the analysis is escaped ([`md_text`], [`md_code`]): a wiki or ticket tool renders it as
    /// text, never as HTML, links or formatting.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        md.push_str("# ECE Chat Triage report\n\n");
        md.push_str(&format!(
            "**Verdict:** {}\n\n",
            md_text(&self.verdict.sentence)
        ));
        if self.verdicts.len() > 1 {
            for v in &self.verdicts {
                md.push_str(&format!(
                    "- **{}** ({}): {}\n",
                    md_text(v.entry_point_id.as_deref().unwrap_or("pasted answer")),
                    v.status.as_str(),
                    md_text(&v.sentence)
                ));
            }
            md.push('\n');
        }
        md.push_str(&format!(
            "Versions: ECE {}, ICM/UCCE {}.\n\n",
            md_text(&version_text(&self.versions.ece)),
            md_text(&version_text(&self.versions.icm))
        ));
        // When the report holds its events, each evidence line says when it was logged (a ticket's
        // reader has no page to click through).
        let logged: std::collections::HashMap<(usize, u32), &str> =
            if self.findings.iter().any(|f| !f.evidence.is_empty()) {
                self.events
                    .iter()
                    .filter_map(|e| Some(((e.input, e.line), e.time.as_deref()?)))
                    .collect()
            } else {
                Default::default()
            };
        if !self.findings.is_empty() {
            md.push_str("## Findings\n\n");
            for f in &self.findings {
                md.push_str(&format!(
                    "### [{}] {}\n\n- **Rule:** {} v{} ({}; {})\n- **Seen:** {}\n- **Why it matters:** {}\n",
                    f.severity.word().to_ascii_uppercase(),
                    md_text(&f.title),
                    md_code(&f.id),
                    f.rule_version,
                    f.confidence.word(),
                    md_text(&f.sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")),
                    md_text(&f.seen),
                    md_text(&f.why)
                ));
                for s in &f.next {
                    md.push_str(&format!(
                        "- **Check next:** {} \\[{}\\]\n",
                        md_text(&s.text),
                        md_text(&s.source)
                    ));
                }
                for e in &f.evidence {
                    let name = self
                        .inputs
                        .get(e.input)
                        .map(|i| i.name.as_str())
                        .unwrap_or("?");
                    let at = match e.line {
                        Some(l) => match logged.get(&(e.input, l)) {
                            Some(t) => format!("{name}:{l} ({t})"),
                            None => format!("{name}:{l}"),
                        },
                        None => name.to_string(),
                    };
                    md.push_str(&format!(
                        "- Evidence: {} {}\n",
                        md_text(&at),
                        md_text(&e.label)
                    ));
                }
                md.push('\n');
            }
        }
        if !self.entry_points.is_empty() {
            md.push_str("## Entry-point answers\n\n| entry point | call | time | HTTP | responseType | meaning |\n|---|---|---|---|---|---|\n");
            for e in &self.entry_points {
                md.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    e.entry_point_id
                        .as_deref()
                        .map_or_else(|| "—".to_string(), md_text),
                    md_text(&e.call),
                    e.time.as_deref().map_or_else(|| "—".to_string(), md_text),
                    e.status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "—".into()),
                    e.response_type
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "—".into()),
                    md_text(&e.meaning)
                ));
            }
            md.push('\n');
        }
        let missing: Vec<&CollectItem> = self.collect_next.iter().filter(|c| !c.have).collect();
        if !missing.is_empty() {
            md.push_str("## Collect next\n\n");
            for c in missing {
                md.push_str(&format!(
                    "- [ ] {} — {} \\[{}\\]\n",
                    md_text(&c.what),
                    md_text(&c.how.join(" / ")),
                    md_text(&c.source)
                ));
                if let Some(w) = &c.caution {
                    md.push_str(&format!("  - Caution: {}\n", md_text(w)));
                }
            }
            md.push('\n');
        }
        if !self.ladder.rows.is_empty() {
            let ascii = super::ladder::to_ascii(&self.ladder);
            let fence = "`".repeat(longest_run(&ascii, '`').max(2) + 1);
            md.push_str(&format!("## Message flow\n\n{fence}text\n"));
            md.push_str(&ascii);
            if !ascii.ends_with('\n') {
                md.push('\n');
            }
            md.push_str(&fence);
            md.push('\n');
        }
        md
    }
}

/// `12.5 (given)`, `12.6 or later (inferred)`, `unknown`.
pub fn version_text(v: &VersionInfo) -> String {
    match (&v.value, v.how) {
        (Some(x), VersionHow::Given) => format!("{x} (given)"),
        (Some(x), VersionHow::Inferred) => format!("{x} (inferred)"),
        _ => "unknown".into(),
    }
}

/// Text for a Markdown line or table cell: HTML's `<`, `>`, `&` as entities, Markdown's
/// punctuation backslash-escaped (`\\`, `*`, `_`, `` ` ``, `[`, `]`, `|`, `#`, `~`: no emphasis,
/// code, link, table cell or heading can start), line breaks as spaces.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` as it is: fenced with more backticks than any run in it, on one line.
pub fn md_code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            md_text("\"><svg/onload=alert(1)> | `x` [a](javascript:b) #h *e* _u_\nnext"),
            "\"&gt;&lt;svg/onload=alert(1)&gt; \\| \\`x\\` \\[a\\](javascript:b) \\#h \\*e\\* \\_u\\_ next"
        );
        assert_eq!(md_text("a & b"), "a &amp; b");
        assert_eq!(md_code("capture.har:12"), "`capture.har:12`");
        assert_eq!(md_code("a``b`"), "``` a``b` ```");
    }

    /// Issue 13.7: a ticket's Markdown says when things happened: the ladder's days, the evidence
    /// lines' times (dated), the calls' times.
    #[test]
    fn markdown_carries_dates_of_the_ladder_the_evidence_and_the_calls() {
        let dir = "tests/compare/worked-at-0900-not-at-1400/before";
        let inputs: Vec<crate::model::Input> = ["listener.log", "ctisvr.log", "capture.har"]
            .iter()
            .map(|f| {
                crate::model::Input::new(*f, std::fs::read_to_string(format!("{dir}/{f}")).unwrap())
            })
            .collect();
        let md = crate::analysis::analyze(&inputs).to_markdown();
        assert!(md.contains("── 2024-05-14 ─"), "{md}");
        assert!(md.contains("| time |"), "{md}");
        assert!(md.contains("| 2024-05-14T09:00:04.400Z |"), "{md}");
        let seed: Vec<crate::model::Input> = crate::sample::SEED
            .iter()
            .map(|(n, t)| crate::model::Input::new(*n, *t))
            .collect();
        let md = crate::analysis::analyze(&seed).to_markdown();
        assert!(
            md.contains("── 2019-07-20 ─") && md.contains("── 2019-08-19 ─"),
            "{md}"
        );
        let dated = md
            .lines()
            .filter(|l| {
                l.starts_with("- Evidence: ") && l.contains(":1 (2019-07-20 18:27:31.749 GMT+0000)")
            })
            .count();
        assert!(dated > 0, "{md}");
    }
}
