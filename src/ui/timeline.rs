//! The timeline: every event on the common clock, with its source line one click away.
//!
//! Rendered virtually: only the rows in view (plus a margin) are in the DOM, so a timeline of
//! hundreds of thousands of events scrolls as fast as one of ten. With a report from the analysis
//! worker the page holds no events: it asks the worker for the rows it draws.
use super::state::WorkerRows;
use super::{ReportRef, WorkerRef};
use crate::report::ReportEvent;
use crate::worker::{Answer, Query};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Shared, not copied: a timeline can hold hundreds of thousands of events.
    pub report: ReportRef,
    /// With a worker's report (whose `events` is empty): the rows, asked for as they are drawn.
    #[prop_or_default]
    pub rows: Option<Rc<WorkerRows>>,
    #[prop_or_default]
    pub worker: Option<WorkerRef>,
    #[prop_or_default]
    pub generation: u64,
    pub input_names: Vec<String>,
    pub on_evidence: Callback<(usize, Option<u32>)>,
}

/// Height of one row in CSS pixels (fixed by the stylesheet: `table.events tr`).
pub const ROW_PX: usize = 26;
/// Height of the scrolling area in CSS pixels (`.timeline-scroll`).
pub const VIEW_PX: usize = 416;
/// Rows rendered above and below the visible ones.
const MARGIN_ROWS: usize = 10;

/// Which rows to render for a scroll position: (first, end).
pub fn window(scroll_top: usize, total: usize) -> (usize, usize) {
    let first = (scroll_top / ROW_PX).saturating_sub(MARGIN_ROWS).min(total);
    let end = (first + VIEW_PX / ROW_PX + 2 * MARGIN_ROWS).min(total);
    (first, end)
}

#[function_component(TimelinePanel)]
pub fn timeline_panel(props: &TimelineProps) -> Html {
    let scroll_top = use_state(|| 0usize);
    // Bumped when asked rows arrive, to draw them.
    let arrived = use_state(|| 0u64);
    let events = &props.report.events;
    let worker_rows = props.rows.as_ref().filter(|_| events.is_empty());
    let total = worker_rows.map_or(events.len(), |r| r.total);
    let (first, end) = window(*scroll_top, total);
    {
        // Ask the worker for the rows in view that are not here yet.
        let rows = worker_rows.cloned();
        let worker = props.worker.clone();
        let arrived = arrived.clone();
        let id = props.generation;
        use_effect_with(
            (first, end, id, *arrived, rows.as_ref().map(Rc::as_ptr)),
            move |_| {
                if let (Some(rows), Some(worker)) = (rows, worker) {
                    if let Some((a, b)) = rows.to_ask(first, end) {
                        let asked = worker.ask(
                            |qid| Query::Rows {
                                qid,
                                id,
                                first: a,
                                end: b,
                            },
                            {
                                let rows = rows.clone();
                                move |answer| match answer {
                                    Answer::Rows(Some(got)) => {
                                        rows.put(a, got);
                                        arrived.set(*arrived + 1);
                                    }
                                    _ => rows.forget_ask(),
                                }
                            },
                        );
                        if !asked {
                            rows.forget_ask();
                        }
                    }
                }
            },
        );
    }
    if total == 0 {
        return html! {};
    }
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                scroll_top.set(el.scroll_top().max(0) as usize);
            }
        })
    };
    let spacer = |rows: usize| {
        (rows > 0).then(|| html! { <tr class="spacer" aria-hidden="true"><td colspan="5" height={(rows * ROW_PX).to_string()}></td></tr> })
    };
    html! {
        <section class="panel timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ format!("Timeline ({} events)", total) }</h2>
            <div class="timeline-scroll" {onscroll} tabindex="0" aria-label="Timeline events">
                <table class="events">
                    <thead><tr><th>{ "Time (as logged)" }</th><th>{ "Source" }</th><th>{ "Event" }</th><th>{ "Values" }</th><th>{ "Line" }</th></tr></thead>
                    <tbody>
                    { spacer(first).unwrap_or_default() }
                    { for (first..end).map(|i| {
                        let fetched: Option<ReportEvent>;
                        let e = match worker_rows {
                            None => match events.get(i) {
                                Some(e) => e,
                                None => return html! {},
                            },
                            Some(rows) => {
                                fetched = rows.get(i);
                                match &fetched {
                                    Some(e) => e,
                                    // Asked for: drawn when it arrives.
                                    None => return html! {
                                        <tr class="event loading"><td class="mono nowrap muted">{ "…" }</td><td></td><td></td><td></td><td></td></tr>
                                    },
                                }
                            }
                        };
                        let cb = props.on_evidence.clone();
                        let at = (e.input, Some(e.line));
                        let name = props.input_names.get(e.input).cloned().unwrap_or_default();
                        html! {
                            <tr class={classes!("event", e.group.map(|g| format!("group-{}", g % 6)))}>
                                <td class="mono nowrap">{ e.time.clone().unwrap_or_else(|| "—".into()) }</td>
                                <td>{ e.source.as_str() }</td>
                                <td class="mono">{ &e.kind }</td>
                                <td class="mono small detail" title={e.detail.clone()}>{ &e.detail }</td>
                                <td><button class="link" onclick={Callback::from(move |_| cb.emit(at))}>{ format!("{name}:{}", e.line) }</button></td>
                            </tr>
                        }
                    }) }
                    { spacer(total - end).unwrap_or_default() }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
