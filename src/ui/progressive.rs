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
    use_progressive_by(key, total, STEP)
}

/// [`use_progressive`], `step` more items per task: fewer for items of many elements (a row of
/// the aligned ladders is about 22; 50 of them were 40–83 ms of the page's thread a task).
#[hook]
pub fn use_progressive_by(key: usize, total: usize, step: usize) -> usize {
    let shown = use_state(|| (key, FIRST));
    let n = if shown.0 == key { shown.1 } else { FIRST }.min(total);
    {
        let shown = shown.clone();
        use_effect_with((key, n, total), move |&(key, n, total)| {
            let timer = (n < total).then(|| {
                gloo_timers::callback::Timeout::new(0, move || shown.set((key, n + step.max(1))))
            });
            move || drop(timer)
        });
    }
    n
}

/// How many of `stages` parts of a view to render now: 1 when `present` turns true (a report
/// arrives where there was none), then one more per task. A report's first render built every
/// panel in one task, 41–114 ms on the page's thread with 2 MB of logs; its parts in turn took
/// 15–46 ms each, and the browser lays out each part in a frame of its own. While `present` stays
/// true (a re-analysis on the page keeps the previous report shown) every part stays rendered, so
/// that no panel is rebuilt and loses its state.
#[hook]
pub fn use_stages(present: bool, stages: usize) -> usize {
    let shown = use_state(|| 1usize);
    let n = if present { (*shown).min(stages) } else { 1 };
    {
        let shown = shown.clone();
        use_effect_with((present, n, stages), move |&(present, n, stages)| {
            let mut timer = None;
            if !present {
                if *shown != 1 {
                    shown.set(1);
                }
            } else if n < stages {
                timer = Some(gloo_timers::callback::Timeout::new(0, move || {
                    shown.set(n + 1)
                }));
            }
            move || drop(timer)
        });
    }
    n
}
