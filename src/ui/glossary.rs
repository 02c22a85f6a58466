//! The glossary: every technical term the page uses, in one short line each.
use yew::prelude::*;

/// (term, meaning); meanings marked "(inferred)" are not stated by a public Cisco source.
pub const TERMS: &[(&str, &str)] = &[
    ("ARM", "Agent Reporting and Management: the CTI server interface the ECE listener uses to log agents in to CCE and report their state."),
    ("MRD", "Media Routing Domain: a channel (voice, chat, email) in which CCE routes tasks; an agent has a state per MRD."),
    ("ECE listener", "The ECE process that is the ARM client: it sends MEDIA_LOGIN_REQ, MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND."),
    ("CTI server", "The PG process (ctisvr) that receives ARM messages and passes them to OPC."),
    ("OPC", "The PG process that keeps each agent's state per MRD and reports it to the router (SetAgentState lines)."),
    ("InvokeID", "A number the client puts in each request; the reply carries the same number. The CTI server may renumber when forwarding to OPC."),
    ("MEDIA_LOGIN_REQ", "ARM message 151: log an agent in to an MRD (and its skill groups there). Answered by MEDIA_LOGIN_RESP (152)."),
    ("MAKE_AGENT_ROUTABLE_IND", "ARM message 154: the router may assign tasks to the agent in this MRD."),
    ("MAKE_AGENT_READY_IND", "ARM message 157: the agent is ready for tasks in this MRD."),
    ("AS_NOT_ACTIVE", "OPC state that, for chat and email, is the ready state (the seed's word); routable is a separate flag (rttest R)."),
    ("AS_NOT_READY", "OPC state: the agent takes no new task in this MRD."),
    ("rttest agent_status", "The router's view of an agent: per MRD [state-active:limit,flags], e.g. [na-0:2,RA]."),
    ("R (router flag)", "Routable in this domain."),
    ("A (router flag)", "The router considers the agent available for new work in this domain."),
    ("D (router flag)", "Domain not available as reported by the application path. The seed ties it to CSCvq11852 on ICM 11.5/11.6/12.0, where email is not assigned to an available agent."),
    ("responseType", "checkEligibility.responseType in the entry point's answer: 0 chat can start, 1 no agent available, 2 queue full."),
    ("Entry point", "The ECE object a chat link opens (entryPointId); it ties a chat template to a queue."),
    ("Floating field", "An optional tagged field after a CTI message's fixed part: tag, length, value (1+1 bytes up to protocol version 19, 2+2 from 20)."),
    ("Confidence", "confirmed = stated by Cisco's guide or the seed logs; inferred = fits the known dumps only; unconfirmed = no source, shown raw."),
    ("Severity", "error = explains why chat is refused; warning = can contribute; info = context. Every finding names its rule (the Rules tab)."),
    ("suggested", "A next step that is this tool's own advice: no source states it."),
];

#[function_component(Glossary)]
pub fn glossary() -> Html {
    // Open on paper: a printout has no summary to click.
    let printing = super::print::use_printing();
    html! {
        <details class="panel glossary" open={printing}>
            <summary><h2>{ "Glossary" }</h2></summary>
            <dl>
                { for TERMS.iter().map(|(t, m)| html! { <><dt id={format!("term-{}", t.replace(' ', "-"))}>{ *t }</dt><dd>{ *m }</dd></> }) }
            </dl>
        </details>
    }
}
