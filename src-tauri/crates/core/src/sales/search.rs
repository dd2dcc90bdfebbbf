//! Searching departures by cities (accent- and case-insensitive, and through the zones carriers
//! serve), day and seats; the seat map.

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::desk::Desk;
use crate::domain::{city_key, Text};
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::trajets::{self, Trajet, CITY_MAX};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    pub from_city: String,
    pub to_city: String,
    /// The day of departure, `YYYY-MM-DD` (GMT, the legal time of Senegal and Côte d'Ivoire).
    pub date: NaiveDate,
    /// How many seats the passengers need together.
    pub seats: u32,
}

/// A departure found, and how it serves the cities asked for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub trajet: Trajet,
    /// Set when the passenger's departure city is not the trajet's but a zone its carrier
    /// serves around it (pickup): the zone's city.
    pub pickup_zone: Option<String>,
    /// The same for the arrival (delivery).
    pub dropoff_zone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SeatState {
    Free,
    /// Taken by a reservation not yet paid.
    Held,
    Sold,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Seat {
    pub number: i64,
    pub state: SeatState,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SeatMap {
    pub trajet: Trajet,
    pub seats: Vec<Seat>,
    /// For a desk that syncs, the seats head office allotted to it: the only ones it sells
    /// while offline (online it claims others at the sale). `None`: the desk works alone.
    pub held_here: Option<Vec<i64>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SeatMapArgs {
    pub trajet_uid: String,
}

/// A served zone: a carrier, the zone's city, the region (hub city) it hangs on, and whether
/// passengers are picked up and dropped off there.
struct ServedZone {
    transporteur_uid: String,
    city: String,
    region: String,
    pickup: bool,
    dropoff: bool,
}

async fn served_zones(conn: &mut sqlx::SqliteConnection) -> Result<Vec<ServedZone>> {
    let rows: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT tr.uid, z.city_name, z.region, z.zone_type FROM zones_desservies z \
         JOIN transporteurs tr ON tr.id = z.transporteur_id WHERE z.deleted_at IS NULL AND z.region IS NOT NULL",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(transporteur_uid, city, region, zone_type)| ServedZone {
            transporteur_uid,
            city,
            region: region.unwrap_or_default(),
            pickup: zone_type != "delivery_only",
            dropoff: zone_type != "pickup_only",
        })
        .collect())
}

/// How `trajet_city` serves `wanted`: directly (`Some(None)`), through a zone of the carrier
/// whose region is the trajet's city (`Some(Some(zone))`), or not at all (`None`).
fn served(
    zones: &[ServedZone],
    trajet: &Trajet,
    trajet_city: &str,
    wanted: &str,
    pickup: bool,
) -> Option<Option<String>> {
    if city_key(trajet_city) == wanted {
        return Some(None);
    }
    zones
        .iter()
        .find(|zone| {
            zone.transporteur_uid == trajet.transporteur_uid
                && (if pickup { zone.pickup } else { zone.dropoff })
                && city_key(&zone.city) == wanted
                && city_key(&zone.region) == city_key(trajet_city)
        })
        .map(|zone| Some(zone.city.clone()))
}

/// Departures on `date` from one city to another with enough seats left, soonest first. City
/// names match whatever their accents, case and hyphens ("thies" finds "Thiès"); a city a
/// carrier serves as a zone around a trajet's city finds that trajet too.
pub async fn search(desk: &Desk, args: SearchArgs) -> Result<Vec<SearchHit>> {
    let from = city_key(Text::parse("from_city", &args.from_city, CITY_MAX)?.as_str());
    let to = city_key(Text::parse("to_city", &args.to_city, CITY_MAX)?.as_str());
    if !(1..=50).contains(&args.seats) {
        return Err(Error::invalid(
            "seats",
            Message::NumberOutOfRange { min: 1, max: 50 },
        ));
    }
    let start = args.date.and_time(NaiveTime::MIN).and_utc();
    // Departures already gone are not for sale, even on today's date.
    let from_time = start.max(desk.clock().now());
    let mut conn = desk.pool().acquire().await?;
    let day = trajets::on_sale(
        &mut conn,
        from_time,
        start + Duration::days(1),
        i64::from(args.seats),
    )
    .await?;
    let zones = served_zones(&mut conn).await?;
    Ok(day
        .into_iter()
        .filter_map(|trajet| {
            let pickup_zone = served(&zones, &trajet, &trajet.departure_city, &from, true)?;
            let dropoff_zone = served(&zones, &trajet, &trajet.arrival_city, &to, false)?;
            Some(SearchHit {
                trajet,
                pickup_zone,
                dropoff_zone,
            })
        })
        .collect())
}

/// Every seat number of a trajet with its state: sold (paid, or boarded), held (reserved, not
/// yet paid) or free.
pub async fn seat_map(desk: &Desk, args: SeatMapArgs) -> Result<SeatMap> {
    let mut conn = desk.pool().acquire().await?;
    let (trajet_id, trajet) = trajets::by_uid(&mut conn, &args.trajet_uid).await?;
    let taken: Vec<(i64, String)> = sqlx::query_as(
        "SELECT s.seat_number, r.status FROM reservation_seats s JOIN reservations r ON r.id = s.reservation_id \
         WHERE s.trajet_id = ? AND s.active = 1 AND s.deleted_at IS NULL",
    )
    .bind(trajet_id)
    .fetch_all(&mut *conn)
    .await?;
    let seats = (1..=trajet.seats_count)
        .map(|number| {
            let state = match taken.iter().find(|(seat, _)| *seat == number) {
                None => SeatState::Free,
                Some((_, status)) if status == "pending" => SeatState::Held,
                Some(_) => SeatState::Sold,
            };
            Seat { number, state }
        })
        .collect();
    let held_here = crate::sync::allotments::sellable(&mut conn, trajet_id).await?;
    Ok(SeatMap {
        trajet,
        seats,
        held_here,
    })
}
