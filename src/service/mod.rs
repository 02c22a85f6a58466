//! The analysis service: an analysis and where its inputs are read again from, answering the
//! page's typed queries (source lines, timeline rows, exports, the sanitize plan, the share link,
//! a comparison). One service, two transports: the worker holds one for big inputs, the page
//! one in-process for small ones (`ui::service_ref`), and the views ask both the same `Query`.

pub mod protocol;

use crate::analysis::{self, Analysis, Overrides, Side};
use crate::compare::Comparison;
use crate::model::Input;
use crate::report::ReportEvent;
use crate::requests::{self, detail::RequestDetail, RequestFilter, RequestPage, RequestRow};
use crate::sanitize::SanitizeOptions;
use crate::share::evidence::LineRange;
use crate::share::{self, ExportFormat};
use crate::source_lines::{self, SourceLine};
use protocol::{Plan, Query, Reply, MAX_ROWS, PLAN_SHOWN};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::ops::Range;

/// Where the analysed inputs are read again from: the page's inputs, each of which may give
/// several analysed inputs (an archive's members).
pub trait Sources {
    /// How many page inputs.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The inputs page input `o` holds; why not, when it cannot be read again.
    fn read(&self, o: usize) -> Result<Vec<Input>, String>;
    /// Lines `first..=last` of page input `o` (when it gives one analysed input), read from
    /// their part of it without reading it whole, when the source can (a file in the worker);
    /// `None`: [`read`](Sources::read) it whole.
    fn lines(&self, _o: usize, _first: u32, _last: u32) -> Option<Vec<SourceLine>> {
        None
    }
    /// Bytes `range` of page input `o` (when it gives one analysed input) as text, read without
    /// reading it whole, when the source can; `None`: [`read`](Sources::read) it whole.
    fn part(&self, _o: usize, _range: Range<usize>) -> Option<String> {
        None
    }
}

/// Inputs held as texts: each is one page input.
impl Sources for Vec<Input> {
    fn len(&self) -> usize {
        <[Input]>::len(self)
    }
    fn read(&self, o: usize) -> Result<Vec<Input>, String> {
        self.get(o)
            .cloned()
            .map(|i| vec![i])
            .ok_or_else(|| format!("no input {o}"))
    }
}

/// What sanitizing with `opts` removes from `inputs` (analysed input index, input): how many
/// items, and the first `PLAN_SHOWN`.
pub fn plan<I: Borrow<Input>>(
    inputs: impl IntoIterator<Item = (usize, I)>,
    opts: &SanitizeOptions,
) -> Plan {
    let mut total = 0;
    let mut shown = Vec::new();
    for (i, input) in inputs {
        let found = crate::sanitize::sanitize_for_sharing(&input.borrow().text, opts).1;
        total += found.len();
        let room = PLAN_SHOWN.saturating_sub(shown.len());
        shown.extend(found.into_iter().take(room).map(|r| (i, r)));
    }
    (total, shown)
}

/// A share link on `base` of `inputs`, each sanitized as it comes (the raw texts are never all
/// held), with the overrides: every input whole when `evidence` is `None`, else cut to the
/// evidence (`share::evidence::cut`: a HAR to its ECE calls and failures, and when the link
/// would not fit, a log to these lines), saying what it left out.
pub fn share_link<I: Borrow<Input>>(
    base: &str,
    inputs: impl IntoIterator<Item = I>,
    overrides: &Overrides,
    evidence: Option<&[LineRange]>,
) -> String {
    let opts = overrides.sanitize_options();
    let inputs: Vec<Input> = inputs
        .into_iter()
        .map(|i| share::sanitized_input(i.borrow(), &opts))
        .collect();
    // An input with the same content as an earlier one (the analysis read it once) goes into
    // the link once; the evidence's input numbers follow the ones kept.
    let same = crate::intake::same_content(&inputs);
    let mut left_out = Vec::new();
    let mut kept: Vec<Input> = Vec::with_capacity(inputs.len());
    let mut new_index: Vec<Option<usize>> = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.into_iter().enumerate() {
        match same.get(i).copied().flatten() {
            Some(k) => {
                let first = kept.get(new_index[k].unwrap_or(usize::MAX));
                left_out.push(format!(
                    "{}: the same content as {}, carried once",
                    input.name,
                    first.map_or("an earlier input", |f| f.name.as_str())
                ));
                new_index.push(None);
            }
            None => {
                new_index.push(Some(kept.len()));
                kept.push(input);
            }
        }
    }
    let state = share::SharedState {
        inputs: kept,
        overrides: overrides.clone(),
        left_out,
    };
    match evidence {
        None => share::link(base, &state),
        Some(keep) => {
            let keep: Vec<LineRange> = keep
                .iter()
                .filter_map(|&(i, a, b)| Some((new_index.get(i).copied().flatten()?, a, b)))
                .collect();
            share::link(base, &share::evidence::cut(state, &keep))
        }
    }
}

/// An analysis and where its inputs are read again from (the texts themselves are freed once
/// analysed), with the analysis of the sanitized inputs once an export asked for it (and the
/// overrides it was made with).
pub struct Service<S> {
    /// The request's generation.
    pub id: u64,
    pub sources: S,
    /// The page's input each analysed input came from (ascending).
    pub origins: Vec<usize>,
    pub analysis: Analysis,
    sanitized: Option<(Overrides, Analysis)>,
    /// The HAR requests' rows, made on the first `Query::Requests`.
    requests: Option<Vec<RequestRow>>,
    /// The last search and the events it found.
    found: Option<(String, Vec<u32>)>,
    /// Where each entry stands in its input, by analysed input and the capture's ordinal in it,
    /// found when a request's detail was asked of a capture whose places the analysis's HAR
    /// reader did not find ([`Analysis::har_entries`]), or whose input no longer holds its
    /// entries there.
    entries: HashMap<(usize, usize), Vec<Range<usize>>>,
}

impl<S: Sources> Service<S> {
    pub fn new(id: u64, sources: S, origins: Vec<usize>, analysis: Analysis) -> Self {
        Service {
            id,
            sources,
            origins,
            analysis,
            sanitized: None,
            requests: None,
            found: None,
            entries: HashMap::new(),
        }
    }

    /// The analysed inputs page input `o` gave, read again (the service does not keep them: for
    /// a big file that would be its size again in memory). As many as the analysis had: a file
    /// that no longer reads gives empty texts under the analysed names.
    fn inputs_of(&self, o: usize) -> Vec<Input> {
        let first = self.origins.partition_point(|&x| x < o);
        let end = self.origins.partition_point(|&x| x <= o);
        let mut read = self.sources.read(o).unwrap_or_default();
        read.truncate(end - first);
        for i in first + read.len()..end {
            let name = self.analysis.inputs.get(i).map(|s| s.name.clone());
            read.push(Input::new(name.unwrap_or_default(), ""));
        }
        read
    }

    /// Analysed input `i`, read again.
    pub fn input(&self, i: usize) -> Option<Input> {
        let o = *self.origins.get(i)?;
        let first = self.origins.partition_point(|&x| x < o);
        self.inputs_of(o).into_iter().nth(i - first)
    }

    /// Every analysed input, read again (each page input once), in order, to `f(i, input)`.
    pub fn each_input(&self, mut f: impl FnMut(usize, Input)) {
        let mut i = 0;
        for o in 0..self.sources.len() {
            if self.origins.binary_search(&o).is_err() {
                continue;
            }
            for input in self.inputs_of(o) {
                f(i, input);
                i += 1;
            }
        }
    }

    /// Every analysed input, read again, in order.
    fn all_inputs(&self) -> Vec<(usize, Input)> {
        let mut all = Vec::with_capacity(self.origins.len());
        self.each_input(|i, input| all.push((i, input)));
        all
    }

    /// The analysis of the inputs sanitized with `overrides`: what `share::sanitized_report`
    /// gives, each text sanitized as it is read again and freed once analysed.
    fn sanitized_analysis(&self, overrides: &Overrides) -> Analysis {
        let opts = overrides.sanitize_options();
        let mut inputs = Vec::with_capacity(self.origins.len());
        self.each_input(|_, i| inputs.push(share::sanitized_input(&i, &opts)));
        analysis::analysis_freeing(&mut inputs, overrides, &mut |_| {})
    }

    /// The page input analysed input `input` came from, when it gave no other (not an archive's
    /// member): then a source that can read a part of it reads the part of that input.
    fn alone(&self, input: usize) -> Option<usize> {
        let o = *self.origins.get(input)?;
        let n =
            self.origins.partition_point(|&x| x <= o) - self.origins.partition_point(|&x| x < o);
        (n == 1).then_some(o)
    }

    /// Lines `first..=last` of analysed input `input`: from their part of the input when its
    /// source can read it in part ([`Sources::lines`]), else from the input read again whole.
    pub fn lines(&self, input: usize, first: u32, last: u32) -> Option<Vec<SourceLine>> {
        if let Some(lines) = self
            .alone(input)
            .and_then(|o| self.sources.lines(o, first, last))
        {
            return Some(lines);
        }
        self.input(input)
            .map(|i| source_lines::lines_between(&i.text, first, last))
    }

    /// The report's events `first..end` (at most `MAX_ROWS`), without their decoded messages.
    pub fn rows(&self, first: usize, end: usize) -> Vec<ReportEvent> {
        let end = end
            .min(self.analysis.events_len())
            .min(first.saturating_add(MAX_ROWS));
        (first..end)
            .filter_map(|i| self.analysis.report_event_with(i, false))
            .collect()
    }

    /// What sanitizing with these overrides would remove.
    pub fn plan(&self, overrides: &Overrides) -> Plan {
        let opts = overrides.sanitize_options();
        // Read again one page input at a time through `each_input`, never all at once.
        let mut total = 0;
        let mut shown = Vec::new();
        self.each_input(|i, input| {
            let (n, s) = plan([(i, input)], &opts);
            total += n;
            let room = PLAN_SHOWN.saturating_sub(shown.len());
            shown.extend(s.into_iter().take(room));
        });
        (total, shown)
    }

    /// A share link of the sanitized inputs, on `base`: every input whole when `everything`,
    /// else cut to the evidence the analysis relies on (see [`share_link`]).
    pub fn share_link(&self, base: &str, overrides: &Overrides, everything: bool) -> String {
        let keep = (!everything).then(|| {
            let a = &self.analysis;
            share::evidence::relied_on_parts(
                &a.findings,
                a.timeline
                    .events
                    .iter()
                    .map(|e| (e.origin.input as usize, e.origin.line, e.origin.end_line)),
            )
        });
        // Each input sanitized as it is read again: the raw texts are never all held.
        share_link(
            base,
            self.all_inputs().into_iter().map(|(_, i)| i),
            overrides,
            keep.as_deref(),
        )
    }

    /// Rows `first..end` of the HAR requests `filter` keeps (the rows made once).
    pub fn requests(&mut self, filter: &RequestFilter, first: usize, end: usize) -> RequestPage {
        let har = &self.analysis.har;
        let rows = self.requests.get_or_insert_with(|| requests::rows(har));
        requests::page(rows, filter, first, end)
    }

    /// Entry `index` of capture `har` in full, read again from the entry's bytes alone when its
    /// place is known (`entries`, else [`Analysis::har_entries`]) and the source can read a part,
    /// else from its input read whole; why not.
    pub fn request_detail(&mut self, har: usize, index: usize) -> Result<RequestDetail, String> {
        use requests::detail::{entry_span, of_entry, spans_in_input};
        let (input, ordinal) =
            requests::har_place(&self.analysis.har, har).ok_or("no such capture")?;
        // Places found again here (the input changed since the analysis) come first.
        let places = self.analysis.har_entries.get(har).and_then(Option::as_ref);
        let known = match self.entries.get(&(input, ordinal)).or(places) {
            Some(spans) => Some(entry_span(spans, index)?),
            None => None,
        };
        let part = known.clone().and_then(|span| {
            let o = self.alone(input)?;
            Some((self.sources.part(o, span.clone())?, span))
        });
        if let Some((entry, span)) = part {
            return of_entry(&entry, index, span);
        }
        let text = self.input(input).map(|i| i.text).unwrap_or_default();
        // The input read whole: the entry at its place, while it still reads there (the capture
        // need not be the input's first HAR part: one before it may not read).
        if let Some(Ok(d)) =
            known.and_then(|span| Some(of_entry(text.get(span.clone())?, index, span)))
        {
            return Ok(d);
        }
        // Places not known (the reader's walk did not read the capture), or no longer right.
        let spans = spans_in_input(&text, ordinal)?;
        let span = entry_span(&spans, index);
        self.entries.insert((input, ordinal), spans);
        let span = span?;
        of_entry(&text[span.clone()], index, span)
    }

    /// The request a search's step goes to from request `from` (capture, entry) in the list the
    /// filter keeps: its position in that list and its (capture, entry).
    pub fn step_request(
        &mut self,
        filter: &RequestFilter,
        from: Option<(usize, usize)>,
        dir: i32,
    ) -> Option<(usize, (usize, usize))> {
        let har = &self.analysis.har;
        let rows = self.requests.get_or_insert_with(|| requests::rows(har));
        let keep = requests::select(rows, filter);
        let at = from.and_then(|s| keep.iter().position(|&i| (rows[i].har, rows[i].index) == s));
        let pos = crate::query::step(keep.len(), at, dir)?;
        let r = &rows[keep[pos]];
        Some((pos, (r.har, r.index)))
    }

    /// The timeline match a search's step goes to from timeline event `from`: its position
    /// among the matches and in the timeline.
    pub fn step_event(
        &mut self,
        search: &str,
        from: Option<usize>,
        dir: i32,
    ) -> Option<(usize, usize)> {
        self.find(search, 0, 0);
        let hits = self
            .found
            .as_ref()
            .map(|(_, f)| f.as_slice())
            .unwrap_or(&[]);
        crate::query::step_events(hits, from, dir)
    }

    /// Rows `first..end` of the timeline events `search` finds (the last search's hits kept).
    pub fn find(&mut self, search: &str, first: usize, end: usize) -> crate::query::Found {
        if self.found.as_ref().is_none_or(|(s, _)| s != search) {
            let q = crate::query::SearchQuery::parse(search);
            let hits = crate::query::matching_in(&self.analysis, &q);
            self.found = Some((search.to_string(), hits));
        }
        let hits = self
            .found
            .as_ref()
            .map(|(_, f)| f.as_slice())
            .unwrap_or(&[]);
        let analysis = &self.analysis;
        crate::query::found_page(hits, first, end, |i| analysis.report_event_with(i, false))
    }

    /// The inputs compared by the sides in `overrides.compare` (each side analysed here);
    /// `sanitized`: the sanitized inputs, for an export.
    pub fn compare(&self, overrides: &Overrides, sanitized: bool) -> Comparison {
        let sides = overrides.compare.clone().unwrap_or_default();
        // The sides go by the page's inputs; an archive's members take its side.
        let (mut b, mut a) = (Vec::new(), Vec::new());
        self.each_input(
            |i, input| match self.origins.get(i).and_then(|&o| sides.side(o)) {
                Some(Side::Before) => b.push(input),
                Some(Side::After) => a.push(input),
                None => {}
            },
        );
        let how = if sanitized {
            crate::compare::compare_sanitized
        } else {
            crate::compare::compare
        };
        how(&b, &a, sides.words, overrides)
    }

    /// Writes an export: of the report of the inputs sanitized with `overrides` (the default),
    /// or, when `overrides` is `None`, of the raw report (for JSON, what `ece-triage analyze
    /// --json` prints).
    pub fn export(
        &mut self,
        format: ExportFormat,
        overrides: Option<Overrides>,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let analysis = match overrides {
            None => &self.analysis,
            Some(o) => {
                if self.sanitized.as_ref().is_none_or(|(was, _)| *was != o) {
                    self.sanitized = None;
                    let a = self.sanitized_analysis(&o);
                    self.sanitized = Some((o, a));
                }
                match &self.sanitized {
                    Some((_, a)) => a,
                    None => &self.analysis,
                }
            }
        };
        match format {
            // Streamed: the bytes of `serde_json::to_writer_pretty` of the report.
            ExportFormat::Json => analysis.write_json(w),
            // Markdown reads only the events behind the evidence; the ladder none.
            f => w.write_all(f.render(&analysis.export_report()).as_bytes()),
        }
    }

    /// The answer to a query about this request (`None` for an export, which is a file, see
    /// [`Service::export`]).
    pub fn answer(&mut self, q: Query) -> Option<Reply> {
        answer(Some(self), q)
    }
}

/// The answer to `q` from `service` (when it holds the request asked about); `None` for an
/// export.
pub fn answer<S: Sources>(service: Option<&mut Service<S>>, q: Query) -> Option<Reply> {
    let (qid, id) = q.ids();
    let held = service.filter(|h| h.id == id);
    Some(match q {
        Query::Lines {
            input, first, last, ..
        } => Reply::Lines {
            qid,
            lines: held.and_then(|h| h.lines(input, first, last)),
        },
        Query::Rows { first, end, .. } => Reply::Rows {
            qid,
            rows: held.map(|h| h.rows(first, end)),
        },
        Query::Plan { overrides, .. } => Reply::Plan {
            qid,
            plan: held.map(|h| h.plan(&overrides)),
        },
        Query::Share {
            base,
            overrides,
            everything,
            ..
        } => Reply::Share {
            qid,
            link: held.map(|h| h.share_link(&base, &overrides, everything)),
        },
        Query::Compare {
            overrides,
            sanitized,
            ..
        } => Reply::Compare {
            qid,
            comparison: held.map(|h| Box::new(h.compare(&overrides, sanitized))),
        },
        Query::Requests {
            filter, first, end, ..
        } => Reply::Requests {
            qid,
            page: held.map(|h| h.requests(&filter, first, end)),
        },
        Query::RequestDetail { har, index, .. } => Reply::RequestDetail {
            qid,
            detail: held.map(|h| h.request_detail(har, index).map(Box::new)),
        },
        Query::Find {
            search, first, end, ..
        } => Reply::Found {
            qid,
            found: held.map(|h| h.find(&search, first, end)),
        },
        Query::StepRequest {
            filter, from, dir, ..
        } => Reply::Stepped {
            qid,
            to: held.map(|h| {
                h.step_request(&filter, from, dir)
                    .map(|(p, (a, b))| (p, a, b))
            }),
        },
        Query::StepEvent {
            search, from, dir, ..
        } => Reply::Stepped {
            qid,
            to: held.map(|h| h.step_event(&search, from, dir).map(|(p, e)| (p, e, 0))),
        },
        Query::Export { .. } => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(inputs: Vec<Input>) -> Service<Vec<Input>> {
        let overrides = Overrides::default();
        let mut copy = inputs.clone();
        let a = analysis::analysis_freeing(&mut copy, &overrides, &mut |_| {});
        let origins = (0..inputs.len()).collect();
        Service::new(7, inputs, origins, a)
    }

    /// The seed and a capture with ECE calls, other requests and failed ones.
    fn seed_and_har() -> Vec<Input> {
        use crate::har::fixtures;
        let mut e = fixtures::template_and_initialize(1);
        e.extend(fixtures::noise());
        e.extend(fixtures::failures());
        let mut inputs = seed();
        inputs.push(Input::new("c.har", fixtures::har(e).to_string()));
        inputs
    }

    fn seed() -> Vec<Input> {
        crate::sample::SEED
            .iter()
            .map(|(name, text)| Input::new(*name, *text))
            .collect()
    }

    /// Issue 13 leftover: a duplicate input (the same HAR dropped and pasted) goes into a link
    /// once, the link says so, and the recipient's verdict is the sender's.
    #[test]
    fn a_duplicate_input_goes_into_a_share_link_once() {
        let har =
            std::fs::read_to_string("tests/scenarios/multi-entry-point-har/capture.har").unwrap();
        let mut inputs = seed();
        inputs.push(Input::new("capture.har", har.as_str()));
        let once = inputs.clone();
        inputs.push(Input::new("copy.har", har.replace('\n', "\r\n")));
        inputs.push(Input::new("listener again.log", inputs[0].text.clone()));
        let o = Overrides::default();
        for everything in [true, false] {
            let s = service(inputs.clone());
            let link = s.share_link("https://x.example/", &o, everything);
            let single = service(once.clone()).share_link("https://x.example/", &o, everything);
            let state = share::decode(link.split_once('#').unwrap().1).unwrap();
            let names: Vec<&str> = state.inputs.iter().map(|i| i.name.as_str()).collect();
            assert_eq!(names.len(), once.len(), "{names:?}");
            assert!(!names.contains(&"copy.har") && !names.contains(&"listener again.log"));
            assert!(
                state
                    .left_out
                    .iter()
                    .any(|n| n == "copy.har: the same content as capture.har, carried once"),
                "{:?}",
                state.left_out
            );
            assert!(
                link.len() < single.len() + 300,
                "{} vs {}",
                link.len(),
                single.len()
            );
            let theirs = analysis::analyze_with(&state.inputs, &state.overrides);
            let ours = analysis::analyze_with(&inputs, &o);
            assert_eq!(theirs.verdict.sentence, ours.verdict.sentence);
        }
    }

    #[test]
    fn answers_from_the_service_are_what_the_page_computes_in_process() {
        let inputs = seed();
        let mut s = service(inputs.clone());
        let o = Overrides {
            extra_names: vec!["Agent".into()],
            ..Overrides::default()
        };
        let in_process = plan(inputs.iter().enumerate(), &o.sanitize_options());
        assert!(in_process.0 > 0, "the seed names something to remove");
        assert_eq!(s.plan(&o), in_process);
        let link = share_link("https://x.example/", &inputs, &o, None);
        assert_eq!(s.share_link("https://x.example/", &o, true), link);
        assert_eq!(
            link,
            share::link("https://x.example/", &share::sanitized_state(&inputs, &o))
        );
        let mut raw = Vec::new();
        s.export(ExportFormat::Json, None, &mut raw).unwrap();
        let report = analysis::analyze_with(&inputs, &Overrides::default());
        assert_eq!(String::from_utf8(raw).unwrap(), report.to_json());
        let mut clean = Vec::new();
        s.export(ExportFormat::Json, Some(o.clone()), &mut clean)
            .unwrap();
        assert_eq!(
            String::from_utf8(clean).unwrap(),
            share::sanitized_report(&inputs, &o).to_json()
        );
    }

    #[test]
    fn search_steps_reach_every_match_in_the_order_the_lists_show() {
        let inputs = seed_and_har();
        let mut s = service(inputs.clone());
        let report = analysis::analyze_with(&inputs, &Overrides::default());

        // Requests, sorted by size descending: n walks the whole list in its order, around.
        let filter = RequestFilter {
            sort: requests::SortBy::Size,
            descending: true,
            ..RequestFilter::default()
        };
        let rows = requests::rows(&report.har);
        let order: Vec<(usize, usize)> = requests::select(&rows, &filter)
            .into_iter()
            .map(|i| (rows[i].har, rows[i].index))
            .collect();
        assert!(order.len() > 3, "{order:?}");
        let mut at = None;
        for (k, want) in order.iter().enumerate() {
            let (pos, got) = s.step_request(&filter, at, 1).unwrap();
            assert_eq!((pos, got), (k, *want));
            at = Some(got);
        }
        assert_eq!(s.step_request(&filter, at, 1), Some((0, order[0])));
        assert_eq!(
            s.step_request(&filter, Some(order[0]), -1),
            Some((order.len() - 1, order[order.len() - 1]))
        );

        // Timeline events: the matches the report's search finds, one after the other.
        let q = crate::query::SearchQuery::parse("source:opc");
        let (hits, total) = crate::query::matching_events(report.events.iter(), &q, usize::MAX);
        assert!(total > 1);
        let mut at = None;
        for (k, &want) in hits.iter().enumerate() {
            let (pos, got) = s.step_event("source:opc", at, 1).unwrap();
            assert_eq!((pos, got), (k, want));
            at = Some(got);
        }
        match s.answer(Query::StepEvent {
            qid: 1,
            id: 7,
            search: "source:opc".into(),
            from: at,
            dir: 1,
        }) {
            Some(Reply::Stepped { to, .. }) => assert_eq!(to, Some(Some((0, hits[0], 0)))),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.step_event("no such text anywhere", None, 1), None);
    }

    #[test]
    fn the_viewers_queries_answer_what_the_page_computes_in_process() {
        use crate::har::fixtures;
        let mut e = fixtures::template_and_initialize(1);
        e.extend(fixtures::noise());
        e.extend(fixtures::probes_no_agent());
        e.extend(fixtures::failures());
        let mut inputs = seed();
        inputs.push(Input::new("c.har", fixtures::har(e).to_string()));
        let mut s = service(inputs.clone());
        let report = analysis::analyze_with(&inputs, &Overrides::default());
        let o = Overrides::default();

        // The evidence link: the keep the service reads from its compact analysis is the one
        // the page reads from its report, so both make the same link.
        let keep = share::evidence::relied_on(&report);
        let base = "https://x.example/";
        let evidence = share_link(base, &inputs, &o, Some(&keep));
        assert_eq!(s.share_link(base, &o, false), evidence);
        let whole = share_link(base, &inputs, &o, None);
        assert!(evidence.len() < whole.len(), "the HAR's noise is cut");
        let frag = evidence.split_once('#').unwrap().1;
        let left = share::decode(frag).unwrap().left_out;
        assert!(left.iter().any(|l| l.starts_with("c.har: ")), "{left:?}");
        match s.answer(Query::Share {
            qid: 3,
            id: 7,
            base: base.into(),
            overrides: o.clone(),
            everything: true,
        }) {
            Some(Reply::Share { link: Some(l), .. }) => assert_eq!(l, whole),
            other => panic!("{other:?}"),
        }

        // The requests list and a request's detail.
        let filter = RequestFilter {
            failed_only: true,
            ..RequestFilter::default()
        };
        let page = s.requests(&filter, 0, 50);
        let in_process = requests::page(&requests::rows(&report.har), &filter, 0, 50);
        assert!(page.matched > 0 && page.matched < page.total, "{page:?}");
        assert_eq!(page, in_process);
        let row = &page.rows[0];
        let (input, ordinal) = requests::har_place(&report.har, row.har).unwrap();
        assert_eq!(
            s.request_detail(row.har, row.index),
            requests::detail::in_input(&inputs[input].text, ordinal, row.index)
        );
        assert!(s.request_detail(9, 0).is_err());

        // A search: the events the page's own filter finds, in order.
        let search = "source:opc ready";
        let found = s.find(search, 0, usize::MAX);
        let q = crate::query::SearchQuery::parse(search);
        let (hits, total) =
            crate::query::matching_events(report.events.iter(), &q, crate::query::MAX_FOUND);
        assert!(total > 0);
        assert_eq!(found.matched, total);
        assert_eq!(found.rows.iter().map(|(i, _)| *i).collect::<Vec<_>>(), hits);
    }

    /// Inputs read in part as the worker reads a file: through a [`crate::line_index::LineIndex`]
    /// (a small stride, so that the parts are small), counting the lines read so.
    struct InParts(Vec<Input>, std::cell::Cell<usize>);

    impl Sources for InParts {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn read(&self, o: usize) -> Result<Vec<Input>, String> {
            self.0.read(o)
        }
        fn lines(&self, o: usize, first: u32, last: u32) -> Option<Vec<SourceLine>> {
            use crate::line_index::{lines_in_part, LineIndexer};
            let text = self.0.get(o)?.text.as_str();
            let mut x = LineIndexer::with_stride(300);
            x.feed(text.as_bytes());
            self.1.set(self.1.get() + 1);
            let Some((a, line, b)) = x.finish().span(first, last) else {
                return Some(Vec::new());
            };
            Some(lines_in_part(
                &text[a as usize..b as usize],
                line,
                first,
                last,
            ))
        }
        fn part(&self, o: usize, range: Range<usize>) -> Option<String> {
            self.1.set(self.1.get() + 1);
            self.0.get(o)?.text.get(range).map(String::from)
        }
    }

    /// A request's detail is read from its entry's bytes alone (the analysis's HAR reader
    /// placed the entries), and is what the whole input gives; without the places, the first
    /// detail reads the input whole and places them.
    #[test]
    fn a_request_is_read_from_its_entry_alone() {
        let inputs = seed_and_har();
        let whole = service(inputs.clone());
        let mut s = Service::new(
            7,
            InParts(inputs.clone(), 0.into()),
            whole.origins.clone(),
            whole.analysis.clone(),
        );
        let rows = requests::rows(&s.analysis.har);
        assert!(rows.len() > 5, "{}", rows.len());
        for r in &rows {
            let (input, ordinal) = requests::har_place(&s.analysis.har, r.har).unwrap();
            let want = requests::detail::in_input(&inputs[input].text, ordinal, r.index);
            assert!(want.is_ok(), "{want:?}");
            assert_eq!(s.request_detail(r.har, r.index), want, "entry {}", r.index);
        }
        // Every detail read its entry alone.
        assert_eq!(s.sources.1.get(), rows.len());
        // Without the reader's places: the first reads the input whole, the others their entry.
        let mut analysis = whole.analysis.clone();
        assert!(analysis.har_entries.iter().all(Option::is_some));
        analysis.har_entries.iter_mut().for_each(|p| *p = None);
        let mut unplaced = Service::new(
            8,
            InParts(inputs.clone(), 0.into()),
            whole.origins.clone(),
            analysis,
        );
        for r in &rows {
            let (input, ordinal) = requests::har_place(&s.analysis.har, r.har).unwrap();
            let want = requests::detail::in_input(&inputs[input].text, ordinal, r.index);
            assert_eq!(unplaced.request_detail(r.har, r.index), want);
        }
        assert_eq!(unplaced.sources.1.get(), rows.len() - 1);
        let (input, ordinal) = requests::har_place(&s.analysis.har, 0).unwrap();
        let n = requests::detail::spans_in_input(&inputs[input].text, ordinal)
            .unwrap()
            .len();
        assert_eq!(
            s.request_detail(0, n),
            Err(format!("the capture has {n} entries, not {}", n + 1))
        );
        assert!(s.request_detail(9, 0).is_err());
    }

    /// A capture after an unreadable one in the same input: its requests' details are its own
    /// entries, read in part or whole.
    #[test]
    fn a_capture_after_an_unreadable_one_shows_its_own_entries() {
        use crate::har::fixtures;
        let mut e = fixtures::template_and_initialize(1);
        e.extend(fixtures::noise());
        let good = fixtures::har(e).to_string();
        let log = "2019-07-20 18:27:31.749 GMT+0000 <@> INFO <@> [180:ARMLogger] <@> ProcessId:1 <@> ARM message\n";
        let text = format!("{log}{{\"log\": {{\"entries\": 5}}}}\n{good}\n");
        let inputs = vec![Input::new("two.har", text.as_str())];
        let mut whole = service(inputs.clone());
        assert_eq!(whole.analysis.har.len(), 1, "{:?}", whole.analysis.problems);
        let mut parts = Service::new(
            7,
            InParts(inputs.clone(), 0.into()),
            whole.origins.clone(),
            whole.analysis.clone(),
        );
        let rows = requests::rows(&whole.analysis.har);
        assert!(rows.len() > 3);
        let at = text.find(&good).unwrap();
        for r in &rows {
            let want = requests::detail::detail(&good, r.index).map(|mut d| {
                d.span = (d.span.0 + at, d.span.1 + at);
                d
            });
            assert!(want.is_ok(), "{want:?}");
            assert_eq!(
                whole.request_detail(r.har, r.index),
                want,
                "whole: {}",
                r.index
            );
            assert_eq!(
                parts.request_detail(r.har, r.index),
                want,
                "in part: {}",
                r.index
            );
        }
    }

    /// The evidence view's lines are the same read in part as read whole; an input that is one
    /// of several a page input gave (an archive's members) is read whole.
    #[test]
    fn lines_read_in_part_are_the_lines_read_whole() {
        let inputs = seed();
        let whole = service(inputs.clone());
        let parts = Service::new(
            7,
            InParts(inputs.clone(), 0.into()),
            whole.origins.clone(),
            whole.analysis.clone(),
        );
        let mut asked = 0;
        for (i, input) in inputs.iter().enumerate() {
            let n = input.text.lines().count() as u32;
            for first in 0..n + 2 {
                for last in [first, first + 1, first + 3, first + 40] {
                    let want = whole.lines(i, first, last);
                    assert!(
                        want.as_ref().is_some_and(|l| l.len() <= 41),
                        "{i} {first}..={last}"
                    );
                    assert_eq!(
                        parts.lines(i, first, last),
                        want,
                        "input {i}, lines {first}..={last}"
                    );
                    asked += 1;
                }
            }
        }
        assert_eq!(
            parts.sources.1.get(),
            asked,
            "every question was answered in part"
        );
        // Two analysed inputs from page input 0 (as an archive's members are): read whole.
        let members = Service::new(
            7,
            InParts(inputs.clone(), 0.into()),
            vec![0, 0, 1, 2],
            whole.analysis.clone(),
        );
        let first = source_lines::lines_between(&inputs[0].text, 1, 3);
        assert!(!first.is_empty());
        assert_eq!(members.lines(0, 1, 3), Some(first));
        let third = source_lines::lines_between(&inputs[2].text, 1, 3);
        assert!(!third.is_empty());
        assert_eq!(members.lines(3, 1, 3), Some(third));
        assert_eq!(
            members.sources.1.get(),
            1,
            "only input 3, page input 2 alone, was read in part"
        );
    }

    #[test]
    fn queries_about_another_request_get_no_answer() {
        let mut s = service(seed());
        let q = |id| Query::Lines {
            qid: 1,
            id,
            input: 0,
            first: 1,
            last: 2,
        };
        match s.answer(q(7)) {
            Some(Reply::Lines { lines: Some(l), .. }) => assert_eq!(l.len(), 2),
            other => panic!("{other:?}"),
        }
        match s.answer(q(8)) {
            Some(Reply::Lines { lines: None, .. }) => {}
            other => panic!("{other:?}"),
        }
        let rows = s.rows(0, usize::MAX);
        assert_eq!(rows.len(), s.analysis.events_len().min(MAX_ROWS));
        assert!(rows.iter().all(|r| r.message.is_none()));
    }
}
