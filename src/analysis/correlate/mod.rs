//! Joins the same ARM request as the listener, the CTI server and OPC each logged it: by InvokeID
//! (+ MRDID + ICMAgentID), and by message kind + MRDID + ICMAgentID + time when the CTI server
//! renumbered the InvokeID (the seed login: 133121 → 591309094).
//!
//! Built for hundreds of thousands of events: message kinds are interned ([`Kinds`], two bytes
//! an event), requests are keyed by integers, the exact matching runs once (the clocks only
//! change the matching by time), and the groups are kept flat ([`Groups`]); the report's
//! [`Correlation`] records are made only when a report is.

use super::axis::Axis;
use super::clock::{round_to_zone_step, stamp_diff, PairSample};
use super::index::{Class, EventIndex};
use crate::logs::BuildFx;
use crate::model::{Confidence, Event, EventKind, SourceKind, Stamp};
use std::collections::HashMap;

mod groups;
mod kinds;
mod last_group;

pub use crate::report::views::{Correlation, HOW_EXACT, HOW_INFERRED};
pub use groups::*;
pub use kinds::*;

/// A group while it is being built: its events are a chain through `Exact::next`.
#[derive(Debug, Clone, Copy)]
struct G {
    /// The request kind.
    kind: KindId,
    /// Its InvokeID (one per group until groups are merged by time).
    invoke: u32,
    head: u32,
    tail: u32,
    agent: Option<u32>,
    mrd: Option<u32>,
    /// The previous group with the same (request kind, InvokeID), or `NO_LINK`.
    prev_same_key: u32,
}

/// The earliest timed event of each source in `events` (in order of each source's first timed
/// event; ties keep the earlier event): at most one per `SourceKind`, kept on the stack.
fn firsts(list: impl Iterator<Item = u32>, ev: &[Event]) -> ([(SourceKind, Stamp); 9], usize) {
    let none = Stamp {
        ms_of_day: 0,
        epoch_ms: None,
        date_inferred: false,
    };
    let mut v = [(SourceKind::Listener, none); 9];
    let mut n = 0;
    for i in list {
        let e = &ev[i as usize];
        let Some(t) = e.stamp() else { continue };
        match v[..n].iter_mut().find(|x| x.0 == e.source) {
            Some(x) => {
                if t.sort_key_ms() < x.1.sort_key_ms() {
                    x.1 = t;
                }
            }
            None => {
                if let Some(slot) = v.get_mut(n) {
                    *slot = (e.source, t);
                    n += 1;
                }
            }
        }
    }
    (v, n)
}

/// Pairs for clock inference from one group's events.
fn samples_of(list: impl Iterator<Item = u32>, ev: &[Event], out: &mut Vec<PairSample>) {
    let (f, n) = firsts(list, ev);
    let f = &f[..n];
    for x in 0..f.len() {
        for y in x + 1..f.len() {
            let (a, b) = if f[x].0 <= f[y].0 {
                (f[x], f[y])
            } else {
                (f[y], f[x])
            };
            out.push(PairSample {
                a: a.0,
                b: b.0,
                diff_ms: stamp_diff(&a.1, &b.1),
            });
        }
    }
}

/// Tolerance when matching by time: the message's trip plus the logs' rounding.
pub const MATCH_WINDOW_MS: i64 = 5_000;

/// Events with the same InvokeID further apart than this (after zone rounding) are different requests.
pub const REUSE_GAP_MS: i64 = 60_000;

/// A group as the matching by time sees it: its sources, and the earliest timed event of the
/// source of its first timed event.
#[derive(Debug, Clone, Copy)]
struct Info {
    sources: u16,
    first: Option<(SourceKind, Stamp)>,
}

impl Info {
    const NONE: Info = Info {
        sources: 0,
        first: None,
    };

    /// Takes in the group's next event (in the group's order), from `source`, stamped `stamp`.
    fn add(&mut self, source: SourceKind, stamp: Option<Stamp>) {
        self.sources |= bit(source);
        let Some(t) = stamp else { return };
        match &mut self.first {
            None => self.first = Some((source, t)),
            Some((s, best)) if *s == source && t.sort_key_ms() < best.sort_key_ms() => *best = t,
            _ => {}
        }
    }
}

/// The requests matched by InvokeID (+ MRDID + ICMAgentID), before any matching by time: the
/// part of the correlation that does not depend on the clocks.
pub struct Exact {
    groups: Vec<G>,
    /// The next event of the same group (`NO_LINK` at a group's end), per event.
    next: Vec<u32>,
    /// Pair samples of the groups that span sources.
    samples: Vec<PairSample>,
    /// The buckets where a match by time is possible (same request kind, agent and MRD, and two
    /// groups with disjoint sources): their groups, each bucket ordered by time of day, as
    /// (start, length) ranges of `bucket_groups`.
    buckets: Vec<(u32, u32)>,
    bucket_groups: Vec<u32>,
    /// The `Info` of each entry of `bucket_groups`.
    bucket_info: Vec<Info>,
}

/// Groups by InvokeID: a response joins its request's group; an InvokeID reused much later (a
/// restarted client, a wrapped counter) starts a new group. `Process…` announcement lines join
/// the group of the `SendARMMsg` they announce (`links`, from [`arm_kinds`]).
pub fn exact(events: &[Event], arm: &ArmKinds) -> Exact {
    let ArmKinds {
        kinds,
        links,
        requests: with_ids,
    } = arm;
    let with_ids = *with_ids;
    // Room for as many groups as there are requests with an InvokeID (most have their own).
    let mut groups: Vec<G> = Vec::with_capacity(with_ids / 2);
    let mut next: Vec<u32> = vec![NO_LINK; events.len()];
    // (request kind, InvokeID) → the last group with that key (earlier ones by `prev_same_key`).
    let mut by_key = last_group::LastGroup::new(with_ids);
    let mut group_of: Vec<u32> = vec![NO_LINK; events.len()];
    // Each group's `Info` for the buckets, taken in as its events join (in its order): walking
    // every group's events again afterwards read them out of order, most of the buckets' time.
    let mut infos: Vec<Info> = Vec::with_capacity(with_ids / 2);
    for (i, e) in events.iter().enumerate() {
        let k = kinds.id(i);
        let (false, Some(inv)) = (k.is_none(), e.invoke_id) else {
            continue;
        };
        let req = kinds.request(k);
        let stamp = e.stamp();
        let fits = |g: &G| {
            let same_ids = (g.agent.is_none() || e.agent_id.is_none() || g.agent == e.agent_id)
                && (g.mrd.is_none() || e.mrd_id.is_none() || g.mrd == e.mrd_id);
            if !same_ids {
                return false;
            }
            let f = &events[g.head as usize];
            match (f.stamp(), stamp) {
                (Some(a), Some(b)) => {
                    let d = stamp_diff(&a, &b);
                    if f.source == e.source {
                        d.abs() <= REUSE_GAP_MS
                    } else {
                        round_to_zone_step(d).1.abs() <= REUSE_GAP_MS
                    }
                }
                _ => true,
            }
        };
        let last = by_key.get(req, inv);
        let mut c = last;
        let found = loop {
            if c == NO_LINK {
                break None;
            }
            if fits(&groups[c as usize]) {
                break Some(c);
            }
            c = groups[c as usize].prev_same_key;
        };
        let gi = match found {
            Some(gi) => {
                let g = &mut groups[gi as usize];
                next[g.tail as usize] = i as u32;
                g.tail = i as u32;
                gi as usize
            }
            None => {
                groups.push(G {
                    kind: req,
                    invoke: inv,
                    head: i as u32,
                    tail: i as u32,
                    agent: None,
                    mrd: None,
                    prev_same_key: last,
                });
                by_key.set(req, inv, (groups.len() - 1) as u32);
                infos.push(Info::NONE);
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        g.agent = g.agent.or(e.agent_id);
        g.mrd = g.mrd.or(e.mrd_id);
        group_of[i] = gi as u32;
        infos[gi].add(e.source, stamp);
    }
    drop(by_key);
    for &(j, l) in links {
        let j = j as usize;
        if let Some(&gi) = group_of.get(l as usize).filter(|&&g| g != NO_LINK) {
            let g = &mut groups[gi as usize];
            next[g.tail as usize] = j as u32;
            g.tail = j as u32;
            group_of[j] = gi;
            if let Some(e) = events.get(j) {
                infos[gi as usize].add(e.source, e.stamp());
            }
        }
    }
    drop(group_of);
    let mut x = Exact {
        groups,
        next,
        samples: Vec::new(),
        buckets: Vec::new(),
        bucket_groups: Vec::new(),
        bucket_info: Vec::new(),
    };
    // The clock samples and the buckets, at once for many events (both only read the groups).
    let (samples, buckets) = crate::par::both(
        events.len() >= crate::par::AT_ONCE_FROM_EVENTS,
        || {
            let mut samples = Vec::with_capacity(x.groups.len() * 2);
            for g in 0..x.groups.len() {
                samples_of(x.chain(g as u32), events, &mut samples);
            }
            samples
        },
        || x.buckets_of(&infos),
    );
    x.samples = samples;
    (x.buckets, x.bucket_groups, x.bucket_info) = buckets;
    x
}

impl Exact {
    /// The events of group `g` (without those merged into it), in the order they joined.
    fn chain(&self, g: u32) -> impl Iterator<Item = u32> + '_ {
        let mut at = self.groups.get(g as usize).map_or(NO_LINK, |g| g.head);
        std::iter::from_fn(move || {
            let i = at;
            if i == NO_LINK {
                return None;
            }
            at = self.next[i as usize];
            Some(i)
        })
    }

    fn info_of(&self, list: impl Iterator<Item = u32>, events: &[Event]) -> Info {
        let mut info = Info::NONE;
        for i in list {
            let e = &events[i as usize];
            info.add(e.source, e.stamp());
        }
        info
    }

    /// Finds the buckets of groups that may be matched by time (see `Exact::buckets`), from each
    /// group's `Info` (`infos`, by group).
    fn buckets_of(&self, infos: &[Info]) -> (Vec<(u32, u32)>, Vec<u32>, Vec<Info>) {
        let (mut buckets_out, mut bucket_groups, mut bucket_info) =
            (Vec::new(), Vec::new(), Vec::new());
        // Groups with an agent and an MRD, by (kind, agent, MRD) and then group order: each
        // bucket lists its groups in order, and the buckets come in the order of their first.
        let mut keyed: Vec<((KindId, u32, u32), u32)> = self
            .groups
            .iter()
            .enumerate()
            .filter_map(|(gi, g)| Some(((g.kind, g.agent?, g.mrd?), gi as u32)))
            .collect();
        keyed.sort_unstable();
        let mut buckets: Vec<Vec<u32>> = Vec::new();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                buckets.push(run.iter().map(|x| x.1).collect());
            }
        }
        drop(keyed);
        buckets.sort_unstable_by_key(|b| b[0]);
        let mut masks: Vec<u16> = Vec::new();
        for bucket in buckets {
            let info: Vec<Info> = bucket.iter().map(|&g| infos[g as usize]).collect();
            // Only groups with disjoint sources are merged: a bucket without two such is done.
            masks.clear();
            for i in &info {
                if !masks.contains(&i.sources) {
                    masks.push(i.sources);
                }
            }
            let mergeable = masks
                .iter()
                .enumerate()
                .any(|(x, a)| masks[x + 1..].iter().any(|b| a & b == 0));
            if !mergeable {
                continue;
            }
            // Near in time of day first, so that large buckets can be searched in a window.
            let mut order: Vec<usize> = (0..bucket.len()).collect();
            order.sort_by_key(|&x| info[x].first.map(|(_, t)| t.ms_of_day));
            let at = bucket_groups.len() as u32;
            buckets_out.push((at, bucket.len() as u32));
            bucket_groups.extend(order.iter().map(|&x| bucket[x]));
            bucket_info.extend(order.iter().map(|&x| info[x]));
        }
        (buckets_out, bucket_groups, bucket_info)
    }

    /// Merges groups that are the same request under a new InvokeID: same request kind, MRD and
    /// agent, disjoint sources, times that fit. `offset_ms(source)` gives the known clock offset
    /// of a source relative to the reference, if any. Returns the merges and every pair sample
    /// (the exact groups', then the merged groups').
    pub fn by_time(
        &self,
        events: &[Event],
        offset_ms: &dyn Fn(SourceKind) -> Option<i64>,
    ) -> (Matched, Vec<PairSample>) {
        let mut merged_into: Vec<u32> = vec![NO_LINK; self.groups.len()];
        let mut took: HashMap<u32, Vec<u32>, BuildFx> = HashMap::default();
        let mut info = self.bucket_info.clone();
        for &(at, n) in &self.buckets {
            let (at, n) = (at as usize, n as usize);
            let bucket = &self.bucket_groups[at..at + n];
            let info = &mut info[at..at + n];
            let all = info.iter().fold(0, |m, x| m | x.sources);
            let reach = if n <= 256 { n } else { 64 };
            for x in 0..n {
                let g1 = bucket[x];
                // A group with every source of the bucket shares one with any other.
                if merged_into[g1 as usize] != NO_LINK || info[x].sources == all {
                    continue;
                }
                let mut best: Option<(i64, usize)> = None;
                let lo = x.saturating_sub(reach);
                let hi = (x + reach + 1).min(n);
                for y in lo..hi {
                    let g2 = bucket[y];
                    if g2 == g1 || merged_into[g2 as usize] != NO_LINK {
                        continue;
                    }
                    let (i1, i2) = (&info[x], &info[y]);
                    if i1.sources & i2.sources != 0 {
                        continue;
                    }
                    let (Some(a), Some(b)) = (i1.first, i2.first) else {
                        continue;
                    };
                    let d = stamp_diff(&a.1, &b.1);
                    let score = match (offset_ms(a.0), offset_ms(b.0)) {
                        (Some(oa), Some(ob)) => (d - (ob - oa)).abs(),
                        _ => round_to_zone_step(d).1.abs(),
                    };
                    if score <= MATCH_WINDOW_MS && best.is_none_or(|(s, _)| score < s) {
                        best = Some((score, y));
                    }
                }
                if let Some((_, y)) = best {
                    let g2 = bucket[y];
                    merged_into[g2 as usize] = g1;
                    took.entry(g1).or_default().push(g2);
                    info[x] = self.info_of(self.events_of(g1, &took).into_iter(), events);
                }
            }
        }
        let mut samples = self.samples.clone();
        let mut roots: Vec<u32> = took
            .keys()
            .copied()
            .filter(|&g| merged_into[g as usize] == NO_LINK)
            .collect();
        roots.sort_unstable();
        for g in roots {
            let mut list = self.events_of(g, &took);
            list.sort_unstable();
            list.dedup();
            samples_of(list.into_iter(), events, &mut samples);
        }
        (Matched { merged_into, took }, samples)
    }

    /// The events of group `g` then those of each group merged into it, in merge order (a
    /// group merged into `g` brings the groups merged into it before).
    fn events_of(&self, g: u32, took: &HashMap<u32, Vec<u32>, BuildFx>) -> Vec<u32> {
        let mut list: Vec<u32> = self.chain(g).collect();
        for &o in took.get(&g).map(Vec::as_slice).unwrap_or(&[]) {
            list.extend(self.events_of(o, took));
        }
        list
    }

    /// The InvokeIDs of group `g` then the new ones of each group merged into it.
    fn invoke_ids_of(&self, g: u32, took: &HashMap<u32, Vec<u32>, BuildFx>) -> Vec<u32> {
        let mut ids = vec![self.groups[g as usize].invoke];
        for &o in took.get(&g).map(Vec::as_slice).unwrap_or(&[]) {
            for i in self.invoke_ids_of(o, took) {
                if !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
        ids
    }

    /// The final groups: every group not merged into another, with the events and InvokeIDs of
    /// those merged into it; each group's events sorted (indices into `events`). `at_once`: the
    /// two halves of the groups made on two threads, then joined (the same groups, in the same
    /// order).
    pub fn groups(&self, m: &Matched, events: &[Event], at_once: bool) -> Groups {
        let mid = self.groups.len() / 2;
        let (mut out, rest) = crate::par::both(
            at_once,
            || self.groups_in(0..mid, m, events),
            || self.groups_in(mid..self.groups.len(), m, events),
        );
        out.append(rest);
        out
    }

    /// [`Exact::groups`] of the exact groups `range`.
    fn groups_in(&self, range: std::ops::Range<usize>, m: &Matched, events: &[Event]) -> Groups {
        let n = range.len();
        let mut out = Groups::default();
        out.recs.reserve(n);
        out.events.reserve(self.next.len().min(4 * n));
        out.invoke_ids.reserve(n);
        let mut list: Vec<u32> = Vec::new();
        for (gi, g) in self.groups.iter().enumerate().skip(range.start).take(n) {
            if m.merged_into[gi] != NO_LINK {
                continue;
            }
            let merged = m.took.contains_key(&(gi as u32));
            list.clear();
            if merged {
                list.extend(self.events_of(gi as u32, &m.took));
            } else {
                list.extend(self.chain(gi as u32));
            }
            list.sort_unstable();
            list.dedup();
            // A group that took none has its own InvokeID only (no list made for it).
            let taken;
            let invs: &[u32] = if merged {
                taken = self.invoke_ids_of(gi as u32, &m.took);
                &taken
            } else {
                std::slice::from_ref(&g.invoke)
            };
            let sources = list
                .iter()
                .fold(0, |s, &i| s | bit(events[i as usize].source));
            out.push(
                GroupRec {
                    kind: g.kind,
                    inferred: merged,
                    sources,
                    agent_id: g.agent,
                    mrd_id: g.mrd,
                    events: (0, 0),
                    invoke_ids: (0, 0),
                    related: (0, 0),
                },
                &list,
                invs,
            );
        }
        out
    }
}

/// The groups matched by time as well: which group each merged group went into.
pub struct Matched {
    /// For each exact group: the group it was merged into, or `NO_LINK`.
    merged_into: Vec<u32>,
    /// For each exact group that took others: those groups, in merge order.
    took: HashMap<u32, Vec<u32>, BuildFx>,
}

/// Window after a request reaches OPC in which a `SetAgentState` for the same agent/MRD is its effect.
pub const EFFECT_WINDOW_MS: i64 = 2_000;

/// Candidates in time order, with the ones already taken skipped in near-constant time (each
/// entry points to the next one that may still be free).
struct Candidates {
    list: Vec<u32>,
    /// `skip[k]`: an index ≥ k whose entry may be free (path-compressed; `list.len()` at the end).
    skip: Vec<u32>,
}

impl Candidates {
    fn new(list: Vec<u32>) -> Self {
        let skip = (0..=list.len() as u32).collect();
        Candidates { list, skip }
    }
    /// The first entry at or after `k` not known to be taken.
    fn next_free(&mut self, k: usize) -> usize {
        let mut r = k;
        while (self.skip[r] as usize) != r {
            r = self.skip[r] as usize;
        }
        let mut c = k;
        while (self.skip[c] as usize) != c {
            let n = self.skip[c] as usize;
            self.skip[c] = r as u32;
            c = n;
        }
        r
    }
    /// Entry `k` is taken: skipped from now on.
    fn take(&mut self, k: usize) {
        self.skip[k] = (k + 1) as u32;
    }
}

/// The related events of each group, from time-ordered events, their index and their axis
/// times, found without changing the groups (so that it can run beside what reads them): each
/// group's range of the related events, and their list, for `Groups::set_related`.
pub fn related_of(
    groups: &Groups,
    kinds: &Kinds,
    events: &[Event],
    index: &EventIndex,
    axis: &Axis,
) -> (Vec<(u32, u32)>, Vec<u32>) {
    let timed = axis.timed_first();
    let at = |i: u32| axis.at(i as usize).unwrap_or(i64::MAX);
    // The request kinds of the groups, and for each the listener's availability lines that name
    // it, in time order: scanning every availability line of each group's window was groups ×
    // lines-per-window (300 for a busy listener).
    let mut group_kinds: Vec<KindId> = groups.recs.iter().map(|r| r.kind).collect();
    group_kinds.sort_unstable();
    group_kinds.dedup();
    let mut naming: Vec<Vec<u32>> = vec![Vec::new(); group_kinds.len()];
    // Which group kinds each distinct availability text names (a listener repeats a few).
    let mut names_of: HashMap<&str, Vec<usize>, BuildFx> = HashMap::default();
    let mut state_changes: HashMap<(Option<u32>, Option<u32>), Vec<u32>, BuildFx> =
        HashMap::default();
    // The availability lines and the state changes, found in the index (the other events are
    // not read; a state change's ids are the index's).
    for j in index
        .of_class(Class::Availability)
        .take_while(|&j| j < timed)
    {
        if let EventKind::Availability { text } = &events[j].kind {
            let named = names_of.entry(text.as_str()).or_insert_with(|| {
                (0..group_kinds.len())
                    .filter(|&k| text.contains(kinds.name(group_kinds[k])))
                    .collect()
            });
            for &k in named.iter() {
                naming[k].push(j as u32);
            }
        }
    }
    for j in index
        .of_class(Class::StateChange)
        .take_while(|&j| j < timed)
    {
        state_changes
            .entry(index.ids(j))
            .or_default()
            .push(j as u32);
    }
    drop(names_of);
    let mut naming: Vec<Candidates> = naming.into_iter().map(Candidates::new).collect();
    let changing: Vec<KindId> = [
        "MAKE_AGENT_READY_IND",
        "MAKE_AGENT_NOT_READY_REQ",
        "MEDIA_LOGIN_REQ",
        "MEDIA_LOGOUT_IND",
    ]
    .iter()
    .filter_map(|n| kinds.find(n))
    .collect();
    let mut state_changes: HashMap<(Option<u32>, Option<u32>), Candidates, BuildFx> = state_changes
        .into_iter()
        .map(|(k, v)| (k, Candidates::new(v)))
        .collect();
    // Candidates at or after `lo` on the axis.
    let from = |list: &[u32], lo: i64| list.partition_point(|&j| at(j) < lo);
    let mut taken = vec![false; events.len()];
    let mut related: Vec<u32> = Vec::new();
    let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(groups.recs.len());
    let mut rel = Vec::new();
    for gi in 0..groups.recs.len() {
        let g = groups.get(gi).expect("in range");
        rel.clear();
        // The listener's own lines about this request.
        if let (Some(&li), Ok(k)) = (
            g.events().iter().find(|&&i| {
                events[i as usize].source == SourceKind::Listener && axis.at(i as usize).is_some()
            }),
            group_kinds.binary_search(&g.kind()),
        ) {
            let t = at(li);
            let input = events[li as usize].origin.input;
            let c = &mut naming[k];
            let mut x = c.next_free(from(&c.list, t - 1000));
            while let Some(&j) = c.list.get(x) {
                if at(j) > t + 1000 {
                    break;
                }
                if taken[j as usize] {
                    // Taken through another kind's list.
                    c.take(x);
                } else if events[j as usize].origin.input == input {
                    rel.push(j);
                }
                x = c.next_free(x + 1);
            }
        }
        // OPC's state change caused by it.
        if let (true, Some(&oi), Some(c)) = (
            changing.contains(&g.kind()),
            g.events().iter().find(|&&i| {
                events[i as usize].source == SourceKind::Opc && axis.at(i as usize).is_some()
            }),
            state_changes.get_mut(&(g.agent_id(), g.mrd_id())),
        ) {
            let t = at(oi);
            let mut x = c.next_free(from(&c.list, t));
            while let Some(&j) = c.list.get(x) {
                if at(j) > t + EFFECT_WINDOW_MS {
                    break;
                }
                if taken[j as usize] {
                    c.take(x);
                } else {
                    rel.push(j);
                }
                x = c.next_free(x + 1);
            }
        }
        for &j in &rel {
            taken[j as usize] = true;
        }
        ranges.push((related.len() as u32, rel.len() as u32));
        related.extend_from_slice(&rel);
    }
    (ranges, related)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, StateChange};

    /// `relate` as it was: every availability line and state change of each group's window
    /// scanned (the reference for the candidate lists with skipping).
    fn relate_by_scan(
        groups: &Groups,
        kinds: &Kinds,
        events: &[Event],
        axis: &Axis,
    ) -> Vec<Vec<u32>> {
        let at = |i: u32| axis.at(i as usize).unwrap_or(i64::MAX);
        let mut taken = vec![false; events.len()];
        let mut out = Vec::new();
        for g in groups.iter() {
            let kind = kinds.name(g.kind());
            let mut rel = Vec::new();
            if let Some(&li) = g.events().iter().find(|&&i| {
                events[i as usize].source == SourceKind::Listener && axis.at(i as usize).is_some()
            }) {
                let t = at(li);
                for (j, e) in events.iter().enumerate() {
                    let j = j as u32;
                    if axis.at(j as usize).is_none() || at(j) < t - 1000 || at(j) > t + 1000 {
                        continue;
                    }
                    if taken[j as usize] || e.origin.input != events[li as usize].origin.input {
                        continue;
                    }
                    if let EventKind::Availability { text } = &e.kind {
                        if text.contains(kind) {
                            rel.push(j);
                        }
                    }
                }
            }
            let changes = matches!(
                kind,
                "MAKE_AGENT_READY_IND"
                    | "MAKE_AGENT_NOT_READY_REQ"
                    | "MEDIA_LOGIN_REQ"
                    | "MEDIA_LOGOUT_IND"
            );
            if let (true, Some(&oi)) = (
                changes,
                g.events().iter().find(|&&i| {
                    events[i as usize].source == SourceKind::Opc && axis.at(i as usize).is_some()
                }),
            ) {
                let t = at(oi);
                for (j, e) in events.iter().enumerate() {
                    let j = j as u32;
                    if axis.at(j as usize).is_none() || at(j) < t || at(j) > t + EFFECT_WINDOW_MS {
                        continue;
                    }
                    if matches!(e.kind, EventKind::StateChange(_))
                        && (e.agent_id, e.mrd_id) == (g.agent_id(), g.mrd_id())
                        && !taken[j as usize]
                    {
                        rel.push(j);
                    }
                }
            }
            for &j in &rel {
                taken[j as usize] = true;
            }
            out.push(rel);
        }
        out
    }

    /// The message kinds read in two halves at once are those of one pass: the same ids, names,
    /// links and request count, on a generated mix and on the seed cut at every length (so the
    /// halves' border falls between every announcement and the `SendARMMsg` it announces).
    #[test]
    fn kinds_read_in_halves_are_the_kinds_of_one_pass() {
        let mix = crate::logs::parse_text(0, &crate::synth::log_mix_mb(2)).events;
        let seed_text = crate::sample::SEED
            .iter()
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join("\n");
        let seed = crate::logs::parse_text(0, &seed_text).events;
        let one = arm_kinds_in(&mix, false);
        assert!(
            one.links.len() > 100 && one.requests > 1000,
            "{} {}",
            one.links.len(),
            one.requests
        );
        assert!(arm_kinds_in(&mix, true) == one);
        let mut linked = 0;
        for n in 0..=seed.len() {
            let one = arm_kinds_in(&seed[..n], false);
            linked += one.links.len();
            assert!(
                arm_kinds_in(&seed[..n], true) == one,
                "the seed's first {n} events"
            );
        }
        assert!(linked > 0);
    }

    /// The groups made in two halves and joined are the groups of one pass, on a generated mix
    /// (thousands of groups, some merged by time) and on the seed.
    #[test]
    fn groups_made_in_halves_are_the_groups_of_one_pass() {
        let mix = crate::synth::log_mix_mb(2);
        let seed = crate::sample::SEED
            .iter()
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join("\n");
        for text in [mix, seed] {
            let events = crate::logs::parse_text(0, &text).events;
            let x = exact(&events, &arm_kinds(&events));
            let (m, _) = x.by_time(&events, &|_| None);
            let whole = x.groups_in(0..x.groups.len(), &m, &events);
            assert!(whole.len() > 2, "{}", whole.len());
            for at_once in [false, true] {
                assert!(
                    x.groups(&m, &events, at_once) == whole,
                    "at once: {at_once}"
                );
            }
        }
    }

    #[test]
    fn related_lines_are_those_a_scan_of_each_window_finds() {
        let names = [
            "MAKE_AGENT_ROUTABLE_IND",
            "MAKE_AGENT_READY_IND",
            "MEDIA_LOGIN_REQ",
        ];
        let texts = [
            "agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM",
            "PRINT_STATE after sending MAKE_AGENT_READY_IND and MEDIA_LOGIN_REQ",
            "agentIsNotAvailable()",
        ];
        let mut rng = crate::ascii::TestRng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..300 {
            let n = 1 + (rng.next() % 80) as usize;
            let mut t = 0i64;
            let mut events = Vec::new();
            let mut axis = Vec::new();
            for line in 0..n {
                t += (rng.next() % 700) as i64;
                let agent = Some(1 + (rng.next() % 3) as u32);
                let input = (rng.next() % 2) as u32;
                let (source, kind) = match rng.next() % 4 {
                    0 => (
                        SourceKind::Listener,
                        EventKind::Availability {
                            text: crate::cti::Label::new(texts[(rng.next() % 3) as usize]),
                        },
                    ),
                    1 => (
                        SourceKind::Opc,
                        EventKind::StateChange(Box::new(StateChange {
                            peripheral_number: None,
                            skill_group_id: None,
                            skill_group_number: None,
                            old: None,
                            new: None,
                            old_raw: Default::default(),
                            new_raw: Default::default(),
                            reason_code: None,
                            duration: None,
                        })),
                    ),
                    2 => (
                        SourceKind::Listener,
                        EventKind::Availability {
                            text: Default::default(),
                        },
                    ),
                    _ => (
                        SourceKind::Opc,
                        EventKind::Availability {
                            text: Default::default(),
                        },
                    ),
                };
                let origin = Origin {
                    input,
                    line: line as u32 + 1,
                    end_line: line as u32 + 1,
                };
                events.push(Event::new(
                    source,
                    None,
                    origin,
                    None,
                    agent,
                    Some(5000),
                    kind,
                ));
                axis.push((rng.next() % 10 != 0).then_some(t));
            }
            // Untimed events last, as in a timeline.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&i| axis[i].is_none());
            let events: Vec<Event> = order.iter().map(|&i| events[i].clone()).collect();
            let axis: Axis = order.iter().map(|&i| axis[i]).collect();
            let mut kinds = Kinds::default();
            let mut index = HashMap::default();
            let ids: Vec<KindId> = names
                .iter()
                .map(|n| kinds.intern(n.to_string(), &mut index))
                .collect();
            let mut groups = Groups::default();
            for _ in 0..(rng.next() % 12) {
                let members: Vec<u32> = (0..1 + rng.next() % 3)
                    .map(|_| (rng.next() % n as u64) as u32)
                    .collect();
                let mut members = members;
                members.sort_unstable();
                members.dedup();
                let rec = GroupRec {
                    kind: ids[(rng.next() % 3) as usize],
                    inferred: false,
                    sources: 0,
                    agent_id: Some(1 + (rng.next() % 3) as u32),
                    mrd_id: Some(5000),
                    events: (0, 0),
                    invoke_ids: (0, 0),
                    related: (0, 0),
                };
                groups.push(rec, &members, &[1]);
            }
            let want = relate_by_scan(&groups, &kinds, &events, &axis);
            let related = related_of(&groups, &kinds, &events, &EventIndex::of(&events), &axis);
            groups.set_related(related);
            let got: Vec<Vec<u32>> = groups.iter().map(|g| g.related().to_vec()).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn canonical_names() {
        assert_eq!(
            canonical("ProcessARMMediaLoginRespMsg").as_deref(),
            Some("MEDIA_LOGIN_RESP")
        );
        assert_eq!(
            canonical("MakeAgentRoutableInd").as_deref(),
            Some("MAKE_AGENT_ROUTABLE_IND")
        );
        assert_eq!(
            canonical("ProcessMakeAgentReadyInd").as_deref(),
            Some("MAKE_AGENT_READY_IND")
        );
        assert_eq!(
            canonical("ProcessMediaLoginReq").as_deref(),
            Some("MEDIA_LOGIN_REQ")
        );
        assert_eq!(
            canonical("MEDIA_LOGIN_REQ").as_deref(),
            Some("MEDIA_LOGIN_REQ")
        );
        assert_eq!(canonical("SendARMMsg"), None);
        assert_eq!(canonical("SetAgentState"), None);
        assert_eq!(request_of("MEDIA_LOGIN_RESP"), "MEDIA_LOGIN_REQ");
    }
}
