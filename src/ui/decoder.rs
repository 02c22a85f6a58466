//! The ARM byte-dump decoder view: paste a dump, see every field with its bytes.
//!
//! No parsing here: the component calls `crate::cti::decode_text` and renders what comes back.
//! Hovering or focusing a field row highlights its bytes, hovering a byte highlights its row.
use crate::cti::decode::hex;
use crate::cti::{decode_text, Alternative, DecodeOptions, FramingChoice, Message};
use crate::model::Confidence;
use crate::sample::DUMP_EXAMPLE;
use wasm_bindgen::JsValue;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct DecoderProps {
    /// Text the textarea starts with (e.g. a sample dump).
    #[prop_or_default]
    pub initial: String,
    /// Where the text is kept while another tab is shown.
    #[prop_or_default]
    pub kept: Kept,
}

/// The Decode tab's text across tab switches: the text it was opened with (`initial`) and what
/// the user has made of it since. Shared by identity: the App holds one for its life.
#[derive(Clone, Default)]
pub struct Kept(pub std::rc::Rc<std::cell::RefCell<(String, String)>>);

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Kept {
    /// The text to show for a view opened with `initial`: what was typed since, if it was opened
    /// with the same text before.
    fn text_for(&self, initial: &str) -> String {
        let k = self.0.borrow();
        if k.0 == initial {
            k.1.clone()
        } else {
            initial.to_string()
        }
    }
    fn keep(&self, initial: &str, text: &str) {
        *self.0.borrow_mut() = (initial.to_string(), text.to_string());
    }
}

/// Highlighted byte range: (message index, offset, size).
type Highlight = Option<(usize, usize, usize)>;

fn conf_badge(c: Confidence) -> Html {
    let name = match c {
        Confidence::Confirmed => "confirmed",
        Confidence::Inferred => "inferred",
        Confidence::Unconfirmed => "unconfirmed",
    };
    html! { <span class={classes!("conf", format!("conf-{name}"))}>{ name }</span> }
}

fn alternatives(alts: &[Alternative]) -> Html {
    if alts.is_empty() {
        return html! {};
    }
    html! {
        <ul class="alternatives">
            { for alts.iter().map(|a| html! { <li>{ format!("or {}: {}", a.reading, a.values) }</li> }) }
        </ul>
    }
}

fn pv_from_select(e: &Event) -> FramingChoice {
    let value = e
        .target()
        .and_then(|t| js_sys::Reflect::get(&JsValue::from(t), &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match value.parse::<u32>() {
        Ok(v) => FramingChoice::Version(v),
        Err(_) => FramingChoice::Auto,
    }
}

#[function_component(DecoderView)]
pub fn decoder_view(props: &DecoderProps) -> Html {
    let text = use_state(|| props.kept.text_for(&props.initial));
    let pv = use_state(|| FramingChoice::Auto);
    let hl = use_state(|| None as Highlight);
    let out = use_memo(((*text).clone(), *pv), |(t, pv)| {
        decode_text(t, &DecodeOptions { framing: *pv })
    });

    let set_text = {
        let text = text.clone();
        let kept = props.kept.clone();
        let initial = props.initial.clone();
        Callback::from(move |t: String| {
            kept.keep(&initial, &t);
            text.set(t);
        })
    };
    let oninput = set_text.reform(|e: InputEvent| {
        let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        el.value()
    });
    let on_example = set_text.reform(|_| DUMP_EXAMPLE.1.to_string());
    let onchange = {
        let pv = pv.clone();
        Callback::from(move |e: Event| pv.set(pv_from_select(&e)))
    };
    let selected = |v: Option<u32>| match (*pv, v) {
        (FramingChoice::Auto, None) => true,
        (FramingChoice::Version(a), Some(b)) => (a >= 20) == (b >= 20),
        _ => false,
    };

    let messages = out
        .messages
        .iter()
        .enumerate()
        .map(|(mi, m)| render_message(mi, m, &hl));

    html! {
        <div class="decoder">
            <div class="decoder-controls">
                <p class="decoder-example">
                    <button type="button" id="decoder-example" onclick={on_example}>{ "Load an example" }</button>
                    <span class="muted small">{ format!(" the seed's {}: a MEDIA_LOGIN_REQ the listener sent and the MEDIA_LOGIN_RESP it received, as ARMLogger writes them", DUMP_EXAMPLE.0) }</span>
                </p>
                <textarea class="dump-input" aria-label="ARM byte dump" rows="6"
                    placeholder="Paste listener ARMLogger lines (Sending X -> 0 0 0 16 …) or bytes in decimal or hex"
                    value={(*text).clone()} {oninput} />
                <label>
                    { "Protocol version " }
                    <select class="pv-select" aria-label="Protocol version" {onchange}>
                        <option value="auto" selected={selected(None)}>{ "Auto (detect framing)" }</option>
                        <option value="19" selected={selected(Some(19))}>{ "19 and older (1-byte tag/length)" }</option>
                        <option value="20" selected={selected(Some(20))}>{ "20 and newer (2-byte tag/length)" }</option>
                    </select>
                </label>
            </div>
            if !out.problems.is_empty() {
                <ul class="problems text-problems">
                    { for out.problems.iter().map(|p| html! {
                        <li>{ format!("text offset {}: {}", p.offset, p.message) }</li>
                    }) }
                </ul>
            }
            if out.messages.is_empty() && !text.trim().is_empty() {
                <p class="empty">{ "No byte dump found in this text." }</p>
            }
            { for messages }
        </div>
    }
}

fn render_message(mi: usize, m: &Message, hl: &UseStateHandle<Highlight>) -> Html {
    let active = match **hl {
        Some((i, o, n)) if i == mi => Some((o, n)),
        _ => None,
    };
    let is_active = |o: usize, n: usize| active == Some((o, n));
    let hover = |o: usize, n: usize| {
        let hl = hl.clone();
        Callback::from(move |_: MouseEvent| hl.set(Some((mi, o, n))))
    };
    let focus = |o: usize, n: usize| {
        let hl = hl.clone();
        Callback::from(move |_: FocusEvent| hl.set(Some((mi, o, n))))
    };
    let leave = {
        let hl = hl.clone();
        Callback::from(move |_: MouseEvent| hl.set(None))
    };
    let blur = {
        let hl = hl.clone();
        Callback::from(move |_: FocusEvent| hl.set(None))
    };
    let crate::render::heading::Heading { title, detail, .. } = crate::render::heading::heading(m);

    let header = m.header_fields();
    let rows = header.iter().chain(&m.fields).map(|f| {
        let (offset, size) = (f.offset as usize, f.size as usize);
        html! {
            <tr tabindex="0" class={classes!("field", is_active(offset, size).then_some("highlight"))}
                data-offset={f.offset.to_string()} data-size={f.size.to_string()}
                onmouseenter={hover(offset, size)} onmouseleave={leave.clone()}
                onfocus={focus(offset, size)} onblur={blur.clone()}>
                <td class="offset">{ f.offset }</td>
                <td class="size">{ f.size }</td>
                <td class="name">{ f.name.as_str() }</td>
                <td class="type">{ f.ty.as_str() }</td>
                <td class="raw"><code>{ hex(&f.raw) }</code></td>
                <td class="value">{ f.display.as_str() }{ alternatives(&f.alternatives) }</td>
                <td class="confidence">{ conf_badge(f.confidence) }</td>
            </tr>
        }
    });
    let floating_rows = m.floating.iter().map(|f| {
        let size = m.floating_size(f);
        html! {
            <tr tabindex="0" class={classes!("field", is_active(f.offset, size).then_some("highlight"))}
                data-offset={f.offset.to_string()} data-size={size.to_string()}
                onmouseenter={hover(f.offset, size)} onmouseleave={leave.clone()}
                onfocus={focus(f.offset, size)} onblur={blur.clone()}>
                <td class="offset">{ f.offset }</td>
                <td class="tag">{ f.tag }</td>
                <td class="name">{ f.name.as_deref().unwrap_or("(unknown tag)") }</td>
                <td class="length">{ f.length }</td>
                <td class="raw"><code>{ hex(&f.raw) }</code></td>
                <td class="value">{ f.display.as_str() }</td>
                <td class="confidence">{ conf_badge(f.confidence) }</td>
            </tr>
        }
    });
    let ranges = m.field_ranges();
    let bytes = m.bytes.iter().enumerate().map(|(i, b)| {
        let range = ranges.iter().copied().find(|&(o, n)| i >= o && i < o + n);
        let lit = active.is_some_and(|(o, n)| i >= o && i < o + n);
        let onmouseenter = range.map(|(o, n)| hover(o, n));
        html! {
            <span class={classes!("byte", lit.then_some("highlight"))} data-offset={i.to_string()}
                {onmouseenter} onmouseleave={leave.clone()}>{ format!("{b:02X}") }</span>
        }
    });

    html! {
        <section class="message">
            <h3>{ title } <small>{ format!(" — {detail}") }</small></h3>
            if let Some(logged) = m.logged_name.as_ref().filter(|l| m.name.as_ref() != Some(*l)) {
                <p class="logged-name">{ format!("logged as {logged}") }</p>
            }
            if let Some(note) = &m.framing_note {
                <p class="framing-note">{ note.as_str() }</p>
            }
            <table class="fields">
                <thead><tr>
                    <th>{ "offset" }</th><th>{ "size" }</th><th>{ "name" }</th><th>{ "type" }</th>
                    <th>{ "raw" }</th><th>{ "value" }</th><th>{ "confidence" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if !m.floating.is_empty() {
                <table class="fields floating">
                    <thead><tr>
                        <th>{ "offset" }</th><th>{ "tag" }</th><th>{ "name" }</th><th>{ "length" }</th>
                        <th>{ "raw" }</th><th>{ "value" }</th><th>{ "confidence" }</th>
                    </tr></thead>
                    <tbody>{ for floating_rows }</tbody>
                </table>
            }
            if !m.problems.is_empty() {
                <ul class="problems">
                    { for m.problems.iter().map(|p| html! {
                        <li>{ format!("byte {}: {}", p.offset, p.message) }</li>
                    }) }
                </ul>
            }
            <div class="bytes" aria-label="message bytes">{ for bytes }</div>
        </section>
    }
}
