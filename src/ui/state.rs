//! App state for `use_reducer`: the inputs, the user's overrides, and the report computed from them.
//!
//! Small inputs are analysed right here; big ones (over `INLINE_LIMIT`) go to the analysis worker
//! and the state tracks its progress, so the page stays responsive.
use crate::analysis::{self, Progress};
use crate::model::Input;
use crate::report::Report;
use crate::sample::SEED;
use crate::share::{Overrides, SharedState};
use std::rc::Rc;
use yew::Reducible;

/// Inputs up to this many bytes are analysed on the page's thread (well under 100 ms).
pub const INLINE_LIMIT: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub inputs: Rc<Vec<Input>>,
    pub overrides: Overrides,
    pub report: Option<Rc<Report>>,
    /// A problem opening a share link, or a cancelled analysis, shown above the inputs.
    pub notice: Option<String>,
    /// Set while the worker analyses `generation`.
    pub analyzing: Option<Progress>,
    /// Bumped each time the inputs change, so a stale worker answer is ignored.
    pub generation: u64,
    /// The current report came from the background worker.
    pub via_worker: bool,
}

/// What the user (or the worker) can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    AddInputs(Vec<Input>),
    RemoveInput(usize),
    Clear,
    LoadExample,
    /// Opened from a share link.
    Restore(SharedState),
    /// A share link that could not be opened.
    Notice(String),
    /// The worker's progress on generation `id`.
    Progress(u64, Progress),
    /// The worker's report for generation `id`.
    Done(u64, Rc<Report>),
    /// Stop the running analysis.
    Cancel,
    /// Analyse the current inputs on this page instead of in the worker.
    AnalyseHere,
    /// The user changed a clock offset, the framing, or what sanitizing keeps/removes.
    SetOverrides(Overrides),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // The inputs are copied only when they change (they can be 100 MB).
        let mut inputs: Rc<Vec<Input>> = self.inputs.clone();
        let mut overrides = self.overrides.clone();
        let notice = None;
        match action {
            Action::AddInputs(new) => {
                let mut v = (*self.inputs).clone();
                v.extend(new.into_iter().filter(|i| !i.text.trim().is_empty()));
                inputs = Rc::new(v);
            }
            Action::RemoveInput(i) => {
                if i < inputs.len() {
                    let mut v = (*self.inputs).clone();
                    v.remove(i);
                    inputs = Rc::new(v);
                }
            }
            Action::Clear => {
                inputs = Rc::new(Vec::new());
                overrides = Overrides::default();
            }
            Action::LoadExample => {
                inputs = Rc::new(
                    SEED.iter()
                        .map(|(n, t)| Input::new(format!("example: {n}"), *t))
                        .collect(),
                );
            }
            Action::Restore(state) => {
                inputs = Rc::new(state.inputs);
                overrides = state.overrides;
            }
            Action::SetOverrides(o) => overrides = o,
            Action::Notice(text) => {
                let mut s = (*self).clone();
                s.notice = Some(text);
                return Rc::new(s);
            }
            Action::Progress(id, p) => {
                if id != self.generation || self.analyzing.is_none() {
                    return self;
                }
                let mut s = (*self).clone();
                s.analyzing = Some(p);
                return Rc::new(s);
            }
            Action::Done(id, report) => {
                if id != self.generation || self.analyzing.is_none() {
                    return self;
                }
                let mut s = (*self).clone();
                s.analyzing = None;
                s.report = Some(report);
                s.via_worker = true;
                return Rc::new(s);
            }
            Action::Cancel => {
                let mut s = (*self).clone();
                s.analyzing = None;
                s.generation += 1;
                s.notice = Some("Analysis cancelled. Remove an input or press \u{201c}Analyse here\u{201d} to try again.".into());
                return Rc::new(s);
            }
            Action::AnalyseHere => {
                let mut s = (*self).clone();
                s.analyzing = None;
                s.generation += 1;
                s.report = (!s.inputs.is_empty())
                    .then(|| Rc::new(analysis::analyze_with(&s.inputs, &s.overrides)));
                return Rc::new(s);
            }
        }
        let total: usize = inputs.iter().map(|i| i.text.len()).sum();
        let generation = self.generation + 1;
        let (report, analyzing) = if inputs.is_empty() {
            (None, None)
        } else if total <= INLINE_LIMIT {
            (
                Some(Rc::new(analysis::analyze_with(&inputs, &overrides))),
                None,
            )
        } else {
            (
                None,
                Some(Progress {
                    done_bytes: 0,
                    total_bytes: total,
                    stage: "starting the worker".into(),
                }),
            )
        };
        Rc::new(AppState {
            inputs,
            overrides,
            report,
            notice,
            analyzing,
            generation,
            via_worker: false,
        })
    }
}
