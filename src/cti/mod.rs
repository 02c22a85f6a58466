//! CTI/ARM wire format: message catalogue, byte-dump text → bytes, bytes → decoded message with offsets.
//!
//! Contract used by the rest of the crate (the log parsers, the analysis, the UI and the CLI):
//! `decode_text` finds every dump in a text and decodes it; `decode_bytes` decodes one message.
//! Every field carries its byte offset (from the first header byte), size and confidence.
//!
//! Inside: [`catalog`] (type names, tags, enums, layouts with their confidence), [`dump`] (text →
//! bytes), [`decode`] (bytes → `Message`), [`encode`] (typed values → bytes → dump texts).

use crate::confidence::Confidence;
use serde::{Deserialize, Serialize};

pub mod catalog;
pub mod decode;
pub mod dump;
pub mod encode;

/// Which way a message went, as the listener log says (`Sending` / `Received`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Sent,
    Received,
}

/// How floating fields are framed: 1-byte tag + 1-byte length (protocol version ≤ 19) or 2 + 2 (≥ 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    /// Tag and length are one byte each (PV ≤ 19).
    OneByte,
    /// Tag and length are USHORTs (PV ≥ 20).
    TwoByte,
}

/// What the user told us about framing; `Auto` detects it from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FramingChoice {
    #[default]
    Auto,
    /// A protocol version the user set (e.g. 19 or 24).
    Version(u32),
}

/// Decoder settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DecodeOptions {
    pub framing: FramingChoice,
}

/// A decoded field value.
///
/// Text and bytes are the compact [`Label`] and [`RawBytes`] (serialized exactly like `String`
/// and `Vec<u8>`): the enum is then 24 bytes, not 32, in every decoded field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Text(Label),
    Bytes(RawBytes),
}

impl Value {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
}

/// Another way the same bytes can be read, when the layout is ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    /// e.g. "(B) AgentMode UINT + MaxTaskLimit UINT"
    pub reading: Label,
    /// e.g. "AgentMode = 0, MaxTaskLimit = 1"
    pub values: Label,
}

pub use crate::compact::{Label, RawBytes};

/// One fixed field of a message.
///
/// Kept by the million (every listener ARM record keeps its fields), so it is packed: a one-byte
/// wire type, 32-bit offset and size, a two-word alternatives list (128 bytes, was 176).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// From the catalogue (borrowed, no allocation) or, when deserialized, owned.
    pub name: Label,
    /// Wire type: UINT, INT, USHORT, BOOL, UNSPEC, TIME ...
    #[serde(rename = "type")]
    pub ty: WireType,
    /// Byte offset from the first byte of the header (a message is never near 4 GiB: its bytes
    /// were read from one dump in a text; [`at`] saturates rather than wraps).
    pub offset: u32,
    pub size: u32,
    pub raw: RawBytes,
    pub value: Value,
    /// `5000`, `NOT_ACTIVE (14)`, `"1005"` ...
    pub display: Label,
    pub confidence: Confidence,
    /// Competing readings of the same bytes; empty when the layout is certain.
    #[serde(default, skip_serializing_if = "<[Alternative]>::is_empty")]
    pub alternatives: Alternatives,
}

/// A byte position or size as a [`Field`] keeps it: `u32`, saturating (never reached: see
/// [`Field::offset`]).
pub fn at(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A fixed field's wire type, as its name (`"UINT"` ...) in JSON and tables. One byte where a
/// name would take a 24-byte [`Label`] in every decoded field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum WireType {
    Uint,
    Int,
    Ushort,
    Short,
    Bool,
    Uchar,
    Time,
    Unspec,
}

impl WireType {
    pub fn as_str(self) -> &'static str {
        match self {
            WireType::Uint => "UINT",
            WireType::Int => "INT",
            WireType::Ushort => "USHORT",
            WireType::Short => "SHORT",
            WireType::Bool => "BOOL",
            WireType::Uchar => "UCHAR",
            WireType::Time => "TIME",
            WireType::Unspec => "UNSPEC",
        }
    }

    /// Bytes a value of this type takes; 0 for UNSPEC, whose size is its field's own (no
    /// catalogue layout has an UNSPEC fixed field).
    pub fn size(self) -> usize {
        match self {
            WireType::Uint | WireType::Int | WireType::Time => 4,
            WireType::Ushort | WireType::Short | WireType::Bool => 2,
            WireType::Uchar => 1,
            WireType::Unspec => 0,
        }
    }

    /// Reads a value of this type from exactly `b` (big-endian); `None` for UNSPEC or a size mismatch.
    pub fn read(self, b: &[u8]) -> Option<i64> {
        Some(match (self, b) {
            (WireType::Uint | WireType::Time, [a, b2, c, d]) => {
                u32::from_be_bytes([*a, *b2, *c, *d]) as i64
            }
            (WireType::Int, [a, b2, c, d]) => i32::from_be_bytes([*a, *b2, *c, *d]) as i64,
            (WireType::Ushort | WireType::Bool, [a, b2]) => u16::from_be_bytes([*a, *b2]) as i64,
            (WireType::Short, [a, b2]) => i16::from_be_bytes([*a, *b2]) as i64,
            (WireType::Uchar, [a]) => *a as i64,
            _ => return None,
        })
    }
}

impl std::fmt::Display for WireType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for WireType {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

/// A field's [`Alternative`] readings: two words where a `Vec` takes three, and no allocation
/// when empty (nearly every field). Reads as a slice; serializes exactly like `Vec<Alternative>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alternatives(Box<[Alternative]>);

impl Alternatives {
    pub fn new() -> Self {
        Alternatives::default()
    }
    /// Adds a reading (copies the others: readings are made once, when a field is decoded).
    pub fn push(&mut self, a: Alternative) {
        let mut v = self.take();
        v.push(a);
        *self = v.into();
    }
    /// The readings as a vector, leaving this empty.
    pub fn take(&mut self) -> Vec<Alternative> {
        std::mem::take(&mut self.0).into_vec()
    }
}

impl std::ops::Deref for Alternatives {
    type Target = [Alternative];
    fn deref(&self) -> &[Alternative] {
        &self.0
    }
}

impl From<Vec<Alternative>> for Alternatives {
    fn from(v: Vec<Alternative>) -> Self {
        Alternatives(v.into_boxed_slice())
    }
}

impl<'a> IntoIterator for &'a Alternatives {
    type Item = &'a Alternative;
    type IntoIter = std::slice::Iter<'a, Alternative>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for Alternatives {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Alternatives {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Alternative>::deserialize(d)?.into())
    }
}

/// One floating (tagged) field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloatingField {
    pub tag: u16,
    /// Tag name, or `None` for an unknown tag (then shown raw).
    pub name: Option<Label>,
    pub offset: usize,
    /// Data length as declared.
    pub length: usize,
    pub raw: RawBytes,
    pub value: Value,
    pub display: Label,
    pub confidence: Confidence,
}

/// Something wrong with a message's bytes, at a byte offset from the start of the header.
pub type ByteProblem = crate::problem::Positioned;

/// One decoded CTI/ARM message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// `sent` / `received` from the log record, or null for bare bytes.
    pub direction: Option<Direction>,
    /// The message name the log printed, if any (may disagree with the type number).
    pub logged_name: Option<Label>,
    /// Header MessageType; `None` if the dump is shorter than 8 bytes.
    #[serde(rename = "type")]
    pub type_number: Option<u32>,
    /// Catalogue name of the type number, `None` if unknown.
    pub name: Option<Label>,
    /// Header MessageLength (bytes after the header).
    pub length: Option<u32>,
    pub bytes: Vec<u8>,
    /// Body fields in wire order, from offset 8 (the header is in `type_number`/`length`, and as
    /// fields via [`Message::header_fields`]); bytes no layout explains are one raw `Unparsed`
    /// field, bytes past the declared length one `TrailingBytes` field.
    pub fields: Vec<Field>,
    /// Boxed slices, not vectors (like `problems`): made once by the decoder, nearly always
    /// empty, and every listener ARM record keeps its message (192 bytes, was 208).
    pub floating: Box<[FloatingField]>,
    /// Framing used for the floating part and whether it was detected or set.
    pub framing: Option<Framing>,
    pub framing_note: Option<Label>,
    pub problems: Box<[ByteProblem]>,
    /// Byte range of the dump in the decoded text (start, end), for linking back.
    pub text_span: (usize, usize),
}

impl Message {
    /// The value of a fixed field by name, as an integer.
    ///
    /// `MaxTasks` (as the CTI server and OPC name it in MAKE_AGENT_ROUTABLE_IND) and
    /// `MaxTaskLimit` (MEDIA_LOGIN_REQ, AGENT_STATE_EVENT) answer for each other.
    pub fn int(&self, name: &str) -> Option<i64> {
        let find = |n: &str| {
            self.fields
                .iter()
                .find(|f| f.name == n)
                .and_then(|f| f.value.as_i64())
        };
        find(name).or_else(|| match name {
            "MaxTasks" => find("MaxTaskLimit"),
            "MaxTaskLimit" => find("MaxTasks"),
            _ => None,
        })
    }
    /// The floating field with this tag name, if present.
    pub fn floating_field(&self, name: &str) -> Option<&FloatingField> {
        self.floating
            .iter()
            .find(|f| f.name.as_deref() == Some(name))
    }
    /// The fixed field with this name, if present.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn invoke_id(&self) -> Option<u32> {
        self.int("InvokeID").and_then(|v| u32::try_from(v).ok())
    }
    pub fn mrd_id(&self) -> Option<u32> {
        self.int("MRDID").and_then(|v| u32::try_from(v).ok())
    }
    pub fn agent_id(&self) -> Option<u32> {
        self.int("ICMAgentID").and_then(|v| u32::try_from(v).ok())
    }
    /// Bytes taken by a floating field on the wire: tag + length header (per the message's
    /// framing, 1+1 if unknown) plus the data present.
    pub fn floating_size(&self, f: &FloatingField) -> usize {
        let hdr = match self.framing {
            Some(Framing::TwoByte) => 4,
            _ => 2,
        };
        hdr + f.raw.len()
    }
    /// The 8-byte header as two confirmed fields (MessageLength, MessageType with its name), for
    /// tables; `fields` holds only the body. A header cut short is one raw `IncompleteHeader`.
    pub fn header_fields(&self) -> Vec<Field> {
        decode::header_fields(&self.bytes)
    }
    /// (offset, size) of the header fields, every body field, then every floating field (its tag
    /// and length included).
    pub fn field_ranges(&self) -> Vec<(usize, usize)> {
        self.header_fields()
            .iter()
            .chain(&self.fields)
            .map(|f| (f.offset as usize, f.size as usize))
            .chain(
                self.floating
                    .iter()
                    .map(|f| (f.offset, self.floating_size(f))),
            )
            .collect()
    }
    /// The (offset, size) of the field that holds byte `offset`, for linking bytes to rows.
    pub fn range_at(&self, offset: usize) -> Option<(usize, usize)> {
        self.field_ranges()
            .into_iter()
            .find(|&(o, n)| offset >= o && offset < o + n)
    }
    /// Name to show: the catalogue name, else the logged name, else `type N`.
    pub fn label(&self) -> String {
        match self.name.as_deref().or(self.logged_name.as_deref()) {
            Some(n) => n.to_string(),
            None => match self.type_number {
                Some(t) => format!("type {t}"),
                None => "(no header)".to_string(),
            },
        }
    }

    /// Sets the name the log printed: the catalogue's own (borrowed) when it is the same text.
    pub fn set_logged_name(&mut self, logged: &str) {
        self.logged_name = Some(match &self.name {
            Some(n) if n.as_str() == logged => n.clone(),
            _ => Label::new(logged),
        });
    }
}

/// Problems with the dump text itself (not the bytes), with text offsets.
pub type TextProblem = crate::problem::Positioned;

/// Everything found in a pasted text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DecodeOutput {
    pub messages: Vec<Message>,
    pub problems: Vec<TextProblem>,
}

/// Finds every dump in `text` (listener records `Sending X -> …`/`Received X -> …`, or bare bytes in
/// signed/unsigned decimal or hex, possibly wrapped over lines) and decodes each.
pub fn decode_text(text: &str, opts: &DecodeOptions) -> DecodeOutput {
    let (dumps, problems) = dump::find_dumps(text);
    let mut messages = Vec::new();
    for d in dumps {
        if d.record {
            let mut m = decode::decode_bytes(&d.bytes, opts);
            m.direction = d.direction;
            if let Some(n) = &d.logged_name {
                m.set_logged_name(n);
            }
            m.text_span = d.span;
            check_logged_name(&mut m);
            messages.push(m);
        } else {
            for (start, end) in split_messages(&d.bytes) {
                let mut m = decode::decode_bytes(d.bytes.get(start..end).unwrap_or(&[]), opts);
                let first = d.byte_spans.get(start).map(|s| s.0).unwrap_or(d.span.0);
                let last = end
                    .checked_sub(1)
                    .and_then(|e| d.byte_spans.get(e))
                    .map(|s| s.1)
                    .unwrap_or(d.span.1);
                m.text_span = (first, last);
                messages.push(m);
            }
        }
    }
    DecodeOutput { messages, problems }
}

/// A one-line listener record `Sending NAME -> b b …` (signed decimal bytes, as the listener
/// prints them) decoded exactly as [`decode_text`] would, without its general search; `None` for
/// any other text (then call `decode_text`).
pub fn decode_record(text: &str, opts: &DecodeOptions) -> Option<Message> {
    let (direction, name, bytes, end) = dump::simple_record_bytes(text)?;
    let mut m = decode::decode_vec(bytes, opts);
    m.direction = Some(direction);
    m.set_logged_name(name);
    m.text_span = (0, end);
    check_logged_name(&mut m);
    Some(m)
}

/// Splits a bare run of bytes into messages where one message's declared end is followed by
/// another plausible header (known type, length that fits); otherwise it stays one message.
fn split_messages(b: &[u8]) -> Vec<(usize, usize)> {
    let plausible = |at: usize| -> Option<usize> {
        let h = b.get(at..at + 8)?;
        let len = u32::from_be_bytes([h[0], h[1], h[2], h[3]]) as usize;
        let t = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
        catalog::type_name(t)?;
        let end = at.checked_add(8)?.checked_add(len)?;
        (end <= b.len()).then_some(end)
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        match plausible(at) {
            Some(end) if end < b.len() && plausible(end).is_some() => {
                out.push((at, end));
                at = end;
            }
            _ => {
                out.push((at, b.len()));
                break;
            }
        }
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

/// Adds a problem when the name the log printed disagrees with the header's type number.
pub fn check_logged_name(m: &mut Message) {
    let (Some(logged), Some(t)) = (m.logged_name.as_deref(), m.type_number) else {
        return;
    };
    let agrees = m
        .name
        .as_deref()
        .is_some_and(|n| n.eq_ignore_ascii_case(logged));
    if !agrees {
        let says = match (&m.name, catalog::type_number(logged)) {
            (Some(n), Some(lt)) => format!("type number {t} is {n} (the log's name is type {lt})"),
            (Some(n), None) => format!("type number {t} is {n}"),
            (None, _) => format!("type number {t} is not in the catalogue"),
        };
        let mut problems = std::mem::take(&mut m.problems).into_vec();
        problems.push(ByteProblem {
            offset: 4,
            message: format!("the log names this message {logged}, but {says}"),
        });
        problems.sort_by_key(|p| p.offset);
        m.problems = problems.into();
    }
}

/// Decodes one message from its bytes (header first).
pub fn decode_bytes(bytes: &[u8], opts: &DecodeOptions) -> Message {
    decode::decode_bytes(bytes, opts)
}
