//! Charts drawn as vector graphics (rectangles, lines and text), never as pictures: a horizontal
//! bar chart with an optional reference line (spend against the approved cap, providers per
//! zone), and a timeline of terms and their extension options against a day marked "today".

use chrono::{Datelike, NaiveDate};

use crate::fonts::Face;
use crate::layout::{colour, Canvas};

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The figure printed at the end of the bar ("£1,234,567.00").
    pub value_label: String,
    /// Drawn in the warning colour (a weakest zone, a period over the cap).
    pub highlight: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    pub bars: Vec<Bar>,
    /// A vertical dashed line at this value, with its label ("Approved cap £…").
    pub reference: Option<(f64, String)>,
    /// What a highlighted bar means, for the key.
    pub highlight_means: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// The initial term.
    Initial,
    /// An option already exercised.
    Exercised,
    /// An option still available.
    Available,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: SegmentKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub label: String,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub title: String,
    pub today: NaiveDate,
    pub today_label: String,
    pub rows: Vec<TimelineRow>,
}

const ROW: f32 = 15.0;
const LABEL_SIZE: f32 = 8.0;

pub(crate) fn draw_bars(c: &mut Canvas, chart: &BarChart) {
    let height = 22.0 + chart.bars.len() as f32 * ROW + 30.0;
    c.ensure(height.min(c.geo.body_height()));
    title(c, &chart.title);
    let x0 = c.left();
    let label_w = c.width() * 0.30;
    let value_w = 78.0;
    let bar_x = x0 + label_w + 6.0;
    let bar_w = c.width() - label_w - 6.0 - value_w;
    let max = chart
        .bars
        .iter()
        .map(|b| b.value)
        .chain(chart.reference.as_ref().map(|r| r.0))
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let scale = |v: f64| (v.max(0.0) / max) as f32 * bar_w;
    let top = c.y;
    if let Some((v, label)) = &chart.reference {
        // The reference line's label sits above the bars, clear of them.
        let x = bar_x + scale(*v);
        let w = c.text_width(label, Face::Bold, LABEL_SIZE);
        let lx = (x - w / 2.0).clamp(bar_x, c.left() + c.width() - w);
        c.text(lx, top - LABEL_SIZE, label, Face::Bold, LABEL_SIZE, colour::WARN);
        c.advance(LABEL_SIZE + 6.0);
    }
    let bars_top = c.y;
    for b in &chart.bars {
        if ROW > c.room() {
            break;
        }
        let y = c.y;
        let label = fit(c, &b.label, label_w);
        c.text_right(x0 + label_w, y - 10.5, &label, Face::Regular, LABEL_SIZE, colour::INK);
        let w = scale(b.value);
        let fill = if b.highlight { colour::WARN } else { colour::BAR };
        if w > 0.0 {
            c.fill_rect(bar_x, y - 12.5, w, 10.0, fill);
        }
        c.text(bar_x + w + 4.0, y - 10.5, &b.value_label, Face::Regular, LABEL_SIZE, colour::INK);
        c.advance(ROW);
    }
    let bottom = c.y;
    c.line(bar_x, bars_top, bar_x, bottom, 0.6, colour::MUTED);
    if let Some((v, _)) = &chart.reference {
        let x = bar_x + scale(*v);
        c.dashed_line(x, bars_top + 2.0, x, bottom, 1.0, colour::WARN);
    }
    if let Some(means) = &chart.highlight_means {
        c.advance(4.0);
        let y = c.y;
        c.fill_rect(bar_x, y - 8.0, 8.0, 7.0, colour::WARN);
        c.text(bar_x + 12.0, y - 7.5, means, Face::Regular, LABEL_SIZE - 0.5, colour::MUTED);
        c.advance(12.0);
    }
    c.advance(12.0);
}

pub(crate) fn draw_timeline(c: &mut Canvas, t: &Timeline) {
    let dates = t.rows.iter().flat_map(|r| r.segments.iter().flat_map(|s| [s.from, s.to])).chain([t.today]);
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return;
    };
    // Whole years either side, so the ticks fall on 1 January.
    let start = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
    let end = NaiveDate::from_ymd_opt(last.year() + 1, 1, 1).unwrap_or(last);
    let span = (end - start).num_days().max(1) as f32;

    let height = 22.0 + 16.0 + t.rows.len() as f32 * ROW + 34.0;
    c.ensure(height.min(c.geo.body_height()));
    title(c, &t.title);
    let x0 = c.left();
    let label_w = c.width() * 0.30;
    let axis_x = x0 + label_w + 6.0;
    let axis_w = c.width() - label_w - 12.0;
    let at = |d: NaiveDate| axis_x + (d - start).num_days() as f32 / span * axis_w;

    // Year ticks and labels.
    let top = c.y;
    let years: Vec<i32> = (start.year()..=end.year()).collect();
    let every = (years.len() / 8).max(1);
    for (i, y) in years.iter().enumerate() {
        let Some(d) = NaiveDate::from_ymd_opt(*y, 1, 1) else { continue };
        let x = at(d);
        if i % every == 0 && *y < end.year() {
            c.text(x + 2.0, top - 8.0, &y.to_string(), Face::Regular, 7.0, colour::MUTED);
        }
    }
    c.advance(12.0);
    let rows_top = c.y;
    for row in &t.rows {
        if ROW > c.room() {
            break;
        }
        let y = c.y;
        let label = fit(c, &row.label, label_w);
        c.text_right(x0 + label_w, y - 10.5, &label, Face::Regular, LABEL_SIZE, colour::INK);
        for s in &row.segments {
            let (x1, x2) = (at(s.from), at(s.to));
            let fill = match s.kind {
                SegmentKind::Initial => colour::BAR,
                SegmentKind::Exercised => colour::HEADING,
                SegmentKind::Available => colour::BAR_LIGHT,
            };
            c.fill_rect(x1, y - 12.5, (x2 - x1).max(1.0), 10.0, fill);
        }
        c.advance(ROW);
    }
    let bottom = c.y;
    for y in &years {
        if let Some(d) = NaiveDate::from_ymd_opt(*y, 1, 1) {
            let x = at(d);
            c.line(x, rows_top + 10.0, x, bottom, 0.3, colour::RULE);
        }
    }
    let tx = at(t.today);
    c.line(tx, rows_top + 10.0, tx, bottom - 4.0, 1.2, colour::WARN);
    c.text_centre(tx, bottom - 12.0, &t.today_label, Face::Bold, 7.0, colour::WARN);
    c.advance(18.0);
    // Key.
    let y = c.y;
    let mut x = axis_x;
    for (fill, label) in [
        (colour::BAR, "Initial term"),
        (colour::HEADING, "Extension taken"),
        (colour::BAR_LIGHT, "Extension option still available"),
    ] {
        c.fill_rect(x, y - 8.0, 8.0, 7.0, fill);
        c.text(x + 11.0, y - 7.5, label, Face::Regular, 7.5, colour::MUTED);
        x += 22.0 + c.text_width(label, Face::Regular, 7.5);
    }
    c.advance(22.0);
}

fn title(c: &mut Canvas, s: &str) {
    if s.is_empty() {
        return;
    }
    let y = c.y;
    c.text(c.left(), y - 10.0, s, Face::Bold, 9.5, colour::HEADING);
    c.advance(20.0);
}

/// Shortens a label with an ellipsis to fit `width`.
fn fit(c: &Canvas, s: &str, width: f32) -> String {
    if c.text_width(s, Face::Regular, LABEL_SIZE) <= width {
        return s.to_owned();
    }
    let mut out: String = s.to_owned();
    while !out.is_empty() && c.text_width(&format!("{out}…"), Face::Regular, LABEL_SIZE) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}
