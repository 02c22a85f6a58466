//! "Call the API": build the initialize URL, call it from the browser, explain the answer; when the
//! browser blocks the call, say why and offer curl/PowerShell and a box to paste the answer; monitor mode.
use super::caller;
use super::dom;
use super::entry_points::ExplanationView;
use super::state::PageInput;
use crate::ece::{self, AnswerExplanation};
use crate::monitor::{self, Sample, MIN_INTERVAL_SECS};
use crate::probe::{diagnose_blocked, BlockedCause};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// One call's outcome, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct CallResult {
    pub url: String,
    pub status: Option<u16>,
    pub latency_ms: u32,
    pub explanation: AnswerExplanation,
    pub blocked: Option<BlockedCause>,
    /// What the browser (or the caller frame) said when nothing came back.
    pub failure: Option<String>,
    /// The answer's body, when one came back ("Analyse this answer" adds it as an input).
    pub body: Option<String>,
    /// When the call started (milliseconds since 1970, UTC).
    pub at_ms: i64,
}

/// Calls `url` with `Accept: application/json` and explains what came back (or why nothing did).
pub async fn call(url: String) -> CallResult {
    let start = js_sys::Date::now();
    let mut failure = None;
    let mut body = None;
    let (status, explanation, blocked) = match caller::get(&url).await {
        Ok(answer) => {
            let x =
                ece::explain_answer(answer.status, answer.content_type.as_deref(), &answer.body);
            body = Some(answer.body);
            (Some(answer.status), x, None)
        }
        Err(caller::Failed(said)) => {
            failure = Some(said);
            let online = web_sys::window()
                .map(|w| w.navigator().on_line())
                .unwrap_or(true);
            let cause = diagnose_blocked(&dom::page_base(), &url, online);
            (None, ece::explain_network_error(None), Some(cause))
        }
    };
    let latency_ms = (js_sys::Date::now() - start).max(0.0) as u32;
    CallResult {
        url,
        status,
        latency_ms,
        explanation,
        blocked,
        failure,
        body,
        at_ms: start as i64,
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct ApiProbeProps {
    /// Adds an answer to the analysis as an input.
    pub on_analyse: Callback<PageInput>,
    /// Shows the Analysis tab.
    pub on_show_analysis: Callback<()>,
}

/// "Analyse this answer": adds `text` as an input named after `url`, and says so.
fn analyse_button(
    props: &ApiProbeProps,
    added: &UseStateHandle<Option<String>>,
    url: &str,
    text: &str,
    pasted: bool,
) -> Html {
    let name = ece::answer_input_name(url, pasted);
    let on_analyse = props.on_analyse.clone();
    let added = added.clone();
    let text = text.to_string();
    let onclick = Callback::from(move |_| {
        on_analyse.emit(PageInput::text(name.clone(), &text));
        added.set(Some(name.clone()));
    });
    let id = if pasted {
        "probe-analyse-pasted"
    } else {
        "probe-analyse"
    };
    html! {
        <button {id} class="analyse-answer" type="button" {onclick}>{ "Analyse this answer" }</button>
    }
}

#[function_component(ApiProbe)]
pub fn api_probe(props: &ApiProbeProps) -> Html {
    let added = use_state(|| None::<String>);
    let base = use_state(|| "https://".to_string());
    let ep = use_state(String::new);
    let result = use_state(|| None::<CallResult>);
    let busy = use_state(|| false);
    let pasted = use_state(String::new);
    let samples = use_state(Vec::<Sample>::new);
    let samples_ref = use_mut_ref(Vec::<Sample>::new);
    let interval = use_state(|| 10u32);
    let timer: Rc<RefCell<Option<gloo_timers::callback::Interval>>> = use_mut_ref(|| None);
    let running = use_state(|| false);

    let url = ece::initialize_url(&base, &ep);
    let on_base = {
        let base = base.clone();
        Callback::from(move |e: InputEvent| base.set(input_value(&e)))
    };
    let on_ep = {
        let ep = ep.clone();
        Callback::from(move |e: InputEvent| ep.set(input_value(&e)))
    };
    let on_call = {
        let url = url.clone();
        let result = result.clone();
        let busy = busy.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(u) = url.clone() {
                let result = result.clone();
                let busy = busy.clone();
                busy.set(true);
                spawn_local(async move {
                    let r = call(u).await;
                    result.set(Some(r));
                    busy.set(false);
                });
            }
        })
    };
    let on_interval = {
        let interval = interval.clone();
        Callback::from(move |e: InputEvent| {
            let v = input_value(&e).parse::<u32>().unwrap_or(MIN_INTERVAL_SECS);
            interval.set(v.max(MIN_INTERVAL_SECS));
        })
    };
    let on_monitor = {
        let url = url.clone();
        let running = running.clone();
        let timer = timer.clone();
        let samples = samples.clone();
        let samples_ref = samples_ref.clone();
        let result = result.clone();
        let interval = *interval;
        Callback::from(move |_| {
            if *running {
                timer.borrow_mut().take();
                running.set(false);
                return;
            }
            let Ok(u) = url.clone() else { return };
            let tick = {
                let result = result.clone();
                let samples = samples.clone();
                let samples_ref = samples_ref.clone();
                move || {
                    let u = u.clone();
                    let result = result.clone();
                    let samples = samples.clone();
                    let samples_ref = samples_ref.clone();
                    spawn_local(async move {
                        let r = call(u).await;
                        let s = Sample {
                            at_ms: r.at_ms,
                            status: r.status,
                            response_type: r.explanation.response_type,
                            latency_ms: r.latency_ms,
                            error: r.blocked.map(|b| b.explain().to_string()),
                        };
                        samples_ref.borrow_mut().push(s);
                        samples.set(samples_ref.borrow().clone());
                        // The headline is the latest poll's: a poll that ends after a newer
                        // one started does not replace it.
                        let newest = samples_ref.borrow().iter().map(|s| s.at_ms).max();
                        if newest == Some(r.at_ms) {
                            result.set(Some(r));
                        }
                    });
                }
            };
            tick();
            *timer.borrow_mut() = Some(gloo_timers::callback::Interval::new(interval * 1000, tick));
            running.set(true);
        })
    };
    let on_csv = {
        let samples = samples.clone();
        Callback::from(move |_| {
            dom::download(
                "ece-entry-point-monitor.csv",
                "text/csv",
                &monitor::to_csv(&samples),
            )
        })
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                pasted.set(t.value());
            }
        })
    };
    let pasted_explanation =
        (!pasted.trim().is_empty()).then(|| ece::explain_answer(200, None, &pasted));

    html! {
        <section class="panel api-probe" aria-labelledby="api-h">
            <h2 id="api-h">{ "Call the entry-point API" }</h2>
            <p class="muted">{ "The page calls GET …/system/egain/chat/entrypoint/initialize/<id> from your browser — the only request it ever makes, and only when you press the button." }</p>
            <form class="probe-form" onsubmit={on_call}>
                <label for="probe-base">{ "ECE web server" }</label>
                <input id="probe-base" type="url" value={(*base).clone()} oninput={on_base} placeholder="https://ece.example.com" />
                <label for="probe-ep">{ "Entry point id" }</label>
                <input id="probe-ep" value={(*ep).clone()} oninput={on_ep} placeholder="1001" inputmode="numeric" />
                <button id="probe-call" class="primary" type="submit" disabled={url.is_err() || *busy}>{ if *busy { "Calling…" } else { "Call initialize" } }</button>
            </form>
            {
                match &url {
                    Ok(u) => html! { <p class="mono small probe-url">{ u.clone() }</p> },
                    Err(e) if !ep.is_empty() || base.len() > 8 => html! { <p class="warn">{ e.to_string() }</p> },
                    Err(_) => html! {},
                }
            }
            if let Some(r) = &*result {
                <div class="probe-result" aria-live="polite">
                    <p class="probe-headline">
                        if samples.iter().any(|s| s.at_ms == r.at_ms) {
                            <span class="probe-when">{ format!("Latest poll, {} UTC: ", monitor::hms(r.at_ms)) }</span>
                        }
                        <strong>{ r.status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| "No answer".into()) }</strong>{ format!(" in {} ms — {}", r.latency_ms, r.explanation.headline) }
                    </p>
                    if let Some(b) = r.blocked {
                        <p class="warn blocked-cause">{ b.explain() }</p>
                        if let Some(said) = &r.failure {
                            <p class="muted small">{ format!("The browser said: {said}") }</p>
                        }
                        <p>{ "Run the same call outside the browser:" }</p>
                        <pre class="mono small copyable">{ ece::curl_command(&r.url) }</pre>
                        <pre class="mono small copyable">{ ece::powershell_command(&r.url) }</pre>
                        <p>{ "Paste the answer you got here, it is explained the same way:" }</p>
                        <textarea id="probe-paste" class="paste-box" rows="4" value={(*pasted).clone()} oninput={on_paste.clone()} />
                        if let Some(x) = &pasted_explanation {
                            <p class="probe-headline">{ x.headline.clone() }</p>
                            { analyse_button(props, &added, &r.url, &pasted, true) }
                            <ExplanationView explanation={x.clone()} />
                        }
                        <p class="muted small">{ "To avoid CORS altogether, serve this page from the ECE web server itself (see README: copy dist/ to a folder IIS serves); its calls are then same-origin." }</p>
                    } else {
                        if let Some(body) = r.body.as_ref().filter(|b| !b.trim().is_empty()) {
                            { analyse_button(props, &added, &r.url, body, false) }
                        }
                        <ExplanationView explanation={r.explanation.clone()} />
                    }
                </div>
            }
            if let Some(name) = &*added {
                <p class="added-answer" role="status">
                    { format!("Added to the inputs as \u{201c}{name}\u{201d}: the analysis reads it with the other evidence (a share link carries it sanitized, like any input). ") }
                    <button type="button" class="link" onclick={props.on_show_analysis.reform(|_| ())}>{ "Show the analysis" }</button>
                </p>
            }
            <h3>{ "Monitor" }</h3>
            <div class="row">
                <label for="probe-interval">{ format!("Every (seconds, at least {MIN_INTERVAL_SECS})") }</label>
                <input id="probe-interval" type="number" min={MIN_INTERVAL_SECS.to_string()} value={interval.to_string()} oninput={on_interval} disabled={*running} />
                <button id="probe-monitor" onclick={on_monitor} disabled={url.is_err()}>{ if *running { "Stop" } else { "Start monitor" } }</button>
                if !samples.is_empty() {
                    <button onclick={on_csv}>{ "Export CSV" }</button>
                }
            </div>
            if !samples.is_empty() {
                <MonitorChart samples={(*samples).clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MonitorChartProps {
    samples: Vec<Sample>,
}

/// responseType (step line, 0 on top) and latency over a time axis, with value axes, a legend
/// and the list of transitions.
#[function_component(MonitorChart)]
fn monitor_chart(props: &MonitorChartProps) -> Html {
    let (w, h) = (640.0, 250.0);
    let c = monitor::chart(&props.samples, w, h);
    let path = |pts: &[monitor::Point]| {
        pts.iter()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let f = |v: f64| format!("{v:.1}");
    let axis_y = c.latency_band.1 + 6.0;
    let transitions = monitor::transitions(&props.samples);
    let label = format!(
        "responseType and latency of {} polls from {} to {} UTC",
        props.samples.len(),
        props
            .samples
            .first()
            .map_or(String::new(), |s| monitor::hms(s.at_ms)),
        props
            .samples
            .last()
            .map_or(String::new(), |s| monitor::hms(s.at_ms)),
    );
    html! {
        <div class="monitor">
            // Scrolls across on a phone (the labels stay readable); focusable so a keyboard can.
            <div class="chart-scroll" tabindex="0" role="group" aria-label="Monitor chart">
            <svg class="monitor-chart" viewBox={format!("0 0 {w} {h}")} role="img" aria-label={label}>
                // Value axis of the upper band: one gridline and label per responseType level.
                { for c.state_ticks.iter().map(|t| html! {
                    <g class="tick state-tick">
                        <line x1={f(c.left)} x2={f(c.right)} y1={f(t.at)} y2={f(t.at)} class="grid" />
                        <text x={f(c.left - 6.0)} y={f(t.at + 4.0)} text-anchor="end" class="axis">{ t.label.clone() }</text>
                    </g>
                }) }
                <text x="4" y={f(c.state_band.0 - 12.0)} class="axis axis-title">{ "responseType" }</text>
                { for c.latency_ticks.iter().map(|t| html! {
                    <g class="tick latency-tick">
                        <line x1={f(c.left)} x2={f(c.right)} y1={f(t.at)} y2={f(t.at)} class="grid" />
                        <text x={f(c.left - 6.0)} y={f(t.at + 4.0)} text-anchor="end" class="axis">{ t.label.clone() }</text>
                    </g>
                }) }
                <text x="4" y={f(c.latency_band.0 - 10.0)} class="axis axis-title">{ "latency" }</text>
                // Time axis (UTC).
                <line x1={f(c.left)} x2={f(c.right)} y1={f(axis_y)} y2={f(axis_y)} class="axis-line" />
                { for c.time_ticks.iter().map(|t| html! {
                    <g class="tick time-tick">
                        <line x1={f(t.at)} x2={f(t.at)} y1={f(axis_y)} y2={f(axis_y + 4.0)} class="axis-line" />
                        <text x={f(t.at)} y={f(h - 4.0)} text-anchor="middle" class="axis">{ t.label.clone() }</text>
                    </g>
                }) }
                <polyline points={path(&c.state_points)} class="state-line" />
                <polyline points={path(&c.latency_points)} class="latency-line" />
                { for c.state_points.iter().map(|p| html! {
                    <circle cx={f(p.x)} cy={f(p.y)} r="2.5" class="state-dot" />
                }) }
            </svg>
            </div>
            <ul class="chart-legend small">
                <li><span class="swatch state-swatch" aria-hidden="true"></span>{ "responseType of each poll (0 takes chats, 1 no agent available, 2 queue full; other: another value, an HTTP error or no answer; meanings as explained above)" }</li>
                <li><span class="swatch latency-swatch" aria-hidden="true"></span>{ format!("latency of each poll (0 to {} ms)", c.max_latency_ms) }</li>
                <li><span class="swatch time-swatch" aria-hidden="true"></span>{ "time of each poll's start, UTC" }</li>
            </ul>
            <p class="muted small">{ format!("{} calls", props.samples.len()) }</p>
            <ul class="transitions">
                { for transitions.iter().map(|t| html! { <li>{ t.describe() }</li> }) }
            </ul>
        </div>
    }
}
