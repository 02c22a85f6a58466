//! ECE Chat Triage: why does a Cisco ECE chat entry point say "no agents available"?
//!
//! The pure core (everything but `ui`) has no browser dependencies and is tested natively.

pub mod agent_state;
pub mod analysis;
pub(crate) mod ascii;
pub mod cli;
pub mod compact;
pub mod compare;
pub mod confidence;
pub mod cti;
pub mod ece;
pub mod flow;
pub mod free;
pub mod har;
#[cfg(target_os = "linux")]
pub mod huge_pages;
pub mod intake;
pub mod line_index;
pub mod logs;
#[cfg(unix)]
pub mod mapped;
pub mod model;
pub mod monitor;
pub mod par;
pub mod probe;
pub mod problem;
pub mod query;
pub mod render;
pub mod report;
pub mod requests;
pub mod sample;
pub mod sanitize;
pub mod service;
pub mod share;
pub mod source_lines;
pub mod synth;
pub mod text;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
#[cfg(target_arch = "wasm32")]
pub mod worker_policy;
