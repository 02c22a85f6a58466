//! Login and indication rules: a rejected media login (each E_ARM_STAT by name), failure answers,
//! logins missing from the evidence, agents never made routable or ready, ready not applied by OPC.

use super::{ev, new_finding, per_agent_or_grouped, step, Facts};
use crate::analysis::index::Class;
use crate::cti::catalog::arm_status_name;
use crate::logs::BuildFx;
use crate::model::{AgentState, Event, EventKind, SourceKind};
use crate::report::{AgentRef, Finding};
use std::collections::{HashMap, HashSet};

pub(super) fn status_of(e: &Event) -> Option<i64> {
    match &e.kind {
        EventKind::Arm { message, .. } => message.int("Status"),
        EventKind::Trace { .. } => e.field("Status").and_then(|v| v.trim().parse().ok()),
        _ => None,
    }
}

/// `27 (E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH)`; 0 is "no error", not a constant.
pub(super) fn status_text(s: i64) -> String {
    if s == 0 {
        return "0 (no error)".into();
    }
    match arm_status_name(s) {
        Some(n) => format!("{s} ({n})"),
        None => format!("{s} (not in the published E_ARM_STAT list)"),
    }
}

/// What to do about one E_ARM_STAT code, in the words of its published meaning.
fn status_step(s: i64) -> Option<&'static str> {
    Some(match s {
        1 => "1: the agent is already logged in to this MRD (another session holds the login).",
        2 => "2: the agent is not configured in CCE: check the agent exists on this peripheral.",
        3 => "3: the MRD is not configured in CCE: check the MRD id the listener uses.",
        11 => "11: a login to the voice MRD through the media API: the listener names a voice MRD.",
        27 => "27: the MRD and peripheral are not members of the listener's application path: add them to it in CCE.",
        34 => "34: Packaged CCE's maximum of concurrently logged-in agents on this peripheral is reached.",
        37 => "37: the login request timed out: look at the PG and CTI server at that time.",
        38 => "38: the login to the precision queue failed.",
        41 => "41: a login request for this agent and MRD is already pending.",
        _ => return None,
    })
}

/// MEDIA_LOGIN_RESP with a non-zero status (36, the central controller offline, is the link
/// rule's).
pub fn login_rejected(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, e) in f.of_kind("MEDIA_LOGIN_RESP") {
        let Some(s) = status_of(e).filter(|s| *s != 0 && *s != 36) else {
            continue;
        };
        let mut x = new_finding("login-rejected");
        x.severity = f.agent_fault_severity();
        x.title = format!(
            "Media login rejected{}: status {}",
            e.agent_id
                .map(|a| format!(" for agent {a}"))
                .unwrap_or_default(),
            status_text(s)
        );
        x.seen = format!(
            "MEDIA_LOGIN_RESP with status {} ({} log, line {}).",
            status_text(s),
            e.source.as_str(),
            e.origin.line
        );
        if let Some(t) = status_step(s) {
            x.next.insert(0, step(t, "finesse-arm"));
        }
        if let Some(a) = e.agent_id {
            x.agents.push(AgentRef {
                agent_id: a,
                mrd_id: e.mrd_id,
            });
        }
        x.evidence.push(ev(e, "MEDIA_LOGIN_RESP"));
        out.push(x);
    }
    out
}

/// A FAILURE_CONF / FAILURE_RESP from the CTI server.
pub fn arm_failure(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for kind in ["FAILURE_CONF", "FAILURE_RESP"] {
        for (_, e) in f.of_kind(kind) {
            let mut x = new_finding("arm-failure");
            x.severity = f.agent_fault_severity();
            x.title = format!("The CTI server answered {kind}");
            x.seen = format!(
                "{kind}{} ({} log, line {}).",
                status_of(e)
                    .map(|s| format!(" with status {s}"))
                    .unwrap_or_default(),
                e.source.as_str(),
                e.origin.line
            );
            x.evidence.push(ev(e, kind));
            out.push(x);
        }
    }
    out
}

/// Indications for an agent whose media login is not in the evidence.
pub fn login_missing(f: &Facts) -> Vec<Finding> {
    // One pass over the events (asking the events once per agent domain was agents × events),
    // in the timeline's compact arrays: the kinds compared as interned ids, the ids from the index.
    let ids = |names: [&str; 2]| names.map(|n| f.kinds.find(n).filter(|id| !id.is_none()));
    let indications = ids(["MAKE_AGENT_ROUTABLE_IND", "MAKE_AGENT_READY_IND"]);
    let logins = ids(["MEDIA_LOGIN_REQ", "MEDIA_LOGIN_RESP"]);
    let mut indicated: Vec<(u32, u32)> = Vec::new();
    let mut seen: HashSet<(u32, u32), BuildFx> = HashSet::default();
    let mut logged_in: HashSet<u32, BuildFx> = HashSet::default();
    for i in 0..f.timeline.events.len() {
        let kind = Some(f.kinds.id(i));
        let indication = indications.contains(&kind);
        if !indication && !logins.contains(&kind) {
            continue;
        }
        let (Some(agent), mrd) = f.ids(i) else {
            continue;
        };
        if indication {
            if let Some(mrd) = mrd {
                if seen.insert((agent, mrd)) {
                    indicated.push((agent, mrd));
                }
            }
        } else {
            logged_in.insert(agent);
        }
    }
    indicated.sort_unstable();
    let items = indicated
        .into_iter()
        .filter(|(a, _)| !logged_in.contains(a))
        .map(|(agent, mrd)| {
            let mut x = new_finding("login-not-in-evidence");
            x.title = format!("Agent {agent}'s media login to MRD {mrd} is not in the evidence");
            x.seen = "Routable/ready indications were logged for this agent, but no MEDIA_LOGIN_REQ/RESP.".into();
            x.agents.push(AgentRef {
                agent_id: agent,
                mrd_id: Some(mrd),
            });
            x
        })
        .collect();
    per_agent_or_grouped(items, |n| {
        format!("The media logins of {n} agents are not in the evidence")
    })
}

/// Logged in, but never marked routable or ready (unless the router shows the agent ready).
pub fn never_routable_or_ready(f: &Facts) -> Vec<Finding> {
    // The ids from the timeline's index: the events themselves are not read.
    let indicated = |k: &str| -> HashSet<(u32, u32), BuildFx> {
        f.of_kind(k)
            .filter_map(|(i, _)| match f.ids(i) {
                (Some(agent), Some(mrd)) => Some((agent, mrd)),
                _ => None,
            })
            .collect()
    };
    let routable = indicated("MAKE_AGENT_ROUTABLE_IND");
    let ready = indicated("MAKE_AGENT_READY_IND");
    let rejected: HashSet<u32, BuildFx> = f
        .of_kind("MEDIA_LOGIN_RESP")
        .filter(|(_, e)| status_of(e).is_some_and(|s| s != 0))
        .filter_map(|(_, e)| e.agent_id)
        .collect();
    let router_seen: HashSet<(u32, u32), BuildFx> = f
        .domains()
        .iter()
        .filter(|d| d.router.is_some())
        .map(|d| (d.agent_id, d.mrd_id))
        .collect();
    let mut reported: HashSet<u32, BuildFx> = HashSet::default();
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
        // A ready indication was sent: whether OPC applied it is `ready-not-applied`'s question
        // (the two contradict each other: ready was sent, or it was not), even when the routable
        // indication before it is not in the evidence.
        if rejected.contains(&agent)
            || missing.is_empty()
            || ready.contains(&(agent, mrd))
            || router_seen.contains(&(agent, mrd))
            || !reported.insert(agent)
        {
            continue;
        }
        let mut x = new_finding("never-ready");
        x.severity = f.absence_severity();
        x.title = format!(
            "Agent {agent} logged in to MRD {mrd} but the evidence never shows it {}",
            if missing.len() == 2 {
                "routable or ready"
            } else if missing[0].contains("ROUTABLE") {
                "routable"
            } else {
                "ready"
            }
        );
        x.seen = format!(
            "MEDIA_LOGIN_REQ at line {}; no {} for this agent and MRD afterwards.",
            login.origin.line,
            missing.join(" / ")
        );
        x.agents.push(AgentRef {
            agent_id: agent,
            mrd_id: Some(mrd),
        });
        x.evidence.push(ev(login, "MEDIA_LOGIN_REQ"));
        items.push(x);
    }
    per_agent_or_grouped(items, |n| {
        format!("{n} agents logged in but the evidence never shows them routable or ready")
    })
}

/// Ready indication sent, OPC logs present, but OPC never moved the agent to AS_NOT_ACTIVE (and no
/// router line says otherwise).
pub fn ready_not_applied(f: &Facts) -> Vec<Finding> {
    if !f.has_source(SourceKind::Opc) {
        return vec![];
    }
    // The last AS_NOT_ACTIVE per (agent, MRD) and the agents with any state change, in one pass
    // (scanning the events per ready indication was agents × events) over the state changes the
    // timeline's index lists.
    let mut last_not_active: HashMap<(u32, u32), usize, BuildFx> = HashMap::default();
    let mut state_changed: HashSet<u32, BuildFx> = HashSet::default();
    for i in f.timeline.index.of_class(Class::StateChange) {
        let (Some(agent), mrd) = f.ids(i) else {
            continue;
        };
        if let EventKind::StateChange(s) = &f.timeline.events[i].kind {
            state_changed.insert(agent);
            if let (Some(AgentState::NotActive), Some(mrd)) = (s.new, mrd) {
                last_not_active.insert((agent, mrd), i);
            }
        }
    }
    let router_seen: HashSet<(u32, u32), BuildFx> = f
        .domains()
        .iter()
        .filter(|d| d.router.is_some())
        .map(|d| (d.agent_id, d.mrd_id))
        .collect();
    let mut seen: HashSet<(u32, u32), BuildFx> = HashSet::default();
    let mut items = Vec::new();
    for (i, ready) in f.of_kind("MAKE_AGENT_READY_IND") {
        // The ids from the index: only the first ready of each domain is read.
        let (Some(agent), Some(mrd)) = f.ids(i) else {
            continue;
        };
        if !seen.insert((agent, mrd)) || router_seen.contains(&(agent, mrd)) {
            continue;
        }
        let applied = last_not_active.get(&(agent, mrd)).is_some_and(|&j| j >= i);
        if applied {
            continue;
        }
        let mut x = new_finding("ready-not-applied");
        x.severity = f.absence_severity();
        x.title = format!(
            "Agent {agent} was made ready, but OPC never set it to AS_NOT_ACTIVE in MRD {mrd}"
        );
        x.seen = format!(
            "MAKE_AGENT_READY_IND at {} line {}; the OPC log {}.",
            ready.source.as_str(),
            ready.origin.line,
            if state_changed.contains(&agent) {
                "shows SetAgentState lines for this agent but none to AS_NOT_ACTIVE in this MRD"
            } else {
                "has no SetAgentState line for this agent"
            }
        );
        x.agents.push(AgentRef {
            agent_id: agent,
            mrd_id: Some(mrd),
        });
        x.evidence.push(ev(ready, "MAKE_AGENT_READY_IND"));
        items.push(x);
    }
    per_agent_or_grouped(items, |n| {
        format!("{n} agents were made ready, but OPC never set them to AS_NOT_ACTIVE")
    })
}
