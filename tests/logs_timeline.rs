//! The correlated timeline: ready flow and login flow across listener, CTI server and OPC.

use ece_triage::analysis::clock::ClockOffset;
use ece_triage::analysis::timeline::{build, Timeline};
use ece_triage::logs::parse;
use ece_triage::model::{AgentState, Confidence, Input, SourceKind};

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/samples/seed/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const READY: [&str; 3] = ["listener-ready.log", "ctisvr-ready.log", "opc-ready.log"];

fn permutations() -> Vec<[usize; 3]> {
    vec![
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ]
}

fn one_input(order: [usize; 3], wrapped: bool) -> Timeline {
    let text = order
        .iter()
        .map(|&i| {
            if i == 0 && wrapped {
                seed("listener-ready-wrapped.log")
            } else {
                seed(READY[i])
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    build(vec![parse(0, &Input::new("paste", text))], &[])
}

fn separate(order: [usize; 3]) -> Timeline {
    let parses: Vec<_> = order
        .iter()
        .enumerate()
        .map(|(n, &i)| parse(n, &Input::new(READY[i], seed(READY[i]))))
        .collect();
    build(parses, &[])
}

fn check_ready(t: &Timeline) {
    let groups = t.correlations();
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.unrecognised_lines, 0);
    assert_eq!(t.events.len(), 11);
    let mut inv: Vec<Vec<u32>> = groups.iter().map(|g| g.invoke_ids.clone()).collect();
    inv.sort();
    assert_eq!(inv, [vec![80171], vec![80172]], "{:#?}", groups);
    for g in &groups {
        assert_eq!(g.confidence, Confidence::Confirmed);
        assert_eq!(
            g.sources,
            [SourceKind::Listener, SourceKind::Ctisvr, SourceKind::Opc]
        );
        assert_eq!((g.agent_id, g.mrd_id), (Some(6420), Some(5000)));
        // listener ARM + ctisvr Process… + ctisvr SendARMMsg + OPC indication
        assert_eq!(g.events.len(), 4, "{g:#?}");
        let kinds: Vec<String> = g.events.iter().map(|&i| t.events[i].kind_name()).collect();
        assert_eq!(kinds[0], g.kind, "the listener sends first: {kinds:?}");
    }
    let kinds: Vec<&str> = groups.iter().map(|g| g.kind.as_str()).collect();
    assert_eq!(kinds, ["MAKE_AGENT_ROUTABLE_IND", "MAKE_AGENT_READY_IND"]);
    let related = |g: usize| -> Vec<String> {
        groups[g]
            .related
            .iter()
            .map(|&i| t.events[i].kind_name())
            .collect()
    };
    assert_eq!(related(0), ["agentIsAvailable"]);
    assert_eq!(related(1), ["PRINT_STATE", "SetAgentState"]);
    assert_eq!(t.reference, Some(SourceKind::Listener));
    assert_eq!(t.clock_offsets.len(), 2, "{:?}", t.clock_offsets);
    for o in &t.clock_offsets {
        assert_eq!(
            (o.from, o.seconds, o.inferred, o.pairs),
            (SourceKind::Listener, 7200, true, 2)
        );
        let r = o.residual_ms.unwrap();
        assert!((67..=68).contains(&r), "{r}");
    }
    // Time order on the common axis: listener 13:34:09.773/.774 before the PG's 15:34:09.841 − 2 h.
    let a: Vec<i64> = t.axis_ms.iter().map(|x| x.unwrap()).collect();
    assert!(a.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(t.events[0].source, SourceKind::Listener);
    assert_eq!(a[a.len() - 1] - a[0], 841 - 773);
    // PG stamps take the listener's date, marked as inferred.
    for e in &t.events {
        let tm = e.time().unwrap();
        assert_eq!(tm.date.unwrap().day, 19);
        assert_eq!(tm.date_inferred, e.source != SourceKind::Listener);
    }
    // The agent model.
    assert_eq!(t.agents.len(), 1);
    let ag = &t.agents[0];
    assert_eq!((ag.agent_id, ag.peripheral_number), (6420, Some(15003)));
    assert_eq!(ag.domains.len(), 1);
    let d = &ag.domains[0];
    assert_eq!(d.mrd_id, 5000);
    assert_eq!(d.routable, Some(true));
    assert_eq!(d.ready, Some(true));
    assert_eq!(d.logged_in, Some(true));
    assert_eq!(d.state, Some(AgentState::NotActive));
    assert_eq!(d.task_limit, Some(2));
    assert_eq!(d.history.len(), 1);
    assert_eq!(t.events[d.history[0].0].kind_name(), "SetAgentState");
}

#[test]
fn ready_flow_in_any_order_as_one_input() {
    for o in permutations() {
        check_ready(&one_input(o, false));
        check_ready(&one_input(o, true));
    }
}

#[test]
fn ready_flow_in_any_order_as_separate_inputs() {
    for o in permutations() {
        check_ready(&separate(o));
    }
}

#[test]
fn login_correlates_renumbered_invoke_ids() {
    let t = build(
        vec![
            parse(0, &Input::new("l", seed("listener-login.log"))),
            parse(1, &Input::new("c", seed("ctisvr-login.log"))),
        ],
        &[],
    );
    let groups = t.correlations();
    assert_eq!(groups.len(), 1, "{:#?}", groups);
    let g = &groups[0];
    assert_eq!(g.kind, "MEDIA_LOGIN_REQ");
    assert_eq!(g.invoke_ids, [133121, 591309094]);
    assert_eq!(g.confidence, Confidence::Inferred);
    assert_eq!(g.events.len(), 5);
    assert_eq!((g.agent_id, g.mrd_id), (Some(5033), Some(5000)));
    assert_eq!(t.clock_offsets.len(), 1);
    let o = t.clock_offsets[0];
    assert_eq!(
        (o.from, o.to, o.seconds, o.inferred),
        (SourceKind::Listener, SourceKind::Ctisvr, 7200, true)
    );
    assert_eq!(o.residual_ms, Some(717));
    let d = &t.agents[0].domains[0];
    assert_eq!(t.agents[0].agent_id, 5033);
    assert_eq!(d.logged_in, Some(true)); // ctisvr: Status = 0
    assert_eq!(d.task_limit, Some(1));
    // On the axis (PG shifted by the rounded 2 h) the listener's answer lands before the PG's lines:
    // the 717 ms residual is shown, not hidden.
    let ev: Vec<String> = g.events.iter().map(|&i| t.events[i].kind_name()).collect();
    assert_eq!(
        ev,
        [
            "MEDIA_LOGIN_REQ",
            "MEDIA_LOGIN_RESP",
            "ProcessMediaLoginReq",
            "SendARMMsg",
            "ProcessARMMediaLoginRespMsg"
        ]
    );
}

#[test]
fn overrides_replace_the_inferred_offset() {
    let parses: Vec<_> = READY
        .iter()
        .enumerate()
        .map(|(n, f)| parse(n, &Input::new(*f, seed(f))))
        .collect();
    let t = build(
        parses,
        &[ClockOffset::set(
            SourceKind::Listener,
            SourceKind::Opc,
            3600,
        )],
    );
    let groups = t.correlations();
    let opc = t
        .clock_offsets
        .iter()
        .find(|o| o.to == SourceKind::Opc)
        .unwrap();
    assert_eq!((opc.seconds, opc.inferred), (3600, false));
    let cti = t
        .clock_offsets
        .iter()
        .find(|o| o.to == SourceKind::Ctisvr)
        .unwrap();
    assert_eq!((cti.seconds, cti.inferred), (7200, true));
    // Still grouped by InvokeID.
    assert_eq!(groups.len(), 2);
}

#[test]
fn rttest_fills_the_router_view() {
    let text = [READY[0], READY[1], READY[2], "rttest-agent-status.txt"]
        .map(seed)
        .join("\n");
    let t = build(vec![parse(0, &Input::new("all", text))], &[]);
    assert_eq!(t.agents.len(), 1);
    let a = &t.agents[0];
    assert_eq!(a.name.as_deref(), Some("CUCM.Agent_test"));
    assert_eq!(a.peripheral_number, Some(15003));
    let chat = a.domains.iter().find(|d| d.mrd_id == 5000).unwrap();
    assert_eq!(chat.domain_name.as_deref(), Some("ECE_Chat"));
    assert_eq!(chat.state, Some(AgentState::NotActive));
    assert_eq!(chat.router_flags.as_deref(), Some("RA"));
    assert_eq!((chat.active_tasks, chat.task_limit), (Some(0), Some(2)));
    assert_eq!(
        (chat.routable, chat.ready, chat.logged_in),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(chat.history.len(), 2);
    let voice = a.domains.iter().find(|d| d.mrd_id == 1).unwrap();
    assert_eq!(voice.domain_name.as_deref(), Some("Cisco_Voice"));
    assert_eq!(voice.state, Some(AgentState::NotReady));
    assert_eq!((voice.ready, voice.routable), (Some(false), Some(true)));
    assert_eq!(voice.router_flags.as_deref(), Some("R"));
    // rttest has no time: last.
    assert!(t.axis_ms.at(t.axis_ms.len() - 1).is_none());
    let json = serde_json::to_value((&t.agents, &t.clock_offsets)).unwrap();
    assert_eq!(json[0][0]["domains"][0]["state"], "AS_NOT_ACTIVE");
    assert_eq!(json[1][0]["from"], "listener");
    let s = serde_json::to_value(t.summaries()).unwrap();
    assert_eq!(s[0]["source"], "listener");
    assert_eq!(s[0]["time"], "2019-08-19 13:34:09.773 GMT+0000");
    assert_eq!(s[0]["line"], 1);
    let keys: Vec<&String> = s[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 8);
}

#[test]
fn pg_date_follows_the_offset_across_midnight() {
    let l = seed("listener-ready.log").replace("13:34:09.77", "23:34:09.77");
    let c = seed("ctisvr-ready.log").replace("15:34:09:841", "01:34:09:841");
    let t = build(
        vec![parse(0, &Input::new("l", l)), parse(1, &Input::new("c", c))],
        &[],
    );
    let groups = t.correlations();
    assert_eq!(t.clock_offsets[0].seconds, 7200);
    let cti = t
        .events
        .iter()
        .find(|e| e.source == SourceKind::Ctisvr)
        .unwrap();
    let tm = cti.time().unwrap();
    assert_eq!((tm.date.unwrap().day, tm.date_inferred), (20, true));
    assert_eq!(groups.len(), 2);
    assert_eq!(t.events[0].source, SourceKind::Listener);

    // The same as one paste.
    let l = seed("listener-ready.log").replace("13:34:09.77", "23:34:09.77");
    let c = seed("ctisvr-ready.log").replace("15:34:09:841", "01:34:09:841");
    let t = build(
        vec![parse(0, &Input::new("both", format!("{l}\n{c}")))],
        &[],
    );
    let cti = t
        .events
        .iter()
        .find(|e| e.source == SourceKind::Ctisvr)
        .unwrap();
    assert_eq!(cti.time().unwrap().date.unwrap().day, 20);
}

#[test]
fn reused_invoke_id_hours_later_is_another_request() {
    let first = seed("listener-ready.log");
    let later = first.replace("13:34:09.77", "16:01:00.00");
    let t = build(
        vec![
            parse(0, &Input::new("l", format!("{first}\n{later}"))),
            parse(1, &Input::new("c", seed("ctisvr-ready.log"))),
        ],
        &[],
    );
    let groups = t.correlations();
    let g80171: Vec<_> = groups.iter().filter(|g| g.invoke_ids == [80171]).collect();
    assert_eq!(g80171.len(), 2, "{:#?}", groups);
    assert_eq!(g80171[0].events.len(), 3);
    assert_eq!(g80171[1].events.len(), 1);
    assert_eq!(t.clock_offsets[0].seconds, 7200);
}

/// Many agents, many requests, many logins with renumbered InvokeIDs, in three separate inputs.
#[test]
fn large_inputs_correlate_every_request() {
    let (mut l, mut c, mut o) = (String::new(), String::new(), String::new());
    let be = |v: u32| {
        v.to_be_bytes()
            .iter()
            .map(|b| (*b as i8).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let hms = |ms: u64, sep: char| {
        format!(
            "{:02}:{:02}:{:02}{sep}{:03}",
            ms / 3_600_000 % 24,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    };
    let n = 600u32;
    for i in 0..n {
        let ms = 8 * 3_600_000 + i as u64 * 20_000;
        let (inv, agent) = (100_000 + i, 7000 + i % 40);
        let head = format!("2019-08-19 {} GMT+0000 <@> INFO <@> [t] <@> ProcessId:1 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@>", hms(ms, '.'));
        l += &format!(
            "{head} Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 {} {} {} 0 0 0 2 <@>\n",
            be(inv),
            be(5000),
            be(agent)
        );
        l += &format!(
            "{head} Sending MEDIA_LOGIN_REQ -> 0 0 0 20 0 0 0 -105 {} {} {} 0 0 0 0 0 0 0 1 <@>\n",
            be(inv + 1_000_000),
            be(5000),
            be(agent)
        );
        let pg = hms(ms + 7_200_050, ':');
        c += &format!("{pg} cg1A-ctisvr Trace: ProcessMakeAgentRoutableInd - sessionID 6\n{pg} cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {inv}, MRDID = 5000, ICMAgentID = {agent}, MaxTasks = 2, SessionID = 6\n");
        c += &format!("{pg} cg1A-ctisvr Trace: ProcessMediaLoginReq - sessionID 6\n{pg} cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {}, MRDID = 5000, ICMAgentID = {agent}, AgentMode = 0 IsAvailable = 0, MaxTaskLimit = 1, AgentInfo = 1005, ApplicationPathID = 5001, PeripheralID = 0, AgentID =\n", 900_000_000 + i);
        o += &format!("{pg} PG1A-opc Trace: MakeAgentRoutableInd - InvokeID = {inv}, MRDID = 5000, ICMAgentID = {agent}, MaxTasks = 2, SessionID = 6\n");
    }
    let started = std::time::Instant::now();
    let t = build(
        vec![
            parse(0, &Input::new("l", l)),
            parse(1, &Input::new("c", c)),
            parse(2, &Input::new("o", o)),
        ],
        &[],
    );
    let groups = t.correlations();
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(groups.len(), 2 * n as usize);
    let routable = groups
        .iter()
        .filter(|g| g.kind == "MAKE_AGENT_ROUTABLE_IND");
    assert!(routable
        .clone()
        .all(|g| g.events.len() == 4 && g.confidence == Confidence::Confirmed));
    let logins: Vec<_> = groups
        .iter()
        .filter(|g| g.kind == "MEDIA_LOGIN_REQ")
        .collect();
    assert!(
        logins
            .iter()
            .all(|g| g.invoke_ids.len() == 2 && g.events.len() == 3),
        "{:#?}",
        logins.iter().find(|g| g.invoke_ids.len() != 2)
    );
    assert!(logins
        .iter()
        .all(|g| g.invoke_ids[1] - 900_000_000 == g.invoke_ids[0] - 1_100_000));
    assert_eq!(t.agents.len(), 40);
    assert_eq!(t.clock_offsets.len(), 2);
}
