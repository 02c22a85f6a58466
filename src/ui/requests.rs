//! The requests view: every HAR entry with method, status, type, size, time and a waterfall bar; filters, sorting, virtual rows.
//!
//! The rows come from `requests::page`: computed here for a report made on the page, answered by
//! the analysis worker (`Query::Requests`) for one it holds; the same function either way.
use super::state::PageInput;
use super::stepper::{step, Stepper, Steps};
use super::worker_client::{Answer, Query};
use super::{ReportRef, ServiceRef};
use crate::requests::{self, RequestFilter, RequestPage, RequestRow, RequestType, SortBy};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Row height and view height in CSS pixels (`table.requests tr`, `.requests-scroll`).
pub const ROW_PX: usize = 28;
pub const VIEW_PX: usize = 420;
const MARGIN_ROWS: usize = 10;

#[derive(Properties, PartialEq)]
pub struct RequestsProps {
    pub report: ReportRef,
    pub inputs: Rc<Vec<PageInput>>,
    pub service: ServiceRef,
    pub via_worker: bool,
    pub generation: u64,
    pub search: AttrValue,
    /// The selected request: (capture, entry index).
    pub selected: Option<(usize, usize)>,
    pub on_select: Callback<(usize, usize)>,
    /// Bumped by the search box's Enter / n: go to the next (+1) or previous (−1) match.
    #[prop_or_default]
    pub step: (u64, i32),
}

/// Bytes for people: `512 B`, `1.2 kB`, `3.4 MB`.
pub fn size_text(b: Option<u64>) -> String {
    match b {
        None => "\u{2014}".into(),
        Some(b) if b < 1000 => format!("{b} B"),
        Some(b) if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        Some(b) => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// `1.2 s` / `340 ms`.
pub fn ms_text(t: Option<f64>) -> String {
    match t {
        None => "\u{2014}".into(),
        Some(t) if t >= 1000.0 => format!("{:.2} s", t / 1000.0),
        Some(t) => format!("{t:.0} ms"),
    }
}

fn status_text(r: &RequestRow) -> String {
    match (r.status, &r.error) {
        (Some(s), _) if s != 0 => s.to_string(),
        (_, Some(e)) => format!("(failed) {e}"),
        _ => "(no answer)".into(),
    }
}

#[function_component(RequestsPanel)]
pub fn requests_panel(props: &RequestsProps) -> Html {
    let filter = use_state(RequestFilter::default);
    let scroll_top = use_state(|| 0usize);
    let scroller = use_node_ref();
    // The worker's latest answer (a report it holds), and the one made here.
    let asked = use_state(|| None::<RequestPage>);
    let local_rows = {
        let report = props.report.clone();
        use_memo(props.report.key(), move |_| requests::rows(&report.har))
    };
    let mut f = (*filter).clone();
    f.search = props.search.to_string();
    let total_rows = props
        .report
        .har
        .iter()
        .map(|h| h.capture.entries)
        .sum::<usize>();
    // Rows in view.
    let matched_hint = if props.via_worker {
        asked.as_ref().map_or(0, |p| p.matched)
    } else {
        0
    };
    let local_keep = (!props.via_worker).then(|| requests::select(&local_rows, &f));
    let matched = local_keep.as_ref().map_or(matched_hint, Vec::len);
    // On paper every row this page holds (up to PRINT_MAX_ROWS), not the scroll box's.
    let printing = super::print::use_printing();
    let (first, end) = if printing && local_keep.is_some() {
        (0, matched.min(super::print::PRINT_MAX_ROWS))
    } else {
        let first = (*scroll_top / ROW_PX)
            .saturating_sub(MARGIN_ROWS)
            .min(matched);
        (
            first,
            (first + VIEW_PX / ROW_PX + 2 * MARGIN_ROWS).min(matched.max(first + 1)),
        )
    };
    let page: Option<RequestPage> = match &local_keep {
        Some(keep) => Some(requests::page_of(&local_rows, keep, first, end)),
        None => (*asked).clone(),
    };
    {
        // Ask the worker for the rows in view (and the counts) when the filter or the view moves.
        let asked = asked.clone();
        let service = props.service.clone();
        let id = props.generation;
        let via_worker = props.via_worker;
        let f = f.clone();
        let want = (first.saturating_sub(MARGIN_ROWS), end + MARGIN_ROWS);
        use_effect_with(
            (f, want, id, via_worker),
            move |(f, (a, b), id, via_worker)| {
                if *via_worker {
                    let (a, b, id, f) = (*a, (*b).max(40), *id, f.clone());
                    service.ask(
                        move |qid| Query::Requests {
                            qid,
                            id,
                            filter: f,
                            first: a,
                            end: b,
                        },
                        move |answer| {
                            if let Answer::Requests(Some(p)) = answer {
                                asked.set(Some(p));
                            }
                        },
                    );
                }
            },
        );
    }
    {
        // Enter / n in the search box: select the next or previous request the search keeps.
        // The analysis service says which (in-process or in the worker: one path), however far
        // past the rows drawn.
        let stepper = use_mut_ref(Stepper::<(usize, usize)>::default);
        let on_select = props.on_select.clone();
        let selected = props.selected;
        let scroller = scroller.clone();
        let service = props.service.clone();
        let (f, id) = (f.clone(), props.generation);
        use_effect_with(props.step, move |&(n, dir)| {
            if n == 0 {
                return;
            }
            if !stepper.borrow().busy() {
                stepper.borrow_mut().at = selected;
            }
            let steps = Steps {
                query: Box::new(move |qid, from, dir| Query::StepRequest {
                    qid,
                    id,
                    filter: f.clone(),
                    from,
                    dir,
                }),
                key: Box::new(|_, h, i| (h, i)),
                landed: Box::new(move |pos, h, i| {
                    if let Some(el) = scroller.cast::<web_sys::Element>() {
                        scroll_into(&el, pos);
                    }
                    on_select.emit((h, i));
                }),
            };
            step(stepper, service.clone(), Rc::new(steps), dir);
        });
    }
    {
        // A selection from elsewhere (a ladder arrow, an entry point, a finding): scroll to it.
        let keep = local_keep.clone();
        let rows = local_rows.clone();
        let scroller = scroller.clone();
        use_effect_with(props.selected, move |sel| {
            if let (Some(sel), Some(keep), Some(el)) =
                (sel, keep, scroller.cast::<web_sys::Element>())
            {
                if let Some(pos) = keep
                    .iter()
                    .position(|&i| (rows[i].har, rows[i].index) == *sel)
                {
                    scroll_into(&el, pos);
                }
            }
        });
    }
    if total_rows == 0 {
        return html! {};
    }
    let onscroll = super::timeline::on_scroll(&scroll_top);
    let set = |change: Rc<dyn Fn(&mut RequestFilter)>| {
        let filter = filter.clone();
        move || {
            let mut f = (*filter).clone();
            change(&mut f);
            filter.set(f);
        }
    };
    let on_status = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            let mut f = (*filter).clone();
            f.status_class = v.parse().ok();
            filter.set(f);
        })
    };
    let on_kind = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            let mut f = (*filter).clone();
            f.kind = RequestType::ALL.into_iter().find(|t| t.name() == v);
            filter.set(f);
        })
    };
    let toggle_ece = {
        let s = set(Rc::new(|f: &mut RequestFilter| f.ece_only = !f.ece_only));
        Callback::from(move |_: Event| s())
    };
    let toggle_failed = {
        let s = set(Rc::new(|f: &mut RequestFilter| {
            f.failed_only = !f.failed_only
        }));
        Callback::from(move |_: Event| s())
    };
    let header = |title: &'static str, by: SortBy, class: &'static str| {
        let filter = filter.clone();
        let active = filter.sort == by;
        let sort = match (active, filter.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let onclick = Callback::from(move |_| {
            let mut f = (*filter).clone();
            if f.sort == by {
                f.descending = !f.descending;
            } else {
                f.sort = by;
                f.descending = false;
            }
            filter.set(f);
        });
        html! { <th class={class} aria-sort={sort}><button class="sort" {onclick}>{ title }{ match sort { "ascending" => " \u{25b2}", "descending" => " \u{25bc}", _ => "" } }</button></th> }
    };
    let (start_ms, span) = page
        .as_ref()
        .and_then(|p| Some((p.start_ms?, (p.end_ms? - p.start_ms?).max(1) as f64)))
        .unwrap_or((0, 1.0));
    let rows_html: Vec<Html> = match &page {
        Some(p) => p
            .rows
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let pos = p.first + k;
                let at = (r.har, r.index);
                let selected = props.selected == Some(at);
                let cb = props.on_select.clone();
                let onclick = Callback::from(move |_| cb.emit(at));
                let bar = r.started_ms.map(|s| {
                    let left = (s - start_ms) as f64 / span * 100.0;
                    bar(left, r.time_ms.unwrap_or(0.0) / span * 100.0, "bar")
                });
                html! {
                    <tr class={classes!("request", r.failed().then_some("failed"), r.ece.is_some().then_some("ece"), selected.then_some("selected"))}
                        aria-rowindex={(pos + 2).to_string()} data-har={r.har.to_string()} data-index={r.index.to_string()}>
                        <td class="name">
                            <button class="link req-open" aria-pressed={selected.to_string()} title={r.url.clone()} {onclick}>{ short_name(&r.url) }</button>
                            if let Some(e) = &r.ece {
                                <span class="badge ece-badge">{ format!("ECE {e}") }</span>
                            }
                        </td>
                        <td class="mono">{ &r.method }</td>
                        <td class={classes!("mono", r.failed().then_some("bad"))}>{ status_text(r) }</td>
                        <td>{ r.kind.name() }</td>
                        <td class="num">{ size_text(r.size) }</td>
                        <td class="num">{ ms_text(r.time_ms) }</td>
                        <td class="waterfall" aria-hidden="true">
                            if let Some(bar) = bar { { bar } }
                        </td>
                    </tr>
                }
            })
            .collect(),
        None => vec![html! { <tr><td colspan="7" class="muted">{ "Asking the analysis worker\u{2026}" }</td></tr> }],
    };
    let shown_first = page.as_ref().map_or(0, |p| p.first);
    let shown_end = page.as_ref().map_or(0, |p| p.first + p.rows.len());
    html! {
        <section class="panel requests-panel" aria-labelledby="requests-h" id="requests">
            <h2 id="requests-h">{ format!("Requests ({} of {})", matched, total_rows) }</h2>
            <p class="muted small" role="status" aria-live="polite">{
                if props.search.is_empty() { format!("{matched} requests listed; select one for its headers, bodies and timing.") }
                else { format!("{matched} requests match \u{201c}{}\u{201d}.", props.search) }
            }</p>
            <div class="row filters">
                <label>{ "Status " }
                    <select onchange={on_status} aria-label="Status class">
                        <option value="" selected={filter.status_class.is_none()}>{ "all" }</option>
                        { for [(1u8, "1xx"), (2, "2xx"), (3, "3xx"), (4, "4xx"), (5, "5xx"), (0, "no answer")].into_iter().map(|(c, t)| html! {
                            <option value={c.to_string()} selected={filter.status_class == Some(c)}>{ t }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Type " }
                    <select onchange={on_kind} aria-label="Request type">
                        <option value="" selected={filter.kind.is_none()}>{ "all" }</option>
                        { for RequestType::ALL.into_iter().map(|t| html! {
                            <option value={t.name()} selected={filter.kind == Some(t)}>{ t.name() }</option>
                        }) }
                    </select>
                </label>
                <label><input type="checkbox" id="ece-only" checked={filter.ece_only} onchange={toggle_ece} />{ " ECE calls only" }</label>
                <label><input type="checkbox" id="failed-only" checked={filter.failed_only} onchange={toggle_failed} />{ " Failed only" }</label>
            </div>
            <div class="requests-scroll" ref={scroller} {onscroll} tabindex="0" role="region" aria-label="Requests, scrollable">
                <table class="requests" aria-rowcount={(matched + 1).to_string()}>
                    <thead><tr>
                        { header("Name", SortBy::Url, "name") }
                        { header("Method", SortBy::Method, "") }
                        { header("Status", SortBy::Status, "") }
                        { header("Type", SortBy::Type, "") }
                        { header("Size", SortBy::Size, "num") }
                        { header("Time", SortBy::Time, "num") }
                        { header("Waterfall", SortBy::Start, "waterfall") }
                    </tr></thead>
                    <tbody>
                        { super::timeline::spacer(7, shown_first, ROW_PX).unwrap_or_default() }
                        { for rows_html }
                        { super::timeline::spacer(7, matched.saturating_sub(shown_end), ROW_PX).unwrap_or_default() }
                    </tbody>
                </table>
            </div>
            if printing && matched > shown_end - shown_first {
                <p class="print-note">{ format!("{} of {matched} requests are not printed here; the requests view lists them all.", matched - (shown_end - shown_first)) }</p>
            }
        </section>
    }
}

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The last path segment (with the host when the path is `/`), as DevTools names a request.
pub fn short_name(url: &str) -> String {
    let no_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = no_scheme.split(['?', '#']).next().unwrap_or(no_scheme);
    match path.trim_end_matches('/').rsplit_once('/') {
        Some((_, last)) if !last.is_empty() => {
            let q = if no_scheme.len() > path.len() {
                "?\u{2026}"
            } else {
                ""
            };
            format!("{last}{q}")
        }
        _ => path.to_string(),
    }
}

/// Scrolls a virtual list so that row `pos` is in view.
fn scroll_into(el: &web_sys::Element, pos: usize) {
    let top = (pos * ROW_PX) as i32;
    let view = el.client_height().max(ROW_PX as i32);
    if top < el.scroll_top() || top + ROW_PX as i32 > el.scroll_top() + view {
        el.set_scroll_top((top - view / 3).max(0));
    }
}

/// One horizontal bar from `left` % over `width` % of its cell (at least 0.4 %, never past the
/// end), drawn as an SVG rectangle: its place is in attributes, because the page's CSP
/// (`style-src 'self'`) drops inline `style` widths, which left every bar full width.
pub fn bar(left: f64, width: f64, class: impl Into<Classes>) -> Html {
    let left = if left.is_finite() {
        left.clamp(0.0, 99.6)
    } else {
        0.0
    };
    let width = if width.is_finite() {
        width.max(0.4).min(100.0 - left)
    } else {
        0.4
    };
    html! {
        <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class={class} x={format!("{left:.2}")} y="0" width={format!("{width:.2}")} height="10"></rect>
        </svg>
    }
}
