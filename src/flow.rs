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
}

pub const LANE_GAP: f64 = 150.0;
pub const MARGIN: f64 = 80.0;
pub const HEADER: f64 = 50.0;
pub const ROW: f64 = 34.0;

/// Places lanes left to right and arrows top to bottom, one arrow per line so labels never overlap;
/// the arrows of one row (one request across the logs) share a band.
pub fn layout(ladder: &Ladder) -> Layout<'_> {
    let lanes: Vec<(Lane, f64)> = Lane::ALL
        .iter()
        .map(|l| (*l, MARGIN + l.index() as f64 * LANE_GAP))
        .collect();
    let x = |l: Lane| MARGIN + l.index() as f64 * LANE_GAP;
    let mut y = HEADER + ROW * 0.6;
    let mut arrows = Vec::new();
    let mut bands = Vec::new();
    for (ri, row) in ladder.rows.iter().enumerate() {
        let top = y - ROW * 0.5;
        for a in row {
            arrows.push(PlacedArrow {
                arrow: a,
                x1: x(a.from),
                x2: x(a.to),
                y,
                row: ri,
            });
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
    let width = MARGIN * 2.0 + (Lane::ALL.len() - 1) as f64 * LANE_GAP;
    Layout {
        width,
        height: y,
        lanes,
        arrows,
        bands,
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
        let label = if p.arrow.observed {
            esc(&p.arrow.label)
        } else {
            format!("missing: {}", esc(&p.arrow.label))
        };
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
