//! Signing in and out, lockout after repeated failures, and checking a token on every command.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::{password, token, Role, Session};
use crate::audit;
use crate::config;
use crate::desk::Desk;
use crate::domain::Email;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// A successful sign-in: the token to present on every later command.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub compte_id: i64,
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: i64,
    uid: String,
    password_hash: Option<String>,
    status: String,
    account_locked: bool,
    role: String,
}

/// Checks the password and opens a session. Every failure on an existing account is counted;
/// at the configured number of consecutive failures the account locks.
pub async fn login(desk: &Desk, email: &str, password_text: &str) -> Result<LoginOutcome> {
    let email = Email::parse("email", email)?;
    let found: Option<Credentials> = sqlx::query_as(
        "SELECT c.id, c.uid, c.password_hash, c.status, c.account_locked, r.name AS role \
         FROM comptes c JOIN roles r ON r.id = c.role_id WHERE c.email = ? AND c.deleted_at IS NULL",
    )
    .bind(email.as_str())
    .fetch_optional(desk.pool())
    .await?;
    let Some(account) = found.filter(|a| a.role != Role::User.as_str()) else {
        password::verify(password_text.to_owned(), None).await?;
        return Err(Error::new(
            ErrorCode::InvalidCredentials,
            Message::InvalidCredentials,
        ));
    };
    if account.account_locked {
        return Err(Error::new(ErrorCode::AccountLocked, Message::AccountLocked));
    }
    let matches = password::verify(password_text.to_owned(), account.password_hash.clone()).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    if !matches {
        let locked = record_failure(&mut tx, &account, now).await?;
        tx.commit().await?;
        return Err(if locked {
            Error::new(ErrorCode::AccountLocked, Message::AccountLocked)
        } else {
            Error::new(ErrorCode::InvalidCredentials, Message::InvalidCredentials)
        });
    }
    if account.status != "active" {
        return Err(Error::new(
            ErrorCode::AccountDisabled,
            Message::AccountDisabled,
        ));
    }
    let ttl = config::integer(&mut tx, config::SESSION_TTL_MINUTES, 480).await?;
    sqlx::query("UPDATE comptes SET last_login = ?, login_attempts = 0, updated_at = ?, version = version + 1 WHERE id = ?")
        .bind(now)
        .bind(now)
        .bind(account.id)
        .execute(&mut *tx)
        .await?;
    purge_expired_revocations(&mut tx, now).await?;
    tx.commit().await?;
    let expires_at = now + Duration::minutes(ttl);
    let claims = token::Claims {
        sid: crate::new_uid(),
        sub: account.uid,
        iat: now.timestamp_millis(),
        exp: expires_at.timestamp_millis(),
    };
    Ok(LoginOutcome {
        token: token::sign(&claims, desk.signing_key()),
        expires_at,
        compte_id: account.id,
    })
}

/// Counts a failed attempt; returns true when this failure locked the account.
async fn record_failure(
    conn: &mut SqliteConnection,
    account: &Credentials,
    now: DateTime<Utc>,
) -> Result<bool> {
    let limit = config::integer(conn, config::MAX_FAILED_LOGINS, 5).await?;
    let attempts: i64 = sqlx::query_scalar(
        "UPDATE comptes SET login_attempts = login_attempts + 1, failed_logins = failed_logins + 1, \
         last_failed_login = ?, account_locked = (login_attempts + 1 >= ?), updated_at = ?, version = version + 1 \
         WHERE id = ? RETURNING login_attempts",
    )
    .bind(now)
    .bind(limit)
    .bind(now)
    .bind(account.id)
    .fetch_one(&mut *conn)
    .await?;
    let locked = attempts >= limit;
    if locked {
        let details = serde_json::json!({ "consecutive_failures": attempts });
        audit::record(
            conn,
            None,
            "account.locked",
            Some("comptes"),
            Some(&account.uid),
            details,
            now,
        )
        .await?;
    }
    Ok(locked)
}

/// Revokes the token: it is refused from now on, on this desk.
pub async fn logout(desk: &Desk, session: &Session) -> Result<()> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    sqlx::query(
        "INSERT INTO revoked_tokens (uid, token, user_id, revoked_at, expires_at, reason, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, 'logout', ?, ?) ON CONFLICT(token) DO NOTHING",
    )
    .bind(crate::new_uid())
    .bind(&session.token_fingerprint)
    .bind(session.compte_id)
    .bind(now)
    .bind(session.expires_at)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    purge_expired_revocations(&mut tx, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A revocation is only needed until the token would have expired anyway.
pub async fn purge_expired_revocations(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM revoked_tokens WHERE expires_at < ?")
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

#[derive(sqlx::FromRow)]
struct Caller {
    id: i64,
    status: String,
    account_locked: bool,
    password_changed_at: Option<DateTime<Utc>>,
    role: String,
    agence_id: Option<i64>,
}

/// The session behind a token, re-checked against the database: signature, expiry, revocation,
/// account status and lock, and a password change since the token was issued.
pub async fn authenticate(desk: &Desk, token_text: &str) -> Result<Session> {
    let expired = || Error::new(ErrorCode::SessionExpired, Message::SessionExpired);
    let claims = token::verify(token_text, desk.signing_key()).ok_or_else(expired)?;
    let now = desk.clock().now();
    if claims.exp <= now.timestamp_millis() {
        return Err(expired());
    }
    let fingerprint = token::fingerprint(token_text);
    let revoked: Option<i64> = sqlx::query_scalar("SELECT id FROM revoked_tokens WHERE token = ?")
        .bind(&fingerprint)
        .fetch_optional(desk.pool())
        .await?;
    if revoked.is_some() {
        return Err(expired());
    }
    let caller: Caller = sqlx::query_as(
        "SELECT c.id, c.status, c.account_locked, c.password_changed_at, r.name AS role, c.agence_id \
         FROM comptes c JOIN roles r ON r.id = c.role_id WHERE c.uid = ? AND c.deleted_at IS NULL",
    )
    .bind(&claims.sub)
    .fetch_optional(desk.pool())
    .await?
    .ok_or_else(expired)?;
    if caller.account_locked {
        return Err(Error::new(ErrorCode::AccountLocked, Message::AccountLocked));
    }
    if caller.status != "active" {
        return Err(Error::new(
            ErrorCode::AccountDisabled,
            Message::AccountDisabled,
        ));
    }
    if caller
        .password_changed_at
        .is_some_and(|changed| changed.timestamp_millis() > claims.iat)
    {
        return Err(expired());
    }
    let role = Role::from_db(&caller.role).ok_or_else(expired)?;
    let permissions: Vec<String> = sqlx::query_scalar(
        "SELECT p.code FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id \
         JOIN roles r ON r.id = rp.role_id WHERE r.name = ? AND p.deleted_at IS NULL AND rp.deleted_at IS NULL ORDER BY p.code",
    )
    .bind(role.as_str())
    .fetch_all(desk.pool())
    .await?;
    Ok(Session {
        compte_id: caller.id,
        compte_uid: claims.sub,
        role,
        agence_id: caller.agence_id,
        permissions,
        token_fingerprint: fingerprint,
        expires_at: DateTime::from_timestamp_millis(claims.exp).unwrap_or(now),
    })
}
