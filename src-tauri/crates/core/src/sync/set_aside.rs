//! Rows set aside by sync: refused by head office on the way up, or not applicable on the desk
//! on the way down. Each line says why; it goes when the row finally passes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct SetAsideRow {
    /// `push` (refused by head office) or `pull` (refused by this desk).
    pub direction: String,
    #[sqlx(rename = "table_name")]
    pub table: String,
    pub row_uid: String,
    pub reason: String,
    pub attempts: i64,
    pub first_failed_at: DateTime<Utc>,
    pub last_failed_at: DateTime<Utc>,
}

pub async fn record(
    conn: &mut SqliteConnection,
    direction: &str,
    table: &str,
    row_uid: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_set_aside (direction, table_name, row_uid, reason, first_failed_at, last_failed_at) \
         VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (direction, table_name, row_uid) DO UPDATE \
         SET reason = excluded.reason, attempts = attempts + 1, last_failed_at = excluded.last_failed_at",
    )
    .bind(direction)
    .bind(table)
    .bind(row_uid)
    .bind(reason)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear(
    conn: &mut SqliteConnection,
    direction: &str,
    table: &str,
    row_uid: &str,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM sync_set_aside WHERE direction = ? AND table_name = ? AND row_uid = ?",
    )
    .bind(direction)
    .bind(table)
    .bind(row_uid)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every row set aside, the oldest failure first.
pub async fn list(pool: &sqlx::SqlitePool) -> Result<Vec<SetAsideRow>> {
    Ok(sqlx::query_as(
        "SELECT direction, table_name, row_uid, reason, attempts, first_failed_at, last_failed_at \
         FROM sync_set_aside ORDER BY first_failed_at, id LIMIT 500",
    )
    .fetch_all(pool)
    .await?)
}
