//! Making an archive: a `VACUUM INTO` snapshot of the live database (consistent while clerks
//! keep selling), gzip-compressed with its SHA-256 computed on the way, then its record.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection, SqlitePool};
use ts_rs::TS;

use super::folders::{configured, ensure_writable, prune};
use super::progress::{BackupPhase, ProgressBoard};
use super::{metadata_path, BackupEntry, BackupKind, BackupMetadata, TempFile, METADATA_FORMAT};
use crate::audit;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreateBackupArgs {
    /// Write to this folder (full path) instead of the configured ones.
    #[serde(default)]
    pub to: Option<String>,
}

/// What became of the copy in the second folder.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SecondCopy {
    NotConfigured,
    Written {
        path: String,
    },
    /// The folder could not be written (USB stick out, share offline); the primary copy stands.
    Failed {
        folder: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupOutcome {
    pub entry: BackupEntry,
    pub second_copy: SecondCopy,
    /// Old archives removed by the retention rule.
    pub pruned: u32,
    pub seconds: f64,
}

const CHUNK: usize = 1 << 20;

/// Backs the desk up now: to `args.to`, or to the configured folder and the second folder.
pub async fn create(
    desk: &Desk,
    actor: Option<i64>,
    kind: BackupKind,
    args: CreateBackupArgs,
) -> Result<BackupOutcome> {
    let started = std::time::Instant::now();
    let now = desk.clock().now();
    let explicit = super::optional_folder("to", args.to.as_deref())?;
    let folders = configured(&mut *desk.pool().acquire().await?, desk.database_path()).await?;
    let primary = explicit
        .clone()
        .unwrap_or_else(|| PathBuf::from(&folders.primary));
    ensure_writable(&primary).map_err(|error| error.at("to"))?;
    let running = desk.backup_board().start(now)?;
    let board = running.board();
    let entry = snapshot_to_archive(
        desk.pool(),
        &primary,
        "primary",
        kind,
        now,
        Some(board.clone()),
    )
    .await?;
    let second_copy = match (&folders.second, &explicit) {
        (Some(second), None) => copy_to_second(&entry, Path::new(second), board).await,
        _ => SecondCopy::NotConfigured,
    };
    drop(running);
    let keep = usize::try_from(folders.retention.max(1)).unwrap_or(usize::MAX);
    let mut pruned = 0;
    if explicit.is_none() {
        for folder in std::iter::once(folders.primary.as_str()).chain(folders.second.as_deref()) {
            pruned += prune(Path::new(folder), keep, now).unwrap_or(0);
        }
    }
    let mut tx = desk.begin_write().await?;
    audit::record(
        &mut tx,
        actor,
        super::schedule::BACKUP_CREATED,
        Some("backup"),
        Some(&entry.file_name),
        serde_json::json!({
            "kind": kind,
            "path": entry.path,
            "archive_bytes": entry.metadata.archive_bytes,
            "sha256": entry.metadata.archive_sha256,
            "second_copy": second_copy,
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(BackupOutcome {
        entry,
        second_copy,
        pruned: u32::try_from(pruned).unwrap_or(u32::MAX),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Snapshots the database behind `pool` into an archive and its record in `folder`.
pub(crate) async fn snapshot_to_archive(
    pool: &SqlitePool,
    folder: &Path,
    label: &str,
    kind: BackupKind,
    now: DateTime<Utc>,
    board: Option<Arc<ProgressBoard>>,
) -> Result<BackupEntry> {
    let scratch_name = format!(".billettigue-{}", crate::new_uid());
    let snapshot = TempFile::new(folder.join(format!("{scratch_name}.snapshot")));
    let snapshot_path = snapshot.path().to_owned();
    sqlx::query("VACUUM INTO ?")
        .bind(snapshot_path.display().to_string())
        .execute(pool)
        .await?;
    let facts = SnapshotFacts::read(&snapshot_path).await?;
    let file_name = format!(
        "billettigue-{}-{}.db.gz",
        now.format("%Y%m%d-%H%M%S-%3f"),
        kind.as_str()
    );
    let archive_path = folder.join(&file_name);
    let part = TempFile::new(folder.join(format!("{scratch_name}.part")));
    let part_path = part.path().to_owned();
    let (archive_sha256, archive_bytes, database_bytes) = {
        let (from, to) = (snapshot_path.clone(), part_path.clone());
        tokio::task::spawn_blocking(move || compress(&from, &to, board.as_deref()))
            .await
            .map_err(Error::internal)??
    };
    std::fs::rename(part.keep(), &archive_path)?;
    let metadata = BackupMetadata {
        format: METADATA_FORMAT,
        archive: file_name.clone(),
        created_at: now,
        kind,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: facts.schema_version,
        desk_uid: facts.desk_uid,
        desk_name: facts.desk_name,
        row_counts: facts.row_counts,
        archive_sha256,
        archive_bytes,
        database_bytes,
    };
    write_metadata(&archive_path, &metadata)?;
    Ok(BackupEntry {
        path: archive_path.display().to_string(),
        file_name,
        folder: label.to_owned(),
        metadata,
    })
}

/// Writes the record beside the archive, through a temporary name so a record is never half there.
fn write_metadata(archive: &Path, metadata: &BackupMetadata) -> Result<()> {
    let record = metadata_path(archive);
    let part = TempFile::new(record.with_extension("json.part"));
    let text = serde_json::to_vec_pretty(metadata).map_err(Error::internal)?;
    let mut file = std::fs::File::create(part.path())?;
    file.write_all(&text)?;
    file.sync_all()?;
    std::fs::rename(part.keep(), record)?;
    Ok(())
}

/// What the record says about the saved database, read from the snapshot itself.
pub(crate) struct SnapshotFacts {
    pub schema_version: i64,
    pub desk_uid: String,
    pub desk_name: String,
    pub row_counts: std::collections::BTreeMap<String, i64>,
}

impl SnapshotFacts {
    pub(crate) async fn read(database: &Path) -> Result<Self> {
        let mut conn = open_read_only(database).await?;
        let facts = Self::read_from(&mut conn).await;
        conn.close().await?;
        facts
    }

    async fn read_from(conn: &mut SqliteConnection) -> Result<Self> {
        let schema_version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&mut *conn)
                .await?;
        let (desk_uid, desk_name): (String, String) = sqlx::query_as(
            "SELECT uid, name FROM desk_nodes WHERE is_local = 1 AND deleted_at IS NULL",
        )
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or_default();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut row_counts = std::collections::BTreeMap::new();
        for table in tables {
            let quoted = table.replace('"', "\"\"");
            let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{quoted}\""))
                .fetch_one(&mut *conn)
                .await?;
            row_counts.insert(table, count);
        }
        Ok(Self {
            schema_version: schema_version.unwrap_or(0),
            desk_uid,
            desk_name,
            row_counts,
        })
    }
}

/// A connection that cannot change the file (a snapshot or an archive being checked).
pub(crate) async fn open_read_only(database: &Path) -> Result<SqliteConnection> {
    Ok(SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .connect()
        .await?)
}

/// Gzips `from` into `to`; returns the archive's SHA-256, its size and the input's size.
fn compress(from: &Path, to: &Path, board: Option<&ProgressBoard>) -> Result<(String, u64, u64)> {
    let mut input = std::fs::File::open(from)?;
    let total = input.metadata()?.len();
    let output = HashingWriter::new(std::fs::File::create(to)?);
    let mut encoder = flate2::write::GzEncoder::new(output, flate2::Compression::default());
    pump(
        &mut input,
        &mut encoder,
        board,
        BackupPhase::Compress,
        total,
    )?;
    let output = encoder.finish()?;
    let (file, sha256, bytes) = output.finish();
    file.sync_all()?;
    Ok((sha256, bytes, total))
}

/// Copies `input` into `output` a chunk at a time, reporting progress (`total` bytes expected)
/// on the board and stopping with an error as soon as someone cancels.
fn pump(
    input: &mut impl Read,
    output: &mut impl Write,
    board: Option<&ProgressBoard>,
    phase: BackupPhase,
    total: u64,
) -> Result<()> {
    let mut buffer = vec![0_u8; CHUNK];
    let mut done = 0_u64;
    loop {
        if let Some(board) = board {
            board.check_cancelled()?;
            board.report(phase, done, total);
        }
        let read = input.read(&mut buffer)?;
        if read == 0 {
            return Ok(());
        }
        output.write_all(&buffer[..read])?;
        done += read as u64;
    }
}

/// A writer that hashes and counts what goes through it.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The inner writer, the hexadecimal SHA-256 and the byte count.
    pub(crate) fn finish(self) -> (W, String, u64) {
        (self.inner, hex(&self.hasher.finalize()), self.bytes)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The SHA-256 of a file, hexadecimal.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut sink = HashingWriter::new(std::io::sink());
    std::io::copy(&mut std::fs::File::open(path)?, &mut sink)?;
    Ok(sink.finish().1)
}

/// Copies an archive and its record into the second folder and checks the copy's SHA-256.
async fn copy_to_second(
    entry: &BackupEntry,
    folder: &Path,
    board: Arc<ProgressBoard>,
) -> SecondCopy {
    let failed = || SecondCopy::Failed {
        folder: folder.display().to_string(),
    };
    if ensure_writable(folder).is_err() {
        return failed();
    }
    let source = PathBuf::from(&entry.path);
    let target = folder.join(&entry.file_name);
    let metadata = entry.metadata.clone();
    let copied = {
        let target = target.clone();
        tokio::task::spawn_blocking(move || copy_checked(&source, &target, &metadata, &board)).await
    };
    match copied {
        Ok(Ok(())) => SecondCopy::Written {
            path: target.display().to_string(),
        },
        _ => failed(),
    }
}

fn copy_checked(
    source: &Path,
    target: &Path,
    metadata: &BackupMetadata,
    board: &ProgressBoard,
) -> Result<()> {
    let part = TempFile::new(target.with_extension("gz.part"));
    let mut input = std::fs::File::open(source)?;
    let mut output = HashingWriter::new(std::fs::File::create(part.path())?);
    pump(
        &mut input,
        &mut output,
        Some(board),
        BackupPhase::Copy,
        metadata.archive_bytes,
    )?;
    let (file, sha256, _) = output.finish();
    file.sync_all()?;
    if sha256 != metadata.archive_sha256 {
        return Err(Error::invalid("archive", Message::BackupChecksumMismatch));
    }
    std::fs::rename(part.keep(), target)?;
    write_metadata(target, metadata)
}
