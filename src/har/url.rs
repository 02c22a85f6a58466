//! Just enough URL handling for HAR entries: split, percent-decode, rebuild.

/// The parts of an absolute (or path-only) URL, as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlParts<'a> {
    /// `https` (empty for a path-only URL).
    pub scheme: &'a str,
    /// `user:password` before `@`, if any.
    pub userinfo: Option<&'a str>,
    /// Host and optional port.
    pub host: &'a str,
    pub path: &'a str,
    /// Without the `?`.
    pub query: Option<&'a str>,
    /// Without the `#`.
    pub fragment: Option<&'a str>,
}

/// Splits a URL; never fails (odd input ends up in `path`).
pub fn split(url: &str) -> UrlParts<'_> {
    let mut p = UrlParts::default();
    let (rest, fragment) = match url.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (url, None),
    };
    p.fragment = fragment;
    let (rest, query) = match rest.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (rest, None),
    };
    p.query = query;
    let after_scheme = match rest.find("://") {
        Some(i)
            if rest[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) =>
        {
            p.scheme = &rest[..i];
            &rest[i + 3..]
        }
        _ => {
            p.path = rest;
            return p;
        }
    };
    let auth_end = after_scheme.find('/').unwrap_or(after_scheme.len());
    let authority = &after_scheme[..auth_end];
    p.path = &after_scheme[auth_end..];
    match authority.rfind('@') {
        Some(i) => {
            p.userinfo = Some(&authority[..i]);
            p.host = &authority[i + 1..];
        }
        None => p.host = authority,
    }
    p
}

/// Decodes `%XX` and (for query strings) `+` as space; invalid sequences stay as written.
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let out = crate::ascii::percent_decode_with(s.as_bytes(), plus_is_space, |_| {});
    String::from_utf8_lossy(&out).into_owned()
}

/// Query `a=1&b=2` → `[("a","1"), ("b","2")]`, raw (not decoded), in order.
pub fn query_pairs(q: &str) -> Vec<(&str, &str)> {
    q.split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
        .collect()
}

/// The decoded value of the first query parameter with this name (case-insensitive).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let q = split(url).query?;
    query_pairs(q)
        .into_iter()
        .find(|(k, _)| percent_decode(k, true).eq_ignore_ascii_case(name))
        .map(|(_, v)| percent_decode(v, true))
}

/// Percent-encodes what must not appear raw in a query value (keeps `[`, `]` and `:` readable
/// so markers like `[redacted:token]` stay legible).
pub fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~[]:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_decodes() {
        let p = split("https://u:p@ece.example.com:8443/system/x?entryPointId=1001&a=b%20c#f");
        assert_eq!(p.scheme, "https");
        assert_eq!(p.userinfo, Some("u:p"));
        assert_eq!(p.host, "ece.example.com:8443");
        assert_eq!(p.path, "/system/x");
        assert_eq!(p.query, Some("entryPointId=1001&a=b%20c"));
        assert_eq!(p.fragment, Some("f"));
        assert_eq!(
            query_param("http://h/x?EntryPointId=12", "entrypointid").as_deref(),
            Some("12")
        );
        assert_eq!(percent_decode("a%2", false), "a%2");
        assert_eq!(percent_decode("%41+b%zz", true), "A b%zz");
        let p = split("data:text/html,hello");
        assert_eq!(p.path, "data:text/html,hello");
    }
}
