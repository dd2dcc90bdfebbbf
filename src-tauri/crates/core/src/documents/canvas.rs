//! Drawing pages in millimetres from the top-left corner, and serialising them into one PDF
//! with printpdf.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, OffsetDateTime, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem,
    WindingOrder,
};

use super::text::{Align, Fonts, Style, Weight};
use crate::error::{Error, Result};

/// One thing drawn on a page, in millimetres from the top-left corner.
#[derive(Debug, Clone)]
enum Mark {
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Option<f32>,
        stroke: Option<(f32, f32)>,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        thickness_pt: f32,
        grey: f32,
        dashed: bool,
    },
    /// Many squares filled as one path, so that no hairline shows where two of them touch.
    Squares { squares: Vec<(f32, f32, f32, f32)> },
}

/// A page being drawn. Its height may grow while drawing (a receipt is as long as its content).
#[derive(Debug, Clone)]
pub(super) struct Page {
    pub width: f32,
    pub height: f32,
    marks: Vec<Mark>,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            width,
            height,
            marks: Vec::new(),
        }
    }

    /// One line of text whose top is at `top`, placed by `align` against `x` (its left edge,
    /// centre or right edge). The caller makes sure it fits.
    pub fn text(
        &mut self,
        fonts: &Fonts,
        x: f32,
        top: f32,
        align: Align,
        style: Style,
        text: &str,
    ) {
        let left = match align {
            Align::Left => x,
            Align::Center => x - fonts.width(style, text) / 2.0,
            Align::Right => x - fonts.width(style, text),
        };
        self.marks.push(Mark::Text {
            x: left,
            baseline: top + style.baseline_drop(),
            style,
            text: text.to_owned(),
        });
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32, grey: f32) {
        self.marks.push(Mark::Rect {
            x,
            y,
            width,
            height,
            fill: Some(grey),
            stroke: None,
        });
    }

    pub fn stroke_rect(&mut self, x: f32, y: f32, width: f32, height: f32, thickness_pt: f32) {
        self.marks.push(Mark::Rect {
            x,
            y,
            width,
            height,
            fill: None,
            stroke: Some((thickness_pt, 0.0)),
        });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness_pt: f32, grey: f32) {
        self.line((x1, y), (x2, y), thickness_pt, grey, false);
    }

    pub fn dashed_hline(&mut self, x1: f32, x2: f32, y: f32, thickness_pt: f32) {
        self.line((x1, y), (x2, y), thickness_pt, 0.0, true);
    }

    pub fn line(
        &mut self,
        from: (f32, f32),
        to: (f32, f32),
        thickness_pt: f32,
        grey: f32,
        dashed: bool,
    ) {
        self.marks.push(Mark::Line {
            from,
            to,
            thickness_pt,
            grey,
            dashed,
        });
    }

    /// Black squares `(x, y, width, height)`, filled together.
    pub fn squares(&mut self, squares: Vec<(f32, f32, f32, f32)>) {
        self.marks.push(Mark::Squares { squares });
    }

    fn into_pdf_page(self, regular: &FontId, bold: &FontId) -> PdfPage {
        let height = self.height;
        // PDF measures up from the bottom-left corner; the marks measure down from the top.
        let point = |x: f32, y_from_top: f32| Point::new(Mm(x), Mm(height - y_from_top));
        let mut ops = Vec::with_capacity(self.marks.len() * 6);
        for mark in self.marks {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    style,
                    text,
                } => {
                    let font = match style.weight {
                        Weight::Regular => regular.clone(),
                        Weight::Bold => bold.clone(),
                    };
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFont {
                            font: PdfFontHandle::External(font),
                            size: Pt(style.size),
                        },
                        Op::SetFillColor {
                            col: grey(style.grey),
                        },
                        Op::SetTextCursor {
                            pos: point(x, baseline),
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(text)],
                        },
                        Op::EndTextSection,
                    ]);
                }
                Mark::Rect {
                    x,
                    y,
                    width,
                    height,
                    fill,
                    stroke,
                } => {
                    let mode = match (fill, stroke) {
                        (Some(_), Some(_)) => PaintMode::FillStroke,
                        (None, Some(_)) => PaintMode::Stroke,
                        _ => PaintMode::Fill,
                    };
                    if let Some(level) = fill {
                        ops.push(Op::SetFillColor { col: grey(level) });
                    }
                    if let Some((thickness, level)) = stroke {
                        ops.push(Op::SetOutlineColor { col: grey(level) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
                    }
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![ring(&point, x, y, width, height)],
                            mode,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
                Mark::Line {
                    from,
                    to,
                    thickness_pt,
                    grey: level,
                    dashed,
                } => {
                    let pattern: &[f32] = if dashed { &[3.0, 2.0] } else { &[] };
                    ops.extend([
                        Op::SetOutlineColor { col: grey(level) },
                        Op::SetOutlineThickness {
                            pt: Pt(thickness_pt),
                        },
                        Op::SetLineDashPattern {
                            dash: printpdf::LineDashPattern::new(0.0, pattern),
                        },
                        Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint {
                                        p: point(from.0, from.1),
                                        bezier: false,
                                    },
                                    LinePoint {
                                        p: point(to.0, to.1),
                                        bezier: false,
                                    },
                                ],
                                is_closed: false,
                            },
                        },
                        Op::SetLineDashPattern {
                            dash: printpdf::LineDashPattern::new(0.0, &[]),
                        },
                    ]);
                }
                Mark::Squares { squares } => {
                    ops.push(Op::SetFillColor { col: grey(0.0) });
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: squares
                                .into_iter()
                                .map(|(x, y, w, h)| ring(&point, x, y, w, h))
                                .collect(),
                            mode: PaintMode::Fill,
                            // Every ring turns the same way, so non-zero fills their union.
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
            }
        }
        PdfPage::new(Mm(self.width), Mm(height), ops)
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// A closed rectangle, clockwise on the page.
fn ring(
    point: &impl Fn(f32, f32) -> Point,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
) -> PolygonRing {
    PolygonRing {
        points: [
            (x, y),
            (x + width, y),
            (x + width, y + height),
            (x, y + height),
        ]
        .into_iter()
        .map(|(px, py)| LinePoint {
            p: point(px, py),
            bezier: false,
        })
        .collect(),
    }
}

/// Serialises `pages` into one PDF. `created` is stamped as the document's creation date, so the
/// file says when the document was issued rather than when it happened to be rendered.
pub(super) fn render(
    title: &str,
    created: chrono::DateTime<chrono::Utc>,
    fonts: &Fonts,
    pages: Vec<Page>,
) -> Result<Vec<u8>> {
    let mut document = PdfDocument::new(title);
    let created = OffsetDateTime::from_unix_timestamp(created.timestamp()).map_err(|reason| {
        Error::internal(std::io::Error::other(format!(
            "document date out of range: {reason}"
        )))
    })?;
    document.metadata.info.creation_date = created;
    document.metadata.info.modification_date = created;
    document.metadata.info.metadata_date = created;
    document.metadata.info.producer = "Billettigue Desk".to_owned();
    document.metadata.info.creator = "Billettigue Desk".to_owned();
    let regular = document.add_font(fonts.face(Weight::Regular));
    let bold = document.add_font(fonts.face(Weight::Bold));
    let pages = pages
        .into_iter()
        .map(|page| page.into_pdf_page(&regular, &bold))
        .collect();
    let mut warnings = Vec::new();
    let bytes = document
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.starts_with(b"%PDF") {
        Ok(bytes)
    } else {
        Err(Error::internal(std::io::Error::other(format!(
            "printpdf produced no PDF: {warnings:?}"
        ))))
    }
}
