//! App state for `use_reducer`: the inputs and the report computed from them.
use crate::analysis;
use crate::model::Input;
use crate::report::Report;
use crate::sample::SEED;
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub inputs: Rc<Vec<Input>>,
    pub report: Option<Rc<Report>>,
}

/// What the user can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    AddInputs(Vec<Input>),
    RemoveInput(usize),
    Clear,
    LoadExample,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut inputs: Vec<Input> = (*self.inputs).clone();
        match action {
            Action::AddInputs(new) => {
                inputs.extend(new.into_iter().filter(|i| !i.text.trim().is_empty()))
            }
            Action::RemoveInput(i) => {
                if i < inputs.len() {
                    inputs.remove(i);
                }
            }
            Action::Clear => inputs.clear(),
            Action::LoadExample => {
                inputs = SEED
                    .iter()
                    .map(|(n, t)| Input::new(format!("example: {n}"), *t))
                    .collect();
            }
        }
        let report = if inputs.is_empty() {
            None
        } else {
            Some(Rc::new(analysis::analyze(&inputs)))
        };
        Rc::new(AppState {
            inputs: Rc::new(inputs),
            report,
        })
    }
}
