//! The commands around a session: first-run setup, sign-in, sign-out, who am I, my password.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Caller;
use crate::accounts::{self, AccountSummary};
use crate::audit;
use crate::auth::{self, password, Session};
use crate::desk::Desk;
use crate::domain::Password;
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::setup::{self, CreateFirstAdminArgs};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LoginArgs {
    pub email: String,
    pub password: String,
}

/// A new session: the token to present on later commands, and who it belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: AccountSummary,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Me {
    pub account: AccountSummary,
    pub permissions: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordArgs {
    pub current_password: String,
    pub new_password: String,
}

async fn session_info(desk: &Desk, token: String) -> Result<SessionInfo> {
    let session = auth::authenticate(desk, &token).await?;
    let account =
        accounts::summary(&mut *desk.pool().acquire().await?, &session.compte_uid).await?;
    Ok(SessionInfo {
        token,
        expires_at: session.expires_at,
        account,
        permissions: session.permissions,
    })
}

pub async fn login(desk: &Desk, args: LoginArgs) -> Result<SessionInfo> {
    let outcome = auth::login(desk, &args.email, &args.password).await?;
    session_info(desk, outcome.token).await
}

pub async fn create_first_admin(desk: &Desk, args: CreateFirstAdminArgs) -> Result<SessionInfo> {
    let (email, password) = (args.email.clone(), args.password.clone());
    setup::create_first_admin(desk, args).await?;
    login(desk, LoginArgs { email, password }).await
}

pub async fn logout(desk: &Desk, session: &Session) -> Result<()> {
    auth::logout(desk, session).await
}

pub async fn me(desk: &Desk, session: &Session) -> Result<Me> {
    let account =
        accounts::summary(&mut *desk.pool().acquire().await?, &session.compte_uid).await?;
    Ok(Me {
        account,
        permissions: session.permissions.clone(),
        expires_at: session.expires_at,
    })
}

/// Changes one's own password. Every other session of the account ends; this one is replaced
/// by the returned session.
pub async fn change_password(
    desk: &Desk,
    caller: &Caller,
    args: ChangePasswordArgs,
) -> Result<SessionInfo> {
    let session = caller.session()?;
    let min_len = accounts::password_rule(&mut *desk.pool().acquire().await?).await?;
    let new_password = Password::parse("new_password", &args.new_password, min_len)?;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM comptes WHERE id = ?")
            .bind(session.compte_id)
            .fetch_one(desk.pool())
            .await?;
    if !password::verify(args.current_password.clone(), stored).await? {
        return Err(Error::invalid(
            "current_password",
            Message::WrongCurrentPassword,
        ));
    }
    if args.current_password == args.new_password {
        return Err(Error::invalid("new_password", Message::PasswordUnchanged));
    }
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    sqlx::query("UPDATE comptes SET password_hash = ?, password_changed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?")
        .bind(hash)
        .bind(now)
        .bind(now)
        .bind(session.compte_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "account.change_own_password",
        Some("comptes"),
        Some(&session.compte_uid),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM comptes WHERE id = ?")
        .bind(session.compte_id)
        .fetch_one(desk.pool())
        .await?;
    login(
        desk,
        LoginArgs {
            email: email.unwrap_or_default(),
            password: args.new_password,
        },
    )
    .await
}
