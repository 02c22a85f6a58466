//! The sanitizer as the fuzz targets call it, in one place, with its two promises (issue 18.1):
//! the output is the input outside the `[redacted:…]` markers, and a second pass changes nothing.

use ece_triage::sanitize::{faithful, sanitize_for_sharing, SanitizeOptions};

/// One input's text as a share link carries it (default options: nothing kept, nothing added),
/// checked to be byte-faithful.
pub fn for_sharing(text: &str) -> String {
    let once = sanitize_for_sharing(text, &SanitizeOptions::default()).0;
    if let Err(e) = faithful(text, &once) {
        panic!("sanitizing changed more than the redacted spans: {e}");
    }
    once
}

/// Sanitizing twice equals sanitizing once: what the first pass left is not a secret, and a
/// link made from an opened link is the same link.
pub fn check_idempotent(once: &str) {
    let twice = sanitize_for_sharing(once, &SanitizeOptions::default()).0;
    if twice != once {
        panic!(
            "sanitizing is not idempotent: {}",
            first_change(once, &twice)
        );
    }
}

/// Where two texts first differ, with a little context (a whole HAR is too long for a crash log).
pub fn first_change(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let ctx = |s: &str| -> String {
        let mut from = at.saturating_sub(40).min(s.len());
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        s[from..].chars().take(100).collect()
    };
    format!("at byte {at}: {:?} became {:?}", ctx(a), ctx(b))
}
