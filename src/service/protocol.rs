//! The one message protocol between the page and the analysis service (in the page for small
//! inputs, in the worker for big ones): typed serde structs. Large payloads (a reply's JSON, an
//! export's file) travel as transferred byte buffers; see `worker` and `ui::worker_client`.

use crate::analysis::{Overrides, Progress};
use crate::model::Encoding;
use crate::report::{Report, ReportEvent};
use crate::sanitize::Redaction;
use crate::share::ExportFormat;
use crate::source_lines::SourceLine;
use serde::{Deserialize, Serialize};

/// Most events one `Query::Rows` returns (the timeline asks for the rows it draws: a few dozen).
pub const MAX_ROWS: usize = 1_000;

/// Ladder-arrow events per `Reply::Arrows` message (each with its decoded message, a few KB):
/// small enough to decode in a few ms on the page.
pub const ARROW_CHUNK: usize = 25;

/// Redactions listed in a `Reply::Plan` (the page shows this many; the total is counted).
pub const PLAN_SHOWN: usize = 200;

/// An analysis request without its texts: generation `id` (stale answers are ignored), the
/// overrides, and per page input its name, the encoding the page's `intake` found and why it
/// was skipped. The texts (JS strings or `File`s: JSON-escaping 100 MB of logs, or even turning
/// them into a Rust string, on the page's thread would itself be a long task) travel beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestHead {
    pub id: u64,
    pub overrides: Overrides,
    pub names: Vec<String>,
    pub encodings: Vec<Encoding>,
    pub skipped: Vec<Option<String>>,
}

/// Most bytes of input the worker takes. A wasm32 memory holds at most 4 GiB and never
/// shrinks; the analysis needs the text and, at its peak, about as much again for the events
/// (see `fits`). Larger inputs are refused before they are read.
pub const MAX_BYTES: usize = 1536 * 1024 * 1024;

/// Memory the worker may plan to use: the 4 GiB a wasm32 memory can hold, less room for the
/// page's reply buffers and the allocator.
const MEMORY_BUDGET: u64 = 3 * 1024 * 1024 * 1024 + 512 * 1024 * 1024;

/// Memory an event takes, with its share of the analysis (measured: 100 MiB of logs, 583,000
/// lines, about 90 MB besides the text; a line becomes at most one event).
const BYTES_PER_LINE: u64 = 160;

/// Whether inputs of these texts fit the worker's memory: the texts and about
/// `BYTES_PER_LINE` per line (lines counted in the first 64 KiB of each and scaled).
pub fn fits(texts: &[&str]) -> bool {
    let need: u64 = texts
        .iter()
        .map(|t| t.len() as u64 + BYTES_PER_LINE * estimate_lines(t) as u64)
        .sum();
    need <= MEMORY_BUDGET
}

/// About how many lines `text` has: those of its first 64 KiB, scaled to its length.
fn estimate_lines(text: &str) -> usize {
    const SAMPLE: usize = 64 * 1024;
    let b = text.as_bytes();
    let sample = &b[..b.len().min(SAMPLE)];
    let n = memchr::memchr_iter(b'\n', sample).count() + 1;
    if sample.len() == b.len() {
        return n;
    }
    (b.len() as u64 * n as u64 / sample.len() as u64) as usize
}

/// What the page says when inputs are too big for the worker (the sizes in MB).
pub fn too_big(total_bytes: usize) -> String {
    format!(
        "These inputs are {:.0} MB: more than this page can analyse (about {} MB of logs: the \
         analysis runs in the browser's memory, which holds at most 4 GiB, and needs about twice \
         the text). Split the file, or keep only the time window you need (grep or lnav can \
         filter by time), and add the parts that matter. `ece-triage analyze` on the command \
         line has no such limit.",
        total_bytes as f64 / 1e6,
        MAX_BYTES / 1_000_000
    )
}

/// A question about the last analysed request (`id`), answered from what the worker kept.
/// `qid` pairs the answer with the question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Query {
    /// Lines `first..=last` of input `input`.
    Lines {
        qid: u64,
        id: u64,
        input: usize,
        first: u32,
        last: u32,
    },
    /// The report's events `first..end` (at most `MAX_ROWS`), without their decoded messages:
    /// the rows the timeline draws.
    Rows {
        qid: u64,
        id: u64,
        first: usize,
        end: usize,
    },
    /// An export as a file (`Blob`): of the report of the inputs sanitized with `overrides`
    /// (the default), or, when `overrides` is `None`, of the raw report (for JSON, what
    /// `ece-triage analyze --json` prints).
    Export {
        qid: u64,
        id: u64,
        format: ExportFormat,
        overrides: Option<Overrides>,
    },
    /// What sanitizing with these overrides would remove.
    Plan {
        qid: u64,
        id: u64,
        overrides: Overrides,
    },
    /// A share link of the sanitized inputs, on `base`: cut to the evidence the report relies
    /// on (`share::evidence`) unless `everything`.
    Share {
        qid: u64,
        id: u64,
        base: String,
        overrides: Overrides,
        #[serde(default)]
        everything: bool,
    },
    /// The held inputs compared by the sides in `overrides.compare` (each side analysed here);
    /// `sanitized`: the sanitized inputs, for an export.
    Compare {
        qid: u64,
        id: u64,
        overrides: Overrides,
        sanitized: bool,
    },
    /// Rows `first..end` of the HAR requests the filter keeps (`requests::page`).
    Requests {
        qid: u64,
        id: u64,
        filter: crate::requests::RequestFilter,
        first: usize,
        end: usize,
    },
    /// Entry `index` of capture `har` (the report's `har`) in full, read again from its input.
    RequestDetail {
        qid: u64,
        id: u64,
        har: usize,
        index: usize,
    },
    /// Rows `first..end` of the timeline events the search finds (`query::SearchQuery`).
    Find {
        qid: u64,
        id: u64,
        search: String,
        first: usize,
        end: usize,
    },
    /// Where the search's Enter / n (`dir` +1) or Shift+Enter / N (−1) goes from request `from`
    /// (capture, entry) among the requests the filter keeps, however many: `Reply::Stepped`.
    StepRequest {
        qid: u64,
        id: u64,
        filter: crate::requests::RequestFilter,
        from: Option<(usize, usize)>,
        dir: i32,
    },
    /// The same among the timeline events `search` finds, from timeline event `from`.
    StepEvent {
        qid: u64,
        id: u64,
        search: String,
        from: Option<usize>,
        dir: i32,
    },
}

impl Query {
    pub fn ids(&self) -> (u64, u64) {
        match self {
            Query::Lines { qid, id, .. }
            | Query::Rows { qid, id, .. }
            | Query::Export { qid, id, .. }
            | Query::Plan { qid, id, .. }
            | Query::Share { qid, id, .. }
            | Query::Compare { qid, id, .. }
            | Query::Requests { qid, id, .. }
            | Query::RequestDetail { qid, id, .. }
            | Query::Find { qid, id, .. }
            | Query::StepRequest { qid, id, .. }
            | Query::StepEvent { qid, id, .. } => (*qid, *id),
        }
    }
}

/// What the worker says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Ready,
    Progress {
        id: u64,
        progress: Progress,
    },
    /// Some of the events the ladder's arrows open (with their decoded messages), sent before
    /// `Done` in small parts, so that no message takes the page's thread long to decode.
    Arrows {
        id: u64,
        arrows: Vec<(usize, ReportEvent)>,
    },
    /// The report without its events (and groups, which the page does not show): the page asks
    /// for the events it draws (`Query::Rows`). `total` is how many there are; `arrows` the
    /// events the ladder's arrows open, with their decoded messages (the worker sends them in
    /// `Arrows` messages; the page gathers them here).
    Done {
        id: u64,
        report: Box<Report>,
        total: usize,
        arrows: Vec<(usize, ReportEvent)>,
    },
    /// The request could not be analysed (a file could not be read, the inputs are too big).
    Failed {
        id: u64,
        message: String,
    },
    /// The answer to `Query::Lines`; `None` when the worker no longer holds that request.
    Lines {
        qid: u64,
        lines: Option<Vec<SourceLine>>,
    },
    /// The answer to `Query::Rows`; `None` when the worker no longer holds that request.
    Rows {
        qid: u64,
        rows: Option<Vec<ReportEvent>>,
    },
    /// The answer to `Query::Plan`: how many items, and the first `PLAN_SHOWN`.
    Plan {
        qid: u64,
        plan: Option<Plan>,
    },
    /// The answer to `Query::Share`.
    Share {
        qid: u64,
        link: Option<String>,
    },
    /// The answer to `Query::Compare`; `None` when the worker no longer holds that request.
    Compare {
        qid: u64,
        comparison: Option<Box<crate::compare::Comparison>>,
    },
    /// The answer to `Query::Requests`.
    Requests {
        qid: u64,
        page: Option<crate::requests::RequestPage>,
    },
    /// The answer to `Query::RequestDetail`: the detail, or why it cannot be read.
    RequestDetail {
        qid: u64,
        detail: Option<Result<Box<crate::requests::detail::RequestDetail>, String>>,
    },
    /// The answer to `Query::Find`.
    Found {
        qid: u64,
        found: Option<crate::query::Found>,
    },
    /// The answer to `Query::StepRequest` (position among the matches, capture, entry) and to
    /// `Query::StepEvent` (position among the matches, timeline event, 0); `Some(None)`: no match.
    Stepped {
        qid: u64,
        to: Option<Option<(usize, usize, usize)>>,
    },
}

/// What sanitizing removes: how many items, and the first `PLAN_SHOWN` with their input.
pub type Plan = (usize, Vec<(usize, Redaction)>);
