//! App state for `use_reducer`: the inputs, the user's overrides, and the report computed from them.
//!
//! The reducer is pure: it never analyses. It says where the current generation is to be analysed
//! (`pending_here`: on the page, for inputs up to `INLINE_LIMIT`; `analyzing`: in the analysis
//! worker, whose progress it tracks) and `effects::use_analysis` runs that analysis and dispatches
//! its report back (`Action::Analysed`, `Action::Done`).
//!
//! A file or paste over `BIG_INPUT` bytes is never turned into a Rust string on the page (that
//! alone took 450 ms for 100 MB): the page keeps the browser's `File` or JS string and posts it to
//! the worker, which reads it, analyses it, and answers the page's later questions about it
//! (source lines, the full JSON report, a share link).
use crate::analysis::Overrides;
use crate::analysis::Progress;
use crate::model::{Encoding, Input};
use crate::report::{Report, ReportEvent};
use crate::sample::SEED;
use crate::share::{self, SharedState};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::Reducible;

/// Inputs up to this many bytes are analysed on the page's thread (well under 100 ms).
pub const INLINE_LIMIT: usize = 1024 * 1024;

/// Files and pastes over this many bytes stay in the browser's hands (a `File`, a JS string).
pub const BIG_INPUT: usize = INLINE_LIMIT;

/// An input as the page holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageInput {
    /// File name (a path inside a dropped folder or an archive), "paste 1", "example: …".
    pub name: String,
    pub content: Content,
    /// How `intake` read the file's bytes (UTF-8 for pastes; for a `File`, the worker finds out).
    pub encoding: Encoding,
    /// Why `intake` did not read it (binary, an archive past its limits); its text is empty.
    pub skipped: Option<String>,
}

/// Where an input's text is.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// In Rust: small files and pastes, share links, the example.
    Text(Rc<str>),
    /// A file over `BIG_INPUT` bytes: only the browser's handle (the worker reads it).
    File(web_sys::Blob),
    /// A paste over `BIG_INPUT` bytes: the text box's JS string, not copied into Rust.
    Js(js_sys::JsString),
}

impl PageInput {
    pub fn text(name: impl Into<String>, text: &str) -> Self {
        PageInput {
            name: name.into(),
            content: Content::Text(text.into()),
            encoding: Encoding::Utf8,
            skipped: None,
        }
    }

    /// An input `intake` read (a small file, an archive member, a restored share link's input).
    pub fn read(input: Input) -> Self {
        PageInput {
            name: input.name,
            content: Content::Text(input.text.as_str().into()),
            encoding: input.encoding,
            skipped: input.skipped,
        }
    }

    /// Content the page does not read itself (a big `File`, a big paste): the worker does.
    pub fn held(name: impl Into<String>, content: Content) -> Self {
        PageInput {
            name: name.into(),
            content,
            encoding: Encoding::Utf8,
            skipped: None,
        }
    }

    /// Size in bytes (for a big paste, UTF-16 code units: the same for ASCII logs).
    pub fn bytes(&self) -> usize {
        match &self.content {
            Content::Text(t) => t.len(),
            Content::File(b) => b.size() as usize,
            Content::Js(s) => s.length() as usize,
        }
    }

    /// The text, when the page holds it.
    pub fn inline_text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(t) => Some(t),
            Content::File(_) | Content::Js(_) => None,
        }
    }

    fn is_blank(&self) -> bool {
        match &self.content {
            // A skipped input stays in the list, with why.
            Content::Text(t) => self.skipped.is_none() && t.trim().is_empty(),
            Content::File(_) | Content::Js(_) => self.bytes() == 0,
        }
    }
}

/// The inputs as the core takes them, when the page holds every text (`None` otherwise).
pub fn core_inputs(inputs: &[PageInput]) -> Option<Vec<Input>> {
    inputs
        .iter()
        .map(|i| {
            Some(Input {
                name: i.name.clone(),
                text: i.inline_text()?.to_string().into(),
                encoding: i.encoding,
                skipped: i.skipped.clone(),
            })
        })
        .collect()
}

/// The events of a report the analysis worker holds (its `Report` on the page has none): how
/// many there are, the events the ladder's arrows open (with their decoded messages), and the
/// timeline rows fetched so far. The page asks for the rows it draws (`Query::Rows`).
#[derive(Debug, Default)]
pub struct WorkerRows {
    pub total: usize,
    pub arrows: HashMap<usize, ReportEvent>,
    rows: RefCell<HashMap<usize, ReportEvent>>,
    /// The range asked for and not answered yet.
    asked: RefCell<Option<(usize, usize)>>,
}

/// Rows kept on the page; past this, the rows out of view are dropped.
const KEEP_ROWS: usize = 4_000;

impl WorkerRows {
    pub fn new(total: usize, arrows: Vec<(usize, ReportEvent)>) -> Self {
        WorkerRows {
            total,
            arrows: arrows.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Row `i`, when fetched (or opened by an arrow).
    pub fn get(&self, i: usize) -> Option<ReportEvent> {
        self.rows
            .borrow()
            .get(&i)
            .or_else(|| self.arrows.get(&i))
            .cloned()
    }

    /// The part of `first..end` to ask for: `None` when every row is here or that part is
    /// already asked for. Marks it asked.
    pub fn to_ask(&self, first: usize, end: usize) -> Option<(usize, usize)> {
        let end = end.min(self.total);
        let rows = self.rows.borrow();
        let a = (first..end).find(|i| !rows.contains_key(i))?;
        let b = (a..end).rev().find(|i| !rows.contains_key(i))? + 1;
        let mut asked = self.asked.borrow_mut();
        if *asked == Some((a, b)) {
            return None;
        }
        *asked = Some((a, b));
        Some((a, b))
    }

    /// The worker's answer for `first..`: kept (rows far from them dropped past `KEEP_ROWS`).
    pub fn put(&self, first: usize, got: Vec<ReportEvent>) {
        let mut rows = self.rows.borrow_mut();
        if rows.len() + got.len() > KEEP_ROWS {
            let keep = first.saturating_sub(KEEP_ROWS / 4)..first + got.len() + KEEP_ROWS / 4;
            rows.retain(|i, _| keep.contains(i));
        }
        rows.extend(got.into_iter().enumerate().map(|(k, e)| (first + k, e)));
        self.asked.borrow_mut().take();
    }

    /// The asked range came back empty (the worker has gone): ask again later.
    pub fn forget_ask(&self) {
        self.asked.borrow_mut().take();
    }
}

/// Compared by identity: one report's rows are one value.
impl PartialEq for WorkerRows {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub inputs: Rc<Vec<PageInput>>,
    pub overrides: Overrides,
    pub report: Option<Rc<Report>>,
    /// A problem opening a share link, or a cancelled analysis, shown above the inputs.
    pub notice: Option<String>,
    /// Set while the worker analyses `generation`.
    pub analyzing: Option<Progress>,
    /// Bumped each time the inputs change, so a stale worker answer is ignored.
    pub generation: u64,
    /// The current report came from the background worker.
    pub via_worker: bool,
    /// With a worker's report: its events, fetched as the page shows them.
    pub rows: Option<Rc<WorkerRows>>,
    /// Names a share link asked to keep unredacted: a proposal only, applied when the user
    /// confirms it (`Action::ConfirmKeep`), gone when the inputs change. Until then the
    /// effective `overrides.keep` is empty: a link may remove more, never less.
    pub proposed_keep: Vec<String>,
    /// The current generation waits to be analysed on this page (by `effects::use_analysis`);
    /// meanwhile the previous report stays shown, so that no panel is rebuilt (and loses its
    /// focus) in between.
    pub pending_here: bool,
    /// The user is choosing files (opened a file picker, or drags something over the page) and
    /// none has come yet: `effects::use_analysis` readies a warmed-up worker meanwhile, and ends it
    /// when the choice ends with nothing to analyse (the picker cancelled, the inputs cleared).
    pub choosing: bool,
}

/// What the user (or the worker) can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    AddInputs(Vec<PageInput>),
    RemoveInput(usize),
    Clear,
    LoadExample,
    /// One example of the gallery (`crate::sample::GALLERY`), by id.
    LoadGallery(&'static str),
    /// Opened from a share link.
    Restore(SharedState),
    /// A share link that could not be opened.
    Notice(String),
    /// The worker's progress on generation `id`.
    Progress(u64, Progress),
    /// The worker's report for generation `id` (without its events), and the rows to fetch them.
    Done(u64, Rc<Report>, Rc<WorkerRows>),
    /// The worker could not analyse generation `id` (why).
    Failed(u64, String),
    /// The worker itself failed (its script errored or its memory ran out): whatever it was
    /// analysing ends, and the next analysis starts a new worker.
    WorkerFailed(String),
    /// The user opened a file picker or drags something over the page: files may come.
    ChoosingFiles,
    /// The user closed the file picker without choosing anything: no files are coming.
    ChoosingCancelled,
    /// Stop the running analysis.
    Cancel,
    /// Analyse the current inputs (of generation `id`) on this page instead of in the worker; big
    /// inputs come along read into Rust (by `super::read_all`), in the same order (a big archive
    /// as its members).
    AnalyseHere(u64, Option<Rc<Vec<PageInput>>>),
    /// The user changed a clock offset, the framing, or what sanitizing keeps/removes.
    SetOverrides(Overrides),
    /// The user put inputs on the compare's sides (`None`: no comparison). The analysis of all
    /// the inputs does not change: nothing is analysed again.
    SetSides(Option<crate::compare::Sides>),
    /// The user accepts the link's proposal to keep some items unredacted.
    ConfirmKeep,
    /// The user declines it.
    DismissKeep,
    /// The page's own analysis of generation `id` (see `pending_here`).
    Analysed(u64, Rc<Report>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // The inputs are copied only when they change (their texts are shared, never copied).
        let mut inputs: Rc<Vec<PageInput>> = self.inputs.clone();
        let mut overrides = self.overrides.clone();
        let mut proposed_keep = self.proposed_keep.clone();
        // Items kept unredacted were chosen for the evidence then present: when the evidence
        // changes, the choice (and any link's proposal) goes.
        let mut inputs_changed = || {
            overrides.keep.clear();
            proposed_keep.clear();
        };
        let mut notice = None;
        match action {
            Action::AddInputs(new) => {
                inputs_changed();
                let mut v = (*self.inputs).clone();
                v.extend(new.into_iter().filter(|i| !i.is_blank()));
                inputs = Rc::new(v);
            }
            Action::RemoveInput(i) => {
                if i < inputs.len() {
                    inputs_changed();
                    let mut v = (*self.inputs).clone();
                    v.remove(i);
                    inputs = Rc::new(v);
                    if let Some(s) = overrides.compare.as_mut() {
                        s.remove(i);
                    }
                }
            }
            Action::Clear => {
                inputs = Rc::new(Vec::new());
                overrides = Overrides::default();
                proposed_keep.clear();
            }
            Action::LoadExample => {
                inputs_changed();
                overrides.compare = None;
                inputs = Rc::new(
                    SEED.iter()
                        .map(|(n, t)| PageInput::text(format!("example: {n}"), t))
                        .collect(),
                );
            }
            Action::LoadGallery(id) => {
                if let Some(e) = crate::sample::example(id) {
                    inputs_changed();
                    overrides.compare = None;
                    inputs = Rc::new(
                        e.files
                            .iter()
                            .map(|(n, t)| PageInput::text(format!("example: {n}"), t))
                            .collect(),
                    );
                }
            }
            Action::Restore(state) => {
                if !state.left_out.is_empty() {
                    notice = Some(format!(
                        "This link carries the evidence its maker's report relies on; left out: {}.",
                        state.left_out.join("; ")
                    ));
                }
                let restored = share::restore(state);
                inputs = Rc::new(restored.inputs.into_iter().map(PageInput::read).collect());
                overrides = restored.overrides;
                proposed_keep = restored.proposed_keep;
            }
            Action::SetOverrides(o) => overrides = o,
            Action::SetSides(sides) => {
                let mut s = (*self).clone();
                s.overrides.compare = sides;
                return Rc::new(s);
            }
            Action::ConfirmKeep | Action::DismissKeep => {
                // Sanitizing only: the analysis does not change.
                let mut s = (*self).clone();
                if action == Action::ConfirmKeep {
                    for k in std::mem::take(&mut s.proposed_keep) {
                        if !s.overrides.keep.contains(&k) {
                            s.overrides.keep.push(k);
                        }
                    }
                }
                s.proposed_keep.clear();
                return Rc::new(s);
            }
            Action::Notice(text) => {
                let mut s = (*self).clone();
                s.notice = Some(text);
                return Rc::new(s);
            }
            Action::Progress(id, p) => {
                if id != self.generation || self.analyzing.is_none() {
                    return self;
                }
                let mut s = (*self).clone();
                s.analyzing = Some(p);
                return Rc::new(s);
            }
            Action::Done(id, report, rows) => {
                if id != self.generation || self.analyzing.is_none() {
                    return self;
                }
                let mut s = (*self).clone();
                s.analyzing = None;
                s.report = Some(report);
                s.rows = Some(rows);
                s.via_worker = true;
                return Rc::new(s);
            }
            Action::Failed(id, message) => {
                if id != self.generation || self.analyzing.is_none() {
                    return self;
                }
                let mut s = (*self).clone();
                s.analyzing = None;
                s.generation += 1;
                s.notice = Some(message);
                return Rc::new(s);
            }
            a @ (Action::ChoosingFiles | Action::ChoosingCancelled) => {
                // Once per choice (a drag repeats it): the same state, nothing drawn again.
                let choosing = matches!(a, Action::ChoosingFiles);
                if self.choosing == choosing {
                    return self;
                }
                let mut s = (*self).clone();
                s.choosing = choosing;
                return Rc::new(s);
            }
            Action::WorkerFailed(message) => {
                let mut s = (*self).clone();
                if s.analyzing.take().is_some() {
                    // A new generation: the page's effect ends the failed worker.
                    s.generation += 1;
                }
                s.notice = Some(worker_failure(&message));
                return Rc::new(s);
            }
            Action::Cancel => {
                let mut s = (*self).clone();
                s.analyzing = None;
                s.generation += 1;
                s.notice = Some("Analysis cancelled. Remove an input or press \u{201c}Analyse here\u{201d} to try again.".into());
                return Rc::new(s);
            }
            Action::AnalyseHere(id, read) => {
                if id != self.generation {
                    return self;
                }
                let mut s = (*self).clone();
                // A big archive read here becomes its members: the count may grow.
                if let Some(read) = read {
                    s.inputs = read;
                }
                s.analyzing = None;
                s.generation += 1;
                s.via_worker = false;
                s.rows = None;
                s.report = None;
                s.pending_here = core_inputs(&s.inputs).is_some_and(|i| !i.is_empty());
                return Rc::new(s);
            }
            Action::Analysed(id, report) => {
                if id != self.generation || !self.pending_here {
                    return self;
                }
                let mut s = (*self).clone();
                s.pending_here = false;
                s.report = Some(report);
                s.via_worker = false;
                s.rows = None;
                return Rc::new(s);
            }
        }
        let total: usize = inputs.iter().map(PageInput::bytes).sum();
        let generation = self.generation + 1;
        // Too big for the worker's memory: said before anything is read.
        if total > crate::service::protocol::MAX_BYTES {
            return Rc::new(AppState {
                inputs,
                overrides,
                report: None,
                notice: Some(crate::service::protocol::too_big(total)),
                analyzing: None,
                generation,
                via_worker: false,
                rows: None,
                proposed_keep,
                pending_here: false,
                choosing: false,
            });
        }
        let inline = total <= INLINE_LIMIT && inputs.iter().all(|i| i.inline_text().is_some());
        if inputs.is_empty() {
            return Rc::new(AppState {
                inputs,
                overrides,
                notice,
                generation,
                proposed_keep,
                ..AppState::default()
            });
        }
        if inline {
            // Analysed by the effect; the previous report stays until then, unless the worker
            // made it: its views would ask the worker about a generation it never gets.
            let previous = if self.via_worker {
                AppState::default()
            } else {
                (*self).clone()
            };
            return Rc::new(AppState {
                inputs,
                overrides,
                notice,
                generation,
                proposed_keep,
                pending_here: true,
                analyzing: None,
                choosing: false,
                ..previous
            });
        }
        Rc::new(AppState {
            inputs,
            overrides,
            report: None,
            notice,
            analyzing: Some(Progress {
                done_bytes: 0,
                total_bytes: total,
                stage: "starting the worker".into(),
            }),
            generation,
            via_worker: false,
            rows: None,
            proposed_keep,
            pending_here: false,
            choosing: false,
        })
    }
}

/// What the page says when the analysis worker fails: out of memory (a wasm trap, `RuntimeError:
/// unreachable`, or a failed allocation) with what to do, or the browser's own words.
pub fn worker_failure(message: &str) -> String {
    let m = message.to_ascii_lowercase();
    if m.contains("unreachable") || m.contains("memory") || m.contains("allocation") {
        format!(
            "The analysis ran out of memory ({message}). A page's analysis holds at most 4 GiB; \
             split the file or keep only the time window you need (grep or lnav can filter by \
             time), or run `ece-triage analyze` on the command line, which has no such limit."
        )
    } else {
        format!("{message}. Remove an input or press \u{201c}Analyse here\u{201d} to try again.")
    }
}
