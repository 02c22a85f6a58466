//! Every malformed input gives a clear problem at the right offset, and the decoder still shows
//! what it can.
use ece_triage::cti::encode::{encode_with_layout, to_dump_text, DumpStyle, FloatingValue};
use ece_triage::cti::{
    decode_bytes, decode_text, ByteProblem, DecodeOptions, Framing, FramingChoice, Message, Value,
};
use ece_triage::model::Confidence;

const ROUTABLE: &str = "0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2";
const READY: &str = "0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1";
const LOGIN: &str =
    "0 0 0 27 0 0 0 -105 0 2 8 1 0 0 19 -120 0 0 19 -87 0 0 0 0 0 0 0 1 107 5 49 48 48 53 0";

fn one(text: &str) -> Message {
    let out = decode_text(text, &DecodeOptions::default());
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.messages.len(), 1, "{:?}", out.messages);
    out.messages.into_iter().next().unwrap()
}

fn problem(offset: usize, message: &str) -> ByteProblem {
    ByteProblem {
        offset,
        message: message.to_string(),
    }
}

#[test]
fn declared_length_longer_than_the_bytes() {
    // ROUTABLE cut after 18 bytes: ICMAgentID has 2 of its 4 bytes.
    let text = ROUTABLE.split(' ').take(18).collect::<Vec<_>>().join(" ");
    let m = one(&text);
    assert_eq!(
        m.problems.to_vec(),
        vec![
            problem(
                0,
                "declared length 16 needs 24 bytes with the header, but only 18 are present (6 missing)"
            ),
            problem(
                16,
                "field ICMAgentID (INT, 4 bytes) at offset 16 is truncated: only 2 byte(s) before the end of the message"
            ),
        ]
    );
    // still shows the header and the fields that are there
    assert_eq!(m.invoke_id(), Some(80_171));
    assert_eq!(m.mrd_id(), Some(5000));
    let trunc = m.field("ICMAgentID").unwrap();
    assert_eq!(trunc.raw, vec![0, 0]);
    assert_eq!(trunc.value, Value::Bytes(vec![0, 0].into()));
}

#[test]
fn trailing_bytes() {
    let m = one(&format!("{READY} 7 7"));
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            22,
            "2 trailing byte(s) after the end of the message (declared length 14 ends at offset 22)"
        )]
    );
    let t = m.field("TrailingBytes").unwrap();
    assert_eq!(
        (t.offset, t.size, t.confidence),
        (22, 2, Confidence::Unconfirmed)
    );
    assert_eq!(m.int("MakeRoutable"), Some(1));
}

#[test]
fn floating_field_running_past_the_end() {
    let text = LOGIN.replace("107 5 49", "107 9 49");
    let m = one(&text);
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            28,
            "floating field AgentInfo (tag 107) at offset 28 declares 9 data bytes but only 5 remain before the end of the message"
        )]
    );
    assert_eq!(m.framing, Some(Framing::OneByte));
    assert!(m
        .framing_note
        .as_deref()
        .unwrap()
        .starts_with("neither framing fits"));
    assert_eq!(m.floating.len(), 1);
    assert_eq!(m.floating[0].raw, b"1005\0".to_vec());
}

#[test]
fn string_without_its_nul() {
    let text = LOGIN
        .replacen("0 0 0 27", "0 0 0 26", 1)
        .replace("107 5 49 48 48 53 0", "107 4 49 48 48 53");
    let m = one(&text);
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            28,
            "floating field AgentInfo (tag 107) at offset 28: string has no terminating NUL"
        )]
    );
    assert_eq!(m.floating[0].value, Value::Text("1005".into()));
}

#[test]
fn floating_header_cut_short() {
    // one lone byte after the fixed part of a READY_IND (length 15)
    let m = one(&format!("{} 9", READY.replacen("0 0 0 14", "0 0 0 15", 1)));
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            22,
            "1 byte(s) left at offset 22: too short for a floating field header (tag + length = 2 bytes)"
        )]
    );
    assert_eq!(m.field("Unparsed").unwrap().raw, vec![9]);
}

#[test]
fn logged_name_disagrees_with_the_type_number() {
    let m = one(&format!("Sending MAKE_AGENT_READY_IND -> {ROUTABLE} <@>"));
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            4,
            "the log names this message MAKE_AGENT_READY_IND, but type number 154 is MAKE_AGENT_ROUTABLE_IND (the log's name is type 157)"
        )]
    );
    assert_eq!(m.name.as_deref(), Some("MAKE_AGENT_ROUTABLE_IND"));
    assert_eq!(m.logged_name.as_deref(), Some("MAKE_AGENT_READY_IND"));
}

#[test]
fn unknown_type_number_shows_header_and_raw_body() {
    let m = one("0 0 0 4 0 0 0 70 1 2 3 4");
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            4,
            "unknown message type 70: header shown, body shown raw"
        )]
    );
    assert_eq!(m.type_number, Some(70));
    assert_eq!(m.name, None);
    assert_eq!(m.label(), "type 70");
    let names: Vec<&str> = m.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Unparsed"]);
    assert_eq!(m.header_fields()[1].display, "unknown (70)");
    assert_eq!(m.fields[0].raw, vec![1, 2, 3, 4]);
    assert_eq!(m.fields[0].confidence, Confidence::Unconfirmed);
}

#[test]
fn incomplete_header() {
    let out = decode_text(
        "Sending MEDIA_LOGIN_REQ -> 0 0 0 <@>",
        &DecodeOptions::default(),
    );
    let m = &out.messages[0];
    assert_eq!(
        m.problems.to_vec(),
        vec![problem(
            0,
            "only 3 byte(s): the 8-byte header (MessageLength, MessageType) is incomplete"
        )]
    );
    assert_eq!(m.type_number, None);
    assert_eq!(m.label(), "MEDIA_LOGIN_REQ");
    assert!(m.fields.is_empty());
    let h = m.header_fields();
    assert_eq!(
        (h[0].name.as_str(), h[0].offset, h[0].size),
        ("IncompleteHeader", 0, 3)
    );
    let m = decode_bytes(&[0, 0, 0, 8, 0, 0], &DecodeOptions::default());
    assert_eq!(m.length, Some(8));
    assert_eq!(
        m.problems[0],
        problem(
            4,
            "only 6 byte(s): the 8-byte header is incomplete (MessageType missing)"
        )
    );
}

#[test]
fn text_problems_have_text_offsets() {
    let text = "Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 zz 0 1 57 44 0 0 19 -120 0 0 25 20 0 1 <@>";
    let out = decode_text(text, &DecodeOptions::default());
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].offset, text.find("zz").unwrap());
    assert_eq!(out.problems[0].message, "'zz' is not a byte");
    assert_eq!(out.messages[0].invoke_id(), Some(80_172));

    let text = "0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 20 0 1 -300";
    let out = decode_text(text, &DecodeOptions::default());
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].offset, text.find("-300").unwrap());
    assert_eq!(
        out.problems[0].message,
        "-300 is out of the byte range -128..255"
    );

    let text = "0000000E0000009D0001392C000013880000191400010";
    let out = decode_text(text, &DecodeOptions::default());
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].offset, text.len() - 1);
    assert_eq!(
        out.problems[0].message,
        "odd number of hex digits (45): the last digit has no partner and is ignored"
    );
    assert_eq!(out.messages[0].int("MakeRoutable"), Some(1));
}

#[test]
fn unknown_arm_layout_shows_the_inferred_triplet_then_raw() {
    // OFFER_TASK_IND (160): no published layout.
    let b = encode_with_layout(
        160,
        None,
        &[7, 5000, 6420],
        &[1, 2, 3, 4, 5, 6],
        &[],
        Framing::OneByte,
    )
    .unwrap();
    let m = decode_bytes(&b, &DecodeOptions::default());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let got: Vec<(&str, u32, u32, Confidence)> = m
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.offset, f.size, f.confidence))
        .collect();
    assert_eq!(
        got,
        [
            ("InvokeID", 8, 4, Confidence::Inferred),
            ("MRDID", 12, 4, Confidence::Inferred),
            ("ICMAgentID", 16, 4, Confidence::Inferred),
            ("Unparsed", 20, 6, Confidence::Unconfirmed),
        ]
    );
    // a body too short for the triplet: only what fits, no invented problem
    let m = decode_bytes(
        &[0, 0, 0, 6, 0, 0, 0, 169, 0, 0, 0, 9, 1, 2],
        &DecodeOptions::default(),
    );
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.invoke_id(), Some(9));
    assert_eq!(m.field("Unparsed").unwrap().raw, vec![1, 2]);
    assert_eq!(m.name.as_deref(), Some("END_TASK_IND"));
}

#[test]
fn session_messages_decode_fully_confirmed() {
    // FAILURE_CONF: InvokeID 80171, Status E_CTI_INVALID_MR_DOMAIN
    let m = one("0 0 0 8 0 0 0 1 0 1 57 43 0 0 0 88");
    assert!(m.problems.is_empty());
    let st = m.field("Status").unwrap();
    assert_eq!(st.display, "E_CTI_INVALID_MR_DOMAIN (88)");
    assert!(m
        .fields
        .iter()
        .all(|f| f.confidence == Confidence::Confirmed));

    // CONTROL_FAILURE_CONF
    let m = one("00 00 00 0A 00 00 00 23 00 00 00 05 00 09 00 00 00 00");
    assert_eq!(
        m.field("FailureCode").unwrap().display,
        "E_CTI_AGENT_NOT_LOGGED_ON (9)"
    );

    // OPEN_REQ with ClientID, ApplicationPathID in 1-byte framing
    let b = encode_with_layout(
        3,
        None,
        &[1, 19, 120, 0xFFFF_FFFF, 0x400, 0, 0, 0, 0, 0, 0],
        &[],
        &[
            FloatingValue::string(1, "ECE"),
            FloatingValue::int(97, 5001),
        ],
        Framing::OneByte,
    )
    .unwrap();
    let m = one(&to_dump_text(&b, DumpStyle::HexSpaced));
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.int("VersionNumber"), Some(19));
    assert_eq!(
        m.field("PeripheralID").unwrap().display,
        "NULL (0xFFFFFFFF)"
    );
    assert_eq!(
        m.field("ServicesRequested").unwrap().display,
        "0x00000400 (AGENT_REPORTING)"
    );
    assert_eq!(m.framing, Some(Framing::OneByte));
    assert_eq!(
        m.floating_field("ClientID").unwrap().value,
        Value::Text("ECE".into())
    );
    assert_eq!(
        m.floating_field("ApplicationPathID").unwrap().value,
        Value::Int(5001)
    );

    // AGENT_STATE_EVENT, PV22 (62-byte fixed part, 2-byte framing): detected
    let vals: Vec<i64> = vec![
        0, 5000, 6, 19, 14, 0, 70518, 6928, 0, 14, 0, 5000, 0, 1, 2, 6420, 1, 0, 1,
    ];
    let b = encode_with_layout(
        30,
        Some(22),
        &vals,
        &[],
        &[
            FloatingValue::string(5, "1005"),
            FloatingValue::uint(266, 0),
        ],
        Framing::TwoByte,
    )
    .unwrap();
    let m = decode_bytes(&b, &DecodeOptions::default());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.framing, Some(Framing::TwoByte));
    assert_eq!(m.int("DepartmentID"), Some(1));
    assert_eq!(
        m.field("AgentState").unwrap().display,
        "AGENT_STATE_NOT_ACTIVE (14)"
    );
    assert_eq!(
        m.field("AgentAvailabilityStatus").unwrap().display,
        "ICM_AVAILABLE (1)"
    );
    let mode = m.field("AgentMode").unwrap();
    assert_eq!(mode.confidence, Confidence::Confirmed);
    assert_eq!(
        mode.alternatives.len(),
        2,
        "polarity differs between guides"
    );
    assert_eq!(
        m.floating_field("MaxBeyondTaskLimit").unwrap().value,
        Value::Int(0)
    );
    assert!(m
        .fields
        .iter()
        .all(|f| f.confidence == Confidence::Confirmed));

    // HEARTBEAT_REQ / CLOSE_CONF
    let m = one("0 0 0 4 0 0 0 5 0 0 0 9");
    assert_eq!(m.name.as_deref(), Some("HEARTBEAT_REQ"));
    assert_eq!(m.invoke_id(), Some(9));
}

#[test]
fn framing_set_by_the_user_is_honoured() {
    let opts = DecodeOptions {
        framing: FramingChoice::Version(24),
    };
    let out = decode_text(LOGIN, &opts);
    let m = &out.messages[0];
    assert_eq!(m.framing, Some(Framing::TwoByte));
    let note = m.framing_note.as_deref().unwrap();
    assert!(
        note.starts_with("set by the user: protocol version 24"),
        "{note}"
    );
    assert!(note.contains("do not fit"), "{note}");
    assert!(!m.problems.is_empty());
    // nothing dropped: the unreadable floating bytes still appear
    assert_eq!(m.floating.len(), 1);
}

#[test]
fn unknown_tags_are_shown_raw() {
    let text = LOGIN.replace("107 5", "108 5");
    let m = one(&text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let f = &m.floating[0];
    assert_eq!((f.tag, f.name.as_deref()), (108, None));
    assert_eq!(f.value, Value::Bytes(b"1005\0".to_vec().into()));
    assert_eq!(f.confidence, Confidence::Unconfirmed);
    assert!(f.display.starts_with("31 30 30 35 00"), "{}", f.display);
}

#[test]
fn several_dumps_pasted_together() {
    let text = format!("{ROUTABLE}\n{READY}\n\n{LOGIN}");
    let out = decode_text(&text, &DecodeOptions::default());
    assert!(out.problems.is_empty());
    let names: Vec<String> = out.messages.iter().map(Message::label).collect();
    assert_eq!(
        names,
        [
            "MAKE_AGENT_ROUTABLE_IND",
            "MAKE_AGENT_READY_IND",
            "MEDIA_LOGIN_REQ"
        ]
    );
    assert!(out.messages.iter().all(|m| m.problems.is_empty()));
    let second = &out.messages[1];
    assert_eq!(&text[second.text_span.0..second.text_span.1], READY);
}

#[test]
fn login_response_shows_both_readings() {
    let m = one("Received MEDIA_LOGIN_RESP ->  0 0 0 8 0 0 0 -104 0 2 8 1 0 0 0 27 <@>");
    let st = m.field("Status").unwrap();
    assert_eq!(st.display, "E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH (27)");
    let readings: Vec<&str> = st.alternatives.iter().map(|a| a.reading.as_str()).collect();
    assert!(readings.iter().any(|r| r.contains("E_CTI")));
    assert!(readings.iter().any(|r| r.contains("reserved")));
}

#[test]
fn arm_failure_response_offers_the_status_reading() {
    // FAILURE_RESP (190): InvokeID 80171, then 27
    let m = one("0 0 0 8 0 0 0 -66 0 1 57 43 0 0 0 27");
    assert_eq!(m.name.as_deref(), Some("FAILURE_RESP"));
    assert_eq!(m.invoke_id(), Some(80_171));
    let second = &m.fields[1];
    assert_eq!(second.name, "MRDID");
    assert_eq!(second.confidence, Confidence::Inferred);
    assert_eq!(
        second.alternatives[0].values,
        "E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH (27)"
    );
}

#[test]
fn two_byte_framing_is_detected() {
    // MEDIA_LOGIN_REQ from a PV ≥ 22 client: AgentInfo and MaxBeyondTaskLimit (tag 266)
    let b = encode_with_layout(
        151,
        None,
        &[1, 5000, 5033, 0, 0, 1],
        &[],
        &[
            FloatingValue::string(107, "1005"),
            FloatingValue::uint(266, 2),
        ],
        Framing::TwoByte,
    )
    .unwrap();
    let m = decode_bytes(&b, &DecodeOptions::default());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.framing, Some(Framing::TwoByte));
    assert!(m.framing_note.as_deref().unwrap().starts_with("detected"));
    assert_eq!(
        m.floating_field("AgentInfo").unwrap().value,
        Value::Text("1005".into())
    );
    assert_eq!(
        m.floating_field("MaxBeyondTaskLimit").unwrap().value,
        Value::Int(2)
    );
    assert_eq!(m.range_at(m.bytes.len() - 1), Some((37, 8)));
}

#[test]
fn open_conf_fixed_part_follows_the_version() {
    // 30-byte OPEN_CONF (PV19–23) with no floating part: auto picks the layout that fits exactly
    let vals = [1, 0x400, 0, 0, 1_566_221_649, 1, 19, 14, 7];
    let b = encode_with_layout(4, Some(19), &vals, &[], &[], Framing::OneByte).unwrap();
    let m = decode_bytes(&b, &DecodeOptions::default());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.int("DepartmentID"), Some(7));
    assert_eq!(
        m.field("ICMCentralControllerTime").unwrap().display,
        "2019-08-19 13:34:09 UTC (1566221649)"
    );
    assert_eq!(
        m.field("PeripheralType").unwrap().display,
        "PT_MEDIA_ROUTING (19)"
    );
    assert_eq!(m.field("PGStatus").unwrap().display, "0x00000000 (normal)");
}

#[test]
fn agent_state_event_pv18_is_not_read_with_the_pv19_layout() {
    // PV18: 58-byte fixed part, then NextAgentState (123, USHORT) — whose 4 bytes could also pass
    // for a PV19 DepartmentID; the reading that keeps the known floating field wins.
    let vals: Vec<i64> = vec![
        0, 5000, 6, 19, 14, 0, 70518, 6928, 0, 14, 0, 5000, 0, 1, 2, 6420, 1, 0,
    ];
    let b = encode_with_layout(
        30,
        Some(18),
        &vals,
        &[],
        &[
            FloatingValue::ushort(123, 2),
            FloatingValue::string(5, "1005"),
        ],
        Framing::OneByte,
    )
    .unwrap();
    let m = decode_bytes(&b, &DecodeOptions::default());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.field("DepartmentID"), None);
    assert_eq!(
        m.floating_field("NextAgentState").unwrap().value,
        Value::Int(2)
    );
    assert_eq!(
        m.floating_field("AgentID").unwrap().value,
        Value::Text("1005".into())
    );
}
