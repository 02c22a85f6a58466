//! The two ladders aligned by step: each row gets a key (the expected step, or the message, for
//! one agent and MRD; the entry point's call and answer), and the longest common run of keys
//! puts rows side by side.

use super::agents::AgentMap;
use super::model::{AlignedLadder, AlignedRow, RowChange};
use super::steps::{parse_missing, ROUTER_STEP, STATE_STEP, STEPS};
use crate::analysis::correlate::canonical;
use crate::flow::Arrow;
use crate::model::SourceKind;
use crate::report::Report;

/// Above this many cells (rows × rows) the alignment pairs rows greedily instead.
const MAX_CELLS: usize = 4_000_000;

/// Both ladders, row against row.
pub fn align(before: &Report, after: &Report, map: &AgentMap) -> AlignedLadder {
    let kb = keys(before, &|a| a);
    let ka = keys(after, &|a| map.as_before(a));
    let pairs = lcs(&kb, &ka);
    let (rb, ra) = (&before.ladder.rows, &after.ladder.rows);
    let mut rows = Vec::with_capacity(rb.len().max(ra.len()));
    let (mut i, mut j) = (0, 0);
    let norm_b = |row: &[Arrow]| normalized(row, &|a| a);
    let norm_a = |row: &[Arrow]| normalized(row, &|a| map.as_before(a));
    for (pi, pj) in pairs
        .into_iter()
        .chain(std::iter::once((rb.len(), ra.len())))
    {
        while i < pi {
            rows.push(one_side(&kb[i].0, Some(&rb[i]), None));
            i += 1;
        }
        while j < pj {
            rows.push(one_side(&ka[j].0, None, Some(&ra[j])));
            j += 1;
        }
        if pi < rb.len() && pj < ra.len() {
            let change = if norm_b(&rb[pi]) == norm_a(&ra[pj]) {
                RowChange::Same
            } else {
                RowChange::Changed
            };
            rows.push(AlignedRow {
                key: kb[pi].0.clone(),
                change,
                before: Some(rb[pi].clone()),
                after: Some(ra[pj].clone()),
            });
            i = pi + 1;
            j = pj + 1;
        }
    }
    AlignedLadder {
        rows,
        omitted_before: before.ladder.omitted,
        omitted_after: after.ladder.omitted,
    }
}

fn one_side(key: &str, b: Option<&Vec<Arrow>>, a: Option<&Vec<Arrow>>) -> AlignedRow {
    AlignedRow {
        key: key.to_string(),
        change: if b.is_some() {
            RowChange::OnlyBefore
        } else {
            RowChange::OnlyAfter
        },
        before: b.cloned(),
        after: a.cloned(),
    }
}

/// A row's arrows without what differs from capture to capture (InvokeIDs, times), agents
/// named by their first-side id.
fn normalized(row: &[Arrow], agent: &dyn Fn(u32) -> u32) -> Vec<(String, bool, String)> {
    row.iter()
        .map(|a| {
            let label: Vec<String> = a
                .label
                .split(' ')
                .filter(|t| !t.starts_with("InvokeID="))
                .map(
                    |t| match t.strip_prefix("agent=").and_then(|x| x.parse().ok()) {
                        Some(id) => format!("agent={}", agent(id)),
                        None => t.to_string(),
                    },
                )
                .collect();
            (
                format!("{:?}>{:?}", a.from, a.to),
                a.observed,
                label.join(" "),
            )
        })
        .collect()
}

/// The key of each row of a report's ladder (agents through `agent`).
/// The key of each row of a report's ladder (agents through `agent`), and whether the row was
/// seen (not an expected-but-missing step).
fn keys(r: &Report, agent: &dyn Fn(u32) -> u32) -> Vec<(String, bool)> {
    let mut out = Vec::with_capacity(r.ladder.rows.len());
    let mut last_call: Option<String> = None;
    for row in &r.ladder.rows {
        let key = row
            .first()
            .map(|a| key_of(r, a, agent, &mut last_call))
            .unwrap_or_default();
        out.push((key, row.iter().any(|a| a.observed)));
    }
    out
}

fn key_of(
    r: &Report,
    a: &Arrow,
    agent: &dyn Fn(u32) -> u32,
    last_call: &mut Option<String>,
) -> String {
    let who = |ag: Option<u32>, mrd: Option<u32>| {
        format!(
            "agent={} MRD={}",
            ag.map(|x| agent(x).to_string())
                .unwrap_or_else(|| "?".into()),
            mrd.map(|x| x.to_string()).unwrap_or_else(|| "?".into())
        )
    };
    if let Some(e) = a.event.and_then(|i| r.events.get(i)) {
        let g = e.group.and_then(|g| r.groups.get(g));
        let ids = who(
            e.agent_id.or(g.and_then(|g| g.agent_id)),
            e.mrd_id.or(g.and_then(|g| g.mrd_id)),
        );
        return match (e.source, e.kind.as_str()) {
            (SourceKind::Opc, "SetAgentState") => format!("OPC state {ids}"),
            (SourceKind::Rttest, "agent_status") => format!("router status {ids}"),
            (SourceKind::Listener, k) if e.message.is_none() => format!("listener {k}"),
            (_, k) => {
                let kind = g
                    .map(|g| g.kind.clone())
                    .or_else(|| canonical(k))
                    .unwrap_or_else(|| k.to_string());
                format!("message {kind} {ids}")
            }
        };
    }
    if let Some((step, ag, mrd)) = parse_missing(&a.label) {
        let ids = who(Some(ag), Some(mrd));
        return match step {
            STATE_STEP => format!("OPC state {ids}"),
            ROUTER_STEP => format!("router status {ids}"),
            s => format!("message {} {ids}", STEPS[s].0),
        };
    }
    if a.from == crate::flow::Lane::Customer {
        // The call, not its answer or timing (`GET …/initialize/1001 → 200 · 43 ms`): the same
        // call aligns across captures whatever it answered.
        let k = format!("call {}", a.label.split(" → ").next().unwrap_or(&a.label));
        *last_call = Some(k.clone());
        return k;
    }
    if a.to == crate::flow::Lane::Customer {
        return format!("answer to {}", last_call.as_deref().unwrap_or("?"));
    }
    format!("other {}", a.label)
}

/// Index pairs of a heaviest common subsequence of two key lists, in order: rows of one key
/// pair, two seen rows (weight 2) before a seen row and an expected-but-missing one (weight 1),
/// so a router status seen on both sides is put side by side, not one of them against a dashed
/// "router flags RA".
fn lcs(a: &[(String, bool)], b: &[(String, bool)]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS {
        return greedy(a, b);
    }
    let weight = |i: usize, j: usize| -> u32 {
        match (&a[i], &b[j]) {
            ((ka, oa), (kb, ob)) if ka == kb => 1 + u32::from(*oa == *ob),
            _ => 0,
        }
    };
    // t[i][j] = the heaviest weight of a[i..] against b[j..].
    let w = m + 1;
    let mut t = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = t[(i + 1) * w + j].max(t[i * w + j + 1]);
            t[i * w + j] = match weight(i, j) {
                0 => skip,
                x => skip.max(t[(i + 1) * w + j + 1] + x),
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        let x = weight(i, j);
        if x > 0 && t[i * w + j] == t[(i + 1) * w + j + 1] + x {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i * w + j] == t[(i + 1) * w + j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Each row of `a` with the next unused row of `b` of its key (for very long ladders).
fn greedy(a: &[(String, bool)], b: &[(String, bool)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut j = 0;
    for (i, (k, _)) in a.iter().enumerate() {
        if let Some(off) = b[j..].iter().position(|x| x.0 == *k) {
            out.push((i, j + off));
            j += off + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<(String, bool)> {
        v.iter()
            .map(|x| (x.trim_end_matches('?').to_string(), !x.ends_with('?')))
            .collect()
    }

    #[test]
    fn lcs_pairs_common_keys_in_order() {
        let a = s(&["login", "routable", "ready", "state", "router"]);
        let b = s(&["login", "routable", "router", "call"]);
        assert_eq!(lcs(&a, &b), vec![(0, 0), (1, 1), (4, 2)]);
        assert_eq!(greedy(&a, &b), vec![(0, 0), (1, 1), (4, 2)]);
        assert!(lcs(&a, &[]).is_empty());
    }

    #[test]
    fn a_seen_row_pairs_with_a_seen_row_before_a_missing_one() {
        // The second side's ladder: the expected "router flags RA" dashed, then the router's
        // status without A.
        let a = s(&["state", "router"]);
        let b = s(&["state?", "router?", "router"]);
        assert_eq!(lcs(&a, &b), vec![(0, 0), (1, 2)]);
        // With only the dashed row, it still pairs (the step, drawn differently).
        assert_eq!(lcs(&a, &s(&["state?", "router?"])), vec![(0, 0), (1, 1)]);
    }
}
