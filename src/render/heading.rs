//! An ARM message's heading, one text for the CLI's `decode` tables and the page's decoder.

use crate::cti::{Direction, Message};

/// `MAKE_AGENT_ROUTABLE_IND (184)` and `received, length 24, 32 bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The message's name (catalogue, else as logged, else `type N`) and its type number.
    pub title: String,
    /// Direction, header length and byte count.
    pub detail: String,
    /// The name the log printed, when it differs from the catalogue's.
    pub logged_as: Option<String>,
}

/// The heading of message `m`. A dump too short for the header's length word (4 bytes) says
/// `no header` where the length goes (the CLI said `no length`, the page `no header`).
pub fn heading(m: &Message) -> Heading {
    let dir = match m.direction {
        Some(Direction::Sent) => "sent",
        Some(Direction::Received) => "received",
        None => "bare bytes",
    };
    let title = match m.type_number {
        Some(t) => format!("{} ({t})", m.label()),
        None => m.label(),
    };
    let length = m
        .length
        .map(|l| format!("length {l}"))
        .unwrap_or_else(|| "no header".into());
    let logged_as = m
        .logged_name
        .as_ref()
        .filter(|l| m.name.as_deref() != Some(l.as_str()))
        .map(|l| l.to_string());
    Heading {
        title,
        detail: format!("{dir}, {length}, {} bytes", m.bytes.len()),
        logged_as,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_message_a_misnamed_one_and_a_cut_one() {
        let bytes = "0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2";
        let decode = |t: &str| crate::cti::decode_text(t, &Default::default()).messages;
        let m = decode(&format!("Sending MAKE_AGENT_ROUTABLE_IND -> {bytes} <@>"));
        let h = heading(&m[0]);
        assert_eq!(h.title, "MAKE_AGENT_ROUTABLE_IND (154)");
        assert_eq!(h.detail, "sent, length 16, 24 bytes");
        assert_eq!(h.logged_as, None);
        let m = decode(&format!("Sending MAKE_AGENT_READY_IND -> {bytes} <@>"));
        assert_eq!(
            heading(&m[0]).logged_as.as_deref(),
            Some("MAKE_AGENT_READY_IND")
        );
        let m = decode("0 0 0");
        let h = heading(&m[0]);
        assert_eq!(
            (h.title.as_str(), h.detail.as_str()),
            ("(no header)", "bare bytes, no header, 3 bytes")
        );
    }
}
