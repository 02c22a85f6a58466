//! ECE Chat Triage: why does a Cisco ECE chat entry point say "no agents available"?
//!
//! The pure core (everything but `ui`) has no browser dependencies and is tested natively.

pub mod analysis;
mod ascii;
pub mod cli;
pub mod compact;
pub mod compare;
pub mod cti;
pub mod ece;
pub mod flow;
pub mod har;
pub mod intake;
pub mod logs;
pub mod model;
pub mod monitor;
pub mod probe;
pub mod report;
pub mod sample;
pub mod sanitize;
pub mod share;
pub mod source_lines;
pub mod synth;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
#[cfg(target_arch = "wasm32")]
pub mod worker_policy;
