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
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let link = use_state(|| None::<String>);
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
