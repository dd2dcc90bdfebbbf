//! The sync outbox: triggers record every insert and update of a synced table (migration 0009);
//! this module reads what waits to go up and writes rows the outbox must not record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqliteConnection, Transaction};
use ts_rs::TS;

use crate::desk::Desk;
use crate::error::Result;

/// Rows waiting to go up and the earliest write among them: what the header shows and what the
/// heartbeat tells head office.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Waiting {
    pub rows: i64,
    pub since: Option<DateTime<Utc>>,
}

pub async fn waiting(desk: &Desk) -> Result<Waiting> {
    Ok(
        sqlx::query_as("SELECT COUNT(*) AS rows, MIN(first_changed_at) AS since FROM sync_outbox")
            .fetch_one(desk.pool())
            .await?,
    )
}

/// What waits to go up to head office from this desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Backlog {
    /// Rows changed since they last went up, and the writes they stand for (a row written
    /// three times goes up once, in its latest state).
    pub rows_waiting: i64,
    pub changes_waiting: i64,
    /// The earliest write still waiting, by the desk's clock.
    pub waiting_since: Option<DateTime<Utc>>,
    /// This desk's last contact with head office; none until it has synced once.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Table by table, the largest backlog first.
    pub tables: Vec<TableBacklog>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct TableBacklog {
    pub table: String,
    pub rows: i64,
    pub changes: i64,
    pub since: DateTime<Utc>,
}

pub async fn backlog(desk: &Desk) -> Result<Backlog> {
    let tables: Vec<TableBacklog> = sqlx::query_as(
        "SELECT table_name AS \"table\", COUNT(*) AS rows, SUM(changes) AS changes, MIN(first_changed_at) AS since \
         FROM sync_outbox GROUP BY table_name ORDER BY rows DESC, table_name",
    )
    .fetch_all(desk.pool())
    .await?;
    let last_contact_at: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT last_contact_at FROM desk_nodes WHERE is_local = 1")
            .fetch_optional(desk.pool())
            .await?
            .flatten();
    Ok(Backlog {
        rows_waiting: tables.iter().map(|t| t.rows).sum(),
        changes_waiting: tables.iter().map(|t| t.changes).sum(),
        waiting_since: tables.iter().map(|t| t.since).min(),
        last_contact_at,
        tables,
    })
}

/// Stops recording writes in the outbox until [`commit_unrecorded`], within `tx` only: rows
/// pulled from head office, demo data. Being a row of the transaction, the pause can never
/// outlive it, even through a crash.
pub async fn begin_unrecorded(desk: &Desk) -> Result<Transaction<'static, Sqlite>> {
    let mut tx = desk.begin_write().await?;
    sqlx::query("INSERT INTO sync_capture_paused (paused) VALUES (1)")
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// Records writes again and commits a transaction of [`begin_unrecorded`].
pub async fn commit_unrecorded(mut tx: Transaction<'static, Sqlite>) -> Result<()> {
    resume(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

async fn resume(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("DELETE FROM sync_capture_paused")
        .execute(conn)
        .await?;
    Ok(())
}
