//! Share and export: a link carrying the sanitized inputs, and the report as JSON, Markdown, SVG, ASCII.
//!
//! Exports are of the sanitized inputs' report by default (what a link's recipient sees); the raw
//! report is an explicit, labelled choice. A share link's proposal to keep items unredacted is
//! shown here and applies only when the user confirms it.
//!
//! When the analysis ran in the worker, the worker holds the inputs the page never read and the
//! full report (the page's copy is lighter, see `crate::worker`): exports, the sanitizing plan
//! and the share link are then made there, off the page's thread.
use super::dom;
use super::state::PageInput;
use super::worker_client::{Answer, Query, PLAN_SHOWN};
use super::{ReportRef, ServiceRef};
use crate::analysis::Overrides;
use crate::share::{self, ExportFormat, MAX_INFLATED, SAFE_URL_LENGTH};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub inputs: Rc<Vec<PageInput>>,
    pub overrides: Overrides,
    pub report: ReportRef,
    pub on_action: Callback<super::Action>,
    /// The report came from the worker, which holds the analysis `generation`.
    pub via_worker: bool,
    pub generation: u64,
    pub service: ServiceRef,
    /// Names a share link asked to keep unredacted, not applied until confirmed.
    #[prop_or_default]
    pub proposed_keep: Vec<String>,
}

use crate::service::protocol::Plan;

/// Said when the worker that holds the inputs is gone (cancelled, or failed).
const WORKER_GONE: &str =
    "The background analysis that read the inputs was stopped; analyse them again first.";

/// What an evidence link leaves out, read back from the link itself.
fn left_out_note(url: &str) -> Html {
    // Read back only while it is quick to (a link over 8,000 characters is offered as a file).
    let Some(frag) = url
        .split_once('#')
        .map(|(_, f)| f)
        .filter(|f| f.len() < 100_000)
    else {
        return html! {};
    };
    let left: Vec<String> = share::decode(frag).map(|s| s.left_out).unwrap_or_default();
    if left.is_empty() {
        return html! { <p class="muted small left-out">{ "The link carries every input whole (sanitized)." }</p> };
    }
    html! {
        <div class="left-out small">
            <p>{ "Left out of this link (its recipient is told so):" }</p>
            <ul>{ for left.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        </div>
    }
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let link = use_state(|| None::<String>);
    // "Include everything": the whole sanitized inputs instead of the evidence the report
    // relies on; and the other choice's length, when known, to show what the choice costs.
    let everything = use_state(|| false);
    let other_len = use_state(|| None::<usize>);
    // Working on a link or an export in the worker, or why one cannot be made.
    let note = use_state(|| None::<String>);
    // What sanitizing will remove, computed on request (it walks every input).
    let plan = use_state(|| None::<Plan>);
    let extra = use_state(String::new);
    let total_bytes: usize = props.inputs.iter().map(PageInput::bytes).sum();
    let on_preview = {
        let plan = plan.clone();
        let note = note.clone();
        let overrides = props.overrides.clone();
        let service = props.service.clone();
        let id = props.generation;
        Callback::from(move |_| {
            let overrides = overrides.clone();
            let (plan, failed) = (plan.clone(), note.clone());
            let asked = service.ask(
                |qid| Query::Plan { qid, id, overrides },
                move |a| match a {
                    Answer::Plan(Some(p)) => plan.set(Some(p)),
                    _ => failed.set(Some(WORKER_GONE.into())),
                },
            );
            if !asked {
                note.set(Some(WORKER_GONE.into()));
            }
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
        let note = note.clone();
        let inputs = props.inputs.clone();
        let overrides = props.overrides.clone();
        let service = props.service.clone();
        let id = props.generation;
        let everything = *everything;
        let other_len = other_len.clone();
        Callback::from(move |_: MouseEvent| {
            let show = {
                let (link, note) = (link.clone(), note.clone());
                move |url: String| {
                    if url.len() <= SAFE_URL_LENGTH {
                        dom::copy_to_clipboard(&url);
                    }
                    note.set(None);
                    link.set(Some(url));
                }
            };
            other_len.set(None);
            link.set(None);
            if total_bytes > MAX_INFLATED {
                note.set(Some(format!(
                    "No share link for {} MB of evidence: a link can carry at most {} MB (it would not open). Share the files themselves, or the JSON report.",
                    total_bytes.div_ceil(1_000_000),
                    MAX_INFLATED / 1_000_000
                )));
                return;
            }
            note.set(Some("Making the share link in the background…".into()));
            let base = dom::page_base();
            let ask = |everything: bool, then: Box<dyn FnOnce(String)>| {
                let (overrides, base, failed) = (overrides.clone(), base.clone(), note.clone());
                service.ask(
                    |qid| Query::Share {
                        qid,
                        id,
                        base,
                        overrides,
                        everything,
                    },
                    move |a| match a {
                        Answer::Share(Some(url)) => then(url),
                        _ => failed.set(Some(WORKER_GONE.into())),
                    },
                )
            };
            if !ask(everything, Box::new(show)) {
                note.set(Some(WORKER_GONE.into()));
                return;
            }
            // With inputs the page holds (small: the service answers at once), the other
            // choice's length too, to show what the choice costs.
            if inputs.iter().all(|i| i.inline_text().is_some()) {
                let other_len = other_len.clone();
                ask(
                    !everything,
                    Box::new(move |url: String| other_len.set(Some(url.len()))),
                );
            }
        })
    };
    let on_share_file = {
        let link = link.clone();
        Callback::from(move |_| {
            if let Some(url) = &*link {
                dom::download("ece-triage-share.txt", "text/plain", url);
            }
        })
    };
    // Raw exports carry every value as pasted: an explicit choice, off by default.
    let raw = use_state(|| false);
    let on_raw = {
        let raw = raw.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            raw.set(el.checked());
        })
    };
    let export = |format: ExportFormat| {
        let note = note.clone();
        let service = props.service.clone();
        let overrides = props.overrides.clone();
        let raw = *raw;
        let id = props.generation;
        Callback::from(move |_| {
            let name = format.file_name(raw);
            note.set(Some(if raw {
                "Writing the raw report in the background…".into()
            } else {
                "Sanitizing the inputs and writing the report in the background…".into()
            }));
            let done = note.clone();
            let overrides = (!raw).then(|| overrides.clone());
            let asked = service.ask(
                |qid| Query::Export {
                    qid,
                    id,
                    format,
                    overrides,
                },
                move |a| match a {
                    Answer::File(Some(blob)) => {
                        done.set(None);
                        dom::download_blob(&name, &blob);
                    }
                    _ => done.set(Some(WORKER_GONE.into())),
                },
            );
            if !asked {
                note.set(Some(WORKER_GONE.into()));
            }
        })
    };
    let on_json = export(ExportFormat::Json);
    let on_md = export(ExportFormat::Markdown);
    let on_svg = export(ExportFormat::Svg);
    let on_ascii = export(ExportFormat::Ascii);
    let on_confirm_keep = {
        let cb = props.on_action.clone();
        let plan = plan.clone();
        Callback::from(move |_| {
            plan.set(None);
            cb.emit(super::Action::ConfirmKeep)
        })
    };
    let on_dismiss_keep = {
        let cb = props.on_action.clone();
        Callback::from(move |_| cb.emit(super::Action::DismissKeep))
    };
    html! {
        <section class="panel share" aria-labelledby="share-h">
            <h2 id="share-h">{ "Share and export" }</h2>
            <p class="muted">{ "Links and exports carry sanitized data only: cookies, tokens, session ids, e-mail addresses and chat text are replaced by markers, and an export is the report of the sanitized inputs (what a link's recipient sees). The link's data sits after # and is never sent to a server." }</p>
            if !props.proposed_keep.is_empty() {
                <div class="proposal" role="alert">
                    <p>
                        { format!("The link you opened asks to keep {} item(s) unredacted when you share or export again: ", props.proposed_keep.len()) }
                        <span class="mono">{ props.proposed_keep.join(", ") }</span>
                        { ". Nothing is kept unless you agree; adding or removing evidence drops this request." }
                    </p>
                    <div class="row">
                        <button id="keep-confirm" onclick={on_confirm_keep}>{ "Keep them unredacted" }</button>
                        <button id="keep-dismiss" class="primary" onclick={on_dismiss_keep}>{ "Redact them (ignore the request)" }</button>
                    </div>
                </div>
            }
            <div class="row">
                <button id="share-link" class="primary" onclick={on_share}>{ "Copy share link" }</button>
                <button id="export-json" onclick={on_json}>{ "Report (JSON)" }</button>
                <button id="export-md" onclick={on_md}>{ "Report (Markdown)" }</button>
                <button id="export-svg" onclick={on_svg}>{ "Diagram (SVG)" }</button>
                <button id="export-ascii" onclick={on_ascii}>{ "Diagram (ASCII)" }</button>
            </div>
            <label class="everything-choice">
                <input id="share-everything" type="checkbox" checked={*everything} onchange={
                    let everything = everything.clone();
                    let link = link.clone();
                    Callback::from(move |e: Event| {
                        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                        everything.set(el.checked());
                        link.set(None);
                    })
                } />
                { " Include everything in the link (every request and log line, sanitized), not only the evidence the report relies on" }
                if let (Some(n), Some(_)) = (*other_len, &*link) {
                    { format!(" \u{2014} {n} characters with{} it", if *everything { "out" } else { "" }) }
                }
            </label>
            <label class={classes!("raw-choice", (*raw).then_some("on"))}>
                <input id="export-raw" type="checkbox" checked={*raw} onchange={on_raw} />
                { " Raw exports (not for sharing): every value as pasted, cookies, tokens and customer data included" }
            </label>
            <details class="sanitize">
                <summary onclick={on_preview}>{ "What sanitizing removes (and what you keep)" }</summary>
                if let Some((total, p)) = &*plan {
                    <p>{ format!("{total} item(s) will be replaced by markers.") }</p>
                    <div class="table-scroll">
                    <table class="redactions">
                        <thead><tr><th>{ "Input" }</th><th>{ "Where" }</th><th>{ "Name" }</th><th>{ "Why" }</th><th></th></tr></thead>
                        <tbody>
                        { for p.iter().take(PLAN_SHOWN).map(|(i, r)| html! {
                            <tr>
                                <td>{ props.report.inputs.get(*i).map(|x| x.name.clone()).unwrap_or_default() }</td>
                                <td class="mono small">{ &r.path }</td>
                                <td class="mono">{ &r.name }</td>
                                <td>{ &r.reason }</td>
                                <td><button class="link" onclick={keep(r.name.clone())}>{ "keep" }</button></td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                    </div>
                    if *total > p.len() { <p class="muted small">{ format!("… and {} more", total - p.len()) }</p> }
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
            if let Some(n) = &*note {
                <p class="muted share-note" role="status">{ n.clone() }</p>
            }
            if let Some(url) = &*link {
                <div class="share-result">
                    <label for="share-url">{ format!("Share link — {} characters{}", url.len(), if *everything { ", everything" } else { ", the evidence" }) }</label>
                    <input id="share-url" class="mono" readonly=true value={url.clone()} />
                    { left_out_note(url) }
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
