//! Text → bytes: finds the byte dumps in a pasted text and turns each into bytes.
//!
//! Two shapes are found:
//! * listener ARMLogger records, `Sending NAME -> b b b … <@>` / `Received NAME -> …`, even when a
//!   PDF or e-mail wrap put the name, the arrow and the bytes on different lines;
//! * bare runs of bytes: signed decimal (as the listener prints), unsigned decimal, hex with or
//!   without spaces or `0x`, wrapped over any number of lines.
//!
//! Hand-written scanning (no regex), every offset is a byte offset into the text.

use super::{Direction, TextProblem};
use crate::ascii::IDENT_BYTE;

/// One dump found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dump {
    pub bytes: Vec<u8>,
    /// Text span of each byte (start, end) — the token it was read from.
    pub byte_spans: Vec<(usize, usize)>,
    /// Text span of the whole dump: from `Sending`/`Received` for a record, else the first byte.
    pub span: (usize, usize),
    pub direction: Option<Direction>,
    pub logged_name: Option<String>,
    /// Read from a listener record (one record = one message), not a bare run.
    pub record: bool,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    s: &'a str,
    start: usize,
    end: usize,
    /// A line break lies between the previous token and this one.
    line_start: bool,
}

fn is_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '[' | ']' | '{' | '}' | '(' | ')' | '|')
}

/// Splits the text into tokens; `->` and `<@>` are always tokens of their own.
fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut line_start = true;
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if is_sep(c) {
            if c == '\n' {
                line_start = true;
            }
            i += c.len_utf8();
            continue;
        }
        // a token: up to the next separator, but `->` / `<@>` cut it.
        let start = i;
        let mut j = i;
        while j < b.len() {
            let Some(c) = text[j..].chars().next() else {
                break;
            };
            if is_sep(c) {
                break;
            }
            let rest = &text[j..];
            if rest.starts_with("->") || rest.starts_with("<@>") {
                if j == start {
                    j += if rest.starts_with("->") { 2 } else { 3 };
                }
                break;
            }
            j += c.len_utf8();
        }
        // A minus sign that a wrap (or a copy) cut from its digits ("… 0 -" then "102 …") is one
        // token again: `-` plus the spaces and the digits that follow.
        if &text[start..j] == "-" {
            let digits = j + b[j..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                .count();
            let end = digits
                + b[digits..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
            let ends_there = text[end..].chars().next().is_none_or(is_sep);
            if end > digits && ends_there {
                j = end;
            }
        }
        toks.push(Tok {
            s: &text[start..j],
            start,
            end: j,
            line_start,
        });
        line_start = false;
        i = j;
    }
    toks
}

fn is_hex_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_hexdigit())
}

fn strip_0x(s: &str) -> Option<&str> {
    s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))
}

/// A decimal number with an optional sign.
fn parse_dec(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        // (whitespace after the sign only in a token re-joined by `tokenize`)
        Some(b'-') => (true, s[1..].trim_start()),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Could this token be (part of) a byte dump?
fn is_candidate(s: &str) -> bool {
    if parse_dec(s).is_some() {
        return true;
    }
    if let Some(h) = strip_0x(s) {
        return is_hex_digits(h);
    }
    // hex digits with a digit in them, or a two-letter byte such as `FF` / `9a`-less `ab`
    is_hex_digits(s) && (s.bytes().any(|c| c.is_ascii_digit()) || s.len() == 2)
}

/// A candidate made of letters only (`FF`, but also the word `be`): never starts a bare run.
fn is_letters_only(s: &str) -> bool {
    s.bytes().all(|c| c.is_ascii_alphabetic())
}

/// About how many bytes a dump token holds (1, or digits/2 for hex run together).
fn token_bytes(s: &str) -> usize {
    let h = strip_0x(s).unwrap_or(s);
    if h.len() > 3 && is_hex_digits(h) {
        h.len() / 2
    } else {
        1
    }
}

/// Looks like a garbled number (a typo inside a dump) rather than a word.
fn is_numeric_ish(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == b'-')
        && !s.contains(':')
        && !s.contains('=')
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

fn is_marker(s: &str) -> Option<Direction> {
    if s.eq_ignore_ascii_case("sending") {
        Some(Direction::Sent)
    } else if s.eq_ignore_ascii_case("received") {
        Some(Direction::Received)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Dec,
    Hex,
}

/// Decides how a dump's tokens are written.
fn detect_base(toks: &[Tok<'_>]) -> Base {
    let nums: Vec<&str> = toks
        .iter()
        .map(|t| t.s)
        .filter(|s| is_candidate(s))
        .collect();
    if nums
        .iter()
        .any(|s| strip_0x(s).is_some() || s.bytes().any(|c| c.is_ascii_alphabetic()))
    {
        return Base::Hex;
    }
    if nums
        .iter()
        .any(|s| s.starts_with('-') || s.starts_with('+'))
    {
        return Base::Dec;
    }
    if nums.iter().any(|s| s.len() > 3) {
        return Base::Hex;
    }
    if !nums.is_empty() && nums.iter().all(|s| s.len() == 2) {
        return Base::Hex;
    }
    if nums.iter().any(|s| s.len() == 3) {
        return Base::Dec;
    }
    // Only 1–2 digit numbers: take the reading whose header length matches the byte count.
    let fits = |base| {
        let (bytes, _, probs) = to_bytes(toks, base);
        probs.is_empty()
            && bytes.len() >= 8
            && bytes
                .get(0..4)
                .map(|h| u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize)
                == Some(bytes.len() - 8)
    };
    if !fits(Base::Dec) && fits(Base::Hex) {
        Base::Hex
    } else {
        Base::Dec
    }
}

/// Converts a dump's tokens to bytes in the given base. Returns bytes, their text spans and problems.
fn to_bytes(toks: &[Tok<'_>], base: Base) -> (Vec<u8>, Vec<(usize, usize)>, Vec<TextProblem>) {
    let mut bytes = Vec::new();
    let mut spans = Vec::new();
    let mut probs = Vec::new();
    match base {
        Base::Dec => {
            for t in toks {
                match parse_dec(t.s) {
                    Some(v) if (-128..=255).contains(&v) => {
                        bytes.push(v as u8); // two's complement for -128..-1, as Java prints bytes
                        spans.push((t.start, t.end));
                    }
                    Some(v) => probs.push(TextProblem {
                        offset: t.start,
                        message: format!("{v} is out of the byte range -128..255"),
                    }),
                    None => probs.push(TextProblem {
                        offset: t.start,
                        message: format!("'{}' is not a byte", t.s),
                    }),
                }
            }
        }
        Base::Hex => {
            let digits_of = |s: &'_ str| -> Option<String> {
                let h = strip_0x(s).unwrap_or(s);
                is_hex_digits(h).then(|| h.to_string())
            };
            let run = toks
                .iter()
                .any(|t| digits_of(t.s).is_some_and(|d| d.len() > 2));
            if run {
                // Digits run together (maybe wrapped anywhere): pair them up across tokens.
                let mut pending: Option<(u8, usize)> = None;
                let mut count = 0usize;
                for t in toks {
                    let Some(d) = digits_of(t.s) else {
                        probs.push(TextProblem {
                            offset: t.start,
                            message: format!("'{}' is not a byte", t.s),
                        });
                        continue;
                    };
                    let first = t.start + if strip_0x(t.s).is_some() { 2 } else { 0 };
                    for (k, c) in d.bytes().enumerate() {
                        let nib = hex_val(c);
                        count += 1;
                        match pending.take() {
                            None => pending = Some((nib, first + k)),
                            Some((hi, at)) => {
                                bytes.push(hi << 4 | nib);
                                spans.push((at, first + k + 1));
                            }
                        }
                    }
                }
                if let Some((_, at)) = pending {
                    probs.push(TextProblem {
                        offset: at,
                        message: format!(
                            "odd number of hex digits ({count}): the last digit has no partner and is ignored"
                        ),
                    });
                }
            } else {
                for t in toks {
                    match digits_of(t.s) {
                        Some(d) => {
                            let v = d.bytes().fold(0u8, |a, c| a << 4 | hex_val(c));
                            bytes.push(v);
                            spans.push((t.start, t.end));
                        }
                        None => probs.push(TextProblem {
                            offset: t.start,
                            message: format!("'{}' is not a byte", t.s),
                        }),
                    }
                }
            }
        }
    }
    (bytes, spans, probs)
}

fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// The common listener record on one line, `Sending NAME -> b b … b` with single-spaced signed
/// decimal bytes (at least one negative, so the base is decimal), read without the general
/// tokenizer. `None` for anything else (the general path then reads it, to the same result).
fn simple_record(text: &str) -> Option<Dump> {
    let mut byte_spans = Vec::with_capacity(text.len() / 2);
    let (direction, name, bytes, end) = simple_scan(text, Some(&mut byte_spans))?;
    Some(Dump {
        bytes,
        byte_spans,
        span: (0, end),
        direction: Some(direction),
        logged_name: Some(name.to_string()),
        record: true,
    })
}

/// A one-line listener record read as [`simple_record`] does: direction, logged name, bytes
/// and the end of the last byte. `None` when it is not that shape.
pub(crate) fn simple_record_bytes(text: &str) -> Option<(Direction, &str, Vec<u8>, usize)> {
    simple_scan(text, None)
}

/// The scan behind [`simple_record`]; each byte's span goes to `spans` when asked for.
fn simple_scan<'t>(
    text: &'t str,
    spans: Option<&mut Vec<(usize, usize)>>,
) -> Option<(Direction, &'t str, Vec<u8>, usize)> {
    let b = text.as_bytes();
    let word_end = b.iter().position(|&c| c == b' ')?;
    let direction = match &b[..word_end] {
        b"Sending" => Direction::Sent,
        b"Received" => Direction::Received,
        w => is_marker(std::str::from_utf8(w).ok()?)?,
    };
    let mut i = word_end;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let name_start = i;
    while b.get(i).is_some_and(|&c| IDENT_BYTE[usize::from(c)]) {
        i += 1;
    }
    let name = &text[name_start..i];
    if name.is_empty() || !name.bytes().any(|c| c.is_ascii_alphabetic()) || b.get(i) != Some(&b' ')
    {
        return None;
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if b.get(i..i + 2) != Some(b"->") {
        return None;
    }
    i += 2;
    let body = &b[i..];
    // Each byte takes a space and a digit. (Copying into a vector of the exact length from a
    // stack buffer was tried: it made the parse of the 100 MiB mix bimodal, half the runs 60%
    // slower, and the drop twice as slow.)
    let mut bytes = Vec::with_capacity(body.len() / 2);
    let end = scan_bytes(body, i, spans, &mut bytes)?;
    Some((direction, name, bytes, end))
}

/// Reads ` b b … b` (each byte one or more spaces, then `-` and 1 to 3 digits or 1 to 3 digits, in
/// -128..=255; spaces may trail) onto `out`. `base` is the offset of `body` in the text; returns
/// the end of the last byte, or `None` unless every byte reads and at least one is negative.
fn scan_bytes(
    body: &[u8],
    base: usize,
    mut spans: Option<&mut Vec<(usize, usize)>>,
    out: &mut Vec<u8>,
) -> Option<usize> {
    let len = body.len();
    let mut k = 0;
    let mut negative = false;
    let mut end = None;
    loop {
        // Most bytes are one digit between single spaces (`0 0 0 16 …`).
        if let Some(&[b' ', c, b' ']) = body.get(k..k + 3) {
            if c.is_ascii_digit() {
                out.push(c - b'0');
                if let Some(s) = spans.as_deref_mut() {
                    s.push((base + k + 1, base + k + 2));
                }
                k += 2;
                end = Some(base + k);
                continue;
            }
        }
        let sep = k;
        while k < len && body[k] == b' ' {
            k += 1;
        }
        if k == len {
            break;
        }
        if k == sep {
            return None;
        }
        let start = k;
        let minus = body[k] == b'-';
        k += usize::from(minus);
        negative |= minus;
        let digits = k;
        let mut v = 0u32;
        while k < len {
            let d = body[k].wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            v = v * 10 + u32::from(d);
            k += 1;
            if k - digits > 3 {
                return None;
            }
        }
        if k == digits || (k < len && body[k] != b' ') {
            return None;
        }
        // -128..=255; Java prints -128..-1 for the bytes 128..255 (two's complement)
        let v = if minus {
            if v > 128 {
                return None;
            }
            (v as u8).wrapping_neg()
        } else {
            u8::try_from(v).ok()?
        };
        out.push(v);
        if let Some(s) = spans.as_deref_mut() {
            s.push((base + start, base + k));
        }
        end = Some(base + k);
    }
    let end = end?;
    negative.then_some(end)
}

/// Finds and converts every dump in `text`.
pub fn find_dumps(text: &str) -> (Vec<Dump>, Vec<TextProblem>) {
    if let Some(d) = simple_record(text) {
        return (vec![d], Vec::new());
    }
    find_dumps_general(text)
}

fn find_dumps_general(text: &str) -> (Vec<Dump>, Vec<TextProblem>) {
    let toks = tokenize(text);
    let mut used = vec![false; toks.len()];
    let mut dumps = Vec::new();
    let mut problems = Vec::new();

    // 1. listener records
    let mut i = 0;
    while i < toks.len() {
        let Some(dir) = is_marker(toks[i].s) else {
            i += 1;
            continue;
        };
        let Some((name, arrow)) = record_name(&toks, i + 1) else {
            i += 1;
            continue;
        };
        let mut j = arrow + 1;
        let mut body: Vec<Tok<'_>> = Vec::new();
        while let Some(t) = toks.get(j) {
            if t.s == "<@>"
                || t.s == "->"
                || is_marker(t.s).is_some() && record_name(&toks, j + 1).is_some()
            {
                break;
            }
            if !is_candidate(t.s) && (t.line_start || looks_like_date(t.s)) {
                break;
            }
            body.push(*t);
            j += 1;
        }
        for u in used.iter_mut().take(j).skip(i) {
            *u = true;
        }
        let base = detect_base(&body);
        let (bytes, byte_spans, probs) = to_bytes(&body, base);
        problems.extend(probs);
        let end = body.last().map(|t| t.end).unwrap_or(toks[arrow].end);
        dumps.push(Dump {
            bytes,
            byte_spans,
            span: (toks[i].start, end),
            direction: Some(dir),
            logged_name: Some(name),
            record: true,
        });
        i = j;
    }

    // 2. bare runs among the remaining tokens; hex-dump offset and ASCII columns are not bytes
    let skip = dump_columns(&toks, &used);
    let mut used_before = Vec::with_capacity(toks.len() + 1);
    let mut n_used = 0usize;
    for u in &used {
        used_before.push(n_used);
        n_used += usize::from(*u);
    }
    used_before.push(n_used);
    let free: Vec<usize> = (0..toks.len()).filter(|&k| !used[k] && !skip[k]).collect();
    let only_numbers = free
        .iter()
        .all(|&k| is_candidate(toks[k].s) || is_numeric_ish(toks[k].s));
    let mut k = 0;
    while k < free.len() {
        let t = toks[free[k]];
        if !is_candidate(t.s) || is_letters_only(t.s) {
            k += 1;
            continue;
        }
        let mut run = vec![t];
        let mut hex_run = t.s.len() > 3 && is_hex_digits(t.s);
        let mut approx = token_bytes(t.s);
        // declared end (header + MessageLength) once the run has a header; 0 = not a header
        let mut declared: Option<usize> = None;
        let mut m = k + 1;
        while m < free.len() {
            let idx = free[m];
            // a record in between ends the run (skipped dump columns do not)
            if used_before[idx] != used_before[free[m - 1] + 1] {
                break;
            }
            let u = toks[idx];
            // in digits run together (`0000001B…`), a wrap can leave a piece of letters only (`A`)
            if is_candidate(u.s) || (hex_run && is_hex_digits(u.s)) {
                hex_run |= u.s.len() > 3 && is_hex_digits(u.s);
                approx += token_bytes(u.s);
                run.push(u);
                m += 1;
                continue;
            }
            // a garbled number between numbers on the same line stays in the run (reported)
            let next_ok = free
                .get(m + 1)
                .is_some_and(|&n| n == idx + 1 && is_candidate(toks[n].s) && !toks[n].line_start);
            if is_numeric_ish(u.s) && !u.line_start && next_ok {
                run.push(u);
                m += 1;
                continue;
            }
            // a word inside a dump that has not reached its declared length yet (reported)
            if declared.is_none() && approx >= 8 {
                let (b, _, _) = to_bytes(&run, detect_base(&run));
                declared = Some(match (looks_like_header(&b), b.get(0..4)) {
                    (true, Some(l)) => 8 + u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize,
                    _ => 0,
                });
            }
            if !u.line_start && next_ok && declared.is_some_and(|d| approx < d) {
                run.push(u);
                m += 1;
                continue;
            }
            break;
        }
        let base = detect_base(&run);
        let (bytes, byte_spans, probs) = to_bytes(&run, base);
        if only_numbers || looks_like_header(&bytes) {
            problems.extend(probs);
            let span = (
                run[0].start,
                run.last().map(|t| t.end).unwrap_or(run[0].end),
            );
            dumps.push(Dump {
                bytes,
                byte_spans,
                span,
                direction: None,
                logged_name: None,
                record: false,
            });
        }
        k = m;
    }
    dumps.sort_by_key(|d| d.span.0);
    problems.sort_by_key(|p| p.offset);
    (dumps, problems)
}

/// Marks the offset column and the ASCII column of hex-dump lines (Wireshark `0010  00 9a …  ..`,
/// xxd `00000010: 0000 009a  ....`): a line that starts with a hex offset (multiple of 16, 4+
/// digits, optional `:`) followed by hex groups of 2 or 4 digits; at most 16 bytes are taken,
/// the rest of the line is text.
fn dump_columns(toks: &[Tok<'_>], used: &[bool]) -> Vec<bool> {
    let mut skip = vec![false; toks.len()];
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k];
        let off = t.s.strip_suffix(':').unwrap_or(t.s);
        let is_offset = t.line_start
            && !used[k]
            && off.len() >= 4
            && off.len() <= 8
            && is_hex_digits(off)
            && u32::from_str_radix(off, 16).is_ok_and(|v| v % 16 == 0);
        if !is_offset {
            k += 1;
            continue;
        }
        let mut j = k + 1;
        let mut bytes = 0;
        while let Some(g) = toks.get(j) {
            if g.line_start || used[j] || !is_hex_digits(g.s) || !(g.s.len() == 2 || g.s.len() == 4)
            {
                break;
            }
            if bytes + g.s.len() / 2 > 16 {
                break;
            }
            bytes += g.s.len() / 2;
            j += 1;
        }
        if bytes == 0 {
            k += 1;
            continue;
        }
        skip[k] = true;
        while let Some(g) = toks.get(j) {
            if g.line_start {
                break;
            }
            skip[j] = true;
            j += 1;
        }
        k = j;
    }
    skip
}

/// After `Sending`/`Received` at `at`: the message name and the index of the `->` token.
/// A wrap may have split the name (`MAKE_AGENT_` / `READY_IND`, or mid-word at a fixed column):
/// up to three pieces are joined when the joint name is in the catalogue or the split is at `_`.
fn record_name(toks: &[Tok<'_>], at: usize) -> Option<(String, usize)> {
    let first = toks.get(at)?;
    if !is_ident(first.s) || !first.s.bytes().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut pieces = vec![first.s];
    let mut k = at + 1;
    while pieces.len() < 3 {
        match toks.get(k) {
            Some(t) if is_ident(t.s) => {
                pieces.push(t.s);
                k += 1;
            }
            _ => break,
        }
    }
    // the arrow may follow any prefix of the pieces
    for n in (1..=pieces.len()).rev() {
        if toks.get(at + n).map(|t| t.s) != Some("->") {
            continue;
        }
        let name = pieces[..n].concat();
        let at_underscores = pieces[..n]
            .windows(2)
            .all(|w| w[0].ends_with('_') || w[1].starts_with('_'));
        if n == 1 || at_underscores || super::catalog::type_number(&name).is_some() {
            return Some((name, at + n));
        }
    }
    None
}

/// A bare run found inside other text is taken as a dump only if it starts like a CTI message:
/// a MessageLength within the protocol's 12 500-byte maximum and a small MessageType. This keeps
/// number lists (URLs, CSV, hashes) from being read as messages.
fn looks_like_header(b: &[u8]) -> bool {
    let (Some(l), Some(t)) = (b.get(0..4), b.get(4..8)) else {
        return false;
    };
    let len = u32::from_be_bytes([l[0], l[1], l[2], l[3]]);
    let ty = u32::from_be_bytes([t[0], t[1], t[2], t[3]]);
    len <= 12_500 && ty < 1024
}

/// `2019-08-19`: the start of the next log record.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Dump {
        let (d, p) = find_dumps(text);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(d.len(), 1, "{d:?}");
        d.into_iter().next().unwrap()
    }

    #[test]
    fn reads_every_notation() {
        let want = vec![0, 0, 0, 8, 0, 0, 0, 0x98, 0, 2, 8, 1, 0, 0, 0, 0];
        assert_eq!(one("0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0").bytes, want);
        assert_eq!(one("0 0 0 8 0 0 0 152 0 2 8 1 0 0 0 0").bytes, want);
        assert_eq!(
            one("00 00 00 08 00 00 00 98 00 02 08 01 00 00 00 00").bytes,
            want
        );
        assert_eq!(
            one("0x00 0x00 0x00 0x08 0x00 0x00 0x00 0x98 0x00 0x02 0x08 0x01 0 0 0 0").bytes,
            want
        );
        assert_eq!(one("00000008000000980002080100000000").bytes, want);
        assert_eq!(one("0000000800\n0000980002\n080100000000").bytes, want);
        assert_eq!(
            one("[0, 0, 0, 8, 0, 0, 0, -104, 0, 2, 8, 1, 0, 0, 0, 0]").bytes,
            want
        );
    }

    #[test]
    fn a_minus_sign_cut_from_its_digits_is_one_byte() {
        let clean = "0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1";
        for cut in [
            "0 0 0 14 0 0 0 -\n99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1",
            "0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 - 120 0 0 25 20 0 1",
        ] {
            let (d, p) = find_dumps(cut);
            assert!(p.is_empty(), "{cut:?}: {p:?}");
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].bytes, find_dumps(clean).0[0].bytes, "{cut:?}");
        }
        let (_, p) = find_dumps("0 0 0 14 0 0 0 -\n199 0 1 57 44 0 0 19 -120 0 0 25 20 0 1");
        assert!(!p.is_empty(), "{p:?}");
        assert_eq!(p[0].message, "-199 is out of the byte range -128..255");
    }

    #[test]
    fn a_word_inside_a_bare_dump_is_reported() {
        let text = "0 0 0 8 0 0 0 -104 0 2 8 1 oops 0 0 0 0 and then some words";
        let (d, p) = find_dumps(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].bytes.len(), 16);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].offset, text.find("oops").unwrap());
        assert_eq!(p[0].message, "'oops' is not a byte");
    }

    #[test]
    fn number_lists_in_other_text_are_not_dumps() {
        let text = "Segments%3d730,2247,2743,3285,9496,9779,9781,9803,9853,10381,16113 and 1 2 3 4 5 6 7 8 9";
        let (d, p) = find_dumps(text);
        assert!(d.is_empty(), "{d:?}");
        assert!(p.is_empty(), "{p:?}");
        // but a dump beside words is found
        let (d, _) = find_dumps("here: 0 0 0 4 0 0 0 5 0 0 0 1 (heartbeat)");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn reads_hex_dumps_with_offset_and_ascii_columns() {
        let ws = "0000   00 00 00 0e 00 00 00 9d 00 01 39 2c 00 00 13 88   ..........9,....\n\
                  0010   00 00 19 14 00 01                                 ......";
        let d = one(ws);
        assert_eq!(d.bytes.len(), 22);
        assert_eq!(d.bytes[7], 0x9d);
        assert_eq!(d.bytes[21], 1);
        let xxd = "00000000: 0000 000e 0000 009d 0001 392c 0000 1388  ..........9,....\n\
                   00000010: 0000 1914 0001                           ......";
        assert_eq!(one(xxd).bytes, d.bytes);
    }

    #[test]
    fn record_name_cut_mid_word() {
        let d = one("Received MEDIA_LOG\nIN_RE\nSP -> 0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0 <@>");
        assert_eq!(d.logged_name.as_deref(), Some("MEDIA_LOGIN_RESP"));
        assert_eq!(d.direction, Some(Direction::Received));
        // words that do not make a message name are not a record
        let (d, _) = find_dumps("Sending some words -> 0 0 0 4 0 0 0 5 0 0 0 1");
        assert_eq!(d.len(), 1);
        assert!(!d[0].record);
    }

    #[test]
    fn record_with_wrapped_name_and_arrow() {
        let d = one("x <@> Sending\nMAKE_AGENT_\nREADY_IND\n-> 0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19\n-120 0 0 25 20 0 1 <@>\n2019-08-19 13:34:09.774");
        assert_eq!(d.logged_name.as_deref(), Some("MAKE_AGENT_READY_IND"));
        assert_eq!(d.direction, Some(Direction::Sent));
        assert_eq!(d.bytes.len(), 22);
        assert!(d.record);
    }

    #[test]
    fn simple_records_read_as_the_general_path_does() {
        let texts = [
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 44 0 0 19 -120 0 0 19 -119 0 0 0 2",
            "Received MEDIA_LOGIN_RESP -> 0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0",
            "SENDING  X1  ->  0 0 0 4 0 0 0 -1 255 -128 0 1  ",
            "Sending MAKE_AGENT_READY_IND -> -0 0 0 14",
            "Sending A -> -1",
            "Sending MAKE_AGENT_ -> -1",
        ];
        for t in texts {
            let fast = simple_record(t).expect(t);
            assert_eq!((vec![fast], vec![]), find_dumps_general(t), "{t}");
            let opts = super::super::DecodeOptions::default();
            let whole = super::super::decode_text(t, &opts);
            assert!(whole.problems.is_empty());
            assert_eq!(
                super::super::decode_record(t, &opts).as_ref(),
                whole.messages.first()
            );
        }
        // Not the simple shape: left to the general path.
        for t in [
            "Sending MAKE_AGENT_READY_IND -> 0 0 0 14",
            "Sending -> 0 0 0 -1",
            "Sending 123 -> 0 0 0 -1",
            "Sending X -> 0 0 0 -1 <@>",
            "Sending X -> 0 0 0 -1 256",
            "Sending X -> 0 0 0 -1 0012",
            "Sending X -> 0 0 0 -1,2",
            "Sending X ->",
            "Sending X -> 0\t-1",
            "x Sending X -> -1",
            "Sendingg X -> -1",
        ] {
            assert!(simple_record(t).is_none(), "{t}");
            assert!(super::super::decode_record(t, &Default::default()).is_none());
            assert_eq!(find_dumps(t), find_dumps_general(t));
        }
    }

    proptest::proptest! {
        // About 7% of the cases are the simple shape.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The fast path gives what the general path gives, on dumps near the simple shape.
        #[test]
        fn simple_scan_agrees_with_the_general_path(
            word in proptest::prop_oneof![
                5 => proptest::sample::select(vec!["Sending", "Received", "SENDING"]),
                1 => proptest::sample::select(vec!["Send", "x", ""]),
            ],
            gap in proptest::prop_oneof![
                5 => proptest::sample::select(vec![" ", "  "]),
                1 => proptest::sample::select(vec!["\t", ""]),
            ],
            name in proptest::prop_oneof![
                5 => proptest::sample::select(vec!["MAKE_AGENT_ROUTABLE_IND", "X1", "A_", "_9"]),
                1 => proptest::sample::select(vec!["123", "", "a-b", "MAKE_\nAGENT"]),
            ],
            arrow in proptest::prop_oneof![
                5 => proptest::sample::select(vec![" -> ", " ->  ", "  -> "]),
                1 => proptest::sample::select(vec![" ->", "->", " - > ", " ->1"]),
            ],
            toks in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        30 => proptest::sample::select(vec![
                            "0", "1", "7", "16", "-1", "-102", "255", "-128", "-0", "99", "100",
                        ]),
                        1 => proptest::sample::select(vec![
                            "256", "-129", "0012", "999", "12a", "-", "--1", "1000", "<@>", "0x1",
                            "é", "1-", "",
                        ]),
                    ],
                    proptest::prop_oneof![
                        30 => proptest::strategy::Just(" "),
                        1 => proptest::sample::select(vec!["  ", "", "\t", "\n", ","]),
                    ],
                ),
                0..40,
            ),
            tail in proptest::sample::select(vec!["", " ", "  ", " <@>", "\n"]),
        ) {
            let mut t = format!("{word}{gap}{name}{arrow}");
            for (i, (tok, sep)) in toks.iter().enumerate() {
                if i > 0 {
                    t.push_str(sep);
                }
                t.push_str(tok);
            }
            t.push_str(tail);
            if let Some(fast) = simple_record(&t) {
                proptest::prop_assert_eq!((vec![fast], vec![]), find_dumps_general(&t));
            }
            proptest::prop_assert_eq!(find_dumps(&t), find_dumps_general(&t));
            let opts = super::super::DecodeOptions::default();
            if let Some(m) = super::super::decode_record(&t, &opts) {
                let whole = super::super::decode_text(&t, &opts);
                proptest::prop_assert!(whole.problems.is_empty());
                proptest::prop_assert_eq!(Some(&m), whole.messages.first());
            }
        }
    }

    #[test]
    fn reports_bad_tokens_with_offsets() {
        let text = "0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 300";
        let (d, p) = find_dumps(text);
        assert_eq!(d.len(), 1);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].offset, text.find("300").unwrap());
        assert_eq!(p[0].message, "300 is out of the byte range -128..255");
    }
}
