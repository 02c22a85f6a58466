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

/// The name an entry-point answer takes as an input ("Analyse this answer"), after the URL it
/// came from: `API answer ece.example.com initialize 1001` (`pasted answer …` for one the user
/// pasted). No `/` in it, so a share link keeps it whole; links sanitize it like any name.
pub fn answer_input_name(url: &str, pasted: bool) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    // Credentials in a URL never become part of a name.
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut segments = path.split('/').filter(|s| !s.is_empty()).rev();
    let what = match (segments.next(), segments.next()) {
        (Some(id), Some(api)) => format!(" {api} {id}"),
        (Some(only), None) => format!(" {only}"),
        _ => String::new(),
    };
    let who = if pasted {
        "pasted answer"
    } else {
        "API answer"
    };
    format!("{who} {host}{what}").trim_end().to_string()
}

#[cfg(test)]
mod answer_name_tests {
    use super::*;

    #[test]
    fn an_answer_is_named_after_its_url() {
        let url = initialize_url("https://ece.example.com", "1001").unwrap();
        assert_eq!(
            answer_input_name(&url, false),
            "API answer ece.example.com initialize 1001"
        );
        assert_eq!(
            answer_input_name("https://jdoe:pw@ece.example.com:8443/system/egain/chat/entrypoint/initialize/1001?x=1", true),
            "pasted answer ece.example.com:8443 initialize 1001"
        );
        assert_eq!(answer_input_name("", true), "pasted answer");
        assert!(!answer_input_name(&url, false).contains('/'));
    }
}
