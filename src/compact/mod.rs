//! Small values that are cheap to make and to keep, for the millions of them a large log yields.
//!
//! [`Label`]: a short text: a catalogue name borrowed for the whole program, up to 22 bytes stored
//! inline, or a longer text shared behind a reference count. [`RawBytes`]: a field's bytes, inline
//! up to 14. Decoded fields, trace function names and notes were each a `String` or `Vec<u8>`, a
//! heap allocation apiece (and a fresh memory page every few dozen). A `Label` is the size of a
//! `String`, `RawBytes` 16 bytes; they read as `&str` / `&[u8]`, and serialize exactly as
//! `String` / `Vec<u8>` do.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

mod fields;
pub use fields::{Fields, FieldsIter};

/// Longest text kept inline (the enum stays the size of a `String`).
const INLINE: usize = 22;

/// A short immutable text: borrowed (`'static`), inline, or shared. Reads like a `&str`.
#[derive(Clone)]
pub struct Label(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    /// Length, then the UTF-8 bytes (always a whole `str`, see `Label::new`).
    Inline(u8, [u8; INLINE]),
    Shared(Arc<str>),
}

impl Label {
    /// Longest text kept inline.
    pub const INLINE: usize = INLINE;

    /// A text that lives as long as the program (catalogue names, fixed notes): no copy.
    pub const fn borrowed(s: &'static str) -> Self {
        Label(Repr::Static(s))
    }

    /// A copy of `s`: inline when short, else one shared allocation.
    pub fn new(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut b = [0u8; INLINE];
            b[..s.len()].copy_from_slice(s.as_bytes());
            Label(Repr::Inline(s.len() as u8, b))
        } else {
            Label(Repr::Shared(Arc::from(s)))
        }
    }

    /// A number in decimal (what `v.to_string()` gives), written straight into the inline
    /// buffer: no formatting machinery, no UTF-8 check (an `i64` takes at most 20 bytes).
    pub fn int(v: i64) -> Self {
        let sign = usize::from(v < 0);
        let mut b = [0u8; INLINE];
        if v < 0 {
            b[0] = b'-';
        }
        // The usual field value (below 10⁸): its digits made in one word and copied at once.
        if let Ok(x @ 0..100_000_000) = u32::try_from(v.unsigned_abs()) {
            let (word, len) = crate::ascii::eight_digits(x);
            if let Some(slot) = b.get_mut(sign..sign + 8) {
                slot.copy_from_slice(&(word >> (8 * (8 - len))).to_le_bytes());
            }
            return Label(Repr::Inline((sign + len) as u8, b));
        }
        let mut n = v.unsigned_abs();
        let digits = n.checked_ilog10().map_or(1, |l| l as usize + 1);
        let len = sign + digits;
        // The digits right to left, after the sign.
        for slot in b[sign..len].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        Label(Repr::Inline(len as u8, b))
    }

    /// Formats into a label without an intermediate `String` when the text is short.
    pub fn format(args: std::fmt::Arguments<'_>) -> Self {
        if let Some(s) = args.as_str() {
            return Label::new(s);
        }
        let mut w = InlineWriter {
            buf: [0; INLINE],
            len: 0,
            spill: None,
        };
        if std::fmt::write(&mut w, args).is_err() {
            return Label::borrowed("");
        }
        match w.spill {
            Some(s) => Label::from(s),
            None => Label(Repr::Inline(w.len as u8, w.buf)),
        }
    }

    /// The text's bytes, read without the UTF-8 check [`Label::as_str`] makes of an inline text
    /// (for writers that copy bytes: the report's JSON).
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Static(s) => s.as_bytes(),
            Repr::Inline(n, b) => b.get(..usize::from(*n)).unwrap_or(&[]),
            Repr::Shared(s) => s.as_bytes(),
        }
    }

    /// The text when it is borrowed for the whole program (a catalogue name, a fixed note): the
    /// same unchanging text wherever it is met.
    #[inline]
    pub fn as_static(&self) -> Option<&'static str> {
        match &self.0 {
            Repr::Static(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            // Only ever filled from a whole `&str` (`new`, `InlineWriter`), so this is valid
            // UTF-8; the check is a few instructions on ≤ 22 bytes.
            Repr::Inline(n, b) => std::str::from_utf8(&b[..usize::from(*n)]).unwrap_or(""),
            Repr::Shared(s) => s,
        }
    }
}

/// `fmt::Write` into the inline buffer, moving to a `String` when it overflows.
struct InlineWriter {
    buf: [u8; INLINE],
    len: usize,
    spill: Option<String>,
}

impl std::fmt::Write for InlineWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if let Some(out) = self.spill.as_mut() {
            out.push_str(s);
        } else if self.len + s.len() <= INLINE {
            self.buf[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
            self.len += s.len();
        } else {
            let mut out = String::with_capacity(2 * (self.len + s.len()));
            out.push_str(std::str::from_utf8(&self.buf[..self.len]).unwrap_or(""));
            out.push_str(s);
            self.spill = Some(out);
        }
        Ok(())
    }
}

impl Default for Label {
    fn default() -> Self {
        Label::borrowed("")
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Label {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Label {
    fn eq(&self, o: &Label) -> bool {
        // Bytes: the same answer as the texts', without a UTF-8 check of each.
        self.as_bytes() == o.as_bytes()
    }
}

impl Eq for Label {}

impl std::hash::Hash for Label {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialOrd for Label {
    fn partial_cmp(&self, o: &Label) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Label {
    fn cmp(&self, o: &Label) -> std::cmp::Ordering {
        // `str` orders by its bytes.
        self.as_bytes().cmp(o.as_bytes())
    }
}

impl From<String> for Label {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            Label::new(&s)
        } else {
            Label(Repr::Shared(Arc::from(s)))
        }
    }
}

impl From<&'static str> for Label {
    fn from(s: &'static str) -> Self {
        Label::borrowed(s)
    }
}

impl From<Label> for String {
    fn from(l: Label) -> String {
        l.as_str().to_string()
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, o: &str) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, o: &&str) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<String> for Label {
    fn eq(&self, o: &String) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<Label> for &str {
    fn eq(&self, o: &Label) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<Label> for str {
    fn eq(&self, o: &Label) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl PartialEq<Label> for String {
    fn eq(&self, o: &Label) -> bool {
        self.as_bytes() == o.as_bytes()
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Label::from(String::deserialize(d)?))
    }
}

/// Most bytes kept inline by [`RawBytes`] (the enum stays 16 bytes).
const RAW_INLINE: usize = 14;

/// A field's bytes: inline up to 14 (a fixed field is 1 to 4), else behind one pointer. Reads as
/// `&[u8]`; serializes as a sequence of numbers, like `Vec<u8>`.
///
/// 16 bytes, not 24 like a `Vec`: every decoded field keeps one, and a listener log yields millions.
/// Longer bytes (an unparsed body) pay a second small allocation for the thin pointer.
#[derive(Clone)]
pub struct RawBytes(RawRepr);

#[derive(Clone)]
enum RawRepr {
    Inline(u8, [u8; RAW_INLINE]),
    // Boxed twice on purpose: `Box<[u8]>` is two words, which would make the enum 24 bytes.
    #[allow(clippy::redundant_allocation)]
    Heap(Box<Box<[u8]>>),
}

impl RawBytes {
    pub fn new(b: &[u8]) -> Self {
        if b.len() <= RAW_INLINE {
            let mut buf = [0u8; RAW_INLINE];
            buf[..b.len()].copy_from_slice(b);
            RawBytes(RawRepr::Inline(b.len() as u8, buf))
        } else {
            RawBytes(RawRepr::Heap(Box::new(b.into())))
        }
    }

    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            RawRepr::Inline(n, b) => &b[..usize::from(*n)],
            RawRepr::Heap(b) => b,
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        self.as_slice().to_vec()
    }
}

impl Default for RawBytes {
    fn default() -> Self {
        RawBytes::new(&[])
    }
}

impl std::ops::Deref for RawBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for RawBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl std::fmt::Debug for RawBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl PartialEq for RawBytes {
    fn eq(&self, o: &RawBytes) -> bool {
        self.as_slice() == o.as_slice()
    }
}

impl Eq for RawBytes {}

impl std::hash::Hash for RawBytes {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_slice().hash(h)
    }
}

impl PartialEq<[u8]> for RawBytes {
    fn eq(&self, o: &[u8]) -> bool {
        self.as_slice() == o
    }
}

impl PartialEq<Vec<u8>> for RawBytes {
    fn eq(&self, o: &Vec<u8>) -> bool {
        self.as_slice() == o.as_slice()
    }
}

impl<const N: usize> PartialEq<[u8; N]> for RawBytes {
    fn eq(&self, o: &[u8; N]) -> bool {
        self.as_slice() == o.as_slice()
    }
}

impl From<Vec<u8>> for RawBytes {
    fn from(v: Vec<u8>) -> Self {
        if v.len() <= RAW_INLINE {
            RawBytes::new(&v)
        } else {
            RawBytes(RawRepr::Heap(Box::new(v.into_boxed_slice())))
        }
    }
}

impl From<&[u8]> for RawBytes {
    fn from(v: &[u8]) -> Self {
        RawBytes::new(v)
    }
}

impl Serialize for RawBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

impl<'de> Deserialize<'de> for RawBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(RawBytes::from(Vec::<u8>::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn int_labels_read_as_to_string() {
        let mut vs = vec![
            i64::MIN,
            i64::MAX,
            i64::MIN + 1,
            -1,
            0,
            1,
            9,
            10,
            99,
            100,
            -10,
            -99,
        ];
        let mut p = 1i64;
        for _ in 0..18 {
            vs.extend([p - 1, p, p + 1, -p + 1, -p, -p - 1]);
            p *= 10;
        }
        for v in vs {
            let l = super::Label::int(v);
            assert_eq!(l.as_str(), v.to_string());
            assert_eq!(l, super::Label::new(&v.to_string()));
        }
    }

    use super::*;

    #[test]
    fn raw_bytes_serialize_like_a_vec() {
        for v in [
            vec![],
            vec![0u8, 0, 19, 136],
            (0..14).collect::<Vec<u8>>(),
            (0..15).collect::<Vec<u8>>(),
            (0..=40).collect::<Vec<u8>>(),
        ] {
            let r = RawBytes::from(v.clone());
            assert_eq!(r.as_slice(), v.as_slice());
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
            assert_eq!(
                serde_json::to_string_pretty(&r).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
            let back: RawBytes = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            assert_eq!(back, v);
        }
        assert_eq!(std::mem::size_of::<RawBytes>(), 16);
    }

    #[test]
    fn reads_and_serializes_like_a_string() {
        let long = "x".repeat(40);
        for s in [
            "",
            "5000",
            "NOT_ACTIVE (14)",
            "exactly twenty-two byt",
            "é ü ∑ multi-byte text",
            &long,
        ] {
            let l = Label::new(s);
            assert_eq!(l.as_str(), s);
            assert_eq!(Label::from(s.to_string()), l);
            assert_eq!(Label::format(format_args!("{s}")), l);
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                serde_json::to_string(s).unwrap()
            );
            let back: Label = serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
        let n = 70518;
        assert_eq!(
            Label::format(format_args!("{n} (0x{n:X})")),
            "70518 (0x11376)"
        );
        let f = Label::format(format_args!("{} and {}", "a".repeat(20), "b".repeat(20)));
        assert_eq!(
            f.as_str(),
            format!("{} and {}", "a".repeat(20), "b".repeat(20))
        );
        assert_eq!(std::mem::size_of::<Label>(), std::mem::size_of::<String>());
    }
}
