//! The message-flow ladder as plain text for a ticket: lanes as columns, one arrow a line.

use crate::flow::{Ladder, Lane};

/// A plain-text ladder for pasting into a ticket.
pub fn to_ascii(ladder: &Ladder) -> String {
    const COL: usize = 14;
    let lane_x = |l: Lane| 14 + l.index() * COL;
    let width = lane_x(Lane::Router) + 2;
    let mut out = String::new();
    let mut header = " ".repeat(14);
    for l in Lane::ALL {
        header.push_str(&format!("{:<w$}", l.short(), w = COL));
    }
    out.push_str(header.trim_end());
    out.push('\n');
    let lifelines = || {
        let mut v = vec![' '; width];
        for l in Lane::ALL {
            v[lane_x(l)] = '|';
        }
        v
    };
    let mut day: Option<&str> = None;
    let arrows = ladder.rows.iter().flat_map(|row| {
        // A day line before the first dated row and wherever the day changes (as the SVG draws).
        let d = row.iter().find_map(|a| a.date.as_deref());
        let mark = match d {
            Some(d) if day != Some(d) => {
                day = Some(d);
                Some(d)
            }
            _ => None,
        };
        row.iter()
            .enumerate()
            .map(move |(i, a)| (mark.filter(|_| i == 0), a))
    });
    for (mark, a) in arrows {
        if let Some(d) = mark {
            out.push_str(&format!(
                "── {d} {}\n",
                "─".repeat(width.saturating_sub(d.len() + 4))
            ));
        }
        let mut line = lifelines();
        let (x1, x2) = (lane_x(a.from), lane_x(a.to));
        let (lo, hi) = (x1.min(x2), x1.max(x2));
        let fill = if a.observed { '-' } else { '.' };
        if lo == hi {
            line[lo] = '*';
        } else {
            for c in line.iter_mut().take(hi).skip(lo + 1) {
                *c = fill;
            }
            if x2 > x1 {
                line[hi - 1] = '>';
            } else {
                line[lo + 1] = '<';
            }
        }
        let time = a.time.clone().unwrap_or_default();
        let t: String = time.chars().take(13).collect();
        let mut row: String = format!("{t:<13} ");
        row.push_str(&line.iter().skip(14).collect::<String>());
        let mark = if a.observed { "" } else { "MISSING: " };
        out.push_str(row.trim_end());
        out.push_str(&format!("  {mark}{}\n", a.label));
    }
    if ladder.omitted > 0 {
        out.push_str(&format!(
            "… {} more rows not drawn (see the timeline)\n",
            ladder.omitted
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::tests::{arrow, ladder};

    #[test]
    fn ascii_ladder_marks_each_day_once_where_it_changes() {
        let mut l = ladder();
        for (row, d) in l
            .rows
            .iter_mut()
            .zip(["2019-08-19", "2019-08-19", "2019-08-20"])
        {
            for a in row {
                a.date = Some(d.into());
            }
        }
        let a = to_ascii(&l);
        let days: Vec<&str> = a.lines().filter(|x| x.starts_with("── ")).collect();
        assert_eq!(days.len(), 2, "{a}");
        assert!(days[0].contains("2019-08-19") && days[1].contains("2019-08-20"));
        let lines: Vec<&str> = a.lines().collect();
        assert!(
            lines[1].contains("2019-08-19"),
            "the date comes before the first row: {a}"
        );
        assert!(
            lines[5].contains("2019-08-20") && lines[6].contains('*'),
            "{a}"
        );
    }

    #[test]
    fn ascii_ladder_points_the_right_way_and_marks_missing() {
        let a = to_ascii(&ladder());
        let lines: Vec<&str> = a.lines().collect();
        assert!(lines[0].contains("Browser") && lines[0].contains("Router"));
        assert!(lines[1].contains("->") && lines[1].ends_with("MAKE_AGENT_ROUTABLE_IND"));
        assert!(lines[3].contains(".>") && lines[3].contains("MISSING: SetAgentState"));
        assert!(lines[4].contains('*'));
        let back = to_ascii(&Ladder {
            omitted: 0,
            rows: vec![vec![arrow(
                Lane::CtiServer,
                Lane::Listener,
                "MEDIA_LOGIN_RESP",
                true,
            )]],
        });
        assert!(back.lines().nth(1).unwrap().contains("|<-"), "{back}");
    }
}
