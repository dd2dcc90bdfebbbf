//! The parcel tariff grid and the price of a piece.
//!
//! A grid row applies to a carrier (or, without one, to every carrier: the platform default),
//! to a route (`from_city`, `to_city`), or to the destination's region (`zone`), each left empty
//! for "any", and to a weight band `[weight_min_g, weight_max_g)`. For a piece, the most specific
//! grid wins — the carrier's own before the platform's, then a named destination, a named
//! origin, a region — and within it the band holding the piece's chargeable weight: the greater of
//! its real weight and its volumetric weight (L × l × h in cm³ over the row's divisor, in kg).
//! Price = max(minimum charge, base + price per kg × chargeable kg), rounded up to the minor
//! unit, plus the fragile and express supplements. The clerk never types a price.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::{Role, Session};
use crate::desk::Desk;
use crate::domain::{city_key, Money, Text};
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::trajets;

/// Heaviest piece the desk accepts at all: one tonne, in grams.
pub const WEIGHT_MAX_G: i64 = 1_000_000;
/// Longest side of a piece, in cm.
pub const SIDE_MAX_CM: i64 = 500;
const CITY_MAX: usize = 100;

/// One row of the grid, as the window shows and edits it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Tariff {
    pub uid: String,
    /// `None`: the platform default, for every carrier.
    pub transporteur_uid: Option<String>,
    pub company_name: Option<String>,
    pub from_city: Option<String>,
    pub to_city: Option<String>,
    /// The destination's region (as in the carrier's served zones).
    pub zone: Option<String>,
    pub weight_min_g: i64,
    /// Exclusive; `None` = no upper bound.
    pub weight_max_g: Option<i64>,
    pub base_price: Money,
    pub price_per_kg: Money,
    pub min_charge: Money,
    /// cm³ per kg (e.g. 5000); `None` = volumetric weight not used.
    pub volumetric_divisor: Option<i64>,
    pub fragile_supplement: Money,
    pub express_supplement: Money,
    pub active: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ListTariffsArgs {
    /// Only this carrier's rows (and the platform's); an administrator's filter.
    #[serde(default)]
    pub transporteur_uid: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetTariffArgs {
    /// The row to change; a new row when absent.
    #[serde(default)]
    pub uid: Option<String>,
    /// The carrier; absent for an administrator's platform default, implied for a transporteur.
    #[serde(default)]
    pub transporteur_uid: Option<String>,
    #[serde(default)]
    pub from_city: Option<String>,
    #[serde(default)]
    pub to_city: Option<String>,
    #[serde(default)]
    pub zone: Option<String>,
    pub weight_min_g: i64,
    #[serde(default)]
    pub weight_max_g: Option<i64>,
    pub base_price: i64,
    pub price_per_kg: i64,
    pub min_charge: i64,
    #[serde(default)]
    pub volumetric_divisor: Option<i64>,
    pub fragile_supplement: i64,
    pub express_supplement: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TariffRef {
    pub uid: String,
}

/// A grid row as the pricing reads it: cities and zone already folded with [`city_key`].
#[derive(Debug, Clone, PartialEq)]
pub struct TariffRule {
    pub id: i64,
    pub transporteur_id: Option<i64>,
    pub from_key: Option<String>,
    pub to_key: Option<String>,
    pub zone_key: Option<String>,
    pub weight_min_g: i64,
    pub weight_max_g: Option<i64>,
    pub base_price: i64,
    pub price_per_kg: i64,
    pub min_charge: i64,
    pub volumetric_divisor: Option<i64>,
    pub fragile_supplement: i64,
    pub express_supplement: i64,
}

/// Where a piece goes, for the grid.
#[derive(Debug, Clone)]
pub struct Route {
    pub carrier_id: i64,
    pub from_key: String,
    pub to_key: String,
    /// The destination's region in the carrier's served zones, folded.
    pub zone_key: Option<String>,
}

/// What is priced about a piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub weight_g: i64,
    pub dimensions_cm: Option<(i64, i64, i64)>,
    pub fragile: bool,
    pub express: bool,
}

/// A piece's price and what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priced {
    pub tariff_id: i64,
    pub chargeable_weight_g: i64,
    pub volumetric_weight_g: Option<i64>,
    /// Base and weight, or the minimum charge.
    pub carriage: i64,
    pub supplements: i64,
    pub price: i64,
}

impl TariffRule {
    /// How specific the row is for `route`, or `None` when it does not apply to it.
    fn specificity(&self, route: &Route) -> Option<u8> {
        fn matches(wanted: &Option<String>, actual: Option<&str>) -> Option<u8> {
            match wanted {
                None => Some(0),
                Some(w) if Some(w.as_str()) == actual => Some(1),
                Some(_) => None,
            }
        }
        let carrier = match self.transporteur_id {
            None => 0,
            Some(id) if id == route.carrier_id => 1,
            Some(_) => return None,
        };
        let to = matches(&self.to_key, Some(&route.to_key))?;
        let from = matches(&self.from_key, Some(&route.from_key))?;
        let zone = matches(&self.zone_key, route.zone_key.as_deref())?;
        Some(carrier << 3 | to << 2 | from << 1 | zone)
    }

    fn volumetric_weight_g(&self, piece: &Piece) -> Option<i64> {
        let divisor = self.volumetric_divisor?;
        let (l, w, h) = piece.dimensions_cm?;
        // cm³ / (cm³ per kg) in grams, rounded up (saturating: never an overflow, whatever the row).
        let grams_times_divisor = l
            .saturating_mul(w)
            .saturating_mul(h)
            .saturating_mul(1000)
            .saturating_add(divisor - 1);
        Some(grams_times_divisor / divisor)
    }

    fn price(&self, piece: &Piece) -> Option<Priced> {
        let volumetric = self.volumetric_weight_g(piece);
        let chargeable = piece.weight_g.max(volumetric.unwrap_or(0));
        let in_band =
            chargeable >= self.weight_min_g && self.weight_max_g.is_none_or(|max| chargeable < max);
        if !in_band {
            return None;
        }
        // Saturating: an absurd row gives an absurd price (refused as out of range by the
        // intake), never an overflow.
        let by_weight = self
            .price_per_kg
            .saturating_mul(chargeable)
            .saturating_add(999)
            / 1000;
        let carriage = self
            .base_price
            .saturating_add(by_weight)
            .max(self.min_charge);
        let supplements = if piece.fragile {
            self.fragile_supplement
        } else {
            0
        }
        .saturating_add(if piece.express {
            self.express_supplement
        } else {
            0
        });
        Some(Priced {
            tariff_id: self.id,
            chargeable_weight_g: chargeable,
            volumetric_weight_g: volumetric,
            carriage,
            supplements,
            price: carriage.saturating_add(supplements),
        })
    }
}

/// The price of `piece` on `route`: the most specific grid that has a band for it.
pub fn price(rules: &[TariffRule], route: &Route, piece: &Piece) -> Option<Priced> {
    let mut applicable: Vec<(u8, &TariffRule)> = rules
        .iter()
        .filter_map(|rule| rule.specificity(route).map(|s| (s, rule)))
        .collect();
    // Most specific first; within a grid, lower bands first.
    applicable.sort_by(|(a, ra), (b, rb)| b.cmp(a).then(ra.weight_min_g.cmp(&rb.weight_min_g)));
    applicable.iter().find_map(|(_, rule)| rule.price(piece))
}

/// The active rows that may apply to a carrier: its own and the platform's.
pub(crate) async fn rules_for(
    conn: &mut SqliteConnection,
    carrier_id: i64,
) -> Result<Vec<TariffRule>> {
    let rows: Vec<TariffRow> = sqlx::query_as(&format!(
        "{SELECT_TARIFF} AND t.active = 1 AND (t.transporteur_id IS NULL OR t.transporteur_id = ?)"
    ))
    .bind(carrier_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TariffRule {
            id: r.id,
            transporteur_id: r.transporteur_id,
            from_key: r.from_city.as_deref().map(city_key),
            to_key: r.to_city.as_deref().map(city_key),
            zone_key: r.zone.as_deref().map(city_key),
            weight_min_g: r.weight_min_g,
            weight_max_g: r.weight_max_g,
            base_price: r.base_price,
            price_per_kg: r.price_per_kg,
            min_charge: r.min_charge,
            volumetric_divisor: r.volumetric_divisor,
            fragile_supplement: r.fragile_supplement,
            express_supplement: r.express_supplement,
        })
        .collect())
}

const SELECT_TARIFF: &str = "SELECT t.id, t.uid, tr.uid AS transporteur_uid, tr.company_name, t.from_city, t.to_city, t.zone, \
     t.weight_min_g, t.weight_max_g, t.base_price, t.price_per_kg, t.min_charge, t.volumetric_divisor, \
     t.fragile_supplement, t.express_supplement, t.active, t.updated_at, t.transporteur_id \
     FROM parcel_tariffs t LEFT JOIN transporteurs tr ON tr.id = t.transporteur_id WHERE t.deleted_at IS NULL";

#[derive(sqlx::FromRow)]
struct TariffRow {
    id: i64,
    uid: String,
    transporteur_uid: Option<String>,
    company_name: Option<String>,
    from_city: Option<String>,
    to_city: Option<String>,
    zone: Option<String>,
    weight_min_g: i64,
    weight_max_g: Option<i64>,
    base_price: i64,
    price_per_kg: i64,
    min_charge: i64,
    volumetric_divisor: Option<i64>,
    fragile_supplement: i64,
    express_supplement: i64,
    active: bool,
    updated_at: DateTime<Utc>,
    transporteur_id: Option<i64>,
}

impl TariffRow {
    fn view(self) -> Result<Tariff> {
        Ok(Tariff {
            uid: self.uid,
            transporteur_uid: self.transporteur_uid,
            company_name: self.company_name,
            from_city: self.from_city,
            to_city: self.to_city,
            zone: self.zone,
            weight_min_g: self.weight_min_g,
            weight_max_g: self.weight_max_g,
            base_price: Money::parse("base_price", self.base_price)?,
            price_per_kg: Money::parse("price_per_kg", self.price_per_kg)?,
            min_charge: Money::parse("min_charge", self.min_charge)?,
            volumetric_divisor: self.volumetric_divisor,
            fragile_supplement: Money::parse("fragile_supplement", self.fragile_supplement)?,
            express_supplement: Money::parse("express_supplement", self.express_supplement)?,
            active: self.active,
            updated_at: self.updated_at,
        })
    }
}

/// The grid: a transporteur sees its own rows and the platform's; an administrator every row
/// (or one carrier's and the platform's).
pub async fn list(desk: &Desk, session: &Session, args: ListTariffsArgs) -> Result<Vec<Tariff>> {
    let mut conn = desk.pool().acquire().await?;
    let carrier = match (session.role, args.transporteur_uid.as_deref()) {
        (Role::Admin, None) => None,
        (_, named) => Some(trajets::carrier_for(&mut conn, session, named).await?),
    };
    let order = "ORDER BY t.transporteur_id IS NOT NULL, tr.company_name, t.to_city, t.from_city, t.zone, t.weight_min_g";
    let rows: Vec<TariffRow> = match carrier {
        None => {
            sqlx::query_as(&format!("{SELECT_TARIFF} {order}"))
                .fetch_all(&mut *conn)
                .await?
        }
        Some(id) => {
            sqlx::query_as(&format!(
                "{SELECT_TARIFF} AND (t.transporteur_id IS NULL OR t.transporteur_id = ?) {order}"
            ))
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    rows.into_iter().map(TariffRow::view).collect()
}

/// The row `uid`, if the caller may change it: a transporteur only its own rows.
async fn editable(conn: &mut SqliteConnection, session: &Session, uid: &str) -> Result<TariffRow> {
    let row: Option<TariffRow> = sqlx::query_as(&format!("{SELECT_TARIFF} AND t.uid = ?"))
        .bind(uid.trim())
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or_else(|| Error::not_found(Message::TariffNotFound).at("uid"))?;
    if session.role != Role::Admin {
        let own = trajets::carrier_for(conn, session, None).await?;
        if row.transporteur_id != Some(own) {
            return Err(Error::not_found(Message::TariffNotFound).at("uid"));
        }
    }
    Ok(row)
}

fn amount(field: &'static str, value: i64) -> Result<i64> {
    Money::parse(field, value).map(Money::minor_units)
}

fn grams(field: &'static str, value: i64) -> Result<i64> {
    if (0..=WEIGHT_MAX_G).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            field,
            Message::NumberOutOfRange {
                min: 0,
                max: WEIGHT_MAX_G,
            },
        ))
    }
}

/// Adds a row to the grid or changes one; every change is in the audit log.
pub async fn set(desk: &Desk, session: &Session, args: SetTariffArgs) -> Result<Tariff> {
    let from_city = Text::parse_optional("from_city", args.from_city.as_deref(), CITY_MAX)?;
    let to_city = Text::parse_optional("to_city", args.to_city.as_deref(), CITY_MAX)?;
    let zone = Text::parse_optional("zone", args.zone.as_deref(), CITY_MAX)?;
    let weight_min_g = grams("weight_min_g", args.weight_min_g)?;
    let weight_max_g = args
        .weight_max_g
        .map(|g| grams("weight_max_g", g))
        .transpose()?;
    if weight_max_g.is_some_and(|max| max <= weight_min_g) {
        return Err(Error::invalid("weight_max_g", Message::TariffBandInvalid));
    }
    let base_price = amount("base_price", args.base_price)?;
    let price_per_kg = amount("price_per_kg", args.price_per_kg)?;
    let min_charge = amount("min_charge", args.min_charge)?;
    let fragile_supplement = amount("fragile_supplement", args.fragile_supplement)?;
    let express_supplement = amount("express_supplement", args.express_supplement)?;
    if args
        .volumetric_divisor
        .is_some_and(|d| !(1..=1_000_000).contains(&d))
    {
        return Err(Error::invalid(
            "volumetric_divisor",
            Message::NumberOutOfRange {
                min: 1,
                max: 1_000_000,
            },
        ));
    }
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let carrier = match (
        session.role,
        args.transporteur_uid.as_deref().map(str::trim),
    ) {
        (Role::Admin, None | Some("")) => None,
        (_, named) => Some(trajets::carrier_for(&mut tx, session, named).await?),
    };
    let uid = match args.uid.as_deref() {
        Some(uid) => {
            let row = editable(&mut tx, session, uid).await?;
            sqlx::query(
                "UPDATE parcel_tariffs SET transporteur_id = ?, from_city = ?, to_city = ?, zone = ?, weight_min_g = ?, \
                 weight_max_g = ?, base_price = ?, price_per_kg = ?, min_charge = ?, volumetric_divisor = ?, \
                 fragile_supplement = ?, express_supplement = ?, active = ?, updated_at = ?, version = version + 1 WHERE id = ?",
            )
            .bind(carrier)
            .bind(from_city.as_ref().map(Text::as_str))
            .bind(to_city.as_ref().map(Text::as_str))
            .bind(zone.as_ref().map(Text::as_str))
            .bind(weight_min_g)
            .bind(weight_max_g)
            .bind(base_price)
            .bind(price_per_kg)
            .bind(min_charge)
            .bind(args.volumetric_divisor)
            .bind(fragile_supplement)
            .bind(express_supplement)
            .bind(args.active)
            .bind(now)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
            row.uid
        }
        None => {
            let uid = crate::new_uid();
            sqlx::query(
                "INSERT INTO parcel_tariffs (uid, transporteur_id, from_city, to_city, zone, weight_min_g, weight_max_g, \
                 base_price, price_per_kg, min_charge, volumetric_divisor, fragile_supplement, express_supplement, active, \
                 created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&uid)
            .bind(carrier)
            .bind(from_city.as_ref().map(Text::as_str))
            .bind(to_city.as_ref().map(Text::as_str))
            .bind(zone.as_ref().map(Text::as_str))
            .bind(weight_min_g)
            .bind(weight_max_g)
            .bind(base_price)
            .bind(price_per_kg)
            .bind(min_charge)
            .bind(args.volumetric_divisor)
            .bind(fragile_supplement)
            .bind(express_supplement)
            .bind(args.active)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            uid
        }
    };
    let row: TariffRow = sqlx::query_as(&format!("{SELECT_TARIFF} AND t.uid = ?"))
        .bind(&uid)
        .fetch_one(&mut *tx)
        .await?;
    let tariff = row.view()?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        if args.uid.is_some() {
            "tariff.update"
        } else {
            "tariff.create"
        },
        Some("parcel_tariffs"),
        Some(&uid),
        serde_json::to_value(&tariff).map_err(Error::internal)?,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(tariff)
}

/// Takes a row out of the grid (kept, marked deleted, for the prices already computed from it).
pub async fn remove(desk: &Desk, session: &Session, args: TariffRef) -> Result<()> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let row = editable(&mut tx, session, &args.uid).await?;
    sqlx::query(
        "UPDATE parcel_tariffs SET deleted_at = ?, active = 0, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(now)
    .bind(now)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "tariff.remove",
        Some("parcel_tariffs"),
        Some(&row.uid),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64) -> TariffRule {
        TariffRule {
            id,
            transporteur_id: None,
            from_key: None,
            to_key: None,
            zone_key: None,
            weight_min_g: 0,
            weight_max_g: None,
            base_price: 100_000,
            price_per_kg: 50_000,
            min_charge: 0,
            volumetric_divisor: None,
            fragile_supplement: 0,
            express_supplement: 0,
        }
    }

    fn route() -> Route {
        Route {
            carrier_id: 7,
            from_key: "dakar".into(),
            to_key: "thies".into(),
            zone_key: Some("thies".into()),
        }
    }

    fn piece(weight_g: i64) -> Piece {
        Piece {
            weight_g,
            dimensions_cm: None,
            fragile: false,
            express: false,
        }
    }

    #[test]
    fn the_carriers_route_beats_the_platform_default() {
        let platform = rule(1);
        let carrier_any = TariffRule {
            transporteur_id: Some(7),
            ..rule(2)
        };
        let carrier_route = TariffRule {
            transporteur_id: Some(7),
            to_key: Some("thies".into()),
            ..rule(3)
        };
        let other_carrier = TariffRule {
            transporteur_id: Some(8),
            to_key: Some("thies".into()),
            from_key: Some("dakar".into()),
            ..rule(4)
        };
        let rules = vec![platform, carrier_any, carrier_route, other_carrier];
        assert_eq!(
            price(&rules, &route(), &piece(1000)).map(|p| p.tariff_id),
            Some(3)
        );
    }

    #[test]
    fn weight_is_charged_per_started_gram_and_never_below_the_minimum() {
        let rules = vec![TariffRule {
            min_charge: 200_000,
            ..rule(1)
        }];
        // 100 000 + 50 000 × 0.5 kg = 125 000 < 200 000 minimum.
        assert_eq!(
            price(&rules, &route(), &piece(500)).map(|p| p.price),
            Some(200_000)
        );
        // 100 000 + 50 000 × 3.001 kg = 250 050.
        assert_eq!(
            price(&rules, &route(), &piece(3001)).map(|p| p.price),
            Some(250_050)
        );
    }
}
