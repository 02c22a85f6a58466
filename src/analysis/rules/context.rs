//! Context: the logs and the answer from different times, the clocks' offsets, lines no reader
//! recognised.

use super::{new_finding, Facts};
use crate::report::Finding;

/// An entry point's deciding answer from another time than the logs.
pub fn evidence_other_time(f: &Facts) -> Vec<Finding> {
    f.entries()
        .iter()
        .filter_map(|g| {
            let when = g.other_time.as_ref()?;
            let a = &f.entry_points[g.deciding];
            let mut x = new_finding("evidence-other-time");
            x.entry_point_id = g.id.clone();
            x.title = format!(
                "{}'s answer and the logs are from different times",
                g.id.as_deref()
                    .map(|i| format!("Entry point {i}"))
                    .unwrap_or_else(|| "The pasted answer".into())
            );
            x.seen = format!(
                "{when}: what the logs show about the agents is not evidence for the moment of this answer{}.",
                if a.response_type == Some(1) {
                    " (so a ready agent in the logs does not contradict its responseType 1)"
                } else {
                    ""
                }
            );
            x.evidence.push(super::entry::answer_evidence(a));
            Some(x)
        })
        .collect()
}

/// Clocks of the logs differ: say by how much, so times can be compared.
pub fn clock_offset(f: &Facts) -> Vec<Finding> {
    f.timeline
        .clock_offsets
        .iter()
        .filter(|o| o.seconds != 0)
        .map(|o| {
            let h = o.seconds as f64 / 3600.0;
            let mut x = new_finding("clock-offset");
            x.title = format!(
                "{} and {} clocks differ by {:+} s ({:+.2} h)",
                o.from.as_str(),
                o.to.as_str(),
                o.seconds,
                h
            );
            x.seen = if o.inferred {
                format!(
                    "Inferred from {} matched request(s): the same message was logged by both.",
                    o.pairs
                )
            } else {
                "Set by you.".to_string()
            };
            x
        })
        .collect()
}

/// Lines no reader recognised.
pub fn unrecognised_lines(f: &Facts) -> Vec<Finding> {
    let n = f.timeline.unrecognised_lines;
    if n == 0 {
        return vec![];
    }
    let mut x = new_finding("unrecognised-lines");
    x.title = format!("{n} line{} not recognised", if n == 1 { "" } else { "s" });
    x.seen = "They match no known log shape; they are kept in the evidence, not analysed.".into();
    vec![x]
}
