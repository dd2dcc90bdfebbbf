//! A departure's parcel manifest: an A4 table of the pieces loaded, whom they go to and the cash
//! to collect, with a box to tick as each goes on board, running over as many pages as it needs.

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::text::{Align, Fonts, Style};
use super::wording::{amount, count, words, Words};
use crate::error::Result;
use crate::i18n::Locale;

/// One piece loaded on the departure.
#[derive(Debug, Clone)]
pub struct ParcelManifestRow {
    /// The piece's own code, e.g. `K7Q-M4X-R9P-T2C/2`.
    pub colis_code: String,
    pub description: String,
    pub weight_g: i64,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub destination_city: String,
    pub fragile: bool,
    /// Cash to collect at delivery for the whole shipment, in hundredths of the currency, on its
    /// first piece's row only.
    pub collect_on_delivery_minor: Option<i64>,
    /// Already translated.
    pub status: String,
}

/// Everything printed on a departure's parcel manifest.
#[derive(Debug, Clone)]
pub struct ParcelManifestDocument {
    pub carrier: Option<String>,
    pub departure_city: String,
    pub arrival_city: String,
    /// Printed as the time on the station clock (GMT).
    pub departure_time: DateTime<Utc>,
    /// The heaviest piece the departure takes, when it has a limit.
    pub max_package_weight_g: Option<i64>,
    /// In loading order already.
    pub rows: Vec<ParcelManifestRow>,
    pub total_weight_g: i64,
    pub currency: String,
    pub generated_at: DateTime<Utc>,
    pub locale: Locale,
}

/// The parcel manifest as an A4 portrait PDF, the header repeated and the pages numbered "1/2".
pub fn parcel_manifest_pdf(manifest: &ParcelManifestDocument) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let words = words(manifest.locale);
    let pages = pages(manifest, words, &fonts);
    let title = format!(
        "{} {} → {}",
        words.parcel_manifest, manifest.departure_city, manifest.arrival_city
    );
    canvas::render(&title, manifest.generated_at, &fonts, pages)
}

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
/// A little narrower than the passenger manifest's: seven columns share the width.
const MARGIN: f32 = 12.0;
/// Rows stop here, above the footer.
const BOTTOM: f32 = HEIGHT - 20.0;
/// A piece's row: two lines, the recipient's name over their phone.
const ROW: f32 = 9.5;
const TITLE_ROW: f32 = 7.0;
const CELL_PADDING: f32 = 2.0;
/// No figure is ever cut: it shrinks down to this size instead.
const MIN_FIGURE_SIZE: f32 = 6.0;

#[derive(Clone, Copy)]
enum Column {
    Code,
    Contents,
    Weight,
    Recipient,
    Destination,
    ToCollect,
    Loaded,
}

const COLUMNS: [(Column, f32); 7] = [
    (Column::Code, 35.0),
    (Column::Contents, 38.0),
    (Column::Weight, 16.0),
    (Column::Recipient, 35.0),
    (Column::Destination, 28.0),
    (Column::ToCollect, 22.0),
    (Column::Loaded, 12.0),
];

impl Column {
    fn title(self, words: &Words) -> &'static str {
        match self {
            Self::Code => words.parcel_code,
            Self::Contents => words.contents,
            Self::Weight => words.weight,
            Self::Recipient => words.recipient,
            Self::Destination => words.destination,
            Self::ToCollect => words.to_collect,
            Self::Loaded => words.loaded,
        }
    }

    fn align(self) -> Align {
        match self {
            Self::Weight | Self::ToCollect => Align::Right,
            Self::Loaded => Align::Center,
            Self::Code | Self::Contents | Self::Recipient | Self::Destination => Align::Left,
        }
    }

    /// Room for text in the column: the box column is narrow, and its heading needs all of it.
    fn room(self, width: f32) -> f32 {
        match self {
            Self::Loaded => width - 1.0,
            _ => width - 2.0 * CELL_PADDING,
        }
    }
}

fn pages(manifest: &ParcelManifestDocument, words: &Words, fonts: &Fonts) -> Vec<Page> {
    let mut pages = Vec::new();
    let (mut page, mut y) = new_page(manifest, words, fonts);
    y = column_titles(&mut page, words, fonts, y);
    for (index, row) in manifest.rows.iter().enumerate() {
        if y + ROW > BOTTOM {
            page.hline(MARGIN, WIDTH - MARGIN, y, 0.8, 0.0);
            pages.push(page);
            (page, y) = new_page(manifest, words, fonts);
            y = column_titles(&mut page, words, fonts, y);
        }
        // Every other row shaded, so that a finger following a line across does not slip.
        if index % 2 == 1 {
            page.fill_rect(MARGIN, y, WIDTH - 2.0 * MARGIN, ROW, 0.93);
        }
        parcel_row(&mut page, manifest, words, fonts, y, row);
        y += ROW;
    }
    if manifest.rows.is_empty() {
        let style = Style::regular(10.0).muted();
        page.text(fonts, MARGIN, y + 3.0, Align::Left, style, words.no_parcels);
        y += 3.0 + style.line_height();
    }
    page.hline(MARGIN, WIDTH - MARGIN, y, 0.8, 0.0);

    let totals = Style::bold(10.5);
    if y + 4.0 + totals.line_height() > BOTTOM {
        pages.push(page);
        (page, y) = new_page(manifest, words, fonts);
    }
    let line = fonts.ellipsize(totals, &totals_line(manifest, words), WIDTH - 2.0 * MARGIN);
    page.text(fonts, MARGIN, y + 4.0, Align::Left, totals, &line);
    pages.push(page);

    let count = pages.len();
    for (number, page) in pages.iter_mut().enumerate() {
        footer(page, manifest, words, fonts, number + 1, count);
    }
    pages
}

/// A fresh page with the departure's header; returns it with the height the header took.
fn new_page(manifest: &ParcelManifestDocument, words: &Words, fonts: &Fonts) -> (Page, f32) {
    let mut page = Page::new(WIDTH, HEIGHT);
    let (left, right) = (MARGIN, WIDTH - MARGIN);
    let width = right - left;
    let mut y = MARGIN;

    let title = Style::bold(15.0);
    page.text(fonts, left, y, Align::Left, title, words.parcel_manifest);
    if let Some(carrier) = &manifest.carrier {
        let style = Style::bold(11.0);
        let room = width - fonts.width(title, words.parcel_manifest) - 8.0;
        let carrier = fonts.ellipsize(style, carrier, room);
        // Carrier on the title's baseline, at the right.
        let top = y + title.baseline_drop() - style.baseline_drop();
        page.text(fonts, right, top, Align::Right, style, &carrier);
    }
    y += title.line_height() + 1.5;

    let when = words.long_date_time(manifest.departure_time);
    let date = Style::bold(11.0);
    let route_style = Style::bold(13.0);
    let route = format!("{} → {}", manifest.departure_city, manifest.arrival_city);
    let room = width - fonts.width(date, &when) - 8.0;
    page.text(
        fonts,
        left,
        y,
        Align::Left,
        route_style,
        &fonts.ellipsize(route_style, &route, room),
    );
    let top = y + route_style.baseline_drop() - date.baseline_drop();
    page.text(fonts, right, top, Align::Right, date, &when);
    y += route_style.line_height() + 1.0;

    if let Some(limit) = manifest.max_package_weight_g {
        let detail = Style::regular(9.5);
        let limit = words.labelled(words.max_weight, words.weight(limit));
        page.text(fonts, right, y, Align::Right, detail, &limit);
        y += detail.line_height();
    }
    y += 2.5;
    page.hline(left, right, y, 1.2, 0.0);
    (page, y + 3.0)
}

fn column_titles(page: &mut Page, words: &Words, fonts: &Fonts, y: f32) -> f32 {
    page.fill_rect(MARGIN, y, WIDTH - 2.0 * MARGIN, TITLE_ROW, 0.82);
    let mut x = MARGIN;
    for (column, width) in COLUMNS {
        let title = column.title(words);
        let room = column.room(width);
        // A heading shrinks a little rather than lose letters ("À encaisser" in a narrow column).
        let style = fonts.fit(Style::bold(8.5), title, room, 6.5);
        let text = fonts.ellipsize(style, title, room);
        let top = y + (TITLE_ROW - style.line_height()) / 2.0 + 0.2;
        page.text(
            fonts,
            anchor(column, x, width),
            top,
            column.align(),
            style,
            &text,
        );
        x += width;
    }
    y + TITLE_ROW
}

/// Where text is placed in a column: its left edge, centre or right edge, inside the padding.
fn anchor(column: Column, x: f32, width: f32) -> f32 {
    match column.align() {
        Align::Left => x + CELL_PADDING,
        Align::Center => x + width / 2.0,
        Align::Right => x + width - CELL_PADDING,
    }
}

fn parcel_row(
    page: &mut Page,
    manifest: &ParcelManifestDocument,
    words: &Words,
    fonts: &Fonts,
    y: f32,
    parcel: &ParcelManifestRow,
) {
    let mut x = MARGIN;
    for (column, width) in COLUMNS {
        let room = column.room(width);
        let at = anchor(column, x, width);
        match column {
            Column::Code => {
                let style = fonts.fit(Style::bold(9.0), &parcel.colis_code, room, 6.5);
                let mut lines = vec![(style, fonts.ellipsize(style, &parcel.colis_code, room))];
                let status = Style::regular(7.5).muted();
                if !parcel.status.trim().is_empty() {
                    lines.push((status, fonts.ellipsize(status, &parcel.status, room)));
                }
                stacked(page, fonts, at, y, &lines);
            }
            Column::Contents => {
                // Two lines of contents, or one over FRAGILE.
                let style = Style::regular(8.5);
                let room_for = if parcel.fragile { 1 } else { 2 };
                let mut lines: Vec<(Style, String)> =
                    first_lines(fonts, style, &parcel.description, room, room_for)
                        .into_iter()
                        .map(|line| (style, line))
                        .collect();
                if parcel.fragile {
                    lines.push((Style::bold(7.5), words.fragile.to_owned()));
                }
                stacked(page, fonts, at, y, &lines);
            }
            Column::Weight => {
                let weight = words.weight(parcel.weight_g);
                figure(page, fonts, at, room, y, Style::regular(9.0), &weight);
            }
            Column::Recipient => {
                // Names and cities shrink a little before they lose letters.
                let name = fonts.fit(Style::regular(8.5), &parcel.recipient_name, room, 7.5);
                let phone = Style::regular(8.0);
                let lines = [
                    (name, fonts.ellipsize(name, &parcel.recipient_name, room)),
                    (phone, fonts.ellipsize(phone, &parcel.recipient_phone, room)),
                ];
                stacked(page, fonts, at, y, &lines);
            }
            Column::Destination => {
                let style = fonts.fit(Style::bold(9.0), &parcel.destination_city, room, 7.5);
                let city = fonts.ellipsize(style, &parcel.destination_city, room);
                stacked(page, fonts, at, y, &[(style, city)]);
            }
            Column::ToCollect => {
                if let Some(collect) = parcel.collect_on_delivery_minor {
                    let cash = amount(collect, &manifest.currency);
                    figure(page, fonts, at, room, y, Style::bold(9.0), &cash);
                }
            }
            Column::Loaded => {
                // An empty box for the loader's pen, ticked as the piece goes on board.
                let side = 4.2;
                let (left, top) = (x + (width - side) / 2.0, y + (ROW - side) / 2.0);
                page.fill_rect(left, top, side, side, 1.0);
                page.stroke_rect(left, top, side, side, 0.8);
            }
        }
        x += width;
    }
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
        lines.push(rest);
    }
    lines
        .iter()
        .map(|line| fonts.ellipsize(style, line, width))
        .collect()
}

/// Lines one under the other from `left`, the block vertically centred in the row at `y`.
fn stacked(page: &mut Page, fonts: &Fonts, left: f32, y: f32, lines: &[(Style, String)]) {
    let height: f32 = lines.iter().map(|(style, _)| style.line_height()).sum();
    let mut top = y + (ROW - height) / 2.0 + 0.2;
    for (style, line) in lines {
        page.text(fonts, left, top, Align::Left, *style, line);
        top += style.line_height();
    }
}

/// A figure right-aligned on `right`, vertically centred: shrunk rather than cut, on the
/// baseline it would have had at its own size.
fn figure(page: &mut Page, fonts: &Fonts, right: f32, room: f32, y: f32, style: Style, text: &str) {
    let fitted = fonts.fit(style, text, room, MIN_FIGURE_SIZE);
    let text = fonts.ellipsize(fitted, text, room);
    let top = y + (ROW - style.line_height()) / 2.0 + 0.2 + style.baseline_drop()
        - fitted.baseline_drop();
    page.text(fonts, right, top, Align::Right, fitted, &text);
}

/// "Colis : 12 · Poids total : 85,5 kg · À encaisser : 25 000 XOF", the cash only when there is
/// some to collect on this departure.
fn totals_line(manifest: &ParcelManifestDocument, words: &Words) -> String {
    let mut parts = vec![
        words.labelled(words.pieces, count(manifest.rows.len() as i64)),
        words.labelled(words.total_weight, words.weight(manifest.total_weight_g)),
    ];
    let collect = manifest
        .rows
        .iter()
        .filter_map(|row| row.collect_on_delivery_minor)
        .fold(0_i64, i64::saturating_add);
    if collect != 0 {
        parts.push(words.labelled(words.to_collect, amount(collect, &manifest.currency)));
    }
    parts.join("   ·   ")
}

fn footer(
    page: &mut Page,
    manifest: &ParcelManifestDocument,
    words: &Words,
    fonts: &Fonts,
    number: usize,
    count: usize,
) {
    let style = Style::regular(8.0).muted();
    let top = HEIGHT - 12.0;
    page.hline(MARGIN, WIDTH - MARGIN, top - 2.0, 0.4, 0.6);
    let generated = format!(
        "{} {}",
        words.generated_on,
        words.short_date_time(manifest.generated_at)
    );
    page.text(fonts, MARGIN, top, Align::Left, style, &generated);
    page.text(
        fonts,
        WIDTH - MARGIN,
        top,
        Align::Right,
        Style::bold(9.0),
        &format!("{number}/{count}"),
    );
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

    const RECIPIENTS: [&str; 4] = [
        "Aïssatou Ndiaye",
        "Cheikh Tidiane Mbaye",
        "Ndèye Fatou Sène",
        "François Kaboré",
    ];

    /// `rows` pieces of 2,5 kg in shipments of two: the first piece of every other shipment has
    /// 12 500 XOF to collect, and every third piece is fragile.
    fn manifest(rows: usize) -> ParcelManifestDocument {
        ParcelManifestDocument {
            carrier: Some("Transports Sénégal Dem Dikk".to_owned()),
            departure_city: "Dakar".to_owned(),
            arrival_city: "Thiès".to_owned(),
            departure_time: at(7, 0),
            max_package_weight_g: Some(30_000),
            rows: (0..rows)
                .map(|index| {
                    let shipment = index / 2;
                    ParcelManifestRow {
                        colis_code: format!("K7Q-M4X-R{shipment:02}-T2C/{}", index % 2 + 1),
                        description: "Tissus wax et pagnes".to_owned(),
                        weight_g: 2_500,
                        recipient_name: RECIPIENTS[shipment % RECIPIENTS.len()].to_owned(),
                        recipient_phone: format!("+221 77 000 {shipment:02} {shipment:02}"),
                        destination_city: "Thiès".to_owned(),
                        fragile: index % 3 == 0,
                        collect_on_delivery_minor: (index % 4 == 0).then_some(1_250_000),
                        status: "Enregistré".to_owned(),
                    }
                })
                .collect(),
            total_weight_g: 2_500 * rows as i64,
            currency: "XOF".to_owned(),
            generated_at: at(6, 30),
            locale: Locale::Fr,
        }
    }

    fn render(manifest: &ParcelManifestDocument) -> Vec<u8> {
        parcel_manifest_pdf(manifest).unwrap_or_else(|err| panic!("renders: {err:?}"))
    }

    #[test]
    fn a_few_parcels_fit_on_one_page_with_everything_the_loader_needs() {
        let pdf = render(&manifest(4));
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 1);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 210.0).abs() < 0.1 && (height - 297.0).abs() < 0.1);
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "MANIFESTE DES COLIS",
            "Transports Sénégal Dem Dikk",
            "Dakar → Thiès",
            "lundi 23 novembre 2026 à 07:00",
            "Poids max. par colis : 30 kg",
            "Code colis Contenu Poids Destinataire Destination À encaisser Chargé",
            "K7Q-M4X-R00-T2C/1",
            "K7Q-M4X-R01-T2C/2",
            "Aïssatou Ndiaye",
            "+221 77 000 00 00",
            "Cheikh Tidiane Mbaye",
            "+221 77 000 01 01",
            "2,5 kg",
            "FRAGILE",
            "12 500 XOF",
            "Colis : 4 · Poids total : 10 kg · À encaisser : 12 500 XOF",
            "Édité le 23/11/2026 à 06:30",
            "1/1",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        assert_eq!(text.matches("FRAGILE").count(), 2, "{text}");
        assert!(margins_are_blank(&pdf, 1, 11.0, 199.0), "text overflows");
    }

    #[test]
    fn many_parcels_run_over_numbered_pages_with_the_header_repeated() {
        let pdf = render(&manifest(60));
        let pages = page_count(&pdf);
        assert!(pages >= 2, "{pages} pages");
        let text = pdf_text(&pdf);
        let per_page: Vec<String> = text.split('\u{c}').map(squeeze).collect();
        for (index, page) in per_page.iter().take(pages).enumerate() {
            let number = format!("{}/{pages}", index + 1);
            assert!(page.contains(&number), "page {number} unnumbered: {page}");
            assert!(
                page.contains("MANIFESTE DES COLIS"),
                "header missing on {number}"
            );
            assert!(
                page.contains("Code colis Contenu"),
                "headings missing on {number}"
            );
        }
        let text = squeeze(&text);
        for expected in [
            "K7Q-M4X-R00-T2C/1",
            "K7Q-M4X-R29-T2C/2",
            "Colis : 60 · Poids total : 150 kg · À encaisser : 187 500 XOF",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for page in 1..=pages {
            assert!(
                margins_are_blank(&pdf, page, 11.0, 199.0),
                "page {page} overflows"
            );
        }
    }

    #[test]
    fn a_departure_without_parcels_prints_one_page_saying_so() {
        let empty = ParcelManifestDocument {
            max_package_weight_g: None,
            ..manifest(0)
        };
        let pdf = render(&empty);
        assert_eq!(page_count(&pdf), 1);
        let text = squeeze(&pdf_text(&pdf));
        assert!(text.contains("Aucun colis chargé."), "{text}");
        assert!(text.contains("Colis : 0 · Poids total : 0 kg"), "{text}");
        assert!(!text.contains("À encaisser :"), "{text}");
        assert!(!text.contains("Poids max."), "{text}");
    }

    #[test]
    fn long_names_and_large_amounts_stay_inside_the_page() {
        let mut long = manifest(2);
        long.rows[0] = ParcelManifestRow {
            colis_code: "K7Q-M4X-R9P-T2C/12".to_owned(),
            description: "Pièces détachées de moto, deux pneus neufs et une batterie".to_owned(),
            recipient_name: "Mame Diarra Bousso Ndèye Fatou Ndiaye épouse Sarr-Diop".to_owned(),
            destination_city: "Bobo-Dioulasso".to_owned(),
            collect_on_delivery_minor: Some(987_654_300),
            weight_g: 29_995,
            ..long.rows[0].clone()
        };
        let pdf = render(&long);
        assert_eq!(page_count(&pdf), 1);
        assert!(margins_are_blank(&pdf, 1, 11.0, 199.0), "text overflows");
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "K7Q-M4X-R9P-T2C/12",
            "Pièces détachées",
            "Mame Diarra",
            "Bobo-Dioulasso",
            "30 kg",
            "9 876 543 XOF",
            "FRAGILE",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }

    #[test]
    fn an_english_manifest_has_english_headings() {
        let english = ParcelManifestDocument {
            locale: Locale::En,
            ..manifest(3)
        };
        let text = squeeze(&pdf_text(&render(&english)));
        for expected in [
            "PARCEL MANIFEST",
            "Monday 23 November 2026 at 07:00",
            "Max. weight per parcel: 30 kg",
            "Parcel code Contents Weight Recipient Destination To collect Loaded",
            "2.5 kg",
            "Parcels: 3 · Total weight: 7.5 kg · To collect: 12 500 XOF",
            "Printed on 23/11/2026 at 06:30",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for french in ["Colis", "Poids", "Destinataire", "Chargé"] {
            assert!(!text.contains(french), "{french:?} left in {text}");
        }
    }
}
