//! The report's JSON written as it is made: byte for byte what `serde_json::to_writer_pretty`
//! writes of the [`Report`](super::Report), without making the report's event records or holding
//! its text (hundreds of MB for 100 MiB of logs).
//!
//! The events and the groups (nearly all of the text) are written here field by field, in the
//! order and the layout of their serde models; the other parts, and each event's decoded ARM
//! message, go through `serde_json` with its pretty layout started at the right depth. The test
//! below and `tests/report_golden.rs` hold the two to the same bytes.

use crate::analysis::correlate::{sources_of, Kinds, HOW_EXACT, HOW_INFERRED};
use crate::analysis::{write_detail, Analysis};
use crate::cti;
use crate::model::{Event, EventKind};
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

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

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.current_indent += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.current_indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.current_indent)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.current_indent)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.current_indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.current_indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.current_indent)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.current_indent)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The output, buffered: written on to the caller's writer a block at a time.
struct Out<'w> {
    buf: Vec<u8>,
    w: &'w mut dyn Write,
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

/// Newline then `2 × level` spaces, for every level a report reaches.
const NEWLINE_INDENT: &[u8; 65] =
    b"\n                                                                ";

impl Out<'_> {
    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= BLOCK {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    #[inline]
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
    fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let b = s.as_bytes();
        self.buf.reserve(b.len() + 2);
        self.buf.push(b'"');
        let mut start = 0;
        for (i, &c) in b.iter().enumerate() {
            let e = ESCAPE[usize::from(c)];
            if e == 0 {
                continue;
            }
            self.buf.extend_from_slice(&b[start..i]);
            start = i + 1;
            match e {
                b'u' => self.buf.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 0xF)],
                ]),
                _ => self.buf.extend_from_slice(&[b'\\', e]),
            }
        }
        self.buf.extend_from_slice(&b[start..]);
        self.buf.push(b'"');
    }
    fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw(b"null"),
        }
    }
    #[inline]
    fn uint(&mut self, n: u64) {
        if n < 10 {
            self.buf.push(b'0' + n as u8);
            return;
        }
        let mut b = [0u8; 20];
        let mut at = b.len();
        let mut n = n;
        while n > 0 {
            at -= 1;
            b[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.buf.extend_from_slice(&b[at..]);
    }
    fn int(&mut self, n: i64) {
        if n < 0 {
            self.buf.push(b'-');
        }
        self.uint(n.unsigned_abs());
    }
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
    /// The closing brace of an object whose fields were at `level`.
    fn end_object(&mut self, level: usize) {
        self.line(level - 1);
        self.buf.push(b'}');
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
    fn bytes(&mut self, level: usize, b: &[u8]) {
        self.uints(level, b.iter().map(|&x| u64::from(x)));
    }
}

/// Writes `a`'s report (see [`Analysis::write_json`]).
pub fn write_report(a: &Analysis, w: &mut dyn Write) -> io::Result<()> {
    let t = &a.timeline;
    let mut o = Out {
        buf: Vec::with_capacity(BLOCK + BLOCK / 2),
        w,
    };
    o.raw(b"{");
    o.key(1, true, "report_version");
    o.uint(u64::from(super::REPORT_VERSION));
    o.key(1, false, "inputs");
    o.value(1, &a.inputs)?;
    o.key(1, false, "verdict");
    o.value(1, &a.verdict)?;
    o.key(1, false, "findings");
    o.value(1, &a.findings)?;
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
        let mut text = String::new();
        for (i, e) in t.events.iter().enumerate() {
            if i > 0 {
                o.raw(b",");
            }
            o.line(2);
            event(
                &mut o,
                &mut text,
                e,
                t.axis_ms.get(i).copied().flatten(),
                t.group_of.get(i).copied().flatten(),
            );
            o.flush_if_full()?;
        }
        o.line(1);
        o.raw(b"]");
    }

    o.key(1, false, "groups");
    if t.groups.is_empty() {
        o.raw(b"[]");
    } else {
        o.raw(b"[");
        for (n, g) in t.groups.iter().enumerate() {
            if n > 0 {
                o.raw(b",");
            }
            o.line(2);
            group(&mut o, &t.kinds, g);
            o.flush_if_full()?;
        }
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
    o.w.write_all(&o.buf)
}

/// One event as a `ReportEvent` (an element of `events`, at level 2).
fn event(o: &mut Out, text: &mut String, e: &Event, axis_ms: Option<i64>, group: Option<u32>) {
    const L: usize = 3;
    o.raw(b"{");
    o.key(L, true, "source");
    o.string(e.source.as_str());
    o.key(L, false, "kind");
    o.string(&e.kind_str());
    o.key(L, false, "time");
    match e.time() {
        Some(t) => {
            text.clear();
            t.write_display(text);
            o.string(text);
        }
        None => o.raw(b"null"),
    }
    o.key(L, false, "axis_ms");
    match axis_ms {
        Some(a) => o.int(a),
        None => o.raw(b"null"),
    }
    o.key(L, false, "invoke_id");
    o.opt_uint(e.invoke_id.map(u64::from));
    o.key(L, false, "agent_id");
    o.opt_uint(e.agent_id.map(u64::from));
    o.key(L, false, "mrd_id");
    o.opt_uint(e.mrd_id.map(u64::from));
    o.key(L, false, "input");
    o.uint(u64::from(e.origin.input));
    o.key(L, false, "line");
    o.uint(u64::from(e.origin.line));
    o.key(L, false, "end_line");
    o.uint(u64::from(e.origin.end_line));
    // An ARM record's message, decoded once for its detail and its own record.
    let decoded = match &e.kind {
        EventKind::Arm { message, .. } => Some(message.decode()),
        _ => None,
    };
    o.key(L, false, "detail");
    text.clear();
    write_detail(e, decoded.as_ref(), text);
    o.string(text);
    o.key(L, false, "group");
    o.opt_uint(group.map(u64::from));
    if let Some(m) = &decoded {
        o.key(L, false, "message");
        message(o, L, m);
    }
    o.end_object(L);
}

/// A decoded message as serde writes `cti::Message`, its key at `level`.
fn message(o: &mut Out, level: usize, m: &cti::Message) {
    let l = level + 1;
    o.raw(b"{");
    o.key(l, true, "direction");
    o.raw(match m.direction {
        Some(cti::Direction::Sent) => b"\"sent\"",
        Some(cti::Direction::Received) => b"\"received\"",
        None => b"null",
    });
    o.key(l, false, "logged_name");
    o.opt_string(m.logged_name.as_deref());
    o.key(l, false, "type");
    o.opt_uint(m.type_number.map(u64::from));
    o.key(l, false, "name");
    o.opt_string(m.name.as_deref());
    o.key(l, false, "length");
    o.opt_uint(m.length.map(u64::from));
    o.key(l, false, "bytes");
    o.bytes(l, &m.bytes);
    o.key(l, false, "fields");
    o.array(l, &m.fields, |o, f| field(o, l + 1, f));
    o.key(l, false, "floating");
    o.array(l, &m.floating, |o, f| floating(o, l + 1, f));
    o.key(l, false, "framing");
    o.raw(match m.framing {
        Some(cti::Framing::OneByte) => b"\"one_byte\"",
        Some(cti::Framing::TwoByte) => b"\"two_byte\"",
        None => b"null",
    });
    o.key(l, false, "framing_note");
    o.opt_string(m.framing_note.as_deref());
    o.key(l, false, "problems");
    o.array(l, &m.problems, |o, p| {
        let l = l + 2;
        o.raw(b"{");
        o.key(l, true, "offset");
        o.uint(p.offset as u64);
        o.key(l, false, "message");
        o.string(&p.message);
        o.end_object(l);
    });
    o.key(l, false, "text_span");
    o.uints(l, [m.text_span.0 as u64, m.text_span.1 as u64].into_iter());
    o.end_object(l);
}

fn confidence(c: crate::model::Confidence) -> &'static [u8] {
    match c {
        crate::model::Confidence::Confirmed => b"\"confirmed\"",
        crate::model::Confidence::Inferred => b"\"inferred\"",
        crate::model::Confidence::Unconfirmed => b"\"unconfirmed\"",
    }
}

fn value(o: &mut Out, level: usize, v: &cti::Value) {
    match v {
        cti::Value::Int(n) => o.int(*n),
        cti::Value::Text(t) => o.string(t),
        cti::Value::Bytes(b) => o.bytes(level, b),
    }
}

/// A fixed field as serde writes `cti::Field`, as an array element at `level`.
fn field(o: &mut Out, level: usize, f: &cti::Field) {
    let l = level + 1;
    o.raw(b"{");
    o.key(l, true, "name");
    o.string(&f.name);
    o.key(l, false, "type");
    o.buf.push(b'"');
    o.raw(f.ty.as_str().as_bytes());
    o.buf.push(b'"');
    o.key(l, false, "offset");
    o.uint(u64::from(f.offset));
    o.key(l, false, "size");
    o.uint(u64::from(f.size));
    o.key(l, false, "raw");
    o.bytes(l, &f.raw);
    o.key(l, false, "value");
    value(o, l, &f.value);
    o.key(l, false, "display");
    o.string(&f.display);
    o.key(l, false, "confidence");
    o.raw(confidence(f.confidence));
    if !f.alternatives.is_empty() {
        o.key(l, false, "alternatives");
        o.array(l, &f.alternatives, |o, a| {
            let l = l + 2;
            o.raw(b"{");
            o.key(l, true, "reading");
            o.string(&a.reading);
            o.key(l, false, "values");
            o.string(&a.values);
            o.end_object(l);
        });
    }
    o.end_object(l);
}

/// A floating field as serde writes `cti::FloatingField`, as an array element at `level`.
fn floating(o: &mut Out, level: usize, f: &cti::FloatingField) {
    let l = level + 1;
    o.raw(b"{");
    o.key(l, true, "tag");
    o.uint(u64::from(f.tag));
    o.key(l, false, "name");
    o.opt_string(f.name.as_deref());
    o.key(l, false, "offset");
    o.uint(f.offset as u64);
    o.key(l, false, "length");
    o.uint(f.length as u64);
    o.key(l, false, "raw");
    o.bytes(l, &f.raw);
    o.key(l, false, "value");
    value(o, l, &f.value);
    o.key(l, false, "display");
    o.string(&f.display);
    o.key(l, false, "confidence");
    o.raw(confidence(f.confidence));
    o.end_object(l);
}

/// One group as a `Correlation` (an element of `groups`, at level 2).
fn group(o: &mut Out, kinds: &Kinds, g: crate::analysis::correlate::Group<'_>) {
    const L: usize = 3;
    o.raw(b"{");
    o.key(L, true, "kind");
    o.string(kinds.name(g.kind()));
    o.key(L, false, "invoke_ids");
    o.uints(L, g.invoke_ids().iter().map(|&x| u64::from(x)));
    o.key(L, false, "events");
    o.uints(L, g.events().iter().map(|&x| u64::from(x)));
    o.key(L, false, "sources");
    o.array(L, &sources_of(g.source_mask()), |o, s| o.string(s.as_str()));
    o.key(L, false, "agent_id");
    o.opt_uint(g.agent_id().map(u64::from));
    o.key(L, false, "mrd_id");
    o.opt_uint(g.mrd_id().map(u64::from));
    o.key(L, false, "confidence");
    o.string(if g.inferred() {
        "inferred"
    } else {
        "confirmed"
    });
    o.key(L, false, "how");
    o.string(if g.inferred() {
        HOW_INFERRED
    } else {
        HOW_EXACT
    });
    o.key(L, false, "related");
    o.uints(L, g.related().iter().map(|&x| u64::from(x)));
    o.end_object(L);
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analysis_with_progress, analyze};
    use crate::model::Input;

    /// The streamed JSON is the serde model's pretty JSON, on inputs of every kind.
    fn same_as_serde(inputs: &[Input]) {
        let a = analysis_with_progress(inputs, &Default::default(), &mut |_| {});
        let mut streamed = Vec::new();
        a.write_json(&mut streamed).unwrap();
        let want = serde_json::to_string_pretty(&analyze(inputs)).unwrap();
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
    }
}
