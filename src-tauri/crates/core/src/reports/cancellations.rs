//! Cancelled reservations of a period: counted by reason with the refunds granted, and the
//! latest of them one by one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    cap, filter_sql, scope_for, summary, Column, ReportFilter, ReportRow, ReportTable, Scope,
};
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::Result;

/// At most this many cancellations are listed one by one (the counts cover them all).
pub const MAX_LINES: i64 = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CancellationsReport {
    /// By reason: cancellations and refunds granted.
    pub by_reason: ReportTable,
    /// The latest cancellations, newest first.
    pub lines: Vec<CancellationLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct CancellationLine {
    pub booking_reference: String,
    pub cancelled_at: DateTime<Utc>,
    /// Email of who cancelled it; empty when the system did (a cancelled departure).
    pub cancelled_by: String,
    pub reason: String,
    pub route: String,
    pub departure_time: DateTime<Utc>,
    /// Hundredths of the currency.
    pub refund_amount: i64,
    pub refund_method: Option<String>,
}

fn from_where() -> String {
    format!(
        "FROM annulations n JOIN reservations r ON r.id = n.reservation_id JOIN trajets t ON t.id = r.trajet_id \
         LEFT JOIN comptes c ON c.id = n.cancelled_by WHERE n.deleted_at IS NULL AND {}",
        filter_sql("n.cancelled_at", "r.agence_id", "t.transporteur_id", "t.departure_city", "t.arrival_city")
    )
}

/// The day summary of cancellations (`s`) in the scope.
fn summary_where() -> String {
    filter_sql(
        "s.day",
        "s.agence_id",
        "s.transporteur_id",
        "s.departure_city",
        "s.arrival_city",
    )
}

/// Cancellations and refunds granted over the whole scope.
pub(crate) async fn totals(desk: &Desk, scope: &Scope) -> Result<(i64, i64)> {
    let sql = format!(
        "SELECT COALESCE(SUM(s.cancellations), 0), COALESCE(SUM(s.refunded), 0) \
         FROM report_cancellation_days s WHERE {}",
        summary_where()
    );
    Ok(scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?)
}

pub async fn report(
    desk: &Desk,
    session: &Session,
    filter: ReportFilter,
) -> Result<CancellationsReport> {
    let scope = scope_for(desk, session, &filter).await?;
    summary::refresh(desk).await?;
    let sql = format!(
        "SELECT s.reason, SUM(s.cancellations), SUM(s.refunded) FROM report_cancellation_days s \
         WHERE {} GROUP BY s.reason ORDER BY 2 DESC, 1 LIMIT {}",
        summary_where(),
        super::MAX_ROWS + 1
    );
    let raw: Vec<(String, i64, i64)> = scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_all(desk.pool())
        .await?;
    let mut rows: Vec<ReportRow> = raw
        .into_iter()
        .map(|(reason, count, refunded)| ReportRow {
            key: reason.clone(),
            label: reason,
            figures: vec![count, refunded],
        })
        .collect();
    let truncated = cap(&mut rows);
    let (count, refunded) = totals(desk, &scope).await?;
    let sql = format!(
        "SELECT r.booking_reference, n.cancelled_at, COALESCE(c.email, '') AS cancelled_by, n.reason, \
         t.departure_city || ' → ' || t.arrival_city AS route, t.departure_time, n.refund_amount, n.refund_method {} \
         ORDER BY n.cancelled_at DESC, n.id DESC LIMIT {MAX_LINES}",
        from_where()
    );
    let lines: Vec<CancellationLine> = scope
        .bind(sqlx::query_as(&sql))
        .fetch_all(desk.pool())
        .await?;
    Ok(CancellationsReport {
        by_reason: ReportTable {
            columns: vec![Column::Cancellations, Column::Refunded],
            rows,
            totals: vec![count, refunded],
            truncated,
        },
        lines,
    })
}
