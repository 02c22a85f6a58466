//! HAR documents from a grammar: entries for every ECE chat call (initialize, checkEligibility,
//! agentAvailability, capacity, chatAllowed, BOSH, sessionStatus/Statistics, the template page,
//! ws/v1) and other requests, with headers, cookies, query strings, bodies of each MIME type
//! (JSON, XML, HTML, text, base64) and secrets planted where the README promises to remove them.
//!
//! The `har_model` target renders one and checks what the product promises about it: the file
//! reads, every ECE call is recognised with its entry point and status, initialize and
//! checkEligibility answers give their responseType, sanitizing removes every planted secret and
//! keeps that evidence (the calls, their entry points, statuses and verdicts), sanitizing twice
//! changes nothing more, and the analysis's report points inside the file and reads back from JSON.

use arbitrary::{Arbitrary, Result, Unstructured};
use ece_triage::har::reader::{read_har_fast, read_har_serde};
use ece_triage::har::{read_har_str, CallKind, HarCapture};

use super::super::invariants::check_report;
use super::super::sanitizing;
use super::json::{Style, J};
use super::{list, surviving_secret, xml_escape, NumText, Secret, Word, ID_CHARS};

/// At most `N` items.
#[derive(Debug, Clone)]
pub struct Few<T, const N: usize>(pub Vec<T>);

impl<'a, T: Arbitrary<'a>, const N: usize> Arbitrary<'a> for Few<T, N> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Few(list(u, N)?))
    }
}

/// A whole HAR file.
#[derive(Debug, Clone, Arbitrary)]
pub struct HarDoc {
    pub style: Style,
    pub creator: Creator,
    pub with_pages: bool,
    pub entries: Few<Entry, 6>,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Creator {
    Chrome,
    Firefox,
    Fiddler,
    Safari,
    Charles,
}

/// One request and its answer.
#[derive(Debug, Clone, Arbitrary)]
pub struct Entry {
    /// Milliseconds after the previous entry started.
    pub after_ms: u16,
    pub stamp: StampForm,
    pub time: NumText,
    pub timings: Few<(Phase, NumText), 8>,
    pub origin: Origin,
    pub call: Call,
    /// The case of the path's fixed words (`/egain/chat/entrypoint/initialize`): servers and
    /// proxies that ignore case let any spelling through.
    pub path_case: PathCase,
    /// Spaces in the query written as `+` (a form's encoding) instead of `%20`.
    pub plus_for_space: bool,
    /// More query parameters on the URL (and in `queryString`).
    pub query: Few<Param, 3>,
    pub request_headers: Few<Header, 4>,
    pub cookies: Few<Cookie, 3>,
    pub status: Status,
    pub response_headers: Few<Header, 3>,
    pub set_cookie: Option<Secret>,
    pub body: Body,
    /// The answer's text base64-encoded (`"encoding": "base64"`).
    pub base64: bool,
    /// `response` written before `request`.
    pub response_first: bool,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum PathCase {
    AsIs,
    Lower,
    Upper,
}

impl PathCase {
    fn apply(self, s: &str) -> String {
        match self {
            PathCase::AsIs => s.to_string(),
            PathCase::Lower => s.to_ascii_lowercase(),
            PathCase::Upper => s.to_ascii_uppercase(),
        }
    }
}

/// How `startedDateTime` is written.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum StampForm {
    /// `2024-05-06T10:00:01.234Z` (Chrome).
    Utc,
    /// `2024-05-06T12:00:01.234+02:00` (Firefox).
    Offset,
    /// `2024-05-06T10:00:01Z`.
    NoMillis,
    /// `2024-05-06T12:00:01.2345678+02:00` (Fiddler).
    Ticks,
    Missing,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Phase {
    Blocked,
    Dns,
    Connect,
    Ssl,
    Send,
    Wait,
    Receive,
    BlockedQueueing,
}

impl Phase {
    fn key(self) -> &'static str {
        match self {
            Phase::Blocked => "blocked",
            Phase::Dns => "dns",
            Phase::Connect => "connect",
            Phase::Ssl => "ssl",
            Phase::Send => "send",
            Phase::Wait => "wait",
            Phase::Receive => "receive",
            Phase::BlockedQueueing => "_blocked_queueing",
        }
    }
}

/// Scheme, host, credentials and the context root before `/egain/...`.
#[derive(Debug, Clone, Arbitrary)]
pub struct Origin {
    pub host: Host,
    /// `user:password@` before the host (the password is a secret).
    pub credentials: Option<(IdWord, Secret)>,
    pub root: Root,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Host {
    Ece,
    EcePort(u16),
    Ip,
    Upper,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Root {
    System,
    Nested,
    None,
}

/// A word of id characters only, 1 to 10 of them (entry point ids, user names: nothing that reads
/// as an e-mail address, a JWT or a long secret-looking value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdWord(pub String);

impl<'a> Arbitrary<'a> for IdWord {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(1..=10)?;
        let mut s = String::with_capacity(n);
        for _ in 0..n {
            s.push(char::from(*u.choose(&ID_CHARS[..62])?));
        }
        Ok(IdWord(s))
    }
}

/// An entry point id as the URL carries it.
#[derive(Debug, Clone, Arbitrary)]
pub enum Ep {
    Number(u16),
    Id(IdWord),
    /// Needs percent-encoding in a path (`a b`, `é`, `x/y`): no id, not to be taken for one.
    Spaced(IdWord, IdWord),
    Accented(IdWord),
    Slashed(IdWord, IdWord),
}

impl Ep {
    /// The id as the product should read it back (percent-decoded).
    pub fn value(&self) -> String {
        match self {
            Ep::Number(n) => n.to_string(),
            Ep::Id(w) => w.0.clone(),
            Ep::Spaced(a, b) => format!("{} {}", a.0, b.0),
            Ep::Accented(w) => format!("{}é", w.0),
            Ep::Slashed(a, b) => format!("{}/{}", a.0, b.0),
        }
    }
}

/// Which request an entry is.
#[derive(Debug, Clone, Arbitrary)]
pub enum Call {
    Initialize(Ep),
    CheckEligibility(Ep),
    AgentAvailability(Ep),
    Capacity(Ep),
    ChatAllowed(Ep),
    Bosh(Ep, Bosh),
    SessionStatus(Secret),
    SessionStatistics(Ep),
    TemplatePage(IdWord, Ep),
    RestV1(IdWord, Ep),
    /// A request that is not ECE's (analytics, scripts, a login API).
    Other(Few<Word, 3>),
}

/// What a BOSH request carries.
#[derive(Debug, Clone, Arbitrary)]
pub enum Bosh {
    /// Session creation with the customer's login fields.
    Create {
        first_name: Secret,
        email: Secret,
        phone: u32,
    },
    /// A chat message the customer typed.
    Message(Secret),
    /// An empty poll; the server answers with a terminate condition.
    Poll(Condition),
}

#[derive(Debug, Clone, Arbitrary)]
pub enum Condition {
    SystemShutdown,
    ItemNotFound,
    PolicyViolation,
    Other(IdWord),
}

impl Condition {
    fn text(&self) -> String {
        match self {
            Condition::SystemShutdown => "system-shutdown".into(),
            Condition::ItemNotFound => "item-not-found".into(),
            Condition::PolicyViolation => "policy-violation".into(),
            Condition::Other(w) => w.0.clone(),
        }
    }
}

/// A query parameter: a harmless one, or a token the sanitizer must remove.
#[derive(Debug, Clone, Arbitrary)]
pub enum Param {
    Plain(IdWord, Word),
    AccessToken(Secret),
    Email(Secret),
}

/// A header: harmless, or a credential / session id the sanitizer must remove.
#[derive(Debug, Clone, Arbitrary)]
pub enum Header {
    Plain(IdWord, Word),
    Authorization(Secret),
    Session(Secret),
    Cookie(IdWord, Secret),
}

/// A cookie (always a secret).
#[derive(Debug, Clone, Arbitrary)]
pub struct Cookie {
    pub name: IdWord,
    pub value: Secret,
}

/// The HTTP outcome.
#[derive(Debug, Clone, Arbitrary)]
pub enum Status {
    Ok,
    /// Status 0: no answer (`_error` when given: CORS, offline ...).
    NoAnswer(Option<NetError>),
    /// 302 to a login page whose URL carries a SAML request (a token).
    Redirect(Secret),
    NotModified,
    NoContent,
    ServerError(u8),
    ClientError(u8),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum NetError {
    Failed,
    Blocked,
    Refused,
    Aborted,
}

impl Status {
    fn code(&self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::NoAnswer(_) => 0,
            Status::Redirect(_) => 302,
            Status::NotModified => 304,
            Status::NoContent => 204,
            Status::ServerError(n) => 500 + u16::from(*n % 100),
            Status::ClientError(n) => 400 + u16::from(*n % 100),
        }
    }
}

/// The answer's body.
#[derive(Debug, Clone, Arbitrary)]
pub enum Body {
    /// What this call answers (the initialize JSON, the checkEligibility XML, a BOSH body ...).
    Natural(Verdict),
    /// A JSON object with tokens and an e-mail address in it (a login API, analytics).
    Json(Secret, Secret),
    Html(Word),
    Text(Word),
    Empty,
    Absent,
}

/// The values a natural answer carries.
#[derive(Debug, Clone, Arbitrary)]
pub struct Verdict {
    pub response_type: ResponseType,
    pub available: bool,
    pub slots: u8,
    /// The BOSH session id the server hands out.
    pub sid: Secret,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum ResponseType {
    Available,
    NoAgent,
    QueueFull,
    Other(i8),
}

impl ResponseType {
    fn code(self) -> i64 {
        match self {
            ResponseType::Available => 0,
            ResponseType::NoAgent => 1,
            ResponseType::QueueFull => 2,
            ResponseType::Other(n) => i64::from(n),
        }
    }
}

/// Percent-encodes all but unreserved characters (RFC 3986).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const BASE_MS: i64 = 1_714_989_600_000; // 2024-05-06T10:00:00Z

fn stamp(ms: i64, form: StampForm) -> Option<String> {
    let day = ms.rem_euclid(86_400_000);
    let (h, m, s, milli) = (
        day / 3_600_000,
        day / 60_000 % 60,
        day / 1000 % 60,
        day % 1000,
    );
    let date = "2024-05-06";
    Some(match form {
        StampForm::Utc => format!("{date}T{h:02}:{m:02}:{s:02}.{milli:03}Z"),
        // Two hours east: the wall clock says h + 2 (kept within the day for simplicity).
        StampForm::Offset => format!("{date}T{:02}:{m:02}:{s:02}.{milli:03}+02:00", (h + 2) % 24),
        StampForm::NoMillis => format!("{date}T{h:02}:{m:02}:{s:02}Z"),
        StampForm::Ticks => format!(
            "{date}T{:02}:{m:02}:{s:02}.{milli:03}4567+02:00",
            (h + 2) % 24
        ),
        StampForm::Missing => return None,
    })
}

/// What the product should recognise in one entry: the call's kind and entry point id.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub kind: CallKind,
    pub entry_point_id: Option<String>,
}

impl Entry {
    fn base(&self) -> String {
        let host = match self.origin.host {
            Host::Ece => "ece.example.com".to_string(),
            Host::EcePort(p) => format!("ece.example.com:{}", 1 + p % 65535),
            Host::Ip => "192.0.2.10".to_string(),
            Host::Upper => "ECE.Example.COM".to_string(),
        };
        let creds = match &self.origin.credentials {
            Some((user, pw)) => format!("{}:{}@", user.0, pw.0),
            None => String::new(),
        };
        let root = match self.origin.root {
            Root::System => "/system",
            Root::Nested => "/ece/system",
            Root::None => "",
        };
        format!("https://{creds}{host}{root}")
    }

    fn path_and_query(&self) -> (String, Vec<(String, String)>) {
        let mut q: Vec<(String, String)> = Vec::new();
        let fixed = |p: &str| self.path_case.apply(p);
        let ep_path = |op: &str, ep: &Ep| {
            format!(
                "{}/{}",
                fixed(&format!("/egain/chat/entrypoint/{op}")),
                encode(&ep.value())
            )
        };
        let path = match &self.call {
            Call::Initialize(ep) => ep_path("initialize", ep),
            Call::CheckEligibility(ep) => ep_path("checkEligibility", ep),
            Call::AgentAvailability(ep) => ep_path("agentAvailability", ep),
            Call::Capacity(ep) => ep_path("capacity", ep),
            Call::ChatAllowed(ep) => ep_path("chatAllowed", ep),
            Call::Bosh(ep, _) => {
                q.push(("entryPointId".into(), ep.value()));
                fixed("/egain/chat/entrypoint")
            }
            Call::SessionStatus(sid) => {
                format!(
                    "{}/{}",
                    fixed("/egain/chat/entrypoint/sessionStatus"),
                    sid.0
                )
            }
            Call::SessionStatistics(ep) => {
                q.push(("entryPointId".into(), ep.value()));
                fixed("/egain/chat/entrypoint/sessionStatistics")
            }
            Call::TemplatePage(t, ep) => {
                q.push(("subActivity".into(), "Chat".into()));
                q.push(("entryPointId".into(), ep.value()));
                format!(
                    "{}/{}/{}",
                    fixed("/templates/chat"),
                    encode(&t.0),
                    fixed("index.html")
                )
            }
            Call::RestV1(op, ep) => {
                q.push(("entryPointId".into(), ep.value()));
                format!(
                    "{}/{}",
                    fixed("/egain/ws/v1/chat/entrypoint"),
                    encode(&op.0)
                )
            }
            // Every segment starts with `o-`: never `egain`, `templates` ... by chance.
            Call::Other(words) => {
                let mut p = String::from("/static");
                for w in &words.0 {
                    p.push_str("/o-");
                    p.push_str(&encode(&w.0));
                }
                p
            }
        };
        for p in &self.query.0 {
            q.push(match p {
                Param::Plain(n, v) => (format!("p-{}", n.0), v.0.clone()),
                Param::AccessToken(s) => ("access_token".into(), s.0.clone()),
                Param::Email(s) => ("email".into(), format!("{}@example.org", s.0)),
            });
        }
        (path, q)
    }

    fn url(&self) -> String {
        let (path, q) = self.path_and_query();
        let mut url = self.base() + &path;
        for (i, (k, v)) in q.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&encode(k));
            url.push('=');
            if self.plus_for_space {
                url.push_str(&encode(v).replace("%20", "+"));
            } else {
                url.push_str(&encode(v));
            }
        }
        url
    }

    /// The call the product should see in this entry, if it is an ECE one.
    pub fn expected(&self) -> Option<Expected> {
        // An entry point id is 1 to 64 letters, digits, `_`, `-` or `.` (ECE's are numbers): a
        // path segment of anything else is not taken for one.
        let is_id = |v: &str| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        };
        let ep = |e: &Ep| Some(e.value()).filter(|v| is_id(v));
        let (kind, entry_point_id) = match &self.call {
            Call::Initialize(e) => (CallKind::Initialize, ep(e)),
            Call::CheckEligibility(e) => (CallKind::CheckEligibility, ep(e)),
            Call::AgentAvailability(e) => (CallKind::AgentAvailability, ep(e)),
            Call::Capacity(e) => (CallKind::Capacity, ep(e)),
            Call::ChatAllowed(e) => (CallKind::ChatAllowed, ep(e)),
            Call::Bosh(e, _) => (CallKind::BoshSession, ep(e)),
            Call::SessionStatus(_) => (CallKind::SessionStatus, None),
            Call::SessionStatistics(e) => (CallKind::SessionStatistics, ep(e)),
            Call::TemplatePage(t, e) => (CallKind::TemplatePage(t.0.clone()), ep(e)),
            Call::RestV1(op, e) => (CallKind::RestV1(op.0.clone()), ep(e)),
            Call::Other(_) => return None,
        };
        Some(Expected {
            kind,
            entry_point_id,
        })
    }

    /// The responseType the answer must be read as: a natural initialize (JSON) or
    /// checkEligibility (XML) answer with HTTP 200.
    pub fn expected_response_type(&self) -> Option<i64> {
        match (&self.call, &self.body, &self.status) {
            (Call::Initialize(_) | Call::CheckEligibility(_), Body::Natural(v), Status::Ok) => {
                Some(v.response_type.code())
            }
            _ => None,
        }
    }

    /// Every secret planted in this entry (each must be gone after sanitizing).
    pub fn secrets(&self) -> Vec<String> {
        let mut s: Vec<String> = Vec::new();
        if let Some((_, pw)) = &self.origin.credentials {
            s.push(pw.0.clone());
        }
        if let Call::SessionStatus(sid) = &self.call {
            s.push(sid.0.clone());
        }
        if let Call::Bosh(_, b) = &self.call {
            match b {
                Bosh::Create {
                    first_name, email, ..
                } => s.extend([first_name.0.clone(), email.0.clone()]),
                Bosh::Message(t) => s.push(t.0.clone()),
                Bosh::Poll(_) => {}
            }
        }
        for p in &self.query.0 {
            if let Param::AccessToken(v) | Param::Email(v) = p {
                s.push(v.0.clone());
            }
        }
        for h in self
            .request_headers
            .0
            .iter()
            .chain(&self.response_headers.0)
        {
            if let Header::Authorization(v) | Header::Session(v) | Header::Cookie(_, v) = h {
                s.push(v.0.clone());
            }
        }
        s.extend(self.cookies.0.iter().map(|c| c.value.0.clone()));
        s.extend(self.set_cookie.iter().map(|c| c.0.clone()));
        if let Status::Redirect(v) = &self.status {
            s.push(v.0.clone());
        }
        if let Body::Json(a, b) = &self.body {
            s.extend([a.0.clone(), b.0.clone()]);
        }
        if let (Body::Natural(v), Call::Bosh(..)) = (&self.body, &self.call) {
            s.push(v.sid.0.clone());
        }
        s
    }

    fn request_body(&self) -> Option<(&'static str, String)> {
        let Call::Bosh(ep, b) = &self.call else {
            return None;
        };
        let ep = xml_escape(&ep.value());
        Some((
            "text/xml; charset=utf-8",
            match b {
                Bosh::Create {
                    first_name,
                    email,
                    phone,
                } => format!(
                    r#"<body rid="3456789" xmlns="http://jabber.org/protocol/httpbind" to="{ep}" xml:lang="en" wait="60" hold="1" ver="1.6"><egainParams xmlns="http://bindings.egain.com/chat"><param name="first_name"><mapping><attributeName>first_name</attributeName><attributeValue>{}</attributeValue></mapping></param><param name="email_address"><mapping><attributeName>email_address</attributeName><attributeValue>{}@example.org</attributeValue></mapping></param><param name="phone_number"><mapping><attributeName>phone_number</attributeName><attributeValue>+44 {phone}</attributeValue></mapping></param></egainParams></body>"#,
                    first_name.0, email.0
                ),
                Bosh::Message(text) => format!(
                    r#"<body rid="3456790" xmlns="http://jabber.org/protocol/httpbind"><message type="chat" xmlns="jabber:client"><body>{}</body></message></body>"#,
                    text.0
                ),
                Bosh::Poll(_) => {
                    r#"<body rid="3456791" xmlns="http://jabber.org/protocol/httpbind"/>"#.into()
                }
            },
        ))
    }

    fn response_body(&self) -> Option<(String, String)> {
        let xml = |s: String| Some(("application/xml".to_string(), s));
        match &self.body {
            Body::Absent => None,
            Body::Empty => Some(("text/plain".into(), String::new())),
            Body::Html(w) => Some((
                "text/html".into(),
                format!(
                    "<!DOCTYPE html><html><head><title>{}</title></head><body></body></html>",
                    xml_escape(&w.0)
                ),
            )),
            Body::Text(w) => Some(("text/plain".into(), w.0.clone())),
            Body::Json(token, email) => Some((
                "application/json".into(),
                format!(
                    r#"{{"access_token":"{}","profile":{{"email":"{}@example.org"}}}}"#,
                    token.0, email.0
                ),
            )),
            Body::Natural(v) => match &self.call {
                Call::Initialize(_) => Some((
                    "application/json".into(),
                    format!(
                        r#"{{"checkEligibility":{{"responseType":{}}},"maskingPatterns":{{"maskingPattern":[]}},"isVideoChatLicensed":false,"isChatAttachmentEnabled":{},"maxChatAttachmentSize":{}}}"#,
                        v.response_type.code(),
                        v.available,
                        v.slots
                    ),
                )),
                Call::CheckEligibility(_) => xml(format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><checkEligibility responseType="{}" xmlns:ns2="http://bindings.egain.com/chat"/>"#,
                    v.response_type.code()
                )),
                Call::AgentAvailability(_) => xml(format!(
                    r#"<?xml version="1.0"?><agentAvailability available="{}" xmlns:ns2="http://bindings.egain.com/chat"/>"#,
                    v.available
                )),
                Call::Capacity(_) => xml(format!(
                    r#"<?xml version="1.0"?><availableSlots xmlns:ns2="http://bindings.egain.com/chat"><ns2:count>{}</ns2:count></availableSlots>"#,
                    v.slots
                )),
                Call::ChatAllowed(_) => Some(("text/plain".into(), v.available.to_string())),
                Call::SessionStatus(_) | Call::SessionStatistics(_) => xml(format!(
                    r#"<sessionStatus xmlns:ns2="http://bindings.egain.com/chat"><ns2:waitTime>8.0</ns2:waitTime><ns2:queueDepth>{}</ns2:queueDepth></sessionStatus>"#,
                    v.slots
                )),
                Call::Bosh(_, b) => Some((
                    "text/xml".into(),
                    match b {
                        Bosh::Create { .. } => format!(
                            r#"<body xmlns="http://jabber.org/protocol/httpbind" sid="{}" wait="60" requests="2" inactivity="60" hold="1" ver="1.6"/>"#,
                            v.sid.0
                        ),
                        Bosh::Message(_) => r#"<body xmlns="http://jabber.org/protocol/httpbind"/>"#.into(),
                        Bosh::Poll(c) => format!(
                            r#"<body xmlns="http://jabber.org/protocol/httpbind" type="terminate" condition="{}"/>"#,
                            xml_escape(&c.text())
                        ),
                    },
                )),
                Call::TemplatePage(..) => Some((
                    "text/html".into(),
                    "<!DOCTYPE html><html><head><title>Chat</title></head><body><div id='app'></div></body></html>".into(),
                )),
                Call::RestV1(..) | Call::Other(_) => Some((
                    "application/json".into(),
                    format!(r#"{{"available":{}}}"#, v.available),
                )),
            },
        }
    }

    fn render(&self, started_ms: i64) -> J {
        let url = self.url();
        let (_, query) = self.path_and_query();
        let pairs = |v: Vec<(String, String)>| {
            J::Arr(
                v.into_iter()
                    .map(|(n, v)| J::o([("name", J::s(n)), ("value", J::s(v))]))
                    .collect(),
            )
        };
        let header = |h: &Header| match h {
            Header::Plain(n, v) => (format!("X-{}", n.0), v.0.clone()),
            Header::Authorization(s) => ("Authorization".into(), format!("Bearer {}", s.0)),
            Header::Session(s) => ("X-egain-session".into(), s.0.clone()),
            Header::Cookie(n, s) => ("Cookie".into(), format!("c{}={}", n.0, s.0)),
        };
        let mut req_headers: Vec<(String, String)> =
            self.request_headers.0.iter().map(header).collect();
        if !self.cookies.0.is_empty() {
            let c: Vec<String> = self
                .cookies
                .0
                .iter()
                .map(|c| format!("k{}={}", c.name.0, c.value.0))
                .collect();
            req_headers.push(("Cookie".into(), c.join("; ")));
        }
        let request_body = self.request_body();
        let method = if request_body.is_some() {
            "POST"
        } else {
            "GET"
        };
        let mut request = J::o([
            ("method", J::s(method)),
            ("url", J::s(url)),
            ("httpVersion", J::s("HTTP/1.1")),
            ("headers", pairs(req_headers)),
            ("queryString", pairs(query)),
            (
                "cookies",
                J::Arr(
                    self.cookies
                        .0
                        .iter()
                        .map(|c| {
                            J::o([
                                ("name", J::s(format!("k{}", c.name.0))),
                                ("value", J::s(&c.value.0)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("headersSize", J::n(-1)),
            (
                "bodySize",
                J::n(request_body.as_ref().map_or(0, |b| b.1.len())),
            ),
        ]);
        if let Some((mime, text)) = request_body {
            request.push(
                "postData",
                J::o([("mimeType", J::s(mime)), ("text", J::s(text))]),
            );
        }
        let status = self.status.code();
        let mut resp_headers: Vec<(String, String)> =
            self.response_headers.0.iter().map(header).collect();
        if let Some(c) = &self.set_cookie {
            resp_headers.push((
                "Set-Cookie".into(),
                format!("JSESSIONID={}; Path=/system; Secure; HttpOnly", c.0),
            ));
        }
        let mut redirect = String::new();
        if let Status::Redirect(saml) = &self.status {
            redirect = format!("https://sso.example.com/adfs/ls/?SAMLRequest={}", saml.0);
            resp_headers.push(("Location".into(), redirect.clone()));
        }
        let body = self.response_body();
        let mut content = J::o([("size", J::n(body.as_ref().map_or(0, |b| b.1.len())))]);
        content.push(
            "mimeType",
            J::s(body.as_ref().map_or("x-unknown", |b| b.0.as_str())),
        );
        if let Some((_, text)) = &body {
            if self.base64 {
                use base64::Engine;
                content.push(
                    "text",
                    J::s(base64::engine::general_purpose::STANDARD.encode(text)),
                );
                content.push("encoding", J::s("base64"));
            } else {
                content.push("text", J::s(text));
            }
        }
        let mut response = J::o([
            ("status", J::n(status)),
            ("statusText", J::s(if status == 200 { "OK" } else { "" })),
            ("httpVersion", J::s("HTTP/1.1")),
            ("headers", pairs(resp_headers)),
            ("cookies", J::Arr(vec![])),
            ("content", content),
            ("redirectURL", J::s(redirect)),
            ("headersSize", J::n(-1)),
            ("bodySize", J::n(-1)),
        ]);
        if let Status::NoAnswer(Some(e)) = &self.status {
            let text = match e {
                NetError::Failed => "net::ERR_FAILED",
                NetError::Blocked => "net::ERR_BLOCKED_BY_CLIENT",
                NetError::Refused => "net::ERR_CONNECTION_REFUSED",
                NetError::Aborted => "net::ERR_ABORTED",
            };
            response.push("_error", J::s(text));
        }
        let mut e = J::Obj(vec![]);
        if let Some(s) = stamp(started_ms, self.stamp) {
            e.push("startedDateTime", J::s(s));
        }
        e.push("time", J::Num(self.time.0.clone()));
        if self.response_first {
            e.push("response", response);
            e.push("request", request);
        } else {
            e.push("request", request);
            e.push("response", response);
        }
        e.push("cache", J::Obj(vec![]));
        e.push(
            "timings",
            J::Obj(
                self.timings
                    .0
                    .iter()
                    .map(|(p, n)| (p.key().to_string(), J::Num(n.0.clone())))
                    .collect(),
            ),
        );
        e.push("pageref", J::s("page_1"));
        e
    }
}

impl HarDoc {
    /// The HAR file's text.
    pub fn render(&self) -> String {
        let (name, version) = match self.creator {
            Creator::Chrome => ("WebInspector", "537.36"),
            Creator::Firefox => ("Firefox", "126.0"),
            Creator::Fiddler => ("Fiddler", "5.0.20204.45441"),
            Creator::Safari => ("WebKit Web Inspector", "1.0"),
            Creator::Charles => ("Charles Proxy", "4.6.4"),
        };
        let mut t = BASE_MS;
        let entries = self
            .entries
            .0
            .iter()
            .map(|e| {
                t += i64::from(e.after_ms);
                e.render(t)
            })
            .collect();
        let mut log = J::o([
            ("version", J::s("1.2")),
            (
                "creator",
                J::o([("name", J::s(name)), ("version", J::s(version))]),
            ),
        ]);
        if self.with_pages {
            log.push(
                "pages",
                J::Arr(vec![J::o([
                    ("startedDateTime", J::s("2024-05-06T10:00:00.000Z")),
                    ("id", J::s("page_1")),
                    ("title", J::s("chat")),
                    ("pageTimings", J::Obj(vec![])),
                ])]),
            );
        }
        log.push("entries", J::Arr(entries));
        self.style.write(&J::o([("log", log)]))
    }
}

/// One call as the evidence a share link must keep: entry index, kind, entry point id, status,
/// responseType.
type CallEvidence = (usize, CallKind, Option<String>, u16, Option<i64>);

fn evidence(cap: &HarCapture) -> Vec<CallEvidence> {
    let mut v: Vec<_> = cap
        .calls
        .iter()
        .map(|c| {
            (
                c.index,
                c.kind.clone(),
                c.entry_point_id.clone(),
                c.status,
                c.answer.response_type,
            )
        })
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

/// The model an input chooses.
pub fn model(data: &[u8]) -> Option<HarDoc> {
    HarDoc::arbitrary_take_rest(Unstructured::new(data)).ok()
}

/// How much of the grammar a model reaches: kinds of ECE call, verdicts, planted secrets (for
/// picking seeds).
pub fn richness(doc: &HarDoc) -> usize {
    let mut kinds: Vec<String> = doc
        .entries
        .0
        .iter()
        .filter_map(|e| e.expected().map(|x| format!("{:?}", x.kind)))
        .collect();
    kinds.sort();
    kinds.dedup();
    let verdicts = doc
        .entries
        .0
        .iter()
        .filter(|e| e.expected_response_type().is_some())
        .count();
    let secrets: usize = doc.entries.0.iter().map(|e| e.secrets().len().min(3)).sum();
    4 * kinds.len() + 4 * verdicts.min(2) + secrets
}

/// The `har_model` target: a generated HAR and what the product promises about it.
pub fn run(data: &[u8]) {
    let Some(doc) = model(data) else {
        return;
    };
    let text = doc.render();
    let cap = read_har_str(&text)
        .unwrap_or_else(|e| panic!("a generated HAR does not read: {e:?}\n{text}"));
    assert_eq!(cap.entries, doc.entries.0.len(), "entries counted");
    // The quick reading, when it reads, reads what serde over the whole text reads.
    let plain = read_har_serde(text.as_bytes());
    assert_eq!(
        Ok(&cap),
        plain.as_ref(),
        "read_har_str differs from read_har_serde"
    );
    if let Some(quick) = read_har_fast(text.as_bytes()) {
        assert_eq!(quick, cap, "the quick reading differs\n{text}");
    }
    let mut calls = cap.calls.iter().collect::<Vec<_>>();
    calls.sort_by_key(|c| c.index);
    let mut seen = calls.iter().peekable();
    for (i, e) in doc.entries.0.iter().enumerate() {
        let call = seen.next_if(|c| c.index == i);
        match (e.expected(), call) {
            (None, None) => {}
            (Some(x), Some(c)) => {
                assert_eq!(c.kind, x.kind, "entry {i}: the call's kind\n{text}");
                assert_eq!(
                    c.entry_point_id, x.entry_point_id,
                    "entry {i}: the entry point id\n{text}"
                );
                assert_eq!(c.status, e.status.code(), "entry {i}: the status");
                if let Some(rt) = e.expected_response_type() {
                    assert_eq!(
                        c.answer.response_type,
                        Some(rt),
                        "entry {i}: the responseType\n{text}"
                    );
                }
            }
            (x, c) => panic!(
                "entry {i}: expected {x:?}, recognised {:?}\n{text}",
                c.map(|c| &c.kind)
            ),
        }
    }
    assert!(
        seen.next().is_none(),
        "a call at an entry that does not exist"
    );
    assert_eq!(
        cap.calls.len() + cap.other.len(),
        cap.entries,
        "every entry is a call or another request"
    );

    let once = sanitizing::for_sharing(&text);
    let secrets: Vec<String> = doc.entries.0.iter().flat_map(Entry::secrets).collect();
    if let Some(s) = surviving_secret(&once, &secrets) {
        panic!("the secret {s} survived sanitizing\n{once}");
    }
    let after = read_har_str(&once)
        .unwrap_or_else(|e| panic!("a sanitized HAR does not read: {e:?}\n{once}"));
    assert_eq!(
        after.entries, cap.entries,
        "sanitizing changed the entry count"
    );
    assert_eq!(
        evidence(&after),
        evidence(&cap),
        "sanitizing changed the calls' evidence\n{once}"
    );
    sanitizing::check_idempotent(&once);

    let input = ece_triage::model::Input::new("capture.har", text.as_str());
    let report = ece_triage::analysis::analyze(std::slice::from_ref(&input));
    check_report(&[text.as_str()], &report);
    assert_eq!(
        report.entry_points.len(),
        ece_triage::sanitize::entry_points(&cap).len(),
        "the report's entry points are the capture's"
    );
}
