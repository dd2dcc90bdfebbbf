//! Restoring an archive over the desk database, with nothing open on it: verify the archive,
//! bring its schema up to date, take a safety backup of the current database, swap the files,
//! verify again, and put the previous files back if any step fails.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::Connection;
use ts_rs::TS;

use super::archive::{open_read_only, snapshot_to_archive};
use super::verify::{verify, VerifiedArchive};
use super::{BackupKind, BackupMetadata};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RestoreArgs {
    /// Full path of the archive (`….db.gz`); its record must sit beside it.
    pub archive: String,
    /// Restore another desk's archive (this desk then takes that desk's identity).
    #[serde(default)]
    pub allow_other_desk: bool,
}

impl RestoreArgs {
    /// The archive's path, checked.
    pub fn archive_path(&self) -> Result<PathBuf> {
        super::absolute_path("archive", &self.archive, false)
    }
}

/// Who restores and where the safety backup goes.
pub struct RestoreOptions {
    pub allow_other_desk: bool,
    /// The administrator's account uid, to name in the restored database's audit log.
    pub actor_uid: Option<String>,
    pub safety_folder: PathBuf,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RestoreReport {
    pub restored: BackupMetadata,
    /// The archive of the database as it was just before (absent if it could not be read:
    /// then a raw copy of the damaged file is kept beside it, see `damaged_copy`).
    pub safety_copy: Option<String>,
    pub damaged_copy: Option<String>,
    pub seconds: f64,
}

/// The audit log's action for a restore, written into the restored database.
const BACKUP_RESTORED: &str = "backup.restored";

/// Everything a restore can check while the desk still runs: the archive verified and
/// unpacked beside the database, another desk's archive refused unless allowed, the copy
/// brought up to this build's schema, the safety folder writable. A refusal here leaves the
/// desk open and untouched.
pub async fn prepare_restore(
    database: &Path,
    archive: &Path,
    options: &RestoreOptions,
) -> Result<VerifiedArchive> {
    let current_desk = current_desk_uid(database).await;
    let verified = verify(
        archive,
        super::database_folder(database),
        current_desk.as_deref(),
    )
    .await?;
    if verified.other_desk && !options.allow_other_desk {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::BackupOtherDesk(verified.metadata.desk_name.clone()),
        )
        .at("allow_other_desk"));
    }
    migrate_copy(verified.unpacked.path()).await?;
    super::folders::ensure_writable(&options.safety_folder)?;
    Ok(verified)
}

/// Puts a prepared archive in place of the database file at `database`: safety copy, swap,
/// check, audit line; the previous files back if any step fails. Nothing may have the file open.
pub async fn restore_verified(
    database: &Path,
    archive: &Path,
    verified: VerifiedArchive,
    options: RestoreOptions,
) -> Result<RestoreReport> {
    let (safety_copy, damaged_copy) = safety_copy(database, &options).await?;
    let aside = Aside::move_away(database)?;
    let unpacked = verified.unpacked.keep();
    let swapped = std::fs::rename(&unpacked, database);
    let checked = match swapped {
        Ok(()) => {
            finish(
                database,
                archive,
                &verified.metadata,
                &options,
                safety_copy.as_deref(),
            )
            .await
        }
        Err(error) => {
            let _ = std::fs::remove_file(&unpacked);
            Err(Error::from(error))
        }
    };
    match checked {
        Ok(()) => {
            aside.discard();
            Ok(RestoreReport {
                restored: verified.metadata,
                safety_copy,
                damaged_copy,
                seconds: verified.started.elapsed().as_secs_f64(),
            })
        }
        Err(error) => {
            aside.put_back(database)?;
            let reason = Box::new(error.message.clone());
            Err(Error {
                source: Some(Box::new(error)),
                ..Error::new(ErrorCode::Conflict, Message::RestoreRolledBack(reason))
            })
        }
    }
}

/// The live desk's uid, if its database can be read.
async fn current_desk_uid(database: &Path) -> Option<String> {
    if !database.is_file() {
        return None;
    }
    let mut conn = open_read_only(database).await.ok()?;
    let uid =
        sqlx::query_scalar("SELECT uid FROM desk_nodes WHERE is_local = 1 AND deleted_at IS NULL")
            .fetch_optional(&mut conn)
            .await
            .ok()
            .flatten();
    let _ = conn.close().await;
    uid
}

/// Brings an older archive's schema up to this build's, in the unpacked copy (one file, no WAL).
async fn migrate_copy(copy: &Path) -> Result<()> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(copy)
        .journal_mode(SqliteJournalMode::Delete)
        .foreign_keys(true);
    // A one-connection pool, not a bare connection: `Migrator::run` on `&mut SqliteConnection`
    // makes a future rustc cannot prove `Send` (sqlx's `Acquire` is higher-ranked), and the
    // window runs restores on Tauri's multi-threaded runtime.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let migrated = crate::db::SQLITE_MIGRATOR.run(&pool).await;
    pool.close().await;
    migrated?;
    Ok(())
}

/// An archive of the current database; if it cannot be read (damaged), a raw copy of the file.
async fn safety_copy(
    database: &Path,
    options: &RestoreOptions,
) -> Result<(Option<String>, Option<String>)> {
    if !database.is_file() {
        return Ok((None, None));
    }
    let options_for_pool = SqliteConnectOptions::from_str("sqlite://")?
        .filename(database)
        .journal_mode(SqliteJournalMode::Wal);
    if let Ok(pool) = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options_for_pool)
        .await
    {
        let archived = snapshot_to_archive(
            &pool,
            &options.safety_folder,
            "primary",
            BackupKind::Safety,
            options.now,
            None,
        )
        .await;
        pool.close().await;
        if let Ok(entry) = archived {
            return Ok((Some(entry.path), None));
        }
    }
    let damaged = options.safety_folder.join(format!(
        "billettigue-{}-damaged.db",
        options.now.format("%Y%m%d-%H%M%S-%3f")
    ));
    std::fs::copy(database, &damaged)?;
    Ok((None, Some(damaged.display().to_string())))
}

/// The restored database opens, passes the integrity check, and records who restored what.
async fn finish(
    database: &Path,
    archive: &Path,
    metadata: &BackupMetadata,
    options: &RestoreOptions,
    safety_copy: Option<&str>,
) -> Result<()> {
    let pool = crate::db::open(database).await?;
    let outcome = async {
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await?;
        if integrity != ["ok"] {
            return Err(Error::invalid("archive", Message::BackupDamaged));
        }
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let actor: Option<i64> = match &options.actor_uid {
            Some(uid) => {
                sqlx::query_scalar("SELECT id FROM comptes WHERE uid = ?")
                    .bind(uid)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        crate::audit::record(
            &mut tx,
            actor,
            BACKUP_RESTORED,
            Some("backup"),
            Some(&metadata.archive),
            serde_json::json!({
                "archive": archive.display().to_string(),
                "archive_created_at": metadata.created_at,
                "archive_desk": metadata.desk_name,
                "restored_by_uid": options.actor_uid,
                "safety_copy": safety_copy,
            }),
            options.now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    pool.close().await;
    outcome
}

/// The previous database's files, moved into a hidden folder until the restore is done.
struct Aside {
    folder: PathBuf,
    moved: Vec<(PathBuf, PathBuf)>,
}

impl Aside {
    fn move_away(database: &Path) -> Result<Self> {
        let folder = super::database_folder(database)
            .join(format!(".billettigue-{}.aside", crate::new_uid()));
        std::fs::create_dir_all(&folder)?;
        let mut aside = Self {
            folder,
            moved: Vec::new(),
        };
        // The WAL and shared-memory files go too: a stale WAL replayed over the restored file
        // would corrupt it.
        for file in super::with_side_files(database) {
            if file.exists() {
                let target = aside.folder.join(file.file_name().unwrap_or_default());
                if let Err(error) = std::fs::rename(&file, &target) {
                    aside.put_back(database)?;
                    return Err(error.into());
                }
                aside.moved.push((file, target));
            }
        }
        Ok(aside)
    }

    fn put_back(self, database: &Path) -> Result<()> {
        for file in super::with_side_files(database) {
            let _ = std::fs::remove_file(file);
        }
        for (original, target) in &self.moved {
            std::fs::rename(target, original)?;
        }
        let _ = std::fs::remove_dir_all(&self.folder);
        Ok(())
    }

    fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
