//! Browser tests: the real App mounted in headless Chromium (run by `make test`).
#![cfg(target_arch = "wasm32")]

use ece_triage::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Yew's scheduler and the browser run for `ms` milliseconds.
async fn settle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Mounts a fresh App into its own element and returns that element.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle(50).await;
    root
}

fn click(root: &Element, selector: &str) {
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    el.dyn_into::<HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn empty_page_offers_the_example() {
    let root = mount().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("Nothing analysed yet"),
        "empty state missing: {text}"
    );
    assert!(root.query_selector("#load-example").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn load_example_shows_response_type_meaning() {
    let root = mount().await;
    click(&root, "#load-example");
    settle(100).await;
    let rt = root
        .query_selector("td.response-type")
        .unwrap()
        .expect("responseType cell");
    assert_eq!(rt.text_content().unwrap_or_default(), "0");
    let meaning = root
        .query_selector("td.meaning")
        .unwrap()
        .expect("meaning cell")
        .text_content()
        .unwrap_or_default();
    assert!(
        meaning.contains("an agent is available"),
        "meaning was: {meaning}"
    );
    let verdict = root
        .query_selector(".verdict")
        .unwrap()
        .expect("verdict banner");
    assert!(
        verdict.class_name().contains("ok"),
        "verdict class: {}",
        verdict.class_name()
    );
}
