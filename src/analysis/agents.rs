//! The agent model: per agent and per MRD, what the logs say about login, routable, ready, the AS_*
//! state and its history, task limit and active tasks, and the router's flags.

use super::correlate::{Groups, KindId, Kinds};
use crate::logs::rttest::state_from_code;
use crate::model::{AgentState, Event, EventKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentView {
    /// ICMAgentID / SkillTargetID.
    pub agent_id: u32,
    pub name: Option<String>,
    pub peripheral_number: Option<u32>,
    pub domains: Vec<DomainView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainView {
    pub mrd_id: u32,
    pub domain_name: Option<String>,
    pub logged_in: Option<bool>,
    pub routable: Option<bool>,
    pub ready: Option<bool>,
    pub state: Option<AgentState>,
    /// (event index, state) in time order.
    pub history: Vec<(usize, AgentState)>,
    pub active_tasks: Option<u32>,
    pub task_limit: Option<u32>,
    pub router_flags: Option<String>,
    /// Router state code as printed when it names no confirmed state (`av`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router_state_code: Option<String>,
}

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

fn num_field(e: &Event, names: &[&str]) -> Option<u32> {
    match &e.kind {
        EventKind::Trace { .. } => names
            .iter()
            .find_map(|n| e.field(n))
            .and_then(crate::logs::parse_u32),
        EventKind::Arm { message, .. } => names
            .iter()
            .find_map(|n| message.int(n))
            .and_then(|v| u32::try_from(v).ok()),
        _ => None,
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
                agent.domains.len() - 1
            }
        };
        let d = &mut agent.domains[di];
        match &e.kind {
            EventKind::StateChange(s) if s.new.is_some() => {
                if let Some(st) = s.new {
                    d.set_state(idx, st);
                }
            }
            EventKind::RouterStatus(s) => {
                d.domain_name = Some(s.domain_name.clone());
                match s.state.or_else(|| state_from_code(&s.state_code)) {
                    Some(st) => d.set_state(idx, st),
                    None => d.router_state_code = Some(s.state_code.clone()),
                }
                d.active_tasks = Some(s.active_tasks);
                d.task_limit = Some(s.task_limit);
                d.router_flags = Some(s.flags.clone());
                d.routable = Some(s.flags.contains('R'));
            }
            EventKind::Trace { function, .. } if function == "AgentStateSkillGroup" => {
                if let Some(st) = e.field("AgentState").and_then(AgentState::parse) {
                    d.set_state(idx, st);
                }
            }
            EventKind::Trace { function, .. } if function == "AgentStateEvent" => {
                if let Some(n) = num_field(e, &["NumTasks"]) {
                    d.active_tasks = Some(n);
                }
                if let Some(n) = num_field(e, &["MaxTaskLimit"]) {
                    d.task_limit = Some(n);
                }
            }
            _ => {}
        }
        let kind = kinds.id(idx);
        if kind.is_none() {
            continue;
        }
        if kind == known.login_req {
            if let Some(n) = num_field(e, &["MaxTaskLimit"]) {
                d.task_limit = Some(n);
            }
        } else if kind == known.login_resp {
            if let Some(st) = num_field(e, &["Status"]) {
                d.logged_in = Some(st == 0);
            }
        } else if kind == known.logout {
            d.logged_in = Some(false);
            d.ready = Some(false);
            d.routable = None;
        } else if kind == known.routable {
            d.routable = Some(true);
            if let Some(n) = num_field(e, &["MaxTasks", "MaxTaskLimit"]) {
                d.task_limit = Some(n);
            }
        } else if known.not_routable.contains(&kind) {
            d.routable = Some(false)
        } else if kind == known.ready {
            d.ready = Some(true)
        } else if kind == known.not_ready {
            d.ready = Some(false)
        } else if kind == known.task_limit {
            if let Some(n) = num_field(e, &["MaxTaskLimit", "MaxTasks"]) {
                d.task_limit = Some(n);
            }
        }
    }
    agents.sort_by_key(|a| a.agent_id);
    agents
}
