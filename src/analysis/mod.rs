//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.

pub mod agents;
pub mod clock;
pub mod correlate;
pub mod timeline;
