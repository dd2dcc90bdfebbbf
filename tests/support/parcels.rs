//! A parcel depot on a fresh desk: the ticket counter's people (administrator, carrier, agent
//! with an open till), the agent's agency allowed to take parcels, the carrier's served zones and
//! a platform tariff, with helpers that go through the commands as the window does.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::counter::Counter;
use crate::desk::text;

/// The platform default every [`Depot`] starts with: 1 000 FCFA a piece plus 500 FCFA per kg,
/// at least 1 500 FCFA (amounts in hundredths).
pub const BASE: i64 = 100_000;
pub const PER_KG: i64 = 50_000;
pub const MINIMUM: i64 = 150_000;

/// The sender and recipient phones the helpers use.
pub const SENDER_PHONE: &str = "+221 77 400 00 01";
pub const RECIPIENT_PHONE: &str = "+221 76 500 00 02";

/// The platform price of a piece of `weight_g` grams (no volume, no supplement).
pub fn platform_price(weight_g: i64) -> i64 {
    (BASE + (PER_KG * weight_g + 999) / 1000).max(MINIMUM)
}

pub struct Depot {
    pub c: Counter,
    /// The agent's agency (Dakar), allowed to take parcels.
    pub agency_uid: String,
}

impl Depot {
    /// A depot whose carrier serves Saint-Louis, Thiès and Mbour (region Thiès) from Dakar.
    pub async fn new() -> Self {
        let c = Counter::new().await;
        let agency_uid: String = sqlx::query_scalar(
            "SELECT a.uid FROM agences a JOIN comptes c ON c.agence_id = a.id WHERE c.uid = ?",
        )
        .bind(&c.agent.uid)
        .fetch_one(c.desk.pool())
        .await
        .expect("the agent's agency");
        c.desk
            .ok(
                "agencies.set_accepts_parcels",
                json!({ "agence_uid": agency_uid, "accepts_parcels": true }),
                Some(&c.admin_token),
            )
            .await;
        let depot = Self { c, agency_uid };
        for (city, region) in [
            ("Dakar", "Dakar"),
            ("Saint-Louis", "Saint-Louis"),
            ("Thiès", "Thiès"),
            ("Mbour", "Thiès"),
        ] {
            depot.zone(city, region, None).await;
        }
        depot
            .c
            .desk
            .ok(
                "parcels.set_tariff",
                tariff(
                    json!({ "base_price": BASE, "price_per_kg": PER_KG, "min_charge": MINIMUM }),
                ),
                Some(&depot.c.admin_token),
            )
            .await;
        depot
    }

    pub fn carrier_uid(&self) -> &str {
        &self.c.carrier.transporteur_uid
    }

    /// Sets (or changes) one of the carrier's served cities, with its parcel capacity per
    /// departure.
    pub async fn zone(&self, city: &str, region: &str, capacity_g: Option<i64>) -> Value {
        self.c
            .desk
            .ok(
                "zones.set",
                json!({ "city_name": city, "region": region, "zone_type": "both", "max_weight_capacity_g": capacity_g }),
                Some(&self.c.carrier_token),
            )
            .await
    }

    /// Publishes a departure from Dakar that takes parcels up to `max_g` grams each.
    pub async fn publish_parcels(
        &self,
        to: &str,
        departure: DateTime<Utc>,
        max_g: Option<i64>,
    ) -> String {
        let template = json!({ "departure_city": "Dakar", "arrival_city": to, "price": crate::counter::PRICE,
                               "seats_count": 30, "accepts_packages": true, "max_package_weight_g": max_g });
        let trajet = self
            .c
            .desk
            .ok(
                "trajets.create",
                json!({ "template": template, "departure_time": departure }),
                Some(&self.c.carrier_token),
            )
            .await;
        text(&trajet, "uid")
    }

    /// The arguments of `parcels.register` for a walk-in sender sending pieces of `weights_g` to
    /// `to`, paid in exact cash at intake; `extra` adds or overrides arguments.
    pub fn envoi(&self, to: &str, weights_g: &[i64], extra: Value) -> Value {
        let colis: Vec<Value> = weights_g
            .iter()
            .enumerate()
            .map(|(i, w)| json!({ "description": format!("Carton {}", i + 1), "weight_g": w }))
            .collect();
        let mut args = json!({
            "new_sender": { "first_name": "Mamadou", "last_name": "Fall", "phone": SENDER_PHONE },
            "recipient_name": "Khady Sow",
            "recipient_phone": RECIPIENT_PHONE,
            "transporteur_uid": self.carrier_uid(),
            "destination_city": to,
            "colis": colis,
            "payment_mode": "at_intake",
            "payment_method": "cash",
        });
        if let (Some(args), Some(extra)) = (args.as_object_mut(), extra.as_object()) {
            for (key, value) in extra {
                args.insert(key.clone(), value.clone());
            }
        }
        args
    }

    /// Takes an envoi in at the agent's counter; returns the receipt (envoi, delivery code).
    pub async fn register(&self, args: Value) -> Value {
        self.c
            .desk
            .ok("parcels.register", args, Some(&self.c.agent_token))
            .await
    }

    /// An envoi to `to` of pieces weighing `weights_g`, paid in cash: (tracking code, delivery code).
    pub async fn paid_envoi(&self, to: &str, weights_g: &[i64]) -> (String, String) {
        let receipt = self.register(self.envoi(to, weights_g, json!({}))).await;
        (
            text(&receipt["envoi"], "tracking_code"),
            text(&receipt, "delivery_code"),
        )
    }

    /// The envoi as the agent's counter shows it.
    pub async fn get(&self, code: &str) -> Value {
        self.c
            .desk
            .ok(
                "parcels.get",
                json!({ "code": code }),
                Some(&self.c.agent_token),
            )
            .await
    }

    /// Runs a parcel command as the agent.
    pub async fn agent(
        &self,
        name: &str,
        args: Value,
    ) -> Result<Value, billettigue_core::ErrorPayload> {
        self.c
            .desk
            .call(name, args, Some(&self.c.agent_token))
            .await
    }
}

/// A whole `parcels.set_tariff` row: every band from 0 g, no supplement, active; `extra` sets
/// the rest.
pub fn tariff(extra: Value) -> Value {
    let mut args = json!({
        "weight_min_g": 0,
        "base_price": 0,
        "price_per_kg": 0,
        "min_charge": 0,
        "fragile_supplement": 0,
        "express_supplement": 0,
        "active": true,
    });
    if let (Some(args), Some(extra)) = (args.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            args.insert(key.clone(), value.clone());
        }
    }
    args
}
