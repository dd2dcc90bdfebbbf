//! Searching departures by cities (accent- and case-insensitive), day and seats; the seat map.

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
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SeatMapArgs {
    pub trajet_uid: String,
}

/// Departures on `date` from one city to another with enough seats left, soonest first. City
/// names match whatever their accents, case and hyphens ("thies" finds "Thiès").
pub async fn search(desk: &Desk, args: SearchArgs) -> Result<Vec<Trajet>> {
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
    Ok(day
        .into_iter()
        .filter(|t| city_key(&t.departure_city) == from && city_key(&t.arrival_city) == to)
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
    Ok(SeatMap { trajet, seats })
}
