//! The rules: each a small function from the analysed facts to findings, all in one place, plus the verdict.

use super::timeline::Timeline;
use crate::cti::catalog::arm_status_name;
use crate::ece::Availability;
use crate::model::{AgentState, Event, EventKind, SourceKind};
use crate::report::{EntryPointView, Evidence, Finding, HarView, InputSummary, Severity, Verdict};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

/// Everything the rules may look at.
pub struct Facts<'a> {
    pub timeline: &'a Timeline,
    /// The canonical ARM message kind of each timeline event (`MEDIA_LOGIN_RESP` ...), if it is one.
    pub kinds: &'a super::correlate::Kinds,
    pub entry_points: &'a [EntryPointView],
    pub har: &'a [HarView],
    pub inputs: &'a [InputSummary],
    /// [`Facts::ece_mrds`], computed once: it scans every event, and `is_ece_mrd` is asked once
    /// per router line and per agent domain (recomputing it made analyze quadratic).
    ece_mrds: OnceCell<Vec<u32>>,
}

impl<'a> Facts<'a> {
    pub fn new(
        timeline: &'a Timeline,
        kinds: &'a super::correlate::Kinds,
        entry_points: &'a [EntryPointView],
        har: &'a [HarView],
        inputs: &'a [InputSummary],
    ) -> Self {
        Facts {
            timeline,
            kinds,
            entry_points,
            har,
            inputs,
            ece_mrds: OnceCell::new(),
        }
    }

    fn kind(&self, i: usize) -> Option<&str> {
        self.kinds.get(i)
    }

    /// Events of one canonical ARM kind, with their index.
    fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = (usize, &'s Event)> + 's {
        self.timeline
            .events
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.kind(*i) == Some(kind))
    }

    fn has_source(&self, s: SourceKind) -> bool {
        self.timeline.events.iter().any(|e| e.source == s)
    }

    /// MRDs ECE itself uses: every MRD in an ARM message the listener or the CTI server logged
    /// (sorted, distinct).
    fn ece_mrds(&self) -> &[u32] {
        self.ece_mrds.get_or_init(|| self.scan_ece_mrds())
    }

    fn scan_ece_mrds(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .timeline
            .events
            .iter()
            .enumerate()
            .filter(|(i, e)| self.kind(*i).is_some() && e.source != SourceKind::Rttest)
            .filter_map(|(_, e)| e.mrd_id)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Is this MRD a chat/email one: used by ECE, or named like one by the router.
    pub fn is_ece_mrd(&self, mrd: u32, name: Option<&str>) -> bool {
        let n = name.unwrap_or("").to_ascii_lowercase();
        self.ece_mrds().binary_search(&mrd).is_ok()
            || n.contains("chat")
            || n.contains("ece")
            || n.contains("email")
    }

    fn latest_answer(&self) -> Option<&EntryPointView> {
        self.entry_points.last()
    }
}

fn ev(e: &Event, label: impl Into<String>) -> Evidence {
    Evidence {
        input: e.origin.input as usize,
        line: Some(e.origin.line),
        label: label.into(),
    }
}

fn status_of(e: &Event) -> Option<i64> {
    match &e.kind {
        EventKind::Arm { message, .. } => message.int("Status"),
        EventKind::Trace { .. } => e.field("Status").and_then(|v| v.trim().parse().ok()),
        _ => None,
    }
}

fn status_text(s: i64) -> String {
    match arm_status_name(s) {
        Some(n) => format!("{s} ({n})"),
        None => format!("{s} (not in the published E_ARM_STAT list)"),
    }
}

/// All rules, in the order findings are shown (errors first after sorting).
pub fn evaluate(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in [
        login_rejected,
        login_missing,
        never_routable_or_ready,
        ready_not_applied,
        router_not_available,
        at_task_limit,
        type1_with_ready_agent,
        queue_full,
        initialize_failed,
        chat_session_closed,
        har_without_ece_calls,
        clock_offset,
        unrecognised_lines,
        evidence_missing,
    ] {
        out.extend(rule(f));
    }
    out.sort_by_key(|x| x.severity);
    out
}

/// MEDIA_LOGIN_RESP with a non-zero status, or a FAILURE_CONF/FAILURE_RESP from the CTI server.
pub fn login_rejected(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, e) in f.of_kind("MEDIA_LOGIN_RESP") {
        if let Some(s) = status_of(e).filter(|s| *s != 0) {
            out.push(Finding {
                id: "login-rejected".into(),
                severity: Severity::Error,
                title: format!("Media login rejected{}", e.agent_id.map(|a| format!(" for agent {a}")).unwrap_or_default()),
                seen: format!("MEDIA_LOGIN_RESP with status {} ({} log, line {}).", status_text(s), e.source.as_str(), e.origin.line),
                why: "An agent that is not logged in to the chat MRD is never counted as available, whatever the agent console shows.".into(),
                next: "Look the status up: 2 = agent not configured, 3 = MRD not configured, 27 = the MRD/peripheral is not in the listener's application path (OPEN_REQ), 36 = central controller offline. Fix the configuration and log the agent in again.".into(),
                evidence: vec![ev(e, "MEDIA_LOGIN_RESP")],
            });
        }
    }
    for kind in ["FAILURE_CONF", "FAILURE_RESP"] {
        for (_, e) in f.of_kind(kind) {
            out.push(Finding {
                id: "arm-failure".into(),
                severity: Severity::Error,
                title: format!("The CTI server answered {kind}"),
                seen: format!("{kind}{} ({} log, line {}).", status_of(e).map(|s| format!(" with status {s}")).unwrap_or_default(), e.source.as_str(), e.origin.line),
                why: "A failure answer means the request it answers (login, routable, ready) did not take effect.".into(),
                next: "Match its InvokeID to the request just before it and check that request's agent and MRD in the CCE configuration.".into(),
                evidence: vec![ev(e, kind)],
            });
        }
    }
    out
}

/// Indications for an agent whose media login is not in the evidence.
pub fn login_missing(f: &Facts) -> Vec<Finding> {
    // One pass over the events (asking the events once per agent domain was agents × events).
    let mut indicated: HashSet<(u32, u32)> = HashSet::new();
    let mut login_req: HashSet<(u32, u32)> = HashSet::new();
    let mut login_resp: HashSet<u32> = HashSet::new();
    for (i, e) in f.timeline.events.iter().enumerate() {
        let Some(agent) = e.agent_id else { continue };
        match f.kind(i) {
            Some("MAKE_AGENT_ROUTABLE_IND" | "MAKE_AGENT_READY_IND") => {
                if let Some(mrd) = e.mrd_id {
                    indicated.insert((agent, mrd));
                }
            }
            Some("MEDIA_LOGIN_REQ") => {
                if let Some(mrd) = e.mrd_id {
                    login_req.insert((agent, mrd));
                }
            }
            Some("MEDIA_LOGIN_RESP") => {
                login_resp.insert(agent);
            }
            _ => {}
        }
    }
    let missing: Vec<(u32, u32)> = f
        .timeline
        .agents
        .iter()
        .flat_map(|a| a.domains.iter().map(move |d| (a.agent_id, d.mrd_id)))
        .filter(|key| {
            indicated.contains(key) && !login_req.contains(key) && !login_resp.contains(&key.0)
        })
        .collect();
    let items = missing
        .into_iter()
        .map(|(agent, mrd)| (agent, mrd, Finding {
            id: "login-not-in-evidence".into(),
            severity: Severity::Info,
            title: format!("Agent {agent}'s media login to MRD {mrd} is not in the evidence"),
            seen: "Routable/ready indications were logged for this agent, but no MEDIA_LOGIN_REQ/RESP.".into(),
            why: "The indications only work after a successful login; the login happened earlier than these logs or was not captured.".into(),
            next: "If the agent is still shown unavailable, collect the listener log from the agent's login (ARMLogger, MEDIA_LOGIN_REQ) and the CTI server trace of the same minute.".into(),
            evidence: vec![],
        }))
        .collect();
    per_agent_or_grouped(items, |n| {
        format!("The media logins of {n} agents are not in the evidence")
    })
}

/// Above this many agents a per-agent finding becomes one finding that lists them.
pub const GROUP_ABOVE: usize = 3;
/// How many agents a grouped finding names.
const LIST_AT_MOST: usize = 20;

/// Logged in, but never marked routable or ready.
pub fn never_routable_or_ready(f: &Facts) -> Vec<Finding> {
    // Which (agent, MRD) got each indication and which agents' logins were rejected, in one pass
    // each (asking per login was logins × events).
    let indicated = |k: &str| -> HashSet<(u32, u32)> {
        f.of_kind(k)
            .filter_map(|(_, e)| Some((e.agent_id?, e.mrd_id?)))
            .collect()
    };
    let routable = indicated("MAKE_AGENT_ROUTABLE_IND");
    let ready = indicated("MAKE_AGENT_READY_IND");
    let rejected: HashSet<u32> = f
        .of_kind("MEDIA_LOGIN_RESP")
        .filter(|(_, e)| status_of(e).is_some_and(|s| s != 0))
        .filter_map(|(_, e)| e.agent_id)
        .collect();
    let mut reported: HashSet<u32> = HashSet::new();
    let mut items = Vec::new();
    for (_, login) in f
        .of_kind("MEDIA_LOGIN_REQ")
        .filter(|(_, e)| e.source == SourceKind::Listener || e.source == SourceKind::Ctisvr)
    {
        let (Some(agent), Some(mrd)) = (login.agent_id, login.mrd_id) else {
            continue;
        };
        let missing: Vec<&str> = [
            ("MAKE_AGENT_ROUTABLE_IND", &routable),
            ("MAKE_AGENT_READY_IND", &ready),
        ]
        .into_iter()
        .filter(|(_, seen)| !seen.contains(&(agent, mrd)))
        .map(|(k, _)| k)
        .collect();
        if rejected.contains(&agent) || missing.is_empty() || !reported.insert(agent) {
            continue;
        }
        items.push((agent, mrd, Finding {
            id: "never-ready".into(),
            severity: Severity::Warning,
            title: format!("Agent {agent} logged in to MRD {mrd} but the evidence never shows it {}", if missing.len() == 2 { "routable or ready" } else if missing[0].contains("ROUTABLE") { "routable" } else { "ready" }),
            seen: format!("MEDIA_LOGIN_REQ at line {}; no {} for this agent and MRD afterwards.", login.origin.line, missing.join(" / ")),
            why: "After login the listener must send MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND when the agent makes itself available; until then the router counts the agent as not ready.".into(),
            next: "Ask the agent to toggle availability in the ECE console and collect the listener log (AgentAvailabilityStatusHandler, ARMLogger) of that minute; check the agent's chat concurrent-task limit is above 0.".into(),
            evidence: vec![ev(login, "MEDIA_LOGIN_REQ")],
        }));
    }
    per_agent_or_grouped(items, |n| {
        format!("{n} agents logged in but the evidence never shows them routable or ready")
    })
}

/// Ready indication sent, OPC logs present, but OPC never moved the agent to AS_NOT_ACTIVE.
pub fn ready_not_applied(f: &Facts) -> Vec<Finding> {
    if !f.has_source(SourceKind::Opc) {
        return vec![];
    }
    // The last AS_NOT_ACTIVE per (agent, MRD) and the agents with any state change, in one pass
    // (scanning the events per ready indication was agents × events).
    let mut last_not_active: HashMap<(u32, u32), usize> = HashMap::new();
    let mut state_changed: HashSet<u32> = HashSet::new();
    for (i, e) in f.timeline.events.iter().enumerate() {
        if let (EventKind::StateChange(s), Some(agent)) = (&e.kind, e.agent_id) {
            state_changed.insert(agent);
            if let (Some(AgentState::NotActive), Some(mrd)) = (s.new, e.mrd_id) {
                last_not_active.insert((agent, mrd), i);
            }
        }
    }
    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut items = Vec::new();
    for (i, ready) in f.of_kind("MAKE_AGENT_READY_IND") {
        let (Some(agent), Some(mrd)) = (ready.agent_id, ready.mrd_id) else {
            continue;
        };
        if !seen.insert((agent, mrd)) {
            continue;
        }
        let applied = last_not_active.get(&(agent, mrd)).is_some_and(|&j| j >= i);
        let any_state_change = state_changed.contains(&agent);
        if !applied {
            items.push((agent, mrd, Finding {
                id: "ready-not-applied".into(),
                severity: Severity::Error,
                title: format!("Agent {agent} was made ready, but OPC never set it to AS_NOT_ACTIVE in MRD {mrd}"),
                seen: format!(
                    "MAKE_AGENT_READY_IND at {} line {}; the OPC log {}.",
                    ready.source.as_str(),
                    ready.origin.line,
                    if any_state_change { "shows SetAgentState lines for this agent but none to AS_NOT_ACTIVE in this MRD" } else { "has no SetAgentState line for this agent" }
                ),
                why: "For chat and email AS_NOT_ACTIVE is the ready state; without it the router keeps the agent not ready and the entry point answers responseType 1.".into(),
                next: "Check the agent belongs to a skill group of this MRD (OPC logs one SetAgentState per skill group) and the OPC trace covers the same minute (clock offsets below).".into(),
                evidence: vec![ev(ready, "MAKE_AGENT_READY_IND")],
            }));
        }
    }
    per_agent_or_grouped(items, |n| {
        format!("{n} agents were made ready, but OPC never set them to AS_NOT_ACTIVE")
    })
}

/// One finding per (agent, MRD) when there are few; above `GROUP_ABOVE`, one finding that names
/// them (the first `LIST_AT_MOST`, with their evidence) so that one cause seen for many agents
/// does not bury the other findings.
fn per_agent_or_grouped(
    items: Vec<(u32, u32, Finding)>,
    title: impl Fn(usize) -> String,
) -> Vec<Finding> {
    if items.len() <= GROUP_ABOVE {
        return items.into_iter().map(|(_, _, f)| f).collect();
    }
    let n = items.len();
    let names: Vec<String> = items
        .iter()
        .take(LIST_AT_MOST)
        .map(|(a, m, _)| format!("{a} (MRD {m})"))
        .collect();
    let more = if n > LIST_AT_MOST {
        format!(" and {} more", n - LIST_AT_MOST)
    } else {
        String::new()
    };
    let evidence = items
        .iter()
        .take(LIST_AT_MOST)
        .flat_map(|(a, _, f)| {
            f.evidence.iter().cloned().map(move |mut e| {
                e.label = format!("agent {a}: {}", e.label);
                e
            })
        })
        .collect();
    let first = &items[0].2;
    vec![Finding {
        id: first.id.clone(),
        severity: first.severity,
        title: title(n),
        seen: format!(
            "Agents {}{more}. The first: {}",
            names.join(", "),
            first.seen
        ),
        why: first.why.clone(),
        next: first.next.clone(),
        evidence,
    }]
}

/// The router shows an ECE domain without `A`, or with `D`.
pub fn router_not_available(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in &f.timeline.events {
        let (EventKind::RouterStatus(s), Some(mrd)) = (&e.kind, e.mrd_id) else {
            continue;
        };
        if !f.is_ece_mrd(mrd, Some(&s.domain_name)) {
            continue;
        }
        let shown = format!(
            "[{}-{}:{},{}]",
            s.state_code, s.active_tasks, s.task_limit, s.flags
        );
        if s.flags.contains('D') {
            out.push(Finding {
                id: "router-domain-not-available".into(),
                severity: Severity::Error,
                title: format!("Router: domain {} not available for agent {} (flag D)", s.domain_name, e.agent_id.map(|a| a.to_string()).unwrap_or_default()),
                seen: format!("rttest shows {shown} for {} ({mrd}).", s.domain_name),
                why: "D means the application path reports the domain as not available: the router will not route chat to this agent even though OPC shows it ready. This is the CSCvq11852 symptom on ICM 11.5/11.6/12.0.".into(),
                next: "Check the listener's CTI connection and application path status; on ICM 11.5/11.6/12.0 check whether the fix for CSCvq11852 is installed (a restart of the listener or the PG's CTI server clears the state meanwhile).".into(),
                evidence: vec![ev(e, format!("{} {shown}", s.domain_name))],
            });
        } else if !s.flags.contains('A') {
            out.push(Finding {
                id: "router-not-available".into(),
                severity: Severity::Error,
                title: format!("Router: agent {} is not available in {}", e.agent_id.map(|a| a.to_string()).unwrap_or_default(), s.domain_name),
                seen: format!("rttest shows {shown} for {} ({mrd}): no A flag.", s.domain_name),
                why: "Without A the router does not consider the agent available for new work in this domain, so chat is not offered.".into(),
                next: if s.state_code == "nr" {
                    "The agent is not ready in this domain: have the agent make itself available in ECE and check the listener sends MAKE_AGENT_READY_IND.".into()
                } else {
                    "Compare with OPC's SetAgentState for this MRD and with the agent's task count and limit.".into()
                },
                evidence: vec![ev(e, format!("{} {shown}", s.domain_name))],
            });
        }
    }
    out
}

/// Active tasks at (or over) the concurrent-task limit.
pub fn at_task_limit(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in &f.timeline.agents {
        for d in &a.domains {
            if let (Some(n), Some(l)) = (d.active_tasks, d.task_limit) {
                if l > 0 && n >= l && f.is_ece_mrd(d.mrd_id, d.domain_name.as_deref()) {
                    out.push(Finding {
                        id: "at-task-limit".into(),
                        severity: Severity::Warning,
                        title: format!("Agent {} is at its task limit in MRD {} ({n} of {l})", a.agent_id, d.mrd_id),
                        seen: format!("{n} active tasks, limit {l}."),
                        why: "An agent with as many tasks as its limit gets no new chat; if every agent is full the entry point answers 1 (or chats queue).".into(),
                        next: "Check the agents' concurrent chat limits in ECE and whether tasks are stuck (not closed) in OPC.".into(),
                        evidence: d.history.last().and_then(|(i, _)| f.timeline.events.get(*i)).map(|e| vec![ev(e, "latest state")]).unwrap_or_default(),
                    });
                }
            }
        }
    }
    out
}

/// Agents the evidence shows ready in an ECE MRD.
fn ready_agents(f: &Facts) -> Vec<(u32, u32, Option<usize>)> {
    let mut v = Vec::new();
    for a in &f.timeline.agents {
        for d in &a.domains {
            let router_ok = d
                .router_flags
                .as_deref()
                .is_some_and(|fl| fl.contains('A') && !fl.contains('D'));
            let opc_ok = d.state == Some(AgentState::NotActive);
            if (router_ok || opc_ok) && f.is_ece_mrd(d.mrd_id, d.domain_name.as_deref()) {
                v.push((a.agent_id, d.mrd_id, d.history.last().map(|(i, _)| *i)));
            }
        }
    }
    v
}

/// responseType 1 while an agent of the MRD is ready.
pub fn type1_with_ready_agent(f: &Facts) -> Vec<Finding> {
    let Some(ans) = f.latest_answer().filter(|a| a.response_type == Some(1)) else {
        return vec![];
    };
    let ready = ready_agents(f);
    if ready.is_empty() {
        return vec![];
    }
    let who: Vec<String> = ready
        .iter()
        .map(|(a, m, _)| format!("agent {a} in MRD {m}"))
        .collect();
    vec![Finding {
        id: "type1-with-ready-agent".into(),
        severity: Severity::Error,
        title: "The entry point says no agent is available while an agent is ready".into(),
        seen: format!("initialize answered responseType 1{}; the logs show {} ready.", ans.entry_point_id.as_ref().map(|i| format!(" for entry point {i}")).unwrap_or_default(), who.join(", ")),
        why: "ECE 11.6 counts an agent available when it is available in any skill group of the chat MRD; ECE 12.0 and later count only the skill groups configured for the entry point (through its queue). A ready agent in the wrong skill group, or logs from another moment than the answer, give this mismatch.".into(),
        next: "On ECE 12.0+: check the agent's skill group is mapped to the queue of this entry point. On 11.6: check the agent's MRD is the chat MRD of the entry point's queue. Then check the entry point's 'Agent Available' (chat eligibility) setting and that the answer and the logs are from the same minute.".into(),
        evidence: ready.iter().filter_map(|(_, _, i)| i.and_then(|i| f.timeline.events.get(i))).map(|e| ev(e, "agent ready")).collect(),
    }]
}

/// responseType 2: the queue is full.
pub fn queue_full(f: &Facts) -> Vec<Finding> {
    if f.latest_answer().and_then(|a| a.response_type) != Some(2) {
        return vec![];
    }
    vec![Finding {
        id: "queue-full".into(),
        severity: Severity::Error,
        title: "The entry point's queue is full (responseType 2)".into(),
        seen: "initialize answered responseType 2: maximum queue depth reached.".into(),
        why: "With the queue at its configured maximum depth ECE takes no new chats, even when agents become free soon.".into(),
        next: "Check the queue's maximum depth setting, how many chats wait (sessionStatus/sessionStatistics polls in a HAR), and whether agents are at their task limit.".into(),
        evidence: vec![],
    }]
}

/// The initialize call failed at HTTP level.
pub fn initialize_failed(f: &Facts) -> Vec<Finding> {
    f.entry_points
        .iter()
        .filter(|a| a.response_type.is_none() && a.status.is_some_and(|s| s != 200))
        .map(|a| Finding {
            id: "initialize-http-failure".into(),
            severity: Severity::Error,
            title: format!("The initialize call failed (HTTP {})", a.status.unwrap_or(0)),
            seen: a.meaning.clone(),
            why: "Without an initialize answer the chat page cannot tell whether agents are available and shows its error or off-hours text.".into(),
            next: "Open the same URL directly (curl or the browser) and check the ECE web server and application server are up and the entry point id exists.".into(),
            evidence: vec![],
        })
        .collect()
}

/// The BOSH chat session was terminated with `system-shutdown` (agents unavailable / off hours) or
/// `other-request` (duplicate session).
pub fn chat_session_closed(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for h in f.har {
        for c in &h.capture.calls {
            let a = &c.answer;
            if a.availability == Availability::Closed
                || a.headline.contains("other-request")
                || a.headline.contains("remote-connection-failed")
            {
                out.push(Finding {
                    id: "chat-session-terminated".into(),
                    severity: if a.availability == Availability::Closed { Severity::Error } else { Severity::Warning },
                    title: format!("The chat session was ended by the server: {}", a.headline),
                    seen: format!("{} {} (HAR entry {}).", c.method, c.path, c.index + 1),
                    why: a.customer_sees.clone().unwrap_or_else(|| "The customer's chat ends before reaching an agent.".into()),
                    next: a.next_steps.first().cloned().unwrap_or_else(|| "Compare with the entry point's hours and the agents' states at that time.".into()),
                    evidence: vec![Evidence { input: h.input, line: None, label: format!("HAR entry {}", c.index + 1) }],
                });
            }
        }
    }
    out
}

/// A HAR with no ECE chat call in it: say what to capture instead.
pub fn har_without_ece_calls(f: &Facts) -> Vec<Finding> {
    f.har
        .iter()
        .filter(|h| h.capture.calls.is_empty())
        .map(|h| Finding {
            id: "har-without-ece-calls".into(),
            severity: Severity::Warning,
            title: "The HAR capture holds no ECE chat call".into(),
            seen: h.summary.clone(),
            why: "Without the entry point's initialize answer the customer's side of the story is missing.".into(),
            next: crate::har::NO_ECE_ADVICE.into(),
            evidence: vec![Evidence { input: h.input, line: None, label: format!("{} requests", h.capture.entries) }],
        })
        .collect()
}

/// Clocks of the logs differ: say by how much, so times can be compared.
pub fn clock_offset(f: &Facts) -> Vec<Finding> {
    f.timeline
        .clock_offsets
        .iter()
        .filter(|o| o.seconds != 0)
        .map(|o| {
            let h = o.seconds as f64 / 3600.0;
            Finding {
                id: "clock-offset".into(),
                severity: Severity::Info,
                title: format!("{} and {} clocks differ by {:+} s ({:+.2} h)", o.from.as_str(), o.to.as_str(), o.seconds, h),
                seen: if o.inferred {
                    format!("Inferred from {} matched request(s): the same message was logged by both.", o.pairs)
                } else {
                    "Set by you.".to_string()
                },
                why: "The listener logs GMT while the PG logs local time without a zone; times are compared after this shift.".into(),
                next: "If the shift is wrong (e.g. the logs are from different days), set it by hand.".into(),
                evidence: vec![],
            }
        })
        .collect()
}

/// Lines no reader recognised.
pub fn unrecognised_lines(f: &Facts) -> Vec<Finding> {
    let n = f.timeline.unrecognised_lines;
    if n == 0 {
        return vec![];
    }
    vec![Finding {
        id: "unrecognised-lines".into(),
        severity: Severity::Info,
        title: format!("{n} line{} not recognised", if n == 1 { "" } else { "s" }),
        seen: "They match no known log shape; they are kept in the evidence, not analysed.".into(),
        why: "They may be from another log, or a record cut by copying.".into(),
        next: "If they matter, paste them on their own to see where reading stopped.".into(),
        evidence: vec![],
    }]
}

/// What is missing to decide, and what to collect.
pub fn evidence_missing(f: &Facts) -> Vec<Finding> {
    let mut missing = Vec::new();
    if f.entry_points.is_empty() {
        missing.push("the entry point's answer: a HAR of the chat page (developer tools recording while the entry point URL opens) or the initialize URL's answer (use 'Call the API')");
    }
    if !f.has_source(SourceKind::Listener) {
        missing.push("the ECE listener log (ARMLogger and AgentAvailabilityStatusHandler lines at INFO) from when the agent logged in and made itself available");
    }
    if !f.has_source(SourceKind::Ctisvr) {
        missing.push("the CTI server (ctisvr) trace on the agent PG for the same minutes");
    }
    if !f.has_source(SourceKind::Opc) {
        missing.push("the OPC trace on the agent PG (SetAgentState lines)");
    }
    if !f.has_source(SourceKind::Rttest) {
        missing.push("the router's view: rttest, then agent_status /agent <SkillTargetID>");
    }
    if missing.is_empty() || f.inputs.is_empty() {
        return vec![];
    }
    vec![Finding {
        id: "evidence-missing".into(),
        severity: Severity::Info,
        title: format!("{} kind{} of evidence missing", missing.len(), if missing.len() == 1 { "" } else { "s" }),
        seen: format!("Not in what you pasted: {}.", missing.join("; ")),
        why: "Each log shows one hop of the agent's way to 'available'; a gap can hide where it stops.".into(),
        next: "Collect them for the same minutes (Cisco TechNote 214657 lists the ECE listener, CTI server and OPC logs for this flow) and paste them here too.".into(),
        evidence: vec![],
    }]
}

/// Can a customer chat, in one sentence, from the answer first and the agents' states second.
pub fn verdict(f: &Facts, findings: &[Finding]) -> Verdict {
    let reason = findings
        .iter()
        .find(|x| {
            x.severity == Severity::Error
                && !matches!(x.id.as_str(), "queue-full" | "initialize-http-failure")
        })
        .map(|x| x.title.clone());
    let because = |r: &Option<String>| {
        r.as_ref()
            .map(|t| format!(" Most likely reason: {}.", t.trim_end_matches('.')))
            .unwrap_or_default()
    };
    let closed = findings
        .iter()
        .find(|x| x.id == "chat-session-terminated" && x.severity == Severity::Error);
    if let (Some(c), None | Some(Some(0))) = (closed, f.latest_answer().map(|a| a.response_type)) {
        return Verdict {
            status: "chat_unavailable".into(),
            sentence: format!("A customer cannot chat: {}.", c.title.trim_end_matches('.')),
        };
    }
    match f.latest_answer() {
        Some(a) if a.response_type == Some(0) => Verdict {
            status: "chat_available".into(),
            sentence: "A customer can start a chat: the entry point answered responseType 0 (an agent is available, or the queue still has room).".into(),
        },
        Some(a) if a.response_type == Some(1) => Verdict {
            status: "chat_unavailable".into(),
            sentence: format!("A customer cannot start a chat: the entry point answered responseType 1 (no agent available).{}", because(&reason)),
        },
        Some(a) if a.response_type == Some(2) => Verdict {
            status: "chat_unavailable".into(),
            sentence: "A customer cannot start a chat: the entry point's queue is full (responseType 2).".into(),
        },
        Some(a) if a.explanation.availability == Availability::Closed => Verdict {
            status: "chat_unavailable".into(),
            sentence: format!("A customer cannot start a chat: {}.", a.meaning.trim_end_matches('.')),
        },
        Some(a) if a.status.is_some_and(|s| s != 200) || a.response_type.is_none() => Verdict {
            status: "chat_unavailable".into(),
            sentence: format!("A customer cannot start a chat: the entry point's initialize call did not give an answer ({}).", a.meaning),
        },
        Some(_) => Verdict { status: "undecided".into(), sentence: "The entry point answered a responseType this tool does not know; see the answer below.".into() },
        None => {
            let ready = ready_agents(f);
            if let Some(r) = reason {
                Verdict { status: "undecided".into(), sentence: format!("No entry-point answer in the evidence, but the logs show a problem: {r}.") }
            } else if let Some((a, m, _)) = ready.first() {
                Verdict {
                    status: "undecided".into(),
                    sentence: format!("No entry-point answer in the evidence; the logs show agent {a} ready in MRD {m}, so chat should be offered — capture the initialize answer to confirm."),
                }
            } else {
                Verdict { status: "undecided".into(), sentence: "Not enough evidence yet: paste the entry point's answer, a HAR capture, or the logs.".into() }
            }
        }
    }
}
