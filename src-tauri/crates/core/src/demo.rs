//! A realistic demonstration data set: carriers, agencies, clerks, customers, trajets over the
//! coming weeks between cities of Senegal and Côte d'Ivoire, reservations with seats and cash
//! payments, and parcels. Sized by the number of reservations (up to millions, for benchmarks).
//!
//! Staff created here have no password: an administrator sets one with "reset password".

use chrono::{DateTime, Duration, Timelike, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::desk::Desk;
use crate::error::Result;

/// Routes within each country, with a realistic fare in FCFA.
const ROUTES: &[(&str, &str, i64)] = &[
    ("Dakar", "Thiès", 2_000),
    ("Dakar", "Saint-Louis", 6_000),
    ("Dakar", "Touba", 4_500),
    ("Dakar", "Kaolack", 4_000),
    ("Dakar", "Ziguinchor", 12_000),
    ("Dakar", "Mbour", 2_500),
    ("Dakar", "Tambacounda", 10_000),
    ("Thiès", "Saint-Louis", 4_500),
    ("Abidjan", "Bouaké", 8_000),
    ("Abidjan", "Yamoussoukro", 6_000),
    ("Abidjan", "San-Pédro", 9_000),
    ("Abidjan", "Korhogo", 14_000),
    ("Abidjan", "Daloa", 8_500),
    ("Abidjan", "Man", 11_000),
    ("Yamoussoukro", "Bouaké", 3_500),
];

const CARRIERS: &[(&str, &str, &str)] = &[
    ("Dakar Dem Dikk Interurbain", "+221338391000", "mixte"),
    ("Sénégal Express Voyages", "+221776543210", "passagers"),
    ("Ndiaga Ndiaye Transports", "+221775550011", "mixte"),
    (
        "UTB Union des Transports de Bouaké",
        "+2252722440000",
        "mixte",
    ),
    ("STIF Transport Ivoirien", "+2250708091011", "passagers"),
    ("AVS Colis Express", "+2250505060708", "colis"),
];

const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "Gare routière des Baux Maraîchers",
        "Dakar",
        "Pikine, route des Niayes",
    ),
    ("Agence Thiès Gare", "Thiès", "Avenue Léopold Sédar Senghor"),
    (
        "Agence Saint-Louis Sor",
        "Saint-Louis",
        "Quartier Sor, près du pont Faidherbe",
    ),
    (
        "Gare d'Adjamé",
        "Abidjan",
        "Adjamé, boulevard Nangui Abrogoua",
    ),
    ("Agence Bouaké Centre", "Bouaké", "Quartier Commerce"),
    (
        "Agence Yamoussoukro",
        "Yamoussoukro",
        "Avenue Houphouët-Boigny",
    ),
];

const FIRST_NAMES: &[&str] = &[
    "Aïssatou",
    "Mamadou",
    "Fatou",
    "Ousmane",
    "Awa",
    "Cheikh",
    "Mariama",
    "Ibrahima",
    "Khady",
    "Moussa",
    "Adama",
    "Kouadio",
    "Aya",
    "Yao",
    "Affoué",
    "Koffi",
    "Mariam",
    "Seydou",
    "Ndeye",
    "Abdoulaye",
    "Amani",
    "Bintou",
    "Souleymane",
    "Adjoua",
];
const LAST_NAMES: &[&str] = &[
    "Diop",
    "Ndiaye",
    "Fall",
    "Sow",
    "Ba",
    "Diallo",
    "Sarr",
    "Faye",
    "Gueye",
    "Mbaye",
    "Koné",
    "Kouassi",
    "Traoré",
    "Ouattara",
    "Bamba",
    "Yao",
    "Coulibaly",
    "Konan",
    "Touré",
    "Cissé",
    "N'Guessan",
    "Kamara",
    "Sy",
    "Dembélé",
];

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

/// Fills the desk with `reservations` reservations and everything around them, in one
/// transaction per batch so that a large run keeps memory flat.
pub async fn fill(desk: &Desk, reservations: u64) -> Result<DemoSummary> {
    let now = desk.clock().now();
    let mut rng = StdRng::seed_from_u64(now.timestamp_millis() as u64);
    let mut summary = DemoSummary::default();
    let mut tx = desk.begin_write().await?;
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
    tx.commit().await?;

    fill_trajets_and_sales(
        desk,
        &mut rng,
        &carriers,
        &customers,
        reservations,
        now,
        &mut summary,
    )
    .await?;
    fill_parcels(
        desk,
        &mut rng,
        &carriers,
        &customers,
        (reservations / 10).max(10),
        now,
        &mut summary,
    )
    .await?;
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

type Customer = (i64, i64, String, String, String);

/// Trajets over the coming weeks, each filled to 50–95 % with reservations until the target.
async fn fill_trajets_and_sales(
    desk: &Desk,
    rng: &mut StdRng,
    carriers: &[(i64, &str)],
    customers: &[Customer],
    target: u64,
    now: DateTime<Utc>,
    summary: &mut DemoSummary,
) -> Result<()> {
    let mut tx = desk.begin_write().await?;
    let mut trajet_ids = Ids::after_max(&mut tx, "trajets").await?;
    let mut reservation_ids = Ids::after_max(&mut tx, "reservations").await?;
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
                    .push_bind(now)
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
            let mut payments = QueryBuilder::<Sqlite>::new("INSERT INTO paiements (uid, amount, status, payment_date, method, reservation_id, created_at, updated_at) ");
            payments.push_values(chunk, |mut b, r| {
                b.push_bind(crate::new_uid())
                    .push_bind(r.7 * 100)
                    .push_bind(if r.8 { "refunded" } else { "completed" })
                    .push_bind(now)
                    .push_bind("cash")
                    .push_bind(r.0)
                    .push_bind(now)
                    .push_bind(now);
            });
            payments.build().execute(&mut *tx).await?;
            summary.seats += seats.len() as u64;
            summary.paiements += chunk.len() as u64;
        }
        summary.reservations += reservations_rows.len() as u64;
        batch_rows += reservations_rows.len();
        if batch_rows >= 20_000 {
            tx.commit().await?;
            tx = desk.begin_write().await?;
            batch_rows = 0;
        }
        slot += 1;
    }
    tx.commit().await?;
    Ok(())
}

/// Envois with one to three colis each, sent by known customers.
async fn fill_parcels(
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
    let mut tx = desk.begin_write().await?;
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
        sqlx::query(
            "INSERT INTO envois (id, uid, tracking_code, description, status, expediteur_id, recipient_name, recipient_phone, destination_city, \
             payment_mode, transporteur_id, compte_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'at_intake', ?, ?, ?, ?)",
        )
        .bind(envoi_id)
        .bind(crate::new_uid())
        .bind(format!("TD{envoi_id:09}"))
        .bind("Colis divers")
        .bind(envoi_status)
        .bind(sender.1)
        .bind(format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)))
        .bind(phone(rng, country))
        .bind(pick(rng, &destinations))
        .bind(carrier)
        .bind(sender.0)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for _ in 0..rng.gen_range(1..=3) {
            let weight_g: i64 = rng.gen_range(200..25_000);
            sqlx::query(
                "INSERT INTO colis (uid, description, weight, length_cm, width_cm, height_cm, shipping_cost, status, envoi_id, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(crate::new_uid())
            .bind(pick(rng, &["Sac de riz", "Carton de vêtements", "Pièces détachées", "Documents", "Tissus wax", "Téléphone"]))
            .bind(weight_g)
            .bind(rng.gen_range(10..80))
            .bind(rng.gen_range(10..60))
            .bind(rng.gen_range(5..50))
            .bind((1_000 + weight_g / 1_000 * 250) * 100)
            .bind(colis_status)
            .bind(envoi_id)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            summary.colis += 1;
        }
        summary.envois += 1;
        if index % 5_000 == 4_999 {
            tx.commit().await?;
            tx = desk.begin_write().await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
