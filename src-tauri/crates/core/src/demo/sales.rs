//! Demonstration trajets, each filled with reservations, their seats and cash payments (with
//! their allocations), sold over the past year; 3 % cancelled with a cash refund.

use chrono::{DateTime, Duration, Timelike, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use sqlx::{QueryBuilder, Sqlite};

use super::data::ROUTES;
use super::{country_of, Customer, DemoSummary, Ids, BATCH};
use crate::desk::Desk;
use crate::error::Result;
use crate::sync::outbox;

/// Trajets over the coming weeks, each filled to 50–95 % with reservations until the target.
pub(super) async fn fill_trajets_and_sales(
    desk: &Desk,
    rng: &mut StdRng,
    carriers: &[(i64, &str)],
    customers: &[Customer],
    target: u64,
    now: DateTime<Utc>,
    summary: &mut DemoSummary,
) -> Result<()> {
    let mut tx = outbox::begin_unrecorded(desk).await?;
    let mut trajet_ids = Ids::after_max(&mut tx, "trajets").await?;
    let mut reservation_ids = Ids::after_max(&mut tx, "reservations").await?;
    let mut payment_ids = Ids::after_max(&mut tx, "paiements").await?;
    let today = now
        .with_hour(0)
        .and_then(|d| d.with_minute(0))
        .and_then(|d| d.with_second(0))
        .unwrap_or(now);
    let mut sold = 0u64;
    let mut slot = 0i64;
    let mut batch_rows = 0usize;
    while sold < target {
        let (from, to, fare) = ROUTES[(slot as usize) % ROUTES.len()];
        let country = country_of(from);
        let carrier = carriers
            .iter()
            .filter(|(_, c)| *c == country)
            .nth((slot as usize / ROUTES.len()) % 3)
            .or_else(|| carriers.first())
            .map(|(id, _)| *id)
            .unwrap_or(1);
        let departure = today
            + Duration::days(1 + (slot / 60) % 42)
            + Duration::hours(5 + (slot % 15))
            + Duration::minutes(30 * (slot % 2));
        let seats_count: i64 = [15, 30, 45, 50, 50][rng.gen_range(0..5)];
        let fill = ((seats_count as f64) * rng.gen_range(0.5..0.95)) as i64;
        let trajet_id = trajet_ids.take();
        let mut seat = 1i64;
        let mut reservations_rows = Vec::new();
        while seat <= fill && sold < target {
            let seats = rng.gen_range(1..=3).min(fill - seat + 1);
            let reservation_id = reservation_ids.take();
            let guest = rng.gen_bool(0.5);
            let customer = &customers[rng.gen_range(0..customers.len())];
            let refundable = rng.gen_bool(0.2);
            let supplement = if refundable { fare * seats / 10 } else { 0 };
            let cancelled = rng.gen_bool(0.03);
            // Sold some time in the past year, so that reports have a year of data to read.
            let sold_at = now - Duration::seconds(rng.gen_range(0..365 * 86_400));
            reservations_rows.push((
                reservation_id,
                seat,
                seats,
                customer.clone(),
                guest,
                refundable,
                supplement,
                fare * seats + supplement,
                cancelled,
                sold_at,
                payment_ids.take(),
            ));
            seat += seats;
            sold += 1;
        }
        let sold_seats: i64 = reservations_rows.iter().filter(|r| !r.8).map(|r| r.2).sum();
        sqlx::query(
            "INSERT INTO trajets (id, uid, departure_city, arrival_city, departure_time, price, seats_count, available_seats, status, accepts_packages, \
             max_package_weight, departure_point, arrival_point, transporteur_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, 30000, ?, ?, ?, ?, ?)",
        )
        .bind(trajet_id)
        .bind(crate::new_uid())
        .bind(from)
        .bind(to)
        .bind(departure)
        .bind(fare * 100)
        .bind(seats_count)
        .bind(seats_count - sold_seats)
        .bind(format!("Gare routière de {from}"))
        .bind(format!("Gare routière de {to}"))
        .bind(carrier)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        summary.trajets += 1;
        for chunk in reservations_rows.chunks(BATCH / 4) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO reservations (id, uid, booking_reference, reservation_date, passenger_first_name, passenger_last_name, phone_number, status, \
                 seats_reserved, refundable_option, refund_supplement_amount, total_amount, trajet_id, compte_id, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut b, r| {
                b.push_bind(r.0)
                    .push_bind(crate::new_uid())
                    .push_bind(format!("D{:09}", r.0))
                    .push_bind(r.9)
                    .push_bind(&r.3 .2)
                    .push_bind(&r.3 .3)
                    .push_bind(&r.3 .4)
                    .push_bind(if r.8 { "cancelled" } else { "confirmed" })
                    .push_bind(r.2)
                    .push_bind(r.5)
                    .push_bind(r.6 * 100)
                    .push_bind(r.7 * 100)
                    .push_bind(trajet_id)
                    .push_bind(if r.4 { None } else { Some(r.3 .0) })
                    .push_bind(now)
                    .push_bind(now);
            });
            insert.build().execute(&mut *tx).await?;
            let seats: Vec<(i64, i64, bool)> = chunk
                .iter()
                .flat_map(|r| (0..r.2).map(move |k| (r.0, r.1 + k, r.8)))
                .collect();
            let mut seat_insert = QueryBuilder::<Sqlite>::new("INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, active, released_at, created_at, updated_at) ");
            seat_insert.push_values(&seats, |mut b, s| {
                b.push_bind(crate::new_uid())
                    .push_bind(s.0)
                    .push_bind(trajet_id)
                    .push_bind(s.1)
                    .push_bind(if s.2 { None } else { Some(1) })
                    .push_bind(if s.2 { Some(now) } else { None })
                    .push_bind(now)
                    .push_bind(now);
            });
            seat_insert.build().execute(&mut *tx).await?;
            let mut payments = QueryBuilder::<Sqlite>::new("INSERT INTO paiements (id, uid, amount, status, payment_date, method, reservation_id, created_at, updated_at) ");
            payments.push_values(chunk, |mut b, r| {
                b.push_bind(r.10)
                    .push_bind(crate::new_uid())
                    .push_bind(r.7 * 100)
                    .push_bind(if r.8 { "refunded" } else { "completed" })
                    .push_bind(r.9)
                    .push_bind("cash")
                    .push_bind(r.0)
                    .push_bind(now)
                    .push_bind(now);
            });
            payments.build().execute(&mut *tx).await?;
            let mut allocations = QueryBuilder::<Sqlite>::new(
                "INSERT INTO payment_allocations (uid, paiement_id, reservation_id, amount, created_at, updated_at) ",
            );
            allocations.push_values(chunk, |mut b, r| {
                b.push_bind(crate::new_uid())
                    .push_bind(r.10)
                    .push_bind(r.0)
                    .push_bind(r.7 * 100)
                    .push_bind(r.9)
                    .push_bind(r.9);
            });
            allocations.build().execute(&mut *tx).await?;
            cancel(
                &mut tx,
                chunk
                    .iter()
                    .filter(|r| r.8)
                    .map(|r| (r.0, r.10, r.7 * 100, r.9)),
                now,
            )
            .await?;
            summary.seats += seats.len() as u64;
            summary.paiements += chunk.len() as u64;
        }
        summary.reservations += reservations_rows.len() as u64;
        batch_rows += reservations_rows.len();
        if batch_rows >= 20_000 {
            outbox::commit_unrecorded(tx).await?;
            tx = outbox::begin_unrecorded(desk).await?;
            batch_rows = 0;
        }
        slot += 1;
    }
    outbox::commit_unrecorded(tx).await?;
    Ok(())
}

/// Cancellations of `(reservation, payment, amount, sold at)`: a day after the sale (or now),
/// 90 % refunded in cash.
async fn cancel(
    conn: &mut sqlx::SqliteConnection,
    cancelled: impl Iterator<Item = (i64, i64, i64, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> Result<()> {
    const REASONS: &[&str] = &[
        "Demande du client",
        "Voyage reporté",
        "Erreur de date",
        "Maladie",
    ];
    for (index, (reservation, payment, amount, sold_at)) in cancelled.enumerate() {
        let at = (sold_at + Duration::days(1)).min(now);
        let refund = amount * 9 / 10;
        sqlx::query(
            "INSERT INTO annulations (uid, reservation_id, cancelled_at, reason, refund_amount, refund_method, paiement_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, 'cash', ?, ?, ?)",
        )
        .bind(crate::new_uid())
        .bind(reservation)
        .bind(at)
        .bind(REASONS[index % REASONS.len()])
        .bind(refund)
        .bind(payment)
        .bind(at)
        .bind(at)
        .execute(&mut *conn)
        .await?;
        if refund > 0 {
            sqlx::query(
                "INSERT INTO payment_refunds (uid, paiement_id, reservation_id, amount, method, status, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, 'cash', 'completed', ?, ?)",
            )
            .bind(crate::new_uid())
            .bind(payment)
            .bind(reservation)
            .bind(refund)
            .bind(at)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
