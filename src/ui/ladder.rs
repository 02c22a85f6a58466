//! The message-flow ladder drawn as SVG from the core's layout; arrows are clickable.
use super::progressive::use_progressive;
use super::ReportRef;
use crate::flow::{full_label, label_anchor, layout, DAY_ROW, TIME_W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LadderProps {
    /// The report whose ladder is drawn.
    pub report: ReportRef,
    /// Called with the arrow's index in `ladder.arrows()` when it is clicked or activated by keyboard.
    pub on_select: Callback<usize>,
    pub selected: Option<usize>,
}

#[function_component(LadderView)]
pub fn ladder_view(props: &LadderProps) -> Html {
    let lay = layout(&props.report.ladder);
    // Up to 250 rows of arrows (1,500 SVG elements): drawn over a few tasks.
    let shown = use_progressive(props.report.key(), lay.arrows.len());
    let view_box = format!("0 0 {} {}", lay.width, lay.height);
    html! {
        <svg class="ladder" viewBox={view_box} width={lay.width.to_string()} height={lay.height.to_string()}
             role="list" aria-label="Message-flow diagram: one button per arrow, in time order (arrow keys move between them)">
            <defs>
                <marker id="arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                </marker>
            </defs>
            <g aria-hidden="true">
            { for lay.bands.iter().map(|b| html! {
                <rect x="0" y={b.y.to_string()} width={lay.width.to_string()} height={b.height.to_string()} class="band" />
            }) }
            { for lay.days.iter().map(|d| html! {
                <g class="day">
                    <line x1="0" y1={d.y.to_string()} x2={lay.width.to_string()} y2={d.y.to_string()} class="day-line" />
                    <text x="4" y={(d.y + DAY_ROW * 0.7).to_string()} class="day-label">{ d.date.clone() }</text>
                </g>
            }) }
            { for lay.lanes.iter().map(|(lane, x)| html! {
                <g class="lane">
                    <text x={x.to_string()} y="24" text-anchor="middle" class="lane-title">{ lane.title() }</text>
                    <line x1={x.to_string()} y1="34" x2={x.to_string()} y2={lay.height.to_string()} class="lifeline" />
                </g>
            }) }
            </g>
            { for lay.arrows.iter().take(shown).enumerate().map(|(i, p)| {
                let cb = props.on_select.clone();
                let onclick = Callback::from(move |_: MouseEvent| cb.emit(i));
                let cbk = props.on_select.clone();
                let last = shown.saturating_sub(1);
                let onkeydown = Callback::from(move |e: KeyboardEvent| {
                    let to = match e.key().as_str() {
                        "Enter" | " " => {
                            e.prevent_default();
                            cbk.emit(i);
                            return;
                        }
                        "ArrowDown" | "ArrowRight" => (i + 1).min(last),
                        "ArrowUp" | "ArrowLeft" => i.saturating_sub(1),
                        "Home" => 0,
                        "End" => last,
                        _ => return,
                    };
                    e.prevent_default();
                    focus_arrow(&e, to);
                });
                let class = classes!(
                    "arrow",
                    if p.arrow.observed { "observed" } else { "missing" },
                    (props.selected == Some(i)).then_some("selected")
                );
                // The whole label names the button and shows on hover; the drawn one is elided to
                // stay inside the SVG.
                let label = full_label(p.arrow);
                let when = match (&p.arrow.date, &p.arrow.time) {
                    (Some(d), Some(t)) => format!(", at {d} {t}"),
                    (None, Some(t)) => format!(", at {t}"),
                    _ => String::new(),
                };
                let drawn = p.shown.clone();
                let (lx, anchor) = label_anchor(p);
                let point = (p.x1 - p.x2).abs() < f64::EPSILON;
                html! {
                    <g role="listitem">
                    // One tab stop for the whole ladder (the selected arrow, else the first);
                    // the arrow keys walk the rest.
                    <g class={class} tabindex={if i == props.selected.unwrap_or(0).min(shown.saturating_sub(1)) { "0" } else { "-1" }} role="button"
                        aria-label={format!("{label}{when}")} aria-pressed={(props.selected == Some(i)).to_string()} data-index={i.to_string()} {onclick} {onkeydown}>
                        <title>{ label.clone() }</title>
                        // The whole line of the arrow is its click target, not just the thin line.
                        <rect class="row-hit" x="0" y={(p.y - crate::flow::ROW / 2.0).to_string()} width={lay.width.to_string()} height={crate::flow::ROW.to_string()} />
                        if point {
                            <circle cx={p.x1.to_string()} cy={p.y.to_string()} r="5" />
                            <text x={lx.to_string()} y={(p.y + 4.0).to_string()} text-anchor={anchor} class="arrow-label">{ drawn.clone() }</text>
                        } else {
                            <line x1={p.x1.to_string()} y1={p.y.to_string()} x2={p.x2.to_string()} y2={p.y.to_string()} marker-end="url(#arrowhead)" />
                            <line x1={p.x1.to_string()} y1={p.y.to_string()} x2={p.x2.to_string()} y2={p.y.to_string()} class="hit" />
                            <text x={lx.to_string()} y={(p.y - 5.0).to_string()} text-anchor={anchor} class="arrow-label">{ drawn.clone() }</text>
                        }
                    </g>
                    // The time is in the button's name; drawn beside it (a name must hold what a
                    // button shows, and two texts run together would not).
                    if let Some(t) = &p.arrow.time {
                        <text x="4" y={(p.y + 4.0).to_string()} class="arrow-time" textLength={(t.len() > 12).then(|| (TIME_W - 8.0).to_string())} lengthAdjust="spacingAndGlyphs" aria-hidden="true">{ t.clone() }</text>
                    }
                    </g>
                }
            }) }
        </svg>
    }
}

/// Moves the focus to arrow `i` of the ladder the key event came from.
fn focus_arrow(e: &KeyboardEvent, i: usize) {
    use wasm_bindgen::JsCast;
    let svg = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("svg.ladder").ok().flatten());
    if let Some(el) = svg
        .and_then(|s| {
            s.query_selector(&format!("[data-index=\"{i}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = el.focus();
    }
}
