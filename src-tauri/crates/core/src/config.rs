//! System configuration (`system_config`): the settings an administrator may change, each validated.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// What a setting accepts.
enum Kind {
    Integer {
        min: i64,
        max: i64,
    },
    Currency,
    Locale,
    /// An http(s) URL (a payment provider's base URL).
    Url,
    /// A short printable code without spaces (a merchant id).
    Identifier,
    /// A folder's full path, created if missing and checked writable; empty unsets it.
    Folder,
}

/// Every key the desk knows, with what it accepts. A key not listed here cannot be set.
const SETTINGS: &[(&str, Kind)] = &[
    (MAX_FAILED_LOGINS, Kind::Integer { min: 1, max: 50 }),
    (
        SESSION_TTL_MINUTES,
        Kind::Integer {
            min: 5,
            max: 24 * 60,
        },
    ),
    (PASSWORD_MIN_LENGTH, Kind::Integer { min: 8, max: 128 }),
    (
        REFUND_SUPPLEMENT_PERCENT,
        Kind::Integer { min: 0, max: 100 },
    ),
    (CANCELLATION_FEE_PERCENT, Kind::Integer { min: 0, max: 100 }),
    (
        CANCELLATION_DEADLINE_HOURS,
        Kind::Integer {
            min: 0,
            max: 24 * 30,
        },
    ),
    (
        CHANGES_DEADLINE_HOURS,
        Kind::Integer {
            min: 0,
            max: 24 * 30,
        },
    ),
    (
        HOLD_MINUTES,
        Kind::Integer {
            min: 1,
            max: 24 * 60,
        },
    ),
    (PROVIDER_TIMEOUT_SECONDS, Kind::Integer { min: 1, max: 120 }),
    (DELIVERY_CODE_ATTEMPTS, Kind::Integer { min: 1, max: 20 }),
    (
        BACKUP_INTERVAL_HOURS,
        Kind::Integer {
            min: 1,
            max: 24 * 7,
        },
    ),
    (BACKUP_RETENTION, Kind::Integer { min: 1, max: 1000 }),
    (BACKUP_FOLDER, Kind::Folder),
    (BACKUP_SECOND_FOLDER, Kind::Folder),
    (ARCHIVE_AFTER_DAYS, Kind::Integer { min: 30, max: 3650 }),
    (ALLOTMENT_SEATS, Kind::Integer { min: 0, max: 50 }),
    (
        ALLOTMENT_HORIZON_HOURS,
        Kind::Integer {
            min: 1,
            max: 24 * 14,
        },
    ),
    (
        ALLOTMENT_CUTOFF_MINUTES,
        Kind::Integer {
            min: 0,
            max: 24 * 60,
        },
    ),
    (PROVIDER_BASE_URL, Kind::Url),
    (PROVIDER_MERCHANT_ID, Kind::Identifier),
    ("currency", Kind::Currency),
    ("locale.default", Kind::Locale),
];

pub const MAX_FAILED_LOGINS: &str = "auth.max_failed_logins";
pub const SESSION_TTL_MINUTES: &str = "auth.session_ttl_minutes";
pub const PASSWORD_MIN_LENGTH: &str = "auth.password_min_length";
/// The refundable option's price, in percent of the fare.
pub const REFUND_SUPPLEMENT_PERCENT: &str = "sales.refund_supplement_percent";
/// What a refundable ticket's refund keeps back, in percent of the fare.
pub const CANCELLATION_FEE_PERCENT: &str = "cancellation.fee_percent";
/// A refundable ticket is refunded only when cancelled at least this many hours before departure.
pub const CANCELLATION_DEADLINE_HOURS: &str = "cancellation.deadline_hours";
/// A ticket may change date or seat until this many hours before departure.
pub const CHANGES_DEADLINE_HOURS: &str = "changes.deadline_hours";

/// How long the seats of a reservation whose payment failed stay held for another try.
pub const HOLD_MINUTES: &str = "payments.hold_minutes";
/// How long the desk waits for the payment provider before leaving a payment pending.
pub const PROVIDER_TIMEOUT_SECONDS: &str = "payments.provider_timeout_seconds";
/// Wrong delivery codes accepted before an envoi's delivery is blocked until a new code is issued.
pub const DELIVERY_CODE_ATTEMPTS: &str = "parcels.delivery_code_attempts";
/// Hours between two scheduled backups.
pub const BACKUP_INTERVAL_HOURS: &str = "backup.interval_hours";
/// Archives kept in each backup folder.
pub const BACKUP_RETENTION: &str = "backup.retention";
/// Where backups go (default: `backups/` beside the database).
pub const BACKUP_FOLDER: &str = "backup.folder";
/// A second folder every backup is copied to (a USB stick, a network share); unset by default.
pub const BACKUP_SECOND_FOLDER: &str = "backup.second_folder";
/// Age in days past which log rows move to the archive tables.
pub const ARCHIVE_AFTER_DAYS: &str = "maintenance.archive_after_days";
/// Seats head office grants each syncing desk on every departure soon to leave, so that it can
/// sell them offline (docs/sync.md, "Seats").
pub const ALLOTMENT_SEATS: &str = "sync.allotment_seats";
/// How far ahead those blocks are taken: departures leaving within this many hours.
pub const ALLOTMENT_HORIZON_HOURS: &str = "sync.allotment_horizon_hours";
/// Unsold seats of a block go back to head office this many minutes before departure.
pub const ALLOTMENT_CUTOFF_MINUTES: &str = "sync.allotment_cutoff_minutes";
pub const PROVIDER_BASE_URL: &str = "payments.provider.base_url";
pub const PROVIDER_MERCHANT_ID: &str = "payments.provider.merchant_id";

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ConfigEntry {
    pub key: String,
    pub value: String,
    pub description: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetConfigArgs {
    pub key: String,
    pub value: String,
}

/// A setting's stored value, if it is set.
async fn value(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar(
            "SELECT value FROM system_config WHERE `key` = ? AND deleted_at IS NULL",
        )
        .bind(key)
        .fetch_optional(conn)
        .await?,
    )
}

/// An integer setting, or `default` when it is missing or unreadable.
pub async fn integer(conn: &mut SqliteConnection, key: &str, default: i64) -> Result<i64> {
    Ok(value(conn, key)
        .await?
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default))
}

/// A text setting, or `default` when it is missing.
pub async fn text(conn: &mut SqliteConnection, key: &str, default: &str) -> Result<String> {
    Ok(value(conn, key)
        .await?
        .unwrap_or_else(|| default.to_owned()))
}

const SELECT_ENTRY: &str =
    "SELECT s.`key` AS key, s.value, s.description, s.updated_at, c.email AS updated_by_email \
     FROM system_config s LEFT JOIN comptes c ON c.id = s.updated_by WHERE s.deleted_at IS NULL";

#[derive(sqlx::FromRow)]
struct EntryRow {
    key: String,
    value: String,
    description: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by_email: Option<String>,
}

impl From<EntryRow> for ConfigEntry {
    fn from(row: EntryRow) -> Self {
        Self {
            key: row.key,
            value: row.value,
            description: row.description,
            updated_at: row.updated_at,
            updated_by_email: row.updated_by_email,
        }
    }
}

pub async fn list(desk: &Desk) -> Result<Vec<ConfigEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(&format!("{SELECT_ENTRY} ORDER BY s.`key`"))
        .fetch_all(desk.pool())
        .await?;
    Ok(rows.into_iter().map(ConfigEntry::from).collect())
}

pub async fn set(desk: &Desk, session: &Session, args: SetConfigArgs) -> Result<ConfigEntry> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let key = store(&mut tx, session, &args.key, &args.value, now).await?;
    let row: EntryRow = sqlx::query_as(&format!("{SELECT_ENTRY} AND s.`key` = ?"))
        .bind(&key)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Validates and writes one setting with its audit row, inside the caller's transaction;
/// returns the key as stored.
pub(crate) async fn store(
    conn: &mut SqliteConnection,
    session: &Session,
    key: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let key = key.trim();
    let Some((_, kind)) = SETTINGS.iter().find(|(known, _)| *known == key) else {
        return Err(Error::invalid(
            "key",
            Message::ConfigKeyUnknown(key.chars().take(64).collect()),
        ));
    };
    let value = validate(key, kind, value.trim())?;
    let previous: Option<String> =
        sqlx::query_scalar("SELECT value FROM system_config WHERE `key` = ?")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO system_config (uid, `key`, value, updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT(`key`) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at, version = version + 1, deleted_at = NULL",
    )
    .bind(crate::new_uid())
    .bind(key)
    .bind(&value)
    .bind(session.compte_id)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    audit::record(
        conn,
        Some(session.compte_id),
        "config.set",
        Some("system_config"),
        Some(key),
        serde_json::json!({ "from": previous, "to": value }),
        now,
    )
    .await?;
    Ok(key.to_owned())
}

fn validate(key: &str, kind: &Kind, value: &str) -> Result<String> {
    let invalid = || Error::invalid("value", Message::ConfigValueInvalid(key.to_owned()));
    match kind {
        Kind::Integer { min, max } => {
            let number: i64 = value.parse().map_err(|_| invalid())?;
            if !(min..=max).contains(&&number) {
                return Err(Error::invalid(
                    "value",
                    Message::NumberOutOfRange {
                        min: *min,
                        max: *max,
                    },
                ));
            }
            Ok(number.to_string())
        }
        Kind::Currency if value.len() == 3 && value.chars().all(|c| c.is_ascii_uppercase()) => {
            Ok(value.to_owned())
        }
        Kind::Locale if value == "fr" || value == "en" => Ok(value.to_owned()),
        Kind::Url if is_http_url(value) => Ok(value.trim_end_matches('/').to_owned()),
        Kind::Identifier
            if (1..=100).contains(&value.len()) && value.chars().all(|c| c.is_ascii_graphic()) =>
        {
            Ok(value.to_owned())
        }
        // The same rule as a folder given to `backups.create`; empty unsets it.
        Kind::Folder => match crate::backup::optional_folder("value", Some(value))? {
            Some(folder) => {
                crate::backup::ensure_writable(&folder).map_err(|error| error.at("value"))?;
                Ok(value.to_owned())
            }
            None => Ok(String::new()),
        },
        Kind::Currency | Kind::Locale | Kind::Url | Kind::Identifier => Err(invalid()),
    }
}

/// `http://` or `https://`, a host, at most 200 characters, nothing that is not printable.
fn is_http_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    matches!(rest, Some(rest) if !rest.is_empty() && !rest.starts_with('/'))
        && value.len() <= 200
        && value.chars().all(|c| c.is_ascii_graphic())
}
