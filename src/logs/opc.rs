//! OPC traces: `HH:MM:SS:mmm PG1A-opc Trace: SetAgentState: ASTID=.. OldState=AS_.. NewState=AS_..`,
//! `MakeAgentRoutableInd - InvokeID = ..`, `MakeAgentReadyInd`, media login/logout.

use super::ctisvr::{split_record, trace};
use super::fields::{check_numbers, pairs_eq_into, recycle, split_function};
use super::rejoin::Record;
use super::{parse_i64, parse_u32, Ctx};
use crate::cti::Label;
use crate::model::{AgentState, EventKind, SourceKind, StateChange};

/// A state name as printed: OPC's own spelling (`AS_NOT_ACTIVE`) is borrowed, anything else copied.
fn state_label(parsed: Option<AgentState>, raw: &str) -> Label {
    match parsed {
        Some(s) if s.opc_name() == raw => Label::borrowed(s.opc_name()),
        _ => Label::new(raw),
    }
}

pub fn parse(ctx: &mut Ctx, rec: &Record) {
    let Some((ts, body)) = split_record(rec) else {
        ctx.unrecognised(rec);
        return;
    };
    let body = super::trim(body.strip_prefix("Trace:").unwrap_or(body));
    match split_function(body) {
        Some((f, rest)) if f.eq_ignore_ascii_case("SetAgentState") => {
            let mut pairs = recycle(std::mem::take(&mut ctx.pairs));
            pairs_eq_into(rest, &mut pairs);
            check_numbers(ctx, rec, &pairs);
            let get = |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(n))
                    .map(|(_, v)| *v)
            };
            let old_raw = get("OldState").unwrap_or("");
            let new_raw = get("NewState").unwrap_or("");
            if new_raw.is_empty() {
                ctx.problem(
                    rec,
                    None,
                    "SetAgentState: expected NewState=AS_...".to_string(),
                );
            }
            let (old, new) = (AgentState::parse(old_raw), AgentState::parse(new_raw));
            let kind = EventKind::StateChange(Box::new(StateChange {
                peripheral_number: get("Periph#").and_then(parse_u32),
                skill_group_id: get("SGSTID").and_then(parse_u32),
                skill_group_number: get("SG#").and_then(parse_u32),
                old,
                new,
                old_raw: state_label(old, old_raw),
                new_raw: state_label(new, new_raw),
                reason_code: get("ReasonCode").and_then(parse_i64),
                duration: get("Duration").and_then(parse_i64),
            }));
            let agent = get("ASTID").and_then(parse_u32);
            let mrd = get("MRDomainID").and_then(parse_u32);
            ctx.push(SourceKind::Opc, rec, Some(ts), None, agent, mrd, kind);
            ctx.pairs = recycle(pairs);
        }
        _ => trace(ctx, rec, SourceKind::Opc, ts, body),
    }
}
