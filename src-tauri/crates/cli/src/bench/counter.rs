//! The counter's figures on a large desk (p50, p99) on a database holding `reservations` demo
//! reservations, each beside the same work done raw in the same run:
//! - `search_latency`: `sales.search` vs. the raw SQL;
//! - `cash_sale_latency`: a cash sale end to end (`sales.sell`: checks, pricing, seat, till
//!   payment, allocation, log, audit) vs. the same rows written with raw SQL;
//! - `provider_sale_latency`: a card sale through the provider stand-in on loopback (pending
//!   payment committed, provider called, answer settled) vs. the raw SQL rows plus one bare
//!   HTTP create-payment call to the same stand-in.

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::json;

use billettigue_core::commands::dispatch;
use billettigue_core::{Desk, Locale};
use billettigue_standin::{Approval, StandIn, StandInConfig};

use super::emit;

/// Latencies in milliseconds, sorted.
pub(super) struct Samples(Vec<f64>);

impl Samples {
    fn new(mut samples: Vec<f64>) -> Self {
        samples.sort_by(f64::total_cmp);
        Self(samples)
    }

    fn percentile(&self, p: f64) -> f64 {
        let rank = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0.get(rank).copied().unwrap_or(0.0)
    }
}

pub(super) fn emit_percentiles(figure: &str, measured: &Samples, raw: &Samples) {
    for (name, p) in [("p50", 0.5), ("p99", 0.99)] {
        emit(
            &format!("{figure}_{name}"),
            measured.percentile(p),
            "ms",
            Some(raw.percentile(p)),
        );
    }
}

/// A departure to search and sell: its cities, day, and free seats.
struct Departure {
    id: i64,
    uid: String,
    from: String,
    to: String,
    departure_time: DateTime<Utc>,
    free: Vec<i64>,
}

async fn departures(desk: &Desk, wanted: usize) -> Result<Vec<Departure>, String> {
    let rows: Vec<(i64, String, String, String, DateTime<Utc>, i64)> = sqlx::query_as(
        "SELECT id, uid, departure_city, arrival_city, departure_time, seats_count FROM trajets \
         WHERE status = 'active' AND departure_time > ? AND available_seats > 0 ORDER BY available_seats DESC LIMIT ?",
    )
    .bind(Utc::now() + chrono::Duration::hours(1))
    .bind(i64::try_from(wanted).unwrap_or(i64::MAX))
    .fetch_all(desk.pool())
    .await
    .map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    for (id, uid, from, to, departure_time, seats_count) in rows {
        let taken: Vec<i64> = sqlx::query_scalar(
            "SELECT seat_number FROM reservation_seats WHERE trajet_id = ? AND active = 1",
        )
        .bind(id)
        .fetch_all(desk.pool())
        .await
        .map_err(|e| e.to_string())?;
        let free = (1..=seats_count).filter(|s| !taken.contains(s)).collect();
        found.push(Departure {
            id,
            uid,
            from,
            to,
            departure_time,
            free,
        });
    }
    Ok(found)
}

pub(super) async fn time_each<F, Fut>(count: usize, mut run: F) -> Result<Samples, String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut samples = Vec::with_capacity(count);
    for i in 0..count {
        let start = Instant::now();
        run(i).await?;
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(Samples::new(samples))
}

pub async fn measure(desk: &Desk, token: &str, iterations: usize) -> Result<(), String> {
    let pool = desk.pool();
    // Cash sales go into the clerk's open till.
    dispatch(
        desk,
        "till.open",
        json!({ "opening_float": 0 }),
        Some(token),
        Locale::Fr,
    )
    .await
    .map_err(|e| e.message)?;
    let targets = departures(desk, iterations).await?;
    if targets.is_empty() {
        return Err("the demo data has no departure on sale".into());
    }

    let search = time_each(iterations, |i| {
        let d = &targets[i % targets.len()];
        let args = json!({ "from_city": d.from.to_lowercase(), "to_city": d.to, "date": d.departure_time.date_naive(), "seats": 1 });
        async move {
            dispatch(desk, "sales.search", args, Some(token), Locale::Fr)
                .await
                .map(drop)
                .map_err(|e| e.message)
        }
    })
    .await?;
    // Raw: the day's departures on sale from the same file, without accent folding or zones.
    let raw_search = time_each(iterations, |i| {
        let d = &targets[i % targets.len()];
        let day = d.departure_time.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        async move {
            sqlx::query(
                "SELECT t.*, tr.uid, tr.company_name FROM trajets t JOIN transporteurs tr ON tr.id = t.transporteur_id \
                 WHERE t.status = 'active' AND t.departure_time >= ? AND t.departure_time < ? AND t.available_seats >= 1 \
                 AND t.departure_city = ? AND t.arrival_city = ? ORDER BY t.departure_time",
            )
            .bind(day.max(Utc::now()))
            .bind(day + chrono::Duration::days(1))
            .bind(&d.from)
            .bind(&d.to)
            .fetch_all(pool)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
        }
    })
    .await?;
    emit_percentiles("search_latency", &search, &raw_search);

    // Each sale takes the next free seat of one departure; half the samples each way, alternated
    // so that neither side meets a warmer cache.
    let mut seats: Vec<(usize, i64)> = Vec::new();
    for (index, d) in targets.iter().enumerate() {
        seats.extend(d.free.iter().map(|&seat| (index, seat)));
    }
    if seats.len() < iterations * 4 {
        return Err(format!(
            "only {} free seats for {} sales",
            seats.len(),
            iterations * 4
        ));
    }
    let sale = time_each(iterations, |i| {
        let (index, seat) = seats[2 * i];
        let d = &targets[index];
        let args = json!({ "sale": { "trajet_uid": d.uid, "passengers": [{ "first_name": "Awa", "last_name": "Diop", "phone": "77 123 45 67", "seats": [seat] }] } });
        async move {
            dispatch(desk, "sales.sell", args, Some(token), Locale::Fr)
                .await
                .map(drop)
                .map_err(|e| e.message)
        }
    })
    .await?;
    let raw_sale = time_each(iterations, |i| {
        let (index, seat) = seats[2 * i + 1];
        raw_sell(desk, targets[index].id, seat)
    })
    .await?;
    emit_percentiles("cash_sale_latency", &sale, &raw_sale);

    let standin = StandIn::start_with(StandInConfig {
        approval: Approval::Immediate,
        ..StandInConfig::default()
    })
    .await
    .map_err(|e| e.to_string())?;
    let configure = json!({ "base_url": standin.base_url(), "merchant_id": standin.merchant_id(), "api_key": standin.api_key() });
    dispatch(
        desk,
        "payments.configure_provider",
        configure,
        Some(token),
        Locale::Fr,
    )
    .await
    .map_err(|e| e.message)?;
    let provider_seats = &seats[2 * iterations..];
    let card_sale = time_each(iterations, |i| {
        let (index, seat) = provider_seats[2 * i];
        let d = &targets[index];
        let args = json!({ "sale": { "trajet_uid": d.uid, "passengers": [{ "first_name": "Awa", "last_name": "Diop", "phone": "77 123 45 67", "seats": [seat] }] }, "payment_method": "card" });
        async move {
            let receipt = dispatch(desk, "sales.sell", args, Some(token), Locale::Fr)
                .await
                .map_err(|e| e.message)?;
            match receipt["payment"]["status"].as_str() {
                Some("completed") => Ok(()),
                other => Err(format!("the card payment ended {other:?}")),
            }
        }
    })
    .await?;
    let client = reqwest::Client::new();
    let raw_card_sale = time_each(iterations, |i| {
        let (index, seat) = provider_seats[2 * i + 1];
        let (client, standin, trajet_id) = (&client, &standin, targets[index].id);
        async move {
            raw_sell(desk, trajet_id, seat).await?;
            raw_charge(client, standin).await
        }
    })
    .await?;
    emit_percentiles("provider_sale_latency", &card_sale, &raw_card_sale);
    standin.stop().await.map_err(|e| e.to_string())
}

/// One bare create-payment call to the stand-in, as the desk's provider client makes it.
async fn raw_charge(client: &reqwest::Client, standin: &StandIn) -> Result<(), String> {
    let body = json!({ "merchant_id": standin.merchant_id(), "amount": 250_000, "currency": "XOF", "method": "card", "description": "bench", "reference": "bench" });
    let response = client
        .post(format!("{}/v1/payments", standin.base_url()))
        .bearer_auth(standin.api_key())
        .header("Idempotency-Key", billettigue_core::new_uid())
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("the stand-in answered {}", response.status()));
    }
    response.bytes().await.map(drop).map_err(|e| e.to_string())
}

/// The same rows a sale writes, with hand-written SQL in one write transaction: reservation,
/// seat, trajet counter, payment, payment log, audit row.
async fn raw_sell(desk: &Desk, trajet_id: i64, seat: i64) -> Result<(), String> {
    let now = Utc::now();
    let run = async {
        let mut tx = desk.pool().begin_with("BEGIN IMMEDIATE").await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reservations (uid, booking_reference, reservation_date, passenger_first_name, passenger_last_name, \
             phone_number, status, seats_reserved, total_amount, trajet_id, created_at, updated_at) \
             VALUES (?, ?, ?, 'Awa', 'Diop', '+221771234567', 'confirmed', 1, 250000, ?, ?, ?) RETURNING id",
        )
        .bind(billettigue_core::new_uid())
        .bind(billettigue_core::sales::reference::generate())
        .bind(now)
        .bind(trajet_id)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)")
            .bind(billettigue_core::new_uid()).bind(id).bind(trajet_id).bind(seat).bind(now).bind(now)
            .execute(&mut *tx).await?;
        sqlx::query("UPDATE trajets SET available_seats = available_seats - 1, updated_at = ? WHERE id = ? AND available_seats >= 1")
            .bind(now).bind(trajet_id).execute(&mut *tx).await?;
        let paiement: i64 = sqlx::query_scalar("INSERT INTO paiements (uid, amount, status, payment_date, method, reservation_id, created_at, updated_at) VALUES (?, 250000, 'completed', ?, 'cash', ?, ?, ?) RETURNING id")
            .bind(billettigue_core::new_uid()).bind(now).bind(id).bind(now).bind(now)
            .fetch_one(&mut *tx).await?;
        sqlx::query("INSERT INTO payment_allocations (uid, paiement_id, reservation_id, amount, created_at, updated_at) VALUES (?, ?, ?, 250000, ?, ?)")
            .bind(billettigue_core::new_uid()).bind(paiement).bind(id).bind(now).bind(now)
            .execute(&mut *tx).await?;
        sqlx::query("INSERT INTO payment_logs (uid, paiement_id, event, amount, created_at, updated_at) VALUES (?, ?, 'success', 250000, ?, ?)")
            .bind(billettigue_core::new_uid()).bind(paiement).bind(now).bind(now)
            .execute(&mut *tx).await?;
        sqlx::query("INSERT INTO admin_logs (uid, action, details, created_at, updated_at) VALUES (?, 'sale', '{}', ?, ?)")
            .bind(billettigue_core::new_uid()).bind(now).bind(now)
            .execute(&mut *tx).await?;
        tx.commit().await
    };
    run.await.map_err(|e: sqlx::Error| e.to_string())
}
