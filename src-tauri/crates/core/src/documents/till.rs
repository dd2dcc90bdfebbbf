//! A till session's report: the closing "Z" report once the cash is counted, or the interim "X"
//! report while the till is still open, on an 80 mm receipt or an A4 sheet.

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::flow::Flow;
use super::text::{Align, Fonts, Style};
use super::wording::{amount, count, signed_amount, words, Words};
use super::PaperFormat;
use crate::error::Result;
use crate::i18n::Locale;

/// Tills hold CFA francs.
const CURRENCY: &str = "XOF";

/// One payment method's line of the report.
#[derive(Debug, Clone)]
pub struct TillMethodLine {
    /// Already translated ("Espèces", "Mobile money", "Carte").
    pub method: String,
    pub sales_count: i64,
    /// In hundredths of the currency, like `Money::minor_units()`.
    pub sales_amount: i64,
    pub refunds_count: i64,
    /// In hundredths of the currency, positive.
    pub refunds_amount: i64,
}

/// Everything printed on a till session's report. Amounts are in hundredths of XOF; the caller
/// computes every figure, the report only prints them.
#[derive(Debug, Clone)]
pub struct TillReportDocument {
    pub session_uid: String,
    pub clerk_name: String,
    pub agency: Option<String>,
    /// Printed as the time on the station clock (GMT), like every document.
    pub opened_at: DateTime<Utc>,
    /// None while the session is still open: the report is then an interim "X" report, titled so.
    pub closed_at: Option<DateTime<Utc>>,
    pub opening_float: i64,
    /// One per method, in order cash, mobile money, card.
    pub lines: Vec<TillMethodLine>,
    pub cancellations_count: i64,
    /// Opening float plus cash sales minus cash refunds.
    pub expected_cash: i64,
    /// None while open.
    pub counted_cash: Option<i64>,
    /// Counted minus expected; negative is a shortfall.
    pub difference: Option<i64>,
    pub notes: Option<String>,
    pub generated_at: DateTime<Utc>,
    pub locale: Locale,
}

/// The report as a one-page PDF: as long as its content on a receipt roll, or an A4 sheet.
pub fn till_report_pdf(report: &TillReportDocument, paper: PaperFormat) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let words = words(report.locale);
    let page = match paper {
        PaperFormat::Receipt80mm => receipt(report, words, &fonts),
        PaperFormat::A4 => sheet(report, words, &fonts),
    };
    let title = format!("{} {}", title(report, words), report.session_uid);
    canvas::render(&title, report.generated_at, &fonts, vec![page])
}

/// Sales, refunds and what is left of them, for one payment method or for all of them.
#[derive(Debug, Clone, Copy, Default)]
struct Figures {
    sales_count: i64,
    sales_amount: i64,
    refunds_count: i64,
    refunds_amount: i64,
}

impl Figures {
    fn of(line: &TillMethodLine) -> Self {
        Self {
            sales_count: line.sales_count,
            sales_amount: line.sales_amount,
            refunds_count: line.refunds_count,
            refunds_amount: line.refunds_amount,
        }
    }

    fn total(lines: &[TillMethodLine]) -> Self {
        lines.iter().fold(Self::default(), |sum, line| Self {
            sales_count: sum.sales_count.saturating_add(line.sales_count),
            sales_amount: sum.sales_amount.saturating_add(line.sales_amount),
            refunds_count: sum.refunds_count.saturating_add(line.refunds_count),
            refunds_amount: sum.refunds_amount.saturating_add(line.refunds_amount),
        })
    }

    fn net(self) -> i64 {
        self.sales_amount.saturating_sub(self.refunds_amount)
    }
}

const RECEIPT_WIDTH: f32 = 80.0;
/// 80 mm printers print on the middle 72 mm of the roll.
const RECEIPT_MARGIN: f32 = 4.0;
/// The receipt's figures, from the column's left edge: labels indented, then counts and amounts
/// right-aligned in their own columns.
const RECEIPT_INDENT: f32 = 2.0;
const RECEIPT_COUNT: (f32, f32) = (31.0, 42.0);
const RECEIPT_AMOUNT: (f32, f32) = (44.0, RECEIPT_WIDTH - 2.0 * RECEIPT_MARGIN);
/// No figure is ever cut: it shrinks down to this size instead.
const MIN_FIGURE_SIZE: f32 = 6.0;
/// Words in the figures' columns shrink down to this size, then are cut with an ellipsis.
const MIN_WORD_SIZE: f32 = 8.0;

fn receipt(report: &TillReportDocument, words: &Words, fonts: &Fonts) -> Page {
    let mut page = Page::new(RECEIPT_WIDTH, 0.0);
    let mut flow = Flow {
        page: &mut page,
        fonts,
        left: RECEIPT_MARGIN,
        width: RECEIPT_WIDTH - 2.0 * RECEIPT_MARGIN,
        y: 5.0,
    };
    let label = Style::regular(8.5).muted();
    let value = Style::bold(9.5);

    // A closing report in white on black; an interim one only framed, and saying why.
    let title = title(report, words);
    let style = fonts.fit(Style::bold(12.0), title, flow.width - 6.0, 8.0);
    flow.banner(style, title, is_closed(report));
    if !is_closed(report) {
        flow.gap(1.0);
        flow.paragraph(Style::bold(8.5), Align::Center, words.provisional, 2);
    }
    flow.rule(2.0);

    let details = session_details(report, words)
        .into_iter()
        .chain(time_details(report, words));
    for (name, text, style) in details {
        let room = flow.width - fonts.width(label, name) - 3.0;
        let style = match style {
            Detail::Strong => value,
            Detail::Identifier => fonts.fit(Style::regular(8.5), &text, room, 6.5),
        };
        flow.pair(label, name, style, &text, 2);
    }
    flow.rule(2.0);

    let heading = Style::regular(7.5).muted();
    receipt_row(
        &mut flow,
        heading,
        "",
        words.count_column,
        words.amount_column,
    );
    for line in &report.lines {
        flow.gap(1.0);
        flow.paragraph(Style::bold(9.5), Align::Left, &line.method, 2);
        receipt_figures(&mut flow, words, Figures::of(line));
    }
    if report.lines.is_empty() {
        flow.gap(1.0);
        flow.paragraph(
            Style::regular(8.5).muted(),
            Align::Left,
            words.no_transactions,
            2,
        );
    }
    flow.rule(2.0);
    flow.line(Style::bold(9.5), Align::Left, words.total);
    receipt_figures(&mut flow, words, Figures::total(&report.lines));
    flow.gap(1.0);
    flow.pair(
        label,
        words.cancellations,
        value,
        &count(report.cancellations_count),
        1,
    );
    flow.rule(2.0);

    flow.line(Style::bold(9.5), Align::Left, words.cash_check);
    flow.gap(0.5);
    for (name, figure, strong) in cash_figures(report, words) {
        let style = if strong { Style::bold(11.0) } else { value };
        flow.pair(label, name, style, &figure, 1);
    }
    if let Some(difference) = report.difference {
        flow.gap(1.5);
        difference_box(
            &mut flow,
            words,
            difference,
            Style::bold(12.0),
            Style::bold(8.5),
        );
    }

    if let Some(notes) = notes(report) {
        flow.rule(2.0);
        flow.line(Style::bold(8.5), Align::Left, words.notes);
        flow.paragraph(Style::regular(8.0), Align::Left, notes, 20);
    }
    flow.gap(4.0);

    // Stacked boxes: the roll is too narrow for two signatures side by side.
    let box_height = 17.0;
    for (name, signer) in signatures(report, words) {
        let (left, top, width) = (flow.left, flow.y, flow.width);
        signature_box(
            flow.page,
            fonts,
            (left, top, width, box_height),
            Style::regular(8.0).muted(),
            name,
            signer,
        );
        flow.y += box_height + 2.0;
    }

    flow.dashed_rule(2.0);
    flow.paragraph(
        Style::regular(7.5).muted(),
        Align::Center,
        &generated_line(report, words),
        2,
    );
    // Room for the cutter below the last line.
    let height = flow.y + 8.0;
    page.height = height;
    page
}

/// Sales, refunds and net of one method (or of all), as three rows of the receipt.
fn receipt_figures(flow: &mut Flow, words: &Words, figures: Figures) {
    let (regular, bold) = (Style::regular(8.5), Style::bold(8.5));
    receipt_row(
        flow,
        regular,
        words.sales,
        &count(figures.sales_count),
        &amount(figures.sales_amount, CURRENCY),
    );
    receipt_row(
        flow,
        regular,
        words.refunds,
        &count(figures.refunds_count),
        &amount(figures.refunds_amount, CURRENCY),
    );
    receipt_row(flow, bold, words.net, "", &amount(figures.net(), CURRENCY));
}

/// One row of the receipt's figures: a label, a count and an amount in their columns.
fn receipt_row(flow: &mut Flow, style: Style, label: &str, count: &str, amount: &str) {
    let left = flow.left;
    let label_room = RECEIPT_COUNT.0 - RECEIPT_INDENT - 1.0;
    let label = flow.fonts.ellipsize(style, label, label_room);
    flow.page.text(
        flow.fonts,
        left + RECEIPT_INDENT,
        flow.y,
        Align::Left,
        style,
        &label,
    );
    for (text, (from, to)) in [(count, RECEIPT_COUNT), (amount, RECEIPT_AMOUNT)] {
        figure(
            flow.page,
            flow.fonts,
            (left + from, left + to),
            flow.y,
            (style, MIN_FIGURE_SIZE),
            Align::Right,
            text,
        );
    }
    flow.y += style.line_height();
}

const A4_WIDTH: f32 = 210.0;
const A4_HEIGHT: f32 = 297.0;
const A4_MARGIN: f32 = 15.0;
const HEADING_ROW: f32 = 6.5;
const ROW: f32 = 7.5;
const CELL_PADDING: f32 = 2.0;
/// Top of the footer line, at the foot of the sheet.
const FOOTER_TOP: f32 = A4_HEIGHT - 12.0;
/// The table's columns: method, sales count and amount, refunds count and amount, net.
const COLUMNS: [f32; 6] = [46.0, 19.0, 32.0, 19.0, 32.0, 32.0];

fn sheet(report: &TillReportDocument, words: &Words, fonts: &Fonts) -> Page {
    let mut page = Page::new(A4_WIDTH, A4_HEIGHT);
    let (left, right) = (A4_MARGIN, A4_WIDTH - A4_MARGIN);
    let width = right - left;
    let mut y = A4_MARGIN;

    let title_style = Style::bold(16.0);
    let title = title(report, words);
    page.text(fonts, left, y, Align::Left, title_style, title);
    y += title_style.line_height() + 2.0;
    page.hline(left, right, y, 1.2, 0.0);
    y += 5.0;
    if !is_closed(report) {
        let mut stamp = Flow {
            page: &mut page,
            fonts,
            left,
            width,
            y,
        };
        stamp.banner(Style::bold(11.0), words.provisional, false);
        y = stamp.y + 5.0;
    }

    // Who and when, in two blocks side by side: the session on the left, its times on the right.
    let half = (width - 10.0) / 2.0;
    let session = session_details(report, words);
    let left_bottom = detail_block(&mut page, fonts, (left, half), y, &session);
    let times = time_details(report, words);
    let right_bottom = detail_block(&mut page, fonts, (right - half, half), y, &times);
    y = left_bottom.max(right_bottom) + 5.0;

    y = method_table(&mut page, report, words, fonts, y);
    y += 3.0;
    let cancellations = words.labelled(words.cancellations, count(report.cancellations_count));
    page.text(
        fonts,
        left,
        y,
        Align::Left,
        Style::regular(10.0),
        &cancellations,
    );
    y += Style::regular(10.0).line_height() + 7.0;

    // The cash check on the left half, the difference boxed under it.
    let mut cash = Flow {
        page: &mut page,
        fonts,
        left,
        width: half,
        y,
    };
    cash.line(Style::bold(12.0), Align::Left, words.cash_check);
    cash.y += 1.5;
    cash.page.hline(left, left + half, cash.y, 0.6, 0.0);
    cash.y += 2.5;
    let (label, value) = (Style::regular(10.0).muted(), Style::bold(11.0));
    for (name, figure, strong) in cash_figures(report, words) {
        let style = if strong { Style::bold(12.5) } else { value };
        cash.pair(label, name, style, &figure, 1);
        cash.gap(1.0);
    }
    if let Some(difference) = report.difference {
        cash.gap(2.0);
        difference_box(
            &mut cash,
            words,
            difference,
            Style::bold(14.0),
            Style::bold(10.0),
        );
    }
    y = cash.y + 8.0;

    if let Some(notes) = notes(report) {
        let mut remarks = Flow {
            page: &mut page,
            fonts,
            left,
            width,
            y,
        };
        remarks.line(Style::bold(11.0), Align::Left, words.notes);
        remarks.gap(0.5);
        remarks.paragraph(Style::regular(10.0), Align::Left, notes, 12);
        y = remarks.y + 8.0;
    }

    for (index, (name, signer)) in signatures(report, words).into_iter().enumerate() {
        let x = if index == 0 { left } else { right - half };
        signature_box(
            &mut page,
            fonts,
            (x, y, half, 28.0),
            Style::regular(9.5).muted(),
            name,
            signer,
        );
    }

    let footer = FOOTER_TOP;
    page.hline(left, right, footer - 2.0, 0.4, 0.6);
    page.text(
        fonts,
        left,
        footer,
        Align::Left,
        Style::regular(8.0).muted(),
        &generated_line(report, words),
    );
    page
}

/// Label and value rows from `y`, labels in one column and values lined up in the next; returns
/// where the block ends.
fn detail_block(
    page: &mut Page,
    fonts: &Fonts,
    (left, width): (f32, f32),
    mut y: f32,
    rows: &[(&str, String, Detail)],
) -> f32 {
    let label = Style::regular(10.0).muted();
    let label_width = rows
        .iter()
        .map(|(name, ..)| fonts.width(label, name))
        .fold(0.0, f32::max)
        + 4.0;
    let room = width - label_width;
    for (name, text, detail) in rows {
        // A long name takes more lines rather than lose its end; the identifier shrinks instead.
        let (style, lines) = match detail {
            Detail::Strong => {
                let style = Style::bold(11.0);
                (style, first_lines(fonts, style, text, room, 3))
            }
            Detail::Identifier => {
                let style = fonts.fit(Style::regular(10.0), text, room, 7.0);
                (style, vec![fonts.ellipsize(style, text, room)])
            }
        };
        // The label on the first line's baseline, like a pair of a ticket.
        let baseline = y + style.baseline_drop().max(label.baseline_drop());
        page.text(
            fonts,
            left,
            baseline - label.baseline_drop(),
            Align::Left,
            label,
            name,
        );
        let mut top = baseline - style.baseline_drop();
        for line in &lines {
            page.text(fonts, left + label_width, top, Align::Left, style, line);
            top += style.line_height();
        }
        y = top.max(y + label.line_height()) + 1.5;
    }
    y
}

/// `text` wrapped on at most `max_lines` lines of `width`, the last one cut if it runs over.
fn first_lines(
    fonts: &Fonts,
    style: Style,
    text: &str,
    width: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines = fonts.wrap(style, text, width);
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.saturating_sub(1)).join(" ");
        lines.push(fonts.ellipsize(style, &rest, width));
    }
    lines
}

/// The table of payment methods, under a two-line heading, with their total; returns its bottom.
fn method_table(
    page: &mut Page,
    report: &TillReportDocument,
    words: &Words,
    fonts: &Fonts,
    mut y: f32,
) -> f32 {
    let (left, right) = (A4_MARGIN, A4_WIDTH - A4_MARGIN);
    let edges = column_edges();
    let heading = Style::bold(9.0);
    let tall = 2.0 * HEADING_ROW;
    page.fill_rect(left, y, right - left, tall, 0.82);
    let cell = |page: &mut Page, column: usize, top: f32, height: f32, align: Align, text: &str| {
        table_cell(
            page,
            fonts,
            (edges[column], edges[column + 1]),
            (top, height),
            heading,
            align,
            text,
        );
    };
    // The method and the net span both heading lines; sales and refunds head two columns each.
    cell(page, 0, y, tall, Align::Left, words.payment_method);
    cell(page, 5, y, tall, Align::Right, words.net);
    for (first, group) in [(1, words.sales), (3, words.refunds)] {
        let (from, to) = (edges[first], edges[first + 2]);
        table_cell(
            page,
            fonts,
            (from, to),
            (y, HEADING_ROW),
            heading,
            Align::Center,
            group,
        );
        page.hline(
            from + CELL_PADDING,
            to - CELL_PADDING,
            y + HEADING_ROW,
            0.5,
            0.4,
        );
        for (column, name) in [
            (first, words.count_column),
            (first + 1, words.amount_column),
        ] {
            let style = Style::regular(8.5);
            table_cell(
                page,
                fonts,
                (edges[column], edges[column + 1]),
                (y + HEADING_ROW, HEADING_ROW),
                style,
                Align::Right,
                name,
            );
        }
    }
    y += tall;

    for (index, line) in report.lines.iter().enumerate() {
        // Every other row shaded, so that a finger following a line across does not slip.
        if index % 2 == 1 {
            page.fill_rect(left, y, right - left, ROW, 0.93);
        }
        figures_row(page, fonts, y, &line.method, Figures::of(line), false);
        y += ROW;
    }
    if report.lines.is_empty() {
        table_cell(
            page,
            fonts,
            (left, right),
            (y, ROW),
            Style::regular(9.5).muted(),
            Align::Left,
            words.no_transactions,
        );
        y += ROW;
    }
    page.fill_rect(left, y, right - left, ROW, 0.9);
    page.hline(left, right, y, 0.8, 0.0);
    figures_row(
        page,
        fonts,
        y,
        words.total,
        Figures::total(&report.lines),
        true,
    );
    y += ROW;
    page.hline(left, right, y, 0.8, 0.0);
    y
}

/// Left edges of the table's columns, then its right edge.
fn column_edges() -> [f32; 7] {
    let mut edges = [A4_MARGIN; 7];
    for (index, width) in COLUMNS.iter().enumerate() {
        edges[index + 1] = edges[index] + width;
    }
    edges
}

fn figures_row(page: &mut Page, fonts: &Fonts, y: f32, name: &str, figures: Figures, total: bool) {
    let edges = column_edges();
    let (regular, bold) = if total {
        (Style::bold(9.5), Style::bold(10.0))
    } else {
        (Style::regular(9.5), Style::bold(9.5))
    };
    let cells = [
        (name.to_owned(), regular, Align::Left),
        (count(figures.sales_count), regular, Align::Right),
        (
            amount(figures.sales_amount, CURRENCY),
            regular,
            Align::Right,
        ),
        (count(figures.refunds_count), regular, Align::Right),
        (
            amount(figures.refunds_amount, CURRENCY),
            regular,
            Align::Right,
        ),
        (amount(figures.net(), CURRENCY), bold, Align::Right),
    ];
    for (column, (text, style, align)) in cells.into_iter().enumerate() {
        table_cell(
            page,
            fonts,
            (edges[column], edges[column + 1]),
            (y, ROW),
            style,
            align,
            &text,
        );
    }
}

/// Text in a table cell, vertically centred: a figure (right-aligned) shrinks rather than lose
/// digits; words shrink a little, then are cut with an ellipsis.
fn table_cell(
    page: &mut Page,
    fonts: &Fonts,
    (from, to): (f32, f32),
    (top, height): (f32, f32),
    style: Style,
    align: Align,
    text: &str,
) {
    let top = top + (height - style.line_height()) / 2.0 + 0.2;
    let min_size = match align {
        Align::Right => MIN_FIGURE_SIZE,
        Align::Left | Align::Center => MIN_WORD_SIZE,
    };
    figure(
        page,
        fonts,
        (from + CELL_PADDING, to - CELL_PADDING),
        top,
        (style, min_size),
        align,
        text,
    );
}

/// `text` on the line whose top is `top`, between `from` and `to`: shrunk down to `min_size` when
/// too wide, then cut, on the baseline it would have had at its own size.
fn figure(
    page: &mut Page,
    fonts: &Fonts,
    (from, to): (f32, f32),
    top: f32,
    (style, min_size): (Style, f32),
    align: Align,
    text: &str,
) {
    let room = to - from;
    let fitted = fonts.fit(style, text, room, min_size);
    let text = fonts.ellipsize(fitted, text, room);
    let top = top + style.baseline_drop() - fitted.baseline_drop();
    let x = match align {
        Align::Left => from,
        Align::Center => (from + to) / 2.0,
        Align::Right => to,
    };
    page.text(fonts, x, top, align, fitted, &text);
}

/// "Écart : −1 000 XOF" large in a frame, and below it whether the till is short or over.
fn difference_box(flow: &mut Flow, words: &Words, difference: i64, main: Style, note: Style) {
    let padding = 2.2;
    let text = words.labelled(words.difference, signed_amount(difference, CURRENCY));
    let inner = flow.width - 2.0 * padding;
    let main = flow.fonts.fit(main, &text, inner, 8.0);
    let height = main.line_height() + 0.6 + note.line_height() + 2.0 * padding;
    flow.page
        .stroke_rect(flow.left, flow.y, flow.width, height, 1.6);
    let mut inside = Flow {
        page: &mut *flow.page,
        fonts: flow.fonts,
        left: flow.left + padding,
        width: inner,
        y: flow.y + padding,
    };
    inside.line(main, Align::Center, &text);
    inside.gap(0.6);
    let verdict = match difference.signum() {
        -1 => words.shortfall,
        1 => words.surplus,
        _ => words.balanced,
    };
    inside.line(note, Align::Center, verdict);
    flow.y += height;
}

/// A framed box to sign in, its label at the top and the signer's name, when known, at the foot.
fn signature_box(
    page: &mut Page,
    fonts: &Fonts,
    (left, top, width, height): (f32, f32, f32, f32),
    style: Style,
    label: &str,
    signer: Option<&str>,
) {
    let padding = 1.8;
    page.stroke_rect(left, top, width, height, 0.6);
    let room = width - 2.0 * padding;
    let label = fonts.ellipsize(style, label, room);
    page.text(
        fonts,
        left + padding,
        top + padding,
        Align::Left,
        style,
        &label,
    );
    if let Some(signer) = signer {
        let signer = fonts.ellipsize(style, signer, room);
        let bottom = top + height - padding - style.line_height();
        page.text(
            fonts,
            left + width - padding,
            bottom,
            Align::Right,
            style,
            &signer,
        );
    }
}

fn is_closed(report: &TillReportDocument) -> bool {
    report.closed_at.is_some()
}

fn title(report: &TillReportDocument, words: &Words) -> &'static str {
    if is_closed(report) {
        words.closing_report
    } else {
        words.interim_report
    }
}

/// How a detail of the session is printed: a name or time in bold, the session's identifier
/// plain and shrunk to fit on its line.
#[derive(Clone, Copy)]
enum Detail {
    Strong,
    Identifier,
}

/// Who held the till and where: label, value, and how to print it.
fn session_details(
    report: &TillReportDocument,
    words: &Words,
) -> Vec<(&'static str, String, Detail)> {
    let mut details = vec![(words.clerk, report.clerk_name.clone(), Detail::Strong)];
    if let Some(agency) = report.agency.as_deref().map(str::trim) {
        if !agency.is_empty() {
            details.push((words.agency, agency.to_owned(), Detail::Strong));
        }
    }
    details.push((
        words.till_session,
        report.session_uid.clone(),
        Detail::Identifier,
    ));
    details
}

/// When the till was opened, and closed or not yet.
fn time_details(report: &TillReportDocument, words: &Words) -> Vec<(&'static str, String, Detail)> {
    let closed = report.closed_at.map_or_else(
        || words.still_open.to_owned(),
        |at| words.short_date_time(at),
    );
    vec![
        (
            words.opened,
            words.short_date_time(report.opened_at),
            Detail::Strong,
        ),
        (words.closed, closed, Detail::Strong),
    ]
}

/// The cash check, in the order it adds up: float, expected, then counted when the till is
/// closed. The flag marks the figures to print larger.
fn cash_figures(report: &TillReportDocument, words: &Words) -> Vec<(&'static str, String, bool)> {
    let mut figures = vec![
        (
            words.opening_float,
            amount(report.opening_float, CURRENCY),
            false,
        ),
        (
            words.expected_cash,
            amount(report.expected_cash, CURRENCY),
            true,
        ),
    ];
    if let Some(counted) = report.counted_cash {
        figures.push((words.counted_cash, amount(counted, CURRENCY), true));
    }
    figures
}

fn notes(report: &TillReportDocument) -> Option<&str> {
    report
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|notes| !notes.is_empty())
}

/// The clerk's box, with the clerk's name, and the manager's, left for the name by hand.
fn signatures<'a>(
    report: &'a TillReportDocument,
    words: &Words,
) -> [(&'static str, Option<&'a str>); 2] {
    [
        (words.clerk_signature, Some(report.clerk_name.as_str())),
        (words.manager_signature, None),
    ]
}

/// "Édité le 23/11/2026 à 19:05".
fn generated_line(report: &TillReportDocument, words: &Words) -> String {
    format!(
        "{} {}",
        words.generated_on,
        words.short_date_time(report.generated_at)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::testing::{
        margins_are_blank, page_count, page_size_mm, pdf_text, squeeze,
    };
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("valid date"))
    }

    fn method(method: &str, sales: (i64, i64), refunds: (i64, i64)) -> TillMethodLine {
        TillMethodLine {
            method: method.to_owned(),
            sales_count: sales.0,
            sales_amount: sales.1,
            refunds_count: refunds.0,
            refunds_amount: refunds.1,
        }
    }

    /// A day at the counter: 20 000 XOF of float, 150 000 XOF of cash sales less a refund of
    /// 12 500, so 157 500 XOF expected, and 1 000 XOF missing at the count.
    fn closed() -> TillReportDocument {
        TillReportDocument {
            session_uid: "0193f0a2-7c1d-7b3e-9f45-2c6d8e1a4b70".to_owned(),
            clerk_name: "Aïssatou Ndiaye".to_owned(),
            agency: Some("Dakar – Pompiers".to_owned()),
            opened_at: at(6, 0),
            closed_at: Some(at(19, 0)),
            opening_float: 2_000_000,
            lines: vec![
                method("Espèces", (12, 15_000_000), (1, 1_250_000)),
                method("Mobile money", (7, 8_750_000), (0, 0)),
                method("Carte", (2, 2_500_000), (1, 1_250_000)),
            ],
            cancellations_count: 2,
            expected_cash: 15_750_000,
            counted_cash: Some(15_650_000),
            difference: Some(-100_000),
            notes: Some("Billet de 1 000 XOF rendu en trop au départ de 14 h.".to_owned()),
            generated_at: at(19, 5),
            locale: Locale::Fr,
        }
    }

    fn open() -> TillReportDocument {
        TillReportDocument {
            closed_at: None,
            counted_cash: None,
            difference: None,
            notes: None,
            generated_at: at(12, 30),
            ..closed()
        }
    }

    fn render(report: &TillReportDocument, paper: PaperFormat) -> Vec<u8> {
        till_report_pdf(report, paper).unwrap_or_else(|err| panic!("renders: {err:?}"))
    }

    /// What both formats print of the closed report, once whitespace is squeezed.
    const CLOSED_FRENCH: [&str; 14] = [
        "RAPPORT DE CLÔTURE (Z)",
        "Caissier Aïssatou Ndiaye",
        "Dakar – Pompiers",
        "0193f0a2-7c1d-7b3e-9f45-2c6d8e1a4b70",
        "Ouverture 23/11/2026 à 06:00",
        "Clôture 23/11/2026 à 19:00",
        "Fonds de caisse initial 20 000 XOF",
        "Espèces attendues 157 500 XOF",
        "Espèces comptées 156 500 XOF",
        "Écart : \u{2212}1 000 XOF",
        "Manque en caisse",
        "Annulations",
        "Signature du caissier",
        "Signature du responsable",
    ];

    #[test]
    fn a_closing_report_on_a_receipt_is_one_80mm_page_with_every_figure_in_french() {
        let pdf = render(&closed(), PaperFormat::Receipt80mm);
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 1);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 80.0).abs() < 0.1, "{width} mm wide");
        assert!((120.0..400.0).contains(&height), "{height} mm long");
        let text = squeeze(&pdf_text(&pdf));
        for expected in CLOSED_FRENCH.iter().copied().chain([
            "Nombre Montant",
            "Espèces Ventes 12 150 000 XOF Remboursements 1 12 500 XOF Net 137 500 XOF",
            "Total Ventes 21 262 500 XOF Remboursements 2 25 000 XOF Net 237 500 XOF",
            "Annulations 2",
            "Observations Billet de 1 000 XOF rendu en trop",
            "Édité le 23/11/2026 à 19:05",
        ]) {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        assert!(!text.contains("(X)"), "{text}");
        assert!(
            margins_are_blank(&pdf, 1, 3.5, 76.5),
            "text runs into the margins"
        );
    }

    #[test]
    fn a_closing_report_on_a4_is_one_a4_page_with_the_methods_in_a_table() {
        let pdf = render(&closed(), PaperFormat::A4);
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 1);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 210.0).abs() < 0.1 && (height - 297.0).abs() < 0.1);
        let text = squeeze(&pdf_text(&pdf));
        for expected in CLOSED_FRENCH.iter().copied().chain([
            // Headings on two lines: sales and refunds each over a count and an amount.
            "Mode de paiement",
            "Ventes Remboursements",
            "Nombre Montant Nombre Montant",
            // Each method on one row, its figures in column order.
            "Espèces 12 150 000 XOF 1 12 500 XOF 137 500 XOF",
            "Mobile money 7 87 500 XOF 0 0 XOF 87 500 XOF",
            "Carte 2 25 000 XOF 1 12 500 XOF 12 500 XOF",
            "Total 21 262 500 XOF 2 25 000 XOF 237 500 XOF",
            "Annulations : 2",
            "Billet de 1 000 XOF rendu en trop",
            "Édité le 23/11/2026 à 19:05",
        ]) {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        assert!(
            margins_are_blank(&pdf, 1, 14.0, 196.0),
            "text runs into the margins"
        );
    }

    #[test]
    fn an_interim_report_says_so_and_has_no_count_or_difference() {
        for paper in [PaperFormat::Receipt80mm, PaperFormat::A4] {
            let pdf = render(&open(), paper);
            assert_eq!(page_count(&pdf), 1, "{paper:?}");
            let text = squeeze(&pdf_text(&pdf));
            for expected in [
                "RAPPORT INTERMÉDIAIRE (X)",
                "Caisse encore ouverte : chiffres provisoires",
                "Clôture en cours",
                "Aïssatou Ndiaye",
                "150 000 XOF",
                "Espèces attendues 157 500 XOF",
                "Édité le 23/11/2026 à 12:30",
            ] {
                assert!(
                    text.contains(expected),
                    "{paper:?}: {expected:?} missing from {text}"
                );
            }
            for absent in [
                "(Z)",
                "CLÔTURE",
                "comptées",
                "Écart",
                "Manque",
                "Observations",
            ] {
                assert!(
                    !text.contains(absent),
                    "{paper:?}: {absent:?} printed in {text}"
                );
            }
        }
    }

    #[test]
    fn an_english_report_has_every_label_in_english_and_a_surplus_with_a_plus() {
        let english = TillReportDocument {
            locale: Locale::En,
            lines: vec![
                method("Cash", (12, 15_000_000), (1, 1_250_000)),
                method("Mobile money", (7, 8_750_000), (0, 0)),
                method("Card", (2, 2_500_000), (1, 1_250_000)),
            ],
            counted_cash: Some(16_000_000),
            difference: Some(250_000),
            notes: Some("Float topped up at noon.".to_owned()),
            ..closed()
        };
        for paper in [PaperFormat::Receipt80mm, PaperFormat::A4] {
            let text = squeeze(&pdf_text(&render(&english, paper)));
            for expected in [
                "CLOSING REPORT (Z)",
                "Clerk Aïssatou Ndiaye",
                "Agency Dakar – Pompiers",
                "Opened 23/11/2026 at 06:00",
                "Closed 23/11/2026 at 19:00",
                "Sales",
                "Refunds",
                "Cancellations",
                "Opening float 20 000 XOF",
                "Expected cash 157 500 XOF",
                "Counted cash 160 000 XOF",
                "Difference: +2 500 XOF",
                "Cash surplus",
                "Notes Float topped up at noon.",
                "Clerk’s signature",
                "Manager’s signature",
                "Printed on 23/11/2026 at 19:05",
            ] {
                assert!(
                    text.contains(expected),
                    "{paper:?}: {expected:?} missing from {text}"
                );
            }
            for french in ["Caissier", "Espèces", "Écart", "Ventes", "Agence", "Édité"] {
                assert!(
                    !text.contains(french),
                    "{paper:?}: {french:?} left in {text}"
                );
            }
        }
        let open = TillReportDocument {
            closed_at: None,
            counted_cash: None,
            difference: None,
            ..english
        };
        let text = squeeze(&pdf_text(&render(&open, PaperFormat::Receipt80mm)));
        for expected in [
            "INTERIM REPORT (X)",
            "Till still open: provisional figures",
            "Closed still open",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }

    #[test]
    fn a_balanced_till_prints_a_zero_difference_without_a_sign() {
        let balanced = TillReportDocument {
            counted_cash: Some(15_750_000),
            difference: Some(0),
            ..closed()
        };
        for paper in [PaperFormat::Receipt80mm, PaperFormat::A4] {
            let text = squeeze(&pdf_text(&render(&balanced, paper)));
            assert!(text.contains("Écart : 0 XOF"), "{paper:?}: {text}");
            assert!(text.contains("Caisse juste"), "{paper:?}: {text}");
            assert!(!text.contains("Manque"), "{paper:?}: {text}");
        }
    }

    #[test]
    fn a_session_without_sales_says_so_and_totals_zero() {
        let quiet = TillReportDocument {
            lines: Vec::new(),
            cancellations_count: 0,
            expected_cash: 2_000_000,
            counted_cash: Some(2_000_000),
            difference: Some(0),
            ..closed()
        };
        for paper in [PaperFormat::Receipt80mm, PaperFormat::A4] {
            let text = squeeze(&pdf_text(&render(&quiet, paper)));
            assert!(
                text.contains("Aucune opération sur cette session."),
                "{paper:?}: {text}"
            );
            assert!(text.contains("Total"), "{paper:?}: {text}");
            assert!(
                text.contains("Espèces attendues 20 000 XOF"),
                "{paper:?}: {text}"
            );
        }
    }

    #[test]
    fn long_names_and_large_figures_stay_inside_the_printable_width() {
        let long = TillReportDocument {
            clerk_name: "Mame Diarra Bousso Ndèye Fatou Ndiaye épouse Sarr-Diop".to_owned(),
            agency: Some("Agence principale de la gare routière des Baux Maraîchers".into()),
            lines: vec![
                method(
                    "Espèces (caisse principale du guichet 4)",
                    (12_345, 987_654_321_000),
                    (1_234, 12_345_678_900),
                ),
                method(
                    "Mobile money (Orange Money, Wave, Free Money)",
                    (7, 8_750_050),
                    (0, 0),
                ),
            ],
            expected_cash: 975_308_642_100,
            counted_cash: Some(975_308_642_100 - 123_456_700),
            difference: Some(-123_456_700),
            notes: Some("Contrôle effectué en présence du chef d’agence. ".repeat(12)),
            ..closed()
        };
        for (paper, margins) in [
            (PaperFormat::Receipt80mm, (3.5, 76.5)),
            (PaperFormat::A4, (14.0, 196.0)),
        ] {
            let pdf = render(&long, paper);
            assert_eq!(page_count(&pdf), 1, "{paper:?}");
            assert!(
                margins_are_blank(&pdf, 1, margins.0, margins.1),
                "{paper:?}: text runs into the margins"
            );
            let text = squeeze(&pdf_text(&pdf));
            // Figures shrink rather than lose digits.
            for expected in [
                "9 876 543 210 XOF",
                "12 345",
                "\u{2212}1 234 567 XOF",
                "Mame Diarra Bousso",
                // The clerk's name wraps in the details rather than lose its end.
                "Sarr-Diop",
            ] {
                assert!(
                    text.contains(expected),
                    "{paper:?}: {expected:?} missing from {text}"
                );
            }
        }
    }
}
