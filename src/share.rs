//! Share links: sanitized state ⇄ versioned, compressed URL fragment.
