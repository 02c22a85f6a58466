//! OPC traces: `HH:MM:SS:mmm PG1A-opc Trace: SetAgentState: ASTID=.. OldState=AS_.. NewState=AS_..`,
//! `MakeAgentRoutableInd - InvokeID = ..`, `MakeAgentReadyInd`, media login/logout.

use super::ctisvr::{split_record, trace_split};
use super::fields::{not_a_number, numbers, numeric_key, pairs_eq_into, recycle, split_function};
use super::rejoin::Record;
use super::{Ctx, Ids, NewEvent};
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
/// pairs, comparing each key only with the names of its length; in the same pass every numeric
/// field (see `fields::check_numbers`) is read once, to check it and to keep the numbers of the
/// first field of each numeric name.
struct State<'a> {
    raw: [Option<&'a str>; 9],
    /// (`parse_i64`, `parse_u64`) of `raw`, for the numeric names.
    num: [(Option<i64>, Option<u64>); 9],
}

impl<'a> State<'a> {
    /// `bad(key, value)` is called, in order, for each numeric field that is not a number.
    fn of(pairs: &[(&'a str, &'a str)], mut bad: impl FnMut(&'a str, &'a str)) -> Self {
        let mut raw = [None; 9];
        let mut num = [(None, None); 9];
        for &(k, v) in pairs {
            let is = |n: &str| k == n || k.eq_ignore_ascii_case(n);
            let name = match k.len() {
                3 if is("SG#") => Some(Name::Sg),
                5 if is("ASTID") => Some(Name::Astid),
                6 if is("SGSTID") => Some(Name::Sgstid),
                7 if is("Periph#") => Some(Name::Periph),
                8 if is("OldState") => Some(Name::OldState),
                8 if is("NewState") => Some(Name::NewState),
                8 if is("Duration") => Some(Name::Duration),
                10 if is("ReasonCode") => Some(Name::ReasonCode),
                10 if is("MRDomainID") => Some(Name::MrDomainId),
                _ => None,
            };
            // Every name but the two states is numeric.
            let numeric = match name {
                Some(Name::OldState | Name::NewState) => false,
                Some(_) => true,
                None => numeric_key(k),
            };
            let n = if numeric {
                let n = numbers(v);
                if n.0.is_none() {
                    bad(k, v);
                }
                n
            } else {
                (None, None)
            };
            if let Some(name) = name {
                if raw[name as usize].is_none() {
                    raw[name as usize] = Some(v);
                    num[name as usize] = n;
                }
            }
        }
        State { raw, num }
    }

    fn get(&self, n: Name) -> Option<&'a str> {
        self.raw[n as usize]
    }

    /// `parse_u32` of the value.
    fn u32(&self, n: Name) -> Option<u32> {
        self.num[n as usize].1.and_then(|x| u32::try_from(x).ok())
    }

    /// `parse_i64` of the value.
    fn i64(&self, n: Name) -> Option<i64> {
        self.num[n as usize].0
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
            let found = State::of(&pairs, |k, v| not_a_number(ctx, rec, k, v));
            let old_raw = found.get(Name::OldState).unwrap_or("");
            let new_raw = found.get(Name::NewState).unwrap_or("");
            if new_raw.is_empty() {
                ctx.problem(
                    rec,
                    None,
                    "SetAgentState: expected NewState=AS_...".to_string(),
                );
            }
            let (old, new) = (AgentState::parse(old_raw), AgentState::parse(new_raw));
            let kind = EventKind::StateChange(Box::new(StateChange {
                peripheral_number: found.u32(Name::Periph),
                skill_group_id: found.u32(Name::Sgstid),
                skill_group_number: found.u32(Name::Sg),
                old,
                new,
                old_raw: state_label(old, old_raw),
                new_raw: state_label(new, new_raw),
                reason_code: found.i64(Name::ReasonCode),
                duration: found.i64(Name::Duration),
            }));
            let agent = found.u32(Name::Astid);
            let mrd = found.u32(Name::MrDomainId);
            ctx.push(
                rec,
                NewEvent {
                    source: SourceKind::Opc,
                    time: Some(ts),
                    ids: Ids {
                        invoke_id: None,
                        agent_id: agent,
                        mrd_id: mrd,
                    },
                    kind,
                },
            );
            ctx.pairs = recycle(pairs);
        }
        // `body` is trimmed and split already: what `trace` would do first.
        split => trace_split(ctx, rec, SourceKind::Opc, ts, body, split),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_i64, parse_u32};
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
        let mut rng = crate::ascii::TestRng(0x2545_f491_4f6c_dd1d);
        let mut next = || rng.next();
        // A different value in each pair, so that which pair was found shows; numbers and not.
        let values: Vec<String> = (0..14)
            .map(|i| match i % 5 {
                0 => format!("v{i}"),
                1 => format!("{i}"),
                2 => format!("-{i}"),
                3 => format!(" {i}(0x{i})"),
                _ => format!("{}", u64::MAX - i),
            })
            .collect();
        for _ in 0..5000 {
            let pairs: Vec<(&str, &str)> = (0..next() % 14)
                .map(|i| {
                    (
                        keys[(next() % keys.len() as u64) as usize],
                        &*values[i as usize],
                    )
                })
                .collect();
            let mut bad = Vec::new();
            let found = State::of(&pairs, |k, v| bad.push((k, v)));
            for (n, name) in names {
                let linear = pairs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| *v);
                assert_eq!(found.get(n), linear, "{name} in {pairs:?}");
                if !matches!(n, Name::OldState | Name::NewState) {
                    assert_eq!(found.u32(n), linear.and_then(parse_u32), "{name}");
                    assert_eq!(found.i64(n), linear.and_then(parse_i64), "{name}");
                }
            }
            // What `check_numbers` reports, in order.
            let checked: Vec<(&str, &str)> = pairs
                .iter()
                .copied()
                .filter(|(k, v)| numeric_key(k) && parse_i64(v).is_none())
                .collect();
            assert_eq!(bad, checked, "{pairs:?}");
        }
    }
}
