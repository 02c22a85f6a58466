//! The verdict: the headline banner (colour, icon and a sentence: never colour alone), one line per
//! entry point with a button to the finding that explains it, and what to collect next.
use super::rules_view::source_tag;
use super::ReportRef;
use crate::report::{Report, VerdictStatus};
use yew::prelude::*;

fn look(s: VerdictStatus) -> (&'static str, &'static str, &'static str) {
    match s {
        VerdictStatus::ChatAvailable => ("ok", "\u{2714}", "Chat available"),
        VerdictStatus::ChatUnavailable => ("bad", "\u{2716}", "Chat unavailable"),
        VerdictStatus::Undecided => ("unknown", "?", "Undecided"),
    }
}

/// The index of the finding a verdict names as its reason: about its entry point (a pasted
/// answer's: pointing at its input), else about none, else any of that rule.
fn reason_index(r: &Report, reason: &str, ep: &Option<String>, input: usize) -> Option<usize> {
    let of_rule = |f: &&crate::report::Finding| f.id == reason;
    r.findings
        .iter()
        .position(|f| {
            of_rule(&f)
                && f.entry_point_id == *ep
                && (ep.is_some() || f.evidence.iter().any(|e| e.input == input))
        })
        .or_else(|| {
            r.findings
                .iter()
                .position(|f| of_rule(&f) && f.entry_point_id.is_none())
        })
        .or_else(|| r.findings.iter().position(|f| of_rule(&f)))
}

fn scroll_to(id: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        e.scroll_into_view();
    }
}

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub report: ReportRef,
}

#[function_component(VerdictBanner)]
pub fn verdict_banner(props: &VerdictProps) -> Html {
    let r = &props.report;
    let (class, icon, label) = look(r.verdict.status);
    let show_list = r.verdicts.len() > 1;
    let single_reason = (r.verdicts.len() == 1)
        .then(|| r.verdicts[0].reason_finding.clone())
        .flatten();
    let reason_button = |reason: &str, ep: &Option<String>, input: usize| -> Html {
        match reason_index(r, reason, ep, input) {
            Some(i) => {
                let title = r.findings[i].title.clone();
                let target = format!("finding-{i}");
                html! {
                    <button class="link reason-link" onclick={Callback::from(move |_| scroll_to(&target))}>
                        { format!("Why: {title}") }
                    </button>
                }
            }
            None => html! {},
        }
    };
    html! {
        <div class="verdict-block">
            <div class={classes!("verdict", class)} role="status" aria-live="polite">
                <span class="verdict-icon" aria-hidden="true">{ icon }</span>
                <div>
                    <strong class="verdict-label">{ label }</strong>
                    <p class="verdict-sentence">{ &r.verdict.sentence }</p>
                    if let Some(reason) = &single_reason {
                        { reason_button(reason, &r.verdicts[0].entry_point_id, r.verdicts[0].input) }
                    }
                </div>
            </div>
            if show_list {
                <ul class="ep-verdicts" aria-label="Verdict per entry point">
                    { for r.verdicts.iter().map(|v| {
                        let (c, i, l) = look(v.status);
                        html! {
                            <li class={classes!("ep-verdict", c)} data-entry-point={v.entry_point_id.clone().unwrap_or_default()}>
                                <span class="verdict-icon small-icon" aria-hidden="true">{ i }</span>
                                <div>
                                    <strong>{ v.entry_point_id.as_ref().map(|e| format!("Entry point {e}")).unwrap_or_else(|| "Pasted answer".into()) }</strong>
                                    <span class="muted">{ format!(" — {l}") }</span>
                                    <p class="verdict-sentence">{ &v.sentence }</p>
                                    if let Some(reason) = &v.reason_finding {
                                        { reason_button(reason, &v.entry_point_id, v.input) }
                                    }
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CollectProps {
    pub report: ReportRef,
}

/// What to collect next: a checklist, what the evidence has ticked.
#[function_component(CollectPanel)]
pub fn collect_panel(props: &CollectProps) -> Html {
    let items = &props.report.collect_next;
    if items.iter().all(|c| c.have) {
        return html! {};
    }
    let missing = items.iter().filter(|c| !c.have).count();
    html! {
        <section class="panel collect" aria-labelledby="collect-h">
            <h2 id="collect-h">{ format!("What to collect next ({missing})") }</h2>
            <ul class="checklist">
                { for items.iter().map(|c| html! {
                    <li class={classes!("collect-item", c.have.then_some("have"))} data-id={c.id.clone()}>
                        <span class="check" aria-hidden="true">{ if c.have { "\u{2611}" } else { "\u{2610}" } }</span>
                        <span class="visually-hidden">{ if c.have { "in the evidence: " } else { "missing: " } }</span>
                        <div>
                            <strong>{ &c.what }</strong>{ " " }{ source_tag(&c.source) }
                            if !c.have {
                                <ul class="how">{ for c.how.iter().map(|h| html! { <li><code>{ h }</code></li> }) }</ul>
                                <p class="muted small">{ &c.why }</p>
                                if let Some(w) = &c.caution {
                                    <p class="warn small">{ w }</p>
                                }
                            }
                        </div>
                    </li>
                }) }
            </ul>
        </section>
    }
}
