//! Checking an archive before anything is touched: its record, its SHA-256, the integrity of
//! the database inside, that it is a desk database of this application's lineage and not of a
//! newer schema, and whose desk it is.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sqlx::Connection;
use ts_rs::TS;

use super::archive::{file_sha256, open_read_only, SnapshotFacts};
use super::folders::read_metadata;
use super::{known_schema_version, BackupMetadata, TempFile};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VerifyArgs {
    /// Full path of the archive (`….db.gz`); its record must sit beside it.
    pub archive: String,
}

/// What `backups.verify` says of a sound archive.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupCheck {
    pub metadata: BackupMetadata,
    /// The archive is another desk's: restoring it needs `allow_other_desk`.
    pub other_desk: bool,
}

/// Checks an archive for the running desk, unpacking it in a temporary folder.
pub async fn check(desk: &crate::Desk, args: VerifyArgs) -> Result<BackupCheck> {
    let archive = super::absolute_path("archive", &args.archive, false)?;
    let verified = verify(&archive, &std::env::temp_dir(), Some(desk.desk_uid())).await?;
    Ok(BackupCheck {
        metadata: verified.metadata.clone(),
        other_desk: verified.other_desk,
    })
}

/// A checked archive, unpacked beside the database it may replace.
pub struct VerifiedArchive {
    pub metadata: BackupMetadata,
    /// The unpacked database; removed when this is dropped unless taken by the restore.
    pub(crate) unpacked: TempFile,
    /// The archive is another desk's (restoring it gives this desk that identity).
    pub other_desk: bool,
    /// When its checking began: a restore's time counts from here.
    pub(crate) started: std::time::Instant,
}

/// Checks `archive` and unpacks it into `work_dir` (the live database's folder, so that the
/// restore's final rename stays on one file system). `current_desk` is the live desk's uid.
pub async fn verify(
    archive: &Path,
    work_dir: &Path,
    current_desk: Option<&str>,
) -> Result<VerifiedArchive> {
    let started = std::time::Instant::now();
    if !archive.is_file() {
        return Err(
            Error::not_found(Message::BackupNotFound(archive.display().to_string())).at("archive"),
        );
    }
    let metadata = read_metadata(archive)?;
    let named = archive
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if metadata.archive != named {
        return Err(Error::invalid("archive", Message::BackupMetadataMissing));
    }
    let altered = || Error::invalid("archive", Message::BackupChecksumMismatch);
    let sha256 = {
        let archive = archive.to_owned();
        tokio::task::spawn_blocking(move || file_sha256(&archive))
            .await
            .map_err(Error::internal)??
    };
    if sha256 != metadata.archive_sha256 {
        return Err(altered());
    }
    std::fs::create_dir_all(work_dir)?;
    let unpacked =
        TempFile::new(work_dir.join(format!(".billettigue-{}.restore", crate::new_uid())));
    {
        let (from, to) = (archive.to_owned(), unpacked.path().to_owned());
        tokio::task::spawn_blocking(move || gunzip(&from, &to))
            .await
            .map_err(Error::internal)?
            .map_err(|_| Error::invalid("archive", Message::BackupDamaged))?;
    }
    check_database(unpacked.path()).await?;
    let facts = SnapshotFacts::read(unpacked.path()).await?;
    if facts.row_counts != metadata.row_counts || facts.desk_uid != metadata.desk_uid {
        return Err(altered());
    }
    let other_desk = current_desk.is_some_and(|uid| uid != facts.desk_uid);
    Ok(VerifiedArchive {
        metadata,
        unpacked,
        other_desk,
        started,
    })
}

fn gunzip(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut decoder =
        flate2::read::GzDecoder::new(std::io::BufReader::new(std::fs::File::open(from)?));
    let mut output = std::fs::File::create(to)?;
    std::io::copy(&mut decoder, &mut output)?;
    output.flush()?;
    output.sync_all()
}

/// `PRAGMA integrity_check`, then the migrations table: every migration it applied must be one
/// of ours with the same checksum, and none newer than this build knows.
pub(crate) async fn check_database(database: &Path) -> Result<()> {
    let not_a_desk = || Error::invalid("archive", Message::BackupNotADesk);
    let mut conn = open_read_only(database).await.map_err(|_| not_a_desk())?;
    let outcome = check_open_database(&mut conn).await;
    conn.close().await?;
    outcome
}

async fn check_open_database(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    let not_a_desk = || Error::invalid("archive", Message::BackupNotADesk);
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(|_| not_a_desk())?;
    if integrity != ["ok"] {
        return Err(Error::invalid("archive", Message::BackupDamaged));
    }
    let applied: Vec<(i64, Vec<u8>, bool)> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(|_| not_a_desk())?;
    if applied.is_empty() {
        return Err(not_a_desk());
    }
    let known = known_schema_version();
    let newest = applied
        .iter()
        .map(|(version, _, _)| *version)
        .max()
        .unwrap_or(0);
    if newest > known {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::BackupNewerSchema {
                archive: newest,
                desk: known,
            },
        )
        .at("archive"));
    }
    for (version, checksum, success) in applied {
        let ours = crate::db::SQLITE_MIGRATOR
            .iter()
            .find(|migration| migration.version == version);
        if !success || ours.is_none_or(|migration| *migration.checksum != *checksum) {
            return Err(not_a_desk());
        }
    }
    Ok(())
}

/// The uid of the archive's administrator with this email and password: the proof of identity
/// for a restore when the live database is too damaged to sign in to. Read from the verified
/// copy the restore then puts in place.
pub async fn archive_administrator(
    verified: &VerifiedArchive,
    email: &str,
    password: &str,
) -> Result<String> {
    let mut conn = open_read_only(verified.unpacked.path()).await?;
    let found: Option<(String, Option<String>, String, bool, String)> = sqlx::query_as(
        "SELECT c.uid, c.password_hash, c.status, c.account_locked, r.name \
         FROM comptes c JOIN roles r ON r.id = c.role_id WHERE c.email = ? AND c.deleted_at IS NULL",
    )
    .bind(email.trim().to_lowercase())
    .fetch_optional(&mut conn)
    .await?;
    conn.close().await?;
    let (uid, hash, status, locked, role) = found.unwrap_or_default();
    let matches = crate::auth::password::verify(password.to_owned(), hash).await?;
    if !matches {
        return Err(Error::new(
            ErrorCode::InvalidCredentials,
            Message::InvalidCredentials,
        ));
    }
    if role != "admin" || status != "active" || locked {
        return Err(Error::forbidden());
    }
    Ok(uid)
}
