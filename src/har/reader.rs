//! The tolerant, streaming HAR reader.
//!
//! One pass over the bytes with serde_json; every entry is looked at as it is parsed. Bodies,
//! headers and cookies are kept as borrowed `&RawValue` slices and only decoded into strings
//! when the entry's URL is an ECE chat call, so a 100 MB capture of a web shop never
//! materialises its images and scripts. Nothing in an entry is required: wrong types, nulls,
//! strings for numbers and missing objects all read as "absent".

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::calls;
use super::raw::{raw_num, raw_str, skip, Lenient, Raw, RawEntry, K};
use super::{skim, HarCapture, OtherEntry};

/// What went wrong, where: a file that is not JSON, or JSON that is not a HAR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct HarError {
    pub kind: HarErrorKind,
    /// 1-based line in the file as given (a UTF-8 BOM does not shift lines).
    pub line: usize,
    /// 1-based column, counted in bytes as serde_json does.
    pub column: usize,
    /// Byte offset into the file as given (BOM included).
    pub offset: usize,
    /// What the reader expected at that point.
    pub expected: String,
    /// One sentence for the user.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HarErrorKind {
    /// Nothing (or only whitespace) in the file.
    Empty,
    /// Not valid JSON (syntax error, truncated file, invalid UTF-8).
    NotJson,
    /// Valid JSON, but not a HAR (no `log.entries` array).
    NotHar,
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for HarError {}

impl HarError {
    /// The error of a HAR read alone, placed where that HAR stands in a larger text: after
    /// `lines_before` lines, `column_before` bytes into its first line, `offset_before` bytes
    /// in. The same error as reading the text with everything before the HAR blanked out (each
    /// byte a space, each line break kept), without reading all that again for every HAR of a
    /// paste.
    pub fn placed(
        self,
        lines_before: usize,
        column_before: usize,
        offset_before: usize,
    ) -> HarError {
        let line = self.line + lines_before;
        let column = if self.line == 1 {
            self.column + column_before
        } else {
            self.column
        };
        let offset = self.offset + offset_before;
        let message = self
            .message
            .replacen(
                &format!("line {}, column {}", self.line, self.column),
                &format!("line {line}, column {column}"),
                1,
            )
            .replacen(
                &format!("byte {})", self.offset),
                &format!("byte {offset})"),
                1,
            );
        HarError {
            line,
            column,
            offset,
            message,
            ..self
        }
    }

    fn from_json(e: serde_json::Error, bytes: &[u8], bom: usize) -> HarError {
        let line = e.line().max(1);
        let column = e.column();
        let offset = offset_of(&bytes[bom..], line, column) + bom;
        let raw = e.to_string();
        // serde_json appends " at line L column C"; keep only the description.
        let expected = raw
            .rsplit_once(" at line ")
            .map(|(a, _)| a.to_string())
            .unwrap_or(raw);
        let (kind, message) = match e.classify() {
            serde_json::error::Category::Data => (
                HarErrorKind::NotHar,
                format!(
                    "not a HAR file: {expected} (line {line}, column {column}, byte {offset}). A HAR is the JSON the browser's developer tools export: {{\"log\": {{\"entries\": [...]}}}}."
                ),
            ),
            serde_json::error::Category::Eof => (
                HarErrorKind::NotJson,
                format!(
                    "not valid JSON: the file ends too early at line {line}, column {column} (byte {offset}): {expected}. Was the export or the copy cut short?"
                ),
            ),
            _ => (
                HarErrorKind::NotJson,
                format!(
                    "not valid JSON at line {line}, column {column} (byte {offset}): {expected}. A HAR file is JSON exported from the browser's Network panel."
                ),
            ),
        };
        HarError {
            kind,
            line,
            column,
            offset,
            expected,
            message,
        }
    }
}

/// Byte offset of a serde_json (line, column) position; column 0 means "before the line".
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    if line > 1 {
        let mut seen = 1;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    (start + column.saturating_sub(1)).min(bytes.len())
}

/// The quick way is taken when the texts it leaves out are at least `1 / QUICK_SHARE` of the file:
/// below that the walk saves little or nothing (on the generated 100 MiB HAR the walk and the read
/// of the copy took about 85 % of serde_json's whole read natively, under half in the page), and
/// the copy could hold more than half the file. The real exports in `samples/har/` with bodies
/// leave out 54–91 %.
const QUICK_SHARE: usize = 2;

/// Reads a HAR from bytes (UTF-8, with or without BOM).
///
/// When the long body texts of entries that are not ECE calls make up half of the file or
/// more, serde_json reads a copy without them (`skim`), which is quicker than skipping them; the
/// result is the same. Anything the quick way does not read cleanly is read again the plain way
/// ([`read_har_serde`]), which also gives the positioned error.
pub fn read_har(bytes: &[u8]) -> Result<HarCapture, HarError> {
    match fast(bytes, QUICK_SHARE, false) {
        Some(cap) => Ok(cap),
        None => read_har_serde(bytes),
    }
}

/// The quick way alone, cutting whatever it can however little: `Some` only when it read the
/// file (for the differential tests and the `har_fast` fuzz target: `Some(x)` ⇒ `read_har_serde`
/// gives `Ok(x)`).
#[doc(hidden)]
pub fn read_har_fast(bytes: &[u8]) -> Option<HarCapture> {
    fast(bytes, usize::MAX, false)
}

/// The quick way when the texts to cut are at least `1 / share` of the file; `utf8`: the bytes
/// are known to be UTF-8 (a `&str`), so the texts to cut need no check.
fn fast(bytes: &[u8], share: usize, utf8: bool) -> Option<HarCapture> {
    let (bom, body) = split_bom(bytes);
    quick(body, bom, &walk(body, utf8)?, share)
}

/// The walk over `body` (no BOM) that the quick way cuts by, and which also finds the entries'
/// places; `None` where it is not taken: a wasm build without simd128 scans strings in u64
/// arithmetic, which there is slower than serde_json's own skip (`make bench-web` built with
/// `-C target-feature=-simd128`: the read 188–245 ms against 177–189 ms); the page's build has
/// simd128 (`.cargo/config.toml`).
fn walk(body: &[u8], utf8: bool) -> Option<skim::Walk> {
    if cfg!(all(target_arch = "wasm32", not(target_feature = "simd128"))) {
        return None;
    }
    skim::walk(body, utf8)
}

/// The capture read from the copy of `body` the walk cuts, when the cut is at least
/// `1 / share` of it and the copy reads.
fn quick(body: &[u8], bom: usize, walk: &skim::Walk, share: usize) -> Option<HarCapture> {
    let short = skim::shortened_by(body, walk, share)?;
    parse(&short, bom > 0).ok()
}

/// Reads a HAR with serde_json over all of it (the reader `read_har` falls back to).
#[doc(hidden)]
pub fn read_har_serde(bytes: &[u8]) -> Result<HarCapture, HarError> {
    let (bom, body) = split_bom(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(HarError {
            kind: HarErrorKind::Empty,
            line: 1,
            column: 1,
            offset: 0,
            expected: "a JSON object".into(),
            message: "the file is empty: export the HAR again from the browser's Network panel"
                .into(),
        });
    }
    parse(body, bom > 0).map_err(|e| HarError::from_json(e, bytes, bom))
}

/// The length of a UTF-8 byte order mark at the start (0 or 3), and what follows it.
fn split_bom(bytes: &[u8]) -> (usize, &[u8]) {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(body) => (3, body),
        None => (0, bytes),
    }
}

/// One serde_json pass over `body` (no BOM).
fn parse(body: &[u8], bom: bool) -> Result<HarCapture, serde_json::Error> {
    let mut acc = Acc::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    RootSeed { acc: &mut acc }
        .deserialize(&mut de)
        .and_then(|()| de.end())?;
    Ok(acc.finish(bom))
}

/// Reads a HAR from text (a paste).
pub fn read_har_str(text: &str) -> Result<HarCapture, HarError> {
    read_har_str_placed(text).map(|(cap, _)| cap)
}

/// Where each element of a HAR's `log.entries` stands in its text: bytes, from the element's
/// first byte to just after its last, in order.
pub type EntryPlaces = Vec<Range<usize>>;

/// [`read_har_str`], with where each element of `log.entries` stands in `text` (bytes, from its
/// first byte to just after its last) when the quick way's walk read the file (`None` where it
/// did not: `requests::detail::spans_in_input` finds them then). The walk is the one the quick
/// way makes anyway: a request's detail is then read from its entry's bytes alone, the first
/// time too.
pub fn read_har_str_placed(text: &str) -> Result<(HarCapture, Option<EntryPlaces>), HarError> {
    let (bom, body) = split_bom(text.as_bytes());
    let walk = walk(body, true);
    let cap = match walk.as_ref().and_then(|w| quick(body, bom, w, QUICK_SHARE)) {
        Some(cap) => cap,
        None => read_har_serde(text.as_bytes())?,
    };
    let places = walk.map(|w| {
        w.entries
            .into_iter()
            .map(|r| r.start + bom..r.end + bom)
            .collect()
    });
    Ok((cap, places))
}

// ---------------------------------------------------------------------------------------------
// The accumulator: what the one pass collects.

#[derive(Default)]
struct Acc {
    version: Option<String>,
    creator: Option<String>,
    browser: Option<String>,
    pages: Option<usize>,
    page_ids: HashSet<String>,
    pagerefs: HashSet<String>,
    entries: usize,
    calls: Vec<super::EceCall>,
    other: Vec<OtherEntry>,
    not_objects: usize,
    no_url: usize,
    saw_log: bool,
    saw_entries: bool,
}

impl Acc {
    fn entry(&mut self, e: Option<RawEntry<'_>>) {
        let index = self.entries;
        self.entries += 1;
        let Some(e) = e else {
            self.not_objects += 1;
            return;
        };
        if let Some(p) = raw_str(e.pageref) {
            if !self.pagerefs.contains(p.as_ref()) {
                self.pagerefs.insert(p.into_owned());
            }
        }
        let Some(req) = e.request.as_ref() else {
            self.no_url += 1;
            return;
        };
        let Some(url) = raw_str(req.url) else {
            self.no_url += 1;
            return;
        };
        let method = raw_str(req.method).unwrap_or(Cow::Borrowed(""));
        match calls::classify(&url) {
            Some(class) => self
                .calls
                .push(calls::build_call(index, class, &url, &method, &e)),
            None => {
                let status = e
                    .response
                    .as_ref()
                    .and_then(|r| raw_num(r.status))
                    .map(|f| f as i64);
                let parts = super::url::split(&url);
                let mut host_path =
                    String::with_capacity(parts.host.len() + parts.path.len().min(200));
                host_path.push_str(parts.host);
                let path = if parts.path.len() > 200 {
                    let mut cut = 200;
                    while !parts.path.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    &parts.path[..cut]
                } else {
                    parts.path
                };
                host_path.push_str(path);
                let facts = calls::list_facts(&e);
                self.other.push(OtherEntry {
                    index,
                    method: method.into_owned(),
                    host_path,
                    status,
                    started_ms: facts.started_ms,
                    time_ms: facts.time_ms,
                    mime: facts.mime,
                    size: facts.size,
                    error: facts.error,
                    query: parts
                        .query
                        .map_or(0, |q| q.len().min(u32::MAX as usize) as u32),
                });
            }
        }
    }

    fn finish(self, bom: bool) -> HarCapture {
        let mut warnings = Vec::new();
        if bom {
            warnings.push(
                "the file starts with a UTF-8 byte order mark (Fiddler writes one); ignored".into(),
            );
        }
        match self.version.as_deref() {
            None => warnings.push("log.version is missing; read as HAR 1.2".into()),
            Some("1.1") | Some("1.2") | Some("1.3") => {}
            Some(v) => warnings.push(format!("log.version is {v:?}; read as HAR 1.2")),
        }
        if self.not_objects > 0 {
            warnings.push(format!(
                "{} entries are not objects; skipped",
                self.not_objects
            ));
        }
        if self.no_url > 0 {
            warnings.push(format!(
                "{} entries have no request URL; skipped",
                self.no_url
            ));
        }
        let dangling: Vec<&String> = self
            .pagerefs
            .iter()
            .filter(|p| !self.page_ids.contains(*p))
            .collect();
        if !dangling.is_empty() {
            let mut d: Vec<&str> = dangling.iter().map(|s| s.as_str()).collect();
            d.sort();
            warnings.push(format!(
                "entries refer to page(s) not listed in log.pages: {}; ignored",
                d.join(", ")
            ));
        }
        let mut calls = self.calls;
        calls.sort_by_key(|c| (c.started_ms.is_none(), c.started_ms.unwrap_or(0), c.index));
        HarCapture {
            version: self.version,
            creator: self.creator,
            browser: self.browser,
            pages: self.pages.unwrap_or(0),
            entries: self.entries,
            calls,
            other: self.other,
            warnings,
        }
    }
}

fn name_version(r: Raw<'_>) -> Option<String> {
    #[derive(Deserialize)]
    struct NV {
        name: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let nv: NV = serde_json::from_str(r?.get()).ok()?;
    let s = |v: Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let t = format!("{} {}", s(nv.name), s(nv.version))
        .trim()
        .to_string();
    (!t.is_empty()).then_some(t)
}

// ---------------------------------------------------------------------------------------------
// Seeds: root → log → entries → entry, feeding the accumulator.

/// The answers of a seed expecting `$what` to a value of another type: "expected `$what`, found a
/// string" (serde's own `invalid_type` would quote the value, which may be anything the file holds).
macro_rules! wrong_types {
    ($de:lifetime, $what:literal $(, $extra:ident)*) => {
        fn visit_str<E: de::Error>(self, _v: &str) -> Result<(), E> {
            Err(E::custom(concat!("expected ", $what, ", found a string")))
        }
        fn visit_bool<E: de::Error>(self, _v: bool) -> Result<(), E> {
            Err(E::custom(concat!("expected ", $what, ", found a boolean")))
        }
        fn visit_i64<E: de::Error>(self, _v: i64) -> Result<(), E> {
            Err(E::custom(concat!("expected ", $what, ", found a number")))
        }
        fn visit_u64<E: de::Error>(self, _v: u64) -> Result<(), E> {
            Err(E::custom(concat!("expected ", $what, ", found a number")))
        }
        fn visit_f64<E: de::Error>(self, _v: f64) -> Result<(), E> {
            Err(E::custom(concat!("expected ", $what, ", found a number")))
        }
        $(wrong_types!(@ $extra $de, $what);)*
    };
    (@ seq $de:lifetime, $what:literal) => {
        fn visit_seq<A: SeqAccess<$de>>(self, _seq: A) -> Result<(), A::Error> {
            Err(de::Error::custom(concat!("expected ", $what, ", found an array")))
        }
    };
    (@ map $de:lifetime, $what:literal) => {
        fn visit_map<A: MapAccess<$de>>(self, _map: A) -> Result<(), A::Error> {
            Err(de::Error::custom(concat!("expected ", $what, ", found an object")))
        }
    };
    (@ unit $de:lifetime, $what:literal) => {
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Err(E::custom(concat!("expected ", $what, ", found null")))
        }
    };
}

struct RootSeed<'a> {
    acc: &'a mut Acc,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR object {\"log\": {...}}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<K>()? {
            if k == K::Log && self.acc.saw_log {
                return Err(de::Error::custom(DUPLICATE_LOG));
            } else if k == K::Log {
                self.acc.saw_log = true;
                map.next_value_seed(LogSeed { acc: self.acc })?;
            } else {
                skip(&mut map)?;
            }
        }
        if !self.acc.saw_log {
            return Err(de::Error::custom(
                "expected a top-level \"log\" member; this JSON object has none",
            ));
        }
        Ok(())
    }
    wrong_types!('de, "a JSON object with a \"log\" member", seq, unit);
}

/// A second `log` or `entries` member: JSON readers disagree on which one counts (the browser's
/// JSON.parse and serde_json's Value take the last, a streaming reader the first), so the capture
/// would not mean one thing; it is reported instead of guessed.
const DUPLICATE_LOG: &str =
    "a second \"log\" member here: a HAR has one (JSON readers disagree on which would count)";
const DUPLICATE_ENTRIES: &str =
    "a second \"entries\" member in \"log\" here: a HAR has one (JSON readers disagree on which would count)";

struct LogSeed<'a> {
    acc: &'a mut Acc,
}

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"log\" to be an object with an \"entries\" array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<K>()? {
            match k {
                K::Version => {
                    let r: Raw = map.next_value()?;
                    self.acc.version = raw_str(r)
                        .map(|c| c.into_owned())
                        .or_else(|| r.map(|r| r.get().to_string()).filter(|s| s != "null"));
                }
                K::Creator => self.acc.creator = name_version(map.next_value()?),
                K::Browser => self.acc.browser = name_version(map.next_value()?),
                K::Pages => {
                    let r: Raw = map.next_value()?;
                    if let Some(Ok(pages)) =
                        r.map(|r| serde_json::from_str::<Vec<serde_json::Value>>(r.get()))
                    {
                        self.acc.pages = Some(pages.len());
                        for p in pages {
                            if let Some(id) = p.get("id").and_then(|v| v.as_str()) {
                                self.acc.page_ids.insert(id.to_string());
                            }
                        }
                    }
                }
                K::Entries if self.acc.saw_entries => {
                    return Err(de::Error::custom(DUPLICATE_ENTRIES));
                }
                K::Entries => {
                    self.acc.saw_entries = true;
                    map.next_value_seed(EntriesSeed { acc: self.acc })?;
                }
                _ => skip(&mut map)?,
            }
        }
        if !self.acc.saw_entries {
            return Err(de::Error::custom(
                "expected \"log\" to have an \"entries\" array; it has none (this \"log\" object ends here)",
            ));
        }
        Ok(())
    }
    wrong_types!('de, "\"log\" to be an object", seq, unit);
}

struct EntriesSeed<'a> {
    acc: &'a mut Acc,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"entries\" to be an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element::<Lenient<RawEntry<'de>>>()? {
            self.acc.entry(e.0);
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        // "entries": null — an empty capture.
        Ok(())
    }
    wrong_types!('de, "\"entries\" to be an array", map);
}

/// ISO 8601 `2016-06-15T21:38:04.831Z` / `+02:00` / `+0200` → milliseconds since the epoch (UTC).
pub fn parse_iso8601_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') {
        return None;
    }
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if i < b.len() && (b[i] == b'.' || b[i] == b',') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = s.get(start..i)?;
        let mut digits: String = frac.chars().take(3).collect();
        while digits.len() < 3 {
            digits.push('0');
        }
        ms = digits.parse().ok()?;
    }
    let rest = s.get(i..)?;
    let offset_min: i64 = if rest.is_empty() || rest.eq_ignore_ascii_case("z") {
        0
    } else {
        let sign = match rest.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let oh: i64 = digits[..2].parse().ok()?;
        let om: i64 = digits[2..].parse().ok()?;
        sign * (oh * 60 + om)
    };
    let days = crate::model::days_from_civil(y as i32, mo as u8, d as u8);
    Some(((days * 24 + h) * 60 + mi - offset_min) * 60_000 + se * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value of the wrong type says what was expected and what kind of value was found, never
    /// the value itself.
    #[test]
    fn wrong_types_say_what_was_expected_and_found() {
        let expected = |json: &str| read_har_str(json).unwrap_err().expected;
        let root = "expected a JSON object with a \"log\" member";
        assert_eq!(expected("\"secret\""), format!("{root}, found a string"));
        assert_eq!(expected("[1]"), format!("{root}, found an array"));
        assert_eq!(expected("true"), format!("{root}, found a boolean"));
        assert_eq!(expected("-5"), format!("{root}, found a number"));
        assert_eq!(expected("null"), format!("{root}, found null"));
        let log = "expected \"log\" to be an object";
        assert_eq!(
            expected(r#"{"log": "x"}"#),
            format!("{log}, found a string")
        );
        assert_eq!(expected(r#"{"log": []}"#), format!("{log}, found an array"));
        assert_eq!(
            expected(r#"{"log": 1.5}"#),
            format!("{log}, found a number")
        );
        assert_eq!(expected(r#"{"log": null}"#), format!("{log}, found null"));
        let entries = "expected \"entries\" to be an array";
        assert_eq!(
            expected(r#"{"log": {"entries": {}}}"#),
            format!("{entries}, found an object")
        );
        assert_eq!(
            expected(r#"{"log": {"entries": false}}"#),
            format!("{entries}, found a boolean")
        );
        assert_eq!(
            expected(r#"{"log": {"entries": 7}}"#),
            format!("{entries}, found a number")
        );
        assert!(read_har_str(r#"{"log": {"entries": null}}"#).is_ok());
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(parse_iso8601_ms("1970-01-01T02:00:00.000+02:00"), Some(0));
        assert_eq!(
            parse_iso8601_ms("1970-01-01T00:00:00-0100"),
            Some(3_600_000)
        );
        assert_eq!(parse_iso8601_ms("garbage"), None);
        assert_eq!(parse_iso8601_ms("2016-13-01T00:00:00Z"), None);
    }

    #[test]
    fn offsets_of_positions() {
        assert_eq!(offset_of(b"ab\ncd", 2, 2), 4);
        assert_eq!(offset_of(b"ab", 1, 0), 0);
    }
}
