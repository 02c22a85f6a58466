//! Agents: per agent and per media routing domain, login, routable, ready, state, tasks and router flags.
use super::progressive::use_progressive;
use super::ReportRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AgentsProps {
    /// The report whose agents are shown.
    pub report: ReportRef,
}

fn yes_no(v: Option<bool>) -> Html {
    match v {
        Some(true) => html! { <span class="yes">{ "\u{2714} yes" }</span> },
        Some(false) => html! { <span class="no">{ "\u{2716} no" }</span> },
        None => html! { <span class="muted" title="not in the evidence">{ "?" }</span> },
    }
}

/// Router flag letters with their meaning (R, A, D are confirmed; others shown raw).
fn flags(f: &Option<String>) -> Html {
    let Some(f) = f else {
        return html! { <span class="muted">{ "?" }</span> };
    };
    html! {
        <span class="flags">
            { for f.chars().map(|c| {
                let title = match c {
                    'R' => "R: routable",
                    'A' => "A: the router considers the agent available for new work in this domain",
                    'D' => "D: domain not available as reported by the application path (CSCvq11852 symptom)",
                    _ => "meaning not confirmed",
                };
                html! { <abbr class={classes!("flag", format!("flag-{c}"))} title={title}>{ c }</abbr> }
            }) }
        </span>
    }
}

#[function_component(AgentsPanel)]
pub fn agents_panel(props: &AgentsProps) -> Html {
    // (agent, domain) of every row.
    let rows: Vec<(usize, usize)> = props
        .report
        .agents
        .iter()
        .enumerate()
        .flat_map(|(a, agent)| (0..agent.domains.len()).map(move |d| (a, d)))
        .collect();
    let shown = use_progressive(props.report.key(), rows.len());
    if rows.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel agents" aria-labelledby="agents-h">
            <h2 id="agents-h">{ "Agents" }</h2>
            <table>
                <thead><tr>
                    <th>{ "Agent" }</th><th><abbr title="Media Routing Domain">{ "MRD" }</abbr></th>
                    <th>{ "Logged in" }</th><th>{ "Routable" }</th><th>{ "Ready" }</th>
                    <th>{ "State" }</th><th>{ "Tasks" }</th><th>{ "Router" }</th>
                </tr></thead>
                <tbody>
                { for rows[..shown].iter().map(|&(agent, domain)| html! {
                    <AgentRow report={props.report.clone()} {agent} {domain} />
                }) }
                </tbody>
            </table>
            <p class="muted small">{ "AS_NOT_ACTIVE is the ready state for chat and email: available, no active task. Tasks = active : limit as the router prints them." }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AgentRowProps {
    report: ReportRef,
    /// Indexes into the report's agents and that agent's domains.
    agent: usize,
    domain: usize,
}

/// One agent in one domain (a component of its own, so the table's later steps leave it alone).
#[function_component(AgentRow)]
fn agent_row(props: &AgentRowProps) -> Html {
    let Some(a) = props.report.agents.get(props.agent) else {
        return html! {};
    };
    let Some(d) = a.domains.get(props.domain) else {
        return html! {};
    };
    html! {
        <tr data-agent={a.agent_id.to_string()} data-mrd={d.mrd_id.to_string()}>
            <td>{ a.agent_id }{ a.name.as_ref().map(|n| html! { <div class="muted small">{ n.clone() }</div> }).unwrap_or_default() }</td>
            <td>{ d.mrd_id }{ d.domain_name.as_ref().map(|n| html! { <div class="muted small">{ n.clone() }</div> }).unwrap_or_default() }</td>
            <td>{ yes_no(d.logged_in) }</td>
            <td>{ yes_no(d.routable) }</td>
            <td>{ yes_no(d.ready) }</td>
            <td class="state">{
                match d.state {
                    Some(s) => html! { <abbr title={s.meaning()}>{ s.opc_name() }</abbr> },
                    None => html! { <span class="muted">{ d.router_state_code.clone().unwrap_or_else(|| "?".into()) }</span> },
                }
            }</td>
            <td>{ format!("{} / {}", d.active_tasks.map(|v| v.to_string()).unwrap_or_else(|| "?".into()), d.task_limit.map(|v| v.to_string()).unwrap_or_else(|| "?".into())) }</td>
            <td>{ flags(&d.router_flags) }</td>
        </tr>
    }
}
