//! The four seed dumps decode to exactly what the CTI server and OPC logs print for them.
use ece_triage::cti::{decode_text, DecodeOptions, Direction, Framing, Message, Value};
use ece_triage::model::Confidence;

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/samples/seed/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn decode(name: &str) -> Vec<Message> {
    let out = decode_text(&seed(name), &DecodeOptions::default());
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    out.messages
}

#[test]
fn login_request_and_response() {
    let m = decode("listener-login.log");
    assert_eq!(m.len(), 2);
    let req = &m[0];
    assert!(req.problems.is_empty(), "{:?}", req.problems);
    assert_eq!(req.direction, Some(Direction::Sent));
    assert_eq!(req.type_number, Some(151));
    assert_eq!(req.name.as_deref(), Some("MEDIA_LOGIN_REQ"));
    assert_eq!(req.length, Some(27));
    assert_eq!(req.invoke_id(), Some(133_121));
    assert_eq!(req.mrd_id(), Some(5000));
    assert_eq!(req.agent_id(), Some(5033));
    assert_eq!(req.int("AgentMode"), Some(0));
    assert_eq!(req.int("MaxTaskLimit"), Some(1));
    let mtl = req.field("MaxTaskLimit").unwrap();
    assert_eq!((mtl.offset, mtl.size), (24, 4));
    assert!(
        !mtl.alternatives.is_empty(),
        "the 8-byte split is ambiguous"
    );
    assert!(mtl
        .alternatives
        .iter()
        .any(|a| a.values == "AgentMode = 0, MaxTaskLimit = 1"));
    assert_eq!(req.framing, Some(Framing::OneByte));
    assert!(req.framing_note.as_deref().unwrap().starts_with("detected"));
    assert_eq!(req.floating.len(), 1);
    let f = &req.floating[0];
    assert_eq!(f.tag, 107);
    assert_eq!(f.name.as_deref(), Some("AgentInfo"));
    assert_eq!(f.offset, 28);
    assert_eq!(f.length, 5);
    assert_eq!(f.value, Value::Text("1005".into()));

    let resp = &m[1];
    assert!(resp.problems.is_empty(), "{:?}", resp.problems);
    assert_eq!(resp.direction, Some(Direction::Received));
    assert_eq!(resp.name.as_deref(), Some("MEDIA_LOGIN_RESP"));
    assert_eq!(resp.invoke_id(), Some(133_121));
    let st = resp.field("Status").unwrap();
    assert_eq!(st.value, Value::Int(0));
    assert_eq!((st.offset, st.size), (12, 4));
    assert_eq!(st.confidence, Confidence::Inferred);
    assert!(st.alternatives.len() >= 2, "both readings are shown");
}

#[test]
fn ready_routable_and_ready() {
    let m = decode("listener-ready.log");
    assert_eq!(m.len(), 2);
    let r = &m[0];
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.name.as_deref(), Some("MAKE_AGENT_ROUTABLE_IND"));
    assert_eq!(r.length, Some(16));
    assert_eq!(r.invoke_id(), Some(80_171));
    assert_eq!(r.mrd_id(), Some(5000));
    assert_eq!(r.agent_id(), Some(6420));
    assert_eq!(r.int("MaxTasks"), Some(2));
    assert_eq!(r.int("MaxTaskLimit"), Some(2));
    let inv = r.field("InvokeID").unwrap();
    assert_eq!(
        (inv.offset, inv.size, inv.confidence),
        (8, 4, Confidence::Inferred)
    );

    let y = &m[1];
    assert!(y.problems.is_empty(), "{:?}", y.problems);
    assert_eq!(y.name.as_deref(), Some("MAKE_AGENT_READY_IND"));
    assert_eq!(y.length, Some(14));
    assert_eq!(y.invoke_id(), Some(80_172));
    assert_eq!(y.mrd_id(), Some(5000));
    assert_eq!(y.agent_id(), Some(6420));
    assert_eq!(y.int("MakeRoutable"), Some(1));
    let mr = y.field("MakeRoutable").unwrap();
    assert_eq!((mr.offset, mr.size), (20, 2));
}

#[test]
fn wrapped_log_gives_the_same_messages() {
    let a = decode("listener-ready.log");
    let b = decode("listener-ready-wrapped.log");
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.bytes, y.bytes);
        assert_eq!(x.name, y.name);
        assert_eq!(x.logged_name, y.logged_name);
        assert_eq!(x.direction, y.direction);
        assert_eq!(x.fields, y.fields);
    }
}

#[test]
fn header_fields_are_confirmed() {
    let m = decode("listener-ready.log");
    assert_eq!(m[0].fields[0].name, "InvokeID", "fields hold the body only");
    let h = &m[0].header_fields();
    assert_eq!(h[0].name, "MessageLength");
    assert_eq!(h[0].value, Value::Int(16));
    assert_eq!(h[1].name, "MessageType");
    assert_eq!(h[1].display, "MAKE_AGENT_ROUTABLE_IND (154)");
    assert!(h.iter().all(|f| f.confidence == Confidence::Confirmed));
}

#[test]
fn every_byte_belongs_to_one_field() {
    for m in decode("listener-login.log") {
        let mut covered = vec![0u32; m.bytes.len()];
        for (o, n) in m.field_ranges() {
            for c in covered.iter_mut().skip(o).take(n) {
                *c += 1;
            }
        }
        assert!(covered.iter().all(|&c| c == 1), "{covered:?}");
        assert_eq!(
            m.range_at(29),
            if m.type_number == Some(151) {
                Some((28, 7))
            } else {
                None
            }
        );
    }
}
