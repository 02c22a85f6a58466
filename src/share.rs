//! Share links: sanitized state ⇄ versioned, compressed URL fragment (`#s1:` + deflate + base64url).
//!
//! The fragment never reaches a server: browsers do not send it. Decoding is bounded so a hostile
//! link cannot exhaust memory or freeze the page: at most [`MAX_INFLATED`] bytes, [`MAX_INPUTS`]
//! inputs and [`MAX_DEPTH`] levels of nesting; blank inputs are dropped.
//!
//! Sanitizing is not a link's to decide: a link may add names to remove, but the names it asks
//! to keep are only a proposal ([`restore`]), which the user confirms before it applies.

pub mod evidence;

pub use crate::analysis::Overrides;
use crate::model::Input;
use crate::report::Report;
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
/// Most inputs a link may hold (blank ones included).
pub const MAX_INPUTS: usize = 256;
/// Deepest nesting of the state's JSON (the state itself needs 3).
pub const MAX_DEPTH: usize = 16;
/// Most names a link may propose to keep, and the longest such name.
pub const MAX_PROPOSED: usize = 64;
const MAX_NAME_LEN: usize = 200;

/// Everything a shared link restores: the (already sanitized) inputs and the user's overrides.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SharedState {
    pub inputs: Vec<Input>,
    #[serde(default)]
    pub overrides: Overrides,
    /// What the link's maker left out of the inputs (see `evidence`), for its recipient to read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<String>,
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
    /// The state reads but is past a bound (too many inputs, nested too deep).
    Refused { why: String },
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
            ShareError::Refused { why } => write!(
                f,
                "share link refused: {why}. A link made by this tool never does; the page is unchanged."
            ),
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
    if let Some(depth) = too_deep(&json) {
        return Err(ShareError::Refused {
            why: format!("its data nests {depth} levels deep (at most {MAX_DEPTH})"),
        });
    }
    // Count the inputs before reading them (the count costs no memory).
    #[derive(Deserialize)]
    struct Count {
        #[serde(default)]
        inputs: Vec<serde::de::IgnoredAny>,
    }
    if let Ok(c) = serde_json::from_slice::<Count>(&json) {
        if c.inputs.len() > MAX_INPUTS {
            return Err(ShareError::Refused {
                why: format!("it holds {} inputs (at most {MAX_INPUTS})", c.inputs.len()),
            });
        }
    }
    let mut state: SharedState =
        serde_json::from_slice(&json).map_err(|e| ShareError::BadState {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
    // Blank inputs go (a skipped one, empty with its reason, stays).
    let kept: Vec<bool> = state
        .inputs
        .iter()
        .map(|i| !i.text.trim().is_empty() || i.skipped.is_some())
        .collect();
    let mut k = kept.iter();
    state.inputs.retain(|_| *k.next().unwrap_or(&true));
    // The compared sides go by the inputs' order: they follow the inputs kept.
    if let Some(sides) = state.overrides.compare.as_mut() {
        sides.keep_inputs(&kept);
    }
    Ok(state)
}

/// The nesting depth of a JSON text when it is over [`MAX_DEPTH`].
fn too_deep(json: &[u8]) -> Option<usize> {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in json {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (max > MAX_DEPTH).then_some(max)
}

/// What the page opens from a link: the inputs, the overrides that apply, and the names the link
/// asks to keep, as a proposal only (the effective `keep` is empty until the user confirms it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Restored {
    pub inputs: Vec<Input>,
    pub overrides: Overrides,
    pub proposed_keep: Vec<String>,
}

/// A decoded link's state as the page may apply it: its `keep` moved to a proposal (deduplicated,
/// bounded), its extra names kept (they only remove more).
pub fn restore(state: SharedState) -> Restored {
    let mut overrides = state.overrides;
    let mut proposed: Vec<String> = Vec::new();
    for k in std::mem::take(&mut overrides.keep) {
        let k = k.trim();
        if !k.is_empty()
            && k.len() <= MAX_NAME_LEN
            && proposed.len() < MAX_PROPOSED
            && !proposed.iter().any(|p| p.eq_ignore_ascii_case(k))
        {
            proposed.push(k.to_string());
        }
    }
    overrides
        .extra_names
        .retain(|n| !n.trim().is_empty() && n.len() <= MAX_NAME_LEN);
    overrides.extra_names.truncate(MAX_PROPOSED);
    Restored {
        inputs: state.inputs,
        overrides,
        proposed_keep: proposed,
    }
}

/// The state a link carries: the inputs, sanitized for sharing (their names too: the file name
/// only, sanitized), and the overrides.
pub fn sanitized_state(inputs: &[Input], overrides: &Overrides) -> SharedState {
    let opts = overrides.sanitize_options();
    SharedState {
        inputs: inputs.iter().map(|i| sanitized_input(i, &opts)).collect(),
        overrides: overrides.clone(),
        left_out: Vec::new(),
    }
}

/// One input as a share link carries it: name and text sanitized (the analysis worker sanitizes
/// its inputs one at a time, as it reads them again).
pub fn sanitized_input(i: &Input, opts: &crate::sanitize::SanitizeOptions) -> Input {
    Input {
        name: crate::sanitize::input_name(&i.name),
        text: crate::sanitize::sanitize_for_sharing(&i.text, opts)
            .0
            .into(),
        // How it was read and why it was skipped travel too (a skipped input keeps its place
        // and reason); the reason names the file, so it is sanitized like a name.
        encoding: i.encoding,
        skipped: i
            .skipped
            .as_deref()
            .map(|w| crate::sanitize::log_text(w, opts).0),
    }
}

/// The report a link's recipient sees: the analysis of the sanitized inputs. Every default
/// export (JSON, Markdown, ASCII ladder, SVG) is made from it.
pub fn sanitized_report(inputs: &[Input], overrides: &Overrides) -> Report {
    let state = sanitized_state(inputs, overrides);
    crate::analysis::analyze_with(&state.inputs, &state.overrides)
}

/// What a report can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    Json,
    Markdown,
    /// The message-flow ladder as SVG.
    Svg,
    /// The message-flow ladder as ASCII.
    Ascii,
}

impl ExportFormat {
    /// `json`, `markdown` (`md`), `svg`, `ascii` (`txt`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "markdown" | "md" => Some(ExportFormat::Markdown),
            "svg" => Some(ExportFormat::Svg),
            "ascii" | "txt" => Some(ExportFormat::Ascii),
            _ => None,
        }
    }

    /// The download's file name; a raw export says so in its name.
    pub fn file_name(self, raw: bool) -> String {
        let (stem, ext) = match self {
            ExportFormat::Json => ("ece-triage-report", "json"),
            ExportFormat::Markdown => ("ece-triage-report", "md"),
            ExportFormat::Svg => ("ece-triage-flow", "svg"),
            ExportFormat::Ascii => ("ece-triage-flow", "txt"),
        };
        if raw {
            format!("{stem}-raw-not-for-sharing.{ext}")
        } else {
            format!("{stem}.{ext}")
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json",
            ExportFormat::Markdown => "text/markdown",
            ExportFormat::Svg => "image/svg+xml",
            ExportFormat::Ascii => "text/plain",
        }
    }

    /// The report in this format.
    pub fn render(self, report: &Report) -> String {
        match self {
            ExportFormat::Json => report.to_json(),
            ExportFormat::Markdown => report.to_markdown(),
            ExportFormat::Svg => crate::flow::to_svg(&report.ladder),
            ExportFormat::Ascii => crate::render::ladder::to_ascii(&report.ladder),
        }
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
                clock_offsets: vec![(
                    crate::model::SourceKind::Listener,
                    crate::model::SourceKind::Opc,
                    7200,
                )],
                protocol_version: Some(19),
                keep: vec!["state".into()],
                extra_names: vec![],
                ece_version: Some("12.5".into()),
                icm_version: None,
                compare: None,
            },
            left_out: Vec::new(),
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

    fn pack(json: &str) -> String {
        format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
        )
    }

    #[test]
    fn a_link_proposes_what_to_keep_but_never_applies_it() {
        let s = seed_state();
        let restored = restore(decode(&encode(&s)).unwrap());
        assert_eq!(restored.proposed_keep, ["state"]);
        assert!(
            restored.overrides.keep.is_empty(),
            "effective keep is empty"
        );
        assert_eq!(restored.overrides.protocol_version, Some(19));
        assert_eq!(restored.inputs, s.inputs);
        let crafted = SharedState {
            inputs: vec![],
            overrides: Overrides {
                keep: vec!["a".into(), "A".into(), " ".into(), "x".repeat(500)],
                extra_names: vec!["X-Customer-Id".into()],
                ..Default::default()
            },
            left_out: Vec::new(),
        };
        let r = restore(crafted);
        assert_eq!(r.proposed_keep, ["a"]);
        assert_eq!(
            r.overrides.extra_names,
            ["X-Customer-Id"],
            "extra names only remove more"
        );
    }

    #[test]
    fn links_past_the_bounds_are_refused_and_blank_inputs_dropped() {
        // 1.45 million empty inputs: refused at once, with the count.
        let many = format!(
            "{{\"inputs\":[{}{{\"name\":\"\",\"text\":\"\"}}]}}",
            "{\"name\":\"\",\"text\":\"\"},".repeat(1_450_000)
        );
        let frag = pack(&many);
        assert!(frag.len() < 200_000, "{}", frag.len());
        let e = decode(&frag).unwrap_err();
        assert_eq!(e.to_string(), "share link refused: it holds 1450001 inputs (at most 256). A link made by this tool never does; the page is unchanged.");
        let deep = format!(
            "{{\"inputs\":[],\"x\":{}{}}}",
            "[".repeat(40),
            "]".repeat(40)
        );
        let e = decode(&pack(&deep)).unwrap_err();
        assert!(matches!(e, ShareError::Refused { .. }), "{e}");
        assert!(
            e.to_string().contains("nests 41 levels deep (at most 16)"),
            "{e}"
        );
        let blanks = r#"{"inputs":[{"name":"a","text":"  \n"},{"name":"b","text":"x"},{"name":"c","text":""}]}"#;
        let s = decode(&pack(blanks)).unwrap();
        assert_eq!(s.inputs, [Input::new("b", "x")]);
    }

    #[test]
    fn link_inputs_carry_sanitized_file_names() {
        let s = sanitized_state(
            &[Input::new(
                "C:\\Users\\jdoe\\jane.doe@example.org_capture.log",
                "x",
            )],
            &Overrides::default(),
        );
        assert_eq!(s.inputs[0].name, "[redacted:email]_capture.log");
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
