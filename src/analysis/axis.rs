//! Each event's place on the timeline's common time axis, in ms: 8 bytes an event, not 16.

/// The axis times of a list of events, by index: `None` for an event without a time. Kept as
/// one `i64` each with [`NONE`] for none (an `Option<i64>` takes 16 bytes: two such arrays of a
/// 100 MiB paste's 564,000 events were 18 MB at the analysis' memory peak instead of 9).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Axis {
    ms: Vec<i64>,
}

/// What an event without a time holds. A time that would be it (292 million years before 1970)
/// is kept 1 ms later.
const NONE: i64 = i64::MIN;

#[inline]
fn put(a: Option<i64>) -> i64 {
    match a {
        Some(NONE) => NONE + 1,
        Some(a) => a,
        None => NONE,
    }
}

impl Axis {
    /// `n` events, none with a time yet.
    pub fn untimed(n: usize) -> Axis {
        Axis { ms: vec![NONE; n] }
    }

    pub fn len(&self) -> usize {
        self.ms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ms.is_empty()
    }

    /// Event `i`'s time (`None` without one, or past the end).
    #[inline]
    pub fn at(&self, i: usize) -> Option<i64> {
        self.ms.get(i).copied().filter(|&a| a != NONE)
    }

    /// Sets event `i`'s time (nothing past the end).
    pub fn set(&mut self, i: usize, a: Option<i64>) {
        if let Some(x) = self.ms.get_mut(i) {
            *x = put(a);
        }
    }

    /// Every event's time in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<i64>> + '_ {
        self.ms.iter().map(|&a| (a != NONE).then_some(a))
    }

    /// Sets every event's time to `time(i)`, in two halves at once when `at_once`.
    pub fn fill(&mut self, at_once: bool, time: impl Fn(usize) -> Option<i64> + Sync) {
        crate::par::halves_mut(at_once, &mut self.ms, |start, half| {
            for (k, x) in half.iter_mut().enumerate() {
                *x = put(time(start + k));
            }
        });
    }

    /// The times in `order` (old indices, new position by new position).
    pub fn permuted(&self, order: &[u32]) -> Axis {
        Axis {
            ms: order
                .iter()
                .map(|&i| self.ms.get(i as usize).copied().unwrap_or(NONE))
                .collect(),
        }
    }

    /// How many events have a time, when those without one stand last (as in a timeline).
    pub fn timed_first(&self) -> usize {
        self.ms.partition_point(|&a| a != NONE)
    }
}

impl FromIterator<Option<i64>> for Axis {
    fn from_iter<I: IntoIterator<Item = Option<i64>>>(iter: I) -> Self {
        Axis {
            ms: iter.into_iter().map(put).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axis_gives_back_the_times_it_was_given() {
        let times = [Some(5), None, Some(-3), Some(i64::MAX), Some(0), None];
        let mut a: Axis = times.iter().copied().collect();
        assert_eq!(a.len(), 6);
        assert_eq!(a.iter().collect::<Vec<_>>(), times);
        assert_eq!((a.at(0), a.at(1), a.at(6)), (Some(5), None, None));
        a.set(1, Some(7));
        a.set(9, Some(1));
        assert_eq!(a.at(1), Some(7));
        assert_eq!(a.timed_first(), 5);
        assert_eq!(
            a.permuted(&[5, 0, 2]).iter().collect::<Vec<_>>(),
            [None, Some(5), Some(-3)]
        );
        // The one time that cannot be kept as it is reads 1 ms later, never as none.
        a.set(0, Some(i64::MIN));
        assert_eq!(a.at(0), Some(i64::MIN + 1));
        for at_once in [false, true] {
            let mut b = Axis::untimed(1001);
            assert_eq!(b.timed_first(), 0);
            b.fill(at_once, |i| (i % 3 != 0).then_some(i as i64 * 10));
            for i in 0..1001 {
                assert_eq!(b.at(i), (i % 3 != 0).then_some(i as i64 * 10), "{i}");
            }
        }
    }
}
