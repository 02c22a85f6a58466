//! Findings: severity, title, the rule and its confidence, what was seen, why it matters, what to
//! check next (each step with its source), the evidence, and "why do we say this?" (the rule).
use super::entry_points::conf_badge;
use super::progressive::use_progressive;
use super::rules_view::{source_tag, RuleCard};
use super::ReportRef;
use crate::analysis::rules::catalog;
use crate::report::Severity;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    /// The report whose findings are shown.
    pub report: ReportRef,
    /// Input names, to label evidence links.
    pub input_names: Vec<String>,
    /// Called with (input index, line) when an evidence link is followed.
    pub on_evidence: Callback<(usize, Option<u32>)>,
}

fn severity_badge(s: Severity) -> Html {
    let (class, icon, text) = match s {
        Severity::Error => ("sev sev-error", "\u{2716}", "error"),
        Severity::Warning => ("sev sev-warning", "\u{26a0}", "warning"),
        Severity::Info => ("sev sev-info", "\u{2139}", "info"),
    };
    html! { <span class={class}><span aria-hidden="true">{ icon }</span>{ " " }{ text }</span> }
}

#[function_component(FindingsPanel)]
pub fn findings_panel(props: &FindingsProps) -> Html {
    let findings = &props.report.findings;
    let shown = use_progressive(props.report.key(), findings.len());
    let names = Rc::new(props.input_names.clone());
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    html! {
        <section class="panel findings" aria-labelledby="findings-h">
            <h2 id="findings-h">{ format!("Findings ({})", findings.len()) }</h2>
            if findings.is_empty() {
                <p class="muted">{ "No findings: nothing in the evidence points to a problem." }</p>
            } else {
                <p class="muted small">{ format!("{} error(s): why chat is refused; {} warning(s): can contribute; {} info: context.", count(Severity::Error), count(Severity::Warning), count(Severity::Info)) }</p>
            }
            { for (0..shown).map(|index| html! {
                <FindingView report={props.report.clone()} {index} input_names={names.clone()} on_evidence={props.on_evidence.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FindingProps {
    report: ReportRef,
    /// Index into the report's findings.
    index: usize,
    input_names: Rc<Vec<String>>,
    on_evidence: Callback<(usize, Option<u32>)>,
}

/// One finding (a component of its own, so the list's later steps leave the earlier ones alone).
#[function_component(FindingView)]
fn finding_view(props: &FindingProps) -> Html {
    let Some(f) = props.report.findings.get(props.index) else {
        return html! {};
    };
    let rule = catalog::rule(&f.id);
    html! {
        <article class={classes!("finding", format!("finding-{}", f.id))} data-id={f.id.clone()} id={format!("finding-{}", props.index)}>
            <h3>{ severity_badge(f.severity) }{ " " }{ &f.title }</h3>
            <p class="finding-meta small">
                if let Some(ep) = &f.entry_point_id {
                    <span class="chip chip-ep">{ format!("entry point {ep}") }</span>{ " " }
                }
                <span class="chip chip-rule" title="the rule that made this finding">{ format!("rule {} v{}", f.id, f.rule_version) }</span>{ " " }
                { conf_badge(f.confidence) }{ " " }
                { for f.sources.iter().map(|s| html! { <>{ source_tag(&s.id) }{ " " }</> }) }
            </p>
            <dl>
                <dt>{ "Seen" }</dt><dd>{ &f.seen }</dd>
                <dt>{ "Why it matters" }</dt><dd>{ &f.why }</dd>
                <dt>{ "Check next" }</dt>
                <dd><ol class="steps">{ for f.next.iter().map(|s| html! { <li>{ &s.text }{ " " }{ source_tag(&s.source) }</li> }) }</ol></dd>
            </dl>
            if !f.evidence.is_empty() {
                <ul class="evidence-links">
                    { for f.evidence.iter().map(|e| {
                        let cb = props.on_evidence.clone();
                        let (input, line) = (e.input, e.line);
                        let name = props.input_names.get(e.input).cloned().unwrap_or_else(|| format!("input {}", e.input + 1));
                        let at = match e.line { Some(l) => format!("{name}:{l}"), None => name };
                        html! {
                            <li><button class="link evidence-link" onclick={Callback::from(move |_| cb.emit((input, line)))}>
                                { format!("{at} — {}", e.label) }
                            </button></li>
                        }
                    }) }
                </ul>
            }
            if let Some(r) = rule {
                <details class="why-rule">
                    <summary>{ "Why do we say this?" }</summary>
                    <RuleCard rule={r} />
                </details>
            }
        </article>
    }
}
