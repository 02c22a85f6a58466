//! A request's detail pane: URL, query, headers, bodies (JSON/XML pretty-printed), timing phases, `_error`, and for an ECE call its answer explained.
use super::requests::{bar, ms_text, size_text};
use super::worker_client::{Answer, Query};
use super::{ReportRef, ServiceRef};
use crate::har::NameValue;
use crate::requests::detail::{self, Body, RequestDetail};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    pub report: ReportRef,
    /// The analysis service, which reads the entry again from its input.
    pub service: ServiceRef,
    pub generation: u64,
    /// (capture, entry index).
    pub at: (usize, usize),
    pub on_close: Callback<()>,
}

type Got = Option<Result<Rc<RequestDetail>, String>>;

#[function_component(RequestDetailPane)]
pub fn request_detail(props: &DetailProps) -> Html {
    let got = use_state(|| None::<((usize, usize), Got)>);
    let pane = use_node_ref();
    {
        let got = got.clone();
        let service = props.service.clone();
        let pane = pane.clone();
        use_effect_with((props.at, props.generation), move |&(at, id)| {
            let (h, index) = at;
            got.set(Some((at, None)));
            let got2 = got.clone();
            let asked = service.ask(
                |qid| Query::RequestDetail {
                    qid,
                    id,
                    har: h,
                    index,
                },
                move |answer| {
                    let r = match answer {
                        Answer::RequestDetail(Some(r)) => r.map(|d| Rc::new(*d)),
                        _ => Err("the analysis no longer holds this capture: analyse again".into()),
                    };
                    got2.set(Some((at, Some(r))));
                },
            );
            if !asked {
                got.set(Some((
                    at,
                    Some(Err("the analysis is not running: analyse again".into())),
                )));
            }
            if let Some(el) = pane.cast::<web_sys::Element>() {
                el.scroll_into_view();
            }
        });
    }
    let (h, index) = props.at;
    let call = props
        .report
        .har
        .get(h)
        .and_then(|v| v.capture.calls.iter().find(|c| c.index == index));
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let body = match got
        .as_ref()
        .filter(|(a, _)| *a == props.at)
        .and_then(|(_, g)| g.clone())
    {
        None => html! { <p class="muted">{ "Reading the entry\u{2026}" }</p> },
        Some(Err(why)) => {
            html! { <p class="warn" role="alert">{ format!("This request's detail cannot be read: {why}") }</p> }
        }
        Some(Ok(d)) => detail_view(&d),
    };
    html! {
        <section class="panel request-detail" id="request-detail" ref={pane} tabindex="-1" aria-labelledby="detail-h">
            <div class="row detail-head">
                <h2 id="detail-h">{ format!("Request {} of capture {}", index + 1, h + 1) }</h2>
                <button class="close" onclick={close} aria-label="Close the request detail">{ "\u{2715} Close" }</button>
            </div>
            if let Some(c) = call {
                <div class="ece-explained">
                    <h3>{ format!("ECE {}: {}", c.kind.label(), c.answer.headline) }</h3>
                    if !c.answer.fields.is_empty() {
                        <table class="fields">
                            <thead><tr><th>{ "Field" }</th><th>{ "Value" }</th><th>{ "Meaning" }</th><th>{ "Confidence" }</th></tr></thead>
                            <tbody>
                            { for c.answer.fields.iter().map(|f| html! {
                                <tr><td class="mono">{ &f.name }</td><td class="mono">{ &f.value }</td><td>{ &f.meaning }</td><td>{ super::entry_points::conf_badge(f.confidence) }</td></tr>
                            }) }
                            </tbody>
                        </table>
                    }
                    { for c.answer.notes.iter().map(|n| html! { <p class="muted small">{ n.clone() }</p> }) }
                </div>
            }
            { body }
        </section>
    }
}

fn detail_view(d: &RequestDetail) -> Html {
    let total: f64 = d
        .timings
        .iter()
        .filter(|(k, _)| k != "ssl")
        .map(|(_, v)| v)
        .sum();
    let total = if total > 0.0 { total } else { 1.0 };
    html! {
        <>
            <p class="mono url-line">{ format!("{} {}", d.method, d.url) }</p>
            <dl class="facts">
                <dt>{ "Status" }</dt><dd>{ match (d.status, &d.status_text) { (Some(s), Some(t)) => format!("{s} {t}"), (Some(s), None) => s.to_string(), _ => "none".into() } }</dd>
                if let Some(e) = &d.error { <dt>{ "Browser error" }</dt><dd class="bad mono">{ e.clone() }</dd> }
                <dt>{ "Started" }</dt><dd class="mono">{ d.started.clone().unwrap_or_else(|| "not given".into()) }</dd>
                <dt>{ "Time" }</dt><dd>{ ms_text(d.time_ms) }</dd>
                if let Some(v) = &d.http_version { <dt>{ "HTTP version" }</dt><dd>{ v.clone() }</dd> }
                if let Some(ip) = &d.server_ip { <dt>{ "Server address" }</dt><dd class="mono">{ ip.clone() }</dd> }
                if let Some(r) = &d.redirect_url { <dt>{ "Redirects to" }</dt><dd class="mono">{ r.clone() }</dd> }
            </dl>
            if !d.timings.is_empty() {
                <details open=true class="timing">
                    <summary>{ "Timing" }</summary>
                    <table class="phases">
                        <tbody>
                        { for d.timings.iter().map(|(k, v)| html! {
                            <tr><td>{ phase_name(k) }</td><td class="num">{ ms_text(Some(*v)) }</td>
                            <td class="phase-bar">{ bar(0.0, (v / total * 100.0).clamp(0.5, 100.0), classes!("bar", format!("phase-{k}"))) }</td></tr>
                        }) }
                        </tbody>
                    </table>
                </details>
            }
            { pairs("Query string", &d.query, true) }
            { pairs("Request headers", &d.request_headers, false) }
            if let Some(b) = &d.request_body { { body_view("Request body", b) } }
            { pairs("Response headers", &d.response_headers, false) }
            if let Some(b) = &d.response_body { { body_view("Response body", b) } }
        </>
    }
}

fn phase_name(k: &str) -> &'static str {
    match k {
        "blocked" => "Queued / blocked",
        "dns" => "DNS lookup",
        "connect" => "Connecting",
        "ssl" => "TLS (part of connecting)",
        "send" => "Request sent",
        "wait" => "Waiting for the server",
        "receive" => "Content download",
        _ => "Other",
    }
}

fn pairs(title: &str, v: &[NameValue], open: bool) -> Html {
    if v.is_empty() {
        return html! {};
    }
    html! {
        <details class="pairs" open={open}>
            <summary>{ format!("{title} ({})", v.len()) }</summary>
            <table class="headers"><tbody>
                { for v.iter().map(|p| html! { <tr><th scope="row" class="mono">{ &p.name }</th><td class="mono">{ &p.value }</td></tr> }) }
            </tbody></table>
        </details>
    }
}

fn body_view(title: &str, b: &Body) -> Html {
    html! {
        <details class="body" open=true>
            <summary>{ format!("{title}{}{}", b.mime.as_ref().map(|m| format!(" ({m})")).unwrap_or_default(), if b.length > 0 { format!(", {}", size_text(Some(b.length as u64)).replace(" B", " characters").replace("kB", "k characters")) } else { String::new() }) }</summary>
            if let Some(n) = &b.note { <p class="muted small">{ n.clone() }</p> }
            if !b.text.is_empty() {
                <pre class={classes!("body-text", format!("fmt-{}", b.format))} tabindex="0">{ &b.text }</pre>
            }
            if b.cut {
                <p class="muted small">{ format!("Cut at {} of {} characters.", detail::BODY_SHOWN, b.length) }</p>
            }
        </details>
    }
}
