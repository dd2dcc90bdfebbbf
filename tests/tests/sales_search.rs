//! The counter's search and seat map, on a real desk file: what a clerk finds, and what not.

use billettigue_core::ErrorCode;
use billettigue_tests::counter::Counter;
use chrono::Duration;
use serde_json::{json, Value};

async fn search(c: &Counter, from: &str, to: &str, seats: u32) -> Vec<String> {
    let date = c.tomorrow_at(0).format("%Y-%m-%d").to_string();
    let args = json!({ "from_city": from, "to_city": to, "date": date, "seats": seats });
    let found = c.desk.ok("sales.search", args, Some(&c.agent_token)).await;
    found
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|t| t["trajet"]["uid"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A reservation with `status` holding `seats` on the trajet, written directly: the seat map
/// must show states (held, released) that the counter itself never leaves behind.
async fn reserve(c: &Counter, trajet_uid: &str, status: &str, seats: &[i64], released: bool) {
    let pool = c.desk.pool();
    let now = c.desk.now();
    let trajet_id: i64 = sqlx::query_scalar("SELECT id FROM trajets WHERE uid = ?")
        .bind(trajet_uid)
        .fetch_one(pool)
        .await
        .expect("trajet");
    let reservation_id: i64 = sqlx::query_scalar(
        "INSERT INTO reservations (uid, booking_reference, reservation_date, passenger_first_name, passenger_last_name, phone_number, \
         status, seats_reserved, total_amount, trajet_id, created_at, updated_at) VALUES (?, ?, ?, 'Awa', 'Diop', '+221771234567', ?, ?, 0, ?, ?, ?) RETURNING id",
    )
    .bind(billettigue_core::new_uid())
    .bind(format!("T{}", &billettigue_core::new_uid()[24..]))
    .bind(now)
    .bind(status)
    .bind(seats.len() as i64)
    .bind(trajet_id)
    .bind(now)
    .bind(now)
    .fetch_one(pool)
    .await
    .expect("reservation");
    for seat in seats {
        sqlx::query(
            "INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, active, released_at, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(billettigue_core::new_uid())
        .bind(reservation_id)
        .bind(trajet_id)
        .bind(seat)
        .bind(if released { None } else { Some(1) })
        .bind(if released { Some(now) } else { None })
        .bind(now)
        .bind(now)
        .execute(pool)
        .await
        .expect("seat");
    }
}

#[tokio::test]
async fn a_clerk_finds_a_city_whatever_its_accents_case_and_hyphens() {
    let c = Counter::new().await;
    let thies = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 50).await;
    let saint_louis = c
        .publish("Dakar", "Saint-Louis", c.tomorrow_at(8), 50)
        .await;
    assert_eq!(search(&c, "dakar", "thies", 1).await, vec![thies.clone()]);
    assert_eq!(search(&c, "DAKAR", "THIÈS", 1).await, vec![thies]);
    assert_eq!(
        search(&c, " Dakar ", "saint louis", 1).await,
        vec![saint_louis]
    );
    assert!(search(&c, "Dakar", "Touba", 1).await.is_empty());
    assert!(
        search(&c, "Thiès", "Dakar", 1).await.is_empty(),
        "a route has a direction"
    );
}

#[tokio::test]
async fn only_the_days_active_departures_with_enough_seats_are_offered_soonest_first() {
    let c = Counter::new().await;
    let late = c.publish("Dakar", "Mbour", c.tomorrow_at(18), 50).await;
    let early = c.publish("Dakar", "Mbour", c.tomorrow_at(6), 50).await;
    let minibus = c.publish("Dakar", "Mbour", c.tomorrow_at(9), 3).await;
    let suspended = c.publish("Dakar", "Mbour", c.tomorrow_at(10), 50).await;
    c.desk
        .ok(
            "trajets.set_status",
            json!({ "uid": suspended, "status": "suspended" }),
            Some(&c.carrier_token),
        )
        .await;
    c.publish("Dakar", "Mbour", c.tomorrow_at(7) + Duration::days(1), 50)
        .await;
    assert_eq!(
        search(&c, "Dakar", "Mbour", 2).await,
        vec![early.clone(), minibus, late.clone()]
    );
    assert_eq!(
        search(&c, "Dakar", "Mbour", 4).await,
        vec![early, late],
        "the minibus has only 3 seats"
    );
}

#[tokio::test]
async fn the_seat_map_shows_free_held_and_sold_seats() {
    let c = Counter::new().await;
    let trajet = c.publish("Abidjan", "Bouaké", c.tomorrow_at(7), 10).await;
    reserve(&c, &trajet, "confirmed", &[1, 2], false).await;
    reserve(&c, &trajet, "pending", &[5], false).await;
    reserve(&c, &trajet, "cancelled", &[7], true).await;
    let map = c
        .desk
        .ok(
            "sales.seat_map",
            json!({ "trajet_uid": trajet }),
            Some(&c.agent_token),
        )
        .await;
    let states: Vec<(i64, String)> = map["seats"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|s| {
                    (
                        s["number"].as_i64().unwrap_or_default(),
                        s["state"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(states.len(), 10);
    let state = |n: i64| {
        states
            .iter()
            .find(|(number, _)| *number == n)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    assert_eq!(state(1), "sold");
    assert_eq!(state(2), "sold");
    assert_eq!(state(5), "held");
    assert_eq!(state(7), "free", "a released seat is free again");
    assert_eq!(state(10), "free");
    assert_eq!(map["trajet"]["uid"], Value::String(trajet));
}

#[tokio::test]
async fn searching_and_seat_maps_are_for_the_counter_not_for_carriers() {
    let c = Counter::new().await;
    let trajet = c.publish("Dakar", "Kaolack", c.tomorrow_at(7), 20).await;
    let search =
        json!({ "from_city": "Dakar", "to_city": "Kaolack", "date": "2030-01-01", "seats": 1 });
    assert_eq!(
        c.desk
            .err("sales.search", search, Some(&c.carrier_token))
            .await
            .code,
        ErrorCode::Forbidden
    );
    let map = json!({ "trajet_uid": trajet });
    assert_eq!(
        c.desk
            .err("sales.seat_map", map, Some(&c.carrier_token))
            .await
            .code,
        ErrorCode::Forbidden
    );
    let unknown = c
        .desk
        .err(
            "sales.seat_map",
            json!({ "trajet_uid": "nope" }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(
        (unknown.code, unknown.field.as_deref()),
        (ErrorCode::Validation, Some("trajet_uid"))
    );
}

#[tokio::test]
async fn a_zone_a_carrier_serves_around_a_city_finds_that_citys_departures() {
    let c = Counter::new().await;
    let thies = c.publish("Dakar", "Thiès", c.tomorrow_at(7), 50).await;
    let zone = |city: &str, region: &str, zone_type: &str| json!({ "city_name": city, "region": region, "zone_type": zone_type });
    for args in [
        zone("Rufisque", "Dakar", "both"),
        zone("Pout", "Thiès", "delivery_only"),
        zone("Bargny", "Dakar", "delivery_only"),
    ] {
        c.desk.ok("zones.set", args, Some(&c.carrier_token)).await;
    }
    let date = c.tomorrow_at(0).format("%Y-%m-%d").to_string();
    let hits = c
        .desk
        .ok(
            "sales.search",
            json!({ "from_city": "rufisque", "to_city": "POUT", "date": date, "seats": 1 }),
            Some(&c.agent_token),
        )
        .await;
    assert_eq!(hits[0]["trajet"]["uid"], json!(thies));
    assert_eq!(
        (
            hits[0]["pickup_zone"].clone(),
            hits[0]["dropoff_zone"].clone()
        ),
        (json!("Rufisque"), json!("Pout"))
    );
    assert!(
        search(&c, "Dakar", "Thiès", 1).await.contains(&thies),
        "direct cities carry no zone"
    );
    assert!(
        search(&c, "Bargny", "Thiès", 1).await.is_empty(),
        "a drop-off-only zone is no pickup"
    );
}
