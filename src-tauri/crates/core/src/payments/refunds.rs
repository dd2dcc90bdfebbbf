//! Giving money back when a reservation is cancelled: through the method that was used, never
//! more than was paid. Cash comes out of the open till (or is owed until a clerk pays it out);
//! mobile money and card refunds go through the provider and stay pending until it answers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::log::{self, LogLine, PaymentEvent};
use super::provider::{ProviderError, ProviderResult, ProviderStatus, RefundRequest};
use super::{settings, PaymentMethod};
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::Money;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::till;

/// Where cash given back comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CashRefund {
    /// The acting clerk's open till, which must be open (a counter cancellation).
    FromTill,
    /// The acting clerk's till when open, else owed to the passenger until a clerk pays it
    /// out (a carrier cancelling a departure is at no till).
    OwedWithoutTill,
}

/// What a cancellation gives back, once the payments are looked at.
#[derive(Debug, Clone, Default)]
pub(crate) struct RefundOutcome {
    /// Given back or committed to be (provider pending, cash owed); never above what was paid.
    pub amount: i64,
    pub method: Option<PaymentMethod>,
    pub payment_id: Option<i64>,
    /// Provider refunds to send once the cancellation is committed.
    pub to_send: Vec<i64>,
}

/// What is being refunded.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RefundFor {
    Reservation(i64),
    Envoi(i64),
}

/// Refunds up to `wanted` of what the reservation or envoi paid, payment by payment.
pub(crate) async fn open_refund(
    conn: &mut SqliteConnection,
    actor: Option<i64>,
    refund_for: RefundFor,
    wanted: i64,
    cash: CashRefund,
    now: DateTime<Utc>,
) -> Result<RefundOutcome> {
    let mut outcome = RefundOutcome::default();
    if wanted <= 0 {
        return Ok(outcome);
    }
    // Each payment, with what is left to give back of this reservation's share and of the
    // payment as a whole (refunds not failed count as given). An envoi's payment is all its own.
    let (query, id, reservation_id) = match refund_for {
        RefundFor::Reservation(id) => (
            "SELECT p.id, p.method, \
             a.amount - (SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f WHERE f.paiement_id = p.id AND f.reservation_id = a.reservation_id AND f.status <> 'failed'), \
             p.amount - (SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f WHERE f.paiement_id = p.id AND f.status <> 'failed') \
             FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id \
             WHERE a.reservation_id = ? AND p.status IN ('completed', 'refunded') ORDER BY p.id",
            id,
            Some(id),
        ),
        RefundFor::Envoi(id) => (
            "SELECT p.id, p.method, \
             p.amount - (SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f WHERE f.paiement_id = p.id AND f.status <> 'failed'), \
             p.amount - (SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f WHERE f.paiement_id = p.id AND f.status <> 'failed') \
             FROM paiements p WHERE p.envoi_id = ? AND p.status IN ('completed', 'refunded') ORDER BY p.id",
            id,
            None,
        ),
    };
    let payments: Vec<(i64, String, i64, i64)> =
        sqlx::query_as(query).bind(id).fetch_all(&mut *conn).await?;
    let actor_till = match actor {
        Some(compte) => till::open_session_id(conn, compte).await?,
        None => None,
    };
    for (payment_id, method, share_left, payment_left) in payments {
        let amount = (wanted - outcome.amount).min(share_left).min(payment_left);
        if amount <= 0 {
            continue;
        }
        let method = PaymentMethod::from_db(&method);
        let (status, till, message) = match (method, actor_till, cash) {
            (PaymentMethod::Cash, Some(till), _) => {
                ("completed", Some(till), "espèces rendues en caisse")
            }
            (PaymentMethod::Cash, None, CashRefund::FromTill) => return Err(till::not_open()),
            (PaymentMethod::Cash, None, CashRefund::OwedWithoutTill) => {
                ("pending", None, "espèces à verser au guichet")
            }
            (_, till, _) => ("pending", till, "remboursement demandé au fournisseur"),
        };
        let uid = crate::new_uid();
        let refund_id: i64 = sqlx::query_scalar(
            "INSERT INTO payment_refunds (uid, paiement_id, reservation_id, amount, method, status, idempotency_key, \
             cash_session_id, refunded_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&uid)
        .bind(payment_id)
        .bind(reservation_id)
        .bind(amount)
        .bind(method.as_str())
        .bind(status)
        .bind(method.through_provider().then_some(&uid))
        .bind(till)
        .bind(actor)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        log::write(
            conn,
            LogLine {
                payment_id,
                event: PaymentEvent::Refund,
                amount: Some(amount),
                provider_reference: None,
                message: Some(message),
                actor,
            },
            now,
        )
        .await?;
        mark_if_fully_refunded(conn, payment_id, now).await?;
        if method.through_provider() {
            outcome.to_send.push(refund_id);
        }
        outcome.amount += amount;
        outcome.method.get_or_insert(method);
        outcome.payment_id.get_or_insert(payment_id);
    }
    Ok(outcome)
}

/// A payment whose completed refunds add up to it is `refunded`.
async fn mark_if_fully_refunded(
    conn: &mut SqliteConnection,
    payment_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE paiements SET status = 'refunded', updated_at = ?, version = version + 1 \
         WHERE id = ? AND status = 'completed' AND amount <= \
         (SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f WHERE f.paiement_id = paiements.id AND f.status = 'completed')",
    )
    .bind(now)
    .bind(payment_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sends pending provider refunds (after the cancellation committed); a provider that does not
/// answer leaves them pending for `reconcile`.
pub(crate) async fn send(desk: &Desk, refund_ids: &[i64], actor: Option<i64>) -> Result<()> {
    if refund_ids.is_empty() {
        return Ok(());
    }
    let provider = {
        let mut conn = desk.pool().acquire().await?;
        settings::provider(desk, &mut conn).await
    };
    for &refund_id in refund_ids {
        let answer = match &provider {
            Ok(provider) => {
                let request = {
                    let mut conn = desk.pool().acquire().await?;
                    request_of(&mut conn, refund_id).await?
                };
                provider.refund(&request).await
            }
            Err(e) => Err(ProviderError::Unknown(e.to_string())),
        };
        settle(desk, refund_id, answer, actor, false).await?;
    }
    Ok(())
}

pub(crate) async fn request_of(
    conn: &mut SqliteConnection,
    refund_id: i64,
) -> Result<RefundRequest> {
    let (uid, key, amount, provider_payment): (String, Option<String>, i64, Option<String>) = sqlx::query_as(
        "SELECT f.uid, f.idempotency_key, f.amount, p.provider_reference FROM payment_refunds f \
         JOIN paiements p ON p.id = f.paiement_id WHERE f.id = ?",
    )
    .bind(refund_id)
    .fetch_one(conn)
    .await?;
    Ok(RefundRequest {
        idempotency_key: key.unwrap_or_else(|| uid.clone()),
        provider_payment: provider_payment.unwrap_or_default(),
        amount,
        reason: "Annulation de réservation".to_owned(),
    })
}

/// Applies the provider's answer to a pending refund; returns whether it is settled (no longer
/// pending). A refused or failed provider refund is still owed: it becomes cash to pay out at
/// the counter.
pub(crate) async fn settle(
    desk: &Desk,
    refund_id: i64,
    answer: ProviderResult,
    actor: Option<i64>,
    reconciling: bool,
) -> Result<bool> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (status, payment_id, amount, reservation_id): (String, i64, i64, Option<i64>) =
        sqlx::query_as(
            "SELECT status, paiement_id, amount, reservation_id FROM payment_refunds WHERE id = ?",
        )
        .bind(refund_id)
        .fetch_one(&mut *tx)
        .await?;
    if status != "pending" {
        return Ok(true);
    }
    let (new_status, event, reference, message) = match &answer {
        Ok(a) if a.status == ProviderStatus::Succeeded => (
            "completed",
            PaymentEvent::Refund,
            Some(a.reference.as_str()),
            format!("remboursé par le fournisseur{}", tail(a.message.as_deref())),
        ),
        Ok(a) if a.status == ProviderStatus::Pending => (
            "pending",
            PaymentEvent::Refund,
            Some(a.reference.as_str()),
            format!("remboursement en cours{}", tail(a.message.as_deref())),
        ),
        Ok(a) => (
            "failed",
            PaymentEvent::Failure,
            Some(a.reference.as_str()),
            format!(
                "remboursement refusé{} ; à verser en espèces",
                tail(a.message.as_deref())
            ),
        ),
        Err(ProviderError::Refused(m)) => (
            "failed",
            PaymentEvent::Failure,
            None,
            format!("remboursement refusé : {m} ; à verser en espèces"),
        ),
        Err(ProviderError::Unknown(m)) => (
            "pending",
            PaymentEvent::Timeout,
            None,
            format!("remboursement sans réponse : {m}"),
        ),
    };
    let event = if reconciling && event != PaymentEvent::Timeout {
        PaymentEvent::Reconciliation
    } else {
        event
    };
    sqlx::query(
        "UPDATE payment_refunds SET status = ?, provider_reference = COALESCE(?, provider_reference), \
         updated_at = ?, version = version + 1 WHERE id = ? AND status = 'pending'",
    )
    .bind(new_status)
    .bind(reference)
    .bind(now)
    .bind(refund_id)
    .execute(&mut *tx)
    .await?;
    log::write(
        &mut tx,
        LogLine {
            payment_id,
            event,
            amount: Some(amount),
            provider_reference: reference,
            message: Some(&message),
            actor,
        },
        now,
    )
    .await?;
    match new_status {
        "completed" => mark_if_fully_refunded(&mut tx, payment_id, now).await?,
        "failed" => {
            sqlx::query(
                "INSERT INTO payment_refunds (uid, paiement_id, reservation_id, amount, method, status, refunded_by, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, 'cash', 'pending', ?, ?, ?)",
            )
            .bind(crate::new_uid())
            .bind(payment_id)
            .bind(reservation_id)
            .bind(amount)
            .bind(actor)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        _ => {}
    }
    tx.commit().await?;
    Ok(new_status != "pending")
}

fn tail(message: Option<&str>) -> String {
    message.map(|m| format!(" : {m}")).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RefundDue {
    pub refund_uid: String,
    pub amount: Money,
    /// The booking reference, or a parcel envoi's tracking code.
    pub booking_reference: Option<String>,
    /// The passenger, or the parcel's sender.
    pub passenger_name: Option<String>,
    pub phone: Option<String>,
    pub owed_since: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RefundRef {
    pub refund_uid: String,
}

/// Owed cash, for a passenger (booking reference) or a parcel sender (tracking code).
const SELECT_DUE: &str = "SELECT f.uid, f.amount, COALESCE(r.booking_reference, e.tracking_code), \
     COALESCE(r.passenger_first_name || ' ' || r.passenger_last_name, u.first_name || ' ' || u.last_name), \
     COALESCE(r.phone_number, u.phone_number), f.created_at \
     FROM payment_refunds f LEFT JOIN reservations r ON r.id = f.reservation_id \
     JOIN paiements p ON p.id = f.paiement_id LEFT JOIN envois e ON e.id = p.envoi_id \
     LEFT JOIN utilisateurs u ON u.id = e.expediteur_id \
     WHERE f.method = 'cash' AND f.status = 'pending' AND f.deleted_at IS NULL";

type DueRow = (
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    DateTime<Utc>,
);

fn due(row: DueRow) -> Result<RefundDue> {
    Ok(RefundDue {
        refund_uid: row.0,
        amount: Money::parse("amount", row.1)?,
        booking_reference: row.2,
        passenger_name: row.3,
        phone: row.4,
        owed_since: row.5,
    })
}

/// Cash owed to passengers, oldest first (a carrier's cancellation, a refused provider refund).
pub async fn refunds_due(desk: &Desk) -> Result<Vec<RefundDue>> {
    let rows: Vec<DueRow> = sqlx::query_as(&format!("{SELECT_DUE} ORDER BY f.id"))
        .fetch_all(desk.pool())
        .await?;
    rows.into_iter().map(due).collect()
}

/// Pays owed cash out of the clerk's open till.
pub async fn pay_out(desk: &Desk, session: &Session, args: RefundRef) -> Result<RefundDue> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let row: DueRow = sqlx::query_as(&format!("{SELECT_DUE} AND f.uid = ?"))
        .bind(args.refund_uid.trim())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::not_found(Message::RefundNotDue).at("refund_uid"))?;
    let till = till::open_session_id(&mut tx, session.compte_id)
        .await?
        .ok_or_else(till::not_open)?;
    let (refund_id, payment_id): (i64, i64) =
        sqlx::query_as("SELECT id, paiement_id FROM payment_refunds WHERE uid = ?")
            .bind(&row.0)
            .fetch_one(&mut *tx)
            .await?;
    let done = sqlx::query(
        "UPDATE payment_refunds SET status = 'completed', cash_session_id = ?, refunded_by = ?, updated_at = ?, \
         version = version + 1 WHERE id = ? AND status = 'pending'",
    )
    .bind(till)
    .bind(session.compte_id)
    .bind(now)
    .bind(refund_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::new(ErrorCode::Conflict, Message::RefundNotDue));
    }
    log::write(
        &mut tx,
        LogLine {
            payment_id,
            event: PaymentEvent::Refund,
            amount: Some(row.1),
            provider_reference: None,
            message: Some("espèces versées au guichet"),
            actor: Some(session.compte_id),
        },
        now,
    )
    .await?;
    mark_if_fully_refunded(&mut tx, payment_id, now).await?;
    tx.commit().await?;
    due(row)
}
