//! One agent state vocabulary: OPC's `AS_*`, the CTI `AGENT_STATE_*` names and numbers, rttest's codes (a leaf).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgentState {
    #[serde(rename = "AS_LOGIN")]
    Login,
    #[serde(rename = "AS_LOGOUT")]
    Logout,
    #[serde(rename = "AS_NOT_READY")]
    NotReady,
    #[serde(rename = "AS_AVAILABLE")]
    Available,
    #[serde(rename = "AS_TALKING")]
    Talking,
    #[serde(rename = "AS_WORK_NOT_READY")]
    WorkNotReady,
    #[serde(rename = "AS_WORK_READY")]
    WorkReady,
    #[serde(rename = "AS_BUSY_OTHER")]
    BusyOther,
    #[serde(rename = "AS_RESERVED")]
    Reserved,
    #[serde(rename = "AS_UNKNOWN")]
    Unknown,
    #[serde(rename = "AS_CALLS_ON_HOLD")]
    Hold,
    #[serde(rename = "AS_ACTIVE")]
    Active,
    #[serde(rename = "AS_PAUSED")]
    Paused,
    #[serde(rename = "AS_INTERRUPTED")]
    Interrupted,
    #[serde(rename = "AS_NOT_ACTIVE")]
    NotActive,
}

impl AgentState {
    pub const ALL: [AgentState; 15] = [
        AgentState::Login,
        AgentState::Logout,
        AgentState::NotReady,
        AgentState::Available,
        AgentState::Talking,
        AgentState::WorkNotReady,
        AgentState::WorkReady,
        AgentState::BusyOther,
        AgentState::Reserved,
        AgentState::Unknown,
        AgentState::Hold,
        AgentState::Active,
        AgentState::Paused,
        AgentState::Interrupted,
        AgentState::NotActive,
    ];

    /// The CTI AgentState number (0..14).
    pub fn number(self) -> u16 {
        AgentState::ALL.iter().position(|s| *s == self).unwrap_or(9) as u16
    }

    pub fn from_number(n: u64) -> Option<AgentState> {
        AgentState::ALL.get(usize::try_from(n).ok()?).copied()
    }

    /// OPC's spelling: `AS_NOT_ACTIVE`.
    pub fn opc_name(self) -> &'static str {
        match self {
            AgentState::Login => "AS_LOGIN",
            AgentState::Logout => "AS_LOGOUT",
            AgentState::NotReady => "AS_NOT_READY",
            AgentState::Available => "AS_AVAILABLE",
            AgentState::Talking => "AS_TALKING",
            AgentState::WorkNotReady => "AS_WORK_NOT_READY",
            AgentState::WorkReady => "AS_WORK_READY",
            AgentState::BusyOther => "AS_BUSY_OTHER",
            AgentState::Reserved => "AS_RESERVED",
            AgentState::Unknown => "AS_UNKNOWN",
            AgentState::Hold => "AS_CALLS_ON_HOLD",
            AgentState::Active => "AS_ACTIVE",
            AgentState::Paused => "AS_PAUSED",
            AgentState::Interrupted => "AS_INTERRUPTED",
            AgentState::NotActive => "AS_NOT_ACTIVE",
        }
    }

    /// The CTI server's spelling: `AGENT_STATE_NOT_ACTIVE` (`AGENT_STATE_HOLD` for calls on hold).
    pub fn cti_name(self) -> &'static str {
        match self {
            AgentState::Login => "AGENT_STATE_LOGIN",
            AgentState::Logout => "AGENT_STATE_LOGOUT",
            AgentState::NotReady => "AGENT_STATE_NOT_READY",
            AgentState::Available => "AGENT_STATE_AVAILABLE",
            AgentState::Talking => "AGENT_STATE_TALKING",
            AgentState::WorkNotReady => "AGENT_STATE_WORK_NOT_READY",
            AgentState::WorkReady => "AGENT_STATE_WORK_READY",
            AgentState::BusyOther => "AGENT_STATE_BUSY_OTHER",
            AgentState::Reserved => "AGENT_STATE_RESERVED",
            AgentState::Unknown => "AGENT_STATE_UNKNOWN",
            AgentState::Hold => "AGENT_STATE_HOLD",
            AgentState::Active => "AGENT_STATE_ACTIVE",
            AgentState::Paused => "AGENT_STATE_PAUSED",
            AgentState::Interrupted => "AGENT_STATE_INTERRUPTED",
            AgentState::NotActive => "AGENT_STATE_NOT_ACTIVE",
        }
    }

    /// The router's two-letter code in `rttest agent_status` (`state = [na-0:2,RA]`): the
    /// confirmed codes only.
    pub fn from_rttest_code(code: &str) -> Option<AgentState> {
        match code {
            "na" => Some(AgentState::NotActive),
            "nr" => Some(AgentState::NotReady),
            _ => None,
        }
    }

    /// Accepts `AS_NOT_ACTIVE`, `NOT_ACTIVE`, `AGENT_STATE_NOT_ACTIVE` (any case), `AS_HOLD`.
    pub fn parse(s: &str) -> Option<AgentState> {
        let t = crate::ascii::trim(s);
        let has = |p: &[u8]| {
            t.as_bytes()
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        };
        // Both prefixes are ASCII, so what follows them starts on a character boundary.
        let bare = if has(b"AGENT_STATE_") {
            &t[12..]
        } else if has(b"AS_") {
            &t[3..]
        } else {
            t
        };
        // Compared only with the names of its length (the `opc_name`s without `AS_`, and `HOLD`);
        // OPC's own upper case is the usual spelling and the cheapest test.
        let is = |n: &str| bare == n || bare.eq_ignore_ascii_case(n);
        use AgentState::*;
        Some(match bare.len() {
            4 if is("HOLD") => Hold,
            5 if is("LOGIN") => Login,
            6 if is("LOGOUT") => Logout,
            6 if is("ACTIVE") => Active,
            6 if is("PAUSED") => Paused,
            7 if is("TALKING") => Talking,
            7 if is("UNKNOWN") => Unknown,
            8 if is("RESERVED") => Reserved,
            9 if is("NOT_READY") => NotReady,
            9 if is("AVAILABLE") => Available,
            10 if is("WORK_READY") => WorkReady,
            10 if is("BUSY_OTHER") => BusyOther,
            10 if is("NOT_ACTIVE") => NotActive,
            11 if is("INTERRUPTED") => Interrupted,
            13 if is("CALLS_ON_HOLD") => Hold,
            14 if is("WORK_NOT_READY") => WorkNotReady,
            _ => return None,
        })
    }

    /// For chat/email MRDs: the agent can take a new task in this state.
    pub fn is_ready_for_non_voice(self) -> bool {
        matches!(self, AgentState::NotActive)
    }

    /// One line for a tooltip.
    pub fn meaning(self) -> &'static str {
        match self {
            AgentState::NotActive => {
                "ready for chat/email and idle: the router may assign a new task"
            }
            AgentState::NotReady => "not ready: no task will be assigned",
            AgentState::Active => "working on a task",
            AgentState::Logout => "logged out of this media routing domain",
            AgentState::Login => "logging in",
            AgentState::Interrupted => "interrupted by a task in another MRD",
            AgentState::BusyOther => "busy on a task in another MRD",
            AgentState::Paused => "task paused",
            AgentState::Reserved => "reserved for a task being offered",
            AgentState::WorkReady | AgentState::WorkNotReady => "wrapping up a task",
            AgentState::Available => "available (voice)",
            AgentState::Talking => "talking (voice)",
            AgentState::Hold => "calls on hold (voice)",
            AgentState::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_states_round_trip_by_name_and_number() {
        for (n, s) in AgentState::ALL.iter().enumerate() {
            assert_eq!(s.number() as usize, n);
            assert_eq!(AgentState::parse(s.opc_name()), Some(*s));
            assert_eq!(AgentState::from_number(n as u64), Some(*s));
        }
        assert_eq!(AgentState::parse("NOT_ACTIVE"), Some(AgentState::NotActive));
        assert_eq!(
            AgentState::parse("agent_state_not_ready"),
            Some(AgentState::NotReady)
        );
        assert_eq!(AgentState::from_number(15), None);
        assert_eq!(AgentState::parse("AS_BOGUS"), None);
    }

    /// The name-by-name search `AgentState::parse` replaced, as an oracle.
    fn parse_by_search(s: &str) -> Option<AgentState> {
        let t = s.trim();
        let strip = |p: &str| {
            t.get(..p.len())
                .filter(|h| h.eq_ignore_ascii_case(p))
                .map(|_| &t[p.len()..])
        };
        let bare = strip("AGENT_STATE_").or_else(|| strip("AS_")).unwrap_or(t);
        if bare.eq_ignore_ascii_case("HOLD") || bare.eq_ignore_ascii_case("CALLS_ON_HOLD") {
            return Some(AgentState::Hold);
        }
        AgentState::ALL
            .iter()
            .copied()
            .find(|st| st.opc_name()[3..].eq_ignore_ascii_case(bare))
    }

    #[test]
    fn agent_state_parse_matches_the_search_it_replaced() {
        let mut names: Vec<String> = AgentState::ALL
            .iter()
            .map(|s| s.opc_name()[3..].to_string())
            .collect();
        names.extend(
            [
                "HOLD",
                "CALLS_ON_HOLD",
                "",
                "X",
                "NOT_READ",
                "AS",
                "é",
                "HOLDx",
            ]
            .map(String::from),
        );
        let prefixes = [
            "",
            "AS_",
            "as_",
            "AGENT_STATE_",
            "agent_State_",
            "AS_AS_",
            "A",
            "é",
        ];
        let pads = ["", " ", "\t", "\u{a0}", " \n"];
        for n in &names {
            for case in [n.clone(), n.to_lowercase(), n.replace('A', "a")] {
                for p in prefixes {
                    for (a, b) in pads.iter().zip(pads.iter().rev()) {
                        let s = format!("{a}{p}{case}{b}");
                        assert_eq!(AgentState::parse(&s), parse_by_search(&s), "{s:?}");
                    }
                }
            }
        }
    }
}
