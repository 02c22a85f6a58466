//! Choices the user made that change the analysis or what sanitizing removes, and which inputs
//! are on which side of a comparison.

use crate::model::SourceKind;
use serde::{Deserialize, Deserializer, Serialize};

/// Choices the user made that change the analysis (clock offsets, framing) or the sanitizing
/// (items kept, names added). Carried by share links.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Overrides {
    /// Clock offsets set by hand: (from source, to source, seconds). In JSON and links
    /// `["listener","opc",7200]`; an entry naming no known source is dropped when read (links
    /// made before the kinds were typed carried names, and such an entry never applied).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "known_clock_offsets"
    )]
    pub clock_offsets: Vec<(SourceKind, SourceKind, i64)>,
    /// CTI protocol version for floating-field framing, when the user set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<u32>,
    /// Names (or exact paths) the user chose to keep when sanitizing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<String>,
    /// More names the user chose to remove when sanitizing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_names: Vec<String>,
    /// The ECE version the user gave (`12.5`), for the version-dependent rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ece_version: Option<String>,
    /// The ICM/UCCE version the user gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icm_version: Option<String>,
    /// Two captures compared: which side each input is on (links made before it have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<Sides>,
}

impl Overrides {
    /// The sanitizer's options these overrides ask for.
    pub fn sanitize_options(&self) -> crate::sanitize::SanitizeOptions {
        crate::sanitize::SanitizeOptions {
            keep: self.keep.clone(),
            extra_names: self.extra_names.clone(),
        }
    }
}

/// Reads `[from, to, seconds]` entries by name (any case), as links have always written them,
/// and keeps those whose two names are source kinds.
fn known_clock_offsets<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<(SourceKind, SourceKind, i64)>, D::Error> {
    let named: Vec<(String, String, i64)> = Vec::deserialize(d)?;
    Ok(named
        .into_iter()
        .filter_map(|(from, to, s)| Some((SourceKind::named(&from)?, SourceKind::named(&to)?, s)))
        .collect())
}

/// The words the user chose for the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Words {
    /// "before" / "after": the same system at two times.
    #[default]
    BeforeAfter,
    /// "works" / "fails": two agents, entry points or sites, one good and one bad.
    WorksFails,
}

impl Words {
    /// The first side's word and the second's: `("before", "after")`, `("works", "fails")`.
    pub fn pair(self) -> (&'static str, &'static str) {
        match self {
            Words::BeforeAfter => ("before", "after"),
            Words::WorksFails => ("works", "fails"),
        }
    }

    /// The word for one side.
    pub fn word(self, side: Side) -> &'static str {
        match side {
            Side::Before => self.pair().0,
            Side::After => self.pair().1,
        }
    }
}

/// One of the two captures: `before` (or *works*) and `after` (or *fails*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Before,
    After,
}

/// Which side each input is on (by the inputs' order) and the words the user chose; what the
/// page keeps and a share link carries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sides {
    #[serde(default)]
    pub words: Words,
    /// One entry per input, in the inputs' order; `None` (or no entry) = not compared.
    #[serde(default)]
    pub of: Vec<Option<Side>>,
}

impl Sides {
    /// The side of input `i`.
    pub fn side(&self, i: usize) -> Option<Side> {
        self.of.get(i).copied().flatten()
    }

    /// Puts input `i` on a side (or on none).
    pub fn set(&mut self, i: usize, side: Option<Side>) {
        if self.of.len() <= i {
            self.of.resize(i + 1, None);
        }
        self.of[i] = side;
        while self.of.last() == Some(&None) {
            self.of.pop();
        }
    }

    /// Input `i` was removed: the later ones move up.
    pub fn remove(&mut self, i: usize) {
        if i < self.of.len() {
            self.of.remove(i);
        }
    }

    /// Only the inputs with `kept[i]` remain (a link drops blank inputs): their sides move up.
    pub fn keep_inputs(&mut self, kept: &[bool]) {
        let mut i = 0;
        self.of.retain(|_| {
            let keep = kept.get(i).copied().unwrap_or(true);
            i += 1;
            keep
        });
    }

    /// How many of `n` inputs are on each side.
    pub fn counts(&self, n: usize) -> (usize, usize) {
        (0..n).fold((0, 0), |(b, a), i| match self.side(i) {
            Some(Side::Before) => (b + 1, a),
            Some(Side::After) => (b, a + 1),
            None => (b, a),
        })
    }

    /// Both sides have an input among the first `n`.
    pub fn ready(&self, n: usize) -> bool {
        let (b, a) = self.counts(n);
        b > 0 && a > 0
    }

    /// The indices of the inputs on each side.
    pub fn indices(&self, n: usize) -> (Vec<usize>, Vec<usize>) {
        let on = |s: Side| (0..n).filter(|&i| self.side(i) == Some(s)).collect();
        (on(Side::Before), on(Side::After))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_offsets_read_names_in_any_case_and_drop_unknown_ones() {
        let o: Overrides = serde_json::from_str(
            r#"{"clock_offsets":[["Listener","OPC",7200],["listener","nowhere",5],["har","api",-3]]}"#,
        )
        .unwrap();
        assert_eq!(
            o.clock_offsets,
            vec![
                (SourceKind::Listener, SourceKind::Opc, 7200),
                (SourceKind::Har, SourceKind::Api, -3),
            ]
        );
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"clock_offsets":[["listener","opc",7200],["har","api",-3]]}"#
        );
        // Not a list of [name, name, seconds]: an error, as before.
        assert!(
            serde_json::from_str::<Overrides>(r#"{"clock_offsets":[["listener","opc"]]}"#).is_err()
        );
    }
}
