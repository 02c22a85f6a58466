//! The fuzz targets' code: invariants, what each target runs, and the grammars of the
//! structure-aware targets. Shared with `tests/fuzz_regressions.rs`, which includes this file as a
//! module (so paths inside are `super::`-relative, never `crate::`).

pub mod grammar;
pub mod invariants;
pub mod plant;
pub mod sanitizing;
pub mod targets;
