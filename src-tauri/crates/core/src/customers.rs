//! Known customers at the counter: found by phone, or registered on the spot (an account of
//! role `user` without email or password, with its `utilisateurs` profile). Guests need neither.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::{PhoneNumber, Text};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

const NAME_MAX: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Customer {
    pub uid: String,
    pub first_name: String,
    pub last_name: String,
    pub phone_number: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindCustomerArgs {
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RegisterCustomerArgs {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
}

async fn by_phone(conn: &mut SqliteConnection, phone: &PhoneNumber) -> Result<Option<Customer>> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.uid, u.first_name, u.last_name, u.phone_number FROM utilisateurs u \
         JOIN comptes c ON c.id = u.compte_id JOIN roles r ON r.id = c.role_id \
         WHERE u.phone_number = ? AND r.name = 'user' AND c.status = 'active' \
           AND c.deleted_at IS NULL AND u.deleted_at IS NULL ORDER BY c.id LIMIT 1",
    )
    .bind(phone.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(uid, first_name, last_name, phone_number)| Customer {
            uid,
            first_name,
            last_name,
            phone_number,
        }),
    )
}

/// The customer with this phone number, if one is known.
pub async fn find(desk: &Desk, args: FindCustomerArgs) -> Result<Option<Customer>> {
    let phone = PhoneNumber::parse("phone", &args.phone)?;
    let mut conn = desk.pool().acquire().await?;
    by_phone(&mut conn, &phone).await
}

/// Registers a customer at the counter; one customer per phone number.
pub async fn register(
    desk: &Desk,
    session: &Session,
    args: RegisterCustomerArgs,
) -> Result<Customer> {
    let first_name = Text::parse("first_name", &args.first_name, NAME_MAX)?;
    let last_name = Text::parse("last_name", &args.last_name, NAME_MAX)?;
    let phone = PhoneNumber::parse("phone", &args.phone)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    if by_phone(&mut tx, &phone).await?.is_some() {
        return Err(Error::new(ErrorCode::Conflict, Message::CustomerPhoneTaken).at("phone"));
    }
    let uid = crate::new_uid();
    let compte_id: i64 = sqlx::query_scalar(
        "INSERT INTO comptes (uid, status, role_id, created_at, updated_at) \
         VALUES (?, 'active', (SELECT id FROM roles WHERE name = 'user'), ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO utilisateurs (uid, last_name, first_name, phone_number, compte_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(last_name.as_str())
    .bind(first_name.as_str())
    .bind(phone.as_str())
    .bind(compte_id)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "customer.register",
        Some("comptes"),
        Some(&uid),
        serde_json::json!({ "phone": phone.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Customer {
        uid,
        first_name: first_name.into_string(),
        last_name: last_name.into_string(),
        phone_number: phone.as_str().to_owned(),
    })
}
