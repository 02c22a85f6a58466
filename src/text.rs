//! An input's text: a `String`, or (the CLI, a large plain UTF-8 file) the file's pages read in place.
//!
//! Reads as a `&str` everywhere ([`Deref`]); compares, prints and serializes as the `String` it
//! stands for. Only `intake::open_mapped` makes a mapped one, once the bytes are checked to be
//! what `intake::decode` would give unchanged (UTF-8, no byte-order mark, not binary).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::Deref;
#[cfg(unix)]
use std::sync::Arc;

/// An input's text (see the module).
#[derive(Clone, Default)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// A file's pages, checked to be UTF-8 (see [`crate::mapped::MappedText`]).
    #[cfg(unix)]
    Mapped(Arc<crate::mapped::MappedText>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(String::new())
    }
}

impl Text {
    /// A file's mapped pages, already checked to be UTF-8.
    #[cfg(unix)]
    pub fn mapped(m: crate::mapped::MappedText) -> Self {
        Text(Repr::Mapped(Arc::new(m)))
    }

    /// Whether this text is a file's pages read in place (no copy of it was made).
    pub fn is_mapped(&self) -> bool {
        !matches!(self.0, Repr::Owned(_))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            #[cfg(unix)]
            Repr::Mapped(m) => m.as_str(),
        }
    }

    /// Done with the bytes in `range` for now: a mapped text gives its pages there back (they
    /// are read from the file again if asked for: the text reads the same); a `String` keeps them.
    pub fn release(&self, range: std::ops::Range<usize>) {
        match &self.0 {
            Repr::Owned(_) => {
                let _ = range;
            }
            #[cfg(unix)]
            Repr::Mapped(m) => m.release(range),
        }
    }

    /// The text as a `String` (a copy when it is mapped).
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Owned(s) => s,
            #[cfg(unix)]
            Repr::Mapped(m) => m.as_str().to_owned(),
        }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Owned(s.to_owned()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owned_text_reads_compares_and_serializes_as_its_string() {
        let t = Text::from("a\nb");
        assert_eq!(&*t, "a\nb");
        assert_eq!(t, "a\nb");
        assert_eq!(t, Text::from(String::from("a\nb")));
        assert!(!t.is_mapped());
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"a\\nb\"");
        let back: Text = serde_json::from_str("\"a\\nb\"").unwrap();
        assert_eq!(back, t);
        assert_eq!(format!("{t:?}"), "\"a\\nb\"");
        assert_eq!(t.into_string(), "a\nb");
        assert_eq!(Text::default(), "");
    }
}
