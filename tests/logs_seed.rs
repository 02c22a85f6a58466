//! Each seed sample gives exactly the events and values it shows.

use ece_triage::logs::{parse, LogParse};
use ece_triage::model::{AgentState, Event, EventKind, Input, SourceKind, StateChange, Zone};

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/samples/seed/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn p(name: &str) -> LogParse {
    parse(0, &Input::new(name, seed(name)))
}

fn kinds(p: &LogParse) -> Vec<String> {
    p.events.iter().map(Event::kind_name).collect()
}

fn field<'a>(e: &'a Event, k: &str) -> &'a str {
    e.field(k)
        .unwrap_or_else(|| panic!("no field {k} in {e:?}"))
}

#[test]
fn ctisvr_login() {
    let p = p("ctisvr-login.log");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(p.unrecognised.is_empty());
    assert_eq!(
        kinds(&p),
        [
            "ProcessMediaLoginReq",
            "SendARMMsg",
            "ProcessARMMediaLoginRespMsg"
        ]
    );
    let e = &p.events;
    assert!(e.iter().all(|e| e.source == SourceKind::Ctisvr));
    assert_eq!(field(&e[0], "sessionID"), "4");
    assert_eq!(e[1].invoke_id, Some(591309094));
    assert_eq!(e[1].mrd_id, Some(5000));
    assert_eq!(e[1].agent_id, Some(5033));
    assert_eq!(field(&e[1], "AgentMode"), "0");
    assert_eq!(field(&e[1], "IsAvailable"), "0");
    assert_eq!(field(&e[1], "MaxTaskLimit"), "1");
    assert_eq!(field(&e[1], "AgentInfo"), "1005");
    assert_eq!(field(&e[1], "ApplicationPathID"), "5001");
    assert_eq!(field(&e[1], "PeripheralID"), "0");
    assert_eq!(field(&e[1], "AgentID"), "");
    let EventKind::Trace { fields, .. } = &e[1].kind else {
        panic!()
    };
    assert_eq!(fields.len(), 10);
    assert_eq!(e[2].invoke_id, Some(591309094));
    assert_eq!(field(&e[2], "Status"), "0");
    assert_eq!(e[2].agent_id, Some(5033));
    let t = e[0].time().unwrap();
    assert_eq!(t.ms_of_day, (20 * 3600 + 27 * 60 + 32) * 1000 + 466);
    assert_eq!(t.zone, Zone::Unknown);
    assert_eq!(t.date, None);
    assert_eq!((e[1].origin.line, e[1].origin.end_line), (2, 2));
}

#[test]
fn ctisvr_ready() {
    let p = p("ctisvr-ready.log");
    assert!(p.problems.is_empty() && p.unrecognised.is_empty());
    assert_eq!(
        kinds(&p),
        [
            "ProcessMakeAgentRoutableInd",
            "SendARMMsg",
            "ProcessMakeAgentReadyInd",
            "SendARMMsg"
        ]
    );
    let e = &p.events;
    assert_eq!(
        (e[1].invoke_id, e[1].mrd_id, e[1].agent_id),
        (Some(80171), Some(5000), Some(6420))
    );
    assert_eq!(field(&e[1], "MaxTasks"), "2");
    assert_eq!(field(&e[1], "SessionID"), "6");
    assert_eq!(
        (e[3].invoke_id, e[3].mrd_id, e[3].agent_id),
        (Some(80172), Some(5000), Some(6420))
    );
    assert_eq!(field(&e[3], "MakeRoutable"), "1");
}

#[test]
fn opc_ready() {
    let p = p("opc-ready.log");
    assert!(p.problems.is_empty() && p.unrecognised.is_empty());
    assert_eq!(
        kinds(&p),
        ["MakeAgentRoutableInd", "MakeAgentReadyInd", "SetAgentState"]
    );
    let e = &p.events;
    assert!(e.iter().all(|e| e.source == SourceKind::Opc));
    assert_eq!(
        (e[0].invoke_id, e[0].mrd_id, e[0].agent_id),
        (Some(80171), Some(5000), Some(6420))
    );
    assert_eq!(field(&e[0], "MaxTasks"), "2");
    assert_eq!(
        (e[1].invoke_id, e[1].mrd_id, e[1].agent_id),
        (Some(80172), Some(5000), Some(6420))
    );
    assert_eq!((e[2].agent_id, e[2].mrd_id), (Some(6420), Some(5000)));
    match &e[2].kind {
        EventKind::StateChange(s) => {
            let StateChange {
                peripheral_number,
                skill_group_id,
                skill_group_number,
                old,
                new,
                old_raw,
                new_raw,
                reason_code,
                duration,
            } = &**s;
            assert_eq!(*peripheral_number, Some(15003));
            assert_eq!(*skill_group_id, Some(6928));
            assert_eq!(*skill_group_number, Some(70518));
            assert_eq!(*old, Some(AgentState::NotReady));
            assert_eq!(*new, Some(AgentState::NotActive));
            assert_eq!(old_raw, "AS_NOT_READY");
            assert_eq!(new_raw, "AS_NOT_ACTIVE");
            assert_eq!(*reason_code, Some(0));
            assert_eq!(*duration, Some(0));
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn listener_ready_shapes() {
    let p = p("listener-ready.log");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(p.unrecognised.is_empty());
    assert_eq!(
        kinds(&p),
        [
            "agentIsAvailable",
            "MAKE_AGENT_ROUTABLE_IND",
            "MAKE_AGENT_READY_IND",
            "PRINT_STATE"
        ]
    );
    let e = &p.events;
    assert!(e.iter().all(|e| e.source == SourceKind::Listener));
    match &e[0].kind {
        EventKind::Availability { text } => assert_eq!(
            text,
            "AgentAvailabilityStatusHandler:agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM armLoginDataArraySize= ARMAgentData"
        ),
        k => panic!("{k:?}"),
    }
    match &e[1].kind {
        EventKind::Arm { message } => {
            assert_eq!(message.direction(), ece_triage::cti::Direction::Sent);
            assert_eq!(message.bytes().len(), 24);
            assert_eq!(message.bytes()[7], 154);
        }
        k => panic!("{k:?}"),
    }
    let t = e[1].time().unwrap();
    assert_eq!(t.zone, Zone::Offset(0));
    assert_eq!(t.date.unwrap().day, 19);
    assert!(!t.date_inferred);
    assert_eq!(t.ms_of_day, (13 * 3600 + 34 * 60 + 9) * 1000 + 773);
    assert_eq!(e[3].origin.line, 5);
}

#[test]
fn listener_login_shapes() {
    let p = p("listener-login.log");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(kinds(&p), ["MEDIA_LOGIN_REQ", "MEDIA_LOGIN_RESP"]);
    match &p.events[1].kind {
        EventKind::Arm { message } => {
            assert_eq!(message.direction(), ece_triage::cti::Direction::Received);
            assert_eq!(
                message.bytes(),
                [0, 0, 0, 8, 0, 0, 0, 152, 0, 2, 8, 1, 0, 0, 0, 0]
            );
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn listener_ids_from_the_dumps() {
    // Header triplet: with the real decoder these come from it; without it, from the bytes.
    let p = p("listener-ready.log");
    let e = &p.events;
    assert_eq!(
        (e[1].invoke_id, e[1].mrd_id, e[1].agent_id),
        (Some(80171), Some(5000), Some(6420))
    );
    assert_eq!(
        (e[2].invoke_id, e[2].mrd_id, e[2].agent_id),
        (Some(80172), Some(5000), Some(6420))
    );
    let p = p_login();
    assert_eq!(
        (
            p.events[0].invoke_id,
            p.events[0].mrd_id,
            p.events[0].agent_id
        ),
        (Some(133121), Some(5000), Some(5033))
    );
    assert_eq!(p.events[1].invoke_id, Some(133121));
}

fn p_login() -> LogParse {
    p("listener-login.log")
}

fn strip_origin(p: &LogParse) -> Vec<Event> {
    p.events
        .iter()
        .cloned()
        .map(|mut e| {
            e.origin = Default::default();
            e
        })
        .collect()
}

#[test]
fn wrapped_listener_gives_the_same_events() {
    let clean = p("listener-ready.log");
    let wrapped = p("listener-ready-wrapped.log");
    assert!(wrapped.problems.is_empty(), "{:?}", wrapped.problems);
    assert!(
        wrapped.unrecognised.is_empty(),
        "{:?}",
        wrapped.unrecognised
    );
    assert_eq!(strip_origin(&clean), strip_origin(&wrapped));
    let lines: Vec<(u32, u32)> = wrapped
        .events
        .iter()
        .map(|e| (e.origin.line, e.origin.end_line))
        .collect();
    assert_eq!(lines, [(1, 5), (9, 12), (14, 17), (19, 22)]);
}

#[test]
fn crlf_and_bom_give_the_same_events() {
    for name in [
        "listener-ready.log",
        "listener-ready-wrapped.log",
        "ctisvr-login.log",
        "opc-ready.log",
        "rttest-agent-status.txt",
    ] {
        let text = seed(name);
        let base = parse(0, &Input::new(name, text.clone()));
        let crlf = text.replace('\n', "\r\n");
        let bom = format!("\u{feff}{crlf}");
        for variant in [crlf, bom] {
            let q = parse(0, &Input::new(name, variant));
            assert_eq!(q.events, base.events, "{name}");
            assert_eq!(q.unrecognised, base.unrecognised, "{name}");
        }
    }
}

#[test]
fn rttest_agent_status() {
    let p = p("rttest-agent-status.txt");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(p.unrecognised.is_empty());
    assert_eq!(p.events.len(), 2);
    let st: Vec<_> = p
        .events
        .iter()
        .map(|e| match &e.kind {
            EventKind::RouterStatus(s) => (e, s),
            k => panic!("{k:?}"),
        })
        .collect();
    let (e, v) = st[0];
    assert_eq!(
        (e.agent_id, e.mrd_id, e.source),
        (Some(6420), Some(1), SourceKind::Rttest)
    );
    assert_eq!(v.agent_name.as_deref(), Some("CUCM.Agent_test"));
    assert_eq!(v.peripheral_number, Some(15003));
    assert_eq!(v.domain_name, "Cisco_Voice");
    assert_eq!(v.state_code, "nr");
    assert_eq!(v.state, Some(AgentState::NotReady));
    assert_eq!((v.active_tasks, v.task_limit), (0, 1));
    assert_eq!(v.flags, "R");
    assert_eq!(v.seconds_in_state, Some(411));
    assert_eq!(v.skill_groups.len(), 2);
    assert_eq!(v.skill_groups[0].prefix, "CL");
    assert_eq!(v.skill_groups[0].state_code, "nr");
    assert_eq!(v.skill_groups[0].name, "TEST_SG");
    assert_eq!(v.skill_groups[0].skill_target_id, Some(6274));
    assert_eq!(v.skill_groups[0].peripheral_number, Some(70520));
    assert_eq!(v.skill_groups[1].prefix, "L");
    assert_eq!(v.skill_groups[1].name, "CUCM_PIM1.Cisco_Voice.defa.88025");
    assert_eq!((e.origin.line, e.origin.end_line), (3, 5));
    let (e, v) = st[1];
    assert_eq!((e.agent_id, e.mrd_id), (Some(6420), Some(5000)));
    assert_eq!(v.domain_name, "ECE_Chat");
    assert_eq!(v.state_code, "na");
    assert_eq!(v.state, Some(AgentState::NotActive));
    assert_eq!((v.active_tasks, v.task_limit), (0, 2));
    assert_eq!(v.flags, "RA");
    assert_eq!(v.seconds_in_state, Some(383));
    assert_eq!(v.skill_groups.len(), 2);
    assert_eq!(v.skill_groups[0].name, "TEST_Chat");
    assert_eq!(v.skill_groups[0].skill_target_id, Some(6928));
    assert_eq!(v.skill_groups[0].peripheral_number, Some(70518));
    assert_eq!(v.skill_groups[1].skill_target_id, Some(6909));
    assert_eq!(v.skill_groups[1].peripheral_number, Some(54839));
    assert_eq!((e.origin.line, e.origin.end_line), (6, 8));
}

#[test]
fn all_samples_in_one_paste_date_the_pg_lines() {
    let text = [
        "listener-ready.log",
        "ctisvr-ready.log",
        "opc-ready.log",
        "rttest-agent-status.txt",
    ]
    .map(seed)
    .join("\n");
    let p = parse(2, &Input::new("paste", text));
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(p.unrecognised.is_empty(), "{:?}", p.unrecognised);
    assert_eq!(p.events.len(), 4 + 4 + 3 + 2);
    for e in &p.events {
        assert_eq!(e.origin.input, 2);
        if let Some(t) = e.time() {
            assert_eq!(t.date.unwrap().day, 19);
            assert_eq!(t.date_inferred, e.source != SourceKind::Listener);
        }
    }
}

#[test]
fn a_wrap_between_a_minus_sign_and_its_digits_gives_the_same_events() {
    let text = seed("listener-ready-wrapped.log").replacen(" -102 ", " -\n102 ", 1);
    assert!(text.contains(" -\n102 "));
    let wrapped = parse(0, &Input::new("wrapped", text));
    assert!(wrapped.problems.is_empty(), "{:?}", wrapped.problems);
    assert_eq!(
        strip_origin(&p("listener-ready.log")),
        strip_origin(&wrapped)
    );
}
