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

/// The `SetAgentState` fields read, by their index in [`State`].
#[derive(Clone, Copy)]
enum Name {
    OldState,
    NewState,
    Periph,
    Sgstid,
    Sg,
    ReasonCode,
    Duration,
    Astid,
    MrDomainId,
}

/// The value of the first field of each [`Name`] (case-insensitive), found in one pass over the
/// pairs, comparing each key only with the names of its length.
struct State<'a>([Option<&'a str>; 9]);

impl<'a> State<'a> {
    fn of(pairs: &[(&str, &'a str)]) -> Self {
        let mut found = [None; 9];
        for &(k, v) in pairs {
            let is = |n: &str| k.eq_ignore_ascii_case(n);
            let name = match k.len() {
                3 if is("SG#") => Name::Sg,
                5 if is("ASTID") => Name::Astid,
                6 if is("SGSTID") => Name::Sgstid,
                7 if is("Periph#") => Name::Periph,
                8 if is("OldState") => Name::OldState,
                8 if is("NewState") => Name::NewState,
                8 if is("Duration") => Name::Duration,
                10 if is("ReasonCode") => Name::ReasonCode,
                10 if is("MRDomainID") => Name::MrDomainId,
                _ => continue,
            };
            found[name as usize].get_or_insert(v);
        }
        State(found)
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
            let found = State::of(&pairs);
            let get = |n: Name| found.0[n as usize];
            let old_raw = get(Name::OldState).unwrap_or("");
            let new_raw = get(Name::NewState).unwrap_or("");
            if new_raw.is_empty() {
                ctx.problem(
                    rec,
                    None,
                    "SetAgentState: expected NewState=AS_...".to_string(),
                );
            }
            let (old, new) = (AgentState::parse(old_raw), AgentState::parse(new_raw));
            let kind = EventKind::StateChange(Box::new(StateChange {
                peripheral_number: get(Name::Periph).and_then(parse_u32),
                skill_group_id: get(Name::Sgstid).and_then(parse_u32),
                skill_group_number: get(Name::Sg).and_then(parse_u32),
                old,
                new,
                old_raw: state_label(old, old_raw),
                new_raw: state_label(new, new_raw),
                reason_code: get(Name::ReasonCode).and_then(parse_i64),
                duration: get(Name::Duration).and_then(parse_i64),
            }));
            let agent = get(Name::Astid).and_then(parse_u32);
            let mrd = get(Name::MrDomainId).and_then(parse_u32);
            ctx.push(SourceKind::Opc, rec, Some(ts), None, agent, mrd, kind);
            ctx.pairs = recycle(pairs);
        }
        _ => trace(ctx, rec, SourceKind::Opc, ts, body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_lookup_is_the_first_field_of_each_name() {
        let names = [
            (Name::OldState, "OldState"),
            (Name::NewState, "NewState"),
            (Name::Periph, "Periph#"),
            (Name::Sgstid, "SGSTID"),
            (Name::Sg, "SG#"),
            (Name::ReasonCode, "ReasonCode"),
            (Name::Duration, "Duration"),
            (Name::Astid, "ASTID"),
            (Name::MrDomainId, "MRDomainID"),
        ];
        let keys = [
            "OldState",
            "oldstate",
            "NEWSTATE",
            "Periph#",
            "periph#",
            "SGSTID",
            "sg#",
            "SG#",
            "ReasonCode",
            "Duration",
            "astid",
            "ASTID",
            "MRDomainID",
            "mrdomainid",
            "AgentObj",
            "CurLine",
            "SG",
            "OldStat",
            "Old_State",
            "",
            "text",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        // A different value in each pair, so that which pair was found shows.
        let values: Vec<String> = (0..14).map(|i| format!("v{i}")).collect();
        for _ in 0..5000 {
            let pairs: Vec<(&str, &str)> = (0..next() % 14)
                .map(|i| {
                    (
                        keys[(next() % keys.len() as u64) as usize],
                        &*values[i as usize],
                    )
                })
                .collect();
            let found = State::of(&pairs);
            for (n, name) in names {
                let linear = pairs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| *v);
                assert_eq!(found.0[n as usize], linear, "{name} in {pairs:?}");
            }
        }
    }
}
