//! The source lines an event or a finding points to, cut to a readable width: what the evidence
//! view shows. Pure: the page calls it on text it holds, the analysis worker on the big inputs it
//! read (the page never holds those).

use serde::{Deserialize, Serialize};

/// Longest line shown, in characters; the rest of a longer line (a one-line HAR) is cut.
pub const MAX_LINE_CHARS: usize = 2_000;

/// One line of an input, numbered like `str::lines` (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLine {
    pub number: u32,
    pub text: String,
    /// Characters left out after `MAX_LINE_CHARS`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cut: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Lines `first..=last` (1-based, as `str::lines` counts them) of `text`; fewer when the text ends
/// sooner, none when `first > last`.
pub fn lines_between(text: &str, first: u32, last: u32) -> Vec<SourceLine> {
    let first = first.max(1);
    if first > last {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    // Skip to the start of line `first` by counting newlines (no per-line work before it).
    let mut start = 0usize;
    let mut number = 1u32;
    while number < first {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(p) => {
                start += p + 1;
                number += 1;
            }
            None => return Vec::new(),
        }
    }
    if start >= bytes.len() {
        return Vec::new();
    }
    text[start..]
        .lines()
        .take((last - first) as usize + 1)
        .enumerate()
        .map(|(i, line)| {
            let mut chars = line.char_indices();
            let (text, cut) = match chars.nth(MAX_LINE_CHARS) {
                Some((at, _)) => (line[..at].to_string(), line[at..].chars().count()),
                None => (line.to_string(), 0),
            };
            SourceLine {
                number: first + i as u32,
                text,
                cut,
            }
        })
        .collect()
}

/// The lines shown around `line`: `context` before and after it.
pub fn lines_around(text: &str, line: u32, context: u32) -> Vec<SourceLine> {
    let line = line.max(1);
    lines_between(
        text,
        line.saturating_sub(context).max(1),
        line.saturating_add(context),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers_and_texts(v: &[SourceLine]) -> Vec<(u32, &str)> {
        v.iter().map(|l| (l.number, l.text.as_str())).collect()
    }

    #[test]
    fn numbers_lines_like_str_lines() {
        let text = "a\r\nb\n\nd\ne";
        for first in 1..7 {
            for last in first..8 {
                let want: Vec<(u32, &str)> = text
                    .lines()
                    .enumerate()
                    .map(|(i, l)| (i as u32 + 1, l))
                    .filter(|(n, _)| *n >= first && *n <= last)
                    .collect();
                assert_eq!(
                    numbers_and_texts(&lines_between(text, first, last)),
                    want,
                    "{first}..={last}"
                );
            }
        }
    }

    #[test]
    fn around_a_line_and_at_the_edges() {
        let text: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let got = lines_around(&text, 10, 4);
        assert_eq!(got.first().map(|l| l.number), Some(6));
        assert_eq!(got.last().map(|l| l.text.as_str()), Some("line 14"));
        assert_eq!(lines_around(&text, 1, 4).len(), 5);
        assert_eq!(lines_around(&text, 0, 4).len(), 5);
        assert_eq!(lines_around(&text, 20, 4).len(), 5);
        assert!(lines_around(&text, 99, 4).is_empty());
        assert!(lines_around("", 1, 4).is_empty());
        assert!(lines_between(&text, 5, 4).is_empty());
        assert!(lines_around(&text, u32::MAX, 4).is_empty());
        assert_eq!(lines_around(&text, u32::MAX, u32::MAX).len(), 20);
    }

    #[test]
    fn long_lines_are_cut_on_a_character_boundary() {
        let long = "é".repeat(MAX_LINE_CHARS + 5);
        let got = lines_between(&long, 1, 1);
        assert_eq!(got[0].text.chars().count(), MAX_LINE_CHARS);
        assert_eq!(got[0].cut, 5);
    }
}
