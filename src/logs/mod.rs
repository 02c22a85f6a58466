//! Log readers: detect each record's kind, re-join wrapped records, parse into events.
//!
//! One pass over the text: `rejoin::records` yields borrowed records (wrapped ones re-joined),
//! `detect` has already said which kind each is, and the per-kind parsers turn them into `Event`s
//! that keep their input index and line range. Nothing is dropped: lines that match no kind are
//! listed in `unrecognised`, and malformed records give positioned `Problem`s. A large text is
//! read in pieces on several threads with the same result (`pieces`).
//!
//! Recognised shapes (no label needed; kinds can be mixed in one paste):
//! - listener: `YYYY-MM-DD HH:MM:SS.mmm GMT+hhmm <@> LEVEL <@> … <@> java.class <@> <@> message <@>`
//!   (`ARMLogger` `Sending|Received NAME -> bytes` → `Arm` via `cti::decode_text`;
//!   `AgentAvailabilityStatusHandler` → `Availability`; other classes → `Trace{function: class}`);
//! - PG traces: `[date ]HH:MM:SS:mmm <node>-ctisvr|opc …` (node and process in any case):
//!   `Trace: Function - k = v, …` / `Trace: Function: k=v …` / ctisvr `Session N: MsgType:NAME (K:v …)`
//!   and the per-skill-group `Session N: … AgentState:X` + `… ICMAgentID:…` pair; OPC `SetAgentState`
//!   → `StateChange`;
//! - `rttest` `Agent … (id, periph# n)` / `domain: … state = [xx-a:b,FLAGS], N secs` / skill-group
//!   lines → one `RouterStatus` per domain;
//! - `opctest`, `dump_agent`, `procmon`, `dagent` command lines (after any prompt): the command and
//!   every following unrecognised line until the next record of another kind are kept as raw `Trace`s;
//! - `Events from August 19, 2019` / `Date: 2019-08-19`-style header lines give dateless PG stamps a
//!   date (`date_inferred`); so does a dated listener line in the same input.
//!
//! Re-joining (for text hard-wrapped by a PDF or an e-mail): an unrecognised line continues the
//! record before it when that is a listener record whose header (9 `<@>`) is not complete yet, an
//! ARMLogger dump not closed by `<@>` (only digit/name-like lines), or — for other listener records and
//! PG traces — when the previous physical line was 40..=200 characters long (a clean record line is
//! longer) and, for PG traces, the line carries `=`, `:` or a leading `,`. Pieces are joined with one
//! space. Blank lines and `=====` separators end a record and are not counted as unrecognised.

pub mod ctisvr;
pub mod detect;
pub mod dumps;
pub mod fields;
pub mod listener;
pub mod node;
pub mod opc;
pub mod pieces;
pub mod rejoin;
pub mod rttest;

use crate::cti::Label;
use crate::model::{Date, Event, EventKind, Input, Origin, Problem, SourceKind, Timestamp};
use detect::LineKind;
use rejoin::Record;
use serde::{Deserialize, Serialize};

/// Everything the log readers found in the inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogParse {
    pub events: Vec<Event>,
    pub problems: Vec<Problem>,
    /// Lines (or re-joined records) that matched no known log kind; kept, never dropped.
    pub unrecognised: Vec<Origin>,
    /// `(line, node)`: from `line` on, the lines of OPC events name PG node `node` (`PG1A` of
    /// `PG1A-opc`; see [`node`]): where it changes, noted as the lines are read (events do not
    /// keep it, and the text may be freed before the report needs it).
    #[serde(default)]
    pub opc_nodes: Vec<(u32, Option<String>)>,
}

impl LogParse {
    /// How many lines matched no known kind ("23 lines not recognised").
    pub fn unrecognised_lines(&self) -> usize {
        self.unrecognised
            .iter()
            .map(|o| (o.end_line.saturating_sub(o.line) + 1) as usize)
            .sum()
    }
}

/// Parses every log record in `input` (index `input_index` in the user's list).
pub fn parse(input_index: usize, input: &Input) -> LogParse {
    parse_text(input_index, &input.text)
}

/// [`parse`] on a bare text (a large one in pieces on several threads, natively: [`pieces`]).
pub fn parse_text(input_index: usize, text: &str) -> LogParse {
    parse_text_telling(input_index, text, &|_| {}).0
}

/// [`parse_text`], telling `done` the byte ranges it has read for good as it goes (when it
/// reads in pieces; see [`pieces::parse_counted`]); with the text's line breaks when it counted
/// them (read in pieces, it counts them to number the pieces' lines).
pub fn parse_text_telling(
    input_index: usize,
    text: &str,
    done: &pieces::Done,
) -> (LogParse, Option<usize>) {
    #[cfg(not(target_arch = "wasm32"))]
    if text.len() >= pieces::PIECES_FROM {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 {
            let threads = cores.min(4);
            let c = pieces::parse_counted(input_index, text, threads, pieces::PIECE, done);
            return (c.parse, Some(c.line_breaks));
        }
    }
    #[cfg(target_arch = "wasm32")]
    let _ = done;
    (parse_in_one(input_index, text), None)
}

/// [`parse_text`] in one pass on this thread.
pub fn parse_in_one(input_index: usize, text: &str) -> LogParse {
    let mut ctx = Ctx::new(input_index, text);
    // At most one event per line: reserving about that avoids re-growing (and copying) a large
    // vector; untouched capacity costs no memory pages.
    ctx.out.events.reserve(estimate_lines(text).min(1 << 24));
    rejoin::records(text, |rec| ctx.record(rec));
    ctx.finish()
}

/// About how many lines `text` has (a little more, usually): the lines of its first 64 KiB
/// scaled to its length. Counting every line was a pass over the whole input of its own; a text
/// whose lines get shorter further on just grows the vector.
fn estimate_lines(text: &str) -> usize {
    const SAMPLE: usize = 64 * 1024;
    let b = text.as_bytes();
    let sample = &b[..b.len().min(SAMPLE)];
    let in_sample = memchr::memchr_iter(b'\n', sample).count() + 1;
    if sample.len() == b.len() {
        return in_sample;
    }
    // Scaled with 1/8 to spare (u64: no overflow for any text length).
    let scaled = (b.len() as u64 * in_sample as u64 / sample.len() as u64) * 9 / 8 + 16;
    usize::try_from(scaled).unwrap_or(usize::MAX)
}

/// One event a log reader found, for [`Ctx::push`] (the record gives its place).
pub struct NewEvent {
    pub source: SourceKind,
    pub time: Option<Timestamp>,
    pub ids: Ids,
    pub kind: EventKind,
}

/// The ids an event carries, each when the record names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ids {
    pub invoke_id: Option<u32>,
    pub agent_id: Option<u32>,
    pub mrd_id: Option<u32>,
}

impl Ids {
    /// No id at all.
    pub const NONE: Ids = Ids {
        invoke_id: None,
        agent_id: None,
        mrd_id: None,
    };
}

/// Parser state shared by the per-kind readers while one input is read.
pub struct Ctx<'t> {
    pub input: usize,
    pub text: &'t str,
    pub out: LogParse,
    /// After an `opctest`/`procmon` command: its output lines follow.
    dump: Option<dumps::DumpMode>,
    pub(crate) rttest: rttest::State,
    pub(crate) ctisvr: ctisvr::State,
    /// Dates printed in headers (`Events from August 19, 2019`), by line.
    date_marks: Vec<(u32, Date)>,
    /// Scratch for a record's `(key, value)` pairs, emptied between records (see `fields::recycle`).
    pub(crate) pairs: Vec<(&'static str, &'static str)>,
    /// Names and texts too long to keep inline, shared by every event that uses them (see
    /// [`Ctx::shared`]).
    names: std::collections::HashSet<Label, BuildFx>,
    /// An `rttest` command or agent line was read (see [`pieces`]).
    head_seen: bool,
    /// An `rttest` domain or skill-group line came before any of them.
    rttest_before_head: bool,
}

impl<'t> Ctx<'t> {
    fn new(input: usize, text: &'t str) -> Self {
        Ctx {
            input,
            text,
            out: LogParse::default(),
            dump: None,
            rttest: rttest::State::default(),
            ctisvr: ctisvr::State::default(),
            date_marks: Vec::new(),
            pairs: Vec::with_capacity(16),
            names: Default::default(),
            head_seen: false,
            rttest_before_head: false,
        }
    }

    /// A trace function or command name as a [`Label`]: inline when short; a longer one (the
    /// CTI server's `ProcessMakeAgentRoutableInd`) is allocated once per input and shared.
    pub fn name(&mut self, s: &str) -> Label {
        self.shared(s)
    }

    /// A text that repeats verbatim through a log (a name, a listener availability line) as a
    /// [`Label`]: inline when short; a longer one is allocated once per input and shared by
    /// every event that carries it.
    pub fn shared(&mut self, s: &str) -> Label {
        /// Distinct long texts kept; past that (a text of ever-new ones) each is its own copy.
        const MAX_NAMES: usize = 4096;
        if s.len() <= Label::INLINE {
            return Label::new(s);
        }
        // Looked up before a copy is made: a known name costs no allocation.
        if let Some(n) = self.names.get(s) {
            return n.clone();
        }
        let l = Label::new(s);
        if self.names.len() < MAX_NAMES {
            self.names.insert(l.clone());
        }
        l
    }

    pub fn origin(&self, rec: &Record) -> Origin {
        Origin {
            input: u32::try_from(self.input).unwrap_or(u32::MAX),
            line: rec.first,
            end_line: rec.last,
        }
    }

    /// A problem at a record; `at` is a byte offset into the record text (mapped into the input when
    /// the record is a single line).
    pub fn problem(&mut self, rec: &Record, at: Option<usize>, message: String) {
        let offset = match at {
            Some(a) if !rec.is_joined() => Some(rec.offset + a),
            _ => None,
        };
        self.out.problems.push(Problem {
            input: self.input,
            line: Some(rec.first),
            offset,
            message,
        });
    }

    pub fn unrecognised(&mut self, rec: &Record) {
        let o = self.origin(rec);
        self.out.unrecognised.push(o);
    }

    /// Adds the event `e` read from record `rec`; returns its index.
    pub fn push(&mut self, rec: &Record, e: NewEvent) -> usize {
        let origin = self.origin(rec);
        let Ids {
            invoke_id,
            agent_id,
            mrd_id,
        } = e.ids;
        self.out.events.push(Event::new(
            e.source, e.time, origin, invoke_id, agent_id, mrd_id, e.kind,
        ));
        self.out.events.len() - 1
    }

    fn record(&mut self, rec: Record<'t>) {
        if rec.kind != LineKind::RttestSkillGroup {
            self.rttest_flush();
        }
        match rec.kind {
            LineKind::RttestCommand | LineKind::RttestAgent => self.head_seen = true,
            LineKind::RttestDomain | LineKind::RttestSkillGroup if !self.head_seen => {
                self.rttest_before_head = true
            }
            _ => {}
        }
        match rec.kind {
            LineKind::Blank | LineKind::Separator => {}
            LineKind::Listener => {
                self.dump = None;
                listener::parse(self, &rec);
            }
            LineKind::PgTrace(SourceKind::Opc) => {
                self.dump = None;
                let before = self.out.events.len();
                opc::parse(self, &rec);
                if self.out.events.len() > before {
                    self.note_opc_node(&rec);
                }
            }
            LineKind::PgTrace(_) => {
                self.dump = None;
                ctisvr::parse(self, &rec);
            }
            LineKind::RttestCommand
            | LineKind::RttestAgent
            | LineKind::RttestDomain
            | LineKind::RttestSkillGroup => {
                if self.dump.is_some() && rec.kind == LineKind::RttestSkillGroup {
                    dumps::output(self, &rec);
                } else {
                    self.dump = None;
                    rttest::line(self, &rec);
                }
            }
            LineKind::DumpCommand(k) => dumps::command(self, &rec, k),
            LineKind::DateHeader(d) => self.date_marks.push((rec.first, d)),
            LineKind::Other => {
                if self.dump.is_some() {
                    dumps::output(self, &rec);
                } else {
                    self.unrecognised(&rec);
                }
            }
        }
    }

    /// Notes the node the first line of `rec` (an OPC record that gave events) names, when it
    /// is not the one noted last.
    fn note_opc_node(&mut self, rec: &Record) {
        let line = self.text.get(rec.offset..).unwrap_or("");
        let line = &line[..memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len())];
        self.opc_node_from(rec.first, node::node_in(line, "opc"));
    }

    /// Notes that from line `first` on, OPC lines name `node` (when the last note said another).
    fn opc_node_from(&mut self, first: u32, node: Option<&str>) {
        if self.out.opc_nodes.last().map(|(_, n)| n.as_deref()) != Some(node) {
            self.out.opc_nodes.push((first, node.map(String::from)));
        }
    }

    fn rttest_flush(&mut self) {
        if self.rttest.has_open_domain() {
            rttest::flush(self);
        }
    }

    fn finish(mut self) -> LogParse {
        self.rttest_flush();
        infer_dates(&mut self.out.events, &mut self.date_marks);
        self.out
    }
}

/// Dateless times take the date of the nearest dated line before them in the same input (or, if
/// none precedes, the first one after), marked `date_inferred`.
fn infer_dates(events: &mut [Event], marks: &mut Vec<(u32, Date)>) {
    if !events.iter().any(Event::is_dateless) {
        return;
    }
    marks.extend(events.iter().filter_map(|e| match e.time() {
        Some(Timestamp {
            date: Some(d),
            date_inferred: false,
            ..
        }) => Some((e.origin.line, d)),
        _ => None,
    }));
    if marks.is_empty() {
        return;
    }
    // Stable, and the event marks come in line order: one run to merge with the header marks.
    marks.sort_by_key(|m| m.0);
    // Of marks in a row with the same date only the first is needed: the last mark at or before
    // a line and the first of its row give the same date.
    marks.dedup_by_key(|m| m.1);
    let marks: &[(u32, Date)] = marks;
    // Two halves at once for a large text (each event's date depends only on the marks).
    let at_once = events.len() >= crate::par::AT_ONCE_FROM_EVENTS;
    crate::par::halves_mut(at_once, events, |_, half| {
        // `next` = how many marks are at or before `line` (events mostly come in line order).
        let (mut next, mut line) = (0, 0);
        for e in half.iter_mut() {
            if !e.is_dateless() {
                continue;
            }
            let Some(mut t) = e.time() else {
                continue;
            };
            let l = e.origin.line;
            if l < line || next == 0 {
                next = marks.partition_point(|m| m.0 <= l);
            } else {
                while marks.get(next).is_some_and(|m| m.0 <= l) {
                    next += 1;
                }
            }
            line = l;
            let d = marks[next.saturating_sub(1)].1;
            t.date = Some(d);
            t.date_inferred = true;
            e.set_time(Some(t));
        }
    });
}

/// FxHash (rustc's): a multiply-rotate hash, much cheaper than SipHash on short names; the set
/// it serves is per input and capped, so hash flooding costs at most a slower parse.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type BuildFx = std::hash::BuildHasherDefault<Fx>;

pub(crate) use crate::ascii::{trim, trim_end, trim_start};

/// Parses `12`, `0x1392b`, `70518(0x11376)`; `None` when the text is not a number.
pub fn parse_u64(v: &str) -> Option<u64> {
    // Most values are plain decimal digits: read them without trimming (at most 19 digits
    // cannot overflow a u64).
    let d = v.as_bytes();
    if !d.is_empty() && d.len() <= 19 {
        // One pass: read while the bytes are digits.
        let mut n = 0u64;
        let mut digits = true;
        for &c in d {
            let x = c.wrapping_sub(b'0');
            if x > 9 {
                digits = false;
                break;
            }
            n = n * 10 + u64::from(x);
        }
        if digits {
            return Some(n);
        }
    }
    let b = v.trim().as_bytes();
    // `70518(0x11376)`: the number before the parenthesis.
    let b = match b.iter().position(|&c| c == b'(') {
        Some(p) if p > 0 => &b[..p],
        _ => b,
    };
    let mut end = b.len();
    while end > 0 && b[end - 1] == b' ' {
        end -= 1;
    }
    let b = &b[..end];
    if b.is_empty() {
        return None;
    }
    if b.len() > 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
        let mut n: u64 = 0;
        for &c in &b[2..] {
            let d = (c as char).to_digit(16)? as u64;
            n = n.checked_mul(16)?.checked_add(d)?;
        }
        return Some(n);
    }
    let mut n: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    Some(n)
}

/// Like [`parse_u64`] but signed (`CurLine=-1`).
pub fn parse_i64(v: &str) -> Option<i64> {
    if v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        // Not signed (and not blank in front): `parse_u64` trims the rest itself.
        return parse_u64(v).and_then(|x| i64::try_from(x).ok());
    }
    let t = v.trim();
    if let Some(n) = t.strip_prefix('-') {
        parse_u64(n).and_then(|x| i64::try_from(x).ok()).map(|x| -x)
    } else {
        parse_u64(t).and_then(|x| i64::try_from(x).ok())
    }
}

pub fn parse_u32(v: &str) -> Option<u32> {
    parse_u64(v).and_then(|x| u32::try_from(x).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random short texts of blanks (ASCII and Unicode), letters, `<@>` and CRs.
    fn blank_heavy_texts(seed: u64) -> impl Iterator<Item = String> {
        let parts = [
            " ", "\t", "a", "é", "\u{a0}", "\u{2003}", "<@>", "\r", "x y", "",
        ];
        let mut rng = crate::ascii::TestRng(seed);
        (0..20_000).map(move |_| {
            let x = rng.next();
            let mut s = String::new();
            let mut y = x;
            for _ in 0..(x % 7) {
                s.push_str(parts[(y % parts.len() as u64) as usize]);
                y /= parts.len() as u64;
            }
            s
        })
    }

    #[test]
    fn quick_trim_is_str_trim() {
        for s in blank_heavy_texts(0x2545_f491_4f6c_dd1d) {
            assert_eq!(trim(&s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn quick_trim_start_is_str_trim_start() {
        for s in blank_heavy_texts(0x9E37_79B9_7F4A_7C15) {
            assert_eq!(trim_start(&s), s.trim_start(), "{s:?}");
        }
    }

    #[test]
    fn quick_trim_end_is_str_trim_end() {
        for s in blank_heavy_texts(0x2545_f491_4f6c_dd1d) {
            assert_eq!(trim_end(&s), s.trim_end(), "{s:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_u32("0x1392b"), Some(80171));
        assert_eq!(parse_u32(" 70518(0x11376)"), Some(70518));
        assert_eq!(parse_u32("12x"), None);
        assert_eq!(parse_i64("-1"), Some(-1));
        assert_eq!(parse_u32(""), None);
    }

    /// `infer_dates` before the linear walk: a binary search of every mark for each event.
    fn infer_dates_reference(events: &mut [Event], marks: &mut Vec<(u32, Date)>) {
        for e in events.iter() {
            if let Some(Timestamp {
                date: Some(d),
                date_inferred: false,
                ..
            }) = e.time()
            {
                marks.push((e.origin.line, d));
            }
        }
        if marks.is_empty() {
            return;
        }
        marks.sort_by_key(|m| m.0);
        for e in events.iter_mut() {
            if let Some(mut t) = e.time() {
                if t.date.is_none() {
                    let i = marks.partition_point(|m| m.0 <= e.origin.line);
                    t.date = Some(if i > 0 { marks[i - 1].1 } else { marks[0].1 });
                    t.date_inferred = true;
                    e.set_time(Some(t));
                }
            }
        }
    }

    #[test]
    fn dates_inferred_as_by_binary_search() {
        let mut rng = crate::ascii::TestRng(0x9E37_79B9_7F4A_7C15);
        let mut next = |n: u64| rng.next() % n;
        let date = |d: u64| Date {
            year: 2019,
            month: 8,
            day: 1 + d as u8,
        };
        for _ in 0..2000 {
            let mut events = Vec::new();
            let mut line = 1 + next(3) as u32;
            for _ in 0..next(30) {
                // Mostly in line order, sometimes back (rttest flushes, pending sessions).
                line = if next(8) == 0 {
                    1 + next(60) as u32
                } else {
                    line + next(3) as u32
                };
                let time = match next(4) {
                    0 => None,
                    1 => Some(Timestamp {
                        date: None,
                        date_inferred: false,
                        ms_of_day: 0,
                        zone: crate::model::Zone::Unknown,
                    }),
                    _ => Some(Timestamp {
                        date: Some(date(next(3))),
                        date_inferred: next(5) == 0,
                        ms_of_day: 0,
                        zone: crate::model::Zone::Unknown,
                    }),
                };
                events.push(Event::new(
                    SourceKind::Ctisvr,
                    time,
                    Origin {
                        input: 0,
                        line,
                        end_line: line,
                    },
                    None,
                    None,
                    None,
                    EventKind::Availability {
                        text: Label::default(),
                    },
                ));
            }
            let headers: Vec<(u32, Date)> = (0..next(3))
                .map(|_| (1 + next(60) as u32, date(next(3))))
                .collect();
            let (mut a, mut b) = (events.clone(), events);
            infer_dates(&mut a, &mut headers.clone());
            infer_dates_reference(&mut b, &mut headers.clone());
            assert_eq!(a, b);
        }
    }

    #[test]
    fn unrecognised_lines_are_counted_and_blank_lines_are_not() {
        let p = parse_text(0, "hello\n\n=====\nworld\n");
        assert_eq!(p.unrecognised_lines(), 2);
        assert!(p.events.is_empty());
    }
}
