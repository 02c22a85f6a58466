//! Log records from a grammar: a few agents, each with steps (media login, make routable, make
//! ready, an OPC state change, the router's view), each step logged by the listener (ARM byte
//! dumps in ARMLogger records, availability lines), the CTI server and OPC with the same
//! InvokeID, MRD and agent, on the PG's clock (a whole or half hour from the listener's GMT, plus
//! a few milliseconds of transit); `rttest agent_status` blocks for the router's view. The fuzzer
//! also chooses which logs saw each step, line ends, a BOM, hard wrapping of the listener's
//! records, and whether the logs are pasted as one text or one input per log.
//!
//! The `logs_model` target renders one and checks: every line reads (no problem, nothing
//! unrecognised); every InvokeID line gives one event with that InvokeID in that log; wrapping,
//! CRLF and a BOM change no event; no event names an agent, MRD or InvokeID that is not in the
//! logs; a request every log saw with its own InvokeID is one correlated group; the report points
//! inside the inputs and reads back from JSON; sanitizing removes the session ids and is idempotent.

use std::collections::HashMap;

use arbitrary::{Arbitrary, Unstructured};
use ece_triage::model::{Event, Input, SourceKind};

use super::super::invariants::{check_log_parse, check_report};
use super::super::sanitizing;
use super::har::Few;
use super::{surviving_secret, LineEnd, Secret};

/// The logs of one incident.
#[derive(Debug, Clone, Arbitrary)]
pub struct LogSet {
    /// Seconds after 01:00 GMT the first step happens (kept within the day).
    pub start_s: u16,
    /// The PG clock's offset from GMT.
    pub pg_offset: PgOffset,
    /// The listener's own zone (its stamps are its local time, zone written after them).
    pub listener_zone: ListenerZone,
    /// A date before the PG logs' time of day (they usually have none).
    pub pg_date: PgDate,
    pub paste: Paste,
    pub line_end: LineEnd,
    pub bom: bool,
    /// Hard-wrap the listener's records at 60 + n % 100 columns (a PDF, an e-mail).
    pub wrap: Option<u8>,
    pub agents: Few<Agent, 3>,
}

/// PG local time minus GMT.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum PgOffset {
    Hours(i8),
    /// India-style `+05:30`.
    HalfHour(i8),
}

impl PgOffset {
    fn ms(self) -> i64 {
        match self {
            PgOffset::Hours(h) => i64::from(h.clamp(-12, 14)) * 3_600_000,
            PgOffset::HalfHour(h) => i64::from(h.clamp(-12, 13)) * 3_600_000 + 1_800_000,
        }
    }
}

/// How the listener writes its zone: `GMT+0000` (the seed's), `GMT-0500`, `GMT+05:30`, `GMT+05`,
/// `UTC+0100`, or a bare `Z`.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum ListenerZone {
    Gmt,
    Hhmm(i8),
    HhColonMm(i8),
    Hh(i8),
    Utc(i8),
    Z,
}

impl ListenerZone {
    /// Local time minus GMT, and the text after the time of day.
    fn offset_and_text(self) -> (i64, String) {
        let h = |h: i8| i64::from(h.clamp(-12, 13));
        let sign = |h: i64| if h < 0 { '-' } else { '+' };
        match self {
            ListenerZone::Gmt => (0, " GMT+0000".into()),
            ListenerZone::Hhmm(x) => (
                h(x) * 3_600_000,
                format!(" GMT{}{:02}00", sign(h(x)), h(x).abs()),
            ),
            // `+05:30` is 5.5 hours east, `-03:30` 3.5 hours west.
            ListenerZone::HhColonMm(x) => {
                let ms = h(x).abs() * 3_600_000 + 1_800_000;
                (
                    if h(x) < 0 { -ms } else { ms },
                    format!(" GMT{}{:02}:30", sign(h(x)), h(x).abs()),
                )
            }
            ListenerZone::Hh(x) => (
                h(x) * 3_600_000,
                format!(" GMT{}{:02}", sign(h(x)), h(x).abs()),
            ),
            ListenerZone::Utc(x) => (
                h(x) * 3_600_000,
                format!(" UTC{}{:02}00", sign(h(x)), h(x).abs()),
            ),
            ListenerZone::Z => (0, "Z".into()),
        }
    }
}

/// A date written before the PG logs' time of day.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum PgDate {
    None,
    /// `08/19/2019 `
    Us,
    /// `2019-08-19 `
    Iso,
}

/// The date `day` days after 2019-08-19 (-1, 0 or 1 here), as (year, month, day).
fn date(day: i64) -> (u32, u32, u32) {
    match day {
        d if d < 0 => (2019, 8, 18),
        0 => (2019, 8, 19),
        _ => (2019, 8, 20),
    }
}

/// How the logs reach the product.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Paste {
    /// One input per log (listener, ctisvr, OPC, rttest).
    Separate,
    /// Everything in one text box, log after log.
    Together,
}

#[derive(Debug, Clone, Arbitrary)]
pub struct Agent {
    /// ICMAgentID = 5000 + this.
    pub id: u16,
    pub mrd: Mrd,
    /// The listener's `HttpSessionId` for this agent's records (a secret).
    pub session: Secret,
    pub steps: Few<Step, 5>,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Mrd {
    Chat,
    Email,
    Other(u16),
}

impl Mrd {
    fn id(self) -> u32 {
        match self {
            Mrd::Chat => 5000,
            Mrd::Email => 5001,
            Mrd::Other(n) => u32::from(n),
        }
    }
}

#[derive(Debug, Clone, Arbitrary)]
pub struct Step {
    /// Milliseconds after this agent's previous step.
    pub gap_ms: u16,
    /// Transit listener → CTI server and CTI server → OPC (ms).
    pub lag_ms: u8,
    /// Which logs saw it: bit 0 listener, 1 CTI server, 2 OPC.
    pub seen: u8,
    pub invoke: InvokeId,
    pub what: What,
}

/// The request's InvokeID: a fresh one, or one the fuzzer picks (which may repeat another).
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum InvokeId {
    Fresh,
    Chosen(u32),
}

#[derive(Debug, Clone, Arbitrary)]
pub enum What {
    /// MEDIA_LOGIN_REQ / _RESP; the CTI server may renumber the InvokeID.
    Login {
        renumbered: Option<u32>,
        status: u8,
    },
    MakeRoutable {
        max_tasks: u8,
    },
    MakeReady {
        routable: bool,
    },
    /// OPC `SetAgentState` (OPC only).
    State {
        old: AgentState,
        new: AgentState,
    },
    /// `rttest agent_status` for this agent (the router only).
    Router(RouterView),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum AgentState {
    NotReady,
    NotActive,
    Available,
    Active,
    Login,
    Logout,
    Reserved,
    BusyOther,
}

impl AgentState {
    fn name(self) -> &'static str {
        match self {
            AgentState::NotReady => "AS_NOT_READY",
            AgentState::NotActive => "AS_NOT_ACTIVE",
            AgentState::Available => "AS_AVAILABLE",
            AgentState::Active => "AS_ACTIVE",
            AgentState::Login => "AS_LOGIN",
            AgentState::Logout => "AS_LOGOUT",
            AgentState::Reserved => "AS_RESERVED",
            AgentState::BusyOther => "AS_BUSY_OTHER",
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct RouterView {
    pub state: RouterState,
    pub tasks: u8,
    pub limit: u8,
    pub routable: bool,
    pub available: bool,
    pub dead: bool,
    pub secs: u16,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum RouterState {
    NotActive,
    NotReady,
    Active,
    Available,
}

impl RouterState {
    fn code(self) -> &'static str {
        match self {
            RouterState::NotActive => "na",
            RouterState::NotReady => "nr",
            RouterState::Active => "ac",
            RouterState::Available => "av",
        }
    }
}

const LISTENER: usize = 0;
const CTISVR: usize = 1;
const OPC: usize = 2;
const RTTEST: usize = 3;

/// One log line (or `rttest` block) on its clock.
struct Line {
    /// When it happened, milliseconds after midnight GMT (each log is put in this order).
    at_ms: i64,
    text: String,
}

/// What rendering knows about the lines it wrote.
#[derive(Default)]
struct Expect {
    /// Per log: every InvokeID a line carries, as many times as lines carry it.
    invokes: [Vec<u32>; 3],
    agents: Vec<u32>,
    mrds: Vec<u32>,
    /// InvokeIDs of requests every log saw under their own, fresh number.
    correlated: Vec<u32>,
    sessions: Vec<String>,
}

/// A big-endian u32 as the listener logs bytes: signed decimals separated by spaces.
fn be(v: u32) -> String {
    v.to_be_bytes()
        .iter()
        .map(|b| (*b as i8).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn hms(ms: i64, sep: char) -> String {
    let ms = ms.rem_euclid(86_400_000);
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

impl LogSet {
    /// The lines of each log (listener, ctisvr, OPC, rttest) and what they should read as.
    fn lines(&self) -> ([Vec<Line>; 4], Expect) {
        let mut logs: [Vec<Line>; 4] = Default::default();
        let mut x = Expect::default();
        let mut fresh = 80_000u32;
        let pg = self.pg_offset.ms();
        let (lz, lzt) = self.listener_zone.offset_and_text();
        for a in &self.agents.0 {
            let agent = 5000 + u32::from(a.id);
            let mrd = a.mrd.id();
            let sid = &a.session.0;
            x.agents.push(agent);
            x.mrds.push(mrd);
            x.sessions.push(sid.clone());
            let mut t = 3_600_000 + i64::from(self.start_s) * 1000;
            for s in &a.steps.0 {
                t += i64::from(s.gap_ms);
                let lag = i64::from(s.lag_ms);
                let inv = match s.invoke {
                    InvokeId::Fresh => {
                        fresh += 2;
                        fresh
                    }
                    InvokeId::Chosen(n) => n,
                };
                let seen = |log: usize| s.seen & (1 << log) != 0;
                let head = |class: &str, at: i64| {
                    let local = at + lz;
                    let (y, m, d) = date(local.div_euclid(86_400_000));
                    format!("{y}-{m:02}-{d:02} {}{lzt} <@> INFO <@> [8938:listener-event-pool-priority-arm-request-executor::-441] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId:{sid} <@> {class} <@> <@>", hms(local, '.'))
                };
                let pg_stamp = |at: i64| {
                    let (y, m, d) = date(at.div_euclid(86_400_000));
                    match self.pg_date {
                        PgDate::None => hms(at, ':'),
                        PgDate::Us => format!("{m:02}/{d:02}/{y} {}", hms(at, ':')),
                        PgDate::Iso => format!("{y}-{m:02}-{d:02} {}", hms(at, ':')),
                    }
                };
                let arm = "com.ipcc.listener.arm.ARMLogger";
                let handler = "com.ipcc.listener.AgentAvailabilityStatusHandler";
                let ids = format!("{} {} {}", be(inv), be(mrd), be(agent));
                let ct = |text: String, extra: i64| Line {
                    at_ms: t + lag + extra,
                    text: format!(
                        "{} cg1A-ctisvr Trace: {text}",
                        pg_stamp(t + pg + lag + extra)
                    ),
                };
                let op = |text: String| Line {
                    at_ms: t + 2 * lag,
                    text: format!("{} PG1A-opc Trace: {text}", pg_stamp(t + pg + 2 * lag)),
                };
                let mut wrote = [false; 3];
                match &s.what {
                    What::Login { renumbered, status } => {
                        let cinv = renumbered.unwrap_or(inv);
                        if seen(LISTENER) {
                            logs[LISTENER].push(Line { at_ms: t, text: format!("{} Sending MEDIA_LOGIN_REQ  -> 0 0 0 27 0 0 0 -105 {ids} 0 0 0 0 0 0 0 1 107 5 49 48 48 53 0   <@>", head(arm, t)) });
                            logs[LISTENER].push(Line { at_ms: t + 2 * lag, text: format!("{} Received MEDIA_LOGIN_RESP  ->  0 0 0 8 0 0 0 -104 {} 0 0 0 {}   <@>", head(arm, t + 2 * lag), be(inv), *status as i8) });
                            x.invokes[LISTENER].extend([inv, inv]);
                            wrote[LISTENER] = true;
                        }
                        if seen(CTISVR) {
                            logs[CTISVR].push(ct("ProcessMediaLoginReq - sessionID 4".into(), 0));
                            logs[CTISVR].push(ct(format!("SendARMMsg -- InvokeID = {cinv}, MRDID = {mrd}, ICMAgentID = {agent}, AgentMode = 0 IsAvailable = 0, MaxTaskLimit = 1, AgentInfo = 1005, ApplicationPathID = 5001, PeripheralID = 0, AgentID ="), 0));
                            logs[CTISVR].push(ct(format!("ProcessARMMediaLoginRespMsg -- InvokeID = {cinv}, Status = {status}, AgentSkillTargetID = {agent}"), lag));
                            x.invokes[CTISVR].extend([cinv, cinv]);
                            wrote[CTISVR] = true;
                        }
                        if renumbered.is_some() {
                            wrote = [false; 3];
                        }
                    }
                    What::MakeRoutable { max_tasks } => {
                        if seen(LISTENER) {
                            logs[LISTENER].push(Line { at_ms: t, text: format!("{} AgentAvailabilityStatusHandler:agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM armLoginDataArraySize= ARMAgentData", head(handler, t)) });
                            logs[LISTENER].push(Line { at_ms: t, text: format!("{} Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 {ids} 0 0 0 {max_tasks} <@>", head(arm, t)) });
                            x.invokes[LISTENER].push(inv);
                            wrote[LISTENER] = true;
                        }
                        if seen(CTISVR) {
                            logs[CTISVR]
                                .push(ct("ProcessMakeAgentRoutableInd - sessionID 6".into(), 0));
                            logs[CTISVR].push(ct(format!("SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MaxTasks = {max_tasks}, SessionID = 6"), 0));
                            x.invokes[CTISVR].push(inv);
                            wrote[CTISVR] = true;
                        }
                        if seen(OPC) {
                            logs[OPC].push(op(format!("MakeAgentRoutableInd - InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MaxTasks = {max_tasks}, SessionID = 6")));
                            x.invokes[OPC].push(inv);
                            wrote[OPC] = true;
                        }
                    }
                    What::MakeReady { routable } => {
                        let r = u8::from(*routable);
                        if seen(LISTENER) {
                            logs[LISTENER].push(Line { at_ms: t, text: format!("{} Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 {ids} 0 {r} <@>", head(arm, t)) });
                            logs[LISTENER].push(Line {
                                at_ms: t,
                                text: format!(
                                    "{} PRINT_STATE after sending MAKE_AGENT_READY_IND to ARM:",
                                    head(handler, t)
                                ),
                            });
                            x.invokes[LISTENER].push(inv);
                            wrote[LISTENER] = true;
                        }
                        if seen(CTISVR) {
                            logs[CTISVR]
                                .push(ct("ProcessMakeAgentReadyInd - sessionID 6".into(), 0));
                            logs[CTISVR].push(ct(format!("SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MakeRoutable = {r}, SessionID = 6"), 0));
                            x.invokes[CTISVR].push(inv);
                            wrote[CTISVR] = true;
                        }
                        if seen(OPC) {
                            logs[OPC].push(op(format!("MakeAgentReadyInd - InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MakeRoutable = {r}, SessionID = 6")));
                            x.invokes[OPC].push(inv);
                            wrote[OPC] = true;
                        }
                    }
                    What::State { old, new } => {
                        logs[OPC].push(op(format!("SetAgentState: ASTID={agent} Periph#=15003 MRDomainID={mrd} SGSTID=6928 SG#=70518(0x11376) OldState={} NewState={} Duration=0 CurLine=-1 ReasonCode=0 AgentObj=0x44535b8", old.name(), new.name())));
                    }
                    What::Router(v) => {
                        let mut flags = String::new();
                        for (on, f) in [(v.routable, 'R'), (v.available, 'A'), (v.dead, 'D')] {
                            if on {
                                flags.push(f);
                            }
                        }
                        logs[RTTEST].push(Line {
                            at_ms: t,
                            text: format!(
                                "rttest: agent_status /agent {agent}\nAgent CUCM.Agent_test ({agent}, periph# 15003)\n  domain: ECE_Chat ({mrd}), state = [{}-{}:{},{flags}], {} secs\n    CL {}   TEST_Chat (6928, periph# 70518)",
                                v.state.code(), v.tasks, v.limit, v.secs, v.state.code()
                            ),
                        });
                    }
                }
                if matches!(s.invoke, InvokeId::Fresh) && wrote.iter().filter(|&&w| w).count() >= 2
                {
                    x.correlated.push(inv);
                }
            }
        }
        for log in &mut logs {
            // Each log in its own time order (a stable sort keeps a step's lines in order).
            log.sort_by_key(|l| l.at_ms);
        }
        (logs, x)
    }

    /// The inputs as pasted, in this set's style (`plain`: one input per log, LF, no BOM, no
    /// wrapping).
    fn inputs(&self, logs: &[Vec<Line>; 4], plain: bool) -> Vec<Input> {
        let nl = if plain { "\n" } else { self.line_end.as_str() };
        let names = ["listener.log", "ctisvr.log", "opc.log", "rttest.txt"];
        let mut texts: Vec<(String, String)> = Vec::new();
        for (i, log) in logs.iter().enumerate() {
            if log.is_empty() {
                continue;
            }
            let mut t = String::new();
            for l in log {
                let line = match self.wrap {
                    Some(w) if i == LISTENER && !plain => {
                        ece_triage::cti::encode::hard_wrap(&l.text, 60 + usize::from(w % 100))
                    }
                    _ => l.text.clone(),
                };
                t.push_str(&line.replace('\n', nl));
                t.push_str(nl);
            }
            texts.push((names[i].to_string(), t));
        }
        let paste = if plain { Paste::Separate } else { self.paste };
        let mut inputs: Vec<Input> = match paste {
            Paste::Separate => texts.into_iter().map(|(n, t)| Input::new(n, t)).collect(),
            Paste::Together if texts.is_empty() => vec![],
            Paste::Together => vec![Input::new(
                "paste",
                texts.into_iter().map(|(_, t)| t).collect::<String>(),
            )],
        };
        if self.bom && !plain {
            for i in &mut inputs {
                i.text = format!("\u{feff}{}", i.text).into();
            }
        }
        inputs
    }
}

/// What an event says, without where it is (for comparing two spellings of the same logs).
type Gist = (
    SourceKind,
    String,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<String>,
);

/// An event's [`Gist`]. The time is its time of day and zone, and its date only when the line
/// wrote one: a PG line pasted after a listener record takes that record's date as a guess
/// (`date_inferred`), which the timeline revises from the clocks.
fn gist(e: &Event) -> Gist {
    let s = e.summary();
    let time = e.time().map(|t| {
        let date = t.date.filter(|_| !t.date_inferred);
        format!("{:?} {} {:?}", date, t.ms_of_day, t.zone)
    });
    (s.source, s.kind, s.invoke_id, s.agent_id, s.mrd_id, time)
}

/// What a report concludes, whatever the inputs' layout: the verdict, the findings, the
/// correlated requests, the clock offsets and each agent's state.
fn conclusions(r: &ece_triage::report::Report) -> Vec<String> {
    let mut out = vec![format!("verdict {:?}", r.verdict.status)];
    let mut findings: Vec<String> = r
        .findings
        .iter()
        .map(|f| format!("finding {} {:?}: {}", f.id, f.severity, f.title))
        .collect();
    let mut groups: Vec<String> = r
        .groups
        .iter()
        .map(|g| {
            let mut ids = g.invoke_ids.clone();
            ids.sort_unstable();
            format!(
                "group {} {ids:?} agent {:?} mrd {:?} {:?} of {} events",
                g.kind,
                g.agent_id,
                g.mrd_id,
                g.confidence,
                g.events.len()
            )
        })
        .collect();
    let mut clocks: Vec<String> = r
        .clock_offsets
        .iter()
        .map(|c| format!("clock {:?}->{:?} {} s", c.from, c.to, c.seconds))
        .collect();
    let mut agents: Vec<String> = r
        .agents
        .iter()
        .flat_map(|a| {
            a.domains.iter().map(move |d| {
                format!(
                    "agent {} mrd {} login {:?} routable {:?} ready {:?} state {:?} tasks {:?}/{:?} flags {:?}",
                    a.agent_id,
                    d.mrd_id,
                    d.logged_in,
                    d.routable,
                    d.ready,
                    d.state,
                    d.active_tasks,
                    d.task_limit,
                    d.router_flags
                )
            })
        })
        .collect();
    for v in [&mut findings, &mut groups, &mut clocks, &mut agents] {
        v.sort();
        out.append(v);
    }
    out
}

/// The model an input chooses.
pub fn model(data: &[u8]) -> Option<LogSet> {
    LogSet::arbitrary_take_rest(Unstructured::new(data)).ok()
}

/// The inputs a model renders to, as pasted.
pub fn render(set: &LogSet) -> Vec<Input> {
    set.inputs(&set.lines().0, false)
}

/// How much of the grammar a model reaches: requests every log saw, logs present (for picking
/// seeds).
pub fn richness(set: &LogSet) -> usize {
    let (logs, x) = set.lines();
    4 * x.correlated.len().min(4) + 2 * logs.iter().filter(|l| !l.is_empty()).count()
}

/// The `logs_model` target: generated logs and what the product promises about them.
pub fn run(data: &[u8]) {
    let Some(set) = model(data) else {
        return;
    };
    let (logs, x) = set.lines();
    let inputs = set.inputs(&logs, false);
    let plain = set.inputs(&logs, true);
    let mut invokes: [Vec<u32>; 3] = Default::default();
    let mut read = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let parse = ece_triage::logs::parse(i, input);
        check_log_parse(i, &input.text, &parse);
        assert!(
            parse.problems.is_empty(),
            "problems reading generated logs: {:?}\n{}",
            parse.problems,
            input.text
        );
        assert!(
            parse.unrecognised.is_empty(),
            "generated lines not recognised: {:?}\n{}",
            parse.unrecognised,
            input.text
        );
        read.extend(parse.events.iter().map(gist));
        for e in &parse.events {
            let log = match e.source {
                SourceKind::Listener => LISTENER,
                SourceKind::Ctisvr => CTISVR,
                SourceKind::Opc => OPC,
                _ => {
                    assert!(e.invoke_id.is_none(), "an InvokeID from {:?}", e.source);
                    continue;
                }
            };
            if let Some(inv) = e.invoke_id {
                invokes[log].push(inv);
            }
            if let Some(a) = e.agent_id {
                assert!(
                    x.agents.contains(&a),
                    "agent {a} is in no log line\n{}",
                    input.text
                );
            }
            if let Some(m) = e.mrd_id {
                assert!(
                    x.mrds.contains(&m),
                    "MRD {m} is in no log line\n{}",
                    input.text
                );
            }
        }
    }
    // The same logs one per input, LF, no BOM, no wrapping: the same events in the same order
    // (the pasted text holds the logs in this order too).
    let plain_read: Vec<_> = plain
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            ece_triage::logs::parse(i, p)
                .events
                .iter()
                .map(gist)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        read,
        plain_read,
        "pasting together, wrapping, CRLF or a BOM changed the events\n{}",
        inputs
            .iter()
            .map(|i| i.text.as_str())
            .collect::<Vec<_>>()
            .join("\n----\n")
    );
    for (log, mut got) in invokes.into_iter().enumerate() {
        let mut want = x.invokes[log].clone();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "the InvokeIDs read from log {log}");
    }

    let texts: Vec<&str> = inputs.iter().map(|i| i.text.as_str()).collect();
    let report = ece_triage::analysis::analyze(&inputs);
    check_report(&texts, &report);
    // The same logs pasted one per input, unwrapped, LF, no BOM: the same conclusions.
    let plain_report = ece_triage::analysis::analyze(&plain);
    let (a, b) = (conclusions(&report), conclusions(&plain_report));
    if a != b {
        let at = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        panic!(
            "pasting together, wrapping, CRLF or a BOM changed the conclusions: {:?} vs {:?} (as pasted / one log per input)\n{}",
            a.get(at),
            b.get(at),
            texts.join("\n----\n")
        );
    }
    for a in &report.agents {
        assert!(
            x.agents.contains(&a.agent_id),
            "the report invents agent {}",
            a.agent_id
        );
    }
    // A request every log saw under one fresh InvokeID is one group (when no other request
    // shares its number).
    let mut count: HashMap<u32, usize> = HashMap::new();
    for l in &x.invokes {
        for &i in l {
            *count.entry(i).or_default() += 1;
        }
    }
    for inv in &x.correlated {
        let groups: Vec<Option<usize>> = report
            .events
            .iter()
            .filter(|e| e.invoke_id == Some(*inv))
            .map(|e| e.group)
            .collect();
        assert!(
            groups.first().is_some_and(Option::is_some) && groups.windows(2).all(|w| w[0] == w[1]),
            "request {inv} is not one group: {groups:?}\n{}",
            texts.join("\n----\n")
        );
    }

    for i in &inputs {
        let once = sanitizing::for_sharing(&i.text);
        if let Some(s) = surviving_secret(&once, &x.sessions) {
            panic!("the session id {s} survived sanitizing\n{once}");
        }
        sanitizing::check_idempotent(&once);
    }
}
