//! Where archives go (a primary folder, optionally a second one such as a USB stick or a
//! network share), listing what they hold, and keeping only the newest.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::{metadata_path, BackupEntry, BackupMetadata};
use crate::config;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The folders archives go to, and the schedule's settings, as configured.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupFolders {
    pub primary: String,
    pub second: Option<String>,
    /// Hours between scheduled backups.
    pub interval_hours: i64,
    /// Archives kept in each folder (the oldest go first).
    pub retention: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupList {
    pub folders: BackupFolders,
    /// Newest first, both folders.
    pub entries: Vec<BackupEntry>,
    /// The newest backup this desk recorded making (from the administration log).
    pub last_backup_at: Option<DateTime<Utc>>,
    /// When the schedule will make the next one.
    pub next_backup_at: DateTime<Utc>,
    /// Why a folder cannot be read, if one cannot (e.g. the USB stick is out).
    pub unreachable: Vec<String>,
}

pub(crate) const DEFAULT_INTERVAL_HOURS: i64 = 4;
pub(crate) const DEFAULT_RETENTION: i64 = 30;

/// The default primary folder: `backups/` beside the database file.
pub fn default_folder(database: &Path) -> PathBuf {
    super::database_folder(database).join("backups")
}

pub(crate) async fn configured(
    conn: &mut SqliteConnection,
    database: &Path,
) -> Result<BackupFolders> {
    let primary = config::text(conn, config::BACKUP_FOLDER, "").await?;
    let second = config::text(conn, config::BACKUP_SECOND_FOLDER, "").await?;
    Ok(BackupFolders {
        primary: if primary.is_empty() {
            default_folder(database).display().to_string()
        } else {
            primary
        },
        second: Some(second).filter(|folder| !folder.is_empty()),
        interval_hours: config::integer(
            conn,
            config::BACKUP_INTERVAL_HOURS,
            DEFAULT_INTERVAL_HOURS,
        )
        .await?,
        retention: config::integer(conn, config::BACKUP_RETENTION, DEFAULT_RETENTION).await?,
    })
}

/// Every archive with a readable record in the configured folders, newest first.
pub async fn list(desk: &Desk) -> Result<BackupList> {
    let mut conn = desk.pool().acquire().await?;
    let folders = configured(&mut conn, desk.database_path()).await?;
    let last_backup_at = super::schedule::last_backup_at(&mut conn).await?;
    drop(conn);
    let mut entries = Vec::new();
    let mut unreachable = Vec::new();
    let labelled = std::iter::once(("primary", folders.primary.clone()))
        .chain(folders.second.clone().map(|second| ("second", second)));
    for (label, folder) in labelled {
        match entries_in(Path::new(&folder), label) {
            Ok(found) => entries.extend(found),
            Err(_) => unreachable.push(folder),
        }
    }
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.metadata.created_at));
    let next_backup_at =
        super::schedule::next_due(last_backup_at, folders.interval_hours, desk.clock().now());
    Ok(BackupList {
        folders,
        entries,
        last_backup_at,
        next_backup_at,
        unreachable,
    })
}

/// The folder backups go to, as configured (for a restore's safety backup).
pub async fn primary_folder(desk: &Desk) -> Result<PathBuf> {
    let folders = configured(&mut *desk.pool().acquire().await?, desk.database_path()).await?;
    Ok(PathBuf::from(folders.primary))
}

/// The archives of one folder that have a readable record naming them, newest first. A missing
/// folder holds none.
pub fn entries_in(folder: &Path, label: &str) -> std::io::Result<Vec<BackupEntry>> {
    let read = match std::fs::read_dir(folder) {
        Ok(read) => read,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut entries = Vec::new();
    for item in read {
        let path = item?.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if !is_archive_name(&file_name) {
            continue;
        }
        if let Ok(metadata) = read_metadata(&path) {
            if metadata.archive == file_name {
                entries.push(BackupEntry {
                    path: path.display().to_string(),
                    file_name,
                    folder: label.to_owned(),
                    metadata,
                });
            }
        }
    }
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.metadata.created_at));
    Ok(entries)
}

pub(crate) fn is_archive_name(name: &str) -> bool {
    name.starts_with("billettigue-") && name.ends_with(".db.gz")
}

/// The record beside an archive.
pub(crate) fn read_metadata(archive: &Path) -> Result<BackupMetadata> {
    let missing = || Error::invalid("archive", Message::BackupMetadataMissing);
    let text = std::fs::read_to_string(metadata_path(archive)).map_err(|_| missing())?;
    serde_json::from_str(&text).map_err(|_| missing())
}

/// A folder archives can be written to: created if missing, and probed with a small file.
pub(crate) fn ensure_writable(folder: &Path) -> Result<()> {
    let unusable = || {
        Error::invalid(
            "folder",
            Message::BackupFolderUnusable(folder.display().to_string()),
        )
    };
    std::fs::create_dir_all(folder).map_err(|_| unusable())?;
    let probe = folder.join(format!(".billettigue-probe-{}", crate::new_uid()));
    std::fs::write(&probe, b"probe").map_err(|_| unusable())?;
    std::fs::remove_file(&probe).map_err(|_| unusable())?;
    Ok(())
}

/// Keeps the `keep` newest archives of `folder` and removes the rest, with their records, and
/// any half-written file an interrupted backup left more than an hour ago.
pub(crate) fn prune(folder: &Path, keep: usize, now: DateTime<Utc>) -> std::io::Result<usize> {
    let entries = entries_in(folder, "")?;
    let mut removed = 0;
    for entry in entries.into_iter().skip(keep) {
        let archive = PathBuf::from(&entry.path);
        std::fs::remove_file(metadata_path(&archive))?;
        std::fs::remove_file(&archive)?;
        removed += 1;
    }
    for item in std::fs::read_dir(folder)? {
        let item = item?;
        let name = item.file_name().to_string_lossy().into_owned();
        let leftover = name.trim_start_matches('.').starts_with("billettigue-")
            && (name.ends_with(".part") || name.ends_with(".snapshot"));
        let modified: Option<DateTime<Utc>> = item.metadata()?.modified().ok().map(DateTime::from);
        if leftover && modified.is_some_and(|at| now - at > chrono::Duration::hours(1)) {
            std::fs::remove_file(item.path())?;
        }
    }
    Ok(removed)
}
