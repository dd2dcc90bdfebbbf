//! Housekeeping of the desk database: the integrity check at start-up, and the background
//! round (expired revocations purged, old log rows archived, stale report summaries rebuilt,
//! `PRAGMA optimize`), in short write transactions so a clerk's sale never waits long behind it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::audit;
use crate::config;
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// Default age past which log rows leave the hot tables.
const DEFAULT_ARCHIVE_AFTER_DAYS: i64 = 730;
/// Rows moved per write transaction: a few milliseconds each.
const ARCHIVE_BATCH: i64 = 2_000;

/// The append-only logs maintenance archives: (hot table, archive table).
const ARCHIVED_LOGS: &[(&str, &str)] = &[
    ("admin_logs", "archived_admin_logs"),
    ("payment_logs", "archived_payment_logs"),
];

/// At every opening: the planner's statistics refreshed where SQLite thinks they are stale,
/// within the `analysis_limit` every connection has (see `db::open`).
pub async fn optimize_at_open(pool: &SqlitePool) -> Result<()> {
    sqlx::query("PRAGMA optimize=0x10002").execute(pool).await?;
    Ok(())
}

/// `PRAGMA quick_check`: every page read once, so it takes time on a large file (more than ten
/// seconds on the 2 GB bench desk); the window runs it in the background after start-up, on a
/// read transaction that never blocks the counter. A damaged database is reported as
/// [`ErrorCode::DatabaseDamaged`].
pub async fn quick_check(pool: &SqlitePool) -> Result<()> {
    let damaged = || Error::new(ErrorCode::DatabaseDamaged, Message::DatabaseDamaged);
    let report: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_all(pool)
        .await
        .map_err(|_| damaged())?;
    if report != ["ok"] {
        return Err(damaged());
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct MaintenanceReport {
    pub revocations_purged: u32,
    /// Log rows moved to the archive tables, by hot table.
    pub archived: Vec<ArchivedRows>,
    pub archived_before: Option<DateTime<Utc>>,
    /// Days whose report summaries were stale and were rebuilt (see reports/summary.rs).
    pub report_days_rebuilt: u32,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ArchivedRows {
    pub table: String,
    pub rows: u32,
}

/// One maintenance round; the window runs it every few hours in the background.
pub async fn run(desk: &Desk, actor: Option<i64>) -> Result<MaintenanceReport> {
    let started = std::time::Instant::now();
    let now = desk.clock().now();
    let mut report = MaintenanceReport::default();
    {
        let mut tx = desk.begin_write().await?;
        let purged = crate::auth::purge_expired_revocations(&mut tx, now).await?;
        tx.commit().await?;
        report.revocations_purged = u32::try_from(purged).unwrap_or(u32::MAX);
    }
    let days = config::integer(
        &mut *desk.pool().acquire().await?,
        config::ARCHIVE_AFTER_DAYS,
        DEFAULT_ARCHIVE_AFTER_DAYS,
    )
    .await?;
    let cutoff = now - Duration::days(days);
    report.archived_before = Some(cutoff);
    for (hot, archive) in ARCHIVED_LOGS {
        let rows = archive_older(desk, hot, archive, cutoff).await?;
        report.archived.push(ArchivedRows {
            table: (*hot).to_owned(),
            rows: u32::try_from(rows).unwrap_or(u32::MAX),
        });
    }
    let rebuilt = crate::reports::summary::refresh(desk).await?;
    report.report_days_rebuilt = u32::try_from(rebuilt).unwrap_or(u32::MAX);
    sqlx::query("PRAGMA optimize").execute(desk.pool()).await?;
    report.seconds = started.elapsed().as_secs_f64();
    let mut tx = desk.begin_write().await?;
    audit::record(
        &mut tx,
        actor,
        "maintenance.run",
        None,
        None,
        serde_json::to_value(&report).map_err(Error::internal)?,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Moves rows older than `cutoff` from `hot` to `archive`, a batch per transaction, oldest
/// first; each row keeps its id, so readers of both tables see it once.
async fn archive_older(
    desk: &Desk,
    hot: &str,
    archive: &str,
    cutoff: DateTime<Utc>,
) -> Result<u64> {
    let mut moved = 0;
    loop {
        let mut tx = desk.begin_write().await?;
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM {hot} WHERE created_at < ? ORDER BY id LIMIT {ARCHIVE_BATCH}"
        ))
        .bind(cutoff)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = ids.last().copied() else {
            tx.commit().await?;
            return Ok(moved);
        };
        sqlx::query(&format!(
            "INSERT INTO {archive} SELECT * FROM {hot} WHERE created_at < ? AND id <= ?"
        ))
        .bind(cutoff)
        .bind(last)
        .execute(&mut *tx)
        .await?;
        let deleted = sqlx::query(&format!(
            "DELETE FROM {hot} WHERE created_at < ? AND id <= ?"
        ))
        .bind(cutoff)
        .bind(last)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        moved += deleted;
    }
}
