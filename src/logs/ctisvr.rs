//! CTI server traces: `HH:MM:SS:mmm cg1A-ctisvr Trace: Function - key = value, ...` and
//! `HH:MM:SS:mmm cg1A-ctisvr Session N: MsgType:NAME (Key:value ...)` / per-skill-group agent state.

use super::detect::pg_stamp;
use super::fields::{checked_ids, owned, pairs_colon, pairs_eq_into, recycle, split_function};
use super::rejoin::Record;
use super::{parse_u32, Ctx, Ids, NewEvent};
use crate::model::{EventKind, Fields, SourceKind, Timestamp};

/// Per-input state: skill-group agent-state lines waiting for the `ICMAgentID` line of their session.
#[derive(Debug, Default)]
pub struct State {
    pending_sg: Vec<(u32, usize)>,
}

impl State {
    /// No skill-group line waits for its `ICMAgentID` line.
    pub fn is_idle(&self) -> bool {
        self.pending_sg.is_empty()
    }

    /// The waiting lines' events moved by `by` (their reading appended after `by` events).
    pub fn shift_pending(&mut self, by: usize) {
        for p in &mut self.pending_sg {
            p.1 += by;
        }
    }
}

/// The body of a PG trace after `<time> <node>-<proc> `.
pub fn split_pg(text: &str) -> Option<(Timestamp, &str)> {
    let (ts, end) = pg_stamp(text)?;
    let rest = &text[end..];
    let sp = rest.find(' ').unwrap_or(rest.len());
    Some((ts, rest[sp..].trim_start()))
}

/// [`split_pg`] of a record, with the stamp read when its line was classified.
pub fn split_record<'r>(rec: &'r Record) -> Option<(Timestamp, &'r str)> {
    let text = rec.text.as_ref();
    match rec.stamp {
        Some(s) => Some((s.time, super::trim_start(text.get(s.body..)?))),
        None => split_pg(text),
    }
}

pub fn parse(ctx: &mut Ctx, rec: &Record) {
    let Some((ts, body)) = split_record(rec) else {
        ctx.unrecognised(rec);
        return;
    };
    if let Some(b) = body.strip_prefix("Trace:") {
        trace(ctx, rec, SourceKind::Ctisvr, ts, b);
    } else if let Some(b) = body.strip_prefix("Session ") {
        session(ctx, rec, ts, b);
    } else {
        let word = body.split_whitespace().next().unwrap_or("ctisvr");
        let function = ctx.name(word.trim_end_matches(':'));
        ctx.push(
            rec,
            NewEvent {
                source: SourceKind::Ctisvr,
                time: Some(ts),
                ids: Ids::NONE,
                kind: EventKind::Trace {
                    function,
                    fields: Fields::from_pairs(&[("text", body)]),
                },
            },
        );
    }
}

/// `Function - key = value, ...` (shared with OPC for everything but `SetAgentState`).
pub fn trace(ctx: &mut Ctx, rec: &Record, source: SourceKind, ts: Timestamp, body: &str) {
    let body = super::trim(body);
    trace_split(ctx, rec, source, ts, body, split_function(body));
}

/// [`trace`] of a trimmed `body` whose [`split_function`] is `split` (OPC has it already).
pub fn trace_split(
    ctx: &mut Ctx,
    rec: &Record,
    source: SourceKind,
    ts: Timestamp,
    body: &str,
    split: Option<(&str, &str)>,
) {
    let mut pairs = recycle(std::mem::take(&mut ctx.pairs));
    let function = match split {
        Some((f, rest)) => {
            pairs_eq_into(rest, &mut pairs);
            f
        }
        None => {
            pairs.push(("text", body));
            "Trace"
        }
    };
    let (invoke, agent, mrd) = checked_ids(ctx, rec, &pairs);
    let function = ctx.name(function);
    ctx.push(
        rec,
        NewEvent {
            source,
            time: Some(ts),
            ids: Ids {
                invoke_id: invoke,
                agent_id: agent,
                mrd_id: mrd,
            },
            kind: EventKind::Trace {
                function,
                fields: owned(&pairs),
            },
        },
    );
    ctx.pairs = recycle(pairs);
}

fn session(ctx: &mut Ctx, rec: &Record, ts: Timestamp, b: &str) {
    let colon = b.find(':').unwrap_or(b.len());
    let num = b[..colon].trim();
    let session = parse_u32(num);
    let rest = b.get(colon + 1..).unwrap_or("").trim();
    let mut pairs: Vec<(&str, &str)> = vec![("Session", num)];
    let function: &str;
    if let Some(m) = rest.strip_prefix("MsgType:") {
        let m = m.trim_start();
        let end = m
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(m.len());
        function = if end == 0 { "Session" } else { &m[..end] };
        pairs.extend(pairs_colon(&m[end..]));
    } else {
        let p = pairs_colon(rest);
        let has = |n: &str| p.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
        function = if has("AgentState") {
            "AgentStateSkillGroup"
        } else if has("ICMAgentID") && (has("NumTasks") || has("EventReasonCode")) {
            "AgentStateEvent"
        } else {
            "Session"
        };
        pairs.extend(p);
    }
    if session.is_none() {
        ctx.problem(
            rec,
            None,
            format!("ctisvr `Session N:` line: expected a session number, found `{num}`"),
        );
    }
    // `Session` (the first pair) is no id: the ids of the rest are those of all the pairs.
    let (invoke, agent, mrd) = checked_ids(ctx, rec, &pairs[1..]);
    let name = ctx.name(function);
    let idx = ctx.push(
        rec,
        NewEvent {
            source: SourceKind::Ctisvr,
            time: Some(ts),
            ids: Ids {
                invoke_id: invoke,
                agent_id: agent,
                mrd_id: mrd,
            },
            kind: EventKind::Trace {
                function: name,
                fields: owned(&pairs),
            },
        },
    );
    let s = session.unwrap_or(u32::MAX);
    if function == "AgentStateSkillGroup" && agent.is_none() {
        ctx.ctisvr.pending_sg.push((s, idx));
    } else if agent.is_some() || mrd.is_some() {
        let pending = std::mem::take(&mut ctx.ctisvr.pending_sg);
        for (ps, pi) in pending {
            if ps != s {
                ctx.ctisvr.pending_sg.push((ps, pi));
                continue;
            }
            if let Some(e) = ctx.out.events.get_mut(pi) {
                e.agent_id = e.agent_id.or(agent);
                e.mrd_id = e.mrd_id.or(mrd);
            }
        }
    }
}
