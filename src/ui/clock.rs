//! Clock offsets between the logs: inferred ones shown with their evidence, each can be set by hand.
use super::Action;
use crate::analysis::clock::ClockOffset;
use crate::analysis::Overrides;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClockProps {
    pub offsets: Vec<ClockOffset>,
    pub overrides: Overrides,
    pub on_action: Callback<Action>,
}

#[function_component(ClockPanel)]
pub fn clock_panel(props: &ClockProps) -> Html {
    if props.offsets.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel clocks" aria-labelledby="clock-h">
            <h2 id="clock-h">{ "Clock offsets" }</h2>
            <p class="muted small">{ "The listener stamps GMT; the PG logs stamp local time without a zone. Offsets are inferred from requests both logged; set one by hand if it is wrong." }</p>
            <table>
                <thead><tr><th>{ "From" }</th><th>{ "To" }</th><th>{ "Seconds" }</th><th>{ "How known" }</th><th></th></tr></thead>
                <tbody>
                { for props.offsets.iter().map(|o| {
                    let (from, to) = (o.from.as_str().to_string(), o.to.as_str().to_string());
                    let id = format!("offset-{from}-{to}");
                    let on_change = {
                        let cb = props.on_action.clone();
                        let overrides = props.overrides.clone();
                        let (from, to) = (o.from, o.to);
                        Callback::from(move |e: Event| {
                            let v = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default();
                            if let Ok(seconds) = v.trim().parse::<i64>() {
                                let mut o = overrides.clone();
                                o.clock_offsets.retain(|(f, t, _)| !(f == &from && t == &to));
                                o.clock_offsets.push((from, to, seconds));
                                cb.emit(Action::SetOverrides(o));
                            }
                        })
                    };
                    let on_reset = {
                        let cb = props.on_action.clone();
                        let overrides = props.overrides.clone();
                        let (from, to) = (o.from, o.to);
                        Callback::from(move |_| {
                            let mut o = overrides.clone();
                            o.clock_offsets.retain(|(f, t, _)| !(f == &from && t == &to));
                            cb.emit(Action::SetOverrides(o));
                        })
                    };
                    html! {
                        <tr>
                            <td>{ from.clone() }</td><td>{ to.clone() }</td>
                            <td><input id={id.clone()} class="offset-input" type="number" step="1" value={o.seconds.to_string()} onchange={on_change} aria-label={format!("seconds from {from} to {to}")} /></td>
                            <td>{ if o.inferred { format!("inferred from {} matched request(s){}", o.pairs, o.residual_ms.map(|r| format!(", {r} ms latency left")).unwrap_or_default()) } else { "set by you".to_string() } }</td>
                            <td>if !o.inferred { <button class="link" onclick={on_reset}>{ "use inferred" }</button> }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </section>
    }
}
