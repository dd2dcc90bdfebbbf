//! Reading payments: one by uid, or the list an auditor filters, with what they paid for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::log::{self, PaymentLogEntry};
use super::{PaymentMethod, PaymentStatus};
use crate::desk::Desk;
use crate::domain::Money;
use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PaymentView {
    pub uid: String,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    pub amount: Money,
    /// Given back so far (refunds completed).
    pub refunded: Money,
    /// The provider's payment id; none for cash or before the provider answered.
    pub provider_reference: Option<String>,
    /// The provider's last word (why it failed, that it waits for the customer...).
    pub message: Option<String>,
    pub payer_phone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub booking_references: Vec<String>,
    /// The clerk who took it.
    pub taken_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PaymentRef {
    pub payment_uid: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListPaymentsArgs {
    #[serde(default)]
    pub status: Option<PaymentStatus>,
    #[serde(default)]
    pub method: Option<PaymentMethod>,
    /// Payments made on or after this instant.
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// Payments made before this instant.
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
    /// At most this many, newest first (default 200, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(sqlx::FromRow)]
struct Row {
    uid: String,
    method: String,
    status: String,
    amount: i64,
    refunded: i64,
    provider_reference: Option<String>,
    provider_message: Option<String>,
    payer_phone: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    references: Option<String>,
    taken_by: Option<String>,
}

const SELECT: &str = "SELECT p.uid, p.method, p.status, p.amount, \
     (SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f WHERE f.paiement_id = p.id AND f.status = 'completed') AS refunded, \
     p.provider_reference, p.provider_message, p.payer_phone, p.created_at, p.updated_at, \
     (SELECT group_concat(r.booking_reference, ' ') FROM payment_allocations a JOIN reservations r ON r.id = a.reservation_id WHERE a.paiement_id = p.id) AS \"references\", \
     (SELECT c.email FROM payment_logs_all l JOIN comptes c ON c.id = l.actor_compte_id WHERE l.paiement_id = p.id ORDER BY l.id LIMIT 1) AS taken_by \
     FROM paiements p WHERE p.deleted_at IS NULL";

impl TryFrom<Row> for PaymentView {
    type Error = Error;

    fn try_from(row: Row) -> Result<Self> {
        Ok(Self {
            uid: row.uid,
            method: PaymentMethod::from_db(&row.method),
            status: PaymentStatus::from_db(&row.status),
            amount: Money::parse("amount", row.amount)?,
            refunded: Money::parse("refunded", row.refunded)?,
            provider_reference: row.provider_reference,
            message: row.provider_message,
            payer_phone: row.payer_phone,
            created_at: row.created_at,
            updated_at: row.updated_at,
            booking_references: row
                .references
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            taken_by: row.taken_by,
        })
    }
}

pub(crate) async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<PaymentView> {
    let row: Row = sqlx::query_as(&format!("{SELECT} AND p.id = ?"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    row.try_into()
}

/// The id of the payment with this uid.
pub(crate) async fn id_of(conn: &mut SqliteConnection, uid: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM paiements WHERE uid = ? AND deleted_at IS NULL")
        .bind(uid.trim())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::not_found(Message::PaymentNotFound).at("payment_uid"))
}

pub async fn get(desk: &Desk, args: PaymentRef) -> Result<PaymentView> {
    let mut conn = desk.pool().acquire().await?;
    let id = id_of(&mut conn, &args.payment_uid).await?;
    by_id(&mut conn, id).await
}

pub async fn payment_log(desk: &Desk, args: PaymentRef) -> Result<Vec<PaymentLogEntry>> {
    let mut conn = desk.pool().acquire().await?;
    let id = id_of(&mut conn, &args.payment_uid).await?;
    log::of_payment(&mut conn, id).await
}

pub async fn list(desk: &Desk, args: ListPaymentsArgs) -> Result<Vec<PaymentView>> {
    let limit = args.limit.unwrap_or(200).clamp(1, 1000);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} AND (?1 IS NULL OR p.status = ?1) AND (?2 IS NULL OR p.method = ?2) \
         AND (?3 IS NULL OR p.created_at >= ?3) AND (?4 IS NULL OR p.created_at < ?4) \
         ORDER BY p.id DESC LIMIT ?5"
    ))
    .bind(args.status.map(PaymentStatus::as_str))
    .bind(args.method.map(PaymentMethod::as_str))
    .bind(args.from)
    .bind(args.to)
    .bind(i64::from(limit))
    .fetch_all(desk.pool())
    .await?;
    rows.into_iter().map(PaymentView::try_from).collect()
}
