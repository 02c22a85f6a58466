//! App state for `use_reducer`: the inputs, the user's overrides, and the report computed from them.
use crate::analysis;
use crate::model::Input;
use crate::report::Report;
use crate::sample::SEED;
use crate::share::{Overrides, SharedState};
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub inputs: Rc<Vec<Input>>,
    pub overrides: Overrides,
    pub report: Option<Rc<Report>>,
    /// A problem opening a share link, shown above the inputs.
    pub notice: Option<String>,
}

/// What the user can do to the state.
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
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut inputs: Vec<Input> = (*self.inputs).clone();
        let mut overrides = self.overrides.clone();
        let mut notice = None;
        match action {
            Action::AddInputs(new) => {
                inputs.extend(new.into_iter().filter(|i| !i.text.trim().is_empty()))
            }
            Action::RemoveInput(i) => {
                if i < inputs.len() {
                    inputs.remove(i);
                }
            }
            Action::Clear => {
                inputs.clear();
                overrides = Overrides::default();
            }
            Action::LoadExample => {
                inputs = SEED
                    .iter()
                    .map(|(n, t)| Input::new(format!("example: {n}"), *t))
                    .collect();
            }
            Action::Restore(state) => {
                inputs = state.inputs;
                overrides = state.overrides;
            }
            Action::Notice(text) => notice = Some(text),
        }
        let report = if inputs.is_empty() {
            None
        } else {
            Some(Rc::new(analysis::analyze_with(&inputs, &overrides)))
        };
        Rc::new(AppState {
            inputs: Rc::new(inputs),
            overrides,
            report,
            notice,
        })
    }
}
