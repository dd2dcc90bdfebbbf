//! The QR code printed on tickets: the payload encoded at level M and drawn as vector squares,
//! with its four-module quiet zone kept clear.

use qrcode::{Color, EcLevel, QrCode};

use super::canvas::Page;
use crate::error::{Error, Result};

/// Light modules a scanner needs around the code to find it (ISO/IEC 18004).
pub(super) const QUIET_ZONE: usize = 4;

/// A QR code as a square of dark and light modules.
pub(super) struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

/// Encodes `payload` byte for byte. Level M survives about 15 % of damage — a crease or a
/// smudge on thermal paper — while keeping ~150 characters at a module size scanners read.
pub(super) fn encode(payload: &str) -> Result<QrMatrix> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(Error::internal)?;
    Ok(QrMatrix {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|color| color == Color::Dark)
            .collect(),
    })
}

impl QrMatrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Side of the printed square, quiet zone included, in millimetres.
    pub fn side(&self, module: f32) -> f32 {
        (self.width + 2 * QUIET_ZONE) as f32 * module
    }

    /// The module size, in millimetres, at which the code (without its quiet zone) is at least
    /// `min_code` wide. It is a whole number of dots of a 203 dpi thermal head (0.125 mm), so that
    /// every module prints with the same number of dots.
    pub fn module_for(&self, min_code: f32) -> f32 {
        const DOT: f32 = 25.4 / 203.0;
        let dots = (min_code / self.width.max(1) as f32 / DOT).ceil().max(2.0);
        dots * DOT
    }

    /// Draws the code with the top-left corner of its quiet zone at (`x`, `y`); returns the side.
    pub fn draw(&self, page: &mut Page, x: f32, y: f32, module: f32) -> f32 {
        let origin_x = x + QUIET_ZONE as f32 * module;
        let origin_y = y + QUIET_ZONE as f32 * module;
        let mut squares = Vec::new();
        for row in 0..self.width {
            // One rectangle per horizontal run of dark modules: fewer path segments, same image.
            let mut column = 0;
            while column < self.width {
                if !self.is_dark(column, row) {
                    column += 1;
                    continue;
                }
                let start = column;
                while column < self.width && self.is_dark(column, row) {
                    column += 1;
                }
                squares.push((
                    origin_x + start as f32 * module,
                    origin_y + row as f32 * module,
                    (column - start) as f32 * module,
                    module,
                ));
            }
        }
        page.squares(squares);
        self.side(module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample_payload() -> String {
        // The shape of a signed ticket payload: version, reference, trip, seats, signature.
        format!(
            "BT1.K7QM-4XR9-PT2C.0193f0a2-7c1d-7b3e-9f45-2c6d8e1a4b70.12,13.{}",
            "A".repeat(86)
        )
    }

    #[test]
    fn a_ticket_payload_encodes_at_level_m_in_a_version_scanners_read_easily() {
        let payload = sample_payload();
        assert!((140..=160).contains(&payload.len()), "{}", payload.len());
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .unwrap_or_else(|err| panic!("encodes: {err}"));
        assert_eq!(code.error_correction_level(), EcLevel::M);
        // 150 bytes at level M need version 7 or 8: 45 or 49 modules a side.
        assert!(matches!(code.version(), qrcode::Version::Normal(7..=8)));
        let matrix = encode(&payload).unwrap_or_else(|err| panic!("encodes: {err:?}"));
        assert_eq!(matrix.width, code.width());
    }

    #[test]
    fn the_matrix_decodes_back_to_the_payload() {
        let payload = sample_payload();
        let matrix = encode(&payload).unwrap_or_else(|err| panic!("encodes: {err:?}"));
        // Rasterise at 4 pixels a module, quiet zone included, and read it like a scanner would.
        let scale = 4;
        let side = (matrix.width + 2 * QUIET_ZONE) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_bitmap(side, side, |x, y| {
            let module = |v: usize| (v / scale).checked_sub(QUIET_ZONE);
            match (module(x), module(y)) {
                (Some(mx), Some(my)) => matrix.is_dark(mx, my),
                _ => false,
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (meta, content) = grids[0]
            .decode()
            .unwrap_or_else(|err| panic!("decodes: {err}"));
        assert_eq!(content, payload);
        assert_eq!(meta.ecc_level, 0, "rqrr numbers level M as 0");
    }

    #[test]
    fn modules_are_whole_thermal_dots_and_reach_the_asked_width() {
        let matrix = encode(&sample_payload()).unwrap_or_else(|err| panic!("encodes: {err:?}"));
        let module = matrix.module_for(32.0);
        let dots = module / (25.4 / 203.0);
        assert!((dots - dots.round()).abs() < 1e-3, "{dots}");
        assert!(module * matrix.width as f32 >= 32.0);
        assert!(module * (matrix.width as f32) < 40.0);
    }
}
