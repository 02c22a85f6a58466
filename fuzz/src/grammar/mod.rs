//! Grammars for the structure-aware targets: the fuzz input, read through `arbitrary`, chooses a
//! small model (a HAR's entries, the log records of a few agents), which is rendered to the text a
//! user pastes. Mutating the model instead of the text keeps the input well-formed, so the
//! fuzzer's work reaches ECE-call recognition, sanitizing and correlation instead of stopping at
//! the tokenizer; the text's spelling (JSON layout, escapes, number forms, line ends, wrapping)
//! is itself a choice of the model.
//!
//! Leaf choices ([`Word`], [`Secret`], [`NumText`]) pick from real-shaped spellings most of the
//! time and take arbitrary text otherwise.

pub mod har;
pub mod json;
pub mod logs;

use arbitrary::{Arbitrary, Result, Unstructured};

/// At most `max` items (the model stays small: runs stay fast and a finding stays readable).
pub fn list<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>, max: usize) -> Result<Vec<T>> {
    let n = u.int_in_range(0..=max)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        if u.is_empty() {
            break;
        }
        v.push(T::arbitrary(u)?);
    }
    Ok(v)
}

/// Letters, digits and the punctuation of ids and paths.
const ID_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

/// A short name or value: a real-shaped word, or a few id characters, or (rarely) any text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word(pub String);

const WORDS: &[&str] = &[
    "aqua",
    "chat",
    "default",
    "en-US",
    "x",
    "system",
    "egain",
    "index.html",
    "1001",
    "5000",
    "Accept",
    "User-Agent",
    "Content-Type",
    "gzip",
    "OK",
    "Mozilla/5.0",
    "application/json",
    "text/xml",
    "no-cache",
    "keep-alive",
    "ver",
    "v11",
    "templateName",
    "locale",
    "subActivity",
    "entryPointId",
    "languageCode",
    "US",
    "survey",
    "transcript",
    "attachment",
    "getQueueStatus",
    "sessionStatus",
    "initialize",
    "Chat",
    "é",
    "日本",
    "a b",
    "%20",
    "&",
    "=",
    "?",
    "/",
    "#",
    "<",
    ">",
    "\"",
    "'",
    "\\",
    "\u{0}",
    "\u{2028}",
    "\u{feff}",
];

impl<'a> Arbitrary<'a> for Word {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Word(match u.int_in_range(0u8..=9)? {
            0..=5 => (*u.choose(WORDS)?).to_string(),
            6..=8 => {
                let n = u.int_in_range(1..=12)?;
                let mut s = String::with_capacity(n);
                for _ in 0..n {
                    s.push(char::from(*u.choose(ID_CHARS)?));
                }
                s
            }
            _ => {
                let s: &str = u.arbitrary()?;
                s.chars().take(24).collect()
            }
        }))
    }
}

/// The first of `secrets` (all [`Secret`]s) that occurs in `text`: one pass over `text` for the
/// prefix every secret starts with, instead of one search per secret.
pub fn surviving_secret<'s>(text: &str, secrets: &'s [String]) -> Option<&'s str> {
    text.match_indices(SECRET_PREFIX)
        .find_map(|(i, _)| secrets.iter().find(|s| text[i..].starts_with(s.as_str())))
        .map(String::as_str)
}

/// What every [`Secret`] starts with.
const SECRET_PREFIX: &str = "Zq7";

/// A secret value planted in the model (a cookie, a token, a session id, an e-mail address,
/// chat text): distinctive, so that its absence after sanitizing can be checked by search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl<'a> Arbitrary<'a> for Secret {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        let n = u.int_in_range(6..=20)?;
        let mut s = String::from(SECRET_PREFIX);
        for _ in 0..n {
            s.push(char::from(*u.choose(A)?));
        }
        s.push_str("Wm8");
        Ok(Secret(s))
    }
}

/// A JSON number as written: the spellings browsers and tools use (integers, `-1` for "not
/// applicable", floats with 17 significant digits that no shorter text round-trips, exponents,
/// `-0`), or the shortest text of any finite f64.
#[derive(Debug, Clone, PartialEq)]
pub struct NumText(pub String);

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "42.5",
    "0.1",
    "-0",
    "1.6869999996825351",
    "0.30000000000000004",
    "1e3",
    "2.5E-3",
    "1E+2",
    "123456789012345678901",
    "9007199254740993",
    "12.000",
    "17976931348623157e292",
    "5e-324",
    "0.000001",
];

impl<'a> Arbitrary<'a> for NumText {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(NumText(match u.int_in_range(0u8..=3)? {
            0 | 1 => (*u.choose(NUMBERS)?).to_string(),
            2 => u.int_in_range(-1i32..=100_000)?.to_string(),
            _ => {
                let f = f64::from_bits(u.arbitrary()?);
                if f.is_finite() {
                    format!("{f:?}")
                } else {
                    "0".into()
                }
            }
        }))
    }
}

/// Line ends of a pasted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub enum LineEnd {
    Lf,
    CrLf,
}

impl LineEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnd::Lf => "\n",
            LineEnd::CrLf => "\r\n",
        }
    }
}

/// Text as XML character data or an attribute value.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
