//! Correlation, clock offsets, the agent model, rules → findings, and the verdict.
