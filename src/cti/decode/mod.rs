//! Bytes → decoded message: header, fixed fields with offsets, floating fields, checks.
//!
//! Never panics: every read is bounds-checked (`get`), nothing derived from input is unwrapped.

use super::catalog::{self, FieldSpec, Layout, Meaning, TagKind};
use super::{
    at, Alternative, Alternatives, ByteProblem, DecodeOptions, Field, FloatingField, Framing,
    FramingChoice, Label, Message, RawBytes, Value, WireType,
};
use crate::confidence::Confidence;
use std::sync::OnceLock;

mod floating;
mod value;
use floating::*;
pub use value::*;

const HEADER: usize = 8;

/// Result of decoding the body with one layout and one framing.
struct Attempt {
    fields: Vec<Field>,
    floating: FloatParse,
    problems: Vec<ByteProblem>,
    framing: Framing,
    cand: &'static Cand,
    has_floating_bytes: bool,
    layout_floating: bool,
}

impl Attempt {
    /// Higher is better: no problems, floating part read cleanly, no unknown tags, more known
    /// floating fields (a longer fixed part must not swallow a real floating field), more fields.
    fn score(&self) -> (bool, bool, bool, usize, usize) {
        (
            self.problems.is_empty() && self.floating.clean,
            self.floating.clean,
            self.floating.unknown_tags == 0,
            self.floating.fields.len() - self.floating.unknown_tags,
            self.fields.len(),
        )
    }
}

fn attempt(b: &[u8], body_end: usize, cand: &'static Cand, framing: Framing) -> Attempt {
    let layout = &cand.layout;
    // Room for exactly the fields this body yields (those that fit, then one truncated or
    // `Unparsed` field): a `Field` is large and every decoded message keeps its vector.
    let mut fit = 0;
    let mut end = HEADER;
    for spec in &layout.fields {
        end += spec.wire.size();
        if end > body_end {
            break;
        }
        fit += 1;
    }
    let mut fields = Vec::with_capacity(fit + usize::from(end != body_end));
    let mut problems = Vec::new();
    let mut pos = HEADER;
    let mut truncated = false;
    for spec in &layout.fields {
        let size = spec.wire.size();
        let end = pos + size;
        if end > body_end {
            if layout.partial {
                break;
            }
            let raw = b.get(pos..body_end).unwrap_or(&[]);
            problems.push(ByteProblem {
                offset: pos,
                message: format!(
                    "field {} ({}, {size} bytes) at offset {pos} is truncated: only {} byte(s) \
                     before the end of the message",
                    spec.name,
                    spec.wire.as_str(),
                    body_end.saturating_sub(pos)
                ),
            });
            if !raw.is_empty() {
                let mut fld = raw_field(spec.name, pos, raw, spec.confidence);
                fld.ty = spec.wire;
                fld.display = format!("{} (truncated)", hex(raw)).into();
                fields.push(fld);
            }
            pos = body_end;
            truncated = true;
            break;
        }
        let raw = b.get(pos..end).unwrap_or(&[]);
        fields.push(fixed_field(spec, pos, raw));
        pos = end;
    }
    let mut floating = FloatParse {
        clean: true,
        ..Default::default()
    };
    let has_floating_bytes = pos < body_end && layout.floating && !truncated;
    if pos < body_end {
        if layout.floating {
            floating = parse_floating(b, pos, body_end, framing);
        } else if let Some(raw) = b.get(pos..body_end) {
            let conf = Confidence::Unconfirmed;
            fields.push(raw_field("Unparsed", pos, raw, conf));
        }
    }
    Attempt {
        fields,
        floating,
        problems,
        framing,
        cand,
        has_floating_bytes,
        layout_floating: layout.floating,
    }
}

fn framing_name(f: Framing) -> &'static str {
    match f {
        Framing::OneByte => "1-byte tag + 1-byte length (protocol version ≤ 19)",
        Framing::TwoByte => "2-byte tag + 2-byte length (protocol version ≥ 20)",
    }
}

/// One layout candidate of a message type (protocol versions `lo..=hi`), kept for the program's
/// life with the framing notes decoded messages show for it, each built on first use: a decoded
/// message borrows its note instead of formatting a ~150-byte string.
struct Cand {
    lo: u32,
    hi: u32,
    layout: Layout,
    notes: [OnceLock<String>; 8],
}

/// Which automatic framing note (see `Cand::note`).
#[derive(Clone, Copy)]
enum NoteKind {
    /// The layout has no floating part.
    NoFloatingPart,
    /// Floating part, but no floating bytes: the framing is not read.
    NoFloatingBytes,
    Detected(Framing),
    BothFit(Framing),
    NeitherFits(Framing),
}

fn other_framing(f: Framing) -> Framing {
    match f {
        Framing::OneByte => Framing::TwoByte,
        Framing::TwoByte => Framing::OneByte,
    }
}

impl Cand {
    fn new((lo, hi, layout): (u32, u32, Layout)) -> Self {
        Cand {
            lo,
            hi,
            layout,
            notes: Default::default(),
        }
    }

    /// The framing note of an automatic decode with this layout.
    fn note(&'static self, kind: NoteKind) -> &'static str {
        let f = |x: Framing| usize::from(x == Framing::TwoByte);
        let i = match kind {
            NoteKind::NoFloatingPart => 0,
            NoteKind::NoFloatingBytes => 1,
            NoteKind::Detected(x) => 2 + f(x),
            NoteKind::BothFit(x) => 4 + f(x),
            NoteKind::NeitherFits(x) => 6 + f(x),
        };
        self.notes[i].get_or_init(|| {
            let framing = match kind {
                NoteKind::NoFloatingPart => String::new(),
                NoteKind::NoFloatingBytes => {
                    "no floating fields: the framing cannot be told from these bytes".to_string()
                }
                NoteKind::Detected(x) => format!(
                    "detected: the floating fields fit {} and not {}",
                    framing_name(x),
                    framing_name(other_framing(x))
                ),
                NoteKind::BothFit(x) => format!(
                    "both framings fit the floating bytes; shown with {} (fewest unknown tags)",
                    framing_name(x)
                ),
                NoteKind::NeitherFits(x) => format!(
                    "neither framing fits the floating bytes cleanly; shown with {}",
                    framing_name(x)
                ),
            };
            with_layout_note(framing, self.layout.note)
        })
    }
}

/// `<framing note>; layout: <layout note>` (no `; ` when there is no framing note).
fn with_layout_note(mut n: String, layout_note: &str) -> String {
    if !n.is_empty() {
        n.push_str("; ");
    }
    n.push_str("layout: ");
    n.push_str(layout_note);
    n
}

/// Highest catalogued message type (`catalog::type_name` is `None` above it; see the tests).
const MAX_TYPE: usize = 300;

/// The layout candidates of catalogued type `t` (`catalog::layout_candidates`), built once.
fn candidates(t: u32) -> &'static [Cand] {
    static BY_TYPE: [OnceLock<Box<[Cand]>>; MAX_TYPE + 1] =
        [const { OnceLock::new() }; MAX_TYPE + 1];
    match BY_TYPE.get(t as usize) {
        Some(c) => c.get_or_init(|| {
            catalog::layout_candidates(t)
                .into_iter()
                .map(Cand::new)
                .collect()
        }),
        None => unknown_type(),
    }
}

/// The raw layout of a type the catalogue does not name.
fn unknown_type() -> &'static [Cand] {
    static C: OnceLock<[Cand; 1]> = OnceLock::new();
    C.get_or_init(|| [Cand::new((0, u32::MAX, catalog::layout(0, None)))])
}

/// PV24 web page shows FAILURE_CONF like CONTROL_FAILURE_CONF; only that fits a 10-byte body.
fn failure_conf_10() -> &'static [Cand] {
    static C: OnceLock<[Cand; 1]> = OnceLock::new();
    C.get_or_init(|| {
        let uint = |name: &'static str| FieldSpec {
            name,
            wire: WireType::Uint,
            meaning: Meaning::Plain,
            confidence: Confidence::Confirmed,
        };
        [Cand::new((
            0,
            u32::MAX,
            Layout {
                fields: vec![
                    uint("InvokeID"),
                    FieldSpec {
                        name: "FailureCode",
                        wire: WireType::Ushort,
                        meaning: Meaning::CtiStatus,
                        confidence: Confidence::Inferred,
                    },
                    FieldSpec {
                        name: "PeripheralErrorCode",
                        wire: WireType::Uint,
                        meaning: Meaning::Plain,
                        confidence: Confidence::Inferred,
                    },
                ],
                partial: false,
                floating: true,
                note: "10-byte body: read with the PV24 guide page's FAILURE_CONF layout \
                       (InvokeID, FailureCode USHORT, PeripheralErrorCode UINT)",
            },
        ))]
    })
}

/// The 8-byte header as fields (MessageLength, MessageType), confirmed; a header cut short is
/// one raw `IncompleteHeader` field. Kept out of `Message::fields`, which holds the body.
pub fn header_fields(b: &[u8]) -> Vec<Field> {
    let spec = |name: &'static str| FieldSpec {
        name,
        wire: WireType::Uint,
        meaning: Meaning::Plain,
        confidence: Confidence::Confirmed,
    };
    let mut out = Vec::new();
    match b.get(0..4) {
        Some(l) => out.push(fixed_field(&spec("MessageLength"), 0, l)),
        None => {
            if !b.is_empty() {
                out.push(raw_field("IncompleteHeader", 0, b, Confidence::Unconfirmed));
            }
            return out;
        }
    }
    match (b.get(4..8), be_u32(b, 4)) {
        (Some(raw), Some(t)) => {
            let mut f = fixed_field(&spec("MessageType"), 4, raw);
            f.display = match catalog::type_name(t) {
                Some(n) => Label::format(format_args!("{n} ({t})")),
                None => Label::format(format_args!("unknown ({t})")),
            };
            out.push(f);
        }
        _ => {
            if let Some(r) = b.get(4..).filter(|r| !r.is_empty()) {
                out.push(raw_field("IncompleteHeader", 4, r, Confidence::Unconfirmed));
            }
        }
    }
    out
}

/// Decodes one message from its bytes (header first).
pub fn decode_bytes(b: &[u8], opts: &DecodeOptions) -> Message {
    decode_vec(b.to_vec(), opts)
}

/// [`decode_bytes`] on bytes the message then keeps (no copy).
pub fn decode_vec(bytes: Vec<u8>, opts: &DecodeOptions) -> Message {
    let mut m = decode_body(&bytes, opts);
    m.bytes = bytes;
    m
}

/// Everything of the message but `bytes`.
fn decode_body(b: &[u8], opts: &DecodeOptions) -> Message {
    let mut problems = Vec::new();
    let mut m = decode_parts(b, opts, &mut problems);
    problems.sort_by_key(|p| p.offset);
    m.problems = problems.into_boxed_slice();
    m
}

/// [`decode_body`] with the byte problems collected in `problems` (unsorted).
fn decode_parts(b: &[u8], opts: &DecodeOptions, problems: &mut Vec<ByteProblem>) -> Message {
    let mut m = Message {
        direction: None,
        logged_name: None,
        type_number: None,
        name: None,
        length: None,
        bytes: Vec::new(),
        fields: vec![],
        floating: Box::default(),
        framing: None,
        framing_note: None,
        problems: Box::default(),
        text_span: (0, 0),
    };
    let Some(len) = be_u32(b, 0) else {
        problems.push(ByteProblem {
            offset: 0,
            message: format!(
                "only {} byte(s): the 8-byte header (MessageLength, MessageType) is incomplete",
                b.len()
            ),
        });
        return m;
    };
    m.length = Some(len);
    let Some(t) = be_u32(b, 4) else {
        problems.push(ByteProblem {
            offset: 4,
            message: format!(
                "only {} byte(s): the 8-byte header is incomplete (MessageType missing)",
                b.len()
            ),
        });
        return m;
    };
    m.type_number = Some(t);
    m.name = catalog::type_name(t).map(Label::borrowed);
    if m.name.is_none() {
        problems.push(ByteProblem {
            offset: 4,
            message: format!("unknown message type {t}: header shown, body shown raw"),
        });
    }

    let declared_end = (len as usize).saturating_add(HEADER);
    let body_end = declared_end.min(b.len());
    if declared_end > b.len() {
        problems.push(ByteProblem {
            offset: 0,
            message: format!(
                "declared length {len} needs {declared_end} bytes with the header, but only {} are \
                 present ({} missing)",
                b.len(),
                declared_end - b.len()
            ),
        });
    }

    // Pick the layout (and framing) the bytes fit best.
    let cands: &'static [Cand] = if t == 1 && len == 10 {
        failure_conf_10()
    } else if m.name.is_some() {
        candidates(t)
    } else {
        unknown_type()
    };
    let forced = match opts.framing {
        FramingChoice::Version(v) => Some(v),
        FramingChoice::Auto => None,
    };
    // Best score wins; on a tie the earlier attempt (1-byte, older layout) is kept. Attempts are
    // judged as they are made (no vector of them).
    let mut best: Option<Attempt> = None;
    let mut clean_framings: Vec<Framing> = Vec::new();
    let mut consider = |a: Attempt| {
        if a.has_floating_bytes && a.floating.clean && !clean_framings.contains(&a.framing) {
            clean_framings.push(a.framing);
        }
        let better = match &best {
            None => true,
            Some(cur) => a.score() > cur.score(),
        };
        if better {
            best = Some(a);
        }
    };
    match forced {
        Some(v) => {
            let framing = if v >= 20 {
                Framing::TwoByte
            } else {
                Framing::OneByte
            };
            // `cands` is never empty (the catalogue gives every type a layout).
            if let Some(c) = cands
                .iter()
                .find(|c| v >= c.lo && v <= c.hi)
                .or(cands.last())
            {
                consider(attempt(b, body_end, c, framing));
            }
        }
        None => {
            for c in cands {
                let mut framing_matters = true;
                for framing in [Framing::OneByte, Framing::TwoByte] {
                    let fits_pv = match framing {
                        Framing::OneByte => c.lo <= 19,
                        Framing::TwoByte => c.hi >= 20,
                    };
                    // Without floating bytes the framing is not read: a second attempt with the
                    // other framing would be identical, score equal and never win the tie.
                    if fits_pv && framing_matters {
                        let a = attempt(b, body_end, c, framing);
                        framing_matters = a.has_floating_bytes;
                        consider(a);
                    }
                }
            }
        }
    }
    let Some(best) = best else {
        return m;
    };

    let layout_note = best.cand.layout.note;
    m.framing_note = Some(if !best.layout_floating {
        Label::borrowed(best.cand.note(NoteKind::NoFloatingPart))
    } else if !best.has_floating_bytes {
        match forced {
            Some(v) => with_layout_note(
                format!(
                    "no floating fields; protocol version {v} set: {}",
                    framing_name(best.framing)
                ),
                layout_note,
            )
            .into(),
            None => Label::borrowed(best.cand.note(NoteKind::NoFloatingBytes)),
        }
    } else {
        m.framing = Some(best.framing);
        match forced {
            Some(v) => {
                let mut s = format!(
                    "set by the user: protocol version {v} → {}",
                    framing_name(best.framing)
                );
                if !best.floating.clean {
                    s.push_str(&format!(
                        "; the floating bytes do not fit it (try {})",
                        framing_name(other_framing(best.framing))
                    ));
                }
                with_layout_note(s, layout_note).into()
            }
            None if best.floating.clean && clean_framings.len() == 1 => {
                Label::borrowed(best.cand.note(NoteKind::Detected(best.framing)))
            }
            None if best.floating.clean => {
                Label::borrowed(best.cand.note(NoteKind::BothFit(best.framing)))
            }
            None => Label::borrowed(best.cand.note(NoteKind::NeitherFits(best.framing))),
        }
    });

    // `m.fields` is still empty: take the vector instead of copying it.
    m.fields = best.fields;
    problems.extend(best.problems);
    m.floating = best.floating.fields.into_boxed_slice();
    problems.extend(best.floating.problems);
    if let Some(l) = best.floating.leftover {
        m.fields.push(l);
    }
    add_arm_alternatives(t, &mut m.fields);

    if declared_end < b.len() {
        let extra = b.len() - declared_end;
        problems.push(ByteProblem {
            offset: declared_end,
            message: format!(
                "{extra} trailing byte(s) after the end of the message (declared length {len} ends \
                 at offset {declared_end})"
            ),
        });
        if let Some(r) = b.get(declared_end..) {
            m.fields.push(raw_field(
                "TrailingBytes",
                declared_end,
                r,
                Confidence::Unconfirmed,
            ));
        }
    }
    m
}

/// The competing readings of the ARM fields the seed dumps leave ambiguous.
fn add_arm_alternatives(t: u32, fields: &mut [Field]) {
    match t {
        151 => {
            // The 8 bytes after ICMAgentID (offsets 20..28).
            let region: Vec<u8> = fields
                .iter()
                .filter(|f| (20..28).contains(&f.offset))
                .flat_map(|f| f.raw.iter().copied())
                .collect();
            let Some(r) = region.get(0..8) else {
                return;
            };
            let u16at = |i: usize| u16::from_be_bytes([r[i], r[i + 1]]);
            let u32at = |i: usize| u32::from_be_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
            let alts = vec![
                Alternative {
                    reading: "(B) AgentMode UINT + MaxTaskLimit UINT".into(),
                    values: Label::format(format_args!(
                        "AgentMode = {}, MaxTaskLimit = {}",
                        u32at(0),
                        u32at(4)
                    )),
                },
                Alternative {
                    reading: "(C) AgentMode USHORT + MaxTaskLimit UINT + unknown USHORT \
                              (AGENT_STATE_EVENT order)"
                        .into(),
                    values: Label::format(format_args!(
                        "AgentMode = {}, MaxTaskLimit = {}, unknown = {}",
                        u16at(0),
                        u32at(2),
                        u16at(6)
                    )),
                },
            ];
            for f in fields.iter_mut().filter(|f| (20..28).contains(&f.offset)) {
                let mut a = alts.clone();
                if f.name == "IsAvailable" {
                    a.insert(
                        0,
                        Alternative {
                            reading: "(A) unknown USHORT: the CTI server may add IsAvailable \
                                      itself"
                                .into(),
                            values: Label::format(format_args!("unknown = {}", u16at(2))),
                        },
                    );
                }
                a.append(&mut f.alternatives.take());
                f.alternatives = a.into();
            }
        }
        152 => {
            for f in fields.iter_mut().filter(|f| f.name == "Status") {
                let Some(v) = f.value.as_i64() else { continue };
                f.alternatives = vec![
                    Alternative {
                        reading: "E_CTI_* status code".into(),
                        values: match catalog::cti_status_name(v) {
                            Some(n) => Label::format(format_args!("{n} ({v})")),
                            None => Label::format(format_args!("{v} (not a listed E_CTI value)")),
                        },
                    },
                    Alternative {
                        reading: "reserved UINT, meaning unknown (no published layout)".into(),
                        values: int_label(v),
                    },
                ]
                .into();
            }
        }
        157 => {
            for f in fields.iter_mut().filter(|f| f.name == "MakeRoutable") {
                let Some(v) = f.value.as_i64() else { continue };
                f.alternatives = vec![Alternative {
                    reading: "AgentMode USHORT instead of a BOOL".into(),
                    values: agent_mode_text(v),
                }]
                .into();
            }
        }
        // ARM replies: the seed MEDIA_LOGIN_RESP carries InvokeID + Status, so a reply whose
        // layout is unknown may too; show that reading next to the inferred MRDID.
        156 | 159 | 162 | 165 | 177 | 179 | 183 | 188 | 190 | 210 => {
            for f in fields.iter_mut().filter(|f| f.offset == 12 && f.size == 4) {
                let Some(v) = f.value.as_i64() else { continue };
                let as_status = u32::try_from(v).map(i64::from).unwrap_or(v & 0xFFFF_FFFF);
                f.alternatives.push(Alternative {
                    reading: "Status UINT (E_ARM_STAT_*), as MEDIA_LOGIN_RESP carries it after \
                              InvokeID"
                        .into(),
                    values: display(Meaning::ArmStatus, as_status),
                });
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_566_221_649), "2019-08-19 13:34:09 UTC");
    }

    #[test]
    fn every_catalogued_type_has_cached_candidates() {
        for t in 0..=u32::from(u16::MAX) {
            if catalog::type_name(t).is_some() {
                assert!((t as usize) <= MAX_TYPE, "type {t} is above MAX_TYPE");
                let c = candidates(t);
                assert_eq!(c.len(), catalog::layout_candidates(t).len());
            }
        }
    }

    #[test]
    fn hex_is_spaced_upper() {
        assert_eq!(hex(&[0, 0x9a, 0xff]), "00 9A FF");
    }
}
