//! One text → its parts: a HAR or an API answer anywhere in it, the logs or notes around them, bare ARM dumps.
//!
//! Detection decides each part's kind before anything is parsed. A JSON value is a part of its own
//! when it starts a line (or, for a HAR, wherever `{"log": {` stands) and is a HAR (`{"log": …}`,
//! also inside a JSON array `[{"log": …}, …]`) or an entry-point answer (`checkEligibility`,
//! `responseType` or `agentAvailability` as its first key or on its first line); at the very start
//! of a text any JSON object is an answer (or a HAR), as before. Other JSON inside logs stays logs. An XML answer (`<?xml`, `<checkEligibility`, `<agentAvailability`) at
//! the start of a line is one too. A value cut short runs to the end of the text: it is a HAR (or
//! an answer) that fails to read, with the reader's positioned error, never logs. The text between
//! values is logs, or bare ARM dumps when no line of it is a log record and it holds byte dumps.
//!
//! Parts tile the text in order: each has its byte range in the input, and the value itself
//! (`body`) inside it; the rest of a value's range is blank space, or the `[`, `,` and `]` of an
//! array around HARs. Line numbers stay those of the whole input.

use super::scan;
use crate::logs::detect::{classify as line_kind, LineKind};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What kind of evidence an input (or a part of one) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Har,
    ApiAnswer,
    Logs,
    /// Bare ARM byte dumps, no log record around them.
    ArmDump,
    Empty,
    /// Not read: binary, an archive past its limits, a member that is not evidence.
    Skipped,
}

impl InputKind {
    /// The report's string: `har`, `api_answer`, `logs`, `arm_dump`, `empty`, `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Har => "har",
            InputKind::ApiAnswer => "api_answer",
            InputKind::Logs => "logs",
            InputKind::ArmDump => "arm_dump",
            InputKind::Empty => "empty",
            InputKind::Skipped => "skipped",
        }
    }

    /// For people: `HAR capture`, `API answer` ...
    pub fn describe(self) -> &'static str {
        match self {
            InputKind::Har => "HAR capture",
            InputKind::ApiAnswer => "API answer",
            InputKind::Logs => "logs",
            InputKind::ArmDump => "ARM byte dumps",
            InputKind::Empty => "empty",
            InputKind::Skipped => "not read",
        }
    }
}

/// One part of an input's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: InputKind,
    /// The bytes of the input this part covers; the parts of a text tile it in order.
    pub range: Range<usize>,
    /// The HAR or answer itself, inside `range`; for logs, dumps and empty parts, `range`.
    pub body: Range<usize>,
    /// The 1-based line of the input on which `body` starts.
    pub first_line: u32,
    /// A HAR that starts the text was taken to end at the text's last `}` without scanning it
    /// (a HAR alone is the common case; scanning 100 MB to find its end cost half a read). A
    /// reader that then finds trailing characters means it ended earlier: split the text again
    /// with [`parts_exact`].
    pub end_unverified: bool,
}

impl Part {
    /// The 1-based line of the input on which `body` ends.
    pub fn last_line(&self, text: &str) -> u32 {
        let inner = text.get(self.body.clone()).unwrap_or("");
        let inner = inner.strip_suffix('\n').unwrap_or(inner);
        self.first_line + memchr::memchr_iter(b'\n', inner.as_bytes()).count() as u32
    }
}

/// Bytes of a value's start looked at to tell a HAR from an answer.
const HEAD: usize = 4096;

/// The parts of `text`, in order; one `Empty` part for a blank text. A HAR at the start of a
/// text that ends with `}` is taken to be the whole of it (see [`Part::end_unverified`]).
pub fn parts(text: &str) -> Vec<Part> {
    split(text, true)
}

/// [`parts`], with every value's end found by scanning it (for a HAR whose reader found more
/// after it).
pub fn parts_exact(text: &str) -> Vec<Part> {
    split(text, false)
}

/// Whether a HAR `part` that did not read is split exactly ([`parts_exact`]) and read again
/// before its error is told: when its end was taken on trust. It may have ended earlier, with
/// more after it — its reader's error then says "trailing characters" — or it may be a broken
/// value followed by a capture that reads (`{"log": {"entries": 5}}` and then a real export in
/// one paste), whose error is the broken one's. (A capture alone that does not read is read
/// twice: on the way to its error only.) Analysis and sanitizing ask the same question,
/// so both read the same parts.
pub fn split_again(part: &Part) -> bool {
    part.kind == InputKind::Har && part.end_unverified
}

fn split(text: &str, trust_last_brace: bool) -> Vec<Part> {
    let values = values(text, trust_last_brace);
    let b = text.as_bytes();
    let mut out: Vec<Part> = Vec::with_capacity(values.len() * 2 + 1);
    let mut lines = LineCounter::default();
    let mut cursor = 0;
    for (kind, body, end_unverified) in values {
        let gap = &text[cursor..body.start];
        let start = if is_blank(gap, b"[,]") {
            cursor
        } else {
            // The gap's trailing blank (and `[`, `,`) run joins the value from its first line start.
            let run = gap.len()
                - gap
                    .trim_end_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '[' | ',' | '\u{feff}')
                    })
                    .len();
            let run_start = body.start - run;
            let absorb = match memchr::memchr(b'\n', &b[run_start..body.start]) {
                Some(nl) => run_start + nl + 1,
                None => run_start,
            };
            out.push(stretch(text, cursor..absorb, &mut lines));
            absorb
        };
        // After the value: blanks, `,` and `]` up to the end of its line join it.
        let mut end = body.end;
        while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\r' | b',' | b']') {
            end += 1;
        }
        let end = match b.get(end) {
            Some(b'\n') => end + 1,
            None => end,
            Some(_) => body.end,
        };
        out.push(Part {
            kind,
            first_line: lines.line_at(text, body.start),
            range: start..end,
            body,
            end_unverified,
        });
        cursor = end;
    }
    if cursor < text.len() || out.is_empty() {
        let rest = &text[cursor..];
        match out.last_mut() {
            Some(last) if is_blank(rest, b"],") => last.range.end = text.len(),
            _ => out.push(stretch(text, cursor..text.len(), &mut lines)),
        }
    }
    out
}

/// The kind that names the whole input: its largest part's (by bytes of its value); `Empty` when
/// every part is.
pub fn main_kind(parts: &[Part]) -> InputKind {
    parts
        .iter()
        .filter(|p| p.kind != InputKind::Empty)
        .fold(None::<&Part>, |best, p| match best {
            Some(b) if b.body.len() >= p.body.len() => Some(b),
            _ => Some(p),
        })
        .map_or(InputKind::Empty, |p| p.kind)
}

/// The kind of a whole text (see [`main_kind`]).
pub fn classify(text: &str) -> InputKind {
    main_kind(&parts(text))
}

/// Counts lines forward as parts are made (each part's first line, in one pass over the text).
#[derive(Default)]
struct LineCounter {
    at: usize,
    line: u32,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, at: usize) -> u32 {
        if self.line == 0 {
            self.line = 1;
        }
        let from = self.at.min(at);
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[from..at]).count() as u32;
        self.at = at;
        self.line
    }
}

/// Text between values: empty, bare ARM dumps, or logs.
fn stretch(text: &str, range: Range<usize>, lines: &mut LineCounter) -> Part {
    let s = &text[range.clone()];
    let kind = if is_blank(s, b"") {
        InputKind::Empty
    } else if is_bare_dump(s) {
        InputKind::ArmDump
    } else {
        InputKind::Logs
    };
    Part {
        kind,
        first_line: lines.line_at(text, range.start),
        body: range.clone(),
        range,
        end_unverified: false,
    }
}

fn is_blank(s: &str, also: &[u8]) -> bool {
    s.chars().all(|c| {
        c.is_whitespace() || c == '\u{feff}' || (c.is_ascii() && also.contains(&(c as u8)))
    })
}

/// No line is a log record, and the dump finder sees at least one dump (`0 0 0 16 …`, hex, or a
/// `Sending NAME -> …` record without its listener header).
fn is_bare_dump(s: &str) -> bool {
    let record = s.lines().any(|l| {
        let k = line_kind(l);
        k.starts_record() && !matches!(k, LineKind::DateHeader(_))
    });
    !record && !crate::cti::dump::find_dumps(s).0.is_empty()
}

/// A value found: its kind, its byte range, and whether its end was taken on trust.
type Value = (InputKind, Range<usize>, bool);

/// The HARs and answers in `text`, in order, each with its value's byte range.
fn values(text: &str, trust_last_brace: bool) -> Vec<Value> {
    let b = text.as_bytes();
    let lead = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .len();
    let log_key = memchr::memmem::Finder::new(b"\"log\"");
    let mut out = Vec::new();
    let mut p = 0;
    // The next `{"log": {` at or after `p` (usize::MAX: none left).
    let mut next_har: Option<usize> = None;
    while p < b.len() {
        if next_har.is_none_or(|h| h != usize::MAX && h < p) {
            next_har = Some(har_start_from(text, &log_key, p).unwrap_or(usize::MAX));
        }
        let line = line_candidate(b, p).unwrap_or(usize::MAX);
        let c = line.min(next_har.unwrap_or(usize::MAX));
        if c == usize::MAX {
            break;
        }
        let found = value_at(text, &log_key, c, c == lead, trust_last_brace);
        match found.last() {
            Some((_, body, _)) => {
                p = body.end.max(c + 1);
                out.extend(found);
            }
            None => p = c + 1,
        }
    }
    out
}

/// The first byte at or after `p` that starts a line's text (after blanks) with `{`, `[` or `<`.
fn line_candidate(b: &[u8], mut p: usize) -> Option<usize> {
    if p > 0 && b.get(p - 1) != Some(&b'\n') {
        p += memchr::memchr(b'\n', b.get(p..)?)? + 1;
    }
    loop {
        let mut j = p;
        while j < b.len() {
            match b[j] {
                b' ' | b'\t' | b'\r' => j += 1,
                // A BOM (EF BB BF) before the text, as a paste from a file can have.
                0xef if b.get(j + 1..j + 3) == Some(b"\xbb\xbf") => j += 3,
                _ => break,
            }
        }
        if matches!(b.get(j), Some(b'{' | b'[' | b'<')) {
            return Some(j);
        }
        p = j + memchr::memchr(b'\n', b.get(j..)?)? + 1;
    }
}

/// Where the next `{` that opens `{"log": {` stands, at or after `p`.
fn har_start_from(text: &str, finder: &memchr::memmem::Finder, mut p: usize) -> Option<usize> {
    let b = text.as_bytes();
    loop {
        let k = p + finder.find(&b[p..])?;
        let before = text[..k].trim_end_matches([' ', '\t', '\r', '\n']);
        let after = text[k + 5..].trim_start_matches([' ', '\t', '\r', '\n']);
        if before.ends_with('{') && before.len() > p {
            if let Some(v) = after.strip_prefix(':') {
                if v.trim_start_matches([' ', '\t', '\r', '\n'])
                    .starts_with('{')
                {
                    return Some(before.len() - 1);
                }
            }
        }
        p = k + 1;
    }
}

/// The value(s) starting at byte `j`: one HAR or answer, the HARs of an array, or none
/// (`log_key` finds `"log"`, as it does for [`values`]).
fn value_at(
    text: &str,
    log_key: &memchr::memmem::Finder,
    j: usize,
    at_start: bool,
    trust_last_brace: bool,
) -> Vec<Value> {
    let b = text.as_bytes();
    let text_end = text.trim_end().len().max(j);
    let head = |at: usize| {
        let mut n = (at + HEAD).min(text.len());
        while !text.is_char_boundary(n) {
            n -= 1;
        }
        &text[at..n]
    };
    match b[j] {
        b'{' => {
            // The kind first, from the head: a line of logs that merely starts with `{` is never
            // scanned (scanning each such line to the text's end would be quadratic). A value
            // that is scanned either closes (its bytes are taken) or runs to the end.
            let h = head(j);
            let kind = if har_like(h, at_start) {
                InputKind::Har
            } else if at_start || answer_like(h) {
                InputKind::ApiAnswer
            } else {
                return vec![];
            };
            if trust_last_brace && at_start && kind == InputKind::Har && b[text_end - 1] == b'}' {
                return vec![(kind, j..text_end, true)];
            }
            let end = if kind == InputKind::Har {
                // Another capture's start inside this one (the literal `{"log": {` is never in
                // a capture's strings, where its quotes are escaped): this one was cut short and
                // the next follows it (a file cut short and then a whole one, in one paste). It
                // ends where the next begins, so the next is read, and the cut one is told
                // unreadable at its own end (before: the next was read as its content and lost).
                // A capture whose own objects held a `"log"` key with an object for its value
                // would be cut there too: no browser's export has one (none in samples/har/).
                // Its brackets are counted only up to the next start: each byte once, however
                // many cut captures follow each other (counted to the text's end for each,
                // 20,000 of them in 200 KB took 7 s).
                match har_start_from(text, log_key, j + 1) {
                    Some(next) => scan::json_end(&b[..next], j)
                        .unwrap_or_else(|| text[..next].trim_end().len().max(j + 1)),
                    None => scan::json_end(b, j).unwrap_or(text_end),
                }
            } else {
                scan::json_end(b, j).unwrap_or(text_end)
            };
            vec![(kind, j..end, false)]
        }
        b'[' => {
            let mut e = skip_blank(b, j + 1);
            if b.get(e) != Some(&b'{') || !har_like(head(e), false) {
                return vec![];
            }
            let mut out = Vec::new();
            loop {
                let Some(end) = scan::json_end(b, e) else {
                    out.push((InputKind::Har, e..text_end, false));
                    return out;
                };
                out.push((InputKind::Har, e..end, false));
                let n = skip_blank(b, end);
                if b.get(n) != Some(&b',') {
                    return out;
                }
                e = skip_blank(b, n + 1);
                if b.get(e) != Some(&b'{') {
                    return out;
                }
            }
        }
        b'<' => {
            let rest = &text[j..];
            let answer_root =
                |s: &str| s.starts_with("<checkEligibility") || s.starts_with("<agentAvailability");
            let is_answer = answer_root(rest)
                || (rest.starts_with("<?xml")
                    && (at_start
                        || head(j).contains("<checkEligibility")
                        || head(j).contains("<agentAvailability")));
            if !is_answer {
                return vec![];
            }
            let end = scan::xml_end(text, j).unwrap_or(text_end);
            vec![(InputKind::ApiAnswer, j..end, false)]
        }
        _ => vec![],
    }
}

fn skip_blank(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A HAR: `{` then `"log"` as the first key (a cut-short capture too); at the start of a text
/// also, as before, `"log"` with `"entries"`, `"version"` or `"creator"` near the start.
fn har_like(head: &str, loose: bool) -> bool {
    let first_key = head
        .strip_prefix('{')
        .map(|r| r.trim_start())
        .and_then(|r| r.strip_prefix("\"log\""))
        .is_some_and(|r| r.trim_start().starts_with(':'));
    first_key
        || (loose
            && head.contains("\"log\"")
            && (head.contains("\"entries\"")
                || head.contains("\"version\"")
                || head.contains("\"creator\"")))
}

/// An entry-point answer inside other text: one of its keys is the object's first key, or stands
/// on the object's first line (within 256 bytes). Cheap on purpose: every log line that starts
/// with `{` is asked.
fn answer_like(head: &str) -> bool {
    const KEYS: [&str; 3] = [
        "\"checkEligibility\"",
        "\"responseType\"",
        "\"agentAvailability\"",
    ];
    let first = head.strip_prefix('{').map_or("", str::trim_start);
    if KEYS.iter().any(|k| first.starts_with(k)) {
        return true;
    }
    let mut n = head.len().min(256);
    while !head.is_char_boundary(n) {
        n -= 1;
    }
    let line = head[..n].split('\n').next().unwrap_or("");
    KEYS.iter().any(|k| line.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// True when `e` (a HAR reader's error) says the JSON ended before the text did.
    fn ended_early(e: &crate::har::HarError) -> bool {
        e.expected.starts_with("trailing characters")
    }

    const HAR: &str = "{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"entries\": [{\"x\": \"a } ] \\\" {\"}]\n  }\n}";
    const LOG: &str = "15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=6420 OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE\n";
    const ANSWER: &str = "{\"checkEligibility\":{\"responseType\":1}}";

    /// `(kind, body text, first line)` of each part.
    fn shape(text: &str) -> Vec<(InputKind, &str, u32)> {
        let ps = parts(text);
        // The parts tile the text.
        let mut at = 0;
        for p in &ps {
            assert_eq!(p.range.start, at, "{ps:?}");
            assert!(
                p.range.start <= p.body.start && p.body.end <= p.range.end,
                "{ps:?}"
            );
            at = p.range.end;
        }
        assert_eq!(at, text.len(), "{ps:?}");
        ps.iter()
            .map(|p| (p.kind, &text[p.body.clone()], p.first_line))
            .collect()
    }

    #[test]
    fn a_whole_har_or_answer_is_one_part() {
        assert_eq!(shape(HAR), vec![(InputKind::Har, HAR, 1)]);
        let t = format!("\u{feff}\n{HAR}\r\n\n");
        assert_eq!(shape(&t), vec![(InputKind::Har, HAR, 2)]);
        assert_eq!(shape(ANSWER), vec![(InputKind::ApiAnswer, ANSWER, 1)]);
        // Any JSON at the very start is an answer, as before; `{}` too.
        assert_eq!(shape("{}"), vec![(InputKind::ApiAnswer, "{}", 1)]);
        assert_eq!(shape(LOG), vec![(InputKind::Logs, LOG, 1)]);
        assert_eq!(shape(" \n\t"), vec![(InputKind::Empty, " \n\t", 1)]);
        assert_eq!(shape(""), vec![(InputKind::Empty, "", 1)]);
        let xml = "<?xml version=\"1.0\"?><checkEligibility responseType=\"1\"/>";
        assert_eq!(shape(xml), vec![(InputKind::ApiAnswer, xml, 1)]);
    }

    #[test]
    fn a_har_after_a_note_or_logs_and_before_logs_is_found() {
        let t = format!("Here is the capture:\n{HAR}\n");
        assert_eq!(
            shape(&t),
            vec![
                (InputKind::Logs, "Here is the capture:\n", 1),
                (InputKind::Har, HAR, 2)
            ]
        );
        let t = format!("{LOG}{LOG}\n{HAR}\n\n{LOG}");
        assert_eq!(
            shape(&t),
            vec![
                (InputKind::Logs, &*format!("{LOG}{LOG}"), 1),
                (InputKind::Har, HAR, 4),
                (InputKind::Logs, &*format!("\n{LOG}"), 10),
            ]
        );
        // On the same line as a note.
        let t = format!("capture: {HAR} done");
        let s = shape(&t);
        assert_eq!(s[1], (InputKind::Har, HAR, 1));
        assert_eq!(s[2], (InputKind::Logs, " done", 6));
    }

    #[test]
    fn hars_inside_a_json_array_are_each_a_part() {
        let t = format!("[\n{HAR},\n  {HAR}\n]\n");
        let s = shape(&t);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0], (InputKind::Har, HAR, 2));
        assert_eq!(s[1].0, InputKind::Har);
        // An array of numbers (a dump) is no HAR.
        assert_eq!(classify("[0, 0, 0, 16, 0, 0, 0, -102]"), InputKind::ArmDump);
    }

    #[test]
    fn a_cut_short_har_is_a_har_to_the_end_never_logs() {
        let cut = &HAR[..HAR.len() - 12];
        let t = format!("{LOG}{cut}");
        assert_eq!(
            shape(&t),
            vec![(InputKind::Logs, LOG, 1), (InputKind::Har, cut, 2)]
        );
        assert_eq!(classify("{\"log\":{\"vers"), InputKind::Har);
    }

    #[test]
    fn answers_inside_logs_are_found_other_json_lines_stay_logs() {
        let t = format!("HTTP/1.1 200 OK\n\n{ANSWER}\n{LOG}");
        let s = shape(&t);
        assert_eq!(s[1], (InputKind::ApiAnswer, ANSWER, 3));
        assert_eq!(s[2], (InputKind::Logs, LOG, 4));
        let t = format!("{LOG}{{\"level\":\"info\",\"msg\":\"x\"}}\n{LOG}");
        assert_eq!(shape(&t), vec![(InputKind::Logs, &*t, 1)]);
        let xml = "<checkEligibility responseType=\"1\"/>";
        let t = format!("{LOG}{xml}\n{LOG}");
        assert_eq!(shape(&t)[1], (InputKind::ApiAnswer, xml, 2));
        // A listener record wrapped at its separator stays logs.
        let t = format!("{LOG}<@> INFO <@> x\n");
        assert_eq!(classify(&t), InputKind::Logs);
        // `"log"` inside a log line's JSON is no HAR.
        let t = format!("{LOG}payload={{\"log\":\"x\"}}\n");
        assert_eq!(shape(&t).len(), 1);
    }

    #[test]
    fn bare_dumps_are_told_before_parsing() {
        assert_eq!(
            classify("0 0 0 16 0 0 0 -102 0 1 57 43\n"),
            InputKind::ArmDump
        );
        assert_eq!(
            classify("Here is the dump:\n00 00 00 10 00 00 00 9a 00 01 39 2b\n"),
            InputKind::ArmDump
        );
        assert_eq!(
            classify(&format!("{LOG}0 0 0 16 0 0 0 -102\n")),
            InputKind::Logs
        );
        assert_eq!(classify("hello world\n"), InputKind::Logs);
    }

    #[test]
    fn log_lines_that_start_with_a_brace_stay_logs() {
        // Each is judged by its first key or line, never scanned to the end of the text (that
        // was quadratic: benches/intake.rs `parts/brace_lines` keeps the speed).
        let t = format!("{LOG}{}", "{ not json, a log line\n".repeat(1000));
        assert_eq!(shape(&t), vec![(InputKind::Logs, &*t, 1)]);
        let t = format!("{LOG}{{\"msg\":\"x\",\n\"responseType\": 1}}\n");
        assert_eq!(
            shape(&t).len(),
            1,
            "an answer key off its first line is not looked for"
        );
    }

    #[test]
    fn a_har_alone_is_not_scanned_and_one_followed_by_more_is_split_exactly() {
        let p = parts(HAR);
        assert_eq!(p.len(), 1);
        assert!(p[0].end_unverified);
        // Logs and an answer after it, the text still ending with `}`: taken as one HAR first
        // (its reader then finds trailing characters), split exactly on demand.
        let t = format!("{HAR}\n{LOG}{ANSWER}");
        assert_eq!(parts(&t).len(), 1);
        let exact = parts_exact(&t);
        let kinds: Vec<InputKind> = exact.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [InputKind::Har, InputKind::Logs, InputKind::ApiAnswer]
        );
        assert!(exact.iter().all(|p| !p.end_unverified));
        let e = crate::har::read_har_str(&t).unwrap_err();
        assert!(ended_early(&e), "{e:?}");
        // Not ending with `}`: scanned at once.
        assert_eq!(parts(&format!("{HAR}\n{LOG}")).len(), 2);
    }

    #[test]
    fn the_main_kind_is_the_largest_part() {
        assert_eq!(classify(&format!("note\n{HAR}")), InputKind::Har);
        assert_eq!(
            classify(&format!("{}{ANSWER}\n", LOG.repeat(3))),
            InputKind::Logs
        );
    }
}
