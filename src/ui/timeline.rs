//! The timeline: every event on the common clock, with its source line one click away.
use crate::report::Report;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Shared, not copied: a timeline can hold hundreds of thousands of events.
    pub report: Rc<Report>,
    pub input_names: Vec<String>,
    pub on_evidence: Callback<(usize, Option<u32>)>,
}

/// Rows rendered at first; more on request (long pastes stay fast).
const PAGE: usize = 200;

#[function_component(TimelinePanel)]
pub fn timeline_panel(props: &TimelineProps) -> Html {
    let shown = use_state(|| PAGE);
    let events = &props.report.events;
    if events.is_empty() {
        return html! {};
    }
    let more = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(*shown + PAGE))
    };
    html! {
        <section class="panel timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ format!("Timeline ({} events)", events.len()) }</h2>
            <table class="events">
                <thead><tr><th>{ "Time (as logged)" }</th><th>{ "Source" }</th><th>{ "Event" }</th><th>{ "Values" }</th><th>{ "Line" }</th></tr></thead>
                <tbody>
                { for events.iter().take(*shown).map(|e| {
                    let cb = props.on_evidence.clone();
                    let at = (e.input, Some(e.line));
                    let name = props.input_names.get(e.input).cloned().unwrap_or_default();
                    html! {
                        <tr class={classes!(e.group.map(|g| format!("group-{}", g % 6)))}>
                            <td class="mono nowrap">{ e.time.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td>{ e.source.as_str() }</td>
                            <td class="mono">{ &e.kind }</td>
                            <td class="mono small">{ &e.detail }</td>
                            <td><button class="link" onclick={Callback::from(move |_| cb.emit(at))}>{ format!("{name}:{}", e.line) }</button></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            if events.len() > *shown {
                <button onclick={more}>{ format!("Show {} more", (events.len() - *shown).min(PAGE)) }</button>
            }
        </section>
    }
}
