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
    let rows = sqlx::query_as::<_, (i64, String, Option<String>, String, Option<String>, Option<String>, Option<String>, DateTime<Utc>)>(
        // The hot rows and the archived ones (maintenance moves old rows out), each read
        // newest first by its primary key, then merged: no full scan of either table.
        "SELECT l.id, l.uid, c.email, l.action, l.entity_type, l.entity_uid, l.details, l.created_at \
         FROM (SELECT * FROM (SELECT * FROM admin_logs WHERE deleted_at IS NULL AND (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2) \
               UNION ALL \
               SELECT * FROM (SELECT * FROM archived_admin_logs WHERE deleted_at IS NULL AND (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2)) l \
         LEFT JOIN comptes c ON c.id = l.actor_compte_id ORDER BY l.id DESC LIMIT ?2",
    )
    .bind(args.before_id)
    .bind(i64::from(limit))
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
