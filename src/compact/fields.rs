//! The compact `(key, value)` store of a trace's fields: one allocation, read as `(&str, &str)` pairs.

use serde::{Deserialize, Serialize};

/// The `(key, value)` pairs of a trace, stored compactly in one allocation: a header saying where
/// each key and value ends, then every key and value back to back. Reads as `(&str, &str)` pairs;
/// serializes exactly like `Vec<(String, String)>`.
///
/// The header is ASCII (each number in as few 7-bit digits as the largest needs), so the whole
/// buffer is one `Box<str>` and reading a pair needs no UTF-8 check and no `unsafe`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Fields {
    /// `[w][count][per field: end of its key, end of its value][text]`: `w` (1..=5) is how many
    /// 7-bit digits each following header number takes (one for a text under 128 bytes); ends
    /// are offsets into the text, and a key starts where the previous value ends. Empty: no
    /// fields.
    buf: Box<str>,
}

/// Most 7-bit digits a header number takes: 5 hold any `u32`.
const MAX_DIGITS: usize = 5;

/// Header bytes [`Fields::from_pairs`] writes on the stack (63 one-digit fields); a longer
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

impl Fields {
    pub fn new() -> Self {
        Fields::default()
    }

    /// The pairs, copied into exactly the room they need (one allocation).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Self {
        if pairs.is_empty() {
            return Fields::default();
        }
        let text: usize = pairs
            .iter()
            .map(|(k, v)| k.as_ref().len() + v.as_ref().len())
            .sum();
        // Digits for the largest header number (the text length or the count).
        let largest = u32::try_from(text.max(pairs.len())).unwrap_or(u32::MAX);
        let w = (1..MAX_DIGITS)
            .find(|&w| largest >> (7 * w) == 0)
            .unwrap_or(MAX_DIGITS);
        let header = 1 + w * (1 + 2 * pairs.len());
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
        if w == 1 {
            // Every number is under 128 (the text and the count are): one byte each.
            head[1] = pairs.len() as u8;
            let mut end = 0;
            for ((k, v), d) in pairs.iter().zip(head[2..].chunks_exact_mut(2)) {
                end += k.as_ref().len();
                d[0] = end as u8;
                end += v.as_ref().len();
                d[1] = end as u8;
            }
        } else {
            put_num(&mut head[1..], w, pairs.len());
            let mut end = 0;
            for ((k, v), d) in pairs.iter().zip(head[1 + w..].chunks_exact_mut(2 * w)) {
                end += k.as_ref().len();
                put_num(d, w, end);
                end += v.as_ref().len();
                put_num(&mut d[w..], w, end);
            }
        }
        if let Ok(h) = std::str::from_utf8(head) {
            buf.push_str(h);
        }
        for (k, v) in pairs {
            buf.push_str(k.as_ref());
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
        1 + self.width() * (1 + 2 * self.len())
    }

    /// The key and value ends of field `i` (offsets into the text).
    fn ends(&self, i: usize) -> Option<(usize, usize)> {
        let b = self.buf.as_bytes();
        let w = self.width();
        let at = 1 + w * (1 + 2 * i);
        Some((get_num(b, w, at)?, get_num(b, w, at + w)?))
    }

    /// The `i`th pair.
    pub fn get(&self, i: usize) -> Option<(&str, &str)> {
        if i >= self.len() {
            return None;
        }
        let (k, v) = self.ends(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends(i - 1)?.1,
        };
        let text = self.buf.get(self.text_start()..)?;
        Some((text.get(start..k)?, text.get(k..v)?))
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
            let at = 1 + w * (1 + 2 * i);
            let (k, v) = if w == 1 {
                (usize::from(*b.get(at)?), usize::from(*b.get(at + 1)?))
            } else {
                (get_num(b, w, at)?, get_num(b, w, at + w)?)
            };
            let key = text.as_bytes().get(start..k).unwrap_or(&[]);
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
        // This pair's key and value ends: one byte each in the usual short header.
        let at = 1 + self.w * (1 + 2 * self.i);
        let (k, v) = if self.w == 1 {
            (
                usize::from(*self.head.get(at)?),
                usize::from(*self.head.get(at + 1)?),
            )
        } else {
            (
                get_num(self.head, self.w, at)?,
                get_num(self.head, self.w, at + self.w)?,
            )
        };
        self.i += 1;
        let start = std::mem::replace(&mut self.start, v);
        Some((
            self.text.get(start..k).unwrap_or(""),
            self.text.get(k..v).unwrap_or(""),
        ))
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
