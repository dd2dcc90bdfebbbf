//! First run: until an administrator exists, the desk only offers to create one.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::accounts::{self, CreateAccountArgs, NewAccount};
use crate::audit;
use crate::auth::Role;
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetupStatus {
    pub initialized: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreateFirstAdminArgs {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
}

async fn has_admin(conn: &mut SqliteConnection) -> Result<bool> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comptes c JOIN roles r ON r.id = c.role_id WHERE r.name = 'admin' AND c.deleted_at IS NULL",
    )
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

pub async fn status(desk: &Desk) -> Result<SetupStatus> {
    Ok(SetupStatus {
        initialized: has_admin(&mut *desk.pool().acquire().await?).await?,
    })
}

/// Creates the first administrator. Refused once any administrator exists, even if two windows
/// race: the check and the insert share one write transaction.
pub async fn create_first_admin(desk: &Desk, args: CreateFirstAdminArgs) -> Result<()> {
    let already = || Error::new(ErrorCode::AlreadyInitialized, Message::AlreadyInitialized);
    if status(desk).await?.initialized {
        return Err(already());
    }
    let account = NewAccount::parse(
        desk,
        CreateAccountArgs {
            email: args.email,
            password: args.password,
            role: Role::Admin,
            first_name: args.first_name,
            last_name: args.last_name,
            phone_number: None,
            company_name: None,
            agence_uid: None,
        },
    )
    .await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    if has_admin(&mut tx).await? {
        return Err(already());
    }
    let (_, uid) = accounts::insert(&mut tx, &account, now).await?;
    audit::record(
        &mut tx,
        None,
        "setup.first_admin",
        Some("comptes"),
        Some(&uid),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
