//! Agencies (`agences`): the counters and depots where the desks and their clerks work.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::{PhoneNumber, Text};
use crate::error::{Error, Result};
use crate::i18n::Message;

#[derive(Debug, Clone, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct Agency {
    pub uid: String,
    pub name: String,
    pub city: String,
    pub address: Option<String>,
    pub phone_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreateAgencyArgs {
    pub name: String,
    pub city: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
}

pub(crate) async fn id_of(pool: &SqlitePool, uid: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM agences WHERE uid = ? AND deleted_at IS NULL")
        .bind(uid)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::invalid("agence_uid", Message::AgencyNotFound))
}

pub async fn list(desk: &Desk) -> Result<Vec<Agency>> {
    Ok(sqlx::query_as("SELECT uid, name, city, address, phone_number FROM agences WHERE deleted_at IS NULL ORDER BY city, name")
        .fetch_all(desk.pool())
        .await?)
}

pub async fn create(desk: &Desk, session: &Session, args: CreateAgencyArgs) -> Result<Agency> {
    let name = Text::parse("name", &args.name, 120)?;
    let city = Text::parse("city", &args.city, 100)?;
    let address = Text::parse_optional("address", args.address.as_deref(), 200)?;
    let phone_number = match args
        .phone_number
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(raw) => Some(PhoneNumber::parse("phone_number", raw)?),
        None => None,
    };
    let agency = Agency {
        uid: crate::new_uid(),
        name: name.into_string(),
        city: city.into_string(),
        address: address.map(Text::into_string),
        phone_number: phone_number.map(|p| p.as_str().to_owned()),
    };
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    sqlx::query("INSERT INTO agences (uid, name, city, address, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(&agency.uid)
        .bind(&agency.name)
        .bind(&agency.city)
        .bind(&agency.address)
        .bind(&agency.phone_number)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "name": agency.name, "city": agency.city });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "agency.create",
        Some("agences"),
        Some(&agency.uid),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(agency)
}
