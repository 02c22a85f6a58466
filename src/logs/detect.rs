//! Which kind of log line is this? Cheap byte checks, no allocation.

use crate::model::{Date, SourceKind, Timestamp, Zone};

/// The kind of one physical line, judged on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// `=====`, `-----`, `*****` ...
    Separator,
    /// Starts an ECE listener record: `YYYY-MM-DD HH:MM:SS.mmm GMT+0000 <@> ...`.
    Listener,
    /// A PG process trace: `HH:MM:SS:mmm <node>-ctisvr ...` / `<node>-opc`.
    PgTrace(SourceKind),
    /// `rttest: agent_status /agent N` or `rttest /cust ...`.
    RttestCommand,
    /// `Agent <name> (<id>, periph# <n>)`.
    RttestAgent,
    /// `  domain: <name> (<id>), state = [..], N secs`.
    RttestDomain,
    /// `    CL na   <name> (<id>, periph# <n>)`.
    RttestSkillGroup,
    /// `opctest ...`, `dump_agent ...` (Opctest) or `procmon ...`, `dagent ...` (Procmon).
    DumpCommand(SourceKind),
    /// A short header line carrying a date (`Events from August 19, 2019 ...`, `Date: 2019-08-19`).
    DateHeader(Date),
    Other,
}

impl LineKind {
    /// True for kinds that begin a record of their own (so never continue another record).
    pub fn starts_record(self) -> bool {
        !matches!(
            self,
            LineKind::Other | LineKind::Blank | LineKind::Separator
        )
    }
}

#[inline]
fn digit(b: &[u8], i: usize) -> Option<u32> {
    match b.get(i) {
        Some(c @ b'0'..=b'9') => Some((c - b'0') as u32),
        _ => None,
    }
}

#[inline]
fn num(b: &[u8], i: usize, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..n {
        v = v * 10 + digit(b, i + k)?;
    }
    Some(v)
}

fn valid_date(year: u32, month: u32, day: u32) -> Option<Date> {
    if (1..=12).contains(&month) && (1..=31).contains(&day) && (1970..=2200).contains(&year) {
        Some(Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        })
    } else {
        None
    }
}

/// `YYYY-MM-DD` at `i`.
fn iso_date(b: &[u8], i: usize) -> Option<Date> {
    if b.get(i + 4) != Some(&b'-') || b.get(i + 7) != Some(&b'-') {
        return None;
    }
    valid_date(num(b, i, 4)?, num(b, i + 5, 2)?, num(b, i + 8, 2)?)
}

/// `MM/DD/YYYY` at `i`.
fn us_date(b: &[u8], i: usize) -> Option<Date> {
    if b.get(i + 2) != Some(&b'/') || b.get(i + 5) != Some(&b'/') {
        return None;
    }
    valid_date(num(b, i + 6, 4)?, num(b, i, 2)?, num(b, i + 3, 2)?)
}

/// `H:MM:SS`/`HH:MM:SS` followed by `:mmm`, `.mmm` or `,mmm` (ms optional). Returns (ms of day, len).
pub fn time_of_day(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let (h, hl) = match (digit(b, i), digit(b, i + 1)) {
        (Some(a), Some(c)) => (a * 10 + c, 2),
        (Some(a), None) => (a, 1),
        _ => return None,
    };
    let j = i + hl;
    if b.get(j) != Some(&b':') || b.get(j + 3) != Some(&b':') {
        return None;
    }
    let m = num(b, j + 1, 2)?;
    let s = num(b, j + 4, 2)?;
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut len = hl + 6;
    let mut ms = 0;
    if matches!(b.get(j + 6), Some(b':' | b'.' | b',')) {
        if let Some(v) = num(b, j + 7, 3) {
            ms = v;
            len += 4;
        }
    }
    Some(((h * 3600 + m * 60 + s.min(59)) * 1000 + ms, len))
}

/// Byte index of the first `<@>` (the listener's field separator) in `s`; a (vectorised) search
/// for `<`, cheaper than a general substring search on these short, `<`-poor lines.
#[inline]
pub fn find_sep(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', b.get(i..)?) {
        let at = i + p;
        if b.get(at + 1..at + 3) == Some(b"@>") {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// A listener stamp: `YYYY-MM-DD HH:MM:SS.mmm[ GMT+hhmm]`. Returns the stamp and the bytes consumed.
pub fn listener_stamp(line: &str) -> Option<(Timestamp, usize)> {
    let b = line.as_bytes();
    let date = iso_date(b, 0)?;
    if !matches!(b.get(10), Some(b' ' | b'T')) {
        return None;
    }
    let (ms, tl) = time_of_day(b, 11)?;
    let mut end = 11 + tl;
    let mut zone = Zone::Unknown;
    let rest = &line[end..];
    let trimmed = super::trim_start(rest);
    let skip = rest.len() - trimmed.len();
    let zb = trimmed.as_bytes();
    let (zprefix, zlen) = if trimmed.starts_with("GMT") || trimmed.starts_with("UTC") {
        (true, 3)
    } else {
        (false, 0)
    };
    let sign_at = zlen;
    match zb.get(sign_at) {
        Some(&s @ (b'+' | b'-')) => {
            // `+hhmm`, `+hh:mm` or `+hh`.
            let (hm, len) = if let Some(v) = num(zb, sign_at + 1, 4) {
                (Some((v / 100, v % 100)), 5)
            } else if let (Some(h), Some(b':'), Some(m)) = (
                num(zb, sign_at + 1, 2),
                zb.get(sign_at + 3),
                num(zb, sign_at + 4, 2),
            ) {
                (Some((h, m)), 6)
            } else if let Some(h) = num(zb, sign_at + 1, 2) {
                (Some((h, 0)), 3)
            } else {
                (None, 0)
            };
            if let Some((h, m)) = hm.filter(|(h, m)| *h <= 14 && *m < 60) {
                let secs = (h * 3600 + m * 60) as i32;
                zone = Zone::Offset(if s == b'-' { -secs } else { secs });
                end += skip + sign_at + len;
            } else if zprefix {
                zone = Zone::Offset(0);
                end += skip + zlen;
            }
        }
        _ if zprefix => {
            zone = Zone::Offset(0);
            end += skip + zlen;
        }
        Some(b'Z') if skip == 0 => {
            zone = Zone::Offset(0);
            end += 1;
        }
        _ => {}
    }
    Some((
        Timestamp {
            date: Some(date),
            date_inferred: false,
            ms_of_day: ms,
            zone,
        },
        end,
    ))
}

/// A PG trace prefix: `[MM/DD/YYYY |YYYY-MM-DD ]HH:MM:SS:mmm `. Returns the stamp and the bytes consumed.
pub fn pg_stamp(line: &str) -> Option<(Timestamp, usize)> {
    let b = line.as_bytes();
    let mut i = 0;
    let mut date = None;
    if let Some(d) = us_date(b, 0).or_else(|| iso_date(b, 0)) {
        date = Some(d);
        i = 10;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    let (ms, tl) = time_of_day(b, i)?;
    i += tl;
    if b.get(i) != Some(&b' ') {
        return None;
    }
    Some((
        Timestamp {
            date,
            date_inferred: false,
            ms_of_day: ms,
            zone: Zone::Unknown,
        },
        i + 1,
    ))
}

/// The PG process named by a `<node>-<proc>` token (`cg1A-ctisvr`, `PG1A-opc`), case-insensitive.
pub fn pg_process(token: &str) -> Option<SourceKind> {
    let proc_ = match token.as_bytes().iter().rposition(|&c| c == b'-') {
        Some(p) => &token[p + 1..],
        None => token,
    };
    if proc_.eq_ignore_ascii_case("ctisvr") {
        Some(SourceKind::Ctisvr)
    } else if proc_.eq_ignore_ascii_case("opc") {
        Some(SourceKind::Opc)
    } else {
        None
    }
}

fn is_separator(t: &str) -> bool {
    t.len() >= 3
        && t.bytes()
            .all(|c| matches!(c, b'=' | b'-' | b'*' | b'_' | b'#' | b'~'))
}

/// `(<digits>, periph# <digits>)` at the end of the line.
pub fn ends_with_id_periph(t: &str) -> bool {
    let t = t.trim_end();
    if !t.ends_with(')') {
        return false;
    }
    match t.rfind('(') {
        Some(p) => {
            let inner = &t[p + 1..t.len() - 1];
            inner.contains("periph#")
                && inner
                    .as_bytes()
                    .first()
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'-')
        }
        None => false,
    }
}

/// Strips a shell/tool prompt (`C:\icm\bin>`, `>>>>`, `$ `) and returns the first word and the rest.
pub fn command_word(t: &str) -> (&str, &str) {
    let mut s = t.trim_start();
    // A prompt: leading non-space chunk ending with '>' (not `->`), or a lone `$`/`#`.
    if let Some(sp) = s.find(|c: char| c.is_whitespace()).or(Some(s.len())) {
        let first = &s[..sp];
        if let Some(gt) = first.rfind('>') {
            if !first.ends_with("->") {
                s = s[gt + 1..].trim_start();
            }
        } else if first == "$" || first == "#" {
            s = s[sp..].trim_start();
        }
    }
    let end = s.find(|c: char| c.is_whitespace()).unwrap_or(s.len());
    let w = &s[..end];
    (w.trim_end_matches(':'), s[end..].trim_start())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date anywhere in a short header line: `2019-08-19`, `08/19/2019` or `August 19, 2019`.
pub fn find_date(t: &str) -> Option<Date> {
    let b = t.as_bytes();
    for i in 0..b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            if let Some(d) = iso_date(b, i).or_else(|| us_date(b, i)) {
                return Some(d);
            }
        }
    }
    let lower = t.to_ascii_lowercase();
    for (mi, m) in MONTHS.iter().enumerate() {
        if let Some(p) = lower.find(m) {
            let rest = lower[p + m.len()..].trim_start();
            let day_end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let day: u32 = rest[..day_end].parse().ok()?;
            let rest = rest[day_end..].trim_start_matches([',', ' ']);
            let year: u32 = rest.get(..4)?.parse().ok()?;
            return valid_date(year, mi as u32 + 1, day);
        }
    }
    None
}

/// The stamp read while a listener or PG trace line was classified, handed to its parser so that
/// it is read once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub time: Timestamp,
    /// Byte index in the line just after the stamp.
    pub end: usize,
    /// PG traces: byte index just after the `<node>-<proc>` token (the body follows, after blanks);
    /// listener records: `end`.
    pub body: usize,
}

/// Classifies one physical line (already stripped of `\r` and BOM).
pub fn classify(line: &str) -> LineKind {
    classify_stamped(line).0
}

/// [`classify`], with the stamp of a listener or PG trace line when the line starts with it (no
/// leading blanks): exactly what `listener_stamp` / `pg_stamp` read on the line trimmed at its end.
pub fn classify_stamped(line: &str) -> (LineKind, Option<Stamp>) {
    let t = super::trim(line);
    if t.is_empty() {
        return (LineKind::Blank, None);
    }
    let b = t.as_bytes();
    let c0 = b[0];
    if c0.is_ascii_digit() {
        // Where `t` starts in `line`: a stamp is handed over only when it is the line's start.
        let at_start = std::ptr::eq(t.as_ptr(), line.as_ptr());
        if let Some((time, end)) = listener_stamp(t) {
            let rest = super::trim(&t[end..]);
            if rest.is_empty() || find_sep(t).is_some() {
                let stamp = at_start.then_some(Stamp {
                    time,
                    end,
                    body: end,
                });
                return (LineKind::Listener, stamp);
            }
        }
        if let Some((time, end)) = pg_stamp(t) {
            let rest = &t[end..];
            let tok = match rest.as_bytes().iter().position(|&c| c == b' ') {
                Some(p) => &rest[..p],
                None => rest,
            };
            if let Some(k) = pg_process(tok) {
                let stamp = at_start.then_some(Stamp {
                    time,
                    end,
                    body: end + tok.len(),
                });
                return (LineKind::PgTrace(k), stamp);
            }
        }
        return (LineKind::Other, None);
    }
    (classify_rest(t, c0), None)
}

/// [`classify`] of a trimmed, non-blank line that does not start with a digit.
fn classify_rest(t: &str, c0: u8) -> LineKind {
    if is_separator(t) {
        return LineKind::Separator;
    }
    if t.starts_with("domain:") && t.contains("state") && t.contains('[') {
        return LineKind::RttestDomain;
    }
    if t.starts_with("Agent ") && ends_with_id_periph(t) {
        return LineKind::RttestAgent;
    }
    if c0.is_ascii_uppercase() && ends_with_id_periph(t) {
        // `CL na   NAME (id, periph# n)` / `L na ...`
        let mut it = t.split_whitespace();
        let p = it.next().unwrap_or("");
        let code = it.next().unwrap_or("");
        if p.len() <= 3
            && p.bytes().all(|c| c.is_ascii_uppercase())
            && code.len() == 2
            && code.bytes().all(|c| c.is_ascii_alphabetic())
        {
            return LineKind::RttestSkillGroup;
        }
    }
    if t.len() < 200 {
        let (w, _) = command_word(t);
        let is = |name: &str| w.eq_ignore_ascii_case(name);
        if is("rttest") {
            return LineKind::RttestCommand;
        }
        if is("opctest") || is("dump_agent") {
            return LineKind::DumpCommand(SourceKind::Opctest);
        }
        if is("procmon") || is("dagent") {
            return LineKind::DumpCommand(SourceKind::Procmon);
        }
        if t.len() < 120 && (c0.is_ascii_alphabetic()) {
            let l = t.as_bytes();
            let looks_header = t.starts_with("Events from")
                || t.starts_with("Date")
                || t.starts_with("Trace")
                || t.starts_with("Dumplog")
                || t.starts_with("Log");
            if looks_header && l.len() > 8 {
                if let Some(d) = find_date(t) {
                    return LineKind::DateHeader(d);
                }
            }
        }
    }
    LineKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_seed_shapes() {
        assert_eq!(
            classify("2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@>"),
            LineKind::Listener
        );
        assert_eq!(
            classify("15:34:09:841 cg1A-ctisvr Trace: SendARMMsg -- InvokeID = 80171"),
            LineKind::PgTrace(SourceKind::Ctisvr)
        );
        assert_eq!(
            classify("15:34:09:841 pg1a-OPC Trace: SetAgentState: ASTID=6420"),
            LineKind::PgTrace(SourceKind::Opc)
        );
        assert_eq!(
            classify("rttest: agent_status /agent 6420"),
            LineKind::RttestCommand
        );
        assert_eq!(
            classify("Agent CUCM.Agent_test (6420, periph# 15003)"),
            LineKind::RttestAgent
        );
        assert_eq!(
            classify("  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs"),
            LineKind::RttestDomain
        );
        assert_eq!(
            classify("     L na   CUCM.ECE_Chat.default.11006 (6909, periph# 54839)"),
            LineKind::RttestSkillGroup
        );
        assert_eq!(classify("====="), LineKind::Separator);
        assert_eq!(classify("   "), LineKind::Blank);
        assert_eq!(
            classify(">>>>dagent 15003"),
            LineKind::DumpCommand(SourceKind::Procmon)
        );
        assert_eq!(
            classify("C:\\icm\\bin>opctest /cust cc1 /node PG1A"),
            LineKind::DumpCommand(SourceKind::Opctest)
        );
        assert_eq!(classify("hello world"), LineKind::Other);
        assert_eq!(
            classify("Events from August 19, 2019 15:00:00"),
            LineKind::DateHeader(Date {
                year: 2019,
                month: 8,
                day: 19
            })
        );
    }

    #[test]
    fn classifying_hands_over_the_stamp_its_parser_would_read() {
        let l = "2019-07-20 18:27:31.749 GMT+0000 <@> INFO <@>  ";
        let (k, s) = classify_stamped(l);
        assert_eq!(k, LineKind::Listener);
        let s = s.unwrap();
        assert_eq!(Some((s.time, s.end)), listener_stamp(l.trim_end()));
        assert_eq!(s.body, s.end);
        let p = "08/19/2019 15:34:09:841 PG1A-opc  Trace: x";
        let (k, s) = classify_stamped(p);
        assert_eq!(k, LineKind::PgTrace(SourceKind::Opc));
        let s = s.unwrap();
        assert_eq!(Some((s.time, s.end)), pg_stamp(p));
        assert_eq!(&p[s.body..], "  Trace: x");
        // Leading blanks: the kind is the same, the parser reads (and refuses) the line itself.
        assert_eq!(
            classify_stamped(&format!(" {l}")),
            (LineKind::Listener, None)
        );
        assert_eq!(
            classify_stamped(&format!("\t{p}")),
            (LineKind::PgTrace(SourceKind::Opc), None)
        );
    }

    #[test]
    fn finds_listener_separators() {
        assert_eq!(find_sep("a <@> b"), Some(2));
        assert_eq!(find_sep("<<@>"), Some(1));
        assert_eq!(find_sep("<@"), None);
        assert_eq!(find_sep("< @> <"), None);
        assert_eq!(find_sep(""), None);
        assert_eq!(find_sep("é<@>"), Some(2));
    }

    #[test]
    fn stamps() {
        let (t, n) = listener_stamp("2019-07-20 18:27:31.749 GMT+0000 <@>").unwrap();
        assert_eq!(t.zone, Zone::Offset(0));
        assert_eq!(t.ms_of_day, (18 * 3600 + 27 * 60 + 31) * 1000 + 749);
        assert_eq!(n, 32);
        let (t, _) = listener_stamp("2019-07-20 18:27:31,749 GMT-0530 x").unwrap();
        assert_eq!(t.zone, Zone::Offset(-(5 * 3600 + 30 * 60)));
        let (t, n) = listener_stamp("2019-07-20 18:27:31.749 GMT+05:30 <@>").unwrap();
        assert_eq!((t.zone, n), (Zone::Offset(5 * 3600 + 30 * 60), 33));
        let (t, _) = listener_stamp("2019-07-20 18:27:31.749 UTC <@>").unwrap();
        assert_eq!(t.zone, Zone::Offset(0));
        let (t, _) = listener_stamp("2019-07-20 18:27:31.749 <@>").unwrap();
        assert_eq!(t.zone, Zone::Unknown);
        let (t, n) = pg_stamp("20:27:32:466 cg1A-ctisvr").unwrap();
        assert_eq!(t.ms_of_day, (20 * 3600 + 27 * 60 + 32) * 1000 + 466);
        assert_eq!(n, 13);
        assert!(pg_stamp("25:27:32:466 x").is_none());
        let (t, _) = pg_stamp("08/19/2019 15:34:09:841 PG1A-opc").unwrap();
        assert_eq!(t.date.unwrap().day, 19);
    }
}
