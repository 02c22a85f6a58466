//! Two jobs at once, where a second thread can run: for the large inputs' independent passes.

/// Runs `a` on a helper thread and `b` on this one, and returns both results, when `at_once` and
/// the machine can run two threads (natively, with two cores or more); one after the other here
/// otherwise (the page's wasm, a small input where a thread's start would cost more).
pub fn both<A: Send, B>(
    at_once: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    if !(at_once && two) {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let h = s.spawn(a);
        let rb = b();
        // A panic on the helper thread is the caller's, as if `a` had run here.
        let ra = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (ra, rb)
    })
}

/// Runs `f` on the two halves of `items` at once when `at_once` (as [`both`] does), each half
/// with the index of its first item in `items`.
pub fn halves_mut<T: Send>(at_once: bool, items: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    let mid = items.len() / 2;
    let (a, b) = items.split_at_mut(mid);
    both(at_once, || f(0, a), || f(mid, b));
}

/// Inputs at least this long have their independent passes run at once by [`both`].
pub const AT_ONCE_FROM: usize = 8 << 20;

/// From this many events (about 8 MiB of logs) the analysis runs its independent passes at once.
pub const AT_ONCE_FROM_EVENTS: usize = 40_000;

#[cfg(test)]
mod tests {
    use super::*;

    /// At once or not, each job's result comes back in its place, and both jobs ran.
    #[test]
    fn both_jobs_run_and_their_results_keep_their_places() {
        let text = "a\nb\nc\n".repeat(1000);
        for at_once in [true, false] {
            let (lines, bytes) = both(at_once, || text.lines().count(), || text.len());
            assert_eq!((lines, bytes), (3000, 6000), "at once: {at_once}");
        }
    }

    /// Each half gets its own items and the index of its first one.
    #[test]
    fn halves_see_their_items_and_where_they_start() {
        for n in [0usize, 1, 2, 7, 1000] {
            for at_once in [true, false] {
                let mut v = vec![0usize; n];
                halves_mut(at_once, &mut v, |start, half| {
                    for (k, x) in half.iter_mut().enumerate() {
                        *x = start + k;
                    }
                });
                assert_eq!(v, (0..n).collect::<Vec<_>>(), "n={n} at once: {at_once}");
            }
        }
    }
}
