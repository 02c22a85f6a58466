//! The correlated requests kept flat: one record per group over shared lists of events, invoke ids and related events.

use super::*;

/// A source as one bit of a set.
#[inline]
pub(crate) fn bit(s: SourceKind) -> u16 {
    1 << (s as u16)
}

/// The sources of a set, in `SourceKind` order.
pub fn sources_of(mask: u16) -> Vec<SourceKind> {
    SourceKind::ALL
        .into_iter()
        .filter(|&s| mask & bit(s) != 0)
        .collect()
}

/// One correlated request, flat: its events, invoke ids and related events are ranges of the
/// shared lists in [`Groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupRec {
    /// The request kind.
    pub(crate) kind: KindId,
    pub(crate) inferred: bool,
    /// The sources of its events, one bit each.
    pub(crate) sources: u16,
    pub(crate) agent_id: Option<u32>,
    pub(crate) mrd_id: Option<u32>,
    pub(crate) events: (u32, u32),
    pub(crate) invoke_ids: (u32, u32),
    pub(crate) related: (u32, u32),
}

/// The correlated requests of a timeline (what the report lists as `groups`), kept flat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    pub(crate) recs: Vec<GroupRec>,
    pub(crate) events: Vec<u32>,
    pub(crate) invoke_ids: Vec<u32>,
    pub(crate) related: Vec<u32>,
}

/// One group of [`Groups`], borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    pub(crate) rec: &'a GroupRec,
    pub(crate) all: &'a Groups,
}

pub(crate) fn slice(v: &[u32], (at, n): (u32, u32)) -> &[u32] {
    v.get(at as usize..at as usize + n as usize).unwrap_or(&[])
}

impl<'a> Group<'a> {
    /// Timeline indices of its events, in time order.
    pub fn events(&self) -> &'a [u32] {
        slice(&self.all.events, self.rec.events)
    }
    pub fn invoke_ids(&self) -> &'a [u32] {
        slice(&self.all.invoke_ids, self.rec.invoke_ids)
    }
    /// See [`Correlation::related`].
    pub fn related(&self) -> &'a [u32] {
        slice(&self.all.related, self.rec.related)
    }
    pub fn kind(&self) -> KindId {
        self.rec.kind
    }
    pub fn agent_id(&self) -> Option<u32> {
        self.rec.agent_id
    }
    pub fn mrd_id(&self) -> Option<u32> {
        self.rec.mrd_id
    }
    pub fn inferred(&self) -> bool {
        self.rec.inferred
    }
    /// The sources of its events, one bit per `SourceKind`.
    pub fn source_mask(&self) -> u16 {
        self.rec.sources
    }
    /// The report's record of it.
    pub fn to_correlation(&self, kinds: &Kinds) -> Correlation {
        let to_usize = |v: &[u32]| v.iter().map(|&i| i as usize).collect();
        Correlation {
            kind: kinds.name(self.rec.kind).to_string(),
            invoke_ids: self.invoke_ids().to_vec(),
            events: to_usize(self.events()),
            sources: sources_of(self.rec.sources),
            agent_id: self.rec.agent_id,
            mrd_id: self.rec.mrd_id,
            confidence: if self.rec.inferred {
                Confidence::Inferred
            } else {
                Confidence::Confirmed
            },
            how: if self.rec.inferred {
                HOW_INFERRED
            } else {
                HOW_EXACT
            }
            .to_string(),
            related: to_usize(self.related()),
        }
    }
}

impl Groups {
    pub fn len(&self) -> usize {
        self.recs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }
    pub fn get(&self, g: usize) -> Option<Group<'_>> {
        self.recs.get(g).map(|rec| Group { rec, all: self })
    }
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Group<'_>> + '_ {
        self.recs.iter().map(move |rec| Group { rec, all: self })
    }
    /// The group of each of `n` events (`None` for events in no group).
    /// Sets what [`super::related_of`] found: each group's range of `related`, and the list.
    pub(crate) fn set_related(&mut self, (ranges, related): (Vec<(u32, u32)>, Vec<u32>)) {
        for (r, range) in self.recs.iter_mut().zip(ranges) {
            r.related = range;
        }
        self.related = related;
    }

    pub fn group_of(&self, n: usize) -> Vec<Option<u32>> {
        let mut of = vec![None; n];
        for (gi, g) in self.iter().enumerate() {
            for &i in g.events() {
                if let Some(x) = of.get_mut(i as usize) {
                    *x = Some(gi as u32);
                }
            }
        }
        of
    }
    /// The report's records of every group.
    pub fn to_correlations(&self, kinds: &Kinds) -> Vec<Correlation> {
        self.iter().map(|g| g.to_correlation(kinds)).collect()
    }

    /// Takes `other`'s groups after these (their lists' ranges moved to where they land).
    pub(crate) fn append(&mut self, mut other: Groups) {
        let at = |v: &Vec<u32>| u32::try_from(v.len()).unwrap_or(u32::MAX);
        let (events, invoke_ids, related) =
            (at(&self.events), at(&self.invoke_ids), at(&self.related));
        for r in &mut other.recs {
            r.events.0 += events;
            r.invoke_ids.0 += invoke_ids;
            r.related.0 += related;
        }
        self.recs.append(&mut other.recs);
        self.events.append(&mut other.events);
        self.invoke_ids.append(&mut other.invoke_ids);
        self.related.append(&mut other.related);
    }

    pub(crate) fn push(&mut self, mut rec: GroupRec, events: &[u32], invoke_ids: &[u32]) {
        let at = |v: &Vec<u32>| u32::try_from(v.len()).unwrap_or(u32::MAX);
        rec.events = (at(&self.events), events.len() as u32);
        self.events.extend_from_slice(events);
        rec.invoke_ids = (at(&self.invoke_ids), invoke_ids.len() as u32);
        self.invoke_ids.extend_from_slice(invoke_ids);
        rec.related = (0, 0);
        self.recs.push(rec);
    }

    /// The groups with their events renumbered (`new_index[old] = new`), each group's events in
    /// the new order, and the groups ordered by their first event.
    pub(crate) fn renumbered(&self, new_index: &[u32]) -> Groups {
        let mut order: Vec<(u32, u32)> = Vec::with_capacity(self.recs.len());
        let mut events: Vec<u32> = self
            .events
            .iter()
            .map(|&i| new_index.get(i as usize).copied().unwrap_or(i))
            .collect();
        for (gi, r) in self.recs.iter().enumerate() {
            let (at, n) = (r.events.0 as usize, r.events.1 as usize);
            let ev = &mut events[at..at + n];
            ev.sort_unstable();
            order.push((ev.first().copied().unwrap_or(u32::MAX), gi as u32));
        }
        // Stable: groups with the same first event (none have one) keep their order.
        order.sort_by_key(|&(first, _)| first);
        let mut out = Groups {
            recs: Vec::with_capacity(self.recs.len()),
            events: Vec::with_capacity(events.len()),
            invoke_ids: Vec::with_capacity(self.invoke_ids.len()),
            related: Vec::new(),
        };
        for (_, gi) in order {
            let r = self.recs[gi as usize];
            out.push(
                r,
                slice(&events, r.events),
                slice(&self.invoke_ids, r.invoke_ids),
            );
        }
        out
    }
}
