//! A shipment's waybill (lettre de voiture), which travels with its parcels, and the sender's
//! receipt printed at intake, the only copy that shows the delivery code: A4 portrait, the table
//! of pieces running over as many pages as it needs.

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::flow::Flow;
use super::qr::{self, QrMatrix};
use super::text::{Align, Fonts, Style};
use super::wording::{amount, count, words, Words};
use crate::error::Result;
use crate::i18n::Locale;

/// One piece of the shipment, a row of the waybill's table.
#[derive(Debug, Clone)]
pub struct WaybillPiece {
    /// The piece's own code, e.g. `K7Q-M4X-R9P-T2C/2`.
    pub colis_code: String,
    pub description: String,
    pub weight_g: i64,
    /// "L × l × h cm", already formatted, or None.
    pub dimensions: Option<String>,
    /// In hundredths of the currency.
    pub declared_value_minor: Option<i64>,
    pub fragile: bool,
    pub express: bool,
    /// In hundredths of the currency.
    pub shipping_cost_minor: i64,
    /// Already translated.
    pub status: String,
}

/// Everything printed on a shipment's waybill or sender's receipt, already looked up and
/// translated by the caller.
#[derive(Debug, Clone)]
pub struct WaybillDocument {
    /// Printed large, and encoded as-is in the QR code.
    pub tracking_code: String,
    /// The transport company.
    pub carrier: Option<String>,
    /// The agency that took the shipment in.
    pub agency: Option<String>,
    pub origin_city: String,
    pub destination_city: String,
    pub sender_name: String,
    pub sender_phone: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub pieces: Vec<WaybillPiece>,
    /// In hundredths of the currency.
    pub total_minor: i64,
    pub currency: String,
    /// Already translated, e.g. "Payé à l'envoi (espèces)" or "À payer à la livraison".
    pub payment_terms: String,
    /// Already translated shipment status.
    pub status: String,
    /// Printed as the time on the station clock (GMT).
    pub created_at: DateTime<Utc>,
    /// The clerk who took the shipment in.
    pub created_by: Option<String>,
    /// Only on the sender's copy printed at intake: the code the recipient must give at delivery.
    /// When Some, the document is the sender's receipt and shows the code boxed, large and
    /// spaced, telling the sender to pass it to the recipient only. When None it is the waybill
    /// that travels with the parcels, which never shows the code, with boxes to sign.
    pub delivery_code: Option<String>,
    pub locale: Locale,
}

/// The waybill, or the sender's receipt when it carries a delivery code, as an A4 portrait PDF
/// with its pages numbered "1/2".
pub fn waybill_pdf(waybill: &WaybillDocument) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let code = qr::encode(&waybill.tracking_code)?;
    let words = words(waybill.locale);
    let pages = pages(waybill, words, &fonts, &code);
    let title = format!("{} {}", title(waybill, words), waybill.tracking_code);
    canvas::render(&title, waybill.created_at, &fonts, pages)
}

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const MARGIN: f32 = 15.0;
/// Everything stops here, above the footer.
const BOTTOM: f32 = HEIGHT - 20.0;
/// A piece's row: two lines, the contents over their dimensions and handling.
const ROW: f32 = 10.0;
const TITLE_ROW: f32 = 7.5;
const CELL_PADDING: f32 = 2.0;
/// Width of the code itself, without its quiet zone.
const QR_MIN: f32 = 28.0;
/// No figure is ever cut: it shrinks down to this size instead.
const MIN_FIGURE_SIZE: f32 = 6.0;
/// Between the two blocks of a pair side by side (sender and recipient, origin and destination).
const GUTTER: f32 = 8.0;

#[derive(Clone, Copy)]
enum Column {
    Code,
    Contents,
    Weight,
    DeclaredValue,
    ShippingCost,
    Status,
}

const COLUMNS: [(Column, f32); 6] = [
    (Column::Code, 38.0),
    (Column::Contents, 50.0),
    (Column::Weight, 18.0),
    (Column::DeclaredValue, 28.0),
    (Column::ShippingCost, 26.0),
    (Column::Status, 20.0),
];

impl Column {
    fn title(self, words: &Words) -> &'static str {
        match self {
            Self::Code => words.parcel_code,
            Self::Contents => words.contents,
            Self::Weight => words.weight,
            Self::DeclaredValue => words.declared_value,
            Self::ShippingCost => words.shipping_cost,
            Self::Status => words.status,
        }
    }

    fn align(self) -> Align {
        match self {
            Self::Weight | Self::DeclaredValue | Self::ShippingCost => Align::Right,
            Self::Code | Self::Contents | Self::Status => Align::Left,
        }
    }
}

fn pages(waybill: &WaybillDocument, words: &Words, fonts: &Fonts, code: &QrMatrix) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut page = Page::new(WIDTH, HEIGHT);
    let mut y = first_header(&mut page, waybill, words, fonts, code);
    if let Some(delivery_code) = &waybill.delivery_code {
        y = delivery_code_box(&mut page, words, fonts, y, delivery_code) + 6.0;
    }
    y = parties(&mut page, waybill, words, fonts, y) + 4.0;
    y = route(&mut page, waybill, words, fonts, y) + 6.0;

    y = column_titles(&mut page, words, fonts, y);
    for (index, piece) in waybill.pieces.iter().enumerate() {
        if y + ROW > BOTTOM {
            page.hline(MARGIN, WIDTH - MARGIN, y, 0.8, 0.0);
            pages.push(page);
            (page, y) = next_page(waybill, words, fonts);
            y = column_titles(&mut page, words, fonts, y);
        }
        // Every other row shaded, so that a finger following a line across does not slip.
        if index % 2 == 1 {
            page.fill_rect(MARGIN, y, WIDTH - 2.0 * MARGIN, ROW, 0.93);
        }
        piece_row(&mut page, waybill, words, fonts, y, piece);
        y += ROW;
    }
    page.hline(MARGIN, WIDTH - MARGIN, y, 0.8, 0.0);

    // The totals stay together, and so do the signatures: each moves to a new page whole
    // rather than be split from what it vouches for.
    if y + TOTALS_HEIGHT > BOTTOM {
        pages.push(page);
        (page, y) = next_page(waybill, words, fonts);
    }
    y = totals(&mut page, waybill, words, fonts, y);
    if waybill.delivery_code.is_none() {
        if y + 6.0 + SIGNATURE_HEIGHT > BOTTOM {
            pages.push(page);
            (page, y) = next_page(waybill, words, fonts);
        }
        signatures(&mut page, waybill, words, fonts, y + 6.0);
    }
    pages.push(page);

    let count = pages.len();
    for (number, page) in pages.iter_mut().enumerate() {
        footer(page, waybill, words, fonts, number + 1, count);
    }
    pages
}

/// The first page's header: who carries the shipment, what the document is, the tracking code
/// large with its QR code; returns where it ends.
fn first_header(
    page: &mut Page,
    waybill: &WaybillDocument,
    words: &Words,
    fonts: &Fonts,
    code: &QrMatrix,
) -> f32 {
    let (left, right) = (MARGIN, WIDTH - MARGIN);
    let width = right - left;

    // Company and agency on the left, what the document is on the right.
    let title_style = Style::bold(13.0);
    let title = title(waybill, words);
    let mut header = Flow {
        page: &mut *page,
        fonts,
        left,
        width: width - fonts.width(title_style, title) - 10.0,
        y: MARGIN,
    };
    if let Some(carrier) = &waybill.carrier {
        let style = if fonts.width(Style::bold(18.0), carrier) <= header.width {
            Style::bold(18.0)
        } else {
            Style::bold(14.0)
        };
        header.paragraph(style, Align::Left, carrier, 2);
    }
    if let Some(agency) = waybill.agency.as_deref().filter(|a| !a.trim().is_empty()) {
        header.line(
            Style::regular(9.5).muted(),
            Align::Left,
            &format!("{} {agency}", words.agency),
        );
    }
    let title_bottom = MARGIN + 1.5 + title_style.line_height();
    let mut y = header.y.max(title_bottom);
    page.text(fonts, right, MARGIN + 1.5, Align::Right, title_style, title);
    y += 3.0;
    page.hline(left, right, y, 1.5, 0.0);
    y += 5.0;

    // The code on the right, its dark edge (not its blank quiet zone) on the margin.
    let module = code.module_for(QR_MIN);
    let side = code.side(module);
    let quiet = qr::QUIET_ZONE as f32 * module;
    let code_left = right - side + quiet;
    let code_top = y - quiet;
    code.draw(page, code_left, code_top, module);
    let code_bottom = code_top + side - quiet;

    let mut body = Flow {
        page,
        fonts,
        left,
        width: code_left - left,
        y,
    };
    body.line(
        Style::regular(9.5).muted(),
        Align::Left,
        words.tracking_code,
    );
    let tracking = fonts.fit(Style::bold(26.0), &waybill.tracking_code, body.width, 14.0);
    body.line(tracking, Align::Left, &waybill.tracking_code);
    body.gap(2.0);
    body.line(
        Style::bold(11.0),
        Align::Left,
        &words.labelled(words.status, &waybill.status),
    );
    body.gap(1.0);
    body.paragraph(
        Style::regular(9.5).muted(),
        Align::Left,
        &registered_line(waybill, words),
        2,
    );
    body.y.max(code_bottom) + 5.0
}

/// The code the recipient gives at delivery, boxed, large, one character to a cell so that it is
/// read out digit by digit, with the warning to give it to the recipient only. Returns the box's
/// bottom.
fn delivery_code_box(page: &mut Page, words: &Words, fonts: &Fonts, y: f32, code: &str) -> f32 {
    let padding = 4.0;
    let (left, width) = (MARGIN, WIDTH - 2.0 * MARGIN);
    let mut inside = Flow {
        page: &mut *page,
        fonts,
        left: left + padding,
        width: width - 2.0 * padding,
        y: y + padding,
    };
    inside.line(Style::bold(11.0), Align::Center, words.delivery_code);
    inside.gap(2.0);
    let characters: Vec<String> = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(String::from)
        .collect();
    // Cells 1.3 em wide with 0.4 em between them, the whole shrunk when a long code needs it.
    let count = characters.len().max(1) as f32;
    let full = Style::bold(28.0);
    let needed = full.em() * (1.3 * count + 0.4 * (count - 1.0));
    let style = if needed > inside.width {
        Style {
            size: (full.size * inside.width / needed).max(10.0),
            ..full
        }
    } else {
        full
    };
    let (cell, gap) = (style.em() * 1.3, style.em() * 0.4);
    let height = style.line_height() + 2.0;
    let mut x = inside.left + (inside.width - (cell * count + gap * (count - 1.0))) / 2.0;
    for character in &characters {
        inside.page.stroke_rect(x, inside.y, cell, height, 0.8);
        inside.page.text(
            fonts,
            x + cell / 2.0,
            inside.y + 1.2,
            Align::Center,
            style,
            character,
        );
        x += cell + gap;
    }
    inside.gap(height + 2.5);
    inside.paragraph(
        Style::bold(10.0),
        Align::Center,
        words.delivery_code_notice,
        3,
    );
    let bottom = inside.y + padding;
    page.stroke_rect(left, y, width, bottom - y, 2.0);
    bottom
}

/// The sender and the recipient in two framed blocks side by side; returns their bottom.
fn parties(
    page: &mut Page,
    waybill: &WaybillDocument,
    words: &Words,
    fonts: &Fonts,
    y: f32,
) -> f32 {
    let padding = 3.0;
    let half = (WIDTH - 2.0 * MARGIN - GUTTER) / 2.0;
    let blocks = [
        (
            MARGIN,
            words.sender,
            &waybill.sender_name,
            &waybill.sender_phone,
        ),
        (
            WIDTH - MARGIN - half,
            words.recipient,
            &waybill.recipient_name,
            &waybill.recipient_phone,
        ),
    ];
    let mut bottom = y;
    for (left, heading, name, phone) in blocks {
        let mut block = Flow {
            page: &mut *page,
            fonts,
            left: left + padding,
            width: half - 2.0 * padding,
            y: y + padding,
        };
        block.line(Style::bold(9.5).muted(), Align::Left, heading);
        block.gap(0.5);
        block.paragraph(Style::bold(13.0), Align::Left, name, 2);
        block.line(Style::regular(11.0), Align::Left, phone);
        bottom = bottom.max(block.y + padding);
    }
    // Both frames as tall as the taller block.
    for (left, ..) in blocks {
        page.stroke_rect(left, y, half, bottom - y, 0.8);
    }
    bottom
}

/// Origin and destination in a shaded band, under the sender and the recipient, an arrow
/// between them; returns the band's bottom.
fn route(page: &mut Page, waybill: &WaybillDocument, words: &Words, fonts: &Fonts, y: f32) -> f32 {
    let padding = 2.5;
    let half = (WIDTH - 2.0 * MARGIN - GUTTER) / 2.0;
    let (label, city) = (Style::regular(9.0).muted(), Style::bold(16.0));
    let height = label.line_height() + city.line_height() + 2.0 * padding;
    page.fill_rect(MARGIN, y, WIDTH - 2.0 * MARGIN, height, 0.92);
    let ends = [
        (MARGIN, words.origin, &waybill.origin_city),
        (
            WIDTH - MARGIN - half,
            words.destination,
            &waybill.destination_city,
        ),
    ];
    for (left, heading, name) in ends {
        let room = half - 2.0 * padding;
        page.text(
            fonts,
            left + padding,
            y + padding,
            Align::Left,
            label,
            heading,
        );
        let style = fonts.fit(city, name, room, 10.0);
        let name = fonts.ellipsize(style, name, room);
        let top = y + padding + label.line_height() + city.baseline_drop() - style.baseline_drop();
        page.text(fonts, left + padding, top, Align::Left, style, &name);
    }
    // The arrow on the cities' line, between the two halves.
    page.text(
        fonts,
        WIDTH / 2.0,
        y + padding + label.line_height(),
        Align::Center,
        city,
        "→",
    );
    y + height
}

/// A continuation page, with what the document is and its tracking code at the top; returns it
/// with the height the header took.
fn next_page(waybill: &WaybillDocument, words: &Words, fonts: &Fonts) -> (Page, f32) {
    let mut page = Page::new(WIDTH, HEIGHT);
    let style = Style::bold(12.0);
    let mut y = MARGIN;
    let title = title(waybill, words);
    page.text(fonts, MARGIN, y, Align::Left, style, title);
    let room = WIDTH - 2.0 * MARGIN - fonts.width(style, title) - 8.0;
    let tracking = fonts.ellipsize(style, &waybill.tracking_code, room);
    page.text(fonts, WIDTH - MARGIN, y, Align::Right, style, &tracking);
    y += style.line_height() + 2.0;
    page.hline(MARGIN, WIDTH - MARGIN, y, 1.2, 0.0);
    (page, y + 4.0)
}

fn column_titles(page: &mut Page, words: &Words, fonts: &Fonts, y: f32) -> f32 {
    page.fill_rect(MARGIN, y, WIDTH - 2.0 * MARGIN, TITLE_ROW, 0.82);
    let mut x = MARGIN;
    for (column, width) in COLUMNS {
        let title = column.title(words);
        // A heading shrinks a little rather than lose letters.
        let style = fonts.fit(Style::bold(8.5), title, width - 2.0 * CELL_PADDING, 7.0);
        let text = fonts.ellipsize(style, title, width - 2.0 * CELL_PADDING);
        let top = y + (TITLE_ROW - style.line_height()) / 2.0 + 0.2;
        let anchor = match column.align() {
            Align::Right => x + width - CELL_PADDING,
            Align::Left | Align::Center => x + CELL_PADDING,
        };
        page.text(fonts, anchor, top, column.align(), style, &text);
        x += width;
    }
    y + TITLE_ROW
}

fn piece_row(
    page: &mut Page,
    waybill: &WaybillDocument,
    words: &Words,
    fonts: &Fonts,
    y: f32,
    piece: &WaybillPiece,
) {
    let regular = Style::regular(9.0);
    let mut x = MARGIN;
    for (column, width) in COLUMNS {
        let cell = (x + CELL_PADDING, x + width - CELL_PADDING);
        match column {
            Column::Code => {
                let style = fonts.fit(Style::bold(9.0), &piece.colis_code, cell.1 - cell.0, 7.0);
                one_line(page, fonts, cell, y, style, Align::Left, &piece.colis_code);
            }
            Column::Contents => contents_cell(page, words, fonts, cell, y, piece),
            Column::Weight => {
                let weight = words.weight(piece.weight_g);
                figure(page, fonts, cell, y, regular, &weight);
            }
            Column::DeclaredValue => {
                let value = piece
                    .declared_value_minor
                    .map_or_else(|| "—".to_owned(), |v| amount(v, &waybill.currency));
                figure(page, fonts, cell, y, regular, &value);
            }
            Column::ShippingCost => {
                let cost = amount(piece.shipping_cost_minor, &waybill.currency);
                figure(page, fonts, cell, y, Style::bold(9.0), &cost);
            }
            Column::Status => {
                // A status of two words ("En transit") takes two lines rather than lose one.
                let style = Style::regular(8.0);
                let mut lines = fonts.wrap(style, &piece.status, cell.1 - cell.0);
                if lines.len() > 2 {
                    let rest = lines.split_off(1).join(" ");
                    lines.push(rest);
                }
                let lines: Vec<(Style, String)> = lines
                    .iter()
                    .map(|line| (style, fonts.ellipsize(style, line, cell.1 - cell.0)))
                    .collect();
                stacked(page, fonts, cell.0, y, &lines);
            }
        }
        x += width;
    }
}

/// The contents on the first line; under them FRAGILE and EXPRESS in bold, then the
/// dimensions, when there are any.
fn contents_cell(
    page: &mut Page,
    words: &Words,
    fonts: &Fonts,
    (from, to): (f32, f32),
    y: f32,
    piece: &WaybillPiece,
) {
    let room = to - from;
    let main = Style::regular(9.0);
    let detail = Style::regular(7.5);
    let mentions: Vec<&str> = [
        (words.fragile, piece.fragile),
        (words.express, piece.express),
    ]
    .into_iter()
    .filter_map(|(word, applies)| applies.then_some(word))
    .collect();
    let mentions = mentions.join(" · ");
    let dimensions = piece
        .dimensions
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let description = fonts.ellipsize(main, &piece.description, room);
    if mentions.is_empty() && dimensions.is_none() {
        one_line(page, fonts, (from, to), y, main, Align::Left, &description);
        return;
    }
    let top = y + (ROW - main.line_height() - detail.line_height()) / 2.0 + 0.2;
    page.text(fonts, from, top, Align::Left, main, &description);
    let top = top + main.line_height();
    let mut x = from;
    if !mentions.is_empty() {
        let bold = Style::bold(7.5);
        let mentions = fonts.ellipsize(bold, &mentions, room);
        page.text(fonts, x, top, Align::Left, bold, &mentions);
        x += fonts.width(bold, &mentions) + 2.0;
    }
    if let Some(dimensions) = dimensions {
        let muted = detail.muted();
        let dimensions = fonts.ellipsize(muted, dimensions, (to - x).max(0.0));
        page.text(fonts, x, top, Align::Left, muted, &dimensions);
    }
}

/// One line of text vertically centred in the row at `y`, cut with an ellipsis when too long.
fn one_line(
    page: &mut Page,
    fonts: &Fonts,
    (from, to): (f32, f32),
    y: f32,
    style: Style,
    align: Align,
    text: &str,
) {
    let text = fonts.ellipsize(style, text, to - from);
    let top = y + (ROW - style.line_height()) / 2.0 + 0.2;
    let x = match align {
        Align::Left => from,
        Align::Center => (from + to) / 2.0,
        Align::Right => to,
    };
    page.text(fonts, x, top, align, style, &text);
}

/// Lines one under the other, the block vertically centred in the row at `y`.
fn stacked(page: &mut Page, fonts: &Fonts, left: f32, y: f32, lines: &[(Style, String)]) {
    let height: f32 = lines.iter().map(|(style, _)| style.line_height()).sum();
    let mut top = y + (ROW - height) / 2.0 + 0.2;
    for (style, line) in lines {
        page.text(fonts, left, top, Align::Left, *style, line);
        top += style.line_height();
    }
}

/// A figure right-aligned in its cell: shrunk rather than cut, on the row's usual baseline.
fn figure(
    page: &mut Page,
    fonts: &Fonts,
    (from, to): (f32, f32),
    y: f32,
    style: Style,
    text: &str,
) {
    let fitted = fonts.fit(style, text, to - from, MIN_FIGURE_SIZE);
    let text = fonts.ellipsize(fitted, text, to - from);
    let top = y + (ROW - style.line_height()) / 2.0 + 0.2 + style.baseline_drop()
        - fitted.baseline_drop();
    page.text(fonts, to, top, Align::Right, fitted, &text);
}

/// Room the totals take under the table: the count and weight, then the amount band.
const TOTALS_HEIGHT: f32 = 32.0;
const BAND: f32 = 18.0;

/// "Colis : 3 · Poids total : 7,5 kg" under the table, then the amount in a shaded band with
/// how it is paid; returns the band's bottom.
fn totals(page: &mut Page, waybill: &WaybillDocument, words: &Words, fonts: &Fonts, y: f32) -> f32 {
    let (left, right) = (MARGIN, WIDTH - MARGIN);
    let weight: i64 = waybill
        .pieces
        .iter()
        .fold(0_i64, |sum, piece| sum.saturating_add(piece.weight_g));
    let summary = [
        words.labelled(words.pieces, count(waybill.pieces.len() as i64)),
        words.labelled(words.total_weight, words.weight(weight)),
    ]
    .join("   ·   ");
    let style = Style::regular(10.0);
    page.text(fonts, right, y + 2.5, Align::Right, style, &summary);
    let y = y + 2.5 + style.line_height() + 4.0;

    // The amount in a shaded band, the one figure both the sender and the recipient check.
    page.fill_rect(left, y, right - left, BAND, 0.92);
    let price = amount(waybill.total_minor, &waybill.currency);
    let price_style = Style::bold(20.0);
    let price_width = fonts.width(price_style, &price);
    page.text(
        fonts,
        right - 5.0,
        y + (BAND - price_style.line_height()) / 2.0 + 0.5,
        Align::Right,
        price_style,
        &price,
    );
    let room = right - left - 10.0 - price_width - 8.0;
    page.text(
        fonts,
        left + 5.0,
        y + 3.0,
        Align::Left,
        Style::regular(10.0),
        words.total,
    );
    let terms = Style::bold(10.0);
    let terms_text = fonts.ellipsize(
        terms,
        &words.labelled(words.payment_terms, &waybill.payment_terms),
        room,
    );
    page.text(fonts, left + 5.0, y + 9.5, Align::Left, terms, &terms_text);
    y + BAND
}

const SIGNATURE_HEIGHT: f32 = 30.0;

/// Three boxes to sign: the sender's and the depot clerk's at intake, the recipient's at
/// delivery, each with the signer's name at its foot when known.
fn signatures(page: &mut Page, waybill: &WaybillDocument, words: &Words, fonts: &Fonts, y: f32) {
    let gap = 5.0;
    let width = (WIDTH - 2.0 * MARGIN - 2.0 * gap) / 3.0;
    let boxes = [
        (words.sender_signature, Some(waybill.sender_name.as_str())),
        (words.depot_signature, waybill.created_by.as_deref()),
        (
            words.recipient_signature,
            Some(waybill.recipient_name.as_str()),
        ),
    ];
    let style = Style::regular(9.0).muted();
    let padding = 1.8;
    for (index, (label, signer)) in boxes.into_iter().enumerate() {
        let left = MARGIN + index as f32 * (width + gap);
        page.stroke_rect(left, y, width, SIGNATURE_HEIGHT, 0.6);
        let mut heading = Flow {
            page: &mut *page,
            fonts,
            left: left + padding,
            width: width - 2.0 * padding,
            y: y + padding,
        };
        heading.paragraph(style, Align::Left, label, 2);
        if let Some(signer) = signer.map(str::trim).filter(|s| !s.is_empty()) {
            let signer = fonts.ellipsize(style, signer, width - 2.0 * padding);
            let bottom = y + SIGNATURE_HEIGHT - padding - style.line_height();
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
}

fn footer(
    page: &mut Page,
    waybill: &WaybillDocument,
    words: &Words,
    fonts: &Fonts,
    number: usize,
    count: usize,
) {
    let style = Style::regular(8.0).muted();
    let top = HEIGHT - 12.0;
    page.hline(MARGIN, WIDTH - MARGIN, top - 2.0, 0.4, 0.6);
    let what = format!("{} {}", title(waybill, words), waybill.tracking_code);
    let what = fonts.ellipsize(style, &what, WIDTH - 2.0 * MARGIN - 20.0);
    page.text(fonts, MARGIN, top, Align::Left, style, &what);
    page.text(
        fonts,
        WIDTH - MARGIN,
        top,
        Align::Right,
        Style::bold(9.0),
        &format!("{number}/{count}"),
    );
}

fn title(waybill: &WaybillDocument, words: &Words) -> &'static str {
    if waybill.delivery_code.is_some() {
        words.sender_receipt
    } else {
        words.waybill
    }
}

/// "Enregistré le 22/11/2026 à 14:05 par Fatou Sarr".
fn registered_line(waybill: &WaybillDocument, words: &Words) -> String {
    let when = words.short_date_time(waybill.created_at);
    match waybill.created_by.as_deref().map(str::trim) {
        Some(clerk) if !clerk.is_empty() => {
            format!("{} {when} {} {clerk}", words.registered_on, words.by)
        }
        _ => format!("{} {when}", words.registered_on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::testing::{
        margins_are_blank, page_count, page_size_mm, pdf_text, scan_qr_codes, squeeze,
    };
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("valid date"))
    }

    fn piece(number: usize) -> WaybillPiece {
        WaybillPiece {
            colis_code: format!("K7Q-M4X-R9P-T2C/{number}"),
            description: if number == 1 {
                "Tissus wax et pagnes".to_owned()
            } else {
                format!("Carton de livres n° {number}")
            },
            weight_g: if number == 1 { 2_500 } else { 5_000 },
            dimensions: (number == 1).then(|| "40 × 30 × 20 cm".to_owned()),
            declared_value_minor: (number == 1).then_some(5_000_000),
            fragile: number == 1,
            express: false,
            shipping_cost_minor: 750_000,
            status: "Enregistré".to_owned(),
        }
    }

    fn waybill(pieces: usize) -> WaybillDocument {
        WaybillDocument {
            tracking_code: "K7Q-M4X-R9P-T2C".to_owned(),
            carrier: Some("Transports Sénégal Dem Dikk".to_owned()),
            agency: Some("Dakar – Pompiers".to_owned()),
            origin_city: "Dakar".to_owned(),
            destination_city: "Thiès".to_owned(),
            sender_name: "Moussa Diop".to_owned(),
            sender_phone: "+221 76 555 44 33".to_owned(),
            recipient_name: "Aïssatou Ndiaye".to_owned(),
            recipient_phone: "+221 77 123 45 67".to_owned(),
            pieces: (1..=pieces).map(piece).collect(),
            total_minor: 750_000 * pieces as i64,
            currency: "XOF".to_owned(),
            payment_terms: "À payer à la livraison".to_owned(),
            status: "Enregistré".to_owned(),
            created_at: at(14, 5),
            created_by: Some("Fatou Sarr".to_owned()),
            delivery_code: None,
            locale: Locale::Fr,
        }
    }

    fn receipt(pieces: usize) -> WaybillDocument {
        WaybillDocument {
            delivery_code: Some("482917".to_owned()),
            payment_terms: "Payé à l’envoi (espèces)".to_owned(),
            ..waybill(pieces)
        }
    }

    fn render(waybill: &WaybillDocument) -> Vec<u8> {
        waybill_pdf(waybill).unwrap_or_else(|err| panic!("renders: {err:?}"))
    }

    #[test]
    fn a_waybill_is_one_a4_page_with_the_shipment_its_pieces_and_boxes_to_sign() {
        let pdf = render(&waybill(3));
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 1);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 210.0).abs() < 0.1 && (height - 297.0).abs() < 0.1);
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "LETTRE DE VOITURE",
            "Transports Sénégal Dem Dikk",
            "Agence Dakar – Pompiers",
            "K7Q-M4X-R9P-T2C",
            "Statut : Enregistré",
            "Enregistré le 22/11/2026 à 14:05 par Fatou Sarr",
            "Expéditeur",
            "Moussa Diop",
            "+221 76 555 44 33",
            "Destinataire",
            "Aïssatou Ndiaye",
            "+221 77 123 45 67",
            "Origine",
            "Destination",
            "Thiès",
            "Code colis Contenu Poids Valeur déclarée Frais d’envoi Statut",
            "K7Q-M4X-R9P-T2C/1",
            "K7Q-M4X-R9P-T2C/3",
            "Tissus wax et pagnes",
            "FRAGILE",
            "40 × 30 × 20 cm",
            "2,5 kg",
            "50 000 XOF",
            "7 500 XOF",
            "Colis : 3 · Poids total : 12,5 kg",
            "22 500 XOF",
            "Règlement : À payer à la livraison",
            "Signature de l’expéditeur",
            "Signature de l’agent au dépôt",
            "Signature du destinataire à la livraison",
            "1/1",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        assert!(margins_are_blank(&pdf, 1, 14.0, 196.0), "text overflows");
    }

    #[test]
    fn only_the_senders_receipt_shows_the_delivery_code() {
        let travelling = squeeze(&pdf_text(&render(&waybill(2))));
        for absent in ["CODE DE RETRAIT", "4 8 2 9 1 7", "482917", "RÉCÉPISSÉ"] {
            assert!(
                !travelling.contains(absent),
                "{absent:?} on the waybill: {travelling}"
            );
        }

        let pdf = render(&receipt(2));
        assert_eq!(page_count(&pdf), 1);
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "RÉCÉPISSÉ EXPÉDITEUR",
            "CODE DE RETRAIT",
            "4 8 2 9 1 7",
            "Ne communiquez ce code qu’au destinataire",
            "Règlement : Payé à l’envoi (espèces)",
            "Aïssatou Ndiaye",
            "Thiès",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for absent in ["LETTRE DE VOITURE", "Signature"] {
            assert!(!text.contains(absent), "{absent:?} on the receipt: {text}");
        }
    }

    #[test]
    fn the_qr_code_scans_back_to_the_tracking_code() {
        for document in [waybill(1), receipt(1)] {
            let codes = scan_qr_codes(&render(&document), 1);
            assert_eq!(codes.len(), 1);
            assert_eq!(codes[0].content, "K7Q-M4X-R9P-T2C");
            assert_eq!(codes[0].ecc_level, 0, "level M");
            assert!(codes[0].width_mm >= 27.0, "{} mm", codes[0].width_mm);
        }
    }

    #[test]
    fn many_pieces_run_over_numbered_pages_with_the_table_heading_repeated() {
        let pdf = render(&waybill(40));
        let pages = page_count(&pdf);
        assert!(pages >= 2, "{pages} pages");
        let text = pdf_text(&pdf);
        let per_page: Vec<String> = text.split('\u{c}').map(squeeze).collect();
        for (index, page) in per_page.iter().take(pages).enumerate() {
            let number = format!("{}/{pages}", index + 1);
            assert!(page.contains(&number), "page {number} unnumbered: {page}");
            assert!(page.contains("K7Q-M4X-R9P-T2C"), "code missing on {number}");
            assert!(
                page.contains("Code colis Contenu Poids"),
                "table heading missing on {number}: {page}"
            );
        }
        let text = squeeze(&text);
        for expected in [
            "K7Q-M4X-R9P-T2C/1",
            "K7Q-M4X-R9P-T2C/40",
            "Colis : 40 · Poids total : 197,5 kg",
            "300 000 XOF",
            "Signature du destinataire à la livraison",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for page in 1..=pages {
            assert!(
                margins_are_blank(&pdf, page, 14.0, 196.0),
                "page {page} overflows"
            );
        }
    }

    #[test]
    fn an_english_waybill_and_receipt_have_every_word_in_english() {
        let english = WaybillDocument {
            locale: Locale::En,
            payment_terms: "Pay on delivery".to_owned(),
            ..waybill(2)
        };
        let text = squeeze(&pdf_text(&render(&english)));
        for expected in [
            "WAYBILL",
            "Tracking no.",
            "Status: Enregistré",
            "Registered on 22/11/2026 at 14:05 by Fatou Sarr",
            "Sender",
            "Recipient",
            "Origin",
            "Destination",
            "Parcel code Contents Weight Declared value Shipping Status",
            "2.5 kg",
            "Parcels: 2 · Total weight: 7.5 kg",
            "Total",
            "Payment: Pay on delivery",
            "Sender’s signature",
            "Depot clerk’s signature",
            "Recipient’s signature on delivery",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for french in ["Expéditeur", "Destinataire", "Poids", "Règlement", "Agence"] {
            assert!(!text.contains(french), "{french:?} left in {text}");
        }

        let receipt = WaybillDocument {
            locale: Locale::En,
            ..receipt(1)
        };
        let text = squeeze(&pdf_text(&render(&receipt)));
        for expected in [
            "SENDER’S RECEIPT",
            "DELIVERY CODE",
            "4 8 2 9 1 7",
            "Give this code to the recipient only",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }

    #[test]
    fn long_names_and_large_figures_stay_inside_the_page() {
        let long = WaybillDocument {
            carrier: Some("Société Nationale des Transports Interurbains de Côte d’Ivoire".into()),
            origin_city: "Ouagadougou (gare routière internationale)".to_owned(),
            destination_city: "Bobo-Dioulasso (gare de l’Ouest)".to_owned(),
            recipient_name: "Mame Diarra Bousso Ndèye Fatou Ndiaye épouse Sarr-Diop".to_owned(),
            sender_name: "Marie-Françoise Ahoua N’Guessan-Kouassi".to_owned(),
            pieces: vec![WaybillPiece {
                description: "Pièces détachées de moto, deux pneus neufs et une batterie"
                    .to_owned(),
                declared_value_minor: Some(98_765_432_100),
                shipping_cost_minor: 12_345_678_900,
                express: true,
                dimensions: Some("120 × 80 × 75 cm".to_owned()),
                status: "Arrivé à l’agence de destination".to_owned(),
                ..piece(1)
            }],
            total_minor: 24_691_357_800,
            ..receipt(1)
        };
        let pdf = render(&long);
        assert_eq!(page_count(&pdf), 1);
        assert!(margins_are_blank(&pdf, 1, 14.0, 196.0), "text overflows");
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "Mame Diarra Bousso",
            "Bobo-Dioulasso",
            "987 654 321 XOF",
            "123 456 789 XOF",
            "246 913 578 XOF",
            "FRAGILE · EXPRESS",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }
}
