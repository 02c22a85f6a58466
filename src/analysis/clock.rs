//! Clock offsets between log sources: the listener stamps GMT, the PG logs stamp local time with no
//! zone. Matched pairs of the same ARM message give the difference; it is rounded to the nearest
//! plausible zone step (15 min) and the rest is kept as latency.

use crate::model::{SourceKind, Stamp, Timestamp};

pub use crate::report::views::ClockOffset;

impl ClockOffset {
    /// A user override: `to = from + seconds`.
    pub fn set(from: SourceKind, to: SourceKind, seconds: i64) -> Self {
        ClockOffset {
            from,
            to,
            seconds,
            inferred: false,
            pairs: 0,
            residual_ms: None,
        }
    }
}

/// Zones differ from UTC by whole quarter hours.
pub const ZONE_STEP_S: i64 = 900;
const DAY_MS: i64 = 86_400_000;

/// (offset rounded to the nearest 15 min in seconds, residual in ms).
pub fn round_to_zone_step(diff_ms: i64) -> (i64, i64) {
    let step = ZONE_STEP_S * 1000;
    let n = (diff_ms as f64 / step as f64).round() as i64;
    (n * ZONE_STEP_S, diff_ms - n * step)
}

/// `b − a` in ms on their own clocks: by epoch when both carry a printed date, else by time of day
/// taken into (−12 h, +12 h].
pub fn stamp_diff_ms(a: &Timestamp, b: &Timestamp) -> i64 {
    if let (false, false, Some(x), Some(y)) = (
        a.date_inferred,
        b.date_inferred,
        a.local_epoch_ms(),
        b.local_epoch_ms(),
    ) {
        return y - x;
    }
    let mut d = b.ms_of_day as i64 - a.ms_of_day as i64;
    while d > DAY_MS / 2 {
        d -= DAY_MS;
    }
    while d <= -DAY_MS / 2 {
        d += DAY_MS;
    }
    d
}

/// [`stamp_diff_ms`] on the [`Stamp`]s of two events (`Event::stamp`): the same result.
#[inline]
pub fn stamp_diff(a: &Stamp, b: &Stamp) -> i64 {
    if let (false, false, Some(x), Some(y)) =
        (a.date_inferred, b.date_inferred, a.epoch_ms, b.epoch_ms)
    {
        return y - x;
    }
    let mut d = b.ms_of_day as i64 - a.ms_of_day as i64;
    while d > DAY_MS / 2 {
        d -= DAY_MS;
    }
    while d <= -DAY_MS / 2 {
        d += DAY_MS;
    }
    d
}

/// One matched pair: the same message seen on `a` and on `b`, `b − a` ms apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairSample {
    pub a: SourceKind,
    pub b: SourceKind,
    pub diff_ms: i64,
}

fn median(v: &mut [i64]) -> i64 {
    v.sort_unstable();
    v[(v.len() - 1) / 2]
}

/// Offsets of every source in `unzoned` relative to `reference` (whose offset is 0), from overrides
/// first, then from the samples (directly or through another source already placed).
pub fn solve(
    reference: SourceKind,
    unzoned: &[SourceKind],
    samples: &[PairSample],
    overrides: &[ClockOffset],
) -> Vec<ClockOffset> {
    // source → (offset ms, ClockOffset as reported)
    let mut known: Vec<(SourceKind, i64)> = vec![(reference, 0)];
    let mut out: Vec<ClockOffset> = Vec::new();
    let get = |k: &Vec<(SourceKind, i64)>, s: SourceKind| k.iter().find(|x| x.0 == s).map(|x| x.1);
    for _ in 0..8 {
        let mut progressed = false;
        for o in overrides {
            match (get(&known, o.from), get(&known, o.to)) {
                (Some(f), None) => {
                    known.push((o.to, f + o.seconds * 1000));
                    out.push(ClockOffset::set(
                        reference,
                        o.to,
                        (f + o.seconds * 1000) / 1000,
                    ));
                    progressed = true;
                }
                (None, Some(t)) => {
                    known.push((o.from, t - o.seconds * 1000));
                    out.push(ClockOffset::set(
                        reference,
                        o.from,
                        (t - o.seconds * 1000) / 1000,
                    ));
                    progressed = true;
                }
                _ => {}
            }
        }
        if progressed {
            continue;
        }
        for &s in unzoned {
            if get(&known, s).is_some() {
                continue;
            }
            // Candidates for s's offset (ms): against the reference when there are such pairs,
            // else against the best-supported source already placed.
            let mut per_base: Vec<(SourceKind, Vec<i64>)> = Vec::new();
            for p in samples {
                let (base, cand) = if p.b == s {
                    match get(&known, p.a) {
                        Some(a) => (p.a, a + p.diff_ms),
                        None => continue,
                    }
                } else if p.a == s {
                    match get(&known, p.b) {
                        Some(b) => (p.b, b - p.diff_ms),
                        None => continue,
                    }
                } else {
                    continue;
                };
                match per_base.iter_mut().find(|x| x.0 == base) {
                    Some(x) => x.1.push(cand),
                    None => per_base.push((base, vec![cand])),
                }
            }
            let mut cands = per_base
                .iter()
                .max_by_key(|(b, v)| (*b == reference, v.len()))
                .map(|x| x.1.clone())
                .unwrap_or_default();
            if cands.is_empty() {
                continue;
            }
            let pairs = cands.len();
            let m = median(&mut cands);
            let (secs, residual) = round_to_zone_step(m);
            known.push((s, secs * 1000));
            out.push(ClockOffset {
                from: reference,
                to: s,
                seconds: secs,
                inferred: true,
                pairs,
                residual_ms: Some(residual),
            });
            progressed = true;
        }
        if !progressed {
            break;
        }
    }
    out.sort_by_key(|o| o.to);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Zone;

    #[test]
    fn rounds_to_quarter_hours() {
        assert_eq!(round_to_zone_step(7_200_068), (7200, 68));
        assert_eq!(round_to_zone_step(-3_599_000), (-3600, 1000));
        assert_eq!(round_to_zone_step(19_800_400), (19_800, 400)); // +05:30
    }

    #[test]
    fn time_of_day_difference_wraps_midnight() {
        let t = |ms| Timestamp {
            date: None,
            date_inferred: false,
            ms_of_day: ms,
            zone: Zone::Unknown,
        };
        assert_eq!(
            stamp_diff_ms(&t(23 * 3_600_000), &t(3_600_000)),
            2 * 3_600_000
        );
    }

    #[test]
    fn solves_through_a_chain_and_honours_overrides() {
        let s = [
            PairSample {
                a: SourceKind::Listener,
                b: SourceKind::Ctisvr,
                diff_ms: 7_200_050,
            },
            PairSample {
                a: SourceKind::Ctisvr,
                b: SourceKind::Opc,
                diff_ms: 10,
            },
        ];
        let o = solve(
            SourceKind::Listener,
            &[SourceKind::Ctisvr, SourceKind::Opc],
            &s,
            &[],
        );
        assert_eq!(o.len(), 2);
        assert_eq!(
            (o[0].to, o[0].seconds, o[0].pairs),
            (SourceKind::Ctisvr, 7200, 1)
        );
        assert_eq!((o[1].to, o[1].seconds), (SourceKind::Opc, 7200));
        let o = solve(
            SourceKind::Listener,
            &[SourceKind::Ctisvr, SourceKind::Opc],
            &s,
            &[ClockOffset::set(
                SourceKind::Listener,
                SourceKind::Ctisvr,
                3600,
            )],
        );
        assert_eq!((o[0].seconds, o[0].inferred), (3600, false));
        assert_eq!(o[1].seconds, 3600);
    }
}
