//! The CTI session itself: a PG or CTI link reported down (OPEN_CONF PGStatus bits,
//! FAILURE_EVENT, CLOSE, E_ARM_STAT 36), and logins naming another application path than the
//! listener's OPEN_REQ.

use super::login::{status_of, status_text};
use super::{ev, new_finding, per_agent_or_grouped, Facts};
use crate::cti::catalog::{cti_status_name, pg_status_names};
use crate::model::{Event, EventKind};
use crate::report::{AgentRef, Finding, Severity};

/// A number field of a trace (`0x4`, `4`) or of a decoded message (fixed or floating).
fn number(e: &Event, name: &str) -> Option<i64> {
    match &e.kind {
        // Decoded when asked (events keep the bytes): asked of the few OPEN, login and
        // failure messages these rules read.
        EventKind::Arm { message, .. } => {
            let m = message.decode();
            m.int(name)
                .or_else(|| m.floating_field(name).and_then(|f| f.value.as_i64()))
        }
        EventKind::Trace { .. } => e
            .field(name)
            .and_then(crate::logs::parse_u64)
            .and_then(|v| i64::try_from(v).ok()),
        _ => None,
    }
}

fn cti_status_text(e: &Event) -> String {
    match number(e, "Status") {
        Some(s) => match cti_status_name(s) {
            Some(n) => format!("status {s} ({n})"),
            None => format!("status {s}"),
        },
        None => match e.field("Status") {
            Some(raw) => format!("status {}", raw.trim()),
            None => "no status".into(),
        },
    }
}

/// OPEN_CONF with PGStatus bits set, FAILURE_EVENT, CLOSE_REQ/CONF, MEDIA_LOGIN_RESP status 36:
/// one finding for the evidence, a warning when a later OPEN_CONF shows the PG healthy again.
pub fn pg_link_down(f: &Facts) -> Vec<Finding> {
    let mut down: Vec<(usize, String)> = Vec::new();
    let mut healthy_after_down = None;
    for (i, e) in f.timeline.events.iter().enumerate() {
        let what = match f.kind(i) {
            Some("OPEN_CONF") => match number(e, "PGStatus") {
                Some(0) => {
                    if !down.is_empty() {
                        healthy_after_down = Some(i);
                    }
                    continue;
                }
                Some(bits) => format!(
                    "OPEN_CONF with PGStatus 0x{bits:X} ({})",
                    pg_status_names(bits as u32).join(", ")
                ),
                None => continue,
            },
            Some("FAILURE_EVENT") => format!("FAILURE_EVENT, {}", cti_status_text(e)),
            Some(k @ ("CLOSE_REQ" | "CLOSE_CONF")) => format!("{k}, {}", cti_status_text(e)),
            Some("MEDIA_LOGIN_RESP") if status_of(e) == Some(36) => format!(
                "MEDIA_LOGIN_RESP with status {}{}",
                status_text(36),
                e.agent_id
                    .map(|a| format!(" for agent {a}"))
                    .unwrap_or_default()
            ),
            _ => continue,
        };
        healthy_after_down = None;
        down.push((i, what));
    }
    if down.is_empty() {
        return vec![];
    }
    let mut x = new_finding("pg-link-down");
    x.severity = if healthy_after_down.is_some() {
        Severity::Warning
    } else {
        f.agent_fault_severity()
    };
    let names: Vec<String> = down.iter().map(|(_, w)| w.clone()).collect();
    x.title = format!(
        "The CTI link reported a failure{}: {}",
        if healthy_after_down.is_some() {
            " (later healthy again)"
        } else {
            ""
        },
        names.first().cloned().unwrap_or_default()
    );
    x.seen = down
        .iter()
        .map(|(i, w)| {
            let e = &f.timeline.events[*i];
            format!("{w} ({} log, line {})", e.source.as_str(), e.origin.line)
        })
        .collect::<Vec<_>>()
        .join("; ");
    if let Some(h) = healthy_after_down {
        let e = &f.timeline.events[h];
        x.seen = format!(
            "{}; then OPEN_CONF with PGStatus 0 ({} log, line {}).",
            x.seen,
            e.source.as_str(),
            e.origin.line
        );
        x.evidence.push(ev(e, "OPEN_CONF, PGStatus 0"));
    } else {
        x.seen.push('.');
    }
    for (i, w) in &down {
        x.evidence.push(ev(&f.timeline.events[*i], w.clone()));
    }
    x.evidence.sort_by_key(|e| (e.input, e.line));
    vec![x]
}

/// The ApplicationPathIDs the listener's OPEN_REQs name, against the one each login names (the
/// CTI server prints it in the login's SendARMMsg).
pub fn app_path_mismatch(f: &Facts) -> Vec<Finding> {
    let mut opened: Vec<(i64, usize)> = Vec::new();
    for (i, e) in f.of_kind("OPEN_REQ") {
        if let Some(p) = number(e, "ApplicationPathID") {
            if !opened.iter().any(|(q, _)| *q == p) {
                opened.push((p, i));
            }
        }
    }
    if opened.is_empty() {
        return vec![];
    }
    let mut items = Vec::new();
    let mut seen = Vec::new();
    for (_, e) in f.of_kind("MEDIA_LOGIN_REQ") {
        let Some(p) = number(e, "ApplicationPathID") else {
            continue;
        };
        let (Some(agent), mrd) = (e.agent_id, e.mrd_id) else {
            continue;
        };
        if opened.iter().any(|(q, _)| *q == p) || seen.contains(&(agent, mrd)) {
            continue;
        }
        seen.push((agent, mrd));
        let mut x = new_finding("app-path-mismatch");
        x.severity = f.agent_fault_severity();
        x.title = format!(
            "Agent {agent}'s login{} names application path {p}; the listener's session opened {}",
            mrd.map(|m| format!(" to MRD {m}")).unwrap_or_default(),
            opened
                .iter()
                .map(|(q, _)| q.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        x.seen = format!(
            "OPEN_REQ with ApplicationPathID {} ({} log, line {}); MEDIA_LOGIN_REQ with ApplicationPathID {p} ({} log, line {}).",
            opened[0].0,
            f.timeline.events[opened[0].1].source.as_str(),
            f.timeline.events[opened[0].1].origin.line,
            e.source.as_str(),
            e.origin.line
        );
        x.agents.push(AgentRef {
            agent_id: agent,
            mrd_id: mrd,
        });
        x.evidence
            .push(ev(&f.timeline.events[opened[0].1], "OPEN_REQ"));
        x.evidence.push(ev(e, "MEDIA_LOGIN_REQ"));
        items.push(x);
    }
    per_agent_or_grouped(items, |n| {
        format!("{n} agents' logins name another application path than the listener's session")
    })
}
