//! What the analysis view has open: source lines, a ladder arrow, the search and its steps, a request (a pure reducer).
use std::rc::Rc;
use yew::Reducible;

/// Kept above the tabs, so that it is still open when the user comes back to the analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The source lines the evidence panel shows: an input and a line in it.
    pub focus: Option<(usize, Option<u32>)>,
    /// The selected ladder arrow (its index in `ladder.arrows()`).
    pub arrow: Option<usize>,
    /// The search box's text.
    pub search: String,
    /// The search's Enter / n (+1) and Shift+Enter / N (-1) presses: a count, and the direction.
    pub step: (u64, i32),
    /// The request whose detail is open: (HAR input, entry).
    pub request: Option<(usize, usize)>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            focus: None,
            arrow: None,
            search: String::new(),
            step: (0, 1),
            request: None,
        }
    }
}

/// What the user opens or closes in the analysis view.
#[derive(Debug, Clone, PartialEq)]
pub enum Select {
    Evidence(usize, Option<u32>),
    Arrow(usize),
    Search(String),
    Step(i32),
    Request(usize, usize),
    CloseRequest,
}

impl Reducible for Selection {
    type Action = Select;

    fn reduce(self: Rc<Self>, action: Select) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Select::Evidence(input, line) => s.focus = Some((input, line)),
            Select::Arrow(i) => s.arrow = Some(i),
            Select::Search(text) => s.search = text,
            Select::Step(d) => s.step = (s.step.0 + 1, d),
            Select::Request(har, entry) => s.request = Some((har, entry)),
            Select::CloseRequest => s.request = None,
        }
        Rc::new(s)
    }
}
