//! An event's values in one line (the report's `detail`), written to a `String` or straight into the report's JSON.

use crate::cti::{self, Label};
use crate::model::{Event, EventKind};

/// Where a detail is written: a `String`, or the report's JSON writer (which escapes as it goes).
pub trait DetailOut {
    /// A text as it is.
    fn text(&mut self, s: &str);
    /// A label's text (a writer of bytes reads it without a UTF-8 check).
    fn label(&mut self, l: &Label) {
        self.text(l.as_str());
    }
    /// A number in decimal, as `{n}` writes it.
    fn int(&mut self, n: i64);
}

impl DetailOut for String {
    fn text(&mut self, s: &str) {
        self.push_str(s);
    }
    fn int(&mut self, n: i64) {
        if n < 0 {
            self.push('-');
        }
        let (d, len) = crate::ascii::decimal(n.unsigned_abs());
        self.extend(d.iter().take(len).map(|&c| char::from(c)));
    }
}

/// An event's values in one line.
pub fn detail_of(e: &Event) -> String {
    let mut s = String::new();
    write_detail(e, None, &mut s);
    s
}

/// An event's values in one line; `decoded` is its ARM message decoded, if it has one (decoded
/// here when not given).
pub fn write_detail<O: DetailOut + ?Sized>(e: &Event, decoded: Option<&cti::Message>, out: &mut O) {
    match (&e.kind, decoded) {
        (EventKind::Arm { message: arm }, Some(message)) => {
            // `{:?}` of the direction.
            out.text(match arm.direction() {
                cti::Direction::Sent => "Sent ",
                cti::Direction::Received => "Received ",
            });
            match message.name.as_deref().or(message.logged_name.as_deref()) {
                Some(n) => out.text(n),
                None => out.text(&message.label()),
            }
            out.text(": ");
            let mut first = true;
            let mut sep = |out: &mut O| {
                if !std::mem::take(&mut first) {
                    out.text(", ");
                }
            };
            for f in message.fields.iter().skip(2) {
                sep(out);
                out.label(&f.name);
                out.text("=");
                out.label(&f.display);
            }
            for f in message.floating.iter() {
                sep(out);
                match &f.name {
                    Some(n) => out.label(n),
                    None => {
                        out.text("tag ");
                        out.int(i64::from(f.tag));
                    }
                }
                out.text("=");
                out.label(&f.display);
            }
        }
        (EventKind::Arm { message, .. }, None) => write_detail(e, Some(&message.decode()), out),
        (EventKind::Availability { text }, _) => out.label(text),
        (EventKind::Trace { function, fields }, _) => {
            out.label(function);
            out.text(": ");
            for (n, (k, v)) in fields.iter().enumerate() {
                if n > 0 {
                    out.text(", ");
                }
                out.text(k);
                out.text(" = ");
                out.text(v);
            }
        }
        (EventKind::StateChange(s), _) => {
            let opt = |out: &mut O, v: Option<i64>| match v {
                Some(v) => out.int(v),
                None => out.text("?"),
            };
            out.label(&s.old_raw);
            out.text(" → ");
            out.label(&s.new_raw);
            out.text(" (skill group ");
            opt(out, s.skill_group_id.map(i64::from));
            out.text(" / ");
            opt(out, s.skill_group_number.map(i64::from));
            out.text(", reason ");
            opt(out, s.reason_code);
            out.text(")");
        }
        (EventKind::RouterStatus(s), _) => {
            out.text(&s.domain_name);
            out.text(" [");
            out.text(&s.state_code);
            out.text("-");
            out.int(i64::from(s.active_tasks));
            out.text(":");
            out.int(i64::from(s.task_limit));
            out.text(",");
            out.text(&s.flags);
            out.text("]");
            if let Some(x) = s.seconds_in_state {
                out.text(", ");
                out.int(i64::from(x));
                out.text(" s in state");
            }
        }
    }
}
