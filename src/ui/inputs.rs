//! The input side: paste box, drag-and-drop zone, file picker, "Load example", and the list of inputs.
use super::state::{Content, PageInput, BIG_INPUT};
use super::Action;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    pub inputs: Rc<Vec<PageInput>>,
    pub on_action: Callback<Action>,
}

/// Adds every file as an input (read in the browser; nothing is uploaded). A file over
/// `BIG_INPUT` bytes is kept as the browser's `File`: the analysis worker reads it, not the page.
pub(super) fn read_files(files: FileList, on_action: Callback<Action>) {
    let files: Vec<File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    spawn_local(async move {
        let mut inputs = Vec::with_capacity(files.len());
        for f in files {
            if f.size() > BIG_INPUT as f64 {
                inputs.push(PageInput {
                    name: f.name(),
                    content: Content::File(f.into()),
                });
            } else if let Ok(text) = JsFuture::from(f.text()).await {
                inputs.push(PageInput::text(
                    f.name(),
                    &text.as_string().unwrap_or_default(),
                ));
            }
        }
        on_action.emit(Action::AddInputs(inputs));
    });
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
                cb.emit(Action::AddInputs(vec![PageInput {
                    name: format!("paste {}", paste_count + 1),
                    content,
                }]));
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
                    read_files(files, cb.clone());
                }
                input.set_value("");
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
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
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                read_files(files, cb.clone());
            }
        })
    };

    html! {
        <aside class="inputs" aria-label="Inputs">
            <h2>{ "Evidence" }</h2>
            <label for="paste-box" class="label">{ "Paste logs, a HAR, an API answer or an ARM dump" }</label>
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
                <span>{ "Drop files here, or " }</span>
                <label class="file-label">
                    { "choose files" }
                    <input type="file" multiple=true class="visually-hidden" onchange={on_file} />
                </label>
            </div>
            if !props.inputs.is_empty() {
                <ul class="input-list">
                    { for props.inputs.iter().enumerate().map(|(i, input)| {
                        let cb = props.on_action.clone();
                        let remove = Callback::from(move |_| cb.emit(Action::RemoveInput(i)));
                        html! {
                            <li>
                                <span class="input-name">{ &input.name }</span>
                                <span class="input-size">{ size(input.bytes()) }</span>
                                <button class="link" aria-label={format!("Remove {}", input.name)} onclick={remove}>{ "\u{2715}" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </aside>
    }
}
