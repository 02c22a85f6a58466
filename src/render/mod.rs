//! The report's renderers over the analysis: the streamed JSON (`json`), the terminal text
//! (`text`), Markdown (`markdown`), the ASCII ladder (`ladder`) and an ARM message's heading
//! (`heading`). May import everything below the analysis and `analysis` itself; nothing below
//! imports it.

pub mod heading;
pub mod json;
pub mod ladder;
pub mod markdown;
pub mod text;
