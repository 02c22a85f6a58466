//! A fixed field's bytes as a value and a label: numbers, enum names, agent modes, times, C strings, hex.

use super::*;

/// Hex of some bytes: `00 00 13 88`.
pub fn hex(b: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(b.len() * 3);
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push(DIGITS[usize::from(x >> 4)] as char);
        s.push(DIGITS[usize::from(x & 0xF)] as char);
    }
    s
}

pub(crate) fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

pub(crate) fn be_u16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

pub(crate) fn raw_field(
    name: &'static str,
    offset: usize,
    raw: &[u8],
    confidence: Confidence,
) -> Field {
    Field {
        name: Label::borrowed(name),
        ty: WireType::Unspec,
        offset: at(offset),
        size: at(raw.len()),
        raw: raw.into(),
        value: Value::Bytes(raw.into()),
        display: hex_with_text(raw).into(),
        confidence,
        alternatives: Alternatives::new(),
    }
}

/// Hex, plus the text when the bytes look like a NUL-terminated printable string.
pub(crate) fn hex_with_text(raw: &[u8]) -> String {
    let h = hex(raw);
    match printable_cstr(raw) {
        Some(t) if !t.is_empty() => format!("{h} (as text: \"{t}\")"),
        _ => h,
    }
}

pub(crate) fn printable_cstr(raw: &[u8]) -> Option<String> {
    let (last, body) = raw.split_last()?;
    (*last == 0 && body.iter().all(|c| (0x20..0x7f).contains(c)))
        .then(|| String::from_utf8_lossy(body).into_owned())
}

pub use crate::time::utc_seconds as utc;

pub(crate) fn agent_mode_text(v: i64) -> Label {
    match v {
        0 => {
            Label::borrowed("0 (NOT_ROUTABLE per the PV25 guide; ROUTABLE per the PV14–17 guides)")
        }
        1 => {
            Label::borrowed("1 (ROUTABLE per the PV25 guide; NOT_ROUTABLE per the PV14–17 guides)")
        }
        _ => Label::format(format_args!("{v} (not a listed AgentMode)")),
    }
}

pub(crate) fn agent_mode_alternatives(v: i64) -> Alternatives {
    let name = |routable_is_one: bool| match (v, routable_is_one) {
        (1, true) | (0, false) => "ROUTABLE",
        (0, true) | (1, false) => "NOT_ROUTABLE",
        _ => "not listed",
    };
    vec![
        Alternative {
            reading: Label::borrowed("AgentMode polarity of the PV25 guide (ROUTABLE = 1)"),
            values: Label::format(format_args!("AgentMode = {} ({v})", name(true))),
        },
        Alternative {
            reading: Label::borrowed("AgentMode polarity of the PV14–17 guides (ROUTABLE = 0)"),
            values: Label::format(format_args!("AgentMode = {} ({v})", name(false))),
        },
    ]
    .into()
}

/// A number as text, without formatting machinery (most displayed values are plain numbers).
pub(crate) fn int_label(v: i64) -> Label {
    Label::int(v)
}

/// How a number is shown for a field's meaning.
pub(crate) fn display(meaning: Meaning, v: i64) -> Label {
    match meaning {
        Meaning::Plain => int_label(v),
        Meaning::AgentMode => agent_mode_text(v),
        Meaning::ArmStatus if v == 0 => Label::borrowed("0 (no error)"),
        Meaning::AgentState
        | Meaning::Availability
        | Meaning::CtiStatus
        | Meaning::ArmStatus
        | Meaning::PeripheralType
        | Meaning::SessionType => match catalog::enum_name(meaning, v) {
            Some(n) => Label::format(format_args!("{n} ({v})")),
            None => Label::format(format_args!("{v} (not a listed value)")),
        },
        // The usual values, as the arm below formats them.
        Meaning::Bool if v == 0 => Label::borrowed("false (0)"),
        Meaning::Bool if v == 1 => Label::borrowed("true (1)"),
        Meaning::Bool => match catalog::enum_name(meaning, v) {
            Some(n) => Label::format(format_args!("{n} ({v})")),
            None => Label::format(format_args!("{v} (not 0 or 1)")),
        },
        Meaning::NullableId if v == 0xFFFF_FFFF => Label::borrowed("NULL (0xFFFFFFFF)"),
        Meaning::NullableId => int_label(v),
        Meaning::Hex => Label::format(format_args!("0x{v:08X}")),
        Meaning::ServiceMask => {
            let names = catalog::service_mask_names(v as u32);
            if names.is_empty() {
                Label::format(format_args!("0x{v:08X}"))
            } else {
                Label::format(format_args!("0x{v:08X} ({})", names.join(" | ")))
            }
        }
        Meaning::PgStatus => {
            let names = catalog::pg_status_names(v as u32);
            if names.is_empty() {
                Label::format(format_args!("0x{v:08X} (normal)"))
            } else {
                Label::format(format_args!("0x{v:08X} ({})", names.join(" | ")))
            }
        }
        Meaning::Time => Label::format(format_args!("{} ({v})", utc(v))),
    }
}

pub(crate) fn fixed_field(spec: &FieldSpec, offset: usize, raw: &[u8]) -> Field {
    let (value, disp) = match spec.wire.read(raw) {
        Some(v) => (Value::Int(v), display(spec.meaning, v)),
        None => (Value::Bytes(raw.into()), hex_with_text(raw).into()),
    };
    let alternatives = match (spec.meaning, value.as_i64()) {
        (Meaning::AgentMode, Some(v)) => agent_mode_alternatives(v),
        _ => Alternatives::new(),
    };
    Field {
        name: Label::borrowed(spec.name),
        ty: spec.wire,
        offset: at(offset),
        size: at(raw.len()),
        raw: raw.into(),
        value,
        display: disp,
        confidence: spec.confidence,
        alternatives,
    }
}
