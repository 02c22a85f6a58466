//! A large log text read in pieces on several threads, with the same result as one pass.
//!
//! The text is cut before lines that start a listener or PG trace record (no wrapped record
//! spans a cut, and such a record ends `opctest` output and closes an `rttest` domain block).
//! Each piece is read from a fresh state by one of a few threads (the next piece to whichever is
//! free); the pieces are joined in order as they come. A piece is handed over only when what its reader could not know does not
//! matter: the state the pieces before it left (skill-group lines still waiting for their
//! `ICMAgentID` line, an `rttest` agent head its domain lines would use). Otherwise that piece
//! is read again, on from the state before it, as one pass would — slower, never different.
//! Dates are inferred once, over the joined pieces.

use super::rejoin::records_in;
use super::{estimate_lines, Ctx, LogParse};
use crate::logs::detect::{classify_stamped, LineKind};
use std::ops::Range;

/// Texts at least this long are read in pieces (natively, when there is more than one core).
pub const PIECES_FROM: usize = 8 << 20;

/// About how long a piece is: small enough that the pieces read ahead of the one being joined
/// hold little memory, large enough that a piece's fixed costs do not count.
pub const PIECE: usize = 2 << 20;

/// How far past its aimed-at place a cut may move to find a record's first line.
const MAX_SEARCH: usize = 1 << 20;

/// [`super::parse_text`] of `text` in pieces of about `piece` bytes, read by `threads` threads
/// (with 0 or 1, one after the other on this thread).
pub fn parse(input_index: usize, text: &str, threads: usize, piece: usize) -> LogParse {
    parse_counted(input_index, text, threads, piece, &|_| {}).parse
}

/// What [`parse_counted`] read, and how.
pub struct Counted {
    pub parse: LogParse,
    /// How many pieces there were after the first.
    pub cuts: usize,
    /// How many of those were handed over (the others were read again after the piece before).
    pub handed: usize,
    /// The text's line breaks, counted to number each piece's lines: the input's summary takes
    /// its line count from them instead of a pass of its own.
    pub line_breaks: usize,
}

/// [`parse`], and how it went ([`Counted`]). `done(range)` is told each piece's byte range once
/// it is joined (nothing reads it again: a mapped text gives back its pages, see
/// [`crate::text::Text::release`]).
pub fn parse_counted(
    input_index: usize,
    text: &str,
    threads: usize,
    piece: usize,
    done: &Done,
) -> Counted {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    let (ranges, line_breaks) = ranges(text, piece);
    let counted = |parse, handed| Counted {
        parse,
        cuts: ranges.len() - 1,
        handed,
        line_breaks,
    };
    let read = |(range, first): &(Range<usize>, u32)| {
        let mut ctx = Ctx::new(input_index, text);
        // The first piece's vector takes the others' events: room for the whole text's (untouched
        // capacity costs no memory pages), so appending them moves no event twice.
        let room = if range.start == 0 {
            text
        } else {
            &text[range.clone()]
        };
        ctx.out.events.reserve(estimate_lines(room).min(1 << 24));
        records_in(text, range.clone(), *first, |rec| ctx.record(rec));
        ctx
    };
    let mut handed = 0;
    if threads <= 1 {
        // On this thread, piece after piece (what the fuzz targets check: the cuts and the
        // hand-overs, without a thread's start-up per input).
        let mut acc = None;
        for (k, r) in ranges.iter().enumerate() {
            join(&mut acc, read(r), text, &ranges[k], &mut handed);
            done(r.0.clone());
        }
        let parse = acc.map_or_else(|| super::parse_in_one(input_index, text), Ctx::finish);
        return counted(parse, handed);
    }
    let next = AtomicUsize::new(0);
    let acc = std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Ctx)>();
        for _ in 0..threads.clamp(1, ranges.len()) {
            let tx = tx.clone();
            let (next, ranges, read) = (&next, &ranges, &read);
            scope.spawn(move || loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(r) = ranges.get(k) else { break };
                if tx.send((k, read(r))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Joined in order as they come; those read ahead wait here.
        let mut waiting: Vec<Option<Ctx>> = (0..ranges.len()).map(|_| None).collect();
        let mut acc: Option<Ctx> = None;
        let mut joined = 0;
        for (k, ctx) in rx {
            waiting[k] = Some(ctx);
            while let Some(piece) = waiting.get_mut(joined).and_then(Option::take) {
                join(&mut acc, piece, text, &ranges[joined], &mut handed);
                done(ranges[joined].0.clone());
                joined += 1;
            }
        }
        acc
    });
    let parse = match acc {
        Some(acc) => acc.finish(),
        // A reader thread stopped: one pass, here.
        None => super::parse_in_one(input_index, text),
    };
    counted(parse, handed)
}

/// What [`parse_counted`] tells each piece's byte range once that piece is joined.
pub type Done<'a> = dyn Fn(Range<usize>) + Sync + 'a;

/// Joins the next piece (read from `range`) to what is read so far: handed over, or read again.
fn join<'t>(
    acc: &mut Option<Ctx<'t>>,
    piece: Ctx<'t>,
    text: &'t str,
    (range, first): &(Range<usize>, u32),
    handed: &mut usize,
) {
    match acc.as_mut() {
        None => *acc = Some(piece),
        Some(a) if a.hands_over_to(&piece) => {
            a.append(piece);
            *handed += 1;
        }
        Some(a) => {
            drop(piece);
            records_in(text, range.clone(), *first, |rec| a.record(rec));
        }
    }
}

/// The pieces: byte ranges of about `piece` bytes and the number of each one's first line, each
/// after the first starting on a line that a listener or PG trace record starts on; and the
/// text's line breaks.
fn ranges(text: &str, piece: usize) -> (Vec<(Range<usize>, u32)>, usize) {
    let b = text.as_bytes();
    let step = piece.max(1);
    let mut out = Vec::with_capacity(b.len() / step + 1);
    let mut start = 0usize;
    while let Some(cut) = start
        .checked_add(step)
        .filter(|&aim| aim < b.len())
        .and_then(|aim| record_start_after(text, aim))
    {
        out.push((start..cut, 0));
        start = cut;
    }
    out.push((start..b.len(), 0));
    // Each piece's line breaks, counted by memchr (vector code chosen at run time: a plain loop of
    // compares was 52 ms for 100 MiB, this 14), in two halves at once; then each piece's first line.
    crate::par::halves_mut(
        text.len() >= crate::par::AT_ONCE_FROM,
        &mut out,
        |_, half| {
            for (r, n) in half.iter_mut() {
                let breaks = memchr::memchr_iter(b'\n', &b[r.clone()]).count();
                *n = u32::try_from(breaks).unwrap_or(u32::MAX);
            }
        },
    );
    let mut line = 1u32;
    let mut all = 0usize;
    for (_, n) in out.iter_mut() {
        let breaks = *n;
        *n = line;
        line = line.saturating_add(breaks);
        all += breaks as usize;
    }
    (out, all)
}

/// The start of the first line at or after `from` (not the text's first line) that a listener
/// or PG trace record starts on, within [`MAX_SEARCH`] bytes.
fn record_start_after(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let limit = b.len().min(from.saturating_add(MAX_SEARCH));
    let mut at = from;
    while at < limit {
        let nl = memchr::memchr(b'\n', &b[at..limit])?;
        let start = at + nl + 1;
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |e| start + e);
        let line = text.get(start..end)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if matches!(
            classify_stamped(line).0,
            LineKind::Listener | LineKind::PgTrace(_)
        ) {
            return Some(start);
        }
        at = start;
    }
    None
}

impl<'t> Ctx<'t> {
    /// May `piece`, read from a fresh state, follow what this reader has read? Only when the
    /// state it leaves would not have changed the piece's reading.
    fn hands_over_to(&self, piece: &Ctx<'t>) -> bool {
        self.ctisvr.is_idle() && !(self.rttest.has_agent_head() && piece.rttest_before_head)
    }

    /// Takes `piece`'s reading after this one's: as if its records had come next.
    fn append(&mut self, mut piece: Ctx<'t>) {
        // The piece's first record (a listener or PG trace line) would have closed an open
        // `rttest` domain block and ended `opctest` output.
        self.rttest_flush();
        let shift = self.out.events.len();
        self.out.events.append(&mut piece.out.events);
        self.out.problems.append(&mut piece.out.problems);
        self.out.unrecognised.append(&mut piece.out.unrecognised);
        self.date_marks.append(&mut piece.date_marks);
        for (line, node) in std::mem::take(&mut piece.out.opc_nodes) {
            self.opc_node_from(line, node.as_deref());
        }
        piece.ctisvr.shift_pending(shift);
        self.ctisvr = piece.ctisvr;
        // An agent head stays until the next `rttest` command or agent line.
        self.rttest.follow(piece.rttest, piece.head_seen);
        self.dump = piece.dump;
    }
}
