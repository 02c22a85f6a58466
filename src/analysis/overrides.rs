//! Choices the user made that change the analysis or what sanitizing removes.

use serde::{Deserialize, Serialize};

/// Choices the user made that change the analysis (clock offsets, framing) or the sanitizing
/// (items kept, names added). Carried by share links.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Overrides {
    /// Clock offsets set by hand: (from source, to source, seconds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clock_offsets: Vec<(String, String, i64)>,
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
    pub compare: Option<crate::compare::Sides>,
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
