//! The raw evidence: the source lines a finding or an arrow points to, with the line highlighted.
//!
//! The lines come from the analysis service through `ServiceRef`: read again from the page's
//! texts for small inputs, by the worker (which read the `File` the page never did) for big ones.
use super::state::PageInput;
use super::worker_client::{Answer, Query};
use super::ServiceRef;
use crate::source_lines::SourceLine;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EvidenceProps {
    pub inputs: Rc<Vec<PageInput>>,
    pub input: usize,
    /// 1-based line to highlight.
    pub line: Option<u32>,
    /// The analysis the worker holds (the state's generation), to ask it for a big input's lines.
    pub generation: u64,
    pub service: ServiceRef,
    /// Set when the worker opened an archive, so its inputs (the report's) are not the page's:
    /// the input's name in the report; its lines then come from the worker.
    #[prop_or_default]
    pub held_name: Option<String>,
}

/// Lines shown around the highlighted one.
const CONTEXT: u32 = 4;

/// What the worker said about (input, line, generation): `None` inside while it is asked.
type Fetched = Option<((usize, u32, u64), Option<Vec<SourceLine>>)>;

#[function_component(EvidenceView)]
pub fn evidence_view(props: &EvidenceProps) -> Html {
    let fetched = use_state(|| None as Fetched);
    let target = props.line.unwrap_or(1);
    let key = (props.input, target, props.generation);
    {
        // Asked of the analysis service (on the page for small inputs, in the worker for big
        // ones); a worker that opened an archive numbers the inputs as its report does.
        let fetched = fetched.clone();
        let worker = props.service.clone();
        use_effect_with(key, move |&key| {
            let (input, line, id) = key;
            let first = line.saturating_sub(CONTEXT).max(1);
            let asked = worker.ask(
                |qid| Query::Lines {
                    qid,
                    id,
                    input,
                    first,
                    last: line.saturating_add(CONTEXT),
                },
                {
                    let fetched = fetched.clone();
                    move |a| {
                        if let Answer::Lines(lines) = a {
                            fetched.set(Some((key, lines)));
                        }
                    }
                },
            );
            if !asked {
                fetched.set(Some((key, None)));
            }
        });
    }
    let name = match (&props.held_name, props.inputs.get(props.input)) {
        (Some(name), _) => name.clone(),
        (None, Some(i)) => i.name.clone(),
        (None, None) => return html! {},
    };
    let body = match &*fetched {
        Some((k, lines)) if *k == key => match lines {
            Some(lines) => Some(lines.clone()),
            None => {
                return html! {
                    <section class="panel evidence" aria-labelledby="evidence-h">
                        <h2 id="evidence-h">{ format!("Evidence — {name}") }</h2>
                        <p class="warn">{ "These lines cannot be shown: the background analysis that read this file was stopped. Analyse it again to see them." }</p>
                    </section>
                };
            }
        },
        _ => None,
    };
    html! {
        <section class="panel evidence" aria-labelledby="evidence-h">
            <h2 id="evidence-h">{ format!("Evidence — {name}") }</h2>
            if let Some(lines) = body {
                <pre class="source">
                    { for lines.iter().map(|l| html! {
                        <div class={classes!("source-line", (Some(l.number) == props.line).then_some("hit"))}>
                            <span class="ln">{ l.number }</span>{ &l.text }
                            if l.cut > 0 {
                                <span class="muted">{ format!(" … ({} more characters)", l.cut) }</span>
                            }
                        </div>
                    }) }
                </pre>
            } else {
                <p class="muted" role="status">{ "Reading the lines…" }</p>
            }
        </section>
    }
}
