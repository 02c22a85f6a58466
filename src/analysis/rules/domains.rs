//! Each agent's chat/email domain classified once, from the router's view first and OPC's second:
//! available, or the one reason it is not (flag D, task limit, busy in another MRD, not ready, not
//! routable, no A); then the findings of those reasons, and a ready agent the entry point does not
//! count.

use super::versions::EceRule;
use super::{ev, new_finding, per_agent_or_grouped, Facts};
use crate::logs::BuildFx;
use crate::model::{AgentState, EventKind, RouterDomainStatus};
use crate::report::{AgentRef, Finding};
use std::collections::HashMap;

/// Why an agent's domain takes no new chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Blocker {
    DFlag,
    AtLimit {
        active: u32,
        limit: u32,
    },
    BusyOther {
        mrd: u32,
        name: Option<String>,
        active: u32,
    },
    NotReady,
    NotRoutable(&'static str),
    NoA,
}

/// A domain's state as far as routing a chat goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    /// Available; by which evidence.
    Available(&'static str),
    Blocked(Blocker),
    Unknown,
}

/// One agent's chat/email domain, classified.
#[derive(Debug, Clone)]
pub(crate) struct DomainFacts {
    pub agent_id: u32,
    pub mrd_id: u32,
    pub domain_name: Option<String>,
    /// The latest rttest line for this agent and MRD (a timeline index).
    pub router: Option<usize>,
    /// The latest OPC / ctisvr state event (a timeline index).
    pub state_event: Option<usize>,
    pub status: Status,
    /// Skill groups as the evidence shows them: rttest's lines, OPC's SGSTID.
    pub skill_groups: Vec<String>,
}

impl DomainFacts {
    pub fn available(&self) -> bool {
        matches!(self.status, Status::Available(_))
    }

    fn label(&self) -> String {
        match &self.domain_name {
            Some(n) => format!("{n} ({})", self.mrd_id),
            None => format!("MRD {}", self.mrd_id),
        }
    }

    fn agent_ref(&self) -> AgentRef {
        AgentRef {
            agent_id: self.agent_id,
            mrd_id: Some(self.mrd_id),
        }
    }
}

fn shown(s: &RouterDomainStatus) -> String {
    format!(
        "[{}-{}:{},{}]",
        s.state_code, s.active_tasks, s.task_limit, s.flags
    )
}

/// Classifies every chat/email domain of every agent (one pass over the events for the indexes).
pub(crate) fn classify(f: &Facts) -> Vec<DomainFacts> {
    let mut router: HashMap<(u32, u32), usize, BuildFx> = HashMap::default();
    let mut state_event: HashMap<(u32, u32), usize, BuildFx> = HashMap::default();
    let mut agent_mode: HashMap<(u32, u32), String, BuildFx> = HashMap::default();
    let mut opc_groups: HashMap<(u32, u32), Vec<u32>, BuildFx> = HashMap::default();
    for (i, e) in f.timeline.events.iter().enumerate() {
        let (Some(a), Some(m)) = (e.agent_id, e.mrd_id) else {
            continue;
        };
        match &e.kind {
            EventKind::RouterStatus(_) => {
                router.insert((a, m), i);
            }
            EventKind::StateChange(s) => {
                state_event.insert((a, m), i);
                if let Some(sg) = s.skill_group_id {
                    let v = opc_groups.entry((a, m)).or_default();
                    if !v.contains(&sg) {
                        v.push(sg);
                    }
                }
            }
            EventKind::Trace { function, .. } if function == "AgentStateEvent" => {
                state_event.insert((a, m), i);
                if let Some(mode) = e.field("AgentMode") {
                    agent_mode.insert((a, m), mode.trim().to_string());
                }
            }
            EventKind::Trace { function, .. } if function == "AgentStateSkillGroup" => {
                state_event.insert((a, m), i);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for a in f.agents {
        for d in &a.domains {
            if !f.is_ece_mrd(d.mrd_id, d.domain_name.as_deref()) {
                continue;
            }
            let key = (a.agent_id, d.mrd_id);
            let r = router.get(&key).copied();
            let rs = r.and_then(|i| match &f.timeline.events[i].kind {
                EventKind::RouterStatus(s) => Some(s.as_ref()),
                _ => None,
            });
            // Another MRD of the same agent with tasks (a voice call, another chat domain).
            let busy_elsewhere = a
                .domains
                .iter()
                .filter(|o| o.mrd_id != d.mrd_id)
                .find(|o| o.active_tasks.is_some_and(|n| n > 0))
                .map(|o| Blocker::BusyOther {
                    mrd: o.mrd_id,
                    name: o.domain_name.clone(),
                    active: o.active_tasks.unwrap_or(0),
                });
            let status = match rs {
                Some(s) if s.flags.contains('D') => Status::Blocked(Blocker::DFlag),
                Some(s) if s.task_limit > 0 && s.active_tasks >= s.task_limit => {
                    Status::Blocked(Blocker::AtLimit {
                        active: s.active_tasks,
                        limit: s.task_limit,
                    })
                }
                Some(s) if s.flags.contains('A') => Status::Available("the router's A flag"),
                Some(s) => Status::Blocked(match busy_elsewhere {
                    Some(b) => b,
                    None if s.state_code == "nr" => Blocker::NotReady,
                    None if !s.flags.contains('R') => {
                        Blocker::NotRoutable("rttest shows no R flag")
                    }
                    None => Blocker::NoA,
                }),
                None => {
                    let full = matches!((d.active_tasks, d.task_limit), (Some(n), Some(l)) if l > 0 && n >= l);
                    match d.state {
                        Some(AgentState::NotActive | AgentState::Active) if full => {
                            Status::Blocked(Blocker::AtLimit {
                                active: d.active_tasks.unwrap_or(0),
                                limit: d.task_limit.unwrap_or(0),
                            })
                        }
                        Some(AgentState::NotActive) if agent_mode.get(&key).is_some_and(|m| m == "0") => {
                            Status::Blocked(Blocker::NotRoutable(
                                "the CTI server's agent state event shows AgentMode:0 (its polarity is inferred)",
                            ))
                        }
                        Some(AgentState::NotActive) => Status::Available("OPC's AS_NOT_ACTIVE"),
                        Some(AgentState::NotReady) => Status::Blocked(Blocker::NotReady),
                        Some(AgentState::BusyOther | AgentState::Interrupted) => {
                            Status::Blocked(busy_elsewhere.unwrap_or(Blocker::BusyOther {
                                mrd: d.mrd_id,
                                name: d.domain_name.clone(),
                                active: 0,
                            }))
                        }
                        _ => Status::Unknown,
                    }
                }
            };
            let mut skill_groups: Vec<String> = rs
                .map(|s| {
                    s.skill_groups
                        .iter()
                        .map(|g| match g.skill_target_id {
                            Some(id) => format!("{} ({id})", g.name),
                            None => g.name.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            for sg in opc_groups.get(&key).into_iter().flatten() {
                let t = format!("({sg})");
                if !skill_groups.iter().any(|g| g.ends_with(&t)) {
                    skill_groups.push(format!("SGSTID {sg}"));
                }
            }
            out.push(DomainFacts {
                agent_id: a.agent_id,
                mrd_id: d.mrd_id,
                domain_name: d.domain_name.clone(),
                router: r,
                state_event: state_event.get(&key).copied(),
                status,
                skill_groups,
            });
        }
    }
    out
}

/// One finding per blocked domain, grouped per rule when many agents share it.
pub fn domain_findings(f: &Facts) -> Vec<Finding> {
    let mut by_rule: Vec<(&'static str, Vec<Finding>)> = Vec::new();
    let fault = f.agent_fault_severity();
    for d in f.domains() {
        let Status::Blocked(b) = &d.status else {
            continue;
        };
        let rs = d.router.and_then(|i| match &f.timeline.events[i].kind {
            EventKind::RouterStatus(s) => Some((i, s.as_ref())),
            _ => None,
        });
        let where_ = d.label();
        let agent = d.agent_id;
        let (id, title, seen) = match b {
            Blocker::DFlag => (
                "router-d-flag",
                format!("Router: domain {where_} not available for agent {agent} (flag D)"),
                rs.map(|(_, s)| format!("rttest shows {} for {where_}.", shown(s))).unwrap_or_default(),
            ),
            Blocker::AtLimit { active, limit } => (
                "at-task-limit",
                format!("Agent {agent} is at its task limit in {where_} ({active} of {limit})"),
                match rs {
                    Some((_, s)) => format!("rttest shows {} for {where_}: {active} active tasks, limit {limit}.", shown(s)),
                    None => format!("{active} active tasks (NumTasks), limit {limit} (MaxTaskLimit)."),
                },
            ),
            Blocker::BusyOther { mrd, name, active } => (
                "busy-other-mrd",
                format!(
                    "Agent {agent} is busy in {} and gets no chat in {where_}",
                    name.as_deref().map(|n| format!("{n} ({mrd})")).unwrap_or_else(|| format!("MRD {mrd}"))
                ),
                match rs {
                    Some((_, s)) => format!("rttest shows {} for {where_} (no A) while another domain has {active} active task(s).", shown(s)),
                    None => format!("OPC shows the agent busy in another MRD or interrupted ({active} active task(s) elsewhere)."),
                },
            ),
            Blocker::NotReady => (
                "agent-not-ready",
                format!("Agent {agent} is not ready in {where_}"),
                match rs {
                    Some((_, s)) => format!("rttest shows {} for {where_}: nr, not ready.", shown(s)),
                    None => "OPC's latest state for this MRD is AS_NOT_READY.".into(),
                },
            ),
            Blocker::NotRoutable(how) => (
                "not-routable",
                format!("Agent {agent} is not routable in {where_}"),
                match rs {
                    Some((_, s)) => format!("rttest shows {} for {where_}: {how}.", shown(s)),
                    None => format!("OPC shows the agent ready, but {how}."),
                },
            ),
            Blocker::NoA => (
                "router-no-a-flag",
                format!("Router: agent {agent} is not available in {where_} (no A flag)"),
                rs.map(|(_, s)| format!("rttest shows {} for {where_}: routable, below its limit, without A.", shown(s))).unwrap_or_default(),
            ),
        };
        let mut x = new_finding(id);
        x.severity = match id {
            "at-task-limit" | "busy-other-mrd" => x.severity,
            _ => fault,
        };
        x.title = title;
        x.seen = seen;
        match id {
            "router-d-flag" => {
                x.why = format!("{} {}", x.why, f.versions.bug_sentence());
            }
            "at-task-limit" | "busy-other-mrd" => {
                x.why = format!(
                    "{} Whether the entry point then answers 1 depends on the other agents: {}",
                    x.why,
                    f.versions.ece_sentence()
                );
            }
            _ => {}
        }
        x.agents.push(d.agent_ref());
        if let Some((i, s)) = rs {
            x.evidence.push(ev(
                &f.timeline.events[i],
                format!("{} {}", s.domain_name, shown(s)),
            ));
        } else if let Some(i) = d.state_event {
            x.evidence.push(ev(&f.timeline.events[i], "latest state"));
        }
        match by_rule.iter_mut().find(|(r, _)| *r == id) {
            Some((_, v)) => v.push(x),
            None => by_rule.push((id, vec![x])),
        }
    }
    by_rule
        .into_iter()
        .flat_map(|(id, items)| {
            per_agent_or_grouped(items, move |n| match id {
                "router-d-flag" => format!("Router: {n} agents' chat domain carries flag D"),
                "at-task-limit" => format!("{n} agents are at their task limit"),
                "busy-other-mrd" => format!("{n} agents are busy in another MRD"),
                "agent-not-ready" => format!("{n} agents are not ready in the chat domain"),
                "not-routable" => format!("{n} agents are not routable in the chat domain"),
                _ => format!("Router: {n} agents are not available (no A flag)"),
            })
        })
        .collect()
}

/// responseType 1 while the evidence shows an agent ready: on ECE 12.0+ a skill group the entry
/// point does not count, otherwise (or when the version is unknown) a contradiction to explain.
pub fn ready_agent_not_counted(f: &Facts) -> Vec<Finding> {
    let ready: Vec<&DomainFacts> = f.domains().iter().filter(|d| d.available()).collect();
    if ready.is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    for g in f.entries() {
        let ans = &f.entry_points[g.deciding];
        if ans.response_type != Some(1) || g.other_time.is_some() {
            continue;
        }
        let who: Vec<String> = ready
            .iter()
            .map(|d| {
                let via = match d.status {
                    Status::Available(v) => v,
                    _ => "",
                };
                let sg = if d.skill_groups.is_empty() {
                    String::new()
                } else {
                    format!(", skill groups {}", d.skill_groups.join(", "))
                };
                format!("agent {} in MRD {} ({via}{sg})", d.agent_id, d.mrd_id)
            })
            .collect();
        let ep = ans.entry_point_id.clone();
        let ep_text = ep
            .as_deref()
            .map(|i| format!("entry point {i}"))
            .unwrap_or_else(|| "the entry point".into());
        let untimed = ready
            .iter()
            .any(|d| d.router.is_some() && d.state_event.is_none());
        let id = if f.versions.ece_rule() == EceRule::PerSkillGroup {
            "agent-not-in-queue-skill-group"
        } else {
            "type1-with-ready-agent"
        };
        let mut x = new_finding(id);
        x.entry_point_id = ep.clone();
        x.title = if id == "type1-with-ready-agent" {
            format!(
                "{} says no agent is available while an agent is ready",
                cap(&ep_text)
            )
        } else {
            format!(
                "{} does not count the ready agent{}: its skill groups are likely not the entry point's",
                cap(&ep_text),
                if ready.len() == 1 { "" } else { "s" }
            )
        };
        x.seen = format!(
            "{} ({}) answered responseType 1; the evidence shows {} ready.{}",
            cap(&ep_text),
            ans.call,
            who.join("; "),
            if untimed {
                " The rttest output carries no time: make sure it was taken when the answer was."
            } else {
                ""
            }
        );
        x.why = format!("{} {}", x.why, f.versions.ece_applies());
        x.agents = ready.iter().map(|d| d.agent_ref()).collect();
        x.evidence = ready
            .iter()
            .filter_map(|d| d.router.or(d.state_event))
            .map(|i| ev(&f.timeline.events[i], "agent ready"))
            .collect();
        x.evidence.push(super::entry::answer_evidence(ans));
        out.push(x);
    }
    out
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
