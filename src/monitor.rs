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

/// A labelled place on an axis (an x for the time axis, a y for the value axes).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// Geometry of the monitor chart: responseType as a step line (0 top … 2, then other/error) in
/// the upper band, latency in the lower band, both over a time axis (x proportional to time).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    /// Where the plot starts and ends across (the value labels sit left of `left`).
    pub left: f64,
    pub right: f64,
    /// The responseType band's and the latency band's top and bottom.
    pub state_band: (f64, f64),
    pub latency_band: (f64, f64),
    pub state_points: Vec<Point>,
    pub latency_points: Vec<Point>,
    pub max_latency_ms: u32,
    /// The value axis of the upper band: one tick per responseType level.
    pub state_ticks: Vec<Tick>,
    /// The latency axis: 0 ms and the maximum.
    pub latency_ticks: Vec<Tick>,
    /// The time axis (UTC, `HH:MM:SS`), at round steps.
    pub time_ticks: Vec<Tick>,
}

/// The responseType levels the chart's value axis names, top to bottom. Their meanings are
/// `ece::ResponseType::meaning` (sourced where the answer is explained); "other" is anything
/// else: another value, an HTTP error, or no answer.
pub const LEVELS: [&str; 4] = [
    "0 takes chats",
    "1 no agent",
    "2 queue full",
    "other / error",
];

/// Round steps for the time axis, in seconds.
const TIME_STEPS: [i64; 14] = [
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
];

/// Lays the samples out on a `width` × `height` plane (state band on top, latency band below,
/// the time axis under both).
pub fn chart(samples: &[Sample], width: f64, height: f64) -> Chart {
    let (left, right) = (104.0, width - 12.0);
    let axis = height - 22.0;
    // Each band's title sits above its top tick.
    let mid = 10.0 + (axis - 10.0) * 0.55;
    let state_band = (26.0, mid - 8.0);
    let latency_band = (mid + 18.0, axis - 6.0);
    let t0 = samples.iter().map(|s| s.at_ms).min().unwrap_or(0);
    let t1 = samples.iter().map(|s| s.at_ms).max().unwrap_or(0);
    let span = (t1 - t0).max(1) as f64;
    let x = |at: i64| left + (right - left) * (at - t0) as f64 / span;
    let level_y = |level: f64| state_band.0 + (state_band.1 - state_band.0) * level / 3.0;
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
    let latency_y = |ms: u32| {
        latency_band.1 - (latency_band.1 - latency_band.0) * ms as f64 / max_latency_ms as f64
    };
    let state_points = samples
        .iter()
        .map(|s| Point {
            x: x(s.at_ms),
            y: level_y(level(s)),
        })
        .collect();
    let latency_points = samples
        .iter()
        .map(|s| Point {
            x: x(s.at_ms),
            y: latency_y(s.latency_ms),
        })
        .collect();
    let state_ticks = LEVELS
        .iter()
        .enumerate()
        .map(|(i, l)| Tick {
            at: level_y(i as f64),
            label: (*l).to_string(),
        })
        .collect();
    let latency_ticks = vec![
        Tick {
            at: latency_y(0),
            label: "0 ms".into(),
        },
        Tick {
            at: latency_y(max_latency_ms),
            label: format!("{max_latency_ms} ms"),
        },
    ];
    let time_ticks = if samples.is_empty() {
        vec![]
    } else {
        let span_s = (t1 - t0) / 1000;
        let step = TIME_STEPS
            .iter()
            .copied()
            .find(|s| span_s / s <= 5)
            .unwrap_or(span_s / 5 + 1)
            * 1000;
        let first = t0.div_euclid(step) * step + if t0 % step == 0 { 0 } else { step };
        let mut ticks: Vec<Tick> = (0..)
            .map(|k| first + k * step)
            .take_while(|t| *t <= t1)
            .map(|t| Tick {
                at: x(t),
                label: hms(t),
            })
            .collect();
        if ticks.is_empty() {
            ticks.push(Tick {
                at: x(t0),
                label: hms(t0),
            });
        }
        ticks
    };
    Chart {
        width,
        height,
        left,
        right,
        state_band,
        latency_band,
        state_points,
        latency_points,
        max_latency_ms,
        state_ticks,
        latency_ticks,
        time_ticks,
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

    #[test]
    fn the_axes_name_the_levels_the_latency_and_round_times() {
        let base = 1_764_079_321; // 2025-11-25 14:02:01 UTC
        let samples: Vec<Sample> = (0..10).map(|i| s(base + i * 4, Some(i % 3), 40)).collect();
        let c = chart(&samples, 640.0, 220.0);
        let labels: Vec<&str> = c.state_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, LEVELS);
        // Each level's tick is where a sample of that responseType is drawn.
        for (p, smp) in c.state_points.iter().zip(&samples) {
            let level = smp.response_type.unwrap() as usize;
            assert!((c.state_ticks[level].at - p.y).abs() < 1e-9);
        }
        assert_eq!(c.latency_ticks[1].label, "40 ms");
        // 36 s of polls: a tick every 10 s, at round times, placed by time.
        let times: Vec<&str> = c.time_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(times, ["14:02:10", "14:02:20", "14:02:30"]);
        let at = |ms: i64| c.left + (c.right - c.left) * (ms - samples[0].at_ms) as f64 / 36_000.0;
        assert!((c.time_ticks[0].at - at((base + 9) * 1000)).abs() < 1e-9);
        assert!((c.state_points[9].x - c.right).abs() < 1e-9);
        // One poll: one tick, at its time.
        let one = chart(&samples[..1], 640.0, 220.0);
        assert_eq!(one.time_ticks.len(), 1);
        assert_eq!(one.time_ticks[0].label, "14:02:01");
    }
}
