//! The zones a carrier serves (`zones_desservies`): one row per city and carrier.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::carrier_for;
use crate::audit;
use crate::auth::{Role, Session};
use crate::desk::Desk;
use crate::domain::Text;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The largest weight a zone can take per departure: 100 tonnes, in grams.
pub const CAPACITY_MAX_G: i64 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ZoneType {
    PickupOnly,
    DeliveryOnly,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceFrequency {
    Daily,
    Weekly,
    Monthly,
    OnDemand,
}

fn db_text<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Zone {
    pub uid: String,
    pub transporteur_uid: String,
    pub city_name: String,
    pub region: Option<String>,
    pub zone_type: ZoneType,
    pub service_frequency: Option<ServiceFrequency>,
    pub max_weight_capacity_g: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListZonesArgs {
    /// The carrier, named by an administrator; a transporteur's own is implied.
    #[serde(default)]
    pub transporteur_uid: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetZoneArgs {
    #[serde(default)]
    pub transporteur_uid: Option<String>,
    pub city_name: String,
    #[serde(default)]
    pub region: Option<String>,
    pub zone_type: ZoneType,
    #[serde(default)]
    pub service_frequency: Option<ServiceFrequency>,
    #[serde(default)]
    pub max_weight_capacity_g: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RemoveZoneArgs {
    pub uid: String,
}

#[derive(sqlx::FromRow)]
struct ZoneRow {
    uid: String,
    transporteur_uid: String,
    city_name: String,
    region: Option<String>,
    zone_type: String,
    service_frequency: Option<String>,
    max_weight_capacity: Option<i64>,
}

impl From<ZoneRow> for Zone {
    fn from(row: ZoneRow) -> Self {
        let zone_type = serde_json::from_value(serde_json::Value::String(row.zone_type))
            .unwrap_or(ZoneType::Both);
        let service_frequency = row
            .service_frequency
            .and_then(|f| serde_json::from_value(serde_json::Value::String(f)).ok());
        Self {
            uid: row.uid,
            transporteur_uid: row.transporteur_uid,
            city_name: row.city_name,
            region: row.region,
            zone_type,
            service_frequency,
            max_weight_capacity_g: row.max_weight_capacity,
        }
    }
}

const SELECT_ZONE: &str = "SELECT z.uid, t.uid AS transporteur_uid, z.city_name, z.region, z.zone_type, z.service_frequency, \
     z.max_weight_capacity FROM zones_desservies z JOIN transporteurs t ON t.id = z.transporteur_id WHERE z.deleted_at IS NULL";

pub async fn list(desk: &Desk, session: &Session, args: ListZonesArgs) -> Result<Vec<Zone>> {
    let mut conn = desk.pool().acquire().await?;
    let carrier = carrier_for(&mut conn, session, args.transporteur_uid.as_deref()).await?;
    let rows: Vec<ZoneRow> = sqlx::query_as(&format!(
        "{SELECT_ZONE} AND z.transporteur_id = ? ORDER BY z.city_name"
    ))
    .bind(carrier)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(Zone::from).collect())
}

/// Adds a served city, or updates it: a carrier serves each city once (the seed's unique key).
pub async fn set(desk: &Desk, session: &Session, args: SetZoneArgs) -> Result<Zone> {
    let city = Text::parse("city_name", &args.city_name, super::CITY_MAX)?;
    let region = Text::parse_optional("region", args.region.as_deref(), 255)?;
    if args
        .max_weight_capacity_g
        .is_some_and(|grams| !(0..=CAPACITY_MAX_G).contains(&grams))
    {
        return Err(Error::invalid(
            "max_weight_capacity_g",
            Message::NumberOutOfRange {
                min: 0,
                max: CAPACITY_MAX_G,
            },
        ));
    }
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let carrier = carrier_for(&mut tx, session, args.transporteur_uid.as_deref()).await?;
    sqlx::query(
        "INSERT INTO zones_desservies (uid, city_name, region, zone_type, service_frequency, max_weight_capacity, transporteur_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(city_name, transporteur_id) DO UPDATE SET region = excluded.region, \
         zone_type = excluded.zone_type, service_frequency = excluded.service_frequency, max_weight_capacity = excluded.max_weight_capacity, \
         deleted_at = NULL, updated_at = excluded.updated_at, version = version + 1",
    )
    .bind(crate::new_uid())
    .bind(city.as_str())
    .bind(region.as_ref().map(Text::as_str))
    .bind(db_text(args.zone_type))
    .bind(args.service_frequency.map(db_text))
    .bind(args.max_weight_capacity_g)
    .bind(carrier)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let row: ZoneRow = sqlx::query_as(&format!(
        "{SELECT_ZONE} AND z.transporteur_id = ? AND z.city_name = ?"
    ))
    .bind(carrier)
    .bind(city.as_str())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "zone.set",
        Some("zones_desservies"),
        Some(&row.uid),
        serde_json::json!({ "city": city.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Stops serving a city (soft deletion: setting it again revives the row).
pub async fn remove(desk: &Desk, session: &Session, args: RemoveZoneArgs) -> Result<()> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    // An administrator may remove any carrier's zone; a transporteur only its own.
    let carrier = match session.role {
        Role::Admin => None,
        _ => Some(carrier_for(&mut tx, session, None).await?),
    };
    let removed = sqlx::query(
        "UPDATE zones_desservies SET deleted_at = ?, updated_at = ?, version = version + 1 \
         WHERE uid = ? AND deleted_at IS NULL AND (? IS NULL OR transporteur_id = ?)",
    )
    .bind(now)
    .bind(now)
    .bind(&args.uid)
    .bind(carrier)
    .bind(carrier)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(Error::not_found(Message::ZoneNotFound));
    }
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "zone.remove",
        Some("zones_desservies"),
        Some(&args.uid),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
