//! Sync as the window sees it: head office's address (kept in the secret store, never in the
//! database), one round at a time with its download progress, and the status every clerk sees.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use ts_rs::TS;

use super::central::{Central, MigrateReport};
use super::pull::Progress;
use super::round::{self, RoundOptions, RoundSummary};
use super::scope::{self, CentralAgency, ScopeView};
use super::set_aside::{self, SetAsideRow};
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// The secret holding head office's database URL (with its password).
fn url_secret(desk: &Desk) -> String {
    format!("central-database-url:{}", desk.desk_uid())
}

/// The round in progress, if any: one at a time per desk, whoever asks (the background task,
/// an administrator's "sync now").
#[derive(Default)]
pub struct SyncBoard {
    running: tokio::sync::Mutex<()>,
    progress: Mutex<Option<Progress>>,
    soon: Arc<Notify>,
}

impl SyncBoard {
    /// Asks the background task for a round without waiting for its timer: a sale just claimed
    /// its seats at head office and should follow them up.
    pub fn nudge(&self) {
        self.soon.notify_one();
    }

    /// What the background task waits on beside its timer.
    pub fn nudges(&self) -> Arc<Notify> {
        self.soon.clone()
    }

    pub fn progress(&self) -> Option<Progress> {
        *self
            .progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set_progress(&self, progress: Option<Progress>) {
        *self
            .progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = progress;
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConfigureSyncArgs {
    /// `mysql://user:password@host:3306/database`.
    pub url: String,
    /// The agency this desk serves, by its uid at head office (`sync.central_agencies`): the
    /// desk downloads only what that agency needs. None: the whole network.
    #[serde(default)]
    #[ts(optional)]
    pub agency: Option<String>,
}

/// Head office's address, to list its agencies before choosing this desk's.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CentralAgenciesArgs {
    pub url: String,
}

/// What the window shows about sync.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    /// Whether head office's address is set on this desk.
    pub configured: bool,
    /// Whether the last round reached head office.
    pub online: bool,
    pub rows_waiting: i64,
    pub waiting_since: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last round failed, in French (the window shows it as it is).
    pub last_error: Option<String>,
    pub running: bool,
    /// The first download's progress, while it runs.
    pub progress: Option<Progress>,
    /// Rows set aside, either way, with the reason.
    pub set_aside: Vec<SetAsideRow>,
    /// The agency whose data this desk downloads; none: the whole network.
    pub scope: Option<ScopeView>,
}

/// A desk head office knows, as this desk last heard of it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct SyncNode {
    pub uid: String,
    pub name: String,
    pub agency: Option<String>,
    pub app_version: Option<String>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Rows the desk still had to push at its last contact, and since when.
    pub backlog_rows: Option<i64>,
    pub backlog_since: Option<DateTime<Utc>>,
    pub this_desk: bool,
}

pub fn central_url(desk: &Desk) -> Result<Option<String>> {
    desk.secrets().get(&url_secret(desk))
}

/// Checks that head office answers at `url` and knows the chosen agency, then keeps the
/// address in the secret store and the agency as this desk's scope.
pub async fn configure(desk: &Desk, args: ConfigureSyncArgs) -> Result<SyncStatus> {
    if let Some(agency) = &args.agency {
        if uuid::Uuid::parse_str(agency.trim()).is_err() {
            return Err(Error::invalid("agency", Message::SyncAgencyUnknown));
        }
    }
    let central = connect_to(&args.url).await?;
    let chosen = scope::choose(desk, &central, args.agency.as_deref()).await;
    central.close().await;
    chosen?;
    desk.secrets().set(&url_secret(desk), args.url.trim())?;
    status(desk).await
}

/// The agencies head office knows at `url`, for choosing this desk's.
pub async fn central_agencies(args: CentralAgenciesArgs) -> Result<Vec<CentralAgency>> {
    let central = connect_to(&args.url).await?;
    let agencies = scope::central_agencies(&central).await;
    central.close().await;
    agencies
}

async fn connect_to(url: &str) -> Result<Central> {
    let url = url.trim();
    if !url.starts_with("mysql://") {
        return Err(Error::invalid("url", Message::CentralUrlInvalid));
    }
    Central::connect(url).await.map_err(|e| e.at("url"))
}

pub(super) async fn connect(desk: &Desk) -> Result<Central> {
    let url = central_url(desk)?
        .ok_or_else(|| Error::new(ErrorCode::Unavailable, Message::CentralUrlInvalid))?;
    Central::connect(&url).await
}

/// Head office, when its address is set and the last round reached it: an online sale claims
/// its seats there. `None` while the desk is offline (the background task finds out when the
/// network returns), so that a sale offline never waits for a connection.
pub async fn reachable_central(desk: &Desk) -> Option<Central> {
    let url = central_url(desk).ok()??;
    let last_error: Option<String> = sqlx::query_scalar("SELECT last_error FROM sync_status")
        .fetch_one(desk.pool())
        .await
        .ok()?;
    if last_error.is_some() {
        return None;
    }
    tokio::time::timeout(super::allotments::CLAIM_TIMEOUT, Central::connect(&url))
        .await
        .ok()?
        .ok()
}

/// Runs one round now, after the one in progress if any. `None` when head office's address is
/// not set (the desk works alone).
pub async fn run_now(desk: &Desk) -> Result<Option<RoundSummary>> {
    if central_url(desk)?.is_none() {
        return Ok(None);
    }
    let board = desk.sync_board();
    let _one_at_a_time = board.running.lock().await;
    let central = match connect(desk).await {
        Ok(central) => central,
        Err(error) => {
            record_failure(desk, &error).await?;
            return Err(error);
        }
    };
    let report = |progress: Progress| board.set_progress(Some(progress));
    let outcome = round::run(desk, &central, &RoundOptions::default(), &report).await;
    board.set_progress(None);
    central.close().await;
    outcome.map(Some)
}

/// A round that could not even connect is still an attempt the window shows.
async fn record_failure(desk: &Desk, error: &Error) -> Result<()> {
    sqlx::query("UPDATE sync_status SET last_attempt_at = ?, last_error = ?")
        .bind(desk.clock().now())
        .bind(error.message.text(crate::i18n::Locale::Fr))
        .execute(desk.pool())
        .await?;
    Ok(())
}

/// Prepares head office's database (the administrator's "prepare head office" button).
pub async fn migrate_central(desk: &Desk) -> Result<MigrateReport> {
    let central = connect(desk).await?;
    let report = central.migrate().await;
    central.close().await;
    report
}

pub async fn status(desk: &Desk) -> Result<SyncStatus> {
    let (last_attempt_at, last_success_at, last_error): (
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<String>,
    ) = sqlx::query_as("SELECT last_attempt_at, last_success_at, last_error FROM sync_status")
        .fetch_one(desk.pool())
        .await?;
    let waiting = super::outbox::waiting(desk).await?;
    let online = last_error.is_none()
        && matches!((last_success_at, last_attempt_at), (Some(s), Some(a)) if s >= a);
    Ok(SyncStatus {
        configured: central_url(desk)?.is_some(),
        online,
        rows_waiting: waiting.rows,
        waiting_since: waiting.since,
        last_success_at,
        last_attempt_at,
        last_error,
        running: desk.sync_board().running.try_lock().is_err(),
        progress: desk.sync_board().progress(),
        set_aside: set_aside::list(desk.pool()).await?,
        scope: scope::current(desk.pool()).await?,
    })
}

/// Every desk this one knows (its own and those pulled from head office), latest contact first.
pub async fn nodes(desk: &Desk) -> Result<Vec<SyncNode>> {
    Ok(sqlx::query_as(
        "SELECT n.uid, n.name, a.name AS agency, n.app_version, n.last_contact_at, n.backlog_rows, n.backlog_since, n.is_local AS this_desk \
         FROM desk_nodes n LEFT JOIN agences a ON a.id = n.agence_id WHERE n.deleted_at IS NULL \
         ORDER BY n.last_contact_at IS NULL, n.last_contact_at DESC, n.name",
    )
    .fetch_all(desk.pool())
    .await?)
}

/// How long the background task waits between rounds: `every` while head office answers, a
/// few seconds while it does not, so that the desk syncs soon after the network returns.
pub fn next_round_in(online: bool, every: Duration) -> Duration {
    if online {
        every
    } else {
        every.min(Duration::from_secs(10))
    }
}
