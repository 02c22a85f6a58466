//! What to collect next: a checklist from what the evidence lacks, in the seed's words, with the
//! ids the evidence already has filled in (agents, peripheral numbers, the PG, the entry point).

use super::Facts;
use crate::logs::LogParse;
use crate::model::{Event, SourceKind};
use crate::report::CollectItem;

/// Names read from the raw log lines (the PG node of `PG1A-opc`), which events do not keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nodes {
    /// `PG1A`, from an OPC line.
    pub pg: Option<String>,
}

/// The PG node each OPC event's line names, for each input: the lines where the node named
/// changes (one for an OPC log), as the log readers noted them (the CLI and the worker free each
/// text once it is read, before the timeline orders the events).
#[derive(Debug, Default)]
pub struct OpcNodes {
    /// `(input, line, node)`: from `line` of `input` on, OPC lines name `node`.
    marks: Vec<(u32, u32, Option<String>)>,
}

impl OpcNodes {
    /// Notes the nodes of the OPC events of `parses`, read from input `input` (their lines are
    /// the input's own).
    pub fn note(&mut self, input: usize, parses: &[LogParse]) {
        let input = input as u32;
        let mut current: Option<&Option<String>> = None;
        for (line, node) in parses.iter().flat_map(|p| p.opc_nodes.iter()) {
            if current != Some(node) {
                current = Some(node);
                self.marks.push((input, *line, node.clone()));
            }
        }
    }

    /// The node named by the first OPC event of `events` (the timeline's, in time order).
    pub fn first_in(&self, events: &[Event]) -> Nodes {
        let pg = events
            .iter()
            .find(|e| e.source == SourceKind::Opc)
            .and_then(|e| {
                self.marks
                    .iter()
                    .filter(|(i, l, _)| *i == e.origin.input && *l <= e.origin.line)
                    .max_by_key(|(_, l, _)| *l)
            })
            .and_then(|(_, _, n)| n.clone());
        Nodes { pg }
    }
}

fn or_placeholder(v: &[String], placeholder: &str) -> String {
    if v.is_empty() {
        placeholder.to_string()
    } else {
        v.join(" / ")
    }
}

/// The checklist.
pub fn collect_next(f: &Facts, nodes: &Nodes) -> Vec<CollectItem> {
    let mut agents: Vec<String> = Vec::new();
    let mut periph: Vec<String> = Vec::new();
    for a in f.agents.iter().take(5) {
        agents.push(a.agent_id.to_string());
        if let Some(p) = a.peripheral_number {
            periph.push(p.to_string());
        }
    }
    let pg = nodes.pg.clone().unwrap_or_else(|| "<PG, e.g. PG1A>".into());
    let eps: Vec<String> = {
        let mut v: Vec<String> = f
            .entry_points
            .iter()
            .filter_map(|e| e.entry_point_id.clone())
            .collect();
        v.sort();
        v.dedup();
        v.truncate(5);
        v
    };
    let host = f
        .har
        .iter()
        .flat_map(|h| h.capture.calls.iter())
        .map(|c| c.host.clone())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| "<ECE web server>".into());
    let have_answer = !f.entry_points.is_empty();
    let item =
        |id: &str, what: &str, how: Vec<String>, why: &str, source: &str, have: bool| CollectItem {
            id: id.into(),
            what: what.into(),
            how,
            why: why.into(),
            source: source.into(),
            have,
            caution: None,
        };
    let mut out = vec![
        item(
            "entry-point-answer",
            "The entry point's answer, when the customer sees 'no agents'",
            vec![
                "A HAR: developer tools, Network tab, 'Preserve log' on, open the chat link, then 'Save all as HAR'.".into(),
                format!(
                    "Or the answer itself: GET https://{host}/system/egain/chat/entrypoint/initialize/{} (this page's 'Call the API').",
                    or_placeholder(&eps, "<entryPointId>")
                ),
            ],
            "checkEligibility.responseType is the entry point's own verdict: 0 available, 1 no agent, 2 queue full.",
            "seed",
            have_answer,
        ),
        item(
            "listener-log",
            "The ECE listener log at INFO (ARMLogger and AgentAvailabilityStatusHandler lines)",
            vec!["From the agent's login and from the minute it made itself available.".into()],
            "It shows what ECE sent: MEDIA_LOGIN_REQ, MAKE_AGENT_ROUTABLE_IND, MAKE_AGENT_READY_IND.",
            "TN214657",
            f.has_source(SourceKind::Listener),
        ),
        item(
            "ctisvr-trace",
            "The CTI server (ctisvr) trace on the agent PG, at its default trace level",
            vec!["For the same minutes as the listener log.".into()],
            "It shows what the PG received and the agent state events it sent back.",
            "TN214657",
            f.has_source(SourceKind::Ctisvr),
        ),
        item(
            "opc-trace",
            "The OPC trace on the agent PG (SetAgentState lines)",
            vec![format!("On {pg}, for the same minutes.")],
            "For chat, AS_NOT_ACTIVE is the ready state; OPC logs one SetAgentState per skill group.",
            "TN214657",
            f.has_source(SourceKind::Opc),
        ),
        item(
            "rttest",
            "The router's view of each agent",
            vec![
                "rttest".into(),
                format!("agent_status /agent {}", or_placeholder(&agents, "<SkillTargetID>")),
            ],
            "It shows [state-active:limit,flags] per domain: na with R and A is available for chat.",
            "seed",
            f.has_source(SourceKind::Rttest),
        ),
        item(
            "opctest",
            "OPC's view of the agent",
            vec![
                format!("opctest /cust <instance> /node {pg}"),
                format!(
                    "dump_agent <PeripheralID> {} (the seed's example: dump_agent 5000 15003, 5000 the peripheral the agent was created on, 15003 the agent's PeripheralNumber)",
                    or_placeholder(&periph, "<PeripheralNumber>")
                ),
            ],
            "It shows the agent's state per MRD as OPC keeps it.",
            "seed",
            f.has_source(SourceKind::Opctest),
        ),
        item(
            "procmon",
            "The PIM's view of the agent",
            vec![
                format!("procmon <instance> {pg} pim1"),
                format!("dagent {}", or_placeholder(&periph, "<PeripheralNumber>")),
            ],
            "It shows the agent as the media routing PIM sees it.",
            "seed",
            f.has_source(SourceKind::Procmon),
        ),
    ];
    if !have_answer {
        let mut debug = item(
            "app-server-debug",
            "The API answer as the ECE application server logs it",
            vec!["Set the application server's logging to DEBUG (or TRACE) while the customer opens the chat, then collect its log.".into()],
            "When no capture of the customer's browser can be had, the answer can be read there.",
            "seed",
            false,
        );
        debug.caution = Some("The seed advises not to leave DEBUG/TRACE on: it causes heavy IO. Turn it back down as soon as the answer is logged.".into());
        out.push(debug);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::node::node_of;

    /// The node of every OPC event, noted while reading, is the one its own line names (the
    /// timeline's first OPC event was read from the input's text before the texts were freed).
    #[test]
    fn opc_nodes_are_those_of_the_events_lines() {
        let line = |node: &str, ms: u32| {
            format!("15:34:09:{ms:03} {node}-opc Trace: SetAgentState: ASTID=6420 OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE\r\n")
        };
        let text = [
            "header\n".to_string(),
            line("PG1A", 1),
            "15:34:09:002 cg1A-ctisvr Trace: something else\n".into(),
            line("PG1A", 3),
            line("PG2B", 4),
            "\n".into(),
            line("PG1A", 5),
            "15:34:09:006 -opc Trace: SetAgentState: ASTID=6420 OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE".into(),
        ]
        .concat();
        let parse = crate::logs::parse_text(3, &text);
        let events: Vec<&Event> = parse
            .events
            .iter()
            .filter(|e| e.source == SourceKind::Opc)
            .collect();
        assert_eq!(events.len(), 5, "{:?}", parse.events);
        let mut nodes = OpcNodes::default();
        nodes.note(3, std::slice::from_ref(&parse));
        for e in events {
            let expected = text
                .lines()
                .nth(e.origin.line as usize - 1)
                .and_then(|l| node_of(l, "opc"));
            assert_eq!(
                nodes.first_in(std::slice::from_ref(e)).pg,
                expected,
                "line {}",
                e.origin.line
            );
        }
        assert_eq!(nodes.marks.len(), 4, "{:?}", nodes.marks);
        // Another input's events are not this input's.
        let mut other = parse.events[1].clone();
        other.origin.input = 0;
        assert_eq!(nodes.first_in(&[other]).pg, None);
    }
}
