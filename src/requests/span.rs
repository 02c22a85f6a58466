//! Where each entry of a HAR's `log.entries` stands in the text: a structural scan that reads no value.
//!
//! The detail of a request is read again from its entry's bytes when asked for, so that bodies
//! are never kept. The scan jumps over strings with `memchr` and counts brackets, so it runs at
//! the speed of a byte search (a 100 MiB capture in about a tenth of a second).
use std::ops::Range;

/// The byte ranges of the entries of the HAR `text` (each from its `{` to its `}`), in order;
/// why not, with the byte offset, when the text is not a HAR object with an `entries` array.
pub fn entry_spans(text: &str) -> Result<Vec<Range<usize>>, String> {
    entries(text).map(|e| e.spans)
}

/// The `entries` array of a HAR: what is between its brackets, and each entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entries {
    /// From just after `[` to just before `]`.
    pub inner: Range<usize>,
    pub spans: Vec<Range<usize>>,
}

/// [`entry_spans`], with where the array itself stands.
pub fn entries(text: &str) -> Result<Entries, String> {
    let mut s = Scan {
        b: text.as_bytes(),
        at: 0,
    };
    s.ws();
    if s.b.get(s.at) == Some(&0xEF) {
        s.at += 3; // a BOM
        s.ws();
    }
    s.expect(b'{')?;
    s.find_key(b"log")?;
    s.expect(b'{')?;
    s.find_key(b"entries")?;
    s.expect(b'[')?;
    let open = s.at;
    let mut out = Vec::new();
    loop {
        s.ws();
        match s.b.get(s.at) {
            Some(b']') => {
                return Ok(Entries {
                    inner: open..s.at,
                    spans: out,
                })
            }
            Some(b',') => {
                s.at += 1;
                continue;
            }
            Some(_) => {
                let start = s.at;
                s.value()?;
                out.push(start..s.at);
            }
            None => return Err(s.err("the entries array ends before its ']'")),
        }
    }
}

struct Scan<'a> {
    b: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn err(&self, what: &str) -> String {
        format!("{what} (byte {})", self.at)
    }

    fn ws(&mut self) {
        while self.b.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.b.get(self.at) == Some(&c) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.err(&format!("expected '{}'", c as char)))
        }
    }

    /// At a `"`: past the string's closing quote; the string's raw bytes.
    fn string(&mut self) -> Result<Range<usize>, String> {
        debug_assert_eq!(self.b.get(self.at), Some(&b'"'));
        let start = self.at + 1;
        let mut i = start;
        loop {
            match memchr::memchr2(b'"', b'\\', &self.b[i..]) {
                Some(k) if self.b[i + k] == b'\\' => i += k + 2,
                Some(k) => {
                    self.at = i + k + 1;
                    return Ok(start..i + k);
                }
                None => {
                    self.at = self.b.len();
                    return Err(self.err("a string does not end"));
                }
            }
        }
    }

    /// Past one value (object, array, string or scalar).
    fn value(&mut self) -> Result<(), String> {
        self.ws();
        match self.b.get(self.at) {
            Some(b'"') => self.string().map(|_| ()),
            Some(b'{') | Some(b'[') => {
                let mut depth = 0usize;
                loop {
                    let rest = &self.b[self.at..];
                    let Some(k) = rest
                        .iter()
                        .position(|&c| matches!(c, b'"' | b'{' | b'}' | b'[' | b']'))
                    else {
                        self.at = self.b.len();
                        return Err(self.err("an object or array does not end"));
                    };
                    self.at += k;
                    match self.b[self.at] {
                        b'"' => {
                            self.string()?;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            self.at += 1;
                        }
                        _ => {
                            depth -= 1;
                            self.at += 1;
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                    }
                }
            }
            Some(_) => {
                while self
                    .b
                    .get(self.at)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Ok(())
            }
            None => Err(self.err("a value is missing")),
        }
    }

    /// Inside an object (past its `{`): past the `:` of member `key`, skipping the others.
    fn find_key(&mut self, key: &[u8]) -> Result<(), String> {
        loop {
            self.ws();
            match self.b.get(self.at) {
                Some(b'"') => {
                    let k = self.string()?;
                    self.expect(b':')?;
                    if &self.b[k] == key {
                        return Ok(());
                    }
                    self.value()?;
                }
                Some(b',') => self.at += 1,
                _ => {
                    return Err(self.err(&format!(
                        "no \"{}\" member found",
                        String::from_utf8_lossy(key)
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_capture_splits_into_its_entries() {
        for f in std::fs::read_dir("samples/har").unwrap() {
            let path = f.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(v) =
                serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
            else {
                assert!(entry_spans(&text).is_err(), "{path:?}");
                continue;
            };
            let Some(entries) = v["log"]["entries"].as_array() else {
                continue;
            };
            let spans = entry_spans(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert_eq!(spans.len(), entries.len(), "{path:?}");
            for (s, e) in spans.iter().zip(entries) {
                let got: serde_json::Value = serde_json::from_str(&text[s.clone()]).unwrap();
                assert_eq!(&got, e, "{path:?}");
            }
        }
    }

    #[test]
    fn keys_before_entries_and_braces_in_strings_do_not_confuse_it() {
        let t = r#" {"x":"}{","log":{"pages":[{"id":"]"}],"entries":[{"a":"\"}"},{"b":[1,{"c":2}]}],"z":1}}"#;
        let spans = entry_spans(t).unwrap();
        let got: Vec<&str> = spans.iter().map(|s| &t[s.clone()]).collect();
        assert_eq!(got, vec![r#"{"a":"\"}"}"#, r#"{"b":[1,{"c":2}]}"#]);
    }

    #[test]
    fn a_cut_capture_says_where() {
        let e = entry_spans(r#"{"log":{"entries":[{"a":"b"#).unwrap_err();
        assert!(e.contains("byte"), "{e}");
        assert!(entry_spans("[1]").is_err());
    }
}
