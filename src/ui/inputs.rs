//! The input side: paste box, drop zone (files, folders, archives), file and folder pickers, "Load example", and the inputs with what each was read as.
use super::state::{Content, PageInput, BIG_INPUT};
use super::{Action, ReportRef};
use crate::intake::{self, InputKind, Limits};
use crate::model::{Encoding, Input};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Blob, DragEvent, File, FileList, FileSystemDirectoryEntry, FileSystemEntry,
    FileSystemFileEntry, HtmlInputElement, HtmlTextAreaElement,
};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    pub inputs: Rc<Vec<PageInput>>,
    pub on_action: Callback<Action>,
    /// The current report: what each input was read as, and its problems.
    #[prop_or_default]
    pub report: Option<ReportRef>,
}

/// Problems shown under one input (the JSON report has them all).
const PROBLEMS_SHOWN: usize = 5;

/// A file's bytes, as `intake` takes them (`Blob.arrayBuffer()`: no decoding by the browser).
pub async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "the browser gave no reason".into())
    })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The inputs a file holds, read on the page by `intake::open` (the same reader as the CLI and
/// the worker: archives opened, encodings read, binary skipped with the reason).
pub async fn open_blob(name: &str, blob: &Blob) -> Vec<Input> {
    match blob_bytes(blob).await {
        Ok(bytes) => intake::open(name, bytes, &Limits::default()),
        Err(why) => vec![unreadable(name, &why)],
    }
}

fn unreadable(name: &str, why: &str) -> Input {
    Input::skipped(
        name,
        Encoding::default(),
        format!("could not be read ({why}): was the file moved or changed after you chose it? Choose it again"),
    )
}

/// Adds every file as inputs (read in the browser; nothing is uploaded). A file over `BIG_INPUT`
/// bytes, or an archive whose members come to more, is kept as the browser's `File`: the
/// analysis worker reads it (and opens the archive), not the page.
fn read_files(files: Vec<(String, File)>, on_action: Callback<Action>) {
    spawn_local(async move {
        let page = Limits {
            max_expanded: BIG_INPUT as u64,
            ..Limits::default()
        };
        let mut inputs = Vec::with_capacity(files.len());
        for (name, f) in files {
            if f.size() > BIG_INPUT as f64 {
                inputs.push(PageInput::held(name, Content::File(f.into())));
                continue;
            }
            let read = match blob_bytes(&f).await {
                Ok(bytes) => intake::open_checked(&name, bytes, &page),
                Err(why) => Ok(vec![unreadable(&name, &why)]),
            };
            match read {
                Ok(read) => inputs.extend(read.into_iter().map(PageInput::read)),
                // Bigger than the page holds: the worker opens it, within the full limits.
                Err(_) => inputs.push(PageInput::held(name, Content::File(f.into()))),
            }
        }
        on_action.emit(Action::AddInputs(inputs));
    });
}

/// The files of a `FileList`, named by their path inside a chosen folder when there is one.
/// Files handed over by the browser outside the picker (the installed app's Launch Queue) go
/// where the picker's go.
pub(super) fn read_file_list(files: FileList, on_action: Callback<Action>) {
    read_files(listed(&files), on_action);
}

fn listed(files: &FileList) -> Vec<(String, File)> {
    let mut v: Vec<(String, File)> = (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|f| {
            let rel = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .filter(|p| !p.is_empty());
            (rel.unwrap_or_else(|| f.name()), f)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Every file under the dropped entries, depth first, each folder's entries in name order (as the
/// CLI walks a folder), named by its path (`logs/pg1/opc.log`).
async fn files_in(entries: Vec<FileSystemEntry>) -> Result<Vec<(String, File)>, String> {
    let why = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| {
                js_sys::Reflect::get(&e, &"message".into())
                    .ok()?
                    .as_string()
            })
            .unwrap_or_else(|| "the browser gave no reason".into())
    };
    let mut stack: Vec<FileSystemEntry> = entries.into_iter().rev().collect();
    let mut out = Vec::new();
    while let Some(e) = stack.pop() {
        let path = e.full_path().trim_start_matches('/').to_string();
        if e.is_directory() {
            let reader = e
                .unchecked_ref::<FileSystemDirectoryEntry>()
                .create_reader();
            let mut children: Vec<FileSystemEntry> = Vec::new();
            // `readEntries` gives a folder's entries in batches until it gives none.
            loop {
                let batch = JsFuture::from(js_sys::Promise::new(&mut |ok, err| {
                    if let Err(e) = reader.read_entries_with_callback_and_callback(&ok, &err) {
                        let _ = err.call1(&JsValue::NULL, &e);
                    }
                }))
                .await
                .map_err(|e| format!("the folder {path} could not be read ({})", why(e)))?;
                let batch: js_sys::Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                children.extend(batch.iter().map(|v| v.unchecked_into::<FileSystemEntry>()));
            }
            children.sort_by_key(|c| c.name());
            stack.extend(children.into_iter().rev());
        } else if e.is_file() {
            let file = JsFuture::from(js_sys::Promise::new(&mut |ok, err| {
                e.unchecked_ref::<FileSystemFileEntry>()
                    .file_with_callback_and_callback(&ok, &err)
            }))
            .await
            .map_err(|e| format!("{path} could not be read ({})", why(e)))?;
            out.push((path, file.unchecked_into::<File>()));
        }
    }
    Ok(out)
}

/// What was dropped: folders are walked (their entries must be taken during the drop event);
/// without entries, the plain file list.
fn dropped(e: &DragEvent, on_action: Callback<Action>) {
    let Some(dt) = e.data_transfer() else {
        return;
    };
    let items = dt.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter(|it| it.kind() == "file")
        .filter_map(|it| it.webkit_get_as_entry().ok().flatten())
        .collect();
    if entries.iter().any(|e| e.is_directory()) {
        spawn_local(async move {
            match files_in(entries).await {
                Ok(files) => read_files(files, on_action),
                Err(why) => on_action.emit(Action::Notice(why)),
            }
        });
    } else if let Some(files) = dt.files() {
        // Dropped files keep the order they were dropped in, as the CLI keeps its arguments'.
        let v: Vec<(String, File)> = (0..files.length())
            .filter_map(|i| files.get(i))
            .map(|f| (f.name(), f))
            .collect();
        read_files(v, on_action);
    }
}

/// The text box's value as the page keeps it: a Rust string up to `BIG_INPUT`, else the JS string
/// itself (turning 100 MB into a Rust string would block the page for half a second).
fn paste_content(area: &HtmlTextAreaElement) -> Option<Content> {
    let value: js_sys::JsString = js_sys::Reflect::get(area, &"value".into())
        .ok()?
        .dyn_into()
        .ok()?;
    if value.length() as usize > BIG_INPUT {
        return Some(Content::Js(value));
    }
    let text = String::from(value);
    (!text.trim().is_empty()).then(|| Content::Text(text.into()))
}

/// `812 B`, `34 KB`, `104.9 MB`: cheap, unlike counting the lines of a 100 MB paste on every render.
fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{} KB", b.div_ceil(1_000)),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// The report's inputs that page input `i` became: the same one, or an archive's members.
fn read_as(report: &ReportRef, inputs: &[PageInput], i: usize) -> Vec<usize> {
    if report.inputs.len() == inputs.len() {
        return vec![i];
    }
    let name = &inputs[i].name;
    let prefix = format!("{name}/");
    report
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.name == name || s.name.starts_with(&prefix))
        .map(|(k, _)| k)
        .collect()
}

/// What one report input was read as, and its problems.
fn read_as_html(report: &ReportRef, k: usize, page_name: &str) -> Html {
    let Some(s) = report.inputs.get(k) else {
        return html! {};
    };
    let problems: Vec<_> = report.problems.iter().filter(|p| p.input == k).collect();
    let same = s
        .same_content_as
        .and_then(|k| report.inputs.get(k))
        .map(|o| format!("same content as {} (not counted twice)", o.name));
    let what = match s.kind {
        _ if same.is_some() => same.unwrap_or_default(),
        InputKind::Skipped => "not read".to_string(),
        kind => {
            let mut w = kind.describe().to_string();
            if s.encoding != Encoding::Utf8 {
                w.push_str(&format!(" \u{b7} {}", s.encoding.describe()));
            }
            w
        }
    };
    let member = (s.name != page_name).then(|| s.name.clone());
    html! {
        <div class={classes!("read-as", (s.kind == InputKind::Skipped).then_some("skipped"), s.same_content_as.is_some().then_some("same-content"))} data-kind={s.kind.as_str()} data-encoding={s.encoding.as_str()}>
            if let Some(m) = member {
                <span class="member">{ m }</span>
            }
            <span class="kind">{ what }</span>
            if !s.parts.is_empty() {
                <span class="parts">{ s.parts.iter().map(|p| p.describe()).collect::<Vec<_>>().join("; ") }</span>
            }
            if !problems.is_empty() {
                <ul class="input-problems">
                    { for problems.iter().take(PROBLEMS_SHOWN).map(|p| html! {
                        <li>
                            // HAR errors say their line and column themselves.
                            if let Some(l) = p.line.filter(|l| !p.message.contains(&format!("line {l}"))) {
                                <span class="at">{ format!("line {l}: ") }</span>
                            }
                            { &p.message }
                        </li>
                    }) }
                    if problems.len() > PROBLEMS_SHOWN {
                        <li class="muted">{ format!("\u{2026} and {} more (all are in the JSON report)", problems.len() - PROBLEMS_SHOWN) }</li>
                    }
                </ul>
            }
        </div>
    }
}

#[function_component(InputPanel)]
pub fn input_panel(props: &InputPanelProps) -> Html {
    // The text box is not mirrored in a Rust string (a 100 MB paste would be copied on every
    // keystroke): only whether it holds anything; its value is read when "Analyse paste" is pressed.
    let paste_ref = use_node_ref();
    let has_paste = use_state(|| false);
    let dragging = use_state(|| false);
    let paste_count = props
        .inputs
        .iter()
        .filter(|i| i.name.starts_with("paste "))
        .count();

    let on_paste_input = {
        let has_paste = has_paste.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                has_paste.set(paste_content(&t).is_some());
            }
        })
    };
    let on_add = {
        let has_paste = has_paste.clone();
        let paste_ref = paste_ref.clone();
        let cb = props.on_action.clone();
        Callback::from(move |_| {
            let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            if let Some(content) = paste_content(&area) {
                cb.emit(Action::AddInputs(vec![PageInput::held(
                    format!("paste {}", paste_count + 1),
                    content,
                )]));
            }
            area.set_value("");
            has_paste.set(false);
        })
    };
    let on_example = {
        let cb = props.on_action.clone();
        Callback::from(move |_| cb.emit(Action::LoadExample))
    };
    let on_clear = {
        let cb = props.on_action.clone();
        Callback::from(move |_| cb.emit(Action::Clear))
    };
    let on_file = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                if let Some(files) = input.files() {
                    read_files(listed(&files), cb.clone());
                }
                input.set_value("");
            }
        })
    };
    // Files may come: the page readies a warmed-up analysis worker while the user chooses them
    // (`Action::ChoosingFiles`; the reducer keeps one per choice, however often a drag repeats it).
    let on_choosing = {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::ChoosingFiles))
    };
    // The picker closed without a choice (`cancel`): no files are coming.
    let on_cancelled = {
        let cb = props.on_action.clone();
        Callback::from(move |_: Event| cb.emit(Action::ChoosingCancelled))
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        let cb = props.on_action.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                cb.emit(Action::ChoosingFiles);
            }
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dragging = dragging.clone();
        let cb = props.on_action.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            dropped(&e, cb.clone());
        })
    };

    html! {
        <aside class="inputs" aria-label="Inputs">
            <h2>{ "Evidence" }</h2>
            <label for="paste-box" class="label">{ "Paste logs, a HAR, an API answer or an ARM dump (or several in one go)" }</label>
            <textarea id="paste-box" class="paste-box" rows="8" spellcheck="false"
                placeholder="2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> … Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 …"
                ref={paste_ref} oninput={on_paste_input} />
            <div class="row">
                <button class="primary" onclick={on_add} disabled={!*has_paste}>{ "Analyse paste" }</button>
                <button id="load-example" onclick={on_example}>{ "Load example" }</button>
                if !props.inputs.is_empty() {
                    <button onclick={on_clear}>{ "Clear all" }</button>
                }
            </div>
            <div class={classes!("drop-zone", (*dragging).then_some("dragging"))}
                ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                <span>{ "Drop files, folders or .zip / .gz / .tar.gz bundles here, or " }</span>
                <label class="file-label">
                    { "choose files" }
                    <input type="file" id="file-picker" multiple=true class="visually-hidden" onchange={on_file.clone()} onclick={on_choosing.clone()} oncancel={on_cancelled.clone()} />
                </label>
                <span>{ " or " }</span>
                <label class="file-label">
                    { "a folder" }
                    <input type="file" id="folder-picker" multiple=true webkitdirectory=true class="visually-hidden" onchange={on_file} onclick={on_choosing} oncancel={on_cancelled} />
                </label>
            </div>
            if !props.inputs.is_empty() {
                <ul class="input-list">
                    { for props.inputs.iter().enumerate().map(|(i, input)| {
                        let cb = props.on_action.clone();
                        let remove = Callback::from(move |_| cb.emit(Action::RemoveInput(i)));
                        html! {
                            <li>
                                <div class="input-row">
                                    <span class="input-name">{ &input.name }</span>
                                    if input.skipped.is_none() {
                                        <span class="input-size">{ size(input.bytes()) }</span>
                                    }
                                    <button class="link" aria-label={format!("Remove {}", input.name)} onclick={remove}>{ "\u{2715}" }</button>
                                </div>
                                if let Some(r) = &props.report {
                                    { for read_as(r, &props.inputs, i).into_iter().map(|k| read_as_html(r, k, &input.name)) }
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </aside>
    }
}
