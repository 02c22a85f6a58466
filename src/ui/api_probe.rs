//! "Call the API": build the initialize URL, call it from the browser, explain the answer; when the
//! browser blocks the call, say why and offer curl/PowerShell and a box to paste the answer; monitor mode.
use super::caller;
use super::dom;
use super::entry_points::ExplanationView;
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
}

/// Calls `url` with `Accept: application/json` and explains what came back (or why nothing did).
pub async fn call(url: String) -> CallResult {
    let start = js_sys::Date::now();
    let mut failure = None;
    let (status, explanation, blocked) = match caller::get(&url).await {
        Ok(answer) => (
            Some(answer.status),
            ece::explain_answer(answer.status, answer.content_type.as_deref(), &answer.body),
            None,
        ),
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
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

#[function_component(ApiProbe)]
pub fn api_probe() -> Html {
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
        let interval = *interval;
        Callback::from(move |_| {
            if *running {
                timer.borrow_mut().take();
                running.set(false);
                return;
            }
            let Ok(u) = url.clone() else { return };
            let tick = {
                let samples = samples.clone();
                let samples_ref = samples_ref.clone();
                move || {
                    let u = u.clone();
                    let samples = samples.clone();
                    let samples_ref = samples_ref.clone();
                    spawn_local(async move {
                        let at_ms = js_sys::Date::now() as i64;
                        let r = call(u).await;
                        let s = Sample {
                            at_ms,
                            status: r.status,
                            response_type: r.explanation.response_type,
                            latency_ms: r.latency_ms,
                            error: r.blocked.map(|b| b.explain().to_string()),
                        };
                        samples_ref.borrow_mut().push(s);
                        samples.set(samples_ref.borrow().clone());
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
                    <p class="probe-headline"><strong>{ r.status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| "No answer".into()) }</strong>{ format!(" in {} ms — {}", r.latency_ms, r.explanation.headline) }</p>
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
                            <ExplanationView explanation={x.clone()} />
                        }
                        <p class="muted small">{ "To avoid CORS altogether, serve this page from the ECE web server itself (see README: copy dist/ to a folder IIS serves); its calls are then same-origin." }</p>
                    } else {
                        <ExplanationView explanation={r.explanation.clone()} />
                    }
                </div>
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

/// responseType (step line, 0 on top) and latency over time, and the list of transitions.
#[function_component(MonitorChart)]
fn monitor_chart(props: &MonitorChartProps) -> Html {
    let c = monitor::chart(&props.samples, 640.0, 200.0);
    let path = |pts: &[monitor::Point]| {
        pts.iter()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let transitions = monitor::transitions(&props.samples);
    html! {
        <div class="monitor">
            <svg class="monitor-chart" viewBox="0 0 640 200" role="img" aria-label="responseType and latency over time">
                <text x="2" y="14" class="axis">{ "0" }</text>
                <text x="2" y="40" class="axis">{ "1" }</text>
                <text x="2" y="66" class="axis">{ "2" }</text>
                <text x="2" y="92" class="axis">{ "err" }</text>
                <polyline points={path(&c.state_points)} class="state-line" />
                <polyline points={path(&c.latency_points)} class="latency-line" />
                <text x="2" y="195" class="axis">{ format!("latency, max {} ms", c.max_latency_ms) }</text>
            </svg>
            <p class="muted small">{ format!("{} calls", props.samples.len()) }</p>
            <ul class="transitions">
                { for transitions.iter().map(|t| html! { <li>{ t.describe() }</li> }) }
            </ul>
        </div>
    }
}
