//! Opening the desk's SQLite database and the migration sets of both databases.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Migrations of the desk's local SQLite database.
pub static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("../../../migrations/sqlite");

/// Migrations of the central MySQL / MariaDB database.
pub static MYSQL_MIGRATOR: Migrator = sqlx::migrate!("../../../migrations/mysql");

/// Opens (creating if needed) the SQLite file at `path`, in WAL mode with foreign keys on,
/// and brings its schema up to date.
///
/// `synchronous = FULL`: every commit is flushed to disk before the sale is acknowledged, so a
/// power cut right after a clerk hands a ticket over cannot lose the sale (NORMAL in WAL mode
/// survives a process crash but may lose the last commits on power loss). See docs/decisions.md.
pub async fn open(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Bounds what `PRAGMA optimize` (at every opening, and in maintenance) may read:
        // SQLite's advice; without it a desk never analysed would be read whole.
        .pragma("analysis_limit", "400");
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    SQLITE_MIGRATOR.run(&pool).await?;
    Ok(pool)
}
