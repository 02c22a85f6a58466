//! A small span-giving JSON reader: the document as a tree of byte ranges into the text, never a
//! copy of it, so that a value can be replaced in place.
//!
//! Why not serde: `serde_json::Value` keeps no positions, and `RawValue` gives the span of a
//! value but not of the keys and strings inside it; the sanitizer needs every string's span
//! (and only decodes the few it reads). Strictness comes from the callers, which validate with
//! serde_json first where they must (a HAR, an API answer) so errors stay the reader's
//! positioned ones; bodies that do not read here fall back to a token scan. It never panics and
//! stops at [`MAX_DEPTH`].

use std::ops::Range;

/// Deepest nesting read (serde_json stops at 128 too).
pub(crate) const MAX_DEPTH: usize = 128;

/// A string literal: the span of its content, without the quotes (escapes still in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Str {
    pub span: Range<usize>,
    pub escaped: bool,
}

/// A JSON value as spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Obj(Vec<(Str, Node)>),
    Arr(Vec<Node>),
    Str(Str),
    /// A number: its span.
    Num(Range<usize>),
    /// `true`, `false`, `null`.
    Lit,
}

impl Node {
    /// The member `k` of an object (first match, exact).
    pub fn get<'n>(&'n self, src: &str, k: &str) -> Option<&'n Node> {
        match self {
            Node::Obj(m) => m
                .iter()
                .find(|(key, _)| key_is(src, key, k))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Is this key `k` (compared raw: keys we look for have no escapes)?
pub(crate) fn key_is(src: &str, key: &Str, k: &str) -> bool {
    src.get(key.span.clone()) == Some(k)
}

/// Why a text did not read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub offset: usize,
}

struct Reader<'s> {
    b: &'s [u8],
    pos: usize,
}

/// Reads one JSON value from `s` (a leading BOM and surrounding whitespace allowed).
pub(crate) fn parse(s: &str) -> Result<Node, ParseError> {
    let start = if s.starts_with('\u{feff}') { 3 } else { 0 };
    let mut r = Reader {
        b: s.as_bytes(),
        pos: start,
    };
    let v = r.value(0)?;
    r.ws();
    if r.pos != r.b.len() {
        return Err(r.err());
    }
    Ok(v)
}

impl Reader<'_> {
    fn err(&self) -> ParseError {
        ParseError { offset: self.pos }
    }

    fn ws(&mut self) {
        while self.pos < self.b.len() && matches!(self.b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.err());
        }
        self.ws();
        match self.b.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::new();
                self.ws();
                if self.b.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(Node::Obj(members));
                }
                loop {
                    self.ws();
                    if self.b.get(self.pos) != Some(&b'"') {
                        return Err(self.err());
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.b.get(self.pos) != Some(&b':') {
                        return Err(self.err());
                    }
                    self.pos += 1;
                    let v = self.value(depth + 1)?;
                    members.push((k, v));
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Node::Obj(members));
                        }
                        _ => return Err(self.err()),
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(Node::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Node::Arr(items));
                        }
                        _ => return Err(self.err()),
                    }
                }
            }
            Some(b'"') => Ok(Node::Str(self.string()?)),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                let s = self.pos;
                self.pos += 1;
                while self.pos < self.b.len()
                    && matches!(
                        self.b[self.pos],
                        b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'
                    )
                {
                    self.pos += 1;
                }
                Ok(Node::Num(s..self.pos))
            }
            _ => Err(self.err()),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<Node, ParseError> {
        if self.b[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(Node::Lit)
        } else {
            Err(self.err())
        }
    }

    /// A string literal starting at the opening quote.
    fn string(&mut self) -> Result<Str, ParseError> {
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        while i < self.b.len() {
            match self.b[i] {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(Str {
                        span: start..i,
                        escaped,
                    });
                }
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                _ => i += 1,
            }
        }
        self.pos = self.b.len();
        Err(self.err())
    }
}

/// Content spans (without quotes) of the string literals in a possibly broken JSON text; an
/// unterminated last string runs to the end.
pub(crate) fn string_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let end = j.min(b.len());
        out.push(start..end);
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_keys_and_values() {
        let s = "\u{feff} {\"a\": [1, -2.5e3, true, null], \"b\\\"\": \"x\\u00e9\"} ";
        let v = parse(s).unwrap();
        let Node::Obj(m) = &v else { panic!() };
        assert_eq!(&s[m[0].0.span.clone()], "a");
        assert_eq!(&s[m[1].0.span.clone()], "b\\\"");
        assert!(m[1].0.escaped);
        let Node::Arr(a) = &m[0].1 else { panic!() };
        assert_eq!(
            a[1],
            Node::Num(s.find("-2.5e3").unwrap()..s.find(", true").unwrap())
        );
        assert_eq!(v.get(s, "a").map(|_| ()), Some(()));
        assert!(parse("{\"a\":1} x").is_err());
        assert!(parse("{\"a\":").is_err());
        assert!(parse(&"[".repeat(200)).is_err());
    }
}
