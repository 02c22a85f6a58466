//! Long lists rendered over several tasks: hundreds of findings or agents (100 MB of logs) built in
//! one go kept the page's thread busy for 140 ms; a few dozen rows per task never do.
use yew::prelude::*;

/// Items rendered at once; then `STEP` more per task until every item is there.
pub const FIRST: usize = 10;
pub const STEP: usize = 50;

/// How many of `total` items to render now. Starts again at `FIRST` when `key` changes (a new
/// report); each render that shows fewer than `total` schedules the next step as a new task.
#[hook]
pub fn use_progressive(key: usize, total: usize) -> usize {
    let shown = use_state(|| (key, FIRST));
    let n = if shown.0 == key { shown.1 } else { FIRST }.min(total);
    {
        let shown = shown.clone();
        use_effect_with((key, n, total), move |&(key, n, total)| {
            let timer = (n < total).then(|| {
                gloo_timers::callback::Timeout::new(0, move || shown.set((key, n + STEP)))
            });
            move || drop(timer)
        });
    }
    n
}
