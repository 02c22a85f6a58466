//! Findings that cannot both hold, declared once; `contradictions` checks a report against them
//! (the scenario corpus runs it on every scenario) and against its own verdicts.

use crate::report::{Finding, Report, Severity, VerdictStatus};

/// What two findings must share to contradict each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The same entry point (or both about none).
    EntryPoint,
    /// An agent in common.
    Agent,
    /// An agent and MRD in common (a finding without an MRD matches every MRD of its agent).
    AgentMrd,
}

/// Two rules whose findings cannot both hold within a scope, and why.
#[derive(Debug, Clone, Copy)]
pub struct Conflict {
    pub a: &'static str,
    pub b: &'static str,
    pub scope: Scope,
    pub why: &'static str,
}

const fn c(a: &'static str, b: &'static str, scope: Scope, why: &'static str) -> Conflict {
    Conflict { a, b, scope, why }
}

use Scope::{Agent, AgentMrd, EntryPoint};

/// Every pair of findings that contradict each other.
pub const CONFLICTS: &[Conflict] = &[
    c(
        "type1-with-ready-agent",
        "router-d-flag",
        AgentMrd,
        "a domain with flag D is not ready",
    ),
    c(
        "type1-with-ready-agent",
        "at-task-limit",
        AgentMrd,
        "an agent at its task limit takes no new chat",
    ),
    c(
        "type1-with-ready-agent",
        "router-no-a-flag",
        AgentMrd,
        "without A the router does not count the agent",
    ),
    c(
        "type1-with-ready-agent",
        "not-routable",
        AgentMrd,
        "a non-routable agent is not ready for routing",
    ),
    c(
        "type1-with-ready-agent",
        "agent-not-ready",
        AgentMrd,
        "a not-ready agent is not ready",
    ),
    c(
        "type1-with-ready-agent",
        "busy-other-mrd",
        AgentMrd,
        "an agent busy elsewhere is not ready for chat",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "router-d-flag",
        AgentMrd,
        "a domain with flag D is not ready",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "at-task-limit",
        AgentMrd,
        "an agent at its task limit takes no new chat",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "router-no-a-flag",
        AgentMrd,
        "without A the router does not count the agent",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "not-routable",
        AgentMrd,
        "a non-routable agent is not ready for routing",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "agent-not-ready",
        AgentMrd,
        "a not-ready agent is not ready",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "busy-other-mrd",
        AgentMrd,
        "an agent busy elsewhere is not ready for chat",
    ),
    c(
        "type1-with-ready-agent",
        "agent-not-in-queue-skill-group",
        EntryPoint,
        "one ECE version, one availability rule",
    ),
    c(
        "type1-with-ready-agent",
        "evidence-other-time",
        EntryPoint,
        "logs from another time contradict no answer",
    ),
    c(
        "agent-not-in-queue-skill-group",
        "evidence-other-time",
        EntryPoint,
        "logs from another time contradict no answer",
    ),
    c(
        "ep-no-agent",
        "ep-queue-full",
        EntryPoint,
        "one latest answer has one responseType",
    ),
    c(
        "ep-no-agent",
        "ep-no-verdict",
        EntryPoint,
        "one latest answer has one responseType",
    ),
    c(
        "ep-queue-full",
        "ep-no-verdict",
        EntryPoint,
        "one latest answer has one responseType",
    ),
    c(
        "ep-no-agent",
        "no-chat-scripts-after-type0",
        EntryPoint,
        "scripts are expected after 0, not after 1",
    ),
    c(
        "login-rejected",
        "never-ready",
        Agent,
        "a rejected login is no login to make ready",
    ),
    c(
        "login-rejected",
        "login-not-in-evidence",
        Agent,
        "the login is in the evidence",
    ),
    c(
        "never-ready",
        "ready-not-applied",
        AgentMrd,
        "ready was sent, or it was not",
    ),
    c(
        "router-d-flag",
        "router-no-a-flag",
        AgentMrd,
        "one reason per domain",
    ),
    c(
        "router-d-flag",
        "at-task-limit",
        AgentMrd,
        "one reason per domain",
    ),
    c(
        "at-task-limit",
        "router-no-a-flag",
        AgentMrd,
        "the task limit explains the missing A",
    ),
    c(
        "busy-other-mrd",
        "router-no-a-flag",
        AgentMrd,
        "the other MRD's task explains the missing A",
    ),
    c(
        "not-routable",
        "router-no-a-flag",
        AgentMrd,
        "not routable explains the missing A",
    ),
    c(
        "agent-not-ready",
        "router-no-a-flag",
        AgentMrd,
        "not ready explains the missing A",
    ),
    c(
        "at-task-limit",
        "busy-other-mrd",
        AgentMrd,
        "one reason per domain",
    ),
];

/// Rules whose error says what an entry point's latest answer was: at most one per entry point.
pub const DECIDING_RULES: &[&str] = &[
    "ep-no-agent",
    "ep-queue-full",
    "http-cors",
    "http-dns",
    "http-tls",
    "http-unreachable",
    "http-login-redirect",
    "http-client-error",
    "http-server-error",
];

fn share(scope: Scope, x: &Finding, y: &Finding) -> bool {
    match scope {
        // Two pasted answers name no entry point: the same one only when from the same input.
        Scope::EntryPoint => match (&x.entry_point_id, &y.entry_point_id) {
            (Some(a), Some(b)) => a == b,
            (None, None) => same_input(x, y),
            _ => false,
        },
        Scope::Agent => x
            .agents
            .iter()
            .any(|a| y.agents.iter().any(|b| a.agent_id == b.agent_id)),
        Scope::AgentMrd => x.agents.iter().any(|a| {
            y.agents.iter().any(|b| {
                a.agent_id == b.agent_id
                    && (a.mrd_id.is_none() || b.mrd_id.is_none() || a.mrd_id == b.mrd_id)
            })
        }),
    }
}

/// Two findings about answers that name no entry point are about the same one: their answers
/// come from the same input (found by the `analyze` fuzzer: a finding's evidence also names the
/// logs' input, which is not the answer it is about). A finding that cites no answer is matched by
/// any input it points at.
fn same_input(x: &Finding, y: &Finding) -> bool {
    let inputs = |f: &Finding| -> Vec<usize> {
        let answers: Vec<usize> = f
            .evidence
            .iter()
            .filter(|e| is_answer(&e.label))
            .map(|e| e.input)
            .collect();
        if answers.is_empty() {
            f.evidence.iter().map(|e| e.input).collect()
        } else {
            answers
        }
    };
    let xs = inputs(x);
    inputs(y).iter().any(|i| xs.contains(i))
}

/// Is this evidence an entry-point answer (`rules::entry::answer_evidence`'s labels)?
fn is_answer(label: &str) -> bool {
    label == "pasted answer" || label.starts_with("HAR entry ")
}

/// Every contradiction in a report: a declared pair, two deciding errors for one entry point, an
/// error on an entry point that takes chats, a reason that is not among the findings.
pub fn contradictions(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let fs = &r.findings;
    for (i, x) in fs.iter().enumerate() {
        for y in &fs[i + 1..] {
            for k in CONFLICTS {
                let pair = (x.id == k.a && y.id == k.b) || (x.id == k.b && y.id == k.a);
                if pair && share(k.scope, x, y) {
                    out.push(format!(
                        "{} and {} both hold ({}): \"{}\" / \"{}\"",
                        x.id, y.id, k.why, x.title, y.title
                    ));
                }
            }
            if x.severity == Severity::Error
                && y.severity == Severity::Error
                && DECIDING_RULES.contains(&x.id.as_str())
                && DECIDING_RULES.contains(&y.id.as_str())
                && share(Scope::EntryPoint, x, y)
            {
                out.push(format!(
                    "two errors say what entry point {:?}'s latest answer was: {} and {}",
                    x.entry_point_id, x.id, y.id
                ));
            }
        }
    }
    for v in &r.verdicts {
        if v.status == VerdictStatus::ChatAvailable {
            for x in fs.iter().filter(|x| {
                x.severity == Severity::Error
                    && x.entry_point_id.is_some()
                    && x.entry_point_id == v.entry_point_id
            }) {
                out.push(format!(
                    "entry point {:?} takes chats, but the error {} concerns it",
                    v.entry_point_id, x.id
                ));
            }
        }
        if let Some(reason) = &v.reason_finding {
            if !fs.iter().any(|x| &x.id == reason) {
                out.push(format!(
                    "entry point {:?}'s reason {reason} is not among the findings",
                    v.entry_point_id
                ));
            }
        }
    }
    out
}
