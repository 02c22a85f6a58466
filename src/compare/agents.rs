//! Agents on both sides: matched by id, or as counterparts when each side has one agent the other
//! lacks; each MRD's state, routable/ready, tasks and router flags side by side.

use super::model::{AgentChange, DomainState};
use crate::analysis::agents::AgentView;
use crate::report::Report;

/// Which agent of the second side stands for which of the first: the same id, or one
/// counterpart pair (the only agent each side has alone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentMap {
    /// (first side's id, second side's id).
    pub pairs: Vec<(Option<u32>, Option<u32>)>,
    pub counterpart: Option<(u32, u32)>,
}

impl AgentMap {
    pub fn of(before: &Report, after: &Report) -> Self {
        let ids = |r: &Report| r.agents.iter().map(|a| a.agent_id).collect::<Vec<_>>();
        let (b, a) = (ids(before), ids(after));
        let only_b: Vec<u32> = b.iter().copied().filter(|x| !a.contains(x)).collect();
        let only_a: Vec<u32> = a.iter().copied().filter(|x| !b.contains(x)).collect();
        let counterpart = match (only_b.as_slice(), only_a.as_slice()) {
            ([x], [y]) => Some((*x, *y)),
            _ => None,
        };
        let mut pairs: Vec<(Option<u32>, Option<u32>)> = Vec::new();
        for &x in &b {
            pairs.push(match counterpart {
                Some((cb, ca)) if cb == x => (Some(x), Some(ca)),
                _ if a.contains(&x) => (Some(x), Some(x)),
                _ => (Some(x), None),
            });
        }
        for &y in &only_a {
            if counterpart.map(|c| c.1) != Some(y) {
                pairs.push((None, Some(y)));
            }
        }
        AgentMap { pairs, counterpart }
    }

    /// The first side's id for a second-side agent (itself unless it is the counterpart).
    pub fn as_before(&self, after_agent: u32) -> u32 {
        match self.counterpart {
            Some((b, a)) if a == after_agent => b,
            _ => after_agent,
        }
    }

    /// The second side's id for a first-side agent.
    pub fn as_after(&self, before_agent: u32) -> u32 {
        match self.counterpart {
            Some((b, a)) if b == before_agent => a,
            _ => before_agent,
        }
    }
}

/// Every (agent, MRD) of either side, with what differs.
pub fn changes(before: &Report, after: &Report, map: &AgentMap) -> Vec<AgentChange> {
    let find = |r: &Report, id: Option<u32>| -> Option<AgentView> {
        id.and_then(|id| r.agents.iter().find(|a| a.agent_id == id).cloned())
    };
    let mut out = Vec::new();
    for &(b_id, a_id) in &map.pairs {
        let (b, a) = (find(before, b_id), find(after, a_id));
        let mut mrds: Vec<u32> = b
            .iter()
            .chain(a.iter())
            .flat_map(|v| v.domains.iter().map(|d| d.mrd_id))
            .collect();
        mrds.sort_unstable();
        mrds.dedup();
        for mrd in mrds {
            let db = b
                .as_ref()
                .and_then(|v| v.domains.iter().find(|d| d.mrd_id == mrd));
            let da = a
                .as_ref()
                .and_then(|v| v.domains.iter().find(|d| d.mrd_id == mrd));
            let (sb, sa) = (db.map(DomainState::from), da.map(DomainState::from));
            let changed = match (&sb, &sa) {
                (Some(x), Some(y)) => changed_fields(x, y),
                _ => Vec::new(),
            };
            out.push(AgentChange {
                agent_before: b_id,
                agent_after: a_id,
                counterparts: b_id.is_some() && a_id.is_some() && b_id != a_id,
                mrd_id: mrd,
                domain_name: da
                    .and_then(|d| d.domain_name.clone())
                    .or_else(|| db.and_then(|d| d.domain_name.clone())),
                before: sb,
                after: sa,
                changed,
            });
        }
    }
    out
}

/// The fields of two states that differ, by their names in the comparison.
fn changed_fields(b: &DomainState, a: &DomainState) -> Vec<String> {
    let mut v = Vec::new();
    let mut check = |name: &str, differs: bool| {
        if differs {
            v.push(name.to_string());
        }
    };
    check(
        "state",
        b.state != a.state || b.router_state_code != a.router_state_code,
    );
    check("logged in", b.logged_in != a.logged_in);
    check("routable", b.routable != a.routable);
    check("ready", b.ready != a.ready);
    check(
        "tasks",
        b.active_tasks != a.active_tasks || b.task_limit != a.task_limit,
    );
    check("router flags", b.router_flags != a.router_flags);
    v
}

/// A state's field as shown: `yes`, `no`, `?`, `AS_NOT_ACTIVE`, `0/2`, `RA`.
pub fn field_text(s: &DomainState, field: &str) -> String {
    let yes = |v: Option<bool>| match v {
        Some(true) => "yes".to_string(),
        Some(false) => "no".to_string(),
        None => "?".to_string(),
    };
    let n = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_else(|| "?".into());
    match field {
        "state" => s
            .state
            .map(|x| x.opc_name().to_string())
            .or_else(|| s.router_state_code.clone())
            .unwrap_or_else(|| "?".into()),
        "logged in" => yes(s.logged_in),
        "routable" => yes(s.routable),
        "ready" => yes(s.ready),
        "tasks" => format!("{}/{}", n(s.active_tasks), n(s.task_limit)),
        "router flags" => s.router_flags.clone().unwrap_or_else(|| "?".into()),
        _ => "?".into(),
    }
}

/// `agent 7101, MRD 5000 (ECE_Chat)`, or `agent 7301 / 7302, MRD 5000 (ECE_Chat)` for
/// counterparts.
pub fn subject(c: &AgentChange) -> String {
    let agent = match (c.agent_before, c.agent_after) {
        (Some(b), Some(a)) if a != b => format!("agent {b} / {a}"),
        (Some(x), _) | (None, Some(x)) => format!("agent {x}"),
        (None, None) => "agent ?".into(),
    };
    format!(
        "{agent}, MRD {}{}",
        c.mrd_id,
        c.domain_name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    )
}
