//! One sync round: push the outbox, pull the change log, note the outcome for the window.

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::allotments;
use super::catalog::Catalog;
use super::central::Central;
use super::pull::{self, Progress, PullOptions};
use super::push;
use crate::desk::Desk;
use crate::error::Result;
use crate::i18n::Locale;

#[derive(Debug, Clone)]
pub struct RoundOptions {
    /// Outbox lines per head office transaction.
    pub push_batch: usize,
    pub pull: PullOptions,
}

impl Default for RoundOptions {
    fn default() -> Self {
        Self {
            push_batch: 500,
            pull: PullOptions::default(),
        }
    }
}

/// What one round did: `billettigue-cli sync` prints it as JSON.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RoundSummary {
    pub pushed: u64,
    /// Rows head office already held (a batch sent again after a dropped acknowledgement).
    pub already_there: u64,
    pub pulled: u64,
    /// Rows set aside this round, either way; `sync.status` lists them with their reasons.
    pub set_aside: u64,
    pub batches: u64,
    pub lines_read: u64,
    pub gaps_waiting: u64,
    /// Rows still waiting in the outbox after the round (set aside ones).
    pub rows_waiting: i64,
    /// Seats head office granted this desk this round (blocks for offline selling).
    pub seats_granted: u64,
    /// Unsold seats given back (past the cutoff, or the departure no longer on sale).
    pub seats_returned: u64,
    pub duration_ms: u64,
    pub finished_at: DateTime<Utc>,
}

/// Runs one round against head office. Whatever happens, the attempt and its outcome are
/// recorded for the window (`sync_status`); an unreachable head office is an `unavailable` error.
pub async fn run(
    desk: &Desk,
    central: &Central,
    options: &RoundOptions,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<RoundSummary> {
    let started = Instant::now();
    let attempt_at = desk.clock().now();
    let outcome = round(desk, central, options, on_progress, started).await;
    let (success_at, error) = match &outcome {
        Ok(summary) => (Some(summary.finished_at), None),
        Err(error) => (None, Some(error.message.text(Locale::Fr))),
    };
    sqlx::query(
        "UPDATE sync_status SET last_attempt_at = ?, last_success_at = COALESCE(?, last_success_at), last_error = ?",
    )
    .bind(attempt_at)
    .bind(success_at)
    .bind(error)
    .execute(desk.pool())
    .await?;
    outcome
}

async fn round(
    desk: &Desk,
    central: &Central,
    options: &RoundOptions,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
    started: Instant,
) -> Result<RoundSummary> {
    let catalog = Catalog::read(desk.pool(), central.pool()).await?;
    allotments::mark_joined(desk).await?;
    // Given back before the push, so that the same round carries them to head office.
    let seats_returned = allotments::return_unsold(desk, None).await?;
    let pushed = push::push(desk, central, &catalog, options.push_batch).await?;
    let backlog = push::heartbeat(desk, central).await?;
    let pulled = pull::pull(desk, central, &catalog, &options.pull, on_progress).await?;
    let seats_granted = allotments::keep_blocks(desk, central).await?;
    let finished_at = desk.clock().now();
    // Not recorded: head office wrote the same in its own copy of this desk's row (the agency
    // is the one this desk serves, scope.rs).
    let mut tx = super::outbox::begin_unrecorded(desk).await?;
    sqlx::query(
        "UPDATE desk_nodes SET last_contact_at = ?, app_version = ?, backlog_rows = ?, backlog_since = ?, \
         agence_id = (SELECT a.id FROM agences a, sync_status s WHERE a.uid = s.scope_agency_uid) \
         WHERE is_local = 1",
    )
    .bind(finished_at)
    .bind(push::APP_VERSION)
    .bind(backlog.rows)
    .bind(backlog.since)
    .execute(&mut *tx)
    .await?;
    super::outbox::commit_unrecorded(tx).await?;
    let rows_waiting = super::outbox::waiting(desk).await?.rows;
    Ok(RoundSummary {
        pushed: pushed.pushed,
        already_there: pushed.already_there,
        pulled: pulled.pulled,
        set_aside: pushed.set_aside + pulled.set_aside,
        batches: pushed.batches,
        lines_read: pulled.lines_read,
        gaps_waiting: pulled.gaps_waiting,
        rows_waiting,
        seats_granted,
        seats_returned,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        finished_at,
    })
}
