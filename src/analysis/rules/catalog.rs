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

const fn step(text: &'static str, source: &'static str) -> Step {
    Step { text, source }
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

use Confidence::{Confirmed, Inferred, Unconfirmed};
use Severity::{Error, Info, Warning};

const PER_AGENT: &str = "error when no agent in the evidence is available and no entry point answers 0 (it then explains why chat is refused); warning otherwise (it can contribute)";
const ABSENCE: &str = "error when no agent in the evidence is available and no entry point answers 0; info otherwise (it rests on a line missing from the evidence, not on a fault seen)";
const DECIDING: &str = "error when it is the entry point's latest answer (it decides the verdict); warning for an earlier call";

/// Every rule, most specific cause first: a verdict's reason is the first error (in this order)
/// that concerns its entry point.
pub const RULES: &[Rule] = &[
    Rule {
        id: "pg-link-down",
        version: 1,
        title: "The CTI server or the PG reports a link down",
        severity: Error,
        severity_note: "warning when a later OPEN_CONF shows the PG healthy again",
        symptom: "Every agent of the PG is unavailable for chat at once; the listener may log errors and log agents in again.",
        premise: "OPEN_CONF's PGStatus bits name what is down (OPC_DOWN 0x1, CC_DOWN 0x2, PERIPHERAL_OFFLINE 0x4, CTI_SERVER_OFFLINE 0x8, LIMITED_FUNCTION 0x10); the CTI server sends FAILURE_EVENT when it ends a session; CLOSE_REQ closes it; E_ARM_STAT 36 rejects a login because the central controller is offline.",
        confidence: Confirmed,
        sources: &["cti-guide", "finesse-arm"],
        reads: "ctisvr `Session N: MsgType:OPEN_CONF/FAILURE_EVENT/CLOSE_REQ` lines and listener ARM records of those messages; MEDIA_LOGIN_RESP status 36",
        checks: &[
            step("Check the PG's processes (OPC, PIM, CTI server) and the central controller at that time in their own logs.", SUGGESTED),
            step("Collect the CTI server trace and the listener log around the failure: they are two of the three logs of this flow.", "TN214657"),
            step("After the link is back, have the agents log in and make themselves available again, then take rttest agent_status.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "login-rejected",
        version: 2,
        title: "The agent's media login was rejected",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "The agent console looks logged in, but the router never counts the agent for chat.",
        premise: "The E_ARM_STAT codes and their meanings are published for Finesse (the same ARM status constants CCE returns); that MEDIA_LOGIN_RESP's status field carries them is inferred (the seed shows only 0, no error). A login is rejected when the OPEN_REQ did not name the MRD's application path, or the agent is in no skill group of the MRD.",
        confidence: Inferred,
        sources: &["finesse-arm", "seed"],
        reads: "listener MEDIA_LOGIN_RESP records, ctisvr ProcessARMMediaLoginRespMsg Status",
        checks: &[
            step("Look the status up (named in the finding) and fix that in the CCE configuration; then log the agent in again.", "finesse-arm"),
            step("Check the agent is in a skill group of this MRD and the listener's OPEN_REQ names the MRD's application path.", "seed"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "app-path-mismatch",
        version: 1,
        title: "The login names another application path than the listener's session",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "Agents of one MRD never become available for chat; logins may be rejected with E_ARM_STAT 27.",
        premise: "A media login is rejected if the OPEN_REQ did not name the application path of the MRD/peripheral pair (seed); Finesse names that rejection E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH (27). That the ApplicationPathID in ctisvr's login trace is the MRD's application path is read from the field's name (inferred).",
        confidence: Inferred,
        sources: &["seed", "finesse-arm"],
        reads: "ctisvr/listener OPEN_REQ ApplicationPathID; ctisvr SendARMMsg of MEDIA_LOGIN_REQ with ApplicationPathID",
        checks: &[
            step("In the CCE configuration, check the application path of the ECE listener contains this MRD and peripheral.", "seed"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "arm-failure",
        version: 1,
        title: "The CTI server answered a failure",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "A login, routable or ready request of the listener did not take effect.",
        premise: "FAILURE_CONF is the negative reply to a request and FAILURE_RESP the failure reply to an ARM _IND message; both carry a status.",
        confidence: Confirmed,
        sources: &["cti-guide"],
        reads: "FAILURE_CONF / FAILURE_RESP in the listener or ctisvr logs",
        checks: &[
            step("Match its InvokeID to the request just before it and check that request's agent and MRD in the CCE configuration.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "router-d-flag",
        version: 2,
        title: "The router shows the agent's domain with flag D",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "The agent shows Ready, yet no task of this domain reaches the agent.",
        premise: "In rttest agent_status, D means the domain is not available as reported by the application path. The seed links it to CSCvq11852 on ICM 11.5, 11.6 and 12.0, where email is not assigned to an agent who is available to take it.",
        confidence: Confirmed,
        sources: &["seed"],
        reads: "rttest agent_status `[state-active:limit,flags]`",
        checks: &[
            step("Compare your ICM version with CSCvq11852's range (11.5, 11.6, 12.0); look the bug up in Cisco's Bug Search for its fixed releases.", "seed"),
            step("Take rttest agent_status again after the agent toggles availability, and compare with the listener's log of that minute.", SUGGESTED),
        ],
        depends: Depends::IcmVersion,
    },
    Rule {
        id: "ready-not-applied",
        version: 1,
        title: "Ready was sent, but OPC never reached AS_NOT_ACTIVE",
        severity: Error,
        severity_note: ABSENCE,
        symptom: "The agent made itself available in ECE; the router still counts it not ready.",
        premise: "For chat and email, AS_NOT_ACTIVE is OPC's ready state; after MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND OPC logs SetAgentState ... NewState=AS_NOT_ACTIVE once per skill group.",
        confidence: Confirmed,
        sources: &["seed", "TN214657"],
        reads: "listener/ctisvr MAKE_AGENT_READY_IND, OPC SetAgentState",
        checks: &[
            step("Check the agent belongs to a skill group of this MRD: OPC logs one SetAgentState per skill group.", "seed"),
            step("Check the OPC trace covers the same minutes (see the clock offsets).", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "never-ready",
        version: 1,
        title: "Logged in, but never made routable or ready",
        severity: Error,
        severity_note: ABSENCE,
        symptom: "The agent is logged in but never became available.",
        premise: "After login the listener sends MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND when the agent marks itself available; until then the router counts the agent not ready.",
        confidence: Confirmed,
        sources: &["seed", "TN214657"],
        reads: "listener/ctisvr MEDIA_LOGIN_REQ without a later MAKE_AGENT_ROUTABLE_IND / MAKE_AGENT_READY_IND for the same agent and MRD",
        checks: &[
            step("Have the agent toggle availability in the ECE console and collect the listener log (AgentAvailabilityStatusHandler, ARMLogger) of that minute.", "seed"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "agent-not-ready",
        version: 1,
        title: "The agent is not ready in the chat domain",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "The agent gets no chat: it is not ready in this MRD.",
        premise: "rttest's state code nr is not ready (confirmed); OPC's AS_NOT_READY likewise.",
        confidence: Confirmed,
        sources: &["seed"],
        reads: "rttest `[nr-...]`, OPC SetAgentState NewState=AS_NOT_READY",
        checks: &[
            step("Have the agent make itself available for chat in ECE; the listener then sends MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND.", "seed"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "not-routable",
        version: 1,
        title: "The agent is not routable in the chat domain",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "The agent shows ready, but the router assigns it no chat.",
        premise: "R is rttest's routable flag (seed). An agent ready but not routable is 'application available', not ICM available (RG72). After MAKE_AGENT_ROUTABLE_IND the CTI server's agent state event shows AgentMode:1 (TN214657); that AgentMode 0 means not routable is inferred (the guides disagree on the polarity).",
        confidence: Confirmed,
        sources: &["seed", "RG72", "TN214657"],
        reads: "rttest flags without R; ctisvr agent state event with AgentMode:0",
        checks: &[
            step("Check the listener sent MAKE_AGENT_ROUTABLE_IND for this agent and MRD after its last login.", "seed"),
            step("Check no MAKE_AGENT_NOT_ROUTABLE_REQ or AGENT_MADE_NOT_ROUTABLE_EVENT followed it.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "busy-other-mrd",
        version: 1,
        title: "The agent is busy on a task in another MRD",
        severity: Warning,
        severity_note: "always a warning: the agent is working; the verdict names it when every agent is busy",
        symptom: "The agent shows ready for chat but gets no chat while it works on a voice call (or another non-interruptible task).",
        premise: "A task in a non-interruptible MRD (voice, chat) makes an agent unavailable in the other MRDs (RG72); 'ready but not ICM available' typically means a non-interruptible task in another skill group (docwiki). Reading rttest state codes other than na/nr is unconfirmed: the tool relies on the active-task count.",
        confidence: Inferred,
        sources: &["RG72", "docwiki-icm-available"],
        reads: "rttest: another domain with active tasks while the chat domain lacks A; OPC AS_BUSY_OTHER / AS_INTERRUPTED in the chat MRD",
        checks: &[
            step("Check the MRDs' interruptibility: chat and voice are non-interruptible, email interruptible.", "docwiki-icm-available"),
            step("Take rttest agent_status again when the other task has ended.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "at-task-limit",
        version: 2,
        title: "The agent is at its concurrent-task limit",
        severity: Warning,
        severity_note: "always a warning: a full agent works as designed; the verdict names it when every agent is full",
        symptom: "The agent shows ready but gets no new chat; with every agent full the entry point answers 1 (or chats wait in the queue).",
        premise: "rttest's a:b is active tasks : concurrent task limit (seed). Capacity is the agents' maximum load minus their current load, 0 when all are at maximum load (TN212332). Chats ended but not completed in the agent's inbox still count (docwiki).",
        confidence: Confirmed,
        sources: &["seed", "TN212332", "docwiki-icm-available"],
        reads: "rttest `[..-a:b,..]` with a >= b; ctisvr NumTasks / MaxTaskLimit",
        checks: &[
            step("Look for chats ended but not completed in the agent's inbox: they keep counting against the limit.", "docwiki-icm-available"),
            step("Call capacity/<entry point id>: 0 available slots when every agent is at its maximum load.", "TN212332"),
            step("Check the agents' concurrent chat limit in ECE is what you expect.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "router-no-a-flag",
        version: 2,
        title: "The router does not consider the agent available (no A flag)",
        severity: Error,
        severity_note: PER_AGENT,
        symptom: "The agent is routable and not at its limit, yet the router does not offer it chats.",
        premise: "A is the router's flag for 'available for new work in this domain' (seed). It is missing for a reason the rttest line does not show when the agent is routable, ready and below its task limit.",
        confidence: Confirmed,
        sources: &["seed", "docwiki-icm-available"],
        reads: "rttest `[na-a:b,R]` with a < b",
        checks: &[
            step("Compare with OPC's SetAgentState for this MRD and the CTI server's agent state event (NumTasks, AgentMode).", "TN214657"),
            step("Look for a non-interruptible task in another skill group, or a chat not completed in the agent's inbox.", "docwiki-icm-available"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "agent-not-in-queue-skill-group",
        version: 1,
        title: "A ready agent is not counted for this entry point (ECE 12.0 and later)",
        severity: Error,
        severity_note: "error when the entry point answers 1 while an agent is ready",
        symptom: "The entry point answers 'no agent' although an agent shows ready for chat.",
        premise: "ECE 12.0 and later decide availability by the skill groups configured for the entry point (seed). A ready agent whose skill groups are not those of the entry point's queue does not count; the tool cannot see the queue's mapping, so which skill group is missing is inferred.",
        confidence: Inferred,
        sources: &["seed", "user"],
        reads: "responseType 1; rttest CL lines and OPC SGSTID of the ready agents",
        checks: &[
            step("In ECE, check the skill groups (user groups) mapped to the queue of this entry point include the ready agent's skill group named in the finding.", "seed"),
        ],
        depends: Depends::EceVersion,
    },
    Rule {
        id: "type1-with-ready-agent",
        version: 2,
        title: "The entry point says no agent is available while an agent is ready",
        severity: Error,
        severity_note: "error: the evidence contradicts the answer, which is what needs explaining",
        symptom: "The customer sees the off-hours / no-agents text although an agent shows Ready.",
        premise: "ECE 11.6 counts an agent available when it is available in any skill group of the chat MRD; ECE 12.0 and later count only the skill groups configured for the entry point (seed).",
        confidence: Confirmed,
        sources: &["seed"],
        reads: "responseType 1; agents ready per rttest (na with R and A, below the limit) or OPC (AS_NOT_ACTIVE)",
        checks: &[
            step("On ECE 12.0 and later: check the ready agent's skill group is configured for this entry point (through its queue).", "seed"),
            step("On ECE 11.6: check the agent's MRD is the chat MRD of the entry point's queue.", "seed"),
            step("Check the answer and the logs are from the same minutes.", SUGGESTED),
        ],
        depends: Depends::EceVersion,
    },
    Rule {
        id: "http-cors",
        version: 1,
        title: "The browser blocked the answer (most likely CORS)",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The chat window shows the template's unavailable / technical-problem text, or stays blank; the same URL opened directly works.",
        premise: "Status 0 with net::ERR_FAILED is a request the browser refused to hand to the page; for a chat embedded on another site's page this is usually a missing Access-Control-Allow-Origin for that origin (inferred: the HAR does not name CORS). The ECE chat SDK names the ECE server in its CORSHost setting (TN222773).",
        confidence: Inferred,
        sources: &["har-spec", "chromium-net", "TN222773"],
        reads: "HAR entry with status 0 and _error net::ERR_FAILED (or a CORS message)",
        checks: &[
            step("Open the browser console on the chat page: 'blocked by CORS policy' confirms it.", SUGGESTED),
            step("Allow the embedding site's origin on the ECE web server (or the proxy in front of it); check the SDK's CORSHost names the ECE server.", "TN222773"),
            step("A curl of the same URL succeeds even when CORS blocks it: it does not test CORS.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "http-dns",
        version: 1,
        title: "The ECE host name does not resolve",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The chat window never loads or shows its technical-problem text.",
        premise: "net::ERR_NAME_NOT_RESOLVED is a failed DNS lookup.",
        confidence: Confirmed,
        sources: &["chromium-net", "har-spec"],
        reads: "HAR entry with status 0 and _error net::ERR_NAME_NOT_RESOLVED",
        checks: &[
            step("Resolve the host from the customer's network (nslookup <host>) and check the entry point URL's host name.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "http-tls",
        version: 1,
        title: "TLS or certificate failure on the ECE host",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The chat window never loads; the browser may show a certificate warning.",
        premise: "net::ERR_CERT_* and SSL errors are TLS failures before any HTTP answer.",
        confidence: Confirmed,
        sources: &["chromium-net", "har-spec"],
        reads: "HAR entry with status 0 and _error net::ERR_CERT_* / ERR_SSL_*",
        checks: &[
            step("Check the ECE web server's certificate (name, chain, expiry) as the customer's browser sees it: openssl s_client -connect <host>:443 -servername <host>.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "http-unreachable",
        version: 1,
        title: "The ECE web server could not be reached",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The chat window never loads or shows its technical-problem text.",
        premise: "net::ERR_CONNECTION_* / TIMED_OUT / proxy / offline / blocked-by-client errors mean no HTTP answer came back; the code names which.",
        confidence: Confirmed,
        sources: &["chromium-net", "har-spec"],
        reads: "HAR entry with status 0 and another _error (or none)",
        checks: &[
            step("Check the web server or load balancer is up and reachable on that port from the customer's network (firewall, proxy); for ERR_BLOCKED_BY_CLIENT retry with browser extensions off.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "http-login-redirect",
        version: 1,
        title: "A login page came back instead of the chat answer",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The customer sees a login page, or a chat window that never loads.",
        premise: "A 3xx to a sign-in URL, or an HTML page with a password form, where the chat API answers JSON/XML: something in front of ECE (SSO, proxy, WAF) demands a login. Recognised by URL and page patterns (inferred).",
        confidence: Inferred,
        sources: &["rfc9110"],
        reads: "HAR 3xx with a login Location, or an HTML login page as the answer",
        checks: &[
            step("The customer-facing chat URLs (/system/templates/chat/..., /system/egain/chat/...) must be reachable without login: check the SSO, proxy or WAF rules in front of the ECE web server.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "http-client-error",
        version: 1,
        title: "The chat call was refused with an HTTP 4xx",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The chat library gets no answer (null) and the template shows its unavailable / technical-problem text.",
        premise: "4xx is a client error: wrong path or id (404), refused (403), authentication (401/407), rate limit (429). Which component answered is not in the status.",
        confidence: Confirmed,
        sources: &["rfc9110", "client-code"],
        reads: "HAR entry or pasted call with status 400-499",
        checks: &[
            step("Check the URL (https://<web server>/system/egain/chat/entrypoint/initialize/<id>) and the entry point id; check access rules in front of ECE for /system/egain/chat/.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "http-server-error",
        version: 1,
        title: "The chat call failed with an HTTP 5xx",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The chat library gets no answer (null) and the template shows its unavailable / technical-problem text.",
        premise: "5xx is a server error; 502/503/504 from the web server mean it could not get an answer from the ECE application server. An inactive entry point is not shown by a 500: it gives a 'no service available' page (UWIM44).",
        confidence: Confirmed,
        sources: &["rfc9110", "docwiki-chat-failures", "UWIM44"],
        reads: "HAR entry or pasted call with status 500-599",
        checks: &[
            step("Check the ECE application server's services and its logs at that time; check the web server's relay to it.", "docwiki-chat-failures"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "bosh-system-shutdown",
        version: 2,
        title: "The chat session was refused by the server (system-shutdown)",
        severity: Error,
        severity_note: "error when it ends the entry point's latest session; warning otherwise",
        symptom: "The classic template shows its off-hours text (L10N_OFF_HOURS): the chat library raises OnAgentsNotAvailable.",
        premise: "A BOSH terminate carries a condition (XEP-0124); ECE's public chat client code maps condition system-shutdown to 'agents not available' and the off-hours text. Client behaviour, template-dependent: inferred.",
        confidence: Inferred,
        sources: &["client-code", "xep0124"],
        reads: "HAR BOSH answer `<body type=\"terminate\" condition=\"system-shutdown\">`; the entry point from the request URL",
        checks: &[
            step("Compare with the entry point's initialize answer just before it (1 = no agent, 2 = queue full).", "seed"),
            step("Check an agent was available for chat in a skill group of this entry point's queue at that moment.", "seed"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "bosh-duplicate-session",
        version: 1,
        title: "The chat session was ended: a session already exists (other-request)",
        severity: Warning,
        severity_note: "",
        symptom: "The template's 'session exists' text (L10N_SESSION_EXISTS).",
        premise: "ECE's public chat client code maps the BOSH condition other-request to a duplicate session. Client behaviour: inferred.",
        confidence: Inferred,
        sources: &["client-code", "xep0124"],
        reads: "HAR BOSH answer with condition=\"other-request\"",
        checks: &[
            step("Close other chat windows or tabs of this entry point (or clear the site's cookies) and retry.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "bosh-connection-failed",
        version: 1,
        title: "The chat session ended: connection to the chat server failed",
        severity: Warning,
        severity_note: "",
        symptom: "A connection-failure message in the chat window.",
        premise: "ECE's public chat client code treats remote-connection-failed:<code> as a connection failure with an error code. Client behaviour: inferred.",
        confidence: Inferred,
        sources: &["client-code", "xep0124"],
        reads: "HAR BOSH answer with condition=\"remote-connection-failed:<code>\"",
        checks: &[
            step("Check the web server to application server path and the application server's logs at that time.", "docwiki-chat-failures"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "ep-queue-full",
        version: 1,
        title: "The entry point's queue is full (responseType 2)",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The template's 'all agents busy' / lines-busy text instead of the login form.",
        premise: "responseType 2 means the queue's maximum depth is reached: no new chats are taken.",
        confidence: Confirmed,
        sources: &["seed", "TN212332"],
        reads: "initialize / checkEligibility answer with responseType 2",
        checks: &[
            step("Check how many chats wait: the sessionStatus / sessionStatistics polls in a HAR carry queueDepth.", "client-code"),
            step("Check whether the agents are at their task limit (rttest a:b, ctisvr NumTasks / MaxTaskLimit).", "seed"),
            step("Check the queue's maximum depth setting in ECE.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "ep-no-agent",
        version: 1,
        title: "The entry point answers responseType 1 (no agent available)",
        severity: Error,
        severity_note: DECIDING,
        symptom: "The entry point's off-hours / unavailable message instead of the login form, even when an agent shows Ready.",
        premise: "responseType 1 means no agent is available to work on new chats. ECE 11.6 decides per MRD (any available agent in any skill group of the chat MRD); ECE 12.0 and later by the skill groups configured for the entry point.",
        confidence: Confirmed,
        sources: &["seed", "TN212332"],
        reads: "initialize / checkEligibility answer with responseType 1",
        checks: &[
            step("Is an agent logged in to ECE and marked available for chat?", "seed"),
            step("Router view: rttest, then agent_status /agent <SkillTargetID>: the chat domain should show na with flags R and A (e.g. [na-0:2,RA]).", "seed"),
            step("Listener log: MEDIA_LOGIN_RESP status 0, then MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND; OPC: SetAgentState ... NewState=AS_NOT_ACTIVE.", "TN214657"),
            step("Agents at their task limit leave no capacity: capacity/<id> answers 0 then.", "TN212332"),
        ],
        depends: Depends::EceVersion,
    },
    Rule {
        id: "ep-no-verdict",
        version: 1,
        title: "The entry point's answer gives no verdict",
        severity: Warning,
        severity_note: "",
        symptom: "Depends on the template: public integrations treat anything but 0 as unavailable or a technical problem.",
        premise: "Only responseType 0, 1 and 2 are documented; an answer without one, or with another value, says nothing this tool can state.",
        confidence: Confirmed,
        sources: &["TN212332", "seed"],
        reads: "initialize / checkEligibility answers without a documented responseType",
        checks: &[
            step("Record the ECE version and the raw answer; fetch it again directly (curl / PowerShell from 'Call the API').", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "input-unreadable",
        version: 1,
        title: "An input could not be read",
        severity: Warning,
        severity_note: "",
        symptom: "Part of the evidence is missing from the analysis; the problem below says where reading stopped.",
        premise: "A HAR or a JSON answer that does not parse as JSON cannot be analysed; its position names the first character that does not fit.",
        confidence: Confirmed,
        sources: &["evidence", "har-spec"],
        reads: "every HAR and pasted answer",
        checks: &[
            step("Export the HAR again (developer tools, Network, 'Save all as HAR'), or paste the whole answer: a cut copy gives this error.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "evidence-other-time",
        version: 1,
        title: "The logs and the answer are from different times",
        severity: Info,
        severity_note: "",
        symptom: "What the logs show about agents may not hold when the entry point answered.",
        premise: "The answer's time and the log lines' times are compared as written (the listener's GMT offset applied).",
        confidence: Confirmed,
        sources: &["evidence"],
        reads: "HAR startedDateTime; dated log lines with their zone",
        checks: &[
            step("Collect the logs for the minutes of the answer (or capture a new answer while collecting).", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "no-chat-scripts-after-type0",
        version: 1,
        title: "After responseType 0 the chat page loaded no further chat scripts",
        severity: Warning,
        severity_note: "",
        symptom: "The customer got 'available' but the login form may never have appeared.",
        premise: "If agents are available the browser goes on to load the chat's further .js files and shows the entry point's login page (seed). That the capture lacking them means the page stopped is inferred: the capture may have ended early.",
        confidence: Inferred,
        sources: &["seed"],
        reads: "HAR: initialize answering 0, then no .js under /templates/chat/ and no chat session",
        checks: &[
            step("Open the browser console on the chat page for script errors after the initialize call.", SUGGESTED),
            step("Capture again, keeping the recording on until the login form shows.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "queue-growing",
        version: 1,
        title: "The queue grows and no agent joins",
        severity: Warning,
        severity_note: "",
        symptom: "The customer waits with a growing queue position; no agent message arrives.",
        premise: "The chat client polls sessionStatus / sessionStatistics for queueDepth and waitTime while it waits (client code). A depth that only grows with no agent message means chats enter the queue but are not assigned (inferred).",
        confidence: Inferred,
        sources: &["client-code", "seed"],
        reads: "HAR sessionStatus / sessionStatistics answers (queueDepth), BOSH answers (agent messages)",
        checks: &[
            step("Check the agents of this entry point's queue are available and below their task limit (rttest agent_status).", "seed"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "har-without-ece-calls",
        version: 1,
        title: "The HAR capture holds no ECE chat call",
        severity: Info,
        severity_note: "",
        symptom: "The customer's side of the story is missing.",
        premise: "The chat calls live under /system/egain/chat/ and /system/templates/chat/; none is in this capture.",
        confidence: Confirmed,
        sources: &["evidence", "client-code"],
        reads: "every HAR entry's URL",
        checks: &[
            step("Record the HAR with developer tools open (Network tab, 'Preserve log') while opening the chat link, then 'Save all as HAR'.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "login-not-in-evidence",
        version: 2,
        title: "The agent's media login is not in the evidence",
        severity: Info,
        severity_note: "",
        symptom: "Routable/ready indications exist for an agent whose login the logs do not show.",
        premise: "The indications only work after a successful login (seed); the login happened before these logs start, or was not captured.",
        confidence: Confirmed,
        sources: &["seed"],
        reads: "MAKE_AGENT_ROUTABLE_IND / MAKE_AGENT_READY_IND without MEDIA_LOGIN_REQ/RESP for the agent",
        checks: &[
            step("If the agent still shows unavailable, collect the listener log from the agent's login (ARMLogger, MEDIA_LOGIN_REQ) and the CTI server trace of the same minute.", "TN214657"),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "clock-offset",
        version: 2,
        title: "The logs' clocks differ",
        severity: Info,
        severity_note: "",
        symptom: "Times of the same message differ between logs.",
        premise: "The listener stamps its lines with GMT and an offset (GMT+0000 in the seed); the PG logs print local time with no zone and no date. The offset is inferred from the same message logged by both.",
        confidence: Confirmed,
        sources: &["evidence", "seed"],
        reads: "the same ARM request in two logs",
        checks: &[
            step("If the shift is wrong (logs from different days, a changed time zone), set it by hand.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
    Rule {
        id: "unrecognised-lines",
        version: 1,
        title: "Lines not recognised",
        severity: Info,
        severity_note: "",
        symptom: "Some lines match no known log shape.",
        premise: "They are kept as evidence, not analysed.",
        confidence: Confirmed,
        sources: &["evidence"],
        reads: "every log line",
        checks: &[
            step("If they matter, paste them on their own to see where reading stopped.", SUGGESTED),
        ],
        depends: Depends::Nothing,
    },
];

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
    match s {
        Error => "error",
        Warning => "warning",
        Info => "info",
    }
}

pub fn confidence_word(c: Confidence) -> &'static str {
    match c {
        Confirmed => "confirmed",
        Inferred => "inferred",
        Unconfirmed => "unconfirmed",
    }
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
