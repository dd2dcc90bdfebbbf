//! Printable documents (tickets, manifests, till reports, parcel labels, waybills, parcel
//! manifests and activity reports) rendered to PDF bytes; no I/O.
//!
//! Pages are laid out by hand on a `canvas` in millimetres, with DejaVu Sans embedded so that
//! accented names print the same on every printer (`text` measures and wraps in it). Wording
//! lives in `wording`, the QR code in `qr`.

mod canvas;
mod flow;
mod label;
mod manifest;
mod parcel_manifest;
mod qr;
mod report;
#[cfg(test)]
mod testing;
mod text;
mod ticket;
mod till;
mod waybill;
mod wording;

pub use label::{parcel_labels_pdf, ParcelLabelDocument};
pub use manifest::{manifest_pdf, ManifestDocument, ManifestRow};
pub use parcel_manifest::{parcel_manifest_pdf, ParcelManifestDocument, ParcelManifestRow};
pub use report::{report_pdf, Cell as ReportCell, ReportBook, ReportSection};
pub use ticket::{ticket_pdf, TicketDocument};
pub use till::{till_report_pdf, TillMethodLine, TillReportDocument};
pub use waybill::{waybill_pdf, WaybillDocument, WaybillPiece};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The paper a ticket is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaperFormat {
    /// A thermal receipt roll, 80 mm wide; the page is as long as the ticket.
    Receipt80mm,
    /// An A4 sheet, portrait.
    A4,
}

/// The paper a parcel label is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelPaper {
    /// A thermal label printer's 100 × 150 mm label, one per piece.
    Label100x150,
    /// A4 sheets, four labels per sheet (2 × 2, cut lines drawn).
    A4,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_formats_travel_as_snake_case_names() {
        let names = serde_json::to_string(&[PaperFormat::Receipt80mm, PaperFormat::A4]).ok();
        assert_eq!(names.as_deref(), Some(r#"["receipt80mm","a4"]"#));
        let parsed: Result<PaperFormat, _> = serde_json::from_str(r#""receipt80mm""#);
        assert_eq!(parsed.ok(), Some(PaperFormat::Receipt80mm));
    }

    #[test]
    fn label_papers_travel_as_snake_case_names() {
        let names = serde_json::to_string(&[LabelPaper::Label100x150, LabelPaper::A4]).ok();
        assert_eq!(names.as_deref(), Some(r#"["label100x150","a4"]"#));
        let parsed: Result<LabelPaper, _> = serde_json::from_str(r#""label100x150""#);
        assert_eq!(parsed.ok(), Some(LabelPaper::Label100x150));
    }
}
