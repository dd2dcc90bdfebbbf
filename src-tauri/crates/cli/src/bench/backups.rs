//! The backup's figures on the bench desk (a million reservations in the full run), each beside
//! the part of the work it cannot avoid, measured in the same run:
//! - `backup_duration`: `backups.create`'s work (a `VACUUM INTO` snapshot, gzip with SHA-256,
//!   the record, retention) vs. the bare `VACUUM INTO` of the same database into a file;
//! - `backup_archive_size`: the archive's bytes vs. the database's (the baseline), so the ratio
//!   is the compression.

use std::time::Instant;

use billettigue_core::backup::{self, BackupKind, CreateBackupArgs};
use billettigue_core::Desk;

use super::emit;

pub async fn measure(desk: &Desk, work_dir: &std::path::Path) -> Result<(), String> {
    let folder = work_dir.join("backups");
    let raw_copy = work_dir.join("raw-snapshot.db");
    let started = Instant::now();
    sqlx::query("VACUUM INTO ?")
        .bind(raw_copy.display().to_string())
        .execute(desk.pool())
        .await
        .map_err(|e| e.to_string())?;
    let raw_seconds = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&raw_copy);

    let args = CreateBackupArgs {
        to: Some(folder.display().to_string()),
    };
    let started = Instant::now();
    let outcome = backup::create(desk, None, BackupKind::Manual, args)
        .await
        .map_err(|e| format!("backup: {e:?}"))?;
    let seconds = started.elapsed().as_secs_f64();
    emit("backup_duration", seconds, "s", Some(raw_seconds));
    let metadata = &outcome.entry.metadata;
    emit(
        "backup_archive_size",
        metadata.archive_bytes as f64 / 1e6,
        "MB",
        Some(metadata.database_bytes as f64 / 1e6),
    );
    let _ = std::fs::remove_dir_all(&folder);
    Ok(())
}
