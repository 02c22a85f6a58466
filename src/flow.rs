//! The message-flow ladder: lanes and arrows, expected vs observed, as plain geometry.
