//! Which expected steps of the availability flow a report's events show, per agent and MRD: the
//! ladder's steps (`analysis::ladder`), read back from the report's events and groups.

use crate::analysis::correlate::canonical;
use crate::model::{AgentState, SourceKind};
use crate::report::{Report, ReportEvent};
use std::collections::BTreeMap;

/// The steps, in the ladder's order and with its names, and the logs that can show each.
pub const STEPS: [(&str, &[SourceKind]); 6] = [
    ("MEDIA_LOGIN_REQ", ARM_SOURCES),
    ("MEDIA_LOGIN_RESP", ARM_SOURCES),
    ("MAKE_AGENT_ROUTABLE_IND", ARM_SOURCES),
    ("MAKE_AGENT_READY_IND", ARM_SOURCES),
    ("SetAgentState → AS_NOT_ACTIVE", &[SourceKind::Opc]),
    ("router flags RA", &[SourceKind::Rttest]),
];

/// Where the expected flow comes from (catalogue source ids): the seed note's ready flow and
/// TechNote 214657's PG log reading (ROUTABLE → READY → NOT_ACTIVE).
pub const FLOW_SOURCES: [&str; 2] = ["seed", "TN214657"];

const ARM_SOURCES: &[SourceKind] = &[SourceKind::Listener, SourceKind::Ctisvr, SourceKind::Opc];

/// Index of the OPC state step and of the router flags step in [`STEPS`].
pub const STATE_STEP: usize = 4;
pub const ROUTER_STEP: usize = 5;

/// (agent, MRD) → which of the [`STEPS`] the report's events show.
pub type Seen = BTreeMap<(u32, u32), [bool; 6]>;

/// The steps each agent's MRD shows in a report: for every event the ladder draws, the step it
/// is (by its ARM message, its new OPC state, its router flags), with the agent and MRD from the
/// event or its correlated request.
pub fn seen(r: &Report) -> Seen {
    let mut out = Seen::new();
    for e in &r.events {
        let group = e.group.and_then(|g| r.groups.get(g));
        let (Some(agent), Some(mrd)) = (
            e.agent_id.or(group.and_then(|g| g.agent_id)),
            e.mrd_id.or(group.and_then(|g| g.mrd_id)),
        ) else {
            continue;
        };
        if let Some(step) = step_of(e, group.map(|g| g.kind.as_str())) {
            out.entry((agent, mrd)).or_default()[step] = true;
        }
    }
    out
}

/// The (agent, MRD) pairs a report's ladder marks steps missing for, and those steps: the
/// dashed arrows `"{step} agent={agent} MRD={mrd}"`.
pub fn missing_in_ladder(r: &Report) -> BTreeMap<(u32, u32), Vec<usize>> {
    let mut out: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
    for a in r.ladder.arrows().filter(|a| !a.observed) {
        if let Some((step, agent, mrd)) = parse_missing(&a.label) {
            out.entry((agent, mrd)).or_default().push(step);
        }
    }
    out
}

/// `MAKE_AGENT_READY_IND agent=7101 MRD=5000` → (3, 7101, 5000).
pub fn parse_missing(label: &str) -> Option<(usize, u32, u32)> {
    let (rest, mrd) = label.rsplit_once(" MRD=")?;
    let (name, agent) = rest.rsplit_once(" agent=")?;
    let step = STEPS.iter().position(|(n, _)| *n == name)?;
    Some((step, agent.parse().ok()?, mrd.parse().ok()?))
}

/// The step an event shows, when it is one the ladder draws (the ladder counts only those).
fn step_of(e: &ReportEvent, group_kind: Option<&str>) -> Option<usize> {
    match (e.source, e.kind.as_str()) {
        (SourceKind::Opc, "SetAgentState") => {
            (new_state(&e.detail) == Some(AgentState::NotActive)).then_some(STATE_STEP)
        }
        (SourceKind::Rttest, "agent_status") => {
            let f = router_flags(&e.detail)?;
            (f.contains('R') && f.contains('A')).then_some(ROUTER_STEP)
        }
        (SourceKind::Listener, k) if e.message.is_some() => arm_step(canonical(k).as_deref()),
        (SourceKind::Ctisvr, "SendARMMsg") => arm_step(
            group_kind
                .map(str::to_string)
                .or_else(|| send_kind(&e.detail))
                .as_deref(),
        ),
        (SourceKind::Ctisvr, k) => {
            let kind = canonical(k);
            let drawn =
                k.starts_with("Process") || kind.as_deref().is_some_and(|k| k.ends_with("_RESP"));
            if drawn {
                arm_step(kind.as_deref())
            } else {
                None
            }
        }
        (SourceKind::Opc, k) => arm_step(canonical(k).as_deref()),
        _ => None,
    }
}

fn arm_step(kind: Option<&str>) -> Option<usize> {
    let k = kind?;
    STEPS[..STATE_STEP].iter().position(|(n, _)| *n == k)
}

/// A `SendARMMsg` with no request around it: which message its fields say it is (as
/// `analysis::correlate` reads them).
fn send_kind(detail: &str) -> Option<String> {
    let has = |k: &str| {
        detail
            .split([':', ','])
            .any(|p| p.trim().split(" = ").next() == Some(k))
    };
    if has("MakeRoutable") {
        Some("MAKE_AGENT_READY_IND".into())
    } else if has("MaxTasks") {
        Some("MAKE_AGENT_ROUTABLE_IND".into())
    } else if has("AgentInfo") || has("ApplicationPathID") {
        Some("MEDIA_LOGIN_REQ".into())
    } else {
        None
    }
}

/// `AS_NOT_READY → AS_NOT_ACTIVE (skill group …)` → `AS_NOT_ACTIVE`.
fn new_state(detail: &str) -> Option<AgentState> {
    let (_, rest) = detail.split_once(" → ")?;
    AgentState::parse(rest.split(" (").next()?)
}

/// `ECE_Chat [na-0:2,RA], 383 s in state` → `RA`.
fn router_flags(detail: &str) -> Option<&str> {
    let open = detail.rfind('[')?;
    let inside = &detail[open + 1..];
    let inside = &inside[..inside.find(']')?];
    Some(inside.rsplit_once(',')?.1)
}

/// The logs a side's events come from.
pub fn sources(r: &Report) -> Vec<SourceKind> {
    let mut s: Vec<SourceKind> = r.events.iter().map(|e| e.source).collect();
    if !r.entry_points.is_empty() || !r.har.is_empty() {
        s.extend(r.har.iter().map(|_| SourceKind::Har));
        if r.entry_points.iter().any(|e| e.har_index.is_none()) {
            s.push(SourceKind::Api);
        }
    }
    s.sort();
    s.dedup();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flows_sources_are_in_the_catalogue() {
        for id in FLOW_SOURCES {
            assert!(
                crate::analysis::rules::catalog::source(id).is_some(),
                "{id}"
            );
        }
    }

    #[test]
    fn reads_the_ladders_missing_step_labels() {
        assert_eq!(
            parse_missing("MAKE_AGENT_READY_IND agent=7101 MRD=5000"),
            Some((3, 7101, 5000))
        );
        assert_eq!(
            parse_missing("SetAgentState → AS_NOT_ACTIVE agent=1 MRD=2"),
            Some((4, 1, 2))
        );
        assert_eq!(parse_missing("GET …/entrypoint/initialize/<id>"), None);
        assert_eq!(parse_missing("NOT_A_STEP agent=1 MRD=2"), None);
    }

    #[test]
    fn reads_router_flags_and_new_states_from_details() {
        assert_eq!(
            router_flags("ECE_Chat [na-0:2,RA], 383 s in state"),
            Some("RA")
        );
        assert_eq!(router_flags("ECE [x] Chat [ac-2:2,R]"), Some("R"));
        assert_eq!(
            new_state("AS_NOT_READY → AS_NOT_ACTIVE (skill group 6928 / 70518, reason 0)"),
            Some(AgentState::NotActive)
        );
        assert_eq!(
            send_kind("SendARMMsg: InvokeID = 1, MakeRoutable = 1"),
            Some("MAKE_AGENT_READY_IND".into())
        );
        assert_eq!(send_kind("SendARMMsg: InvokeID = 1"), None);
    }
}
