//! Which ECE chat call a URL is (chat template, entry-point initialize, BOSH, session status ...), from the URL alone.

use super::url::{percent_decode, query_param, split};
use serde::Serialize;

/// Which ECE chat call an entry is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum CallKind {
    /// The chat template page (`/system/templates/chat/<template>/index.html|chat.html`).
    TemplatePage(String),
    /// `entrypoint/initialize/<id>`.
    Initialize,
    /// `entrypoint/agentAvailability/<id>`.
    AgentAvailability,
    /// `entrypoint/capacity/<id>`.
    Capacity,
    /// `entrypoint/checkEligibility/<id>`.
    CheckEligibility,
    /// `entrypoint/chatAllowed/<id>` (path unconfirmed).
    ChatAllowed,
    /// BOSH long polling: `POST .../egain/chat/entrypoint?entryPointId=...`.
    BoshSession,
    /// `entrypoint/sessionStatus/<sid>` (older template queue poll).
    SessionStatus,
    /// `entrypoint/sessionStatistics` (SDK queue poll).
    SessionStatistics,
    /// Any other call under `.../egain/chat/entrypoint/` (transcript, survey, attachments ...).
    OtherChat(String),
    /// eGain "ws v1" chat REST (`/system/egain/ws/v1/chat/entrypoint/<op>`).
    RestV1(String),
}

impl CallKind {
    /// Short label for listings.
    pub fn label(&self) -> String {
        match self {
            CallKind::TemplatePage(t) => format!("template page ({t})"),
            CallKind::Initialize => "initialize".into(),
            CallKind::AgentAvailability => "agentAvailability".into(),
            CallKind::Capacity => "capacity".into(),
            CallKind::CheckEligibility => "checkEligibility".into(),
            CallKind::ChatAllowed => "chatAllowed".into(),
            CallKind::BoshSession => "chat session (BOSH)".into(),
            CallKind::SessionStatus => "sessionStatus".into(),
            CallKind::SessionStatistics => "sessionStatistics".into(),
            CallKind::OtherChat(n) => n.clone(),
            CallKind::RestV1(n) => format!("ws/v1 {n}"),
        }
    }
}

/// A recognised call: its kind, entry point id (or session id) from the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub kind: CallKind,
    pub entry_point_id: Option<String>,
    pub session_id: Option<String>,
}

/// Is this an entry-point id (ECE's are numbers; names of letters, digits, `_`, `-`, `.` at
/// most)? A path segment like `"><svg/onload=…>` is not taken for one.
pub fn looks_like_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

pub(crate) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Is this URL an ECE chat call? Cheap: a few case-insensitive substring checks on the path.
pub fn classify(url: &str) -> Option<Classified> {
    let parts = split(url);
    let path = parts.path;
    if path.len() < 10 {
        return None;
    }
    let ep_query = || query_param(url, "entryPointId").filter(|s| looks_like_id(s));
    for marker in ["/egain/chat/entrypoint", "/egin/chat/entrypoint"] {
        if let Some(i) = find_ci(path, marker) {
            let rest = &path[i + marker.len()..];
            let rest = rest.trim_end_matches('/');
            if rest.is_empty() {
                return Some(Classified {
                    kind: CallKind::BoshSession,
                    entry_point_id: ep_query(),
                    session_id: None,
                });
            }
            let rest = rest.strip_prefix('/')?;
            let (op, arg) = match rest.split_once('/') {
                Some((a, b)) => (a, Some(percent_decode(b.trim_matches('/'), false))),
                None => (rest, None),
            };
            let arg = arg.filter(|a| looks_like_id(a));
            let lop = op.to_ascii_lowercase();
            let (kind, ep, sid) = match lop.as_str() {
                "initialize" => (CallKind::Initialize, arg, None),
                "agentavailability" | "agentavilability" => {
                    (CallKind::AgentAvailability, arg, None)
                }
                "capacity" => (CallKind::Capacity, arg, None),
                "checkeligibility" => (CallKind::CheckEligibility, arg, None),
                "chatallowed" => (CallKind::ChatAllowed, arg, None),
                "sessionstatus" => (CallKind::SessionStatus, ep_query(), arg),
                "sessionstatistics" => (CallKind::SessionStatistics, ep_query(), None),
                _ => (CallKind::OtherChat(op.to_string()), ep_query(), None),
            };
            let ep = ep.filter(|e| looks_like_id(e)).or_else(ep_query);
            return Some(Classified {
                kind,
                entry_point_id: ep,
                session_id: sid,
            });
        }
    }
    if let Some(i) = find_ci(path, "/egain/ws/v1/chat/entrypoint/") {
        let op = path[i + "/egain/ws/v1/chat/entrypoint/".len()..]
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        return Some(Classified {
            kind: CallKind::RestV1(op),
            entry_point_id: ep_query(),
            session_id: None,
        });
    }
    if let Some(i) = find_ci(path, "/templates/chat/") {
        let rest = &path[i + "/templates/chat/".len()..];
        let (template, file) = rest.split_once('/')?;
        let lf = file.to_ascii_lowercase();
        if !template.is_empty()
            && !file.contains('/')
            && (lf.ends_with(".html") || lf.ends_with(".htm"))
        {
            return Some(Classified {
                kind: CallKind::TemplatePage(percent_decode(template, false)),
                entry_point_id: ep_query(),
                session_id: None,
            });
        }
    }
    None
}
