//! The views the report gives of an input's entry-point answer or HAR capture.
use crate::har;
use crate::model::Problem;
use crate::report::{EntryPointView, HarView};

/// A pasted (or fetched) entry-point answer, explained; and its positioned problem when it looks
/// like JSON but does not read.
pub(super) fn api_answer_view(input: usize, text: &str) -> (EntryPointView, Option<Problem>) {
    let explanation = crate::ece::explain_pasted(text);
    let body = text.trim_start_matches('\u{feff}');
    let problem = if body.trim_start().starts_with(['{', '[']) {
        serde_json::from_str::<serde_json::Value>(body)
            .err()
            .map(|e| Problem {
                input,
                line: Some(e.line() as u32),
                offset: None,
                message: format!(
                    "not readable JSON: {} (line {}, column {}); paste the whole answer",
                    e.to_string().split(" at line").next().unwrap_or(""),
                    e.line(),
                    e.column()
                ),
            })
    } else {
        None
    };
    let view = EntryPointView {
        entry_point_id: None,
        url: None,
        status: None,
        response_type: explanation.response_type,
        meaning: explanation.headline.clone(),
        time: None,
        input,
        call: "pasted answer".into(),
        time_ms: None,
        har_index: None,
        explanation,
    };
    (view, problem)
}

/// A HAR capture for the report: call URLs sanitized, customer data left out.
pub(super) fn har_view(input: usize, mut capture: har::HarCapture) -> HarView {
    let opts = crate::sanitize::SanitizeOptions::default();
    for c in &mut capture.calls {
        c.url = crate::sanitize::url(&c.url, &opts).0;
        c.path = crate::sanitize::url(&c.path, &opts).0;
        c.redirect_url = c
            .redirect_url
            .as_deref()
            .map(|u| crate::sanitize::url(u, &opts).0);
    }
    HarView {
        input,
        summary: capture.summary(),
        capture,
    }
}

/// The calls of a capture that give an entry point's verdict (initialize, checkEligibility).
pub(super) fn har_entry_points(view: &HarView) -> Vec<EntryPointView> {
    view.capture
        .calls
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                har::calls::CallKind::Initialize | har::calls::CallKind::CheckEligibility
            )
        })
        .map(|c| EntryPointView {
            entry_point_id: c.entry_point_id.clone(),
            url: Some(c.url.clone()),
            status: Some(c.status),
            response_type: c.answer.response_type,
            meaning: c.answer.headline.clone(),
            time: c.started.clone(),
            input: view.input,
            call: c.kind.label(),
            time_ms: c.started_ms,
            har_index: Some(c.index),
            explanation: c.answer.clone(),
        })
        .collect()
}
