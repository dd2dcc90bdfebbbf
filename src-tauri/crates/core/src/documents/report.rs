//! The printable activity report: headline figures against the previous period, a column chart
//! of money collected per day, and tables whose lines carry a bar for their main figure. A4
//! portrait, as many pages as it needs.

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::text::{Align, Fonts, Style};
use super::wording::{amount, count, signed_amount, words};
use crate::error::Result;
use crate::i18n::Locale;

const CURRENCY: &str = "XOF";
const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const MARGIN: f32 = 15.0;
const BOTTOM: f32 = HEIGHT - 18.0;
const ROW: f32 = 5.2;
/// Width of a figure's column in tables, and in the comparison (whose amounts carry "XOF").
const NUMBER_COLUMN: f32 = 27.0;
const COMPARISON_COLUMN: f32 = 38.0;

/// One figure, printed the way its kind reads. Money in hundredths, weight in grams.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Amount(i64),
    /// A difference: its sign always shown.
    Signed(i64),
    Count(i64),
    Weight(i64),
    /// Per thousand, printed as a percentage.
    Permille(i64),
    Text(String),
}

#[derive(Debug, Clone)]
pub enum ReportSection {
    /// Each line: a label, this period's figure, the previous period's.
    Comparison {
        title: String,
        headings: [String; 4],
        lines: Vec<(String, Cell, Cell)>,
    },
    /// One column per point (a day), its height the figure.
    Columns {
        title: String,
        points: Vec<(String, i64)>,
    },
    /// A table; `bar` names the column whose figures draw a bar behind each line's label.
    Table {
        title: String,
        headings: Vec<String>,
        rows: Vec<(String, Vec<Cell>)>,
        totals: Option<Vec<Cell>>,
        bar: Option<usize>,
        note: Option<String>,
    },
}

/// Everything printed; the caller computes and translates, the document lays out.
#[derive(Debug, Clone)]
pub struct ReportBook {
    pub title: String,
    /// "Du 01/03/2026 au 31/03/2026 · Agence : Dakar Pompiers"
    pub subtitle: String,
    pub sections: Vec<ReportSection>,
    pub generated_at: DateTime<Utc>,
    pub locale: Locale,
}

impl Cell {
    /// The figure as printed; in tables (`with_currency` false) amounts go without "XOF", which
    /// the report's subtitle states once.
    fn text(&self, locale: Locale, with_currency: bool) -> String {
        let currency = if with_currency { CURRENCY } else { "" };
        match self {
            Self::Amount(minor) => amount(*minor, currency).trim_end().to_owned(),
            Self::Signed(minor) => signed_amount(*minor, currency).trim_end().to_owned(),
            Self::Count(number) => count(*number),
            Self::Weight(grams) => words(locale).weight(*grams),
            Self::Permille(permille) => percent(*permille, locale),
            Self::Text(text) => text.clone(),
        }
    }

    fn number(&self) -> Option<i64> {
        match self {
            Self::Amount(n)
            | Self::Signed(n)
            | Self::Count(n)
            | Self::Weight(n)
            | Self::Permille(n) => Some(*n),
            Self::Text(_) => None,
        }
    }
}

/// "72,5 %" in French, "72.5%" in English.
fn percent(permille: i64, locale: Locale) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let (whole, tenth) = (permille.abs() / 10, permille.abs() % 10);
    match locale {
        Locale::Fr => format!("{sign}{whole},{tenth}\u{a0}%"),
        Locale::En => format!("{sign}{whole}.{tenth}%"),
    }
}

/// Change from `previous` to `current` in per thousand; none when there was nothing before.
fn change(current: &Cell, previous: &Cell) -> Option<i64> {
    let (now, before) = (current.number()?, previous.number()?);
    (before != 0).then(|| (now - before) * 1000 / before.abs())
}

/// Pages filled from top to bottom; a new one starts when the next block would not fit.
struct Pager<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    y: f32,
}

impl Pager<'_> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::new(WIDTH, HEIGHT));
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn room_for(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > BOTTOM {
            self.pages.push(Page::new(WIDTH, HEIGHT));
            self.y = MARGIN;
        }
    }

    fn text(&mut self, x: f32, align: Align, style: Style, text: &str, max_width: f32) {
        let fonts = self.fonts;
        let y = self.y;
        let text = fonts.ellipsize(style, text, max_width);
        self.page().text(fonts, x, y, align, style, &text);
    }

    fn title(&mut self, title: &str) {
        self.room_for(22.0);
        self.y += 4.0;
        self.text(
            MARGIN,
            Align::Left,
            Style::bold(12.0),
            title,
            WIDTH - 2.0 * MARGIN,
        );
        self.y += Style::bold(12.0).line_height() + 1.0;
    }

    /// A line of cells: the first left-aligned in what the figures' columns (`column` mm each)
    /// leave, the others right-aligned.
    fn row(&mut self, label: &str, cells: &[String], style: Style, column: f32) {
        let right = WIDTH - MARGIN;
        let label_width = right - MARGIN - column * cells.len() as f32 - 2.0;
        self.text(MARGIN + 1.0, Align::Left, style, label, label_width);
        for (index, cell) in cells.iter().enumerate() {
            let x = right - column * (cells.len() - 1 - index) as f32 - 1.0;
            self.text(x, Align::Right, style, cell, column - 2.0);
        }
        self.y += ROW;
    }
}

/// The report as an A4 PDF.
pub fn report_pdf(book: &ReportBook) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let mut pager = Pager {
        fonts: &fonts,
        pages: Vec::new(),
        y: MARGIN,
    };
    pager.room_for(30.0);
    pager.text(
        MARGIN,
        Align::Left,
        Style::bold(16.0),
        &book.title,
        WIDTH - 2.0 * MARGIN,
    );
    pager.y += Style::bold(16.0).line_height() + 1.0;
    pager.text(
        MARGIN,
        Align::Left,
        Style::regular(10.0),
        &book.subtitle,
        WIDTH - 2.0 * MARGIN,
    );
    pager.y += Style::regular(10.0).line_height() + 1.0;
    let y = pager.y;
    pager.page().hline(MARGIN, WIDTH - MARGIN, y, 1.2, 0.0);
    pager.y += 2.0;
    for section in &book.sections {
        match section {
            ReportSection::Comparison {
                title,
                headings,
                lines,
            } => comparison(&mut pager, title, headings, lines, book.locale),
            ReportSection::Columns { title, points } => columns(&mut pager, title, points),
            ReportSection::Table {
                title,
                headings,
                rows,
                totals,
                bar,
                note,
            } => table(
                &mut pager,
                title,
                headings,
                rows,
                totals.as_deref(),
                *bar,
                note.as_deref(),
                book.locale,
            ),
        }
    }
    let generated = words(book.locale).short_date_time(book.generated_at);
    let total = pager.pages.len();
    for (index, page) in pager.pages.iter_mut().enumerate() {
        let footer = format!("{} · {generated} · {}/{total}", book.title, index + 1);
        page.text(
            &fonts,
            WIDTH / 2.0,
            HEIGHT - 12.0,
            Align::Center,
            Style::regular(8.0).muted(),
            &footer,
        );
    }
    canvas::render(&book.title, book.generated_at, &fonts, pager.pages)
}

fn comparison(
    pager: &mut Pager,
    title: &str,
    headings: &[String; 4],
    lines: &[(String, Cell, Cell)],
    locale: Locale,
) {
    pager.title(title);
    pager.row(
        &headings[0],
        &headings[1..],
        Style::bold(9.0),
        COMPARISON_COLUMN,
    );
    for (label, current, previous) in lines {
        pager.room_for(ROW);
        let change = change(current, previous).map_or_else(
            || "—".to_owned(),
            |permille| {
                let text = percent(permille, locale);
                if permille > 0 {
                    format!("+{text}")
                } else {
                    text
                }
            },
        );
        let cells = [
            current.text(locale, true),
            previous.text(locale, true),
            change,
        ];
        pager.row(label, &cells, Style::regular(9.0), COMPARISON_COLUMN);
    }
}

fn columns(pager: &mut Pager, title: &str, points: &[(String, i64)]) {
    const CHART: f32 = 55.0;
    pager.title(title);
    pager.room_for(CHART + 10.0);
    let top = pager.y;
    let (left, right) = (MARGIN + 24.0, WIDTH - MARGIN);
    let highest = points
        .iter()
        .map(|(_, value)| *value)
        .max()
        .unwrap_or(0)
        .max(1);
    let fonts = pager.fonts;
    let page = pager.page();
    let axis = Style::regular(7.0).muted();
    page.text(
        fonts,
        left - 2.0,
        top,
        Align::Right,
        axis,
        &amount(highest, CURRENCY),
    );
    page.text(
        fonts,
        left - 2.0,
        top + CHART - 3.0,
        Align::Right,
        axis,
        "0",
    );
    page.hline(left, right, top + CHART, 0.8, 0.0);
    page.hline(left, right, top, 0.3, 0.7);
    if !points.is_empty() {
        let slot = (right - left) / points.len() as f32;
        let label_every = (points.len() / 12).max(1);
        for (index, (label, value)) in points.iter().enumerate() {
            let height = CHART * (*value).max(0) as f32 / highest as f32;
            let x = left + slot * index as f32;
            page.fill_rect(
                x + slot * 0.15,
                top + CHART - height,
                slot * 0.7,
                height,
                0.35,
            );
            if index % label_every == 0 {
                page.text(
                    fonts,
                    x + slot / 2.0,
                    top + CHART + 1.0,
                    Align::Center,
                    axis,
                    label,
                );
            }
        }
    }
    pager.y = top + CHART + 8.0;
}

#[allow(clippy::too_many_arguments)]
fn table(
    pager: &mut Pager,
    title: &str,
    headings: &[String],
    rows: &[(String, Vec<Cell>)],
    totals: Option<&[Cell]>,
    bar: Option<usize>,
    note: Option<&str>,
    locale: Locale,
) {
    pager.title(title);
    let Some((first, rest)) = headings.split_first() else {
        return;
    };
    pager.row(first, rest, Style::bold(8.0), NUMBER_COLUMN);
    let highest = bar
        .map(|column| {
            rows.iter()
                .filter_map(|(_, cells)| cells.get(column)?.number())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
        .max(1);
    let label_width = WIDTH - 2.0 * MARGIN - NUMBER_COLUMN * rest.len() as f32 - 2.0;
    for (label, cells) in rows {
        pager.room_for(ROW);
        if let Some(value) = bar.and_then(|column| cells.get(column)?.number()) {
            let y = pager.y;
            let width = label_width * value.max(0) as f32 / highest as f32;
            pager
                .page()
                .fill_rect(MARGIN, y + 0.4, width, ROW - 0.8, 0.88);
        }
        let texts: Vec<String> = cells.iter().map(|cell| cell.text(locale, false)).collect();
        pager.row(label, &texts, Style::regular(9.0), NUMBER_COLUMN);
    }
    if let Some(totals) = totals {
        pager.room_for(ROW + 1.0);
        let y = pager.y;
        pager.page().hline(MARGIN, WIDTH - MARGIN, y, 0.6, 0.0);
        pager.y += 0.8;
        let texts: Vec<String> = totals.iter().map(|cell| cell.text(locale, false)).collect();
        pager.row(words(locale).total, &texts, Style::bold(9.0), NUMBER_COLUMN);
    }
    if let Some(note) = note {
        pager.room_for(ROW);
        pager.text(
            MARGIN + 1.0,
            Align::Left,
            Style::regular(8.0).muted(),
            note,
            WIDTH - 2.0 * MARGIN,
        );
        pager.y += ROW;
    }
}
