//! Findings: severity, title, what was seen, why it matters, what to check next, and the evidence.
use crate::report::{Finding, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub findings: Vec<Finding>,
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
    html! {
        <section class="panel findings" aria-labelledby="findings-h">
            <h2 id="findings-h">{ format!("Findings ({})", props.findings.len()) }</h2>
            if props.findings.is_empty() {
                <p class="muted">{ "No findings: nothing in the evidence points to a problem." }</p>
            }
            { for props.findings.iter().map(|f| {
                html! {
                    <article class={classes!("finding", format!("finding-{}", f.id))} data-id={f.id.clone()}>
                        <h3>{ severity_badge(f.severity) }{ " " }{ &f.title }</h3>
                        <dl>
                            <dt>{ "Seen" }</dt><dd>{ &f.seen }</dd>
                            <dt>{ "Why it matters" }</dt><dd>{ &f.why }</dd>
                            <dt>{ "Check next" }</dt><dd>{ &f.next }</dd>
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
                    </article>
                }
            }) }
        </section>
    }
}
