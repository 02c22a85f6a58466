//! The page shell: the "update available" notice, the offline status, and files the OS launches.
//!
//! The service worker is registered by `sw-register.js` (an external script, before the wasm
//! loads), which keeps its state in `window.eceTriageShell` and fires `ece-triage-shell` on every
//! change; these components only show it. Files opened with the installed app ("Open with", the
//! manifest's `file_handlers`) arrive through the Launch Queue and take the file picker's path.
use super::Action;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DataTransfer, File};
use yew::prelude::*;

/// What `sw-register.js` says about the offline copy.
#[derive(Debug, Clone, Default, PartialEq)]
struct ShellState {
    /// "unsupported", "installing", "ready" or "failed".
    offline: String,
    detail: String,
    update: bool,
}

fn shell_object() -> Option<JsValue> {
    let w = web_sys::window()?;
    Reflect::get(&w, &"eceTriageShell".into())
        .ok()
        .filter(|v| v.is_object())
}

fn read_state() -> ShellState {
    let Some(o) = shell_object() else {
        return ShellState::default();
    };
    let text = |k: &str| {
        Reflect::get(&o, &k.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    ShellState {
        offline: text("offline"),
        detail: text("detail"),
        update: Reflect::get(&o, &"update".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    }
}

/// The shell's state, re-read on every `ece-triage-shell` event.
#[hook]
fn use_shell_state() -> ShellState {
    let state = use_state(read_state);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || state.set(read_state()));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "ece-triage-shell",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "ece-triage-shell",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    (*state).clone()
}

/// Activates the waiting build and reloads (`eceTriageShell.apply()`).
fn apply_update() {
    let Some(o) = shell_object() else {
        return;
    };
    if let Some(f) = Reflect::get(&o, &"apply".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = f.call0(&o);
    }
}

#[derive(Properties, PartialEq)]
pub struct UpdateNoticeProps {
    /// Whether the page holds inputs (which a reload drops).
    pub has_inputs: bool,
}

/// "A new version is available" with a Reload button, when a newer build is waiting.
#[function_component(UpdateNotice)]
pub fn update_notice(props: &UpdateNoticeProps) -> Html {
    let state = use_shell_state();
    if !state.update {
        return html! {};
    }
    let reload = Callback::from(|_| apply_update());
    html! {
        <div class="update-notice" role="status" aria-live="polite">
            <p>
                <strong>{ "A new version of ECE Chat Triage is available." }</strong>
                { " It opens by itself once every tab of this page is closed." }
                if props.has_inputs {
                    { " Reloading now drops the inputs you added (copy a share link first to keep them)." }
                }
            </p>
            <button id="update-reload" class="primary" onclick={reload}>{ "Reload now" }</button>
        </div>
    }
}

/// One line for the footer: whether the page works offline, and if not, why.
#[function_component(OfflineStatus)]
pub fn offline_status() -> Html {
    let state = use_shell_state();
    let (class, text) = match state.offline.as_str() {
        "ready" => (
            "ok",
            "Works offline: this version is stored in your browser.".to_string(),
        ),
        "installing" => (
            "",
            "Storing this version in your browser for offline use\u{2026}".to_string(),
        ),
        "failed" => (
            "warn",
            format!(
                "Not available offline: {}.",
                state.detail.trim_end_matches('.')
            ),
        ),
        "unsupported" if !state.detail.is_empty() => (
            "",
            format!(
                "Not available offline: {}.",
                state.detail.trim_end_matches('.')
            ),
        ),
        _ => return html! {},
    };
    html! { <p id="offline-status" class={classes!("offline-status", "small", class)}>{ text }</p> }
}

/// Files the installed app was opened with (the OS's "Open with", the manifest's `file_handlers`)
/// go where the file picker's go: `inputs::read_file_list`.
#[hook]
pub fn use_launched_files(on_action: Callback<Action>) {
    use_effect_with((), move |_| {
        let queue = web_sys::window()
            .and_then(|w| Reflect::get(&w, &"launchQueue".into()).ok())
            .filter(|q| q.is_object());
        let set_consumer = queue.as_ref().and_then(|q| {
            Reflect::get(q, &"setConsumer".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()
        });
        if let (Some(queue), Some(set_consumer)) = (queue, set_consumer) {
            let consumer = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
                let handles: Vec<JsValue> = Reflect::get(&params, &"files".into())
                    .ok()
                    .map(|f| js_sys::Array::from(&f).iter().collect())
                    .unwrap_or_default();
                if handles.is_empty() {
                    return;
                }
                let on_action = on_action.clone();
                spawn_local(async move {
                    let (files, problems) = launched_files(handles).await;
                    if !problems.is_empty() {
                        on_action.emit(Action::Notice(format!(
                            "The app was opened with files it could not read: {}",
                            problems.join("; ")
                        )));
                    }
                    if let Some(files) = files.filter(|f| f.length() > 0) {
                        super::inputs::read_file_list(files, on_action);
                    }
                });
            });
            let _ = set_consumer.call1(&queue, consumer.as_ref());
            // The queue keeps the consumer for the page's life.
            consumer.forget();
        }
    });
}

/// The `File`s of the launch's `FileSystemFileHandle`s, as the `FileList` the file picker gives,
/// and what could not be read (name: reason).
async fn launched_files(handles: Vec<JsValue>) -> (Option<web_sys::FileList>, Vec<String>) {
    let Ok(list) = DataTransfer::new() else {
        return (None, vec!["this browser cannot hand files over".into()]);
    };
    let mut problems = Vec::new();
    for handle in handles {
        let name = Reflect::get(&handle, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| "a file".into());
        let promise = Reflect::get(&handle, &"getFile".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&handle).ok())
            .and_then(|p| p.dyn_into::<Promise>().ok());
        let Some(promise) = promise else {
            problems.push(format!("{name}: not a file (a folder?)"));
            continue;
        };
        match JsFuture::from(promise).await.map(|f| f.dyn_into::<File>()) {
            Ok(Ok(file)) => {
                if list.items().add_with_file(&file).is_err() {
                    problems.push(format!("{name}: could not be added"));
                }
            }
            Ok(Err(_)) => problems.push(format!("{name}: not a file")),
            Err(e) => problems.push(format!(
                "{name}: {}",
                e.as_string()
                    .or_else(|| js_sys::Error::from(e).message().as_string())
                    .unwrap_or_else(|| "unreadable".into())
            )),
        }
    }
    (list.files(), problems)
}
