//! Pages and the primitives laid on them: text runs, wrapped lines, rules and boxes.
//!
//! Everything is measured in points from the bottom-left corner, as PDF does. A [`Canvas`] keeps
//! the pages laid so far and a cursor `y` that moves down the body of the current page; blocks
//! ask for room with [`Canvas::ensure`], which starts a new page when there is not enough.

pub mod text;

use printpdf::{Color, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem, WindingOrder};

use crate::fonts::{Face, Fonts};

pub use text::wrap;

/// Colours of the house style: ink for text, a dark blue for headings and bars, greys for rules.
pub mod colour {
    pub const INK: (f32, f32, f32) = (0.11, 0.11, 0.13);
    pub const MUTED: (f32, f32, f32) = (0.38, 0.40, 0.44);
    pub const HEADING: (f32, f32, f32) = (0.07, 0.22, 0.40);
    pub const RULE: (f32, f32, f32) = (0.75, 0.77, 0.80);
    pub const HEADER_FILL: (f32, f32, f32) = (0.87, 0.91, 0.95);
    pub const BAND: (f32, f32, f32) = (0.96, 0.97, 0.98);
    pub const BAR: (f32, f32, f32) = (0.16, 0.38, 0.62);
    pub const BAR_LIGHT: (f32, f32, f32) = (0.62, 0.75, 0.88);
    pub const WARN: (f32, f32, f32) = (0.72, 0.25, 0.10);
}

pub type Rgb3 = (f32, f32, f32);

fn color(c: Rgb3) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

/// A4 in points, and the margins of the house style.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    /// From the top edge to the top of the body (the header sits inside it).
    pub top: f32,
    /// From the bottom edge to the bottom of the body (the footer sits inside it).
    pub bottom: f32,
}

pub const MM: f32 = 72.0 / 25.4;

impl Geometry {
    pub fn portrait() -> Geometry {
        Geometry {
            width: 210.0 * MM,
            height: 297.0 * MM,
            left: 22.0 * MM,
            right: 22.0 * MM,
            top: 28.0 * MM,
            bottom: 24.0 * MM,
        }
    }

    pub fn landscape() -> Geometry {
        Geometry {
            width: 297.0 * MM,
            height: 210.0 * MM,
            left: 16.0 * MM,
            right: 16.0 * MM,
            top: 24.0 * MM,
            bottom: 20.0 * MM,
        }
    }

    pub fn body_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub fn body_top(&self) -> f32 {
        self.height - self.top
    }

    pub fn body_bottom(&self) -> f32 {
        self.bottom
    }

    pub fn body_height(&self) -> f32 {
        self.body_top() - self.body_bottom()
    }
}

/// The pages laid so far and where the next thing goes.
pub struct Canvas<'f> {
    pub fonts: &'f Fonts,
    pub geo: Geometry,
    pub pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    pub y: f32,
}

impl<'f> Canvas<'f> {
    pub fn new(fonts: &'f Fonts, geo: Geometry) -> Canvas<'f> {
        Canvas { fonts, geo, pages: vec![Vec::new()], y: geo.body_top() }
    }

    pub fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn left(&self) -> f32 {
        self.geo.left
    }

    pub fn width(&self) -> f32 {
        self.geo.body_width()
    }

    /// The room left on the current page.
    pub fn room(&self) -> f32 {
        self.y - self.geo.body_bottom()
    }

    /// Whether the cursor is at the top of a page (nothing laid on it yet).
    pub fn at_top(&self) -> bool {
        (self.y - self.geo.body_top()).abs() < 0.01
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.geo.body_top();
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if height > self.room() && !self.at_top() {
            self.new_page();
        }
    }

    /// Moves the cursor down, never past the bottom of the body.
    pub fn advance(&mut self, by: f32) {
        self.y = (self.y - by).max(self.geo.body_bottom());
    }

    pub fn text_width(&self, s: &str, face: Face, size: f32) -> f32 {
        self.fonts.width(s, face, size)
    }

    /// One run of text with its baseline at (x, y).
    pub fn text(&mut self, x: f32, y: f32, s: &str, face: Face, size: f32, c: Rgb3) {
        if s.is_empty() {
            return;
        }
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: color(c) });
        ops.push(Op::SetFont { font: PdfFontHandle::External(face.id()), size: Pt(size) });
        ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } });
        ops.push(Op::ShowText { items: vec![TextItem::Text(s.to_owned())] });
        ops.push(Op::EndTextSection);
    }

    /// Text ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, s: &str, face: Face, size: f32, c: Rgb3) {
        let w = self.text_width(s, face, size);
        self.text(right - w, y, s, face, size, c);
    }

    /// Text centred on `centre`.
    pub fn text_centre(&mut self, centre: f32, y: f32, s: &str, face: Face, size: f32, c: Rgb3) {
        let w = self.text_width(s, face, size);
        self.text(centre - w / 2.0, y, s, face, size, c);
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb3) {
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor { col: color(c) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, c: Rgb3) {
        self.styled_line(x1, y1, x2, y2, thickness, c, None);
    }

    pub fn dashed_line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, c: Rgb3) {
        self.styled_line(x1, y1, x2, y2, thickness, c, Some(&[3.0, 2.0]));
    }

    #[allow(clippy::too_many_arguments)]
    fn styled_line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, c: Rgb3, dash: Option<&[f32]>) {
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: color(c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        if let Some(d) = dash {
            ops.push(Op::SetLineDashPattern { dash: printpdf::LineDashPattern::new(0.0, d) });
        }
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x2), y: Pt(y2) }, bezier: false },
                ],
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    /// A paragraph wrapped to `width`, starting at the cursor, carried onto new pages line by
    /// line; the cursor ends below its last line.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(&mut self, x: f32, width: f32, s: &str, face: Face, size: f32, leading: f32, c: Rgb3) {
        for line in wrap(self.fonts, s, face, size, width) {
            self.ensure(leading);
            let baseline = self.y - size;
            self.text(x, baseline, &line, face, size, c);
            self.advance(leading);
        }
    }
}
