//! The compact `(key, value)` store of a trace's fields: one allocation, read as `(&str, &str)` pairs.

use serde::{Deserialize, Serialize};

/// The `(key, value)` pairs of a trace, stored compactly in one allocation: a header saying where
/// each key and value ends, then the keys and values back to back. A key the CTI server's and
/// OPC's traces repeat on every line ([`KNOWN`]: `InvokeID`, `ICMAgentID`, ...) is a number in
/// the header instead of text: a `SendARMMsg` line's five fields take 32 bytes where their keys
/// alone took 44 (the test `known_keys_take_no_text_and_read_back_as_they_were`). Reads as
/// `(&str, &str)` pairs; serializes exactly like `Vec<(String, String)>`.
///
/// The header is ASCII (each number in as few 7-bit digits as the largest needs), so the whole
/// buffer is one `Box<str>` and reading a pair needs no UTF-8 check and no `unsafe`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Fields {
    /// `[w][count][per field: key code, end of its key, end of its value][text]`: `w` (1..=5) is
    /// how many 7-bit digits each following header number takes (one for a text under 128
    /// bytes; the key code is always one byte); ends are offsets into the text, and a key starts
    /// where the previous value ends. Key code 0: the key is in the text; `c` > 0: the key is
    /// `KNOWN[c - 1]` and takes no text (every known key is stored so: the same pairs give the
    /// same bytes, which `Eq` and `Hash` compare). Empty: no fields.
    buf: Box<str>,
}

/// Keys stored as a one-byte code: those the readers write (`text`, `level`, `command`, `args`)
/// and the trace keys of the CTI server's and the PG's logs in ../shared/samples and tests/ (exact
/// case: `SessionID` and `sessionID` are both logged). Any other key is kept as text; the list
/// only saves room, never changes a pair.
const KNOWN: [&str; 40] = [
    "InvokeID",
    "MRDID",
    "ICMAgentID",
    "SessionID",
    "sessionID",
    "MaxTasks",
    "Session",
    "MakeRoutable",
    "PeripheralID",
    "MaxTaskLimit",
    "ApplicationPathID",
    "AgentMode",
    "IsAvailable",
    "AgentInfo",
    "AgentID",
    "Status",
    "text",
    "level",
    "command",
    "args",
    "AgentState",
    "AgentSkillTargetID",
    "ServicesGranted",
    "PeripheralType",
    "PeripheralOnline",
    "PGStatus",
    "MonitorID",
    "ICMCentralControllerTime",
    "VersionNumber",
    "SkillGroupPriority",
    "SkillGroupNumber",
    "SkillGroupID",
    "ServicesRequested",
    "NumTasks",
    "IdleTimeout",
    "EventReasonCode",
    "ClientID",
    "MRDomainID",
    "SkillTargetID",
    "ReasonCode",
];

// A code is one 7-bit header byte, 1..=127.
const _: () = assert!(KNOWN.len() < 128);

/// Slots of the table [`known`] looks keys up in (open addressing; a key's first probe is
/// [`slot`]).
const SLOTS: usize = 256;

/// A key's first slot: its length and three of its bytes (known keys are 4 bytes or longer).
const fn slot(b: &[u8]) -> usize {
    let n = b.len();
    if n == 0 {
        return 0;
    }
    (n * 31 + b[0] as usize * 7 + b[n / 2] as usize + b[n - 1] as usize * 13) % SLOTS
}

/// Each slot's key code (0: empty), filled at compile time by linear probing.
const TABLE: [u8; SLOTS] = {
    let mut t = [0u8; SLOTS];
    let mut i = 0;
    while i < KNOWN.len() {
        let mut s = slot(KNOWN[i].as_bytes());
        while t[s] != 0 {
            s = (s + 1) % SLOTS;
        }
        t[s] = (i + 1) as u8;
        i += 1;
    }
    t
};

/// The code of `key` (0 when it is not a known key): a slot or two and one comparison, not a
/// comparison per known key.
#[inline]
fn known(key: &str) -> u8 {
    let b = key.as_bytes();
    if !(4..=24).contains(&b.len()) {
        return 0;
    }
    let mut s = slot(b);
    // Ends: the table has empty slots.
    loop {
        let c = TABLE[s];
        if c == 0 || KNOWN[usize::from(c) - 1].as_bytes() == b {
            return c;
        }
        s = (s + 1) % SLOTS;
    }
}

/// The key code `c`'s key (`None` for 0: the key is in the text).
#[inline]
fn known_key(c: u8) -> Option<&'static str> {
    KNOWN.get(usize::from(c).checked_sub(1)?).copied()
}

/// Most 7-bit digits a header number takes: 5 hold any `u32`.
const MAX_DIGITS: usize = 5;

/// Header bytes [`Fields::from_pairs`] writes on the stack (42 one-digit fields); a longer
/// header is written in a vector first.
const HEADER_ON_STACK: usize = 128;

/// Writes `n` as `w` 7-bit digits, low first.
#[inline]
fn put_num(out: &mut [u8], w: usize, n: usize) {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    for (k, d) in out.iter_mut().take(w).enumerate() {
        *d = ((n >> (7 * k)) & 0x7F) as u8;
    }
}

#[inline]
fn get_num(b: &[u8], w: usize, at: usize) -> Option<usize> {
    let d = b.get(at..at + w)?;
    let mut n = 0u32;
    for (k, &x) in d.iter().enumerate() {
        n |= u32::from(x) << (7 * k);
    }
    Some(n as usize)
}

/// Field `i`'s header entry in `head` (digits `w` each): its key code and key and value ends.
#[inline]
fn entry(head: &[u8], w: usize, i: usize) -> Option<(u8, usize, usize)> {
    let at = 1 + w + (1 + 2 * w) * i;
    if w == 1 {
        let e = head.get(at..at + 3)?;
        Some((e[0], usize::from(e[1]), usize::from(e[2])))
    } else {
        Some((
            *head.get(at)?,
            get_num(head, w, at + 1)?,
            get_num(head, w, at + 1 + w)?,
        ))
    }
}

impl Fields {
    pub fn new() -> Self {
        Fields::default()
    }

    /// The pairs, copied into exactly the room they need (one allocation).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Self {
        if pairs.is_empty() {
            return Fields::default();
        }
        // Each key's code, on the stack for a record's fields.
        let mut codes_stack = [0u8; 64];
        let mut codes_heap = Vec::new();
        let codes: &mut [u8] = match codes_stack.get_mut(..pairs.len()) {
            Some(c) => c,
            None => {
                codes_heap.resize(pairs.len(), 0);
                &mut codes_heap
            }
        };
        let mut text = 0usize;
        for ((k, v), c) in pairs.iter().zip(codes.iter_mut()) {
            *c = known(k.as_ref());
            if *c == 0 {
                text += k.as_ref().len();
            }
            text += v.as_ref().len();
        }
        // Digits for the largest header number (the text length or the count).
        let largest = u32::try_from(text.max(pairs.len())).unwrap_or(u32::MAX);
        let w = (1..MAX_DIGITS)
            .find(|&w| largest >> (7 * w) == 0)
            .unwrap_or(MAX_DIGITS);
        let header = 1 + w + (1 + 2 * w) * pairs.len();
        let mut buf = String::with_capacity(header + text);
        // The header's bytes (each < 128, so ASCII) written into a stack buffer when it fits (a
        // record's fields, usually), checked as `str` (a short ASCII run) and copied in once.
        let mut stack = [0u8; HEADER_ON_STACK];
        let mut heap = Vec::new();
        let head: &mut [u8] = match stack.get_mut(..header) {
            Some(h) => h,
            None => {
                heap.resize(header, 0);
                &mut heap
            }
        };
        head[0] = w as u8;
        put_num(&mut head[1..], w, pairs.len());
        let mut end = 0;
        for (((k, v), &c), d) in pairs
            .iter()
            .zip(codes.iter())
            .zip(head[1 + w..].chunks_exact_mut(1 + 2 * w))
        {
            d[0] = c;
            if c == 0 {
                end += k.as_ref().len();
            }
            put_num(&mut d[1..], w, end);
            end += v.as_ref().len();
            put_num(&mut d[1 + w..], w, end);
        }
        if let Ok(h) = std::str::from_utf8(head) {
            buf.push_str(h);
        }
        for ((k, v), &c) in pairs.iter().zip(codes.iter()) {
            if c == 0 {
                buf.push_str(k.as_ref());
            }
            buf.push_str(v.as_ref());
        }
        Fields {
            buf: buf.into_boxed_str(),
        }
    }

    /// Appends a pair (copies every field: build with [`Fields::from_pairs`] when you can).
    pub fn push(&mut self, key: &str, value: &str) {
        let mut pairs: Vec<(&str, &str)> = self.iter().collect();
        pairs.push((key, value));
        *self = Fields::from_pairs(&pairs);
    }

    /// Digits per header number (0 when there are no fields).
    #[inline]
    fn width(&self) -> usize {
        self.buf.as_bytes().first().map_or(0, |&w| usize::from(w))
    }

    pub fn len(&self) -> usize {
        get_num(self.buf.as_bytes(), self.width(), 1).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the text starts in `buf`.
    fn text_start(&self) -> usize {
        let w = self.width();
        1 + w + (1 + 2 * w) * self.len()
    }

    /// The `i`th pair.
    pub fn get(&self, i: usize) -> Option<(&str, &str)> {
        if i >= self.len() {
            return None;
        }
        let (b, w) = (self.buf.as_bytes(), self.width());
        let (c, k, v) = entry(b, w, i)?;
        let text = self.buf.get(self.text_start()..)?;
        let key = match known_key(c) {
            Some(key) => key,
            None => {
                let start = match i {
                    0 => 0,
                    _ => entry(b, w, i - 1)?.2,
                };
                text.get(start..k)?
            }
        };
        Some((key, text.get(k..v)?))
    }

    /// The value of the first field named `name` (case-insensitive).
    pub fn value(&self, name: &str) -> Option<&str> {
        // The keys compared as bytes in place (most differ in length): only the value found is
        // sliced as `str`. The same answer as `iter().find(…)`.
        let b = self.buf.as_bytes();
        let w = self.width();
        let text = self.buf.get(self.text_start()..).unwrap_or("");
        let mut start = 0;
        for i in 0..self.len() {
            let (c, k, v) = entry(b, w, i)?;
            let key = match known_key(c) {
                Some(key) => key.as_bytes(),
                None => text.as_bytes().get(start..k).unwrap_or(&[]),
            };
            if key.len() == name.len() && key.eq_ignore_ascii_case(name.as_bytes()) {
                return Some(text.get(k..v).unwrap_or(""));
            }
            start = v;
        }
        None
    }

    pub fn iter(&self) -> FieldsIter<'_> {
        let n = self.len();
        FieldsIter {
            head: self.buf.as_bytes(),
            w: self.width(),
            text: self.buf.get(self.text_start()..).unwrap_or(""),
            i: 0,
            n,
            start: 0,
        }
    }

    /// Owned pairs, for callers that want them.
    pub fn to_vec(&self) -> Vec<(String, String)> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

/// Iterator over a trace's `(key, value)` pairs.
#[derive(Debug, Clone)]
pub struct FieldsIter<'a> {
    /// The whole buffer (its header read in place) and the header's digits per number.
    head: &'a [u8],
    w: usize,
    text: &'a str,
    i: usize,
    n: usize,
    start: usize,
}

impl<'a> Iterator for FieldsIter<'a> {
    type Item = (&'a str, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        if self.i >= self.n {
            return None;
        }
        // This pair's key code and ends: one byte each in the usual short header.
        let (c, k, v) = entry(self.head, self.w, self.i)?;
        self.i += 1;
        let start = std::mem::replace(&mut self.start, v);
        let key = match known_key(c) {
            Some(key) => key,
            None => self.text.get(start..k).unwrap_or(""),
        };
        Some((key, self.text.get(k..v).unwrap_or("")))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.n.saturating_sub(self.i);
        (n, Some(n))
    }
}

impl ExactSizeIterator for FieldsIter<'_> {}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a str, &'a str);
    type IntoIter = FieldsIter<'a>;
    fn into_iter(self) -> FieldsIter<'a> {
        self.iter()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let pairs: Vec<(K, V)> = iter.into_iter().collect();
        Fields::from_pairs(&pairs)
    }
}

impl From<Vec<(String, String)>> for Fields {
    fn from(v: Vec<(String, String)>) -> Self {
        Fields::from_pairs(&v)
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<(String, String)>::deserialize(d)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_fields_read_and_serialize_like_pairs() {
        let f = Fields::from_pairs(&[("InvokeID", "80171"), ("AgentID", ""), ("", "x")]);
        assert_eq!(f.len(), 3);
        assert_eq!(f.get(0), Some(("InvokeID", "80171")));
        assert_eq!(f.get(2), Some(("", "x")));
        assert_eq!(f.get(3), None);
        assert_eq!(f.value("agentid"), Some(""));
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"[["InvokeID","80171"],["AgentID",""],["","x"]]"#);
        let old: Vec<(String, String)> = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&old).unwrap(), json);
        let back: Fields = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        assert_eq!(back.to_vec(), old);
    }

    #[test]
    fn value_is_the_first_key_found_case_insensitively() {
        let f = Fields::from_pairs(&[
            ("InvokeID", "80171"),
            ("MaxTasks", "2"),
            ("maxtasks", "3"),
            ("", "x"),
            ("Status", "é"),
        ]);
        for name in [
            "invokeid", "MAXTASKS", "MaxTasks", "", "status", "Stat", "none",
        ] {
            let want = f
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v);
            assert_eq!(f.value(name), want, "{name}");
        }
        // Past a one-digit header.
        let long: Vec<(String, String)> = (0..100)
            .map(|i| (format!("Key{i}"), "v".repeat(i)))
            .collect();
        let f = Fields::from_pairs(&long);
        assert_eq!(f.value("key99"), Some("v".repeat(99).as_str()));
        assert_eq!(f.value("key100"), None);
    }

    #[test]
    fn every_known_key_has_its_own_code_and_others_stay_text() {
        for (i, k) in KNOWN.iter().enumerate() {
            assert_eq!(usize::from(known(k)), i + 1, "{k}");
            assert!(k.len() >= 4 && k.len() <= 24 && k.is_ascii(), "{k}");
        }
        // Other cases, other keys, and a prefix or extension of a known key: text.
        for k in [
            "invokeid",
            "INVOKEID",
            "InvokeI",
            "InvokeIDs",
            "Key",
            "",
            "ÄgentID",
            "x",
        ] {
            assert_eq!(known(k), 0, "{k}");
        }
    }

    #[test]
    fn known_keys_take_no_text_and_read_back_as_they_were() {
        let send = [
            ("InvokeID", "81757"),
            ("MRDID", "5000"),
            ("ICMAgentID", "5178"),
            ("MakeRoutable", "1"),
            ("SessionID", "6"),
        ];
        let f = Fields::from_pairs(&send);
        // The header (width, count, three bytes a field) and the values' 15 bytes: no key text.
        assert_eq!(f.buf.len(), 2 + 3 * 5 + 15);
        assert_eq!(f.iter().collect::<Vec<_>>(), send);
        assert_eq!(f.get(4), Some(("SessionID", "6")));
        assert_eq!(f.value("icmagentid"), Some("5178"));
        // Known and unknown keys mixed, a known key spelt another way kept as it was, at every
        // header width; built pair by pair or at once, the same bytes.
        for len in [0, 1, 60, 300, 20_000] {
            let pairs: Vec<(String, String)> = [
                "InvokeID", "invokeID", "Odd Key", "AgentID", "", "text", "AgentIDs", "MRDID",
            ]
            .iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), "v".repeat(len / 8 + i)))
            .collect();
            let f = Fields::from_pairs(&pairs);
            assert_eq!(f.to_vec(), pairs, "{len}");
            for (i, (k, v)) in pairs.iter().enumerate() {
                assert_eq!(f.get(i), Some((k.as_str(), v.as_str())), "{len} {i}");
            }
            assert_eq!(f.value("INVOKEID"), Some(pairs[0].1.as_str()));
            assert_eq!(f.value("agentids"), Some(pairs[6].1.as_str()));
            assert_eq!(f.value("odd key"), Some(pairs[2].1.as_str()));
            let mut one_by_one = Fields::new();
            for (k, v) in &pairs {
                one_by_one.push(k, v);
            }
            assert_eq!(one_by_one, f);
            assert_eq!(
                serde_json::from_str::<Fields>(&serde_json::to_string(&f).unwrap()).unwrap(),
                f
            );
        }
    }

    #[test]
    fn fields_of_every_header_width_read_back() {
        // One-digit headers (on the stack), two and three digits, and a header past the stack.
        for (n, len) in [
            (1, 0),
            (3, 40),
            (63, 1),
            (64, 1),
            (5, 200),
            (70, 300),
            (4, 20_000),
        ] {
            let pairs: Vec<(String, String)> = (0..n)
                .map(|i| (format!("k{i}é"), "v".repeat(len / n + i % 3)))
                .collect();
            let f = Fields::from_pairs(&pairs);
            assert_eq!(f.len(), n);
            assert_eq!(f.to_vec(), pairs);
            assert_eq!(f.get(n - 1), pairs.last().map(|(k, v)| (&**k, &**v)));
            assert_eq!(f.iter().len(), n);
        }
    }
}
