//! The comparison's JSON shape (`compare_version` 1): the contract between core, CLI and page.

use crate::analysis::agents::DomainView;
use crate::flow::Arrow;
use crate::model::{AgentState, Problem, SourceKind};
use crate::report::{
    AgentRef, EntryPointVerdict, InputSummary, Severity, SourceRef, Verdict, VerdictStatus,
    Versions,
};
use serde::{Deserialize, Serialize};

pub use crate::analysis::{Side, Sides, Words};

/// Version of the comparison's JSON shape; bumped on breaking changes.
pub const COMPARE_VERSION: u32 = 1;

/// The first and the second side's word, as the comparison was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordPair {
    pub before: String,
    pub after: String,
}

/// Everything that changed between two captures, differences first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub compare_version: u32,
    pub words: WordPair,
    /// One sentence: both verdicts and how many differences.
    pub headline: String,
    pub before: SideView,
    pub after: SideView,
    /// Every difference, most telling first: verdicts, entry points, findings (errors first),
    /// agents and MRDs, expected steps, the evidence itself.
    pub differences: Vec<Difference>,
    pub entry_points: Vec<EntryPointChange>,
    pub findings: Vec<FindingChange>,
    pub agents: Vec<AgentChange>,
    pub steps: Vec<StepsChange>,
    /// What the expected steps rest on (catalogue sources).
    pub step_sources: Vec<SourceRef>,
    pub ladder: AlignedLadder,
}

/// One side as its own analysis saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideView {
    pub inputs: Vec<InputSummary>,
    pub verdict: Verdict,
    pub verdicts: Vec<EntryPointVerdict>,
    pub versions: Versions,
    /// Which logs and captures the side's events come from (what it could show at all).
    pub sources: Vec<SourceKind>,
    pub unrecognised_lines: usize,
    /// Inputs or lines that could not be read (each positioned, as in the report).
    pub problems: Vec<Problem>,
}

/// Where a difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Verdict,
    EntryPoint,
    Finding,
    Agent,
    Step,
    Evidence,
}

/// One thing that is not the same on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub area: Area,
    /// `entry point 1001`, `agent 7101, MRD 5000 (ECE_Chat)`, `rule router-no-a-flag` ...
    pub subject: String,
    /// `responseType`, `router flags`, `MAKE_AGENT_READY_IND` ...
    pub what: String,
    /// The value on each side as shown (`—` when the side has none).
    pub before: String,
    pub after: String,
    /// For findings: the more severe of the two sides' severities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

/// One entry point on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPointChange {
    /// `None` for a pasted answer that names no entry point.
    pub entry_point_id: Option<String>,
    pub before: Option<EntryPointSide>,
    pub after: Option<EntryPointSide>,
    /// Which of `verdict`, `responseType`, `HTTP status`, `reason` differ (empty: the same).
    pub changed: Vec<String>,
}

/// An entry point's verdict on one side, and the answer it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPointSide {
    pub status: VerdictStatus,
    pub sentence: String,
    pub reason_finding: Option<String>,
    /// The deciding answer: HTTP status, responseType, which call, when.
    pub http_status: Option<u16>,
    pub response_type: Option<i64>,
    pub call: Option<String>,
    pub time: Option<String>,
}

/// One finding (rule, entry point, agents) on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingChange {
    pub id: String,
    pub entry_point_id: Option<String>,
    /// As the first side names them (a counterpart agent is named by its first-side id).
    pub agents: Vec<AgentRef>,
    /// The title on the side that has it (the second side's when both do).
    pub title: String,
    pub before: Option<Severity>,
    pub after: Option<Severity>,
}

/// One agent's MRD on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentChange {
    /// The agent on each side: the same id, or two counterparts (see `counterparts`).
    pub agent_before: Option<u32>,
    pub agent_after: Option<u32>,
    /// True when two different agents are compared: the only agent that is on one side alone,
    /// with the only one on the other side alone ("agent A gets chats, agent B does not").
    pub counterparts: bool,
    pub mrd_id: u32,
    pub domain_name: Option<String>,
    pub before: Option<DomainState>,
    pub after: Option<DomainState>,
    /// Which of the state's fields differ (empty: the same, or on one side only).
    pub changed: Vec<String>,
}

/// An agent's MRD as one side ends: what the agent view says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainState {
    pub logged_in: Option<bool>,
    pub routable: Option<bool>,
    pub ready: Option<bool>,
    pub state: Option<AgentState>,
    pub active_tasks: Option<u32>,
    pub task_limit: Option<u32>,
    pub router_flags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router_state_code: Option<String>,
}

impl From<&DomainView> for DomainState {
    fn from(d: &DomainView) -> Self {
        DomainState {
            logged_in: d.logged_in,
            routable: d.routable,
            ready: d.ready,
            state: d.state,
            active_tasks: d.active_tasks,
            task_limit: d.task_limit,
            router_flags: d.router_flags.clone(),
            router_state_code: d.router_state_code.clone(),
        }
    }
}

/// Whether one side shows an expected step of the availability flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// A line of the side's evidence shows it.
    Seen,
    /// The side holds a log that would show it, and no line does.
    NotSeen,
    /// The side holds no log that could show it (no listener, CTI server or OPC log; no rttest).
    NoSource,
}

impl StepState {
    pub fn word(self) -> &'static str {
        match self {
            StepState::Seen => "seen",
            StepState::NotSeen => "not seen",
            StepState::NoSource => "no log that shows it",
        }
    }
}

/// The expected steps of one agent's MRD on both sides (`analysis::ladder`'s steps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepsChange {
    pub agent_before: Option<u32>,
    pub agent_after: Option<u32>,
    pub mrd_id: u32,
    pub steps: Vec<StepRow>,
}

/// One expected step on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRow {
    /// `MEDIA_LOGIN_REQ` ... `router flags RA`, as the ladder names it.
    pub step: String,
    pub before: StepState,
    pub after: StepState,
}

/// The two ladders, row against row: rows of the same step (or message, for the same agent and
/// MRD, or the same entry point's call) side by side, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AlignedLadder {
    pub rows: Vec<AlignedRow>,
    /// Rows each side's ladder left out (see the report's `ladder.omitted`).
    pub omitted_before: usize,
    pub omitted_after: usize,
}

/// A row of each side's ladder that show the same step, or a row on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignedRow {
    /// What the rows were aligned on: `step MAKE_AGENT_READY_IND agent=7101 MRD=5000`,
    /// `call initialize 1001` ...
    pub key: String,
    pub change: RowChange,
    pub before: Option<Vec<Arrow>>,
    pub after: Option<Vec<Arrow>>,
}

/// How two aligned rows differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowChange {
    /// The same arrows (times and InvokeIDs aside).
    Same,
    /// The same step, drawn differently (seen on one side, expected-but-missing on the other;
    /// other flags, states or answers).
    Changed,
    OnlyBefore,
    OnlyAfter,
}
