//! Splits a pasted text into records: one line each, except listener and PG trace records that a PDF
//! or an e-mail hard-wrapped over several lines, which are joined back with single spaces.
//!
//! Single-line records borrow the input; only wrapped records allocate.

use super::detect::{classify_stamped, find_sep, LineKind, Stamp};
use std::borrow::Cow;

/// One logical record: a physical line, or several re-joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    pub kind: LineKind,
    /// 1-based, inclusive.
    pub first: u32,
    pub last: u32,
    pub text: Cow<'a, str>,
    /// Byte offset of the first line in the input text (exact for single-line records).
    pub offset: usize,
    /// The stamp read when the line was classified (listener and PG trace records that are one
    /// line, starting with their stamp); `None` otherwise, and the parser reads the text itself.
    pub stamp: Option<Stamp>,
}

impl Record<'_> {
    pub fn is_joined(&self) -> bool {
        self.last != self.first
    }
}

struct Building<'a> {
    rec: Record<'a>,
    last_len: usize,
    continuations: u32,
}

/// At most this many lines are joined onto one record.
const MAX_CONTINUATIONS: u32 = 40;

fn dump_like(line: &str) -> bool {
    line.bytes().all(|c| {
        c.is_ascii_digit()
            || c.is_ascii_uppercase()
            || matches!(c, b' ' | b'\t' | b'-' | b'>' | b'<' | b'@' | b'_')
    })
}

/// The text after the 9th `<@>` (the message slot), if the header is complete.
fn listener_message(text: &str) -> Option<&str> {
    let mut rest = text;
    for _ in 0..9 {
        let p = find_sep(rest)?;
        rest = &rest[p + 3..];
    }
    Some(rest)
}

impl<'a> Building<'a> {
    fn new(kind: LineKind, line: &'a str, n: u32, offset: usize, stamp: Option<Stamp>) -> Self {
        let line = super::trim_end(line);
        Building {
            rec: Record {
                kind,
                first: n,
                last: n,
                text: Cow::Borrowed(line),
                offset,
                stamp,
            },
            last_len: line.len(),
            continuations: 0,
        }
    }

    /// Does this (unclassified, non-blank) line continue the record?
    fn accepts(&self, line: &str) -> bool {
        if self.continuations >= MAX_CONTINUATIONS {
            return false;
        }
        let text = self.rec.text.as_ref();
        let wrapped_prev = (40..=200).contains(&self.last_len);
        match self.rec.kind {
            LineKind::Listener => {
                let Some(msg) = listener_message(text) else {
                    // Header not complete yet: the next line must be more of it.
                    return true;
                };
                let msg = msg.trim();
                if msg.is_empty() {
                    return true;
                }
                if msg.ends_with("<@>") {
                    return false;
                }
                if text.contains("ARMLogger")
                    && (msg.starts_with("Sending") || msg.starts_with("Received"))
                {
                    return dump_like(line.trim());
                }
                wrapped_prev
            }
            LineKind::PgTrace(_) => {
                let t = line.trim_start();
                wrapped_prev && (t.contains('=') || t.contains(':') || t.starts_with(','))
            }
            _ => false,
        }
    }

    fn push(&mut self, line: &str, n: u32) {
        let s = self.rec.text.to_mut();
        let piece = line.trim();
        let trimmed_len = s.trim_end().len();
        s.truncate(trimmed_len);
        // A negative byte whose minus sign the wrap left at the end of the line ("… 0 0 -" then
        // "102 0 1 …") is one number again.
        let rejoins_number =
            (s.ends_with(" -") || s == "-") && piece.starts_with(|c: char| c.is_ascii_digit());
        if !s.is_empty() && !rejoins_number {
            s.push(' ');
        }
        s.push_str(piece);
        // A joined listener stamp may take its zone from the next piece: the parser reads it.
        self.rec.stamp = None;
        self.rec.last = n;
        self.last_len = line.trim_end().len();
        self.continuations += 1;
    }
}

/// Calls `f` with every record of `text`, in order. Strips a BOM (also one at the start of any line,
/// as when files are concatenated) and `\r` before `\n`.
pub fn records<'a>(text: &'a str, f: impl FnMut(Record<'a>)) {
    records_in(text, 0..text.len(), 1, f)
}

/// [`records`] of the lines in `range` of `text` (it starts a line; `first_line` is that line's
/// number), with lines and offsets those of the whole text: a piece read on its own thread.
pub fn records_in<'a>(
    text: &'a str,
    range: std::ops::Range<usize>,
    first_line: u32,
    mut f: impl FnMut(Record<'a>),
) {
    let mut cur: Option<Building<'a>> = None;
    let mut offset = range.start;
    let mut n = first_line.saturating_sub(1);
    let bytes = &text.as_bytes()[..range.end];
    // The lines of `text[range].split('\n')`, found with a vectorised search; a range that
    // ends before the text does ends after a line break, and the next piece reads what follows.
    let to_end = range.end >= text.len();
    let lines = memchr::memchr_iter(b'\n', &bytes[range.start..])
        .map(|p| Some(p + range.start))
        .chain(to_end.then_some(None));
    for nl in lines {
        let end = nl.unwrap_or(bytes.len());
        let raw = &text[offset..end];
        n = n.saturating_add(1);
        let line_off = offset;
        offset = end + 1;
        let mut line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut lo = line_off;
        if let Some(l) = line.strip_prefix('\u{feff}') {
            line = l;
            lo += 3;
        }
        let (kind, stamp) = classify_stamped(line);
        if kind == LineKind::Other {
            if let Some(b) = cur.as_mut() {
                if b.accepts(line) {
                    b.push(line, n);
                    continue;
                }
            }
        }
        if let Some(b) = cur.take() {
            f(b.rec);
        }
        match kind {
            LineKind::Listener | LineKind::PgTrace(_) => {
                cur = Some(Building::new(kind, line, n, lo, stamp));
            }
            _ => f(Record {
                kind,
                first: n,
                last: n,
                text: Cow::Borrowed(line),
                offset: lo,
                stamp: None,
            }),
        }
    }
    if let Some(b) = cur.take() {
        f(b.rec);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str) -> Vec<Record<'_>> {
        let mut v = Vec::new();
        records(text, |r| v.push(r));
        v
    }

    #[test]
    fn joins_wrapped_listener_records() {
        let text = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@>\n[8938:x] <@> ProcessId:5436 <@> PID:1 <@>\nUID:12 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> Sending\nMAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 <@>\nnot part of it\n";
        let r = collect(text);
        assert_eq!(r[0].first, 1);
        assert_eq!(r[0].last, 4);
        assert!(r[0]
            .text
            .ends_with("Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 <@>"));
        assert_eq!(r[1].kind, LineKind::Other);
        assert_eq!(r[1].first, 5);
        // The zone of a joined stamp may come from a later piece: the parser reads it again.
        assert_eq!(r[0].stamp, None);
        let one = collect("20:27:32:466 cg1A-ctisvr Trace: x\n");
        assert_eq!(one[0].stamp.map(|s| s.body), Some(24));
    }

    #[test]
    fn a_minus_sign_cut_from_its_number_is_joined_back() {
        let text = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [8938:x] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -\n102 0 1 57 43 <@>\n";
        let r = collect(text);
        assert_eq!((r[0].first, r[0].last), (1, 2));
        assert!(
            r[0].text.ends_with("-> 0 0 0 16 0 0 0 -102 0 1 57 43 <@>"),
            "{}",
            r[0].text
        );
    }

    #[test]
    fn crlf_and_bom() {
        let r = collect("\u{feff}=====\r\n\r\n");
        assert_eq!(r[0].kind, LineKind::Separator);
        assert_eq!(r[0].offset, 3);
        assert_eq!(r[1].kind, LineKind::Blank);
    }
}
