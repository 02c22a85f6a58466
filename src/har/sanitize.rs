//! Sanitizing captures before anything is exported or shared.

/// What the user chose: names to keep, extra names to remove.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SanitizeOptions {
    pub keep: Vec<String>,
    pub extra_names: Vec<String>,
}

/// Placeholder until the sanitizer lands.
pub fn sanitize_url(url: &str, _o: &SanitizeOptions) -> (String, Vec<String>) {
    (url.to_string(), Vec::new())
}
