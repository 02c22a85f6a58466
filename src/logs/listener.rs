//! ECE listener records: `date time GMT+hhmm <@> LEVEL <@> [thread] <@> ... <@> class <@> <@> message <@>`.
//! ARMLogger dumps go to the ARM decoder; AgentAvailabilityStatusHandler lines become `Availability`.

use super::detect::{find_sep, listener_stamp};
use super::rejoin::Record;
use super::{Ctx, Ids, NewEvent};
use crate::cti::{self, DecodeOptions, Direction, Label, Message};
use crate::model::{ArmMessage, EventKind, Fields, SourceKind, Timestamp};

/// Bytes of a Java class name as the listener prints it: `[A-Za-z0-9._$]`.
static CLASS_BYTE: [bool; 256] = crate::ascii::alnum_and(b"._$");

/// Is this `<@>`-separated part (untrimmed) a Java class name such as `com.ipcc.listener.arm.ARMLogger`?
fn looks_like_class(part: &str) -> bool {
    // The first byte first, before trimming: most parts before the class (`[thread]`,
    // `ProcessId:…`) fail there. A first non-space byte that is ASCII graphic stays first after
    // `trim`, so anything but a lowercase letter there is not a class.
    match part.bytes().find(|&c| c != b' ') {
        Some(c) if c.is_ascii_graphic() && !c.is_ascii_lowercase() => return false,
        None => return false,
        _ => {}
    }
    let p = super::trim(part);
    p.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && p.bytes().all(|c| CLASS_BYTE[usize::from(c)])
        && p.contains('.')
}

/// The first `->` in `s` (as `s.find("->")`, without setting up a substring search).
fn find_arrow(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'-', b.get(i..)?) {
        let at = i + p;
        if b.get(at + 1) == Some(&b'>') {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

pub fn parse(ctx: &mut Ctx, rec: &Record) {
    let text = rec.text.as_ref();
    let stamp = match rec.stamp {
        Some(s) => Some((s.time, s.end)),
        None => listener_stamp(text),
    };
    let Some((ts, end)) = stamp else {
        ctx.unrecognised(rec);
        return;
    };
    // Walk the separators; find the Java class part and the level.
    let mut pos = end;
    let mut level = "";
    let mut class: Option<(&str, usize)> = None; // (class, byte index after its separator)
    let mut nparts = 0;
    while let Some(p) = find_sep(&text[pos..]) {
        let part = &text[pos..pos + p];
        nparts += 1;
        if nparts == 2 {
            level = super::trim(part);
        }
        if nparts >= 3 && class.is_none() && looks_like_class(part) {
            class = Some((super::trim(part), pos + p + 3));
        }
        pos += p + 3;
        if class.is_some() {
            break;
        }
    }
    let Some((class, after)) = class else {
        ctx.problem(
            rec,
            Some(text.len()),
            format!(
                "listener record cut short: expected `<@>`-separated fields up to the Java class and the message, found {nparts} separators"
            ),
        );
        ctx.push(
            rec,
            NewEvent {
                source: SourceKind::Listener,
                time: Some(ts),
                ids: Ids::NONE,
                kind: EventKind::Trace {
                    function: Label::borrowed("listener"),
                    fields: Fields::from_pairs(&[("text", text[end..].trim())]),
                },
            },
        );
        return;
    };
    // The message: after the (empty) slot following the class, without the closing `<@>`.
    let mut msg_start = after;
    let rest = &text[after..];
    let rest_t = super::trim_start(rest);
    let lead = rest.len() - rest_t.len();
    if rest_t.starts_with("<@>") {
        msg_start = after + lead + 3;
    }
    let raw = &text[msg_start..];
    let lead = raw.len() - super::trim_start(raw).len();
    msg_start += lead;
    let mut msg = super::trim(raw);
    if let Some(m) = msg.strip_suffix("<@>") {
        msg = super::trim_end(m);
    }
    // After the last '.' (as `class.rsplit('.').next()`, without the char searcher).
    let short = match class.bytes().rposition(|c| c == b'.') {
        Some(p) => &class[p + 1..],
        None => class,
    };
    if short == "ARMLogger" {
        if arm(ctx, rec, ts, msg, msg_start) {
            return;
        }
    } else if short == "AgentAvailabilityStatusHandler" {
        let text = ctx.shared(msg);
        ctx.push(
            rec,
            NewEvent {
                source: SourceKind::Listener,
                time: Some(ts),
                ids: Ids::NONE,
                kind: EventKind::Availability { text },
            },
        );
        return;
    }
    let fields = if level.is_empty() {
        Fields::from_pairs(&[("text", msg)])
    } else {
        Fields::from_pairs(&[("level", level), ("text", msg)])
    };
    let function = ctx.name(short);
    ctx.push(
        rec,
        NewEvent {
            source: SourceKind::Listener,
            time: Some(ts),
            ids: Ids::NONE,
            kind: EventKind::Trace { function, fields },
        },
    );
}

/// ARM types whose body starts InvokeID, MRDID, ICMAgentID (seed dumps; protocol reference §3.3).
const TRIPLET_TYPES: [u32; 6] = [151, 153, 154, 155, 157, 158];

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// `(invoke_id(), mrd_id(), agent_id())` of the message in one pass over its fields: each is the
/// first field of that name, as `Message::int` finds it.
fn ids(m: &Message) -> (Option<u32>, Option<u32>, Option<u32>) {
    let mut found: [Option<Option<i64>>; 3] = [None; 3];
    for f in &m.fields {
        let slot = match f.name.as_str() {
            "InvokeID" => 0,
            "MRDID" => 1,
            "ICMAgentID" => 2,
            _ => continue,
        };
        if found[slot].is_none() {
            found[slot] = Some(f.value.as_i64());
        }
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    let id = |v: Option<Option<i64>>| v.flatten().and_then(|v| u32::try_from(v).ok());
    (id(found[0]), id(found[1]), id(found[2]))
}

/// `Sending NAME -> bytes` / `Received NAME -> bytes`. Returns false when the message is not a dump.
fn arm(ctx: &mut Ctx, rec: &Record, ts: Timestamp, msg: &str, msg_start: usize) -> bool {
    let (dir, after_word) = if let Some(r) = msg.strip_prefix("Sending") {
        (Direction::Sent, r)
    } else if let Some(r) = msg.strip_prefix("Received") {
        (Direction::Received, r)
    } else {
        return false;
    };
    let Some(arrow) = find_arrow(after_word) else {
        return false;
    };
    let name = super::trim(&after_word[..arrow]);
    let bytes_text = &after_word[arrow + 2..];
    let bytes_at = msg_start + (msg.len() - after_word.len()) + arrow + 2;

    // The usual one-line record first (same result as `decode_text`, without its search).
    // `checked`: the decoder compared the logged name with the type (see `ArmMessage::new`).
    let mut checked = true;
    let first = match cti::decode_record(msg, &DecodeOptions::default()) {
        Some(m) => Some(m),
        None => {
            let out = cti::decode_text(msg, &DecodeOptions::default());
            for p in &out.problems {
                ctx.problem(
                    rec,
                    Some(msg_start + p.offset),
                    format!("ARM dump: {}", p.message),
                );
            }
            let m = out.messages.into_iter().next();
            // A record dump's logged name was checked; a bare dump has none.
            checked = m.as_ref().is_some_and(|m| m.logged_name.is_some());
            m
        }
    };
    let message: Message = match first {
        Some(mut m) => {
            let label = if m.problems.is_empty() {
                String::new()
            } else {
                m.label()
            };
            for bp in &m.problems {
                ctx.problem(
                    rec,
                    Some(bytes_at),
                    format!("ARM {label}: {} (byte {})", bp.message, bp.offset),
                );
            }
            m.direction.get_or_insert(dir);
            if m.logged_name.is_none() && !name.is_empty() {
                m.set_logged_name(name);
            }
            m
        }
        None => {
            checked = false;
            // The decoder found nothing (or is not there yet): keep the bytes as printed (signed
            // Java bytes) and the logged name.
            let mut bytes = Vec::with_capacity(bytes_text.len() / 2);
            let mut bad = None;
            for tok in bytes_text.split_ascii_whitespace() {
                match tok.parse::<i32>() {
                    Ok(v) if (-128..=255).contains(&v) => bytes.push(v as u8),
                    _ => {
                        if bad.is_none() {
                            let off = tok.as_ptr() as usize - bytes_text.as_ptr() as usize;
                            bad = Some((bytes_at + off, tok));
                        }
                    }
                }
            }
            if let Some((at, tok)) = bad {
                ctx.problem(
                    rec,
                    Some(at),
                    format!("ARM dump: expected a byte (-128..255), found `{tok}`"),
                );
            }
            if let (Some(len), true) = (be32(&bytes, 0), bytes.len() >= 8) {
                if len as usize + 8 != bytes.len() {
                    ctx.problem(
                        rec,
                        Some(bytes_at),
                        format!(
                            "ARM dump: the header says {} bytes after the 8-byte header, the dump has {}",
                            len,
                            bytes.len() - 8
                        ),
                    );
                }
            }
            let mut m = cti::decode_bytes(&bytes, &DecodeOptions::default());
            m.direction = Some(dir);
            m.logged_name = None;
            if !name.is_empty() {
                m.set_logged_name(name);
            }
            m.text_span = (
                bytes_at - msg_start,
                bytes_at - msg_start + bytes_text.trim_end().len(),
            );
            m
        }
    };
    // If the decoder did not name the ids, read the header triplet (seed layout) for correlation.
    let bytes = &message.bytes;
    let ty = message.type_number.or_else(|| be32(bytes, 4));
    let in_arm_range = ty.is_some_and(|t| (151..=210).contains(&t));
    let (invoke_id, mrd_id, agent_id) = ids(&message);
    let invoke = invoke_id.or_else(|| in_arm_range.then(|| be32(bytes, 8)).flatten());
    let triplet = ty.is_some_and(|t| TRIPLET_TYPES.contains(&t));
    let mrd = mrd_id.or_else(|| triplet.then(|| be32(bytes, 12)).flatten());
    let agent = agent_id.or_else(|| triplet.then(|| be32(bytes, 16)).flatten());
    // What the event keeps decodes back to what was decoded here: checked in every test and
    // fuzz run (debug builds).
    #[cfg(debug_assertions)]
    let full = message.clone();
    let kept = ArmMessage::new(message, checked);
    #[cfg(debug_assertions)]
    debug_assert!(kept.decode() == full, "{msg}");
    ctx.push(
        rec,
        NewEvent {
            source: SourceKind::Listener,
            time: Some(ts),
            ids: Ids {
                invoke_id: invoke,
                agent_id: agent,
                mrd_id: mrd,
            },
            kind: EventKind::Arm { message: kept },
        },
    );
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class test as it was, one range check at a time on the trimmed part: the reference.
    fn looks_like_class_ref(p: &str) -> bool {
        let p = super::super::trim(p);
        p.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && p.contains('.')
            && p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'$'))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn class_test_and_arrow_search_agree_with_the_reference(
            s in "[ a-cA-C0-9._$\\[\\]:>\\-\u{a0}\u{2003}\té]{0,24}"
        ) {
            proptest::prop_assert_eq!(looks_like_class(&s), looks_like_class_ref(&s), "{:?}", s);
            proptest::prop_assert_eq!(find_arrow(&s), s.find("->"), "{:?}", s);
        }
    }

    /// Records of every shape the listener decodes (a clean one, a wrapped one, one the quick
    /// reader declines, a name the type disagrees with, a bare dump, bytes past 24 and past
    /// 64 KiB, bad bytes): each event's kept message decodes to what was decoded while parsing
    /// (`arm` checks it in debug builds) and to what `decode_text` reads from the same record.
    #[test]
    fn kept_messages_decode_as_when_read() {
        let head = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [x] <@> ProcessId:1 <@> PID:1 <@> UID:1 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> ";
        let long = "1 ".repeat(40_000);
        let msgs = [
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2 <@>".to_string(),
            "Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1 <@>".to_string(),
            "Received MEDIA_LOGIN_RESP -> 0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0 <@>".to_string(),
            "Sending MEDIA_LOGIN_RESP -> 0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2 <@>".to_string(),
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0x00 0x00 0x00 0x10 0x00 0x00 0x00 0x9a 0 1 57 43 <@>".to_string(),
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2 0 0 0 0 0 0 0 0 9 9 <@>".to_string(),
            "Sending WHATEVER -> 0 0 0 4 0 0 0 -1 1 2 3 4 <@>".to_string(),
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 x -102 <@>".to_string(),
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 <@>".to_string(),
            "Received  -> 0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0 <@>".to_string(),
            format!("Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 {long}<@>"),
        ];
        for m in &msgs {
            let text = format!("{head}{m}\n");
            let p = crate::logs::parse_text(0, &text);
            let arm: Vec<_> = p
                .events
                .iter()
                .filter_map(|e| match &e.kind {
                    EventKind::Arm { message } => Some(message),
                    _ => None,
                })
                .collect();
            assert_eq!(arm.len(), 1, "{m}");
            let kept = arm[0].decode();
            let start = text.find(m.as_str()).unwrap_or(0);
            let msg = text[start..].trim_end().trim_end_matches("<@>").trim_end();
            if let Some(read) = cti::decode_text(msg, &DecodeOptions::default())
                .messages
                .into_iter()
                .next()
            {
                assert_eq!(kept.bytes, read.bytes, "{m}");
                assert_eq!(kept.fields, read.fields, "{m}");
            }
            assert_eq!(arm[0].label(), kept.label(), "{m}");
            assert_eq!(arm[0].direction(), kept.direction.unwrap(), "{m}");
        }
    }

    #[test]
    fn classes() {
        for (p, want) in [
            (" com.ipcc.listener.arm.ARMLogger ", true),
            ("com.x", true),
            ("\u{a0}com.x ", true),
            (" [8938:listener] ", false),
            (" ProcessId:5436 ", false),
            ("comx", false),
            ("   ", false),
            ("", false),
            ("com.x-y", false),
        ] {
            assert_eq!(looks_like_class(p), want, "{p:?}");
            assert_eq!(looks_like_class_ref(p), want, "{p:?}");
        }
        assert_eq!(find_arrow("a - -> b ->"), Some(4));
        assert_eq!(find_arrow("a -"), None);
    }

    #[test]
    fn ids_read_as_the_message_accessors() {
        let opts = DecodeOptions::default();
        for t in [
            "Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 44 0 0 19 -120 0 0 19 -119 0 0 0 2",
            "Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1",
            "Received MEDIA_LOGIN_RESP -> 0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 0",
            "Sending X -> 0 0 0 4 0 0 0 -1 255 -128 0 1",
            "Sending X -> 0 0 0 2 0 0 0 -102 -1 -1",
        ] {
            let m = cti::decode_record(t, &opts).expect(t);
            assert_eq!(ids(&m), (m.invoke_id(), m.mrd_id(), m.agent_id()), "{t}");
        }
        // Duplicate names: the first one counts, as in `Message::int`.
        let mut m = cti::decode_record(
            "Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1",
            &opts,
        )
        .expect("record");
        let mut dup = m.fields[0].clone();
        dup.value = crate::cti::Value::Int(7);
        m.fields.push(dup);
        assert_eq!(ids(&m), (m.invoke_id(), m.mrd_id(), m.agent_id()));
    }
}
