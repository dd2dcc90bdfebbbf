//! Fresh databases for schema tests: a real SQLite file in a temporary directory, and a
//! uniquely named database on the real MariaDB / MySQL server, dropped after the test.

use std::future::Future;
use std::str::FromStr;

use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::{ConnectOptions, Connection, MySqlPool, SqlitePool};

/// Every table of the schema, in both databases.
pub const TABLES: &[&str] = &[
    "roles",
    "permissions",
    "role_permissions",
    "comptes",
    "utilisateurs",
    "transporteurs",
    "administrateurs",
    "agents",
    "agences",
    "desk_nodes",
    "zones_desservies",
    "trajets",
    "cash_sessions",
    "reservations",
    "reservation_seats",
    "annulations",
    "envois",
    "colis",
    "envoi_status_history",
    "colis_status_history",
    "parcel_tariffs",
    "paiements",
    "payment_logs",
    "payment_allocations",
    "payment_refunds",
    "revoked_tokens",
    "admin_logs",
    "system_config",
    "seat_allotments",
];

/// Tables only the desk's SQLite file has: old log rows that maintenance moved out of the hot
/// tables (migration 0006). They keep the sync columns of the rows they hold.
pub const DESK_ONLY_TABLES: &[&str] = &["archived_admin_logs", "archived_payment_logs"];

/// Tables the desk derives from the others for its reports: never synced, no sync columns.
pub const DERIVED_TABLES: &[&str] = &[
    "report_stale_days",
    "report_sales_days",
    "report_parcel_days",
    "report_parcel_movements",
    "report_departure_days",
    "report_cancellation_days",
];

/// The desk's own bookkeeping of sync: the outbox and its pause (migration 0009), the hybrid
/// clock, the pull cursor and its gaps, rows set aside, the last round (migration 0010).
pub const SYNC_STATE_TABLES: &[&str] = &[
    "sync_outbox",
    "sync_capture_paused",
    "sync_clock",
    "sync_pull_state",
    "sync_pull_gaps",
    "sync_set_aside",
    "sync_status",
];

/// Head office's own sync tables (MySQL migration 0008): the change log desks pull from.
pub const CENTRAL_SYNC_TABLES: &[&str] = &["sync_changes"];

/// Columns every table carries for sync.
pub const SYNC_COLUMNS: &[&str] = &[
    "id",
    "uid",
    "created_at",
    "updated_at",
    "version",
    "deleted_at",
];

/// Seeded roles: (fixed uid, name).
pub const ROLES: &[(&str, &str)] = &[
    ("0190a000-0000-7000-8000-000000000101", "admin"),
    ("0190a000-0000-7000-8000-000000000102", "agent"),
    ("0190a000-0000-7000-8000-000000000103", "transporteur"),
    ("0190a000-0000-7000-8000-000000000104", "user"),
];

/// Seeded permissions: (fixed uid, code).
pub const PERMISSIONS: &[(&str, &str)] = &[
    ("0190a000-0000-7000-8000-000000000201", "accounts.manage"),
    ("0190a000-0000-7000-8000-000000000202", "audit.read"),
    ("0190a000-0000-7000-8000-000000000203", "config.manage"),
    ("0190a000-0000-7000-8000-000000000204", "agencies.manage"),
    ("0190a000-0000-7000-8000-000000000205", "reports.read"),
    ("0190a000-0000-7000-8000-000000000206", "sync.manage"),
    ("0190a000-0000-7000-8000-000000000207", "trajets.manage"),
    ("0190a000-0000-7000-8000-000000000208", "sales.sell"),
    ("0190a000-0000-7000-8000-000000000209", "sales.cancel"),
    ("0190a000-0000-7000-8000-000000000210", "parcels.manage"),
    ("0190a000-0000-7000-8000-000000000211", "till.operate"),
    ("0190a000-0000-7000-8000-000000000212", "manifests.read"),
    // Editing the parcel tariff grid (migration 0005).
    ("0190a000-0000-7000-8000-000000000213", "parcels.tariffs"),
    // Backing up and restoring the desk's database (migration 0006).
    ("0190a000-0000-7000-8000-000000000214", "backups.manage"),
];

/// Permission codes granted to each role, sorted.
pub fn granted(role: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = match role {
        "admin" => PERMISSIONS.iter().map(|(_, code)| *code).collect(),
        "agent" => vec![
            "sales.sell",
            "sales.cancel",
            "parcels.manage",
            "till.operate",
            // Departure day at agency counters (migration 0003).
            "manifests.read",
        ],
        "transporteur" => vec![
            "trajets.manage",
            "parcels.manage",
            "manifests.read",
            // Its own tariff rows and the till of its depot (migration 0005).
            "parcels.tariffs",
            "till.operate",
            // Its own figures in the reports (migration 0007).
            "reports.read",
        ],
        _ => vec![],
    };
    codes.sort_unstable();
    codes
}

/// Seeded system configuration: (fixed uid, key, value).
pub const CONFIG: &[(&str, &str, &str)] = &[
    (
        "0190a000-0000-7000-8000-000000000401",
        "auth.max_failed_logins",
        "5",
    ),
    (
        "0190a000-0000-7000-8000-000000000402",
        "auth.session_ttl_minutes",
        "480",
    ),
    (
        "0190a000-0000-7000-8000-000000000403",
        "auth.password_min_length",
        "10",
    ),
    ("0190a000-0000-7000-8000-000000000404", "currency", "XOF"),
    (
        "0190a000-0000-7000-8000-000000000405",
        "locale.default",
        "fr",
    ),
    (
        "0190a000-0000-7000-8000-000000000406",
        "sales.refund_supplement_percent",
        "10",
    ),
    (
        "0190a000-0000-7000-8000-000000000407",
        "cancellation.fee_percent",
        "10",
    ),
    (
        "0190a000-0000-7000-8000-000000000408",
        "cancellation.deadline_hours",
        "24",
    ),
    (
        "0190a000-0000-7000-8000-000000000409",
        "changes.deadline_hours",
        "2",
    ),
    (
        "0190a000-0000-7000-8000-000000000410",
        "payments.hold_minutes",
        "15",
    ),
    (
        "0190a000-0000-7000-8000-000000000411",
        "payments.provider_timeout_seconds",
        "20",
    ),
    (
        "0190a000-0000-7000-8000-000000000412",
        "parcels.delivery_code_attempts",
        "5",
    ),
    (
        "0190a000-0000-7000-8000-000000000413",
        "backup.interval_hours",
        "4",
    ),
    (
        "0190a000-0000-7000-8000-000000000414",
        "backup.retention",
        "30",
    ),
    (
        "0190a000-0000-7000-8000-000000000415",
        "maintenance.archive_after_days",
        "730",
    ),
];

/// A new UUIDv7, hyphenated, as the desk writes `uid` columns.
pub fn uid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A desk database in a fresh temporary directory, opened (and migrated) the way the app does.
/// Keep the directory alive as long as the pool.
pub async fn fresh_sqlite() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let pool = billettigue_core::db::open(&dir.path().join("desk.db"))
        .await
        .expect("open the desk database");
    (dir, pool)
}

/// The MariaDB / MySQL server the tests use (`BILLETTIGUE_TEST_MYSQL_URL`, default
/// `mysql://root@127.0.0.1:3306/`).
pub fn mysql_server_url() -> String {
    std::env::var("BILLETTIGUE_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/".to_owned())
}

fn server_options() -> MySqlConnectOptions {
    let url = mysql_server_url();
    MySqlConnectOptions::from_str(&url).unwrap_or_else(|e| panic!("invalid MySQL URL {url}: {e}"))
}

async fn admin_connection() -> sqlx::MySqlConnection {
    server_options().connect().await.unwrap_or_else(|e| {
        panic!(
            "MariaDB is not reachable at {}: {e}\n\
             Start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
            mysql_server_url()
        )
    })
}

/// Creates an empty, uniquely named database and returns its name with a pool connected to it.
pub async fn create_mysql_database() -> (String, MySqlPool) {
    let name = format!("bt_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = admin_connection().await;
    sqlx::query(&format!(
        "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    ))
    .execute(&mut admin)
    .await
    .expect("create the test database");
    admin.close().await.ok();
    let pool = MySqlPoolOptions::new()
        .max_connections(4)
        .connect_with(server_options().database(&name))
        .await
        .expect("connect to the test database");
    (name, pool)
}

/// Drops a database made by [`create_mysql_database`].
pub async fn drop_mysql_database(name: &str) {
    let mut admin = admin_connection().await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS `{name}`"))
        .execute(&mut admin)
        .await
        .expect("drop the test database");
    admin.close().await.ok();
}

/// Runs `test` against a fresh database migrated with `MYSQL_MIGRATOR`, then drops the database
/// whether the test passed or panicked (the panic is re-raised afterwards).
pub async fn with_migrated_mysql<F, Fut>(test: F)
where
    F: FnOnce(MySqlPool) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (name, pool) = create_mysql_database().await;
    let outcome = match billettigue_core::db::MYSQL_MIGRATOR.run(&pool).await {
        Ok(()) => tokio::spawn(test(pool.clone())).await,
        Err(e) => {
            pool.close().await;
            drop_mysql_database(&name).await;
            panic!("the MySQL migrations failed: {e}");
        }
    };
    pool.close().await;
    drop_mysql_database(&name).await;
    raise_again(outcome);
}

/// Raises again, in the test's own thread, the panic of a test task run with `tokio::spawn`
/// (so that its database could be dropped first).
pub fn raise_again(outcome: Result<(), tokio::task::JoinError>) {
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("the test task failed: {e}"),
        }
    }
}

/// Asserts that a statement was refused with the given kind of constraint violation.
pub fn assert_refused<T: std::fmt::Debug>(
    result: Result<T, sqlx::Error>,
    expected: sqlx::error::ErrorKind,
    what: &str,
) {
    match result {
        Ok(value) => {
            panic!("{what}: expected a {expected:?}, but the statement succeeded ({value:?})")
        }
        Err(sqlx::Error::Database(e)) => {
            assert_eq!(e.kind(), expected, "{what}: wrong kind of error: {e}");
        }
        Err(e) => panic!("{what}: expected a {expected:?}, got {e}"),
    }
}
