//! The event model shared by every parser: inputs, source positions, timestamps, confidence, problems.

use serde::{Deserialize, Serialize};

/// One thing the user gave us: a pasted text, a dropped file, an API answer, an archive member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// File name, or "paste 1", "API answer", "bundle.zip/logs/x.log" ...
    pub name: String,
    pub text: String,
    /// How the file's bytes were read as text (`intake::decode`); UTF-8 for pastes.
    #[serde(default, skip_serializing_if = "Encoding::is_utf8")]
    pub encoding: Encoding,
    /// Why this input was not read (a binary file, an archive past its limits, a member that is
    /// not evidence); its text is then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

impl Input {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
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
            text: String::new(),
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

/// How sure we are of a meaning: from Cisco's guide, from the seed dumps, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Stated in a published Cisco reference (or the seed note's own logs).
    Confirmed,
    /// Fits the known dumps/logs, but no public source states it.
    Inferred,
    /// No source: shown raw, never presented as fact.
    Unconfirmed,
}

/// Where an event came from: which input and which lines (1-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Origin {
    /// Index into the list of inputs (`u32`: with the line numbers, 12 bytes in every event).
    pub input: u32,
    pub line: u32,
    pub end_line: u32,
}

/// Something wrong with the input, and exactly where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub input: usize,
    /// 1-based line, when the input is line-oriented.
    pub line: Option<u32>,
    /// Byte offset: into the text for text inputs, into the message for decoded ARM bytes.
    pub offset: Option<usize>,
    pub message: String,
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
}

/// What is known of a timestamp's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "seconds")]
pub enum Zone {
    /// An explicit offset from UTC in seconds (GMT+0000 is `Offset(0)`).
    Offset(i32),
    /// The log's local time; the zone is not printed (PG logs).
    Unknown,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A timestamp as a log prints it, with what is known of its date and zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    pub date: Option<Date>,
    /// True when the date was taken from context (another line), not printed on this line.
    pub date_inferred: bool,
    /// Milliseconds since local midnight.
    pub ms_of_day: u32,
    pub zone: Zone,
}

impl Timestamp {
    /// Milliseconds since 1970-01-01 in the timestamp's own clock (zone not applied), if dated.
    pub fn local_epoch_ms(&self) -> Option<i64> {
        self.date
            .map(|d| days_from_civil(d.year, d.month, d.day) * 86_400_000 + self.ms_of_day as i64)
    }

    /// Milliseconds on a comparable axis: dated stamps use the epoch, undated ones the time of day.
    /// The zone is *not* applied; correlation applies inferred clock offsets on top.
    pub fn sort_key_ms(&self) -> i64 {
        self.local_epoch_ms().unwrap_or(self.ms_of_day as i64)
    }

    /// `2019-08-19 13:34:09.773 GMT+0000`, `15:34:09.841 (local)` ...
    pub fn display(&self) -> String {
        let mut s = String::with_capacity(32);
        self.write_display(&mut s);
        s
    }

    /// [`Timestamp::display`] appended to `out` (no allocation: the report writes one per event).
    pub fn write_display(&self, out: &mut String) {
        use std::fmt::Write;
        let ms = self.ms_of_day;
        if let Some(d) = self.date {
            if (0..=9999).contains(&d.year) && d.month < 100 && d.day < 100 {
                push_digits(out, d.year as u32, 4);
                out.push('-');
                push_digits(out, u32::from(d.month), 2);
                out.push('-');
                push_digits(out, u32::from(d.day), 2);
                out.push(' ');
            } else {
                let _ = write!(out, "{:04}-{:02}-{:02} ", d.year, d.month, d.day);
            }
        }
        let h = ms / 3_600_000;
        if h < 100 {
            push_digits(out, h, 2);
        } else {
            let _ = write!(out, "{h:02}");
        }
        out.push(':');
        push_digits(out, ms / 60_000 % 60, 2);
        out.push(':');
        push_digits(out, ms / 1000 % 60, 2);
        out.push('.');
        push_digits(out, ms % 1000, 3);
        match self.zone {
            Zone::Offset(s) => {
                out.push_str(" GMT");
                out.push(if s < 0 { '-' } else { '+' });
                let a = s.unsigned_abs();
                let (h, m) = (a / 3600, a / 60 % 60);
                if h < 100 {
                    push_digits(out, h, 2);
                } else {
                    let _ = write!(out, "{h:02}");
                }
                push_digits(out, m, 2);
            }
            Zone::Unknown => out.push_str(" (local)"),
        }
    }
}

/// `n` (below 10^`width`) in exactly `width` decimal digits.
#[inline]
fn push_digits(out: &mut String, mut n: u32, width: usize) {
    let mut b = [b'0'; 4];
    for slot in b[..width].iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for &c in &b[..width] {
        out.push(c as char);
    }
}

/// The parts of a [`Timestamp`] that correlation compares: the time of day, and the epoch
/// milliseconds when there is a date (with whether it was inferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub ms_of_day: u32,
    /// [`Timestamp::local_epoch_ms`].
    pub epoch_ms: Option<i64>,
    pub date_inferred: bool,
}

impl Stamp {
    /// [`Timestamp::sort_key_ms`].
    #[inline]
    pub fn sort_key_ms(&self) -> i64 {
        self.epoch_ms.unwrap_or(self.ms_of_day as i64)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01 (inverse of `model::days_from_civil`).
pub fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    Date {
        year: (if m <= 2 { y + 1 } else { y }) as i32,
        month: m,
        day: d,
    }
}

/// An agent's state as OPC and the CTI server name it (CTI AgentState 0..14, confirmed from the guide).
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

    /// Accepts `AS_NOT_ACTIVE`, `NOT_ACTIVE`, `AGENT_STATE_NOT_ACTIVE` (any case), `AS_HOLD`.
    pub fn parse(s: &str) -> Option<AgentState> {
        let t = crate::logs::trim(s);
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

/// Byte offset → (1-based line, 1-based column) in a text.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
    (line, col)
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

    #[test]
    fn timestamps_display_and_order() {
        let t = Timestamp {
            date: Some(Date {
                year: 2019,
                month: 8,
                day: 19,
            }),
            date_inferred: false,
            ms_of_day: 13 * 3_600_000 + 34 * 60_000 + 9_773,
            zone: Zone::Offset(0),
        };
        assert_eq!(t.display(), "2019-08-19 13:34:09.773 GMT+0000");
        assert_eq!(t.local_epoch_ms(), Some(1_566_221_649_773));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    /// `Timestamp::display` as it was written first (`format!` throughout): the reference.
    fn display_by_format(t: &Timestamp) -> String {
        let ms = t.ms_of_day;
        let time = format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        );
        let d = match t.date {
            Some(d) => format!("{:04}-{:02}-{:02} ", d.year, d.month, d.day),
            None => String::new(),
        };
        let z = match t.zone {
            Zone::Offset(s) => {
                let sign = if s < 0 { '-' } else { '+' };
                let a = s.unsigned_abs();
                format!(" GMT{}{:02}{:02}", sign, a / 3600, a / 60 % 60)
            }
            Zone::Unknown => " (local)".to_string(),
        };
        format!("{d}{time}{z}")
    }

    #[test]
    fn timestamps_display_as_formatted() {
        let mut rng = crate::ascii::TestRng(0x2545_f491_4f6c_dd1d);
        let years = [
            0,
            7,
            99,
            999,
            1970,
            2019,
            9999,
            10_000,
            -1,
            -2019,
            i32::MAX,
            i32::MIN,
        ];
        let zones = [
            0,
            3600,
            -19_800,
            45_900,
            359_999,
            360_000,
            i32::MAX,
            i32::MIN,
        ];
        for _ in 0..20_000 {
            let r: [u64; 8] = std::array::from_fn(|_| rng.next());
            let pick = |k: usize, n: u64| (r[k] % n) as usize;
            let t = Timestamp {
                date: (pick(0, 4) != 0).then(|| Date {
                    year: years[pick(1, years.len() as u64)],
                    month: [1, 9, 12, 0, 99, 100, 255][pick(2, 7)],
                    day: [1, 31, 0, 99, 100, 255][pick(3, 6)],
                }),
                date_inferred: pick(4, 2) == 0,
                ms_of_day: [0, 86_399_999, 359_999_999, 360_000_000, u32::MAX][pick(5, 5)]
                    .min(r[6] as u32),
                zone: if pick(7, 3) == 0 {
                    Zone::Unknown
                } else {
                    Zone::Offset(zones[pick(7, zones.len() as u64)])
                },
            };
            assert_eq!(t.display(), display_by_format(&t), "{t:?}");
        }
    }

    #[test]
    fn trace_fields_read_and_serialize_like_pairs() {
        let f = Fields::from_pairs(&[("InvokeID", "80171"), ("AgentID", ""), ("", "x")]);
        assert_eq!(f.len(), 3);
        assert_eq!(f.get(0), Some(("InvokeID", "80171")));
        assert_eq!(f.get(2), Some(("", "x")));
        assert_eq!(f.get(3), None);
        assert_eq!(f.value("agentid"), Some(""));
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"[["InvokeID","80171"],["AgentID",""],["","x"]]"#);
        let old: Vec<(String, String)> = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&old).unwrap(), json);
        let back: Fields = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        assert_eq!(back.to_vec(), old);
    }

    #[test]
    fn fields_of_every_header_width_read_back() {
        // One-digit headers (on the stack), two and three digits, and a header past the stack.
        for (n, len) in [
            (1, 0),
            (3, 40),
            (63, 1),
            (64, 1),
            (5, 200),
            (70, 300),
            (4, 20_000),
        ] {
            let pairs: Vec<(String, String)> = (0..n)
                .map(|i| (format!("k{i}é"), "v".repeat(len / n + i % 3)))
                .collect();
            let f = Fields::from_pairs(&pairs);
            assert_eq!(f.len(), n);
            assert_eq!(f.to_vec(), pairs);
            assert_eq!(f.get(n - 1), pairs.last().map(|(k, v)| (&**k, &**v)));
            assert_eq!(f.iter().len(), n);
        }
    }

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

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 99), (1, 3));
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

/// A [`Timestamp`] in 16 bytes instead of 28 (and `Option` of it still 16: `Flags` has room for
/// `None`). Every event keeps one, and the events vector of a large log is fresh memory (page
/// faults) on every parse. Lossless both ways, so it serializes as the `Timestamp` itself.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Timestamp", into = "Timestamp")]
struct PackedTime {
    year: i32,
    ms_of_day: u32,
    /// The `Zone::Offset` seconds (0 when the zone is unknown).
    zone_seconds: i32,
    month: u8,
    day: u8,
    flags: Flags,
}

/// Which parts of a [`PackedTime`] are there: bit 1 dated, bit 2 date inferred, bit 4 zone known.
/// An enum (not a `u8`) so that `Option<PackedTime>` takes no more room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Flags {
    F0,
    F1,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
}

impl Flags {
    const DATED: u8 = 1;
    const INFERRED: u8 = 2;
    const ZONED: u8 = 4;
    fn from_bits(b: u8) -> Flags {
        [
            Flags::F0,
            Flags::F1,
            Flags::F2,
            Flags::F3,
            Flags::F4,
            Flags::F5,
            Flags::F6,
            Flags::F7,
        ][usize::from(b & 7)]
    }
    fn has(self, bit: u8) -> bool {
        self as u8 & bit != 0
    }
}

impl std::fmt::Debug for PackedTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Timestamp::from(*self).fmt(f)
    }
}

impl From<Timestamp> for PackedTime {
    #[inline]
    fn from(t: Timestamp) -> Self {
        let d = t.date.unwrap_or(Date {
            year: 0,
            month: 0,
            day: 0,
        });
        let (zone_seconds, zoned) = match t.zone {
            Zone::Offset(s) => (s, Flags::ZONED),
            Zone::Unknown => (0, 0),
        };
        let dated = if t.date.is_some() { Flags::DATED } else { 0 };
        let inferred = if t.date_inferred { Flags::INFERRED } else { 0 };
        PackedTime {
            year: d.year,
            ms_of_day: t.ms_of_day,
            zone_seconds,
            month: d.month,
            day: d.day,
            flags: Flags::from_bits(dated | inferred | zoned),
        }
    }
}

impl From<PackedTime> for Timestamp {
    #[inline]
    fn from(p: PackedTime) -> Self {
        Timestamp {
            date: p.flags.has(Flags::DATED).then_some(Date {
                year: p.year,
                month: p.month,
                day: p.day,
            }),
            date_inferred: p.flags.has(Flags::INFERRED),
            ms_of_day: p.ms_of_day,
            zone: if p.flags.has(Flags::ZONED) {
                Zone::Offset(p.zone_seconds)
            } else {
                Zone::Unknown
            },
        }
    }
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
        self.time.map(|t| Stamp {
            ms_of_day: t.ms_of_day,
            epoch_ms: t
                .flags
                .has(Flags::DATED)
                .then(|| days_from_civil(t.year, t.month, t.day) * 86_400_000 + t.ms_of_day as i64),
            date_inferred: t.flags.has(Flags::INFERRED),
        })
    }

    /// Whether the event has a time without a date (read without unpacking it).
    #[inline]
    pub fn is_dateless(&self) -> bool {
        self.time.is_some_and(|t| !t.flags.has(Flags::DATED))
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
            EventKind::Trace { fields, .. } => fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
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

/// The `(key, value)` pairs of a trace, stored compactly in one allocation: a header saying where
/// each key and value ends, then every key and value back to back. Reads as `(&str, &str)` pairs;
/// serializes exactly like `Vec<(String, String)>`.
///
/// The header is ASCII (each number in as few 7-bit digits as the largest needs), so the whole
/// buffer is one `Box<str>` and reading a pair needs no UTF-8 check and no `unsafe`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Fields {
    /// `[w][count][per field: end of its key, end of its value][text]`: `w` (1..=5) is how many
    /// 7-bit digits each following header number takes (one for a text under 128 bytes); ends
    /// are offsets into the text, and a key starts where the previous value ends. Empty: no
    /// fields.
    buf: Box<str>,
}

/// Most 7-bit digits a header number takes: 5 hold any `u32`.
const MAX_DIGITS: usize = 5;

/// Header bytes [`Fields::from_pairs`] writes on the stack (63 one-digit fields); a longer
/// header is written in a vector first.
const HEADER_ON_STACK: usize = 128;

/// Writes `n` as `w` 7-bit digits, low first.
#[inline]
fn put_num(out: &mut [u8], w: usize, n: usize) {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    for (k, d) in out.iter_mut().take(w).enumerate() {
        *d = ((n >> (7 * k)) & 0x7F) as u8;
    }
}

#[inline]
fn get_num(b: &[u8], w: usize, at: usize) -> Option<usize> {
    let d = b.get(at..at + w)?;
    let mut n = 0u32;
    for (k, &x) in d.iter().enumerate() {
        n |= u32::from(x) << (7 * k);
    }
    Some(n as usize)
}

impl Fields {
    pub fn new() -> Self {
        Fields::default()
    }

    /// The pairs, copied into exactly the room they need (one allocation).
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Self {
        if pairs.is_empty() {
            return Fields::default();
        }
        let text: usize = pairs
            .iter()
            .map(|(k, v)| k.as_ref().len() + v.as_ref().len())
            .sum();
        // Digits for the largest header number (the text length or the count).
        let largest = u32::try_from(text.max(pairs.len())).unwrap_or(u32::MAX);
        let w = (1..MAX_DIGITS)
            .find(|&w| largest >> (7 * w) == 0)
            .unwrap_or(MAX_DIGITS);
        let header = 1 + w * (1 + 2 * pairs.len());
        let mut buf = String::with_capacity(header + text);
        // The header's bytes (each < 128, so ASCII) written into a stack buffer when it fits (a
        // record's fields, usually), checked as `str` (a short ASCII run) and copied in once.
        let mut stack = [0u8; HEADER_ON_STACK];
        let mut heap = Vec::new();
        let head: &mut [u8] = match stack.get_mut(..header) {
            Some(h) => h,
            None => {
                heap.resize(header, 0);
                &mut heap
            }
        };
        head[0] = w as u8;
        if w == 1 {
            // Every number is under 128 (the text and the count are): one byte each.
            head[1] = pairs.len() as u8;
            let mut end = 0;
            for ((k, v), d) in pairs.iter().zip(head[2..].chunks_exact_mut(2)) {
                end += k.as_ref().len();
                d[0] = end as u8;
                end += v.as_ref().len();
                d[1] = end as u8;
            }
        } else {
            put_num(&mut head[1..], w, pairs.len());
            let mut end = 0;
            for ((k, v), d) in pairs.iter().zip(head[1 + w..].chunks_exact_mut(2 * w)) {
                end += k.as_ref().len();
                put_num(d, w, end);
                end += v.as_ref().len();
                put_num(&mut d[w..], w, end);
            }
        }
        if let Ok(h) = std::str::from_utf8(head) {
            buf.push_str(h);
        }
        for (k, v) in pairs {
            buf.push_str(k.as_ref());
            buf.push_str(v.as_ref());
        }
        Fields {
            buf: buf.into_boxed_str(),
        }
    }

    /// Appends a pair (copies every field: build with [`Fields::from_pairs`] when you can).
    pub fn push(&mut self, key: &str, value: &str) {
        let mut pairs: Vec<(&str, &str)> = self.iter().collect();
        pairs.push((key, value));
        *self = Fields::from_pairs(&pairs);
    }

    /// Digits per header number (0 when there are no fields).
    #[inline]
    fn width(&self) -> usize {
        self.buf.as_bytes().first().map_or(0, |&w| usize::from(w))
    }

    pub fn len(&self) -> usize {
        get_num(self.buf.as_bytes(), self.width(), 1).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the text starts in `buf`.
    fn text_start(&self) -> usize {
        1 + self.width() * (1 + 2 * self.len())
    }

    /// The key and value ends of field `i` (offsets into the text).
    fn ends(&self, i: usize) -> Option<(usize, usize)> {
        let b = self.buf.as_bytes();
        let w = self.width();
        let at = 1 + w * (1 + 2 * i);
        Some((get_num(b, w, at)?, get_num(b, w, at + w)?))
    }

    /// The `i`th pair.
    pub fn get(&self, i: usize) -> Option<(&str, &str)> {
        if i >= self.len() {
            return None;
        }
        let (k, v) = self.ends(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends(i - 1)?.1,
        };
        let text = self.buf.get(self.text_start()..)?;
        Some((text.get(start..k)?, text.get(k..v)?))
    }

    /// The value of the first field named `name` (case-insensitive).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub fn iter(&self) -> FieldsIter<'_> {
        let n = self.len();
        FieldsIter {
            f: self,
            text: self.buf.get(self.text_start()..).unwrap_or(""),
            i: 0,
            n,
            start: 0,
        }
    }

    /// Owned pairs, for callers that want them.
    pub fn to_vec(&self) -> Vec<(String, String)> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

/// Iterator over a trace's `(key, value)` pairs.
#[derive(Debug, Clone)]
pub struct FieldsIter<'a> {
    f: &'a Fields,
    text: &'a str,
    i: usize,
    n: usize,
    start: usize,
}

impl<'a> Iterator for FieldsIter<'a> {
    type Item = (&'a str, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        if self.i >= self.n {
            return None;
        }
        let (k, v) = self.f.ends(self.i)?;
        self.i += 1;
        let start = std::mem::replace(&mut self.start, v);
        Some((
            self.text.get(start..k).unwrap_or(""),
            self.text.get(k..v).unwrap_or(""),
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.n.saturating_sub(self.i);
        (n, Some(n))
    }
}

impl ExactSizeIterator for FieldsIter<'_> {}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a str, &'a str);
    type IntoIter = FieldsIter<'a>;
    fn into_iter(self) -> FieldsIter<'a> {
        self.iter()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let pairs: Vec<(K, V)> = iter.into_iter().collect();
        Fields::from_pairs(&pairs)
    }
}

impl From<Vec<(String, String)>> for Fields {
    fn from(v: Vec<(String, String)>) -> Self {
        Fields::from_pairs(&v)
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<(String, String)>::deserialize(d)?.into())
    }
}
