//! The ECE entry-point API: URLs, the initialize answer, responseType meanings, and the other
//! chat answers (availability probes, queue polls, BOSH terminate conditions), explained the same
//! way whether they come from a HAR entry, a pasted answer or a live API call.

mod answer;
mod bosh;
mod failure;
mod probes;
mod url;
pub mod xml;

pub use answer::*;
pub use url::{answer_input_name, curl_command, initialize_url, powershell_command, UrlError};
