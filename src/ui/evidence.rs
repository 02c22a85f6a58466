//! The raw evidence: the source lines a finding or an arrow points to, with the line highlighted.
use crate::model::Input;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EvidenceProps {
    pub inputs: Rc<Vec<Input>>,
    pub input: usize,
    /// 1-based line to highlight.
    pub line: Option<u32>,
}

/// Lines shown around the highlighted one.
const CONTEXT: u32 = 4;

#[function_component(EvidenceView)]
pub fn evidence_view(props: &EvidenceProps) -> Html {
    let Some(input) = props.inputs.get(props.input) else {
        return html! {};
    };
    let target = props.line.unwrap_or(1);
    let first = target.saturating_sub(CONTEXT).max(1);
    let last = target + CONTEXT;
    html! {
        <section class="panel evidence" aria-labelledby="evidence-h">
            <h2 id="evidence-h">{ format!("Evidence — {}", input.name) }</h2>
            <pre class="source">
                { for input.text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l))
                    .skip_while(|(n, _)| *n < first).take_while(|(n, _)| *n <= last)
                    .map(|(n, l)| html! {
                        <div class={classes!("source-line", (Some(n) == props.line).then_some("hit"))}>
                            <span class="ln">{ n }</span>{ l }
                        </div>
                    }) }
            </pre>
        </section>
    }
}
