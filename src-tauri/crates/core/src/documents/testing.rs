//! Test helpers that read rendered PDFs back with poppler (`pdftotext`, `pdftoppm`), the way a
//! viewer or a printer driver would, and scan their QR codes.

use std::path::Path;
use std::process::Command;

/// Runs a poppler tool, failing with a clear message when poppler-utils is not installed:
/// these tests are the only proof that accents and QR codes survive printing, so they must not
/// pass silently on a machine that cannot check them.
fn poppler(tool: &str, args: &[&str]) -> Vec<u8> {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|err| {
        panic!("`{tool}` could not run ({err}): install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn write_temp(pdf: &[u8], dir: &Path) -> String {
    let path = dir.join("document.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|err| panic!("writing {}: {err}", path.display()));
    path.to_string_lossy().into_owned()
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|err| panic!("temporary directory: {err}"))
}

/// The text of every page, laid out as on paper; pages are separated by form feeds.
pub(super) fn pdf_text(pdf: &[u8]) -> String {
    let dir = temp_dir();
    let path = write_temp(pdf, dir.path());
    String::from_utf8(poppler("pdftotext", &["-layout", &path, "-"]))
        .unwrap_or_else(|err| panic!("pdftotext output is not UTF-8: {err}"))
}

pub(super) fn page_count(pdf: &[u8]) -> usize {
    pdf_text(pdf).matches('\u{c}').count()
}

/// Page `page` (from 1) rasterised in grey at `dpi`: width, height, one byte a pixel.
pub(super) fn rasterise(pdf: &[u8], page: usize, dpi: u32) -> (usize, usize, Vec<u8>) {
    let dir = temp_dir();
    let path = write_temp(pdf, dir.path());
    let root = dir.path().join("page");
    let (page, dpi) = (page.to_string(), dpi.to_string());
    let root_str = root.to_string_lossy().into_owned();
    let args = [
        "-gray",
        "-r",
        &dpi,
        "-f",
        &page,
        "-l",
        &page,
        "-singlefile",
        &path,
        &root_str,
    ];
    poppler("pdftoppm", &args);
    let pgm = std::fs::read(root.with_extension("pgm"))
        .unwrap_or_else(|err| panic!("pdftoppm wrote no PGM: {err}"));
    parse_pgm(&pgm)
}

/// Reads a binary PGM (`P5`), the format `pdftoppm -gray` writes.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let start = at;
        while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "not a binary PGM");
    let number = |field: &str| {
        field
            .parse::<usize>()
            .unwrap_or_else(|err| panic!("PGM header {field:?}: {err}"))
    };
    let (width, height) = (number(&fields[1]), number(&fields[2]));
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), width * height, "truncated PGM");
    (width, height, pixels)
}

/// A QR code read off a rendered page: what it says, its error-correction level as rqrr numbers
/// it (0 is level M), and its printed width in millimetres.
pub(super) struct Scanned {
    pub content: String,
    pub ecc_level: u16,
    pub width_mm: f32,
}

/// Every QR code found on page `page`, decoded, as a phone scanning the printout would.
pub(super) fn scan_qr_codes(pdf: &[u8], page: usize) -> Vec<Scanned> {
    const DPI: u32 = 150;
    let (width, height, pixels) = rasterise(pdf, page, DPI);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    image
        .detect_grids()
        .iter()
        .map(|grid| {
            let (meta, content) = grid
                .decode()
                .unwrap_or_else(|err| panic!("QR code unreadable: {err}"));
            let [top_left, top_right, ..] = grid.bounds;
            let pixels =
                f64::from(top_right.x - top_left.x).hypot(f64::from(top_right.y - top_left.y));
            Scanned {
                content,
                ecc_level: meta.ecc_level,
                width_mm: (pixels / f64::from(DPI) * 25.4) as f32,
            }
        })
        .collect()
}

/// Size of page `page` in millimetres, as `pdfinfo` reports it.
pub(super) fn page_size_mm(pdf: &[u8], page: usize) -> (f32, f32) {
    let dir = temp_dir();
    let path = write_temp(pdf, dir.path());
    let page = page.to_string();
    let info = String::from_utf8_lossy(&poppler("pdfinfo", &["-f", &page, "-l", &page, &path]))
        .into_owned();
    // "Page    1 size: 226.77 x 595.28 pts"
    let line = info
        .lines()
        .find(|line| line.contains("size:"))
        .unwrap_or_else(|| panic!("no page size in pdfinfo output: {info}"));
    let numbers: Vec<f32> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    let pt_to_mm = 25.4 / 72.0;
    match numbers.as_slice() {
        [.., width, height] => (width * pt_to_mm, height * pt_to_mm),
        _ => panic!("unexpected pdfinfo line: {line}"),
    }
}

/// Whether every pixel of page `page` left of `left_mm` and right of `right_mm` is white: no text
/// or drawing runs off the printable width.
pub(super) fn margins_are_blank(pdf: &[u8], page: usize, left_mm: f32, right_mm: f32) -> bool {
    const DPI: u32 = 100;
    let (width, _, pixels) = rasterise(pdf, page, DPI);
    let to_px = |mm: f32| (mm / 25.4 * DPI as f32) as usize;
    let (left, right) = (to_px(left_mm), to_px(right_mm));
    pixels
        .chunks(width)
        .all(|row| row[..left].iter().chain(&row[right..]).all(|&p| p > 240))
}

/// Whitespace runs collapsed to one space, so assertions do not depend on column layout.
pub(super) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
