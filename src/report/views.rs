//! The analysis' results as the report carries them: agents and their MRDs, clock offsets, correlated
//! requests (made by `analysis`, defined here so that the report depends on nothing above it).

use crate::model::{AgentState, Confidence, SourceKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentView {
    /// ICMAgentID / SkillTargetID.
    pub agent_id: u32,
    pub name: Option<String>,
    pub peripheral_number: Option<u32>,
    pub domains: Vec<DomainView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainView {
    pub mrd_id: u32,
    pub domain_name: Option<String>,
    pub logged_in: Option<bool>,
    pub routable: Option<bool>,
    pub ready: Option<bool>,
    pub state: Option<AgentState>,
    /// (event index, state) in time order.
    pub history: Vec<(usize, AgentState)>,
    pub active_tasks: Option<u32>,
    pub task_limit: Option<u32>,
    pub router_flags: Option<String>,
    /// Router state code as printed when it names no confirmed state (`av`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router_state_code: Option<String>,
}

/// `to`'s clock = `from`'s clock + `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockOffset {
    pub from: SourceKind,
    pub to: SourceKind,
    pub seconds: i64,
    /// True when read from matched messages; false when the user set it.
    pub inferred: bool,
    /// How many matched message pairs support it (0 for an override).
    pub pairs: usize,
    /// Median of what remains after the rounded offset, in ms (transit + processing latency).
    #[serde(default)]
    pub residual_ms: Option<i64>,
}

/// One ARM request (and its response) across the logs, as the report shows it.
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

/// `Correlation::how` of a group matched by InvokeID.
pub const HOW_EXACT: &str = "InvokeID + MRDID + ICMAgentID";
/// `Correlation::how` of a group matched by kind, ids and time.
pub const HOW_INFERRED: &str = "message kind + MRDID + ICMAgentID + time (InvokeIDs differ)";
