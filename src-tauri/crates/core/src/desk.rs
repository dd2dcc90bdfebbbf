//! `Desk`: one open desk database with its clock, secret store and session-signing key.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::RngCore;
use sqlx::{Sqlite, SqlitePool, Transaction};

use ed25519_dalek::SigningKey;

use crate::clock::Clock;
use crate::error::Result;
use crate::secrets::SecretStore;

pub struct Desk {
    pool: SqlitePool,
    clock: Arc<dyn Clock>,
    signing_key: Vec<u8>,
    ticket_key: SigningKey,
    desk_uid: String,
    documents_dir: PathBuf,
    secrets: Arc<dyn SecretStore>,
    /// Shared by every call to the payment provider; built at first use.
    http: std::sync::OnceLock<reqwest::Client>,
    path: PathBuf,
    backup_board: Arc<crate::backup::ProgressBoard>,
    sync_board: Arc<crate::sync::service::SyncBoard>,
}

impl Desk {
    /// Opens the database at `path` (creating and migrating it if needed) and loads or creates
    /// this installation's identity and session-signing key.
    pub async fn open(
        path: &Path,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let pool = crate::db::open(path).await?;
        crate::maintenance::optimize_at_open(&pool).await?;
        let desk_uid = local_desk_uid(&pool, clock.as_ref()).await?;
        let signing_key = signing_key(secrets.as_ref(), &desk_uid)?;
        let ticket_key = crate::tickets::signing::load_or_create_key(secrets.as_ref(), &desk_uid)?;
        publish_ticket_key(&pool, &desk_uid, &ticket_key).await?;
        Ok(Self {
            pool,
            clock,
            signing_key,
            ticket_key,
            desk_uid,
            documents_dir: crate::paths::documents_dir(path),
            secrets,
            http: std::sync::OnceLock::new(),
            path: path.to_owned(),
            backup_board: Arc::default(),
            sync_board: Arc::default(),
        })
    }

    /// Where printed tickets and manifests are written (default: [`crate::paths::documents_dir`]).
    pub fn with_documents_dir(mut self, dir: PathBuf) -> Self {
        self.documents_dir = dir;
        self
    }

    pub fn documents_dir(&self) -> &Path {
        &self.documents_dir
    }

    pub(crate) fn ticket_key(&self) -> &SigningKey {
        &self.ticket_key
    }

    pub(crate) fn secrets(&self) -> &dyn SecretStore {
        self.secrets.as_ref()
    }

    pub(crate) fn http_client(&self) -> reqwest::Client {
        self.http
            .get_or_init(crate::payments::HttpProvider::client)
            .clone()
    }

    /// The database file this desk runs on.
    pub fn database_path(&self) -> &Path {
        &self.path
    }

    /// The running backup's progress and cancel switch.
    pub fn backup_board(&self) -> &Arc<crate::backup::ProgressBoard> {
        &self.backup_board
    }

    /// The sync round in progress and its download progress.
    pub fn sync_board(&self) -> &Arc<crate::sync::service::SyncBoard> {
        &self.sync_board
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn desk_uid(&self) -> &str {
        &self.desk_uid
    }

    pub(crate) fn signing_key(&self) -> &[u8] {
        &self.signing_key
    }

    /// A write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`), so two
    /// writers queue on the busy timeout instead of failing when a read turns into a write.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// The row of `desk_nodes` describing this installation, created at first open.
async fn local_desk_uid(pool: &SqlitePool, clock: &dyn Clock) -> Result<String> {
    let existing: Option<String> =
        sqlx::query_scalar("SELECT uid FROM desk_nodes WHERE is_local = 1 AND deleted_at IS NULL")
            .fetch_optional(pool)
            .await?;
    if let Some(uid) = existing {
        return Ok(uid);
    }
    let uid = crate::new_uid();
    let now = clock.now();
    sqlx::query(
        "INSERT INTO desk_nodes (uid, name, registered_at, is_local, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
    )
    .bind(&uid)
    .bind("Billettigue Desk")
    .bind(now)
    .bind(now)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(uid)
}

/// Records this desk's ticket-verifying key on its own `desk_nodes` row, for sync to spread.
async fn publish_ticket_key(pool: &SqlitePool, desk_uid: &str, key: &SigningKey) -> Result<()> {
    let public_key = crate::tickets::signing::encode_public_key(key);
    sqlx::query(
        "UPDATE desk_nodes SET ticket_public_key = ?1, version = version + 1 \
         WHERE uid = ?2 AND ticket_public_key IS NOT ?1",
    )
    .bind(&public_key)
    .bind(desk_uid)
    .execute(pool)
    .await?;
    Ok(())
}

fn signing_key(secrets: &dyn SecretStore, desk_uid: &str) -> Result<Vec<u8>> {
    let name = format!("session-signing-key:{desk_uid}");
    if let Some(encoded) = secrets.get(&name)? {
        if let Ok(key) = STANDARD.decode(encoded.trim()) {
            if key.len() >= 32 {
                return Ok(key);
            }
        }
    }
    let mut key = vec![0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    secrets.set(&name, &STANDARD.encode(&key))?;
    Ok(key)
}
