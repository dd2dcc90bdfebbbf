//! A departure's passenger manifest: an A4 table of who holds which seat, with a box to tick at
//! boarding, running over as many pages as it needs.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::text::{Align, Fonts, Style};
use super::wording::{words, Words};
use crate::error::Result;
use crate::i18n::Locale;

/// One passenger of the departure.
#[derive(Debug, Clone)]
pub struct ManifestRow {
    pub seat: i64,
    pub booking_reference: String,
    pub passenger_name: String,
    pub phone: String,
    /// Already translated.
    pub status: String,
    pub boarded: bool,
}

/// Everything printed on a departure's manifest.
#[derive(Debug, Clone)]
pub struct ManifestDocument {
    pub carrier: Option<String>,
    pub departure_city: String,
    pub arrival_city: String,
    pub departure_point: Option<String>,
    pub departure_time: DateTime<Utc>,
    pub seats_count: i64,
    /// Sorted by seat already.
    pub rows: Vec<ManifestRow>,
    pub generated_at: DateTime<Utc>,
    pub locale: Locale,
}

/// The manifest as an A4 portrait PDF, the header repeated and the pages numbered "1/2".
pub fn manifest_pdf(manifest: &ManifestDocument) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let words = words(manifest.locale);
    let pages = pages(manifest, words, &fonts);
    let title = format!(
        "{} {} → {}",
        words.manifest, manifest.departure_city, manifest.arrival_city
    );
    canvas::render(&title, manifest.generated_at, &fonts, pages)
}

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const MARGIN: f32 = 15.0;
/// Rows stop here, above the footer.
const BOTTOM: f32 = HEIGHT - 20.0;
const ROW: f32 = 7.0;
const CELL_PADDING: f32 = 2.0;

#[derive(Clone, Copy)]
enum Column {
    Seat,
    Reference,
    Passenger,
    Phone,
    Status,
    Boarded,
}

const COLUMNS: [(Column, f32); 6] = [
    (Column::Seat, 13.0),
    (Column::Reference, 34.0),
    (Column::Passenger, 52.0),
    (Column::Phone, 37.0),
    (Column::Status, 24.0),
    (Column::Boarded, 20.0),
];

impl Column {
    fn title(self, words: &Words) -> &'static str {
        match self {
            Self::Seat => words.seat,
            Self::Reference => words.reference_short,
            Self::Passenger => words.passenger,
            Self::Phone => words.phone,
            Self::Status => words.status,
            Self::Boarded => words.boarded,
        }
    }

    fn centred(self) -> bool {
        matches!(self, Self::Seat | Self::Boarded)
    }
}

fn pages(manifest: &ManifestDocument, words: &Words, fonts: &Fonts) -> Vec<Page> {
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
        passenger_row(&mut page, fonts, y, row);
        y += ROW;
    }
    if manifest.rows.is_empty() {
        y += 3.0;
        page.text(
            fonts,
            MARGIN,
            y,
            Align::Left,
            Style::regular(10.0).muted(),
            words.no_passengers,
        );
        y += Style::regular(10.0).line_height();
    }
    page.hline(MARGIN, WIDTH - MARGIN, y, 0.8, 0.0);

    let totals = Style::bold(10.5);
    if y + 4.0 + totals.line_height() > BOTTOM {
        pages.push(page);
        (page, y) = new_page(manifest, words, fonts);
    }
    page.text(
        fonts,
        MARGIN,
        y + 4.0,
        Align::Left,
        totals,
        &totals_line(manifest, words),
    );
    pages.push(page);

    let count = pages.len();
    for (number, page) in pages.iter_mut().enumerate() {
        footer(page, manifest, words, fonts, number + 1, count);
    }
    pages
}

/// A fresh page with the departure's header; returns it with the height the header took.
fn new_page(manifest: &ManifestDocument, words: &Words, fonts: &Fonts) -> (Page, f32) {
    let mut page = Page::new(WIDTH, HEIGHT);
    let (left, right) = (MARGIN, WIDTH - MARGIN);
    let width = right - left;
    let mut y = MARGIN;

    let title = Style::bold(15.0);
    page.text(fonts, left, y, Align::Left, title, words.manifest);
    if let Some(carrier) = &manifest.carrier {
        let style = Style::bold(11.0);
        let room = width - fonts.width(title, words.manifest) - 8.0;
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

    let detail = Style::regular(9.5);
    let capacity = words.labelled(
        words.capacity,
        format!("{} {}", manifest.seats_count, words.seats.to_lowercase()),
    );
    page.text(fonts, right, y, Align::Right, detail, &capacity);
    if let Some(point) = manifest
        .departure_point
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        let room = width - fonts.width(detail, &capacity) - 8.0;
        let point = fonts.ellipsize(detail, &words.labelled(words.departure_point, point), room);
        page.text(fonts, left, y, Align::Left, detail, &point);
    }
    y += detail.line_height() + 2.5;
    page.hline(left, right, y, 1.2, 0.0);
    (page, y + 3.0)
}

fn column_titles(page: &mut Page, words: &Words, fonts: &Fonts, y: f32) -> f32 {
    page.fill_rect(MARGIN, y, WIDTH - 2.0 * MARGIN, ROW, 0.82);
    let mut row = TableRow { page, fonts, y };
    let mut x = MARGIN;
    for (column, width) in COLUMNS {
        let title = column.title(words);
        // A heading shrinks a little rather than lose letters ("Embarqué" in a narrow column).
        let style = fonts.fit(Style::bold(8.5), title, width - 2.0 * CELL_PADDING, 7.0);
        row.cell(x, width, style, column.centred(), title);
        x += width;
    }
    y + ROW
}

fn passenger_row(page: &mut Page, fonts: &Fonts, y: f32, passenger: &ManifestRow) {
    let regular = Style::regular(9.0);
    let mut row = TableRow { page, fonts, y };
    let mut x = MARGIN;
    for (column, width) in COLUMNS {
        match column {
            Column::Seat => {
                let seat = passenger.seat.to_string();
                row.cell(x, width, Style::bold(9.5), true, &seat);
            }
            Column::Reference => row.cell(x, width, regular, false, &passenger.booking_reference),
            Column::Passenger => row.cell(x, width, regular, false, &passenger.passenger_name),
            Column::Phone => row.cell(x, width, regular, false, &passenger.phone),
            Column::Status => row.cell(x, width, regular, false, &passenger.status),
            Column::Boarded => {
                // An empty box for the pen at the door; ticked already when boarded in the app.
                let side = 4.2;
                let (left, top) = (x + (width - side) / 2.0, y + (ROW - side) / 2.0);
                row.page.fill_rect(left, top, side, side, 1.0);
                row.page.stroke_rect(left, top, side, side, 0.8);
                if passenger.boarded {
                    row.cell(x, width, Style::bold(10.0), true, "✓");
                }
            }
        }
        x += width;
    }
}

/// The table row at `y` being filled in, cell by cell.
struct TableRow<'a> {
    page: &'a mut Page,
    fonts: &'a Fonts,
    y: f32,
}

impl TableRow<'_> {
    /// Text in the cell from `x`, vertically centred, cut with an ellipsis when too long.
    fn cell(&mut self, x: f32, width: f32, style: Style, centred: bool, text: &str) {
        let text = self
            .fonts
            .ellipsize(style, text, width - 2.0 * CELL_PADDING);
        let top = self.y + (ROW - style.line_height()) / 2.0 + 0.2;
        if centred {
            self.page.text(
                self.fonts,
                x + width / 2.0,
                top,
                Align::Center,
                style,
                &text,
            );
        } else {
            self.page
                .text(self.fonts, x + CELL_PADDING, top, Align::Left, style, &text);
        }
    }
}

/// "Passagers : 58 · Embarqués : 12 · Places libres : 2".
fn totals_line(manifest: &ManifestDocument, words: &Words) -> String {
    let passengers = manifest.rows.len();
    let boarded = manifest.rows.iter().filter(|row| row.boarded).count();
    // Free seats counted from the seats taken, so a booking of several seats counts them all.
    let taken = manifest
        .rows
        .iter()
        .map(|row| row.seat)
        .collect::<BTreeSet<_>>()
        .len();
    let free = manifest.seats_count.saturating_sub(taken as i64).max(0);
    [
        words.labelled(words.passengers, passengers),
        words.labelled(words.boarded_count, boarded),
        words.labelled(words.free_seats, free),
    ]
    .join("   ·   ")
}

fn footer(
    page: &mut Page,
    manifest: &ManifestDocument,
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

    const NAMES: [&str; 6] = [
        "Aïssatou Ndiaye",
        "Cheikh Tidiane Mbaye",
        "Ndèye Fatou Sène",
        "François Kaboré",
        "Mariétou Thiès-Diop",
        "Oumou Sangaré",
    ];

    fn manifest(rows: usize) -> ManifestDocument {
        ManifestDocument {
            carrier: Some("Transports Sénégal Dem Dikk".to_owned()),
            departure_city: "Dakar".to_owned(),
            arrival_city: "Thiès".to_owned(),
            departure_point: Some("Gare routière des Baux Maraîchers".to_owned()),
            departure_time: at(7, 0),
            seats_count: 64,
            rows: (1..=rows)
                .map(|seat| ManifestRow {
                    seat: seat as i64,
                    booking_reference: format!("K7QM-4XR9-{seat:04}"),
                    passenger_name: NAMES[seat % NAMES.len()].to_owned(),
                    phone: format!("+221 77 000 {seat:02} {seat:02}"),
                    status: if seat % 3 == 0 {
                        "Embarqué"
                    } else {
                        "Confirmé"
                    }
                    .to_owned(),
                    boarded: seat % 3 == 0,
                })
                .collect(),
            generated_at: at(6, 30),
            locale: Locale::Fr,
        }
    }

    fn render(manifest: &ManifestDocument) -> Vec<u8> {
        manifest_pdf(manifest).unwrap_or_else(|err| panic!("renders: {err:?}"))
    }

    #[test]
    fn sixty_passengers_run_over_numbered_a4_pages_with_totals_at_the_end() {
        let pdf = render(&manifest(60));
        assert!(pdf.starts_with(b"%PDF"));
        let pages = page_count(&pdf);
        assert!(pages >= 2, "{pages} pages");
        let (width, height) = page_size_mm(&pdf, 2);
        assert!((width - 210.0).abs() < 0.1 && (height - 297.0).abs() < 0.1);
        let text = pdf_text(&pdf);
        let per_page: Vec<String> = text.split('\u{c}').map(squeeze).collect();
        for (index, page) in per_page.iter().take(pages).enumerate() {
            let number = format!("{}/{pages}", index + 1);
            assert!(page.contains(&number), "page {number} unnumbered: {page}");
            assert!(
                page.contains("MANIFESTE DES PASSAGERS"),
                "header missing on {number}"
            );
            assert!(page.contains("Dakar → Thiès"), "route missing on {number}");
        }
        let text = squeeze(&text);
        for expected in [
            "Aïssatou Ndiaye",
            "Ndèye Fatou Sène",
            "K7QM-4XR9-0001",
            "K7QM-4XR9-0060",
            "+221 77 000 60 60",
            "lundi 23 novembre 2026 à 07:00",
            "Capacité : 64 places",
            "Passagers : 60 · Embarqués : 20 · Places libres : 4",
            "Édité le 23/11/2026 à 06:30",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        // Boarded passengers are ticked, the others are left blank for the pen.
        assert_eq!(text.matches('✓').count(), 20);
        for page in 1..=pages {
            assert!(
                margins_are_blank(&pdf, page, 14.0, 196.0),
                "page {page} overflows"
            );
        }
    }

    #[test]
    fn an_english_manifest_has_english_headings() {
        let english = ManifestDocument {
            locale: Locale::En,
            ..manifest(3)
        };
        let pdf = render(&english);
        assert_eq!(page_count(&pdf), 1);
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "PASSENGER MANIFEST",
            "Seat Ref. Passenger Phone Status Boarded",
            "Monday 23 November 2026 at 07:00",
            "Passengers: 3 · Boarded: 1 · Free seats: 61",
            "1/1",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }

    #[test]
    fn a_departure_without_passengers_prints_one_page_saying_so() {
        let pdf = render(&manifest(0));
        assert_eq!(page_count(&pdf), 1);
        let text = squeeze(&pdf_text(&pdf));
        assert!(text.contains("Aucun passager pour ce départ."), "{text}");
        assert!(text.contains("Places libres : 64"), "{text}");
    }
}
