//! The rule catalogue on the page: one rule behind each finding ("why do we say this?") and the
//! whole table in its own tab. Compiled in, so it works offline.
use super::entry_points::conf_badge;
use crate::analysis::rules::catalog::{self, Depends, Rule, SUGGESTED};
use yew::prelude::*;

/// A source id as a short tag, with its citation on hover (and a link when it has one).
pub fn source_tag(id: &str) -> Html {
    if id == SUGGESTED {
        return html! { <span class="src src-suggested" title="this tool's own advice: no source states it">{ "suggested" }</span> };
    }
    match catalog::source(id) {
        Some(s) => match s.url {
            Some(u) => {
                html! { <a class="src" href={u} target="_blank" rel="noopener noreferrer" title={s.cite}>{ id.to_string() }</a> }
            }
            None => html! { <span class="src" title={s.cite}>{ id.to_string() }</span> },
        },
        None => html! { <span class="src">{ id.to_string() }</span> },
    }
}

#[derive(Properties, PartialEq)]
pub struct RuleCardProps {
    pub rule: &'static Rule,
}

/// One rule: premise with its confidence and sources, symptom, what it reads, checks.
#[function_component(RuleCard)]
pub fn rule_card(props: &RuleCardProps) -> Html {
    let r = props.rule;
    html! {
        <div class="rule-card" data-rule={r.id}>
            <p class="rule-head"><code>{ r.id }</code>{ format!(" v{} — {}", r.version, r.title) }</p>
            <dl>
                <dt>{ "Premise" }</dt>
                <dd>{ r.premise }{ " " }{ conf_badge(r.confidence) }{ " " }{ for r.sources.iter().map(|s| html! { <>{ source_tag(s) }{ " " }</> }) }</dd>
                <dt>{ "Symptom" }</dt><dd>{ r.symptom }</dd>
                <dt>{ "Reads" }</dt><dd>{ r.reads }</dd>
                <dt>{ "Severity" }</dt>
                <dd>{ catalog::severity_word(r.severity) }{ if r.severity_note.is_empty() { String::new() } else { format!(" — {}", r.severity_note) } }</dd>
                if r.depends != Depends::Nothing {
                    <dt>{ "Depends on" }</dt>
                    <dd>{ match r.depends {
                        Depends::EceVersion => "the ECE version: 11.6 decides availability per MRD, 12.0 and later per the entry point's skill groups",
                        Depends::IcmVersion => "the ICM/UCCE version: the seed reports CSCvq11852 on 11.5, 11.6 and 12.0",
                        Depends::Nothing => "",
                    } }</dd>
                }
                <dt>{ "Checks" }</dt>
                <dd><ul class="steps">{ for r.checks.iter().map(|c| html! { <li>{ c.text }{ " " }{ source_tag(c.source) }</li> }) }</ul></dd>
            </dl>
        </div>
    }
}

/// Every rule and every source.
#[function_component(RulesView)]
pub fn rules_view() -> Html {
    html! {
        <section class="panel rules-view" aria-labelledby="rules-h">
            <h2 id="rules-h">{ format!("Rule catalogue ({} rules)", catalog::RULES.len()) }</h2>
            <p class="muted">{ "Every finding names the rule that made it. Confidence: confirmed = a source states it; inferred = fitted to samples or read from names; unconfirmed = no source. A step marked \u{201c}suggested\u{201d} is this tool's own advice. The same table: " }<code>{ "ece-triage rules" }</code>{ "." }</p>
            <p class="muted">{ "Severity: error = explains why chat is refused; warning = can contribute; info = context." }</p>
            { for catalog::RULES.iter().map(|r| html! { <RuleCard rule={r} /> }) }
            <h3>{ "Sources" }</h3>
            <dl class="sources">
                { for catalog::SOURCES.iter().map(|s| html! {
                    <>
                        <dt><code>{ s.id }</code></dt>
                        <dd>{ s.cite }{ s.url.map(|u| html! { <>{ " " }<a href={u} target="_blank" rel="noopener noreferrer">{ "link" }</a></> }).unwrap_or_default() }</dd>
                    </>
                }) }
                <dt><code>{ SUGGESTED }</code></dt><dd>{ "this tool's own advice: no source states it" }</dd>
            </dl>
        </section>
    }
}
