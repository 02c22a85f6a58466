//! The message-flow ladder: lanes and arrows, expected vs observed, as plain geometry.
//!
//! `Ladder` is the model; `layout` turns it into coordinates; `to_svg` (here) and `render::ladder::to_ascii` are
//! thin renderers over that layout, so the page, the exports and the tests all draw the same thing.

use serde::{Deserialize, Serialize};

/// A vertical line of the ladder: one participant in the chat availability story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    Customer,
    WebServer,
    Listener,
    CtiServer,
    Opc,
    Router,
}

impl Lane {
    pub const ALL: [Lane; 6] = [
        Lane::Customer,
        Lane::WebServer,
        Lane::Listener,
        Lane::CtiServer,
        Lane::Opc,
        Lane::Router,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Lane::Customer => "Customer browser",
            Lane::WebServer => "ECE web/app server",
            Lane::Listener => "ECE listener",
            Lane::CtiServer => "CTI server",
            Lane::Opc => "OPC / PG",
            Lane::Router => "Router",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Lane::Customer => "Browser",
            Lane::WebServer => "ECE web",
            Lane::Listener => "Listener",
            Lane::CtiServer => "CTI svr",
            Lane::Opc => "OPC/PG",
            Lane::Router => "Router",
        }
    }

    pub fn index(self) -> usize {
        Lane::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

/// One arrow: a message seen in the evidence, or an expected step that the evidence lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrow {
    pub from: Lane,
    pub to: Lane,
    /// `MAKE_AGENT_ROUTABLE_IND InvokeID=80171 MRD=5000 agent=6420`.
    pub label: String,
    /// Time as printed, already put on the common axis when an offset is known.
    pub time: Option<String>,
    /// The day of `time` on the common axis (`2019-08-19`), when the evidence is dated: the ladder
    /// draws a day separator where it changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Index into the report's events, when observed (clicking the arrow opens it).
    pub event: Option<usize>,
    /// False for an expected step missing from the evidence (drawn dashed and marked).
    pub observed: bool,
    /// Correlation group: arrows of the same request share it and are drawn on one row.
    pub group: Option<usize>,
}

/// The whole diagram: rows of arrows, top to bottom in time order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ladder {
    pub rows: Vec<Vec<Arrow>>,
    /// Rows left out so the diagram stays readable and fast (the timeline lists everything).
    #[serde(default)]
    pub omitted: usize,
}

impl Ladder {
    pub fn arrows(&self) -> impl Iterator<Item = &Arrow> {
        self.rows.iter().flatten()
    }
}

/// Coordinates of a drawn arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedArrow<'a> {
    pub arrow: &'a Arrow,
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
    /// Index of the ladder row (correlated request) it belongs to.
    pub row: usize,
    /// The label as drawn: the whole text (`missing: ` before a missing step), elided with `…` when
    /// it would run past the SVG's edge or into the time column; the full text is [`full_label`].
    pub shown: String,
}

/// A day separator: drawn before the first dated arrow and wherever the day changes.
#[derive(Debug, Clone, PartialEq)]
pub struct DayMark {
    /// Top of the separator's line.
    pub y: f64,
    /// `2019-08-19`.
    pub date: String,
}

/// A band behind the arrows of one row with more than one arrow (one request seen by several logs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub y: f64,
    pub height: f64,
}

/// The ladder laid out on a plane.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout<'a> {
    pub width: f64,
    pub height: f64,
    /// (lane, x) of every lifeline.
    pub lanes: Vec<(Lane, f64)>,
    pub arrows: Vec<PlacedArrow<'a>>,
    pub bands: Vec<Band>,
    pub days: Vec<DayMark>,
}

pub const LANE_GAP: f64 = 150.0;
/// Width of the time column at the left, where each arrow's time is written.
pub const TIME_W: f64 = 96.0;
/// x of the first lane: past the time column, with room for half the first lane's title.
pub const MARGIN: f64 = TIME_W + 66.0;
/// Space right of the last lane.
pub const RIGHT: f64 = 80.0;
pub const HEADER: f64 = 50.0;
pub const ROW: f64 = 34.0;
/// Height of a day separator row.
pub const DAY_ROW: f64 = 22.0;

/// An arrow's full label: the message, `missing: ` before a step the evidence lacks.
pub fn full_label(a: &Arrow) -> String {
    if a.observed {
        a.label.clone()
    } else {
        format!("missing: {}", a.label)
    }
}

/// Estimated width in px of `s` in the page's 12 px sans-serif (bold when selected: 10% wider
/// allowed for); generous, so an elided label never reaches the edge.
pub fn text_px(s: &str) -> f64 {
    let w: f64 = s
        .chars()
        .map(|c| match c {
            'M' | 'W' | 'm' | 'w' | '@' | '%' => 10.5,
            'A'..='Z' | '&' => 8.2,
            '0'..='9' | '_' | '$' | '#' | '?' => 6.8,
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 3.4,
            'f' | 't' | 'r' | ' ' | '/' | '(' | ')' | '[' | ']' | '-' => 4.2,
            c if c.is_ascii() => 6.4,
            _ => 12.0,
        })
        .sum();
    w * 1.1
}

/// `s` cut with `…` to at most `px` wide (whole when it fits), after its last whole word when
/// there is one: what is drawn is then words of the button's name (a screen-reader user who
/// says the words they see is understood; axe's label-content-name-mismatch compares words).
pub fn elide(s: &str, px: f64) -> String {
    if text_px(s) <= px {
        return s.to_string();
    }
    let budget = px - text_px("…");
    let mut out = String::new();
    let mut width = 0.0;
    for c in s.chars() {
        let w = text_px(c.encode_utf8(&mut [0u8; 4]));
        if width + w > budget {
            break;
        }
        width += w;
        out.push(c);
    }
    let cut_mid_word = s[out.len()..].chars().next().is_some_and(|c| c != ' ');
    if cut_mid_word {
        if let Some(space) = out.rfind(' ') {
            out.truncate(space);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Room for a label drawn at `x` with `anchor`: to the SVG's right edge, or back to the time column.
fn room(x: f64, anchor: &str, width: f64) -> f64 {
    if anchor == "end" {
        x - TIME_W - 4.0
    } else {
        width - 4.0 - x
    }
}

/// Places lanes left to right and arrows top to bottom, one arrow per line so labels never overlap;
/// the arrows of one row (one request across the logs) share a band; a day separator goes before
/// the first dated arrow and wherever the day changes; labels are elided to stay inside the SVG.
pub fn layout(ladder: &Ladder) -> Layout<'_> {
    let lanes: Vec<(Lane, f64)> = Lane::ALL
        .iter()
        .map(|l| (*l, MARGIN + l.index() as f64 * LANE_GAP))
        .collect();
    let x = |l: Lane| MARGIN + l.index() as f64 * LANE_GAP;
    let width = MARGIN + RIGHT + (Lane::ALL.len() - 1) as f64 * LANE_GAP;
    let mut y = HEADER + ROW * 0.6;
    let mut arrows = Vec::new();
    let mut bands = Vec::new();
    let mut days: Vec<DayMark> = Vec::new();
    let mut day: Option<&str> = None;
    for (ri, row) in ladder.rows.iter().enumerate() {
        // The row's day: its first dated arrow's.
        if let Some(d) = row.iter().find_map(|a| a.date.as_deref()) {
            if day != Some(d) {
                days.push(DayMark {
                    y: y - ROW * 0.5,
                    date: d.to_string(),
                });
                y += DAY_ROW;
                day = Some(d);
            }
        }
        let top = y - ROW * 0.5;
        for a in row {
            let mut p = PlacedArrow {
                arrow: a,
                x1: x(a.from),
                x2: x(a.to),
                y,
                row: ri,
                shown: String::new(),
            };
            let (lx, anchor) = label_anchor(&p);
            p.shown = elide(&full_label(a), room(lx, anchor, width));
            arrows.push(p);
            y += ROW;
        }
        if row.len() > 1 {
            bands.push(Band {
                y: top,
                height: ROW * row.len() as f64,
            });
        }
        y += ROW * 0.25;
    }
    Layout {
        width,
        height: y,
        lanes,
        arrows,
        bands,
        days,
    }
}

/// Where an arrow's label goes and its SVG `text-anchor`: from the arrow's left end for arrows on the
/// left of the plane, ending at its right end for arrows near the right edge, so labels stay inside.
pub fn label_anchor(p: &PlacedArrow) -> (f64, &'static str) {
    let lo = p.x1.min(p.x2);
    let hi = p.x1.max(p.x2);
    if lo >= MARGIN + 3.5 * LANE_GAP {
        (if hi > lo { hi - 8.0 } else { lo - 9.0 }, "end")
    } else {
        (lo + if hi > lo { 8.0 } else { 9.0 }, "start")
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A standalone SVG document (for export); the page draws the same layout with Yew.
pub fn to_svg(ladder: &Ladder) -> String {
    let l = layout(ladder);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
        w = l.width,
        h = l.height
    );
    for b in &l.bands {
        s.push_str(&format!(
            "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eef3fb\"/>\n",
            b.y, l.width, b.height
        ));
    }
    for d in &l.days {
        s.push_str(&format!(
            "<line x1=\"0\" y1=\"{y}\" x2=\"{w}\" y2=\"{y}\" stroke=\"#999\" stroke-dasharray=\"2 3\"/>\n<text x=\"4\" y=\"{ty}\" font-size=\"11\" font-weight=\"bold\" fill=\"#444\">{}</text>\n",
            esc(&d.date),
            y = d.y,
            w = l.width,
            ty = d.y + 15.0
        ));
    }
    for (lane, x) in &l.lanes {
        s.push_str(&format!(
            "<text x=\"{x}\" y=\"24\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\n<line x1=\"{x}\" y1=\"34\" x2=\"{x}\" y2=\"{}\" stroke=\"#999\"/>\n",
            esc(lane.title()),
            l.height
        ));
    }
    for p in &l.arrows {
        let dash = if p.arrow.observed {
            ""
        } else {
            " stroke-dasharray=\"6 4\""
        };
        let colour = if p.arrow.observed { "#333" } else { "#b00" };
        let (lx, anchor) = label_anchor(p);
        let label = format!(
            "<title>{}</title>{}",
            esc(&full_label(p.arrow)),
            esc(&p.shown)
        );
        if (p.x1 - p.x2).abs() < f64::EPSILON {
            s.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"/>\n<text x=\"{lx}\" y=\"{}\" text-anchor=\"{anchor}\">{label}</text>\n",
                p.x1,
                p.y,
                p.y + 4.0
            ));
        } else {
            s.push_str(&format!(
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\"{dash} marker-end=\"url(#arrow)\"/>\n<text x=\"{lx}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{colour}\">{label}</text>\n",
                p.x1,
                p.x2,
                p.y - 6.0,
                y = p.y
            ));
        }
        if let Some(t) = &p.arrow.time {
            s.push_str(&format!(
                "<text x=\"4\" y=\"{}\" font-size=\"10\" fill=\"#666\">{}</text>\n",
                p.y + 4.0,
                esc(t)
            ));
        }
    }
    if ladder.omitted > 0 {
        s.push_str(&format!(
            "<text x=\"4\" y=\"{}\" fill=\"#666\">{} more rows not drawn (see the timeline)</text>\n",
            l.height - 4.0,
            ladder.omitted
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn arrow(from: Lane, to: Lane, label: &str, observed: bool) -> Arrow {
        Arrow {
            from,
            to,
            label: label.into(),
            time: Some("13:34:09.773".into()),
            date: None,
            event: Some(0),
            observed,
            group: Some(0),
        }
    }

    pub(crate) fn ladder() -> Ladder {
        Ladder {
            omitted: 0,
            rows: vec![
                vec![
                    arrow(
                        Lane::Listener,
                        Lane::CtiServer,
                        "MAKE_AGENT_ROUTABLE_IND",
                        true,
                    ),
                    arrow(Lane::CtiServer, Lane::Opc, "SendARMMsg", true),
                ],
                vec![arrow(
                    Lane::Opc,
                    Lane::Router,
                    "SetAgentState NOT_READY→NOT_ACTIVE",
                    false,
                )],
                vec![arrow(
                    Lane::Router,
                    Lane::Router,
                    "ECE_Chat [na-0:2,RA]",
                    true,
                )],
            ],
        }
    }

    #[test]
    fn layout_keeps_correlated_arrows_on_one_row_and_orders_rows() {
        let l = ladder();
        let lay = layout(&l);
        assert_eq!(lay.lanes.len(), 6);
        assert_eq!(lay.arrows.len(), 4);
        assert_eq!(
            (lay.arrows[0].row, lay.arrows[1].row),
            (0, 0),
            "same request, one row"
        );
        assert!(
            lay.arrows[1].y > lay.arrows[0].y,
            "one arrow per line: labels never overlap"
        );
        assert!(lay.arrows[2].y > lay.arrows[1].y);
        assert_eq!(
            lay.bands.len(),
            1,
            "only the row with two arrows gets a band"
        );
        assert!(
            lay.bands[0].y < lay.arrows[0].y
                && lay.bands[0].y + lay.bands[0].height > lay.arrows[1].y
        );
        assert!(lay.arrows[0].x1 < lay.arrows[0].x2);
    }

    #[test]
    fn layout_marks_days_and_keeps_times_and_labels_inside() {
        let mut l = ladder();
        l.rows[0][0].date = Some("2019-08-19".into());
        l.rows[2][0].date = Some("2019-09-20".into());
        l.rows.push(vec![arrow(
            Lane::Customer,
            Lane::WebServer,
            &"GET …/system/egain/chat/entrypoint/initialize/1001 → 200 · 182 ms ".repeat(4),
            true,
        )]);
        l.rows.push(vec![arrow(
            Lane::Router,
            Lane::Router,
            &"ECE_Chat [na-0:2,RA] ".repeat(30),
            true,
        )]);
        let lay = layout(&l);
        let days: Vec<&str> = lay.days.iter().map(|d| d.date.as_str()).collect();
        assert_eq!(
            days,
            ["2019-08-19", "2019-09-20"],
            "first day and the change, once each"
        );
        assert!(lay.days[0].y < lay.arrows[0].y && lay.days[1].y > lay.arrows[2].y);
        assert!(
            lay.days[1].y + DAY_ROW <= lay.arrows[3].y - ROW / 2.0 + 0.1,
            "the separator has its own row"
        );
        // The time column ends before the first lane and its labels.
        assert!(text_px("13:34:09.773") + 4.0 < TIME_W && TIME_W < MARGIN);
        for p in &lay.arrows {
            let (x, anchor) = label_anchor(p);
            let w = text_px(&p.shown);
            let (lo, hi) = if anchor == "end" {
                (x - w, x)
            } else {
                (x, x + w)
            };
            assert!(
                lo >= TIME_W && hi <= lay.width,
                "{} drawn {lo}..{hi}",
                p.shown
            );
        }
        for p in &lay.arrows {
            if let Some(cut) = p.shown.strip_suffix('…') {
                let rest = &full_label(p.arrow)[cut.len()..];
                assert!(rest.starts_with(' '), "{:?} ends mid-word", p.shown);
            }
        }
        let long = &lay.arrows[4];
        assert!(long.shown.ends_with('…') && long.shown.len() < long.arrow.label.len());
        assert!(lay.arrows[5].shown.ends_with('…'));
        assert_eq!(
            lay.arrows[0].shown, "MAKE_AGENT_ROUTABLE_IND",
            "a label that fits is whole"
        );
        assert_eq!(
            lay.arrows[2].shown,
            "missing: SetAgentState NOT_READY→NOT_ACTIVE"
        );
        let svg = to_svg(&l);
        assert!(svg.contains(">2019-09-20</text>"));
        assert!(
            svg.contains(&format!("<title>{}</title>", esc(&l.rows[3][0].label))),
            "full text on hover"
        );
    }

    #[test]
    fn svg_has_lanes_arrows_dashed_missing_steps_and_escapes_text() {
        let mut l = ladder();
        l.rows.push(vec![arrow(
            Lane::Customer,
            Lane::WebServer,
            "<script>x</script>",
            true,
        )]);
        let svg = to_svg(&l);
        assert_eq!(
            svg.matches("<line").count(),
            6 + 4,
            "6 lifelines + 4 arrows"
        );
        assert!(svg.contains("Customer browser") && svg.contains("Router"));
        assert_eq!(svg.matches("stroke-dasharray").count(), 1);
        assert!(svg.contains("missing: SetAgentState"));
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
    }
}
