//! The page's views and the tab bar that switches between them (the ARIA tabs pattern).
use super::dom;
use yew::prelude::*;

/// The page's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Analysis,
    Compare,
    Decode,
    Api,
    Rules,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Analysis,
        Tab::Compare,
        Tab::Decode,
        Tab::Api,
        Tab::Rules,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Analysis => "Analysis",
            Tab::Compare => "Compare",
            Tab::Decode => "Decode bytes",
            Tab::Api => "Call the API",
            Tab::Rules => "Rules",
        }
    }

    /// The tab button's id (the view's `aria-labelledby`).
    pub fn id(self) -> &'static str {
        match self {
            Tab::Analysis => "tab-analysis",
            Tab::Compare => "tab-compare",
            Tab::Decode => "tab-decode",
            Tab::Api => "tab-api",
            Tab::Rules => "tab-rules",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TabBarProps {
    pub tab: Tab,
    pub on_select: Callback<Tab>,
}

/// One tab stop; arrow keys, Home and End move between the tabs.
#[function_component(TabBar)]
pub fn tab_bar(p: &TabBarProps) -> Html {
    html! {
        <nav class="tabs" role="tablist" aria-label="Views">
            { for Tab::ALL.into_iter().map(|t| {
                let on_key = p.on_select.clone();
                let onkeydown = Callback::from(move |e: KeyboardEvent| {
                    let k = Tab::ALL.iter().position(|x| *x == t).unwrap_or(0);
                    let n = Tab::ALL.len();
                    let to = match e.key().as_str() {
                        "ArrowRight" => (k + 1) % n,
                        "ArrowLeft" => (k + n - 1) % n,
                        "Home" => 0,
                        "End" => n - 1,
                        _ => return,
                    };
                    e.prevent_default();
                    on_key.emit(Tab::ALL[to]);
                    dom::focus_id(Tab::ALL[to].id());
                });
                let active = p.tab == t;
                html! {
                    <button role="tab" id={t.id()} aria-selected={active.to_string()} tabindex={if active { "0" } else { "-1" }} aria-controls="view"
                        class={classes!("tab", active.then_some("active"))}
                        onclick={p.on_select.reform(move |_| t)} {onkeydown}>{ t.title() }</button>
                }
            }) }
        </nav>
    }
}
