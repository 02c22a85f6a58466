//! Property tests: random messages built by the encoder survive text dump → decode in every input
//! form, and no input (bytes or text) makes the decoder panic.
use ece_triage::cti::catalog;
use ece_triage::cti::encode::{
    encode_with_layout, hard_wrap, listener_record, to_dump_text, DumpStyle, FloatingValue,
};
use ece_triage::cti::WireType as Wire;
use ece_triage::cti::{
    decode_bytes, decode_text, DecodeOptions, Direction, Framing, FramingChoice, Value,
};
use proptest::prelude::*;

/// A random message: type, protocol version, fixed values, raw rest, floating fields.
#[derive(Debug, Clone)]
struct Gen {
    t: u32,
    pv: u32,
    values: Vec<i64>,
    rest: Vec<u8>,
    floating: Vec<FloatingValue>,
}

impl Gen {
    fn framing(&self) -> Framing {
        if self.pv >= 20 {
            Framing::TwoByte
        } else {
            Framing::OneByte
        }
    }
    fn bytes(&self) -> Vec<u8> {
        encode_with_layout(
            self.t,
            Some(self.pv),
            &self.values,
            &self.rest,
            &self.floating,
            self.framing(),
        )
        .expect("generated messages fit their framing")
    }
}

fn floating_strategy(two_byte: bool) -> impl Strategy<Value = FloatingValue> {
    // known tags of each kind; 266 only when the framing can carry it
    let big = if two_byte { 266u16 } else { 62 };
    prop_oneof![
        (
            prop::sample::select(vec![1u16, 5, 7, 107, 194]),
            "[ -~]{0,20}"
        )
            .prop_map(|(t, s)| FloatingValue::string(t, &s)),
        (
            prop::sample::select(vec![62u16, 63, 150, big]),
            any::<u32>()
        )
            .prop_map(|(t, v)| FloatingValue::uint(t, v)),
        (
            prop::sample::select(vec![64u16, 65, 123, 228]),
            any::<u16>()
        )
            .prop_map(|(t, v)| FloatingValue::ushort(t, v)),
        any::<i32>().prop_map(|v| FloatingValue::int(97, v)),
    ]
}

fn message_strategy() -> impl Strategy<Value = Gen> {
    let types: Vec<u32> = catalog::all_types().map(|(t, _)| t).collect();
    (
        prop::sample::select(types),
        prop::sample::select(vec![13u32, 18, 19, 20, 22, 24]),
    )
        .prop_flat_map(|(t, pv)| {
            let layout = catalog::layout(t, Some(pv));
            let n = layout.fields.len();
            let wires: Vec<Wire> = layout.fields.iter().map(|f| f.wire).collect();
            let count = if layout.partial { 0..=n } else { n..=n };
            let floating = if layout.floating {
                prop::collection::vec(floating_strategy(pv >= 20), 0..4).boxed()
            } else {
                Just(vec![]).boxed()
            };
            (
                Just(t),
                Just(pv),
                Just(wires),
                count,
                prop::collection::vec(any::<u32>(), n),
                prop::collection::vec(any::<u8>(), 0..12),
                floating,
            )
        })
        .prop_map(|(t, pv, wires, k, raw_values, rest, floating)| {
            let values: Vec<i64> = wires
                .iter()
                .zip(&raw_values)
                .take(k)
                .map(|(w, v)| expected(*w, *v as i64))
                .collect();
            // raw bytes after the known fields only when all of them are present
            let rest = if k == wires.len() && catalog::layout(t, Some(pv)).partial {
                rest
            } else {
                vec![]
            };
            Gen {
                t,
                pv,
                values,
                rest,
                floating,
            }
        })
}

/// The value the decoder reads back for `v` written as `wire`.
fn expected(wire: Wire, v: i64) -> i64 {
    match wire {
        Wire::Uint | Wire::Time => v as u32 as i64,
        Wire::Int => v as u32 as i32 as i64,
        Wire::Ushort | Wire::Bool => v as u16 as i64,
        Wire::Short => v as u16 as i16 as i64,
        Wire::Uchar => v as u8 as i64,
        Wire::Unspec => 0,
    }
}

fn expected_floating(f: &FloatingValue) -> Value {
    match catalog::tag_info(f.tag).map(|i| i.kind) {
        Some(catalog::TagKind::Str) => Value::Text(
            String::from_utf8_lossy(&f.data[..f.data.len() - 1])
                .into_owned()
                .into(),
        ),
        Some(catalog::TagKind::U32) => {
            Value::Int(u32::from_be_bytes(f.data[..4].try_into().unwrap()) as i64)
        }
        Some(catalog::TagKind::I32) => {
            Value::Int(i32::from_be_bytes(f.data[..4].try_into().unwrap()) as i64)
        }
        Some(catalog::TagKind::U16) => {
            Value::Int(u16::from_be_bytes(f.data[..2].try_into().unwrap()) as i64)
        }
        _ => Value::Bytes(f.data.clone().into()),
    }
}

#[derive(Debug, Clone, Copy)]
enum Form {
    Bare(DumpStyle),
    Record,
}

fn form_strategy() -> impl Strategy<Value = Form> {
    prop_oneof![
        prop::sample::select(DumpStyle::ALL.to_vec()).prop_map(Form::Bare),
        Just(Form::Record),
    ]
}

fn check_decoded(g: &Gen, m: &ece_triage::cti::Message) -> Result<(), TestCaseError> {
    let b = g.bytes();
    prop_assert_eq!(&m.bytes, &b);
    prop_assert!(m.problems.is_empty(), "{:?}", m.problems);
    prop_assert_eq!(m.type_number, Some(g.t));
    prop_assert_eq!(m.length, Some(b.len() as u32 - 8));
    prop_assert_eq!(m.name.as_deref(), catalog::type_name(g.t));
    let layout = catalog::layout(g.t, Some(g.pv));
    let body: Vec<_> = m.fields.iter().collect();
    for (i, v) in g.values.iter().enumerate() {
        let f = body[i];
        prop_assert_eq!(f.name.as_str(), layout.fields[i].name);
        prop_assert_eq!(&f.value, &Value::Int(*v), "field {}", f.name);
    }
    let after: Vec<_> = body.iter().skip(g.values.len()).collect();
    if g.rest.is_empty() {
        prop_assert!(after.is_empty(), "{:?}", after);
    } else {
        prop_assert_eq!(after.len(), 1);
        prop_assert_eq!(&after[0].raw, &g.rest);
    }
    prop_assert_eq!(m.floating.len(), g.floating.len());
    for (got, want) in m.floating.iter().zip(&g.floating) {
        prop_assert_eq!(got.tag, want.tag);
        prop_assert_eq!(got.length, want.data.len());
        prop_assert_eq!(&got.value, &expected_floating(want));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn round_trips_through_every_text_form(
        gens in prop::collection::vec(message_strategy(), 1..4),
        form in form_strategy(),
        width in prop::option::of(8usize..140),
    ) {
        // `Sending`/`Received` must stay whole; the message name may be cut anywhere
        let width = match form {
            Form::Record => width.map(|w| w.max(12)),
            Form::Bare(_) => width,
        };
        let pieces: Vec<String> = gens
            .iter()
            .map(|g| {
                let b = g.bytes();
                match form {
                    Form::Bare(style) => to_dump_text(&b, style),
                    Form::Record => listener_record(
                        Direction::Received,
                        catalog::type_name(g.t).unwrap_or("UNKNOWN"),
                        &b,
                    ),
                }
            })
            .collect();
        let mut text = pieces.join("\n");
        if let Some(w) = width {
            text = hard_wrap(&text, w);
        }
        // one protocol version for the whole paste: the decoder is told it
        for g in &gens {
            let opts = DecodeOptions { framing: FramingChoice::Version(g.pv) };
            let out = decode_text(&text, &opts);
            prop_assert!(out.problems.is_empty(), "{:?}\n{}", out.problems, text);
            prop_assert_eq!(out.messages.len(), gens.len(), "{}", text);
            let i = gens.iter().position(|x| std::ptr::eq(x, g)).unwrap();
            let m = &out.messages[i];
            if let Form::Record = form {
                prop_assert_eq!(m.direction, Some(Direction::Received));
                prop_assert_eq!(m.logged_name.as_deref(), catalog::type_name(g.t));
            }
            check_decoded(g, m)?;
        }
    }

    #[test]
    fn round_trips_bytes_with_detected_framing(g in message_strategy()) {
        // Auto detection: the message must still decode to the same bytes and type, without panics;
        // when only one framing fits, it must be the one used.
        let b = g.bytes();
        let m = decode_bytes(&b, &DecodeOptions::default());
        prop_assert_eq!(m.type_number, Some(g.t));
        prop_assert_eq!(&m.bytes, &b);
        // the true framing/layout always fits cleanly, so auto-detection never settles for less
        prop_assert!(m.problems.is_empty(), "{:?}", m.problems);
        if m.framing == Some(g.framing()) && m.fields.len() == g.values.len() + usize::from(!g.rest.is_empty()) {
            check_decoded(&g, &m)?;
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..200), pv in prop::option::of(0u32..40)) {
        let framing = pv.map(FramingChoice::Version).unwrap_or_default();
        let m = decode_bytes(&b, &DecodeOptions { framing });
        prop_assert_eq!(m.bytes, b);
    }

    #[test]
    fn arbitrary_headers_never_panic(t in 0u32..300, len in any::<u32>(), body in prop::collection::vec(any::<u8>(), 0..100)) {
        let mut b = len.to_be_bytes().to_vec();
        b.extend_from_slice(&t.to_be_bytes());
        b.extend_from_slice(&body);
        let _ = decode_bytes(&b, &DecodeOptions::default());
        let _ = decode_text(&to_dump_text(&b, DumpStyle::SignedDecimal), &DecodeOptions::default());
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
        let _ = decode_text(&s, &DecodeOptions::default());
    }

    #[test]
    fn dump_like_text_never_panics(s in "(Sending|Received|->|<@>|MEDIA_LOGIN_REQ|0x|-|[0-9a-fA-F]{1,9}|[ \n,]|é){0,120}") {
        let out = decode_text(&s, &DecodeOptions::default());
        for p in &out.problems {
            prop_assert!(p.offset <= s.len());
            prop_assert!(s.is_char_boundary(p.offset));
        }
        for m in &out.messages {
            prop_assert!(m.text_span.0 <= m.text_span.1 && m.text_span.1 <= s.len());
        }
    }
}
