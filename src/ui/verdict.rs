//! The verdict banner: colour, icon and one sentence (never colour alone).
use crate::report::Verdict;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub verdict: Verdict,
}

#[function_component(VerdictBanner)]
pub fn verdict_banner(props: &VerdictProps) -> Html {
    let (class, icon, label) = match props.verdict.status.as_str() {
        "chat_available" => ("verdict ok", "\u{2714}", "Chat available"),
        "chat_unavailable" => ("verdict bad", "\u{2716}", "Chat unavailable"),
        _ => ("verdict unknown", "?", "Undecided"),
    };
    html! {
        <div class={class} role="status" aria-live="polite">
            <span class="verdict-icon" aria-hidden="true">{ icon }</span>
            <div>
                <strong class="verdict-label">{ label }</strong>
                <p class="verdict-sentence">{ &props.verdict.sentence }</p>
            </div>
        </div>
    }
}
