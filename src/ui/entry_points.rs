//! The entry-point answers found, with what their responseType and every other field mean.
use super::ReportRef;
use crate::ece::AnswerExplanation;
use crate::model::Confidence;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EntryPointsProps {
    /// The report whose entry-point answers and HAR captures are shown.
    pub report: ReportRef,
    /// Opens a request's detail: (capture, entry index).
    #[prop_or_default]
    pub on_request: Callback<(usize, usize)>,
}

pub fn conf_badge(c: Confidence) -> Html {
    let (name, title) = match c {
        Confidence::Confirmed => (
            "confirmed",
            "stated by a public Cisco/eGain source or the seed logs",
        ),
        Confidence::Inferred => (
            "inferred",
            "read from the name or fitted to known samples; not stated by a public source",
        ),
        Confidence::Unconfirmed => ("unconfirmed", "no source: shown raw"),
    };
    html! { <span class={classes!("conf", format!("conf-{name}"))} title={title}>{ name }</span> }
}

/// The explanation of one answer: what the customer sees, what to check, every field.
#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub explanation: AnswerExplanation,
}

#[function_component(ExplanationView)]
pub fn explanation_view(props: &ExplanationProps) -> Html {
    let x = &props.explanation;
    html! {
        <div class="explanation">
            if let Some(c) = &x.customer_sees {
                <p><strong>{ "The customer sees: " }</strong>{ c.clone() }</p>
            }
            if !x.next_steps.is_empty() {
                <p><strong>{ "Check next:" }</strong></p>
                <ul class="steps">{ for x.next_steps.iter().map(|s| html! { <li>{ &s.text }{ " " }{ super::rules_view::source_tag(&s.source) }</li> }) }</ul>
            }
            if !x.fields.is_empty() {
                <details>
                    <summary>{ format!("All {} fields of the answer", x.fields.len() + x.unknown_fields.len()) }</summary>
                    <table class="answer-fields">
                        <thead><tr><th>{ "Field" }</th><th>{ "Value" }</th><th>{ "Meaning" }</th><th>{ "Confidence" }</th></tr></thead>
                        <tbody>
                            { for x.fields.iter().map(|f| html! {
                                <tr><td class="mono">{ &f.name }</td><td class="mono">{ &f.value }</td><td>{ &f.meaning }</td><td>{ conf_badge(f.confidence) }</td></tr>
                            }) }
                            { for x.unknown_fields.iter().map(|f| html! {
                                <tr><td class="mono">{ &f.name }</td><td class="mono">{ &f.value }</td><td class="muted">{ "not known to this tool" }</td><td>{ conf_badge(Confidence::Unconfirmed) }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </details>
            }
            { for x.notes.iter().map(|n| html! { <p class="muted small">{ n.clone() }</p> }) }
        </div>
    }
}

/// The position in the report's `har` of the capture in `input` that holds entry `index`.
fn har_of(report: &crate::report::Report, input: usize, index: usize) -> Option<usize> {
    report
        .har
        .iter()
        .position(|h| h.input == input && h.capture.calls.iter().any(|c| c.index == index))
}

#[function_component(EntryPointsPanel)]
pub fn entry_points_panel(props: &EntryPointsProps) -> Html {
    // Customer data (chat text, login fields) and non-ECE requests are shown only on request.
    let show_customer = use_state(|| false);
    if props.report.entry_points.is_empty() && props.report.har.is_empty() {
        return html! {};
    }
    let toggle = |s: &UseStateHandle<bool>| {
        let s = s.clone();
        Callback::from(move |_| s.set(!*s))
    };
    html! {
        <section class="panel entry-points" aria-labelledby="ep-h">
            <h2 id="ep-h">{ "Entry-point answers" }</h2>
            if !props.report.entry_points.is_empty() {
                <table>
                    <thead><tr><th>{ "Entry point" }</th><th>{ "Call" }</th><th>{ "HTTP" }</th><th><abbr title="checkEligibility.responseType">{ "responseType" }</abbr></th><th>{ "Meaning" }</th></tr></thead>
                    <tbody>
                    { for props.report.entry_points.iter().map(|e| html! {
                        <>
                        <tr>
                            <td>{ e.entry_point_id.clone().unwrap_or_else(|| "—".into()) }<div class="muted small">{ e.time.clone().unwrap_or_default() }</div></td>
                            <td class="small">{ &e.call }
                                if let Some(at) = e.har_index.and_then(|i| har_of(&props.report, e.input, i).map(|h| (h, i))) {
                                    <div><button class="link open-request" onclick={ let cb = props.on_request.clone(); Callback::from(move |_| cb.emit(at)) }>{ "Request detail" }</button></div>
                                }
                            </td>
                            <td>{ e.status.map(|s| s.to_string()).unwrap_or_else(|| "—".into()) }</td>
                            <td class="response-type">{ e.response_type.map(|r| r.to_string()).unwrap_or_else(|| "—".into()) }</td>
                            <td class="meaning">{ &e.meaning }</td>
                        </tr>
                        <tr class="explanation-row"><td colspan="5"><ExplanationView explanation={e.explanation.clone()} /></td></tr>
                        </>
                    }) }
                    </tbody>
                </table>
            }
            { for props.report.har.iter().enumerate().map(|(hi, h)| html! {
                <div class="har">
                    <h3>{ format!("HAR capture{}", h.capture.creator.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()) }</h3>
                    <p>{ &h.summary }</p>
                    if !h.capture.calls.is_empty() {
                        <table class="har-calls">
                            <thead><tr><th>{ "Started" }</th><th>{ "Call" }</th><th>{ "Status" }</th><th>{ "ms" }</th><th>{ "Answer" }</th></tr></thead>
                            <tbody>
                            { for h.capture.calls.iter().map(|c| html! {
                                <tr>
                                    <td class="mono small nowrap">{ c.started.clone().unwrap_or_default() }</td>
                                    <td class="mono small"><button class="link open-request" onclick={ let cb = props.on_request.clone(); let at = (hi, c.index); Callback::from(move |_| cb.emit(at)) }>{ format!("{} {}", c.method, c.path) }</button><div class="muted small">{ c.kind.label() }</div></td>
                                    <td>{ if c.status == 0 { c.error.clone().unwrap_or_else(|| "0".into()) } else { c.status.to_string() } }</td>
                                    <td>{ c.time_ms.map(|t| format!("{t:.0}")).unwrap_or_default() }</td>
                                    <td>{ &c.answer.headline }</td>
                                </tr>
                            }) }
                            </tbody>
                        </table>
                    }
                    { for h.capture.warnings.iter().map(|w| html! { <p class="muted small">{ format!("note: {w}") }</p> }) }
                    <div class="row">
                        <button class="link show-customer" onclick={toggle(&show_customer)}>{ if *show_customer { "Hide customer data" } else { "Show customer data (chat text, login fields)" } }</button>
                        <button class="link show-other" onclick={Callback::from(|_| super::dom::scroll_to_id("requests"))}>{ "Every request: the Requests list below" }</button>
                    </div>
                    if *show_customer {
                        <div class="customer-data">
                            <p class="warn small">{ "Customer data: never included in exports or share links." }</p>
                            <ul>
                            { for h.capture.calls.iter().flat_map(|c| c.customer_data.iter()).map(|d| html! {
                                <li><span class="muted">{ format!("{} {}{}: ", d.kind, d.name, d.from.as_ref().map(|f| format!(" ({f})")).unwrap_or_default()) }</span>{ &d.text }</li>
                            }) }
                            </ul>
                            if h.capture.calls.iter().all(|c| c.customer_data.is_empty()) {
                                <p class="muted small">{ "None in this capture (or it was analysed in the background, where customer data is not kept)." }</p>
                            }
                        </div>
                    }
                </div>
            }) }
        </section>
    }
}
