//! Sign-in monitoring for administrators: accounts locked now, accounts with failed sign-ins, and
//! how many lockouts the period saw.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{admin_only, scope_for, ReportFilter};
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SignInReport {
    /// Lockouts recorded in the period (the administration log's `account.locked`).
    pub lockouts_in_period: i64,
    /// Accounts whose last failed sign-in falls in the period, most recent first (at most 200).
    pub failures: Vec<SignInFailures>,
    /// Every account locked now, whatever the period.
    pub locked_now: Vec<SignInFailures>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct SignInFailures {
    pub email: String,
    pub role: String,
    /// Failures since the account was created.
    pub failed_logins: i64,
    /// Failures since the last successful sign-in.
    pub consecutive_failures: i64,
    pub last_failed_login: Option<DateTime<Utc>>,
    pub locked: bool,
}

const ACCOUNTS: &str = "SELECT c.email, ro.name AS role, c.failed_logins, c.login_attempts AS consecutive_failures, \
     c.last_failed_login, c.account_locked AS locked \
     FROM comptes c JOIN roles ro ON ro.id = c.role_id WHERE c.email IS NOT NULL AND c.deleted_at IS NULL";

pub async fn report(desk: &Desk, session: &Session, filter: ReportFilter) -> Result<SignInReport> {
    admin_only(session)?;
    let scope = scope_for(desk, session, &filter).await?;
    let (lockouts_in_period,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM admin_logs WHERE action = 'account.locked' AND created_at >= ?1 AND created_at < ?2) \
         + (SELECT COUNT(*) FROM archived_admin_logs WHERE action = 'account.locked' AND created_at >= ?1 AND created_at < ?2)",
    )
    .bind(scope.start)
    .bind(scope.end)
    .fetch_one(desk.pool())
    .await?;
    let failures: Vec<SignInFailures> = sqlx::query_as(&format!(
        "{ACCOUNTS} AND c.last_failed_login >= ? AND c.last_failed_login < ? ORDER BY c.last_failed_login DESC LIMIT 200"
    ))
    .bind(scope.start)
    .bind(scope.end)
    .fetch_all(desk.pool())
    .await?;
    let locked_now: Vec<SignInFailures> = sqlx::query_as(&format!(
        "{ACCOUNTS} AND c.account_locked = 1 ORDER BY c.last_failed_login DESC"
    ))
    .fetch_all(desk.pool())
    .await?;
    Ok(SignInReport {
        lockouts_in_period,
        failures,
        locked_now,
    })
}
