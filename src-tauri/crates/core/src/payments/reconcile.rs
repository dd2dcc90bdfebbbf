//! Reconciliation: pending payments and refunds asked again of the provider (by reference, or
//! by re-sending the same idempotency key when the first answer was lost), and the seats of
//! failed payments released once their hold time is over. Runs at start-up, every minute in
//! the app, and when a clerk checks a payment.

use chrono::Duration;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::charge::{request_of, settle};
use super::provider::PaymentProvider;
use super::view::{self, PaymentRef, PaymentView};
use super::{refunds, settings, PaymentStatus};
use crate::auth::Session;
use crate::config;
use crate::desk::Desk;
use crate::error::Result;
use crate::i18n::{Locale, Message};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ReconcileSummary {
    /// Pending payments asked about.
    pub checked: u32,
    pub completed: u32,
    pub failed: u32,
    pub still_pending: u32,
    pub refunds_checked: u32,
    pub refunds_settled: u32,
    /// Reservations whose failed payment's hold ran out: cancelled, seats back on sale.
    pub holds_released: u32,
    /// Why the provider could not be asked (not configured), if so.
    pub provider_unavailable: Option<String>,
}

/// Asks the provider about one pending payment and settles it from the answer.
async fn ask(
    desk: &Desk,
    provider: &dyn PaymentProvider,
    payment_id: i64,
    actor: Option<i64>,
) -> Result<PaymentView> {
    let (reference, request) = {
        let mut conn = desk.pool().acquire().await?;
        let reference: Option<String> =
            sqlx::query_scalar("SELECT provider_reference FROM paiements WHERE id = ?")
                .bind(payment_id)
                .fetch_one(&mut *conn)
                .await?;
        (reference, request_of(&mut conn, payment_id).await?)
    };
    let answer = match reference {
        Some(reference) => provider.payment(&reference).await,
        // The creation's answer never arrived: the same key again is safe (never a 2nd charge).
        None => provider.create(&request).await,
    };
    settle(desk, payment_id, answer, actor, true).await
}

/// One payment, asked again now (the clerk's "check" button).
pub async fn check(desk: &Desk, session: &Session, args: PaymentRef) -> Result<PaymentView> {
    let mut conn = desk.pool().acquire().await?;
    let id = view::id_of(&mut conn, &args.payment_uid).await?;
    let current = view::by_id(&mut conn, id).await?;
    if current.status != PaymentStatus::Pending || !current.method.through_provider() {
        return Ok(current);
    }
    let provider = settings::provider(desk, &mut conn).await?;
    drop(conn);
    ask(desk, provider.as_ref(), id, Some(session.compte_id)).await
}

/// Every pending payment and refund asked again; expired holds released.
pub async fn reconcile(desk: &Desk, actor: Option<i64>) -> Result<ReconcileSummary> {
    let mut summary = ReconcileSummary::default();
    let (payments, refund_rows, provider) = {
        let mut conn = desk.pool().acquire().await?;
        let payments: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM paiements WHERE status = 'pending' AND method <> 'cash' AND deleted_at IS NULL ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await?;
        let refund_rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT id, provider_reference FROM payment_refunds WHERE status = 'pending' AND method <> 'cash' \
             AND deleted_at IS NULL ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await?;
        let provider = if payments.is_empty() && refund_rows.is_empty() {
            None
        } else {
            Some(settings::provider(desk, &mut conn).await)
        };
        (payments, refund_rows, provider)
    };
    match provider {
        Some(Err(e)) => summary.provider_unavailable = Some(e.message.text(Locale::Fr)),
        Some(Ok(provider)) => {
            for id in payments {
                summary.checked += 1;
                match ask(desk, provider.as_ref(), id, actor).await?.status {
                    PaymentStatus::Pending => summary.still_pending += 1,
                    PaymentStatus::Failed => summary.failed += 1,
                    PaymentStatus::Completed | PaymentStatus::Refunded => summary.completed += 1,
                }
            }
            for (id, reference) in refund_rows {
                summary.refunds_checked += 1;
                let answer = match reference {
                    Some(reference) => provider.refund_status(&reference).await,
                    None => {
                        let request = {
                            let mut conn = desk.pool().acquire().await?;
                            refunds::request_of(&mut conn, id).await?
                        };
                        provider.refund(&request).await
                    }
                };
                if refunds::settle(desk, id, answer, actor, true).await? {
                    summary.refunds_settled += 1;
                }
            }
        }
        None => {}
    }
    summary.holds_released = release_expired_holds(desk).await?;
    Ok(summary)
}

/// Cancels the pending reservations whose payments all failed more than `payments.hold_minutes`
/// ago (or that never had one), giving their seats back.
pub async fn release_expired_holds(desk: &Desk) -> Result<u32> {
    // Runs every minute: without a held reservation, no write lock is taken at all.
    let held: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM reservations WHERE status = 'pending' AND deleted_at IS NULL)",
    )
    .fetch_one(desk.pool())
    .await?;
    if !held {
        return Ok(0);
    }
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let hold = config::integer(&mut tx, config::HOLD_MINUTES, 15).await?;
    let cutoff = now - Duration::minutes(hold);
    let expired: Vec<i64> = sqlx::query_scalar(
        "SELECT r.id FROM reservations r WHERE r.status = 'pending' AND r.deleted_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id \
                         WHERE a.reservation_id = r.id AND p.status IN ('pending', 'completed', 'refunded')) \
         AND COALESCE((SELECT MAX(p.updated_at) FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id \
                       WHERE a.reservation_id = r.id), r.created_at) <= ?",
    )
    .bind(cutoff)
    .fetch_all(&mut *tx)
    .await?;
    let reason = Message::HoldExpired(hold).text(Locale::Fr);
    for &id in &expired {
        crate::sales::release_hold(&mut tx, id, &reason, now).await?;
    }
    tx.commit().await?;
    Ok(u32::try_from(expired.len()).unwrap_or(u32::MAX))
}
