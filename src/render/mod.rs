//! The report's renderers over the analysis: the streamed JSON (`json`). May import everything below
//! the analysis and `analysis` itself; nothing below imports it.

pub mod json;
