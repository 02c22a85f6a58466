//! Secret values learned from where they are named (cookies, credentials, token parameters), so
//! that their echoes elsewhere (analytics repeating a cookie in a query string, a token copied into
//! a body or a log line) are removed too.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// The index's keys are 8 bytes of text: one multiply spreads them (SipHash was a third of the
/// time of sanitizing a HAR).
#[derive(Default)]
struct PrefixHasher(u64);

impl Hasher for PrefixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (x ^ (x >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type PrefixMap = HashMap<u64, Vec<(String, &'static str)>, BuildHasherDefault<PrefixHasher>>;

/// Shorter known values are not chased elsewhere (too many false hits: `1`, `en`, `true`).
pub(crate) const MIN_ECHO: usize = 8;

/// The known secret values, indexed by their first [`MIN_ECHO`] bytes.
#[derive(Default)]
pub(crate) struct Echoes {
    learned: HashMap<String, &'static str>,
    by_prefix: PrefixMap,
    /// Which first two bytes a known value starts with (65,536 bits): most positions of a text
    /// are ruled out by one bit test.
    first2: Vec<u64>,
}

fn pair(b: &[u8]) -> usize {
    (b[0] as usize) << 8 | b[1] as usize
}

fn prefix_key(b: &[u8]) -> u64 {
    let mut k = [0u8; 8];
    k.copy_from_slice(&b[..MIN_ECHO]);
    u64::from_le_bytes(k)
}

impl Echoes {
    /// Remembers a secret value (trimmed; markers and short values are not remembered).
    pub fn learn(&mut self, value: &str, reason: &'static str) {
        let v = value.trim().trim_matches('"');
        if v.len() >= MIN_ECHO && !super::find::has_marker(v) {
            self.learned.entry(v.to_string()).or_insert(reason);
        }
    }

    /// Builds the index (the values and their percent-encoded forms, longest first).
    pub fn index(&mut self) {
        let mut all: Vec<(String, &'static str)> = Vec::new();
        for (v, r) in &self.learned {
            all.push((v.clone(), r));
            let enc = encode_component(v);
            if enc != *v {
                all.push((enc, r));
            }
        }
        all.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        self.by_prefix.clear();
        self.first2 = vec![0; 1024];
        for (v, r) in all {
            let p = pair(v.as_bytes());
            self.first2[p >> 6] |= 1 << (p & 63);
            let key = prefix_key(v.as_bytes());
            self.by_prefix.entry(key).or_default().push((v, r));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_prefix.is_empty()
    }

    /// Spans of known values in `s` (non-overlapping, left to right).
    pub fn find(&self, s: &str) -> Vec<(Range<usize>, &'static str)> {
        let mut spans = Vec::new();
        if self.by_prefix.is_empty() || s.len() < MIN_ECHO {
            return spans;
        }
        let b = s.as_bytes();
        let mut i = 0;
        while i + MIN_ECHO <= b.len() {
            let p = pair(&b[i..]);
            if self.first2[p >> 6] & (1 << (p & 63)) == 0 {
                i += 1;
                continue;
            }
            if let Some(cands) = self.by_prefix.get(&prefix_key(&b[i..])) {
                if let Some((v, r)) = cands.iter().find(|(v, _)| b[i..].starts_with(v.as_bytes())) {
                    if s.is_char_boundary(i) && s.is_char_boundary(i + v.len()) {
                        spans.push((i..i + v.len(), *r));
                        i += v.len();
                        continue;
                    }
                }
            }
            i += 1;
        }
        spans
    }
}

/// Percent-encodes what a query value would encode (`[`, `]`, `:` kept readable).
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~[]:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
