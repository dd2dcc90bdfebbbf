//! The connection to head office's MySQL / MariaDB database: opening it, preparing its schema
//! (`central migrate`), and telling its triggers which desk writes.

use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::{MySqlConnection, MySqlPool};
use ts_rs::TS;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// An open pool on head office's database.
#[derive(Clone)]
pub struct Central {
    pool: MySqlPool,
}

impl Central {
    /// Connects to `url` (`mysql://user:password@host:3306/database`). Fails with
    /// `unavailable` when the server cannot be reached: the desk is then offline.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = MySqlConnectOptions::from_str(url)
            .map_err(|_| Error::invalid("url", Message::CentralUrlInvalid))?;
        let pool = MySqlPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(10))
            // No gap locks between desks pushing into the same tables (READ COMMITTED): the
            // rows a batch decides on are locked one by one with `FOR UPDATE`.
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
                        .execute(conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(unreachable)?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }

    /// Applies head office's migrations that are not applied yet (MySQL 8 and MariaDB 10.11).
    pub async fn migrate(&self) -> Result<MigrateReport> {
        crate::db::MYSQL_MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| Error::from(sqlx::Error::Migrate(Box::new(e))))?;
        let version: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(version), 0) AS SIGNED) FROM _sqlx_migrations WHERE success = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(MigrateReport {
            schema_version: version,
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MigrateReport {
    pub schema_version: i64,
}

/// Marks the writes of `conn` as this desk's, for head office's triggers: they keep the desk's
/// hybrid clock instead of stamping their own, and log the change as coming from the desk.
/// `echo`: the desk must read the change back too (a merge wrote something it does not hold).
pub async fn write_as_desk(conn: &mut MySqlConnection, desk_uid: &str, echo: bool) -> Result<()> {
    sqlx::query("SET @billettigue_sync_node = ?, @billettigue_sync_echo = ?")
        .bind(desk_uid)
        .bind(i64::from(echo))
        .execute(conn)
        .await?;
    Ok(())
}

/// An error reaching head office: the desk is offline, not broken.
pub fn unreachable(error: sqlx::Error) -> Error {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => Error::new(
            ErrorCode::Unavailable,
            Message::CentralUnreachable(error.to_string()),
        ),
        other => Error::from(other),
    }
}
