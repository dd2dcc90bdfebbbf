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
    let customer = insert(&mut tx, session, &first_name, &last_name, &phone, now).await?;
    tx.commit().await?;
    Ok(customer.1)
}

/// Writes a new customer (account without email or password, and its profile); returns the
/// `utilisateurs` id with the customer.
async fn insert(
    conn: &mut SqliteConnection,
    session: &Session,
    first_name: &Text,
    last_name: &Text,
    phone: &PhoneNumber,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(i64, Customer)> {
    let uid = crate::new_uid();
    let compte_id: i64 = sqlx::query_scalar(
        "INSERT INTO comptes (uid, status, role_id, created_at, updated_at) \
         VALUES (?, 'active', (SELECT id FROM roles WHERE name = 'user'), ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let profile_id: i64 = sqlx::query_scalar(
        "INSERT INTO utilisateurs (uid, last_name, first_name, phone_number, compte_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(crate::new_uid())
    .bind(last_name.as_str())
    .bind(first_name.as_str())
    .bind(phone.as_str())
    .bind(compte_id)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    audit::record(
        conn,
        Some(session.compte_id),
        "customer.register",
        Some("comptes"),
        Some(&uid),
        serde_json::json!({ "phone": phone.as_str() }),
        now,
    )
    .await?;
    Ok((
        profile_id,
        Customer {
            uid,
            first_name: first_name.as_str().to_owned(),
            last_name: last_name.as_str().to_owned(),
            phone_number: phone.as_str().to_owned(),
        },
    ))
}

/// The customer with this phone number, or a new one registered with these names (a walk-in
/// parcel sender); returns the `utilisateurs` id.
pub(crate) async fn find_or_register(
    conn: &mut SqliteConnection,
    session: &Session,
    first_name: &Text,
    last_name: &Text,
    phone: &PhoneNumber,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64> {
    if let Some(customer) = by_phone(conn, phone).await? {
        if let Some(id) = profile_id(conn, &customer.uid).await? {
            return Ok(id);
        }
    }
    Ok(insert(conn, session, first_name, last_name, phone, now)
        .await?
        .0)
}

/// The `utilisateurs` id of the customer account `compte_uid` (active, role user).
pub(crate) async fn profile_id(
    conn: &mut SqliteConnection,
    compte_uid: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT u.id FROM utilisateurs u JOIN comptes c ON c.id = u.compte_id JOIN roles r ON r.id = c.role_id \
         WHERE c.uid = ? AND r.name = 'user' AND c.status = 'active' AND c.deleted_at IS NULL AND u.deleted_at IS NULL",
    )
    .bind(compte_uid.trim())
    .fetch_optional(conn)
    .await?)
}
