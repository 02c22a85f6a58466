//! Monitor mode: repeated entry-point calls as samples, their transitions, a chart's geometry, and CSV.

use serde::{Deserialize, Serialize};

/// The shortest polling interval the page allows, so a monitor cannot hammer an ECE server.
pub const MIN_INTERVAL_SECS: u32 = 2;

/// One call's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// Milliseconds since 1970-01-01 UTC when the call started.
    pub at_ms: i64,
    /// HTTP status, or `None` when the browser blocked or failed the call.
    pub status: Option<u16>,
    pub response_type: Option<i64>,
    pub latency_ms: u32,
    /// Why the call failed, when it did.
    pub error: Option<String>,
}

impl Sample {
    /// The state the chart and the transitions follow: the responseType, or "error".
    pub fn state(&self) -> String {
        match (self.response_type, &self.error, self.status) {
            (Some(rt), _, _) => rt.to_string(),
            (None, Some(_), _) | (None, None, None) => "error".to_string(),
            (None, None, Some(s)) => format!("HTTP {s}"),
        }
    }
}

/// A change of state between two consecutive samples: "0 → 1 at 14:02:11".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub at_ms: i64,
    pub from: String,
    pub to: String,
}

impl Transition {
    pub fn describe(&self) -> String {
        format!(
            "{} \u{2192} {} at {} UTC",
            self.from,
            self.to,
            hms(self.at_ms)
        )
    }
}

pub use crate::time::hms;

/// Every change of state, in order.
pub fn transitions(samples: &[Sample]) -> Vec<Transition> {
    samples
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (w[0].state(), w[1].state());
            (a != b).then(|| Transition {
                at_ms: w[1].at_ms,
                from: a,
                to: b,
            })
        })
        .collect()
}

/// The samples as CSV with a header row (times in UTC, ISO 8601).
pub fn to_csv(samples: &[Sample]) -> String {
    let mut out = String::from("time_utc,status,response_type,latency_ms,error\n");
    for s in samples {
        let err = s.error.as_deref().unwrap_or("").replace('"', "\"\"");
        out.push_str(&format!(
            "{},{},{},{},\"{err}\"\n",
            crate::time::iso_utc_ms(s.at_ms),
            s.status.map(|v| v.to_string()).unwrap_or_default(),
            s.response_type.map(|v| v.to_string()).unwrap_or_default(),
            s.latency_ms,
        ));
    }
    out
}

/// A point of the chart, in chart coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Geometry of the monitor chart: responseType as a step line (0 top … 2, error bottom) and latency.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub state_points: Vec<Point>,
    pub latency_points: Vec<Point>,
    pub max_latency_ms: u32,
}

/// Lays the samples out on a `width` × `height` plane (state band on top, latency band below).
pub fn chart(samples: &[Sample], width: f64, height: f64) -> Chart {
    let band = height / 2.0;
    let n = samples.len().max(2) as f64 - 1.0;
    let x = |i: usize| 40.0 + (width - 50.0) * i as f64 / n;
    let level = |s: &Sample| match s.response_type {
        Some(0) => 0.0,
        Some(1) => 1.0,
        Some(2) => 2.0,
        _ => 3.0,
    };
    let max_latency_ms = samples
        .iter()
        .map(|s| s.latency_ms)
        .max()
        .unwrap_or(0)
        .max(1);
    let state_points = samples
        .iter()
        .enumerate()
        .map(|(i, s)| Point {
            x: x(i),
            y: 10.0 + (band - 20.0) * level(s) / 3.0,
        })
        .collect();
    let latency_points = samples
        .iter()
        .enumerate()
        .map(|(i, s)| Point {
            x: x(i),
            y: height - 10.0 - (band - 20.0) * s.latency_ms as f64 / max_latency_ms as f64,
        })
        .collect();
    Chart {
        width,
        height,
        state_points,
        latency_points,
        max_latency_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at_s: i64, rt: Option<i64>, lat: u32) -> Sample {
        Sample {
            at_ms: at_s * 1000,
            status: rt.map(|_| 200),
            response_type: rt,
            latency_ms: lat,
            error: None,
        }
    }

    #[test]
    fn transitions_name_each_change_with_its_time() {
        let base = 1_764_079_320; // 2025-11-25 14:02:00 UTC
        let samples = vec![
            s(base, Some(0), 80),
            s(base + 11, Some(0), 90),
            s(base + 22, Some(1), 85),
            s(base + 33, None, 0),
        ];
        let t = transitions(&samples);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].describe(), "0 → 1 at 14:02:22 UTC");
        assert_eq!((t[1].from.as_str(), t[1].to.as_str()), ("1", "error"));
    }

    #[test]
    fn csv_has_one_row_per_sample_and_quotes_errors() {
        let mut e = s(1_764_079_320, None, 12);
        e.error = Some("blocked \"CORS\"".into());
        let csv = to_csv(&[s(1_764_079_320, Some(2), 40), e]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "time_utc,status,response_type,latency_ms,error");
        assert_eq!(lines[1], "2025-11-25T14:02:00.000Z,200,2,40,\"\"");
        assert_eq!(
            lines[2],
            "2025-11-25T14:02:00.000Z,,,12,\"blocked \"\"CORS\"\"\""
        );
    }

    #[test]
    fn chart_puts_type_zero_on_top_and_scales_latency() {
        let c = chart(
            &[s(0, Some(0), 50), s(10, Some(1), 100), s(20, Some(2), 0)],
            400.0,
            200.0,
        );
        assert!(
            c.state_points[0].y < c.state_points[1].y && c.state_points[1].y < c.state_points[2].y
        );
        assert_eq!(c.max_latency_ms, 100);
        assert!(
            c.latency_points[1].y < c.latency_points[0].y,
            "higher latency is drawn higher"
        );
        assert_eq!(c.state_points.len(), 3);
        assert!(chart(&[], 400.0, 200.0).state_points.is_empty());
    }
}
