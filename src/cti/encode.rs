//! Typed values → bytes, and bytes → the dump texts users paste: the decoder's inverse, used by the
//! tests (round trips) and by the UI to build examples.

use super::catalog;
use super::WireType;
use super::{Direction, Framing};

/// One fixed-part value, typed as on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixedValue {
    Uint(u32),
    Int(i32),
    Ushort(u16),
    Short(i16),
    /// BOOL: 16 bits on the wire.
    Bool(u16),
    Uchar(u8),
    /// UNSPEC / raw bytes, written as is.
    Bytes(Vec<u8>),
}

impl FixedValue {
    /// The value of a catalogue wire type from an integer (truncated to the type's width);
    /// UNSPEC gets `n` zero bytes.
    pub fn from_wire(wire: WireType, v: i64) -> FixedValue {
        match wire {
            WireType::Uint | WireType::Time => FixedValue::Uint(v as u32),
            WireType::Int => FixedValue::Int(v as i32),
            WireType::Ushort => FixedValue::Ushort(v as u16),
            WireType::Short => FixedValue::Short(v as i16),
            WireType::Bool => FixedValue::Bool(v as u16),
            WireType::Uchar => FixedValue::Uchar(v as u8),
            WireType::Unspec => FixedValue::Bytes(Vec::new()),
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            FixedValue::Uint(v) => out.extend_from_slice(&v.to_be_bytes()),
            FixedValue::Int(v) => out.extend_from_slice(&v.to_be_bytes()),
            FixedValue::Ushort(v) | FixedValue::Bool(v) => out.extend_from_slice(&v.to_be_bytes()),
            FixedValue::Short(v) => out.extend_from_slice(&v.to_be_bytes()),
            FixedValue::Uchar(v) => out.push(*v),
            FixedValue::Bytes(b) => out.extend_from_slice(b),
        }
    }
}

/// One floating field: tag and data (the data length is written by the encoder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloatingValue {
    pub tag: u16,
    pub data: Vec<u8>,
}

impl FloatingValue {
    /// A STRING field: the text plus its NUL (counted in the length).
    pub fn string(tag: u16, s: &str) -> Self {
        let mut data = s.as_bytes().to_vec();
        data.push(0);
        FloatingValue { tag, data }
    }
    pub fn uint(tag: u16, v: u32) -> Self {
        FloatingValue {
            tag,
            data: v.to_be_bytes().to_vec(),
        }
    }
    pub fn int(tag: u16, v: i32) -> Self {
        FloatingValue {
            tag,
            data: v.to_be_bytes().to_vec(),
        }
    }
    pub fn ushort(tag: u16, v: u16) -> Self {
        FloatingValue {
            tag,
            data: v.to_be_bytes().to_vec(),
        }
    }
    pub fn bytes(tag: u16, data: &[u8]) -> Self {
        FloatingValue {
            tag,
            data: data.to_vec(),
        }
    }
}

/// A message to build: type, fixed values in layout order, floating fields, and their framing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSpec {
    pub type_number: u32,
    pub fixed: Vec<FixedValue>,
    pub floating: Vec<FloatingValue>,
    pub framing: Framing,
}

/// Why a message could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodeError {
    /// A tag or length does not fit the 1-byte framing (PV ≤ 19).
    TooBigForOneByteFraming { tag: u16, length: usize },
    /// A floating field's data is longer than 65535 bytes.
    TooLong { tag: u16, length: usize },
    /// The fixed values do not match the catalogue layout (see [`encode_with_layout`]).
    LayoutMismatch(String),
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncodeError::TooBigForOneByteFraming { tag, length } => write!(
                f,
                "tag {tag} with {length} data bytes does not fit 1-byte tag/length framing"
            ),
            EncodeError::TooLong { tag, length } => {
                write!(f, "tag {tag}: {length} data bytes is more than 65535")
            }
            EncodeError::LayoutMismatch(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for EncodeError {}

/// Builds a message: 8-byte header (MessageLength = body size, MessageType), fixed values in
/// order, then the floating fields in the given framing.
pub fn encode(spec: &MessageSpec) -> Result<Vec<u8>, EncodeError> {
    let mut body = Vec::new();
    for v in &spec.fixed {
        v.write(&mut body);
    }
    for fl in &spec.floating {
        let len = fl.data.len();
        match spec.framing {
            Framing::OneByte => {
                let (Ok(t), Ok(l)) = (u8::try_from(fl.tag), u8::try_from(len)) else {
                    return Err(EncodeError::TooBigForOneByteFraming {
                        tag: fl.tag,
                        length: len,
                    });
                };
                body.push(t);
                body.push(l);
            }
            Framing::TwoByte => {
                let Ok(l) = u16::try_from(len) else {
                    return Err(EncodeError::TooLong {
                        tag: fl.tag,
                        length: len,
                    });
                };
                body.extend_from_slice(&fl.tag.to_be_bytes());
                body.extend_from_slice(&l.to_be_bytes());
            }
        }
        body.extend_from_slice(&fl.data);
    }
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&spec.type_number.to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Builds a message from integers in the order of the catalogue layout of `type_number` (for
/// protocol version `pv`), checking count and order; `raw_rest` is appended after the fixed part
/// (for types whose body is only partly known). Floating fields follow when the layout has them.
pub fn encode_with_layout(
    type_number: u32,
    pv: Option<u32>,
    values: &[i64],
    raw_rest: &[u8],
    floating: &[FloatingValue],
    framing: Framing,
) -> Result<Vec<u8>, EncodeError> {
    let layout = catalog::layout(type_number, pv);
    if values.len() > layout.fields.len()
        || (!layout.partial && values.len() != layout.fields.len())
    {
        return Err(EncodeError::LayoutMismatch(format!(
            "type {type_number} has {} fixed fields, got {} values",
            layout.fields.len(),
            values.len()
        )));
    }
    let mut fixed: Vec<FixedValue> = layout
        .fields
        .iter()
        .zip(values)
        .map(|(s, v)| FixedValue::from_wire(s.wire, *v))
        .collect();
    if !raw_rest.is_empty() {
        fixed.push(FixedValue::Bytes(raw_rest.to_vec()));
    }
    encode(&MessageSpec {
        type_number,
        fixed,
        floating: if layout.floating {
            floating.to_vec()
        } else {
            vec![]
        },
        framing,
    })
}

/// How a dump is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpStyle {
    /// `0 0 0 16 0 0 0 -102`: Java signed bytes, as the ECE listener prints.
    SignedDecimal,
    /// `0 0 0 16 0 0 0 154`
    UnsignedDecimal,
    /// `00 00 00 10 00 00 00 9A`
    HexSpaced,
    /// `0x00 0x00 0x00 0x10`
    Hex0x,
    /// `000000100000009A`
    HexRun,
}

impl DumpStyle {
    pub const ALL: [DumpStyle; 5] = [
        DumpStyle::SignedDecimal,
        DumpStyle::UnsignedDecimal,
        DumpStyle::HexSpaced,
        DumpStyle::Hex0x,
        DumpStyle::HexRun,
    ];
}

/// Writes bytes as a dump text in the given style.
pub fn to_dump_text(bytes: &[u8], style: DumpStyle) -> String {
    let sep = if style == DumpStyle::HexRun { "" } else { " " };
    bytes
        .iter()
        .map(|&b| match style {
            DumpStyle::SignedDecimal => (b as i8).to_string(),
            DumpStyle::UnsignedDecimal => b.to_string(),
            DumpStyle::HexSpaced | DumpStyle::HexRun => format!("{b:02X}"),
            DumpStyle::Hex0x => format!("0x{b:02x}"),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// One ECE listener ARMLogger record for a message, `<@>`-separated as in the real log.
pub fn listener_record(direction: Direction, name: &str, bytes: &[u8]) -> String {
    let verb = match direction {
        Direction::Sent => "Sending",
        Direction::Received => "Received",
    };
    format!(
        "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [8938:listener-event-pool] <@> ProcessId:5436 \
         <@> com.ipcc.listener.arm.ARMLogger <@> <@> {verb} {name} -> {} <@>",
        to_dump_text(bytes, DumpStyle::SignedDecimal)
    )
}

/// Hard-wraps a text at `width` columns as a PDF or e-mail client would: at the last space before
/// the column, or (in a run without spaces) exactly at the column.
pub fn hard_wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::with_capacity(text.len() + text.len() / width + 1);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut rest = line;
        while rest.chars().count() > width {
            let cut_at = rest
                .char_indices()
                .nth(width)
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            // a space right at the column is a clean break too
            let look = if rest[cut_at..].starts_with(' ') {
                cut_at + 1
            } else {
                cut_at
            };
            let (head, tail) = match rest[..look].rfind(' ') {
                Some(sp) if sp > 0 => (&rest[..sp], &rest[sp + 1..]),
                _ => (&rest[..cut_at], &rest[cut_at..]),
            };
            out.push_str(head);
            out.push('\n');
            rest = tail;
        }
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_seed_login() {
        let b = encode_with_layout(
            151,
            None,
            &[133_121, 5000, 5033, 0, 0, 1],
            &[],
            &[FloatingValue::string(107, "1005")],
            Framing::OneByte,
        )
        .unwrap();
        assert_eq!(
            to_dump_text(&b, DumpStyle::SignedDecimal),
            "0 0 0 27 0 0 0 -105 0 2 8 1 0 0 19 -120 0 0 19 -87 0 0 0 0 0 0 0 1 107 5 49 48 48 53 0"
        );
        let two = encode_with_layout(
            151,
            None,
            &[133_121, 5000, 5033, 0, 0, 1],
            &[],
            &[FloatingValue::string(107, "1005")],
            Framing::TwoByte,
        )
        .unwrap();
        assert_eq!(two.len(), b.len() + 2);
        assert_eq!(&two[28..32], &[0, 107, 0, 5]);
    }

    #[test]
    fn one_byte_framing_refuses_big_tags() {
        let spec = MessageSpec {
            type_number: 151,
            fixed: vec![],
            floating: vec![FloatingValue::uint(266, 1)],
            framing: Framing::OneByte,
        };
        assert!(matches!(
            encode(&spec),
            Err(EncodeError::TooBigForOneByteFraming { tag: 266, .. })
        ));
    }

    #[test]
    fn wraps_at_spaces_or_in_runs() {
        assert_eq!(hard_wrap("0 0 0 16 0 0", 5), "0 0 0\n16 0\n0");
        assert_eq!(hard_wrap("000000100000", 5), "00000\n01000\n00");
    }
}
