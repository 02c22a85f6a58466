//! The rules: small functions from the analysed facts to findings, each one a row of the catalogue
//! (`catalog`), then the verdict per entry point. Severity means one thing everywhere: *error*
//! explains why chat is refused, *warning* can contribute, *info* is context.

pub mod catalog;
pub mod collect;
pub mod conflicts;
mod context;
mod domains;
mod entry;
mod link;
mod login;
mod table;
mod verdict;
pub mod versions;

pub use verdict::{headline, verdicts};

use super::timeline::Timeline;
use crate::model::{Event, SourceKind};
use crate::report::{
    AgentRef, EntryPointView, Evidence, Finding, HarView, InputSummary, NextStep, Severity,
};
use std::sync::OnceLock;

/// A part of an input that could not be read at all (a HAR or a JSON answer that does not parse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub input: usize,
    /// "HAR capture", "entry-point answer".
    pub what: &'static str,
    /// The positioned problem, as `report.problems` has it.
    pub message: String,
    pub line: Option<u32>,
    /// An answer's own view in `Facts::entry_points` (its verdict is undecided); `None` for a
    /// HAR, which makes no view: a capture beside it in the same paste still counts, as one in
    /// another input does.
    pub entry_point: Option<usize>,
}

/// Everything the rules may look at.
pub struct Facts<'a> {
    pub timeline: &'a Timeline,
    /// The agent model: the timeline's own, or (the analysis) one made beside it while the
    /// timeline is read elsewhere ([`Facts::with_agents`]).
    pub agents: &'a [super::agents::AgentView],
    /// The canonical ARM message kind of each timeline event (`MEDIA_LOGIN_RESP` ...), if it is one.
    pub kinds: &'a super::correlate::Kinds,
    pub entry_points: &'a [EntryPointView],
    pub har: &'a [HarView],
    pub inputs: &'a [InputSummary],
    /// The versions the version-dependent rules assume.
    pub versions: versions::Known,
    pub unreadable: Vec<Unreadable>,
    /// [`Facts::ece_mrds`], computed once: it scans every event, and `is_ece_mrd` is asked once
    /// per router line and per agent domain (recomputing it made analyze quadratic).
    ece_mrds: OnceLock<Vec<u32>>,
    domains: OnceLock<Vec<domains::DomainFacts>>,
    entries: OnceLock<Vec<verdict::EntryGroup>>,
    /// (some agent available, some entry point open), asked once per finding: computed once.
    open: OnceLock<(bool, bool)>,
}

impl<'a> Facts<'a> {
    pub fn new(
        timeline: &'a Timeline,
        kinds: &'a super::correlate::Kinds,
        entry_points: &'a [EntryPointView],
        har: &'a [HarView],
        inputs: &'a [InputSummary],
    ) -> Self {
        Facts {
            timeline,
            agents: &timeline.agents,
            kinds,
            entry_points,
            har,
            inputs,
            versions: versions::Known::default(),
            unreadable: Vec::new(),
            ece_mrds: OnceLock::new(),
            domains: OnceLock::new(),
            entries: OnceLock::new(),
            open: OnceLock::new(),
        }
    }

    /// The versions the user gave (or the evidence shows).
    pub fn with_versions(mut self, v: versions::Known) -> Self {
        self.versions = v;
        self
    }

    /// The agent model, made apart from the timeline (the same as its `agents` once set).
    pub fn with_agents(mut self, agents: &'a [super::agents::AgentView]) -> Self {
        self.agents = agents;
        self
    }

    /// Inputs that could not be read.
    pub fn with_unreadable(mut self, u: Vec<Unreadable>) -> Self {
        self.unreadable = u;
        self
    }

    fn kind(&self, i: usize) -> Option<&str> {
        self.kinds.get(i)
    }

    /// Events of one canonical ARM kind, with their index.
    fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = (usize, &'s Event)> + 's {
        // Compared as interned ids (two bytes an event), not names; no event has a kind that
        // was never interned.
        let id = self.kinds.find(kind);
        let n = if id.is_some() {
            self.timeline.events.len()
        } else {
            0
        };
        self.timeline
            .events
            .iter()
            .take(n)
            .enumerate()
            .filter(move |(i, _)| Some(self.kinds.id(*i)) == id)
    }

    /// Event `i`'s `(agent_id, mrd_id)`, from the timeline's index (the event is not read).
    fn ids(&self, i: usize) -> (Option<u32>, Option<u32>) {
        self.timeline.index.ids(i)
    }

    fn has_source(&self, s: SourceKind) -> bool {
        // The timeline's set: asking the events was a pass over all of them for each source the
        // evidence lacks (the checklist asks for five).
        self.timeline.has_source(s)
    }

    /// MRDs ECE itself uses ([`ece_mrds_of`]), found once.
    fn ece_mrds(&self) -> &[u32] {
        self.ece_mrds
            .get_or_init(|| ece_mrds_of(&self.timeline.events, self.kinds))
    }

    /// Is this MRD a chat/email one: used by ECE, or named like one by the router.
    pub fn is_ece_mrd(&self, mrd: u32, name: Option<&str>) -> bool {
        let n = name.unwrap_or("").to_ascii_lowercase();
        self.ece_mrds().binary_search(&mrd).is_ok()
            || n.contains("chat")
            || n.contains("ece")
            || n.contains("email")
    }

    /// Every agent's chat/email domain, classified once.
    pub(crate) fn domains(&self) -> &[domains::DomainFacts] {
        self.domains.get_or_init(|| domains::classify(self))
    }

    /// The entry points, each with its answers and the deciding (latest) one.
    pub(crate) fn entries(&self) -> &[verdict::EntryGroup] {
        self.entries.get_or_init(|| verdict::group(self))
    }

    fn open(&self) -> (bool, bool) {
        *self.open.get_or_init(|| {
            (
                self.domains().iter().any(|d| d.available()),
                self.entries()
                    .iter()
                    .any(|g| self.entry_points[g.deciding].response_type == Some(0)),
            )
        })
    }

    /// Some agent in the evidence is available in a chat/email domain.
    pub fn any_agent_available(&self) -> bool {
        self.open().0
    }

    /// Some entry point's latest answer is responseType 0.
    pub fn any_entry_point_open(&self) -> bool {
        self.open().1
    }

    /// The severity of a fault of one agent: it explains why chat is refused only when no agent
    /// is available and no entry point takes chats.
    pub fn agent_fault_severity(&self) -> Severity {
        if self.any_agent_available() || self.any_entry_point_open() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl Facts<'_> {
    /// The severity of a finding that rests on a line missing from the evidence (never made ready,
    /// ready not applied): it explains a refusal when no agent is available and no entry point
    /// takes chats; otherwise it is context, not a fault.
    pub fn absence_severity(&self) -> Severity {
        match self.agent_fault_severity() {
            Severity::Error => Severity::Error,
            _ => Severity::Info,
        }
    }
}

/// An OPC / CTI server state that only chat and email MRDs have.
/// MRDs ECE itself uses, sorted and distinct: every MRD in an ARM message the listener or the
/// CTI server logged, and every MRD where OPC or the CTI server shows a state only non-voice
/// MRDs have (NOT_ACTIVE, ACTIVE, PAUSED, INTERRUPTED).
pub fn ece_mrds_of(events: &[Event], kinds: &super::correlate::Kinds) -> Vec<u32> {
    let mut v: Vec<u32> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let used = (kinds.get(i).is_some() && e.source != SourceKind::Rttest) || non_voice_state(e);
        match e.mrd_id {
            // The same MRD as the last one kept (most are): kept once.
            Some(m) if used && v.last() != Some(&m) => v.push(m),
            _ => {}
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

fn non_voice_state(e: &Event) -> bool {
    use crate::model::{AgentState, EventKind};
    let st = match &e.kind {
        EventKind::StateChange(s) => s.new,
        EventKind::Trace { function, .. } if function == "AgentStateSkillGroup" => {
            e.field("AgentState").and_then(AgentState::parse)
        }
        _ => None,
    };
    matches!(
        st,
        Some(
            AgentState::NotActive
                | AgentState::Active
                | AgentState::Paused
                | AgentState::Interrupted
        )
    )
}

/// A finding of a catalogue rule: its severity, confidence, sources, premise and checks filled in.
pub(crate) fn new_finding(id: &'static str) -> Finding {
    match catalog::rule(id) {
        Some(r) => Finding {
            id: r.id.to_string(),
            rule_version: r.version,
            severity: r.severity,
            confidence: r.confidence,
            sources: r.source_refs(),
            entry_point_id: None,
            agents: Vec::new(),
            title: r.title.to_string(),
            seen: String::new(),
            why: r.premise.to_string(),
            next: r.steps(),
            evidence: Vec::new(),
        },
        None => Finding {
            id: id.to_string(),
            rule_version: 0,
            severity: Severity::Info,
            confidence: crate::model::Confidence::Unconfirmed,
            sources: Vec::new(),
            entry_point_id: None,
            agents: Vec::new(),
            title: id.to_string(),
            seen: String::new(),
            why: String::new(),
            next: Vec::new(),
            evidence: Vec::new(),
        },
    }
}

/// A next step with its source (a catalogue source id, or `catalog::SUGGESTED`).
pub(crate) fn step(text: impl Into<String>, source: &str) -> NextStep {
    NextStep {
        text: text.into(),
        source: source.to_string(),
    }
}

fn ev(e: &Event, label: impl Into<String>) -> Evidence {
    Evidence {
        input: e.origin.input as usize,
        line: Some(e.origin.line),
        label: label.into(),
    }
}

/// All rules; findings sorted by severity, then the catalogue's order, then what they concern.
pub fn evaluate(f: &Facts) -> Vec<Finding> {
    evaluate_in(
        f,
        f.timeline.events.len() >= crate::par::AT_ONCE_FROM_EVENTS,
    )
}

/// [`evaluate`], with the two parts of the rule list run at once or one after the other: the
/// findings are the same.
fn evaluate_in(f: &Facts, at_once: bool) -> Vec<Finding> {
    let rules: [Rule; 18] = [
        link::pg_link_down,
        link::app_path_mismatch,
        login::login_rejected,
        login::arm_failure,
        login::login_missing,
        login::never_routable_or_ready,
        login::ready_not_applied,
        domains::domain_findings,
        domains::ready_agent_not_counted,
        entry::answers,
        entry::bosh_terminated,
        entry::no_scripts_after_type0,
        entry::queue_growing,
        entry::har_without_ece_calls,
        entry::unreadable_inputs,
        context::evidence_other_time,
        context::clock_offset,
        context::unrecognised_lines,
    ];
    // The rules only read the facts: on a large paste the two parts of the list at once (the two
    // login rules that go through every login are most of the time, one in each part); the
    // findings keep the list's order.
    let (first, second) = rules.split_at(6);
    let run = |part: &[Rule]| part.iter().flat_map(|rule| rule(f)).collect::<Vec<_>>();
    let (mut out, rest) = crate::par::both(at_once, || run(first), || run(second));
    out.extend(rest);
    for x in &mut out {
        fill_ids(f, x);
    }
    sort_findings(&mut out);
    out
}

/// A rule: the findings it makes of the facts.
type Rule = fn(&Facts) -> Vec<Finding>;

/// The ids the evidence has, written into the catalogue's steps: the finding's agents (or the
/// evidence's, when it names none) for `<SkillTargetID>`, its entry point (or the only one) for
/// `<id>` / `<entry point id>`.
fn fill_ids(f: &Facts, x: &mut Finding) {
    let mut agents: Vec<String> = x.agents.iter().map(|a| a.agent_id.to_string()).collect();
    agents.dedup();
    if agents.is_empty() {
        agents = f
            .timeline
            .agents
            .iter()
            .map(|a| a.agent_id.to_string())
            .collect();
    }
    agents.truncate(3);
    let ep = x.entry_point_id.clone().or_else(|| match f.entries() {
        [only] => only.id.clone(),
        _ => None,
    });
    for s in &mut x.next {
        if !agents.is_empty() && s.text.contains("<SkillTargetID>") {
            s.text = s.text.replace("<SkillTargetID>", &agents.join(" / "));
        }
        if let Some(id) = &ep {
            s.text = s
                .text
                .replace("capacity/<entry point id>", &format!("capacity/{id}"))
                .replace("capacity/<id>", &format!("capacity/{id}"));
        }
    }
}

/// Sorts findings so that their order depends on nothing but their content.
pub fn sort_findings(v: &mut [Finding]) {
    v.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| catalog::order(&a.id).cmp(&catalog::order(&b.id)))
            .then_with(|| {
                id_key(a.entry_point_id.as_deref()).cmp(&id_key(b.entry_point_id.as_deref()))
            })
            .then_with(|| a.agents.cmp(&b.agents))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.seen.cmp(&b.seen))
    });
}

/// Entry-point ids in numeric order when they are numbers (`2` before `10`), then as text.
pub fn id_key(id: Option<&str>) -> (u8, u64, String) {
    match id {
        None => (2, 0, String::new()),
        Some(s) => match s.parse::<u64>() {
            Ok(n) => (0, n, s.to_string()),
            Err(_) => (1, 0, s.to_string()),
        },
    }
}

/// Above this many agents a per-agent finding becomes one finding that lists them.
pub const GROUP_ABOVE: usize = 3;
/// How many agents a grouped finding names.
const LIST_AT_MOST: usize = 20;

/// One finding per agent when there are few; above `GROUP_ABOVE` distinct agents, one finding
/// that names them (the first `LIST_AT_MOST`, with their evidence) so that one cause seen for many
/// agents does not bury the other findings. Counts agents, not agent/MRD pairs.
fn per_agent_or_grouped(items: Vec<Finding>, title: impl Fn(usize) -> String) -> Vec<Finding> {
    let mut agents: Vec<u32> = items
        .iter()
        .flat_map(|f| f.agents.iter().map(|a| a.agent_id))
        .collect();
    agents.sort_unstable();
    agents.dedup();
    if agents.len() <= GROUP_ABOVE {
        return items;
    }
    let n = agents.len();
    let names: Vec<String> = items
        .iter()
        .take(LIST_AT_MOST)
        .flat_map(|f| f.agents.iter())
        .map(|a| match a.mrd_id {
            Some(m) => format!("{} (MRD {m})", a.agent_id),
            None => a.agent_id.to_string(),
        })
        .collect();
    let more = if items.len() > LIST_AT_MOST {
        format!(" and {} more", items.len() - LIST_AT_MOST)
    } else {
        String::new()
    };
    let evidence = items
        .iter()
        .take(LIST_AT_MOST)
        .flat_map(|f| {
            let a = f.agents.first().map(|a| a.agent_id).unwrap_or_default();
            f.evidence.iter().cloned().map(move |mut e| {
                e.label = format!("agent {a}: {}", e.label);
                e
            })
        })
        .collect();
    let all: Vec<AgentRef> = items
        .iter()
        .flat_map(|f| f.agents.iter().copied())
        .collect();
    let mut first = items
        .into_iter()
        .next()
        .unwrap_or_else(|| new_finding("unrecognised-lines"));
    first.title = title(n);
    first.seen = format!(
        "Agents {}{more}. The first: {}",
        names.join(", "),
        first.seen
    );
    first.agents = all;
    first.evidence = evidence;
    vec![first]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MRDs ECE uses: those of the CTI server's ARM messages and of OPC's non-voice states,
    /// each once and sorted, whatever order they come in; not one only the router names.
    #[test]
    fn ece_mrds_are_the_arm_and_non_voice_mrds_each_once() {
        let ctisvr = |inv: u32, mrd: u32| {
            format!("15:34:09:841 cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = 6420, MaxTasks = 2, SessionID = 6\n")
        };
        let opc = |mrd: u32, state: &str| {
            format!("15:34:09:900 PG1A-opc Trace: SetAgentState: ASTID=6420 Periph#=15003 MRDomainID={mrd} SGSTID=6928 SG#=70518(0x11376) OldState=AS_NOT_READY NewState={state} Duration=0 CurLine=-1 ReasonCode=0 AgentObj=0x44535b8\n")
        };
        let rttest = "rttest: agent_status /agent 6420\nAgent CUCM.Agent_test (6420, periph# 15003)\n  domain: CUCM_Voice (1), state = [na-0:2,RA], 383 secs\n";
        let text = [
            ctisvr(80171, 5001),
            ctisvr(80172, 5001),
            opc(5002, "AS_NOT_ACTIVE"),
            opc(7, "AS_READY"),
            ctisvr(80173, 5000),
            ctisvr(80174, 5001),
            rttest.to_string(),
        ]
        .concat();
        let t = super::super::timeline::build(vec![crate::logs::parse_text(0, &text)], &[]);
        assert!(
            t.events.iter().any(|e| e.mrd_id == Some(1)),
            "{:?}",
            t.events
        );
        assert_eq!(ece_mrds_of(&t.events, &t.kinds), vec![5000, 5001, 5002]);
        let facts = Facts::new(&t, &t.kinds, &[], &[], &[]);
        assert!(facts.is_ece_mrd(5000, None) && !facts.is_ece_mrd(1, Some("CUCM_Voice")));
    }

    /// The two parts of the rule list give at once the findings they give one after the other,
    /// on a paste large enough that `evaluate` runs them at once; both parts find something.
    #[test]
    fn rules_at_once_give_what_they_give_one_after_the_other() {
        let text = crate::synth::log_mix_mb(9);
        let t = super::super::timeline::build(vec![crate::logs::parse_text(0, &text)], &[]);
        assert!(t.events.len() >= crate::par::AT_ONCE_FROM_EVENTS);
        let facts = Facts::new(&t, &t.kinds, &[], &[], &[]);
        let at_once = evaluate_in(&facts, true);
        let ids: Vec<&str> = at_once.iter().map(|x| x.id.as_str()).collect();
        assert!(ids.contains(&"login-not-in-evidence"), "{ids:?}");
        assert!(ids.contains(&"clock-offset"), "{ids:?}");
        assert_eq!(at_once, evaluate_in(&facts, false));
        assert_eq!(at_once, evaluate(&facts));
    }
}
