//! TenderDesk's printed reports.
//!
//! `layout` is a small A4 page-layout layer over printpdf: fonts embedded from `assets/fonts`,
//! headings, wrapped paragraphs, tables whose rows break cleanly across pages under a repeated
//! header row, vector charts, and a header and footer on every page ("Page N of M" and the
//! protective marking). A report is a [`Document`] of [`Block`]s; [`Document::render`] lays it
//! out and gives the PDF's bytes, the same bytes for the same document and creation time.
//!
//! The report modules (`committee`, `letters`, `matrix`, `foi`, `register`) turn the figures the
//! other crates compute into documents; they compute nothing themselves.

pub mod chart;
pub mod committee;
pub mod document;
pub mod foi;
mod fonts;
pub mod format;
pub(crate) mod layout;
pub mod letters;
pub mod matrix;
pub mod register;
pub mod table;

pub use chart::{Bar, BarChart, Segment, SegmentKind, Timeline, TimelineRow};
pub use document::{Block, Document, Meta, Orientation};
pub use fonts::Face;
pub use table::{Align, Column, Table};

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The embedded fonts could not be read (a broken build, never the user's data).
    #[error("the report fonts built into TenderDesk could not be read; reinstall TenderDesk")]
    Font,
    /// The report has nothing to show, for the reason given.
    #[error("{0}")]
    Nothing(String),
}
