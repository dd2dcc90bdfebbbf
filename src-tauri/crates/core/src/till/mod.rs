//! The till (caisse): a clerk's cash-drawer session, opened with a float and closed by counting
//! the cash. Cash sales need one open; the closing (Z) report is kept, immutable, once closed.

mod report;

pub use report::{report, report_pdf, TillMethodFigures, TillReport, TillReportPdfArgs};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::auth::{Permission, Role, Session};
use crate::desk::Desk;
use crate::domain::{Money, Text};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

pub const NOTES_MAX: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TillStatus {
    Open,
    Closed,
}

impl TillStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

/// One till session, as listed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TillSession {
    pub uid: String,
    pub clerk_name: String,
    pub clerk_email: Option<String>,
    pub agency: Option<String>,
    pub status: TillStatus,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub opening_float: Money,
    pub expected_cash: Option<Money>,
    pub counted_cash: Option<Money>,
    /// Counted minus expected, in minor units: negative is a shortfall.
    pub difference: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OpenTillArgs {
    /// The cash put in the drawer to give change, in minor units.
    pub opening_float: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CloseTillArgs {
    /// The cash counted in the drawer at closing, in minor units.
    pub counted_cash: i64,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListTillSessionsArgs {
    #[serde(default)]
    pub status: Option<TillStatus>,
    /// Sessions opened on or after this instant.
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TillSessionRef {
    pub session_uid: String,
}

/// The clerk's open till at this desk, if any (a till the same clerk opened at another desk
/// comes down with sync and is that desk's drawer, not this one's).
pub(crate) async fn open_session_id(
    conn: &mut SqliteConnection,
    compte_id: i64,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM cash_sessions WHERE compte_id = ? AND status = 'open' AND deleted_at IS NULL \
         AND desk_node_id IS (SELECT id FROM desk_nodes WHERE is_local = 1)",
    )
    .bind(compte_id)
    .fetch_optional(conn)
    .await?)
}

/// The error for a cash movement without an open till.
pub(crate) fn not_open() -> Error {
    Error::new(ErrorCode::Conflict, Message::TillNotOpen)
}

const SELECT: &str = "SELECT s.id, s.uid, s.compte_id, \
     COALESCE(NULLIF(TRIM(COALESCE(ag.first_name, ad.first_name, '') || ' ' || COALESCE(ag.last_name, ad.last_name, '')), ''), c.email, '') AS clerk_name, \
     c.email AS clerk_email, g.name AS agency, s.status, s.opened_at, s.closed_at, s.opening_float, \
     s.expected_cash, s.counted_cash, s.notes \
     FROM cash_sessions s JOIN comptes c ON c.id = s.compte_id \
     LEFT JOIN agents ag ON ag.compte_id = c.id AND ag.deleted_at IS NULL \
     LEFT JOIN administrateurs ad ON ad.compte_id = c.id AND ad.deleted_at IS NULL \
     LEFT JOIN agences g ON g.id = s.agence_id WHERE s.deleted_at IS NULL";

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub uid: String,
    pub compte_id: i64,
    pub clerk_name: String,
    pub clerk_email: Option<String>,
    pub agency: Option<String>,
    pub status: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub opening_float: i64,
    pub expected_cash: Option<i64>,
    pub counted_cash: Option<i64>,
    pub notes: Option<String>,
}

impl SessionRow {
    pub(crate) fn view(&self) -> Result<TillSession> {
        let money = |field, value: Option<i64>| value.map(|v| Money::parse(field, v)).transpose();
        Ok(TillSession {
            uid: self.uid.clone(),
            clerk_name: self.clerk_name.clone(),
            clerk_email: self.clerk_email.clone(),
            agency: self.agency.clone(),
            status: if self.status == "closed" {
                TillStatus::Closed
            } else {
                TillStatus::Open
            },
            opened_at: self.opened_at,
            closed_at: self.closed_at,
            opening_float: Money::parse("opening_float", self.opening_float)?,
            expected_cash: money("expected_cash", self.expected_cash)?,
            counted_cash: money("counted_cash", self.counted_cash)?,
            difference: self
                .counted_cash
                .zip(self.expected_cash)
                .map(|(counted, expected)| counted - expected),
            notes: self.notes.clone(),
        })
    }
}

pub(crate) async fn row_by_id(conn: &mut SqliteConnection, id: i64) -> Result<SessionRow> {
    Ok(sqlx::query_as(&format!("{SELECT} AND s.id = ?"))
        .bind(id)
        .fetch_one(conn)
        .await?)
}

/// A session the caller may see: their own, or any with `reports.read`.
pub(crate) async fn visible_row(
    conn: &mut SqliteConnection,
    session: &Session,
    uid: &str,
) -> Result<SessionRow> {
    let row: Option<SessionRow> = sqlx::query_as(&format!("{SELECT} AND s.uid = ?"))
        .bind(uid.trim())
        .fetch_optional(conn)
        .await?;
    match row {
        Some(row) if row.compte_id == session.compte_id || sees_every_till(session) => Ok(row),
        _ => Err(Error::not_found(Message::TillSessionNotFound).at("session_uid")),
    }
}

/// Opens the clerk's till with its float; one open till per clerk.
pub async fn open(desk: &Desk, session: &Session, args: OpenTillArgs) -> Result<TillSession> {
    let float = Money::parse("opening_float", args.opening_float)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    if open_session_id(&mut tx, session.compte_id).await?.is_some() {
        return Err(Error::new(ErrorCode::Conflict, Message::TillAlreadyOpen));
    }
    let desk_node: Option<i64> = sqlx::query_scalar("SELECT id FROM desk_nodes WHERE uid = ?")
        .bind(desk.desk_uid())
        .fetch_optional(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cash_sessions (uid, compte_id, agence_id, desk_node_id, opened_at, opening_float, status, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
    )
    .bind(crate::new_uid())
    .bind(session.compte_id)
    .bind(session.agence_id)
    .bind(desk_node)
    .bind(now)
    .bind(float.minor_units())
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let row = row_by_id(&mut tx, id).await?;
    crate::audit::record(
        &mut tx,
        Some(session.compte_id),
        "till.open",
        Some("cash_sessions"),
        Some(&row.uid),
        serde_json::json!({ "opening_float": float.minor_units() }),
        now,
    )
    .await?;
    tx.commit().await?;
    row.view()
}

/// The clerk's open till with its figures so far (an X report), if one is open.
pub async fn current(desk: &Desk, session: &Session) -> Result<Option<TillReport>> {
    let mut conn = desk.pool().acquire().await?;
    match open_session_id(&mut conn, session.compte_id).await? {
        None => Ok(None),
        Some(id) => {
            let row = row_by_id(&mut conn, id).await?;
            report::figures(&mut conn, &row, desk.clock().now())
                .await
                .map(Some)
        }
    }
}

/// Closes the clerk's till: the counted cash against the expected, the Z report kept as it is.
pub async fn close(desk: &Desk, session: &Session, args: CloseTillArgs) -> Result<TillReport> {
    let counted = Money::parse("counted_cash", args.counted_cash)?;
    let notes = Text::parse_optional("notes", args.notes.as_deref(), NOTES_MAX)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let id = open_session_id(&mut tx, session.compte_id)
        .await?
        .ok_or_else(not_open)?;
    let mut row = row_by_id(&mut tx, id).await?;
    row.status = "closed".into();
    row.closed_at = Some(now);
    row.counted_cash = Some(counted.minor_units());
    row.notes = notes.map(Text::into_string);
    let mut report = report::figures(&mut tx, &row, now).await?;
    row.expected_cash = Some(report.expected_cash.minor_units());
    report.session = row.view()?;
    sqlx::query(
        "UPDATE cash_sessions SET status = 'closed', closed_at = ?, expected_cash = ?, counted_cash = ?, notes = ?, \
         closing_report = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = 'open'",
    )
    .bind(now)
    .bind(row.expected_cash)
    .bind(row.counted_cash)
    .bind(&row.notes)
    .bind(serde_json::to_string(&report).map_err(Error::internal)?)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        Some(session.compte_id),
        "till.close",
        Some("cash_sessions"),
        Some(&row.uid),
        serde_json::json!({ "expected_cash": row.expected_cash, "counted_cash": row.counted_cash, "difference": report.session.difference }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Till sessions, newest first: every clerk's for an administrator, else one's own.
pub async fn sessions(
    desk: &Desk,
    session: &Session,
    args: ListTillSessionsArgs,
) -> Result<Vec<TillSession>> {
    let everyone = sees_every_till(session);
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} AND (?1 OR s.compte_id = ?2) AND (?3 IS NULL OR s.status = ?3) \
         AND (?4 IS NULL OR s.opened_at >= ?4) AND (?5 IS NULL OR s.opened_at < ?5) \
         ORDER BY s.opened_at DESC, s.id DESC LIMIT 500"
    ))
    .bind(everyone)
    .bind(session.compte_id)
    .bind(args.status.map(TillStatus::as_str))
    .bind(args.from)
    .bind(args.to)
    .fetch_all(desk.pool())
    .await?;
    rows.iter().map(SessionRow::view).collect()
}

/// Head office reads every clerk's till. Carriers also read reports (their own figures), which
/// is why this is the administrator's role and not the `reports.read` permission.
fn sees_every_till(session: &Session) -> bool {
    session.role == Role::Admin && session.can(Permission::ReportsRead)
}
