//! Building the entry-point API URL and the commands that fetch it outside the browser.

use std::fmt;

/// Why a base URL or entry point id cannot make an `initialize` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    Empty,
    /// Not `http://` or `https://` (the text says what was found).
    Scheme(String),
    /// No host after the scheme.
    NoHost,
    /// A character that has no place in a base URL (space, quote, `?`, `#` ...).
    BadCharacter {
        ch: char,
        position: usize,
    },
    EmptyEntryPoint,
    /// The id holds something other than ASCII letters and digits.
    BadEntryPoint {
        id: String,
        ch: char,
    },
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::Empty => write!(f, "the ECE web server address is empty: give e.g. https://ece.example.com"),
            UrlError::Scheme(s) => write!(
                f,
                "the address must start with http:// or https:// (found '{s}'), e.g. https://ece.example.com"
            ),
            UrlError::NoHost => write!(f, "the address has no host name after the scheme, e.g. https://ece.example.com"),
            UrlError::BadCharacter { ch, position } => write!(
                f,
                "the address contains '{}' at position {position}; give only scheme, host, optional port and path (no query, fragment or spaces)",
                ch.escape_default()
            ),
            UrlError::EmptyEntryPoint => write!(f, "the entry point id is empty: it is the number shown in ECE Administration for the chat entry point, e.g. 1001"),
            UrlError::BadEntryPoint { id, ch } => write!(
                f,
                "the entry point id '{id}' contains '{}': an entry point id is made of digits (and letters), e.g. 1001",
                ch.escape_default()
            ),
        }
    }
}

impl std::error::Error for UrlError {}

/// `https://ece.example.com` (+ optional sub-path such as `/ece` or `/system`) and an entry point
/// id → `https://ece.example.com/system/egain/chat/entrypoint/initialize/1001`.
///
/// A base that already ends in `/system` (the context root) is not doubled; trailing slashes are
/// tolerated.
pub fn initialize_url(base: &str, entry_point_id: &str) -> Result<String, UrlError> {
    let base = base.trim();
    if base.is_empty() {
        return Err(UrlError::Empty);
    }
    let lower = base.to_ascii_lowercase();
    let after_scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        let shown: String = base
            .split("://")
            .next()
            .unwrap_or(base)
            .chars()
            .take(20)
            .collect();
        return Err(UrlError::Scheme(if base.contains("://") {
            format!("{shown}://")
        } else {
            shown
        }));
    };
    for (i, ch) in base.char_indices() {
        if ch.is_whitespace() || ch.is_control() || "\"'<>\\^`{|}?#".contains(ch) {
            return Err(UrlError::BadCharacter { ch, position: i });
        }
    }
    let rest = &base[after_scheme..];
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 || rest[..host_end].starts_with(':') {
        return Err(UrlError::NoHost);
    }
    let id = entry_point_id.trim();
    if id.is_empty() {
        return Err(UrlError::EmptyEntryPoint);
    }
    if let Some(ch) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(UrlError::BadEntryPoint {
            id: id.to_string(),
            ch,
        });
    }
    let trimmed = base.trim_end_matches('/');
    let root = if trimmed[after_scheme..]
        .to_ascii_lowercase()
        .ends_with("/system")
    {
        trimmed.to_string()
    } else {
        format!("{trimmed}/system")
    };
    Ok(format!("{root}/egain/chat/entrypoint/initialize/{id}"))
}

/// A `curl` command asking for the JSON answer, with headers shown (`-i`) so the status and
/// content type are visible.
pub fn curl_command(url: &str) -> String {
    format!(
        "curl -i -H 'Accept: application/json' '{}'",
        url.replace('\'', "'\\''")
    )
}

/// The PowerShell equivalent (Windows servers and agent desktops have no curl alias worth trusting).
pub fn powershell_command(url: &str) -> String {
    format!(
        "Invoke-WebRequest -UseBasicParsing -Headers @{{Accept='application/json'}} -Uri '{}' | Select-Object StatusCode, Headers, Content | Format-List",
        url.replace('\'', "''")
    )
}
