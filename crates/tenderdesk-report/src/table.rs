//! Tables: wrapped cells, numbers right-aligned, rows that never split across a page (unless a
//! single row is taller than a whole page), and the header row repeated at the top of every page
//! the table runs onto.

use crate::fonts::Face;
use crate::layout::{colour, wrap, Canvas};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Share of the table's width (the shares are scaled to fill it).
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn left(header: &str, width: f32) -> Column {
        Column { header: header.to_owned(), width, align: Align::Left }
    }

    pub fn right(header: &str, width: f32) -> Column {
        Column { header: header.to_owned(), width, align: Align::Right }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Rows to set in bold (totals), by index.
    pub bold_rows: Vec<usize>,
    /// Font size of the cells; 0 means the default (8.5 pt).
    pub size: f32,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table { columns, ..Table::default() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;

struct Laid {
    lines: Vec<Vec<String>>,
    height: f32,
}

pub(crate) fn draw(c: &mut Canvas, t: &Table) {
    if t.columns.is_empty() {
        return;
    }
    let size = if t.size > 0.0 { t.size } else { 8.5 };
    let leading = size * 1.3;
    let widths = fit_widths(c, t, size);
    let lay = |c: &Canvas, cells: &[String], face: Face| -> Laid {
        let lines: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let s = cells.get(i).map(String::as_str).unwrap_or("");
                wrap(c.fonts, s, face, size, w - 2.0 * PAD_X)
            })
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        Laid { lines, height: n as f32 * leading + 2.0 * PAD_Y }
    };
    let headers: Vec<String> = t.columns.iter().map(|c| c.header.clone()).collect();
    let header = lay(c, &headers, Face::Bold);

    // A short table is kept whole on one page; a long one starts with its header and a row.
    let all: f32 = t.rows.iter().map(|r| lay(c, r, Face::Regular).height).sum();
    let first = t.rows.first().map(|r| lay(c, r, Face::Regular).height).unwrap_or(0.0);
    if header.height + all <= c.geo.body_height() / 3.0 {
        c.ensure(header.height + all);
    } else {
        c.ensure(header.height + first.min(c.geo.body_height() / 2.0));
    }
    draw_row(c, &widths, &t.columns, &header, Face::Bold, size, leading, Some(colour::HEADER_FILL));

    for (i, row) in t.rows.iter().enumerate() {
        let face = if t.bold_rows.contains(&i) { Face::Bold } else { Face::Regular };
        let laid = lay(c, row, face);
        let band = if i % 2 == 1 { Some(colour::BAND) } else { None };
        if laid.height > c.room() {
            let max_here = c.geo.body_height() - header.height;
            if laid.height <= max_here {
                c.new_page();
                draw_row(c, &widths, &t.columns, &header, Face::Bold, size, leading, Some(colour::HEADER_FILL));
            } else {
                // Taller than a page: carry its lines over in slices, each under the header.
                for part in split(&laid, c.room(), max_here, leading) {
                    if part.height > c.room() {
                        c.new_page();
                        draw_row(c, &widths, &t.columns, &header, Face::Bold, size, leading, Some(colour::HEADER_FILL));
                    }
                    draw_row(c, &widths, &t.columns, &part, face, size, leading, band);
                }
                continue;
            }
        }
        draw_row(c, &widths, &t.columns, &laid, face, size, leading, band);
    }
    c.advance(10.0);
}

fn split(laid: &Laid, first_room: f32, page_room: f32, leading: f32) -> Vec<Laid> {
    let per = |room: f32| (((room - 2.0 * PAD_Y) / leading).floor() as usize).max(1);
    let n = laid.lines.iter().map(Vec::len).max().unwrap_or(1);
    let mut parts = Vec::new();
    let mut from = 0;
    let mut take = per(first_room);
    if take < 3 {
        take = per(page_room);
    }
    while from < n {
        let to = (from + take).min(n);
        let lines: Vec<Vec<String>> =
            laid.lines.iter().map(|cell| cell.iter().skip(from).take(to - from).cloned().collect()).collect();
        parts.push(Laid { lines, height: (to - from) as f32 * leading + 2.0 * PAD_Y });
        from = to;
        take = per(page_room);
    }
    parts
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    c: &mut Canvas,
    widths: &[f32],
    cols: &[Column],
    laid: &Laid,
    face: Face,
    size: f32,
    leading: f32,
    fill: Option<(f32, f32, f32)>,
) {
    let top = c.y;
    let x0 = c.left();
    let w = c.width();
    if let Some(f) = fill {
        c.fill_rect(x0, top - laid.height, w, laid.height, f);
    }
    let mut x = x0;
    for (i, cell) in laid.lines.iter().enumerate() {
        let cw = widths[i];
        for (n, line) in cell.iter().enumerate() {
            let baseline = top - PAD_Y - size - n as f32 * leading + 1.5;
            let colr = if fill == Some(colour::HEADER_FILL) { colour::HEADING } else { colour::INK };
            match cols[i].align {
                Align::Left => c.text(x + PAD_X, baseline, line, face, size, colr),
                Align::Right => c.text_right(x + cw - PAD_X, baseline, line, face, size, colr),
            }
        }
        x += cw;
    }
    c.line(x0, top - laid.height, x0 + w, top - laid.height, 0.4, colour::RULE);
    c.advance(laid.height);
}

/// The columns' widths: their shares of the table, widened where a cell's longest word (or, in a
/// right-aligned column, a whole figure) would not fit, at the expense of columns with room.
fn fit_widths(c: &Canvas, t: &Table, size: f32) -> Vec<f32> {
    let total_w = c.width();
    let share: f32 = t.columns.iter().map(|c| c.width).sum::<f32>().max(0.001);
    let mut widths: Vec<f32> = t.columns.iter().map(|col| col.width / share * total_w).collect();
    let mins: Vec<f32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let header =
                col.header.split_whitespace().map(|w| c.text_width(w, Face::Bold, size)).fold(0.0_f32, f32::max);
            let cells = t
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|cell| match col.align {
                    Align::Right => c.text_width(cell, Face::Bold, size),
                    Align::Left => {
                        cell.split_whitespace().map(|w| c.text_width(w, Face::Regular, size)).fold(0.0_f32, f32::max)
                    }
                })
                .fold(0.0_f32, f32::max);
            header.max(cells) + 2.0 * PAD_X + 0.5
        })
        .collect();
    let need: f32 = mins.iter().sum();
    if need > total_w {
        // Not everything fits unbroken: figures (right-aligned) keep their width, and the text
        // columns share what is left, breaking long words.
        let fixed: f32 = t
            .columns
            .iter()
            .zip(widths.iter().zip(&mins))
            .filter(|(col, _)| col.align == Align::Right)
            .map(|(_, (w, m))| w.max(*m))
            .sum();
        let left_share: f32 = t.columns.iter().filter(|c| c.align == Align::Left).map(|c| c.width).sum();
        let rest = total_w - fixed;
        if rest <= 0.0 || left_share <= 0.0 {
            return widths;
        }
        for ((col, w), m) in t.columns.iter().zip(widths.iter_mut()).zip(&mins) {
            *w = match col.align {
                Align::Right => w.max(*m),
                Align::Left => col.width / left_share * rest,
            };
        }
        // A text column whose longest word is short ("December", "Extended") gets room for it,
        // taken from the text columns that must break a long word anyway (references).
        let mut raised = vec![false; widths.len()];
        let mut deficit = 0.0;
        for (i, col) in t.columns.iter().enumerate() {
            if col.align == Align::Left && mins[i] > widths[i] && mins[i] < 110.0 {
                deficit += mins[i] - widths[i];
                widths[i] = mins[i];
                raised[i] = true;
            }
        }
        let donors: f32 =
            (0..widths.len()).filter(|i| t.columns[*i].align == Align::Left && !raised[*i]).map(|i| widths[i]).sum();
        if deficit > 0.0 && donors > deficit {
            for i in 0..widths.len() {
                if t.columns[i].align == Align::Left && !raised[i] {
                    widths[i] -= widths[i] / donors * deficit;
                }
            }
        }
        return widths;
    }
    let deficit: f32 = widths.iter().zip(&mins).map(|(w, m)| (m - w).max(0.0)).sum();
    if deficit <= 0.0 {
        return widths;
    }
    let slack: f32 = widths.iter().zip(&mins).map(|(w, m)| (w - m).max(0.0)).sum();
    for (w, m) in widths.iter_mut().zip(&mins) {
        if *w < *m {
            *w = *m;
        } else {
            *w -= (*w - m) / slack * deficit;
        }
    }
    widths
}
