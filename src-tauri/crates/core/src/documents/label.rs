//! Parcel labels: one per piece, on a thermal printer's 100 × 150 mm label or four to an A4
//! sheet, with the destination printed large for the loader and the piece's QR code.

use chrono::{DateTime, Utc};

use super::canvas::{self, Page};
use super::flow::Flow;
use super::qr::{self, QrMatrix};
use super::text::{Align, Fonts, Style};
use super::wording::{amount, words, Words};
use super::LabelPaper;
use crate::error::{Error, Result};
use crate::i18n::Locale;

/// Everything printed on one piece's label, already looked up and translated by the caller.
#[derive(Debug, Clone)]
pub struct ParcelLabelDocument {
    /// The shipment's tracking code, e.g. `K7Q-M4X-R9P-T2C`; printed large.
    pub tracking_code: String,
    /// The piece's own code, e.g. `K7Q-M4X-R9P-T2C/2`; encoded as-is in the QR code and printed
    /// under it.
    pub colis_code: String,
    pub piece_number: i64,
    pub piece_count: i64,
    /// The transport company.
    pub carrier: Option<String>,
    pub origin_city: String,
    /// Printed very large: it is what the loader reads.
    pub destination_city: String,
    pub sender_name: String,
    pub sender_phone: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub description: String,
    /// Printed in kilograms with up to two decimals.
    pub weight_g: i64,
    /// Prints an inverted FRAGILE banner.
    pub fragile: bool,
    /// Prints a framed EXPRESS banner.
    pub express: bool,
    /// Cash to collect from the recipient on delivery, in hundredths of the currency.
    pub collect_on_delivery_minor: Option<i64>,
    pub currency: String,
    /// When the shipment was taken in; printed as the time on the station clock (GMT).
    pub created_at: DateTime<Utc>,
    pub locale: Locale,
}

/// The labels as one PDF: a 100 × 150 mm page per label, or A4 sheets of four labels (2 × 2,
/// dashed cut lines between them), as many sheets as needed. `labels` must not be empty.
pub fn parcel_labels_pdf(labels: &[ParcelLabelDocument], paper: LabelPaper) -> Result<Vec<u8>> {
    let first = labels.first().ok_or_else(|| {
        Error::internal(std::io::Error::other(
            "no parcel label to print: the list of labels is empty",
        ))
    })?;
    let fonts = Fonts::load()?;
    let pages = match paper {
        LabelPaper::Label100x150 => labels
            .iter()
            .map(|label| {
                let mut page = Page::new(LABEL_WIDTH, LABEL_HEIGHT);
                let area = Area {
                    left: LABEL_MARGIN,
                    top: LABEL_MARGIN,
                    width: LABEL_WIDTH - 2.0 * LABEL_MARGIN,
                    height: LABEL_HEIGHT - 2.0 * LABEL_MARGIN,
                };
                draw(&mut page, &fonts, label, area)?;
                Ok(page)
            })
            .collect::<Result<Vec<_>>>()?,
        LabelPaper::A4 => labels
            .chunks(PER_SHEET)
            .map(|sheet_labels| sheet(&fonts, sheet_labels))
            .collect::<Result<Vec<_>>>()?,
    };
    let title = title(labels, words(first.locale));
    canvas::render(&title, first.created_at, &fonts, pages)
}

const LABEL_WIDTH: f32 = 100.0;
const LABEL_HEIGHT: f32 = 150.0;
/// Thermal label printers print to within a couple of millimetres of the edge; 4 mm leaves room
/// for a label fed slightly askew.
const LABEL_MARGIN: f32 = 4.0;

const A4_WIDTH: f32 = 210.0;
const A4_HEIGHT: f32 = 297.0;
const PER_SHEET: usize = 4;
/// Inside each quarter of the sheet: office printers leave about 5 mm unprinted at the paper's
/// edge, and a cut a little off the line must not take the text with it.
const CELL_MARGIN: f32 = 7.0;

/// Width of the code itself, without its quiet zone: a phone reads it at arm's length in a
/// dim hold, and the piece's code is short enough to need few modules.
const QR_MIN: f32 = 25.0;

/// Where a label is drawn on its page: its printable area, inside its margins.
#[derive(Debug, Clone, Copy)]
struct Area {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
}

impl Area {
    fn right(self) -> f32 {
        self.left + self.width
    }

    fn bottom(self) -> f32 {
        self.top + self.height
    }
}

/// One A4 sheet of up to four labels, left to right then top to bottom.
fn sheet(fonts: &Fonts, labels: &[ParcelLabelDocument]) -> Result<Page> {
    let mut page = Page::new(A4_WIDTH, A4_HEIGHT);
    let (cell_width, cell_height) = (A4_WIDTH / 2.0, A4_HEIGHT / 2.0);
    for (index, label) in labels.iter().enumerate() {
        let (column, row) = ((index % 2) as f32, (index / 2) as f32);
        let area = Area {
            left: column * cell_width + CELL_MARGIN,
            top: row * cell_height + CELL_MARGIN,
            width: cell_width - 2.0 * CELL_MARGIN,
            height: cell_height - 2.0 * CELL_MARGIN,
        };
        draw(&mut page, fonts, label, area)?;
    }
    // Drawn on every sheet, even a last one with fewer labels: it is cut the same way.
    page.line((cell_width, 0.0), (cell_width, A4_HEIGHT), 0.5, 0.0, true);
    page.line((0.0, cell_height), (A4_WIDTH, cell_height), 0.5, 0.0, true);
    Ok(page)
}

/// Draws one label in `area`: what the loader reads from the top down, and the code, the piece
/// and the cash to collect anchored at the bottom, where a scanner and a cashier look for them.
fn draw(page: &mut Page, fonts: &Fonts, label: &ParcelLabelDocument, area: Area) -> Result<()> {
    let words = words(label.locale);
    let code = qr::encode(&label.colis_code)?;
    let mut bottom = area.bottom();
    if let Some(collect) = label.collect_on_delivery_minor {
        bottom = cash_box(page, fonts, label, words, area, collect) - 2.5;
    }
    let block_top = code_block(page, fonts, label, words, &code, area, bottom);
    let rule = block_top - 2.5;
    page.hline(area.left, area.right(), rule, 0.6, 0.0);
    // Long names with both banners do not fit at the usual sizes: measured on a blank page
    // first, the top part then prints smaller rather than run into the code.
    let mut trial = Page::new(page.width, page.height);
    let sizes = if addresses(&mut trial, fonts, label, words, area, ROOMY) <= rule - 1.5 {
        ROOMY
    } else {
        COMPACT
    };
    addresses(page, fonts, label, words, area, sizes);
    Ok(())
}

/// Type sizes of the label's top part, in points.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    banner: f32,
    /// The largest size of the destination, and the smallest before it takes two lines.
    destination: (f32, f32),
    origin: f32,
    recipient: f32,
    sender: f32,
    sender_lines: usize,
}

const ROOMY: Sizes = Sizes {
    banner: 15.0,
    destination: (40.0, 20.0),
    origin: 9.5,
    recipient: 13.0,
    sender: 8.5,
    sender_lines: 2,
};

const COMPACT: Sizes = Sizes {
    banner: 12.0,
    destination: (26.0, 16.0),
    origin: 8.5,
    recipient: 11.0,
    sender: 8.0,
    sender_lines: 2,
};

/// Carrier, handling banners, destination, origin, recipient and sender, down from the top;
/// returns where they end.
fn addresses(
    page: &mut Page,
    fonts: &Fonts,
    label: &ParcelLabelDocument,
    words: &Words,
    area: Area,
    sizes: Sizes,
) -> f32 {
    let date_style = Style::regular(8.0).muted();
    let date = words.short_date_time(label.created_at);
    let carrier_style = Style::bold(10.0);
    // The date on the carrier's baseline, at the right.
    let date_top = area.top + carrier_style.baseline_drop() - date_style.baseline_drop();
    page.text(
        fonts,
        area.right(),
        date_top,
        Align::Right,
        date_style,
        &date,
    );
    if let Some(carrier) = &label.carrier {
        let room = area.width - fonts.width(date_style, &date) - 4.0;
        let carrier = fonts.ellipsize(carrier_style, carrier, room);
        page.text(
            fonts,
            area.left,
            area.top,
            Align::Left,
            carrier_style,
            &carrier,
        );
    }
    let mut y = area.top + carrier_style.line_height() + 1.0;
    page.hline(area.left, area.right(), y, 1.2, 0.0);
    y += 2.5;

    // FRAGILE white on black so that it cannot be missed; EXPRESS framed, so that the two never
    // look alike from across the hold. Side by side when both apply.
    let banners: Vec<(&str, bool)> = [
        (words.fragile, label.fragile, true),
        (words.express, label.express, false),
    ]
    .into_iter()
    .filter(|(_, applies, _)| *applies)
    .map(|(text, _, inverted)| (text, inverted))
    .collect();
    if !banners.is_empty() {
        let gap = 3.0;
        let count = banners.len() as f32;
        let each = (area.width - gap * (count - 1.0)) / count;
        let mut bottom = y;
        for (index, (text, inverted)) in banners.into_iter().enumerate() {
            let mut banner = Flow {
                page: &mut *page,
                fonts,
                left: area.left + index as f32 * (each + gap),
                width: each,
                y,
            };
            banner.banner(Style::bold(sizes.banner), text, inverted);
            bottom = banner.y;
        }
        y = bottom + 2.5;
    }

    let mut flow = Flow {
        page,
        fonts,
        left: area.left,
        width: area.width,
        y,
    };
    // As large as the name allows on one line; a long name goes on two lines rather than
    // shrink to a size the loader cannot read from the far end of the hold.
    let (largest, smallest) = sizes.destination;
    let destination = fonts.fit(
        Style::bold(largest),
        &label.destination_city,
        area.width,
        smallest,
    );
    flow.paragraph(destination, Align::Left, &label.destination_city, 2);
    flow.line(
        Style::regular(sizes.origin),
        Align::Left,
        &words.labelled(words.origin, &label.origin_city),
    );
    flow.rule(2.0);

    let recipient = Style::bold(sizes.recipient);
    flow.line(Style::regular(8.0).muted(), Align::Left, words.recipient);
    flow.paragraph(recipient, Align::Left, &label.recipient_name, 2);
    flow.line(recipient, Align::Left, &label.recipient_phone);
    flow.gap(2.0);
    let sender = format!("{} · {}", label.sender_name, label.sender_phone);
    flow.paragraph(
        Style::regular(sizes.sender),
        Align::Left,
        &words.labelled(words.sender, sender),
        sizes.sender_lines,
    );
    flow.y
}

/// The QR code of the piece with its code under it, and beside it the tracking code, the piece's
/// number, its weight and contents; the block ends at `bottom`. Returns the block's top.
fn code_block(
    page: &mut Page,
    fonts: &Fonts,
    label: &ParcelLabelDocument,
    words: &Words,
    code: &QrMatrix,
    area: Area,
    bottom: f32,
) -> f32 {
    let module = code.module_for(QR_MIN);
    let side = code.side(module);
    let code_text = fonts.fit(Style::bold(9.0), &label.colis_code, side, 6.0);
    let top = bottom - side - code_text.line_height();
    code.draw(page, area.left, top, module);
    let colis_code = fonts.ellipsize(code_text, &label.colis_code, side);
    page.text(
        fonts,
        area.left + side / 2.0,
        top + side,
        Align::Center,
        code_text,
        &colis_code,
    );

    // The text lines up with the code's dark modules, not with its blank quiet zone.
    let quiet = qr::QUIET_ZONE as f32 * module;
    let left = area.left + side + 1.0;
    let mut flow = Flow {
        page,
        fonts,
        left,
        width: area.right() - left,
        y: top + quiet - 1.0,
    };
    flow.line(
        Style::regular(8.0).muted(),
        Align::Left,
        words.tracking_code,
    );
    let tracking = fonts.fit(Style::bold(17.0), &label.tracking_code, flow.width, 10.0);
    flow.line(tracking, Align::Left, &label.tracking_code);
    flow.gap(2.0);
    let piece = format!(
        "{} {}/{}",
        words.piece, label.piece_number, label.piece_count
    );
    flow.line(Style::bold(16.0), Align::Left, &piece);
    flow.gap(1.0);
    flow.line(
        Style::bold(12.0),
        Align::Left,
        &words.labelled(words.weight, words.weight(label.weight_g)),
    );
    flow.gap(1.0);
    // Whatever room is left above the block's foot, never over the cash box below.
    let contents = Style::regular(8.5);
    let room = ((bottom - flow.y) / contents.line_height())
        .floor()
        .max(0.0) as usize;
    if room > 0 {
        flow.paragraph(
            contents,
            Align::Left,
            &words.labelled(words.contents, &label.description),
            room,
        );
    }
    top
}

/// "À PAYER À LA LIVRAISON : 12 500 XOF" in a heavy frame at the foot of the label; the amount
/// on a line of its own when both do not fit on one, never cut between its digits. Returns the
/// frame's top.
fn cash_box(
    page: &mut Page,
    fonts: &Fonts,
    label: &ParcelLabelDocument,
    words: &Words,
    area: Area,
    collect: i64,
) -> f32 {
    let padding = 2.0;
    let inner = area.width - 2.0 * padding;
    let figure = amount(collect, &label.currency);
    let text = words.labelled(words.collect_on_delivery, &figure);
    let style = fonts.fit(Style::bold(14.0), &text, inner, 11.0);
    let lines = if fonts.width(style, &text) <= inner {
        vec![(style, text)]
    } else {
        let heading = format!("{}{}", words.collect_on_delivery, words.colon);
        let heading_style = fonts.fit(Style::bold(12.0), &heading, inner, 8.0);
        let figure_style = fonts.fit(Style::bold(16.0), &figure, inner, 8.0);
        vec![
            (
                heading_style,
                fonts.ellipsize(heading_style, &heading, inner),
            ),
            (figure_style, fonts.ellipsize(figure_style, &figure, inner)),
        ]
    };
    let height: f32 = lines
        .iter()
        .map(|(style, _)| style.line_height())
        .sum::<f32>()
        + 2.0 * padding;
    let top = area.bottom() - height;
    page.stroke_rect(area.left, top, area.width, height, 2.0);
    let mut y = top + padding;
    for (style, line) in &lines {
        page.text(
            fonts,
            area.left + area.width / 2.0,
            y,
            Align::Center,
            *style,
            line,
        );
        y += style.line_height();
    }
    top
}

/// "Étiquettes K7Q-M4X-R9P-T2C": the shipments' tracking codes, the first three of them.
fn title(labels: &[ParcelLabelDocument], words: &Words) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for label in labels {
        if !codes.contains(&label.tracking_code.as_str()) {
            codes.push(&label.tracking_code);
        }
    }
    let more = if codes.len() > 3 { ", …" } else { "" };
    codes.truncate(3);
    format!("{} {}{more}", words.labels, codes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::testing::{
        margins_are_blank, page_count, page_size_mm, pdf_text, rasterise, scan_qr_codes, squeeze,
    };
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, hour, minute, 0)
            .single()
            .unwrap_or_else(|| panic!("valid date"))
    }

    fn label(piece: i64, count: i64) -> ParcelLabelDocument {
        ParcelLabelDocument {
            tracking_code: "K7Q-M4X-R9P-T2C".to_owned(),
            colis_code: format!("K7Q-M4X-R9P-T2C/{piece}"),
            piece_number: piece,
            piece_count: count,
            carrier: Some("Transports Sénégal Dem Dikk".to_owned()),
            origin_city: "Dakar".to_owned(),
            destination_city: "Thiès".to_owned(),
            sender_name: "Moussa Diop".to_owned(),
            sender_phone: "+221 76 555 44 33".to_owned(),
            recipient_name: "Aïssatou Ndiaye".to_owned(),
            recipient_phone: "+221 77 123 45 67".to_owned(),
            description: "Tissus wax et pagnes".to_owned(),
            weight_g: 2_500,
            fragile: true,
            express: false,
            collect_on_delivery_minor: Some(1_250_000),
            currency: "XOF".to_owned(),
            created_at: at(14, 5),
            locale: Locale::Fr,
        }
    }

    fn labels(count: i64) -> Vec<ParcelLabelDocument> {
        (1..=count).map(|piece| label(piece, count)).collect()
    }

    fn render(labels: &[ParcelLabelDocument], paper: LabelPaper) -> Vec<u8> {
        parcel_labels_pdf(labels, paper).unwrap_or_else(|err| panic!("renders: {err:?}"))
    }

    #[test]
    fn each_piece_gets_its_own_100_by_150_label_with_what_the_loader_reads() {
        let pdf = render(&labels(5), LabelPaper::Label100x150);
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(page_count(&pdf), 5);
        let (width, height) = page_size_mm(&pdf, 3);
        assert!((width - 100.0).abs() < 0.1, "{width} mm wide");
        assert!((height - 150.0).abs() < 0.1, "{height} mm high");
        let text = pdf_text(&pdf);
        let pages: Vec<String> = text.split('\u{c}').map(squeeze).collect();
        for (index, page) in pages.iter().take(5).enumerate() {
            for expected in [
                "K7Q-M4X-R9P-T2C",
                &format!("K7Q-M4X-R9P-T2C/{}", index + 1),
                &format!("Colis {}/5", index + 1),
                "Thiès",
                "Origine : Dakar",
                "Aïssatou Ndiaye",
                "+221 77 123 45 67",
                "Expéditeur : Moussa Diop · +221 76 555 44 33",
                "Poids : 2,5 kg",
                "Contenu : Tissus wax et pagnes",
                "FRAGILE",
                "À PAYER À LA LIVRAISON : 12 500 XOF",
                "Transports Sénégal Dem Dikk",
                "22/11/2026 à 14:05",
            ] {
                assert!(page.contains(expected), "{expected:?} missing from {page}");
            }
            assert!(!page.contains("EXPRESS"), "{page}");
        }
        for page in 1..=5 {
            assert!(
                margins_are_blank(&pdf, page, 3.5, 96.5),
                "label {page} runs into the margins"
            );
        }
    }

    #[test]
    fn the_qr_code_scans_back_to_the_piece_code_at_a_readable_size() {
        let pdf = render(&labels(2), LabelPaper::Label100x150);
        for page in 1..=2 {
            let codes = scan_qr_codes(&pdf, page);
            assert_eq!(codes.len(), 1, "one code on label {page}");
            assert_eq!(codes[0].content, format!("K7Q-M4X-R9P-T2C/{page}"));
            assert_eq!(codes[0].ecc_level, 0, "level M");
            assert!(codes[0].width_mm >= 24.0, "{} mm", codes[0].width_mm);
        }
    }

    #[test]
    fn five_labels_on_a4_take_two_sheets_of_four_with_every_code_readable() {
        let pdf = render(&labels(5), LabelPaper::A4);
        assert_eq!(page_count(&pdf), 2);
        let (width, height) = page_size_mm(&pdf, 1);
        assert!((width - 210.0).abs() < 0.1 && (height - 297.0).abs() < 0.1);
        let text = pdf_text(&pdf);
        let pages: Vec<String> = text.split('\u{c}').map(squeeze).collect();
        for piece in 1..=4 {
            let piece = format!("Colis {piece}/5");
            assert!(
                pages[0].contains(&piece),
                "{piece} missing from {}",
                pages[0]
            );
        }
        assert!(pages[1].contains("Colis 5/5"), "{}", pages[1]);
        assert_eq!(pages[0].matches("+221 77 123 45 67").count(), 4);
        assert_eq!(pages[1].matches("+221 77 123 45 67").count(), 1);

        // A phone frames one label at a time: each quarter of the sheet is scanned on its own.
        let mut first: Vec<String> = (0..4)
            .filter_map(|quarter| scan_quarter(&pdf, 1, quarter))
            .collect();
        first.sort();
        let expected: Vec<String> = (1..=4).map(|n| format!("K7Q-M4X-R9P-T2C/{n}")).collect();
        assert_eq!(first, expected);
        let second: Vec<String> = (0..4)
            .filter_map(|quarter| scan_quarter(&pdf, 2, quarter))
            .collect();
        assert_eq!(second, ["K7Q-M4X-R9P-T2C/5"]);
    }

    /// The QR code in quarter `quarter` (0 top left, 1 top right, 2 and 3 below) of an A4 sheet
    /// of labels, if there is one.
    fn scan_quarter(pdf: &[u8], page: usize, quarter: usize) -> Option<String> {
        let (width, height, pixels) = rasterise(pdf, page, 150);
        let (half_width, half_height) = (width / 2, height / 2);
        let (left, top) = ((quarter % 2) * half_width, (quarter / 2) * half_height);
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(half_width, half_height, |x, y| {
                pixels[(top + y) * width + left + x]
            });
        let grids = image.detect_grids();
        assert!(grids.len() <= 1, "several codes on one label");
        grids.first().map(|grid| {
            let (meta, content) = grid
                .decode()
                .unwrap_or_else(|err| panic!("QR code unreadable: {err}"));
            assert_eq!(meta.ecc_level, 0, "level M");
            content
        })
    }

    #[test]
    fn a_plain_express_piece_has_no_fragile_banner_and_nothing_to_collect() {
        let plain = ParcelLabelDocument {
            fragile: false,
            express: true,
            collect_on_delivery_minor: None,
            ..label(1, 1)
        };
        let text = squeeze(&pdf_text(&render(&[plain], LabelPaper::Label100x150)));
        assert!(text.contains("EXPRESS"), "{text}");
        assert!(text.contains("Colis 1/1"), "{text}");
        for absent in ["FRAGILE", "À PAYER", "XOF"] {
            assert!(!text.contains(absent), "{absent:?} in {text}");
        }
    }

    #[test]
    fn an_english_label_has_every_word_in_english() {
        let english = ParcelLabelDocument {
            locale: Locale::En,
            express: true,
            weight_g: 12_345,
            collect_on_delivery_minor: Some(1_250_050),
            ..label(2, 3)
        };
        let text = squeeze(&pdf_text(&render(&[english], LabelPaper::Label100x150)));
        for expected in [
            "Parcel 2/3",
            "Origin: Dakar",
            "Recipient",
            "Sender: Moussa Diop",
            "Weight: 12.35 kg",
            "Contents: Tissus wax et pagnes",
            "Tracking no.",
            "FRAGILE",
            "EXPRESS",
            "TO PAY ON DELIVERY: 12 500,50 XOF",
            "22/11/2026 at 14:05",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
        for french in ["Colis", "Destinataire", "Expéditeur", "Poids", "PAYER"] {
            assert!(!text.contains(french), "{french:?} left in {text}");
        }
    }

    #[test]
    fn long_names_stay_on_the_label_and_the_code_still_scans() {
        let long = ParcelLabelDocument {
            carrier: Some("Société Nationale des Transports Interurbains de Côte d’Ivoire".into()),
            origin_city: "Ouagadougou (gare routière internationale)".to_owned(),
            destination_city: "Bobo-Dioulasso (gare de l’Ouest)".to_owned(),
            recipient_name: "Mame Diarra Bousso Ndèye Fatou Ndiaye épouse Sarr-Diop".to_owned(),
            sender_name: "Marie-Françoise Ahoua N’Guessan-Kouassi".to_owned(),
            description: "Pièces détachées de moto, deux pneus neufs, une batterie et des \
                          bidons d’huile bien fermés, emballés dans un carton renforcé"
                .to_owned(),
            express: true,
            collect_on_delivery_minor: Some(987_654_300),
            piece_number: 12,
            piece_count: 12,
            colis_code: "K7Q-M4X-R9P-T2C/12".to_owned(),
            ..label(12, 12)
        };
        for paper in [LabelPaper::Label100x150, LabelPaper::A4] {
            let pdf = render(std::slice::from_ref(&long), paper);
            assert_eq!(page_count(&pdf), 1, "{paper:?}");
            let text = squeeze(&pdf_text(&pdf));
            for expected in ["Bobo-Dioulasso", "Mame Diarra Bousso", "9 876 543 XOF"] {
                assert!(text.contains(expected), "{paper:?}: {expected:?} in {text}");
            }
            let code = match paper {
                LabelPaper::Label100x150 => {
                    scan_qr_codes(&pdf, 1).pop().map(|scanned| scanned.content)
                }
                LabelPaper::A4 => scan_quarter(&pdf, 1, 0),
            };
            assert_eq!(code.as_deref(), Some("K7Q-M4X-R9P-T2C/12"), "{paper:?}");
        }
        let pdf = render(&[long], LabelPaper::Label100x150);
        assert!(margins_are_blank(&pdf, 1, 3.5, 96.5));
    }

    #[test]
    fn an_empty_list_of_labels_is_an_error() {
        assert!(parcel_labels_pdf(&[], LabelPaper::A4).is_err());
        assert!(parcel_labels_pdf(&[], LabelPaper::Label100x150).is_err());
    }

    #[test]
    fn the_document_title_names_the_shipments() {
        let mut mixed = labels(2);
        mixed.push(ParcelLabelDocument {
            tracking_code: "A2B-C3D-E4F-G5H".to_owned(),
            ..label(1, 1)
        });
        assert_eq!(
            title(&mixed, words(Locale::Fr)),
            "Étiquettes K7Q-M4X-R9P-T2C, A2B-C3D-E4F-G5H"
        );
    }
}
