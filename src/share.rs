//! Share links: sanitized state ⇄ versioned, compressed URL fragment (`#s1:` + deflate + base64url).
//!
//! The fragment never reaches a server: browsers do not send it. Decoding is bounded so a hostile
//! link cannot exhaust memory.

use crate::model::Input;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Prefix of the current fragment format; the digit is the format version.
pub const PREFIX: &str = "s1:";
/// Above this many characters a link may be cut by chat tools, mail clients or proxies: offer a file.
pub const SAFE_URL_LENGTH: usize = 8000;
/// Largest state a link may expand to (protects against deflate bombs).
pub const MAX_INFLATED: usize = 32 * 1024 * 1024;

/// Everything a shared link restores: the (already sanitized) inputs and the user's overrides.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SharedState {
    pub inputs: Vec<Input>,
    #[serde(default)]
    pub overrides: Overrides,
}

/// Choices the user made that change the analysis.
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
    pub fn sanitize_options(&self) -> crate::har::sanitize::SanitizeOptions {
        crate::har::sanitize::SanitizeOptions {
            keep: self.keep.clone(),
            extra_names: self.extra_names.clone(),
        }
    }
}

/// Why a fragment could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with a known version prefix.
    UnknownFormat { found: String },
    /// A character outside base64url at this offset (after the prefix).
    BadEncoding { offset: usize },
    /// The compressed data is damaged or expands past the limit.
    BadCompression { message: String },
    /// The state's JSON is not what this version writes.
    BadState {
        line: usize,
        column: usize,
        message: String,
    },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::UnknownFormat { found } => {
                write!(f, "not a share link of this tool: expected the fragment to start with '{PREFIX}', found '{found}'")
            }
            ShareError::BadEncoding { offset } => {
                write!(f, "share link damaged: character {offset} after '{PREFIX}' is not base64url (was the link cut or re-wrapped?)")
            }
            ShareError::BadCompression { message } => write!(f, "share link damaged: {message}"),
            ShareError::BadState {
                line,
                column,
                message,
            } => {
                write!(f, "share link holds an unreadable state at line {line}, column {column}: {message}")
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// State → fragment text (without the `#`).
pub fn encode(state: &SharedState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let mut out = String::with_capacity(PREFIX.len() + packed.len() * 4 / 3 + 4);
    out.push_str(PREFIX);
    URL_SAFE_NO_PAD.encode_string(&packed, &mut out);
    out
}

/// Fragment text (with or without the leading `#`) → state.
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let f = fragment.trim().trim_start_matches('#');
    let Some(body) = f.strip_prefix(PREFIX) else {
        return Err(ShareError::UnknownFormat {
            found: f.chars().take(8).collect(),
        });
    };
    if let Some(offset) = body
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(ShareError::BadEncoding { offset });
    }
    let packed = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| ShareError::BadEncoding { offset: body.len() })?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
            ShareError::BadCompression {
                message: match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                        format!("it expands past {} MB", MAX_INFLATED / (1024 * 1024))
                    }
                    _ => "the compressed data is incomplete or corrupt".to_string(),
                },
            }
        })?;
    serde_json::from_slice(&json).map_err(|e| ShareError::BadState {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// The state a link carries: the inputs, sanitized for sharing, and the overrides.
pub fn sanitized_state(inputs: &[Input], overrides: &Overrides) -> SharedState {
    let opts = overrides.sanitize_options();
    SharedState {
        inputs: inputs
            .iter()
            .map(|i| {
                Input::new(
                    i.name.clone(),
                    crate::analysis::sanitize_for_sharing(&i.text, &opts).0,
                )
            })
            .collect(),
        overrides: overrides.clone(),
    }
}

/// The full link for a page at `base` (any static host and sub-path).
pub fn link(base: &str, state: &SharedState) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{}", encode(state))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_state() -> SharedState {
        SharedState {
            inputs: crate::sample::SEED
                .iter()
                .map(|(n, t)| Input::new(*n, *t))
                .collect(),
            overrides: Overrides {
                clock_offsets: vec![("listener".into(), "opc".into(), 7200)],
                protocol_version: Some(19),
                keep: vec!["state".into()],
                extra_names: vec![],
                ece_version: Some("12.5".into()),
                icm_version: None,
                compare: None,
            },
        }
    }

    #[test]
    fn round_trips_the_seed_state_and_compresses_it() {
        let s = seed_state();
        let frag = encode(&s);
        assert!(frag.starts_with("s1:"));
        let raw: usize = s.inputs.iter().map(|i| i.text.len()).sum();
        assert!(
            frag.len() < raw,
            "fragment {} bytes vs {} raw",
            frag.len(),
            raw
        );
        assert_eq!(decode(&frag).unwrap(), s);
        assert_eq!(decode(&format!("#{frag}")).unwrap(), s);
        assert_eq!(
            link("https://h/tools/ece/#old", &s),
            format!("https://h/tools/ece/#{frag}")
        );
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        let frag = encode(&seed_state());
        assert!(matches!(
            decode("pako:abc"),
            Err(ShareError::UnknownFormat { .. })
        ));
        let cut = &frag[..PREFIX.len() + 40];
        assert!(matches!(
            decode(cut),
            Err(ShareError::BadCompression { .. })
        ));
        let bad = format!("{}!{}", &frag[..10], &frag[11..]);
        assert_eq!(decode(&bad), Err(ShareError::BadEncoding { offset: 7 }));
        let not_state = format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9))
        );
        let e = decode(&not_state).unwrap_err();
        assert!(matches!(e, ShareError::BadState { line: 1, .. }), "{e}");
    }

    #[test]
    fn a_deflate_bomb_is_refused() {
        let zeros = vec![b' '; MAX_INFLATED + 10];
        let frag = format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&zeros, 9))
        );
        assert!(frag.len() < 100_000);
        let e = decode(&frag).unwrap_err();
        assert!(e.to_string().contains("expands past 32 MB"), "{e}");
    }
}
