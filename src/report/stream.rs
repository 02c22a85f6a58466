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

impl Out<'_> {
    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= BLOCK {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    fn raw(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }
    /// A JSON string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) {
        // Writing to a vector cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, s);
    }
    fn uint(&mut self, n: u64) {
        let mut b = [0u8; 20];
        let mut at = b.len();
        let mut n = n;
        loop {
            at -= 1;
            b[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
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
    /// `"name": ` as the `first` or a later field of an object at `depth`.
    fn key(&mut self, depth: usize, first: bool, name: &str) {
        self.raw(if first { b"\n" } else { b",\n" });
        let _ = indent(&mut self.buf, depth);
        self.string(name);
        self.raw(b": ");
    }
    /// Any serializable value, laid out as it would be `depth` levels in.
    fn value<T: Serialize + ?Sized>(&mut self, depth: usize, v: &T) -> io::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut self.buf,
            Indented {
                current_indent: depth,
                has_value: false,
            },
        );
        v.serialize(&mut ser).map_err(io::Error::from)
    }
    /// An array of numbers whose opening bracket is `depth` levels in.
    fn uints(&mut self, depth: usize, v: impl ExactSizeIterator<Item = u64>) {
        if v.len() == 0 {
            self.raw(b"[]");
            return;
        }
        self.raw(b"[");
        for (n, x) in v.enumerate() {
            self.raw(if n == 0 { b"\n" } else { b",\n" });
            let _ = indent(&mut self.buf, depth + 1);
            self.uint(x);
        }
        self.raw(b"\n");
        let _ = indent(&mut self.buf, depth);
        self.raw(b"]");
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
            o.raw(if i == 0 { b"\n" } else { b",\n" });
            let _ = indent(&mut o.buf, 2);
            event(
                &mut o,
                &mut text,
                e,
                t.axis_ms.get(i).copied().flatten(),
                t.group_of.get(i).copied().flatten(),
            )?;
            o.flush_if_full()?;
        }
        o.raw(b"\n");
        let _ = indent(&mut o.buf, 1);
        o.raw(b"]");
    }

    o.key(1, false, "groups");
    if t.groups.is_empty() {
        o.raw(b"[]");
    } else {
        o.raw(b"[");
        for (n, g) in t.groups.iter().enumerate() {
            o.raw(if n == 0 { b"\n" } else { b",\n" });
            let _ = indent(&mut o.buf, 2);
            group(&mut o, &t.kinds, g);
            o.flush_if_full()?;
        }
        o.raw(b"\n");
        let _ = indent(&mut o.buf, 1);
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

/// One event as a `ReportEvent`, its object opened at depth 2.
fn event(
    o: &mut Out,
    text: &mut String,
    e: &Event,
    axis_ms: Option<i64>,
    group: Option<u32>,
) -> io::Result<()> {
    const D: usize = 3;
    o.raw(b"{");
    o.key(D, true, "source");
    o.string(e.source.as_str());
    o.key(D, false, "kind");
    o.string(&e.kind_str());
    o.key(D, false, "time");
    match e.time() {
        Some(t) => {
            text.clear();
            t.write_display(text);
            o.string(text);
        }
        None => o.raw(b"null"),
    }
    o.key(D, false, "axis_ms");
    match axis_ms {
        Some(a) => o.int(a),
        None => o.raw(b"null"),
    }
    o.key(D, false, "invoke_id");
    o.opt_uint(e.invoke_id.map(u64::from));
    o.key(D, false, "agent_id");
    o.opt_uint(e.agent_id.map(u64::from));
    o.key(D, false, "mrd_id");
    o.opt_uint(e.mrd_id.map(u64::from));
    o.key(D, false, "input");
    o.uint(u64::from(e.origin.input));
    o.key(D, false, "line");
    o.uint(u64::from(e.origin.line));
    o.key(D, false, "end_line");
    o.uint(u64::from(e.origin.end_line));
    // An ARM record's message, decoded once for its detail and its own record.
    let decoded = match &e.kind {
        EventKind::Arm { message, .. } => Some(message.decode()),
        _ => None,
    };
    o.key(D, false, "detail");
    text.clear();
    write_detail(e, decoded.as_ref(), text);
    o.string(text);
    o.key(D, false, "group");
    o.opt_uint(group.map(u64::from));
    if let Some(m) = &decoded {
        o.key(D, false, "message");
        o.value(D, m)?;
    }
    o.raw(b"\n");
    let _ = indent(&mut o.buf, D - 1);
    o.raw(b"}");
    Ok(())
}

/// One group as a `Correlation`, its object opened at depth 2.
fn group(o: &mut Out, kinds: &Kinds, g: crate::analysis::correlate::Group<'_>) {
    const D: usize = 3;
    o.raw(b"{");
    o.key(D, true, "kind");
    o.string(kinds.name(g.kind()));
    o.key(D, false, "invoke_ids");
    o.uints(D, g.invoke_ids().iter().map(|&x| u64::from(x)));
    o.key(D, false, "events");
    o.uints(D, g.events().iter().map(|&x| u64::from(x)));
    o.key(D, false, "sources");
    let sources = sources_of(g.source_mask());
    if sources.is_empty() {
        o.raw(b"[]");
    } else {
        o.raw(b"[");
        for (n, s) in sources.iter().enumerate() {
            o.raw(if n == 0 { b"\n" } else { b",\n" });
            let _ = indent(&mut o.buf, D + 1);
            o.string(s.as_str());
        }
        o.raw(b"\n");
        let _ = indent(&mut o.buf, D);
        o.raw(b"]");
    }
    o.key(D, false, "agent_id");
    o.opt_uint(g.agent_id().map(u64::from));
    o.key(D, false, "mrd_id");
    o.opt_uint(g.mrd_id().map(u64::from));
    o.key(D, false, "confidence");
    o.string(if g.inferred() {
        "inferred"
    } else {
        "confirmed"
    });
    o.key(D, false, "how");
    o.string(if g.inferred() {
        HOW_INFERRED
    } else {
        HOW_EXACT
    });
    o.key(D, false, "related");
    o.uints(D, g.related().iter().map(|&x| u64::from(x)));
    o.raw(b"\n");
    let _ = indent(&mut o.buf, D - 1);
    o.raw(b"}");
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
        same_as_serde(&[
            Input::new("dump", "0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120"),
            Input::new("answer", r#"{"checkEligibility":{"responseType":1}}"#),
            Input::new(
                "odd",
                "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [x] <@> a <@> b <@> c <@> d <@> e <@> com.ipcc.listener.X <@> <@> \"quoted\" \\ tab\there é <@>\n15:34:09:841 cg1A-ctisvr Trace: Weird - K = \"v\", Z = \u{1}\n",
            ),
        ]);
    }
}
