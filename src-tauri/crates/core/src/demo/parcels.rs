//! Demonstration envois and colis, at every stage of their lifecycle.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::Rng;

use super::data::{FIRST_NAMES, LAST_NAMES, ROUTES};
use super::{country_of, phone, pick, Customer, DemoSummary, Ids};
use crate::desk::Desk;
use crate::error::Result;
use crate::sync::outbox;

/// Envois with one to three colis each, sent by known customers.
pub(super) async fn fill_parcels(
    desk: &Desk,
    rng: &mut StdRng,
    carriers: &[(i64, &str)],
    customers: &[Customer],
    count: u64,
    now: DateTime<Utc>,
    summary: &mut DemoSummary,
) -> Result<()> {
    const STATUSES: &[(&str, &str)] = &[
        ("pending", "pending"),
        ("accepted", "packaged"),
        ("in_transit", "shipped"),
        ("delivered", "delivered"),
    ];
    let mut tx = outbox::begin_unrecorded(desk).await?;
    let mut envoi_ids = Ids::after_max(&mut tx, "envois").await?;
    for index in 0..count {
        let envoi_id = envoi_ids.take();
        let (carrier, country) = carriers[rng.gen_range(0..carriers.len())];
        let destinations: Vec<&str> = ROUTES
            .iter()
            .filter(|(from, _, _)| country_of(from) == country)
            .map(|(_, to, _)| *to)
            .collect();
        let sender = &customers[rng.gen_range(0..customers.len())];
        let (envoi_status, colis_status) = STATUSES[rng.gen_range(0..STATUSES.len())];
        let tracking_code = crate::parcels::new_tracking_code();
        // Taken in some time in the past year; a delivered one two days later (or now).
        let taken_at = now - Duration::seconds(rng.gen_range(0..365 * 86_400));
        let delivered_at =
            (envoi_status == "delivered").then(|| (taken_at + Duration::days(2)).min(now));
        sqlx::query(
            "INSERT INTO envois (id, uid, tracking_code, description, status, expediteur_id, recipient_name, recipient_phone, destination_city, \
             payment_mode, transporteur_id, compte_id, delivered_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'at_intake', ?, ?, ?, ?, ?)",
        )
        .bind(envoi_id)
        .bind(crate::new_uid())
        .bind(&tracking_code)
        .bind("Colis divers")
        .bind(envoi_status)
        .bind(sender.1)
        .bind(format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)))
        .bind(phone(rng, country))
        .bind(pick(rng, &destinations))
        .bind(carrier)
        .bind(sender.0)
        .bind(delivered_at)
        .bind(taken_at)
        .bind(taken_at)
        .execute(&mut *tx)
        .await?;
        for piece in 1..=rng.gen_range(1..=3) {
            let weight_g: i64 = rng.gen_range(200..25_000);
            sqlx::query(
                "INSERT INTO colis (uid, tracking_code, piece_number, description, weight, length_cm, width_cm, height_cm, shipping_cost, status, envoi_id, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(crate::new_uid())
            .bind(crate::parcels::colis_code(&tracking_code, piece))
            .bind(piece)
            .bind(pick(rng, &["Sac de riz", "Carton de vêtements", "Pièces détachées", "Documents", "Tissus wax", "Téléphone"]))
            .bind(weight_g)
            .bind(rng.gen_range(10..80))
            .bind(rng.gen_range(10..60))
            .bind(rng.gen_range(5..50))
            .bind((1_000 + weight_g / 1_000 * 250) * 100)
            .bind(colis_status)
            .bind(envoi_id)
            .bind(taken_at)
            .bind(taken_at)
            .execute(&mut *tx)
            .await?;
            summary.colis += 1;
        }
        summary.envois += 1;
        if index % 5_000 == 4_999 {
            outbox::commit_unrecorded(tx).await?;
            tx = outbox::begin_unrecorded(desk).await?;
        }
    }
    outbox::commit_unrecorded(tx).await?;
    Ok(())
}
