//! Dates, timestamps and clocks as logs print them: zones, calendar days, packed event times (a leaf).

use crate::ascii::PADDED_DECIMAL;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "seconds")]
pub enum Zone {
    /// An explicit offset from UTC in seconds (GMT+0000 is `Offset(0)`).
    Offset(i32),
    /// The log's local time; the zone is not printed (PG logs).
    Unknown,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A timestamp as a log prints it, with what is known of its date and zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    pub date: Option<Date>,
    /// True when the date was taken from context (another line), not printed on this line.
    pub date_inferred: bool,
    /// Milliseconds since local midnight.
    pub ms_of_day: u32,
    pub zone: Zone,
}

impl Timestamp {
    /// Milliseconds since 1970-01-01 in the timestamp's own clock (zone not applied), if dated.
    pub fn local_epoch_ms(&self) -> Option<i64> {
        self.date
            .map(|d| days_from_civil(d.year, d.month, d.day) * 86_400_000 + self.ms_of_day as i64)
    }

    /// Milliseconds on a comparable axis: dated stamps use the epoch, undated ones the time of day.
    /// The zone is *not* applied; correlation applies inferred clock offsets on top.
    pub fn sort_key_ms(&self) -> i64 {
        self.local_epoch_ms().unwrap_or(self.ms_of_day as i64)
    }

    /// `2019-08-19 13:34:09.773 GMT+0000`, `15:34:09.841 (local)` ...
    pub fn display(&self) -> String {
        let mut s = String::with_capacity(32);
        self.write_display(&mut s);
        s
    }

    /// [`Timestamp::display`] appended to `out` (no allocation).
    pub fn write_display(&self, out: &mut String) {
        out.push_str(self.display_text().as_str());
    }

    /// [`Timestamp::display`] on the stack, made without the formatting machinery: the report
    /// writes one per event, straight from [`StampText::as_bytes`].
    pub fn display_text(&self) -> StampText {
        if let Some(t) = self.display_text_usual() {
            return t;
        }
        let mut t = StampText {
            buf: [0; STAMP_TEXT],
            len: 0,
        };
        let ms = self.ms_of_day;
        if let Some(d) = self.date {
            // `{:04}-{:02}-{:02} `: a negative year's sign counts in its width.
            if d.year < 0 {
                t.push(b'-');
                t.digits::<3>(u64::from(d.year.unsigned_abs()));
            } else {
                t.digits::<4>(d.year as u64);
            }
            t.push(b'-');
            t.digits::<2>(u64::from(d.month));
            t.push(b'-');
            t.digits::<2>(u64::from(d.day));
            t.push(b' ');
        }
        t.digits::<2>(u64::from(ms / 3_600_000));
        t.push(b':');
        t.digits::<2>(u64::from(ms / 60_000 % 60));
        t.push(b':');
        t.digits::<2>(u64::from(ms / 1000 % 60));
        t.push(b'.');
        t.digits::<3>(u64::from(ms % 1000));
        match self.zone {
            Zone::Offset(s) => {
                t.extend(if s < 0 { b" GMT-" } else { b" GMT+" });
                let a = s.unsigned_abs();
                t.digits::<2>(u64::from(a / 3600));
                t.digits::<2>(u64::from(a / 60 % 60));
            }
            Zone::Unknown => t.extend(b" (local)"),
        }
        t
    }
}

impl Timestamp {
    /// [`Timestamp::display_text`] of the usual stamp (a year of four digits, hours, months, days
    /// and a zone's hours of two): each part at its fixed place, from the three-digit table.
    #[inline]
    fn display_text_usual(&self) -> Option<StampText> {
        let two = |n: u32| -> [u8; 2] {
            let [_, a, b] = PADDED_DECIMAL[(n % 100) as usize];
            [a, b]
        };
        let ms = self.ms_of_day;
        let h = ms / 3_600_000;
        let zone_hours = match self.zone {
            Zone::Offset(s) => s.unsigned_abs() / 3600,
            Zone::Unknown => 0,
        };
        if h >= 100 || zone_hours >= 100 {
            return None;
        }
        let mut buf = [0u8; STAMP_TEXT];
        let mut len = 0;
        if let Some(d) = self.date {
            let Ok(y @ 0..=9999) = u32::try_from(d.year) else {
                return None;
            };
            if d.month >= 100 || d.day >= 100 {
                return None;
            }
            // `2019-08-19 `
            let [y1, y2, y3] = PADDED_DECIMAL[(y % 1000) as usize];
            let [m1, m2] = two(u32::from(d.month));
            let [d1, d2] = two(u32::from(d.day));
            let date = [
                b'0' + (y / 1000) as u8,
                y1,
                y2,
                y3,
                b'-',
                m1,
                m2,
                b'-',
                d1,
                d2,
                b' ',
            ];
            buf[..11].copy_from_slice(&date);
            len = 11;
        }
        // `13:34:09.773`
        let [h1, h2] = two(h);
        let [n1, n2] = two(ms / 60_000 % 60);
        let [s1, s2] = two(ms / 1000 % 60);
        let [f1, f2, f3] = PADDED_DECIMAL[(ms % 1000) as usize];
        let time = [h1, h2, b':', n1, n2, b':', s1, s2, b'.', f1, f2, f3];
        buf.get_mut(len..len + 12)?.copy_from_slice(&time);
        len += 12;
        // ` GMT+0000` or ` (local)`
        let zone: [u8; 9] = match self.zone {
            Zone::Offset(s) => {
                let a = s.unsigned_abs();
                let [z1, z2] = two(a / 3600);
                let [z3, z4] = two(a / 60 % 60);
                let sign = if s < 0 { b'-' } else { b'+' };
                [b' ', b'G', b'M', b'T', sign, z1, z2, z3, z4]
            }
            Zone::Unknown => *b" (local)\0",
        };
        let zone_len = if matches!(self.zone, Zone::Unknown) {
            8
        } else {
            9
        };
        buf.get_mut(len..len + 9)?.copy_from_slice(&zone);
        len += zone_len;
        Some(StampText { buf, len })
    }
}

/// Room for the longest [`StampText`]: a year of `i32::MIN`, an hour of `u32::MAX`
/// milliseconds, a zone of `i32::MIN` seconds (47 bytes).
const STAMP_TEXT: usize = 64;

/// A timestamp's display text (ASCII), held on the stack.
#[derive(Clone, Copy)]
pub struct StampText {
    buf: [u8; STAMP_TEXT],
    len: usize,
}

impl StampText {
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    pub fn as_str(&self) -> &str {
        // ASCII only (digits and the few separators written above).
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    #[inline]
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    #[inline]
    fn extend(&mut self, b: &[u8]) {
        if let Some(slot) = self.buf.get_mut(self.len..self.len + b.len()) {
            slot.copy_from_slice(b);
            self.len += b.len();
        }
    }

    /// `n` in at least `WIDTH` (at most 4) decimal digits (zeros in front): `{n:0WIDTH$}`.
    #[inline]
    fn digits<const WIDTH: usize>(&mut self, n: u64) {
        // The usual case: exactly `WIDTH` digits, right to left.
        if n < 10u64.pow(WIDTH as u32) {
            let end = self.len + WIDTH;
            if let Some(slot) = self.buf.get_mut(self.len..end) {
                // Three digits from the table, the fourth (a year's first) by hand.
                let low = &PADDED_DECIMAL[(n % 1000) as usize];
                match slot.split_last_chunk_mut::<3>() {
                    Some((first, last3)) => {
                        *last3 = *low;
                        if let Some(c) = first.first_mut() {
                            *c = b'0' + (n / 1000) as u8;
                        }
                    }
                    None => slot.copy_from_slice(low.get(3 - WIDTH..).unwrap_or(&[])),
                }
                self.len = end;
            }
            return;
        }
        let (d, len) = crate::ascii::decimal(n);
        for _ in len..WIDTH {
            self.push(b'0');
        }
        self.extend(d.get(..len).unwrap_or(&[]));
    }
}

/// The parts of a [`Timestamp`] that correlation compares: the time of day, and the epoch
/// milliseconds when there is a date (with whether it was inferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub ms_of_day: u32,
    /// [`Timestamp::local_epoch_ms`].
    pub epoch_ms: Option<i64>,
    pub date_inferred: bool,
}

impl Stamp {
    /// [`Timestamp::sort_key_ms`].
    #[inline]
    pub fn sort_key_ms(&self) -> i64 {
        self.epoch_ms.unwrap_or(self.ms_of_day as i64)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date. Dates of 1970–2129 (every log's) read
/// the first day of their month from a table made at compile time; others are computed.
#[inline]
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let start = i64::from(y)
        .checked_sub(i64::from(MONTH_STARTS_FROM))
        .and_then(|k| usize::try_from(k).ok())
        .filter(|_| (1..=12).contains(&m))
        .and_then(|k| MONTH_STARTS.get(k * 12 + usize::from(m) - 1));
    match start {
        // The day of the month counts linearly (also past the month's end, as computed).
        Some(&first) => i64::from(first) + i64::from(d) - 1,
        None => civil_days(y, m, d),
    }
}

/// The first year in [`MONTH_STARTS`].
const MONTH_STARTS_FROM: i32 = 1970;

/// Days since 1970-01-01 of the first of each month of 160 years from [`MONTH_STARTS_FROM`].
static MONTH_STARTS: [i32; 160 * 12] = {
    let mut t = [0i32; 160 * 12];
    let mut k = 0;
    while k < t.len() {
        t[k] = civil_days(MONTH_STARTS_FROM + (k / 12) as i32, (k % 12) as u8 + 1, 1) as i32;
        k += 1;
    }
    t
};

/// [`days_from_civil`] computed (Howard Hinnant's algorithm).
const fn civil_days(y: i32, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01 (inverse of `model::days_from_civil`).
pub fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    Date {
        year: (if m <= 2 { y + 1 } else { y }) as i32,
        month: m,
        day: d,
    }
}

/// `2019-08-19 13:34:09 UTC` for seconds since 1970 (a decoded TIME field).
pub fn utc_seconds(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let Date {
        year: y,
        month: m,
        day: d,
    } = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// `2024-05-06 10:00 UTC` for milliseconds since 1970.
pub fn utc_minutes(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let d = civil_from_days(days);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        d.year,
        d.month,
        d.day,
        rem / 3_600_000,
        rem / 60_000 % 60
    )
}

/// `HH:MM:SS` (UTC) of milliseconds since 1970.
pub fn hms(at_ms: i64) -> String {
    let s = at_ms.div_euclid(1000).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `2024-05-06T10:00:01.250Z` (ISO 8601, UTC) of milliseconds since 1970.
pub fn iso_utc_ms(at_ms: i64) -> String {
    let Date {
        year: y,
        month: m,
        day: d,
    } = civil_from_days(at_ms.div_euclid(86_400_000));
    let ms = at_ms.rem_euclid(1000);
    format!("{y:04}-{m:02}-{d:02}T{}.{ms:03}Z", hms(at_ms))
}

/// A [`Timestamp`] in 16 bytes instead of 28 (and `Option` of it still 16: `Flags` has room for
/// `None`). Every event keeps one, and the events vector of a large log is fresh memory (page
/// faults) on every parse. Lossless both ways, so it serializes as the `Timestamp` itself.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Timestamp", into = "Timestamp")]
pub(crate) struct PackedTime {
    year: i32,
    ms_of_day: u32,
    /// The `Zone::Offset` seconds (0 when the zone is unknown).
    zone_seconds: i32,
    month: u8,
    day: u8,
    flags: Flags,
}

/// Which parts of a [`PackedTime`] are there: bit 1 dated, bit 2 date inferred, bit 4 zone known.
/// An enum (not a `u8`) so that `Option<PackedTime>` takes no more room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Flags {
    F0,
    F1,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
}

impl Flags {
    const DATED: u8 = 1;
    const INFERRED: u8 = 2;
    const ZONED: u8 = 4;
    fn from_bits(b: u8) -> Flags {
        [
            Flags::F0,
            Flags::F1,
            Flags::F2,
            Flags::F3,
            Flags::F4,
            Flags::F5,
            Flags::F6,
            Flags::F7,
        ][usize::from(b & 7)]
    }
    fn has(self, bit: u8) -> bool {
        self as u8 & bit != 0
    }
}

impl PackedTime {
    /// What correlation compares of the time (read without unpacking it whole).
    #[inline]
    pub(crate) fn stamp(self) -> Stamp {
        Stamp {
            ms_of_day: self.ms_of_day,
            epoch_ms: self.flags.has(Flags::DATED).then(|| {
                days_from_civil(self.year, self.month, self.day) * 86_400_000
                    + self.ms_of_day as i64
            }),
            date_inferred: self.flags.has(Flags::INFERRED),
        }
    }

    /// A time without a date.
    #[inline]
    pub(crate) fn is_dateless(self) -> bool {
        !self.flags.has(Flags::DATED)
    }
}

impl std::fmt::Debug for PackedTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Timestamp::from(*self).fmt(f)
    }
}

impl From<Timestamp> for PackedTime {
    #[inline]
    fn from(t: Timestamp) -> Self {
        let d = t.date.unwrap_or(Date {
            year: 0,
            month: 0,
            day: 0,
        });
        let (zone_seconds, zoned) = match t.zone {
            Zone::Offset(s) => (s, Flags::ZONED),
            Zone::Unknown => (0, 0),
        };
        let dated = if t.date.is_some() { Flags::DATED } else { 0 };
        let inferred = if t.date_inferred { Flags::INFERRED } else { 0 };
        PackedTime {
            year: d.year,
            ms_of_day: t.ms_of_day,
            zone_seconds,
            month: d.month,
            day: d.day,
            flags: Flags::from_bits(dated | inferred | zoned),
        }
    }
}

impl From<PackedTime> for Timestamp {
    #[inline]
    fn from(p: PackedTime) -> Self {
        Timestamp {
            date: p.flags.has(Flags::DATED).then_some(Date {
                year: p.year,
                month: p.month,
                day: p.day,
            }),
            date_inferred: p.flags.has(Flags::INFERRED),
            ms_of_day: p.ms_of_day,
            zone: if p.flags.has(Flags::ZONED) {
                Zone::Offset(p.zone_seconds)
            } else {
                Zone::Unknown
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_the_table_are_the_computed_days() {
        let mut rng = crate::ascii::TestRng(0x2545_F491_4F6C_DD1D);
        let years = [
            i32::MIN,
            -1,
            0,
            1600,
            1969,
            1970,
            2000,
            2019,
            2024,
            2129,
            2130,
            i32::MAX,
        ];
        for _ in 0..100_000 {
            let y = match rng.next() % 3 {
                0 => years[(rng.next() % years.len() as u64) as usize],
                _ => 1900 + (rng.next() % 300) as i32,
            };
            let m = match rng.next() % 4 {
                0 => (rng.next() % 256) as u8,
                _ => 1 + (rng.next() % 12) as u8,
            };
            let d = (rng.next() % 256) as u8;
            assert_eq!(days_from_civil(y, m, d), civil_days(y, m, d), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn timestamps_display_and_order() {
        let t = Timestamp {
            date: Some(Date {
                year: 2019,
                month: 8,
                day: 19,
            }),
            date_inferred: false,
            ms_of_day: 13 * 3_600_000 + 34 * 60_000 + 9_773,
            zone: Zone::Offset(0),
        };
        assert_eq!(t.display(), "2019-08-19 13:34:09.773 GMT+0000");
        assert_eq!(t.local_epoch_ms(), Some(1_566_221_649_773));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    /// `Timestamp::display` as it was written first (`format!` throughout): the reference.
    fn display_by_format(t: &Timestamp) -> String {
        let ms = t.ms_of_day;
        let time = format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        );
        let d = match t.date {
            Some(d) => format!("{:04}-{:02}-{:02} ", d.year, d.month, d.day),
            None => String::new(),
        };
        let z = match t.zone {
            Zone::Offset(s) => {
                let sign = if s < 0 { '-' } else { '+' };
                let a = s.unsigned_abs();
                format!(" GMT{}{:02}{:02}", sign, a / 3600, a / 60 % 60)
            }
            Zone::Unknown => " (local)".to_string(),
        };
        format!("{d}{time}{z}")
    }

    #[test]
    fn timestamps_display_as_formatted() {
        let mut rng = crate::ascii::TestRng(0x2545_f491_4f6c_dd1d);
        let years = [
            0,
            7,
            99,
            999,
            1970,
            2019,
            9999,
            10_000,
            -1,
            -2019,
            i32::MAX,
            i32::MIN,
        ];
        let zones = [
            0,
            3600,
            -19_800,
            45_900,
            359_999,
            360_000,
            i32::MAX,
            i32::MIN,
        ];
        for _ in 0..20_000 {
            let r: [u64; 8] = std::array::from_fn(|_| rng.next());
            let pick = |k: usize, n: u64| (r[k] % n) as usize;
            let t = Timestamp {
                date: (pick(0, 4) != 0).then(|| Date {
                    year: years[pick(1, years.len() as u64)],
                    month: [1, 9, 12, 0, 99, 100, 255][pick(2, 7)],
                    day: [1, 31, 0, 99, 100, 255][pick(3, 6)],
                }),
                date_inferred: pick(4, 2) == 0,
                ms_of_day: [0, 86_399_999, 359_999_999, 360_000_000, u32::MAX][pick(5, 5)]
                    .min(r[6] as u32),
                zone: if pick(7, 3) == 0 {
                    Zone::Unknown
                } else {
                    Zone::Offset(zones[pick(7, zones.len() as u64)])
                },
            };
            assert_eq!(t.display(), display_by_format(&t), "{t:?}");
        }
    }
}
