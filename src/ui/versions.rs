//! The ECE and ICM/UCCE versions: chosen by the user (kept in the share link), or what the evidence
//! shows; the version-dependent rules say which applies.
use super::state::Action;
use super::ReportRef;
use crate::report::{VersionHow, VersionInfo};
use crate::share::Overrides;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The releases offered in the lists (anything else can come from a share link or the CLI).
const RELEASES: &[&str] = &["11.5", "11.6", "12.0", "12.5", "12.6", "15.0"];

#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    pub report: ReportRef,
    pub overrides: Overrides,
    pub on_action: Callback<Action>,
}

fn select_value(e: &Event) -> Option<String> {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&JsValue::from(t), &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .filter(|v| !v.is_empty())
}

fn note(v: &VersionInfo) -> String {
    match v.how {
        VersionHow::Given => String::new(),
        VersionHow::Inferred => format!(
            "Inferred: {} — {}",
            v.value.clone().unwrap_or_default(),
            v.note
        ),
        VersionHow::Unknown => v.note.clone(),
    }
}

#[function_component(VersionsPanel)]
pub fn versions_panel(props: &VersionsProps) -> Html {
    let field = |id: &'static str,
                 label: &'static str,
                 current: Option<String>,
                 ece: bool,
                 info: &VersionInfo| {
        let on_action = props.on_action.clone();
        let overrides = props.overrides.clone();
        let onchange = Callback::from(move |e: Event| {
            let mut o = overrides.clone();
            let v = select_value(&e);
            if ece {
                o.ece_version = v;
            } else {
                o.icm_version = v;
            }
            on_action.emit(Action::SetOverrides(o));
        });
        let mut options: Vec<String> = RELEASES.iter().map(|s| s.to_string()).collect();
        if let Some(c) = &current {
            if !options.contains(c) {
                options.push(c.clone());
            }
        }
        html! {
            <div class="version-field">
                <label for={id}>{ label }</label>
                <select {id} {onchange}>
                    <option value="" selected={current.is_none()}>{ "not known" }</option>
                    { for options.into_iter().map(|r| {
                        let sel = current.as_deref() == Some(r.as_str());
                        html! { <option value={r.clone()} selected={sel}>{ r }</option> }
                    }) }
                </select>
                <span class="muted small">{ note(info) }</span>
            </div>
        }
    };
    let v = &props.report.versions;
    html! {
        <section class="panel versions" aria-labelledby="versions-h">
            <h2 id="versions-h">{ "Versions" }</h2>
            <p class="muted small">{ "ECE 11.6 decides availability per MRD; 12.0 and later by the entry point's skill groups. The seed reports CSCvq11852 (the D flag) on ICM 11.5, 11.6 and 12.0. Set what you know: the findings say which rule applies." }</p>
            <div class="row">
                { field("ece-version", "ECE", props.overrides.ece_version.clone(), true, &v.ece) }
                { field("icm-version", "ICM / UCCE", props.overrides.icm_version.clone(), false, &v.icm) }
            </div>
        </section>
    }
}
