//! The report's JSON written as it is made: byte for byte what `serde_json::to_writer_pretty`
//! writes of the [`Report`](crate::report::Report), without making the report's event records or holding
//! its text (hundreds of MB for 100 MiB of logs).
//!
//! The events and the groups (nearly all of the text) are written here field by field, in the
//! order and the layout of their serde models; the other parts, and each event's decoded ARM
//! message, go through `serde_json` with its pretty layout started at the right depth. The test
//! below and `tests/report_golden.rs` hold the two to the same bytes.

use crate::analysis::correlate::{Kinds, HOW_EXACT, HOW_INFERRED};
use crate::analysis::{write_detail, Analysis, DetailOut};
use crate::ascii::{eight_digits, SMALL_DECIMAL};
use crate::cti::{self, Label};
use crate::model::{Event, EventKind, SourceKind};
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

impl Analysis {
    /// Writes the report's JSON (what `serde_json::to_writer_pretty` writes of
    /// [`Analysis::into_report`], byte for byte) as it is made: nothing of its size is held.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        write_report(self, w)
    }
}

/// serde_json's `PrettyFormatter` (two spaces a level), starting `depth` levels in.
struct Indented {
    current_indent: usize,
    has_value: bool,
}

fn indent<W: ?Sized + Write>(w: &mut W, n: usize) -> io::Result<()> {
    const SPACES: &[u8; 64] = &[b' '; 64];
    let mut n = 2 * n;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

impl Indented {
    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.current_indent += 1;
        self.has_value = false;
        w.write_all(bracket)
    }
    /// `]` or `}`: on its own line after a value, right after the bracket when empty.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.current_indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.current_indent)?;
        }
        w.write_all(bracket)
    }
    /// Before an array value or an object key: a new line (after a comma), indented.
    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.current_indent)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The output, buffered: written on to the caller's writer a block at a time (or, without a
/// writer, a block of events made on a helper thread).
struct Out<'w> {
    buf: Vec<u8>,
    w: Option<&'w mut dyn Write>,
    /// Long program texts (address and length) found to need no escape: a decoded message's
    /// framing note is one of a few, written for every ARM record.
    clean_statics: [(usize, usize); 4],
    next_static: usize,
}

impl<'w> Out<'w> {
    fn new(buf: Vec<u8>, w: Option<&'w mut dyn Write>) -> Self {
        Out {
            buf,
            w,
            clean_statics: [(0, 0); 4],
            next_static: 0,
        }
    }
}

const BLOCK: usize = 1 << 16;

/// What serde_json writes for each byte inside a string: 0 for the byte itself, else the letter
/// of its escape (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = b'u';
        c += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// How many leading bytes of `b` need no escape: eight bytes a step while none of them does
/// (nearly every string), the last step overlapping the one before (no byte-by-byte tail);
/// shorter texts byte by byte.
#[inline]
fn clean_run(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `zero(v)` that is zero in `v`: exact for the lowest such byte
    // (what is read here), possibly not above it.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    // The flags of the eight bytes at `at` (their high bits).
    let flags = |at: usize| -> u64 {
        let Some(w) = b.get(at..at + 8) else {
            return 0;
        };
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // Bytes below 0x20: (x & 0xE0…) has a zero byte; quotes and backslashes by equality.
        zero(x & 0xE0E0_E0E0_E0E0_E0E0)
            | zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')))
    };
    let n = b.len();
    if n < 8 {
        return b
            .iter()
            .position(|&c| ESCAPE[usize::from(c)] != 0)
            .unwrap_or(n);
    }
    let mut at = 0;
    while at + 8 <= n {
        let found = flags(at);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    if at < n {
        // The last eight bytes: those before `at` are clean, so a flag is at or after it.
        let found = flags(n - 8);
        if found != 0 {
            return n - 8 + (found.trailing_zeros() / 8) as usize;
        }
    }
    n
}

/// Newline then `2 × level` spaces, for every level a report reaches.
const NEWLINE_INDENT: &[u8; 65] =
    b"\n                                                                ";

impl Out<'_> {
    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }
    fn flush(&mut self) -> io::Result<()> {
        if let Some(w) = self.w.as_mut() {
            w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    #[inline(always)]
    fn raw(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }
    /// A line break and the indent of `level`.
    #[inline]
    fn line(&mut self, level: usize) {
        match NEWLINE_INDENT.get(..1 + 2 * level) {
            Some(s) => self.buf.extend_from_slice(s),
            None => {
                self.buf.push(b'\n');
                let _ = indent(&mut self.buf, level);
            }
        }
    }
    /// A JSON string, escaped as serde_json escapes it.
    #[inline]
    fn string(&mut self, s: &str) {
        self.string_bytes(s.as_bytes());
    }
    /// [`Out::string`] of a text's bytes (valid UTF-8: a `str`'s, a label's).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn string_bytes(&mut self, b: &[u8]) {
        self.buf.reserve(b.len() + 2);
        self.buf.push(b'"');
        // Nearly every text needs no escape: copied at once; the others escaped out of line.
        if clean_run(b) == b.len() {
            self.buf.extend_from_slice(b);
        } else {
            self.escaped(b);
        }
        self.buf.push(b'"');
    }
    /// The inside of a JSON string: runs that need no escape copied at once, each other byte
    /// escaped.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, b: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut start = 0;
        loop {
            let at = start + clean_run(b.get(start..).unwrap_or(&[]));
            let Some(&c) = b.get(at) else { break };
            self.buf.extend_from_slice(b.get(start..at).unwrap_or(&[]));
            match ESCAPE[usize::from(c)] {
                b'u' => self.buf.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 0xF)],
                ]),
                e => self.buf.extend_from_slice(&[b'\\', e]),
            }
            start = at + 1;
        }
        self.buf.extend_from_slice(b.get(start..).unwrap_or(&[]));
    }
    /// A label as a JSON string, from its bytes (a long program text checked for escapes once).
    #[inline]
    fn label(&mut self, l: &Label) {
        if let Some(s) = l.as_static().filter(|s| s.len() >= 64) {
            let key = (s.as_ptr() as usize, s.len());
            let clean = self.clean_statics.contains(&key) || {
                let clean = clean_run(s.as_bytes()) == s.len();
                if clean {
                    self.clean_statics[self.next_static % 4] = key;
                    self.next_static = self.next_static.wrapping_add(1);
                }
                clean
            };
            if clean {
                self.buf.reserve(s.len() + 2);
                self.buf.push(b'"');
                self.buf.extend_from_slice(s.as_bytes());
                self.buf.push(b'"');
                return;
            }
        }
        self.string_bytes(l.as_bytes());
    }
    fn opt_label(&mut self, l: Option<&Label>) {
        match l {
            Some(l) => self.label(l),
            None => self.raw(b"null"),
        }
    }
    // Inline in the CLI, where the report is most of the time; the page's build stays small.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn uint(&mut self, n: u64) {
        if n < 1000 {
            // Three bytes copied (a fixed size: no call), the unused ones cut off.
            let (len, d) = SMALL_DECIMAL[n as usize];
            let end = self.buf.len() + usize::from(len);
            self.buf.extend_from_slice(&d);
            self.buf.truncate(end);
        } else {
            match u32::try_from(n) {
                Ok(x) if x < 100_000_000 => self.digits(x),
                _ => self.uint_large(n),
            }
        }
    }
    /// [`Out::uint`] of 10⁸ and more (a time axis's milliseconds): eight digits at a time from
    /// the right, what leads first (out of line: the usual numbers' path stays short).
    #[inline(never)]
    fn uint_large(&mut self, n: u64) {
        let rest = n / 100_000_000;
        match u32::try_from(rest) {
            Ok(x) if x < 100_000_000 => self.digits(x),
            _ => {
                self.digits((rest / 100_000_000) as u32);
                self.eight((rest % 100_000_000) as u32);
            }
        }
        self.eight((n % 100_000_000) as u32);
    }
    /// `x` (below 10⁸) without leading zeros: one word copied, the unused bytes cut off.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn digits(&mut self, x: u32) {
        let (word, len) = eight_digits(x);
        let end = self.buf.len() + len;
        self.buf
            .extend_from_slice(&(word >> (8 * (8 - len))).to_le_bytes());
        self.buf.truncate(end);
    }
    /// `x` (below 10⁸) in exactly eight digits.
    #[inline]
    fn eight(&mut self, x: u32) {
        self.buf.extend_from_slice(&eight_digits(x).0.to_le_bytes());
    }
    fn int(&mut self, n: i64) {
        if n < 0 {
            self.buf.push(b'-');
        }
        self.uint(n.unsigned_abs());
    }
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn opt_uint(&mut self, n: Option<u64>) {
        match n {
            Some(n) => self.uint(n),
            None => self.raw(b"null"),
        }
    }
    /// `"name": ` as the `first` or a later field of an object whose fields are at `level`
    /// (names are plain ASCII: nothing to escape).
    #[inline]
    fn key(&mut self, level: usize, first: bool, name: &str) {
        if !first {
            self.buf.push(b',');
        }
        self.line(level);
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }
    /// Any serializable value, laid out as it would be with its key at `level`.
    fn value<T: Serialize + ?Sized>(&mut self, level: usize, v: &T) -> io::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut self.buf,
            Indented {
                current_indent: level,
                has_value: false,
            },
        );
        v.serialize(&mut ser).map_err(io::Error::from)
    }
    /// An array whose opening bracket is on a line at `level`, each item written by `item` at
    /// `level + 1`.
    fn array<T>(&mut self, level: usize, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.raw(b"[]");
            return;
        }
        self.buf.push(b'[');
        for (n, x) in items.iter().enumerate() {
            if n > 0 {
                self.buf.push(b',');
            }
            self.line(level + 1);
            item(self, x);
        }
        self.line(level);
        self.buf.push(b']');
    }
    /// An array of numbers whose opening bracket is on a line at `level`.
    fn uints(&mut self, level: usize, v: impl ExactSizeIterator<Item = u64>) {
        if v.len() == 0 {
            self.raw(b"[]");
            return;
        }
        self.buf.push(b'[');
        for (n, x) in v.enumerate() {
            if n > 0 {
                self.buf.push(b',');
            }
            self.line(level + 1);
            self.uint(x);
        }
        self.line(level);
        self.buf.push(b']');
    }
    /// An array of bytes (a dump, a field's raw bytes) whose opening bracket is on a line at
    /// `level`: each element is a fixed-size copy of one line template with its digits.
    fn bytes(&mut self, level: usize, b: &[u8]) {
        // `,\n`, the indent, up to three digits; for the levels a report reaches.
        const T: usize = 32;
        let ind = 2 * (level + 1);
        if b.is_empty() || 2 + ind + 3 > T {
            self.uints(level, b.iter().map(|&x| u64::from(x)));
            return;
        }
        let mut t = [b' '; T];
        t[0] = b',';
        t[1] = b'\n';
        let at = 2 + ind;
        self.buf.push(b'[');
        self.line(level + 1);
        self.uint(u64::from(b[0]));
        for &x in &b[1..] {
            let (len, d) = SMALL_DECIMAL[usize::from(x)];
            t[at..at + 3].copy_from_slice(&d);
            let end = self.buf.len() + at + usize::from(len);
            self.buf.extend_from_slice(&t);
            self.buf.truncate(end);
        }
        self.line(level);
        self.buf.push(b']');
    }
}

/// Writes `a`'s report (see [`Analysis::write_json`]).
pub fn write_report(a: &Analysis, w: &mut dyn Write) -> io::Result<()> {
    let t = &a.timeline;
    let mut o = Out::new(Vec::with_capacity(BLOCK + BLOCK / 2), Some(w));
    o.raw(b"{");
    o.key(1, true, "report_version");
    o.uint(u64::from(crate::report::REPORT_VERSION));
    o.key(1, false, "inputs");
    o.value(1, &a.inputs)?;
    o.key(1, false, "verdict");
    o.value(1, &a.verdict)?;
    o.key(1, false, "verdicts");
    o.value(1, &a.verdicts)?;
    o.key(1, false, "versions");
    o.value(1, &a.versions)?;
    o.key(1, false, "findings");
    o.value(1, &a.findings)?;
    o.key(1, false, "collect_next");
    o.value(1, &a.collect_next)?;
    o.key(1, false, "entry_points");
    o.value(1, &a.entry_points)?;
    o.key(1, false, "har");
    o.value(1, &a.har)?;
    o.flush_if_full()?;

    o.key(1, false, "events");
    if t.events.is_empty() {
        o.raw(b"[]");
    } else {
        o.raw(b"[");
        in_blocks(&mut o, t.events.len(), BLOCK_EVENTS, &|first, end, buf| {
            events_block(a, first, end, buf)
        })?;
        o.line(1);
        o.raw(b"]");
    }

    o.key(1, false, "groups");
    if t.groups.is_empty() {
        o.raw(b"[]");
    } else {
        o.raw(b"[");
        in_blocks(&mut o, t.groups.len(), BLOCK_GROUPS, &|first, end, buf| {
            groups_block(a, first, end, buf)
        })?;
        o.line(1);
        o.raw(b"]");
    }

    o.key(1, false, "agents");
    o.value(1, &t.agents)?;
    o.key(1, false, "clock_offsets");
    o.value(1, &t.clock_offsets)?;
    o.key(1, false, "unrecognised_lines");
    o.uint(t.unrecognised_lines as u64);
    o.key(1, false, "dumps");
    o.value(1, &a.dumps)?;
    o.key(1, false, "ladder");
    o.value(1, &a.ladder)?;
    o.key(1, false, "problems");
    o.value(1, &a.problems)?;
    o.raw(b"\n}");
    o.flush()
}

/// Events per block of the events array (about 2 MB of JSON); small in tests, so that they go
/// through the helper thread.
#[cfg(not(test))]
const BLOCK_EVENTS: usize = 2048;
#[cfg(test)]
const BLOCK_EVENTS: usize = 50;

/// Groups per block of the groups array (about 1 MB of JSON; small in tests, as events).
#[cfg(not(test))]
const BLOCK_GROUPS: usize = 2048;
#[cfg(test)]
const BLOCK_GROUPS: usize = 20;

/// Room a block starts with: about what a block of events takes (a listener ARM record's is
/// larger); a block's buffer grows once to its size and is used again.
#[cfg(not(target_arch = "wasm32"))]
const BLOCK_BYTES: usize = BLOCK_EVENTS * 1024;

/// Events `first..end` as they stand in the `events` array (each after its separator), appended
/// to `buf`.
fn events_block(a: &Analysis, first: usize, end: usize, buf: Vec<u8>) -> Vec<u8> {
    let t = &a.timeline;
    let mut o = Out::new(buf, None);
    for i in first..end.min(t.events.len()) {
        if i > 0 {
            o.raw(b",");
        }
        o.line(2);
        event(
            &mut o,
            &t.events[i],
            t.axis_ms.at(i),
            t.group_of.get(i).copied().flatten(),
        );
    }
    o.buf
}

/// Groups `first..end` as they stand in the `groups` array (each after its separator), appended
/// to `buf`.
fn groups_block(a: &Analysis, first: usize, end: usize, buf: Vec<u8>) -> Vec<u8> {
    let t = &a.timeline;
    let mut o = Out::new(buf, None);
    for n in first..end.min(t.groups.len()) {
        let Some(g) = t.groups.get(n) else { break };
        if n > 0 {
            o.raw(b",");
        }
        o.line(2);
        group(&mut o, &t.kinds, g);
    }
    o.buf
}

/// Makes an array's elements from `n` items, `per` a block: `block(first, end, buf)` appends
/// items `first..end` to `buf`. With two cores or more (not in the browser), a helper thread
/// makes every other block while this one makes the others and writes them all in order: making
/// the events' and the groups' text is most of the report's time.
fn in_blocks(o: &mut Out, n: usize, per: usize, block: &Blocks) -> io::Result<()> {
    let blocks = n.div_ceil(per);
    #[cfg(not(target_arch = "wasm32"))]
    if blocks >= 4
        && std::thread::available_parallelism().is_ok_and(|p| p.get() >= 2)
        && o.w.is_some()
    {
        return in_parallel(o, blocks, per, block);
    }
    for k in 0..blocks {
        let buf = std::mem::take(&mut o.buf);
        o.buf = block(k * per, (k + 1) * per, buf);
        o.flush_if_full()?;
    }
    Ok(())
}

/// What [`in_blocks`] makes a block with.
type Blocks<'a> = dyn Fn(usize, usize, Vec<u8>) -> Vec<u8> + Sync + 'a;

#[cfg(not(target_arch = "wasm32"))]
fn in_parallel(o: &mut Out, blocks: usize, per: usize, block: &Blocks) -> io::Result<()> {
    use std::sync::mpsc::sync_channel;
    o.flush()?;
    let Some(w) = o.w.as_mut() else {
        return Ok(());
    };
    std::thread::scope(|scope| {
        // Blocks made by the helper, in order; their buffers come back to be used again.
        let (made, take) = sync_channel::<Vec<u8>>(1);
        let (give_back, reuse) = sync_channel::<Vec<u8>>(2);
        scope.spawn(move || {
            // Two buffers go round (one being made, one sent or being written): each grows to a
            // block's size once, instead of a fresh one growing (and being copied) per block.
            let mut made_buffers = 0;
            for k in (1..blocks).step_by(2) {
                let mut buf = match reuse.try_recv() {
                    Ok(b) => b,
                    Err(_) if made_buffers < 2 => {
                        made_buffers += 1;
                        Vec::with_capacity(BLOCK_BYTES)
                    }
                    // The writer stopped: nothing more to make.
                    Err(_) => match reuse.recv() {
                        Ok(b) => b,
                        Err(_) => return,
                    },
                };
                buf.clear();
                let buf = block(k * per, (k + 1) * per, buf);
                // The writer stopped (a closed pipe): nothing more to make.
                if made.send(buf).is_err() {
                    return;
                }
            }
        });
        let mut mine = Vec::with_capacity(BLOCK_BYTES);
        for k in 0..blocks {
            if k % 2 == 0 {
                mine.clear();
                mine = block(k * per, (k + 1) * per, mine);
                w.write_all(&mine)?;
            } else {
                let buf = take
                    .recv()
                    .map_err(|_| io::Error::other("the report's helper thread stopped"))?;
                w.write_all(&buf)?;
                let _ = give_back.try_send(buf);
            }
        }
        Ok(())
    })
}

/// `"name": ` after a line break and the indent of the level (`"      "`: level 3), preceded by
/// a comma unless it is the `first` field: one literal, written at once.
macro_rules! key {
    ($o:expr, first $indent:literal $name:literal) => {
        $o.raw(concat!("\n", $indent, "\"", $name, "\": ").as_bytes())
    };
    ($o:expr, $indent:literal $name:literal) => {
        $o.raw(concat!(",\n", $indent, "\"", $name, "\": ").as_bytes())
    };
}

/// The report's `detail` text, written as it is ([`event`] escapes it afterwards when it must).
impl DetailOut for Out<'_> {
    #[inline]
    fn text(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }
    #[inline]
    fn label(&mut self, l: &Label) {
        self.buf.extend_from_slice(l.as_bytes());
    }
    fn int(&mut self, n: i64) {
        Out::int(self, n);
    }
}

/// An event's `kind` (what [`Event::kind_str`] says) as a JSON string, from the bytes it is
/// kept in.
fn kind(o: &mut Out, e: &Event) {
    match &e.kind {
        EventKind::Trace { function, .. } => o.string_bytes(function.as_bytes()),
        _ => o.string(&e.kind_str()),
    }
}

/// One event as a `ReportEvent` (an element of `events`, at level 2; its fields at level 3).
fn event(o: &mut Out, e: &Event, axis_ms: Option<i64>, group: Option<u32>) {
    o.buf.reserve(1024);
    o.raw(b"{");
    key!(o, first "      " "source");
    o.raw(b"\"");
    o.raw(e.source.as_str().as_bytes());
    o.raw(b"\"");
    key!(o, "      " "kind");
    kind(o, e);
    key!(o, "      " "time");
    match e.time() {
        // Digits and separators: nothing to escape.
        Some(t) => {
            o.raw(b"\"");
            o.raw(t.display_text().as_bytes());
            o.raw(b"\"");
        }
        None => o.raw(b"null"),
    }
    key!(o, "      " "axis_ms");
    match axis_ms {
        Some(a) => o.int(a),
        None => o.raw(b"null"),
    }
    key!(o, "      " "invoke_id");
    o.opt_uint(e.invoke_id.map(u64::from));
    key!(o, "      " "agent_id");
    o.opt_uint(e.agent_id.map(u64::from));
    key!(o, "      " "mrd_id");
    o.opt_uint(e.mrd_id.map(u64::from));
    key!(o, "      " "input");
    o.uint(u64::from(e.origin.input));
    key!(o, "      " "line");
    o.uint(u64::from(e.origin.line));
    key!(o, "      " "end_line");
    o.uint(u64::from(e.origin.end_line));
    // An ARM record's message, decoded once for its detail and its own record.
    let decoded = match &e.kind {
        EventKind::Arm { message, .. } => Some(message.decode()),
        _ => None,
    };
    key!(o, "      " "detail");
    o.raw(b"\"");
    // Written as it is, then checked once (a detail rarely needs an escape): cheaper than
    // escaping each of its pieces.
    let start = o.buf.len();
    write_detail(e, decoded.as_ref(), o);
    let written = o.buf.get(start..).unwrap_or(&[]);
    if clean_run(written) < written.len() {
        let text = o.buf.split_off(start);
        o.escaped(&text);
    }
    o.raw(b"\"");
    key!(o, "      " "group");
    o.opt_uint(group.map(u64::from));
    if let Some(m) = &decoded {
        key!(o, "      " "message");
        message(o, m);
    }
    o.raw(b"\n    }");
}

/// A decoded message as serde writes `cti::Message`: the value of an event's `message` (its
/// fields at level 4).
fn message(o: &mut Out, m: &cti::Message) {
    o.raw(b"{");
    key!(o, first "        " "direction");
    o.raw(match m.direction {
        Some(cti::Direction::Sent) => b"\"sent\"",
        Some(cti::Direction::Received) => b"\"received\"",
        None => b"null",
    });
    key!(o, "        " "logged_name");
    o.opt_label(m.logged_name.as_ref());
    key!(o, "        " "type");
    o.opt_uint(m.type_number.map(u64::from));
    key!(o, "        " "name");
    o.opt_label(m.name.as_ref());
    key!(o, "        " "length");
    o.opt_uint(m.length.map(u64::from));
    key!(o, "        " "bytes");
    o.bytes(4, &m.bytes);
    key!(o, "        " "fields");
    o.array(4, &m.fields, field);
    key!(o, "        " "floating");
    o.array(4, &m.floating, floating);
    key!(o, "        " "framing");
    o.raw(match m.framing {
        Some(cti::Framing::OneByte) => b"\"one_byte\"",
        Some(cti::Framing::TwoByte) => b"\"two_byte\"",
        None => b"null",
    });
    key!(o, "        " "framing_note");
    o.opt_label(m.framing_note.as_ref());
    key!(o, "        " "problems");
    o.array(4, &m.problems, |o, p| {
        o.raw(b"{");
        key!(o, first "            " "offset");
        o.uint(p.offset as u64);
        key!(o, "            " "message");
        o.string(&p.message);
        o.raw(b"\n          }");
    });
    key!(o, "        " "text_span");
    o.uints(4, [m.text_span.0 as u64, m.text_span.1 as u64].into_iter());
    o.raw(b"\n      }");
}

fn confidence(c: crate::model::Confidence) -> &'static [u8] {
    match c {
        crate::model::Confidence::Confirmed => b"\"confirmed\"",
        crate::model::Confidence::Inferred => b"\"inferred\"",
        crate::model::Confidence::Unconfirmed => b"\"unconfirmed\"",
    }
}

/// A field's value (key at level 6).
fn value(o: &mut Out, v: &cti::Value) {
    match v {
        cti::Value::Int(n) => o.int(*n),
        cti::Value::Text(t) => o.string(t),
        cti::Value::Bytes(b) => o.bytes(6, b),
    }
}

/// A fixed field as serde writes `cti::Field` (an element of `fields`, at level 5; its fields
/// at level 6).
fn field(o: &mut Out, f: &cti::Field) {
    o.raw(b"{");
    key!(o, first "            " "name");
    o.label(&f.name);
    key!(o, "            " "type");
    o.raw(b"\"");
    o.raw(f.ty.as_str().as_bytes());
    o.raw(b"\"");
    key!(o, "            " "offset");
    o.uint(u64::from(f.offset));
    key!(o, "            " "size");
    o.uint(u64::from(f.size));
    key!(o, "            " "raw");
    o.bytes(6, &f.raw);
    key!(o, "            " "value");
    value(o, &f.value);
    key!(o, "            " "display");
    o.label(&f.display);
    key!(o, "            " "confidence");
    o.raw(confidence(f.confidence));
    if !f.alternatives.is_empty() {
        key!(o, "            " "alternatives");
        o.array(6, &f.alternatives, |o, a| {
            o.raw(b"{");
            key!(o, first "                " "reading");
            o.label(&a.reading);
            key!(o, "                " "values");
            o.label(&a.values);
            o.raw(b"\n              }");
        });
    }
    o.raw(b"\n          }");
}

/// A floating field as serde writes `cti::FloatingField` (an element of `floating`, at level 5).
fn floating(o: &mut Out, f: &cti::FloatingField) {
    o.raw(b"{");
    key!(o, first "            " "tag");
    o.uint(u64::from(f.tag));
    key!(o, "            " "name");
    o.opt_label(f.name.as_ref());
    key!(o, "            " "offset");
    o.uint(f.offset as u64);
    key!(o, "            " "length");
    o.uint(f.length as u64);
    key!(o, "            " "raw");
    o.bytes(6, &f.raw);
    key!(o, "            " "value");
    value(o, &f.value);
    key!(o, "            " "display");
    o.label(&f.display);
    key!(o, "            " "confidence");
    o.raw(confidence(f.confidence));
    o.raw(b"\n          }");
}

/// Whether `s` is written in a JSON string as it is (no quote, backslash or control byte).
const fn needs_no_escape(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x20 || b[i] == b'"' || b[i] == b'\\' {
            return false;
        }
        i += 1;
    }
    true
}

/// `"…"` of a text known when compiling, checked then to need no escape (the build fails if it
/// would).
const fn quoted<const N: usize>(s: &str) -> [u8; N] {
    assert!(needs_no_escape(s) && s.len() + 2 == N);
    let mut out = [b'"'; N];
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        out[i + 1] = b[i];
        i += 1;
    }
    out
}

/// The groups' `how`, as JSON strings.
const HOW_EXACT_JSON: &[u8] = &quoted::<{ HOW_EXACT.len() + 2 }>(HOW_EXACT);
const HOW_INFERRED_JSON: &[u8] = &quoted::<{ HOW_INFERRED.len() + 2 }>(HOW_INFERRED);

/// One group as a `Correlation` (an element of `groups`, at level 2; its fields at level 3).
fn group(o: &mut Out, kinds: &Kinds, g: crate::analysis::correlate::Group<'_>) {
    o.raw(b"{");
    key!(o, first "      " "kind");
    o.string(kinds.name(g.kind()));
    key!(o, "      " "invoke_ids");
    o.uints(3, g.invoke_ids().iter().map(|&x| u64::from(x)));
    key!(o, "      " "events");
    o.uints(3, g.events().iter().map(|&x| u64::from(x)));
    key!(o, "      " "sources");
    // The sources of the mask in `SourceKind` order (`sources_of`, without its vector).
    let mask = g.source_mask();
    let mut none = true;
    for s in SourceKind::ALL {
        if mask & (1 << (s as u16)) != 0 {
            o.raw(if none { b"[" } else { b"," });
            o.line(4);
            // A plain lower-case word (as each event's `source` is written).
            o.raw(b"\"");
            o.raw(s.as_str().as_bytes());
            o.raw(b"\"");
            none = false;
        }
    }
    if none {
        o.raw(b"[]");
    } else {
        o.line(3);
        o.raw(b"]");
    }
    key!(o, "      " "agent_id");
    o.opt_uint(g.agent_id().map(u64::from));
    key!(o, "      " "mrd_id");
    o.opt_uint(g.mrd_id().map(u64::from));
    key!(o, "      " "confidence");
    o.raw(if g.inferred() {
        b"\"inferred\""
    } else {
        b"\"confirmed\""
    });
    key!(o, "      " "how");
    o.raw(if g.inferred() {
        HOW_INFERRED_JSON
    } else {
        HOW_EXACT_JSON
    });
    key!(o, "      " "related");
    o.uints(3, g.related().iter().map(|&x| u64::from(x)));
    o.raw(b"\n    }");
}

#[cfg(test)]
mod tests {
    use crate::analysis::analysis_with_progress;
    use crate::model::Input;

    #[test]
    fn numbers_are_written_as_serde_writes_them() {
        let mut o = super::Out::new(Vec::new(), None);
        let mut rng = crate::ascii::TestRng(0x9E37_79B9_7F4A_7C15);
        let mut cases: Vec<i64> = vec![0, 9, 10, 99, 100, 999, 1000, 1001, 999_999, 1_000_000];
        cases.extend([i64::MAX, i64::MIN, -1, -1000, 1_566_219_600_007]);
        cases.extend((0..5000).map(|_| rng.next() as i64 >> (rng.next() % 64)));
        for n in cases {
            o.buf.clear();
            o.int(n);
            assert_eq!(
                String::from_utf8_lossy(&o.buf),
                serde_json::to_string(&n).unwrap()
            );
            o.buf.clear();
            o.uint(n as u64);
            assert_eq!(
                String::from_utf8_lossy(&o.buf),
                serde_json::to_string(&(n as u64)).unwrap()
            );
        }
        // Strings of every length around the eight-byte steps, escapes anywhere in them.
        let alphabet = [
            'a', '"', '\\', '\u{1}', '\u{1f}', ' ', '\u{7f}', 'é', '\n', '~', '→',
        ];
        let random: Vec<String> = (0..3000)
            .map(|_| {
                let len = (rng.next() % 40) as usize;
                (0..len)
                    .map(|_| match rng.next() % 4 {
                        0 => alphabet[(rng.next() % alphabet.len() as u64) as usize],
                        _ => 'x',
                    })
                    .collect()
            })
            .collect();
        for s in [
            "",
            "a\"b\\c\u{1}\u{1f}\u{7f}é\n\t\r\u{8}\u{c}",
            "12345678\"",
            "abcdefgh12345678",
        ]
        .into_iter()
        .chain(random.iter().map(String::as_str))
        {
            o.buf.clear();
            o.string(s);
            assert_eq!(
                String::from_utf8_lossy(&o.buf),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    /// The streamed JSON is the serde model's pretty JSON, on inputs of every kind.
    fn same_as_serde(inputs: &[Input]) {
        same_as_serde_with(inputs, &Default::default())
    }

    fn same_as_serde_with(inputs: &[Input], overrides: &crate::analysis::Overrides) {
        let a = analysis_with_progress(inputs, overrides, &mut |_| {});
        let mut streamed = Vec::new();
        a.write_json(&mut streamed).unwrap();
        let want = serde_json::to_string_pretty(&crate::analysis::analyze_with(inputs, overrides))
            .unwrap();
        let got = String::from_utf8(streamed).unwrap();
        if got != want {
            let at = got
                .bytes()
                .zip(want.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            panic!(
                "differs at byte {at}:\n got …{}…\nwant …{}…",
                &got[at.saturating_sub(80)..(at + 80).min(got.len())],
                &want[at.saturating_sub(80)..(at + 80).min(want.len())]
            );
        }
    }

    #[test]
    fn streamed_report_is_the_serde_report() {
        let seed: Vec<Input> = crate::sample::SEED
            .iter()
            .map(|(n, t)| Input::new(*n, *t))
            .collect();
        same_as_serde(&seed);
        same_as_serde(&[]);
        same_as_serde(&[Input::new("mix", crate::synth::log_mix_mb(1))]);
        same_as_serde(&[Input::new("har", crate::synth::har_mb(1))]);
        // Listener records whose messages have every part: two-byte floating fields, problems,
        // a raw (bytes) value, no logged name, bytes past what an event keeps inline.
        let head = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [x] <@> a <@> b <@> c <@> d <@> e <@> com.ipcc.listener.arm.ARMLogger <@> <@> ";
        let records: String = [
            "Sending MEDIA_LOGIN_REQ -> 0 0 0 29 0 0 0 -105 0 2 8 1 0 0 19 -120 0 0 19 -87 0 0 0 0 0 0 0 1 0 107 0 5 49 48 48 53 0",
            "Sending MEDIA_LOGIN_REQ -> 0 0 0 27 0 0 0 -105 0 2 8 1 0 0 19 -120 0 0 19 -87 0 0 0 0 0 0 0 1 107 5 49 48 48 53 0",
            "Sending WHATEVER -> 0 0 0 4 0 0 0 -1 1 2 3 4",
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 x -102",
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0",
            "Received  -> 0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0",
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2 0 0 0 0 0 0 0 0 9 9",
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0x00 0x00 0x00 0x10 0x00 0x00 0x00 0x9a 0 1 57 43",
        ]
        .iter()
        .map(|r| format!("{head}{r} <@>\n"))
        .collect();
        same_as_serde(&[Input::new("records", records)]);
        same_as_serde(&[
            Input::new("dump", "0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120"),
            Input::new("answer", r#"{"checkEligibility":{"responseType":1}}"#),
            Input::new(
                "mangled",
                include_str!("../../tests/golden/mix-mangled.log"),
            ),
            Input::new(
                "login",
                "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [x] <@> a <@> b <@> c <@> d <@> e <@> com.ipcc.listener.arm.ARMLogger <@> <@> Sending MEDIA_LOGIN_REQ -> 0 0 0 52 0 0 0 -105 0 2 8 1 0 0 19 -120 0 0 19 -87 0 0 0 1 0 0 0 0 0 0 19 -119 0 0 0 0 1 5 49 48 48 53 0 2 5 49 48 48 53 0 3 3 65 66 0 <@>\n2019-08-19 13:34:09.774 GMT+0000 <@> INFO <@> [x] <@> a <@> b <@> c <@> d <@> e <@> com.ipcc.listener.arm.ARMLogger <@> <@> Sending MEDIA_LOGIN_RESP -> 0 0 0 16 0 0 0 -102 0 1 57 43 <@>\n",
            ),
            Input::new(
                "odd",
                "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [x] <@> a <@> b <@> c <@> d <@> e <@> com.ipcc.listener.X <@> <@> \"quoted\" \\ tab\there é <@>\n15:34:09:841 cg1A-ctisvr Trace: Weird - K = \"v\", Z = \u{1}\n",
            ),
        ]);
        // What intake and the rule catalogue add to the report: a mixed paste (its parts), a
        // UTF-16 file and a skipped one (inputs' encoding and kind), a broken answer
        // (unreadable), given versions, per-entry-point verdicts and the collect-next list.
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                crate::sample::SEED[0]
                    .1
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let mut inputs = crate::intake::open("utf16.log", utf16, &Default::default());
        inputs.extend(crate::intake::open(
            "shot.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            &Default::default(),
        ));
        inputs.push(Input::new(
            "paste",
            format!(
                "{}\n{}\n{{\"checkEligibility\":{{\"responseType\":5}}}}\n",
                crate::sample::SEED[1].1.trim_end(),
                crate::synth::har_mb(0).trim_end()
            ),
        ));
        inputs.push(Input::new("broken", "{\"checkEligibility\": {\"respon"));
        assert_ne!(inputs[0].encoding, crate::model::Encoding::Utf8);
        assert!(inputs[1].skipped.is_some());
        let overrides = crate::analysis::Overrides {
            ece_version: Some("12.5".into()),
            icm_version: Some("11.6".into()),
            ..Default::default()
        };
        let r = crate::analysis::analyze_with(&inputs, &overrides);
        assert!(r.inputs[2].parts.len() > 1, "{:?}", r.inputs[2]);
        assert!(!r.verdicts.is_empty() && !r.collect_next.is_empty());
        same_as_serde_with(&inputs, &overrides);
        same_as_serde(&inputs);
    }
}
