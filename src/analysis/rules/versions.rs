//! Product versions: what the user said, what the evidence shows, and which version-dependent rule
//! applies (ECE 11.6 per MRD vs 12.0+ per skill group; CSCvq11852's ICM range).

use crate::model::{Event, EventKind, SourceKind};
use crate::report::{VersionHow, VersionInfo, Versions};

/// A release as `major.minor` (`12.5(1)` is 12.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    pub major: u32,
    pub minor: u32,
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Reads `11.6`, `12.0(1)`, `12.5.1`, `v12.6`, `ECE 15` (the first number and the one after a dot).
pub fn parse_release(s: &str) -> Option<Release> {
    let t = s.trim();
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let rest = &t[start..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let major: u32 = rest[..end].parse().ok()?;
    let after = &rest[end..];
    let minor = after
        .strip_prefix('.')
        .map(|m| {
            let e = m.find(|c: char| !c.is_ascii_digit()).unwrap_or(m.len());
            m[..e].parse().unwrap_or(0)
        })
        .unwrap_or(0);
    (1..=99)
        .contains(&major)
        .then_some(Release { major, minor })
}

/// What the rules know of the versions.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub ece: Option<Release>,
    pub ece_how: VersionHow,
    /// The ICM/UCCE release, when given.
    pub icm: Option<Release>,
    pub icm_how: VersionHow,
    /// A lower bound read from the evidence (the CTI protocol version the listener asked for).
    pub icm_at_least: Option<Release>,
    /// The report's view of it.
    pub report: Versions,
}

/// The CTI protocol version → the UCCE release that introduced it (the guide's change log; only
/// the versions the guide ties to a release).
fn release_of_protocol(pv: u32) -> Option<Release> {
    let (major, minor) = match pv {
        20 => (11, 5),
        23 => (12, 5),
        24 => (12, 6),
        25.. => (15, 0),
        _ => return None,
    };
    Some(Release { major, minor })
}

/// The versions the user gave (if any), else what the evidence shows, else unknown.
pub fn resolve(ece: Option<&str>, icm: Option<&str>, events: &[Event]) -> Known {
    let mut k = Known::default();
    match ece.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => match parse_release(s) {
            Some(r) => {
                k.ece = Some(r);
                k.ece_how = VersionHow::Given;
                k.report.ece = given(s);
            }
            None => k.report.ece = not_read(s),
        },
        None => {
            k.report.ece = VersionInfo {
                value: None,
                how: VersionHow::Unknown,
                note: "not given, and the evidence does not show it (set it: the ECE version decides which availability rule applies)".into(),
            }
        }
    }
    match icm.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => match parse_release(s) {
            Some(r) => {
                k.icm = Some(r);
                k.icm_how = VersionHow::Given;
                k.report.icm = given(s);
            }
            None => k.report.icm = not_read(s),
        },
        None => match opened_protocol(events) {
            Some((pv, at_least, e)) => {
                k.icm_at_least = Some(at_least);
                k.icm_how = VersionHow::Inferred;
                k.report.icm = VersionInfo {
                    value: Some(format!("{at_least} or later")),
                    how: VersionHow::Inferred,
                    note: format!(
                        "the listener's OPEN_REQ asks for CTI protocol version {pv} ({} log, line {}), which UCCE {at_least} introduced (CTI Server Message Reference Guide, change log)",
                        e.source.as_str(),
                        e.origin.line
                    ),
                };
            }
            None => {
                k.report.icm = VersionInfo {
                    value: None,
                    how: VersionHow::Unknown,
                    note: "not given, and the evidence does not show it".into(),
                }
            }
        },
    }
    k
}

fn given(s: &str) -> VersionInfo {
    VersionInfo {
        value: Some(s.chars().take(40).collect()),
        how: VersionHow::Given,
        note: "as you set it".into(),
    }
}

fn not_read(s: &str) -> VersionInfo {
    VersionInfo {
        value: None,
        how: VersionHow::Unknown,
        note: format!(
            "'{}' is not a version this tool reads (write it as 11.6, 12.0, 12.5(1) ...)",
            s.chars().take(40).collect::<String>()
        ),
    }
}

/// The highest protocol version an OPEN_REQ in the evidence asks for, when the guide ties it to a
/// release.
fn opened_protocol(events: &[Event]) -> Option<(u32, Release, &Event)> {
    events
        .iter()
        .filter(|e| e.source != SourceKind::Rttest)
        .filter_map(|e| {
            let pv = match &e.kind {
                EventKind::Arm { message, .. }
                    if message
                        .name_str()
                        .is_some_and(|n| n.starts_with("OPEN_REQ")) =>
                {
                    message
                        .int("VersionNumber")
                        .and_then(|v| u32::try_from(v).ok())
                }
                EventKind::Trace { function, .. } if function.as_bytes() == b"OPEN_REQ" => {
                    e.field("VersionNumber").and_then(crate::logs::parse_u32)
                }
                _ => None,
            }?;
            Some((pv, release_of_protocol(pv)?, e))
        })
        .max_by_key(|(pv, _, _)| *pv)
}

/// Which availability rule the ECE version selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EceRule {
    /// 11.6 (and, as far as the seed says, before): any available agent of the chat MRD counts.
    PerMrd,
    /// 12.0 and later: the skill groups configured for the entry point.
    PerSkillGroup,
    Unknown,
}

/// Whether the ICM version is in CSCvq11852's range as the seed gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BugRange {
    In,
    Out,
    Unknown,
}

impl Known {
    pub fn ece_rule(&self) -> EceRule {
        match self.ece {
            Some(r) if r.major >= 12 => EceRule::PerSkillGroup,
            Some(_) => EceRule::PerMrd,
            None => EceRule::Unknown,
        }
    }

    fn how(h: VersionHow) -> &'static str {
        match h {
            VersionHow::Given => "you said",
            VersionHow::Inferred => "inferred from the evidence",
            VersionHow::Unknown => "unknown",
        }
    }

    /// One sentence: which of the seed's two availability rules applies here.
    pub fn ece_sentence(&self) -> String {
        match (self.ece_rule(), self.ece) {
            (EceRule::PerSkillGroup, Some(r)) => format!(
                "On ECE {r} ({}), availability counts only the skill groups configured for the entry point (through its queue).",
                Self::how(self.ece_how)
            ),
            (EceRule::PerMrd, Some(r)) => format!(
                "On ECE {r} ({}), availability is decided per MRD: an available agent in any skill group of the chat MRD makes chat available{}.",
                Self::how(self.ece_how),
                if r < (Release { major: 11, minor: 6 }) { " (the seed describes 11.6; earlier releases are assumed to behave the same)" } else { "" }
            ),
            _ => "Which rule applies depends on the ECE version (not given): ECE 11.6 decides per MRD (any available agent in any skill group of the chat MRD counts); ECE 12.0 and later count only the skill groups configured for the entry point.".into(),
        }
    }

    /// Which of the two rules (both already stated) applies: a short sentence.
    pub fn ece_applies(&self) -> String {
        match (self.ece_rule(), self.ece) {
            (EceRule::Unknown, _) | (_, None) => {
                "Which one applies depends on the ECE version, which is not given (set it to decide).".into()
            }
            (EceRule::PerSkillGroup, Some(r)) => format!(
                "ECE {r} ({}): the entry point's skill groups decide.",
                Self::how(self.ece_how)
            ),
            (EceRule::PerMrd, Some(r)) => format!(
                "ECE {r} ({}): the chat MRD decides.",
                Self::how(self.ece_how)
            ),
        }
    }

    pub fn bug_range(&self) -> BugRange {
        let in_range = |r: Release| {
            r.major == 11 && (r.minor == 5 || r.minor == 6)
                || r == Release {
                    major: 12,
                    minor: 0,
                }
        };
        match (self.icm, self.icm_at_least) {
            (Some(r), _) => {
                if in_range(r) {
                    BugRange::In
                } else {
                    BugRange::Out
                }
            }
            (None, Some(min))
                if min
                    > (Release {
                        major: 12,
                        minor: 0,
                    }) =>
            {
                BugRange::Out
            }
            _ => BugRange::Unknown,
        }
    }

    /// One sentence on CSCvq11852 for the ICM version at hand.
    pub fn bug_sentence(&self) -> String {
        let which = match (self.icm, self.icm_at_least) {
            (Some(r), _) => format!("ICM {r} ({})", Self::how(self.icm_how)),
            (None, Some(min)) => format!("ICM {min} or later (inferred from the evidence)"),
            (None, None) => String::new(),
        };
        match self.bug_range() {
            BugRange::In => format!("{which} is in the range where the seed reports CSCvq11852 (ICM 11.5, 11.6, 12.0)."),
            BugRange::Out => format!("{which} is outside the range where the seed reports CSCvq11852 (ICM 11.5, 11.6, 12.0): the flag has another cause there."),
            BugRange::Unknown => "Whether it applies depends on the ICM version, which is not given (set it to decide).".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_read_the_usual_spellings() {
        let r = |s| parse_release(s).map(|r| r.to_string());
        assert_eq!(r("11.6").as_deref(), Some("11.6"));
        assert_eq!(r("12.5(1)").as_deref(), Some("12.5"));
        assert_eq!(r("ECE 12.6.2 ES3").as_deref(), Some("12.6"));
        assert_eq!(r("v15").as_deref(), Some("15.0"));
        assert_eq!(r("latest"), None);
        assert_eq!(r("0.1"), None);
    }

    #[test]
    fn ece_rule_and_bug_range_follow_the_version() {
        let k = resolve(Some("12.5"), Some("11.6"), &[]);
        assert_eq!(k.ece_rule(), EceRule::PerSkillGroup);
        assert!(k.ece_sentence().contains("ECE 12.5 (you said)"));
        assert_eq!(k.bug_range(), BugRange::In);
        let k = resolve(Some("11.6"), Some("12.6"), &[]);
        assert_eq!(k.ece_rule(), EceRule::PerMrd);
        assert_eq!(k.bug_range(), BugRange::Out);
        let k = resolve(None, None, &[]);
        assert_eq!(k.ece_rule(), EceRule::Unknown);
        assert!(k.ece_sentence().contains("depends on the ECE version"));
        assert!(k.bug_sentence().contains("depends on the ICM version"));
        let k = resolve(Some("soon"), None, &[]);
        assert_eq!(k.report.ece.how, VersionHow::Unknown);
        assert!(k.report.ece.note.contains("not a version"));
    }
}
