//! The depot's figures on a desk holding as many colis as reservations (a million in the full
//! run), each beside the same work done raw in the same run:
//! - `parcel_intake_latency`: `parcels.register` of an envoi with two pieces paid in cash
//!   (checks, sender by phone, zones, tariff grid, tracking code, envoi, pieces, histories, till
//!   payment, audit) vs. the rows it cannot avoid written with raw SQL in one transaction, plus the
//!   delivery code's argon2 hash that both pay;
//! - `tracking_lookup_latency`: `parcels.get` by tracking code (envoi, pieces, payment, history)
//!   vs. two raw SELECTs (the envoi by its code, its pieces).

use serde_json::json;

use billettigue_core::auth::password;
use billettigue_core::commands::dispatch;
use billettigue_core::{Desk, Locale};

use super::counter::{emit_percentiles, time_each};

async fn call(
    desk: &Desk,
    token: &str,
    name: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, String> {
    dispatch(desk, name, args, Some(token), Locale::Fr)
        .await
        .map_err(|e| format!("{name}: {}", e.message))
}

/// Runs after the counter figures: the admin's till is open.
pub async fn measure(desk: &Desk, token: &str, iterations: usize) -> Result<(), String> {
    let pool = desk.pool();
    let route: (String, i64, String, String) = sqlx::query_as(
        "SELECT tr.uid, tr.id, t.departure_city, t.arrival_city FROM trajets t JOIN transporteurs tr ON tr.id = t.transporteur_id \
         WHERE tr.company_type <> 'passagers' ORDER BY t.id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| e.to_string())?;
    let (carrier_uid, carrier_id, from, to) = route;
    // A platform grid: 1 000 F + 250 F per kg, volumetric at 5 000 cm³/kg.
    call(desk, token, "parcels.set_tariff", json!({
        "weight_min_g": 0, "base_price": 100_000, "price_per_kg": 25_000, "min_charge": 150_000,
        "volumetric_divisor": 5000, "fragile_supplement": 50_000, "express_supplement": 100_000, "active": true
    }))
    .await?;

    let intake = time_each(iterations, |i| {
        let args = json!({
            "new_sender": { "first_name": "Moussa", "last_name": "Sow", "phone": format!("+22170{:07}", i) },
            "recipient_name": "Fatou Ndiaye", "recipient_phone": "+221761234567",
            "transporteur_uid": carrier_uid, "origin_city": from, "destination_city": to,
            "colis": [
                { "description": "Sac de riz", "weight_g": 25_000 },
                { "description": "Carton", "weight_g": 4_000, "length_cm": 40, "width_cm": 30, "height_cm": 30, "fragile": true }
            ],
            "payment_mode": "at_intake", "payment_method": "cash"
        });
        async move { call(desk, token, "parcels.register", args).await.map(drop) }
    })
    .await?;
    let raw_intake = time_each(iterations, |i| raw_intake(desk, carrier_id, i)).await?;
    emit_percentiles("parcel_intake_latency", &intake, &raw_intake);

    let codes: Vec<String> =
        sqlx::query_scalar("SELECT tracking_code FROM envois ORDER BY random() LIMIT ?")
            .bind(i64::try_from(iterations).unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await
            .map_err(|e| e.to_string())?;
    if codes.is_empty() {
        return Err("the demo data has no envoi".into());
    }
    let lookup = time_each(iterations, |i| {
        let code = codes[i % codes.len()].to_lowercase();
        async move {
            call(desk, token, "parcels.get", json!({ "code": code }))
                .await
                .map(drop)
        }
    })
    .await?;
    let raw_lookup = time_each(iterations, |i| {
        let code = codes[i % codes.len()].clone();
        async move {
            let id: i64 = sqlx::query_scalar("SELECT id FROM envois WHERE tracking_code = ?")
                .bind(&code)
                .fetch_one(pool)
                .await
                .map_err(|e| e.to_string())?;
            sqlx::query("SELECT * FROM colis WHERE envoi_id = ?")
                .bind(id)
                .fetch_all(pool)
                .await
                .map(drop)
                .map_err(|e| e.to_string())
        }
    })
    .await?;
    emit_percentiles("tracking_lookup_latency", &lookup, &raw_lookup);
    Ok(())
}

/// The rows an intake must write, raw: envoi, two pieces, a cash payment; and the code's hash.
async fn raw_intake(desk: &Desk, carrier_id: i64, i: usize) -> Result<(), String> {
    let hash = password::hash("123456".to_owned())
        .await
        .map_err(|e| format!("{e:?}"))?;
    let now = chrono::Utc::now();
    let mut tx = desk.pool().begin().await.map_err(|e| e.to_string())?;
    let sender: i64 = sqlx::query_scalar("SELECT id FROM utilisateurs ORDER BY id LIMIT 1")
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    let code = billettigue_core::parcels::new_tracking_code();
    let envoi: i64 = sqlx::query_scalar(
        "INSERT INTO envois (uid, tracking_code, description, expediteur_id, recipient_name, recipient_phone, destination_city, \
         delivery_code_hash, transporteur_id, compte_id, created_at, updated_at) \
         VALUES (?, ?, 'raw', ?, 'Fatou Ndiaye', '+221761234567', 'Thiès', ?, ?, (SELECT compte_id FROM utilisateurs WHERE id = ?), ?, ?) RETURNING id",
    )
    .bind(format!("00000000-0000-7000-8000-{i:012}"))
    .bind(&code)
    .bind(sender)
    .bind(&hash)
    .bind(carrier_id)
    .bind(sender)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    for piece in 1..=2 {
        sqlx::query(
            "INSERT INTO colis (uid, description, weight, shipping_cost, envoi_id, piece_number, created_at, updated_at) \
             VALUES (?, 'raw', 1000, 100000, ?, ?, ?, ?)",
        )
        .bind(format!("00000000-0000-7000-8001-{:012}", i * 2 + piece))
        .bind(envoi)
        .bind(piece as i64)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    }
    sqlx::query(
        "INSERT INTO paiements (uid, amount, payment_date, method, status, envoi_id, created_at, updated_at) \
         VALUES (?, 200000, ?, 'cash', 'completed', ?, ?, ?)",
    )
    .bind(format!("00000000-0000-7000-8002-{i:012}"))
    .bind(now)
    .bind(envoi)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}
