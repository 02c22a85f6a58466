//! Compare two captures: mark each input *before*/*after* (or *works*/*fails*), then both
//! verdicts side by side, what changed first, and the two ladders aligned by step.
use super::dom;
use super::progressive::{use_progressive, use_progressive_by};
use super::state::{core_inputs, PageInput, INLINE_LIMIT};
use super::worker_client::{Answer, Query};
use super::Action;
use crate::compare::{
    self, agents::field_text, example, AgentChange, Area, Comparison, DomainState, EntryPointSide,
    RowChange, Side, SideView, Sides, StepState, Words,
};
use crate::flow::{Arrow, Lane};
use crate::report::{Severity, VerdictStatus};
use crate::share::{self, Overrides, SharedState};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub inputs: Rc<Vec<PageInput>>,
    pub overrides: Overrides,
    pub on_action: Callback<Action>,
    /// The analysis worker, which holds big inputs once it has analysed `generation`.
    pub service: super::ServiceRef,
    pub generation: u64,
    /// The worker is still analysing `generation`.
    pub analyzing: bool,
}

/// What the comparison depends on: the inputs (by identity), the sides, the other overrides.
#[derive(Clone)]
struct Key(Rc<Vec<PageInput>>, Sides, Overrides);

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0) && self.1 == o.1 && self.2 == o.2
    }
}

/// Where the comparison stands.
enum Made {
    /// Not both sides have an input: (inputs before, inputs after).
    NotReady(usize, usize),
    /// The sides hold over `INLINE_LIMIT` bytes (this many): the worker compares them, as it
    /// analyses such inputs (some may be files the page never read).
    Big(usize),
    Done(Rc<Comparison>),
}

fn make(key: &Key) -> Made {
    let Key(inputs, sides, overrides) = key;
    let (b, a) = sides.indices(inputs.len());
    if b.is_empty() || a.is_empty() {
        return Made::NotReady(b.len(), a.len());
    }
    let pick = |ix: &[usize]| -> Vec<PageInput> { ix.iter().map(|&i| inputs[i].clone()).collect() };
    let (pb, pa) = (pick(&b), pick(&a));
    let bytes: usize = pb.iter().chain(&pa).map(PageInput::bytes).sum();
    match (core_inputs(&pb), core_inputs(&pa)) {
        (Some(cb), Some(ca)) if bytes <= INLINE_LIMIT => {
            Made::Done(Rc::new(compare::compare(&cb, &ca, sides.words, overrides)))
        }
        _ => Made::Big(bytes),
    }
}

/// Reads the big inputs of both sides on the page (as the page reads files: `intake`, archives
/// opened) and compares (a long task, by the user's choice).
async fn make_here(key: Key) -> Rc<Comparison> {
    let Key(inputs, sides, overrides) = key;
    let (b, a) = sides.indices(inputs.len());
    let read = |ix: Vec<usize>| {
        let inputs = inputs.clone();
        async move {
            let mut out = Vec::with_capacity(ix.len());
            for i in ix {
                let p = &inputs[i];
                match &p.content {
                    super::Content::File(blob) => {
                        out.extend(super::inputs::open_blob(&p.name, blob).await)
                    }
                    super::Content::Js(s) => {
                        out.push(crate::model::Input::new(p.name.clone(), String::from(s)))
                    }
                    super::Content::Text(_) => {
                        out.extend(core_inputs(std::slice::from_ref(p)).unwrap_or_default())
                    }
                }
            }
            out
        }
    };
    let (cb, ca) = (read(b).await, read(a).await);
    Rc::new(compare::compare(&cb, &ca, sides.words, &overrides))
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let sides = props.overrides.compare.clone().unwrap_or_default();
    let mut others = props.overrides.clone();
    others.compare = None;
    let key = Key(props.inputs.clone(), sides.clone(), others);
    let made = use_memo(key.clone(), make);
    // A comparison of big inputs, made by the worker (which holds them) or read on the page, for
    // the key it was made for; or why the worker could not.
    let here = use_state(|| None::<(Key, Rc<Comparison>)>);
    let worker_note = use_state(|| None::<(Key, String)>);
    {
        let (here, worker_note, service) =
            (here.clone(), worker_note.clone(), props.service.clone());
        let big = matches!(&*made, Made::Big(..));
        let (id, overrides) = (props.generation, props.overrides.clone());
        use_effect_with(
            (key.clone(), id, props.analyzing),
            move |(key, id, analyzing)| {
                if big && !*analyzing {
                    let (key, id) = (key.clone(), *id);
                    worker_note.set(Some((
                        key.clone(),
                        "Comparing in the background worker\u{2026}".into(),
                    )));
                    let asked = service.ask(
                        |qid| Query::Compare {
                            qid,
                            id,
                            overrides,
                            sanitized: false,
                        },
                        {
                            let (key, worker_note) = (key.clone(), worker_note.clone());
                            move |answer| match answer {
                                Answer::Compare(Some(c)) => {
                                    worker_note.set(None);
                                    here.set(Some((key, Rc::new(*c))));
                                }
                                _ => worker_note.set(Some((
                                    key,
                                    "The worker no longer holds these inputs.".into(),
                                ))),
                            }
                        },
                    );
                    if !asked {
                        worker_note
                            .set(Some((key, "No analysis worker holds these inputs.".into())));
                    }
                }
            },
        );
    }
    let worker_note = worker_note
        .as_ref()
        .filter(|(k, _)| *k == key)
        .map(|(_, n)| n.clone());
    let comparison: Option<Rc<Comparison>> = match &*made {
        Made::Done(c) => Some(c.clone()),
        _ => here
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, c)| c.clone()),
    };
    let set_sides = {
        let cb = props.on_action.clone();
        move |s: Sides| cb.emit(Action::SetSides(Some(s)))
    };
    let (wb, wa) = sides.words.pair();
    html! {
        <section class="results compare" aria-label="Compare two captures">
            <section class="panel compare-setup" aria-labelledby="compare-h">
                <h2 id="compare-h">{ "Compare two captures" }</h2>
                <p class="muted">{ "Put each input on one side: each side is analysed on its own, then the page shows what changed. Inputs on no side are left out of the comparison (the Analysis tab still takes them all together)." }</p>
                <fieldset class="words">
                    <legend>{ "Call the sides" }</legend>
                    { for [Words::BeforeAfter, Words::WorksFails].into_iter().map(|w| {
                        let set = set_sides.clone();
                        let mut s = sides.clone();
                        s.words = w;
                        let (x, y) = w.pair();
                        html! {
                            <label>
                                <input type="radio" name="compare-words" checked={sides.words == w}
                                    onchange={Callback::from(move |_| set(s.clone()))} />
                                { format!(" {x} / {y}") }
                            </label>
                        }
                    }) }
                </fieldset>
                if props.inputs.is_empty() {
                    <p>{ "Add the evidence of both captures on the left (or drop them), then put each on its side. Or open an example:" }</p>
                } else {
                    if (0..props.inputs.len()).any(|i| sides.side(i).is_none()) {
                        <p class="row rest-buttons">
                            <span class="muted small">{ "Every input on no side yet:" }</span>
                            { for [Side::Before, Side::After].into_iter().map(|side| {
                                let set = set_sides.clone();
                                let mut s = sides.clone();
                                for i in 0..props.inputs.len() {
                                    if s.side(i).is_none() {
                                        s.set(i, Some(side));
                                    }
                                }
                                html! {
                                    <button class="rest-to" data-side={sides.words.word(side)}
                                        onclick={Callback::from(move |_| set(s.clone()))}>{ format!("all to {}", sides.words.word(side)) }</button>
                                }
                            }) }
                        </p>
                    }
                    <ul class="side-list">
                        { for props.inputs.iter().enumerate().map(|(i, input)| {
                            let current = sides.side(i);
                            let button = |side: Option<Side>, label: &str| {
                                let set = set_sides.clone();
                                let mut s = sides.clone();
                                s.set(i, side);
                                let pressed = current == side;
                                html! {
                                    <button class={classes!("side-button", pressed.then_some("on"))} aria-pressed={pressed.to_string()}
                                        data-side={side.map(|x| sides.words.word(x)).unwrap_or("none")}
                                        onclick={Callback::from(move |_| set(s.clone()))}>{ label.to_string() }</button>
                                }
                            };
                            html! {
                                <li data-input={i.to_string()}>
                                    <span class="input-name">{ &input.name }</span>
                                    <span class="side-buttons" role="group" aria-label={format!("Side of {}", input.name)}>
                                        { button(Some(Side::Before), wb) }
                                        { button(Some(Side::After), wa) }
                                        { button(None, "neither") }
                                    </span>
                                </li>
                            }
                        }) }
                    </ul>
                }
                <p class="row examples">
                    { for example::PAIRS.iter().map(|p| {
                        let cb = props.on_action.clone();
                        let (inputs, sides) = p.inputs();
                        html! {
                            <button class="compare-example" data-example={p.id} onclick={Callback::from(move |_| cb.emit(Action::Restore(SharedState {
                                inputs: inputs.clone(),
                                overrides: Overrides { compare: Some(sides.clone()), ..Default::default() },
                                left_out: Vec::new(),
                            })))}>{ format!("Example: {}", p.title) }</button>
                        }
                    }) }
                </p>
            </section>
            {
                match (&*made, comparison) {
                    (_, Some(c)) => html! { <ComparisonView comparison={ComparisonRef(c)} inputs={props.inputs.clone()} overrides={props.overrides.clone()}
                        service={props.service.clone()} generation={props.generation} /> },
                    (Made::NotReady(b, a), None) => html! {
                        <p class="panel muted compare-wait" role="status">{ format!(
                            "{} on the {wb} side, {} on the {wa} side: put at least one input on each side.",
                            count(*b), count(*a).to_lowercase()) }</p>
                    },
                    (Made::Big(bytes), None) => {
                        let mb = *bytes as f64 / 1e6;
                        let here = here.clone();
                        let key = key.clone();
                        let on_here = Callback::from(move |_| {
                            let here = here.clone();
                            let key = key.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                let c = make_here(key.clone()).await;
                                here.set(Some((key, c)));
                            });
                        });
                        html! {
                            <div class="panel compare-big" role="status">
                                <p>{ format!("The two sides hold {mb:.1} MB: the background worker, which holds the inputs, compares them.") }</p>
                                if props.analyzing {
                                    <p class="muted">{ "Waiting for the worker to finish analysing the inputs\u{2026}" }</p>
                                } else if let Some(n) = &worker_note {
                                    <p class="muted">{ n.clone() }</p>
                                }
                                <p class="small muted">{ "Or compare on this page (it stops responding while it reads and analyses them), or run `ece-triage compare` on the files." }</p>
                                <button id="compare-here" onclick={on_here}>{ "Compare on this page" }</button>
                            </div>
                        }
                    }
                    (Made::Done(_), None) => html! {},
                }
            }
        </section>
    }
}

fn count(n: usize) -> String {
    match n {
        0 => "No input".into(),
        1 => "1 input".into(),
        n => format!("{n} inputs"),
    }
}

/// A comparison, equal when it is the same one (no deep compare on every render).
#[derive(Clone)]
pub struct ComparisonRef(pub Rc<Comparison>);

impl PartialEq for ComparisonRef {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

#[derive(Properties, PartialEq)]
struct ComparisonProps {
    comparison: ComparisonRef,
    inputs: Rc<Vec<PageInput>>,
    overrides: Overrides,
    service: super::ServiceRef,
    generation: u64,
}

/// What an export is made of: the comparison of the sanitized inputs.
#[derive(Clone, Copy, PartialEq)]
enum ExportAs {
    Json,
    Text,
}

impl ExportAs {
    fn save(self, c: &Comparison) {
        match self {
            ExportAs::Json => {
                dom::download("ece-triage-compare.json", "application/json", &c.to_json())
            }
            ExportAs::Text => dom::download(
                "ece-triage-compare.txt",
                "text/plain",
                &compare::text::text(c),
            ),
        }
    }
}

fn look(s: VerdictStatus) -> (&'static str, &'static str, &'static str) {
    match s {
        VerdictStatus::ChatAvailable => ("ok", "\u{2714}", "Chat available"),
        VerdictStatus::ChatUnavailable => ("bad", "\u{2716}", "Chat unavailable"),
        VerdictStatus::Undecided => ("unknown", "?", "Undecided"),
    }
}

fn capital(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The comparison: verdicts, differences, entry points, agents, steps, findings, ladders, exports.
#[function_component(ComparisonView)]
fn comparison_view(props: &ComparisonProps) -> Html {
    let c = &props.comparison.0;
    let (wb, wa) = (c.words.before.as_str(), c.words.after.as_str());
    let link = use_state(|| None::<String>);
    // Long lists (thousands of agents, 250 ladder rows a side) are drawn over several tasks.
    let key = Rc::as_ptr(c) as usize;
    let n_diffs = use_progressive(key, c.differences.len());
    let n_findings = use_progressive(key, c.findings.len());
    let n_agents = use_progressive(key, c.agents.len());
    let n_steps = use_progressive(key, c.steps.len());
    // A row of the aligned ladders is two small diagrams (about 22 elements): 15 a task.
    let n_rows = use_progressive_by(key, c.ladder.rows.len(), 15);
    // Exports carry the sanitized inputs' comparison (what a link's recipient sees): made here
    // for inputs the page holds, else by the worker.
    let export_note = use_state(|| None::<String>);
    let export = |how: ExportAs| {
        let (inputs, overrides) = (props.inputs.clone(), props.overrides.clone());
        let (service, id, note) = (props.service.clone(), props.generation, export_note.clone());
        Callback::from(move |_| {
            let sides = overrides.compare.clone().unwrap_or_default();
            let (b, a) = sides.indices(inputs.len());
            let pick = |ix: &[usize]| {
                core_inputs(&ix.iter().map(|&i| inputs[i].clone()).collect::<Vec<_>>())
            };
            let bytes: usize = b.iter().chain(&a).map(|&i| inputs[i].bytes()).sum();
            match (pick(&b), pick(&a)) {
                (Some(cb), Some(ca)) if bytes <= INLINE_LIMIT => {
                    how.save(&compare::compare_sanitized(
                        &cb,
                        &ca,
                        sides.words,
                        &overrides,
                    ));
                    note.set(None);
                }
                _ => {
                    note.set(Some(
                        "Making the export in the background worker\u{2026}".into(),
                    ));
                    let note2 = note.clone();
                    let overrides = overrides.clone();
                    let asked = service.ask(
                        |qid| Query::Compare {
                            qid,
                            id,
                            overrides,
                            sanitized: true,
                        },
                        move |answer| match answer {
                            Answer::Compare(Some(c)) => {
                                how.save(&c);
                                note2.set(None);
                            }
                            _ => note2.set(Some(
                                "The worker no longer holds these inputs: no export.".into(),
                            )),
                        },
                    );
                    if !asked {
                        note.set(Some(
                            "No analysis worker holds these inputs: no export.".into(),
                        ));
                    }
                }
            }
        })
    };
    let on_json = export(ExportAs::Json);
    let on_text = export(ExportAs::Text);
    let on_link = {
        let (inputs, overrides, link) =
            (props.inputs.clone(), props.overrides.clone(), link.clone());
        Callback::from(move |_| {
            if let Some(all) = core_inputs(&inputs) {
                let url = crate::service::share_link(&dom::page_base(), &all, &overrides, None);
                dom::copy_to_clipboard(&url);
                link.set(Some(url));
            } else {
                link.set(Some(String::new()));
            }
        })
    };
    html! {
        <>
            <div class="compare-verdicts" role="status" aria-live="polite">
                <p class="compare-headline"><strong>{ &c.headline }</strong></p>
                <div class="compare-sides">
                    { side_card(wb, &c.before) }
                    { side_card(wa, &c.after) }
                </div>
            </div>
            <section class="panel compare-diffs" aria-labelledby="diffs-h">
                <h2 id="diffs-h">{ format!("What changed ({})", c.differences.len()) }</h2>
                if c.differences.is_empty() {
                    <p>{ "Nothing: the same verdicts, entry-point answers, findings, agent states and flow steps on both sides." }</p>
                } else {
                    <table class="diff-table">
                        <thead><tr><th>{ "Where" }</th><th>{ "What" }</th><th>{ capital(wb) }</th><th>{ capital(wa) }</th></tr></thead>
                        <tbody>
                            { for c.differences.iter().take(n_diffs).map(|d| html! {
                                <tr class={classes!("diff", format!("area-{}", area_id(d.area)))}>
                                    <td>
                                        <span class="chip">{ area_word(d.area) }</span>
                                        if let Some(s) = d.severity {
                                            { " " }<span class={classes!("sev", format!("sev-{}", s.word()))}>{ s.word() }</span>
                                        }
                                        <div class="small">{ &d.subject }</div>
                                    </td>
                                    <td>{ &d.what }</td>
                                    <td class="before-cell" data-label={capital(wb)}>{ &d.before }</td>
                                    <td class="after-cell" data-label={capital(wa)}>{ &d.after }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            if !c.entry_points.is_empty() {
                <section class="panel" aria-labelledby="cmp-ep-h">
                    <h2 id="cmp-ep-h">{ "Entry points" }</h2>
                    <table>
                        <thead><tr><th>{ "Entry point" }</th><th>{ capital(wb) }</th><th>{ capital(wa) }</th></tr></thead>
                        <tbody>
                            { for c.entry_points.iter().map(|e| html! {
                                <tr class={classes!((!e.changed.is_empty()).then_some("changed"))} data-entry-point={e.entry_point_id.clone().unwrap_or_default()}>
                                    <td>{ e.entry_point_id.clone().unwrap_or_else(|| "pasted answer".into()) }
                                        if !e.changed.is_empty() { <div class="small muted">{ format!("changed: {}", e.changed.join(", ")) }</div> }
                                    </td>
                                    <td>{ ep_cell(e.before.as_ref()) }</td>
                                    <td>{ ep_cell(e.after.as_ref()) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>
            }
            if !c.agents.is_empty() {
                <section class="panel" aria-labelledby="cmp-agents-h">
                    <h2 id="cmp-agents-h">{ "Agents" }</h2>
                    if c.agents.iter().any(|a| a.counterparts) {
                        <p class="muted small">{ format!("Different agents are compared as counterparts: the only agent on each side that the other side lacks ({wb} / {wa}).") }</p>
                    }
                    <table class="cmp-agents">
                        <thead><tr>
                            <th>{ "Agent, MRD" }</th><th>{ "State" }</th><th>{ "Logged in" }</th><th>{ "Routable" }</th>
                            <th>{ "Ready" }</th><th>{ "Tasks" }</th><th>{ "Router" }</th>
                        </tr></thead>
                        <tbody>{ for c.agents.iter().take(n_agents).map(|a| agent_row(a, wb, wa)) }</tbody>
                    </table>
                    <p class="muted small">{ format!("A changed value reads \u{201c}{wb} \u{2192} {wa}\u{201d}.") }</p>
                </section>
            }
            if !c.steps.is_empty() {
                <section class="panel" aria-labelledby="cmp-steps-h">
                    <h2 id="cmp-steps-h">{ "Expected steps" }</h2>
                    <p class="muted small">{ "The steps the message-flow ladder expects of an agent's chat MRD, per side: seen in the evidence, not seen although the side has a log that would show it, or no such log. The flow: " }
                        { for c.step_sources.iter().map(|s| html! { <>{ super::rules_view::source_tag(&s.id) }{ " " }</> }) }</p>
                    { for c.steps.iter().take(n_steps).map(|s| html! {
                        <table class="cmp-steps">
                            <caption>{ match (s.agent_before, s.agent_after) {
                                (Some(b), Some(a)) if a != b => format!("Agent {b} / {a}, MRD {}", s.mrd_id),
                                (Some(x), _) | (_, Some(x)) => format!("Agent {x}, MRD {}", s.mrd_id),
                                _ => format!("MRD {}", s.mrd_id),
                            } }</caption>
                            <thead><tr><th>{ "Step" }</th><th>{ capital(wb) }</th><th>{ capital(wa) }</th></tr></thead>
                            <tbody>
                                { for s.steps.iter().map(|r| html! {
                                    <tr class={classes!((r.before != r.after).then_some("changed"))}>
                                        <td class="mono">{ &r.step }</td>
                                        <td>{ step_cell(r.before) }</td>
                                        <td>{ step_cell(r.after) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    }) }
                </section>
            }
            if !c.findings.is_empty() {
                <section class="panel" aria-labelledby="cmp-findings-h">
                    <h2 id="cmp-findings-h">{ "Findings" }</h2>
                    <table>
                        <thead><tr><th>{ "Rule" }</th><th>{ capital(wb) }</th><th>{ capital(wa) }</th></tr></thead>
                        <tbody>
                            { for c.findings.iter().take(n_findings).map(|f| html! {
                                <tr class={classes!((f.before != f.after).then_some("changed"))}>
                                    <td><span class="chip">{ &f.id }</span><div class="small">{ &f.title }</div></td>
                                    <td>{ sev_cell(f.before) }</td>
                                    <td>{ sev_cell(f.after) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>
            }
            if !c.ladder.rows.is_empty() {
                <section class="panel" aria-labelledby="cmp-flow-h">
                    <h2 id="cmp-flow-h">{ "Message flow, aligned by step" }</h2>
                    <p class="muted small">{ "Each row puts the two sides' arrows for the same step (or message, for the same agent and MRD) side by side. Dashed: an expected step the evidence lacks." }</p>
                    <svg class="mini-defs" width="0" height="0" aria-hidden="true">
                        <defs><marker id="mini-head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="mini-head" /></marker></defs>
                    </svg>
                    <table class="aligned-ladder">
                        <thead><tr><th><span class="visually-hidden">{ "Change" }</span></th><th>{ capital(wb) }{ lanes_header() }</th><th>{ capital(wa) }{ lanes_header() }</th></tr></thead>
                        <tbody>
                            { for c.ladder.rows.iter().take(n_rows).map(|r| {
                                let (mark, word, class) = match r.change {
                                    RowChange::Same => ("=", "same", "same"),
                                    RowChange::Changed => ("\u{2260}", "changed", "changed"),
                                    RowChange::OnlyBefore => ("\u{2190}", "only before", "only"),
                                    RowChange::OnlyAfter => ("\u{2192}", "only after", "only"),
                                };
                                html! {
                                    <tr class={classes!("aligned-row", class)} data-key={r.key.clone()}>
                                        <td class="mark" title={word}><span aria-hidden="true">{ mark }</span><span class="visually-hidden">{ word }</span></td>
                                        <td>{ arrows_cell(r.before.as_deref()) }</td>
                                        <td>{ arrows_cell(r.after.as_deref()) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    for (w, n) in [(wb, c.ladder.omitted_before), (wa, c.ladder.omitted_after)].into_iter().filter(|x| x.1 > 0) {
                        <p class="warn">{ format!("{n} more rows of the {w} side are not drawn.") }</p>
                    }
                </section>
            }
            <section class="panel share compare-export" aria-labelledby="cmp-export-h">
                <h2 id="cmp-export-h">{ "Share and export" }</h2>
                <div class="row">
                    <button id="compare-link" class="primary" onclick={on_link}>{ "Copy share link (both sides)" }</button>
                    <button id="compare-json" onclick={on_json}>{ "Comparison (JSON)" }</button>
                    <button id="compare-text" onclick={on_text}>{ "Comparison (text)" }</button>
                </div>
                <p class="muted small">{ "The link carries every input, sanitized as in the Analysis tab's share panel, and which side each is on. The JSON and text exports are the comparison of the sanitized inputs (what the link's recipient sees): verdicts, ids, log labels, file names without their folders; not the inputs." }</p>
                if let Some(n) = &*export_note {
                    <p class="muted small" role="status">{ n.clone() }</p>
                }
                if let Some(url) = &*link {
                    if url.is_empty() {
                        <p class="warn">{ "Big inputs are held by the worker: copy the link from the Analysis tab's share panel (it keeps the sides too)." }</p>
                    } else {
                        <label for="compare-url">{ format!("Share link — {} characters", url.len()) }</label>
                        if url.len() > share::SAFE_URL_LENGTH {
                            <p class="warn">{ format!("This link is longer than {} characters; some chat tools and mail clients cut such links: the Analysis tab's share panel can save it as a file.", share::SAFE_URL_LENGTH) }</p>
                        }
                        <pre id="compare-url" class="copyable">{ url }</pre>
                    }
                }
            </section>
        </>
    }
}

fn side_card(word: &str, s: &SideView) -> Html {
    let (class, icon, label) = look(s.verdict.status);
    html! {
        <div class={classes!("compare-side", class)} data-side={word.to_string()}>
            <h2 class="side-word">{ capital(word) }</h2>
            <div class={classes!("verdict", class)}>
                <span class="verdict-icon" aria-hidden="true">{ icon }</span>
                <div>
                    <strong class="verdict-label">{ label }</strong>
                    <p class="verdict-sentence">{ &s.verdict.sentence }</p>
                </div>
            </div>
            if s.verdicts.len() > 1 {
                <ul class="ep-verdicts">
                    { for s.verdicts.iter().map(|v| {
                        let (c, i, _) = look(v.status);
                        html! { <li class={classes!("ep-verdict", c)}><span class="verdict-icon small-icon" aria-hidden="true">{ i }</span><p class="verdict-sentence">{ &v.sentence }</p></li> }
                    }) }
                </ul>
            }
            <details class="side-inputs">
                <summary>{ format!("{} input{}", s.inputs.len(), if s.inputs.len() == 1 { "" } else { "s" }) }</summary>
                <ul>{ for s.inputs.iter().map(|i| html! { <li><span class="mono small">{ &i.name }</span>{ format!(" ({})", i.kind.describe()) }</li> }) }</ul>
            </details>
            if !s.problems.is_empty() {
                <ul class="warn side-problems">
                    { for s.problems.iter().map(|p| html! { <li>{ format!("{}{}: {}", s.inputs.get(p.input).map(|i| i.name.as_str()).unwrap_or("?"), p.line.map(|l| format!(":{l}")).unwrap_or_default(), p.message) }</li> }) }
                </ul>
            }
        </div>
    }
}

fn area_word(a: Area) -> &'static str {
    match a {
        Area::Verdict => "verdict",
        Area::EntryPoint => "entry point",
        Area::Finding => "finding",
        Area::Agent => "agent",
        Area::Step => "step",
        Area::Evidence => "evidence",
    }
}

fn area_id(a: Area) -> &'static str {
    match a {
        Area::EntryPoint => "entry-point",
        other => area_word(other),
    }
}

fn ep_cell(s: Option<&EntryPointSide>) -> Html {
    let Some(s) = s else {
        return html! { <span class="muted">{ "not in the evidence" }</span> };
    };
    let (class, icon, label) = look(s.status);
    html! {
        <>
            <span class={classes!("status-word", class)}>{ format!("{icon} {label}") }</span>
            <div class="small">
                { s.response_type.map(|r| format!("responseType {r}")).unwrap_or_else(|| "no responseType".into()) }
                { s.http_status.map(|h| format!(", HTTP {h}")).unwrap_or_default() }
                { s.time.as_ref().map(|t| format!(", {t}")).unwrap_or_default() }
            </div>
            if let Some(r) = &s.reason_finding { <div class="small muted">{ format!("reason: {r}") }</div> }
        </>
    }
}

fn agent_row(a: &AgentChange, wb: &str, wa: &str) -> Html {
    let cell = |f: &str| -> Html {
        let v = |s: &Option<DomainState>| s.as_ref().map(|s| field_text(s, f));
        match (v(&a.before), v(&a.after)) {
            (Some(x), Some(y)) if x != y => {
                html! { <td class="changed">{ format!("{x} \u{2192} {y}") }</td> }
            }
            (Some(x), Some(_)) => html! { <td>{ x }</td> },
            (Some(x), None) => html! { <td>{ format!("{x} \u{2192} \u{2014}") }</td> },
            (None, Some(y)) => html! { <td>{ format!("\u{2014} \u{2192} {y}") }</td> },
            (None, None) => html! { <td class="muted">{ "?" }</td> },
        }
    };
    let who = compare::agents::subject(a);
    html! {
        <tr data-agent={a.agent_before.or(a.agent_after).map(|x| x.to_string()).unwrap_or_default()} data-mrd={a.mrd_id.to_string()}>
            <td>{ who }
                if a.before.is_none() || a.after.is_none() {
                    <div class="small muted">{ format!("only on the {} side", if a.before.is_none() { wa } else { wb }) }</div>
                }
            </td>
            { cell("state") }{ cell("logged in") }{ cell("routable") }{ cell("ready") }{ cell("tasks") }{ cell("router flags") }
        </tr>
    }
}

fn step_cell(s: StepState) -> Html {
    match s {
        StepState::Seen => html! { <span class="yes">{ "\u{2714} seen" }</span> },
        StepState::NotSeen => html! { <span class="no">{ "\u{2716} not seen" }</span> },
        StepState::NoSource => {
            html! { <span class="muted">{ "\u{2014} no log that shows it" }</span> }
        }
    }
}

fn sev_cell(s: Option<Severity>) -> Html {
    match s {
        Some(s) => {
            html! { <span class={classes!("sev", format!("sev-{}", s.word()))}>{ s.word() }</span> }
        }
        None => html! { <span class="muted">{ "not raised" }</span> },
    }
}

const LANE_W: f64 = 22.0;

/// The lanes' short names over a side's column, as the arrows below use them.
fn lanes_header() -> Html {
    html! {
        <div class="lanes-legend small muted">
            { Lane::ALL.iter().map(|l| l.short()).collect::<Vec<_>>().join(" \u{00b7} ") }
        </div>
    }
}

/// One side's arrows of a row: a small ladder strip (six lifelines, the arrow) and its label.
fn arrows_cell(row: Option<&[Arrow]>) -> Html {
    let Some(row) = row else {
        return html! { <span class="muted">{ "\u{2014}" }</span> };
    };
    html! {
        <ul class="cell-arrows">
            { for row.iter().map(|a| {
                let x = |l: Lane| LANE_W / 2.0 + l.index() as f64 * LANE_W;
                let (x1, x2) = (x(a.from), x(a.to));
                let width = LANE_W * Lane::ALL.len() as f64;
                let shape = if a.from == a.to {
                    html! { <path d={format!("M{x1},3 h8 v8 h-8")} class="mini-arrow" marker-end="url(#mini-head)" /> }
                } else {
                    html! { <line x1={x1.to_string()} y1="7" x2={x2.to_string()} y2="7" class="mini-arrow" marker-end="url(#mini-head)" /> }
                };
                html! {
                    <li class={classes!((!a.observed).then_some("missing"))}>
                        <svg class="mini-ladder" viewBox={format!("0 0 {width} 14")} width={width.to_string()} height="14" aria-hidden="true">
                            { for Lane::ALL.iter().map(|l| html! { <line x1={x(*l).to_string()} y1="0" x2={x(*l).to_string()} y2="14" class="mini-lifeline" /> }) }
                            { shape }
                        </svg>
                        <span class="arrow-text">
                            <span class="visually-hidden">{ format!("{} to {}: ", a.from.title(), a.to.title()) }</span>
                            <span class="mono small">{ &a.label }</span>
                            if let Some(t) = &a.time { <span class="muted small">{ format!(" {t}") }</span> }
                            if !a.observed { <span class="no small">{ " (expected, not in the evidence)" }</span> }
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// On the Analysis tab, when the inputs are marked as two sides: the analysis there takes them
/// all together.
#[derive(Properties, PartialEq)]
pub struct MergedNoteProps {
    pub sides: Option<Sides>,
    pub count: usize,
    pub on_compare: Callback<()>,
}

#[function_component(MergedNote)]
pub fn merged_note(props: &MergedNoteProps) -> Html {
    match &props.sides {
        Some(s) if s.ready(props.count) => {
            let (b, a) = s.words.pair();
            let cb = props.on_compare.clone();
            html! {
                <p class="warn merged-note">
                    { format!("These inputs are marked as two captures ({b} / {a}); this analysis takes them all together. ") }
                    <button class="link" onclick={Callback::from(move |_| cb.emit(()))}>{ "Compare them" }</button>
                </p>
            }
        }
        _ => html! {},
    }
}
