//! The two faces every report uses — DejaVu Sans regular and bold, embedded in the binary
//! (`assets/fonts/`, Bitstream Vera licence with public-domain DejaVu changes) — and text widths
//! measured from their advance widths, so wrapping and right alignment are exact.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont};

use crate::ReportError;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Resource names fixed (not printpdf's generated ones) so that the same report gives the same
/// bytes; the first six letters also make the subset tag ("TDSANS+DejaVuSans").
pub(crate) const REGULAR_ID: &str = "TDSANS";
pub(crate) const BOLD_ID: &str = "TDBOLD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    pub(crate) fn id(self) -> FontId {
        FontId(match self {
            Face::Regular => REGULAR_ID.to_owned(),
            Face::Bold => BOLD_ID.to_owned(),
        })
    }
}

pub(crate) struct Fonts {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
    regular_em: f32,
    bold_em: f32,
}

static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();

/// The parsed faces, read once per process.
pub(crate) fn fonts() -> Result<&'static Fonts, ReportError> {
    FONTS
        .get_or_init(|| {
            let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())?;
            let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new())?;
            let regular_em = f32::from(regular.pdf_font_metrics.units_per_em.max(1));
            let bold_em = f32::from(bold.pdf_font_metrics.units_per_em.max(1));
            Some(Fonts { regular, bold, regular_em, bold_em })
        })
        .as_ref()
        .ok_or(ReportError::Font)
}

impl Fonts {
    /// The width of `text` set in `face` at `size` points, in points.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let (font, em) = match face {
            Face::Regular => (&self.regular, self.regular_em),
            Face::Bold => (&self.bold, self.bold_em),
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                let g = font.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(font.get_horizontal_advance(g))
            })
            .sum();
        units as f32 * size / em
    }
}
