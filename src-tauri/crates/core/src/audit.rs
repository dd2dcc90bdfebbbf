//! The administration log (`admin_logs`): who did what, when, to which record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub id: i64,
    pub uid: String,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_uid: Option<String>,
    pub details: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListAuditArgs {
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub before_id: Option<i64>,
    /// Words found in the action, the record's type or uid, the details or the actor's email.
    #[serde(default)]
    pub text: Option<String>,
    /// Actions starting with this (e.g. `account.` or `backup.restored`).
    #[serde(default)]
    pub action: Option<String>,
    /// Only the actions of this account (its email, exactly).
    #[serde(default)]
    pub actor_email: Option<String>,
    /// First and last day (UTC, included) of the period searched.
    #[serde(default)]
    pub from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub to: Option<chrono::NaiveDate>,
}

/// Writes one log row inside the caller's transaction, so the action and its trace commit together.
pub async fn record(
    conn: &mut SqliteConnection,
    actor: Option<i64>,
    action: &str,
    entity_type: Option<&str>,
    entity_uid: Option<&str>,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO admin_logs (uid, actor_compte_id, action, entity_type, entity_uid, details, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(actor)
    .bind(action)
    .bind(entity_type)
    .bind(entity_uid)
    .bind(details.to_string())
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Newest first, a page at a time (`before_id` is the last id of the previous page).
pub async fn list(desk: &Desk, args: ListAuditArgs) -> Result<Vec<AuditEntry>> {
    if args.before_id.is_some_and(|id| id < 1) {
        return Err(Error::invalid(
            "before_id",
            Message::NumberOutOfRange {
                min: 1,
                max: i64::MAX,
            },
        ));
    }
    let limit = args.limit.unwrap_or(100).clamp(1, 500);
    let text = search_words(args.text.as_deref(), "text", 200)?;
    let action = search_words(args.action.as_deref(), "action", 100)?;
    let actor = search_words(args.actor_email.as_deref(), "actor_email", 255)?;
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if to < from {
            return Err(Error::invalid("to", Message::PeriodReversed));
        }
    }
    let start = args
        .from
        .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc());
    let end = args
        .to
        .and_then(|day| day.succ_opt())
        .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc());
    // One filter for the hot rows and the archived ones (maintenance moves old rows out); each
    // table is read newest first by its primary key, then the two are merged.
    let filter = "deleted_at IS NULL AND (?1 IS NULL OR id < ?1) \
         AND (?3 IS NULL OR instr(lower(action || ' ' || COALESCE(entity_type, '') || ' ' || COALESCE(entity_uid, '') || ' ' \
              || COALESCE(details, '') || ' ' || COALESCE((SELECT email FROM comptes WHERE id = actor_compte_id), '')), lower(?3)) > 0) \
         AND (?4 IS NULL OR substr(action, 1, length(?4)) = ?4) \
         AND (?5 IS NULL OR actor_compte_id = (SELECT id FROM comptes WHERE email = ?5)) \
         AND (?6 IS NULL OR created_at >= ?6) AND (?7 IS NULL OR created_at < ?7)";
    let sql = format!(
        "SELECT l.id, l.uid, c.email, l.action, l.entity_type, l.entity_uid, l.details, l.created_at \
         FROM (SELECT * FROM (SELECT * FROM admin_logs WHERE {filter} ORDER BY id DESC LIMIT ?2) \
               UNION ALL \
               SELECT * FROM (SELECT * FROM archived_admin_logs WHERE {filter} ORDER BY id DESC LIMIT ?2)) l \
         LEFT JOIN comptes c ON c.id = l.actor_compte_id ORDER BY l.id DESC LIMIT ?2"
    );
    let rows = sqlx::query_as::<
        _,
        (
            i64,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            DateTime<Utc>,
        ),
    >(&sql)
    .bind(args.before_id)
    .bind(i64::from(limit))
    .bind(text)
    .bind(action)
    .bind(actor)
    .bind(start)
    .bind(end)
    .fetch_all(desk.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, uid, actor_email, action, entity_type, entity_uid, details, created_at)| {
                AuditEntry {
                    id,
                    uid,
                    actor_email,
                    action,
                    entity_type,
                    entity_uid,
                    details: details.unwrap_or_default(),
                    created_at,
                }
            },
        )
        .collect())
}

/// A search field: trimmed, empty meaning "any", bounded, no control characters.
fn search_words<'a>(
    value: Option<&'a str>,
    field: &'static str,
    max: usize,
) -> Result<Option<&'a str>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) if v.chars().count() > max => Err(Error::invalid(field, Message::TextTooLong(max))),
        Some(v) if v.chars().any(char::is_control) => {
            Err(Error::invalid(field, Message::TextHasControlCharacters))
        }
        other => Ok(other),
    }
}
