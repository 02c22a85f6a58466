//! The correlated timeline: every event from every input on one time axis, the ARM requests joined
//! across sources, the inferred (or user-set) clock offsets, and the agent model.

use super::agents::{self, AgentView};
use super::clock::{self, ClockOffset};
use super::correlate::{self, Correlation};
use crate::logs::LogParse;
use crate::model::{civil_from_days, Event, EventSummary, Problem, SourceKind, Timestamp, Zone};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Time-ordered on a common axis (the reference source's clock); events without a time last.
    pub events: Vec<Event>,
    /// Each event's position on the axis in ms (reference clock, epoch when dated), parallel to
    /// `events`; `None` for events without a time.
    pub axis_ms: Vec<Option<i64>>,
    pub groups: Vec<Correlation>,
    pub clock_offsets: Vec<ClockOffset>,
    /// The source the offsets are relative to (the listener when present).
    pub reference: Option<SourceKind>,
    pub agents: Vec<AgentView>,
    pub unrecognised_lines: usize,
    pub problems: Vec<Problem>,
}

impl Timeline {
    pub fn summaries(&self) -> Vec<EventSummary> {
        self.events.iter().map(Event::summary).collect()
    }
}

const DAY_MS: i64 = 86_400_000;

/// Puts every event on one axis. Offsets: overrides first, then inferred from matched requests.
/// Takes the parses by value: their events move into the timeline (copying them cost a third of
/// the time and doubled the memory of a 100 MB paste).
pub fn build(parses: Vec<LogParse>, overrides: &[ClockOffset]) -> Timeline {
    let mut events: Vec<Event> = Vec::with_capacity(parses.iter().map(|p| p.events.len()).sum());
    let mut problems = Vec::new();
    let mut unrecognised_lines = 0;
    for p in parses {
        unrecognised_lines += p.unrecognised_lines();
        events.extend(p.events);
        problems.extend(p.problems);
    }

    // Sources and which carry a printed zone.
    let mut sources: Vec<SourceKind> = events
        .iter()
        .filter(|e| e.time().is_some())
        .map(|e| e.source)
        .collect();
    sources.sort();
    sources.dedup();
    let zoned = |s: SourceKind| {
        events
            .iter()
            .filter(|e| e.source == s)
            .filter_map(|e| e.time())
            .all(|t| matches!(t.zone, Zone::Offset(_)))
    };
    let reference = if sources.contains(&SourceKind::Listener) {
        Some(SourceKind::Listener)
    } else {
        sources.first().copied()
    };
    let unzoned: Vec<SourceKind> = sources
        .iter()
        .copied()
        .filter(|s| Some(*s) != reference && !zoned(*s))
        .collect();

    let (kinds, links) = correlate::arm_kinds(&events);
    // Pass 1: exact matches only, to learn the clocks.
    let no_offsets = |_: SourceKind| None;
    let (_, samples1) = correlate::correlate(&events, &kinds, &links, &no_offsets);
    let offsets1 = match reference {
        Some(r) => clock::solve(r, &unzoned, &samples1, overrides),
        None => Vec::new(),
    };
    // Pass 2: with the clocks known, match the renumbered requests by time too.
    let off_of = |list: &Vec<ClockOffset>, s: SourceKind| -> Option<i64> {
        if Some(s) == reference {
            return Some(0);
        }
        list.iter().find(|o| o.to == s).map(|o| o.seconds * 1000)
    };
    let (groups, samples2) =
        correlate::correlate(&events, &kinds, &links, &|s| off_of(&offsets1, s));
    let clock_offsets = match reference {
        Some(r) => clock::solve(r, &unzoned, &samples2, overrides),
        None => Vec::new(),
    };

    // The axis: reference clock. Zoned sources convert through their zone.
    let ref_zone_ms = reference
        .and_then(|r| events.iter().find(|e| e.source == r).and_then(|e| e.time()))
        .map(|t| match t.zone {
            Zone::Offset(z) => z as i64 * 1000,
            Zone::Unknown => 0,
        })
        .unwrap_or(0);
    let anchor: Option<i64> = {
        let mut dated: Vec<i64> = events
            .iter()
            .filter_map(|e| e.time())
            .filter(|t| !t.date_inferred)
            .filter_map(|t| t.local_epoch_ms())
            .collect();
        dated.sort_unstable();
        dated.get(dated.len() / 2).copied()
    };
    // A request matched across logs dates its undated lines by its dated ones (the seed login:
    // ctisvr's 20:27 belongs to the listener's 2019-07-20, not to the median day of the paste).
    let mut anchor_of: Vec<Option<i64>> = vec![None; events.len()];
    for g in &groups {
        let dated = g.events.iter().find_map(|&i| {
            let t = events.get(i)?.time()?;
            if t.date_inferred {
                return None;
            }
            let shift = match t.zone {
                Zone::Offset(z) => ref_zone_ms - z as i64 * 1000,
                Zone::Unknown => -off_of(&clock_offsets, events[i].source).unwrap_or(0),
            };
            Some(t.local_epoch_ms()? + shift)
        });
        if let Some(a) = dated {
            for &i in &g.events {
                if let Some(x) = anchor_of.get_mut(i) {
                    *x = Some(a);
                }
            }
        }
    }
    let axis = |(i, e): (usize, &Event)| -> Option<i64> {
        let t: Timestamp = e.time()?;
        let anchor = anchor_of.get(i).copied().flatten().or(anchor);
        let shift = match t.zone {
            Zone::Offset(z) => ref_zone_ms - z as i64 * 1000,
            Zone::Unknown => -off_of(&clock_offsets, e.source).unwrap_or(0),
        };
        match (t.date_inferred, t.local_epoch_ms(), anchor) {
            (false, Some(ms), _) => Some(ms + shift),
            (_, _, Some(a)) => {
                // Undated (or dated only by context): the day nearest the dated lines.
                let tod = t.ms_of_day as i64 + shift;
                let day0 = a.div_euclid(DAY_MS) * DAY_MS;
                let best = [day0 - DAY_MS, day0, day0 + DAY_MS]
                    .into_iter()
                    .map(|d| d + tod)
                    .min_by_key(|x| (x - a).abs())
                    .unwrap_or(day0 + tod);
                Some(best)
            }
            (_, _, None) => Some(t.ms_of_day as i64 + shift),
        }
    };
    let axis_unsorted: Vec<Option<i64>> = events.iter().enumerate().map(axis).collect();
    // Undated stamps (and those dated only by context) take the date their place on the axis
    // gives them, marked inferred: a PG line at 01:34 local next to a listener line at 23:34 GMT
    // belongs to the next day.
    if anchor.is_some() {
        for (e, a) in events.iter_mut().zip(&axis_unsorted) {
            let (Some(mut t), Some(a)) = (e.time(), a) else {
                continue;
            };
            if t.date.is_none() || t.date_inferred {
                let shift = match t.zone {
                    Zone::Offset(z) => ref_zone_ms - z as i64 * 1000,
                    Zone::Unknown => -off_of(&clock_offsets, e.source).unwrap_or(0),
                };
                t.date = Some(civil_from_days((a - shift).div_euclid(DAY_MS)));
                t.date_inferred = true;
                e.set_time(Some(t));
            }
        }
    }
    let mut indexed: Vec<(usize, Option<i64>, Option<String>, Event)> = events
        .into_iter()
        .zip(axis_unsorted)
        .zip(kinds)
        .enumerate()
        .map(|(i, ((e, a), k))| (i, a, k, e))
        .collect();
    indexed
        .sort_by_key(|(_, a, _, e)| (a.is_none(), a.unwrap_or(0), e.origin.input, e.origin.line));
    let mut new_index = vec![0usize; indexed.len()];
    let mut axis_ms = Vec::with_capacity(indexed.len());
    let mut sorted_kinds = Vec::with_capacity(indexed.len());
    let mut events = Vec::with_capacity(indexed.len());
    for (n, (i, a, k, e)) in indexed.into_iter().enumerate() {
        new_index[i] = n;
        axis_ms.push(a);
        sorted_kinds.push(k);
        events.push(e);
    }
    let mut groups = groups;
    for g in &mut groups {
        for i in &mut g.events {
            *i = new_index[*i];
        }
        g.events.sort_unstable();
    }
    groups.sort_by_key(|g| g.events.first().copied());
    correlate::relate(&mut groups, &events, &axis_ms);
    let agents = agents::build(&events, &sorted_kinds, &groups);
    Timeline {
        events,
        axis_ms,
        groups,
        clock_offsets,
        reference,
        agents,
        unrecognised_lines,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{days_from_civil, Date};

    #[test]
    fn civil_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2019, 8, 19),
            (2000, 2, 29),
            (2024, 12, 31),
            (1969, 12, 31),
        ] {
            let n = days_from_civil(y, m, d);
            assert_eq!(
                civil_from_days(n),
                Date {
                    year: y,
                    month: m,
                    day: d
                }
            );
        }
    }
}
