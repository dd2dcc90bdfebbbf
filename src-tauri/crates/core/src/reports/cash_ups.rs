//! Till sessions closed in a period, with the cash expected, the cash counted and the difference.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{scope_for, ReportFilter};
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::Result;

/// At most this many sessions are listed (the totals cover them all).
pub const MAX_LINES: i64 = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CashUpsReport {
    pub sessions: i64,
    /// Hundredths of the currency, over every session of the period.
    pub expected: i64,
    pub counted: i64,
    /// Counted minus expected: negative is cash missing.
    pub difference: i64,
    /// Sessions whose count fell short, and sessions with more cash than expected.
    pub short_sessions: i64,
    pub over_sessions: i64,
    /// Newest closing first.
    pub lines: Vec<CashUpLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct CashUpLine {
    pub session_uid: String,
    pub clerk: String,
    pub agency: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    pub opening_float: i64,
    pub expected: i64,
    pub counted: i64,
    pub difference: i64,
    pub notes: Option<String>,
}

/// Closed sessions of the period. The carrier filter keeps its own depots' tills; the route
/// filter does not apply to a till (`?5`, `?6` compared with themselves).
const FROM_WHERE: &str = "FROM cash_sessions s JOIN comptes c ON c.id = s.compte_id LEFT JOIN agences ag ON ag.id = s.agence_id \
     WHERE s.status = 'closed' AND s.deleted_at IS NULL AND s.closed_at >= ?1 AND s.closed_at < ?2 \
     AND (?3 IS NULL OR s.agence_id = ?3) AND (?4 IS NULL OR ag.transporteur_id = ?4) \
     AND (?5 IS NULL OR ?5 = ?5) AND (?6 IS NULL OR ?6 = ?6)";

pub async fn report(desk: &Desk, session: &Session, filter: ReportFilter) -> Result<CashUpsReport> {
    let scope = scope_for(desk, session, &filter).await?;
    let (sessions, expected, counted, short_sessions, over_sessions): (i64, i64, i64, i64, i64) =
        scope
            .bind(sqlx::query_as(&format!(
            "SELECT COUNT(*), COALESCE(SUM(s.expected_cash), 0), COALESCE(SUM(s.counted_cash), 0), \
             COUNT(CASE WHEN s.counted_cash < s.expected_cash THEN 1 END), \
             COUNT(CASE WHEN s.counted_cash > s.expected_cash THEN 1 END) {FROM_WHERE}"
        )))
            .fetch_one(desk.pool())
            .await?;
    let lines: Vec<CashUpLine> = scope
        .bind(sqlx::query_as(&format!(
            "SELECT s.uid AS session_uid, COALESCE(c.email, '') AS clerk, COALESCE(ag.name, '') AS agency, \
             s.opened_at, s.closed_at, s.opening_float, s.expected_cash AS expected, s.counted_cash AS counted, \
             s.counted_cash - s.expected_cash AS difference, s.notes {FROM_WHERE} \
             ORDER BY s.closed_at DESC, s.id DESC LIMIT {MAX_LINES}"
        )))
        .fetch_all(desk.pool())
        .await?;
    Ok(CashUpsReport {
        sessions,
        expected,
        counted,
        difference: counted - expected,
        short_sessions,
        over_sessions,
        lines,
    })
}
