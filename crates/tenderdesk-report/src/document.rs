//! A report as a list of blocks, laid out on A4 pages with a header and footer on every page,
//! and saved as PDF bytes that depend only on the document and its creation time.

use chrono::{DateTime, Utc};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use crate::chart::{self, BarChart, Timeline};
use crate::fonts::{self, Face};
use crate::layout::{colour, Canvas, Geometry, MM};
use crate::table::{self, Table};
use crate::ReportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

/// What every page says and the PDF's document information.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub council: String,
    pub title: String,
    pub subject: String,
    pub author: String,
    /// The protective marking, printed at the top and bottom of every page ("OFFICIAL").
    pub marking: String,
    pub created: DateTime<Utc>,
    pub orientation: Orientation,
}

/// One piece of a report, laid out in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A large title with a line under it (the first page of a report).
    Title {
        title: String,
        subtitle: Option<String>,
    },
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// Smaller, muted text (notes under a table, sources).
    Note(String),
    /// Label and value pairs, labels in bold.
    Facts(Vec<(String, String)>),
    Bullets(Vec<String>),
    Table(Table),
    Bars(BarChart),
    Timeline(Timeline),
    Spacer(f32),
    /// Starts a new page unless this many points are left (keeps a heading with its chart).
    NeedSpace(f32),
    PageBreak,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

const BODY: f32 = 10.0;
const LEADING: f32 = 14.5;

impl Document {
    pub fn new(meta: Meta) -> Document {
        Document { meta, blocks: Vec::new() }
    }

    pub fn push(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }

    /// Lays the document out and returns the pages' drawing operations (for tests and the PDF).
    fn lay_out(&self) -> Result<Vec<Vec<printpdf::Op>>, ReportError> {
        let fonts = fonts::fonts()?;
        let geo = match self.meta.orientation {
            Orientation::Portrait => Geometry::portrait(),
            Orientation::Landscape => Geometry::landscape(),
        };
        let mut c = Canvas::new(fonts, geo);
        for b in &self.blocks {
            draw_block(&mut c, b);
        }
        if c.pages.len() > 1 && c.pages.last().is_some_and(Vec::is_empty) {
            c.pages.pop();
        }
        let total = c.pages.len();
        let mut pages = std::mem::take(&mut c.pages);
        for (i, page) in pages.iter_mut().enumerate() {
            c.pages = vec![std::mem::take(page)];
            furniture(&mut c, &self.meta, i + 1, total);
            *page = c.pages.pop().unwrap_or_default();
        }
        c.pages = pages;
        Ok(c.pages)
    }

    /// The PDF: fonts embedded and subset, metadata set, identical bytes for an identical
    /// document and creation time.
    pub fn render(&self) -> Result<Vec<u8>, ReportError> {
        let pages = self.lay_out()?;
        let fonts = fonts::fonts()?;
        let geo = match self.meta.orientation {
            Orientation::Portrait => Geometry::portrait(),
            Orientation::Landscape => Geometry::landscape(),
        };
        let mut doc = PdfDocument::new(&self.meta.title);
        let when = printpdf::DateTime::from_unix_timestamp(self.meta.created.timestamp())
            .map_err(|e| ReportError::Nothing(format!("the creation time cannot be written: {e}")))?;
        let info = &mut doc.metadata.info;
        info.document_title = self.meta.title.clone();
        info.author = self.meta.author.clone();
        info.subject = self.meta.subject.clone();
        info.creator = "TenderDesk".into();
        info.producer = "TenderDesk (printpdf 0.12)".into();
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
        info.keywords = vec![self.meta.marking.clone(), self.meta.council.clone()];
        doc.resources.fonts.map.insert(Face::Regular.id(), printpdf::PdfFont::new(fonts.regular.clone()));
        doc.resources.fonts.map.insert(Face::Bold.id(), printpdf::PdfFont::new(fonts.bold.clone()));
        let pages: Vec<PdfPage> =
            pages.into_iter().map(|ops| PdfPage::new(Mm(geo.width / MM), Mm(geo.height / MM), ops)).collect();
        let mut bytes = doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new());
        fix_trailer_id(&mut bytes);
        Ok(bytes)
    }

    /// How many pages the document takes.
    pub fn page_count(&self) -> Result<usize, ReportError> {
        Ok(self.lay_out()?.len())
    }
}

fn draw_block(c: &mut Canvas, b: &Block) {
    let x = c.left();
    let w = c.width();
    match b {
        Block::Title { title, subtitle } => {
            c.advance(6.0);
            c.paragraph(x, w, title, Face::Bold, 20.0, 26.0, colour::HEADING);
            if let Some(s) = subtitle {
                c.advance(2.0);
                c.paragraph(x, w, s, Face::Regular, 12.0, 17.0, colour::MUTED);
            }
            c.advance(6.0);
            let y = c.y;
            c.line(x, y, x + w, y, 1.2, colour::HEADING);
            c.advance(18.0);
        }
        Block::Heading(s) => {
            // Keep a heading with at least three lines of what follows it.
            c.ensure(28.0 + 3.0 * LEADING);
            if !c.at_top() {
                c.advance(8.0);
            }
            c.paragraph(x, w, s, Face::Bold, 13.5, 18.0, colour::HEADING);
            c.advance(5.0);
        }
        Block::Subheading(s) => {
            c.ensure(20.0 + 3.0 * LEADING);
            if !c.at_top() {
                c.advance(3.0);
            }
            c.paragraph(x, w, s, Face::Bold, 10.5, 15.0, colour::HEADING);
            c.advance(3.0);
        }
        Block::Paragraph(s) => {
            c.paragraph(x, w, s, Face::Regular, BODY, LEADING, colour::INK);
            c.advance(6.0);
        }
        Block::Note(s) => {
            c.paragraph(x, w, s, Face::Regular, 8.0, 11.0, colour::MUTED);
            c.advance(6.0);
        }
        Block::Facts(pairs) => {
            let label_w = w * 0.32;
            for (label, value) in pairs {
                let ll = crate::layout::wrap(c.fonts, label, Face::Bold, BODY - 0.5, label_w - 8.0);
                let vl = crate::layout::wrap(c.fonts, value, Face::Regular, BODY - 0.5, w - label_w);
                let n = ll.len().max(vl.len()).max(1);
                c.ensure(n as f32 * LEADING);
                let top = c.y;
                for (i, l) in ll.iter().enumerate() {
                    c.text(x, top - BODY - i as f32 * LEADING, l, Face::Bold, BODY - 0.5, colour::HEADING);
                }
                for (i, l) in vl.iter().enumerate() {
                    c.text(x + label_w, top - BODY - i as f32 * LEADING, l, Face::Regular, BODY - 0.5, colour::INK);
                }
                c.advance(n as f32 * LEADING + 2.0);
            }
            c.advance(6.0);
        }
        Block::Bullets(items) => {
            for item in items {
                c.ensure(LEADING);
                let y = c.y;
                c.text(x + 4.0, y - BODY, "•", Face::Regular, BODY, colour::HEADING);
                c.paragraph(x + 16.0, w - 16.0, item, Face::Regular, BODY, LEADING, colour::INK);
                c.advance(3.0);
            }
            c.advance(4.0);
        }
        Block::Table(t) => table::draw(c, t),
        Block::Bars(chart) => chart::draw_bars(c, chart),
        Block::Timeline(t) => chart::draw_timeline(c, t),
        Block::Spacer(h) => {
            if c.room() > *h {
                c.advance(*h);
            }
        }
        Block::NeedSpace(h) => c.ensure(*h),
        Block::PageBreak => {
            if !c.at_top() {
                c.new_page();
            }
        }
    }
}

/// The header and footer of page `n` of `total` (drawn on the canvas's last page).
fn furniture(c: &mut Canvas, meta: &Meta, n: usize, total: usize) {
    let g = c.geo;
    let (x0, x1) = (g.left, g.width - g.right);
    let head = g.height - g.top + 12.0 * MM;
    c.text(x0, head, &meta.council, Face::Bold, 8.5, colour::HEADING);
    c.text_right(x1, head, &meta.marking, Face::Bold, 8.5, colour::INK);
    c.line(x0, head - 5.0, x1, head - 5.0, 0.6, colour::RULE);
    let foot = g.bottom - 12.0 * MM;
    c.line(x0, foot + 11.0, x1, foot + 11.0, 0.6, colour::RULE);
    let page = format!("Page {n} of {total}");
    let marking_w = c.text_width(&meta.marking, Face::Bold, 8.0);
    // The title gives way to the marking and page number.
    let title_room = (x1 - x0) / 2.0 - marking_w / 2.0 - 12.0;
    let mut title = meta.title.clone();
    while !title.is_empty() && c.text_width(&title, Face::Regular, 8.0) > title_room {
        title.pop();
    }
    if title.len() < meta.title.len() {
        title = format!("{}…", title.trim_end());
    }
    c.text(x0, foot, &title, Face::Regular, 8.0, colour::MUTED);
    c.text_centre((x0 + x1) / 2.0, foot, &meta.marking, Face::Bold, 8.0, colour::INK);
    c.text_right(x1, foot, &page, Face::Regular, 8.0, colour::MUTED);
}

/// printpdf writes two random strings as the trailer's /ID; replace them, in place and at the
/// same length, with a digest of the rest of the file so the bytes depend only on the content.
fn fix_trailer_id(bytes: &mut [u8]) {
    let Some(at) = find_last(bytes, b"/ID") else { return };
    // Find the two literal strings after /ID.
    let mut spans = Vec::new();
    let mut i = at;
    while i < bytes.len() && spans.len() < 2 {
        if bytes[i] == b'(' {
            if let Some(len) = bytes[i + 1..].iter().position(|b| *b == b')') {
                spans.push((i + 1, i + 1 + len));
                i += len + 2;
                continue;
            }
        }
        i += 1;
    }
    let mut digest_input = bytes[..at].to_vec();
    digest_input.extend_from_slice(&bytes[i.min(bytes.len())..]);
    for (k, (from, to)) in spans.into_iter().enumerate() {
        let mut h = fnv(&digest_input, k as u64 + 1);
        for b in bytes[from..to].iter_mut() {
            *b = b"0123456789ABCDEF"[(h & 0xF) as usize];
            h = h.rotate_right(4);
            if h == 0 {
                h = fnv(&digest_input, k as u64 + 7);
            }
        }
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn fnv(data: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
