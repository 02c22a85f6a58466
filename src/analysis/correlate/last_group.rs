//! The exact matching's "last group with this (request kind, InvokeID)", kept in small pages.
//!
//! InvokeIDs count up per connection, so the requests of a stretch of log share a few runs of
//! nearby numbers: kept 64 to a page, the pages of one stretch stay in cache, and the map that
//! finds a page has one entry per 64 numbers. A hash map keyed by each (kind, InvokeID) spread
//! neighbours across the whole table, a cache miss a request (26 -> 16 ms of the matching's
//! loop on the 100 MiB mix, scratch timers). Scattered InvokeIDs (not from real logs) would
//! give a page each: past a budget of pages the rest go to a plain map, so memory stays bounded.

use crate::analysis::correlate::{KindId, NO_LINK};
use crate::logs::BuildFx;
use std::collections::HashMap;

const PAGE_BITS: u32 = 6;
const PAGE: usize = 1 << PAGE_BITS;

/// (request kind, InvokeID) → the last group with it, or [`NO_LINK`].
pub(super) struct LastGroup {
    /// (kind, InvokeID >> PAGE_BITS) → index in `pages`.
    page_of: HashMap<(KindId, u32), u32, BuildFx>,
    pages: Vec<[u32; PAGE]>,
    /// How many pages may be made; keys without a page once the budget is spent go to `rest`.
    budget: usize,
    rest: HashMap<(KindId, u32), u32, BuildFx>,
}

impl LastGroup {
    /// For about `requests` requests with an InvokeID: pages for a quarter of them each in a page
    /// of its own (1 KiB per 16 requests at worst, beside the map's 16 bytes a request), at least
    /// 1,024.
    pub(super) fn new(requests: usize) -> LastGroup {
        LastGroup {
            page_of: HashMap::default(),
            pages: Vec::new(),
            budget: (requests / 4).max(1024),
            rest: HashMap::default(),
        }
    }

    #[inline]
    pub(super) fn get(&self, kind: KindId, invoke: u32) -> u32 {
        match self.page_of.get(&(kind, invoke >> PAGE_BITS)) {
            Some(&p) => self.pages[p as usize][invoke as usize % PAGE],
            None => self.rest.get(&(kind, invoke)).copied().unwrap_or(NO_LINK),
        }
    }

    #[inline]
    pub(super) fn set(&mut self, kind: KindId, invoke: u32, group: u32) {
        let key = (kind, invoke >> PAGE_BITS);
        let p = match self.page_of.get(&key) {
            Some(&p) => p,
            // A key whose page was not made while there was budget never gets one: it stays in
            // `rest`, where `get` looks for it.
            None if self.pages.len() >= self.budget => {
                self.rest.insert((kind, invoke), group);
                return;
            }
            None => {
                self.pages.push([NO_LINK; PAGE]);
                let p = (self.pages.len() - 1) as u32;
                self.page_of.insert(key, p);
                p
            }
        };
        self.pages[p as usize][invoke as usize % PAGE] = group;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the InvokeIDs' spread, and past the budget of pages, each key gives the last
    /// group set for it, and a key never set gives none: as a plain map would.
    #[test]
    fn each_key_gives_its_last_group_past_the_budget_too() {
        // Counting up (pages filled), scattered (a page each: the budget runs out), and both
        // kinds of key in turns, each set twice (the second wins).
        let mut keys: Vec<(KindId, u32)> = Vec::new();
        for i in 0..3000u32 {
            keys.push((KindId(1), 133_121 + i));
            keys.push((KindId(2), i.wrapping_mul(2_654_435_761)));
            keys.push((KindId(1), 591_309_094 + 3 * i));
        }
        let mut pages = LastGroup::new(1000);
        let mut plain: HashMap<(KindId, u32), u32> = HashMap::new();
        for (n, &(k, inv)) in keys.iter().chain(keys.iter().step_by(7)).enumerate() {
            pages.set(k, inv, n as u32);
            plain.insert((k, inv), n as u32);
        }
        assert_eq!(pages.pages.len(), pages.budget, "the budget was spent");
        assert!(!pages.rest.is_empty(), "and keys went past it");
        for &(k, inv) in &keys {
            assert_eq!(pages.get(k, inv), plain[&(k, inv)], "{k:?} {inv}");
            // Another kind, the next number, one that no page holds.
            for other in [(KindId(3), inv), (k, inv ^ (1 << 31))] {
                let want = plain.get(&other).copied().unwrap_or(NO_LINK);
                assert_eq!(pages.get(other.0, other.1), want, "{other:?}");
            }
        }
    }
}
