//! `Function - key = value, key = value`, `Function: key=value key=value`, `Key:value Key:value`:
//! the field shapes of PG traces, read into borrowed slices.

use super::rejoin::Record;
use super::{parse_i64, parse_u32, parse_u64, Ctx};
use crate::ascii::IDENT_BYTE;
use crate::model::Fields;

/// Splits `SendARMMsg -- InvokeID = 1` into (`SendARMMsg`, `InvokeID = 1`). `None` when the body does
/// not start with an identifier followed by `:`, ` -` or the end.
pub fn split_function(body: &str) -> Option<(&str, &str)> {
    let body = super::trim_start(body);
    // A byte scan: a non-ASCII character is not alphanumeric ASCII, so it stops at the same place.
    let b = body.as_bytes();
    let end = b
        .iter()
        .position(|&c| !IDENT_BYTE[usize::from(c)])
        .unwrap_or(b.len());
    if end == 0 {
        return None;
    }
    let rest = &body[end..];
    // The usual separators first; the blank-only test last.
    let ok = rest.starts_with(" -")
        || rest.starts_with(':')
        || rest.starts_with(" :")
        || super::trim(rest).is_empty();
    if !ok {
        return None;
    }
    // `trim_start_matches([' ', '-', ':', '\t'])` as a byte loop: all four are ASCII, so it stops
    // at the same (character boundary) place.
    let r = rest.as_bytes();
    let skip = r
        .iter()
        .position(|&c| !matches!(c, b' ' | b'-' | b':' | b'\t'))
        .unwrap_or(r.len());
    Some((&body[..end], &rest[skip..]))
}

/// Whitespace-separated tokens as byte ranges, without allocating; with `parens`, `(` and `)` also
/// separate.
struct Tokens<'a> {
    b: &'a [u8],
    i: usize,
    parens: bool,
}

impl Iterator for Tokens<'_> {
    type Item = (usize, usize);
    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let (b, parens) = (self.b, self.parens);
        let sep = |c: u8| c == b' ' || c == b'\t' || (parens && (c == b'(' || c == b')'));
        let mut i = self.i;
        while i < b.len() && sep(b[i]) {
            i += 1;
        }
        let st = i;
        while i < b.len() && !sep(b[i]) {
            i += 1;
        }
        self.i = i;
        (i > st).then_some((st, i))
    }
}

fn tokens(s: &str, parens: bool) -> std::iter::Peekable<Tokens<'_>> {
    Tokens {
        b: s.as_bytes(),
        i: 0,
        parens,
    }
    .peekable()
}

#[inline]
fn value(s: &str, a: usize, b: usize) -> &str {
    let v = s.as_bytes();
    let mut e = b;
    while e > a && matches!(v[e - 1], b',' | b' ' | b'\t') {
        e -= 1;
    }
    &s[a..e]
}

/// `k` without leading and trailing commas (the oracle's form of [`commas_trimmed`]).
#[cfg(test)]
fn trim_commas(k: &str) -> &str {
    let b = k.as_bytes();
    let mut a = 0;
    let mut e = b.len();
    while a < e && b[a] == b',' {
        a += 1;
    }
    while e > a && b[e - 1] == b',' {
        e -= 1;
    }
    &k[a..e]
}

/// `&s[a..b]` without leading and trailing commas, sliced once: `a` and `b` are at token edges
/// (blanks, `=`, the ends) and commas are ASCII, so the cut stays on character boundaries.
#[inline]
fn commas_trimmed(s: &str, mut a: usize, mut e: usize) -> &str {
    let b = s.as_bytes();
    while a < e && b[a] == b',' {
        a += 1;
    }
    while e > a && b[e - 1] == b',' {
        e -= 1;
    }
    &s[a..e]
}

#[inline]
fn byte_pos(s: &str, c: u8) -> Option<usize> {
    s.as_bytes().iter().position(|&x| x == c)
}

/// `k = v, k = v`, `k=v k=v` (mixed is fine; a missing comma is fine; `k =` at the end gives an
/// empty value). Without any `=`: `sessionID 4` pairs of word + number, else one `text` field.
pub fn pairs_eq(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::with_capacity(12);
    pairs_eq_into(s, &mut out);
    out
}

/// [`pairs_eq`] into a caller's vector (cleared first), so one allocation serves every line.
pub fn pairs_eq_into<'a>(s: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    out.clear();
    let bytes = s.as_bytes();
    let mut vstart = usize::MAX; // start of the open pair's value
    let mut any_eq = false;
    let mut toks = EqTokens::new(bytes);
    let mut cur = toks.next_at(0);
    // The token is read as indices into `s` (sliced once, for the key or value it gives).
    while let Some((a, b, eq)) = cur {
        let next = toks.next_at(b);
        if let Some((x, y, _)) = next {
            if y - x == 1 && bytes[x] == b'=' {
                // `key = value`: the `=` token is taken with its key.
                cur = toks.next_at(y);
                out.push((commas_trimmed(s, a, b), ""));
                vstart = usize::MAX;
                any_eq = true;
                continue;
            }
        }
        cur = next;
        if b - a == 1 && bytes[a] == b'=' {
            continue;
        }
        if let Some(p) = eq {
            if p > 0 {
                let key = commas_trimmed(s, a, a + p);
                if a + p + 1 < b {
                    vstart = a + p + 1;
                    out.push((key, value(s, vstart, b)));
                } else {
                    vstart = usize::MAX;
                    out.push((key, ""));
                }
                any_eq = true;
                continue;
            }
        }
        match out.last_mut() {
            Some(last) => {
                if vstart == usize::MAX {
                    vstart = a;
                }
                last.1 = value(s, vstart, b);
            }
            None => {
                if !bytes[a..b].iter().all(|&c| c == b'-') {
                    vstart = a;
                    out.push(("text", value(s, a, b)));
                }
            }
        }
    }
    if !any_eq {
        // `sessionID 4`: word number pairs.
        out.clear();
        let mut it = tokens(s, false);
        while let Some((a, b)) = it.next() {
            let w = &s[a..b];
            match it.next() {
                Some((x, y))
                    if w.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
                        && parse_i64(&s[x..y]).is_some() =>
                {
                    out.push((w, &s[x..y]))
                }
                _ => {
                    out.clear();
                    let t = s.trim();
                    if !t.is_empty() {
                        out.push(("text", t));
                    }
                    return;
                }
            }
        }
        if out.is_empty() && !s.trim().is_empty() {
            out.push(("text", s.trim()));
        }
    }
}

/// The space/tab-separated tokens of a text and the first `=` of each, found with bit masks of
/// 64 bytes at a time (one bit per byte: blank, `=`) instead of a byte loop per token.
struct EqTokens<'a> {
    b: &'a [u8],
    /// Which 64-byte chunk the masks hold (`usize::MAX`: none yet).
    chunk: usize,
    /// Bit `k`: byte `64 * chunk + k` is a space or tab, or past the end of the text.
    blank: u64,
    /// Bit `k`: byte `64 * chunk + k` is `=`.
    eq: u64,
}

impl<'a> EqTokens<'a> {
    fn new(b: &'a [u8]) -> Self {
        EqTokens {
            b,
            chunk: usize::MAX,
            blank: 0,
            eq: 0,
        }
    }

    /// Loads the masks of chunk `c` (bytes past the end read as blanks).
    #[inline]
    fn load(&mut self, c: usize) {
        if self.chunk == c {
            return;
        }
        self.chunk = c;
        let from = (c * 64).min(self.b.len());
        let bytes = &self.b[from..self.b.len().min(from + 64)];
        let (blank, eq) = match <&[u8; 64]>::try_from(bytes) {
            Ok(full) => masks64(full),
            Err(_) => {
                // The last chunk: padded with blanks (past the end reads as blank).
                let mut pad = [b' '; 64];
                pad[..bytes.len()].copy_from_slice(bytes);
                masks64(&pad)
            }
        };
        self.blank = blank;
        self.eq = eq;
    }

    /// The next token at or after `i`: (start, end, offset of its first `=`), as a byte loop would
    /// find it: blanks skipped, then the bytes up to the next blank or the end.
    #[inline(always)]
    fn next_at(&mut self, i: usize) -> Option<(usize, usize, Option<usize>)> {
        // The usual case: the token starts and ends in the chunk already loaded.
        if i / 64 == self.chunk {
            let word = !self.blank & (!0u64 << (i % 64));
            if word != 0 {
                let s = word.trailing_zeros();
                let blank = self.blank & (!0u64 << s);
                if blank != 0 {
                    let e = blank.trailing_zeros();
                    let eqs = self.eq & (!0u64 << s) & (blank.wrapping_sub(1) & !blank);
                    let base = self.chunk * 64;
                    let eq = (eqs != 0).then(|| (eqs.trailing_zeros() - s) as usize);
                    return Some((base + s as usize, base + e as usize, eq));
                }
            }
        }
        self.next_across(i)
    }

    /// [`Self::next_at`] when a chunk is to be loaded or the token crosses chunks.
    #[inline(never)]
    fn next_across(&mut self, i: usize) -> Option<(usize, usize, Option<usize>)> {
        let n = self.b.len();
        if i >= n {
            return None;
        }
        // The first byte that is not blank.
        let mut c = i / 64;
        let mut skip = i % 64;
        let st = loop {
            if c * 64 >= n {
                return None;
            }
            self.load(c);
            let word = !self.blank & (!0u64 << skip);
            if word != 0 {
                break c * 64 + word.trailing_zeros() as usize;
            }
            c += 1;
            skip = 0;
        };
        // Bytes past the end are blank, so the token ends at or before the end.
        let mut skip = st % 64;
        let mut eq = None;
        loop {
            let from = !0u64 << skip;
            let blank = self.blank & from;
            // Lanes before the first blank (all when there is none).
            let before = blank.wrapping_sub(1) & !blank;
            let eqs = self.eq & from & before;
            if eq.is_none() && eqs != 0 {
                eq = Some(c * 64 + eqs.trailing_zeros() as usize - st);
            }
            if blank != 0 {
                return Some((st, c * 64 + blank.trailing_zeros() as usize, eq));
            }
            c += 1;
            skip = 0;
            self.load(c);
        }
    }
}

/// (blank, `=`) bit masks of 64 bytes: bit `k` for byte `k`.
///
/// Written as a compare of every byte into a 0/1 byte array (which the compiler does 16 bytes
/// at a time with vector compares), then eight flags gathered into eight bits by one multiply.
#[inline]
fn masks64(b: &[u8; 64]) -> (u64, u64) {
    let blank = b.map(|c| u8::from(c == b' ' || c == b'\t'));
    let eq = b.map(|c| u8::from(c == b'='));
    (gather(&blank), gather(&eq))
}

/// The 0/1 bytes of `f` as 64 bits, byte `k` to bit `k`.
#[inline]
fn gather(f: &[u8; 64]) -> u64 {
    let mut bits = 0;
    for (k, w) in f.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        bits |= lane_bits(w) << (8 * k);
    }
    bits
}

/// Eight 0/1 bytes of `m` as eight bits, byte `k` to bit `k`: the multiply moves each flag to
/// its place in the top byte, without carries.
#[inline]
const fn lane_bits(m: u64) -> u64 {
    m.wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// An emptied vector of pairs with any lifetime, keeping the allocation (the in-place `collect` of
/// an empty vector into one of the same layout reuses its buffer).
pub fn recycle<'b>(mut v: Vec<(&str, &str)>) -> Vec<(&'b str, &'b str)> {
    v.clear();
    v.into_iter().map(|_| ("", "")).collect()
}

/// `Key:value Key:value`, parentheses ignored; tokens without `:` extend the previous value.
pub fn pairs_colon(s: &str) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::with_capacity(8);
    let mut vstart = usize::MAX;
    for (a, b) in tokens(s, true) {
        let t = &s[a..b];
        match byte_pos(t, b':') {
            Some(p) if p > 0 => {
                if p + 1 < t.len() {
                    vstart = a + p + 1;
                    out.push((&t[..p], &s[vstart..b]));
                } else {
                    vstart = usize::MAX;
                    out.push((&t[..p], ""));
                }
            }
            _ => match out.last_mut() {
                Some(last) => {
                    if vstart == usize::MAX {
                        vstart = a;
                    }
                    last.1 = &s[vstart..b];
                }
                None => {
                    vstart = a;
                    out.push(("text", t));
                }
            },
        }
    }
    out
}

/// Fields whose value must be a number (the list [`is_numeric_key`] checks, by length).
#[cfg(test)]
const NUMERIC: &[&str] = &[
    "InvokeID",
    "MRDID",
    "ICMAgentID",
    "MRDomainID",
    "ASTID",
    "Periph#",
    "SGSTID",
    "SG#",
    "MaxTasks",
    "MaxTaskLimit",
    "NumTasks",
    "SessionID",
    "Status",
    "AgentSkillTargetID",
    "ReasonCode",
    "Duration",
    "AgentMode",
    "IsAvailable",
    "ApplicationPathID",
    "PeripheralID",
    "SkillGroupNumber",
    "SkillGroupID",
    "SkillGroupPriority",
    "EventReasonCode",
    "CurLine",
];

/// What a key is to the trace readers: an id they correlate on (which, in order of precedence),
/// another numeric field, or anything else.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Other,
    /// In [`NUMERIC`], not an id.
    Numeric,
    Invoke,
    /// ICMAgentID, AgentSkillTargetID, ASTID, SkillTargetID (the last is not in [`NUMERIC`]).
    Agent(usize),
    /// MRDID, MRDomainID.
    Mrd(usize),
}

/// The [`Key`] of `k` (case-insensitive), comparing it only with the names of its length.
#[inline]
fn key_kind(k: &str) -> Key {
    // Same length by the match arm; the exact spelling is the usual one and the cheapest test.
    let is = |n: &str| k == n || k.eq_ignore_ascii_case(n);
    let any = |names: &[&str]| names.iter().any(|n| is(n));
    let numeric = |names: &[&str]| if any(names) { Key::Numeric } else { Key::Other };
    match k.len() {
        3 => numeric(&["SG#"]),
        5 if is("MRDID") => Key::Mrd(0),
        5 if is("ASTID") => Key::Agent(2),
        6 => numeric(&["SGSTID", "Status"]),
        7 => numeric(&["Periph#", "CurLine"]),
        8 if is("InvokeID") => Key::Invoke,
        8 => numeric(&["MaxTasks", "NumTasks", "Duration"]),
        9 => numeric(&["SessionID", "AgentMode"]),
        10 if is("ICMAgentID") => Key::Agent(0),
        10 if is("MRDomainID") => Key::Mrd(1),
        10 => numeric(&["ReasonCode"]),
        11 => numeric(&["IsAvailable"]),
        12 => numeric(&["MaxTaskLimit", "PeripheralID", "SkillGroupID"]),
        13 if is("SkillTargetID") => Key::Agent(3),
        15 => numeric(&["EventReasonCode"]),
        16 => numeric(&["SkillGroupNumber"]),
        17 => numeric(&["ApplicationPathID"]),
        18 if is("AgentSkillTargetID") => Key::Agent(1),
        18 => numeric(&["SkillGroupPriority"]),
        _ => Key::Other,
    }
}

/// Is `k` one of [`NUMERIC`] (case-insensitive)?
#[cfg(test)]
fn is_numeric_key(k: &str) -> bool {
    !matches!(key_kind(k), Key::Other | Key::Agent(3))
}

fn offset_in(outer: &str, inner: &str) -> Option<usize> {
    let o = outer.as_ptr() as usize;
    let i = inner.as_ptr() as usize;
    (i >= o && i <= o + outer.len()).then(|| i - o)
}

/// Reports a numeric field whose value is not a number (`InvokeID = 12x`), positioned.
#[cold]
pub(super) fn not_a_number(ctx: &mut Ctx, rec: &Record, k: &str, v: &str) {
    let at = offset_in(rec.text.as_ref(), v);
    let msg = if v.is_empty() {
        format!("{k}: expected a number, found nothing")
    } else {
        format!("{k}: expected a number, found `{v}`")
    };
    ctx.problem(rec, at, msg);
}

/// Must `k`'s value be a number (what [`check_numbers`] checks)?
#[inline]
pub(super) fn numeric_key(k: &str) -> bool {
    !matches!(key_kind(k), Key::Other | Key::Agent(3))
}

/// (`parse_i64(v)`, `parse_u64(v)`), reading the digits once for the usual value.
#[inline]
pub(super) fn numbers(v: &str) -> (Option<i64>, Option<u64>) {
    if v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        // What `parse_i64` starts from for such a value.
        let n = parse_u64(v);
        (n.and_then(|n| i64::try_from(n).ok()), n)
    } else {
        (parse_i64(v), parse_u64(v))
    }
}

/// Reports every numeric field whose value is not a number (`InvokeID = 12x`), positioned.
pub fn check_numbers(ctx: &mut Ctx, rec: &Record, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        if numeric_key(k) && parse_i64(v).is_none() {
            not_a_number(ctx, rec, k, v);
        }
    }
}

/// [`check_numbers`] and [`ids`] in one pass over the pairs, reading each id's number once.
pub fn checked_ids(
    ctx: &mut Ctx,
    rec: &Record,
    pairs: &[(&str, &str)],
) -> (Option<u32>, Option<u32>, Option<u32>) {
    let mut ids = Ids::default();
    for &(k, v) in pairs {
        let kind = key_kind(k);
        if kind == Key::Other {
            continue;
        }
        if kind == Key::Agent(3) {
            ids.note(kind, || parse_u32(v));
        } else if v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            // What `parse_i64` and `parse_u32` both start from for such a value.
            let n = parse_u64(v);
            if n.and_then(|n| i64::try_from(n).ok()).is_none() {
                not_a_number(ctx, rec, k, v);
            }
            ids.note(kind, || n.and_then(|n| u32::try_from(n).ok()));
        } else {
            if parse_i64(v).is_none() {
                not_a_number(ctx, rec, k, v);
            }
            ids.note(kind, || parse_u32(v));
        }
    }
    ids.finish()
}

/// The number of the first value of each id name seen, see [`ids`].
#[derive(Default)]
struct Ids {
    invoke: Option<Option<u32>>,
    agent: [Option<Option<u32>>; 4],
    mrd: [Option<Option<u32>>; 2],
}

impl Ids {
    #[inline]
    fn note(&mut self, kind: Key, number: impl FnOnce() -> Option<u32>) {
        let slot = match kind {
            Key::Invoke => &mut self.invoke,
            Key::Agent(i) => &mut self.agent[i],
            Key::Mrd(i) => &mut self.mrd[i],
            Key::Other | Key::Numeric => return,
        };
        slot.get_or_insert_with(number);
    }

    fn finish(&self) -> (Option<u32>, Option<u32>, Option<u32>) {
        let first = |s: &[Option<Option<u32>>]| s.iter().find_map(|v| *v).flatten();
        (self.invoke.flatten(), first(&self.agent), first(&self.mrd))
    }
}

/// (InvokeID, agent id, MRD id) from the usual field names (case-insensitive): the first field
/// of the first name that is present, in the order ICMAgentID, AgentSkillTargetID, ASTID,
/// SkillTargetID for the agent and MRDID, MRDomainID for the domain. One pass over the pairs.
pub fn ids(pairs: &[(&str, &str)]) -> (Option<u32>, Option<u32>, Option<u32>) {
    let mut ids = Ids::default();
    for &(k, v) in pairs {
        ids.note(key_kind(k), || parse_u32(v));
    }
    ids.finish()
}

pub fn owned(pairs: &[(&str, &str)]) -> Fields {
    Fields::from_pairs(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctisvr_send_arm_msg_with_missing_comma_and_empty_value() {
        let s = "InvokeID = 591309094, MRDID = 5000, ICMAgentID = 5033, AgentMode = 0 IsAvailable = 0, MaxTaskLimit = 1, AgentInfo = 1005, ApplicationPathID = 5001, PeripheralID = 0, AgentID =";
        let p = pairs_eq(s);
        assert_eq!(
            p,
            vec![
                ("InvokeID", "591309094"),
                ("MRDID", "5000"),
                ("ICMAgentID", "5033"),
                ("AgentMode", "0"),
                ("IsAvailable", "0"),
                ("MaxTaskLimit", "1"),
                ("AgentInfo", "1005"),
                ("ApplicationPathID", "5001"),
                ("PeripheralID", "0"),
                ("AgentID", ""),
            ]
        );
        assert_eq!(ids(&p), (Some(591309094), Some(5033), Some(5000)));
    }

    /// `pairs_eq_into` before the one-pass token scan (peekable tokens, then a search for `=`).
    fn pairs_eq_reference(s: &str) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        let mut vstart = usize::MAX;
        let mut any_eq = false;
        let mut it = tokens(s, false);
        while let Some((a, b)) = it.next() {
            let t = &s[a..b];
            if it.peek().is_some_and(|&(x, y)| &s[x..y] == "=") {
                it.next();
                out.push((trim_commas(t), ""));
                vstart = usize::MAX;
                any_eq = true;
                continue;
            }
            if t == "=" {
                continue;
            }
            if let Some(p) = byte_pos(t, b'=') {
                if p > 0 {
                    let key = trim_commas(&t[..p]);
                    if p + 1 < t.len() {
                        vstart = a + p + 1;
                        out.push((key, value(s, vstart, b)));
                    } else {
                        vstart = usize::MAX;
                        out.push((key, ""));
                    }
                    any_eq = true;
                    continue;
                }
            }
            match out.last_mut() {
                Some(last) => {
                    if vstart == usize::MAX {
                        vstart = a;
                    }
                    last.1 = value(s, vstart, b);
                }
                None => {
                    if !t.bytes().all(|c| c == b'-') {
                        vstart = a;
                        out.push(("text", value(s, a, b)));
                    }
                }
            }
        }
        if any_eq {
            out
        } else {
            pairs_eq(s)
        }
    }

    /// The token at or after `i` by a byte loop (what [`EqTokens::next_at`] finds with masks).
    fn eq_token_reference(b: &[u8], mut i: usize) -> Option<(usize, usize, Option<usize>)> {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        let st = i;
        let mut eq = None;
        while i < b.len() && !matches!(b[i], b' ' | b'\t') {
            if b[i] == b'=' && eq.is_none() {
                eq = Some(i - st);
            }
            i += 1;
        }
        (i > st).then_some((st, i, eq))
    }

    #[test]
    fn masked_tokens_are_the_byte_loop_tokens() {
        let mut rng = crate::ascii::TestRng(0x9E37_79B9_7F4A_7C15);
        let mut next = || rng.next();
        // Long runs of one byte as well as mixed ones, so tokens and blanks cross 64-byte chunks.
        let bytes = [b' ', b'\t', b'=', b'a', b',', b'\r', 0x80, b'\n', 0];
        for _ in 0..3000 {
            let len = (next() % 300) as usize;
            let mut b = Vec::with_capacity(len);
            while b.len() < len {
                let c = bytes[(next() % bytes.len() as u64) as usize];
                let run = if next() % 4 == 0 {
                    next() % 90
                } else {
                    1 + next() % 3
                };
                b.extend(std::iter::repeat_n(c, run as usize));
            }
            let mut t = EqTokens::new(&b);
            // Forward jumps of any length, as `pairs_eq_into` makes them.
            let mut i = 0;
            while i <= b.len() + 1 {
                assert_eq!(t.next_at(i), eq_token_reference(&b, i), "{b:?} at {i}");
                i += 1 + (next() % 40) as usize;
            }
            let mut t = EqTokens::new(&b);
            let mut i = 0;
            while let Some((a, e, q)) = eq_token_reference(&b, i) {
                assert_eq!(t.next_at(i), Some((a, e, q)), "{b:?} at {i}");
                i = e;
            }
            assert_eq!(t.next_at(i), None);
        }
    }

    #[test]
    fn one_pass_pairs_read_as_before() {
        let alphabet = [
            " ",
            " ",
            "\t",
            "=",
            "=",
            ",",
            "-",
            "a",
            "Key",
            "7",
            "(",
            "é",
            "= ",
            " = ",
            "InvokeID",
            "=5000,",
            "SkillGroupNumber",
            "ReasonCode=12",
            "é=é",
        ];
        let mut rng = crate::ascii::TestRng(0x2545_f491_4f6c_dd1d);
        let mut next = || rng.next();
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..next() % 24 {
                s.push_str(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            assert_eq!(pairs_eq(&s), pairs_eq_reference(&s), "{s:?}");
        }
    }

    #[test]
    fn numeric_keys_by_length_are_the_numeric_list() {
        let listed = |k: &str| NUMERIC.iter().any(|n| n.eq_ignore_ascii_case(k));
        for n in NUMERIC {
            assert!(is_numeric_key(n), "{n}");
            assert!(is_numeric_key(&n.to_ascii_lowercase()), "{n}");
        }
        for k in [
            "",
            "AgentID",
            "AgentInfo",
            "Session",
            "MRDIDX",
            "invokeid",
            "SG",
            "MakeRoutable",
            "OldState",
            "AgentObj",
            "sessionID",
            "text",
        ] {
            assert_eq!(is_numeric_key(k), listed(k), "{k}");
        }
    }

    #[test]
    fn opc_style_and_session_style() {
        let p = pairs_eq("ASTID=6420 Periph#=15003 SG#=70518(0x11376) CurLine=-1");
        assert_eq!(p[1], ("Periph#", "15003"));
        assert_eq!(p[2], ("SG#", "70518(0x11376)"));
        assert_eq!(pairs_eq("sessionID 4"), vec![("sessionID", "4")]);
        assert_eq!(pairs_eq("hello there"), vec![("text", "hello there")]);
        let c = pairs_colon("(InvokeID:0x1392b MRDID:5000 MakeRoutable:True )");
        assert_eq!(
            c,
            vec![
                ("InvokeID", "0x1392b"),
                ("MRDID", "5000"),
                ("MakeRoutable", "True")
            ]
        );
        assert_eq!(
            split_function("SetAgentState: ASTID=1"),
            Some(("SetAgentState", "ASTID=1"))
        );
        assert_eq!(
            split_function("SendARMMsg -- InvokeID = 1"),
            Some(("SendARMMsg", "InvokeID = 1"))
        );
        assert_eq!(split_function("Agent 6420 logged out"), None);
    }
}
