//! How sure the product is of a meaning: confirmed, inferred or unconfirmed (a leaf: imports nothing).

use serde::{Deserialize, Serialize};

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

impl Confidence {
    /// `confirmed`, `inferred`, `unconfirmed` (the JSON spelling).
    pub fn word(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Inferred => "inferred",
            Confidence::Unconfirmed => "unconfirmed",
        }
    }
}
