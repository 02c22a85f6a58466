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
    // The page's own stylesheet, so layout-dependent behaviour (scrolling) is real.
    if document.get_element_by_id("app-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../styles/app.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
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
    analysed(&root).await;
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

/// A report's panels are built in turn, one part per task, so that no task of the page's thread
/// builds them all (41–114 ms with 2 MB of logs): the verdict comes first, the timeline and
/// sharing later, and the results say they are busy until the last part is there.
#[wasm_bindgen_test]
async fn a_new_reports_panels_arrive_in_turn_and_the_results_stay_busy_until_then() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let root = mount().await;
    // After each task that changed the results (mutation records are delivered before the next
    // task): is the verdict there, the timeline, sharing, and are the results busy?
    let states: Rc<RefCell<Vec<[bool; 4]>>> = Rc::default();
    let record = {
        let states = states.clone();
        let root = root.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |_| {
            let has = |s: &str| root.query_selector(s).unwrap().is_some();
            states.borrow_mut().push([
                has(".verdict"),
                has(".panel.timeline"),
                has(".panel.share"),
                has(".results[aria-busy=true]"),
            ]);
        })
    };
    let observer = web_sys::MutationObserver::new(record.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    observer.observe_with_options(&root, &init).unwrap();
    click(&root, "#load-example");
    settle(100).await;
    analysed(&root).await;
    observer.disconnect();
    let states = states.borrow();
    assert!(
        states.iter().any(|&[v, t, s, busy]| v && !t && !s && busy),
        "no moment with the verdict alone, busy: {states:?}"
    );
    assert!(
        states.iter().any(|&[v, t, s, busy]| v && t && !s && busy),
        "no moment with the timeline before sharing, busy: {states:?}"
    );
    assert_eq!(
        states.last(),
        Some(&[true, true, true, false]),
        "every panel, and no longer busy, at the end: {states:?}"
    );
    // Seen busy with nothing but the verdict, then whole: every later state has every panel.
    let whole = states
        .iter()
        .position(|s| s[..3] == [true, true, true])
        .unwrap();
    assert!(states[whole..].iter().all(|s| s[..3] == [true, true, true]));
}

/// Every resource the page has fetched so far (Resource Timing).
fn fetched_urls() -> Vec<String> {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let entries = perf.get_entries_by_type("resource");
    (0..entries.length())
        .filter_map(|i| {
            js_sys::Reflect::get(&entries.get(i), &"name".into())
                .ok()?
                .as_string()
        })
        .collect()
}

/// Waits (up to 20 s) until the results are no longer being analysed (`aria-busy` on the results
/// section): the analysis runs in an effect after the click that asks for it, and a loaded
/// machine can take longer than any fixed pause.
async fn analysed(root: &Element) {
    for _ in 0..400 {
        if root
            .query_selector(".results[aria-busy=true]")
            .unwrap()
            .is_none()
        {
            break;
        }
        settle(50).await;
    }
    settle(30).await;
}

/// Adds an input through the paste box, as a user would.
async fn paste(root: &Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("#paste-box")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let ev = web_sys::InputEvent::new("input").unwrap();
    area.dispatch_event(&ev).unwrap();
    settle(30).await;
    click(root, "button.primary");
    settle(100).await;
    analysed(root).await;
}

#[wasm_bindgen_test]
async fn pasted_html_and_script_are_shown_as_text_never_run() {
    let root = mount().await;
    let payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>\n\
        15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=<img src=y onerror=\"window.__xss=3\"> OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE";
    paste(&root, payload).await;
    paste(
        &root,
        "{\"checkEligibility\":{\"responseType\":\"<img src=z onerror=window.__xss=4>\"}}",
    )
    .await;
    settle(200).await;
    let names = root
        .query_selector(".input-list")
        .unwrap()
        .expect("inputs listed")
        .text_content()
        .unwrap_or_default();
    assert!(
        names.contains("paste 1") && names.contains("paste 2"),
        "pastes not added: {names}"
    );
    let w = web_sys::window().unwrap();
    let flag = js_sys::Reflect::get(&w, &"__xss".into()).unwrap();
    assert!(
        flag.is_undefined(),
        "a pasted payload ran: __xss = {flag:?}"
    );
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "a pasted <img> became an element"
    );
    assert!(
        root.query_selector("script").unwrap().is_none(),
        "a pasted <script> became an element"
    );
}

#[wasm_bindgen_test]
async fn analysing_makes_no_network_request() {
    let before = fetched_urls();
    let root = mount().await;
    click(&root, "#load-example");
    settle(100).await;
    analysed(&root).await;
    paste(
        &root,
        "0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2",
    )
    .await;
    settle(200).await;
    let after = fetched_urls();
    let new: Vec<&String> = after.iter().filter(|u| !before.contains(u)).collect();
    assert!(new.is_empty(), "the page fetched {new:?}");
}

#[wasm_bindgen_test]
async fn ladder_draws_lanes_and_arrows_and_an_arrow_opens_its_message() {
    let root = mount().await;
    click(&root, "#load-example");
    settle(150).await;
    analysed(&root).await;
    let lanes = root
        .query_selector_all("svg.ladder g.lane")
        .unwrap()
        .length();
    assert_eq!(lanes, 6, "six lanes");
    let arrows = root
        .query_selector_all("svg.ladder g.arrow.observed")
        .unwrap();
    assert!(arrows.length() >= 8, "observed arrows: {}", arrows.length());
    assert!(
        root.query_selector_all("svg.ladder g.arrow.missing")
            .unwrap()
            .length()
            >= 1
    );
    // Click the MAKE_AGENT_ROUTABLE_IND arrow.
    let target = (0..arrows.length())
        .filter_map(|i| arrows.get(i))
        .find(|n| {
            n.text_content()
                .unwrap_or_default()
                .starts_with("MAKE_AGENT_ROUTABLE_IND")
        })
        .expect("routable arrow");
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &{
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    target.dispatch_event(&ev).unwrap();
    settle(100).await;
    let detail = root
        .query_selector(".arrow-detail")
        .unwrap()
        .expect("arrow detail shown")
        .text_content()
        .unwrap_or_default();
    assert!(detail.contains("InvokeID=80171"), "detail: {detail}");
    assert!(
        detail.contains("MaxTasks") || detail.contains("MaxTaskLimit"),
        "decoded fields shown: {detail}"
    );
    assert!(
        detail.contains("Sending MAKE_AGENT_ROUTABLE_IND"),
        "source line shown: {detail}"
    );
}

/// An element's (left, right) on the page, from `getBoundingClientRect` (read through JS: the crate
/// builds web-sys without `DomRect`).
fn x_span(el: &Element) -> (f64, f64) {
    let f: js_sys::Function = js_sys::Reflect::get(el, &"getBoundingClientRect".into())
        .unwrap()
        .unchecked_into();
    let r = f.call0(el).unwrap();
    let get = |k: &str| {
        js_sys::Reflect::get(&r, &k.into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    (get("left"), get("right"))
}

/// Issue 13.4: the seed's two days are shown (a separator each), times stay left of the first
/// lane, and no label runs past the SVG's edge; the whole label is the button's name and title.
#[wasm_bindgen_test]
async fn the_ladder_shows_its_days_and_keeps_times_and_labels_inside() {
    let root = mount().await;
    click(&root, "#load-example");
    settle(200).await;
    analysed(&root).await;
    let all = |sel: &str| -> Vec<Element> {
        let list = root.query_selector_all(sel).unwrap();
        (0..list.length())
            .filter_map(|i| list.get(i)?.dyn_into::<Element>().ok())
            .collect()
    };
    let days: Vec<String> = all("svg.ladder .day-label")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        days,
        ["2019-07-20", "2019-08-19"],
        "a separator per day, in order"
    );
    let svg = x_span(&root.query_selector("svg.ladder").unwrap().unwrap());
    let lane0 = x_span(&all("svg.ladder line.lifeline")[0]);
    let times = all("svg.ladder .arrow-time");
    assert!(times.len() >= 8);
    for t in &times {
        let r = x_span(t);
        assert!(
            r.1 < lane0.0,
            "time {:?} ends at {} past the first lane at {}",
            t.text_content(),
            r.1,
            lane0.0
        );
    }
    let mut elided = 0;
    for b in all("svg.ladder g.arrow") {
        let label = b.query_selector(".arrow-label").unwrap().unwrap();
        let r = x_span(&label);
        let shown = label.text_content().unwrap_or_default();
        assert!(
            r.0 >= svg.0 - 0.5 && r.1 <= svg.1 + 0.5,
            "{shown}: {:?} outside {svg:?}",
            r
        );
        let title = b
            .query_selector("title")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap_or_default();
        let name = b.get_attribute("aria-label").unwrap_or_default();
        assert!(name.starts_with(&title), "{name} names {title}");
        if let Some(cut) = shown.strip_suffix('…') {
            elided += 1;
            assert!(
                title.starts_with(cut) && title.len() > cut.len(),
                "{shown} / {title}"
            );
        } else {
            assert!(title.ends_with(&shown), "{shown} / {title}");
        }
    }
    assert!(
        elided >= 1,
        "the seed's SendARMMsg labels are longer than their room"
    );
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// Types into an input or textarea as a user would (sets the value, fires `input`).
async fn type_into(root: &Element, selector: &str, value: &str) {
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle(30).await;
}

/// Waits until `selector`'s text contains `needle` (or fails after `ms`).
async fn wait_for_text(root: &Element, selector: &str, needle: &str, ms: i32) -> String {
    let mut waited = 0;
    loop {
        let t = text_of(root, selector);
        if t.contains(needle) || waited >= ms {
            return t;
        }
        settle(100).await;
        waited += 100;
    }
}

#[wasm_bindgen_test]
async fn decode_view_shows_the_field_table_and_links_bytes_to_rows() {
    let root = mount().await;
    click(&root, "#tab-decode");
    settle(50).await;
    type_into(&root, "textarea.dump-input", "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2").await;
    settle(50).await;
    let rows = root.query_selector_all("table.fields tr.field").unwrap();
    assert!(
        rows.length() >= 6,
        "header + 4 body fields, got {}",
        rows.length()
    );
    let table = text_of(&root, "table.fields");
    for needle in [
        "InvokeID",
        "80171",
        "MRDID",
        "5000",
        "ICMAgentID",
        "6420",
        "MaxTasks",
        "inferred",
    ] {
        assert!(table.contains(needle), "{needle} missing from: {table}");
    }
    assert_eq!(
        root.query_selector_all(".byte").unwrap().length(),
        24,
        "one span per byte"
    );
}

/// The stub ECE server started by the test command (tests/ece_stub_server.py).
fn stub() -> Option<&'static str> {
    option_env!("ECE_STUB_URL")
}

/// Sets the stub's behaviour with a simple (no preflight) cross-origin POST.
async fn stub_control(json: &str) {
    let Some(base) = stub() else { return };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&json.into());
    init.set_mode(web_sys::RequestMode::NoCors);
    let req = web_sys::Request::new_with_str_and_init(&format!("{base}/__control"), &init).unwrap();
    let p = web_sys::window().unwrap().fetch_with_request(&req);
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

#[wasm_bindgen_test]
async fn api_call_is_explained_and_a_cors_block_is_diagnosed() {
    let Some(base) = stub() else {
        panic!("ECE_STUB_URL not set at build time: run the browser tests through `make test`");
    };
    stub_control(r#"{"response_type":1,"status":200,"cors":true,"delay_ms":0}"#).await;
    let root = mount().await;
    click(&root, "#tab-api");
    settle(50).await;
    type_into(&root, "#probe-base", base).await;
    type_into(&root, "#probe-ep", "1001").await;
    assert!(text_of(&root, ".probe-url").ends_with("/system/egain/chat/entrypoint/initialize/1001"));
    click(&root, "#probe-call");
    let t = wait_for_text(&root, ".probe-result", "responseType 1", 5000).await;
    assert!(
        t.contains("HTTP 200") && t.contains("responseType 1"),
        "result: {t}"
    );
    // Same call with CORS off: the browser blocks it, the page says why and offers curl.
    stub_control(r#"{"cors":false}"#).await;
    click(&root, "#probe-call");
    let t = wait_for_text(&root, ".probe-result", "CORS", 5000).await;
    assert!(
        t.contains("No answer") && t.contains("Most likely CORS"),
        "result: {t}"
    );
    assert!(
        t.contains("curl") && t.contains("Invoke-WebRequest"),
        "commands offered: {t}"
    );
    // The pasted answer is explained the same way.
    type_into(
        &root,
        "#probe-paste",
        r#"{"checkEligibility":{"responseType":2}}"#,
    )
    .await;
    let t = text_of(&root, ".probe-result");
    assert!(t.contains("responseType 2"), "pasted answer explained: {t}");
    stub_control(r#"{"cors":true,"response_type":0}"#).await;
}

#[wasm_bindgen_test]
async fn monitor_plots_calls_and_lists_transitions() {
    let Some(base) = stub() else {
        panic!("ECE_STUB_URL not set at build time: run the browser tests through `make test`");
    };
    stub_control(r#"{"response_type":0,"status":200,"cors":true,"delay_ms":0}"#).await;
    let root = mount().await;
    click(&root, "#tab-api");
    settle(50).await;
    type_into(&root, "#probe-base", base).await;
    type_into(&root, "#probe-ep", "1001").await;
    type_into(&root, "#probe-interval", "2").await;
    click(&root, "#probe-monitor");
    settle(700).await;
    stub_control(r#"{"response_type":1}"#).await;
    let t = wait_for_text(&root, ".transitions", "0 → 1", 6000).await;
    // The headline follows the latest poll, not the first result.
    let head = wait_for_text(&root, ".probe-headline", "responseType 1", 3000).await;
    click(&root, "#probe-monitor"); // stop
    assert!(t.contains("0 → 1 at"), "transitions: {t}");
    assert!(
        head.contains("Latest poll") && head.contains("responseType 1"),
        "headline: {head}"
    );
    assert!(root
        .query_selector("svg.monitor-chart polyline.state-line")
        .unwrap()
        .is_some());
    // A value axis naming each responseType level, a time axis in UTC, a legend.
    let levels: Vec<String> = (0..4)
        .map(|i| text_of(&root, &format!(".state-tick:nth-of-type({}) text", i + 1)))
        .collect();
    assert_eq!(
        levels,
        [
            "0 takes chats",
            "1 no agent",
            "2 queue full",
            "other / error"
        ]
    );
    let times = root.query_selector_all(".time-tick text").unwrap();
    assert!(times.length() >= 1);
    let first = times.get(0).unwrap().text_content().unwrap_or_default();
    assert!(
        first.len() == 8 && first.as_bytes()[2] == b':',
        "time tick: {first}"
    );
    let legend = text_of(&root, ".chart-legend");
    assert!(
        legend.contains("responseType of each poll") && legend.contains("latency"),
        "{legend}"
    );
    stub_control(r#"{"response_type":0}"#).await;
}

#[wasm_bindgen_test]
async fn an_api_answer_and_a_pasted_one_go_to_the_analysis_in_one_click() {
    let Some(base) = stub() else {
        panic!("ECE_STUB_URL not set at build time: run the browser tests through `make test`");
    };
    stub_control(r#"{"response_type":1,"status":200,"cors":true,"delay_ms":0}"#).await;
    let root = mount().await;
    click(&root, "#tab-api");
    settle(50).await;
    type_into(&root, "#probe-base", base).await;
    type_into(&root, "#probe-ep", "1001").await;
    click(&root, "#probe-call");
    wait_for_text(&root, ".probe-result", "responseType 1", 5000).await;
    click(&root, "#probe-analyse");
    settle(50).await;
    let host = base.trim_start_matches("http://");
    let name = format!("API answer {host} initialize 1001");
    assert!(text_of(&root, ".added-answer").contains(&name));
    // Blocked by CORS: the answer pasted from curl goes the same way.
    stub_control(r#"{"cors":false}"#).await;
    click(&root, "#probe-call");
    wait_for_text(&root, ".probe-result", "CORS", 5000).await;
    type_into(
        &root,
        "#probe-paste",
        r#"{"checkEligibility":{"responseType":2}}"#,
    )
    .await;
    click(&root, "#probe-analyse-pasted");
    settle(50).await;
    click(&root, ".added-answer button");
    let list = wait_for_text(&root, ".input-list", "pasted answer", 3000).await;
    assert!(
        list.contains(&name) && list.contains(&format!("pasted answer {host} initialize 1001")),
        "{list}"
    );
    // Both answers are read: the called one (1) and the pasted one (2).
    let verdict = wait_for_text(&root, ".verdict", "queue full", 3000).await;
    assert!(
        verdict.contains("2 of 2 entry points") && verdict.contains("no agent available"),
        "{verdict}"
    );
    stub_control(r#"{"cors":true,"response_type":0}"#).await;
}

#[wasm_bindgen_test]
async fn long_timelines_render_only_the_rows_in_view() {
    let one = include_str!("../samples/seed/opc-ready.log");
    let text: String = (0..400).map(|_| one).collect::<Vec<_>>().join("\n");
    let root = mount().await;
    paste(&root, &text).await;
    settle(100).await;
    assert!(
        text_of(&root, "#timeline-h").contains("(1200 events)"),
        "{}",
        text_of(&root, "#timeline-h")
    );
    let rows = root
        .query_selector_all("table.events tr.event")
        .unwrap()
        .length();
    assert!(
        rows > 10 && rows < 60,
        "only the rows in view are rendered, got {rows}"
    );
    let first_before = text_of(&root, "table.events tr.event");
    let scroller = root.query_selector(".timeline-scroll").unwrap().unwrap();
    scroller.set_scroll_top(26 * 600);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle(100).await;
    let rows_after = root
        .query_selector_all("table.events tr.event")
        .unwrap()
        .length();
    assert!(
        rows_after < 60,
        "still windowed after scrolling: {rows_after}"
    );
    let first_after = text_of(&root, "table.events tr.event");
    assert_ne!(first_before, first_after, "scrolling shows other rows");
    assert!(
        text_of(&root, "table.events").contains("opc-ready")
            || text_of(&root, "table.events").contains("paste 1")
    );
}

/// Issue 13.7: printing (the browser's `beforeprint`) renders every row of the virtual timeline
/// and requests list, not only the drawn ones, and opens the glossary; after it, the window again.
#[wasm_bindgen_test]
async fn printing_renders_every_row_of_the_virtual_lists_and_opens_the_glossary() {
    let one = include_str!("../samples/seed/opc-ready.log");
    let text: String = (0..400).map(|_| one).collect::<Vec<_>>().join("\n");
    let har = include_bytes!("../samples/har/harviewer-noPages.har");
    let root = mount().await;
    paste(&root, &text).await;
    drop_files(&root, &[file_of(har, "noPages.har")]).await;
    wait_for_text(&root, "#requests-h", "Requests (", 5000).await;
    settle(200).await;
    let count = |sel: &str| root.query_selector_all(sel).unwrap().length();
    assert!(count("table.events tr.event") < 60, "windowed on screen");
    assert!(
        count("table.requests tr.request") < 60,
        "windowed on screen"
    );
    let glossary = root.query_selector("details.glossary").unwrap().unwrap();
    assert!(!glossary.has_attribute("open"));
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new("beforeprint").unwrap())
        .unwrap();
    settle(300).await;
    assert_eq!(
        count("table.events tr.event"),
        1200,
        "every timeline row on paper"
    );
    assert_eq!(
        count("table.requests tr.request"),
        87,
        "every request on paper"
    );
    assert!(
        glossary.has_attribute("open"),
        "the glossary is open on paper"
    );
    assert_eq!(
        count("table tr.spacer"),
        0,
        "no spacer row prints as blank space"
    );
    window
        .dispatch_event(&web_sys::Event::new("afterprint").unwrap())
        .unwrap();
    settle(300).await;
    assert!(
        count("table.events tr.event") < 60,
        "windowed again after printing"
    );
}

/// Issue 13 leftover: a HAR alone gets a timeline: its requests in start order, dated, windowed.
#[wasm_bindgen_test]
async fn a_har_alone_gets_a_timeline_of_its_requests() {
    let har = include_bytes!("../samples/har/harviewer-noPages.har");
    let root = mount().await;
    drop_files(&root, &[file_of(har, "noPages.har")]).await;
    let h = wait_for_text(&root, "#timeline-h", "(87 requests)", 5000).await;
    assert!(h.contains("Timeline (87 requests)"), "{h}");
    let rows = root.query_selector_all("table.events tr.event").unwrap();
    assert!(
        rows.length() > 10 && rows.length() < 60,
        "windowed: {}",
        rows.length()
    );
    let first = rows.get(0).unwrap().text_content().unwrap_or_default();
    let second = rows.get(1).unwrap().text_content().unwrap_or_default();
    assert!(
        first.contains(" UTC") && first.contains("noPages.har #"),
        "{first}"
    );
    assert!(
        first[..23] <= second[..23],
        "in start order: {first} / {second}"
    );
    assert!(first.contains(" → "), "method, URL and status: {first}");
}

#[wasm_bindgen_test]
async fn a_clock_offset_can_be_set_by_hand() {
    let root = mount().await;
    click(&root, "#load-example");
    settle(100).await;
    analysed(&root).await;
    assert!(text_of(&root, ".clocks").contains("inferred from"));
    let input = root
        .query_selector("#offset-listener-opc")
        .unwrap()
        .expect("listener→opc offset input");
    js_sys::Reflect::set(&input, &"value".into(), &"3600".into()).unwrap();
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle(150).await;
    let clocks = text_of(&root, ".clocks");
    assert!(clocks.contains("set by you"), "{clocks}");
    assert!(
        text_of(&root, ".findings").contains("listener and opc clocks differ by +3600 s"),
        "{}",
        text_of(&root, ".findings")
    );
}

#[wasm_bindgen_test]
async fn sharing_shows_what_sanitizing_removes_and_the_link_carries_none_of_it() {
    let root = mount().await;
    paste(&root, "2019-07-20 18:27:31.749 GMT+0000 <@> INFO <@> [1:t] <@> ProcessId:4584 <@> PID:1 <@> UID:1005 <@> HttpSessionId:IrltMMd3T0prrkbhAwK8wkL5 <@> x <@> <@> mail jane.doe@example.org <@>").await;
    click(&root, "details.sanitize summary");
    settle(100).await;
    let plan = text_of(&root, "table.redactions");
    assert!(
        plan.contains("session") && plan.contains("email"),
        "plan: {plan}"
    );
    click(&root, "#share-link");
    settle(100).await;
    let link: String = js_sys::Reflect::get(
        &root.query_selector("#share-url").unwrap().unwrap(),
        &"value".into(),
    )
    .unwrap()
    .as_string()
    .unwrap();
    let state = ece_triage::share::decode(link.split_once('#').unwrap().1).unwrap();
    let text = &state.inputs[0].text;
    assert!(
        !text.contains("IrltMMd3T0prrkbhAwK8wkL5") && !text.contains("jane.doe@example.org"),
        "{text}"
    );
    assert!(text.contains("[redacted:session]"), "{text}");
}

#[wasm_bindgen_test]
async fn a_big_file_stays_a_file_until_it_is_analysed_here() {
    // Over 1 MB: the page keeps the File (the worker would read it). This test page has no worker
    // (no built dist/), so "Analyse here instead" reads the file on the page and analyses it.
    let seed = [
        include_str!("../samples/seed/listener-ready.log"),
        include_str!("../samples/seed/ctisvr-ready.log"),
        include_str!("../samples/seed/opc-ready.log"),
    ]
    .concat();
    let text = seed.repeat(1_100_000 / seed.len() + 1);
    let file = web_sys::File::new_with_str_sequence(
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text)),
        "big.log",
    )
    .unwrap();
    let root = mount().await;
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let picker: web_sys::HtmlInputElement = root
        .query_selector("input[type=file]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    picker.set_files(transfer.files().as_ref());
    picker
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let list = wait_for_text(&root, ".input-list", "big.log", 3000).await;
    assert!(list.contains("1.1 MB"), "{list}");
    assert!(
        root.query_selector(".analyzing").unwrap().is_some(),
        "over 1 MB goes to the worker"
    );
    click(&root, "#analyse-here");
    let heading = wait_for_text(&root, "#timeline-h", "events", 10000).await;
    assert!(heading.contains("Timeline ("), "{heading}");
    assert!(root.query_selector(".via-worker").unwrap().is_none());
    // The evidence of an event comes from the text read on the page.
    click(&root, "table.events tr.event button.link");
    settle(200).await;
    let hit = text_of(&root, ".evidence .source-line.hit");
    assert!(
        hit.len() > 20,
        "the evidence shows the event's line: {hit:?}"
    );
}

#[wasm_bindgen_test]
async fn a_big_paste_stays_a_js_string_until_it_is_analysed_here() {
    let seed = [
        include_str!("../samples/seed/listener-ready.log"),
        include_str!("../samples/seed/ctisvr-ready.log"),
    ]
    .concat();
    let text = seed.repeat(1_100_000 / seed.len() + 1);
    let root = mount().await;
    paste(&root, &text).await;
    let list = wait_for_text(&root, ".input-list", "paste 1", 3000).await;
    assert!(list.contains("1.1 MB"), "{list}");
    assert_eq!(
        js_sys::Reflect::get(
            &root.query_selector("#paste-box").unwrap().unwrap(),
            &"value".into()
        )
        .unwrap()
        .as_string()
        .as_deref(),
        Some(""),
        "the box is emptied once the paste is added"
    );
    click(&root, "#analyse-here");
    let heading = wait_for_text(&root, "#timeline-h", "events", 10000).await;
    assert!(heading.contains("Timeline ("), "{heading}");
}

/// A worker that fails (its script errors, its memory runs out: `RuntimeError: unreachable`)
/// ends the analysis it was running: the progress panel goes, the page says why and what to do,
/// and a new generation starts (issue 17.10: the notice used to leave the progress bar up).
#[wasm_bindgen_test]
fn a_failed_worker_ends_the_analysis_it_was_running() {
    use ece_triage::ui::{Action, AppState, Content, PageInput};
    use std::rc::Rc;
    use yew::Reducible;
    let big = PageInput {
        name: "big.log".into(),
        content: Content::Js(js_sys::JsString::from("x\n".repeat(600_000).as_str())),
        encoding: Default::default(),
        skipped: None,
    };
    let s = Rc::new(AppState::default()).reduce(Action::AddInputs(vec![big]));
    assert!(s.analyzing.is_some(), "a big input goes to the worker");
    let generation = s.generation;
    let s = s.reduce(Action::WorkerFailed(
        "the analysis worker failed: RuntimeError: unreachable".into(),
    ));
    assert!(s.analyzing.is_none(), "the progress panel ends");
    assert!(
        s.generation > generation,
        "its answers, if any, are now stale"
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("ran out of memory"), "{notice}");
    assert!(notice.contains("ece-triage analyze"), "{notice}");
    // A failure with nothing running only says so.
    let s = s.reduce(Action::WorkerFailed("the analysis worker failed: x".into()));
    assert!(s.analyzing.is_none());
}

/// Opening a file picker (or dragging over the page) marks that files may come, once per choice:
/// a drag's repeated events give back the same state (nothing drawn again), and the files, when
/// they come, end the choice.
#[wasm_bindgen_test]
fn choosing_files_is_marked_once_until_the_files_come() {
    use ece_triage::ui::{Action, AppState, PageInput};
    use std::rc::Rc;
    use yew::Reducible;
    let s = Rc::new(AppState::default()).reduce(Action::ChoosingFiles);
    assert!(s.choosing, "choosing after the picker opened");
    let again = s.clone().reduce(Action::ChoosingFiles);
    assert!(Rc::ptr_eq(&s, &again), "a repeat changes nothing");
    let s = again.reduce(Action::AddInputs(vec![PageInput::text(
        "initialize.json",
        include_str!("../samples/seed/initialize-response.json"),
    )]));
    assert!(!s.choosing, "the files came");
    assert!(s.pending_here, "and are analysed as before");
    // The picker closed without a choice: no longer choosing (the page's effect then ends the
    // worker it readied); a second close changes nothing.
    let s = Rc::new(AppState::default()).reduce(Action::ChoosingFiles);
    let s = s.reduce(Action::ChoosingCancelled);
    assert!(!s.choosing, "the picker was cancelled");
    assert!(
        s.analyzing.is_none() && !s.pending_here,
        "nothing to analyse"
    );
    let again = s.clone().reduce(Action::ChoosingCancelled);
    assert!(Rc::ptr_eq(&s, &again), "a repeat changes nothing");
}

/// The reducer never analyses: small inputs are marked for the page's effect, which dispatches
/// the report back; a report for an older generation is ignored, and the previous report stays
/// shown while the next one is made (so that no panel is rebuilt in between).
#[wasm_bindgen_test]
fn the_reducer_asks_for_the_analysis_and_takes_its_report() {
    use ece_triage::ui::{Action, AppState, PageInput};
    use std::rc::Rc;
    use yew::Reducible;
    let s = Rc::new(AppState::default()).reduce(Action::AddInputs(vec![PageInput::text(
        "initialize.json",
        include_str!("../samples/seed/initialize-response.json"),
    )]));
    assert!(s.pending_here, "a small input is analysed on the page");
    assert!(s.report.is_none() && s.analyzing.is_none(), "{s:?}");
    let first = s.generation;
    let report = Rc::new(ece_triage::analysis::analyze_with(
        &ece_triage::ui::core_inputs(&s.inputs).unwrap_or_default(),
        &s.overrides,
    ));
    let s = s.reduce(Action::Analysed(first, report.clone()));
    assert!(!s.pending_here);
    assert!(s.report.as_ref().is_some_and(|r| Rc::ptr_eq(r, &report)));
    // New evidence: the old report stays until the new one comes; a late answer for the old
    // generation does not replace it.
    let s = s.reduce(Action::AddInputs(vec![PageInput::text(
        "rttest.txt",
        include_str!("../samples/seed/rttest-agent-status.txt"),
    )]));
    assert!(s.pending_here && s.generation > first);
    assert!(s.report.as_ref().is_some_and(|r| Rc::ptr_eq(r, &report)));
    let empty = ece_triage::analysis::analyze_with(&[], &Default::default());
    let s = s.reduce(Action::Analysed(first, Rc::new(empty)));
    assert!(s.pending_here, "a stale report is ignored");
    assert!(s.report.as_ref().is_some_and(|r| Rc::ptr_eq(r, &report)));
    // Nothing left: no report, nothing pending.
    let s = s.reduce(Action::Clear);
    assert!(!s.pending_here && s.report.is_none());
    // A report the worker made is not kept while small inputs are analysed here: its views
    // would ask the worker about the new generation.
    let big = "x".repeat(1024 * 1024 + 1); // over state::INLINE_LIMIT
    let s = s.reduce(Action::AddInputs(vec![
        PageInput::text(
            "rttest.txt",
            include_str!("../samples/seed/rttest-agent-status.txt"),
        ),
        PageInput::text("big.log", &big),
    ]));
    assert!(
        s.analyzing.is_some() && !s.pending_here,
        "{:?}",
        s.analyzing
    );
    let rows = Rc::new(ece_triage::ui::WorkerRows::new(0, Vec::new()));
    let generation = s.generation;
    let s = s.reduce(Action::Done(generation, report.clone(), rows));
    assert!(s.via_worker && s.report.is_some());
    let s = s.reduce(Action::RemoveInput(1));
    assert!(
        s.pending_here && s.report.is_none() && !s.via_worker,
        "{s:?}"
    );
}

/// Inputs over what the worker's memory holds are refused before anything is read, with the
/// limit and what to do; the size test the worker makes on what it read says the same.
#[wasm_bindgen_test]
fn inputs_too_big_for_the_worker_are_refused_before_starting() {
    use ece_triage::worker::{fits, too_big, MAX_BYTES};
    let msg = too_big(MAX_BYTES + 1);
    assert!(msg.contains("Split the file"), "{msg}");
    assert!(
        msg.contains(&format!("{} MB", MAX_BYTES / 1_000_000)),
        "{msg}"
    );
    let logs = "15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=6420\n".repeat(20_000);
    assert!(fits(&[&logs]));
    // Nothing but line breaks: an event per byte would need far more than the text.
    let lines = "\n".repeat(40_000_000);
    assert!(!fits(&[&lines, &lines, &lines]));
}

/// The worker's first read of a file: in slices asked for a few at once, the bytes and the line
/// index are what one read of the whole gives, whatever the slice size; progress goes up to the
/// size.
#[wasm_bindgen_test]
async fn a_file_read_in_slices_is_the_file() {
    use ece_triage::line_index::{LineIndex, LineIndexer};
    use ece_triage::worker::read_in_slices;
    let text = ece_triage::synth::log_mix_mb(1);
    // A capture is one line of many MiB.
    let har = ece_triage::synth::har_mb(20);
    for (text, len, slice) in [
        (&text, 0, 64),
        (&text, 1, 64),
        (&text, 1000, 1),
        (&text, 700_001, 65_536),
        (&text, text.len(), 100_003),
        (&text, text.len(), 8 << 20),
        (&har, har.len(), 8 << 20),
    ] {
        let bytes = &text.as_bytes()[..len];
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
        let mut lines = LineIndexer::new();
        let mut told = Vec::new();
        let read = read_in_slices(&blob, slice, &mut lines, &mut |n| told.push(n))
            .await
            .unwrap();
        assert!(read == bytes, "{len} bytes in slices of {slice}");
        let lines = lines.finish();
        assert_eq!(lines.len(), len as u64, "{len} bytes in slices of {slice}");
        assert_eq!(
            lines,
            LineIndex::of(bytes),
            "{len} bytes in slices of {slice}"
        );
        assert!(told.windows(2).all(|w| w[0] < w[1]), "{told:?}");
        assert_eq!(told.last().copied().unwrap_or(0), len);
        assert_eq!(told.len(), len.div_ceil(slice));
    }
}

/// Sets a `<select>` as a user would (value, then `change`).
async fn choose(root: &Element, selector: &str, value: &str) {
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"));
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle(150).await;
}

#[wasm_bindgen_test]
async fn the_gallery_opens_a_multi_entry_point_capture_with_one_verdict_each() {
    let root = mount().await;
    click(&root, "button.gallery-item[data-example=multi-entry-point]");
    settle(150).await;
    let headline = text_of(&root, ".verdict .verdict-sentence");
    assert!(
        headline.starts_with("2 of 3 entry points refuse chats"),
        "{headline}"
    );
    let eps = root.query_selector_all(".ep-verdict").unwrap();
    assert_eq!(eps.length(), 3);
    let open = root
        .query_selector(".ep-verdict.ok")
        .unwrap()
        .expect("the open entry point");
    assert_eq!(
        open.get_attribute("data-entry-point").as_deref(),
        Some("1002")
    );
    // Each refusing entry point names the finding that explains it.
    assert_eq!(
        root.query_selector_all(".ep-verdict .reason-link")
            .unwrap()
            .length(),
        2
    );
    let cors = text_of(&root, ".finding-http-cors");
    assert!(
        cors.contains("entry point 1003") && cors.contains("rule http-cors v1"),
        "{cors}"
    );
}

#[wasm_bindgen_test]
async fn each_finding_says_why_with_its_rule_and_sources() {
    let root = mount().await;
    click(&root, "button.gallery-item[data-example=d-flag]");
    settle(150).await;
    let d = root
        .query_selector(".finding-router-d-flag")
        .unwrap()
        .expect("the D flag finding");
    let text = d.text_content().unwrap_or_default();
    assert!(
        text.contains("email") && text.contains("CSCvq11852"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("restart"), "{text}");
    let card = d
        .query_selector(".why-rule .rule-card")
        .unwrap()
        .expect("why do we say this?");
    assert_eq!(
        card.get_attribute("data-rule").as_deref(),
        Some("router-d-flag")
    );
    assert!(d.query_selector(".src").unwrap().is_some(), "a source tag");
    // What to collect next, with the ids the evidence gives (the rttest's periph#).
    let collect = text_of(&root, ".collect");
    assert!(
        collect.contains("dump_agent <PeripheralID> 15003"),
        "{collect}"
    );
}

#[wasm_bindgen_test]
async fn the_ece_version_decides_which_availability_rule_a_finding_states() {
    let root = mount().await;
    paste(&root, "rttest: agent_status /agent 7402\nAgent CUCM.a7402 (7402, periph# 15402)\n  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs\n    CL na   WEB_Chat (6931, periph# 70521)\n").await;
    paste(&root, "{\"checkEligibility\":{\"responseType\":1}}").await;
    assert!(root
        .query_selector(".finding-type1-with-ready-agent")
        .unwrap()
        .is_some());
    assert!(text_of(&root, ".findings").contains("depends on the ECE version"));
    choose(&root, "#ece-version", "12.5").await;
    let f = text_of(&root, ".finding-agent-not-in-queue-skill-group");
    assert!(
        f.contains("ECE 12.5 (you said)") && f.contains("WEB_Chat (6931)"),
        "{f}"
    );
    assert!(root
        .query_selector(".finding-type1-with-ready-agent")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_rules_tab_lists_the_catalogue() {
    let root = mount().await;
    click(&root, "#tab-rules");
    settle(80).await;
    let n = root
        .query_selector_all(".rules-view .rule-card")
        .unwrap()
        .length() as usize;
    assert_eq!(n, ece_triage::analysis::rules::catalog::RULES.len());
    assert!(text_of(&root, ".rules-view").contains("suggested"));
}

#[wasm_bindgen_test]
async fn a_compare_example_shows_both_verdicts_what_changed_and_the_aligned_ladders() {
    let root = mount().await;
    click(&root, "#tab-compare");
    settle(50).await;
    assert!(text_of(&root, ".compare-setup").contains("Compare two captures"));
    click(&root, "button.compare-example[data-example=worked-at-0900]");
    settle(200).await;
    let sides: Vec<String> = (0..2)
        .map(|i| {
            let e = root
                .query_selector_all(".compare-side")
                .unwrap()
                .get(i)
                .unwrap();
            js_sys::Reflect::get(&e, &"className".into())
                .unwrap()
                .as_string()
                .unwrap()
        })
        .collect();
    assert!(
        sides[0].contains("ok") && sides[1].contains("bad"),
        "{sides:?}"
    );
    let diffs = text_of(&root, ".compare-diffs");
    assert!(diffs.contains("What changed (10)"), "{diffs}");
    assert!(
        diffs.contains("router flags") && diffs.contains("MAKE_AGENT_READY_IND"),
        "{diffs}"
    );
    // The after side's dashed READY step stands next to the before side's seen one.
    let row = root
        .query_selector("tr.aligned-row.changed[data-key^='message MAKE_AGENT_READY_IND']")
        .unwrap()
        .expect("an aligned READY row");
    assert!(row.query_selector("li.missing").unwrap().is_some());
    // The Analysis tab says its report takes both sides together, and links back.
    click(&root, "#tab-analysis");
    settle(80).await;
    assert!(text_of(&root, ".merged-note").contains("two captures"));
    click(&root, ".merged-note button");
    settle(80).await;
    assert!(root.query_selector(".compare-verdicts").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn inputs_put_on_two_sides_by_hand_compare_and_the_link_keeps_the_sides() {
    let root = mount().await;
    click(&root, "#tab-compare");
    settle(50).await;
    let rttest = |flags: &str| {
        format!("rttest: agent_status /agent 7101\nAgent CUCM.jdoe (7101, periph# 15101)\n  domain: ECE_Chat (5000), state = [na-0:3,{flags}], 383 secs\n")
    };
    paste(&root, &rttest("RA")).await;
    assert!(text_of(&root, ".compare-wait").contains("No input on the before side"));
    click(&root, "li[data-input='0'] button[data-side=before]");
    settle(50).await;
    // A capture added later: "all to after" puts every input on no side yet there.
    paste(&root, &rttest("R")).await;
    click(&root, "button.rest-to[data-side=after]");
    settle(150).await;
    assert!(root.query_selector("button.rest-to").unwrap().is_none());
    let diffs = text_of(&root, ".compare-diffs");
    assert!(
        diffs.contains("router flags") && diffs.contains("RA"),
        "{diffs}"
    );
    // Other words for the sides.
    click(&root, "fieldset.words label:nth-of-type(2) input");
    settle(100).await;
    assert_eq!(text_of(&root, ".compare-side[data-side=works] h2"), "Works");
    // The link carries both inputs and their sides.
    click(&root, "#compare-link");
    settle(100).await;
    let url = text_of(&root, "#compare-url");
    let state = ece_triage::share::decode(url.split_once('#').unwrap().1).unwrap();
    assert_eq!(state.inputs.len(), 2);
    let sides = state.overrides.compare.unwrap();
    assert_eq!(sides.words, ece_triage::compare::Words::WorksFails);
    assert_eq!(sides.indices(2), (vec![0], vec![1]));
    // Removing the first input leaves one side empty: no comparison.
    click(&root, "button[aria-label='Remove paste 1']");
    settle(100).await;
    assert!(root.query_selector(".compare-verdicts").unwrap().is_none());
    assert!(text_of(&root, ".compare-wait").contains("No input on the works side"));
}

#[wasm_bindgen_test]
async fn a_big_file_on_one_side_is_compared_on_the_page_when_asked() {
    // Over 1 MB: the page keeps the File. This test page has no worker (no built dist/), so the
    // Compare tab offers to read it here (tests/e2e/compare.mjs checks the worker's way).
    let seed = [
        include_str!("../samples/seed/listener-ready.log"),
        include_str!("../samples/seed/opc-ready.log"),
    ]
    .concat();
    let text = seed.repeat(1_100_000 / seed.len() + 1);
    let file = web_sys::File::new_with_str_sequence(
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text)),
        "big.log",
    )
    .unwrap();
    let root = mount().await;
    click(&root, "#tab-compare");
    settle(50).await;
    paste(
        &root,
        include_str!("../samples/seed/rttest-agent-status.txt"),
    )
    .await;
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let picker: web_sys::HtmlInputElement = root
        .query_selector("input[type=file]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    picker.set_files(transfer.files().as_ref());
    picker
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for_text(&root, ".side-list", "big.log", 3000).await;
    click(&root, "li[data-input='0'] button[data-side=before]");
    settle(50).await;
    click(&root, "li[data-input='1'] button[data-side=after]");
    settle(100).await;
    assert!(text_of(&root, ".compare-big").contains("The two sides hold 1.1 MB"));
    assert!(root.query_selector(".compare-verdicts").unwrap().is_none());
    click(&root, "#compare-here");
    let inputs = wait_for_text(
        &root,
        ".compare-side[data-side=after] .side-inputs",
        "big.log",
        15000,
    )
    .await;
    assert!(inputs.contains("1 input"), "{inputs}");
    assert!(text_of(&root, ".compare-diffs").contains("What changed"));
}

#[wasm_bindgen_test]
async fn a_broken_har_is_named_in_the_verdict_not_read_as_no_evidence() {
    let root = mount().await;
    paste(
        &root,
        "{\"log\": {\"version\": \"1.2\", \"entries\": [ <html>Gateway Timeout</html>",
    )
    .await;
    let v = text_of(&root, ".verdict");
    assert!(
        v.contains("Could not be read") && v.contains("line 1"),
        "{v}"
    );
    assert!(!v.contains("Not enough evidence"), "{v}");
    assert!(root
        .query_selector(".finding-input-unreadable")
        .unwrap()
        .is_some());
}

/// Mounts the App as if opened from `#fragment`, then puts the address back.
async fn mount_with_fragment(fragment: &str) -> Element {
    let location = web_sys::window().unwrap().location();
    location.set_hash(fragment).unwrap();
    let root = mount().await;
    location.set_hash("").unwrap();
    settle(150).await;
    analysed(&root).await;
    root
}

#[wasm_bindgen_test]
async fn a_links_keep_list_is_only_a_proposal_and_goes_with_new_evidence() {
    use ece_triage::analysis::Overrides;
    use ece_triage::model::Input;
    use ece_triage::share::{encode, SharedState};
    let crafted = SharedState {
        inputs: vec![Input::new("listener.log", "2019-07-20 18:27:31.749 GMT+0000 <@> INFO <@> [1:t] <@> ProcessId:4584 <@> PID:1 <@> UID:1005 <@> HttpSessionId:IrltMMd3T0prrkbhAwK8wkL5 <@> x <@>")],
        overrides: Overrides {
            keep: vec!["HttpSessionId".into(), "email".into()],
            ..Default::default()
        },
        left_out: Vec::new(),
    };
    let root = mount_with_fragment(&encode(&crafted)).await;
    // The share panel shows once the link's inputs are analysed (in-process, through the
    // service): waited for, not assumed after a fixed pause (a loaded CI machine took longer).
    let proposal = wait_for_text(&root, ".share .proposal", "HttpSessionId, email", 10_000).await;
    assert!(proposal.contains("HttpSessionId, email"), "{proposal}");
    // Not applied: a share link made now redacts the session id.
    click(&root, "#share-link");
    let mut link = String::new();
    for _ in 0..100 {
        settle(100).await;
        link = root
            .query_selector("#share-url")
            .unwrap()
            .and_then(|e| js_sys::Reflect::get(&e, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        if link.contains('#') {
            break;
        }
    }
    let state = ece_triage::share::decode(link.split_once('#').unwrap().1).unwrap();
    assert!(
        state.inputs[0]
            .text
            .contains("HttpSessionId:[redacted:session]"),
        "{:?}",
        state.inputs
    );
    assert!(state.overrides.keep.is_empty());
    // New evidence drops the proposal.
    paste(&root, "15:34:09:841 PG1A-opc Trace: MakeAgentReadyInd - InvokeID = 80172, MRDID = 5000, ICMAgentID = 6420").await;
    assert!(
        root.query_selector(".share .proposal").unwrap().is_none(),
        "the proposal outlived new evidence"
    );
}

#[wasm_bindgen_test]
async fn a_refused_link_says_why_and_the_page_stays_usable() {
    use ece_triage::model::Input;
    use ece_triage::share::{encode, SharedState};
    let hostile = SharedState {
        inputs: vec![Input::new("", ""); 100_000],
        overrides: Default::default(),
        left_out: Vec::new(),
    };
    let root = mount_with_fragment(&encode(&hostile)).await;
    let notice = text_of(&root, ".notice");
    assert!(
        notice.contains("refused") && notice.contains("100000 inputs"),
        "{notice}"
    );
    click(&root, "#load-example");
    settle(150).await;
    analysed(&root).await;
    assert!(
        root.query_selector(".verdict").unwrap().is_some(),
        "the page did not recover"
    );
    assert!(root.query_selector(".notice").unwrap().is_none());
}

/// A `File` holding `bytes`.
fn file_of(bytes: &[u8], name: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
}

/// Drops `files` on the drop zone, as a user would.
async fn drop_files(root: &Element, files: &[web_sys::File]) {
    let transfer = web_sys::DataTransfer::new().unwrap();
    for f in files {
        transfer.items().add_with_file(f).unwrap();
    }
    let init = web_sys::DragEventInit::new();
    init.set_data_transfer(Some(&transfer));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    root.query_selector(".drop-zone")
        .unwrap()
        .unwrap()
        .dispatch_event(&ev)
        .unwrap();
}

/// Each input the page lists, with what it was read as: (name, kind, encoding).
fn read_as(root: &Element) -> Vec<(String, String, String)> {
    let items = root.query_selector_all(".input-list > li").unwrap();
    (0..items.length())
        .filter_map(|i| items.get(i)?.dyn_into::<Element>().ok())
        .map(|li| {
            let name = text_of(&li, ".input-name");
            let r = li.query_selector(".read-as").unwrap();
            let attr = |a: &str| {
                r.as_ref()
                    .and_then(|r| r.get_attribute(a))
                    .unwrap_or_default()
            };
            (name, attr("data-kind"), attr("data-encoding"))
        })
        .collect()
}

/// What the core (and so the CLI) reads from the same named bytes: (name, kind, encoding).
fn core_read_as(files: &[(&str, Vec<u8>)]) -> (Vec<(String, String, String)>, String) {
    let inputs: Vec<ece_triage::model::Input> = files
        .iter()
        .flat_map(|(n, b)| {
            ece_triage::intake::open(n, b.clone(), &ece_triage::intake::Limits::default())
        })
        .collect();
    let r = ece_triage::analysis::analyze(&inputs);
    let v = r
        .inputs
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                i.kind.as_str().to_string(),
                i.encoding.as_str().to_string(),
            )
        })
        .collect();
    (v, r.verdict.sentence)
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[wasm_bindgen_test]
async fn a_dropped_utf16_har_and_zip_read_as_the_cli_reads_them() {
    let har = ece_triage::har::fixtures::full_capture(1).to_string();
    let har16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(har.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let bundle = zip_of(&[
        (
            "logs/listener-ready.log",
            include_bytes!("../samples/seed/listener-ready.log"),
        ),
        (
            "logs/opc-ready.log",
            include_bytes!("../samples/seed/opc-ready.log"),
        ),
        ("shot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ]);
    let root = mount().await;
    drop_files(
        &root,
        &[
            file_of(&har16, "capture.har"),
            file_of(&bundle, "bundle.zip"),
        ],
    )
    .await;
    wait_for_text(&root, ".input-list", "bundle.zip/shot.png", 3000).await;
    settle(200).await;
    let (want, verdict) = core_read_as(&[("capture.har", har16), ("bundle.zip", bundle)]);
    assert_eq!(read_as(&root), want);
    assert!(want.contains(&("capture.har".into(), "har".into(), "utf-16le-bom".into())));
    assert!(text_of(&root, ".verdict").contains(&verdict), "{verdict}");
    // The skipped member says what it is, next to it.
    let list = text_of(&root, ".input-list");
    assert!(list.contains("this looks like a PNG image"), "{list}");
    assert!(list.contains("UTF-16 LE (byte-order mark)"), "{list}");
}

#[wasm_bindgen_test]
async fn a_dropped_folder_is_walked_in_name_order_as_the_cli_walks_it() {
    let files: [(&str, &[u8]); 4] = [
        (
            "logs/listener-ready.log",
            include_bytes!("../samples/seed/listener-ready.log"),
        ),
        (
            "logs/opc-ready.log",
            include_bytes!("../samples/seed/opc-ready.log"),
        ),
        (
            "logs/pg1/ctisvr-ready.log",
            include_bytes!("../samples/seed/ctisvr-ready.log"),
        ),
        ("logs/pg1/shot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ];
    // A browser only hands a test's drop plain files; the folder's entries (what
    // `webkitGetAsEntry` gives for a real dropped folder) are made here, listed out of order.
    let window = web_sys::window().unwrap();
    let fake = js_sys::Object::new();
    for (path, bytes) in files {
        let name = path.rsplit('/').next().unwrap();
        js_sys::Reflect::set(&fake, &format!("/{path}").into(), &file_of(bytes, name)).unwrap();
    }
    js_sys::Reflect::set(&window, &"__fakeFolder".into(), &fake).unwrap();
    let make = js_sys::Function::new_no_args(
        "const f = window.__fakeFolder;
         const file = (name, full) => ({ isFile: true, isDirectory: false, name, fullPath: full,
             file(ok, err) { ok(f[full]); } });
         const dir = (name, full, kids) => ({ isFile: false, isDirectory: true, name, fullPath: full,
             createReader() { let given = false;
                 return { readEntries(ok, err) { ok(given ? [] : kids); given = true; } }; } });
         return dir('logs', '/logs', [
             dir('pg1', '/logs/pg1', [file('shot.png', '/logs/pg1/shot.png'),
                                      file('ctisvr-ready.log', '/logs/pg1/ctisvr-ready.log')]),
             file('opc-ready.log', '/logs/opc-ready.log'),
             file('listener-ready.log', '/logs/listener-ready.log')]);",
    );
    let proto = js_sys::Reflect::get(
        &js_sys::Reflect::get(&window, &"DataTransferItem".into()).unwrap(),
        &"prototype".into(),
    )
    .unwrap();
    let original = js_sys::Reflect::get(&proto, &"webkitGetAsEntry".into()).unwrap();
    js_sys::Reflect::set(&proto, &"webkitGetAsEntry".into(), &make).unwrap();
    let root = mount().await;
    drop_files(&root, &[file_of(b"", "logs")]).await;
    wait_for_text(&root, ".input-list", "logs/pg1/shot.png", 3000).await;
    js_sys::Reflect::set(&proto, &"webkitGetAsEntry".into(), &original).unwrap();
    settle(200).await;
    let named: Vec<(&str, Vec<u8>)> = files.iter().map(|(p, b)| (*p, b.to_vec())).collect();
    let (want, _) = core_read_as(&named);
    assert_eq!(read_as(&root), want);
    assert_eq!(want[0].0, "logs/listener-ready.log");
    assert_eq!(want[3].1, "skipped");
}

#[wasm_bindgen_test]
async fn the_same_har_dropped_and_pasted_is_listed_once_counted_once() {
    let har = ece_triage::har::fixtures::full_capture(1).to_string();
    let root = mount().await;
    drop_files(&root, &[file_of(har.as_bytes(), "capture.har")]).await;
    wait_for_text(&root, ".input-list", "capture.har", 3000).await;
    settle(300).await;
    let count = |sel: &str| root.query_selector_all(sel).unwrap().length();
    let (findings, arrows) = (count("article.finding"), count(".ladder .arrow"));
    assert!(findings > 0, "the capture has findings");
    // The same capture again: dropped under another name, and pasted (CRLF, as some tools copy).
    drop_files(&root, &[file_of(har.as_bytes(), "copy.har")]).await;
    settle(300).await;
    paste(&root, &har.replace('\n', "\r\n")).await;
    let list = wait_for_text(&root, ".input-list", "paste", 3000).await;
    settle(300).await;
    assert_eq!(
        list.matches("same content as capture.har (not counted twice)")
            .count(),
        2,
        "{list}"
    );
    assert_eq!(count("article.finding"), findings);
    assert_eq!(count(".ladder .arrow"), arrows);
    assert_eq!(count(".read-as.same-content"), 2);
    // The link carries the capture once, and says so.
    click(&root, "#share-link");
    settle(200).await;
    let link: String = js_sys::Reflect::get(
        &root.query_selector("#share-url").unwrap().unwrap(),
        &"value".into(),
    )
    .unwrap()
    .as_string()
    .unwrap();
    let state = ece_triage::share::decode(link.split_once('#').unwrap().1).unwrap();
    assert_eq!(state.inputs.len(), 1, "{:?}", state.left_out);
    assert_eq!(
        state
            .left_out
            .iter()
            .filter(|n| n.contains("the same content as capture.har, carried once"))
            .count(),
        2,
        "{:?}",
        state.left_out
    );
}

#[wasm_bindgen_test]
async fn the_decode_tab_has_an_example_and_keeps_its_text_across_tabs() {
    let root = mount().await;
    click(&root, "#tab-decode");
    settle(50).await;
    click(&root, "#decoder-example");
    settle(100).await;
    let decoded = text_of(&root, ".decoder");
    assert!(
        decoded.contains("MEDIA_LOGIN_REQ") && decoded.contains("MEDIA_LOGIN_RESP"),
        "{decoded}"
    );
    // The user's own text survives a visit to another tab.
    type_into(&root, ".dump-input", "0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0").await;
    click(&root, "#tab-rules");
    settle(50).await;
    click(&root, "#tab-decode");
    settle(100).await;
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector(".dump-input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), "0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0");
    assert!(text_of(&root, ".decoder").contains("MEDIA_LOGIN_RESP"));
}

/// Issue 13 leftover: on a 390 px phone the Decode tab's field tables scroll in their own box;
/// the message around them is not wider than the screen (nothing clipped off its right edge).
#[wasm_bindgen_test]
async fn the_decode_tables_scroll_in_their_own_box_on_a_phone() {
    let root = mount().await;
    root.set_attribute("style", "width: 390px").unwrap();
    click(&root, "#tab-decode");
    settle(50).await;
    click(&root, "#decoder-example");
    settle(150).await;
    let list = root.query_selector_all(".decoder section.message").unwrap();
    assert!(list.length() >= 2);
    for i in 0..list.length() {
        let m: Element = list.get(i).unwrap().dyn_into().unwrap();
        assert!(
            m.scroll_width() <= m.client_width() + 1 && m.client_width() <= 390,
            "message {i}: {} px of content in {} px",
            m.scroll_width(),
            m.client_width()
        );
        let t: Element = m.query_selector("table.fields").unwrap().unwrap();
        assert!(t.client_width() <= m.client_width());
    }
    let widest = (0..list.length())
        .filter_map(|i| {
            list.get(i)?
                .dyn_into::<Element>()
                .ok()?
                .query_selector("table.fields")
                .ok()?
        })
        .map(|t| t.scroll_width() - t.client_width())
        .max()
        .unwrap_or(0);
    assert!(
        widest > 0,
        "a field table is wider than a phone: it scrolls, not clips"
    );
    root.remove_attribute("style").unwrap();
}

/// Clicks (a bubbling click event) the first element of `selector` whose text starts with `text`.
fn click_text(root: &Element, selector: &str, text: &str) {
    let all = root.query_selector_all(selector).unwrap();
    let target = (0..all.length())
        .filter_map(|i| all.get(i))
        .find(|n| n.text_content().unwrap_or_default().starts_with(text))
        .unwrap_or_else(|| panic!("no {selector} starts with {text}"));
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &{
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn the_selected_arrow_stays_the_same_event_when_more_evidence_reorders_the_ladder() {
    let root = mount().await;
    for log in [
        include_str!("../samples/seed/listener-ready.log"),
        include_str!("../samples/seed/ctisvr-ready.log"),
    ] {
        paste(&root, log).await;
    }
    settle(100).await;
    click_text(
        &root,
        "svg.ladder g.arrow.observed",
        "MAKE_AGENT_ROUTABLE_IND",
    );
    settle(100).await;
    let selected = |root: &Element| {
        let el = root
            .query_selector("svg.ladder g.arrow.selected")
            .unwrap()
            .expect("an arrow is selected");
        (
            el.get_attribute("data-index"),
            el.query_selector("title")
                .unwrap()
                .and_then(|t| t.text_content())
                .unwrap_or_default(),
        )
    };
    let (index_before, before) = selected(&root);
    assert!(before.starts_with("MAKE_AGENT_ROUTABLE_IND"), "{before}");
    let line_before = text_of(&root, ".arrow-detail .source-line.hit");
    // The login logs: their arrows come first, and every later arrow moves down the ladder.
    for log in [
        include_str!("../samples/seed/listener-login.log"),
        include_str!("../samples/seed/ctisvr-login.log"),
    ] {
        paste(&root, log).await;
    }
    settle(200).await;
    let (index_after, after) = selected(&root);
    assert_ne!(
        index_before, index_after,
        "the new evidence moves the arrow (else this test proves nothing)"
    );
    assert_eq!(before, after, "the same arrow stays selected");
    assert_eq!(
        text_of(&root, ".arrow-detail .source-line.hit"),
        line_before,
        "with the same source line"
    );
}

#[wasm_bindgen_test]
async fn back_and_forward_follow_the_moves_between_evidence_lines() {
    let root = mount().await;
    click(&root, "#load-example");
    settle(150).await;
    analysed(&root).await;
    let links = root
        .query_selector_all("table.events tr.event button.link")
        .unwrap();
    let names: Vec<String> = (0..3)
        .map(|i| links.get(i).unwrap().text_content().unwrap_or_default())
        .collect();
    // A → B → C: three timeline rows' source lines.
    for i in [0, 1, 2] {
        root.query_selector_all("table.events tr.event button.link")
            .unwrap()
            .get(i)
            .unwrap()
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
        settle(80).await;
    }
    let hit = |root: &Element| text_of(root, "#nav-evidence .source-line.hit");
    let c = hit(&root);
    let nav = root.query_selector("#nav-evidence").unwrap().unwrap();
    assert_eq!(
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element(),
        Some(nav),
        "the evidence takes the focus ({names:?})"
    );
    let history = web_sys::window().unwrap().history().unwrap();
    history.back().unwrap();
    settle(200).await;
    let b = hit(&root);
    history.back().unwrap();
    settle(200).await;
    let a = hit(&root);
    assert_ne!(a, b, "{names:?}");
    assert_ne!(b, c, "{names:?}");
    // Forward again to B, then a click on A's row shows A's line, as the first visit did.
    history.forward().unwrap();
    settle(200).await;
    assert_eq!(hit(&root), b);
    root.query_selector_all("table.events tr.event button.link")
        .unwrap()
        .get(0)
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle(80).await;
    assert_eq!(hit(&root), a, "back twice from C lands on A");
}

/// Issue 15: the quick HAR reading as the page's build runs it (simd128 string scan) reads every
/// real sample, a generated capture and their cut-short prefixes exactly as serde_json over the
/// whole file does, and takes the quick way on the captures with bodies.
#[wasm_bindgen_test]
fn quick_har_reading_in_the_page_build_matches_serde() {
    use ece_triage::har::reader::{read_har_fast, read_har_serde};
    let generated = ece_triage::synth::har_mb(1);
    let inputs: [&[u8]; 6] = [
        include_bytes!("../samples/har/harviewer-www-cnn-com.har"),
        include_bytes!("../samples/har/harviewer-issue-61-chrome51.har"),
        include_bytes!("../samples/har/harviewer-issue-61-firefox47.har"),
        include_bytes!("../samples/har/harviewer-issue-61-ie11.fiddler.har"),
        include_bytes!("../samples/har/harviewer-noPages.har"),
        generated.as_bytes(),
    ];
    let mut quick = 0;
    for (i, bytes) in inputs.iter().enumerate() {
        for cut in [bytes.len(), bytes.len() * 2 / 3, bytes.len() / 3] {
            let b = &bytes[..cut];
            let plain = read_har_serde(b);
            assert_eq!(
                ece_triage::har::read_har(b),
                plain,
                "input {i} cut at {cut}"
            );
            if let Some(cap) = read_har_fast(b) {
                assert_eq!(Ok(cap), plain, "input {i} cut at {cut}: the quick reading");
                quick += 1;
            }
        }
    }
    assert!(quick >= 5, "the quick reading read {quick} inputs");
}
