//! The availability probes' answers: agentAvailability, capacity, the queue polls
//! (sessionStatus / sessionStatistics), chatAllowed.

use super::answer::{
    as_bool, steps, AnswerExplanation, AnswerKind, Availability, NextStep, ResponseType,
};
use crate::model::Confidence;

pub(super) fn explain_availability(available: Option<bool>, raw: &str) -> AnswerExplanation {
    let mut exp = AnswerExplanation::new(AnswerKind::AgentAvailability, "");
    match available {
        Some(true) => {
            exp.availability = Availability::Open;
            exp.headline = "agentAvailability: available=true — an agent is available".into();
            exp.notes.push("unconfirmed (one lab note): with the entry point's 'Agent Available' set to Not Required this is true even with no agent logged in".into());
        }
        Some(false) => {
            exp.availability = Availability::NoAgent;
            exp.headline =
                "agentAvailability: available=false — no agent is available for this entry point"
                    .into();
            exp.customer_sees = Some(ResponseType::NoAgent.customer_sees().into());
            exp.next_steps = ResponseType::NoAgent.next_steps();
        }
        None => {
            exp.headline =
                format!("agentAvailability: available={raw} — unknown value, shown as is");
        }
    }
    exp.field(
        "available",
        raw.to_string(),
        "whether an agent is available for new chats on this entry point (Cisco: MRD restrictions apply)",
        Confidence::Confirmed,
    );
    exp
}

pub(super) fn explain_capacity(count: Option<i64>, raw: &str) -> AnswerExplanation {
    let mut exp = AnswerExplanation::new(AnswerKind::Capacity, "");
    match count {
        Some(0) => {
            exp.availability = Availability::NoAgent;
            exp.headline = "capacity: 0 available slots — no agent available, or all agents at their maximum load".into();
            exp.next_steps = steps(&[
                ("If agents show Ready, compare their active tasks with their concurrent-task limit (ctisvr NumTasks / MaxTaskLimit, rttest a:b).", "seed"),
                ("Otherwise follow the 'no agent available' checks (responseType 1).", "suggested"),
            ]);
        }
        Some(n) if n > 0 => {
            exp.availability = Availability::Open;
            exp.headline =
                format!("capacity: {n} available slot(s) — agents can take {n} more chat(s)");
        }
        _ => exp.headline = format!("capacity: count={raw} — unknown value, shown as is"),
    }
    exp.field(
        "count",
        raw.to_string(),
        "available slots = maximum load of all agents minus their current load; 0 = no agents, or all at maximum load",
        Confidence::Confirmed,
    );
    exp
}

pub(super) fn explain_queue(
    depth: Option<String>,
    wait: Option<String>,
    alt: Option<String>,
) -> AnswerExplanation {
    let mut exp = AnswerExplanation::new(AnswerKind::QueueStatus, "");
    let mut parts = Vec::new();
    if let Some(d) = &depth {
        parts.push(format!("queue depth {d}"));
        exp.field(
            "queueDepth",
            d.clone(),
            "chats waiting in the queue ahead of / with this one",
            Confidence::Confirmed,
        );
    }
    if let Some(w) = &wait {
        parts.push(format!("wait time {w} s"));
        exp.field(
            "waitTime",
            w.clone(),
            "expected wait in seconds",
            Confidence::Confirmed,
        );
    }
    if let Some(a) = &alt {
        exp.field(
            "altEngmtTime",
            a.clone(),
            "time after which an alternative engagement is offered (read from the name)",
            Confidence::Inferred,
        );
    }
    exp.headline = if parts.is_empty() {
        "queue status: no queue depth or wait time in the answer".into()
    } else {
        format!(
            "queue status: {} — the chat is waiting for an agent",
            parts.join(", ")
        )
    };
    exp
}

pub(super) fn explain_chat_allowed(raw: &str) -> AnswerExplanation {
    let mut exp = AnswerExplanation::new(AnswerKind::ChatAllowed, "");
    match as_bool(raw) {
        Some(true) => {
            exp.availability = Availability::Open;
            exp.headline = "chatAllowed: allowed=true — queue depth, agent availability and entry point status allow a chat".into();
        }
        Some(false) => {
            exp.availability = Availability::Unknown;
            exp.headline = "chatAllowed: allowed=false — the queue is full, no agent is available, or the entry point is inactive".into();
            exp.next_steps = vec![NextStep::new("Call checkEligibility/<id> to tell no-agent (1) from queue-full (2); check the entry point is active.", "TN212332")];
        }
        None => exp.headline = format!("chatAllowed: allowed={raw} — unknown value, shown as is"),
    }
    exp.field(
        "allowed",
        raw.to_string(),
        "whether a new chat may start (queue depth + availability + entry point active)",
        Confidence::Confirmed,
    );
    exp
}
