//! Each timeline event's agent, MRD and variant in a compact array beside the events: the rules'
//! and the related lines' passes read 12 bytes an event there instead of its 96.
//!
//! On 100 MiB of logs a pass that reads a field of every event costs 5-7 ms whatever it does
//! with it (the events are 54 MB; the pass waits on memory); the same pass here reads 6.8 MB.

use crate::model::{Event, EventKind};

/// Which variant of [`EventKind`] an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    Arm,
    Availability,
    Trace,
    StateChange,
    RouterStatus,
}

impl Class {
    pub fn of(kind: &EventKind) -> Class {
        match kind {
            EventKind::Arm { .. } => Class::Arm,
            EventKind::Availability { .. } => Class::Availability,
            EventKind::Trace { .. } => Class::Trace,
            EventKind::StateChange(_) => Class::StateChange,
            EventKind::RouterStatus(_) => Class::RouterStatus,
        }
    }
}

/// Parallel to the timeline's events (made from them, moved into their order with them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventIndex {
    entries: Vec<Entry>,
}

/// One event's ids and variant: 12 bytes (two `Option<u32>` alone are 16).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    /// The agent id, or 0 when `HAS_AGENT` is not set.
    agent: u32,
    /// The MRD id, or 0 when `HAS_MRD` is not set.
    mrd: u32,
    /// The [`Class`] in the low bits, `HAS_AGENT` and `HAS_MRD` above it.
    flags: u8,
}

const CLASS_BITS: u8 = 0b111;
const HAS_AGENT: u8 = 1 << 3;
const HAS_MRD: u8 = 1 << 4;

impl Entry {
    fn of(e: &Event) -> Entry {
        let mut flags = Class::of(&e.kind) as u8;
        if e.agent_id.is_some() {
            flags |= HAS_AGENT;
        }
        if e.mrd_id.is_some() {
            flags |= HAS_MRD;
        }
        Entry {
            agent: e.agent_id.unwrap_or(0),
            mrd: e.mrd_id.unwrap_or(0),
            flags,
        }
    }
}

impl EventIndex {
    /// The index of `events`, as they stand.
    pub fn of(events: &[Event]) -> EventIndex {
        EventIndex {
            entries: events.iter().map(Entry::of).collect(),
        }
    }

    /// An empty index with room for `n` events.
    pub fn with_capacity(n: usize) -> EventIndex {
        EventIndex {
            entries: Vec::with_capacity(n),
        }
    }

    /// The next event's entry (the timeline pushes each event as it puts it in its place).
    #[inline]
    pub fn push(&mut self, e: &Event) {
        self.entries.push(Entry::of(e));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Event `i`'s `(agent_id, mrd_id)` (none for an index past the events).
    #[inline]
    pub fn ids(&self, i: usize) -> (Option<u32>, Option<u32>) {
        match self.entries.get(i) {
            Some(x) => (
                (x.flags & HAS_AGENT != 0).then_some(x.agent),
                (x.flags & HAS_MRD != 0).then_some(x.mrd),
            ),
            None => (None, None),
        }
    }

    /// The events of one variant, by index, in order.
    pub fn of_class(&self, c: Class) -> impl Iterator<Item = usize> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, x)| x.flags & CLASS_BITS == c as u8)
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ids(index: &EventIndex, events: &[Event]) {
        assert_eq!(index.len(), events.len());
        for (i, e) in events.iter().enumerate() {
            assert_eq!(index.ids(i), (e.agent_id, e.mrd_id), "event {i}");
        }
    }

    /// The index says of every event what the event says.
    #[test]
    fn the_index_says_what_each_event_says() {
        let text = crate::synth::log_mix_mb(1);
        let events = crate::logs::parse_text(0, &text).events;
        assert!(events.len() > 1000);
        let check = |index: &EventIndex, events: &[Event]| {
            check_ids(index, events);
            for (i, e) in events.iter().enumerate() {
                assert_eq!(
                    index.entries[i].flags & CLASS_BITS,
                    Class::of(&e.kind) as u8,
                    "event {i}"
                );
            }
            for c in [
                Class::Arm,
                Class::Availability,
                Class::Trace,
                Class::StateChange,
                Class::RouterStatus,
            ] {
                let listed: Vec<usize> = index.of_class(c).collect();
                let by_events: Vec<usize> = (0..events.len())
                    .filter(|&i| Class::of(&events[i].kind) == c)
                    .collect();
                assert!(!listed.is_empty(), "{c:?}: the mix has some");
                assert_eq!(listed, by_events, "{c:?}");
            }
        };
        let index = EventIndex::of(&events);
        check(&index, &events);
        // Pushed one by one (as the timeline does), the same index.
        let mut pushed = EventIndex::with_capacity(events.len());
        for e in &events {
            pushed.push(e);
        }
        assert!(pushed == index);
        assert_eq!(index.ids(events.len()), (None, None));
        // An id of 0 is an id, not its absence.
        let mut zero = events[..3].to_vec();
        (zero[0].agent_id, zero[0].mrd_id) = (Some(0), None);
        (zero[1].agent_id, zero[1].mrd_id) = (None, Some(0));
        (zero[2].agent_id, zero[2].mrd_id) = (None, None);
        check_ids(&EventIndex::of(&zero), &zero);
    }
}
