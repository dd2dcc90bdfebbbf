//! Text styles, and measuring and wrapping text in the two embedded DejaVu Sans faces.

use printpdf::ParsedFont;

use crate::error::{Error, Result};

const REGULAR_TTF: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Millimetres in one typographic point.
const MM_PER_PT: f32 = 25.4 / 72.0;
/// Distance between two baselines, in font sizes.
const LINE_SPACING: f32 = 1.22;
/// From the top of a line box to its baseline, in font sizes (DejaVu's ascender is 0.93 em).
const BASELINE_DROP: f32 = 0.96;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

/// How a run of text looks: size in points, weight, and grey level (0 black, 1 white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub size: f32,
    pub weight: Weight,
    pub grey: f32,
}

impl Style {
    pub fn regular(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Regular,
            grey: 0.0,
        }
    }

    pub fn bold(size: f32) -> Self {
        Self {
            weight: Weight::Bold,
            ..Self::regular(size)
        }
    }

    /// The same style in grey: secondary information, still legible on a thermal printer.
    pub fn muted(self) -> Self {
        Self { grey: 0.35, ..self }
    }

    pub fn white(self) -> Self {
        Self { grey: 1.0, ..self }
    }

    /// The font size in millimetres.
    pub fn em(self) -> f32 {
        self.size * MM_PER_PT
    }

    /// Height of one line of this style, in millimetres.
    pub fn line_height(self) -> f32 {
        self.size * LINE_SPACING * MM_PER_PT
    }

    /// From the top of a line to its baseline, in millimetres.
    pub fn baseline_drop(self) -> f32 {
        self.size * BASELINE_DROP * MM_PER_PT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

/// The two faces every document uses, parsed for their advance widths.
pub(super) struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl Fonts {
    pub fn load() -> Result<Self> {
        Ok(Self {
            regular: parse_font(REGULAR_TTF, "DejaVuSans.ttf")?,
            bold: parse_font(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
        })
    }

    pub fn face(&self, weight: Weight) -> &ParsedFont {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width of `text` in millimetres. printpdf places glyphs by their advances without kerning,
    /// so the sum of advances is exactly what gets printed.
    pub fn width(&self, style: Style, text: &str) -> f32 {
        let face = self.face(style.weight);
        let units: u32 = text
            .chars()
            .map(|c| {
                // A character the font lacks prints as glyph 0 (.notdef), with that glyph's width.
                let glyph = face.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                u32::from(face.get_glyph_width(glyph).unwrap_or(0))
            })
            .sum();
        units as f32 / f32::from(face.units_per_em.max(1)) * style.size * MM_PER_PT
    }

    /// `text` broken into lines no wider than `max_width` mm: at spaces, and inside a word only
    /// when the word alone is too wide. A newline in `text` always starts a new line.
    pub fn wrap(&self, style: Style, text: &str, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(style, &candidate) <= max_width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = self.break_word(style, word, max_width, &mut lines);
            }
            if !line.is_empty() || lines.is_empty() {
                lines.push(line);
            }
        }
        lines
    }

    /// Pushes the full-width pieces of an overlong `word` to `lines`; returns the remainder.
    fn break_word(
        &self,
        style: Style,
        word: &str,
        max_width: f32,
        lines: &mut Vec<String>,
    ) -> String {
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if self.width(style, &piece) > max_width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        piece
    }

    /// `text` on one line of at most `max_width` mm, cut with an ellipsis when too long.
    pub fn ellipsize(&self, style: Style, text: &str, max_width: f32) -> String {
        if self.width(style, text) <= max_width {
            return text.to_owned();
        }
        let mut kept: String = text.to_owned();
        while !kept.is_empty() {
            kept.pop();
            let candidate = format!("{}…", kept.trim_end());
            if self.width(style, &candidate) <= max_width {
                return candidate;
            }
        }
        "…".to_owned()
    }

    /// The largest size up to `style.size` (but not below `min_size`) at which `text` fits.
    pub fn fit(&self, style: Style, text: &str, max_width: f32, min_size: f32) -> Style {
        let width = self.width(style, text);
        if width <= max_width || width <= 0.0 {
            return style;
        }
        // A hair under the exact ratio: measured again at that size, rounding must not make the
        // text overflow, or `ellipsize` would cut it after all.
        let size = style.size * max_width / width * 0.999;
        Style {
            size: size.max(min_size),
            ..style
        }
    }
}

fn parse_font(bytes: &[u8], name: &str) -> Result<ParsedFont> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| {
        Error::internal(std::io::Error::other(format!(
            "embedded font {name} could not be parsed: {warnings:?}"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap_or_else(|err| panic!("embedded fonts load: {err:?}"))
    }

    #[test]
    fn wider_text_measures_wider_and_bold_is_wider_than_regular() {
        let fonts = fonts();
        let short = fonts.width(Style::regular(10.0), "Thiès");
        let long = fonts.width(Style::regular(10.0), "Thiès Thiès");
        assert!(short > 5.0 && short < 15.0, "{short}");
        assert!(long > 2.0 * short);
        assert!(fonts.width(Style::bold(10.0), "Thiès") > short);
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width_and_keep_every_word() {
        let fonts = fonts();
        let style = Style::regular(9.0);
        let text = "Remboursable jusqu'à 24 heures avant le départ, moins 10 % de frais. \
                    Anticonstitutionnellementanticonstitutionnellement.";
        let lines = fonts.wrap(style, text, 40.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(fonts.width(style, line) <= 40.0, "{line:?} overflows");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn text_fitted_to_a_width_is_never_cut_at_that_width() {
        let fonts = fonts();
        for text in [
            "9 876 543 210 XOF",
            "K7QM-4XR9-PT2C-QQ7Z",
            "0193f0a2-7c1d-7b3e",
        ] {
            for width in [11.0, 17.3, 23.9, 28.0] {
                let style = fonts.fit(Style::bold(12.0), text, width, 1.0);
                assert!(fonts.width(style, text) <= width, "{text} at {width}");
                assert_eq!(fonts.ellipsize(style, text, width), text);
            }
        }
    }

    #[test]
    fn a_name_too_long_for_its_cell_ends_with_an_ellipsis() {
        let fonts = fonts();
        let style = Style::regular(9.0);
        let cut = fonts.ellipsize(style, "Mame Diarra Bousso Ndiaye Épouse Sarr", 30.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(fonts.width(style, &cut) <= 30.0);
        assert_eq!(fonts.ellipsize(style, "Awa", 30.0), "Awa");
    }
}
