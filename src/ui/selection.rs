//! What the analysis view has open: source lines, a ladder arrow, the search and its steps, a request (a pure reducer).
//!
//! Selections are kept by identity, never by a position in the last report's arrays: an event
//! is (input, line), an arrow is the event it draws (or, for an expected step the evidence
//! lacks, its label), a request is (capture, entry). Re-analysing (a clock offset, one more
//! input) reorders the arrays; the same things stay selected. Each move (`nav`) is a step of the
//! browser's history (`App` pushes it; back/forward `Restore` it).
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// A ladder arrow by identity: the (input, line) of the event it draws, else its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrowKey {
    pub event: Option<(usize, u32)>,
    pub label: String,
}

/// Where the user has navigated to: what back/forward restore.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Nav {
    /// The source lines the evidence panel shows: an input and a line in it.
    pub focus: Option<(usize, Option<u32>)>,
    /// The selected ladder arrow.
    pub arrow: Option<ArrowKey>,
    /// The request whose detail is open: (HAR capture, entry).
    pub request: Option<(usize, usize)>,
    /// What the move opened (the view scrolls to it, and so does going back to it).
    #[serde(default)]
    pub landed: Option<Target>,
}

/// Kept above the tabs, so that it is still open when the user comes back to the analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub nav: Nav,
    /// The search box's text.
    pub search: String,
    /// The search's Enter / n (+1) and Shift+Enter / N (-1) presses: a count, and the direction.
    pub step: (u64, i32),
    /// Bumped by each navigation (a link, an arrow, a row): the view scrolls to its target.
    pub moves: u64,
    /// The last move came from the browser's history (then it is not pushed again).
    pub restored: bool,
}

/// Which part of the view the last move opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Evidence,
    Arrow,
    Request,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            nav: Nav::default(),
            search: String::new(),
            step: (0, 1),
            moves: 0,
            restored: false,
        }
    }
}

/// What the user opens or closes in the analysis view.
#[derive(Debug, Clone, PartialEq)]
pub enum Select {
    Evidence(usize, Option<u32>),
    Arrow(ArrowKey),
    Search(String),
    Step(i32),
    Request(usize, usize),
    CloseRequest,
    /// Back / forward: the selection as it was at that history entry.
    Restore(Nav),
}

impl Reducible for Selection {
    type Action = Select;

    fn reduce(self: Rc<Self>, action: Select) -> Rc<Self> {
        let mut s = (*self).clone();
        let moved = |s: &mut Selection, t: Option<Target>, restored: bool| {
            s.moves += 1;
            s.nav.landed = t;
            s.restored = restored;
        };
        match action {
            Select::Evidence(input, line) => {
                s.nav.focus = Some((input, line));
                moved(&mut s, Some(Target::Evidence), false);
            }
            Select::Arrow(key) => {
                s.nav.arrow = Some(key);
                moved(&mut s, Some(Target::Arrow), false);
            }
            Select::Search(text) => s.search = text,
            Select::Step(d) => s.step = (s.step.0 + 1, d),
            Select::Request(har, entry) => {
                s.nav.request = Some((har, entry));
                moved(&mut s, Some(Target::Request), false);
            }
            Select::CloseRequest => {
                s.nav.request = None;
                moved(&mut s, None, false);
            }
            Select::Restore(nav) => {
                let t = nav.landed;
                s.nav = nav;
                moved(&mut s, t, true);
            }
        }
        Rc::new(s)
    }
}

/// The history entry's state for a selection: a string no share link or example fragment uses.
pub fn history_state(nav: &Nav) -> String {
    format!(
        "{HISTORY_PREFIX}{}",
        serde_json::to_string(nav).unwrap_or_default()
    )
}

/// The selection a history entry's state holds (`None`: not one of ours).
pub fn from_history_state(state: &str) -> Option<Nav> {
    serde_json::from_str(state.strip_prefix(HISTORY_PREFIX)?).ok()
}

const HISTORY_PREFIX: &str = "ece-triage-nav:";
