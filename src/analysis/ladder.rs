//! Builds the message-flow ladder from the timeline: one arrow per observed message, correlated
//! arrows on one row, and the expected steps the evidence lacks drawn dashed.

use super::correlate::{Group, KindId, Kinds};
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

/// Which lanes an event joins; `None` for events the ladder does not draw.
fn lanes_of(e: &Event, k: &str) -> Option<(Lane, Lane)> {
    match &e.kind {
        EventKind::Arm { message } => Some(match message.direction() {
            Direction::Sent => (Lane::Listener, Lane::CtiServer),
            Direction::Received => (Lane::CtiServer, Lane::Listener),
        }),
        EventKind::Availability { text } => {
            (!text.contains("PRINT_STATE")).then_some((Lane::Listener, Lane::Listener))
        }
        EventKind::Trace { function, .. } => match (e.source, function.as_str()) {
            (SourceKind::Ctisvr, "SendARMMsg") => Some((Lane::CtiServer, Lane::Opc)),
            (SourceKind::Ctisvr, _) if k.ends_with("_RESP") => Some((Lane::Opc, Lane::CtiServer)),
            (SourceKind::Ctisvr, f) if f.starts_with("Process") && !k.is_empty() => {
                Some((Lane::Listener, Lane::CtiServer))
            }
            (SourceKind::Ctisvr, f) if f.starts_with("AgentState") => {
                Some((Lane::CtiServer, Lane::Listener))
            }
            (SourceKind::Opc, _) if !k.is_empty() => Some((Lane::CtiServer, Lane::Opc)),
            _ => None,
        },
        EventKind::StateChange(_) => Some((Lane::Opc, Lane::Router)),
        EventKind::RouterStatus(_) => Some((Lane::Router, Lane::Router)),
    }
}

/// The label of an event's arrow (only for the arrows drawn: formatting one per event of a large
/// log was most of the ladder's time).
fn label_of(e: &Event, k: &str) -> String {
    match &e.kind {
        EventKind::Arm { message, .. } => format!("{}{}", message.label(), ids(e)),
        EventKind::Availability { .. } => e.kind_name(),
        EventKind::Trace { function, .. } => match (e.source, function.as_str()) {
            (SourceKind::Ctisvr, "SendARMMsg") => format!("SendARMMsg {k}{}", ids(e)),
            (SourceKind::Ctisvr, _) if k.ends_with("_RESP") => format!("{k}{}", ids(e)),
            (SourceKind::Ctisvr, f) if f.starts_with("Process") && !k.is_empty() => {
                format!("{k}{}", ids(e))
            }
            (SourceKind::Ctisvr, f) if f.starts_with("AgentState") => {
                format!("AGENT_STATE_EVENT{}", ids(e))
            }
            // OPC lines with a kind (`lanes_of` draws no other).
            _ => format!("{k}{}", ids(e)),
        },
        EventKind::StateChange(s) => format!(
            "SetAgentState {}→{}{}{}",
            s.old_raw,
            s.new_raw,
            ids(e),
            s.skill_group_id
                .map(|s| format!(" SG={s}"))
                .unwrap_or_default()
        ),
        EventKind::RouterStatus(s) => format!(
            "{} [{}-{}:{},{}]",
            s.domain_name, s.state_code, s.active_tasks, s.task_limit, s.flags
        ),
    }
}

/// The steps of [`STEPS`] that are ARM messages, by kind id (`None` when no event has the kind).
fn step_ids(kinds: &Kinds) -> [Option<KindId>; 6] {
    STEPS.map(|(n, _, _)| kinds.find(n))
}

/// Which expected step (index into STEPS) an event shows, for (agent, MRD).
fn step_of(
    e: &Event,
    kind: KindId,
    steps: &[Option<KindId>; 6],
    group: Option<Group<'_>>,
) -> Option<(usize, u32, u32)> {
    let agent = e.agent_id.or(group.and_then(|g| g.agent_id()))?;
    let mrd = e.mrd_id.or(group.and_then(|g| g.mrd_id()))?;
    let step = match &e.kind {
        EventKind::StateChange(s) if s.new == Some(AgentState::NotActive) => 4,
        EventKind::RouterStatus(s) if s.flags.contains('R') && s.flags.contains('A') => 5,
        _ if !kind.is_none() => steps.iter().position(|s| *s == Some(kind))?,
        _ => return None,
    };
    Some((step, agent, mrd))
}

/// A row of arrows before their labels are made: (event, from, to) for observed ones.
type Hops = Vec<(usize, Lane, Lane)>;

/// The ladder for a timeline and the entry-point answers.
///
/// Every event is placed (the rows' count, and where each expected step was seen, depend on all
/// of them), but only the first [`MAX_ROWS`] rows keep their arrows and get labels.
pub fn build(t: &Timeline, entry_points: &[EntryPointView], ece_mrds: &[u32]) -> Ladder {
    let kinds = &t.kinds;
    let steps = step_ids(kinds);
    // The first rows' arrows; past them only the count of rows.
    let mut rows: Vec<Hops> = Vec::new();
    let mut row_count = 0usize;
    // (agent, mrd, step) → row it was seen on.
    let mut seen: HashMap<(u32, u32, usize), usize> = HashMap::new();
    let mut group_row: Vec<Option<u32>> = vec![None; t.groups.len()];
    for (i, e) in t.events.iter().enumerate() {
        let kind = kinds.id(i);
        let k = kinds.name(kind);
        let Some((from, to)) = lanes_of(e, k) else {
            continue;
        };
        let g = t.group_of.get(i).copied().flatten();
        let row = match g.and_then(|g| group_row[g as usize]) {
            Some(r) => {
                let r = r as usize;
                // The same hop seen by two logs (listener sent / ctisvr received) is drawn once.
                if let Some(hops) = rows.get_mut(r) {
                    if !hops.iter().any(|a| a.1 == from && a.2 == to) {
                        hops.push((i, from, to));
                    }
                }
                r
            }
            None => {
                if row_count < MAX_ROWS {
                    rows.push(vec![(i, from, to)]);
                }
                row_count += 1;
                if let Some(g) = g {
                    group_row[g as usize] = Some((row_count - 1) as u32);
                }
                row_count - 1
            }
        };
        let group = g.and_then(|g| t.groups.get(g as usize));
        if let Some((step, agent, mrd)) = step_of(e, kind, &steps, group) {
            if ece_mrds.contains(&mrd) {
                seen.entry((agent, mrd, step)).or_insert(row);
            }
        }
    }
    let arrow = |(i, from, to): (usize, Lane, Lane)| -> Arrow {
        let e = &t.events[i];
        let k = kinds.get(i).unwrap_or("");
        Arrow {
            from,
            to,
            label: label_of(e, k),
            time: t
                .axis_ms
                .get(i)
                .copied()
                .flatten()
                .map(axis_label)
                .or_else(|| e.time().map(|x| x.display())),
            event: Some(i),
            observed: true,
            group: t.group_of.get(i).copied().flatten().map(|g| g as usize),
        }
    };
    // Expected steps missing from the evidence, after the last step seen before them.
    let mut pairs: Vec<(u32, u32)> = seen.keys().map(|(a, m, _)| (*a, *m)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut inserts: Vec<(usize, u32, u32, usize)> = Vec::new();
    for (agent, mrd) in pairs {
        let mut after: Option<usize> = None;
        for step in 0..STEPS.len() {
            match seen.get(&(agent, mrd, step)) {
                Some(row) => after = Some(*row),
                None => inserts.push((after.map(|r| r + 1).unwrap_or(0), agent, mrd, step)),
            }
        }
    }
    let missing = |(_, agent, mrd, step): (usize, u32, u32, usize)| -> Arrow {
        let (name, from, to) = STEPS[step];
        Arrow {
            from,
            to,
            label: format!("{name} agent={agent} MRD={mrd}"),
            time: None,
            event: None,
            observed: false,
            group: None,
        }
    };
    // Each missing step goes before the row at its position, in the steps' order (one merge pass:
    // inserting one by one was rows × missing steps with thousands of agents); only the first
    // MAX_ROWS rows of the merge are made.
    inserts.sort_by_key(|(pos, ..)| *pos);
    let total = row_count + inserts.len();
    let mut merged: Vec<Vec<Arrow>> = Vec::with_capacity(total.min(MAX_ROWS));
    let mut inserts = inserts.into_iter().peekable();
    for (r, hops) in rows.into_iter().enumerate() {
        while let Some(ins) = inserts.next_if(|(pos, ..)| *pos <= r) {
            merged.push(vec![missing(ins)]);
        }
        merged.push(hops.into_iter().map(arrow).collect());
        if merged.len() >= MAX_ROWS {
            break;
        }
    }
    if row_count <= MAX_ROWS {
        merged.extend(inserts.map(|ins| vec![missing(ins)]));
    }
    let mut rows = merged;
    rows.truncate(MAX_ROWS);
    let omitted = total.saturating_sub(MAX_ROWS);
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
