//! Positioned problems: what is wrong with an input and exactly where (a leaf: imports nothing).

use serde::{Deserialize, Serialize};

/// Something wrong with the input, and exactly where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub input: usize,
    /// 1-based line, when the input is line-oriented.
    pub line: Option<u32>,
    /// Byte offset: into the text for text inputs, into the message for decoded ARM bytes.
    pub offset: Option<usize>,
    pub message: String,
}

/// Something wrong at a byte offset: into a dump's text (`cti::TextProblem`) or from the start of a
/// message's header (`cti::ByteProblem`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positioned {
    pub offset: usize,
    pub message: String,
}

/// Byte offset → (1-based line, 1-based column) in a text.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
