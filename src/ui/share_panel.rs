//! Share and export: a link carrying the sanitized inputs, and the report as JSON, Markdown, SVG, ASCII.
use super::dom;
use crate::flow;
use crate::model::Input;
use crate::report::Report;
use crate::share::{self, Overrides, SAFE_URL_LENGTH};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub inputs: Rc<Vec<Input>>,
    pub overrides: Overrides,
    pub report: Rc<Report>,
    pub on_action: Callback<super::Action>,
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let link = use_state(|| None::<String>);
    // What sanitizing will remove, computed on request (it walks every input).
    let plan = use_state(|| None::<Vec<(usize, crate::har::sanitize::Redaction)>>);
    let extra = use_state(String::new);
    let on_preview = {
        let plan = plan.clone();
        let inputs = props.inputs.clone();
        let overrides = props.overrides.clone();
        Callback::from(move |_| {
            let opts = overrides.sanitize_options();
            let all = inputs
                .iter()
                .enumerate()
                .flat_map(|(i, input)| {
                    crate::analysis::sanitize_for_sharing(&input.text, &opts)
                        .1
                        .into_iter()
                        .map(move |r| (i, r))
                })
                .collect();
            plan.set(Some(all));
        })
    };
    let keep = |name: String| {
        let cb = props.on_action.clone();
        let mut o = props.overrides.clone();
        o.keep.push(name);
        let plan = plan.clone();
        Callback::from(move |_| {
            plan.set(None);
            cb.emit(super::Action::SetOverrides(o.clone()));
        })
    };
    let on_extra_input = {
        let extra = extra.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            extra.set(el.value());
        })
    };
    let on_extra_add = {
        let cb = props.on_action.clone();
        let o = props.overrides.clone();
        let extra = extra.clone();
        let plan = plan.clone();
        Callback::from(move |_| {
            let name = extra.trim().to_string();
            if !name.is_empty() {
                let mut o = o.clone();
                o.extra_names.push(name);
                extra.set(String::new());
                plan.set(None);
                cb.emit(super::Action::SetOverrides(o));
            }
        })
    };
    let on_share = {
        let link = link.clone();
        let inputs = props.inputs.clone();
        let overrides = props.overrides.clone();
        Callback::from(move |_| {
            let state = share::sanitized_state(&inputs, &overrides);
            let url = share::link(&dom::page_base(), &state);
            if url.len() <= SAFE_URL_LENGTH {
                dom::copy_to_clipboard(&url);
            }
            link.set(Some(url));
        })
    };
    let on_share_file = {
        let inputs = props.inputs.clone();
        let overrides = props.overrides.clone();
        Callback::from(move |_| {
            let state = share::sanitized_state(&inputs, &overrides);
            dom::download(
                "ece-triage-share.txt",
                "text/plain",
                &share::link(&dom::page_base(), &state),
            );
        })
    };
    let on_json = {
        let report = props.report.clone();
        Callback::from(move |_| {
            dom::download(
                "ece-triage-report.json",
                "application/json",
                &report.to_json(),
            )
        })
    };
    let on_md = {
        let report = props.report.clone();
        Callback::from(move |_| {
            dom::download(
                "ece-triage-report.md",
                "text/markdown",
                &report.to_markdown(),
            )
        })
    };
    let on_svg = {
        let report = props.report.clone();
        Callback::from(move |_| {
            dom::download(
                "ece-triage-flow.svg",
                "image/svg+xml",
                &flow::to_svg(&report.ladder),
            )
        })
    };
    let on_ascii = {
        let report = props.report.clone();
        Callback::from(move |_| {
            dom::download(
                "ece-triage-flow.txt",
                "text/plain",
                &flow::to_ascii(&report.ladder),
            )
        })
    };
    html! {
        <section class="panel share" aria-labelledby="share-h">
            <h2 id="share-h">{ "Share and export" }</h2>
            <p class="muted">{ "Links and exports carry sanitized data only: cookies, tokens, session ids, e-mail addresses and chat text are replaced by markers. The link's data sits after # and is never sent to a server." }</p>
            <div class="row">
                <button id="share-link" class="primary" onclick={on_share}>{ "Copy share link" }</button>
                <button onclick={on_json}>{ "Report (JSON)" }</button>
                <button onclick={on_md}>{ "Report (Markdown)" }</button>
                <button onclick={on_svg}>{ "Diagram (SVG)" }</button>
                <button onclick={on_ascii}>{ "Diagram (ASCII)" }</button>
            </div>
            <details class="sanitize">
                <summary onclick={on_preview}>{ "What sanitizing removes (and what you keep)" }</summary>
                if let Some(p) = &*plan {
                    <p>{ format!("{} item(s) will be replaced by markers.", p.len()) }</p>
                    <table class="redactions">
                        <thead><tr><th>{ "Input" }</th><th>{ "Where" }</th><th>{ "Name" }</th><th>{ "Why" }</th><th></th></tr></thead>
                        <tbody>
                        { for p.iter().take(200).map(|(i, r)| html! {
                            <tr>
                                <td>{ props.inputs.get(*i).map(|x| x.name.clone()).unwrap_or_default() }</td>
                                <td class="mono small">{ &r.path }</td>
                                <td class="mono">{ &r.name }</td>
                                <td>{ &r.reason }</td>
                                <td><button class="link" onclick={keep(r.name.clone())}>{ "keep" }</button></td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                    if p.len() > 200 { <p class="muted small">{ format!("… and {} more", p.len() - 200) }</p> }
                }
                if !props.overrides.keep.is_empty() {
                    <p class="small">{ format!("Kept by you: {}", props.overrides.keep.join(", ")) }</p>
                }
                <div class="row">
                    <label for="extra-name">{ "Also remove the values named" }</label>
                    <input id="extra-name" value={(*extra).clone()} oninput={on_extra_input} placeholder="e.g. X-Customer-Id" />
                    <button onclick={on_extra_add}>{ "Add" }</button>
                </div>
                if !props.overrides.extra_names.is_empty() {
                    <p class="small">{ format!("Also removed: {}", props.overrides.extra_names.join(", ")) }</p>
                }
            </details>
            if let Some(url) = &*link {
                <div class="share-result">
                    <label for="share-url">{ format!("Share link — {} characters", url.len()) }</label>
                    <input id="share-url" class="mono" readonly=true value={url.clone()} />
                    if url.len() > SAFE_URL_LENGTH {
                        <p class="warn">
                            { format!("This link is longer than {SAFE_URL_LENGTH} characters; some chat tools and mail clients cut such links. ") }
                            <button class="link" onclick={on_share_file}>{ "Save it as a file instead" }</button>
                        </p>
                    } else {
                        <p class="muted">{ "Copied to the clipboard (if the browser allowed it)." }</p>
                    }
                </div>
            }
        </section>
    }
}
