//! The payment transaction log (`payment_logs`): one append-only row per attempt, answer,
//! failure, timeout, refund and reconciliation, with the provider's reference and message.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::domain::Money;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentEvent {
    Attempt,
    Success,
    Failure,
    Refund,
    Reconciliation,
    Timeout,
}

impl PaymentEvent {
    fn as_str(self) -> &'static str {
        match self {
            Self::Attempt => "attempt",
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Refund => "refund",
            Self::Reconciliation => "reconciliation",
            Self::Timeout => "timeout",
        }
    }

    fn from_db(text: &str) -> Self {
        match text {
            "success" => Self::Success,
            "failure" => Self::Failure,
            "refund" => Self::Refund,
            "reconciliation" => Self::Reconciliation,
            "timeout" => Self::Timeout,
            _ => Self::Attempt,
        }
    }
}

/// One line to append.
pub(crate) struct LogLine<'a> {
    pub payment_id: i64,
    pub event: PaymentEvent,
    pub amount: Option<i64>,
    pub provider_reference: Option<&'a str>,
    pub message: Option<&'a str>,
    pub actor: Option<i64>,
}

pub(crate) async fn write(
    conn: &mut SqliteConnection,
    line: LogLine<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let message = line
        .message
        .map(|m| m.chars().take(2000).collect::<String>());
    sqlx::query(
        "INSERT INTO payment_logs (uid, paiement_id, event, amount, provider_reference, message, \
         actor_compte_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(line.payment_id)
    .bind(line.event.as_str())
    .bind(line.amount)
    .bind(
        line.provider_reference
            .map(|r| r.chars().take(100).collect::<String>()),
    )
    .bind(message)
    .bind(line.actor)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PaymentLogEntry {
    pub at: DateTime<Utc>,
    pub event: PaymentEvent,
    pub amount: Option<Money>,
    pub provider_reference: Option<String>,
    pub message: Option<String>,
    /// Who acted; none when the desk reconciled on its own.
    pub actor_email: Option<String>,
}

/// At, event, amount, provider reference, message, actor's email.
type LogRow = (
    DateTime<Utc>,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A payment's log, oldest first.
pub(crate) async fn of_payment(
    conn: &mut SqliteConnection,
    payment_id: i64,
) -> Result<Vec<PaymentLogEntry>> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "SELECT l.created_at, l.event, l.amount, l.provider_reference, l.message, c.email \
             FROM payment_logs_all l LEFT JOIN comptes c ON c.id = l.actor_compte_id \
             WHERE l.paiement_id = ? ORDER BY l.id",
    )
    .bind(payment_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(
            |(at, event, amount, provider_reference, message, actor_email)| {
                Ok(PaymentLogEntry {
                    at,
                    event: PaymentEvent::from_db(&event),
                    amount: amount.map(|a| Money::parse("amount", a)).transpose()?,
                    provider_reference,
                    message,
                    actor_email,
                })
            },
        )
        .collect()
}
