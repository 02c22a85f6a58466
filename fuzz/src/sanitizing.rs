//! The sanitizer as the fuzz targets call it, in one place: the sanitizer is being replaced
//! (issue 18.1, a byte-faithful `src/sanitize/`), and only this file then changes.

use ece_triage::har::sanitize::SanitizeOptions;

/// One input's text as a share link carries it (default options: nothing kept, nothing added).
pub fn for_sharing(text: &str) -> String {
    ece_triage::analysis::sanitize_for_sharing(text, &SanitizeOptions::default()).0
}

/// Sanitizing twice equals sanitizing once: what the first pass left is not a secret, and a
/// link made from an opened link is the same link.
pub fn check_idempotent(once: &str) {
    let twice = for_sharing(once);
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
