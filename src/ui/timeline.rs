//! The timeline: every event on the common clock, with its source line one click away.
//!
//! Rendered virtually: only the rows in view (plus a margin) are in the DOM, so a timeline of
//! hundreds of thousands of events scrolls as fast as one of ten. With a report from the analysis
//! worker the page holds no events: it asks the worker for the rows it draws.
use super::print::PRINT_MAX_ROWS;
use super::state::WorkerRows;
use super::stepper::{step, Stepper, Steps};
use super::worker_client::{Answer, Query};
use super::{ReportRef, ServiceRef};
use crate::query::{matching_events, Found, SearchQuery};
use crate::report::ReportEvent;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A virtual list's scroll handler: keeps `scroll_top` (in px) for the window of rows drawn.
pub(super) fn on_scroll(scroll_top: &UseStateHandle<usize>) -> Callback<Event> {
    let scroll_top = scroll_top.clone();
    Callback::from(move |e: Event| {
        if let Some(el) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            scroll_top.set(el.scroll_top().max(0) as usize);
        }
    })
}

/// The empty row standing for `rows` rows of `row_px` not drawn (none when there are none); its
/// height is an attribute, not a style: the page's CSP (`style-src 'self'`) blocks inline styles.
pub(super) fn spacer(cols: usize, rows: usize, row_px: usize) -> Option<Html> {
    (rows > 0).then(|| html! { <tr class="spacer" aria-hidden="true"><td colspan={cols.to_string()} height={(rows * row_px).to_string()}></td></tr> })
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Shared, not copied: a timeline can hold hundreds of thousands of events.
    pub report: ReportRef,
    /// With a worker's report (whose `events` is empty): the rows, asked for as they are drawn.
    #[prop_or_default]
    pub rows: Option<Rc<WorkerRows>>,
    #[prop_or_default]
    pub service: Option<ServiceRef>,
    #[prop_or_default]
    pub generation: u64,
    pub input_names: Vec<String>,
    pub on_evidence: Callback<(usize, Option<u32>)>,
    /// The search box's text: only the events it finds are listed.
    #[prop_or_default]
    pub search: AttrValue,
    /// Bumped by the search box's Enter / n: go to the next (+1) or previous (−1) match.
    #[prop_or_default]
    pub step: (u64, i32),
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
    let searching = !props.search.trim().is_empty();
    // The events the search finds: here, their positions; from the worker, the rows it sent.
    let hits = {
        let report = props.report.clone();
        use_memo((props.report.key(), props.search.clone()), move |(_, s)| {
            let q = SearchQuery::parse(s);
            (!q.is_empty()).then(|| matching_events(report.events.iter(), &q, usize::MAX).0)
        })
    };
    let found = use_state(|| None::<(AttrValue, Found)>);
    let remote = searching && worker_rows.is_some();
    let all = worker_rows.map_or(events.len(), |r| r.total);
    // A search the worker has not answered yet: no count to show (not "0 match").
    let pending = remote && found.as_ref().is_none_or(|(s, _)| *s != props.search);
    let total = if remote {
        found
            .as_ref()
            .filter(|(s, _)| *s == props.search)
            .map_or(0, |(_, f)| f.matched)
    } else {
        hits.as_ref().as_ref().map_or(all, Vec::len)
    };
    // On paper every row (up to PRINT_MAX_ROWS): a scroll box prints only what it has drawn.
    let printing = super::print::use_printing();
    let (first, end) = if printing && worker_rows.is_none() {
        (0, total.min(PRINT_MAX_ROWS))
    } else {
        window(*scroll_top, total)
    };
    // The match stepped to: its position among the matches, and in the timeline (its identity
    // here: the service steps from it).
    let current = use_state(|| None::<(usize, usize)>);
    let scroller = use_node_ref();
    {
        // A new search starts at its first match, at the top. Not on mount: the list is at the
        // top with no match marked already, and setting `scrollTop` there forces a layout of the
        // whole report just drawn, in the task that drew it (35 ms of a 93 ms task on 1.5 MB of
        // logs from the worker, measured with tests/e2e/bigfile.mjs).
        let current = current.clone();
        let scroller = scroller.clone();
        let mounted = use_mut_ref(|| false);
        use_effect_with(props.search.clone(), move |_| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) {
                current.set(None);
                if let Some(el) = scroller.cast::<web_sys::Element>() {
                    el.set_scroll_top(0);
                }
            }
        });
    }
    {
        // Enter / n: the next match, scrolled into view and marked. The analysis service says
        // which (in-process or in the worker: one path), however far past the rows drawn.
        let stepper = use_mut_ref(Stepper::<usize>::default);
        let current = current.clone();
        let scroller = scroller.clone();
        let service = props.service.clone();
        let (search, id) = (props.search.to_string(), props.generation);
        use_effect_with(props.step, move |&(n, dir)| {
            let Some(service) = service else { return };
            if n == 0 || total == 0 {
                return;
            }
            if !stepper.borrow().busy() {
                // From the match marked (none after a new search).
                stepper.borrow_mut().at = current.map(|c| c.1);
            }
            let steps = Steps {
                query: Box::new(move |qid, from, dir| Query::StepEvent {
                    qid,
                    id,
                    search: search.clone(),
                    from,
                    dir,
                }),
                key: Box::new(|_, event, _| event),
                landed: Box::new(move |pos, event, _| {
                    current.set(Some((pos, event)));
                    if let Some(el) = scroller.cast::<web_sys::Element>() {
                        let top = (pos * ROW_PX) as i32;
                        let view = el.client_height().max(ROW_PX as i32);
                        if top < el.scroll_top() || top + ROW_PX as i32 > el.scroll_top() + view {
                            el.set_scroll_top((top - view / 3).max(0));
                        }
                        el.scroll_into_view_with_bool(false);
                    }
                }),
            };
            step(stepper, service, Rc::new(steps), dir);
        });
    }
    {
        // The worker finds the matches of a search of the events it holds.
        let found = found.clone();
        let service = props.service.clone();
        let id = props.generation;
        let search = props.search.clone();
        use_effect_with(
            (remote, search, first, end, id),
            move |(remote, search, first, end, id)| {
                if let (true, Some(service)) = (*remote, service) {
                    let have = found.as_ref().is_some_and(|(s, f)| {
                        s == search
                            && f.first <= *first
                            && f.first + f.rows.len() >= (*end).min(f.matched)
                    });
                    if !have {
                        let (a, b, id, s) = (
                            first.saturating_sub(MARGIN_ROWS),
                            end + MARGIN_ROWS,
                            *id,
                            search.clone(),
                        );
                        let text = s.to_string();
                        service.ask(
                            move |qid| Query::Find {
                                qid,
                                id,
                                search: text,
                                first: a,
                                end: b,
                            },
                            move |answer| {
                                if let Answer::Found(Some(f)) = answer {
                                    found.set(Some((s, f)));
                                }
                            },
                        );
                    }
                }
            },
        );
    }
    {
        // Ask the worker for the rows in view that are not here yet.
        let rows = worker_rows.filter(|_| !remote).cloned();
        let service = props.service.clone();
        let arrived = arrived.clone();
        let id = props.generation;
        use_effect_with(
            (first, end, id, *arrived, rows.as_ref().map(Rc::as_ptr)),
            move |_| {
                if let (Some(rows), Some(service)) = (rows, service) {
                    if let Some((a, b)) = rows.to_ask(first, end) {
                        let asked = service.ask(
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
    if all == 0 {
        // Only HAR captures: the timeline is their requests in time order.
        return match worker_rows {
            None if !props.report.har.is_empty() => html! {
                <HarTimeline report={props.report.clone()} search={props.search.clone()} input_names={props.input_names.clone()} />
            },
            _ => html! {},
        };
    }
    let onscroll = on_scroll(&scroll_top);
    html! {
        <section class="panel timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{
                if pending { format!("Timeline (searching {all} events…)") }
                else if searching { format!("Timeline ({total} of {all} events match)") }
                else { format!("Timeline ({all} events)") }
            }</h2>
            if searching {
                <p class="muted small" role="status" aria-live="polite">{
                    match *current {
                        _ if pending => format!("Searching for \u{201c}{}\u{201d}…", props.search),
                        Some((c, _)) if total > 0 => format!("Match {} of {total}; Enter or n for the next, Shift+Enter or N for the previous.", c + 1),
                        _ => format!("{total} events match \u{201c}{}\u{201d}.", props.search),
                    }
                }</p>
            }
            <div class="timeline-scroll" ref={scroller} {onscroll} tabindex="0" role="region" aria-label="Timeline events, scrollable">
                <table class="events">
                    <thead><tr><th>{ "Time (as logged)" }</th><th>{ "Source" }</th><th>{ "Event" }</th><th>{ "Values" }</th><th>{ "Line" }</th></tr></thead>
                    <tbody>
                    { spacer(5, first, ROW_PX).unwrap_or_default() }
                    { for (first..end).map(|pos| {
                        let fetched: Option<ReportEvent>;
                        let i = match (hits.as_ref(), remote) {
                            (Some(h), false) => h.get(pos).copied().unwrap_or(usize::MAX),
                            _ => pos,
                        };
                        let mut is_current = current.is_some_and(|c| c.1 == i);
                        let e = match worker_rows {
                            Some(_) if remote => {
                                let row = found.as_ref().and_then(|(_, f)| {
                                    f.rows.get(pos.checked_sub(f.first)?).cloned()
                                });
                                is_current = row.as_ref().is_some_and(|(k, _)| current.is_some_and(|c| c.1 == *k));
                                fetched = row.map(|(_, e)| e);
                                match &fetched {
                                    Some(e) => e,
                                    None => return html! {
                                        <tr class="event loading"><td class="mono nowrap muted">{ "…" }</td><td></td><td></td><td></td><td></td></tr>
                                    },
                                }
                            }
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
                            <tr class={classes!("event", e.group.map(|g| format!("group-{}", g % 6)), is_current.then_some("current"))} aria-current={is_current.then_some("true")}>
                                <td class="mono nowrap">{ e.time.clone().unwrap_or_else(|| "—".into()) }</td>
                                <td>{ e.source.as_str() }</td>
                                <td class="mono">{ &e.kind }</td>
                                <td class="mono small detail" title={e.detail.clone()}>{ &e.detail }</td>
                                <td><button class="link" onclick={Callback::from(move |_| cb.emit(at))}>{ format!("{name}:{}", e.line) }</button></td>
                            </tr>
                        }
                    }) }
                    { spacer(5, total - end, ROW_PX).unwrap_or_default() }
                    </tbody>
                </table>
            </div>
            if printing && total > end - first {
                <p class="print-note">{ format!("{} of {total} events are not printed here; the JSON export holds them all.", total - (end - first)) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct HarTimelineProps {
    report: ReportRef,
    search: AttrValue,
    input_names: Vec<String>,
}

/// The timeline of evidence that is only HAR captures: every request in start order (the same rows
/// as the requests view), windowed like the events, every row on paper.
#[function_component(HarTimeline)]
fn har_timeline(props: &HarTimelineProps) -> Html {
    let scroll_top = use_state(|| 0usize);
    let printing = super::print::use_printing();
    let rows = {
        let report = props.report.clone();
        use_memo((props.report.key(), props.search.clone()), move |(_, s)| {
            let q = SearchQuery::parse(s);
            let all = crate::requests::rows(&report.har);
            let n = all.len();
            let kept: Vec<_> = all
                .into_iter()
                .filter(|r| q.is_empty() || r.matches(&q))
                .collect();
            (kept, n)
        })
    };
    let (kept, all) = (&rows.0, rows.1);
    let total = kept.len();
    let (first, end) = if printing {
        (0, total.min(PRINT_MAX_ROWS))
    } else {
        window(*scroll_top, total)
    };
    let onscroll = on_scroll(&scroll_top);
    let searching = !props.search.trim().is_empty();
    html! {
        <section class="panel timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ if searching { format!("Timeline ({total} of {all} requests match)") } else { format!("Timeline ({all} requests)") } }</h2>
            <p class="muted small">{ "Only HAR captures were given: the timeline is their requests in start order (times in UTC, as the browser recorded them). Add the ECE listener and PG logs for the agents' side." }</p>
            <div class="timeline-scroll" {onscroll} tabindex="0" role="region" aria-label="Timeline requests, scrollable">
                <table class="events">
                    <thead><tr><th>{ "Time (UTC)" }</th><th>{ "Source" }</th><th>{ "Event" }</th><th>{ "Values" }</th><th>{ "Entry" }</th></tr></thead>
                    <tbody>
                    { spacer(5, first, ROW_PX).unwrap_or_default() }
                    { for kept[first..end].iter().map(|r| {
                        let name = props.input_names.get(r.input).cloned().unwrap_or_default();
                        let text = r.timeline_text();
                        html! {
                            <tr class={classes!("event", "har-request", r.failed().then_some("failed"))}>
                                <td class="mono nowrap">{ r.started_utc().unwrap_or_else(|| "—".into()) }</td>
                                <td>{ "har" }</td>
                                <td class="mono">{ r.ece.clone().unwrap_or_else(|| "request".into()) }</td>
                                <td class="mono small detail" title={text.clone()}>{ text }</td>
                                <td class="mono small">{ format!("{name} #{}", r.index) }</td>
                            </tr>
                        }
                    }) }
                    { spacer(5, total - end, ROW_PX).unwrap_or_default() }
                    </tbody>
                </table>
            </div>
            if printing && total > end {
                <p class="print-note">{ format!("{} of {total} requests are not printed here; the requests view lists them all.", total - end) }</p>
            }
        </section>
    }
}
