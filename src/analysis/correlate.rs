//! Joins the same ARM request as the listener, the CTI server and OPC each logged it: by InvokeID
//! (+ MRDID + ICMAgentID), and by message kind + MRDID + ICMAgentID + time when the CTI server
//! renumbered the InvokeID (the seed login: 133121 → 591309094).

use super::clock::{round_to_zone_step, stamp_diff_ms, PairSample};
use crate::model::{Confidence, Event, EventKind, SourceKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One ARM request (and its response) across the logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correlation {
    /// The request's message name: `MAKE_AGENT_ROUTABLE_IND`, `MEDIA_LOGIN_REQ` ...
    pub kind: String,
    pub invoke_ids: Vec<u32>,
    /// Indices into the timeline's events, in time order.
    pub events: Vec<usize>,
    pub sources: Vec<SourceKind>,
    pub agent_id: Option<u32>,
    pub mrd_id: Option<u32>,
    /// `confirmed`: same InvokeID; `inferred`: same kind, MRD and agent at the same time.
    pub confidence: Confidence,
    /// How the events were matched, in words.
    pub how: String,
    /// Events about the same request that carry no InvokeID (timeline indices): the listener's
    /// `agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM` / `PRINT_STATE after sending …` lines,
    /// and OPC `SetAgentState` lines for the same agent and MRD just after the request reached OPC.
    #[serde(default)]
    pub related: Vec<usize>,
}

/// `ProcessARMMediaLoginRespMsg` → `MEDIA_LOGIN_RESP`, `MakeAgentRoutableInd` →
/// `MAKE_AGENT_ROUTABLE_IND`, `MEDIA_LOGIN_REQ` unchanged; `None` for names that are not messages.
pub fn canonical(name: &str) -> Option<String> {
    let mut f = name.trim();
    f = f.strip_prefix("Process").unwrap_or(f);
    f = f.strip_prefix("ARM").unwrap_or(f);
    f = f.strip_suffix("Msg").unwrap_or(f);
    let upper = if f
        .bytes()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
    {
        f.to_string()
    } else {
        let b = f.as_bytes();
        let mut s = String::with_capacity(f.len() + 8);
        for (i, &c) in b.iter().enumerate() {
            if i > 0 && c.is_ascii_uppercase() {
                let prev = b[i - 1];
                let next_lower = b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    s.push('_');
                }
            }
            s.push(c.to_ascii_uppercase() as char);
        }
        s
    };
    ["_REQ", "_IND", "_RESP", "_CONF", "_EVENT"]
        .iter()
        .any(|x| upper.ends_with(x))
        .then_some(upper)
}

/// The request a response answers: `MEDIA_LOGIN_RESP` → `MEDIA_LOGIN_REQ`.
pub fn request_of(kind: &str) -> String {
    for suf in ["_RESP", "_CONF"] {
        if let Some(b) = kind.strip_suffix(suf) {
            return format!("{b}_REQ");
        }
    }
    kind.to_string()
}

fn has_field(e: &Event, k: &str) -> bool {
    e.field(k).is_some()
}

/// The ARM message each event is about, if any; and, for a ctisvr `Process…` line that only
/// announces the next `SendARMMsg`, the index of that `SendARMMsg`.
pub fn arm_kinds(events: &[Event]) -> (Vec<Option<String>>, Vec<Option<usize>>) {
    let mut kinds: Vec<Option<String>> = Vec::with_capacity(events.len());
    let mut link: Vec<Option<usize>> = vec![None; events.len()];
    for (i, e) in events.iter().enumerate() {
        let k = match &e.kind {
            EventKind::Arm { message, .. } => canonical(&message.label()),
            EventKind::Trace { function, .. } if function == "SendARMMsg" => {
                // The ctisvr line just before says which request this is.
                let mut found = None;
                for j in (i.saturating_sub(3)..i).rev() {
                    let p = &events[j];
                    if p.origin.input != e.origin.input || p.source != e.source {
                        continue;
                    }
                    if let (EventKind::Trace { function: pf, .. }, None) = (&p.kind, p.invoke_id) {
                        if pf.starts_with("Process") {
                            if let Some(k) = canonical(pf) {
                                let close = match (p.time(), e.time()) {
                                    (Some(a), Some(b)) => stamp_diff_ms(&a, &b).abs() <= 2000,
                                    _ => true,
                                };
                                if close {
                                    found = Some((j, k));
                                    break;
                                }
                            }
                        }
                    }
                }
                match found {
                    Some((j, k)) => {
                        link[j] = Some(i);
                        Some(k)
                    }
                    None if has_field(e, "MakeRoutable") => Some("MAKE_AGENT_READY_IND".into()),
                    None if has_field(e, "MaxTasks") => Some("MAKE_AGENT_ROUTABLE_IND".into()),
                    None if has_field(e, "AgentInfo") || has_field(e, "ApplicationPathID") => {
                        Some("MEDIA_LOGIN_REQ".into())
                    }
                    None => None,
                }
            }
            EventKind::Trace { function, .. } => canonical(function),
            _ => None,
        };
        kinds.push(k);
    }
    (kinds, link)
}

/// A group's sources and its earliest timed event (source, event index).
type GroupInfo = (Vec<SourceKind>, Option<(SourceKind, usize)>);

struct G {
    kind: String,
    invoke_ids: Vec<u32>,
    events: Vec<usize>,
    agent: Option<u32>,
    mrd: Option<u32>,
    inferred: bool,
}

impl G {
    fn sources(&self, ev: &[Event]) -> Vec<SourceKind> {
        let mut s: Vec<SourceKind> = self.events.iter().map(|&i| ev[i].source).collect();
        s.sort();
        s.dedup();
        s
    }
    /// The earliest timed event of each source.
    fn firsts(&self, ev: &[Event]) -> Vec<(SourceKind, usize)> {
        let mut v: Vec<(SourceKind, usize)> = Vec::new();
        for &i in &self.events {
            if ev[i].time().is_none() {
                continue;
            }
            match v.iter_mut().find(|x| x.0 == ev[i].source) {
                Some(x) => {
                    if ev[i].time().unwrap().sort_key_ms() < ev[x.1].time().unwrap().sort_key_ms() {
                        x.1 = i;
                    }
                }
                None => v.push((ev[i].source, i)),
            }
        }
        v
    }
}

/// Pairs for clock inference from groups that span sources.
fn samples(groups: &[G], ev: &[Event]) -> Vec<PairSample> {
    let mut out = Vec::new();
    for g in groups {
        let f = g.firsts(ev);
        for x in 0..f.len() {
            for y in x + 1..f.len() {
                let (a, b) = if f[x].0 <= f[y].0 {
                    (f[x], f[y])
                } else {
                    (f[y], f[x])
                };
                out.push(PairSample {
                    a: a.0,
                    b: b.0,
                    diff_ms: stamp_diff_ms(&ev[a.1].time().unwrap(), &ev[b.1].time().unwrap()),
                });
            }
        }
    }
    out
}

/// Tolerance when matching by time: the message's trip plus the logs' rounding.
pub const MATCH_WINDOW_MS: i64 = 5_000;

/// Events with the same InvokeID further apart than this (after zone rounding) are different requests.
pub const REUSE_GAP_MS: i64 = 60_000;

/// Groups by InvokeID, then merges groups that are the same request under a new InvokeID.
/// `offset_ms(source)` gives the known clock offset of a source relative to the reference, if any.
/// Returns the groups (indices into `events`) and the pair samples they give for clock inference.
pub fn correlate(
    events: &[Event],
    kinds: &[Option<String>],
    links: &[Option<usize>],
    offset_ms: &dyn Fn(SourceKind) -> Option<i64>,
) -> (Vec<Correlation>, Vec<PairSample>) {
    let mut groups: Vec<G> = Vec::new();
    // (request kind, InvokeID) → candidate groups; an InvokeID reused much later (a restarted
    // client, a wrapped counter) starts a new group.
    let mut by_key: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    // Each kind's request (a response joins its request's group), numbered as met: a String key
    // per event was an allocation per event.
    let mut request_ids: HashMap<String, u32> = HashMap::new();
    let mut request_of_kind: HashMap<&str, (u32, String)> = HashMap::new();
    let mut group_of: Vec<Option<usize>> = vec![None; events.len()];
    for (i, e) in events.iter().enumerate() {
        let (Some(k), Some(inv)) = (&kinds[i], e.invoke_id) else {
            continue;
        };
        let (req_id, req) = request_of_kind.entry(k.as_str()).or_insert_with(|| {
            let req = request_of(k);
            let next = request_ids.len() as u32;
            (*request_ids.entry(req.clone()).or_insert(next), req)
        });
        let cands = by_key.entry((*req_id, inv)).or_default();
        let fits = |g: &G| {
            let Some(&first) = g.events.first() else {
                return false;
            };
            let same_ids = (g.agent.is_none() || e.agent_id.is_none() || g.agent == e.agent_id)
                && (g.mrd.is_none() || e.mrd_id.is_none() || g.mrd == e.mrd_id);
            let close = match (events[first].time(), e.time()) {
                (Some(a), Some(b)) => {
                    let d = stamp_diff_ms(&a, &b);
                    if events[first].source == e.source {
                        d.abs() <= REUSE_GAP_MS
                    } else {
                        round_to_zone_step(d).1.abs() <= REUSE_GAP_MS
                    }
                }
                _ => true,
            };
            same_ids && close
        };
        let gi = match cands.iter().rev().copied().find(|&gi| fits(&groups[gi])) {
            Some(gi) => gi,
            None => {
                groups.push(G {
                    kind: req.clone(),
                    invoke_ids: vec![inv],
                    events: Vec::new(),
                    agent: None,
                    mrd: None,
                    inferred: false,
                });
                cands.push(groups.len() - 1);
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        g.events.push(i);
        g.agent = g.agent.or(e.agent_id);
        g.mrd = g.mrd.or(e.mrd_id);
        group_of[i] = Some(gi);
    }
    // `Process…` announcement lines join the group of the SendARMMsg they announce.
    for (j, l) in links.iter().enumerate() {
        if let Some(gi) = l.and_then(|i| group_of[i]) {
            groups[gi].events.push(j);
            group_of[j] = Some(gi);
        }
    }
    let exact = samples(&groups, events);

    // Fuzzy: same request kind, MRD and agent, disjoint sources, times that fit.
    let mut buckets: HashMap<(String, u32, u32), Vec<usize>> = HashMap::new();
    for (gi, g) in groups.iter().enumerate() {
        if let (Some(a), Some(m)) = (g.agent, g.mrd) {
            buckets.entry((g.kind.clone(), a, m)).or_default().push(gi);
        }
    }
    let mut merged_into: Vec<Option<usize>> = vec![None; groups.len()];
    let mut bucket_list: Vec<Vec<usize>> = buckets.into_values().filter(|b| b.len() > 1).collect();
    bucket_list.sort();
    for mut bucket in bucket_list {
        // Per group: its sources and its earliest timed event (for the time test).
        let mut info: HashMap<usize, GroupInfo> = bucket
            .iter()
            .map(|&gi| {
                let g = &groups[gi];
                (gi, (g.sources(events), g.firsts(events).first().copied()))
            })
            .collect();
        // Near in time of day first, so that large buckets can be searched in a window.
        bucket.sort_by_key(|gi| {
            info[gi]
                .1
                .and_then(|(_, i)| events[i].time())
                .map(|t| t.ms_of_day)
        });
        let n = bucket.len();
        let reach = if n <= 256 { n } else { 64 };
        for x in 0..n {
            let g1 = bucket[x];
            if merged_into[g1].is_some() {
                continue;
            }
            let mut best: Option<(i64, usize)> = None;
            let lo = x.saturating_sub(reach);
            let hi = (x + reach + 1).min(n);
            for &g2 in &bucket[lo..hi] {
                if g2 == g1 || merged_into[g2].is_some() {
                    continue;
                }
                let (s1, f1) = &info[&g1];
                let (s2, f2) = &info[&g2];
                if s1.iter().any(|s| s2.contains(s)) {
                    continue;
                }
                let (Some(a), Some(b)) = (f1, f2) else {
                    continue;
                };
                let d = stamp_diff_ms(&events[a.1].time().unwrap(), &events[b.1].time().unwrap());
                let score = match (offset_ms(a.0), offset_ms(b.0)) {
                    (Some(oa), Some(ob)) => (d - (ob - oa)).abs(),
                    _ => round_to_zone_step(d).1.abs(),
                };
                if score <= MATCH_WINDOW_MS && best.is_none_or(|(s, _)| score < s) {
                    best = Some((score, g2));
                }
            }
            if let Some((_, g2)) = best {
                merged_into[g2] = Some(g1);
                let (ev2, inv2) = (
                    std::mem::take(&mut groups[g2].events),
                    std::mem::take(&mut groups[g2].invoke_ids),
                );
                let g = &mut groups[g1];
                g.events.extend(ev2);
                for i in inv2 {
                    if !g.invoke_ids.contains(&i) {
                        g.invoke_ids.push(i);
                    }
                }
                g.inferred = true;
                let merged = (g.sources(events), g.firsts(events).first().copied());
                info.insert(g1, merged);
            }
        }
    }
    let mut all = exact;
    let mut fuzzy_groups = Vec::new();
    let out: Vec<Correlation> = groups
        .into_iter()
        .enumerate()
        .filter(|(gi, _)| merged_into[*gi].is_none())
        .map(|(_, mut g)| {
            g.events.sort_unstable();
            g.events.dedup();
            if g.inferred {
                fuzzy_groups.push(G {
                    kind: String::new(),
                    invoke_ids: vec![],
                    events: g.events.clone(),
                    agent: None,
                    mrd: None,
                    inferred: true,
                });
            }
            Correlation {
                sources: g.sources(events),
                related: Vec::new(),
                how: if g.inferred {
                    "message kind + MRDID + ICMAgentID + time (InvokeIDs differ)".into()
                } else {
                    "InvokeID + MRDID + ICMAgentID".into()
                },
                confidence: if g.inferred {
                    Confidence::Inferred
                } else {
                    Confidence::Confirmed
                },
                kind: g.kind,
                invoke_ids: g.invoke_ids,
                events: g.events,
                agent_id: g.agent,
                mrd_id: g.mrd,
            }
        })
        .collect();
    all.extend(samples(&fuzzy_groups, events));
    (out, all)
}

/// Window after a request reaches OPC in which a `SetAgentState` for the same agent/MRD is its effect.
pub const EFFECT_WINDOW_MS: i64 = 2_000;

/// Fills `related` of each group from time-ordered events and their axis times.
pub fn relate(groups: &mut [Correlation], events: &[Event], axis: &[Option<i64>]) {
    let timed = axis.partition_point(|a| a.is_some());
    let at = |i: usize| axis[i].unwrap_or(i64::MAX);
    // The candidates, in time order: the listener's availability lines, and OPC's state changes per
    // (agent, MRD). Scanning every event in each group's window was groups × events-per-window.
    let mut availability: Vec<usize> = Vec::new();
    let mut state_changes: HashMap<(Option<u32>, Option<u32>), Vec<usize>> = HashMap::new();
    for (j, e) in events[..timed].iter().enumerate() {
        match e.kind {
            EventKind::Availability { .. } => availability.push(j),
            EventKind::StateChange(_) => state_changes
                .entry((e.agent_id, e.mrd_id))
                .or_default()
                .push(j),
            _ => {}
        }
    }
    // Candidates at or after `lo` on the axis.
    let from = |list: &[usize], lo: i64| list.partition_point(|&j| at(j) < lo);
    let mut taken = vec![false; events.len()];
    for g in groups.iter_mut() {
        let mut rel = Vec::new();
        // The listener's own lines about this request.
        if let Some(&li) = g
            .events
            .iter()
            .find(|&&i| events[i].source == SourceKind::Listener && axis[i].is_some())
        {
            let t = at(li);
            for &j in &availability[from(&availability, t - 1000)..] {
                if at(j) > t + 1000 {
                    break;
                }
                let e = &events[j];
                if taken[j] || e.origin.input != events[li].origin.input {
                    continue;
                }
                if let EventKind::Availability { text } = &e.kind {
                    if text.contains(g.kind.as_str()) {
                        rel.push(j);
                    }
                }
            }
        }
        // OPC's state change caused by it.
        let changes_state = matches!(
            g.kind.as_str(),
            "MAKE_AGENT_READY_IND"
                | "MAKE_AGENT_NOT_READY_REQ"
                | "MEDIA_LOGIN_REQ"
                | "MEDIA_LOGOUT_IND"
        );
        if let (true, Some(&oi), Some(list)) = (
            changes_state,
            g.events
                .iter()
                .find(|&&i| events[i].source == SourceKind::Opc && axis[i].is_some()),
            state_changes.get(&(g.agent_id, g.mrd_id)),
        ) {
            let t = at(oi);
            for &j in &list[from(list, t)..] {
                if at(j) > t + EFFECT_WINDOW_MS {
                    break;
                }
                if !taken[j] {
                    rel.push(j);
                }
            }
        }
        for &j in &rel {
            taken[j] = true;
        }
        g.related = rel;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names() {
        assert_eq!(
            canonical("ProcessARMMediaLoginRespMsg").as_deref(),
            Some("MEDIA_LOGIN_RESP")
        );
        assert_eq!(
            canonical("MakeAgentRoutableInd").as_deref(),
            Some("MAKE_AGENT_ROUTABLE_IND")
        );
        assert_eq!(
            canonical("ProcessMakeAgentReadyInd").as_deref(),
            Some("MAKE_AGENT_READY_IND")
        );
        assert_eq!(
            canonical("ProcessMediaLoginReq").as_deref(),
            Some("MEDIA_LOGIN_REQ")
        );
        assert_eq!(
            canonical("MEDIA_LOGIN_REQ").as_deref(),
            Some("MEDIA_LOGIN_REQ")
        );
        assert_eq!(canonical("SendARMMsg"), None);
        assert_eq!(canonical("SetAgentState"), None);
        assert_eq!(request_of("MEDIA_LOGIN_RESP"), "MEDIA_LOGIN_REQ");
    }
}
