//! The central schema (migrations/mysql) on the real MariaDB server: every test migrates its own
//! freshly created database and drops it afterwards, even when the test fails.

use billettigue_tests::db::{
    assert_refused, granted, uid, with_migrated_mysql, CENTRAL_SYNC_TABLES, CONFIG, PERMISSIONS,
    ROLES, SYNC_COLUMNS, TABLES,
};
use chrono::{DateTime, Duration, Utc};
use sqlx::error::ErrorKind;
use sqlx::MySqlPool;

fn now() -> DateTime<Utc> {
    Utc::now()
}

// ------------------------------------------------------------------------------------------
// Fixtures
// ------------------------------------------------------------------------------------------

async fn insert_compte(
    pool: &MySqlPool,
    email: Option<&str>,
    role: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO comptes (uid, email, role_id, created_at, updated_at) \
         VALUES (?, ?, (SELECT id FROM roles WHERE name = ?), ?, ?)",
    )
    .bind(uid())
    .bind(email)
    .bind(role)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .map(|done| done.last_insert_id())
}

async fn insert_transporteur(pool: &MySqlPool) -> u64 {
    let compte = insert_compte(pool, None, "transporteur")
        .await
        .expect("compte");
    sqlx::query(
        "INSERT INTO transporteurs (uid, phone_number, company_name, compte_id, created_at, updated_at) \
         VALUES (?, '+22507000000', 'UTB', ?, ?, ?)",
    )
    .bind(uid())
    .bind(compte)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .expect("transporteur")
    .last_insert_id()
}

/// `price` is a DECIMAL(10,2) literal.
async fn insert_trajet(
    pool: &MySqlPool,
    transporteur_id: u64,
    price: &str,
    seats_count: i64,
    available_seats: i64,
    status: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO trajets (uid, departure_city, arrival_city, departure_time, price, seats_count, \
                              available_seats, status, transporteur_id, created_at, updated_at) \
         VALUES (?, 'Abidjan', 'Yamoussoukro', ?, CAST(? AS DECIMAL(10,2)), ?, ?, ?, ?, ?, ?)",
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
    .execute(pool)
    .await
    .map(|done| done.last_insert_id())
}

async fn a_trajet(pool: &MySqlPool) -> u64 {
    let transporteur = insert_transporteur(pool).await;
    insert_trajet(pool, transporteur, "5000.00", 50, 50, "active")
        .await
        .expect("trajet")
}

async fn insert_reservation(pool: &MySqlPool, trajet_id: u64) -> u64 {
    sqlx::query(
        "INSERT INTO reservations (uid, booking_reference, reservation_date, passenger_first_name, \
                                   passenger_last_name, phone_number, status, total_amount, trajet_id, created_at, updated_at) \
         VALUES (?, ?, ?, 'Koffi', 'Kouassi', '+22501020304', 'confirmed', 5000.00, ?, ?, ?)",
    )
    .bind(uid())
    .bind(format!("BT-{}", &uid()[24..]))
    .bind(now())
    .bind(trajet_id)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .expect("reservation")
    .last_insert_id()
}

async fn insert_seat(
    pool: &MySqlPool,
    reservation_id: u64,
    trajet_id: u64,
    seat: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(uid())
    .bind(reservation_id)
    .bind(trajet_id)
    .bind(seat)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .map(|done| done.last_insert_id())
}

async fn insert_envoi(pool: &MySqlPool) -> u64 {
    let transporteur = insert_transporteur(pool).await;
    let sender_compte = insert_compte(pool, None, "user")
        .await
        .expect("sender compte");
    let sender = sqlx::query(
        "INSERT INTO utilisateurs (uid, last_name, first_name, phone_number, compte_id, created_at, updated_at) \
         VALUES (?, 'Traoré', 'Aïcha', '+22505060708', ?, ?, ?)",
    )
    .bind(uid())
    .bind(sender_compte)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .expect("utilisateur")
    .last_insert_id();
    sqlx::query(
        "INSERT INTO envois (uid, tracking_code, description, expediteur_id, recipient_name, recipient_phone, \
                             destination_city, transporteur_id, compte_id, created_at, updated_at) \
         VALUES (?, ?, 'Sacs de riz', ?, 'Yao Konan', '+22509090909', 'Bouaké', ?, ?, ?, ?)",
    )
    .bind(uid())
    .bind(format!("CL-{}", &uid()[24..]))
    .bind(sender)
    .bind(transporteur)
    .bind(sender_compte)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .expect("envoi")
    .last_insert_id()
}

async fn insert_paiement(
    pool: &MySqlPool,
    reservation_id: Option<u64>,
    envoi_id: Option<u64>,
    method: &str,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO paiements (uid, amount, status, payment_date, method, reservation_id, envoi_id, created_at, updated_at) \
         VALUES (?, 5000.00, 'completed', ?, ?, ?, ?, ?, ?)",
    )
    .bind(uid())
    .bind(now())
    .bind(method)
    .bind(reservation_id)
    .bind(envoi_id)
    .bind(now())
    .bind(now())
    .execute(pool)
    .await
    .map(|done| done.last_insert_id())
}

// ------------------------------------------------------------------------------------------
// Structure and seeds
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_central_database_has_every_table_with_the_sync_columns() {
    with_migrated_mysql(|pool| async move {
        let mut tables: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(table_name AS CHAR) FROM information_schema.tables \
             WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_sqlx\\_%'",
        )
        .fetch_all(&pool)
        .await
        .expect("tables");
        tables.sort();
        let mut expected: Vec<String> = TABLES
            .iter()
            .chain(CENTRAL_SYNC_TABLES)
            .map(|t| (*t).to_owned())
            .collect();
        expected.sort();
        assert_eq!(tables, expected);

        for table in TABLES {
            for column in SYNC_COLUMNS {
                let found: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM information_schema.columns \
                     WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?",
                )
                .bind(table)
                .bind(column)
                .fetch_one(&pool)
                .await
                .expect("columns");
                assert_eq!(found, 1, "{table}.{column} is missing");
            }
            let engine: String = sqlx::query_scalar(
                "SELECT CAST(engine AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
            )
            .bind(table)
            .fetch_one(&pool)
            .await
            .expect("engine");
            assert_eq!(engine, "InnoDB", "{table}");
            let uid_unique: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.statistics s \
                 WHERE s.table_schema = DATABASE() AND s.table_name = ? AND s.column_name = 'uid' AND s.non_unique = 0 \
                   AND (SELECT COUNT(*) FROM information_schema.statistics t \
                        WHERE t.table_schema = s.table_schema AND t.table_name = s.table_name AND t.index_name = s.index_name) = 1",
            )
            .bind(table)
            .fetch_one(&pool)
            .await
            .expect("uid index");
            assert_eq!(uid_unique, 1, "{table}.uid must be unique");
        }
    })
    .await;
}

#[tokio::test]
async fn roles_permissions_grants_and_configuration_are_seeded_with_the_same_uids_as_the_desks() {
    with_migrated_mysql(|pool| async move {
        let roles: Vec<(String, String)> =
            sqlx::query_as("SELECT uid, name FROM roles ORDER BY uid")
                .fetch_all(&pool)
                .await
                .expect("roles");
        let expected: Vec<(String, String)> = ROLES
            .iter()
            .map(|(u, n)| ((*u).to_owned(), (*n).to_owned()))
            .collect();
        assert_eq!(roles, expected);
        let described: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM roles WHERE description LIKE '%guichet%'")
                .fetch_one(&pool)
                .await
                .expect("descriptions");
        assert_eq!(described, 1, "the agent role is described in French");

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
            .expect("grant uids");
        let expected: Vec<String> = (301..=325)
            .map(|n| format!("0190a000-0000-7000-8000-{n:012}"))
            .collect();
        assert_eq!(uids, expected);

        let config: Vec<(String, String, String)> =
            sqlx::query_as("SELECT uid, `key`, value FROM system_config ORDER BY uid")
                .fetch_all(&pool)
                .await
                .expect("config");
        let expected: Vec<(String, String, String)> = CONFIG
            .iter()
            .map(|(u, k, v)| ((*u).to_owned(), (*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(config, expected);

        for table in [
            "comptes",
            "utilisateurs",
            "transporteurs",
            "administrateurs",
            "agents",
        ] {
            let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .expect("count");
            assert_eq!(count, 0, "no account may be seeded ({table})");
        }
    })
    .await;
}

#[tokio::test]
async fn running_the_migrations_again_changes_nothing() {
    with_migrated_mysql(|pool| async move {
        billettigue_core::db::MYSQL_MIGRATOR
            .run(&pool)
            .await
            .expect("second run");
        let roles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM roles")
            .fetch_one(&pool)
            .await
            .expect("roles");
        let grants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM role_permissions")
            .fetch_one(&pool)
            .await
            .expect("grants");
        let config: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM system_config")
            .fetch_one(&pool)
            .await
            .expect("config");
        assert_eq!((roles, grants, config), (4, 25, CONFIG.len() as i64));
    })
    .await;
}

#[tokio::test]
async fn a_row_written_by_other_software_still_gets_a_uid_timestamps_and_a_version() {
    with_migrated_mysql(|pool| async move {
        // The Billettigue web platform knows only the seed's columns.
        sqlx::query("INSERT INTO agences (name, city) VALUES ('Gare de Treichville', 'Abidjan')")
            .execute(&pool)
            .await
            .expect("insert without sync columns");
        let (uid, version, created, updated): (String, i32, DateTime<Utc>, DateTime<Utc>) =
            sqlx::query_as(
                "SELECT uid, version, created_at, updated_at FROM agences WHERE city = 'Abidjan'",
            )
            .fetch_one(&pool)
            .await
            .expect("agence");
        assert_eq!(uid.len(), 36);
        uuid::Uuid::parse_str(&uid).expect("a valid UUID");
        assert_eq!(version, 1);
        assert!(
            (now() - created).num_minutes().abs() < 5,
            "created_at is the current UTC time, got {created}"
        );
        assert_eq!(created, updated);
    })
    .await;
}

#[tokio::test]
async fn datetimes_keep_microseconds() {
    with_migrated_mysql(|pool| async move {
        let at: DateTime<Utc> = "2026-11-21T21:30:00.123456Z".parse().expect("datetime");
        sqlx::query("INSERT INTO agences (uid, name, city, created_at, updated_at) VALUES (?, 'Agence', 'Bouaké', ?, ?)")
            .bind(uid())
            .bind(at)
            .bind(at)
            .execute(&pool)
            .await
            .expect("agence");
        let stored: DateTime<Utc> =
            sqlx::query_scalar("SELECT created_at FROM agences WHERE city = 'Bouaké'").fetch_one(&pool).await.expect("read");
        assert_eq!(stored, at);
    })
    .await;
}

// ------------------------------------------------------------------------------------------
// Trajets and zones
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_trajet_with_more_than_fifty_seats_is_refused() {
    with_migrated_mysql(|pool| async move {
        let transporteur = insert_transporteur(&pool).await;
        assert_refused(
            insert_trajet(&pool, transporteur, "10.00", 51, 51, "active").await,
            ErrorKind::CheckViolation,
            "51 seats",
        );
        assert_refused(
            insert_trajet(&pool, transporteur, "10.00", 0, 0, "active").await,
            ErrorKind::CheckViolation,
            "0 seats",
        );
        insert_trajet(&pool, transporteur, "10.00", 50, 50, "active")
            .await
            .expect("50 seats are fine");
    })
    .await;
}

#[tokio::test]
async fn a_trajet_with_a_negative_price_is_refused() {
    with_migrated_mysql(|pool| async move {
        let transporteur = insert_transporteur(&pool).await;
        assert_refused(
            insert_trajet(&pool, transporteur, "-1.00", 10, 10, "active").await,
            ErrorKind::CheckViolation,
            "price -1",
        );
        insert_trajet(&pool, transporteur, "0.00", 10, 10, "active")
            .await
            .expect("a free trajet is fine");
    })
    .await;
}

#[tokio::test]
async fn a_trajet_with_an_unknown_status_is_refused() {
    with_migrated_mysql(|pool| async move {
        let transporteur = insert_transporteur(&pool).await;
        assert_refused(
            insert_trajet(&pool, transporteur, "10.00", 10, 10, "full").await,
            ErrorKind::CheckViolation,
            "status full",
        );
        for status in ["active", "cancelled", "completed", "suspended"] {
            insert_trajet(&pool, transporteur, "10.00", 10, 10, status)
                .await
                .expect(status);
        }
    })
    .await;
}

#[tokio::test]
async fn a_trajet_cannot_have_more_available_seats_than_seats_nor_fewer_than_zero() {
    with_migrated_mysql(|pool| async move {
        let transporteur = insert_transporteur(&pool).await;
        assert_refused(
            insert_trajet(&pool, transporteur, "10.00", 10, 11, "active").await,
            ErrorKind::CheckViolation,
            "11 of 10",
        );
        assert_refused(
            insert_trajet(&pool, transporteur, "10.00", 10, -1, "active").await,
            ErrorKind::CheckViolation,
            "-1 of 10",
        );
        let trajet = insert_trajet(&pool, transporteur, "10.00", 10, 0, "active")
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
        assert_refused(
            insert_trajet(&pool, 999_999, "10.00", 10, 10, "active").await,
            ErrorKind::ForeignKeyViolation,
            "unknown carrier",
        );
    })
    .await;
}

#[tokio::test]
async fn a_carrier_cannot_serve_the_same_city_twice() {
    with_migrated_mysql(|pool| async move {
        let first = insert_transporteur(&pool).await;
        let second = insert_transporteur(&pool).await;
        let zone = |carrier: u64, city: &'static str, zone_type: &'static str| {
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
        zone(first, "Korhogo", "both").await.expect("first zone");
        assert_refused(zone(first, "Korhogo", "pickup_only").await, ErrorKind::UniqueViolation, "same city, same carrier");
        assert_refused(zone(first, "KORHOGO", "both").await, ErrorKind::UniqueViolation, "same city, other case");
        zone(second, "Korhogo", "both").await.expect("another carrier may serve the city");
        assert_refused(zone(first, "Man", "everywhere").await, ErrorKind::CheckViolation, "unknown zone type");
    })
    .await;
}

// ------------------------------------------------------------------------------------------
// Seats, reservations, cancellations
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_seat_cannot_be_held_twice_on_a_trajet_but_a_released_one_can_be_sold_again() {
    with_migrated_mysql(|pool| async move {
        let trajet = a_trajet(&pool).await;
        let other_trajet = a_trajet(&pool).await;
        let first = insert_reservation(&pool, trajet).await;
        let second = insert_reservation(&pool, trajet).await;
        let third = insert_reservation(&pool, trajet).await;
        let seat = insert_seat(&pool, first, trajet, 12).await.expect("seat 12");
        assert_refused(insert_seat(&pool, second, trajet, 12).await, ErrorKind::UniqueViolation, "seat 12 again");
        assert_refused(insert_seat(&pool, second, other_trajet, 13).await, ErrorKind::ForeignKeyViolation, "other trajet");
        assert_refused(insert_seat(&pool, second, trajet, 51).await, ErrorKind::CheckViolation, "seat 51");

        sqlx::query("UPDATE reservation_seats SET active = NULL, released_at = ?, version = version + 1 WHERE id = ?")
            .bind(now())
            .bind(seat)
            .execute(&pool)
            .await
            .expect("release seat 12");
        insert_seat(&pool, second, trajet, 12).await.expect("a released seat can be sold again");
        sqlx::query("UPDATE reservation_seats SET active = NULL, released_at = ? WHERE reservation_id = ?")
            .bind(now())
            .bind(second)
            .execute(&pool)
            .await
            .expect("release again");
        insert_seat(&pool, third, trajet, 12).await.expect("third holder");
        let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reservation_seats WHERE trajet_id = ? AND seat_number = 12 AND active = 1")
            .bind(trajet)
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(live, 1);
    })
    .await;
}

#[tokio::test]
async fn a_reservation_is_cancelled_at_most_once_and_a_refund_names_its_method() {
    with_migrated_mysql(|pool| async move {
        let trajet = a_trajet(&pool).await;
        let reservation = insert_reservation(&pool, trajet).await;
        let cancel = |refund: &'static str, method: Option<&'static str>| {
            let pool = pool.clone();
            async move {
                sqlx::query(
                    "INSERT INTO annulations (uid, reservation_id, cancelled_at, reason, refund_amount, refund_method, created_at, updated_at) \
                     VALUES (?, ?, ?, 'Voyage reporté', CAST(? AS DECIMAL(10,2)), ?, ?, ?)",
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
        assert_refused(cancel("2500.00", None).await, ErrorKind::CheckViolation, "refund without method");
        cancel("2500.00", Some("mobile_money")).await.expect("cancellation");
        assert_refused(cancel("0.00", None).await, ErrorKind::UniqueViolation, "second cancellation");
        assert_refused(
            sqlx::query("UPDATE reservations SET refund_supplement_amount = 50.00 WHERE id = ?").bind(reservation).execute(&pool).await,
            ErrorKind::CheckViolation,
            "supplement without option",
        );
    })
    .await;
}

// ------------------------------------------------------------------------------------------
// Accounts and security
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_compte_with_an_unknown_status_is_refused() {
    with_migrated_mysql(|pool| async move {
        let compte = insert_compte(&pool, Some("koffi@example.ci"), "agent")
            .await
            .expect("compte");
        let (status, locked): (String, bool) =
            sqlx::query_as("SELECT status, account_locked FROM comptes WHERE id = ?")
                .bind(compte)
                .fetch_one(&pool)
                .await
                .expect("defaults");
        assert_eq!((status.as_str(), locked), ("active", false));
        assert_refused(
            sqlx::query("UPDATE comptes SET status = 'banned' WHERE id = ?")
                .bind(compte)
                .execute(&pool)
                .await,
            ErrorKind::CheckViolation,
            "status banned",
        );
        assert_refused(
            insert_compte(&pool, None, "superuser").await,
            ErrorKind::NotNullViolation,
            "unknown role",
        );
    })
    .await;
}

#[tokio::test]
async fn two_comptes_cannot_share_an_email_but_many_may_have_none() {
    with_migrated_mysql(|pool| async move {
        insert_compte(&pool, Some("guichet@example.ci"), "agent")
            .await
            .expect("first");
        assert_refused(
            insert_compte(&pool, Some("guichet@example.ci"), "agent").await,
            ErrorKind::UniqueViolation,
            "same email",
        );
        assert_refused(
            insert_compte(&pool, Some("Guichet@Example.CI"), "user").await,
            ErrorKind::UniqueViolation,
            "other case",
        );
        insert_compte(&pool, None, "user")
            .await
            .expect("walk-in customer");
        insert_compte(&pool, None, "user")
            .await
            .expect("another walk-in customer");
    })
    .await;
}

#[tokio::test]
async fn revoked_tokens_and_audit_details_are_checked() {
    with_migrated_mysql(|pool| async move {
        let compte = insert_compte(&pool, Some("agent@example.ci"), "agent").await.expect("compte");
        let revoke = |token: &'static str| {
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
        revoke("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad").await.expect("revocation");
        assert_refused(
            revoke("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad").await,
            ErrorKind::UniqueViolation,
            "same token twice",
        );
        assert_refused(revoke("bt1.short").await, ErrorKind::CheckViolation, "raw token");
        let reason: Option<String> = sqlx::query_scalar("SELECT reason FROM revoked_tokens").fetch_one(&pool).await.expect("reason");
        assert_eq!(reason.as_deref(), Some("logout"));

        let log = |details: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query(
                    "INSERT INTO admin_logs (uid, action, entity_type, entity_uid, details, created_at, updated_at) \
                     VALUES (?, 'account.create', 'comptes', ?, ?, ?, ?)",
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
        log(r#"{"role":"admin"}"#).await.expect("JSON details");
        assert_refused(log("role=admin").await, ErrorKind::CheckViolation, "not JSON");
        let details: String = sqlx::query_scalar("SELECT details FROM admin_logs").fetch_one(&pool).await.expect("details");
        assert_eq!(details, r#"{"role":"admin"}"#);
    })
    .await;
}

// ------------------------------------------------------------------------------------------
// Payments and parcels
// ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_payment_settles_exactly_one_reservation_or_envoi() {
    with_migrated_mysql(|pool| async move {
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
            insert_paiement(&pool, Some(reservation), Some(envoi), "card").await,
            ErrorKind::CheckViolation,
            "both",
        );
        assert_refused(
            insert_paiement(&pool, Some(reservation), None, "cheque").await,
            ErrorKind::CheckViolation,
            "unknown method",
        );
    })
    .await;
}

#[tokio::test]
async fn a_colis_with_a_negative_weight_or_unknown_status_is_refused() {
    with_migrated_mysql(|pool| async move {
        let envoi = insert_envoi(&pool).await;
        let colis = |weight: &'static str, status: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query(
                    "INSERT INTO colis (uid, description, weight, shipping_cost, status, envoi_id, created_at, updated_at) \
                     VALUES (?, 'Carton', CAST(? AS DECIMAL(8,2)), 2500.00, ?, ?, ?, ?)",
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
        assert_refused(colis("-0.01", "pending").await, ErrorKind::CheckViolation, "negative weight");
        assert_refused(colis("1.50", "stolen").await, ErrorKind::CheckViolation, "status stolen");
        colis("1.50", "pending").await.expect("a 1.5 kg parcel");
        let weight: String = sqlx::query_scalar("SELECT CAST(weight AS CHAR) FROM colis").fetch_one(&pool).await.expect("weight");
        assert_eq!(weight, "1.50");
    })
    .await;
}

#[tokio::test]
async fn every_synced_table_carries_a_hybrid_clock_and_logs_its_changes_for_the_desks() {
    with_migrated_mysql(|pool| async move {
        for table in TABLES {
            let triggers: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() \
                 AND event_object_table = ? AND trigger_name LIKE 'sync\\_%'",
            )
            .bind(table)
            .fetch_one(&pool)
            .await
            .expect("triggers");
            assert_eq!(triggers, 4, "{table}: stamp and log, on insert and update");
            let logged: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS \
                 (SELECT 1 FROM sync_changes c WHERE c.table_name = '{table}' AND c.row_uid = t.uid)"
            ))
            .fetch_one(&pool)
            .await
            .expect("rows present before the migration are in the change log");
            assert_eq!(logged, 0, "{table}: every existing row is a change the desks must see");
        }

        // Another program (the web platform) writes without saying it is a desk: its rows are
        // stamped with a clock later than their previous one and logged with no origin.
        let mut conn = pool.acquire().await.expect("connection");
        sqlx::query("SET @billettigue_sync_node = NULL")
            .execute(&mut *conn)
            .await
            .expect("no desk");
        let before: i64 = sqlx::query_scalar("SELECT sync_hlc FROM system_config ORDER BY id LIMIT 1")
            .fetch_one(&mut *conn)
            .await
            .expect("config");
        let last_seq: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM sync_changes")
            .fetch_one(&mut *conn)
            .await
            .expect("log");
        sqlx::query("UPDATE system_config SET description = 'changée par le site web' ORDER BY id LIMIT 1")
            .execute(&mut *conn)
            .await
            .expect("update");
        let (after, uid): (i64, String) =
            sqlx::query_as("SELECT sync_hlc, uid FROM system_config ORDER BY id LIMIT 1")
                .fetch_one(&mut *conn)
                .await
                .expect("config");
        assert!(after > before, "stamped: {before} -> {after}");
        assert!(after >> 16 > Utc::now().timestamp_millis() - 60_000, "milliseconds << 16");
        let logged: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT row_uid, origin_node FROM sync_changes WHERE seq > ? ORDER BY seq",
        )
        .bind(last_seq)
        .fetch_all(&mut *conn)
        .await
        .expect("log");
        assert_eq!(logged, vec![(uid, None)]);
    })
    .await;
}
