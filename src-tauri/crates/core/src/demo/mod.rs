//! A realistic demonstration data set: carriers, agencies, clerks, customers, trajets over the
//! coming weeks between cities of Senegal and Côte d'Ivoire, reservations with seats and cash
//! payments, and parcels. Sized by the number of reservations (up to millions, for benchmarks).
//!
//! Staff created here have no password: an administrator sets one with "reset password".

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::desk::Desk;
use crate::error::Result;
use crate::sync::outbox;

mod data;
mod parcels;
mod sales;

use data::*;

#[derive(Debug, Default, Serialize)]
pub struct DemoSummary {
    pub transporteurs: u64,
    pub agencies: u64,
    pub agents: u64,
    pub customers: u64,
    pub trajets: u64,
    pub reservations: u64,
    pub seats: u64,
    pub paiements: u64,
    pub envois: u64,
    pub colis: u64,
}

/// Rows are written in batches of this many per statement (SQLite allows 32,766 parameters).
const BATCH: usize = 500;

struct Ids {
    next: i64,
}

impl Ids {
    async fn after_max(conn: &mut SqliteConnection, table: &str) -> Result<Self> {
        let max: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
            .fetch_one(conn)
            .await?;
        Ok(Self { next: max + 1 })
    }

    fn take(&mut self) -> i64 {
        self.next += 1;
        self.next - 1
    }
}

fn phone(rng: &mut StdRng, country_code: &str) -> String {
    if country_code == "221" {
        format!("+22177{:07}", rng.gen_range(0..10_000_000))
    } else {
        format!("+22507{:08}", rng.gen_range(0..100_000_000))
    }
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

fn country_of(city: &str) -> &'static str {
    if [
        "Abidjan",
        "Bouaké",
        "Yamoussoukro",
        "San-Pédro",
        "Korhogo",
        "Daloa",
        "Man",
    ]
    .contains(&city)
    {
        "225"
    } else {
        "221"
    }
}

type Customer = (i64, i64, String, String, String);

/// Fills the desk with `reservations` reservations and everything around them, in one
/// transaction per batch so that a large run keeps memory flat. Demo rows stay off the sync
/// outbox: they must never reach head office.
pub async fn fill(desk: &Desk, reservations: u64) -> Result<DemoSummary> {
    let now = desk.clock().now();
    let mut rng = StdRng::seed_from_u64(now.timestamp_millis() as u64);
    let mut summary = DemoSummary::default();
    let mut tx = outbox::begin_unrecorded(desk).await?;
    let user_role: i64 = sqlx::query_scalar("SELECT id FROM roles WHERE name = 'user'")
        .fetch_one(&mut *tx)
        .await?;
    let carrier_role: i64 = sqlx::query_scalar("SELECT id FROM roles WHERE name = 'transporteur'")
        .fetch_one(&mut *tx)
        .await?;
    let agent_role: i64 = sqlx::query_scalar("SELECT id FROM roles WHERE name = 'agent'")
        .fetch_one(&mut *tx)
        .await?;
    let mut compte_ids = Ids::after_max(&mut tx, "comptes").await?;

    // Carriers, each with a compte (no password), its zones.
    let mut carriers = Vec::new();
    for (name, carrier_phone, kind) in CARRIERS {
        let compte_id = compte_ids.take();
        insert_compte(&mut tx, compte_id, carrier_role, None, now).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO transporteurs (uid, phone_number, company_name, company_type, compte_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(crate::new_uid())
        .bind(carrier_phone)
        .bind(name)
        .bind(kind)
        .bind(compte_id)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let country = if carrier_phone.starts_with("+221") {
            "221"
        } else {
            "225"
        };
        for (from, to, _) in ROUTES
            .iter()
            .filter(|(from, _, _)| country_of(from) == country)
        {
            for city in [from, to] {
                sqlx::query(
                    "INSERT INTO zones_desservies (uid, city_name, zone_type, service_frequency, max_weight_capacity, transporteur_id, created_at, updated_at) \
                     VALUES (?, ?, 'both', 'daily', 2000000, ?, ?, ?) ON CONFLICT(city_name, transporteur_id) DO NOTHING",
                )
                .bind(crate::new_uid())
                .bind(*city)
                .bind(id)
                .bind(now)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        carriers.push((id, country));
        summary.transporteurs += 1;
    }

    // Agencies, each with two clerks (no password).
    for (name, city, address) in AGENCIES {
        let agence_id: i64 = sqlx::query_scalar("INSERT INTO agences (uid, name, city, address, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .bind(crate::new_uid())
            .bind(name)
            .bind(city)
            .bind(address)
            .bind(phone(&mut rng, country_of(city)))
            .bind(now)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        summary.agencies += 1;
        for _ in 0..2 {
            let compte_id = compte_ids.take();
            insert_compte(&mut tx, compte_id, agent_role, Some(agence_id), now).await?;
            sqlx::query("INSERT INTO agents (uid, first_name, last_name, phone_number, compte_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(crate::new_uid())
                .bind(pick(&mut rng, FIRST_NAMES))
                .bind(pick(&mut rng, LAST_NAMES))
                .bind(phone(&mut rng, country_of(city)))
                .bind(compte_id)
                .bind(now)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            summary.agents += 1;
        }
    }

    // Known customers: comptes without email or password, with their utilisateurs profile.
    let customer_count = (reservations / 4).clamp(20, 200_000);
    let mut utilisateur_ids = Ids::after_max(&mut tx, "utilisateurs").await?;
    let mut customers = Vec::with_capacity(customer_count as usize);
    for chunk in (0..customer_count).collect::<Vec<_>>().chunks(BATCH) {
        let rows: Vec<(i64, i64, String, String, String)> = chunk
            .iter()
            .map(|_| {
                let country = if rng.gen_bool(0.5) { "221" } else { "225" };
                (
                    compte_ids.take(),
                    utilisateur_ids.take(),
                    pick(&mut rng, FIRST_NAMES).to_owned(),
                    pick(&mut rng, LAST_NAMES).to_owned(),
                    phone(&mut rng, country),
                )
            })
            .collect();
        let mut comptes = QueryBuilder::<Sqlite>::new(
            "INSERT INTO comptes (id, uid, status, role_id, created_at, updated_at) ",
        );
        comptes.push_values(&rows, |mut b, row| {
            b.push_bind(row.0)
                .push_bind(crate::new_uid())
                .push_bind("active")
                .push_bind(user_role)
                .push_bind(now)
                .push_bind(now);
        });
        comptes.build().execute(&mut *tx).await?;
        let mut profiles = QueryBuilder::<Sqlite>::new("INSERT INTO utilisateurs (id, uid, first_name, last_name, phone_number, compte_id, created_at, updated_at) ");
        profiles.push_values(&rows, |mut b, row| {
            b.push_bind(row.1)
                .push_bind(crate::new_uid())
                .push_bind(&row.2)
                .push_bind(&row.3)
                .push_bind(&row.4)
                .push_bind(row.0)
                .push_bind(now)
                .push_bind(now);
        });
        profiles.build().execute(&mut *tx).await?;
        customers.extend(rows);
    }
    summary.customers = customer_count;
    outbox::commit_unrecorded(tx).await?;

    sales::fill_trajets_and_sales(
        desk,
        &mut rng,
        &carriers,
        &customers,
        reservations,
        now,
        &mut summary,
    )
    .await?;
    parcels::fill_parcels(
        desk,
        &mut rng,
        &carriers,
        &customers,
        // Two pieces per envoi on average: as many colis as reservations.
        (reservations / 2).max(10),
        now,
        &mut summary,
    )
    .await?;
    // The reports' day summaries, as the first report would bring them up to date.
    crate::reports::summary::refresh(desk).await?;
    // The planner's statistics, as a desk's maintenance round refreshes them after a busy day:
    // without them it may not know that comptes holds more than its first few rows.
    sqlx::query("PRAGMA optimize").execute(desk.pool()).await?;
    Ok(summary)
}

async fn insert_compte(
    conn: &mut SqliteConnection,
    id: i64,
    role_id: i64,
    agence_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("INSERT INTO comptes (id, uid, status, role_id, agence_id, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?, ?)")
        .bind(id)
        .bind(crate::new_uid())
        .bind(role_id)
        .bind(agence_id)
        .bind(now)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}
