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
    /// The counter takes parcels as well as tickets.
    pub accepts_parcels: bool,
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
    #[serde(default)]
    pub accepts_parcels: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetAcceptsParcelsArgs {
    pub agence_uid: String,
    pub accepts_parcels: bool,
}

pub(crate) async fn id_of(pool: &SqlitePool, uid: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM agences WHERE uid = ? AND deleted_at IS NULL")
        .bind(uid)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::invalid("agence_uid", Message::AgencyNotFound))
}

pub async fn list(desk: &Desk) -> Result<Vec<Agency>> {
    Ok(sqlx::query_as("SELECT uid, name, city, address, phone_number, accepts_parcels FROM agences WHERE deleted_at IS NULL ORDER BY city, name")
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
        accepts_parcels: args.accepts_parcels,
    };
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    sqlx::query("INSERT INTO agences (uid, name, city, address, phone_number, accepts_parcels, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(&agency.uid)
        .bind(&agency.name)
        .bind(&agency.city)
        .bind(&agency.address)
        .bind(&agency.phone_number)
        .bind(agency.accepts_parcels)
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

/// Lets an agency's clerks take parcels, or stops it.
pub async fn set_accepts_parcels(
    desk: &Desk,
    session: &Session,
    args: SetAcceptsParcelsArgs,
) -> Result<Agency> {
    let id = id_of(desk.pool(), args.agence_uid.trim()).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    sqlx::query(
        "UPDATE agences SET accepts_parcels = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(args.accepts_parcels)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "agency.accepts_parcels",
        Some("agences"),
        Some(args.agence_uid.trim()),
        serde_json::json!({ "accepts_parcels": args.accepts_parcels }),
        now,
    )
    .await?;
    let agency = sqlx::query_as(
        "SELECT uid, name, city, address, phone_number, accepts_parcels FROM agences WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(agency)
}
