//! Builds the message-flow ladder from the timeline: one arrow per observed message, correlated
//! arrows on one row, and the expected steps the evidence lacks drawn dashed.

use super::correlate::Correlation;
use super::timeline::Timeline;
use crate::cti::Direction;
use crate::flow::{Arrow, Ladder, Lane};
use crate::model::{AgentState, Event, EventKind, SourceKind};
use crate::report::EntryPointView;
use std::collections::HashMap;

/// At most this many rows of log messages are drawn; the timeline lists the rest.
pub const MAX_ROWS: usize = 250;

/// The steps of the availability story, in order, per agent and MRD.
const STEPS: [(&str, Lane, Lane); 6] = [
    ("MEDIA_LOGIN_REQ", Lane::Listener, Lane::CtiServer),
    ("MEDIA_LOGIN_RESP", Lane::CtiServer, Lane::Listener),
    ("MAKE_AGENT_ROUTABLE_IND", Lane::Listener, Lane::CtiServer),
    ("MAKE_AGENT_READY_IND", Lane::Listener, Lane::CtiServer),
    ("SetAgentState → AS_NOT_ACTIVE", Lane::Opc, Lane::Router),
    ("router flags RA", Lane::Router, Lane::Router),
];

fn ids(e: &Event) -> String {
    let mut s = String::new();
    if let Some(v) = e.invoke_id {
        s.push_str(&format!(" InvokeID={v}"));
    }
    if let Some(v) = e.mrd_id {
        s.push_str(&format!(" MRD={v}"));
    }
    if let Some(v) = e.agent_id {
        s.push_str(&format!(" agent={v}"));
    }
    s
}

/// Time of day on the common axis, `HH:MM:SS.mmm`.
fn axis_label(ms: i64) -> String {
    let d = ms.rem_euclid(86_400_000);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d / 3_600_000,
        d / 60_000 % 60,
        d / 1000 % 60,
        d % 1000
    )
}

/// Which lanes an event joins, and its label; `None` for events the ladder does not draw.
fn arrow_of(e: &Event, kind: Option<&str>) -> Option<(Lane, Lane, String)> {
    let k = kind.unwrap_or("");
    match &e.kind {
        EventKind::Arm { direction, message } => {
            let name = message.label();
            match direction {
                Direction::Sent => {
                    Some((Lane::Listener, Lane::CtiServer, format!("{name}{}", ids(e))))
                }
                Direction::Received => {
                    Some((Lane::CtiServer, Lane::Listener, format!("{name}{}", ids(e))))
                }
            }
        }
        EventKind::Availability { text } => {
            if text.contains("PRINT_STATE") {
                None
            } else {
                let t = e.kind_name();
                Some((Lane::Listener, Lane::Listener, t))
            }
        }
        EventKind::Trace { function, .. } => match (e.source, function.as_str()) {
            (SourceKind::Ctisvr, "SendARMMsg") => Some((
                Lane::CtiServer,
                Lane::Opc,
                format!("SendARMMsg {k}{}", ids(e)),
            )),
            (SourceKind::Ctisvr, _) if k.ends_with("_RESP") => {
                Some((Lane::Opc, Lane::CtiServer, format!("{k}{}", ids(e))))
            }
            (SourceKind::Ctisvr, f) if f.starts_with("Process") && !k.is_empty() => {
                Some((Lane::Listener, Lane::CtiServer, format!("{k}{}", ids(e))))
            }
            (SourceKind::Ctisvr, f) if f.starts_with("AgentState") => Some((
                Lane::CtiServer,
                Lane::Listener,
                format!("AGENT_STATE_EVENT{}", ids(e)),
            )),
            (SourceKind::Opc, _) if !k.is_empty() => {
                Some((Lane::CtiServer, Lane::Opc, format!("{k}{}", ids(e))))
            }
            _ => None,
        },
        EventKind::StateChange(s) => Some((
            Lane::Opc,
            Lane::Router,
            format!(
                "SetAgentState {}→{}{}{}",
                s.old_raw,
                s.new_raw,
                ids(e),
                s.skill_group_id
                    .map(|s| format!(" SG={s}"))
                    .unwrap_or_default()
            ),
        )),
        EventKind::RouterStatus(s) => Some((
            Lane::Router,
            Lane::Router,
            format!(
                "{} [{}-{}:{},{}]",
                s.domain_name, s.state_code, s.active_tasks, s.task_limit, s.flags
            ),
        )),
    }
}

/// Which expected step (index into STEPS) an event shows, for (agent, MRD).
fn step_of(
    e: &Event,
    kind: Option<&str>,
    group: Option<&Correlation>,
) -> Option<(usize, u32, u32)> {
    let agent = e.agent_id.or(group.and_then(|g| g.agent_id))?;
    let mrd = e.mrd_id.or(group.and_then(|g| g.mrd_id))?;
    let step = match (&e.kind, kind) {
        (EventKind::StateChange(s), _) if s.new == Some(AgentState::NotActive) => 4,
        (EventKind::RouterStatus(s), _) if s.flags.contains('R') && s.flags.contains('A') => 5,
        (_, Some(k)) => STEPS.iter().position(|(n, _, _)| *n == k)?,
        _ => return None,
    };
    Some((step, agent, mrd))
}

/// The ladder for a timeline and the entry-point answers.
pub fn build(
    t: &Timeline,
    kinds: &[Option<String>],
    entry_points: &[EntryPointView],
    ece_mrds: &[u32],
) -> Ladder {
    let mut group_of: Vec<Option<usize>> = vec![None; t.events.len()];
    for (gi, g) in t.groups.iter().enumerate() {
        for &i in &g.events {
            if let Some(x) = group_of.get_mut(i) {
                *x = Some(gi);
            }
        }
    }
    let mut rows: Vec<Vec<Arrow>> = Vec::new();
    // (agent, mrd, step) → row it was seen on.
    let mut seen: HashMap<(u32, u32, usize), usize> = HashMap::new();
    let mut group_row: Vec<Option<usize>> = vec![None; t.groups.len()];
    for (i, e) in t.events.iter().enumerate() {
        let kind = kinds.get(i).and_then(|k| k.as_deref());
        let Some((from, to, label)) = arrow_of(e, kind) else {
            continue;
        };
        let g = group_of[i];
        let time = t
            .axis_ms
            .get(i)
            .copied()
            .flatten()
            .map(axis_label)
            .or_else(|| e.time().map(|x| x.display()));
        let arrow = Arrow {
            from,
            to,
            label,
            time,
            event: Some(i),
            observed: true,
            group: g,
        };
        let row = match g.and_then(|g| group_row[g]) {
            Some(r) => {
                // The same hop seen by two logs (listener sent / ctisvr received) is drawn once.
                if !rows[r].iter().any(|a| a.from == from && a.to == to) {
                    rows[r].push(arrow);
                }
                r
            }
            None => {
                rows.push(vec![arrow]);
                if let Some(g) = g {
                    group_row[g] = Some(rows.len() - 1);
                }
                rows.len() - 1
            }
        };
        if let Some((step, agent, mrd)) = step_of(e, kind, g.and_then(|g| t.groups.get(g))) {
            if ece_mrds.contains(&mrd) {
                seen.entry((agent, mrd, step)).or_insert(row);
            }
        }
    }
    // Expected steps missing from the evidence, after the last step seen before them.
    let mut pairs: Vec<(u32, u32)> = seen.keys().map(|(a, m, _)| (*a, *m)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut inserts: Vec<(usize, Arrow)> = Vec::new();
    for (agent, mrd) in pairs {
        let mut after: Option<usize> = None;
        for (step, (name, from, to)) in STEPS.iter().enumerate() {
            match seen.get(&(agent, mrd, step)) {
                Some(row) => after = Some(*row),
                None => inserts.push((
                    after.map(|r| r + 1).unwrap_or(0),
                    Arrow {
                        from: *from,
                        to: *to,
                        label: format!("{name} agent={agent} MRD={mrd}"),
                        time: None,
                        event: None,
                        observed: false,
                        group: None,
                    },
                )),
            }
        }
    }
    // Each missing step goes before the row at its position, in the steps' order (one merge pass:
    // inserting one by one was rows × missing steps with thousands of agents).
    inserts.sort_by_key(|(pos, _)| *pos);
    let mut merged: Vec<Vec<Arrow>> = Vec::with_capacity(rows.len() + inserts.len());
    let mut inserts = inserts.into_iter().peekable();
    for (r, row) in rows.into_iter().enumerate() {
        while let Some((_, arrow)) = inserts.next_if(|(pos, _)| *pos <= r) {
            merged.push(vec![arrow]);
        }
        merged.push(row);
    }
    merged.extend(inserts.map(|(_, arrow)| vec![arrow]));
    let mut rows = merged;
    let omitted = rows.len().saturating_sub(MAX_ROWS);
    rows.truncate(MAX_ROWS);
    // The customer's side.
    if entry_points.is_empty() {
        for (from, to, label) in [
            (
                Lane::Customer,
                Lane::WebServer,
                "GET …/entrypoint/initialize/<id>",
            ),
            (
                Lane::WebServer,
                Lane::Customer,
                "checkEligibility.responseType",
            ),
        ] {
            rows.push(vec![Arrow {
                from,
                to,
                label: label.into(),
                time: None,
                event: None,
                observed: false,
                group: None,
            }]);
        }
    }
    for ep in entry_points {
        let id = ep.entry_point_id.clone().unwrap_or_else(|| "<id>".into());
        rows.push(vec![Arrow {
            from: Lane::Customer,
            to: Lane::WebServer,
            // The call it was (initialize, checkEligibility), not always "initialize".
            label: if ep.har_index.is_some() {
                format!("GET {}/{id}", ep.call)
            } else {
                format!("{} for {id}", ep.call)
            },
            time: ep.time.clone(),
            event: None,
            observed: true,
            group: None,
        }]);
        let answer = match (ep.response_type, ep.status) {
            (Some(rt), _) => format!("responseType {rt}"),
            (None, Some(s)) => format!("HTTP {s}, no answer"),
            (None, None) => "no answer".to_string(),
        };
        rows.push(vec![Arrow {
            from: Lane::WebServer,
            to: Lane::Customer,
            label: answer,
            time: None,
            event: None,
            observed: true,
            group: None,
        }]);
    }
    Ladder { rows, omitted }
}
