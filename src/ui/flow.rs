//! The message flow: the ladder diagram, and the selected arrow's message with its source lines.
use super::analysis_view::held_name;
use super::selection::ArrowKey;
use super::state::{PageInput, WorkerRows};
use super::{evidence, ladder, ReportRef, ServiceRef};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FlowProps {
    pub report: ReportRef,
    /// With a worker's report: the events the arrows open.
    pub rows: Option<Rc<WorkerRows>>,
    pub inputs: Rc<Vec<PageInput>>,
    pub generation: u64,
    pub service: ServiceRef,
    pub via_worker: bool,
    /// The selected arrow, by identity (the same after a re-analysis reorders the arrows).
    pub selected: Option<ArrowKey>,
    pub on_select: Callback<ArrowKey>,
    /// Opens the Decode tab on a message's bytes.
    pub on_decode: Callback<String>,
}

#[function_component(FlowPanel)]
pub fn flow_panel(p: &FlowProps) -> Html {
    let report = &p.report;
    // Each arrow's identity (the event it draws), made once per report.
    let keys = {
        let report = report.clone();
        let rows = p.rows.clone();
        use_memo((report.key(), rows.as_ref().map(Rc::as_ptr)), move |_| {
            arrow_keys(&report, rows.as_deref())
        })
    };
    // Made once per report: a new callback would redraw the whole ladder on every render.
    let on_select = use_callback(
        (keys.clone(), p.on_select.clone()),
        |i: usize, (keys, cb)| {
            if let Some(k) = keys.get(i) {
                cb.emit(k.clone());
            }
        },
    );
    if report.ladder.rows.is_empty() {
        return html! {};
    }
    let selected = p
        .selected
        .as_ref()
        .and_then(|k| keys.iter().position(|x| x == k));
    let arrow = selected.and_then(|i| report.ladder.arrows().nth(i).cloned());
    html! {
        <section class="panel flow" aria-labelledby="flow-h">
            <h2 id="flow-h">{ "Message flow" }</h2>
            <p class="muted">{ "Solid arrows were seen in the evidence; dashed red ones are expected steps the evidence lacks. Select an arrow to see its message." }</p>
            if report.ladder.omitted > 0 {
                <p class="warn">{ format!("{} more rows are not drawn, to keep the diagram readable; the timeline lists every event.", report.ladder.omitted) }</p>
            }
            <div class="ladder-scroll">
                <ladder::LadderView report={report.clone()} {on_select} {selected} />
            </div>
            if let Some(a) = arrow {
                <div class="arrow-detail" aria-live="polite">
                    <h3>{ &a.label }</h3>
                    <p>{ format!("{} \u{2192} {}{}", a.from.title(), a.to.title(), a.time.as_ref().map(|t| format!(" at {t}")).unwrap_or_default()) }</p>
                    if !a.observed {
                        <p class="warn">{ "Not in the evidence: this step was expected but no log line shows it." }</p>
                    }
                    if let Some(e) = a.event.and_then(|i| report.events.get(i).cloned().or_else(|| p.rows.as_ref().and_then(|r| r.arrows.get(&i).cloned()))) {
                        <p class="mono small">{ &e.detail }</p>
                        if let Some(m) = &e.message {
                            <button class="open-decoder" onclick={
                                let dump = crate::cti::encode::to_dump_text(&m.bytes, crate::cti::encode::DumpStyle::SignedDecimal);
                                p.on_decode.reform(move |_| dump.clone())
                            }>{ "Open in the byte decoder" }</button>
                        }
                        <evidence::EvidenceView inputs={p.inputs.clone()} input={e.input} line={Some(e.line)} generation={p.generation} service={p.service.clone()}
                            held_name={held_name(report, p.via_worker, p.inputs.len(), e.input)} />
                    }
                </div>
            }
        </section>
    }
}

/// The identity of each arrow of the ladder, in `ladder.arrows()` order: the (input, line) of the
/// event it draws (in the report, or among the worker's arrow events), else its label.
fn arrow_keys(report: &ReportRef, rows: Option<&WorkerRows>) -> Vec<ArrowKey> {
    report
        .ladder
        .arrows()
        .map(|a| {
            let at = a.event.and_then(|i| match report.events.get(i) {
                Some(e) => Some((e.input, e.line)),
                None => rows?.arrows.get(&i).map(|e| (e.input, e.line)),
            });
            ArrowKey {
                event: at,
                label: if at.is_some() {
                    String::new()
                } else {
                    a.label.clone()
                },
            }
        })
        .collect()
}
