//! Taking a payment: cash into the open till, or a provider charge written `pending` first and
//! settled from the provider's answer; a failed charge may be tried again while seats are held.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::log::{self, LogLine, PaymentEvent};
use super::provider::{
    ChargeRequest, PaymentProvider, ProviderError, ProviderResult, ProviderStatus,
};
use super::view::{self, PaymentView};
use super::{settings, PaymentMethod, PaymentStatus};
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::{Money, PhoneNumber};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::sales::{self, Reservation};
use crate::till;

/// What a payment pays for.
#[derive(Debug, Clone, Copy)]
pub enum Payee<'a> {
    /// Reservations already written (still `pending` for a provider payment), each with its share.
    Reservations(&'a [(i64, i64)]),
    /// A parcel envoi and its whole price.
    Envoi { id: i64, amount: i64 },
}

impl Payee<'_> {
    fn total(&self) -> i64 {
        match self {
            Self::Reservations(shares) => shares.iter().map(|(_, amount)| amount).sum(),
            Self::Envoi { amount, .. } => *amount,
        }
    }

    /// The `reservation_id` and `envoi_id` of the payment row (exactly one is set).
    fn columns(&self) -> Result<(Option<i64>, Option<i64>)> {
        match self {
            Self::Reservations(shares) => shares
                .first()
                .map(|(id, _)| (Some(*id), None))
                .ok_or_else(|| {
                    Error::internal(std::io::Error::other("payment for no reservation"))
                }),
            Self::Envoi { id, .. } => Ok((None, Some(*id))),
        }
    }
}

/// A provider payment about to be written.
pub struct PaymentStart<'a> {
    pub method: PaymentMethod,
    pub payer_phone: Option<&'a PhoneNumber>,
    pub payee: Payee<'a>,
    pub till: Option<i64>,
}

/// The payer's phone a method needs: required for mobile money, refused for a card.
pub fn payer_phone(method: PaymentMethod, raw: Option<&str>) -> Result<Option<PhoneNumber>> {
    match (method, raw.map(str::trim).filter(|p| !p.is_empty())) {
        (PaymentMethod::MobileMoney, None) => {
            Err(Error::invalid("payer_phone", Message::PayerPhoneRequired))
        }
        (PaymentMethod::MobileMoney, Some(raw)) => PhoneNumber::parse("payer_phone", raw).map(Some),
        (_, None) => Ok(None),
        (_, Some(_)) => Err(Error::invalid("payer_phone", Message::PayerPhoneOnlyMobile)),
    }
}

/// Writes the pending payment, its allocations and the attempt line; returns its id. Commit
/// before calling the provider: whatever happens next, the payment is on record.
pub async fn start_provider_payment(
    conn: &mut SqliteConnection,
    session: &Session,
    provider: &dyn PaymentProvider,
    start: PaymentStart<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let total = start.payee.total();
    let (reservation_id, envoi_id) = start.payee.columns()?;
    let uid = crate::new_uid();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO paiements (uid, amount, status, payment_date, method, provider, idempotency_key, payer_phone, \
         reservation_id, envoi_id, cash_session_id, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(total)
    .bind(now)
    .bind(start.method.as_str())
    .bind(provider.name())
    // The key is the payment's own uid: unique, and the same on every retry.
    .bind(&uid)
    .bind(start.payer_phone.map(PhoneNumber::as_str))
    .bind(reservation_id)
    .bind(envoi_id)
    .bind(start.till)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    if let Payee::Reservations(shares) = start.payee {
        for (reservation_id, amount) in shares {
            allocate(conn, id, *reservation_id, *amount, now).await?;
        }
    }
    log::write(
        conn,
        LogLine {
            payment_id: id,
            event: PaymentEvent::Attempt,
            amount: Some(total),
            provider_reference: None,
            message: Some(start.method.as_str()),
            actor: Some(session.compte_id),
        },
        now,
    )
    .await?;
    Ok(id)
}

async fn allocate(
    conn: &mut SqliteConnection,
    payment_id: i64,
    reservation_id: i64,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO payment_allocations (uid, paiement_id, reservation_id, amount, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(payment_id)
    .bind(reservation_id)
    .bind(amount)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A completed cash payment into the open till `till_id`, with its allocation and log line.
pub async fn record_cash(
    conn: &mut SqliteConnection,
    session: &Session,
    payee: Payee<'_>,
    till_id: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let amount = payee.total();
    let (reservation_id, envoi_id) = payee.columns()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO paiements (uid, amount, status, payment_date, method, reservation_id, envoi_id, cash_session_id, created_at, updated_at) \
         VALUES (?, ?, 'completed', ?, 'cash', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(crate::new_uid())
    .bind(amount)
    .bind(now)
    .bind(reservation_id)
    .bind(envoi_id)
    .bind(till_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    if let Payee::Reservations(shares) = payee {
        for (reservation_id, share) in shares {
            allocate(conn, id, *reservation_id, *share, now).await?;
        }
    }
    log::write(
        conn,
        LogLine {
            payment_id: id,
            event: PaymentEvent::Success,
            amount: Some(amount),
            provider_reference: None,
            message: None,
            actor: Some(session.compte_id),
        },
        now,
    )
    .await?;
    Ok(id)
}

/// The request a pending payment was (or will be) sent with: the same on every retry.
pub(crate) async fn request_of(
    conn: &mut SqliteConnection,
    payment_id: i64,
) -> Result<ChargeRequest> {
    let (uid, key, amount, method, payer_phone, count, tracking): (String, Option<String>, i64, String, Option<String>, i64, Option<String>) =
        sqlx::query_as(
            "SELECT p.uid, p.idempotency_key, p.amount, p.method, p.payer_phone, \
             (SELECT COUNT(*) FROM payment_allocations a WHERE a.paiement_id = p.id), e.tracking_code \
             FROM paiements p LEFT JOIN envois e ON e.id = p.envoi_id WHERE p.id = ?",
        )
        .bind(payment_id)
        .fetch_one(&mut *conn)
        .await?;
    let currency = crate::config::text(conn, "currency", "XOF").await?;
    Ok(ChargeRequest {
        idempotency_key: key.unwrap_or_else(|| uid.clone()),
        amount,
        currency,
        method: PaymentMethod::from_db(&method),
        payer_phone,
        description: match tracking {
            Some(code) => format!("Billettigue : envoi {code}"),
            None => format!("Billettigue : {count} billet(s)"),
        },
        reference: uid,
    })
}

/// Sends a pending payment to the provider and settles it from the answer.
pub async fn charge(
    desk: &Desk,
    provider: &dyn PaymentProvider,
    payment_id: i64,
    actor: Option<i64>,
) -> Result<PaymentView> {
    let request = {
        let mut conn = desk.pool().acquire().await?;
        request_of(&mut conn, payment_id).await?
    };
    let answer = provider.create(&request).await;
    settle(desk, payment_id, answer, actor, false).await
}

/// Applies the provider's answer to a pending payment (a settled one never changes again):
/// succeeded → completed and its reservations confirmed; declined or refused → failed (the
/// seats stay held for `payments.hold_minutes`); no answer → still pending, a timeout line.
pub(crate) async fn settle(
    desk: &Desk,
    payment_id: i64,
    answer: ProviderResult,
    actor: Option<i64>,
    reconciling: bool,
) -> Result<PaymentView> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let status: String = sqlx::query_scalar("SELECT status FROM paiements WHERE id = ?")
        .bind(payment_id)
        .fetch_one(&mut *tx)
        .await?;
    if PaymentStatus::from_db(&status) != PaymentStatus::Pending {
        let view = view::by_id(&mut tx, payment_id).await?;
        tx.commit().await?;
        return Ok(view);
    }
    let (new_status, answered) = match &answer {
        Ok(a) => (
            match a.status {
                ProviderStatus::Succeeded => PaymentStatus::Completed,
                ProviderStatus::Failed => PaymentStatus::Failed,
                ProviderStatus::Pending => PaymentStatus::Pending,
            },
            Some(a),
        ),
        Err(ProviderError::Refused(_)) => (PaymentStatus::Failed, None),
        Err(ProviderError::Unknown(_)) => (PaymentStatus::Pending, None),
    };
    let event = match (new_status, answered.is_some(), reconciling) {
        (PaymentStatus::Completed | PaymentStatus::Failed, _, true) => PaymentEvent::Reconciliation,
        (PaymentStatus::Completed, _, false) => PaymentEvent::Success,
        (PaymentStatus::Failed, _, false) => PaymentEvent::Failure,
        // An answer that says "not yet" is one more attempt; no answer at all is a timeout.
        (_, true, _) => PaymentEvent::Attempt,
        (_, false, _) => PaymentEvent::Timeout,
    };
    let reference = answered.map(|a| a.reference.as_str());
    let amount = answered.map(|a| a.amount);
    let message = match &answer {
        Ok(a) => a.message.as_deref(),
        Err(e) => Some(e.message()),
    }
    .map(|m| m.chars().take(500).collect::<String>());
    sqlx::query(
        "UPDATE paiements SET status = ?, provider_reference = COALESCE(?, provider_reference), \
         provider_message = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = 'pending'",
    )
    .bind(new_status.as_str())
    .bind(reference)
    .bind(&message)
    .bind(now)
    .bind(payment_id)
    .execute(&mut *tx)
    .await?;
    if new_status == PaymentStatus::Completed {
        confirm_reservations_of(&mut tx, payment_id, now).await?;
        crate::parcels::accept_paid_envoi(&mut tx, payment_id, actor, now).await?;
    }
    let log_message = match (reconciling, new_status) {
        (true, PaymentStatus::Completed) => Some(format!("payé{}", suffix(message.as_deref()))),
        (true, PaymentStatus::Failed) => Some(format!("échoué{}", suffix(message.as_deref()))),
        _ => message.clone(),
    };
    log::write(
        &mut tx,
        LogLine {
            payment_id,
            event,
            amount,
            provider_reference: reference,
            message: log_message.as_deref(),
            actor,
        },
        now,
    )
    .await?;
    let view = view::by_id(&mut tx, payment_id).await?;
    tx.commit().await?;
    Ok(view)
}

/// The held reservations a completed payment pays become confirmed tickets.
async fn confirm_reservations_of(
    conn: &mut SqliteConnection,
    payment_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE reservations SET status = 'confirmed', updated_at = ?, version = version + 1 \
         WHERE status = 'pending' AND id IN (SELECT reservation_id FROM payment_allocations WHERE paiement_id = ?)",
    )
    .bind(now)
    .bind(payment_id)
    .execute(conn)
    .await?;
    Ok(())
}

fn suffix(message: Option<&str>) -> String {
    message.map(|m| format!(" : {m}")).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RetryArgs {
    /// A failed payment whose reservations are still held.
    pub payment_uid: String,
    pub method: PaymentMethod,
    #[serde(default)]
    pub payer_phone: Option<String>,
    #[serde(default)]
    pub cash_tendered: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RetryReceipt {
    /// The new payment (for cash, the first of the reservations' payments).
    pub payment: PaymentView,
    pub reservations: Vec<Reservation>,
    pub change_due: Option<Money>,
}

/// Pays again, by any method, for the reservations of a failed payment while their seats are
/// still held.
pub async fn retry(desk: &Desk, session: &Session, args: RetryArgs) -> Result<RetryReceipt> {
    let phone = payer_phone(args.method, args.payer_phone.as_deref())?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let failed_id = view::id_of(&mut tx, &args.payment_uid).await?;
    let failed = view::by_id(&mut tx, failed_id).await?;
    if failed.status != PaymentStatus::Failed {
        return Err(Error::new(ErrorCode::Conflict, Message::PaymentNotFailed).at("payment_uid"));
    }
    let held: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT a.reservation_id, a.amount, r.status FROM payment_allocations a \
         JOIN reservations r ON r.id = a.reservation_id WHERE a.paiement_id = ? ORDER BY a.id",
    )
    .bind(failed_id)
    .fetch_all(&mut *tx)
    .await?;
    if held.is_empty() || held.iter().any(|(_, _, status)| status != "pending") {
        return Err(Error::new(ErrorCode::Conflict, Message::HoldReleased).at("payment_uid"));
    }
    let shares: Vec<(i64, i64)> = held.iter().map(|(id, amount, _)| (*id, *amount)).collect();
    let total: i64 = shares.iter().map(|(_, amount)| amount).sum();
    let till = till::open_session_id(&mut tx, session.compte_id).await?;
    let ids: Vec<i64> = shares.iter().map(|(id, _)| *id).collect();
    if args.method == PaymentMethod::Cash {
        let till = till.ok_or_else(till::not_open)?;
        let change_due = sales::change_due(args.cash_tendered, total)?;
        let mut first = None;
        for (reservation_id, amount) in &shares {
            let id = record_cash(
                &mut tx,
                session,
                Payee::Reservations(&[(*reservation_id, *amount)]),
                till,
                now,
            )
            .await?;
            confirm_reservations_of(&mut tx, id, now).await?;
            first.get_or_insert(id);
        }
        let payment = view::by_id(&mut tx, first.unwrap_or(failed_id)).await?;
        let reservations = sales::reservation_views(&mut tx, ids).await?;
        tx.commit().await?;
        return Ok(RetryReceipt {
            payment,
            reservations,
            change_due,
        });
    }
    if args.cash_tendered.is_some() {
        return Err(Error::invalid("cash_tendered", Message::CashOnlyField));
    }
    let provider = settings::provider(desk, &mut tx).await?;
    let payment_id = start_provider_payment(
        &mut tx,
        session,
        provider.as_ref(),
        PaymentStart {
            method: args.method,
            payer_phone: phone.as_ref(),
            payee: Payee::Reservations(&shares),
            till,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let payment = charge(desk, provider.as_ref(), payment_id, Some(session.compte_id)).await?;
    let mut conn = desk.pool().acquire().await?;
    let reservations = sales::reservation_views(&mut conn, ids).await?;
    Ok(RetryReceipt {
        payment,
        reservations,
        change_due: None,
    })
}
