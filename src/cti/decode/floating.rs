//! Floating (tagged) fields: read by the protocol version's framing, each value shown by its tag's kind.

use super::*;

/// Floating fields read from `start..end`.
#[derive(Debug, Default)]
pub(crate) struct FloatParse {
    pub(crate) fields: Vec<FloatingField>,
    pub(crate) problems: Vec<ByteProblem>,
    /// Bytes that could not be read as a floating field (too short for a header).
    pub(crate) leftover: Option<Field>,
    /// Every byte consumed by a complete, well-formed field.
    pub(crate) clean: bool,
    pub(crate) unknown_tags: usize,
}

pub(crate) fn parse_floating(b: &[u8], start: usize, end: usize, framing: Framing) -> FloatParse {
    let mut out = FloatParse {
        clean: true,
        ..Default::default()
    };
    let hdr = match framing {
        Framing::OneByte => 2,
        Framing::TwoByte => 4,
    };
    let mut pos = start;
    while pos < end {
        let avail = end - pos;
        if avail < hdr {
            out.problems.push(ByteProblem {
                offset: pos,
                message: format!(
                    "{avail} byte(s) left at offset {pos}: too short for a floating field header \
                     (tag + length = {hdr} bytes)"
                ),
            });
            out.leftover = b
                .get(pos..end)
                .map(|r| raw_field("Unparsed", pos, r, Confidence::Unconfirmed));
            out.clean = false;
            break;
        }
        let (tag, len) = match framing {
            Framing::OneByte => (
                b.get(pos).map(|&x| x as u16).unwrap_or(0),
                b.get(pos + 1).map(|&x| x as usize).unwrap_or(0),
            ),
            Framing::TwoByte => (
                be_u16(b, pos).unwrap_or(0),
                be_u16(b, pos + 2).map(usize::from).unwrap_or(0),
            ),
        };
        let info = catalog::tag_info(tag);
        let label = match info {
            Some(i) => format!("{} (tag {tag})", i.name),
            None => format!("unknown tag {tag}"),
        };
        let data_start = pos + hdr;
        let data_end = data_start + len;
        if data_end > end {
            let raw = b.get(data_start..end).unwrap_or(&[]).to_vec();
            out.problems.push(ByteProblem {
                offset: pos,
                message: format!(
                    "floating field {label} at offset {pos} declares {len} data bytes but only {} \
                     remain before the end of the message",
                    end - data_start
                ),
            });
            out.fields.push(FloatingField {
                tag,
                name: info.map(|i| Label::borrowed(i.name)),
                offset: pos,
                length: len,
                raw: RawBytes::new(&raw),
                display: format!("{} (runs past the end)", hex(&raw)).into(),
                value: Value::Bytes(raw.into()),
                confidence: Confidence::Unconfirmed,
            });
            if info.is_none() {
                out.unknown_tags += 1;
            }
            out.clean = false;
            break;
        }
        let data = b.get(data_start..data_end).unwrap_or(&[]);
        let (value, disp, ok) = floating_value(info.map(|i| i.kind), data);
        if !ok.is_empty() {
            out.problems.push(ByteProblem {
                offset: pos,
                message: format!("floating field {label} at offset {pos}: {ok}"),
            });
            out.clean = false;
        }
        if info.is_none() {
            out.unknown_tags += 1;
        }
        out.fields.push(FloatingField {
            tag,
            name: info.map(|i| Label::borrowed(i.name)),
            offset: pos,
            length: len,
            raw: data.into(),
            value,
            display: disp.into(),
            confidence: info
                .map(|i| i.confidence)
                .unwrap_or(Confidence::Unconfirmed),
        });
        pos = data_end;
    }
    out
}

/// Reads a floating field's data; the third item is a problem description ("" if none).
pub(crate) fn floating_value(kind: Option<TagKind>, data: &[u8]) -> (Value, String, String) {
    let bytes = || (Value::Bytes(data.into()), hex_with_text(data));
    let int = |wire: WireType| -> Option<(Value, String)> {
        let v = wire.read(data)?;
        let disp = if wire == WireType::Time {
            format!("{} ({v})", utc(v))
        } else {
            v.to_string()
        };
        Some((Value::Int(v), disp))
    };
    let numeric = |wire: WireType| match int(wire) {
        Some((v, d)) => (v, d, String::new()),
        None => {
            let (v, d) = bytes();
            (
                v,
                d,
                format!(
                    "length {} does not fit its type {} ({} bytes)",
                    data.len(),
                    wire.as_str(),
                    wire.size()
                ),
            )
        }
    };
    match kind {
        None | Some(TagKind::Bytes) => {
            let (v, d) = bytes();
            (v, d, String::new())
        }
        Some(TagKind::U32) => numeric(WireType::Uint),
        Some(TagKind::I32) => numeric(WireType::Int),
        Some(TagKind::U16) => numeric(WireType::Ushort),
        Some(TagKind::Time) => numeric(WireType::Time),
        Some(TagKind::Str) => {
            let nul = data.iter().position(|&c| c == 0);
            let text = String::from_utf8_lossy(&data[..nul.unwrap_or(data.len())]).into_owned();
            let disp = format!("\"{text}\"");
            let prob = if nul.is_none() {
                "string has no terminating NUL".to_string()
            } else {
                String::new()
            };
            (Value::Text(text.into()), disp, prob)
        }
        Some(TagKind::Auto) => {
            if let Some(t) = printable_cstr(data) {
                let disp = format!("\"{t}\"");
                return (Value::Text(t.into()), disp, String::new());
            }
            match data.len() {
                1 => int(WireType::Uchar),
                2 => int(WireType::Ushort),
                4 => int(WireType::Uint),
                _ => None,
            }
            .map(|(v, d)| (v, d, String::new()))
            .unwrap_or_else(|| {
                let (v, d) = bytes();
                (v, d, String::new())
            })
        }
        Some(TagKind::NamedVar) | Some(TagKind::NamedArray) => {
            let (index, rest) = if kind == Some(TagKind::NamedArray) {
                match data.split_first() {
                    Some((i, r)) => (Some(*i), r),
                    None => (None, data),
                }
            } else {
                (None, data)
            };
            let mut parts = rest.split(|&c| c == 0);
            let name = parts
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned());
            let val = parts
                .next()
                .map(|p| String::from_utf8_lossy(p).into_owned());
            let nuls = rest.iter().filter(|&&c| c == 0).count();
            match (name, val) {
                (Some(n), Some(v)) if nuls >= 2 => {
                    let text = match index {
                        Some(i) => format!("{n}[{i}] = {v}"),
                        None => format!("{n} = {v}"),
                    };
                    let disp = format!("\"{text}\"");
                    (Value::Text(text.into()), disp, String::new())
                }
                _ => {
                    let (v, d) = bytes();
                    (v, d, "named variable is not name NUL value NUL".to_string())
                }
            }
        }
    }
}
