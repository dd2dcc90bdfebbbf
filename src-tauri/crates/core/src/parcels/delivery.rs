//! Handing an envoi over at its destination: the recipient's phone and the delivery code the
//! sender was given (wrong codes are counted, and past the limit delivery is blocked until the
//! sender has a new code issued), cash on delivery taken at the till first; and paying for an
//! envoi whose payment at intake failed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::codes::{new_delivery_code, normalize_delivery_code};
use super::lifecycle::{envoi_status, follow_pieces, move_colis, pieces, Actor};
use super::status::{ColisStatus, EnvoiStatus, PaymentMode};
use super::view::{self, Envoi};
use super::{ensure_takes_parcels, envoi_id_for};
use crate::audit;
use crate::auth::{password, Session};
use crate::config;
use crate::desk::Desk;
use crate::domain::{Money, PhoneNumber};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::payments::{self, Payee, PaymentMethod, PaymentStart, PaymentView};
use crate::till;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DeliverArgs {
    /// The envoi's tracking code (every piece that has arrived), or one piece's code.
    pub code: String,
    /// The phone the recipient gives: must be the envoi's recipient's.
    pub recipient_phone: String,
    pub delivery_code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewDeliveryCodeArgs {
    pub code: String,
    /// The sender, present at the counter, gives their phone.
    pub sender_phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewDeliveryCode {
    pub tracking_code: String,
    /// Shown once; the previous code no longer works.
    pub delivery_code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PayEnvoiArgs {
    pub code: String,
    pub method: PaymentMethod,
    #[serde(default)]
    pub payer_phone: Option<String>,
    #[serde(default)]
    pub cash_tendered: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PayReceipt {
    pub envoi: Envoi,
    pub payment: PaymentView,
    pub change_due: Option<Money>,
}

/// Takes what an envoi still owes: cash on delivery at the destination's till, or a payment at
/// intake that failed (by any method) while the envoi waits.
pub async fn pay(desk: &Desk, session: &Session, args: PayEnvoiArgs) -> Result<PayReceipt> {
    let phone = payments::payer_phone(args.method, args.payer_phone.as_deref())?;
    if args.cash_tendered.is_some() && args.method != PaymentMethod::Cash {
        return Err(Error::invalid("cash_tendered", Message::CashOnlyField));
    }
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (envoi_id, _) = envoi_id_for(&mut tx, session, "code", &args.code).await?;
    let status = envoi_status(&mut tx, envoi_id).await?;
    let mode: String = sqlx::query_scalar("SELECT payment_mode FROM envois WHERE id = ?")
        .bind(envoi_id)
        .fetch_one(&mut *tx)
        .await?;
    let mode = PaymentMode::from_db(&mode)?;
    let (total, paid) = view::amounts(&mut tx, envoi_id).await?;
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM paiements WHERE envoi_id = ? AND status = 'pending' AND deleted_at IS NULL",
    )
    .bind(envoi_id)
    .fetch_one(&mut *tx)
    .await?;
    if matches!(status, EnvoiStatus::Cancelled | EnvoiStatus::Delivered) {
        return Err(Error::new(ErrorCode::Conflict, Message::EnvoiClosed).at("code"));
    }
    if paid >= total || pending > 0 {
        return Err(Error::new(ErrorCode::Conflict, Message::PaymentNotFailed).at("code"));
    }
    if mode == PaymentMode::OnDelivery && args.method != PaymentMethod::Cash {
        return Err(Error::invalid("method", Message::CollectOnDeliveryCashOnly));
    }
    let due = total - paid;
    let till = till::open_session_id(&mut tx, session.compte_id).await?;
    if args.method == PaymentMethod::Cash {
        let till = till.ok_or_else(till::not_open)?;
        let change_due = crate::sales::change_due(args.cash_tendered, due)?;
        let payment_id = payments::record_cash(
            &mut tx,
            session,
            Payee::Envoi {
                id: envoi_id,
                amount: due,
            },
            till,
            now,
        )
        .await?;
        super::accept_paid_envoi(&mut tx, payment_id, Some(session.compte_id), now).await?;
        let payment = payments::view::by_id(&mut tx, payment_id).await?;
        let envoi = view::by_id(&mut tx, envoi_id).await?;
        tx.commit().await?;
        return Ok(PayReceipt {
            envoi,
            payment,
            change_due,
        });
    }
    let provider = payments::settings::provider(desk, &mut tx).await?;
    let payment_id = payments::start_provider_payment(
        &mut tx,
        session,
        provider.as_ref(),
        PaymentStart {
            method: args.method,
            payer_phone: phone.as_ref(),
            payee: Payee::Envoi {
                id: envoi_id,
                amount: due,
            },
            till,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let payment =
        payments::charge(desk, provider.as_ref(), payment_id, Some(session.compte_id)).await?;
    let mut conn = desk.pool().acquire().await?;
    Ok(PayReceipt {
        envoi: view::by_id(&mut conn, envoi_id).await?,
        payment,
        change_due: None,
    })
}

/// Hands over the arrived pieces of an envoi (or the one piece named) to its recipient.
pub async fn deliver(desk: &Desk, session: &Session, args: DeliverArgs) -> Result<Envoi> {
    let phone = PhoneNumber::parse("recipient_phone", &args.recipient_phone)?;
    let code = normalize_delivery_code(&args.delivery_code)
        .ok_or_else(|| Error::invalid("delivery_code", Message::DeliveryCodeFormat))?;
    let (envoi_id, hash, attempts, recipient_phone) = {
        let mut conn = desk.pool().acquire().await?;
        ensure_takes_parcels(&mut conn, session).await?;
        let (envoi_id, _) = envoi_id_for(&mut conn, session, "code", &args.code).await?;
        let (hash, attempts, recipient_phone, status): (Option<String>, i64, String, String) = sqlx::query_as(
            "SELECT delivery_code_hash, delivery_attempts, recipient_phone, status FROM envois WHERE id = ?",
        )
        .bind(envoi_id)
        .fetch_one(&mut *conn)
        .await?;
        // A closed envoi is not handed over: no code is tried (nor counted) against it.
        if matches!(
            EnvoiStatus::from_db(&status)?,
            EnvoiStatus::Delivered | EnvoiStatus::Cancelled
        ) {
            return Err(Error::new(ErrorCode::Conflict, Message::EnvoiClosed).at("code"));
        }
        (envoi_id, hash, attempts, recipient_phone)
    };
    let max_attempts = {
        let mut conn = desk.pool().acquire().await?;
        config::integer(&mut conn, config::DELIVERY_CODE_ATTEMPTS, 5).await?
    };
    if attempts >= max_attempts {
        return Err(Error::new(ErrorCode::Forbidden, Message::DeliveryBlocked).at("delivery_code"));
    }
    if phone.as_str() != recipient_phone {
        return Err(Error::invalid(
            "recipient_phone",
            Message::RecipientPhoneMismatch,
        ));
    }
    // Slow by design, so verified outside the write lock.
    let right = password::verify(code, hash).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    if !right {
        // The one write a refused delivery makes: the wrong code counts towards the limit.
        let attempts: i64 = sqlx::query_scalar(
            "UPDATE envois SET delivery_attempts = delivery_attempts + 1, updated_at = ?, version = version + 1 \
             WHERE id = ? RETURNING delivery_attempts",
        )
        .bind(now)
        .bind(envoi_id)
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            Some(session.compte_id),
            "parcel.delivery_code_wrong",
            Some("envois"),
            None,
            serde_json::json!({ "envoi_id": envoi_id, "attempts": attempts }),
            now,
        )
        .await?;
        tx.commit().await?;
        let left = (max_attempts - attempts).max(0);
        return Err(if left == 0 {
            Error::new(ErrorCode::Forbidden, Message::DeliveryBlocked).at("delivery_code")
        } else {
            Error::invalid("delivery_code", Message::DeliveryCodeWrong(left))
        });
    }
    let (envoi_id, parsed) = envoi_id_for(&mut tx, session, "code", &args.code).await?;
    let status = envoi_status(&mut tx, envoi_id).await?;
    if status == EnvoiStatus::Cancelled {
        return Err(Error::new(ErrorCode::Conflict, Message::EnvoiCancelled).at("code"));
    }
    let (total, paid) = view::amounts(&mut tx, envoi_id).await?;
    if paid < total {
        return Err(Error::new(ErrorCode::Conflict, Message::CollectOnDeliveryFirst).at("code"));
    }
    let arrived: Vec<_> = pieces(&mut tx, envoi_id, &parsed)
        .await
        .map_err(|e| e.at("code"))?
        .into_iter()
        .filter(|p| p.status == ColisStatus::Shipped.as_str())
        .collect();
    if arrived.is_empty() {
        return Err(Error::new(ErrorCode::Conflict, Message::NothingToDeliver).at("code"));
    }
    let actor = Actor::of(session);
    for piece in &arrived {
        move_colis(
            &mut tx,
            parsed.tracking_code(),
            piece,
            ColisStatus::Delivered,
            actor,
            Some("remis au destinataire"),
            now,
        )
        .await?;
    }
    follow_pieces(&mut tx, envoi_id, actor, now).await?;
    sqlx::query("UPDATE envois SET delivery_attempts = 0 WHERE id = ?")
        .bind(envoi_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.deliver",
        Some("envois"),
        Some(parsed.tracking_code()),
        serde_json::json!({ "pieces": arrived.len() }),
        now,
    )
    .await?;
    let envoi = view::by_id(&mut tx, envoi_id).await?;
    tx.commit().await?;
    Ok(envoi)
}

/// Issues a new delivery code to the sender (who gives their phone at the counter); the old
/// one stops working and the wrong-code count starts again.
pub async fn new_delivery_code_for(
    desk: &Desk,
    session: &Session,
    args: NewDeliveryCodeArgs,
) -> Result<NewDeliveryCode> {
    let phone = PhoneNumber::parse("sender_phone", &args.sender_phone)?;
    let code = new_delivery_code();
    let hash = password::hash(code.clone()).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (envoi_id, parsed) = envoi_id_for(&mut tx, session, "code", &args.code).await?;
    let sender_phone: String = sqlx::query_scalar(
        "SELECT u.phone_number FROM envois e JOIN utilisateurs u ON u.id = e.expediteur_id WHERE e.id = ?",
    )
    .bind(envoi_id)
    .fetch_one(&mut *tx)
    .await?;
    if sender_phone != phone.as_str() {
        return Err(Error::invalid("sender_phone", Message::SenderPhoneMismatch));
    }
    if matches!(
        envoi_status(&mut tx, envoi_id).await?,
        EnvoiStatus::Delivered | EnvoiStatus::Cancelled
    ) {
        return Err(Error::new(ErrorCode::Conflict, Message::EnvoiClosed).at("code"));
    }
    sqlx::query(
        "UPDATE envois SET delivery_code_hash = ?, delivery_attempts = 0, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(&hash)
    .bind(now)
    .bind(envoi_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.new_delivery_code",
        Some("envois"),
        Some(parsed.tracking_code()),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(NewDeliveryCode {
        tracking_code: parsed.tracking_code().to_owned(),
        delivery_code: code,
    })
}

/// Asks the provider again about the envoi's pending payment (the customer approved on the
/// phone?) and returns the envoi as it now stands.
pub async fn check_payment(desk: &Desk, session: &Session, args: view::EnvoiRef) -> Result<Envoi> {
    let (envoi_id, pending) = {
        let mut conn = desk.pool().acquire().await?;
        let (envoi_id, _) = envoi_id_for(&mut conn, session, "code", &args.code).await?;
        let pending: Option<String> = sqlx::query_scalar(
            "SELECT uid FROM paiements WHERE envoi_id = ? AND status = 'pending' AND deleted_at IS NULL ORDER BY id DESC LIMIT 1",
        )
        .bind(envoi_id)
        .fetch_optional(&mut *conn)
        .await?;
        (envoi_id, pending)
    };
    if let Some(payment_uid) = pending {
        payments::check(desk, session, payments::PaymentRef { payment_uid }).await?;
    }
    let mut conn = desk.pool().acquire().await?;
    view::by_id(&mut conn, envoi_id).await
}
