//! The ECE entry-point API: URLs, the initialize answer, responseType meanings.
