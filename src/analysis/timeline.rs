//! The correlated timeline: every event from every input on one time axis, the ARM requests joined
//! across sources, the inferred (or user-set) clock offsets, and the agent model.

use super::agents::{self, AgentView};
use super::axis::Axis;
use super::clock::{self, ClockOffset};
use super::correlate::{self, Correlation, Groups, Kinds};
use super::index::EventIndex;
use crate::logs::LogParse;
use crate::model::{civil_from_days, Event, EventSummary, Problem, SourceKind, Timestamp, Zone};

/// Every event on one axis, the requests matched across logs, the clocks and the agents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// Time-ordered on a common axis (the reference source's clock); events without a time last.
    pub events: Vec<Event>,
    /// Each event's position on the axis in ms (reference clock, epoch when dated), parallel to
    /// `events`; none for events without a time.
    pub axis_ms: Axis,
    /// The ARM message kind of each event (parallel to `events`).
    pub kinds: Kinds,
    /// The same ARM request as each log saw it (the report's `groups`).
    pub groups: Groups,
    /// The group of each event, if any (parallel to `events`).
    pub group_of: Vec<Option<u32>>,
    pub clock_offsets: Vec<ClockOffset>,
    /// The source the offsets are relative to (the listener when present).
    pub reference: Option<SourceKind>,
    /// The sources with an event, a bit each (`1 << source as u16`): asked by the rules and the
    /// checklist, found in a pass the timeline makes anyway.
    pub sources: u16,
    /// Each event's agent, MRD and variant in one compact array (parallel to `events`).
    pub index: EventIndex,
    pub agents: Vec<AgentView>,
    pub unrecognised_lines: usize,
    pub problems: Vec<Problem>,
}

impl Timeline {
    pub fn summaries(&self) -> Vec<EventSummary> {
        self.events.iter().map(Event::summary).collect()
    }

    /// Some event came from source `s`.
    pub fn has_source(&self, s: SourceKind) -> bool {
        self.sources & (1 << s as u16) != 0
    }

    /// The groups as the report lists them.
    pub fn correlations(&self) -> Vec<Correlation> {
        self.groups.to_correlations(&self.kinds)
    }
}

const DAY_MS: i64 = 86_400_000;

/// Puts every event on one axis. Offsets: overrides first, then inferred from matched requests.
/// Takes the parses by value: their events move into the timeline (copying them cost a third of
/// the time and doubled the memory of a 100 MB paste); they are sorted in place, through an
/// order of indices.
pub fn build(parses: Vec<LogParse>, overrides: &[ClockOffset]) -> Timeline {
    build_in(parses, overrides, None)
}

/// [`build`], with its independent passes run at once (`Some(true)`), one after the other
/// (`Some(false)`), or as the paste's size says (`None`): the result is the same.
fn build_in(parses: Vec<LogParse>, overrides: &[ClockOffset], at_once: Option<bool>) -> Timeline {
    let mut t = ordered_in(parses, overrides, at_once);
    let big = at_once.unwrap_or(t.events.len() >= crate::par::AT_ONCE_FROM_EVENTS);
    let (agents, related) = crate::par::both(big, || t.agents_of(), || t.related_lines());
    t.agents = agents;
    t.groups.set_related(related);
    t
}

/// [`build`] but for its last two parts, the agent model ([`Timeline::agents_of`], for
/// `agents`) and the groups' related lines ([`Timeline::related_lines`], for
/// `groups.set_related`): until they are set, `agents` and each group's `related()` are empty.
/// The analysis makes the agent model (then the rules, which read it) beside the passes that read
/// neither (the ladder's placing, the related lines).
pub fn ordered(parses: Vec<LogParse>, overrides: &[ClockOffset]) -> Timeline {
    ordered_in(parses, overrides, None)
}

impl Timeline {
    /// The agent model of an [`ordered`] timeline.
    pub fn agents_of(&self) -> Vec<AgentView> {
        agents::build(&self.events, &self.kinds, &self.groups, &self.group_of)
    }

    /// The related lines of an [`ordered`] timeline's groups, for `groups.set_related`.
    pub fn related_lines(&self) -> (Vec<(u32, u32)>, Vec<u32>) {
        correlate::related_of(
            &self.groups,
            &self.kinds,
            &self.events,
            &self.index,
            &self.axis_ms,
        )
    }
}

/// [`ordered`], with its independent passes at once or not as `at_once` says (see [`build_in`]).
fn ordered_in(parses: Vec<LogParse>, overrides: &[ClockOffset], at_once: Option<bool>) -> Timeline {
    let mut problems = Vec::new();
    let mut unrecognised_lines = 0;
    let mut events: Vec<Event> = Vec::new();
    let total: usize = parses.iter().map(|p| p.events.len()).sum();
    for p in parses {
        unrecognised_lines += p.unrecognised_lines();
        if events.is_empty() {
            // The first parse's vector is kept (one input: no copy at all).
            events = p.events;
            events.reserve(total - events.len());
        } else {
            events.extend(p.events);
        }
        problems.extend(p.problems);
    }

    // On a large paste, at once: the requests matched by InvokeID (the longest pass) beside the
    // sources' times, the anchor day (the median dated time) and whether the events stand in line
    // order, which do not depend on them.
    let big = at_once.unwrap_or(events.len() >= crate::par::AT_ONCE_FROM_EVENTS);
    let ((kinds, exact), (present, timed, unzoned_times, anchor, line_order)) = crate::par::both(
        big,
        || {
            let arm = correlate::arm_kinds(&events);
            // Matched by InvokeID once; by time twice: first to learn the clocks, then with them
            // known to match the renumbered requests.
            let exact = correlate::exact(&events, &arm);
            (arm.kinds, exact)
        },
        || {
            // Sources with an event, those with a time, and whether all of each one's times
            // carry a printed zone.
            let mut present: u16 = 0;
            let mut timed: u16 = 0;
            let mut unzoned_times: u16 = 0;
            for e in &events {
                present |= 1 << (e.source as u16);
                if let Some(t) = e.time() {
                    timed |= 1 << (e.source as u16);
                    if matches!(t.zone, Zone::Unknown) {
                        unzoned_times |= 1 << (e.source as u16);
                    }
                }
            }
            let mut dated: Vec<i64> = events
                .iter()
                .filter_map(|e| e.time())
                .filter(|t| !t.date_inferred)
                .filter_map(|t| t.local_epoch_ms())
                .collect();
            let mid = dated.len() / 2;
            let anchor = (!dated.is_empty()).then(|| *dated.select_nth_unstable(mid).1);
            (
                present,
                timed,
                unzoned_times,
                anchor,
                in_line_order(&events),
            )
        },
    );
    let sources = correlate::sources_of(timed);
    let reference = if sources.contains(&SourceKind::Listener) {
        Some(SourceKind::Listener)
    } else {
        sources.first().copied()
    };
    let unzoned: Vec<SourceKind> = sources
        .iter()
        .copied()
        .filter(|s| Some(*s) != reference && unzoned_times & (1 << (*s as u16)) != 0)
        .collect();

    let off_of = |list: &Vec<ClockOffset>, s: SourceKind| -> Option<i64> {
        if Some(s) == reference {
            return Some(0);
        }
        list.iter().find(|o| o.to == s).map(|o| o.seconds * 1000)
    };
    let (_, samples1) = exact.by_time(&events, &|_| None);
    let offsets1 = match reference {
        Some(r) => clock::solve(r, &unzoned, &samples1, overrides),
        None => Vec::new(),
    };
    drop(samples1);
    let (matched, samples2) = exact.by_time(&events, &|s| off_of(&offsets1, s));
    let clock_offsets = match reference {
        Some(r) => clock::solve(r, &unzoned, &samples2, overrides),
        None => Vec::new(),
    };
    drop(samples2);
    let groups = exact.groups(&matched, &events, big);
    drop(exact);

    // The axis: reference clock. Zoned sources convert through their zone.
    let ref_zone_ms = reference
        .and_then(|r| events.iter().find(|e| e.source == r).and_then(|e| e.time()))
        .map(|t| match t.zone {
            Zone::Offset(z) => z as i64 * 1000,
            Zone::Unknown => 0,
        })
        .unwrap_or(0);
    let offset_of: Vec<(SourceKind, i64)> = sources
        .iter()
        .map(|&s| (s, off_of(&clock_offsets, s).unwrap_or(0)))
        .collect();
    let shift_of = |e: &Event, t: &Timestamp| -> i64 {
        match t.zone {
            Zone::Offset(z) => ref_zone_ms - z as i64 * 1000,
            Zone::Unknown => -offset_of
                .iter()
                .find(|x| x.0 == e.source)
                .map_or(0, |x| x.1),
        }
    };
    let axis_of = |e: &Event, anchor: Option<i64>| -> Option<i64> {
        let t: Timestamp = e.time()?;
        let shift = shift_of(e, &t);
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
    let mut axis = Axis::untimed(events.len());
    axis.fill(big, |i| events.get(i).and_then(|e| axis_of(e, anchor)));
    // A request matched across logs dates its undated lines by its dated ones (the seed login:
    // ctisvr's 20:27 belongs to the listener's 2019-07-20, not to the median day of the paste).
    for g in groups.iter() {
        let dated = g.events().iter().find_map(|&i| {
            let e = events.get(i as usize)?;
            let t = e.time()?;
            if t.date_inferred {
                return None;
            }
            Some(t.local_epoch_ms()? + shift_of(e, &t))
        });
        if let Some(a) = dated {
            for &i in g.events() {
                if let Some(e) = events.get(i as usize) {
                    axis.set(i as usize, axis_of(e, Some(a)));
                }
            }
        }
    }
    // Undated stamps (and those dated only by context) take the date their place on the axis
    // gives them, marked inferred: a PG line at 01:34 local next to a listener line at 23:34 GMT
    // belongs to the next day.
    if anchor.is_some() {
        crate::par::halves_mut(big, &mut events, |start, half| {
            for (k, e) in half.iter_mut().enumerate() {
                let (Some(mut t), Some(a)) = (e.time(), axis.at(start + k)) else {
                    continue;
                };
                if t.date.is_none() || t.date_inferred {
                    let shift = shift_of(e, &t);
                    t.date = Some(civil_from_days((a - shift).div_euclid(DAY_MS)));
                    t.date_inferred = true;
                    e.set_time(Some(t));
                }
            }
        });
    }

    let order = time_order(&events, &axis, line_order);
    let mut new_index = vec![0u32; order.len()];
    for (n, &i) in order.iter().enumerate() {
        new_index[i as usize] = n as u32;
    }
    // Two at a time again: the events moved into their order (and indexed as each is placed,
    // while it is in cache: a pass of its own over the events cost 5-7 ms) beside the axis, kinds
    // and groups renumbered.
    let ((events, index), (axis_ms, kinds, groups)) = crate::par::both(
        big,
        || {
            let mut index = EventIndex::with_capacity(events.len());
            put_in_order(&mut events, &order, |e| index.push(e));
            (events, index)
        },
        || {
            (
                axis.permuted(&order),
                kinds.permuted(&order),
                groups.renumbered(&new_index),
            )
        },
    );
    drop((axis, order, new_index));
    let group_of = groups.group_of(events.len());
    Timeline {
        events,
        axis_ms,
        kinds,
        groups,
        group_of,
        clock_offsets,
        reference,
        sources: present,
        index,
        agents: Vec::new(),
        unrecognised_lines,
        problems,
    }
}

/// Below this many timed events [`time_order`] compares instead of radix-sorting (the two give
/// the same order: by time, then input, line and index, which are unique).
const RADIX_FROM: usize = 4096;

/// The events' time order (old indices, new position by new position): untimed last; by axis,
/// then input and line; the original order breaks ties. `in_line_order`: the events stand in
/// input and line order already ([`in_line_order`]), so equal times need no sort of their own.
///
/// A stable radix sort of one word per event, the time above the index (16 bits of time a pass,
/// as many passes as the span of the times needs: two for a day of logs), then the runs of equal
/// times ordered by input and line unless they are already: pairs of a time and an index (16
/// bytes instead of 8) and the runs' sorts, reading every event again, were most of its time.
fn time_order(events: &[Event], axis: &Axis, in_line_order: bool) -> Vec<u32> {
    let tie = |i: u32| {
        let o = &events[i as usize].origin;
        (o.input, o.line, i)
    };
    let mut untimed: Vec<u32> = Vec::new();
    let (min, max) = axis
        .iter()
        .flatten()
        .fold((i64::MAX, i64::MIN), |(lo, hi), a| (lo.min(a), hi.max(a)));
    let span = if min <= max { max.abs_diff(min) } else { 0 };
    let time_bits = 64 - span.leading_zeros();
    let index_bits = 64 - (events.len().max(1) as u64 - 1).leading_zeros();
    let timed = axis.iter().filter(|a| a.is_some()).count();
    if timed < RADIX_FROM || time_bits + index_bits > 64 {
        // Few events (a paste of a few screens), or times too far apart to share a word with an
        // index: a comparison sort by the same total order. The radix sort's fixed cost (a
        // 64 Ki-entry count table cleared and summed per pass) was most of a small input's timeline.
        let mut keyed: Vec<(i64, u32)> = Vec::with_capacity(timed);
        for (i, a) in axis.iter().enumerate() {
            match a {
                Some(a) => keyed.push((a, i as u32)),
                None => untimed.push(i as u32),
            }
        }
        keyed.sort_unstable_by_key(|k| (k.0, tie(k.1)));
        untimed.sort_unstable_by_key(|&i| tie(i));
        return keyed.iter().map(|k| k.1).chain(untimed).collect();
    }
    // Each timed event's word: its time since the earliest above its index.
    let mut words: Vec<u64> = Vec::with_capacity(timed);
    for (i, a) in axis.iter().enumerate() {
        match a {
            Some(a) => words.push((a.abs_diff(min) << index_bits) | i as u64),
            None => untimed.push(i as u32),
        }
    }
    let passes = time_bits.div_ceil(16);
    let mut other: Vec<u64> = vec![0; words.len()];
    let mut counts = vec![0u32; 1 << 16];
    for pass in 0..passes {
        let shift = index_bits + 16 * pass;
        let digit = |w: u64| ((w >> shift) & 0xFFFF) as usize;
        counts.iter_mut().for_each(|c| *c = 0);
        for &w in &words {
            counts[digit(w)] += 1;
        }
        let mut at = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for &w in &words {
            let d = digit(w);
            other[counts[d] as usize] = w;
            counts[d] += 1;
        }
        std::mem::swap(&mut words, &mut other);
    }
    drop(other);
    let index_mask = (1u64 << index_bits) - 1;
    let mut order: Vec<u32> = Vec::with_capacity(events.len());
    order.extend(words.iter().map(|&w| (w & index_mask) as u32));
    if !in_line_order {
        // Equal times: by input and line (the radix sort kept the original order within each).
        let mut start = 0;
        while start < words.len() {
            let time = words[start] >> index_bits;
            let mut end = start + 1;
            while end < words.len() && words[end] >> index_bits == time {
                end += 1;
            }
            if end - start > 1 {
                order[start..end].sort_unstable_by_key(|&i| tie(i));
            }
            start = end;
        }
        untimed.sort_unstable_by_key(|&i| tie(i));
    }
    order.extend(untimed);
    order
}

/// Whether the events stand in input and line order (one log read from top to bottom, or inputs
/// one after the other each so): what [`time_order`] needs not sort again.
fn in_line_order(events: &[Event]) -> bool {
    events
        .windows(2)
        .all(|w| (w[0].origin.input, w[0].origin.line) <= (w[1].origin.input, w[1].origin.line))
}

/// Puts `v`'s elements in `order` (`order[n]`: the index in `v` of the element to stand `n`th),
/// in place: position by position, the element that belongs there is swapped in from wherever
/// it is now (tracked both ways). A log's events are nearly in time order already, so that
/// place is near and every access stays near the one before; following the permutation's
/// cycles instead jumped across the whole vector, a cache miss an event (60 -> 16 ms on the
/// 100 MiB mix, scratch timers). `placed` is shown each element once it stands in its place,
/// first to last.
fn put_in_order<T>(v: &mut [T], order: &[u32], mut placed: impl FnMut(&T)) {
    // `now[i]`: where the element that was at `i` is now; `was[p]`: where the element now at
    // `p` was at first.
    let mut now: Vec<u32> = (0..v.len() as u32).collect();
    let mut was: Vec<u32> = now.clone();
    for (k, &want) in order.iter().enumerate().take(v.len()) {
        let p = now[want as usize] as usize;
        if p != k {
            v.swap(k, p);
            let moved = was[k];
            was[p] = moved;
            now[moved as usize] = p as u32;
            was[k] = want;
            now[want as usize] = k as u32;
        }
        placed(&v[k]);
    }
    // Past the order's end (none: it orders every event) the elements stay where they are.
    for x in v.iter().skip(order.len()) {
        placed(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{days_from_civil, Date};

    /// The index moves with the events: given the mix's later half as the first input and its
    /// earlier half as the second, the time order moves every event, and the index still says
    /// of each what it says (at once and one after the other).
    #[test]
    fn the_index_follows_the_events_into_their_order() {
        let text = crate::synth::log_mix_mb(2);
        let cut = text.len() / 2
            + text[text.len() / 2..]
                .find("\n2019-")
                .expect("a listener line")
            + 1;
        let (early, late) = text.split_at(cut);
        for at_once in [true, false] {
            let parses = vec![
                crate::logs::parse_text(0, late),
                crate::logs::parse_text(1, early),
            ];
            let first_input = parses[0].events.len();
            let t = build_in(parses, &[], Some(at_once));
            assert!(t.events.len() > 1000);
            // The order moved the second input's events ahead of the first's.
            assert_eq!(t.events[0].origin.input, 1);
            assert!(t.events.len() > first_input);
            let index = super::super::index::EventIndex::of(&t.events);
            assert!(t.index == index, "at once: {at_once}");
        }
    }

    /// Passes run two at a time give the timeline they give one after the other (on a paste
    /// large enough that `build` runs them at once).
    #[test]
    fn passes_at_once_give_what_they_give_one_after_the_other() {
        let text = crate::synth::log_mix_mb(9);
        let parses = || vec![crate::logs::parse_text(0, &text)];
        let at_once = build_in(parses(), &[], Some(true));
        assert!(at_once.events.len() >= crate::par::AT_ONCE_FROM_EVENTS);
        assert!(!at_once.groups.is_empty() && !at_once.agents.is_empty());
        assert!(at_once == build_in(parses(), &[], Some(false)));
        assert!(at_once == build(parses(), &[]));
    }

    #[test]
    fn putting_in_order_puts_each_element_where_the_order_says() {
        let mut rng = crate::ascii::TestRng(0x2545_f491_4f6c_dd1d);
        for n in [0usize, 1, 2, 3, 10, 257] {
            for near in [false, true] {
                for _ in 0..20 {
                    // A random order, or one where each element moves at most a few places (as
                    // a log's events do).
                    let mut order: Vec<u32> = (0..n as u32).collect();
                    if near {
                        for i in 1..n {
                            if rng.next() % 3 == 0 {
                                order.swap(i, i - 1 - (rng.next() % i.min(4) as u64) as usize);
                            }
                        }
                    } else {
                        for i in (1..n).rev() {
                            order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
                        }
                    }
                    let mut v: Vec<usize> = (0..n).collect();
                    let mut shown = Vec::new();
                    put_in_order(&mut v, &order, |&x| shown.push(x));
                    let want: Vec<usize> = order.iter().map(|&i| i as usize).collect();
                    assert_eq!(v, want, "n={n} near={near}");
                    assert_eq!(shown, want, "n={n} near={near}");
                }
            }
        }
    }

    #[test]
    fn time_order_is_the_order_of_the_full_keys() {
        use crate::model::{EventKind, Origin};
        let mut rng = crate::ascii::TestRng(0x9E37_79B9_7F4A_7C15);
        for n in [0usize, 1, 2, 5, 100, 3000, 6000] {
            for spread in [0i64, 3, 1000, 86_400_000, 1 << 40, i64::MAX / 2] {
                let events: Vec<Event> = (0..n)
                    .map(|_| {
                        Event::new(
                            SourceKind::Opc,
                            None,
                            Origin {
                                input: (rng.next() % 3) as u32,
                                line: (rng.next() % 50) as u32,
                                end_line: 0,
                            },
                            None,
                            None,
                            None,
                            EventKind::Availability {
                                text: Default::default(),
                            },
                        )
                    })
                    .collect();
                let axis: Axis = (0..n)
                    .map(|_| {
                        (rng.next() % 7 != 0).then(|| {
                            let r = rng.next() as i64;
                            if spread == 0 {
                                -5
                            } else {
                                r.rem_euclid(spread) - spread / 2
                            }
                        })
                    })
                    .collect();
                // The full keys' order, by a stable comparison sort.
                let want = |events: &[Event]| {
                    let mut want: Vec<u32> = (0..n as u32).collect();
                    want.sort_by_key(|&i| {
                        let (a, o) = (axis.at(i as usize), &events[i as usize].origin);
                        (a.is_none(), a.unwrap_or(0), o.input, o.line)
                    });
                    want
                };
                assert_eq!(
                    time_order(&events, &axis, false),
                    want(&events),
                    "n={n} spread={spread}"
                );
                // In line order already, equal times are in that order after the radix sort.
                let mut sorted = events.clone();
                sorted.sort_by_key(|e| (e.origin.input, e.origin.line));
                assert!(in_line_order(&sorted));
                assert_eq!(
                    time_order(&sorted, &axis, true),
                    want(&sorted),
                    "n={n} spread={spread}"
                );
            }
        }
    }

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
