//! `DeskHost`: the open desk behind the window and the CLI, which a restore replaces. Every call
//! goes through it; it hands ordinary commands to [`dispatch`](crate::commands::dispatch) and
//! runs the two that need the database closed: `backups.restore`, and `recovery.*` when the
//! database is damaged and no desk could be opened.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{RwLock, RwLockReadGuard};
use ts_rs::TS;

use crate::backup::{
    self, BackupEntry, RestoreArgs, RestoreOptions, RestoreReport, VerifiedArchive,
};
use crate::clock::Clock;
use crate::commands::{authorize, dispatch, parse_args};
use crate::domain::Email;
use crate::error::{Error, ErrorCode, ErrorPayload, Result};
use crate::i18n::{Locale, Message};
use crate::secrets::SecretStore;
use crate::Desk;

pub struct DeskHost {
    path: PathBuf,
    secrets: Arc<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    documents_dir: Option<PathBuf>,
    desk: RwLock<Result<Desk>>,
}

/// What the window shows before sign-in: whether the database is damaged, and if so the
/// archives that could replace it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecoveryStatus {
    pub damaged: bool,
    /// The database file, so the administrator knows which one is meant.
    pub database: String,
    /// The folder that was searched.
    pub folder: String,
    /// Newest first; empty unless the database is damaged.
    pub backups: Vec<BackupEntry>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecoveryStatusArgs {
    /// Another folder to search (a USB stick); default: `backups/` beside the database.
    #[serde(default)]
    pub folder: Option<String>,
}

/// A restore when the database is damaged: no one can sign in to it, so an administrator of
/// the archive itself proves who they are.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRestoreArgs {
    pub archive: String,
    pub email: String,
    pub password: String,
}

impl RecoveryStatusArgs {
    /// The folder to search, checked; `None` for the default.
    pub fn folder_path(&self) -> Result<Option<PathBuf>> {
        backup::optional_folder("folder", self.folder.as_deref())
    }
}

impl RecoveryRestoreArgs {
    /// The archive's path, once the archive and the email have been checked (the password is
    /// only ever compared with the archive's, as at sign-in).
    pub fn archive_path(&self) -> Result<PathBuf> {
        let archive = backup::absolute_path("archive", &self.archive, false)?;
        Email::parse("email", &self.email)?;
        Ok(archive)
    }
}

impl RecoveryStatus {
    /// The answer of a desk whose database opened: nothing to recover.
    pub fn sound(database: &Path) -> Self {
        Self {
            damaged: false,
            database: database.display().to_string(),
            folder: String::new(),
            backups: Vec::new(),
        }
    }
}

impl DeskHost {
    /// Opens the desk at `path`; a failure is kept and answered to every call (the window
    /// shows it, and offers a restore when the database is damaged).
    pub async fn open(path: PathBuf, secrets: Arc<dyn SecretStore>, clock: Arc<dyn Clock>) -> Self {
        Self::open_with(path, secrets, clock, None).await
    }

    pub async fn open_with(
        path: PathBuf,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
        documents_dir: Option<PathBuf>,
    ) -> Self {
        let host = Self {
            path,
            secrets,
            clock,
            documents_dir,
            desk: RwLock::new(Err(Error::new(ErrorCode::Unavailable, Message::Internal))),
        };
        let desk = host.open_desk().await;
        *host.desk.write().await = desk;
        host
    }

    async fn open_desk(&self) -> Result<Desk> {
        let desk = Desk::open(&self.path, self.secrets.clone(), self.clock.clone()).await?;
        Ok(match &self.documents_dir {
            Some(dir) => desk.with_documents_dir(dir.clone()),
            None => desk,
        })
    }

    pub fn database_path(&self) -> &Path {
        &self.path
    }

    /// The start-up integrity check (`PRAGMA quick_check`), run by the window in the background.
    /// A damaged database closes the desk: from then on every call answers `database_damaged`
    /// and the window shows the recovery screen.
    pub async fn check_integrity(&self) -> Result<()> {
        let checked = match &*self.desk.read().await {
            Ok(desk) => crate::maintenance::quick_check(desk.pool()).await,
            Err(error) => return Err(clone_error(error)),
        };
        if let Err(error) = &checked {
            if error.code == ErrorCode::DatabaseDamaged {
                let mut slot = self.desk.write().await;
                let previous = std::mem::replace(&mut *slot, Err(clone_error(error)));
                if let Ok(desk) = previous {
                    desk.close().await;
                }
            }
        }
        checked
    }

    /// The open desk (or why there is none), for background tasks; a restore waits for it.
    pub async fn desk(&self) -> RwLockReadGuard<'_, Result<Desk>> {
        self.desk.read().await
    }

    /// Runs a command, as the window and the CLI do. Boxed as `Send` on purpose: the window's
    /// handler must be `Send`, and a future that is not (sqlx's higher-ranked `Acquire` on a bare
    /// connection did it once) then fails to compile here, not deep in Tauri's macros.
    pub fn call<'a>(
        &'a self,
        name: &'a str,
        args: Value,
        token: Option<&'a str>,
        locale: Locale,
    ) -> Pin<Box<dyn Future<Output = std::result::Result<Value, ErrorPayload>> + Send + 'a>> {
        Box::pin(self.run_call(name, args, token, locale))
    }

    async fn run_call(
        &self,
        name: &str,
        args: Value,
        token: Option<&str>,
        locale: Locale,
    ) -> std::result::Result<Value, ErrorPayload> {
        let outcome = {
            let desk = self.desk.read().await;
            match (&*desk, name) {
                (Ok(_), "backups.restore") => {
                    drop(desk);
                    self.restore(args, token).await
                }
                (Ok(desk), _) => return dispatch(desk, name, args, token, locale).await,
                (Err(error), "recovery.status" | "recovery.restore")
                    if error.code == ErrorCode::DatabaseDamaged =>
                {
                    drop(desk);
                    self.recovery(name, args).await
                }
                (Err(error), _) => return Err(error.payload(locale)),
            }
        };
        outcome.map_err(|error| {
            if error.code == ErrorCode::Internal {
                eprintln!("billettigue: command {name} failed: {error:?}");
            }
            error.payload(locale)
        })
    }

    /// An administrator restores an archive over the running desk: checked and authorised on
    /// the open desk, then the desk is closed, restored (or rolled back), and opened again.
    async fn restore(&self, args: Value, token: Option<&str>) -> Result<Value> {
        let (actor_uid, allow_other_desk, archive) = {
            let desk = self.desk.read().await;
            let desk = desk.as_ref().map_err(clone_error)?;
            let (_, caller) = authorize(desk, "backups.restore", token).await?;
            let args: RestoreArgs = parse_args(args)?;
            let archive = args.archive_path()?;
            (
                caller.session()?.compte_uid.clone(),
                args.allow_other_desk,
                archive,
            )
        };
        let options = RestoreOptions {
            allow_other_desk,
            actor_uid: Some(actor_uid),
            safety_folder: self.safety_folder().await?,
            now: self.clock.now(),
        };
        let report = self.swap_database(&archive, options).await?;
        serde_json::to_value(report).map_err(Error::internal)
    }

    /// Where a restore's safety backup goes: the configured backup folder, or `backups/`
    /// beside the database when it cannot be read.
    async fn safety_folder(&self) -> Result<PathBuf> {
        match self.desk.read().await.as_ref() {
            Ok(desk) => backup::primary_folder(desk).await,
            Err(_) => Ok(backup::default_folder(&self.path)),
        }
    }

    /// A restore by whoever runs the machine (`billettigue-cli restore`): whoever can replace
    /// the database file needs no sign-in, and the audit line names no account. The safety
    /// copy goes to the configured backup folder, or beside the database if none can be read.
    pub async fn restore_as_owner(
        &self,
        archive: &Path,
        allow_other_desk: bool,
    ) -> Result<RestoreReport> {
        let options = RestoreOptions {
            allow_other_desk,
            actor_uid: None,
            safety_folder: self.safety_folder().await?,
            now: self.clock.now(),
        };
        self.swap_database(archive, options).await
    }

    /// Checks the archive while the desk runs, then closes the desk, restores, and opens
    /// whatever database is there afterwards.
    async fn swap_database(
        &self,
        archive: &Path,
        options: RestoreOptions,
    ) -> Result<RestoreReport> {
        let verified = backup::prepare_restore(&self.path, archive, &options).await?;
        self.swap_verified(archive, verified, options).await
    }

    async fn swap_verified(
        &self,
        archive: &Path,
        verified: VerifiedArchive,
        options: RestoreOptions,
    ) -> Result<RestoreReport> {
        let mut slot = self.desk.write().await;
        let previous = std::mem::replace(
            &mut *slot,
            Err(Error::new(ErrorCode::Unavailable, Message::Internal)),
        );
        if let Ok(desk) = previous {
            desk.close().await;
        }
        let outcome = backup::restore_verified(&self.path, archive, verified, options).await;
        *slot = self.open_desk().await;
        outcome
    }

    /// Closes the desk (the CLI's last step; the window closes with the process).
    pub async fn close(self) {
        if let Ok(desk) = self.desk.into_inner() {
            desk.close().await;
        }
    }

    /// `recovery.*` on a damaged database: list the archives, or restore one.
    async fn recovery(&self, name: &str, args: Value) -> Result<Value> {
        if name == "recovery.status" {
            let args: RecoveryStatusArgs = parse_args(args)?;
            let folder = args
                .folder_path()?
                .unwrap_or_else(|| backup::default_folder(&self.path));
            let backups = backup::entries_in(&folder, "primary").map_err(|_| {
                Error::invalid(
                    "folder",
                    Message::BackupFolderUnusable(folder.display().to_string()),
                )
            })?;
            let status = RecoveryStatus {
                damaged: true,
                database: self.path.display().to_string(),
                folder: folder.display().to_string(),
                backups,
            };
            return serde_json::to_value(status).map_err(Error::internal);
        }
        let args: RecoveryRestoreArgs = parse_args(args)?;
        let archive = args.archive_path()?;
        let mut options = RestoreOptions {
            allow_other_desk: true,
            actor_uid: None,
            safety_folder: backup::default_folder(&self.path),
            now: self.clock.now(),
        };
        // The archive is verified once: its administrator is read from the copy put in place.
        let verified = backup::prepare_restore(&self.path, &archive, &options).await?;
        options.actor_uid =
            Some(backup::archive_administrator(&verified, &args.email, &args.password).await?);
        let report = self.swap_verified(&archive, verified, options).await?;
        serde_json::to_value(report).map_err(Error::internal)
    }
}

/// The stored opening error, again (errors are not `Clone`: their cause is dropped).
fn clone_error(error: &Error) -> Error {
    Error {
        code: error.code,
        message: error.message.clone(),
        field: error.field.clone(),
        source: None,
    }
}
