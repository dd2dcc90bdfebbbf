//! The passenger's ticket, on an 80 mm thermal receipt or an A4 sheet, with its QR code.

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::flow::Flow;
use super::qr::{self, QrMatrix};
use super::text::{Align, Fonts, Style};
use super::wording::{amount, seat_list, words, Words};
use super::PaperFormat;
use crate::error::Result;
use crate::i18n::Locale;

/// Everything printed on one ticket, already looked up and translated by the caller.
#[derive(Debug, Clone)]
pub struct TicketDocument {
    /// Printed large and bold, e.g. `K7QM-4XR9-PT2C`.
    pub booking_reference: String,
    /// The transport company.
    pub carrier: Option<String>,
    pub departure_city: String,
    pub arrival_city: String,
    pub departure_point: Option<String>,
    pub arrival_point: Option<String>,
    /// Printed as the time on the station clock (GMT).
    pub departure_time: DateTime<Utc>,
    pub seats: Vec<i64>,
    pub passenger_name: String,
    pub passenger_phone: String,
    /// In hundredths of the currency.
    pub amount_minor: i64,
    pub currency: String,
    pub refundable: bool,
    /// Already translated; printed under a "Conditions" heading.
    pub refund_terms: String,
    /// This ticket is the return leg of a round trip.
    pub return_leg: bool,
    /// Encoded as-is in the QR code.
    pub qr_payload: String,
    pub issued_at: DateTime<Utc>,
    /// The clerk who issued the ticket.
    pub issued_by: Option<String>,
    pub agency: Option<String>,
    /// A reprint: marked DUPLICATA so that it cannot pass for a second ticket.
    pub duplicate: bool,
    pub locale: Locale,
}

/// The ticket as a one-page PDF: as long as its content on a receipt roll, or an A4 sheet.
pub fn ticket_pdf(ticket: &TicketDocument, format: PaperFormat) -> Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let code = qr::encode(&ticket.qr_payload)?;
    let words = words(ticket.locale);
    let page = match format {
        PaperFormat::Receipt80mm => receipt(ticket, words, &fonts, &code),
        PaperFormat::A4 => sheet(ticket, words, &fonts, &code),
    };
    let title = format!("{} {}", words.ticket, ticket.booking_reference);
    canvas::render(&title, ticket.issued_at, &fonts, vec![page])
}

const RECEIPT_WIDTH: f32 = 80.0;
/// 80 mm printers print on the middle 72 mm of the roll.
const RECEIPT_MARGIN: f32 = 4.0;
/// Width of the code itself on a receipt, in millimetres: large enough for a boarding agent's
/// phone to read it at arm's length, even on worn thermal paper.
const RECEIPT_QR_MIN: f32 = 32.0;

fn receipt(ticket: &TicketDocument, words: &Words, fonts: &Fonts, code: &QrMatrix) -> Page {
    let mut page = Page::new(RECEIPT_WIDTH, 0.0);
    let mut flow = Flow {
        page: &mut page,
        fonts,
        left: RECEIPT_MARGIN,
        width: RECEIPT_WIDTH - 2.0 * RECEIPT_MARGIN,
        y: 5.0,
    };
    let label = Style::regular(8.5).muted();
    let value = Style::bold(10.0);

    if let Some(carrier) = &ticket.carrier {
        let style = smaller_if_long(fonts, Style::bold(13.0), 11.0, carrier, flow.width);
        flow.paragraph(style, Align::Center, carrier, 3);
        flow.gap(0.5);
    }
    if let Some(agency) = &ticket.agency {
        flow.paragraph(
            Style::regular(8.0).muted(),
            Align::Center,
            &agency_line(words, agency),
            2,
        );
    }
    flow.gap(2.0);
    if ticket.duplicate {
        flow.banner(Style::bold(15.0), words.duplicate, false);
        flow.gap(2.0);
    }
    flow.line(Style::bold(9.5), Align::Center, words.ticket);
    if ticket.return_leg {
        flow.gap(1.0);
        flow.banner(Style::bold(12.0), words.return_leg, true);
    }
    flow.rule(2.0);

    flow.line(Style::regular(8.0).muted(), Align::Center, words.reference);
    let reference = fonts.fit(
        Style::bold(18.0),
        &ticket.booking_reference,
        flow.width,
        9.0,
    );
    flow.line(reference, Align::Center, &ticket.booking_reference);
    flow.rule(2.0);

    flow.paragraph(Style::bold(14.0), Align::Center, &route(ticket), 3);
    flow.gap(0.5);
    let when = words.long_date_time(ticket.departure_time);
    // Shrunk a little before wrapping: a time alone on the second line reads badly.
    let date = fonts.fit(Style::bold(10.0), &when, flow.width, 8.5);
    flow.paragraph(date, Align::Center, &when, 2);
    for (name, point) in points(ticket, words) {
        flow.paragraph(
            Style::regular(8.5),
            Align::Center,
            &words.labelled(name, point),
            2,
        );
    }
    flow.rule(2.0);

    flow.pair(
        label,
        seats_label(ticket, words),
        value,
        &seat_list(&ticket.seats),
        2,
    );
    flow.pair(label, words.passenger, value, &ticket.passenger_name, 2);
    flow.pair(label, words.phone, value, &ticket.passenger_phone, 1);
    flow.rule(2.0);
    let price = amount(ticket.amount_minor, &ticket.currency);
    flow.pair(
        Style::regular(9.0),
        words.amount_paid,
        Style::bold(14.0),
        &price,
        1,
    );
    flow.line(
        Style::regular(8.5),
        Align::Left,
        refundability(ticket, words),
    );
    flow.gap(1.0);

    // The quiet zone is part of the drawn square, so nothing printed comes closer than 4 modules.
    let module = code.module_for(RECEIPT_QR_MIN);
    let side = code.side(module);
    let left = flow.left + (flow.width - side) / 2.0;
    code.draw(flow.page, left, flow.y, module);
    flow.y += side;
    flow.line(Style::regular(7.5).muted(), Align::Center, words.show_code);
    flow.gap(2.0);

    flow.line(Style::bold(8.5), Align::Left, words.conditions);
    flow.paragraph(Style::regular(7.5), Align::Left, &ticket.refund_terms, 12);
    flow.dashed_rule(2.5);
    flow.paragraph(
        Style::regular(7.5).muted(),
        Align::Center,
        &issued_line(ticket, words),
        3,
    );
    flow.gap(1.0);
    flow.line(Style::bold(9.5), Align::Center, words.good_trip);
    // Room for the cutter below the last line.
    let height = flow.y + 8.0;
    page.height = height;
    page
}

const A4_WIDTH: f32 = 210.0;
const A4_HEIGHT: f32 = 297.0;
const A4_MARGIN: f32 = 18.0;
const A4_QR_MIN: f32 = 44.0;

fn sheet(ticket: &TicketDocument, words: &Words, fonts: &Fonts, code: &QrMatrix) -> Page {
    let mut page = Page::new(A4_WIDTH, A4_HEIGHT);
    let (left, right) = (A4_MARGIN, A4_WIDTH - A4_MARGIN);
    let width = right - left;

    // Header: company and agency on the left, what the document is on the right.
    let title = Style::bold(11.0);
    let title_width = fonts.width(title, words.ticket);
    let mut header = Flow {
        page: &mut page,
        fonts,
        left,
        width: width - title_width - 10.0,
        y: A4_MARGIN,
    };
    if let Some(carrier) = &ticket.carrier {
        let style = smaller_if_long(fonts, Style::bold(20.0), 15.0, carrier, header.width);
        header.paragraph(style, Align::Left, carrier, 2);
    }
    if let Some(agency) = &ticket.agency {
        header.line(
            Style::regular(9.5).muted(),
            Align::Left,
            &agency_line(words, agency),
        );
    }
    let mut y = header.y;
    page.text(
        fonts,
        right,
        A4_MARGIN + 1.5,
        Align::Right,
        title,
        words.ticket,
    );
    if ticket.return_leg {
        let badge = Style::bold(12.0);
        let badge_width = fonts.width(badge, words.return_leg) + 8.0;
        let top = A4_MARGIN + 1.5 + title.line_height() + 1.5;
        page.fill_rect(
            right - badge_width,
            top,
            badge_width,
            badge.line_height() + 3.0,
            0.0,
        );
        page.text(
            fonts,
            right - 4.0,
            top + 1.5,
            Align::Right,
            badge.white(),
            words.return_leg,
        );
        y = y.max(top + badge.line_height() + 3.0);
    }
    y += 3.0;
    page.hline(left, right, y, 1.5, 0.0);
    y += 5.0;

    if ticket.duplicate {
        let mut stamp = Flow {
            page: &mut page,
            fonts,
            left,
            width,
            y,
        };
        stamp.banner(Style::bold(18.0), words.duplicate, false);
        y = stamp.y + 5.0;
    }

    // The code on the right, the journey on the left. Its quiet zone is blank paper either
    // way, so the code's dark edge, not the quiet zone's, lines up with the margin and the text.
    let module = code.module_for(A4_QR_MIN);
    let side = code.side(module);
    let quiet = qr::QUIET_ZONE as f32 * module;
    let code_left = right - side + quiet;
    let code_top = y - quiet;
    code.draw(&mut page, code_left, code_top, module);
    let mut hint = Flow {
        page: &mut page,
        fonts,
        left: code_left + quiet,
        width: side - 2.0 * quiet,
        y: code_top + side,
    };
    hint.paragraph(
        Style::regular(8.5).muted(),
        Align::Center,
        words.show_code,
        2,
    );
    let code_bottom = hint.y;

    let mut body = Flow {
        page: &mut page,
        fonts,
        left,
        width: code_left - left,
        y,
    };
    body.line(Style::regular(9.5).muted(), Align::Left, words.reference);
    let reference = fonts.fit(
        Style::bold(24.0),
        &ticket.booking_reference,
        body.width,
        12.0,
    );
    body.line(reference, Align::Left, &ticket.booking_reference);
    body.gap(4.0);
    body.paragraph(Style::bold(18.0), Align::Left, &route(ticket), 2);
    body.gap(1.0);
    let when = words.long_date_time(ticket.departure_time);
    body.paragraph(Style::bold(12.0), Align::Left, &when, 2);
    for (name, point) in points(ticket, words) {
        body.paragraph(
            Style::regular(10.0),
            Align::Left,
            &words.labelled(name, point),
            2,
        );
    }
    body.gap(4.0);
    let (label, value) = (Style::regular(10.0).muted(), Style::bold(12.0));
    body.pair(
        label,
        seats_label(ticket, words),
        value,
        &seat_list(&ticket.seats),
        2,
    );
    body.gap(1.0);
    body.pair(label, words.passenger, value, &ticket.passenger_name, 2);
    body.gap(1.0);
    body.pair(label, words.phone, value, &ticket.passenger_phone, 1);
    y = body.y.max(code_bottom) + 6.0;

    // The amount in a shaded band, the one figure a passenger checks before leaving the counter.
    let band = 17.0;
    page.fill_rect(left, y, width, band, 0.92);
    page.text(
        fonts,
        left + 5.0,
        y + 3.0,
        Align::Left,
        Style::regular(10.0),
        words.amount_paid,
    );
    let terms = Style::bold(9.5);
    page.text(
        fonts,
        left + 5.0,
        y + 9.0,
        Align::Left,
        terms,
        refundability(ticket, words),
    );
    let price = amount(ticket.amount_minor, &ticket.currency);
    let price_style = Style::bold(20.0);
    let price_top = y + (band - price_style.line_height()) / 2.0 + 0.5;
    page.text(
        fonts,
        right - 5.0,
        price_top,
        Align::Right,
        price_style,
        &price,
    );
    y += band + 7.0;

    let mut footer = Flow {
        page: &mut page,
        fonts,
        left,
        width,
        y,
    };
    footer.line(Style::bold(11.0), Align::Left, words.conditions);
    footer.gap(0.5);
    footer.paragraph(Style::regular(9.5), Align::Left, &ticket.refund_terms, 12);
    footer.dashed_rule(4.0);
    footer.paragraph(
        Style::regular(9.0).muted(),
        Align::Left,
        &issued_line(ticket, words),
        2,
    );
    footer.gap(1.0);
    footer.line(Style::bold(11.0), Align::Left, words.good_trip);
    page
}

/// `style`, or the same at `smaller` size when `text` needs more than one line: a long company
/// name then takes two modest lines instead of two large ones cut short.
fn smaller_if_long(fonts: &Fonts, style: Style, smaller: f32, text: &str, width: f32) -> Style {
    if fonts.width(style, text) <= width {
        style
    } else {
        Style {
            size: smaller,
            ..style
        }
    }
}

fn route(ticket: &TicketDocument) -> String {
    format!("{} → {}", ticket.departure_city, ticket.arrival_city)
}

/// The named stations, with their label: "Départ", "Arrivée".
fn points<'a>(ticket: &'a TicketDocument, words: &'a Words) -> Vec<(&'a str, &'a str)> {
    [
        (words.from, ticket.departure_point.as_deref()),
        (words.to, ticket.arrival_point.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, point)| Some((name, point?.trim())).filter(|(_, point)| !point.is_empty()))
    .collect()
}

fn seats_label(ticket: &TicketDocument, words: &Words) -> &'static str {
    if ticket.seats.len() > 1 {
        words.seats
    } else {
        words.seat
    }
}

fn refundability(ticket: &TicketDocument, words: &Words) -> &'static str {
    if ticket.refundable {
        words.refundable
    } else {
        words.non_refundable
    }
}

fn agency_line(words: &Words, agency: &str) -> String {
    format!("{} {agency}", words.agency)
}

/// "Émis le 22/11/2026 à 14:05 par Fatou Sarr".
fn issued_line(ticket: &TicketDocument, words: &Words) -> String {
    let when = words.short_date_time(ticket.issued_at);
    match ticket.issued_by.as_deref().map(str::trim) {
        Some(clerk) if !clerk.is_empty() => {
            format!("{} {when} {} {clerk}", words.issued_on, words.by)
        }
        _ => format!("{} {when}", words.issued_on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::testing::{
        margins_are_blank, page_count, page_size_mm, pdf_text, scan_qr_codes, squeeze,
    };
    use chrono::TimeZone;

    fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("valid date"))
    }

    fn payload() -> String {
        format!(
            "BT1.K7QM-4XR9-PT2C.0193f0a2-7c1d-7b3e-9f45-2c6d8e1a4b70.12.{}",
            "Zm9vYmFyYmF6cXV4".repeat(6)
        )
    }

    fn ticket() -> TicketDocument {
        TicketDocument {
            booking_reference: "K7QM-4XR9-PT2C".to_owned(),
            carrier: Some("Transports Sénégal Dem Dikk".to_owned()),
            departure_city: "Dakar".to_owned(),
            arrival_city: "Thiès".to_owned(),
            departure_point: Some("Gare routière des Baux Maraîchers".to_owned()),
            arrival_point: Some("Gare de Thiès, quai n° 3".to_owned()),
            departure_time: at(2026, 11, 23, 7, 0),
            seats: vec![12],
            passenger_name: "Aïssatou Ndiaye".to_owned(),
            passenger_phone: "+221 77 123 45 67".to_owned(),
            amount_minor: 1_250_000,
            currency: "XOF".to_owned(),
            refundable: true,
            refund_terms: "Remboursable jusqu’à 24 heures avant le départ, moins 10 % de frais. \
                           Au-delà, le billet peut être reporté une fois sur un autre départ."
                .to_owned(),
            return_leg: false,
            qr_payload: payload(),
            issued_at: at(2026, 11, 22, 14, 5),
            issued_by: Some("Fatou Sarr".to_owned()),
            agency: Some("Dakar – Pompiers".to_owned()),
            duplicate: false,
            locale: Locale::Fr,
        }
    }

    fn render(ticket: &TicketDocument, format: PaperFormat) -> Vec<u8> {
        ticket_pdf(ticket, format).unwrap_or_else(|err| panic!("renders: {err:?}"))
    }

    #[test]
    fn a_receipt_ticket_is_one_80mm_page_with_the_booking_in_french() {
        let pdf = render(&ticket(), PaperFormat::Receipt80mm);
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 1);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 80.0).abs() < 0.1, "{width} mm wide");
        assert!((120.0..300.0).contains(&height), "{height} mm long");
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "K7QM-4XR9-PT2C",
            "Aïssatou Ndiaye",
            "Dakar → Thiès",
            "lundi 23 novembre 2026 à 07:00",
            "12 500 XOF",
            "Gare routière des Baux Maraîchers",
            "Billet remboursable",
            "Conditions",
            "Émis le 22/11/2026 à 14:05 par Fatou Sarr",
            "Bon voyage !",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        assert!(!text.contains("DUPLICATA"));
        assert!(!text.contains("RETOUR"));
        assert!(pdf.len() < 250_000, "{} bytes", pdf.len());
    }

    #[test]
    fn an_a4_ticket_is_one_a4_page_with_the_same_details() {
        let pdf = render(&ticket(), PaperFormat::A4);
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 1);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 210.0).abs() < 0.1 && (height - 297.0).abs() < 0.1);
        let text = squeeze(&pdf_text(&pdf));
        for expected in [
            "K7QM-4XR9-PT2C",
            "Aïssatou Ndiaye",
            "Thiès",
            "12 500 XOF",
            "Remboursable jusqu’à 24 heures",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }

    #[test]
    fn a_reprinted_return_ticket_says_duplicata_and_retour() {
        let reprint = TicketDocument {
            duplicate: true,
            return_leg: true,
            refundable: false,
            ..ticket()
        };
        for format in [PaperFormat::Receipt80mm, PaperFormat::A4] {
            let text = squeeze(&pdf_text(&render(&reprint, format)));
            for expected in ["DUPLICATA", "RETOUR", "Billet non remboursable"] {
                assert!(
                    text.contains(expected),
                    "{format:?}: {expected:?} missing from {text}"
                );
            }
        }
    }

    #[test]
    fn an_english_ticket_has_every_label_in_english() {
        let english = TicketDocument {
            locale: Locale::En,
            duplicate: true,
            return_leg: true,
            seats: vec![14, 12],
            amount_minor: 1_250_050,
            ..ticket()
        };
        let text = squeeze(&pdf_text(&render(&english, PaperFormat::Receipt80mm)));
        for expected in [
            "DUPLICATE",
            "RETURN",
            "TRAVEL TICKET",
            "Monday 23 November 2026 at 07:00",
            "Seats 12, 14",
            "Passenger Aïssatou Ndiaye",
            "12 500,50 XOF",
            "Issued on 22/11/2026 at 14:05 by Fatou Sarr",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for french in ["Référence", "Passager ", "Émis", "Départ"] {
            assert!(!text.contains(french), "{french:?} left in {text}");
        }
    }

    #[test]
    fn the_printed_qr_code_scans_back_to_the_payload_at_level_m() {
        for (format, min_width) in [(PaperFormat::Receipt80mm, 30.0), (PaperFormat::A4, 40.0)] {
            let pdf = render(&ticket(), format);
            let codes = scan_qr_codes(&pdf, 1);
            assert_eq!(codes.len(), 1, "{format:?}: one code on the page");
            assert_eq!(codes[0].content, payload(), "{format:?}");
            assert_eq!(codes[0].ecc_level, 0, "{format:?}: level M");
            assert!(
                codes[0].width_mm >= min_width,
                "{format:?}: code printed {} mm wide",
                codes[0].width_mm
            );
        }
    }

    #[test]
    fn long_names_and_places_stay_inside_the_receipt_printable_width() {
        let long = TicketDocument {
            carrier: Some("Société Nationale des Transports Interurbains de Côte d’Ivoire".into()),
            departure_city: "Ouagadougou".to_owned(),
            arrival_city: "Bobo-Dioulasso (gare de l’Ouest)".to_owned(),
            departure_point: Some(
                "Gare routière internationale de Ouagadougou, quai des autocars climatisés, \
                 porte 4, à côté de la pharmacie"
                    .to_owned(),
            ),
            passenger_name: "Mame Diarra Bousso Ndèye Fatou Ndiaye épouse Sarr-Diop".to_owned(),
            seats: (1..=12).collect(),
            agency: Some("Agence principale de la gare routière des Baux Maraîchers".into()),
            issued_by: Some("Marie-Françoise Ahoua N’Guessan-Kouassi".to_owned()),
            ..ticket()
        };
        let pdf = render(&long, PaperFormat::Receipt80mm);
        assert_eq!(page_count(&pdf), 1);
        assert!(
            margins_are_blank(&pdf, 1, 3.5, 76.5),
            "text runs into the margins"
        );
        let text = squeeze(&pdf_text(&pdf));
        assert!(text.contains("Mame Diarra Bousso"), "{text}");
        assert_eq!(scan_qr_codes(&pdf, 1).len(), 1);
    }
}
