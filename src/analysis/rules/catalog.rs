//! The rule catalogue: every rule's stable id, version, premise (with its confidence and sources),
//! the symptom, the evidence it reads and its checks. One table, compiled in: the rules build their
//! findings from it, `ece-triage rules` prints it, and the page shows it behind each finding.

use crate::model::Confidence;
use crate::report::{NextStep, Severity, SourceRef};
use serde::Serialize;

/// A source a premise or a step rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: &'static str,
    pub cite: &'static str,
    pub url: Option<&'static str>,
}

/// A step to check: its text and its source id, or [`SUGGESTED`] when no source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    pub text: &'static str,
    pub source: &'static str,
}

/// The source id of a step that is this tool's own advice.
pub const SUGGESTED: &str = "suggested";

/// Which version a rule's conclusion depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Depends {
    Nothing,
    /// 11.6 decides availability per MRD, 12.0 and later per the entry point's skill groups.
    EceVersion,
    /// CSCvq11852's range (ICM 11.5, 11.6, 12.0).
    IcmVersion,
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Stable: findings carry it as their `id`.
    pub id: &'static str,
    /// Bumped when the rule's logic or claim changes.
    pub version: u32,
    pub title: &'static str,
    /// The usual severity.
    pub severity: Severity,
    /// When the severity differs from the usual one.
    pub severity_note: &'static str,
    /// What the customer or the engineer sees.
    pub symptom: &'static str,
    /// The fact the rule relies on.
    pub premise: &'static str,
    pub confidence: Confidence,
    /// Source ids (see [`SOURCES`]) of the premise.
    pub sources: &'static [&'static str],
    /// The evidence it reads.
    pub reads: &'static str,
    pub checks: &'static [Step],
    pub depends: Depends,
}

/// Every source the rules cite.
pub const SOURCES: &[Source] = &[
    Source {
        id: "seed",
        cite: "Cisco TechNote 215324, Troubleshoot Agent Login and Availability for ECE (ECE 11.6): how ECE identifies agent availability (the seed note)",
        url: Some("https://www.cisco.com/c/en/us/support/docs/contact-center/enterprise-chat-email/215324-troubleshoot-agent-login-and-availabilit.html"),
    },
    Source {
        id: "TN214657",
        cite: "Cisco TechNote 214657, Troubleshoot Peripheral Gateway Log Analysis for ECE - Chat work flow (listener, CTI server and OPC logs)",
        url: Some("https://www.cisco.com/c/en/us/support/docs/contact-center/enterprise-chat-email/214657-troubleshoot-peripheral-gateway-log-anal.html"),
    },
    Source {
        id: "finesse-arm",
        cite: "Cisco Finesse developer docs, Errors for Agent State and Mode Changes (the E_ARM_STAT codes)",
        url: Some("https://developer.cisco.com/docs/finesse/errors-for-agent-state-and-mode-changes"),
    },
    Source {
        id: "cti-guide",
        cite: "Cisco CTI Server Message Reference Guide, protocol versions 24/25: session management (OPEN_CONF PGStatus bits, FAILURE_EVENT, CLOSE_REQ), constants and status codes",
        url: Some("https://www.cisco.com/c/en/us/td/docs/voice_ip_comm/cust_contact/contact_center/icm_enterprise/icm_enterprise_15_0_1/reference/guide/ucce_b_cti-servermessage-reference-guide-for-1501/ucce-m-session-management-1501.html"),
    },
    Source {
        id: "RG72",
        cite: "Cisco ICM 7.2 Reporting Guide, pp. 140-142: agent states across MRDs, 'application available' (ready but not routable), interruptible and non-interruptible tasks",
        url: None,
    },
    Source {
        id: "docwiki-icm-available",
        cite: "docwiki.cisco.com, Agent Ready But Not \"ICM Available\": a non-interruptible task in another skill group, or a chat not completed in the agent's inbox",
        url: Some("http://docwiki.cisco.com/w/index.php?title=Agent_Ready_But_Not_%22ICM_Available%22"),
    },
    Source {
        id: "TN212332",
        cite: "Cisco TechNote 212332, ECE 11.6 Customer Facing Chat API, and eGain's API docs (responseType 0/1/2, capacity = maximum load - current load)",
        url: Some("https://www.cisco.com/c/en/us/support/docs/customer-collaboration/enterprise-chat-email/212332-enterprise-chat-and-email-ece-11-6-cus.html"),
    },
    Source {
        id: "TN222773",
        cite: "Cisco TechNote 222773: CORS for CCE 12.6 web components; the ECE chat SDK's CORSHost setting",
        url: None,
    },
    Source {
        id: "UWIM44",
        cite: "Cisco Unified WIM 4.4 Administration Guide to Chat, p. 26: an inactive entry point shows a 'no service available' page",
        url: None,
    },
    Source {
        id: "client-code",
        cite: "Public ECE chat client code (classic chat template, eGain JavaScript library): what the client does with an answer. Client behaviour, template-dependent: not Cisco-documented",
        url: None,
    },
    Source {
        id: "orourke",
        cite: "G. O'Rourke, lab wiki 'ECE Web Service API': one lab's observations (unconfirmed)",
        url: Some("http://orourke.tv/web/doku.php?id=vendors:cisco:uc:ece:webapi"),
    },
    Source {
        id: "xep0124",
        cite: "XEP-0124 Bidirectional-streams Over Synchronous HTTP (BOSH): terminate conditions",
        url: Some("https://xmpp.org/extensions/xep-0124.html"),
    },
    Source {
        id: "har-spec",
        cite: "HAR 1.2 and what browsers export: status 0 with _error is a request that got no HTTP answer",
        url: Some("http://www.softwareishard.com/blog/har-12-spec/"),
    },
    Source {
        id: "chromium-net",
        cite: "Chromium's network error list (net::ERR_* codes, as Chrome and Edge write them into a HAR)",
        url: Some("https://source.chromium.org/chromium/chromium/src/+/main:net/base/net_error_list.h"),
    },
    Source {
        id: "rfc9110",
        cite: "RFC 9110, HTTP Semantics: status code classes (4xx client error, 5xx server error, 3xx redirection)",
        url: Some("https://www.rfc-editor.org/rfc/rfc9110"),
    },
    Source {
        id: "docwiki-chat-failures",
        cite: "docwiki.cisco.com, chat failure scenarios: the web server relays /system to the application server; 502/503/504 when that path or its services are down",
        url: None,
    },
    Source {
        id: "evidence",
        cite: "The evidence itself: its timestamps, lines and values as you pasted them",
        url: None,
    },
    Source {
        id: "user",
        cite: "What you set: the ECE and ICM/UCCE versions",
        url: None,
    },
];

pub use super::table::RULES;

/// A rule by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// A source by id.
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}

/// A rule's place in the catalogue (its rank as a verdict's reason); unknown ids last.
pub fn order(id: &str) -> usize {
    RULES.iter().position(|r| r.id == id).unwrap_or(RULES.len())
}

/// A source id with its citation, for a finding.
pub fn source_ref(id: &str) -> SourceRef {
    SourceRef {
        id: id.to_string(),
        cite: source(id).map(|s| s.cite).unwrap_or(id).to_string(),
    }
}

impl Rule {
    /// The premise's sources, for a finding.
    pub fn source_refs(&self) -> Vec<SourceRef> {
        self.sources.iter().map(|s| source_ref(s)).collect()
    }

    /// The catalogue's checks as next steps.
    pub fn steps(&self) -> Vec<NextStep> {
        self.checks
            .iter()
            .map(|s| NextStep {
                text: s.text.to_string(),
                source: s.source.to_string(),
            })
            .collect()
    }
}

/// The catalogue as text (`ece-triage rules`).
pub fn to_text() -> String {
    let mut o = String::from(
        "RULES — each finding names its rule; confidence: confirmed = a source states it, inferred = fitted or read from names, unconfirmed = no source\n",
    );
    for r in RULES {
        o.push_str(&format!(
            "\n{} (v{}) — {}\n  severity:   {}{}\n  symptom:    {}\n  premise:    {} [{}; {}]\n  reads:      {}\n",
            r.id,
            r.version,
            r.title,
            severity_word(r.severity),
            if r.severity_note.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.severity_note)
            },
            r.symptom,
            r.premise,
            confidence_word(r.confidence),
            r.sources.join(", "),
            r.reads
        ));
        match r.depends {
            Depends::EceVersion => o.push_str("  depends on: the ECE version (11.6 per MRD; 12.0 and later per the entry point's skill groups)\n"),
            Depends::IcmVersion => o.push_str("  depends on: the ICM/UCCE version (CSCvq11852: 11.5, 11.6, 12.0)\n"),
            Depends::Nothing => {}
        }
        for s in r.checks {
            o.push_str(&format!("  check:      {} [{}]\n", s.text, s.source));
        }
    }
    o.push_str("\nSOURCES\n");
    for s in SOURCES {
        o.push_str(&format!(
            "  {:<22} {}{}\n",
            s.id,
            s.cite,
            s.url.map(|u| format!(" <{u}>")).unwrap_or_default()
        ));
    }
    o.push_str(&format!(
        "  {SUGGESTED:<22} this tool's own advice: no source states it\n"
    ));
    o
}

/// The catalogue as JSON (`ece-triage rules --json`).
pub fn to_json() -> String {
    #[derive(Serialize)]
    struct All {
        rules: &'static [Rule],
        sources: &'static [Source],
    }
    serde_json::to_string_pretty(&All {
        rules: RULES,
        sources: SOURCES,
    })
    .unwrap_or_default()
}

pub fn severity_word(s: Severity) -> &'static str {
    s.word()
}

pub fn confidence_word(c: Confidence) -> &'static str {
    c.word()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_source_is_listed() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for r in RULES {
            assert!(!r.sources.is_empty(), "{} has no source", r.id);
            for s in r.sources.iter().chain(r.checks.iter().map(|c| &c.source)) {
                assert!(
                    *s == SUGGESTED || source(s).is_some(),
                    "{}: unknown source {s}",
                    r.id
                );
            }
            assert!(!r.checks.is_empty(), "{} has no check", r.id);
        }
    }

    #[test]
    fn no_rule_promises_a_restart_or_the_hours_calendar() {
        // Claims no source supports (diagnosis-sources.md): a restart clearing the D flag, the
        // entry point's hours/calendar as a cause, HTTP 500 meaning an inactive entry point.
        for r in RULES {
            let all: String = [r.premise, r.symptom]
                .into_iter()
                .chain(r.checks.iter().map(|c| c.text))
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            assert!(!all.contains("restart of"), "{}", r.id);
            assert!(!all.contains("calendar"), "{}", r.id);
        }
        assert!(rule("router-d-flag").unwrap().premise.contains("email"));
    }
}
