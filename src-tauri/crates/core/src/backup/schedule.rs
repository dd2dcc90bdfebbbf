//! The backup schedule: a backup is due when the last one this desk recorded is older than the
//! configured interval. The window's background task asks every minute.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::archive::{create, BackupOutcome, CreateBackupArgs};
use super::folders::configured;
use super::BackupKind;
use crate::desk::Desk;
use crate::error::Result;

/// The administration log's action for a finished backup; the schedule reads the newest one.
pub(crate) const BACKUP_CREATED: &str = "backup.created";

pub(crate) async fn last_backup_at(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar(
        "SELECT created_at FROM admin_logs WHERE action = ? ORDER BY created_at DESC LIMIT 1",
    )
    .bind(BACKUP_CREATED)
    .fetch_optional(conn)
    .await?)
}

/// When the next scheduled backup is due: at once if there has never been one.
pub(crate) fn next_due(
    last: Option<DateTime<Utc>>,
    interval_hours: i64,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    last.map_or(now, |last| last + Duration::hours(interval_hours.max(1)))
}

/// Makes a scheduled backup if one is due and none is running; `None` when nothing was due.
pub async fn run_if_due(desk: &Desk) -> Result<Option<BackupOutcome>> {
    let now = desk.clock().now();
    let mut conn = desk.pool().acquire().await?;
    let folders = configured(&mut conn, desk.database_path()).await?;
    let last = last_backup_at(&mut conn).await?;
    drop(conn);
    if now < next_due(last, folders.interval_hours, now) || desk.backup_board().current().is_some()
    {
        return Ok(None);
    }
    create(
        desk,
        None,
        BackupKind::Scheduled,
        CreateBackupArgs::default(),
    )
    .await
    .map(Some)
}
