//! The search box's small query language: free text and `name:value` terms, all of which must match.
//!
//! ```text
//! agent:6420 mrd:5000 invoke:80171 source:opc after:13:34 before:13:40:30 "not ready" status:4xx
//! ```
//!
//! Free words (or `"quoted phrases"`) match case-insensitively anywhere in an event's kind, values
//! and time, or a request's method, URL, type and status. `after:`/`before:` take a time of day
//! (`13:34`, `13:34:09`, `13:34:09.773`, on the timeline's common clock: the listener's GMT, a
//! HAR's UTC) or a date and time (`2019-08-19T13:34`); both ends are inclusive. A term the page
//! does not know (`foo:bar`) is searched for as text, and said so in [`SearchQuery::notes`].
use crate::har::reader::parse_iso8601_ms;
use crate::report::ReportEvent;

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// A parsed search: every term must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// Lower-cased words and phrases, each to be found somewhere.
    pub text: Vec<String>,
    pub agent: Option<u32>,
    pub mrd: Option<u32>,
    pub invoke: Option<u32>,
    /// A source name or its start (`opc`, `list` for listener, `har`).
    pub source: Option<String>,
    pub after: Option<TimeBound>,
    pub before: Option<TimeBound>,
    /// `status:404`, `status:4xx` (requests only: an event has no status).
    pub status: Option<StatusMatch>,
    /// `method:POST` (upper-cased).
    pub method: Option<String>,
    /// `type:xhr` (a request type's name, lower-cased).
    pub kind: Option<String>,
    /// What was not understood and how it was read instead.
    pub notes: Vec<String>,
}

/// One end of a time range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBound {
    /// Milliseconds since midnight.
    TimeOfDay(i64),
    /// Milliseconds since the epoch (UTC).
    Instant(i64),
}

/// `status:` as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Exact(i64),
    /// `4xx`: the hundreds digit.
    Class(i64),
}

impl StatusMatch {
    pub fn matches(self, status: Option<i64>) -> bool {
        match (self, status) {
            (StatusMatch::Exact(s), Some(x)) => s == x,
            (StatusMatch::Class(c), Some(x)) => x / 100 == c,
            // status:0 finds requests that got no answer.
            (StatusMatch::Exact(0), None) => true,
            _ => false,
        }
    }
}

/// The names `name:value` terms may use (shown by the page's help).
pub const TERMS: &[(&str, &str)] = &[
    ("agent:6420", "events of agent (skill target) 6420"),
    ("mrd:5000", "events of media routing domain 5000"),
    ("invoke:80171", "events of ARM request (InvokeID) 80171"),
    (
        "source:opc",
        "events of one source: listener, ctisvr, opc, rttest, opctest, procmon, dump, har",
    ),
    (
        "after:13:34",
        "at or after a time of day (or 2019-08-19T13:34); before: likewise",
    ),
    (
        "status:4xx",
        "requests with that status or status class (status:0: no answer)",
    ),
    ("method:POST", "requests with that method"),
    (
        "type:xhr",
        "requests of one type: document, script, style, image, font, xhr, media, other",
    ),
];

impl SearchQuery {
    /// Reads what the user typed; never fails (what it cannot read becomes text, with a note).
    pub fn parse(s: &str) -> SearchQuery {
        let mut q = SearchQuery::default();
        for token in tokens(s) {
            let Some((name, value)) = token.split_once(':').filter(|(n, v)| {
                !v.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic()) && !n.is_empty()
            }) else {
                q.text.push(token.to_lowercase());
                continue;
            };
            let number = |what: &str, q: &mut SearchQuery| -> Option<u32> {
                let n = value.parse().ok();
                if n.is_none() {
                    q.notes.push(format!(
                        "{what}: wants a number; \u{201c}{value}\u{201d} is searched as text"
                    ));
                    q.text.push(token.to_lowercase());
                }
                n
            };
            match name.to_ascii_lowercase().as_str() {
                "agent" => q.agent = number("agent", &mut q).or(q.agent),
                "mrd" => q.mrd = number("mrd", &mut q).or(q.mrd),
                "invoke" | "invokeid" => q.invoke = number("invoke", &mut q).or(q.invoke),
                "source" | "src" => q.source = Some(value.to_ascii_lowercase()),
                "method" => q.method = Some(value.to_ascii_uppercase()),
                "type" => q.kind = Some(value.to_ascii_lowercase()),
                "status" => match status(value) {
                    Some(s) => q.status = Some(s),
                    None => {
                        q.notes.push(format!(
                            "status: wants 404 or 4xx; \u{201c}{value}\u{201d} is searched as text"
                        ));
                        q.text.push(token.to_lowercase());
                    }
                },
                "after" | "before" => match time_bound(value) {
                    Some(t) if name.eq_ignore_ascii_case("after") => q.after = Some(t),
                    Some(t) => q.before = Some(t),
                    None => {
                        q.notes.push(format!(
                            "{name}: wants a time like 13:34 or 2019-08-19T13:34; \u{201c}{value}\u{201d} is searched as text"
                        ));
                        q.text.push(token.to_lowercase());
                    }
                },
                // A URL (`https://…`), a time (`13:34:09`) or an unknown name: text.
                _ => q.text.push(token.to_lowercase()),
            }
        }
        q
    }

    /// Whether nothing is asked for (everything matches).
    pub fn is_empty(&self) -> bool {
        *self == SearchQuery::default()
    }

    /// Whether the query holds terms that only requests have (`status:`, `method:`, `type:`):
    /// no event matches them.
    pub fn request_only(&self) -> bool {
        self.status.is_some() || self.method.is_some() || self.kind.is_some()
    }

    /// Whether a time on the common axis (ms; since the epoch when dated) is in range.
    pub fn in_range(&self, ms: Option<i64>) -> bool {
        if self.after.is_none() && self.before.is_none() {
            return true;
        }
        let Some(ms) = ms else { return false };
        let at = |b: TimeBound| match b {
            TimeBound::TimeOfDay(t) => (ms.rem_euclid(DAY_MS), t),
            TimeBound::Instant(t) => (ms, t),
        };
        self.after.map(at).is_none_or(|(x, t)| x >= t)
            && self.before.map(at).is_none_or(|(x, t)| x <= t)
    }

    /// Whether a timeline event matches.
    pub fn matches_event(&self, e: &ReportEvent) -> bool {
        if self.request_only() {
            return false;
        }
        if self.agent.is_some_and(|a| e.agent_id != Some(a))
            || self.mrd.is_some_and(|m| e.mrd_id != Some(m))
            || self.invoke.is_some_and(|i| e.invoke_id != Some(i))
        {
            return false;
        }
        if let Some(s) = &self.source {
            if !e.source.as_str().starts_with(s.as_str()) {
                return false;
            }
        }
        if !self.in_range(e.axis_ms) {
            return false;
        }
        self.text.iter().all(|w| {
            contains_ci(&e.kind, w)
                || contains_ci(&e.detail, w)
                || e.time.as_deref().is_some_and(|t| contains_ci(t, w))
        })
    }

    /// Whether the text terms all occur in one of `fields`.
    pub fn text_in(&self, fields: &[&str]) -> bool {
        self.text
            .iter()
            .all(|w| fields.iter().any(|f| contains_ci(f, w)))
    }
}

/// Splits on spaces, keeping `"quoted phrases"` (and `name:"quoted value"`) whole.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn status(v: &str) -> Option<StatusMatch> {
    let v = v.to_ascii_lowercase();
    if let Some(d) = v.strip_suffix("xx") {
        return d
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=5).contains(d))
            .map(StatusMatch::Class);
    }
    v.parse::<i64>()
        .ok()
        .filter(|s| (0..1000).contains(s))
        .map(StatusMatch::Exact)
}

/// `13:34`, `13:34:09`, `13:34:09.773` (or `,773`), or a date and time.
fn time_bound(v: &str) -> Option<TimeBound> {
    if v.len() >= 10 && v.as_bytes()[4] == b'-' {
        let mut s = v.replace(' ', "T");
        if s.len() == 10 {
            s.push_str("T00:00");
        }
        // A date and time without a zone is read as UTC (the HAR's and the listener's clock).
        let zoned = s.ends_with('Z') || s[10..].contains(['+', '-']);
        if !zoned {
            s.push('Z');
        }
        let colons = s[10..].matches(':').count();
        if colons == 1 {
            s = s.replacen('Z', ":00Z", 1);
        }
        return parse_iso8601_ms(&s).map(TimeBound::Instant);
    }
    let (hms, frac) = match v.split_once(['.', ',']) {
        Some((a, b)) => (a, Some(b)),
        None => (v, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let n = |s: &str, max: i64| {
        s.parse::<i64>()
            .ok()
            .filter(|x| (0..max).contains(x) && !s.is_empty() && s.len() <= 2)
    };
    let h = n(parts[0], 24)?;
    let m = n(parts[1], 60)?;
    let s = match parts.get(2) {
        Some(s) => n(s, 60)?,
        None => 0,
    };
    let ms = match frac {
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<i64>().ok()? * 10i64.pow(3 - f.len() as u32)
        }
        Some(_) => return None,
        None => 0,
    };
    Some(TimeBound::TimeOfDay(((h * 60 + m) * 60 + s) * 1000 + ms))
}

/// Case-insensitive substring test; `needle` is already lower-case.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// The positions of `events` that match `q`, at most `limit` of them, and how many match in all.
pub fn matching_events<'a>(
    events: impl Iterator<Item = &'a ReportEvent>,
    q: &SearchQuery,
    limit: usize,
) -> (Vec<usize>, usize) {
    let mut found = Vec::new();
    let mut total = 0;
    for (i, e) in events.enumerate() {
        if q.matches_event(e) {
            total += 1;
            if found.len() < limit {
                found.push(i);
            }
        }
    }
    (found, total)
}

/// Where a search's Enter / n (`dir` +1) or Shift+Enter / N (−1) goes in a list of `len`
/// matches from `at` (none yet: the first, or the last): round the end to the other end.
pub fn step(len: usize, at: Option<usize>, dir: i32) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match at {
        None if dir >= 0 => 0,
        None => len - 1,
        Some(c) => {
            (c.min(len - 1) as i64 + i64::from(dir.signum())).rem_euclid(len as i64) as usize
        }
    })
}

/// The match a search steps to from timeline event `from` (its position in the timeline, not
/// among the matches): the next (`dir` +1) or previous (−1) of the sorted `hits`, around the
/// ends; from none, the first or last. (position among the matches, timeline event)
pub fn step_events(hits: &[u32], from: Option<usize>, dir: i32) -> Option<(usize, usize)> {
    if hits.is_empty() {
        return None;
    }
    let pos = match from {
        None => step(hits.len(), None, dir)?,
        Some(f) => {
            // Where `from` is, or would be, among the hits.
            let k = hits.partition_point(|&h| (h as usize) < f);
            let on = hits.get(k).is_some_and(|&h| h as usize == f);
            match (dir >= 0, on) {
                (true, true) => (k + 1) % hits.len(),
                (true, false) => k % hits.len(),
                (false, _) => (k + hits.len() - 1) % hits.len(),
            }
        }
    };
    Some((pos, hits[pos] as usize))
}

/// Most matches one [`Found`] carries (the timeline asks for the rows it draws).
pub const MAX_FOUND: usize = 1_000;

/// Part of the events that match a search: how many match, and rows `first..` of them with their
/// positions in the timeline.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Found {
    pub matched: usize,
    pub first: usize,
    pub rows: Vec<(usize, ReportEvent)>,
}

/// Rows `first..end` (at most [`MAX_FOUND`]) of the matches `hits`, each made by `event`.
pub fn found_page(
    hits: &[u32],
    first: usize,
    end: usize,
    event: impl Fn(usize) -> Option<ReportEvent>,
) -> Found {
    let first = first.min(hits.len());
    let end = end.min(hits.len()).min(first + MAX_FOUND).max(first);
    Found {
        matched: hits.len(),
        first,
        rows: hits[first..end]
            .iter()
            .filter_map(|&i| Some((i as usize, event(i as usize)?)))
            .collect(),
    }
}

/// The positions of the analysis's timeline events that match `q` (ids, source and time are
/// checked on the compact events; an event's texts are made only when `q` has text to find).
pub fn matching_in(a: &crate::analysis::Analysis, q: &SearchQuery) -> Vec<u32> {
    if q.request_only() {
        return Vec::new();
    }
    let t = &a.timeline;
    (0..t.events.len())
        .filter(|&i| {
            let e = &t.events[i];
            if q.agent.is_some_and(|x| e.agent_id != Some(x))
                || q.mrd.is_some_and(|x| e.mrd_id != Some(x))
                || q.invoke.is_some_and(|x| e.invoke_id != Some(x))
                || q.source
                    .as_deref()
                    .is_some_and(|s| !e.source.as_str().starts_with(s))
                || !q.in_range(t.axis_ms.at(i))
            {
                return false;
            }
            q.text.is_empty()
                || a.report_event_with(i, false)
                    .is_some_and(|r| q.matches_event(&r))
        })
        .map(|i| i as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::model::Input;
    use crate::sample::SEED;

    fn seed_events() -> Vec<ReportEvent> {
        let inputs: Vec<Input> = SEED.iter().map(|(n, t)| Input::new(*n, *t)).collect();
        analyze(&inputs).events
    }

    #[test]
    fn stepping_goes_past_any_window_and_around_the_ends() {
        let hits = [3u32, 10, 2_000, 50_000];
        assert_eq!(step_events(&hits, None, 1), Some((0, 3)));
        assert_eq!(step_events(&hits, None, -1), Some((3, 50_000)));
        // From a match to the next, far past the rows drawn.
        assert_eq!(step_events(&hits, Some(10), 1), Some((2, 2_000)));
        assert_eq!(step_events(&hits, Some(50_000), 1), Some((0, 3)));
        assert_eq!(step_events(&hits, Some(3), -1), Some((3, 50_000)));
        // From an event that is no match (the search changed): the nearest in that direction.
        assert_eq!(step_events(&hits, Some(11), 1), Some((2, 2_000)));
        assert_eq!(step_events(&hits, Some(11), -1), Some((1, 10)));
        assert_eq!(step_events(&[], Some(1), 1), None);
        assert_eq!(step(3, Some(2), 1), Some(0));
        assert_eq!(step(3, Some(0), -1), Some(2));
    }

    #[test]
    fn terms_are_read_and_the_rest_is_text() {
        let q = SearchQuery::parse(
            r#"agent:6420 MRD:5000 invoke:80171 source:OPC after:13:34 before:13:40:30.5 "Not Ready" status:4xx method:post type:XHR https://h/x foo:bar"#,
        );
        assert_eq!(q.agent, Some(6420));
        assert_eq!(q.mrd, Some(5000));
        assert_eq!(q.invoke, Some(80171));
        assert_eq!(q.source.as_deref(), Some("opc"));
        assert_eq!(q.after, Some(TimeBound::TimeOfDay((13 * 60 + 34) * 60_000)));
        assert_eq!(
            q.before,
            Some(TimeBound::TimeOfDay(
                ((13 * 60 + 40) * 60 + 30) * 1000 + 500
            ))
        );
        assert_eq!(q.status, Some(StatusMatch::Class(4)));
        assert_eq!(q.method.as_deref(), Some("POST"));
        assert_eq!(q.kind.as_deref(), Some("xhr"));
        assert_eq!(q.text, vec!["not ready", "https://h/x", "foo:bar"]);
        assert!(q.notes.is_empty());
    }

    #[test]
    fn a_bad_value_is_searched_as_text_and_said() {
        let q = SearchQuery::parse("agent:abc after:25:00");
        assert_eq!(q.agent, None);
        assert_eq!(q.after, None);
        assert_eq!(q.text, vec!["agent:abc", "after:25:00"]);
        assert_eq!(q.notes.len(), 2, "{:?}", q.notes);
    }

    #[test]
    fn dated_bounds_compare_instants() {
        let q = SearchQuery::parse("after:2019-08-19T13:34");
        let at = parse_iso8601_ms("2019-08-19T13:34:00Z").unwrap();
        assert_eq!(q.after, Some(TimeBound::Instant(at)));
        assert!(q.in_range(Some(at)));
        assert!(!q.in_range(Some(at - 1)));
        assert!(!q.in_range(None));
        // A date alone is its midnight: nothing of 13:34 that day is before it.
        let q = SearchQuery::parse("before:2019-08-19");
        assert!(!q.in_range(Some(at)));
        assert!(q.in_range(Some(at - 13 * 3_600_000 - 34 * 60_000)));
    }

    #[test]
    fn seed_events_filter_by_agent_source_invoke_and_time() {
        let events = seed_events();
        let all = events.len();
        assert!(all > 5);
        let (opc, n) = matching_events(events.iter(), &SearchQuery::parse("source:opc"), 10_000);
        assert!(n > 0 && n < all, "{n} of {all}");
        assert!(opc.iter().all(|&i| events[i].source.as_str() == "opc"));
        let (_, agent) = matching_events(events.iter(), &SearchQuery::parse("agent:6420"), 10_000);
        assert!(agent > 0, "the seed's agent 6420 has events");
        let (_, none) = matching_events(events.iter(), &SearchQuery::parse("agent:1"), 10_000);
        assert_eq!(none, 0);
        // The seed's listener says MAKE_AGENT_ROUTABLE_IND; found by any case.
        let (hits, _) = matching_events(
            events.iter(),
            &SearchQuery::parse("make_agent_routable"),
            10_000,
        );
        assert!(!hits.is_empty());
        assert!(hits
            .iter()
            .all(|&i| events[i].kind.contains("MAKE_AGENT_ROUTABLE")
                || events[i].detail.contains("MAKE_AGENT_ROUTABLE")));
        // A range that holds no event, and its complement that holds them all (timed ones).
        let timed = events.iter().filter(|e| e.axis_ms.is_some()).count();
        let (_, late) = matching_events(
            events.iter(),
            &SearchQuery::parse("after:00:00 before:23:59:59.999"),
            10_000,
        );
        assert_eq!(late, timed);
        // Request-only terms match no event.
        let (_, s) = matching_events(events.iter(), &SearchQuery::parse("status:200"), 10_000);
        assert_eq!(s, 0);
    }

    #[test]
    fn the_analysis_search_agrees_with_the_report_search() {
        let inputs: Vec<Input> = SEED.iter().map(|(n, t)| Input::new(*n, *t)).collect();
        let a = crate::analysis::analysis_with_progress(
            &inputs,
            &crate::analysis::Overrides::default(),
            &mut |_| {},
        );
        let events = a.clone().into_report().events;
        for s in [
            "",
            "agent:6420",
            "source:list ready",
            "invoke:80171",
            "after:13:34:10",
            "nothing-like-this",
        ] {
            let q = SearchQuery::parse(s);
            let (want, _) = matching_events(events.iter(), &q, usize::MAX);
            let got: Vec<usize> = matching_in(&a, &q)
                .into_iter()
                .map(|i| i as usize)
                .collect();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn matching_stops_listing_at_the_limit_but_counts_all() {
        let events = seed_events();
        let (shown, total) = matching_events(events.iter(), &SearchQuery::default(), 3);
        assert_eq!(shown, vec![0, 1, 2]);
        assert_eq!(total, events.len());
    }

    #[test]
    fn contains_ci_is_case_blind() {
        assert!(contains_ci("MAKE_AGENT_READY_IND", "ready_ind"));
        assert!(contains_ci("Ärger", "ärg"));
        assert!(!contains_ci("abc", "abcd"));
    }
}
