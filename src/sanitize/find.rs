//! Span finders for free text: our own markers, e-mail addresses, JWT signatures, `Bearer`
//! tokens and URLs.

use std::ops::Range;

/// The start of every marker.
pub(crate) const MARKER_START: &str = "[redacted:";

/// Is this exactly one of our markers (so a second pass leaves it alone)?
pub fn is_marker(s: &str) -> bool {
    s.len() > MARKER_START.len() + 1
        && s.starts_with(MARKER_START)
        && s.ends_with(']')
        && s[MARKER_START.len()..s.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())
}

/// Is this text nothing but our markers (one or more, whitespace between)? Such a value was
/// redacted already: a second pass that took the pair `[redacted:token][redacted:token]` (two
/// redactions side by side) for one value would change what the first left.
pub fn only_markers(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    let mut at = 0;
    for m in marker_spans(t) {
        if !t[at..m.start].trim().is_empty() {
            return false;
        }
        at = m.end;
    }
    at > 0 && t[at..].trim().is_empty()
}

/// Does the text hold a marker anywhere?
pub(crate) fn has_marker(s: &str) -> bool {
    s.contains(MARKER_START)
}

/// Spans of the markers in a text (left to right).
pub(crate) fn marker_spans(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|r| r.find(MARKER_START)) {
        let start = from + i;
        let body = start + MARKER_START.len();
        let end = s.as_bytes()[body..]
            .iter()
            .position(|&b| !(b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()))
            .map(|p| body + p);
        match end {
            Some(e) if s.as_bytes()[e] == b']' && e > body => {
                out.push(start..e + 1);
                from = e + 1;
            }
            _ => from = body,
        }
    }
    out
}

/// Does the text end with one of our markers?
fn ends_with_marker(s: &str) -> bool {
    s.ends_with(']') && s.rfind(MARKER_START).is_some_and(|k| is_marker(&s[k..]))
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// Byte spans of e-mail addresses (`local@domain.tld`; a `%40`-encoded `@` too).
pub(crate) fn email_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match memchr::memchr2(b'@', b'%', &b[i..]) {
            Some(p) => i += p,
            None => break,
        }
        let at_len = if b[i] == b'@' {
            1
        } else if b.get(i + 1) == Some(&b'4') && b.get(i + 2) == Some(&b'0') {
            3
        } else {
            i += 1;
            continue;
        };
        // RFC 5321: a local part has at most 64 characters, a domain at most 255.
        let mut start = i;
        while start > 0 && i - start < 64 && is_local_char(b[start - 1]) {
            start -= 1;
        }
        let mut end = i + at_len;
        while end < b.len() && end - i < 256 && is_domain_char(b[end]) {
            end += 1;
        }
        // An address cut short by a marker is what is left of a value an earlier pass redacted
        // (`x.@a.b[redacted:email]`): not an address of its own, even with its dots trimmed.
        let cut = s[end..].starts_with(MARKER_START) || ends_with_marker(&s[..start]);
        while end > i + at_len && (b[end - 1] == b'.' || b[end - 1] == b'-') {
            end -= 1;
        }
        let domain = &s[i + at_len..end];
        let tld_ok = domain.rsplit_once('.').is_some_and(|(d, tld)| {
            !d.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if start < i && tld_ok && !cut && out.last().is_none_or(|l| l.end <= start) {
            out.push(start..end);
            i = end;
        } else {
            i += at_len;
        }
    }
    out
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Byte spans of JWT signatures (`eyJ….eyJ….<sig>` → the `<sig>` part).
pub(crate) fn jwt_signature_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = s.get(i..).and_then(|r| r.find("eyJ")) {
        let start = i + off;
        if start > 0 && is_b64url(b[start - 1]) {
            i = start + 3;
            continue;
        }
        let mut p = start;
        let mut dots = Vec::new();
        while p < b.len() && (is_b64url(b[p]) || b[p] == b'.') {
            if b[p] == b'.' {
                dots.push(p);
            }
            p += 1;
        }
        if dots.len() == 2
            && dots[0] > start + 3
            && dots[1] > dots[0] + 1
            && p > dots[1] + 1
            && s[dots[0] + 1..].starts_with("eyJ")
        {
            out.push(dots[1] + 1..p);
        }
        i = p.max(start + 3);
    }
    out
}

/// Characters a token is written with (base64, base64url, hex, UUIDs, `.`-joined parts).
pub(crate) fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"+/=_-.~%".contains(&b)
}

/// Spans of the token after `Bearer ` (any case), wherever it appears.
pub(crate) fn bearer_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 7 < b.len() {
        let Some(p) = b[i..].iter().position(|&c| c == b'B' || c == b'b') else {
            break;
        };
        let at = i + p;
        if b.len() >= at + 7
            && b[at..at + 6].eq_ignore_ascii_case(b"bearer")
            && (at == 0 || !b[at - 1].is_ascii_alphanumeric())
            && b.get(at + 6) == Some(&b' ')
        {
            let mut vs = at + 7;
            while b.get(vs) == Some(&b' ') {
                vs += 1;
            }
            let mut ve = vs;
            while ve < b.len() && is_token_char(b[ve]) {
                ve += 1;
            }
            if ve >= vs + 8 {
                out.push(vs..ve);
            }
            i = ve.max(at + 7);
        } else {
            i = at + 1;
        }
    }
    out
}

/// Where the scheme before the `://` at `sep` starts (up to 32 scheme characters, not before
/// `floor`); `sep` itself when there is none.
pub(crate) fn scheme_start(b: &[u8], sep: usize, floor: usize) -> usize {
    let mut start = sep;
    while start > floor
        && sep - start < 32
        && (b[start - 1].is_ascii_alphanumeric() || b"+-.".contains(&b[start - 1]))
    {
        start -= 1;
    }
    start
}

/// Spans of URLs with a scheme (`https://…`, `wss://…`) in free text: from the scheme to the
/// first space, quote, `<`, `>` or closing bracket.
pub(crate) fn url_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(off) = s.get(from..).and_then(|r| r.find("://")) {
        let sep = from + off;
        let start = scheme_start(b, sep, 0);
        let mut end = sep + 3;
        while end < b.len() && !b[end].is_ascii_whitespace() && !b"\"'<>`)]}|\\".contains(&b[end]) {
            end += 1;
        }
        if start < sep && end > sep + 3 && b[start].is_ascii_alphabetic() {
            out.push(start..end);
            from = end;
        } else {
            // Not a URL (no scheme before its `://`): a URL may still start inside what follows
            // (`://.@h/T://:pw@`). Skipping it found that URL only on a second pass, once a
            // marker had ended the text the first took for one piece.
            from = sep + 3;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_jwts_bearers_urls() {
        assert_eq!(email_spans("mail jane.doe@example.org now"), vec![5..25]);
        assert_eq!(email_spans("a%40b.co"), vec![0..8]);
        assert!(email_spans("@handle and user@localhost and x@1.2").is_empty());
        // Found by fuzzing: what is left beside a marker is not an address, dots trimmed or not.
        assert!(email_spans("'.@....M...nMMMM.....[redacted:email]").is_empty());
        assert!(email_spans("[redacted:email].@a.bc").is_empty());
        assert_eq!(email_spans("[redacted:email] jo@a.bc"), vec![17..24]);
        let s = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-nature_1 rest";
        let r = jwt_signature_spans(s);
        assert_eq!(&s[r[0].clone()], "sig-nature_1");
        let s = "auth: bearer abcdef123456789 and Bearer x";
        let r = bearer_spans(s);
        assert_eq!(r.len(), 1);
        assert_eq!(&s[r[0].clone()], "abcdef123456789");
        let s = "see https://h/x?a=1, (wss://h2/p) or 'http://u:p@h'";
        let u: Vec<&str> = url_spans(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(u, ["https://h/x?a=1,", "wss://h2/p", "http://u:p@h"]);
        // A `://` with no scheme before it is no URL, and does not hide the one after it.
        let s = "://.@0.GG/T://:pw@h";
        let u: Vec<&str> = url_spans(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(u, ["T://:pw@h"]);
    }

    #[test]
    fn markers_are_recognised() {
        assert!(is_marker("[redacted:jwt-signature]"));
        assert!(!is_marker("[redacted:]"));
        assert!(!is_marker("[redacted:x] y"));
        assert!(only_markers(
            "[redacted:token][redacted:token] [redacted:email] "
        ));
        assert!(!only_markers("[redacted:token]x"));
        assert!(!only_markers("  "));
        let s = "a [redacted:email] b [redacted: c [redacted:cookie]";
        let m: Vec<&str> = marker_spans(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(m, ["[redacted:email]", "[redacted:cookie]"]);
    }
}
