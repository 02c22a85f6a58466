//! Explaining one answer of the ECE chat API.

use crate::model::Confidence;
use serde::Serialize;
use serde_json::Value;

use super::bosh::explain_bosh;
use super::failure::{explain_http_error, html_title, is_html, looks_like_login_page};
pub use super::failure::{explain_network_error, explain_redirect};
use super::probes::{explain_availability, explain_capacity, explain_chat_allowed, explain_queue};
use super::xml;

/// `checkEligibility.responseType`: the entry point's verdict on new chats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum ResponseType {
    /// 0: agents available, or the queue is not yet full.
    Available,
    /// 1: no agent available to work on new chats.
    NoAgent,
    /// 2: the queue's maximum depth is reached.
    QueueFull,
    /// Any other value: no public source defines it.
    Unknown(i64),
}

impl ResponseType {
    pub fn from_code(code: i64) -> ResponseType {
        match code {
            0 => ResponseType::Available,
            1 => ResponseType::NoAgent,
            2 => ResponseType::QueueFull,
            n => ResponseType::Unknown(n),
        }
    }

    pub fn code(self) -> i64 {
        match self {
            ResponseType::Available => 0,
            ResponseType::NoAgent => 1,
            ResponseType::QueueFull => 2,
            ResponseType::Unknown(n) => n,
        }
    }

    /// One line: what the value means.
    pub fn meaning(self) -> String {
        match self {
            ResponseType::Available => {
                "0 — the entry point takes new chats: an agent is available or the queue is not yet full".into()
            }
            ResponseType::NoAgent => "1 — no agent is available to work on new chats".into(),
            ResponseType::QueueFull => {
                "2 — the queue's maximum depth is reached: no new chats are taken".into()
            }
            ResponseType::Unknown(n) => format!(
                "{n} — unknown value: no public source defines it (0, 1 and 2 are the documented ones); shown as is, not guessed"
            ),
        }
    }

    /// What the customer sees in the chat window.
    pub fn customer_sees(self) -> &'static str {
        match self {
            ResponseType::Available => {
                "The chat window goes on to the login form (name, e-mail, subject fields) and the customer can start a chat."
            }
            ResponseType::NoAgent => {
                "The entry point's off-hours / 'no agents available' message instead of the login form (template text, e.g. 'Thank you for your inquiry. Our hours are ...') — even if an agent shows Ready."
            }
            ResponseType::QueueFull => {
                "The template's 'all agents are busy' message instead of the login form (in the classic template presumably L10N_LINES_ARE_BUSY: an unconfirmed link)."
            }
            ResponseType::Unknown(_) => {
                "Depends on the template: public integrations treat any value other than 0 as 'chat unavailable' or a technical problem."
            }
        }
    }

    /// What to check next.
    pub fn next_steps(self) -> Vec<NextStep> {
        steps(match self {
            ResponseType::Available => &[
                ("The entry point itself says chats can start; if the customer still sees 'no agents', look at the next calls in the capture: for a BOSH answer with condition=\"system-shutdown\" ECE's public chat client code shows its off-hours text (client behaviour: inferred).", "client-code"),
                ("If agents are available the browser goes on to load the chat's further .js files and shows the login page: check the capture has them, and the browser console for script errors.", "seed"),
                ("Unconfirmed (one lab note): with the entry point's 'Agent Available' set to 'Not Required' the answer is 0 even with nobody logged in.", "orourke"),
            ],
            ResponseType::NoAgent => &[
                ("Is an agent logged in to ECE and marked Available for chat (the agent console's availability toggle)?", "seed"),
                ("Is that agent in a skill group of the chat MRD that is mapped to the queue of this entry point? ECE 11.6 decides per MRD; ECE 12.0 and later use the skill groups configured for the entry point.", "seed"),
                ("Router view: `rttest`, then `agent_status /agent <SkillTargetID>` should show the chat domain with state na and flags R and A (e.g. [na-0:2,RA]); a D flag means the application path reports the domain not available (the seed ties it to CSCvq11852 on ICM 11.5/11.6/12.0).", "seed"),
                ("Listener log: MEDIA_LOGIN_RESP status 0, then MAKE_AGENT_ROUTABLE_IND and MAKE_AGENT_READY_IND; OPC: SetAgentState ... NewState=AS_NOT_ACTIVE for the chat skill group.", "TN214657"),
                ("Agents at their concurrent-task limit also leave no capacity: `capacity/<id>` returns 0 then.", "TN212332"),
            ],
            ResponseType::QueueFull => &[
                ("Check the queue's maximum depth setting in ECE Administration and how many chats are waiting (sessionStatus/sessionStatistics queueDepth).", "suggested"),
                ("Are agents at their concurrent-task limit (capacity/<id> returns 0; ctisvr NumTasks == MaxTaskLimit)?", "TN212332"),
                ("Are enough agents Available for chat in the skill groups of this entry point's queue?", "seed"),
            ],
            ResponseType::Unknown(_) => &[
                ("Record the ECE version and the raw answer; compare with the Developer's Guide to Web Service APIs for Chat of that release.", "suggested"),
            ],
        })
    }
}

/// One step to check next, and what it rests on: a source id of the rule catalogue
/// (`analysis::rules::catalog::SOURCES`), or `suggested` when no source states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NextStep {
    pub text: String,
    pub source: String,
}

impl NextStep {
    pub fn new(text: impl Into<String>, source: &str) -> Self {
        NextStep {
            text: text.into(),
            source: source.to_string(),
        }
    }

    /// This tool's own advice: no source states it.
    pub fn suggested(text: impl Into<String>) -> Self {
        NextStep::new(text, "suggested")
    }
}

pub(super) fn steps(v: &[(&str, &str)]) -> Vec<NextStep> {
    v.iter().map(|(t, s)| NextStep::new(*t, s)).collect()
}

/// What kind of answer this was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// `entrypoint/initialize/<id>` JSON.
    Initialize,
    /// `checkEligibility/<id>`: `responseType` alone.
    CheckEligibility,
    /// `agentAvailability/<id>`: `available="true|false"`.
    AgentAvailability,
    /// `capacity/<id>`: `availableSlots` count.
    Capacity,
    /// `sessionStatus/<sid>` or `sessionStatistics`: queue depth and wait time.
    QueueStatus,
    /// `chatAllowed`: `allowed="true|false"`.
    ChatAllowed,
    /// A BOSH `<body>` of the chat session.
    BoshSession,
    /// An HTML page where one was expected (the chat template page).
    Page,
    /// No HTTP answer at all (status 0): CORS, DNS, offline, blocked by the client.
    NetworkFailure,
    /// HTTP 4xx/5xx.
    HttpError,
    /// HTTP 3xx.
    Redirect,
    /// An HTML login page where JSON/XML was expected.
    LoginPage,
    /// Some other HTML page where JSON/XML was expected.
    HtmlInsteadOfData,
    /// HTTP success with an empty body.
    Empty,
    /// The capture did not record the body.
    NotCaptured,
    /// JSON or XML of a shape we do not know.
    Unrecognised,
}

/// Overall availability as one answer states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Chats can start.
    Open,
    /// No agent available.
    NoAgent,
    /// Queue full.
    QueueFull,
    /// Off hours / agents unavailable (BOSH system-shutdown).
    Closed,
    /// The answer says nothing about availability, or says it in an unknown way.
    Unknown,
}

/// Why a call got no HTTP answer, as the browser's error code says (Chromium's net error list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// `net::ERR_FAILED` (or a CORS message): usually CORS.
    Cors,
    /// `net::ERR_NAME_NOT_RESOLVED`.
    Dns,
    /// `net::ERR_CERT_*`, `ERR_SSL_*`.
    Tls,
    /// Refused, reset, timed out, unreachable.
    Unreachable,
    /// The browser was offline.
    Offline,
    /// An extension blocked it (`ERR_BLOCKED_BY_CLIENT`).
    BlockedByClient,
    /// CORP/ORB blocked the response.
    BlockedByPolicy,
    Proxy,
    /// Cancelled by the page or a navigation.
    Aborted,
    /// No error code, or one not listed here.
    Unknown,
}

/// One field of an answer with its meaning and how sure that meaning is.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FieldExplanation {
    pub name: String,
    /// The value as JSON text (`false`, `5`, `"..."`).
    pub value: String,
    pub meaning: String,
    pub confidence: Confidence,
}

/// A field we do not know, shown raw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RawField {
    pub name: String,
    pub value: String,
}

/// Everything we can say about one answer.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AnswerExplanation {
    pub kind: AnswerKind,
    pub availability: Availability,
    /// One line for a listing.
    pub headline: String,
    /// The raw `responseType`, when the answer has one and it is a number.
    pub response_type: Option<i64>,
    pub customer_sees: Option<String>,
    /// What to check next, each step with its source (or `suggested`).
    pub next_steps: Vec<NextStep>,
    /// Known fields, each with meaning and confidence.
    pub fields: Vec<FieldExplanation>,
    /// Fields we do not know: listed raw.
    pub unknown_fields: Vec<RawField>,
    /// Things noticed while reading (malformed values, missing parts).
    pub notes: Vec<String>,
    /// For a call without an HTTP answer: why, as far as the error code says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

impl AnswerExplanation {
    pub(super) fn new(kind: AnswerKind, headline: impl Into<String>) -> Self {
        AnswerExplanation {
            kind,
            availability: Availability::Unknown,
            headline: headline.into(),
            response_type: None,
            customer_sees: None,
            next_steps: Vec::new(),
            fields: Vec::new(),
            unknown_fields: Vec::new(),
            notes: Vec::new(),
            failure: None,
        }
    }

    pub(super) fn field(
        &mut self,
        name: &str,
        value: String,
        meaning: &str,
        confidence: Confidence,
    ) {
        self.fields.push(FieldExplanation {
            name: name.into(),
            value,
            meaning: meaning.into(),
            confidence,
        });
    }

    fn set_response_type(&mut self, rt: ResponseType) {
        self.response_type = Some(rt.code());
        self.availability = match rt {
            ResponseType::Available => Availability::Open,
            ResponseType::NoAgent => Availability::NoAgent,
            ResponseType::QueueFull => Availability::QueueFull,
            ResponseType::Unknown(_) => Availability::Unknown,
        };
        self.customer_sees = Some(rt.customer_sees().into());
        self.next_steps = rt.next_steps();
    }

    /// Adds what a response header says (`X-egain-session` on an initialize answer).
    pub fn add_session_header(&mut self, value: &str) {
        if self.fields.iter().any(|f| f.name == "X-egain-session") {
            return;
        }
        self.field(
            "X-egain-session",
            format!(
                "\"[session id, {} characters, hidden]\"",
                value.chars().count()
            ),
            FIELD_X_EGAIN_SESSION,
            Confidence::Inferred,
        );
    }
}

const FIELD_X_EGAIN_SESSION: &str = "response header the chat library copies onto the answer: the eGain session id for this chat (meaning read from its name)";

/// Known initialize fields: name, meaning, confidence.
const INITIALIZE_FIELDS: &[(&str, &str, Confidence)] = &[
    ("checkEligibility", "the entry point's verdict on new chats (responseType, explained above)", Confidence::Confirmed),
    ("maskingPatterns", "patterns the chat window uses to mask sensitive data (e.g. card numbers) in what the customer types, before sending; each has regEx, maskingChar, charToRetainLeft/Right, luhnAlgo (1 = mask only numbers passing a Luhn check)", Confidence::Confirmed),
    ("htmlTagMatcherRegEx", "regular expression the chat library uses to re-apply masking inside HTML-formatted messages", Confidence::Confirmed),
    ("htmlTagMatcherIncr", "step the chat library uses with htmlTagMatcherRegEx when masking inside HTML messages", Confidence::Confirmed),
    ("isVideoChatLicensed", "whether this installation is licensed for video chat (read from the name)", Confidence::Inferred),
    ("isVideoChatEnabled", "whether video chat is enabled for this entry point (read from the name)", Confidence::Inferred),
    ("videoChatMaxEscalation", "highest escalation the customer may take the chat to (audio/video); the chat library treats 3 or more than 4 as direct video (read from the name and library code that uses a field of the same name elsewhere)", Confidence::Inferred),
    ("isDirectAudioChatEnabled", "whether the customer can start audio directly (read from the name)", Confidence::Inferred),
    ("isChatAttachmentEnabled", "whether the customer may send attachments in chat (read from the name)", Confidence::Inferred),
    ("maxChatAttachmentSize", "largest attachment the customer may send, presumably in MB (read from the name)", Confidence::Inferred),
    ("isBlackListType", "whether the attachment file-type list is a block list rather than an allow list (read from the name)", Confidence::Inferred),
    ("isOffRecordEnabled", "whether the customer may turn on 'off the record' (messages not masked/stored) (read from the name)", Confidence::Inferred),
    ("isOneTagOff", "a template/markup option; the name alone does not say what it switches (read from the name)", Confidence::Inferred),
    ("X-egain-session", FIELD_X_EGAIN_SESSION, Confidence::Inferred),
];

fn json_text(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 300 {
        let mut cut = 300;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}…", &s[..cut])
    } else {
        s
    }
}

/// A number given as a JSON number or a string of digits.
pub(super) fn as_i64(v: &Value) -> Option<i64> {
    // Beyond 2^53 a JSON number has already lost digits: it is no exact integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn as_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// The value of `"key"` as written in a JSON text (its first occurrence): a number's digits
/// exactly as typed, which the parsed value may have rounded.
fn literal_after<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\"");
    let at = body.find(&pat)? + pat.len();
    let rest = body[at..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| c == ',' || c == '}' || c == ']' || c.is_whitespace())
        .unwrap_or(rest.len());
    let lit = &rest[..end];
    (!lit.is_empty() && lit.len() <= 200).then_some(lit)
}

fn explain_response_type(exp: &mut AnswerExplanation, raw: Option<&Value>, body: &str) {
    // An unknown number is shown as written: `99999999999999999999999`, not the rounded 1e23.
    let written = |v: &Value| match v {
        Value::Number(_) => literal_after(body, "responseType")
            .map(String::from)
            .unwrap_or_else(|| json_text(v)),
        _ => json_text(v),
    };
    match raw {
        None => {
            exp.notes.push("the answer has no checkEligibility.responseType: the verdict on new chats is not in it".into());
            exp.headline = format!("{} — no responseType in the answer", exp.headline);
        }
        Some(v) => match as_i64(v) {
            Some(code) => {
                let rt = ResponseType::from_code(code);
                exp.set_response_type(rt);
                exp.headline = match rt {
                    ResponseType::Unknown(_) => format!(
                        "responseType {} — unknown value: no public source defines it (0, 1 and 2 are the documented ones); shown as is, not guessed",
                        written(v)
                    ),
                    _ => format!("responseType {}", rt.meaning()),
                };
            }
            None => {
                let shown = written(v);
                exp.notes.push(format!(
                    "responseType is {shown} — not a whole number this tool can read exactly; unknown, shown as is"
                ));
                exp.headline = format!("responseType {shown} — unknown value, shown as is");
            }
        },
    }
}

fn explain_initialize(obj: &serde_json::Map<String, Value>, body: &str) -> AnswerExplanation {
    let mut exp = AnswerExplanation::new(AnswerKind::Initialize, "initialize answer");
    let rt = obj.get("checkEligibility").and_then(|c| match c {
        Value::Object(m) => m.get("responseType"),
        other => Some(other),
    });
    explain_response_type(&mut exp, rt, body);
    for (n, meaning, conf) in INITIALIZE_FIELDS {
        let Some(value) = obj.get(*n) else { continue };
        let mut meaning = meaning.to_string();
        if *n == "maskingPatterns" {
            let count = value
                .get("maskingPattern")
                .map(|p| match p {
                    Value::Array(a) => a.len(),
                    Value::Null => 0,
                    _ => 1,
                })
                .unwrap_or(0);
            meaning = format!("{count} pattern(s): {meaning}");
        }
        exp.fields.push(FieldExplanation {
            name: n.to_string(),
            value: if *n == "X-egain-session" {
                "\"[session id, hidden]\"".into()
            } else {
                json_text(value)
            },
            meaning,
            confidence: *conf,
        });
    }
    for (name, value) in obj {
        if !INITIALIZE_FIELDS.iter().any(|(n, _, _)| n == name) {
            exp.unknown_fields.push(RawField {
                name: name.clone(),
                value: json_text(value),
            });
        }
    }
    exp
}

/// Looks for a key (case-insensitive) anywhere in a JSON value, depth-first.
fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => m
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
            .or_else(|| m.values().find_map(|x| find_key(x, key))),
        Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

fn value_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Explains an answer pasted by the user: no HTTP status is known, so none is named.
pub fn explain_pasted(body: &str) -> AnswerExplanation {
    let mut exp = explain_answer(200, None, body);
    if let Some(rest) = exp.headline.strip_prefix("HTTP 200: ") {
        exp.headline = format!("the pasted answer: {rest}");
    } else if let Some(rest) = exp.headline.strip_prefix("HTTP 200 ") {
        exp.headline = format!("the pasted answer, {rest}");
    }
    exp
}

/// Explains one answer of the ECE chat API, wherever it comes from (HAR entry, pasted text,
/// live call). The kind is recognised from the body itself: the initialize JSON, the XML/JSON of
/// checkEligibility, agentAvailability, capacity, sessionStatus/sessionStatistics, chatAllowed,
/// BOSH bodies; HTTP failures and HTML pages are explained as such.
///
/// `status` 0 means "no HTTP answer"; pass the browser's error text through
/// [`explain_network_error`] when you have it.
pub fn explain_answer(status: u16, content_type: Option<&str>, body: &str) -> AnswerExplanation {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    if status == 0 {
        return explain_network_error(None);
    }
    if (300..400).contains(&status) {
        return explain_redirect(status, None);
    }
    if status >= 400 {
        return explain_http_error(status, content_type, body);
    }
    let trimmed = body.trim();
    if trimmed.is_empty() {
        let mut exp = AnswerExplanation::new(
            AnswerKind::Empty,
            format!("HTTP {status} with an empty body — no availability verdict in it"),
        );
        exp.next_steps = vec![NextStep::suggested("Fetch the answer directly (curl/PowerShell command) to see whether the server really sends nothing.")];
        return exp;
    }
    // JSON?
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => return explain_json(status, &v, trimmed),
            Err(e) => {
                let mut exp = AnswerExplanation::new(
                    AnswerKind::Unrecognised,
                    format!("HTTP {status}: the answer looks like JSON but does not parse: {e}"),
                );
                exp.next_steps = vec![NextStep::suggested(
                    "Copy the whole answer; a truncated paste gives this error.",
                )];
                return exp;
            }
        }
    }
    if trimmed.starts_with('<') {
        if is_html(content_type, trimmed) {
            if looks_like_login_page(trimmed) {
                let mut exp = AnswerExplanation::new(
                    AnswerKind::LoginPage,
                    format!("HTTP {status}: a login page came back instead of the chat answer"),
                );
                exp.customer_sees = Some("A login page, or a chat window that never loads.".into());
                exp.next_steps = vec![NextStep::suggested("The customer-facing chat URLs must be reachable without login: check SSO/proxy/WAF rules in front of the ECE web server.")];
                return exp;
            }
            let mut exp = AnswerExplanation::new(
                AnswerKind::Page,
                format!(
                    "HTTP {status}: an HTML page{}",
                    html_title(trimmed)
                        .map(|t| format!(" (title \"{t}\")"))
                        .unwrap_or_default()
                ),
            );
            exp.notes.push("if this was an API call (initialize, checkEligibility ...), an HTML page means something in front of ECE (proxy, error page) answered instead of the chat servlet".into());
            return exp;
        }
        if let Some(root) = xml::parse(trimmed) {
            return explain_xml(status, &root);
        }
    }
    let t = trimmed.to_ascii_lowercase();
    if t == "true" || t == "false" {
        return explain_availability(as_bool(&t), &t);
    }
    let mut exp = AnswerExplanation::new(
        AnswerKind::Unrecognised,
        format!(
            "HTTP {status}: an answer of unknown shape (neither JSON nor XML the chat API uses)"
        ),
    );
    exp.notes.push(format!(
        "starts with: {}",
        trimmed.chars().take(80).collect::<String>()
    ));
    exp
}

fn explain_json(status: u16, v: &Value, body: &str) -> AnswerExplanation {
    let obj = match v {
        Value::Object(m) => m,
        other => {
            let mut exp = AnswerExplanation::new(
                AnswerKind::Unrecognised,
                format!("HTTP {status}: JSON that is not an object"),
            );
            exp.notes.push(json_text(other));
            return exp;
        }
    };
    let has = |k: &str| obj.keys().any(|x| x.eq_ignore_ascii_case(k));
    if has("maskingPatterns")
        || has("isVideoChatLicensed")
        || has("htmlTagMatcherRegEx")
        || (has("checkEligibility") && obj.len() > 1)
    {
        return explain_initialize(obj, body);
    }
    if let Some(ce) = obj
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("checkEligibility"))
        .map(|(_, v)| v)
    {
        // {"checkEligibility":{"responseType":1}} alone: the checkEligibility API in JSON.
        let mut exp = AnswerExplanation::new(AnswerKind::CheckEligibility, "checkEligibility");
        explain_response_type(&mut exp, find_key(ce, "responseType").or(Some(ce)), body);
        add_unknown(&mut exp, obj, &["checkEligibility"]);
        return exp;
    }
    if let Some(rt) = obj
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("responseType"))
        .map(|(_, v)| v)
    {
        let mut exp = AnswerExplanation::new(AnswerKind::CheckEligibility, "checkEligibility");
        explain_response_type(&mut exp, Some(rt), body);
        add_unknown(&mut exp, obj, &["responseType"]);
        return exp;
    }
    if let Some(a) = find_key(v, "available") {
        let raw = value_str(a);
        let mut exp = explain_availability(as_bool(&raw), &raw);
        add_unknown(&mut exp, obj, &["available", "agentAvailability"]);
        return exp;
    }
    if let Some(a) = find_key(v, "allowed") {
        return explain_chat_allowed(&value_str(a));
    }
    if has("availableSlots") || has("count") {
        let c = find_key(v, "count").or_else(|| find_key(v, "availableSlots"));
        let raw = c.map(value_str).unwrap_or_default();
        let mut exp = explain_capacity(c.and_then(as_i64), &raw);
        add_unknown(&mut exp, obj, &["count", "availableSlots"]);
        return exp;
    }
    if find_key(v, "queueDepth").is_some() || find_key(v, "waitTime").is_some() {
        return explain_queue(
            find_key(v, "queueDepth").map(value_str),
            find_key(v, "waitTime").map(value_str),
            find_key(v, "altEngmtTime").map(value_str),
        );
    }
    let mut exp = AnswerExplanation::new(
        AnswerKind::Unrecognised,
        format!("HTTP {status}: JSON of a shape the chat API is not known to send"),
    );
    add_unknown(&mut exp, obj, &[]);
    exp
}

fn add_unknown(exp: &mut AnswerExplanation, obj: &serde_json::Map<String, Value>, known: &[&str]) {
    for (k, v) in obj {
        if !known.iter().any(|n| n.eq_ignore_ascii_case(k)) {
            exp.unknown_fields.push(RawField {
                name: k.clone(),
                value: json_text(v),
            });
        }
    }
}

fn explain_xml(status: u16, root: &xml::Element) -> AnswerExplanation {
    match root.local_name().to_ascii_lowercase().as_str() {
        "checkeligibility" => {
            let mut exp = AnswerExplanation::new(AnswerKind::CheckEligibility, "checkEligibility");
            let raw = root.value_of("responseType").map(|s| {
                s.parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(s))
            });
            explain_response_type(&mut exp, raw.as_ref(), "");
            exp
        }
        "agentavailability" => {
            let raw = root.value_of("available").unwrap_or_default();
            explain_availability(as_bool(&raw), &raw)
        }
        "availableslots" | "capacity" => {
            let raw = root
                .value_of("count")
                .unwrap_or_else(|| root.text_content().trim().to_string());
            explain_capacity(raw.parse().ok(), &raw)
        }
        "sessionstatus" | "sessionstatistics" | "livesessionstatus" => explain_queue(
            root.value_of("queueDepth"),
            root.value_of("waitTime"),
            root.value_of("altEngmtTime"),
        ),
        "chatallowed" => explain_chat_allowed(&root.value_of("allowed").unwrap_or_default()),
        "body" => explain_bosh(root),
        other => {
            let mut exp = AnswerExplanation::new(
                AnswerKind::Unrecognised,
                format!(
                    "HTTP {status}: XML <{other}> of a shape the chat API is not known to send"
                ),
            );
            for (k, v) in &root.attrs {
                exp.unknown_fields.push(RawField {
                    name: k.clone(),
                    value: v.clone(),
                });
            }
            exp
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_types() {
        for (code, avail) in [
            (0, Availability::Open),
            (1, Availability::NoAgent),
            (2, Availability::QueueFull),
        ] {
            let e = explain_answer(200, Some("application/json"), &format!("{{\"checkEligibility\":{{\"responseType\":{code}}},\"maskingPatterns\":{{\"maskingPattern\":[]}}}}"));
            assert_eq!(e.kind, AnswerKind::Initialize);
            assert_eq!(e.response_type, Some(code));
            assert_eq!(e.availability, avail);
        }
        let e = explain_answer(
            200,
            None,
            r#"{"checkEligibility":{"responseType":7},"isOneTagOff":true}"#,
        );
        assert_eq!(e.response_type, Some(7));
        assert_eq!(e.availability, Availability::Unknown);
        assert!(e.headline.contains("unknown"), "{}", e.headline);
    }
}
