//! Malformed input gives positioned problems, unknown lines are counted, nothing panics.

use ece_triage::analysis::timeline::build;
use ece_triage::logs::{parse, parse_text};
use ece_triage::model::{EventKind, Input, SourceKind};
use proptest::prelude::*;

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/samples/seed/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn wrong_number_is_a_positioned_problem() {
    let text = "hello\n15:34:09:841 cg1A-ctisvr Trace: SendARMMsg -- InvokeID = 12x, MRDID = 5000, ICMAgentID = 6420, MaxTasks = 2, SessionID = 6\n";
    let p = parse_text(3, text);
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].invoke_id, None);
    assert_eq!(p.events[0].mrd_id, Some(5000));
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let pr = &p.problems[0];
    assert_eq!((pr.input, pr.line), (3, Some(2)));
    assert!(
        pr.message.contains("InvokeID") && pr.message.contains("12x"),
        "{}",
        pr.message
    );
    let off = pr.offset.unwrap();
    assert_eq!(&text[off..off + 3], "12x");
    assert_eq!(p.unrecognised.len(), 1);
    assert_eq!(p.unrecognised[0].line, 1);
}

#[test]
fn listener_record_cut_in_half() {
    let text = format!(
        "2019-08-19 13:34:09.774 GMT+0000 <@> INFO <@> [8938:listener-event\n\n{}",
        seed("listener-ready.log")
    );
    let p = parse_text(0, &text);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(p.problems[0].line, Some(1));
    assert!(p.problems[0].message.contains("cut short"));
    // The rest still reads.
    assert_eq!(p.events.len(), 5);
}

#[test]
fn garbage_between_records_is_counted_not_swallowed() {
    let clean = seed("listener-ready.log");
    let mut lines: Vec<&str> = clean.lines().collect();
    lines.insert(2, "%%% garbage %%% 12 <@");
    lines.insert(1, "some words here");
    let text = lines.join("\n");
    let p = parse_text(0, &text);
    assert_eq!(p.events.len(), 4);
    assert_eq!(p.unrecognised_lines(), 2);
    let l: Vec<u32> = p.unrecognised.iter().map(|o| o.line).collect();
    assert_eq!(l, [2, 4]);
}

#[test]
fn truncated_and_bad_dumps_give_problems() {
    let text = "2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> [t] <@> ProcessId:1 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 0 1 57 <@>\n\
2019-08-19 13:34:09.774 GMT+0000 <@> INFO <@> [t] <@> ProcessId:1 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 0 1 57 44 0 0 19 -120 0 0 25 -300 0 1 <@>\n";
    let p = parse_text(0, text);
    assert_eq!(p.events.len(), 2);
    assert!(
        p.problems.iter().any(|x| x.line == Some(1)),
        "{:?}",
        p.problems
    );
    assert!(
        p.problems.iter().any(|x| x.line == Some(2)),
        "{:?}",
        p.problems
    );
}

#[test]
fn rttest_bad_numbers() {
    let p = parse_text(
        0,
        "Agent X (6420, periph# 15003)\n  domain: ECE_Chat (50x0), state = [na-a:2,RA], 383 secs\n",
    );
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
    assert!(p.problems.iter().all(|x| x.line == Some(2)));
}

#[test]
fn ctisvr_session_shapes() {
    let text = "15:34:09:841 cg1A-ctisvr Session 6: MsgType:MAKE_AGENT_ROUTABLE_IND (InvokeID:0x1392b MRDID:5000 ICMAgentID:6420 MaxTasks:2 )\n\
15:34:09:842 cg1a-ctisvr Session 6: SkillGroupNumber:70518 SkillGroupID:6928 SkillGroupPriority:0 AgentState:NOT_ACTIVE\n\
15:34:09:842 cg1A-ctisvr Session 6: EventReasonCode:0 MRDID:5000 NumTasks:0 AgentMode:1 MaxTaskLimit:2 ICMAgentID:6420\n";
    let p = parse_text(1, text);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let k: Vec<String> = p.events.iter().map(|e| e.kind_name()).collect();
    assert_eq!(
        k,
        [
            "MAKE_AGENT_ROUTABLE_IND",
            "AgentStateSkillGroup",
            "AgentStateEvent"
        ]
    );
    let e = &p.events;
    assert_eq!(
        (e[0].invoke_id, e[0].mrd_id, e[0].agent_id),
        (Some(80171), Some(5000), Some(6420))
    );
    assert_eq!(e[0].field("Session"), Some("6"));
    assert_eq!(e[0].field("MaxTasks"), Some("2"));
    assert_eq!((e[1].agent_id, e[1].mrd_id), (Some(6420), Some(5000)));
    assert_eq!(e[1].field("AgentState"), Some("NOT_ACTIVE"));
    assert_eq!(e[2].field("NumTasks"), Some("0"));

    // With the listener's side: the hex InvokeID joins the same request.
    let t = build(
        vec![
            parse(0, &Input::new("l", seed("listener-ready.log"))),
            p,
            parse(2, &Input::new("c", seed("ctisvr-ready.log"))),
        ],
        &[],
    );
    let g = t
        .correlations()
        .into_iter()
        .find(|g| g.invoke_ids == [80171])
        .unwrap();
    assert_eq!(g.events.len(), 4);
    let d = &t.agents[0].domains[0];
    assert_eq!(d.state, Some(ece_triage::model::AgentState::NotActive));
    assert_eq!((d.active_tasks, d.task_limit), (Some(0), Some(2)));
}

#[test]
fn opctest_and_procmon_output_is_kept_raw() {
    let text = "C:\\icm\\bin>opctest /cust cc1 /node PG1A\n\
opctest: dump_agent 5000 15003\n\
  Agent 6420 whatever the format is\n\
\n\
  more: output = 1\n\
procmon cc1 PG1A pim1\n\
>>>>dagent 15003\n\
   dagent line one\n\
15:34:09:841 PG1A-opc Trace: MakeAgentReadyInd - InvokeID = 80172, MRDID = 5000, ICMAgentID = 6420, MakeRoutable = 1, SessionID = 6\n\
after the trace\n";
    let p = parse_text(0, text);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let got: Vec<(SourceKind, String)> =
        p.events.iter().map(|e| (e.source, e.kind_name())).collect();
    use SourceKind::*;
    assert_eq!(
        got,
        [
            (Opctest, "opctest".to_string()),
            (Opctest, "dump_agent".into()),
            (Opctest, "dump_agent".into()),
            (Opctest, "dump_agent".into()),
            (Procmon, "procmon".into()),
            (Procmon, "dagent".into()),
            (Procmon, "dagent".into()),
            (Opc, "MakeAgentReadyInd".into()),
        ]
    );
    assert_eq!(p.events[1].field("args"), Some("5000 15003"));
    assert!(
        matches!(&p.events[2].kind, EventKind::Trace { fields, .. } if fields.get(0).is_some_and(|f| f.1.contains("whatever")))
    );
    assert_eq!(p.unrecognised.len(), 1);
    assert_eq!(p.unrecognised[0].line, 10);
}

#[test]
fn date_header_dates_pg_lines() {
    let text = format!(
        "Events from August 19, 2019 15:00:00\n{}",
        seed("opc-ready.log")
    );
    let p = parse_text(0, &text);
    assert!(p.unrecognised.is_empty());
    for e in &p.events {
        let t = e.time().unwrap();
        assert!(t.date_inferred);
        assert_eq!(t.date.unwrap().day, 19);
    }
}

#[test]
fn wrapped_pg_trace_is_rejoined() {
    let text = "20:27:32:466 cg1A-ctisvr Trace: SendARMMsg -- InvokeID = 591309094, MRDID = 5000, ICMAgentID = 5033,\n\
AgentMode = 0 IsAvailable = 0, MaxTaskLimit = 1, AgentInfo = 1005, ApplicationPathID = 5001, PeripheralID\n\
= 0, AgentID =\n";
    let p = parse_text(0, text);
    let clean = parse_text(0, &seed("ctisvr-login.log"));
    assert_eq!(p.events.len(), 1);
    assert_eq!(p.events[0].kind, clean.events[1].kind);
    assert_eq!(
        (p.events[0].origin.line, p.events[0].origin.end_line),
        (1, 3)
    );
}

fn logish() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("2019-08-19 13:34:09.773 GMT+0000 <@> INFO <@> ".to_string()),
            Just("<@>".to_string()),
            Just(
                " com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_READY_IND -> "
                    .to_string()
            ),
            Just("15:34:09:841 PG1A-opc Trace: SetAgentState: ".to_string()),
            Just("15:34:09:841 cg1A-ctisvr Session 6: MsgType:X (".to_string()),
            Just("20:27:32:466 cg1A-ctisvr Trace: SendARMMsg -- InvokeID = ".to_string()),
            Just("  domain: ECE_Chat (5000), state = [".to_string()),
            Just("Agent A (1, periph# 2)".to_string()),
            Just("    CL na   T (6928, periph# 70518)".to_string()),
            Just(">>>>dagent 1".to_string()),
            Just(" = ".to_string()),
            Just("=".to_string()),
            Just(":".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("-128 ".to_string()),
            Just("0x".to_string()),
            "[0-9 ,:()\\[\\]=#-]{0,12}",
            "\\PC{0,8}",
        ],
        0..40,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        let p = parse_text(0, &s);
        let n = s.split('\n').count() as u32;
        for o in &p.unrecognised { prop_assert!(o.line >= 1 && o.end_line <= n); }
        for e in &p.events { prop_assert!(e.origin.line >= 1 && e.origin.end_line <= n); }
        let _ = build(vec![p], &[]);
    }

    #[test]
    fn never_panics_on_log_like_text(s in logish()) {
        let p = parse_text(0, &s);
        let n = s.split('\n').count() as u32;
        for x in &p.problems {
            prop_assert!(x.line.is_some_and(|l| l >= 1 && l <= n));
            if let Some(off) = x.offset { prop_assert!(off <= s.len()); }
        }
        let t = build(vec![p.clone(), p], &[]);
        let _ = serde_json::to_string(&(&t.events, &t.correlations(), &t.agents)).unwrap();
    }

    #[test]
    fn never_panics_on_cut_seed(cut in 0usize..2000, len in 0usize..200, junk in "\\PC{0,20}") {
        let all = ["listener-ready-wrapped.log", "ctisvr-login.log", "opc-ready.log", "rttest-agent-status.txt", "listener-login.log"]
            .map(seed).join("\n");
        let mut a = cut.min(all.len());
        while !all.is_char_boundary(a) { a -= 1; }
        let mut b = (a + len).min(all.len());
        while !all.is_char_boundary(b) { b -= 1; }
        let text = format!("{}{}{}", &all[..a], junk, &all[b..]);
        let p = parse_text(0, &text);
        let _ = build(vec![p], &[]);
    }
}
