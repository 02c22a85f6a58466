//! The agent model: per agent and per MRD, what the logs say about login, routable, ready, the AS_*
//! state and its history, task limit and active tasks, and the router's flags.

use super::correlate::{Groups, KindId, Kinds};
use crate::logs::rttest::state_from_code;
use crate::model::{AgentState, Event, EventKind};
use std::collections::HashMap;

pub use crate::report::views::{AgentView, DomainView};

impl DomainView {
    fn new(mrd_id: u32) -> Self {
        DomainView {
            mrd_id,
            domain_name: None,
            logged_in: None,
            routable: None,
            ready: None,
            state: None,
            history: Vec::new(),
            active_tasks: None,
            task_limit: None,
            router_flags: None,
            router_state_code: None,
        }
    }

    fn set_state(&mut self, idx: usize, s: AgentState) {
        self.state = Some(s);
        self.history.push((idx, s));
        match s {
            AgentState::Logout => {
                self.logged_in = Some(false);
                self.ready = Some(false);
            }
            AgentState::NotReady => {
                self.logged_in = Some(true);
                self.ready = Some(false);
            }
            AgentState::NotActive | AgentState::Available => {
                self.logged_in = Some(true);
                self.ready = Some(true);
            }
            _ => self.logged_in = Some(true),
        }
    }
}

/// A trace's number field (ARM messages are decoded later, see `Pending`).
fn num_field(e: &Event, names: &[&str]) -> Option<u32> {
    match &e.kind {
        EventKind::Trace { .. } => names
            .iter()
            .find_map(|n| e.field(n))
            .and_then(crate::logs::parse_u32),
        _ => None,
    }
}

/// ARM messages that would set a domain's task limit or login, decoded only at the end, from the
/// last: only the last assignment that gives a value counts, and decoding each of a large log's
/// routable indications was most of the agent model's time. An assignment from another event
/// (always a value) makes the earlier ones moot.
#[derive(Default)]
struct Pending {
    task_limit: Vec<(usize, &'static [&'static str])>,
    /// ARM MEDIA_LOGIN_RESPs (logged in when `Status` is 0).
    logged_in: Vec<usize>,
}

impl Pending {
    fn resolve(&self, events: &[Event], d: &mut DomainView) {
        let decoded = |i: usize| match events.get(i).map(|e| &e.kind) {
            Some(EventKind::Arm { message }) => Some(message.decode()),
            _ => None,
        };
        for &(i, names) in self.task_limit.iter().rev() {
            let n = decoded(i).and_then(|m| {
                names
                    .iter()
                    .find_map(|n| m.int(n))
                    .and_then(|v| u32::try_from(v).ok())
            });
            if let Some(n) = n {
                d.task_limit = Some(n);
                break;
            }
        }
        for &i in self.logged_in.iter().rev() {
            let st = decoded(i).and_then(|m| m.int("Status"));
            if let Some(st) = st.and_then(|v| u32::try_from(v).ok()) {
                d.logged_in = Some(st == 0);
                break;
            }
        }
    }
}

/// The message kinds the agent model reads, by id.
struct Known {
    login_req: KindId,
    login_resp: KindId,
    logout: KindId,
    routable: KindId,
    not_routable: [KindId; 2],
    ready: KindId,
    not_ready: KindId,
    task_limit: KindId,
}

/// Builds the agent views from time-ordered events, their ARM kinds and the correlation groups
/// (which give the agent and MRD of responses that carry only an InvokeID; `group_of` is each
/// event's group).
pub fn build(
    events: &[Event],
    kinds: &Kinds,
    groups: &Groups,
    group_of: &[Option<u32>],
) -> Vec<AgentView> {
    // A kind no event has gets no id: `NONE`, which no ARM event has either.
    let id = |n: &str| kinds.find(n).unwrap_or(KindId::NONE);
    let known = Known {
        login_req: id("MEDIA_LOGIN_REQ"),
        login_resp: id("MEDIA_LOGIN_RESP"),
        logout: id("MEDIA_LOGOUT_IND"),
        routable: id("MAKE_AGENT_ROUTABLE_IND"),
        not_routable: [
            id("MAKE_AGENT_NOT_ROUTABLE_REQ"),
            id("AGENT_MADE_NOT_ROUTABLE_EVENT"),
        ],
        ready: id("MAKE_AGENT_READY_IND"),
        not_ready: id("MAKE_AGENT_NOT_READY_REQ"),
        task_limit: id("CHANGE_MAX_TASK_LIMIT_REQ"),
    };
    let mut agents: Vec<AgentView> = Vec::new();
    let mut index_of: HashMap<u32, usize, crate::logs::BuildFx> = HashMap::default();
    // Parallel to `agents` and their domains.
    let mut pending: Vec<Vec<Pending>> = Vec::new();
    for (idx, e) in events.iter().enumerate() {
        let g = group_of
            .get(idx)
            .copied()
            .flatten()
            .and_then(|gi| groups.get(gi as usize));
        let Some(agent_id) = e.agent_id.or(g.and_then(|g| g.agent_id())) else {
            continue;
        };
        let mrd = e.mrd_id.or(g.and_then(|g| g.mrd_id()));
        let ai = *index_of.entry(agent_id).or_insert_with(|| {
            pending.push(Vec::new());
            agents.push(AgentView {
                agent_id,
                name: None,
                peripheral_number: None,
                domains: Vec::new(),
            });
            agents.len() - 1
        });
        let agent = &mut agents[ai];
        match &e.kind {
            EventKind::StateChange(s) => {
                agent.peripheral_number = agent.peripheral_number.or(s.peripheral_number);
            }
            EventKind::RouterStatus(s) => {
                if s.agent_name.is_some() {
                    agent.name.clone_from(&s.agent_name);
                }
                agent.peripheral_number = s.peripheral_number.or(agent.peripheral_number);
            }
            _ => {}
        }
        let Some(mrd) = mrd else {
            continue;
        };
        let di = match agent.domains.iter().position(|d| d.mrd_id == mrd) {
            Some(i) => i,
            None => {
                agent.domains.push(DomainView::new(mrd));
                pending[ai].push(Pending::default());
                agent.domains.len() - 1
            }
        };
        let d = &mut agent.domains[di];
        let p = &mut pending[ai][di];
        // A value set now makes the pending ARM ones before it moot.
        let set_state = |d: &mut DomainView, p: &mut Pending, st: AgentState| {
            d.set_state(idx, st);
            p.logged_in.clear();
        };
        match &e.kind {
            EventKind::StateChange(s) if s.new.is_some() => {
                if let Some(st) = s.new {
                    set_state(d, p, st);
                }
            }
            EventKind::RouterStatus(s) => {
                d.domain_name = Some(s.domain_name.clone());
                match s.state.or_else(|| state_from_code(&s.state_code)) {
                    Some(st) => set_state(d, p, st),
                    None => d.router_state_code = Some(s.state_code.clone()),
                }
                d.active_tasks = Some(s.active_tasks);
                d.task_limit = Some(s.task_limit);
                p.task_limit.clear();
                d.router_flags = Some(s.flags.clone());
                d.routable = Some(s.flags.contains('R'));
            }
            EventKind::Trace { function, .. } if function == "AgentStateSkillGroup" => {
                if let Some(st) = e.field("AgentState").and_then(AgentState::parse) {
                    set_state(d, p, st);
                }
            }
            EventKind::Trace { function, .. } if function == "AgentStateEvent" => {
                if let Some(n) = num_field(e, &["NumTasks"]) {
                    d.active_tasks = Some(n);
                }
                if let Some(n) = num_field(e, &["MaxTaskLimit"]) {
                    d.task_limit = Some(n);
                    p.task_limit.clear();
                }
            }
            _ => {}
        }
        let kind = kinds.id(idx);
        if kind.is_none() {
            continue;
        }
        let arm = matches!(e.kind, EventKind::Arm { .. });
        let task_limit = |d: &mut DomainView, p: &mut Pending, names: &'static [&'static str]| {
            if arm {
                p.task_limit.push((idx, names));
            } else if let Some(n) = num_field(e, names) {
                d.task_limit = Some(n);
                p.task_limit.clear();
            }
        };
        if kind == known.login_req {
            task_limit(d, p, &["MaxTaskLimit"]);
        } else if kind == known.login_resp {
            if arm {
                p.logged_in.push(idx);
            } else if let Some(st) = num_field(e, &["Status"]) {
                d.logged_in = Some(st == 0);
                p.logged_in.clear();
            }
        } else if kind == known.logout {
            d.logged_in = Some(false);
            p.logged_in.clear();
            d.ready = Some(false);
            d.routable = None;
        } else if kind == known.routable {
            d.routable = Some(true);
            task_limit(d, p, &["MaxTasks", "MaxTaskLimit"]);
        } else if known.not_routable.contains(&kind) {
            d.routable = Some(false)
        } else if kind == known.ready {
            d.ready = Some(true)
        } else if kind == known.not_ready {
            d.ready = Some(false)
        } else if kind == known.task_limit {
            task_limit(d, p, &["MaxTaskLimit", "MaxTasks"]);
        }
    }
    for (a, p) in agents.iter_mut().zip(&pending) {
        for (d, p) in a.domains.iter_mut().zip(p) {
            p.resolve(events, d);
        }
    }
    agents.sort_by_key(|a| a.agent_id);
    agents
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::timeline;
    use crate::model::Input;

    /// The agent model as it was, reading every ARM message's values as it met them: the
    /// reference for the deferred reading (`Pending`).
    fn build_eager(events: &[Event], kinds: &Kinds, groups: &Groups) -> Vec<AgentView> {
        let group_of = groups.group_of(events.len());
        let num = |e: &Event, names: &[&str]| -> Option<u32> {
            match &e.kind {
                EventKind::Arm { message } => names
                    .iter()
                    .find_map(|n| message.int(n))
                    .and_then(|v| u32::try_from(v).ok()),
                _ => num_field(e, names),
            }
        };
        let mut agents: Vec<AgentView> = Vec::new();
        for (idx, e) in events.iter().enumerate() {
            let g = group_of[idx].and_then(|gi| groups.get(gi as usize));
            let Some(agent_id) = e.agent_id.or(g.and_then(|g| g.agent_id())) else {
                continue;
            };
            let mrd = e.mrd_id.or(g.and_then(|g| g.mrd_id()));
            let ai = match agents.iter().position(|a| a.agent_id == agent_id) {
                Some(i) => i,
                None => {
                    agents.push(AgentView {
                        agent_id,
                        name: None,
                        peripheral_number: None,
                        domains: Vec::new(),
                    });
                    agents.len() - 1
                }
            };
            let agent = &mut agents[ai];
            let Some(mrd) = mrd else { continue };
            let di = match agent.domains.iter().position(|d| d.mrd_id == mrd) {
                Some(i) => i,
                None => {
                    agent.domains.push(DomainView::new(mrd));
                    agent.domains.len() - 1
                }
            };
            let d = &mut agent.domains[di];
            match &e.kind {
                EventKind::StateChange(s) => {
                    if let Some(st) = s.new {
                        d.set_state(idx, st);
                    }
                }
                EventKind::RouterStatus(s) => {
                    match s.state.or_else(|| state_from_code(&s.state_code)) {
                        Some(st) => d.set_state(idx, st),
                        None => d.router_state_code = Some(s.state_code.clone()),
                    }
                    d.task_limit = Some(s.task_limit);
                }
                EventKind::Trace { function, .. } if function == "AgentStateEvent" => {
                    if let Some(n) = num(e, &["MaxTaskLimit"]) {
                        d.task_limit = Some(n);
                    }
                }
                _ => {}
            }
            match kinds.get(idx) {
                Some("MEDIA_LOGIN_REQ") => {
                    if let Some(n) = num(e, &["MaxTaskLimit"]) {
                        d.task_limit = Some(n);
                    }
                }
                Some("MEDIA_LOGIN_RESP") => {
                    if let Some(st) = num(e, &["Status"]) {
                        d.logged_in = Some(st == 0);
                    }
                }
                Some("MEDIA_LOGOUT_IND") => d.logged_in = Some(false),
                Some("MAKE_AGENT_ROUTABLE_IND") => {
                    if let Some(n) = num(e, &["MaxTasks", "MaxTaskLimit"]) {
                        d.task_limit = Some(n);
                    }
                }
                _ => {}
            }
        }
        agents.sort_by_key(|a| a.agent_id);
        agents
    }

    #[test]
    fn values_read_at_the_end_are_those_read_as_met() {
        let head = |s: u32| {
            format!("2019-08-19 13:00:{:02}.000 GMT+0000 <@> INFO <@> [x] <@> ProcessId:1 <@> PID:1 <@> UID:1 <@> HttpSessionId: <@> com.ipcc.listener.arm.ARMLogger <@> <@> ", s % 60)
        };
        let mut rng = crate::ascii::TestRng(0x2545_f491_4f6c_dd1d);
        for round in 0..60 {
            let mut text = String::new();
            for line in 0..(5 + rng.next() % 30) as u32 {
                let agent = 5000 + (rng.next() % 2) as u32;
                let a = agent.to_be_bytes().map(|b| (b as i8).to_string()).join(" ");
                let inv = 80_000 + line;
                let i = inv.to_be_bytes().map(|b| (b as i8).to_string()).join(" ");
                let pg = format!("15:00:{:02}:000", line % 60);
                let v = rng.next() % 4;
                match rng.next() % 6 {
                    0 => writeln_str(&mut text, &format!("{}Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 {i} 0 0 19 -120 {a} 0 0 0 {v}", head(line))),
                    1 => writeln_str(&mut text, &format!("{}Received MEDIA_LOGIN_RESP -> 0 0 0 8 0 0 0 -104 {i} 0 0 0 {v}", head(line))),
                    2 => writeln_str(&mut text, &format!("{pg} cg1A-ctisvr Trace: AgentStateEvent - ICMAgentID = {agent}, MRDID = 5000, MaxTaskLimit = {v}")),
                    3 => writeln_str(&mut text, &format!("{pg} PG1A-opc Trace: SetAgentState: ASTID={agent} Periph#=1 MRDomainID=5000 SGSTID=1 SG#=1 OldState=AS_NOT_READY NewState={} Duration=0 CurLine=-1 ReasonCode=0", ["AS_NOT_ACTIVE", "AS_LOGOUT", "AS_NOT_READY", "AS_ACTIVE"][v as usize])),
                    4 => writeln_str(&mut text, &format!("{pg} cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {inv}, MRDID = 5000, ICMAgentID = {agent}, MaxTasks = {v}")),
                    _ => writeln_str(&mut text, &format!("{}Sending MEDIA_LOGIN_REQ -> 0 0 0 12 0 0 0 -105 {i} 0 0 19 -120 {a}", head(line))),
                };
            }
            let parse = crate::logs::parse(0, &Input::new("mix", text.clone()));
            let t = timeline::build(vec![parse], &[]);
            let want = build_eager(&t.events, &t.kinds, &t.groups);
            let got: Vec<_> = t.agents.clone();
            type Seen = Vec<(u32, Vec<(u32, Option<u32>, Option<bool>)>)>;
            let strip = |v: Vec<AgentView>| -> Seen {
                v.into_iter()
                    .map(|a| {
                        (
                            a.agent_id,
                            a.domains
                                .into_iter()
                                .map(|d| (d.mrd_id, d.task_limit, d.logged_in))
                                .collect(),
                        )
                    })
                    .collect()
            };
            assert_eq!(strip(got), strip(want), "round {round}:\n{text}");
        }
    }

    fn writeln_str(s: &mut String, line: &str) {
        s.push_str(line);
        s.push('\n');
    }
}
