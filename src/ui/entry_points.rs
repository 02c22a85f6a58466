//! The entry-point answers found, with what their responseType means.
use crate::report::EntryPointView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EntryPointsProps {
    pub entry_points: Vec<EntryPointView>,
}

#[function_component(EntryPointsPanel)]
pub fn entry_points_panel(props: &EntryPointsProps) -> Html {
    if props.entry_points.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel entry-points" aria-labelledby="ep-h">
            <h2 id="ep-h">{ "Entry-point answers" }</h2>
            <table>
                <thead><tr><th>{ "Entry point" }</th><th>{ "HTTP" }</th><th>{ "responseType" }</th><th>{ "Meaning" }</th></tr></thead>
                <tbody>
                { for props.entry_points.iter().map(|e| html! {
                    <tr>
                        <td>{ e.entry_point_id.clone().unwrap_or_else(|| "—".into()) }</td>
                        <td>{ e.status.map(|s| s.to_string()).unwrap_or_else(|| "—".into()) }</td>
                        <td class="response-type">{ e.response_type.map(|r| r.to_string()).unwrap_or_else(|| "—".into()) }</td>
                        <td class="meaning">{ &e.meaning }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </section>
    }
}
