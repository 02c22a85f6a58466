//! Builds the message-flow ladder from the timeline: one arrow per observed message, correlated
//! arrows on one row, and the expected steps the evidence lacks drawn dashed.

use super::correlate::{Group, KindId, Kinds};
use super::timeline::Timeline;
use crate::cti::Direction;
use crate::flow::{Arrow, Ladder, Lane};
use crate::logs::BuildFx;
use crate::model::{civil_from_days, AgentState, Event, EventKind, SourceKind, Zone};
use crate::report::{EntryPointView, HarView};
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

const DAY_MS: i64 = 86_400_000;

/// The day of a point on the axis, `2019-08-19`.
fn axis_date(ms: i64) -> String {
    let d = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// `…/initialize/1001`: the last two segments of a path (the query left out), whole when short.
fn short_path(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segs.len() <= 2 {
        return path.to_string();
    }
    format!("…/{}", segs[segs.len() - 2..].join("/"))
}

/// The request arrow of a HAR call: `GET …/initialize/1001 → 200 · 182 ms`.
fn har_label(
    method: &str,
    path: &str,
    status: u16,
    error: Option<&str>,
    ms: Option<f64>,
) -> String {
    let answer = match (status, error) {
        (0, Some(e)) => format!("no answer ({e})"),
        (0, None) => "no answer".to_string(),
        (s, _) => s.to_string(),
    };
    let time = ms
        .map(|t| format!(" · {} ms", t.round() as i64))
        .unwrap_or_default();
    format!("{method} {} → {answer}{time}", short_path(path))
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
        // The function's bytes: a label read as `str` is checked as UTF-8 each time.
        EventKind::Trace { function, .. } => match (e.source, function.as_bytes()) {
            (SourceKind::Ctisvr, b"SendARMMsg") => Some((Lane::CtiServer, Lane::Opc)),
            (SourceKind::Ctisvr, _) if k.ends_with("_RESP") => Some((Lane::Opc, Lane::CtiServer)),
            (SourceKind::Ctisvr, f) if f.starts_with(b"Process") && !k.is_empty() => {
                Some((Lane::Listener, Lane::CtiServer))
            }
            (SourceKind::Ctisvr, f) if f.starts_with(b"AgentState") => {
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
pub fn build(
    t: &Timeline,
    entry_points: &[EntryPointView],
    har: &[HarView],
    ece_mrds: &[u32],
) -> Ladder {
    place(t).finish(t, entry_points, har, ece_mrds)
}

/// The events placed on the ladder's rows ([`place`]), before the expected steps missing from
/// them and the customer's side are added ([`Placed::finish`]).
pub struct Placed {
    /// The first rows' arrows; past them only the count of rows.
    rows: Vec<Hops>,
    row_count: usize,
    /// (agent, MRD, step) → the row it was first seen on, for every MRD (the ECE ones are
    /// picked when finishing).
    seen: HashMap<(u32, u32, usize), usize, BuildFx>,
}

/// Places every event of the timeline on its row. Reads neither the agent model nor the groups'
/// related lines: an [`ordered`](super::timeline::ordered) timeline will do, while its agents
/// are made.
pub fn place(t: &Timeline) -> Placed {
    let kinds = &t.kinds;
    let steps = step_ids(kinds);
    // The first rows' arrows; past them only the count of rows.
    let mut rows: Vec<Hops> = Vec::new();
    let mut row_count = 0usize;
    // (agent, mrd, step) → row it was seen on.
    let mut seen: HashMap<(u32, u32, usize), usize, BuildFx> = HashMap::default();
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
            seen.entry((agent, mrd, step)).or_insert(row);
        }
    }
    Placed {
        rows,
        row_count,
        seen,
    }
}

impl Placed {
    /// The ladder of the placed rows: the expected steps missing for each agent in `ece_mrds`
    /// (the MRDs ECE uses) added, the first [`MAX_ROWS`] rows labelled, the customer's side.
    pub fn finish(
        self,
        t: &Timeline,
        entry_points: &[EntryPointView],
        har: &[HarView],
        ece_mrds: &[u32],
    ) -> Ladder {
        let Placed {
            rows,
            row_count,
            seen,
        } = self;
        let kinds = &t.kinds;
        let arrow = |(i, from, to): (usize, Lane, Lane)| -> Arrow {
            let e = &t.events[i];
            let k = kinds.get(i).unwrap_or("");
            let axis = t.axis_ms.at(i);
            Arrow {
                from,
                to,
                label: label_of(e, k),
                time: axis
                    .map(axis_label)
                    .or_else(|| e.time().map(|x| x.display())),
                // Dated stamps (and those the timeline dated by their neighbours) sit on an epoch axis.
                date: axis
                    .filter(|_| e.time().is_some_and(|x| x.date.is_some()))
                    .map(axis_date),
                event: Some(i),
                observed: true,
                group: t.group_of.get(i).copied().flatten().map(|g| g as usize),
            }
        };
        // Expected steps missing from the evidence, after the last step seen before them.
        let mut pairs: Vec<(u32, u32)> = seen
            .keys()
            .filter(|(_, m, _)| ece_mrds.contains(m))
            .map(|(a, m, _)| (*a, *m))
            .collect();
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
                date: None,
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
                    date: None,
                    event: None,
                    observed: false,
                    group: None,
                }]);
            }
        }
        // The reference clock's zone, to put a HAR's UTC times on the logs' axis; without one (no
        // logs, or only undated local ones) the calls stay in UTC, after the logs' rows.
        let ref_zone_ms = t.reference.and_then(|r| {
            t.events
                .iter()
                .filter(|e| e.source == r)
                .find_map(|e| match e.time()?.zone {
                    Zone::Offset(s) if e.time()?.date.is_some() => Some(i64::from(s) * 1000),
                    _ => None,
                })
        });
        // Where each row sits on the axis (its first observed arrow), to place the calls among them.
        let row_at = |row: &Vec<Arrow>| -> Option<i64> {
            let a = row.iter().find(|a| a.date.is_some())?;
            t.axis_ms.at(a.event?)
        };
        let mut calls: Vec<(Option<i64>, [Arrow; 2])> = Vec::new();
        for ep in entry_points {
            let id = ep.entry_point_id.clone().unwrap_or_else(|| "<id>".into());
            let call = ep.har_index.and_then(|hi| {
                har.iter()
                    .filter(|h| h.input == ep.input)
                    .flat_map(|h| h.capture.calls.iter())
                    .find(|c| c.index == hi)
            });
            let at = ep.time_ms.map(|ms| ms + ref_zone_ms.unwrap_or(0));
            let label = match call {
                Some(c) => har_label(&c.method, &c.path, c.status, c.error.as_deref(), c.time_ms),
                // The call it was (initialize, checkEligibility), not always "initialize".
                None if ep.har_index.is_some() => format!("GET {}/{id}", ep.call),
                None => format!("{} for {id}", ep.call),
            };
            let request = Arrow {
                from: Lane::Customer,
                to: Lane::WebServer,
                label,
                time: at.map(axis_label).or_else(|| ep.time.clone()),
                date: at.map(axis_date),
                event: None,
                observed: true,
                group: None,
            };
            let answer = match (ep.response_type, ep.status) {
                (Some(rt), _) => format!("responseType {rt}"),
                (None, Some(s)) => format!("HTTP {s}, no answer"),
                (None, None) => "no answer".to_string(),
            };
            let response = Arrow {
                from: Lane::WebServer,
                to: Lane::Customer,
                label: answer,
                time: None,
                date: None,
                event: None,
                observed: true,
                group: None,
            };
            calls.push((at.filter(|_| ref_zone_ms.is_some()), [request, response]));
        }
        // In time order among the logs' rows when both are on one dated axis; else after them.
        calls.sort_by_key(|(at, _)| (at.is_none(), *at));
        for (at, pair) in calls {
            let pos = at
                .and_then(|at| rows.iter().position(|r| row_at(r).is_some_and(|x| x > at)))
                .unwrap_or(rows.len());
            let [request, response] = pair;
            rows.insert(pos, vec![response]);
            rows.insert(pos, vec![request]);
        }
        Ladder { rows, omitted }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Input;

    const DIR: &str = "tests/compare/worked-at-0900-not-at-1400/before";

    fn inputs(har: &str) -> Vec<Input> {
        let read = |f: &str| std::fs::read_to_string(format!("{DIR}/{f}")).unwrap();
        vec![
            Input::new("listener.log", read("listener.log")),
            Input::new("ctisvr.log", read("ctisvr.log")),
            Input::new("capture.har", har),
        ]
    }

    /// Missing steps are drawn only for the MRDs ECE uses: the router's view of the agent in a
    /// voice domain (ready and routable there too) adds no "missing MEDIA_LOGIN_REQ" row for it,
    /// while the chat domain's missing steps are drawn.
    #[test]
    fn missing_steps_are_drawn_for_ece_mrds_only() {
        let mut all = inputs("");
        all.pop();
        let rttest = "rttest: agent_status /agent 6420\nAgent CUCM.Agent_test (6420, periph# 15003)\n  domain: CUCM_Voice (1), state = [na-0:2,RA], 383 secs\n  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs\n    CL na   TEST_Chat (6928, periph# 70518)\n";
        all.push(Input::new("rttest.txt", rttest));
        let r = crate::analysis::analyze(&all);
        let labels: Vec<&str> = r.ladder.arrows().map(|a| a.label.as_str()).collect();
        assert!(
            labels.iter().any(|l| l.contains("MRD=5000")),
            "the chat domain's missing steps are drawn: {labels:#?}"
        );
        assert!(
            !labels.iter().any(|l| l.contains("MRD=1")),
            "no step is missing in the voice domain: {labels:#?}"
        );
    }

    /// A HAR call goes among the log rows at its time (listener GMT+0000, HAR UTC), dated, with
    /// method, path, status and timing; not after every log row.
    #[test]
    fn har_calls_sit_among_the_logs_rows_by_time_with_method_path_status_and_timing() {
        let har = std::fs::read_to_string(format!("{DIR}/capture.har"))
            .unwrap()
            .replace("2024-05-14T09:00:04", "2024-05-14T08:55:20");
        let r = crate::analysis::analyze(&inputs(&har));
        let arrows: Vec<_> = r.ladder.arrows().collect();
        let at = arrows
            .iter()
            .position(|a| a.label.starts_with("GET …/initialize/1001 → 200 · "))
            .unwrap_or_else(|| {
                panic!("{:#?}", arrows.iter().map(|a| &a.label).collect::<Vec<_>>())
            });
        let call = arrows[at];
        assert!(call.label.ends_with(" ms"), "{}", call.label);
        assert_eq!(call.time.as_deref(), Some("08:55:20.400"));
        assert_eq!(call.date.as_deref(), Some("2024-05-14"));
        assert_eq!(
            arrows[at + 1].label,
            "responseType 0",
            "the answer right after its call"
        );
        let before = arrows[at - 1].time.as_deref().unwrap_or("");
        let after = arrows[at + 2].time.as_deref().unwrap_or("");
        assert!(
            before < "08:55:20.400" && after > "08:55:20.400",
            "{before} < call < {after}"
        );
    }
}
