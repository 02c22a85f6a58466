//! A JSON value written the way the fuzzer chooses (indentation, line ends, escapes, number
//! spellings, key order as built): serde_json would always write one spelling.

use super::LineEnd;
use arbitrary::Arbitrary;

/// A JSON value whose numbers keep their text.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// The number's text, written as is.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    pub fn s(s: impl Into<String>) -> J {
        J::Str(s.into())
    }
    pub fn n(n: impl ToString) -> J {
        J::Num(n.to_string())
    }
    /// An object from pairs.
    pub fn o<const N: usize>(pairs: [(&str, J); N]) -> J {
        J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }
    /// Adds a key to an object (nothing for other values).
    pub fn push(&mut self, k: &str, v: J) {
        if let J::Obj(m) = self {
            m.push((k.to_string(), v));
        }
    }
}

/// How the document is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub struct Style {
    /// `None`: one line (Firefox, Fiddler); `Some(n)`: `n % 5` spaces (Chrome: 2), a tab at 0.
    pub indent: Option<u8>,
    pub line_end: LineEnd,
    /// Escape `/` as `\/` (PHP-made and some proxy-made HARs do).
    pub escape_slash: bool,
    /// Escape every non-ASCII character as `\uXXXX` (Fiddler, Python's `json.dump`).
    pub ascii_only: bool,
    /// `"k" : v` instead of `"k": v`.
    pub space_before_colon: bool,
    /// A BOM before the document (Windows tools).
    pub bom: bool,
}

impl Style {
    /// Writes `v` in this style.
    pub fn write(&self, v: &J) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        self.value(v, 0, &mut out);
        if self.indent.is_some() {
            out.push_str(self.line_end.as_str());
        }
        out
    }

    fn newline(&self, depth: usize, out: &mut String) {
        if let Some(n) = self.indent {
            out.push_str(self.line_end.as_str());
            for _ in 0..depth {
                match n % 5 {
                    0 => out.push('\t'),
                    k => (0..k).for_each(|_| out.push(' ')),
                }
            }
        }
    }

    fn value(&self, v: &J, depth: usize, out: &mut String) {
        match v {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(t) => out.push_str(t),
            J::Str(s) => self.string(s, out),
            J::Arr(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.newline(depth + 1, out);
                    self.value(x, depth + 1, out);
                }
                if !items.is_empty() {
                    self.newline(depth, out);
                }
                out.push(']');
            }
            J::Obj(pairs) => {
                out.push('{');
                for (i, (k, x)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.newline(depth + 1, out);
                    self.string(k, out);
                    if self.space_before_colon {
                        out.push(' ');
                    }
                    out.push(':');
                    if self.indent.is_some() {
                        out.push(' ');
                    }
                    self.value(x, depth + 1, out);
                }
                if !pairs.is_empty() {
                    self.newline(depth, out);
                }
                out.push('}');
            }
        }
    }

    fn string(&self, s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '/' if self.escape_slash => out.push_str("\\/"),
                c if (c as u32) < 0x20 || (self.ascii_only && !c.is_ascii()) => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}
