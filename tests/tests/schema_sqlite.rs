//! The desk's SQLite schema (migrations/sqlite), on real database files opened like the app does.

use billettigue_tests::db::{
    assert_refused, fresh_sqlite, granted, uid, CONFIG, DERIVED_TABLES, DESK_ONLY_TABLES,
    PERMISSIONS, ROLES, SYNC_COLUMNS, SYNC_STATE_TABLES, TABLES,
};
use chrono::{DateTime, Duration, Utc};
use sqlx::error::ErrorKind;
use sqlx::{Row, SqlitePool};

fn now() -> DateTime<Utc> {
    Utc::now()
}

// ------------------------------------------------------------------------------------------
// Fixtures
// ------------------------------------------------------------------------------------------

async fn insert_compte(
    pool: &SqlitePool,
    email: Option<&str>,
    role: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO comptes (uid, email, password_hash, role_id, created_at, updated_at) \
         VALUES (?, ?, NULL, (SELECT id FROM roles WHERE name = ?), ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(email)
    .bind(role)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
}

async fn insert_transporteur(pool: &SqlitePool) -> i64 {
    let compte = insert_compte(pool, None, "transporteur")
        .await
        .expect("compte");
    sqlx::query_scalar(
        "INSERT INTO transporteurs (uid, phone_number, company_name, compte_id, created_at, updated_at) \
         VALUES (?, '+221770000000', 'Sénégal Dem Dikk', ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(compte)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
    .expect("transporteur")
}

/// price in cents
async fn insert_trajet(
    pool: &SqlitePool,
    transporteur_id: i64,
    price: i64,
    seats_count: i64,
    available_seats: i64,
    status: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO trajets (uid, departure_city, arrival_city, departure_time, price, seats_count, \
                              available_seats, status, transporteur_id, created_at, updated_at) \
         VALUES (?, 'Dakar', 'Thiès', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(now() + Duration::days(1))
    .bind(price)
    .bind(seats_count)
    .bind(available_seats)
    .bind(status)
    .bind(transporteur_id)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
}

async fn a_trajet(pool: &SqlitePool) -> i64 {
    let transporteur = insert_transporteur(pool).await;
    insert_trajet(pool, transporteur, 500_000, 50, 50, "active")
        .await
        .expect("trajet")
}

async fn insert_reservation(pool: &SqlitePool, trajet_id: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO reservations (uid, booking_reference, reservation_date, passenger_first_name, \
                                   passenger_last_name, phone_number, status, total_amount, trajet_id, created_at, updated_at) \
         VALUES (?, ?, ?, 'Awa', 'Diop', '+221771234567', 'confirmed', 500000, ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(format!("BT-{}", &uid()[24..]))
    .bind(now())
    .bind(trajet_id)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
    .expect("reservation")
}

async fn insert_seat(
    pool: &SqlitePool,
    reservation_id: i64,
    trajet_id: i64,
    seat: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(reservation_id)
    .bind(trajet_id)
    .bind(seat)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
}

async fn insert_envoi(pool: &SqlitePool) -> i64 {
    let transporteur = insert_transporteur(pool).await;
    let sender_compte = insert_compte(pool, None, "user")
        .await
        .expect("sender compte");
    let sender: i64 = sqlx::query_scalar(
        "INSERT INTO utilisateurs (uid, last_name, first_name, phone_number, compte_id, created_at, updated_at) \
         VALUES (?, 'Ndiaye', 'Moussa', '+221775550000', ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(sender_compte)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
    .expect("utilisateur");
    sqlx::query_scalar(
        "INSERT INTO envois (uid, tracking_code, description, expediteur_id, recipient_name, recipient_phone, \
                             destination_city, transporteur_id, compte_id, created_at, updated_at) \
         VALUES (?, ?, 'Pagnes', ?, 'Fatou Sall', '+221776660000', 'Saint-Louis', ?, ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(format!("CL-{}", &uid()[24..]))
    .bind(sender)
    .bind(transporteur)
    .bind(sender_compte)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
    .expect("envoi")
}

async fn insert_paiement(
    pool: &SqlitePool,
    reservation_id: Option<i64>,
    envoi_id: Option<i64>,
    method: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO paiements (uid, amount, status, payment_date, method, reservation_id, envoi_id, created_at, updated_at) \
         VALUES (?, 500000, 'completed', ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(now())
    .bind(method)
    .bind(reservation_id)
    .bind(envoi_id)
    .bind(now())
    .bind(now())
    .fetch_one(pool)
    .await
}

// ------------------------------------------------------------------------------------------
// Structure and seeds
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn opening_a_new_desk_database_creates_every_table() {
    let (_dir, pool) = fresh_sqlite().await;
    let mut tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%'",
    )
    .fetch_all(&pool)
    .await
    .expect("list tables");
    tables.sort();
    let mut expected: Vec<String> = TABLES
        .iter()
        .chain(DESK_ONLY_TABLES)
        .chain(DERIVED_TABLES)
        .chain(SYNC_STATE_TABLES)
        .map(|t| (*t).to_owned())
        .collect();
    expected.sort();
    assert_eq!(tables, expected);
}

#[tokio::test]
async fn every_synced_table_records_its_inserts_and_updates_in_the_outbox() {
    let (_dir, pool) = fresh_sqlite().await;
    for table in TABLES {
        for event in ["INSERT", "UPDATE"] {
            let found: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? \
                 AND sql LIKE '%AFTER ' || ? || ' ON%' AND sql LIKE '%INTO sync_outbox%'",
            )
            .bind(table)
            .bind(event)
            .fetch_one(&pool)
            .await
            .expect("triggers");
            assert_eq!(found, 1, "{table} must record each {event} in sync_outbox");
        }
    }
    // Seeded reference data is at head office already: nothing waits on a new desk.
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_outbox")
        .fetch_one(&pool)
        .await
        .expect("outbox");
    assert_eq!(waiting, 0);
    // A write is recorded once per row, however often it is written; a paused transaction
    // records nothing.
    for _ in 0..2 {
        sqlx::query("UPDATE system_config SET value = '31' WHERE key = 'backup.retention'")
            .execute(&pool)
            .await
            .expect("update");
    }
    let recorded: Vec<(String, i64)> =
        sqlx::query_as("SELECT table_name, changes FROM sync_outbox")
            .fetch_all(&pool)
            .await
            .expect("outbox");
    assert_eq!(recorded, vec![("system_config".to_owned(), 2)]);
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query("INSERT INTO sync_capture_paused (paused) VALUES (1)")
        .execute(&mut *tx)
        .await
        .expect("pause");
    sqlx::query("UPDATE system_config SET value = '32' WHERE key = 'backup.interval_hours'")
        .execute(&mut *tx)
        .await
        .expect("update");
    sqlx::query("DELETE FROM sync_capture_paused")
        .execute(&mut *tx)
        .await
        .expect("resume");
    tx.commit().await.expect("commit");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_outbox")
        .fetch_one(&pool)
        .await
        .expect("outbox");
    assert_eq!(rows, 1, "the paused write was not recorded");
}

#[tokio::test]
async fn every_table_carries_the_sync_columns() {
    let (_dir, pool) = fresh_sqlite().await;
    for table in TABLES.iter().chain(DESK_ONLY_TABLES) {
        let columns: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT name, \"notnull\" FROM pragma_table_info('{table}')"
        ))
        .fetch_all(&pool)
        .await
        .expect("table info");
        for column in SYNC_COLUMNS {
            let found = columns.iter().find(|(name, _)| name == column);
            assert!(found.is_some(), "{table}.{column} is missing");
        }
        let deleted_at = columns
            .iter()
            .find(|(name, _)| name == "deleted_at")
            .map(|(_, nn)| *nn);
        assert_eq!(deleted_at, Some(0), "{table}.deleted_at must be nullable");
        let uid_unique: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM pragma_index_list('{table}') il \
             WHERE il.\"unique\" = 1 AND (SELECT COUNT(*) FROM pragma_index_info(il.name)) = 1 \
               AND (SELECT name FROM pragma_index_info(il.name)) = 'uid'"
        ))
        .fetch_one(&pool)
        .await
        .expect("index list");
        assert_eq!(uid_unique, 1, "{table}.uid must be unique");
    }
}

#[tokio::test]
async fn the_four_roles_are_seeded_with_fixed_uids_and_french_descriptions() {
    let (_dir, pool) = fresh_sqlite().await;
    let roles: Vec<(String, String, Option<String>, i64)> =
        sqlx::query_as("SELECT uid, name, description, version FROM roles ORDER BY uid")
            .fetch_all(&pool)
            .await
            .expect("roles");
    assert_eq!(roles.len(), ROLES.len());
    for ((uid, name, description, version), (expected_uid, expected_name)) in
        roles.iter().zip(ROLES)
    {
        assert_eq!(
            (uid.as_str(), name.as_str()),
            (*expected_uid, *expected_name)
        );
        assert!(
            description.as_deref().is_some_and(|d| !d.is_empty()),
            "role {name} has no description"
        );
        assert_eq!(*version, 1);
        uuid::Uuid::parse_str(uid).expect("a valid UUID");
    }
    let agent: String = sqlx::query_scalar("SELECT description FROM roles WHERE name = 'agent'")
        .fetch_one(&pool)
        .await
        .expect("agent");
    assert!(
        agent.contains("guichet"),
        "French description expected, got {agent}"
    );
}

#[tokio::test]
async fn permissions_are_seeded_and_granted_to_each_role() {
    let (_dir, pool) = fresh_sqlite().await;
    let permissions: Vec<(String, String)> =
        sqlx::query_as("SELECT uid, code FROM permissions ORDER BY uid")
            .fetch_all(&pool)
            .await
            .expect("permissions");
    let expected: Vec<(String, String)> = PERMISSIONS
        .iter()
        .map(|(u, c)| ((*u).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(permissions, expected);
    for (_, role) in ROLES {
        let codes: Vec<String> = sqlx::query_scalar(
            "SELECT p.code FROM role_permissions rp JOIN roles r ON r.id = rp.role_id \
             JOIN permissions p ON p.id = rp.permission_id WHERE r.name = ? ORDER BY p.code",
        )
        .bind(role)
        .fetch_all(&pool)
        .await
        .expect("grants");
        assert_eq!(codes, granted(role), "permissions of {role}");
    }
    let uids: Vec<String> = sqlx::query_scalar("SELECT uid FROM role_permissions ORDER BY uid")
        .fetch_all(&pool)
        .await
        .expect("uids");
    let expected: Vec<String> = (301..=325)
        .map(|n| format!("0190a000-0000-7000-8000-{n:012}"))
        .collect();
    assert_eq!(uids, expected);
}

#[tokio::test]
async fn the_system_configuration_defaults_are_seeded() {
    let (_dir, pool) = fresh_sqlite().await;
    let rows: Vec<(String, String, String, Option<i64>)> =
        sqlx::query_as("SELECT uid, key, value, updated_by FROM system_config ORDER BY uid")
            .fetch_all(&pool)
            .await
            .expect("config");
    assert_eq!(rows.len(), CONFIG.len());
    for ((uid, key, value, updated_by), (expected_uid, expected_key, expected_value)) in
        rows.iter().zip(CONFIG)
    {
        assert_eq!(
            (uid.as_str(), key.as_str(), value.as_str()),
            (*expected_uid, *expected_key, *expected_value)
        );
        assert_eq!(*updated_by, None);
    }
}

#[tokio::test]
async fn no_account_and_no_password_are_seeded() {
    let (_dir, pool) = fresh_sqlite().await;
    for table in [
        "comptes",
        "utilisateurs",
        "transporteurs",
        "administrateurs",
        "agents",
        "revoked_tokens",
    ] {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(count, 0, "{table} must start empty");
    }
}

#[tokio::test]
async fn seeded_timestamps_decode_as_utc_datetimes() {
    let (_dir, pool) = fresh_sqlite().await;
    let created: DateTime<Utc> =
        sqlx::query_scalar("SELECT created_at FROM roles WHERE name = 'admin'")
            .fetch_one(&pool)
            .await
            .expect("created_at");
    assert_eq!(created.to_rfc3339(), "2026-01-01T00:00:00+00:00");
}

#[tokio::test]
async fn opening_the_database_twice_applies_the_migrations_once() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("desk.db");
    let first = billettigue_core::db::open(&path).await.expect("first open");
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&first)
        .await
        .expect("migrations");
    first.close().await;
    let second = billettigue_core::db::open(&path)
        .await
        .expect("second open");
    let again: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&second)
        .await
        .expect("migrations");
    assert_eq!(applied, again);
    let roles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM roles")
        .fetch_one(&second)
        .await
        .expect("roles");
    assert_eq!(roles, 4, "the seeds must not be inserted twice");
    let grants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM role_permissions")
        .fetch_one(&second)
        .await
        .expect("grants");
    assert_eq!(grants, 25);
}

// ------------------------------------------------------------------------------------------
// Trajets
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_valid_trajet_is_accepted_with_the_seed_defaults() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let (accepts_packages, version, deleted_at): (bool, i64, Option<String>) =
        sqlx::query_as("SELECT accepts_packages, version, deleted_at FROM trajets WHERE id = ?")
            .bind(trajet)
            .fetch_one(&pool)
            .await
            .expect("trajet");
    assert!(accepts_packages);
    assert_eq!(version, 1);
    assert_eq!(deleted_at, None);
}

#[tokio::test]
async fn a_trajet_with_more_than_fifty_seats_is_refused() {
    let (_dir, pool) = fresh_sqlite().await;
    let transporteur = insert_transporteur(&pool).await;
    assert_refused(
        insert_trajet(&pool, transporteur, 1000, 51, 51, "active").await,
        ErrorKind::CheckViolation,
        "51 seats",
    );
    assert_refused(
        insert_trajet(&pool, transporteur, 1000, 0, 0, "active").await,
        ErrorKind::CheckViolation,
        "0 seats",
    );
    insert_trajet(&pool, transporteur, 1000, 50, 50, "active")
        .await
        .expect("50 seats are fine");
}

#[tokio::test]
async fn a_trajet_with_a_negative_price_is_refused() {
    let (_dir, pool) = fresh_sqlite().await;
    let transporteur = insert_transporteur(&pool).await;
    assert_refused(
        insert_trajet(&pool, transporteur, -1, 10, 10, "active").await,
        ErrorKind::CheckViolation,
        "price -1",
    );
    insert_trajet(&pool, transporteur, 0, 10, 10, "active")
        .await
        .expect("a free trajet is fine");
}

#[tokio::test]
async fn a_trajet_with_an_unknown_status_is_refused() {
    let (_dir, pool) = fresh_sqlite().await;
    let transporteur = insert_transporteur(&pool).await;
    assert_refused(
        insert_trajet(&pool, transporteur, 1000, 10, 10, "full").await,
        ErrorKind::CheckViolation,
        "status full",
    );
    for status in ["active", "cancelled", "completed", "suspended"] {
        insert_trajet(&pool, transporteur, 1000, 10, 10, status)
            .await
            .expect(status);
    }
}

#[tokio::test]
async fn a_trajet_cannot_have_more_available_seats_than_seats_nor_fewer_than_zero() {
    let (_dir, pool) = fresh_sqlite().await;
    let transporteur = insert_transporteur(&pool).await;
    assert_refused(
        insert_trajet(&pool, transporteur, 1000, 10, 11, "active").await,
        ErrorKind::CheckViolation,
        "11 of 10",
    );
    assert_refused(
        insert_trajet(&pool, transporteur, 1000, 10, -1, "active").await,
        ErrorKind::CheckViolation,
        "-1 of 10",
    );
    let trajet = insert_trajet(&pool, transporteur, 1000, 10, 0, "active")
        .await
        .expect("sold out is fine");
    assert_refused(
        sqlx::query("UPDATE trajets SET available_seats = available_seats - 1 WHERE id = ?")
            .bind(trajet)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "selling past zero",
    );
}

#[tokio::test]
async fn money_columns_refuse_fractional_amounts() {
    let (_dir, pool) = fresh_sqlite().await;
    let transporteur = insert_transporteur(&pool).await;
    let result = sqlx::query(
        "INSERT INTO trajets (uid, departure_city, arrival_city, departure_time, price, transporteur_id, created_at, updated_at) \
         VALUES (?, 'Dakar', 'Touba', ?, 5000.5, ?, ?, ?)",
    )
    .bind(uid())
    .bind(now())
    .bind(transporteur)
    .bind(now())
    .bind(now())
    .execute(&pool)
    .await;
    assert!(
        result.is_err(),
        "a REAL price must be refused by the STRICT table"
    );
}

#[tokio::test]
async fn a_trajet_needs_an_existing_transporteur() {
    let (_dir, pool) = fresh_sqlite().await;
    assert_refused(
        insert_trajet(&pool, 9999, 1000, 10, 10, "active").await,
        ErrorKind::ForeignKeyViolation,
        "unknown carrier",
    );
}

#[tokio::test]
async fn a_carrier_cannot_serve_the_same_city_twice() {
    let (_dir, pool) = fresh_sqlite().await;
    let first = insert_transporteur(&pool).await;
    let second = insert_transporteur(&pool).await;
    let zone = |carrier: i64, city: &'static str, zone_type: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO zones_desservies (uid, city_name, zone_type, transporteur_id, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(uid())
            .bind(city)
            .bind(zone_type)
            .bind(carrier)
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    zone(first, "Kaolack", "both").await.expect("first zone");
    assert_refused(
        zone(first, "Kaolack", "pickup_only").await,
        ErrorKind::UniqueViolation,
        "same city, same carrier",
    );
    assert_refused(
        zone(first, "KAOLACK", "both").await,
        ErrorKind::UniqueViolation,
        "same city, other case",
    );
    zone(second, "Kaolack", "both")
        .await
        .expect("another carrier may serve the city");
    assert_refused(
        zone(first, "Ziguinchor", "everywhere").await,
        ErrorKind::CheckViolation,
        "unknown zone type",
    );
}

// ------------------------------------------------------------------------------------------
// Seats, reservations, cancellations
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_seat_cannot_be_held_twice_on_a_trajet_but_a_released_one_can_be_sold_again() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let first = insert_reservation(&pool, trajet).await;
    let second = insert_reservation(&pool, trajet).await;
    let seat = insert_seat(&pool, first, trajet, 12)
        .await
        .expect("seat 12");
    assert_refused(
        insert_seat(&pool, second, trajet, 12).await,
        ErrorKind::UniqueViolation,
        "seat 12 again",
    );

    sqlx::query("UPDATE reservation_seats SET active = NULL, released_at = ?, version = version + 1 WHERE id = ?")
        .bind(now())
        .bind(seat)
        .execute(&pool)
        .await
        .expect("release seat 12");
    insert_seat(&pool, second, trajet, 12)
        .await
        .expect("a released seat can be sold again");
    // Several released rows for the same seat never collide.
    let third = insert_reservation(&pool, trajet).await;
    sqlx::query(
        "UPDATE reservation_seats SET active = NULL, released_at = ? WHERE reservation_id = ?",
    )
    .bind(now())
    .bind(second)
    .execute(&pool)
    .await
    .expect("release again");
    insert_seat(&pool, third, trajet, 12)
        .await
        .expect("third holder");
}

#[tokio::test]
async fn a_seat_must_exist_on_a_coach_and_belong_to_the_reservations_trajet() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let other_trajet = a_trajet(&pool).await;
    let reservation = insert_reservation(&pool, trajet).await;
    assert_refused(
        insert_seat(&pool, reservation, trajet, 0).await,
        ErrorKind::CheckViolation,
        "seat 0",
    );
    assert_refused(
        insert_seat(&pool, reservation, trajet, 51).await,
        ErrorKind::CheckViolation,
        "seat 51",
    );
    assert_refused(
        insert_seat(&pool, reservation, other_trajet, 3).await,
        ErrorKind::ForeignKeyViolation,
        "other trajet",
    );
    let seat = insert_seat(&pool, reservation, trajet, 3)
        .await
        .expect("seat 3");
    assert_refused(
        sqlx::query("UPDATE reservation_seats SET active = NULL WHERE id = ?")
            .bind(seat)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "released without released_at",
    );
    assert_refused(
        sqlx::query("UPDATE reservation_seats SET active = 0, released_at = ? WHERE id = ?")
            .bind(now())
            .bind(seat)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "active must be 1 or NULL",
    );
}

#[tokio::test]
async fn a_reservation_refuses_a_supplement_without_the_refundable_option_and_an_unknown_status() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let reservation = insert_reservation(&pool, trajet).await;
    assert_refused(
        sqlx::query("UPDATE reservations SET refund_supplement_amount = 5000 WHERE id = ?")
            .bind(reservation)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "supplement without option",
    );
    sqlx::query("UPDATE reservations SET refundable_option = 1, refund_supplement_amount = 5000 WHERE id = ?")
        .bind(reservation)
        .execute(&pool)
        .await
        .expect("supplement with option");
    assert_refused(
        sqlx::query("UPDATE reservations SET status = 'boarded' WHERE id = ?")
            .bind(reservation)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "unknown status",
    );
    assert_refused(
        sqlx::query("UPDATE reservations SET seats_reserved = 0 WHERE id = ?")
            .bind(reservation)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "zero seats",
    );
}

#[tokio::test]
async fn a_reservation_is_cancelled_at_most_once_and_a_refund_names_its_method() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let reservation = insert_reservation(&pool, trajet).await;
    let cancel = |refund: i64, method: Option<&'static str>| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO annulations (uid, reservation_id, cancelled_at, reason, refund_amount, refund_method, created_at, updated_at) \
                 VALUES (?, ?, ?, 'Voyage reporté', ?, ?, ?, ?)",
            )
            .bind(uid())
            .bind(reservation)
            .bind(now())
            .bind(refund)
            .bind(method)
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    assert_refused(
        cancel(250_000, None).await,
        ErrorKind::CheckViolation,
        "refund without method",
    );
    assert_refused(
        cancel(-1, Some("cash")).await,
        ErrorKind::CheckViolation,
        "negative refund",
    );
    cancel(250_000, Some("cash")).await.expect("cancellation");
    assert_refused(
        cancel(0, None).await,
        ErrorKind::UniqueViolation,
        "second cancellation",
    );
}

// ------------------------------------------------------------------------------------------
// Accounts
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_compte_with_an_unknown_status_is_refused() {
    let (_dir, pool) = fresh_sqlite().await;
    let compte = insert_compte(&pool, Some("awa@example.sn"), "agent")
        .await
        .expect("compte");
    let (status, locked, attempts): (String, bool, i64) =
        sqlx::query_as("SELECT status, account_locked, login_attempts FROM comptes WHERE id = ?")
            .bind(compte)
            .fetch_one(&pool)
            .await
            .expect("defaults");
    assert_eq!((status.as_str(), locked, attempts), ("active", false, 0));
    assert_refused(
        sqlx::query("UPDATE comptes SET status = 'banned' WHERE id = ?")
            .bind(compte)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "status banned",
    );
    for status in ["inactive", "suspended", "deleted", "active"] {
        sqlx::query("UPDATE comptes SET status = ? WHERE id = ?")
            .bind(status)
            .bind(compte)
            .execute(&pool)
            .await
            .expect(status);
    }
}

#[tokio::test]
async fn two_comptes_cannot_share_an_email_but_many_may_have_none() {
    let (_dir, pool) = fresh_sqlite().await;
    insert_compte(&pool, Some("guichet@example.sn"), "agent")
        .await
        .expect("first");
    assert_refused(
        insert_compte(&pool, Some("guichet@example.sn"), "agent").await,
        ErrorKind::UniqueViolation,
        "same email",
    );
    assert_refused(
        insert_compte(&pool, Some("Guichet@Example.SN"), "user").await,
        ErrorKind::UniqueViolation,
        "other case",
    );
    insert_compte(&pool, None, "user")
        .await
        .expect("walk-in customer");
    insert_compte(&pool, None, "user")
        .await
        .expect("another walk-in customer");
}

#[tokio::test]
async fn a_compte_needs_a_known_role_and_has_at_most_one_profile_row_per_table() {
    let (_dir, pool) = fresh_sqlite().await;
    assert_refused(
        insert_compte(&pool, None, "superuser").await,
        ErrorKind::NotNullViolation,
        "unknown role",
    );
    let compte = insert_compte(&pool, Some("admin@example.sn"), "admin")
        .await
        .expect("compte");
    let profile = || {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO administrateurs (uid, last_name, first_name, compte_id, created_at, updated_at) \
                 VALUES (?, 'Faye', 'Aminata', ?, ?, ?)",
            )
            .bind(uid())
            .bind(compte)
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    profile().await.expect("profile");
    assert_refused(
        profile().await,
        ErrorKind::UniqueViolation,
        "second profile",
    );
    assert_refused(
        sqlx::query(
            "INSERT INTO roles (uid, name, created_at, updated_at) VALUES (?, 'superuser', ?, ?)",
        )
        .bind(uid())
        .bind(now())
        .bind(now())
        .execute(&pool)
        .await,
        ErrorKind::CheckViolation,
        "unknown role name",
    );
}

#[tokio::test]
async fn a_revoked_token_is_stored_as_a_sha256_hex_digest_once() {
    let (_dir, pool) = fresh_sqlite().await;
    let compte = insert_compte(&pool, Some("agent@example.sn"), "agent")
        .await
        .expect("compte");
    let revoke = |token: String| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO revoked_tokens (uid, token, user_id, revoked_at, expires_at, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(uid())
            .bind(token)
            .bind(compte)
            .bind(now())
            .bind(now() + Duration::hours(8))
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    let digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_owned();
    revoke(digest.clone()).await.expect("revocation");
    assert_refused(
        revoke(digest.clone()).await,
        ErrorKind::UniqueViolation,
        "same token twice",
    );
    assert_refused(
        revoke("bt1.eyJzdWIiOiJ4In0.c2lnbmF0dXJl".to_owned()).await,
        ErrorKind::CheckViolation,
        "raw token",
    );
    let reason: Option<String> =
        sqlx::query_scalar("SELECT reason FROM revoked_tokens WHERE token = ?")
            .bind(&digest)
            .fetch_one(&pool)
            .await
            .expect("reason");
    assert_eq!(reason.as_deref(), Some("logout"));
}

// ------------------------------------------------------------------------------------------
// Payments and parcels
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_payment_settles_exactly_one_reservation_or_envoi() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let reservation = insert_reservation(&pool, trajet).await;
    let envoi = insert_envoi(&pool).await;
    insert_paiement(&pool, Some(reservation), None, "cash")
        .await
        .expect("ticket payment");
    insert_paiement(&pool, None, Some(envoi), "mobile_money")
        .await
        .expect("parcel payment");
    assert_refused(
        insert_paiement(&pool, None, None, "cash").await,
        ErrorKind::CheckViolation,
        "neither",
    );
    assert_refused(
        insert_paiement(&pool, Some(reservation), Some(envoi), "cash").await,
        ErrorKind::CheckViolation,
        "both",
    );
    assert_refused(
        insert_paiement(&pool, Some(reservation), None, "cheque").await,
        ErrorKind::CheckViolation,
        "unknown method",
    );
}

#[tokio::test]
async fn a_payment_idempotency_key_is_used_once() {
    let (_dir, pool) = fresh_sqlite().await;
    let trajet = a_trajet(&pool).await;
    let reservation = insert_reservation(&pool, trajet).await;
    let pay = || {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO paiements (uid, amount, payment_date, method, idempotency_key, reservation_id, created_at, updated_at) \
                 VALUES (?, 100, ?, 'card', 'desk-1:sale-42', ?, ?, ?) RETURNING id",
            )
            .bind(uid())
            .bind(now())
            .bind(reservation)
            .bind(now())
            .bind(now())
            .fetch_one(&pool)
            .await
        }
    };
    let paiement: i64 = pay().await.expect("payment").get(0);
    assert_refused(
        pay().await.map(|_| ()),
        ErrorKind::UniqueViolation,
        "replayed key",
    );
    assert_refused(
        sqlx::query(
            "INSERT INTO payment_logs (uid, paiement_id, event, created_at, updated_at) VALUES (?, ?, 'chargeback', ?, ?)",
        )
        .bind(uid())
        .bind(paiement)
        .bind(now())
        .bind(now())
        .execute(&pool)
        .await,
        ErrorKind::CheckViolation,
        "unknown payment event",
    );
}

#[tokio::test]
async fn a_colis_with_a_negative_weight_or_unknown_status_is_refused() {
    let (_dir, pool) = fresh_sqlite().await;
    let envoi = insert_envoi(&pool).await;
    let colis = |weight: i64, status: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO colis (uid, description, weight, shipping_cost, status, envoi_id, created_at, updated_at) \
                 VALUES (?, 'Carton', ?, 250000, ?, ?, ?, ?)",
            )
            .bind(uid())
            .bind(weight)
            .bind(status)
            .bind(envoi)
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    assert_refused(
        colis(-1, "pending").await,
        ErrorKind::CheckViolation,
        "weight -1 g",
    );
    assert_refused(
        colis(1500, "stolen").await,
        ErrorKind::CheckViolation,
        "status stolen",
    );
    colis(1500, "pending").await.expect("a 1.5 kg parcel");
    colis(0, "packaged").await.expect("an envelope");
}

#[tokio::test]
async fn an_envoi_refuses_an_unknown_status_or_payment_mode() {
    let (_dir, pool) = fresh_sqlite().await;
    let envoi = insert_envoi(&pool).await;
    for (column, value) in [("status", "lost"), ("payment_mode", "later")] {
        assert_refused(
            sqlx::query(&format!("UPDATE envois SET {column} = ? WHERE id = ?"))
                .bind(value)
                .bind(envoi)
                .execute(&pool)
                .await,
            ErrorKind::CheckViolation,
            column,
        );
    }
    sqlx::query(
        "UPDATE envois SET status = 'in_transit', payment_mode = 'on_delivery' WHERE id = ?",
    )
    .bind(envoi)
    .execute(&pool)
    .await
    .expect("valid values");
}

#[tokio::test]
async fn a_cash_session_is_closed_only_with_its_counts() {
    let (_dir, pool) = fresh_sqlite().await;
    let compte = insert_compte(&pool, Some("caisse@example.sn"), "agent")
        .await
        .expect("compte");
    let session: i64 = sqlx::query_scalar(
        "INSERT INTO cash_sessions (uid, compte_id, opened_at, opening_float, created_at, updated_at) \
         VALUES (?, ?, ?, 1000000, ?, ?) RETURNING id",
    )
    .bind(uid())
    .bind(compte)
    .bind(now())
    .bind(now())
    .bind(now())
    .fetch_one(&pool)
    .await
    .expect("open the till");
    assert_refused(
        sqlx::query("UPDATE cash_sessions SET status = 'closed' WHERE id = ?")
            .bind(session)
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "closed without counts",
    );
    sqlx::query("UPDATE cash_sessions SET status = 'closed', closed_at = ?, expected_cash = 1500000, counted_cash = 1495000 WHERE id = ?")
        .bind(now())
        .bind(session)
        .execute(&pool)
        .await
        .expect("close the till");
    assert_refused(
        sqlx::query("UPDATE cash_sessions SET counted_cash = 1500000 WHERE id = ?")
            .bind(session)
            .execute(&pool)
            .await,
        ErrorKind::Other,
        "a closed till changed",
    );
}

// ------------------------------------------------------------------------------------------
// Audit, configuration, desk nodes
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn admin_log_details_must_be_json() {
    let (_dir, pool) = fresh_sqlite().await;
    let log = |details: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO admin_logs (uid, actor_compte_id, action, entity_type, entity_uid, details, created_at, updated_at) \
                 VALUES (?, NULL, 'account.create', 'comptes', ?, ?, ?, ?)",
            )
            .bind(uid())
            .bind(uid())
            .bind(details)
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    log(r#"{"role":"admin","first_run":true}"#)
        .await
        .expect("JSON details");
    assert_refused(
        log("role=admin").await,
        ErrorKind::CheckViolation,
        "not JSON",
    );
}

#[tokio::test]
async fn a_configuration_key_exists_once_and_records_who_changed_it() {
    let (_dir, pool) = fresh_sqlite().await;
    let admin = insert_compte(&pool, Some("admin@example.sn"), "admin")
        .await
        .expect("admin");
    assert_refused(
        sqlx::query("INSERT INTO system_config (uid, key, value, created_at, updated_at) VALUES (?, 'currency', 'EUR', ?, ?)")
            .bind(uid())
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await,
        ErrorKind::UniqueViolation,
        "duplicate key",
    );
    sqlx::query("UPDATE system_config SET value = '8', updated_by = ?, version = version + 1 WHERE key = 'auth.max_failed_logins'")
        .bind(admin)
        .execute(&pool)
        .await
        .expect("change a setting");
    let (value, by, version): (String, Option<i64>, i64) = sqlx::query_as(
        "SELECT value, updated_by, version FROM system_config WHERE key = 'auth.max_failed_logins'",
    )
    .fetch_one(&pool)
    .await
    .expect("setting");
    assert_eq!((value.as_str(), by, version), ("8", Some(admin), 2));
}

#[tokio::test]
async fn only_one_desk_node_describes_this_desk() {
    let (_dir, pool) = fresh_sqlite().await;
    let node = |is_local: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO desk_nodes (uid, name, registered_at, is_local, created_at, updated_at) VALUES (?, 'Guichet', ?, ?, ?, ?)",
            )
            .bind(uid())
            .bind(now())
            .bind(is_local)
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await
        }
    };
    node(1).await.expect("this desk");
    assert_refused(
        node(1).await,
        ErrorKind::UniqueViolation,
        "a second local desk",
    );
    node(0).await.expect("another desk");
    node(0).await.expect("yet another desk");
}

#[tokio::test]
async fn a_uid_must_be_a_hyphenated_uuid_stored_as_text() {
    let (_dir, pool) = fresh_sqlite().await;
    assert_refused(
        sqlx::query("INSERT INTO agences (uid, name, city, created_at, updated_at) VALUES ('A1', 'Gare routière', 'Dakar', ?, ?)")
            .bind(now())
            .bind(now())
            .execute(&pool)
            .await,
        ErrorKind::CheckViolation,
        "short uid",
    );
    let as_blob = sqlx::query("INSERT INTO agences (uid, name, city, created_at, updated_at) VALUES (?, 'Gare routière', 'Dakar', ?, ?)")
        .bind(uuid::Uuid::now_v7())
        .bind(now())
        .bind(now())
        .execute(&pool)
        .await;
    assert!(as_blob.is_err(), "a uuid bound as a BLOB must be refused");
    sqlx::query("INSERT INTO agences (uid, name, city, created_at, updated_at) VALUES (?, 'Gare routière', 'Dakar', ?, ?)")
        .bind(uid())
        .bind(now())
        .bind(now())
        .execute(&pool)
        .await
        .expect("a hyphenated uid");
}
