//! Makes the API calls the user asks for, through the hidden `call.html` frame whose CSP allows only
//! the server the user named (the page's own CSP allows only 'self'). Without a CSP (the test
//! runner's page) the page calls directly.
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlIFrameElement, MessageEvent};

/// The caller frame, next to index.html (relative: the page works under any sub-path).
pub const FRAME_PAGE: &str = "call.html";
/// How long the frame may take to load before the call is reported as failed.
const FRAME_LOAD_MS: i32 = 10_000;
/// How long one call may take.
const CALL_MS: i32 = 60_000;

/// What came back from the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

/// Why nothing came back: the browser's own words (it never says more than "failed to fetch").
#[derive(Debug, Clone, PartialEq)]
pub struct Failed(pub String);

/// GET `url` with `Accept: application/json`.
pub async fn get(url: &str) -> Result<Answer, Failed> {
    if page_has_csp() {
        via_frame(url).await
    } else {
        direct(url).await
    }
}

fn page_has_csp() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[http-equiv='Content-Security-Policy']")
                .ok()
                .flatten()
        })
        .is_some()
}

async fn direct(url: &str) -> Result<Answer, Failed> {
    let resp = gloo_net::http::Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| Failed(e.to_string()))?;
    Ok(Answer {
        status: resp.status(),
        content_type: resp.headers().get("content-type"),
        body: resp.text().await.unwrap_or_default(),
    })
}

/// The frame currently loaded, the origin it may call, and the calls waiting for an answer.
#[derive(Default)]
struct Frames {
    frame: Option<(String, HtmlIFrameElement)>,
    ready: HashMap<String, js_sys::Function>,
    pending: HashMap<u32, js_sys::Function>,
    next_id: u32,
    listening: bool,
}

thread_local! {
    static FRAMES: RefCell<Frames> = RefCell::new(Frames::default());
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// A promise that `register` can resolve later, rejected with `timeout` after `ms`.
fn waiter(ms: i32, timeout: &'static str, register: impl FnOnce(js_sys::Function)) -> JsFuture {
    let mut register = Some(register);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(w) = web_sys::window() {
            let msg = JsValue::from_str(timeout);
            let cb = Closure::once_into_js(move || {
                let _ = reject.call1(&JsValue::NULL, &msg);
            });
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
        }
        if let Some(r) = register.take() {
            r(resolve);
        }
    });
    JsFuture::from(promise)
}

/// Routes the frames' messages (only from our own frame, on our own origin) to their waiters.
fn listen() {
    let already = FRAMES.with(|f| std::mem::replace(&mut f.borrow_mut().listening, true));
    if already {
        return;
    }
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|e: MessageEvent| {
        if e.origin() != page_origin() {
            return;
        }
        let data = e.data();
        let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
        FRAMES.with(|f| {
            let mut f = f.borrow_mut();
            let from_our_frame = match (&f.frame, e.source()) {
                (Some((_, frame)), Some(source)) => frame
                    .content_window()
                    .is_some_and(|w| JsValue::from(w) == JsValue::from(source)),
                _ => false,
            };
            if !from_our_frame {
                return;
            }
            let waiter = if let Some(origin) = get("ready").and_then(|v| v.as_string()) {
                f.ready.remove(&origin)
            } else if let Some(id) = get("id").and_then(|v| v.as_f64()) {
                f.pending.remove(&(id as u32))
            } else {
                None
            };
            if let Some(w) = waiter {
                let _ = w.call1(&JsValue::NULL, &data);
            }
        });
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    }
    on_message.forget();
}

/// The frame for `origin`, loading it (and dropping a frame for another server) when needed.
async fn frame_for(origin: &str) -> Result<HtmlIFrameElement, Failed> {
    if let Some(frame) = FRAMES.with(|f| {
        f.borrow()
            .frame
            .as_ref()
            .filter(|(o, _)| o == origin)
            .map(|(_, fr)| fr.clone())
    }) {
        return Ok(frame);
    }
    listen();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| Failed("no document".into()))?;
    let frame: HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(|_| Failed("cannot create the caller frame".into()))?
        .unchecked_into();
    frame.set_hidden(true);
    frame.set_title("API caller");
    frame.set_class_name("api-caller-frame");
    let src = format!(
        "{FRAME_PAGE}#{}",
        String::from(js_sys::encode_uri_component(origin))
    );
    let ready = waiter(
        FRAME_LOAD_MS,
        "the API caller frame (call.html, next to index.html) did not load",
        |resolve| {
            FRAMES.with(|f| {
                let mut f = f.borrow_mut();
                if let Some((_, old)) = f.frame.take() {
                    old.remove();
                }
                f.ready.insert(origin.to_string(), resolve);
                f.frame = Some((origin.to_string(), frame.clone()));
            })
        },
    );
    frame.set_src(&src);
    document
        .body()
        .ok_or_else(|| Failed("no document body".into()))?
        .append_child(&frame)
        .map_err(|_| Failed("cannot add the caller frame".into()))?;
    match ready.await {
        Ok(_) => Ok(frame),
        Err(e) => {
            FRAMES.with(|f| {
                let mut f = f.borrow_mut();
                f.ready.remove(origin);
                if let Some((_, fr)) = f.frame.take() {
                    fr.remove();
                }
            });
            Err(Failed(e.as_string().unwrap_or_default()))
        }
    }
}

async fn via_frame(url: &str) -> Result<Answer, Failed> {
    let origin = web_sys::Url::new(url)
        .map(|u| u.origin())
        .map_err(|_| Failed(format!("not a URL: {url}")))?;
    if !(origin.starts_with("http://") || origin.starts_with("https://")) {
        return Err(Failed(format!(
            "only http and https can be called, not {url}"
        )));
    }
    let frame = frame_for(&origin).await?;
    let window = frame
        .content_window()
        .ok_or_else(|| Failed("the caller frame has no window".into()))?;
    let id = FRAMES.with(|f| {
        let mut f = f.borrow_mut();
        f.next_id = f.next_id.wrapping_add(1);
        f.next_id
    });
    let answer = waiter(CALL_MS, "no answer within 60 s", |resolve| {
        FRAMES.with(|f| f.borrow_mut().pending.insert(id, resolve));
    });
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"id".into(), &JsValue::from_f64(id as f64));
    let _ = js_sys::Reflect::set(&msg, &"url".into(), &JsValue::from_str(url));
    window
        .post_message(&msg, &page_origin())
        .map_err(|_| Failed("cannot reach the caller frame".into()))?;
    let data = answer.await.map_err(|e| {
        FRAMES.with(|f| f.borrow_mut().pending.remove(&id));
        Failed(e.as_string().unwrap_or_default())
    })?;
    let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
    if let Some(err) = get("error").and_then(|v| v.as_string()) {
        return Err(Failed(err));
    }
    let status = get("status")
        .and_then(|v| v.as_f64())
        .ok_or_else(|| Failed("the caller frame sent no status".into()))?;
    Ok(Answer {
        status: status as u16,
        content_type: get("contentType").and_then(|v| v.as_string()),
        body: get("body").and_then(|v| v.as_string()).unwrap_or_default(),
    })
}
