//! A BOSH `<body>` of the chat session explained: create, poll, terminate conditions.

use super::answer::{steps, AnswerExplanation, AnswerKind, Availability};
use super::xml;
use crate::model::Confidence;

/// Explains a BOSH `<body>` (session create, poll, or terminate).
pub(super) fn explain_bosh(body: &xml::Element) -> AnswerExplanation {
    let mut exp = AnswerExplanation::new(AnswerKind::BoshSession, "");
    let mut msgs = Vec::new();
    body.find_all("message", &mut msgs);
    let chat = msgs
        .iter()
        .filter(|m| m.attr("type").is_none_or(|t| t == "chat"))
        .count();
    let typ = body.attr("type").unwrap_or("");
    if typ.eq_ignore_ascii_case("terminate") {
        let condition = body.attr("condition").unwrap_or("").to_string();
        let (avail, headline, sees, bosh_steps): (Availability, String, &str, &[(&str, &str)]) = match condition.as_str() {
            "system-shutdown" => (
                Availability::Closed,
                "ended by the server: condition=\"system-shutdown\" — ECE's chat client treats it as 'agents not available' (client code: inferred)".into(),
                "The classic template's off-hours text (L10N_OFF_HOURS): its chat library raises OnAgentsNotAvailable (client behaviour, inferred).",
                &[
                    ("Check that an agent was Available for chat in a skill group of this entry point's queue at that moment.", "seed"),
                    ("Compare with the initialize answer's responseType just before (1 = no agent, 2 = queue full).", "seed"),
                ],
            ),
            "other-request" => (
                Availability::Unknown,
                "ended: condition=\"other-request\" — a chat session already exists for this browser (duplicate session)".into(),
                "The 'session exists' message (L10N_SESSION_EXISTS).",
                &[("Close other chat windows/tabs of this entry point, or clear the site's cookies, then retry.", "suggested")],
            ),
            c if c.starts_with("remote-connection-failed") => (
                Availability::Unknown,
                format!(
                    "ended: condition=\"{c}\" — connection to the chat server failed{}",
                    c.split_once(':').map(|(_, code)| format!(" (code {code})")).unwrap_or_default()
                ),
                "A connection-failure message.",
                &[("Check the web server ↔ application server path and the application server logs at that time.", "docwiki-chat-failures")],
            ),
            "" => (
                Availability::Unknown,
                "ended (terminate without a condition) — normal end of the chat".into(),
                "The chat closes.",
                &[],
            ),
            c => (
                Availability::Unknown,
                format!("ended: condition=\"{c}\" — not one ECE's chat library names; the template shows its generic connection-failure text (L10N_CONNFAIL)"),
                "The generic connection-failure text (L10N_CONNFAIL).",
                &[],
            ),
        };
        exp.availability = avail;
        exp.headline = format!("chat session {headline}");
        exp.customer_sees = Some(sees.into());
        exp.next_steps = steps(bosh_steps);
        exp.field(
            "condition",
            format!("\"{condition}\""),
            "BOSH terminate condition (XEP-0124); what the chat client does with it is read from public client code",
            Confidence::Inferred,
        );
    } else {
        let sid = body
            .attr("sid")
            .map(|sid| format!(" (sid {}…)", sid.split('_').next().unwrap_or("")))
            .unwrap_or_default();
        exp.headline = format!(
            "chat session{sid}{}",
            if chat > 0 {
                format!(": {chat} chat message(s) — customer data, hidden")
            } else {
                ": no message".to_string()
            }
        );
    }
    for m in msgs {
        if m.attr("type") == Some("headline") {
            let mut cmds = Vec::new();
            m.find_all("subcmd", &mut cmds);
            for c in cmds {
                let t = c.text_content();
                if t.starts_with("L10N_") {
                    exp.notes.push(format!("system message {t}"));
                    if t == "L10N_NO_AGENTS_AVAILABLE" {
                        exp.availability = Availability::NoAgent;
                    }
                }
            }
        }
    }
    exp
}
