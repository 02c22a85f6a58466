//! Search steps asked of the analysis service one at a time: presses made while one is asked are counted and sent after its answer, so that none is lost however fast n is pressed.
use super::worker_client::{Answer, Query};
use super::ServiceRef;
use std::cell::RefCell;
use std::rc::Rc;

/// Where the steps are: the match stepped to (its identity `K`), a step being asked, and the
/// presses made meanwhile (+1 each n, −1 each N).
pub struct Stepper<K> {
    pub at: Option<K>,
    busy: bool,
    pending: i32,
}

impl<K> Default for Stepper<K> {
    fn default() -> Self {
        Stepper {
            at: None,
            busy: false,
            pending: 0,
        }
    }
}

impl<K> Stepper<K> {
    pub fn busy(&self) -> bool {
        self.busy
    }
}

/// What a view tells the stepper: the query for a step from a match, the identity of the match
/// an answer (position, a, b) names, and what to do when a step lands there.
pub struct Steps<K> {
    pub query: Box<dyn Fn(u64, Option<K>, i32) -> Query>,
    pub key: Box<dyn Fn(usize, usize, usize) -> K>,
    pub landed: Box<dyn Fn(usize, usize, usize)>,
}

/// Steps by `dir` (+1 / −1) from `state.at`, or counts the press while a step is being asked.
pub fn step<K: Clone + 'static>(
    state: Rc<RefCell<Stepper<K>>>,
    worker: ServiceRef,
    steps: Rc<Steps<K>>,
    dir: i32,
) {
    let from = {
        let mut s = state.borrow_mut();
        if s.busy {
            s.pending += dir;
            return;
        }
        s.busy = true;
        s.at.clone()
    };
    let (st, w, sp) = (state.clone(), worker.clone(), steps.clone());
    let asked = worker.ask(
        |qid| (steps.query)(qid, from, dir),
        move |answer| {
            let to = match answer {
                Answer::Stepped(Some(to)) => to,
                _ => None,
            };
            let next = {
                let mut s = st.borrow_mut();
                s.busy = false;
                if let Some((p, a, b)) = to {
                    s.at = Some((sp.key)(p, a, b));
                }
                let n = s.pending.signum();
                s.pending -= n;
                n
            };
            if let Some((p, a, b)) = to {
                (sp.landed)(p, a, b);
            }
            if next != 0 {
                step(st, w, sp, next);
            }
        },
    );
    if !asked {
        state.borrow_mut().busy = false;
    }
}
