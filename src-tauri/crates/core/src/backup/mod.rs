//! Backups of the desk database: compressed online snapshots with a metadata record beside
//! each, where they go, their schedule and retention, and restoring one (see docs/backups.md).
//!
//! An archive is `billettigue-YYYYMMDD-HHMMSS-mmm-KIND.db.gz`, a gzip of a `VACUUM INTO`
//! snapshot; its record is the same name with `.json` (time, versions, desk, row counts, SHA-256).

mod archive;
mod folders;
mod progress;
mod restore;
mod schedule;
mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::i18n::Message;

pub use archive::{create, BackupOutcome, CreateBackupArgs, SecondCopy};
pub(crate) use folders::ensure_writable;
pub use folders::entries_in;
pub use folders::{default_folder, list, primary_folder, BackupFolders, BackupList};
pub use progress::{BackupPhase, BackupProgress, ProgressBoard};
pub use restore::{prepare_restore, restore_verified, RestoreArgs, RestoreOptions, RestoreReport};
pub use schedule::run_if_due;
pub use verify::{archive_administrator, check, verify, BackupCheck, VerifiedArchive, VerifyArgs};

/// The folder holding the database file (`.` for a bare file name): where its companions,
/// the default backup folder and the unpacked copy of a restore go.
pub(crate) fn database_folder(database: &Path) -> &Path {
    database
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// A SQLite file and the companions SQLite may have made beside it (WAL, shared memory,
/// rollback journal).
pub(crate) fn with_side_files(database: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    ["", "-wal", "-shm", "-journal"].into_iter().map(|suffix| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// A file being written (a snapshot, a half-written archive or record, an unpacked copy):
/// removed when dropped, with any SQLite companions, unless kept. No half-written file
/// outlives a failure.
pub(crate) struct TempFile(Option<PathBuf>);

impl TempFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self(Some(path))
    }

    pub(crate) fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or_else(|| Path::new(""))
    }

    /// Keeps the file: it is the caller's now.
    pub(crate) fn keep(mut self) -> PathBuf {
        self.0.take().unwrap_or_default()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            for file in with_side_files(&path) {
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

/// Longest path accepted as an argument (Windows' extended paths reach 32 767 characters).
const PATH_MAX_LEN: usize = 4096;

/// A full path given as an argument: trimmed, present, absolute (a relative path would depend
/// on where the desk was started), printable. `folder` says which message explains it.
pub(crate) fn absolute_path(field: &'static str, raw: &str, folder: bool) -> Result<PathBuf> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, Message::TextRequired));
    }
    if value.chars().count() > PATH_MAX_LEN {
        return Err(Error::invalid(field, Message::TextTooLong(PATH_MAX_LEN)));
    }
    if !Path::new(value).is_absolute() || value.chars().any(char::is_control) {
        let message = if folder {
            Message::FolderNotAbsolute
        } else {
            Message::ArchiveNotAbsolute
        };
        return Err(Error::invalid(field, message));
    }
    Ok(PathBuf::from(value))
}

/// An optional folder argument: absent or blank means the default.
pub(crate) fn optional_folder(field: &'static str, raw: Option<&str>) -> Result<Option<PathBuf>> {
    match raw.map(str::trim).filter(|value| !value.is_empty()) {
        Some(value) => absolute_path(field, value, true).map(Some),
        None => Ok(None),
    }
}

/// Why an archive was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Asked for by someone, from the window or the CLI.
    Manual,
    /// Made by the background schedule.
    Scheduled,
    /// The live database, taken just before a restore replaced it.
    Safety,
}

impl BackupKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Scheduled => "scheduled",
            Self::Safety => "safety",
        }
    }
}

/// The record written beside every archive (`<archive>.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupMetadata {
    /// Version of this record's layout.
    pub format: u32,
    /// The archive's file name (the record names the file it vouches for).
    pub archive: String,
    pub created_at: DateTime<Utc>,
    pub kind: BackupKind,
    /// The application version that wrote it.
    pub app_version: String,
    /// The highest migration applied to the saved database.
    pub schema_version: i64,
    pub desk_uid: String,
    pub desk_name: String,
    /// Rows per table in the saved database, by table name.
    #[ts(type = "Record<string, number>")]
    pub row_counts: std::collections::BTreeMap<String, i64>,
    /// SHA-256 of the archive file, hexadecimal.
    pub archive_sha256: String,
    #[ts(type = "number")]
    pub archive_bytes: u64,
    /// Size of the uncompressed database.
    #[ts(type = "number")]
    pub database_bytes: u64,
}

pub(crate) const METADATA_FORMAT: u32 = 1;

/// One archive found in a backup folder, with its record.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupEntry {
    /// Full path of the archive: what restore takes.
    pub path: String,
    pub file_name: String,
    /// `primary` or `second`: which of the configured folders holds it.
    pub folder: String,
    pub metadata: BackupMetadata,
}

/// The record's path for an archive: the same name with `.json` appended.
pub(crate) fn metadata_path(archive: &std::path::Path) -> PathBuf {
    let mut name = archive.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

/// The highest migration this build knows: archives above it come from a newer application.
pub(crate) fn known_schema_version() -> i64 {
    crate::db::SQLITE_MIGRATOR
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0)
}
