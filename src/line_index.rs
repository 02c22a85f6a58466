//! Where some of a text's lines start, so that a few lines can be read out of a big file without reading all of it.
//!
//! The analysis worker frees a file's text once analysed and reads the file again for the lines
//! the evidence view shows; reading 100 MiB again for a handful of lines took 0.45–0.5 s a click
//! and the file's size twice over in memory. With a [`LineIndex`] it reads the part of the file
//! that holds the lines ([`LineIndex::span`]), a few hundred KiB, and cuts them from it
//! ([`lines_in_part`]) exactly as [`source_lines::lines_between`] cuts them from the whole text.

use crate::source_lines::{self, SourceLine};

/// Bytes between two marks at most (plus the rest of the line a stride ends in).
pub const STRIDE: u64 = 256 * 1024;

/// Line starts of a text, about one every [`STRIDE`] bytes: `(byte offset, 1-based line number
/// as `str::lines` counts them)`, ascending; the first is `(0, 1)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    marks: Vec<(u64, u32)>,
    len: u64,
}

/// Builds a [`LineIndex`] from a text given in parts of any size (as a file is read in slices).
#[derive(Debug, Clone)]
pub struct LineIndexer {
    stride: u64,
    marks: Vec<(u64, u32)>,
    /// Bytes fed so far.
    pos: u64,
    /// Line breaks in them.
    breaks: u32,
    /// Where the next mark is looked for: the first line start after this offset.
    next: u64,
    /// Past `next`, looking for the line break after which the next mark starts.
    seeking: bool,
}

impl LineIndexer {
    pub fn new() -> Self {
        Self::with_stride(STRIDE)
    }

    /// Marks about every `stride` bytes (at least 1).
    pub fn with_stride(stride: u64) -> Self {
        let stride = stride.max(1);
        LineIndexer {
            stride,
            marks: vec![(0, 1)],
            pos: 0,
            breaks: 0,
            next: stride,
            seeking: false,
        }
    }

    /// The next part of the text.
    pub fn feed(&mut self, mut part: &[u8]) {
        while !part.is_empty() {
            if self.seeking {
                match memchr::memchr(b'\n', part) {
                    Some(p) => {
                        self.breaks = self.breaks.saturating_add(1);
                        self.pos += p as u64 + 1;
                        part = &part[p + 1..];
                        self.marks.push((self.pos, self.breaks.saturating_add(1)));
                        self.seeking = false;
                        self.next = (self.pos / self.stride + 1) * self.stride;
                    }
                    None => {
                        self.pos += part.len() as u64;
                        part = &[];
                    }
                }
            } else {
                let take = usize::try_from(self.next - self.pos)
                    .unwrap_or(usize::MAX)
                    .min(part.len());
                let n = memchr::memchr_iter(b'\n', &part[..take]).count();
                self.breaks = self
                    .breaks
                    .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
                self.pos += take as u64;
                part = &part[take..];
                self.seeking = self.pos == self.next;
            }
        }
    }

    pub fn finish(self) -> LineIndex {
        LineIndex {
            marks: self.marks,
            len: self.pos,
        }
    }
}

impl Default for LineIndexer {
    fn default() -> Self {
        Self::new()
    }
}

impl LineIndex {
    /// The index of a whole text.
    pub fn of(text: &[u8]) -> Self {
        let mut x = LineIndexer::new();
        x.feed(text);
        x.finish()
    }

    /// The text's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The part of the text that holds lines `first..=last`: `(start, its first line's number,
    /// end)`, both offsets at line starts (or the text's end); `None` when there are no such
    /// lines to look for (`first > last`).
    pub fn span(&self, first: u32, last: u32) -> Option<(u64, u32, u64)> {
        let first = first.max(1);
        if first > last {
            return None;
        }
        // The last mark at or before line `first` (the first mark is line 1).
        let at = self.marks.partition_point(|m| m.1 <= first).max(1) - 1;
        let (start, line) = self.marks[at];
        // The first mark after line `last`: the part ends where that line starts.
        let end = self
            .marks
            .get(self.marks.partition_point(|m| m.1 <= last))
            .map_or(self.len, |m| m.0);
        Some((start, line, end.max(start)))
    }
}

/// Lines `first..=last` of a text, cut from `part`, the text from the start of its line
/// `part_first` on (as [`LineIndex::span`] gives it): what [`source_lines::lines_between`] gives
/// for the whole text.
pub fn lines_in_part(part: &str, part_first: u32, first: u32, last: u32) -> Vec<SourceLine> {
    let first = first.max(1);
    if first < part_first || first > last {
        return Vec::new();
    }
    let shift = part_first - 1;
    let mut lines = source_lines::lines_between(part, first - shift, last - shift);
    for l in &mut lines {
        l.number += shift;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source_lines::lines_between;

    /// Real-shaped texts and the edges: no final line break, CRLF, empty lines, a line longer
    /// than the stride, nothing at all.
    fn texts() -> Vec<String> {
        let mut t = vec![
            String::new(),
            "\n".into(),
            "\n\n\n".into(),
            "one line, no break".into(),
            "a\r\nb\n\nd\ne".into(),
            format!("short\n{}\nafter\n\nlast", "x".repeat(300)),
        ];
        t.extend(crate::sample::SEED.iter().map(|(_, text)| text.to_string()));
        t.push(crate::synth::log_mix_mb(1)[..200_000].to_string());
        t
    }

    fn check(text: &str, index: &LineIndex, what: &str) {
        let lines = text.lines().count() as u32;
        let mut pairs = vec![(0, 0), (0, 1), (1, 1), (2, 1), (u32::MAX, u32::MAX)];
        let step = (lines / 40).max(1);
        for first in (0..lines + 3).step_by(step as usize) {
            for len in [0, 1, 2, 5, 40, 1000] {
                pairs.push((first, first.saturating_add(len)));
            }
        }
        for (first, last) in pairs {
            let want = lines_between(text, first, last);
            let got = match index.span(first, last) {
                None => Vec::new(),
                Some((a, line, b)) => {
                    let part = &text[a as usize..b as usize];
                    lines_in_part(part, line, first, last)
                }
            };
            assert_eq!(got, want, "{what}: lines {first}..={last}");
        }
    }

    #[test]
    fn a_part_gives_the_lines_the_whole_text_gives() {
        for text in texts() {
            for stride in [1, 2, 7, 64, 4096, STRIDE] {
                let mut x = LineIndexer::with_stride(stride);
                x.feed(text.as_bytes());
                let index = x.finish();
                assert_eq!(index.len(), text.len() as u64);
                check(
                    &text,
                    &index,
                    &format!("stride {stride}, {} bytes", text.len()),
                );
            }
        }
    }

    #[test]
    fn fed_in_slices_the_index_is_the_same() {
        for text in texts() {
            for stride in [3, 64, 4096] {
                let mut whole = LineIndexer::with_stride(stride);
                whole.feed(text.as_bytes());
                let whole = whole.finish();
                for slice in [1, 5, 63, 64, 65, 10_000] {
                    let mut x = LineIndexer::with_stride(stride);
                    for part in text.as_bytes().chunks(slice) {
                        x.feed(part);
                    }
                    assert_eq!(x.finish(), whole, "stride {stride}, slices of {slice}");
                }
            }
        }
    }

    #[test]
    fn marks_are_line_starts_about_a_stride_apart() {
        let text = crate::synth::log_mix_mb(1);
        let index = LineIndex::of(text.as_bytes());
        assert!(index.marks.len() as u64 >= text.len() as u64 / STRIDE);
        for w in index.marks.windows(2) {
            let ((a, la), (b, lb)) = (w[0], w[1]);
            assert!(a < b && la < lb);
            assert_eq!(text.as_bytes()[b as usize - 1], b'\n');
            assert_eq!(text[..b as usize].lines().count() as u32 + 1, lb);
        }
        // A few lines are read from a few hundred KiB, not the whole text.
        let (a, _, b) = index.span(5000, 5010).unwrap();
        assert!(b - a <= 2 * STRIDE, "{a}..{b}");
    }
}
