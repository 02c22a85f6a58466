//! The event model shared by every parser: inputs, their encodings, source positions and events.

use serde::{Deserialize, Serialize};

pub use crate::agent_state::AgentState;
pub use crate::compact::Fields;
pub use crate::confidence::Confidence;
pub use crate::problem::{line_col, Problem};
pub use crate::text::Text;
use crate::time::PackedTime;
pub use crate::time::{civil_from_days, days_from_civil, Date, Stamp, Timestamp, Zone};

/// One thing the user gave us: a pasted text, a dropped file, an API answer, an archive member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// File name, or "paste 1", "API answer", "bundle.zip/logs/x.log" ...
    pub name: String,
    /// Reads as a `&str` ([`Text`]): a `String`, or a large file's pages read in place (CLI).
    pub text: Text,
    /// How the file's bytes were read as text (`intake::decode`); UTF-8 for pastes.
    #[serde(default, skip_serializing_if = "Encoding::is_utf8")]
    pub encoding: Encoding,
    /// Why this input was not read (a binary file, an archive past its limits, a member that is
    /// not evidence); its text is then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

impl Input {
    pub fn new(name: impl Into<String>, text: impl Into<Text>) -> Self {
        Input {
            name: name.into(),
            text: text.into(),
            encoding: Encoding::Utf8,
            skipped: None,
        }
    }

    /// An input with no text, and why it was not read.
    pub fn skipped(name: impl Into<String>, encoding: Encoding, why: impl Into<String>) -> Self {
        Input {
            name: name.into(),
            text: Text::default(),
            encoding,
            skipped: Some(why.into()),
        }
    }

    pub fn with_encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }
}

/// Which encoding a file's bytes were read in (the JSON strings are the report's `inputs[].encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark (and every paste: the browser hands over text).
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le-bom")]
    Utf16LeBom,
    /// UTF-16 LE without a byte-order mark, told by its zero bytes (Windows tools write it).
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be-bom")]
    Utf16BeBom,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Not valid UTF-8 and no multi-byte UTF-8 character in it: every byte read as Windows-1252.
    #[serde(rename = "windows-1252")]
    Windows1252,
    /// UTF-8 with some bytes that are not: those read as Windows-1252, the rest as UTF-8.
    #[serde(rename = "utf-8+windows-1252")]
    Utf8Windows1252,
    /// Not text at all (the input is skipped).
    #[serde(rename = "binary")]
    Binary,
}

impl Encoding {
    pub fn is_utf8(&self) -> bool {
        *self == Encoding::Utf8
    }

    /// The report's string (`utf-16le-bom` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16LeBom => "utf-16le-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16BeBom => "utf-16be-bom",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf8Windows1252 => "utf-8+windows-1252",
            Encoding::Binary => "binary",
        }
    }

    /// For people: `UTF-16 LE (no byte-order mark: told by its zero bytes)`.
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with a byte-order mark",
            Encoding::Utf16LeBom => "UTF-16 LE (byte-order mark)",
            Encoding::Utf16Le => "UTF-16 LE (no byte-order mark: told by its zero bytes)",
            Encoding::Utf16BeBom => "UTF-16 BE (byte-order mark)",
            Encoding::Utf16Be => "UTF-16 BE (no byte-order mark: told by its zero bytes)",
            Encoding::Windows1252 => "Windows-1252 (not valid UTF-8)",
            Encoding::Utf8Windows1252 => {
                "UTF-8, with the bytes that are not UTF-8 read as Windows-1252"
            }
            Encoding::Binary => "binary, not text",
        }
    }
}

/// Where an event came from: which input and which lines (1-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Origin {
    /// Index into the list of inputs (`u32`: with the line numbers, 12 bytes in every event).
    pub input: u32,
    pub line: u32,
    pub end_line: u32,
}

/// Which log or capture an event was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// ECE listener (ARMLogger, AgentAvailabilityStatusHandler), GMT-stamped.
    Listener,
    /// CTI server traces on the PG (`cg1A-ctisvr`), local time, no date.
    Ctisvr,
    /// PG OPC process traces (`PG1A-opc`), local time, no date.
    Opc,
    /// Router `rttest agent_status` output.
    Rttest,
    /// `opctest dump_agent` output.
    Opctest,
    /// PIM procmon `dagent` output.
    Procmon,
    /// A bare ARM byte dump with no log record around it.
    Dump,
    /// A browser HAR capture.
    Har,
    /// An entry-point API answer fetched or pasted by the user.
    Api,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Listener => "listener",
            SourceKind::Ctisvr => "ctisvr",
            SourceKind::Opc => "opc",
            SourceKind::Rttest => "rttest",
            SourceKind::Opctest => "opctest",
            SourceKind::Procmon => "procmon",
            SourceKind::Dump => "dump",
            SourceKind::Har => "har",
            SourceKind::Api => "api",
        }
    }

    /// Every source kind, in declaration order.
    pub const ALL: [SourceKind; 9] = [
        SourceKind::Listener,
        SourceKind::Ctisvr,
        SourceKind::Opc,
        SourceKind::Rttest,
        SourceKind::Opctest,
        SourceKind::Procmon,
        SourceKind::Dump,
        SourceKind::Har,
        SourceKind::Api,
    ];

    /// The kind a name spells ([`SourceKind::as_str`], any case): `Listener` → `Listener`.
    pub fn named(name: &str) -> Option<SourceKind> {
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }
}

/// One thing that happened, read from one place in one input.
///
/// The log parsers own the `EventKind` variants; correlation and rules read them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub source: SourceKind,
    /// Read with [`Event::time`], changed with [`Event::set_time`]: kept packed (see
    /// [`PackedTime`]); serialized as the [`Timestamp`] it holds.
    time: Option<PackedTime>,
    pub origin: Origin,
    pub invoke_id: Option<u32>,
    /// ICMAgentID / SkillTargetID / ASTID.
    pub agent_id: Option<u32>,
    /// MRDID / MRDomainID.
    pub mrd_id: Option<u32>,
    pub kind: EventKind,
}

/// What an event says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// A listener ARMLogger record: its message kept as bytes, decoded when asked for (see
    /// [`ArmMessage`]); `message.direction()` is `Sending` / `Received` as logged.
    Arm { message: ArmMessage },
    /// A listener AgentAvailabilityStatusHandler line (agentIsAvailable(), PRINT_STATE ...).
    /// A [`Label`](crate::cti::Label): the handler prints the same few lines over and over, and
    /// one input shares each repeated text (see `logs::Ctx::shared`).
    Availability { text: crate::cti::Label },
    /// A ctisvr/OPC `Function - key = value, ...` trace.
    Trace {
        /// Short, repeated names: a [`Label`](crate::cti::Label) (inline or shared, see `logs::Ctx::name`).
        function: crate::cti::Label,
        /// `(key, value)` pairs in order; serialized as `[["InvokeID","80171"], ...]`.
        fields: Fields,
    },
    /// OPC `SetAgentState` (boxed, like `RouterStatus`: the largest variant would otherwise set
    /// the size of every event; serialized the same as a struct variant).
    StateChange(Box<StateChange>),
    /// The router's view of one agent in one domain (`rttest agent_status`).
    RouterStatus(Box<RouterDomainStatus>),
}

/// Longest ARM message kept in an event without an allocation (the listener's routable and
/// ready indications are 22 and 24 bytes).
const ARM_INLINE: usize = 24;

/// A listener ARM record's message as an event keeps it: the bytes and what the log said of
/// them (direction, name, where the dump is). The decoded [`Message`](crate::cti::Message), with
/// its fields, is made again when asked for ([`ArmMessage::decode`]): kept decoded, the messages
/// of a 100 MiB listener log took 70 MB; kept this way the usual one takes no allocation.
/// Serializes as the decoded message.
#[derive(Clone)]
pub struct ArmMessage(ArmRepr);

#[derive(Clone)]
enum ArmRepr {
    /// Short bytes, a logged name that is none or the catalogue's, a dump within 64 KiB of the
    /// record's message: `flags` holds the direction (bits 0–1: none, sent, received), whether
    /// the logged name is the catalogue's (bit 2) and whether the name was checked (bit 3).
    Inline {
        len: u8,
        flags: u8,
        span: [u16; 2],
        bytes: [u8; ARM_INLINE],
    },
    Raw(Box<ArmRaw>),
    /// A message read back from JSON (not from a log's bytes): kept whole.
    Full(Box<crate::cti::Message>),
}

#[derive(Clone)]
struct ArmRaw {
    bytes: Box<[u8]>,
    logged_name: Option<crate::cti::Label>,
    direction: Option<crate::cti::Direction>,
    span: (usize, usize),
    checked: bool,
}

const ARM_LOGGED_IS_NAME: u8 = 4;
const ARM_CHECKED: u8 = 8;

impl ArmMessage {
    /// Keeps a message decoded from a log's bytes (with the default options) with its direction,
    /// logged name and span set; `checked` says whether `cti::check_logged_name` was applied
    /// (with the logged name it has). [`ArmMessage::decode`] gives it back equal.
    pub fn new(m: crate::cti::Message, checked: bool) -> ArmMessage {
        use crate::cti::Direction;
        let logged_is_name = match (&m.logged_name, &m.name) {
            (None, _) => Some(false),
            (Some(l), Some(n)) if l.as_str() == n.as_str() => Some(true),
            _ => None,
        };
        let span = (u16::try_from(m.text_span.0), u16::try_from(m.text_span.1));
        if let (Some(is_name), true, (Ok(a), Ok(b))) =
            (logged_is_name, m.bytes.len() <= ARM_INLINE, span)
        {
            let mut bytes = [0u8; ARM_INLINE];
            bytes[..m.bytes.len()].copy_from_slice(&m.bytes);
            let dir = match m.direction {
                None => 0,
                Some(Direction::Sent) => 1,
                Some(Direction::Received) => 2,
            };
            let flags = dir
                | if is_name { ARM_LOGGED_IS_NAME } else { 0 }
                | if checked { ARM_CHECKED } else { 0 };
            return ArmMessage(ArmRepr::Inline {
                len: m.bytes.len() as u8,
                flags,
                span: [a, b],
                bytes,
            });
        }
        ArmMessage(ArmRepr::Raw(Box::new(ArmRaw {
            bytes: m.bytes.into_boxed_slice(),
            logged_name: m.logged_name,
            direction: m.direction,
            span: m.text_span,
            checked,
        })))
    }

    /// A message kept as it is (read back from JSON, made by hand).
    pub fn whole(m: crate::cti::Message) -> ArmMessage {
        ArmMessage(ArmRepr::Full(Box::new(m)))
    }

    /// Which way the message went, as the record says (`Sending` / `Received`).
    pub fn direction(&self) -> crate::cti::Direction {
        use crate::cti::Direction;
        let d = match &self.0 {
            ArmRepr::Inline { flags, .. } => match flags & 3 {
                2 => Some(Direction::Received),
                1 => Some(Direction::Sent),
                _ => None,
            },
            ArmRepr::Raw(r) => r.direction,
            ArmRepr::Full(m) => m.direction,
        };
        // A record's message always has one (`logs::listener` sets it); a message made by
        // hand without one reads as sent.
        d.unwrap_or(Direction::Sent)
    }

    /// The message's bytes, header first.
    pub fn bytes(&self) -> &[u8] {
        match &self.0 {
            ArmRepr::Inline { len, bytes, .. } => &bytes[..usize::from(*len)],
            ArmRepr::Raw(r) => &r.bytes,
            ArmRepr::Full(m) => &m.bytes,
        }
    }

    /// The header's MessageType, if the bytes hold a header.
    pub fn type_number(&self) -> Option<u32> {
        match &self.0 {
            ArmRepr::Full(m) => m.type_number,
            _ => {
                let b = self.bytes().get(4..8)?;
                Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            }
        }
    }

    /// The name `Message::label` shows first: the catalogue's name of the type, else the logged
    /// name (`None` when there is neither).
    pub fn name_str(&self) -> Option<&str> {
        match &self.0 {
            ArmRepr::Full(m) => m.name.as_deref().or(m.logged_name.as_deref()),
            ArmRepr::Inline { .. } => self.type_number().and_then(crate::cti::catalog::type_name),
            ArmRepr::Raw(r) => self
                .type_number()
                .and_then(crate::cti::catalog::type_name)
                .or(r.logged_name.as_deref()),
        }
    }

    /// `Message::label` of the decoded message, without decoding it.
    pub fn label(&self) -> String {
        match (self.name_str(), self.type_number()) {
            (Some(n), _) => n.to_string(),
            (None, Some(t)) => format!("type {t}"),
            (None, None) => "(no header)".to_string(),
        }
    }

    /// The message, decoded.
    pub fn decode(&self) -> crate::cti::Message {
        use crate::cti::{self, DecodeOptions, Direction};
        let (direction, logged, span, checked) = match &self.0 {
            ArmRepr::Full(m) => return (**m).clone(),
            ArmRepr::Inline { flags, span, .. } => (
                match flags & 3 {
                    1 => Some(Direction::Sent),
                    2 => Some(Direction::Received),
                    _ => None,
                },
                None,
                (usize::from(span[0]), usize::from(span[1])),
                flags & ARM_CHECKED != 0,
            ),
            ArmRepr::Raw(r) => (r.direction, r.logged_name.clone(), r.span, r.checked),
        };
        let mut m = cti::decode_bytes(self.bytes(), &DecodeOptions::default());
        m.direction = direction;
        m.logged_name = match &self.0 {
            ArmRepr::Inline { flags, .. } if flags & ARM_LOGGED_IS_NAME != 0 => m.name.clone(),
            _ => logged,
        };
        m.text_span = span;
        if checked {
            cti::check_logged_name(&mut m);
        }
        m
    }

    /// The message, decoded (a kept-whole one without a copy).
    pub fn into_message(self) -> crate::cti::Message {
        match self.0 {
            ArmRepr::Full(m) => *m,
            _ => self.decode(),
        }
    }

    /// `Message::int` of the decoded message (decodes it: ask only of the few that need it).
    pub fn int(&self, name: &str) -> Option<i64> {
        match &self.0 {
            ArmRepr::Full(m) => m.int(name),
            _ => self.decode().int(name),
        }
    }
}

impl PartialEq for ArmMessage {
    fn eq(&self, o: &ArmMessage) -> bool {
        self.decode() == o.decode()
    }
}

impl std::fmt::Debug for ArmMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.decode().fmt(f)
    }
}

impl Serialize for ArmMessage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            ArmRepr::Full(m) => m.serialize(s),
            _ => self.decode().serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ArmMessage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ArmMessage::whole(crate::cti::Message::deserialize(d)?))
    }
}

/// OPC `SetAgentState`: one agent's state change in one skill group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    pub peripheral_number: Option<u32>,
    pub skill_group_id: Option<u32>,
    pub skill_group_number: Option<u32>,
    pub old: Option<AgentState>,
    pub new: Option<AgentState>,
    pub old_raw: crate::cti::Label,
    pub new_raw: crate::cti::Label,
    pub reason_code: Option<i64>,
    /// `Duration=` as printed (seconds in the old state, by its name; unconfirmed).
    #[serde(default)]
    pub duration: Option<i64>,
}

/// One `domain:` block of `rttest agent_status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterDomainStatus {
    pub agent_name: Option<String>,
    pub peripheral_number: Option<u32>,
    pub domain_name: String,
    /// Two-letter state code as printed (`na`, `nr` ...).
    pub state_code: String,
    /// The state it names, only when that naming is confirmed (`na`, `nr`).
    pub state: Option<AgentState>,
    pub active_tasks: u32,
    pub task_limit: u32,
    /// Flag letters as printed (`RA`, `RD`, `R`).
    pub flags: String,
    pub seconds_in_state: Option<u32>,
    pub skill_groups: Vec<RouterSkillGroup>,
}

/// A skill-group line under an rttest domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterSkillGroup {
    /// `CL` / `L` as printed (meaning unconfirmed).
    pub prefix: String,
    pub state_code: String,
    pub name: String,
    pub skill_target_id: Option<u32>,
    pub peripheral_number: Option<u32>,
}

impl Event {
    pub fn new(
        source: SourceKind,
        time: Option<Timestamp>,
        origin: Origin,
        invoke_id: Option<u32>,
        agent_id: Option<u32>,
        mrd_id: Option<u32>,
        kind: EventKind,
    ) -> Self {
        Event {
            source,
            time: time.map(PackedTime::from),
            origin,
            invoke_id,
            agent_id,
            mrd_id,
            kind,
        }
    }

    /// When the event happened, as the log printed it (with an inferred date, see
    /// `logs::parse`, or a clock offset applied by the analysis).
    #[inline]
    pub fn time(&self) -> Option<Timestamp> {
        self.time.map(Timestamp::from)
    }

    #[inline]
    pub fn set_time(&mut self, t: Option<Timestamp>) {
        self.time = t.map(PackedTime::from);
    }

    /// What correlation compares of the event's time (read without unpacking it whole).
    #[inline]
    pub fn stamp(&self) -> Option<Stamp> {
        self.time.map(PackedTime::stamp)
    }

    /// Whether the event has a time without a date (read without unpacking it).
    #[inline]
    pub fn is_dateless(&self) -> bool {
        self.time.is_some_and(PackedTime::is_dateless)
    }

    /// A short name for what the event is: the ARM message name (`MAKE_AGENT_ROUTABLE_IND`), the trace
    /// function (`SendARMMsg`, `MakeAgentReadyInd`), `SetAgentState`, `agent_status`, `agentIsAvailable`,
    /// `PRINT_STATE` ...
    pub fn kind_name(&self) -> String {
        self.kind_str().into_owned()
    }

    /// [`Event::kind_name`], borrowed when it can be (every kind but an ARM message without
    /// a name).
    pub fn kind_str(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match &self.kind {
            EventKind::Arm { message, .. } => match message.name_str() {
                Some(n) => Cow::Borrowed(n),
                None => Cow::Owned(message.label()),
            },
            EventKind::Availability { text } => Cow::Borrowed(if text.contains("PRINT_STATE") {
                "PRINT_STATE"
            } else if text.contains("agentIsAvailable") {
                "agentIsAvailable"
            } else if text.contains("agentIsNotAvailable") {
                "agentIsNotAvailable"
            } else {
                "Availability"
            }),
            EventKind::Trace { function, .. } => Cow::Borrowed(function.as_str()),
            EventKind::StateChange(_) => Cow::Borrowed("SetAgentState"),
            EventKind::RouterStatus(_) => Cow::Borrowed("agent_status"),
        }
    }

    /// The value of a trace field by name (case-insensitive), if this is a `Trace`.
    pub fn field(&self, name: &str) -> Option<&str> {
        match &self.kind {
            EventKind::Trace { fields, .. } => fields.value(name),
            _ => None,
        }
    }

    /// The flat summary used in reports and the CLI.
    pub fn summary(&self) -> EventSummary {
        EventSummary {
            input: self.origin.input as usize,
            source: self.source,
            kind: self.kind_name(),
            time: self.time().map(|t| t.display()),
            invoke_id: self.invoke_id,
            agent_id: self.agent_id,
            mrd_id: self.mrd_id,
            line: self.origin.line,
        }
    }
}

/// One event as a flat record: `{"source":"opc","kind":"SetAgentState","time":"15:34:09.841 (local)", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub input: usize,
    pub source: SourceKind,
    pub kind: String,
    pub time: Option<String>,
    pub invoke_id: Option<u32>,
    pub agent_id: Option<u32>,
    pub mrd_id: Option<u32>,
    /// First line of the record (1-based).
    pub line: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_times_are_kept_packed_and_read_back_unchanged() {
        assert_eq!(std::mem::size_of::<Option<PackedTime>>(), 16);
        let dates = [
            None,
            Some(Date {
                year: 2019,
                month: 8,
                day: 19,
            }),
            Some(Date {
                year: i32::MIN,
                month: 0,
                day: 255,
            }),
        ];
        let zones = [
            Zone::Unknown,
            Zone::Offset(0),
            Zone::Offset(-19_800),
            Zone::Offset(i32::MAX),
        ];
        for date in dates {
            for zone in zones {
                for date_inferred in [false, true] {
                    for ms_of_day in [0, 86_399_999, u32::MAX] {
                        let t = Timestamp {
                            date,
                            date_inferred,
                            ms_of_day,
                            zone,
                        };
                        let mut e = Event::new(
                            SourceKind::Opc,
                            Some(t),
                            Origin::default(),
                            None,
                            None,
                            None,
                            EventKind::Availability {
                                text: crate::cti::Label::default(),
                            },
                        );
                        assert_eq!(e.time(), Some(t));
                        assert_eq!(e.is_dateless(), date.is_none());
                        let json = serde_json::to_string(&e).unwrap();
                        assert!(json.contains(&serde_json::to_string(&t).unwrap()), "{json}");
                        let back: Event = serde_json::from_str(&json).unwrap();
                        assert_eq!(back, e);
                        e.set_time(None);
                        assert_eq!(e.time(), None);
                        assert!(!e.is_dateless());
                    }
                }
            }
        }
    }

    #[test]
    fn events_stay_small() {
        // Hundreds of thousands are kept: an ARM record's message inline (no allocation) must
        // not make every event larger.
        assert_eq!(std::mem::size_of::<ArmMessage>(), 32);
        assert_eq!(std::mem::size_of::<EventKind>(), 40);
        assert_eq!(std::mem::size_of::<Event>(), 96);
    }
}
