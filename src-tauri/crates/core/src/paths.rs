//! Where the desk keeps its files by default, shared by the window and the CLI.

use std::path::{Path, PathBuf};

/// The application identifier, also Tauri's: the data folder is named after it.
pub const APP_IDENTIFIER: &str = "sn.billettigue.desk";

/// `BILLETTIGUE_DB` if set, else `desk.db` in the user's data folder
/// (`~/.local/share/sn.billettigue.desk/` on Linux).
pub fn default_database() -> PathBuf {
    if let Some(path) = std::env::var_os("BILLETTIGUE_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join("desk.db")
}

/// Where printed tickets and manifests go: `BILLETTIGUE_DOCUMENTS` if set, else
/// `Billettigue` in the user's documents folder, else `documents/` beside the database.
pub fn documents_dir(database: &Path) -> PathBuf {
    if let Some(path) = std::env::var_os("BILLETTIGUE_DOCUMENTS").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::document_dir()
        .map(|dir| dir.join("Billettigue"))
        .unwrap_or_else(|| {
            database
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join("documents")
        })
}
