//! A whole desk for command tests: its own SQLite file and secrets file in a temporary
//! directory, a clock the test moves, and helpers that go through the one command layer.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use billettigue_core::clock::ManualClock;
use billettigue_core::commands::dispatch;
use billettigue_core::host::DeskHost;
use billettigue_core::secrets::SecretBackend;
use billettigue_core::{Desk, ErrorCode, ErrorPayload, Locale};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use sqlx::SqlitePool;
use tempfile::TempDir;

/// The first administrator every [`TestDesk::setup_admin`] creates.
pub const ADMIN_EMAIL: &str = "awa.diop@billettigue.sn";
pub const ADMIN_PASSWORD: &str = "Teranga-Admin-2026";

/// The password [`TestDesk::create_account`] gives staff accounts.
pub const STAFF_PASSWORD: &str = "Guichet-Dakar-77";

/// The phone number [`TestDesk::create_transporteur`] gives every carrier.
pub const CARRIER_PHONE: &str = "+221 77 555 00 11";

/// A fixed, realistic start for every test clock: a Monday morning in Dakar.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

/// One desk on a real SQLite file. The directory (database, WAL, secrets) lives as long as this.
pub struct TestDesk {
    pub dir: TempDir,
    pub desk: Desk,
    pub clock: Arc<ManualClock>,
}

/// A staff account made by [`TestDesk::create_account`].
#[derive(Debug, Clone)]
pub struct Account {
    pub uid: String,
    pub email: String,
    pub password: String,
}

/// A transporteur made by [`TestDesk::create_transporteur`]: its account, and its carrier uid
/// (`transporteurs.uid`, the uid trajets name, which is not the account's uid).
#[derive(Debug, Clone)]
pub struct Carrier {
    pub account: Account,
    pub transporteur_uid: String,
}

impl TestDesk {
    /// A fresh desk in a new temporary directory.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        Self::open_in(dir).await
    }

    /// Opens (or re-opens) the desk whose files are in `dir`.
    pub async fn open_in(dir: TempDir) -> Self {
        let clock = Arc::new(ManualClock::new(start_time()));
        let desk = open_desk(dir.path(), clock.clone()).await;
        Self { dir, desk, clock }
    }

    /// Closes the desk and opens it again on the same files and clock, as after the process
    /// was killed: whatever a dropped future left on a pooled connection goes with the pool.
    pub async fn restart(self) -> Self {
        let Self { dir, desk, clock } = self;
        desk.close().await;
        let desk = open_desk(dir.path(), clock.clone()).await;
        Self { dir, desk, clock }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("desk.db")
    }

    pub fn pool(&self) -> &SqlitePool {
        self.desk.pool()
    }

    pub fn now(&self) -> DateTime<Utc> {
        use billettigue_core::clock::Clock;
        self.clock.now()
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Runs a command in French, as the window does.
    pub async fn call(
        &self,
        name: &str,
        args: Value,
        token: Option<&str>,
    ) -> Result<Value, ErrorPayload> {
        dispatch(&self.desk, name, args, token, Locale::Fr).await
    }

    /// Runs a command with error messages in `locale`.
    pub async fn call_in(
        &self,
        locale: Locale,
        name: &str,
        args: Value,
        token: Option<&str>,
    ) -> Result<Value, ErrorPayload> {
        dispatch(&self.desk, name, args, token, locale).await
    }

    /// Runs a command that must succeed.
    pub async fn ok(&self, name: &str, args: Value, token: Option<&str>) -> Value {
        match self.call(name, args.clone(), token).await {
            Ok(value) => value,
            Err(error) => panic!("{name} {args} should succeed, got {error:?}"),
        }
    }

    /// Runs a command that must fail, and returns its error.
    pub async fn err(&self, name: &str, args: Value, token: Option<&str>) -> ErrorPayload {
        match self.call(name, args.clone(), token).await {
            Ok(value) => panic!("{name} {args} should fail, got {value}"),
            Err(error) => error,
        }
    }

    /// First-run setup: creates the administrator and returns its session token.
    pub async fn setup_admin(&self) -> String {
        let args = json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "first_name": "Awa", "last_name": "Diop" });
        token_of(&self.ok("setup.create_admin", args, None).await)
    }

    /// Signs in and returns the token.
    pub async fn login(&self, email: &str, password: &str) -> Result<String, ErrorPayload> {
        self.call(
            "auth.login",
            json!({ "email": email, "password": password }),
            None,
        )
        .await
        .map(|session| token_of(&session))
    }

    /// Creates an agency through `agencies.create` and returns its uid.
    pub async fn create_agency(&self, admin_token: &str, name: &str, city: &str) -> String {
        let agency = self
            .ok(
                "agencies.create",
                json!({ "name": name, "city": city }),
                Some(admin_token),
            )
            .await;
        text(&agency, "uid")
    }

    /// Creates a staff account through `accounts.create` with [`STAFF_PASSWORD`].
    /// `extra` adds or overrides arguments (`agence_uid`, `company_name`, `phone_number`, ...).
    pub async fn create_account(
        &self,
        admin_token: &str,
        role: &str,
        email: &str,
        extra: Value,
    ) -> Account {
        let mut args = json!({
            "email": email,
            "password": STAFF_PASSWORD,
            "role": role,
            "first_name": "Moussa",
            "last_name": "Sarr",
        });
        if let (Some(args), Some(extra)) = (args.as_object_mut(), extra.as_object()) {
            for (key, value) in extra {
                args.insert(key.clone(), value.clone());
            }
        }
        let summary = self.ok("accounts.create", args, Some(admin_token)).await;
        Account {
            uid: text(&summary, "uid"),
            email: email.to_owned(),
            password: STAFF_PASSWORD.to_owned(),
        }
    }

    /// An agent with an agency of its own (created here) and a phone number.
    pub async fn create_agent(&self, admin_token: &str, email: &str) -> Account {
        let agency = self
            .create_agency(admin_token, "Gare routière des Baux Maraîchers", "Dakar")
            .await;
        self.create_account(
            admin_token,
            "agent",
            email,
            json!({ "agence_uid": agency, "phone_number": "77 123 45 67" }),
        )
        .await
    }

    /// A transporteur account (company name and phone, as the role requires) and its carrier uid.
    pub async fn create_transporteur(
        &self,
        admin_token: &str,
        email: &str,
        company_name: &str,
    ) -> Carrier {
        let account = self
            .create_account(
                admin_token,
                "transporteur",
                email,
                json!({ "company_name": company_name, "phone_number": CARRIER_PHONE }),
            )
            .await;
        let transporteur_uid = sqlx::query_scalar(
            "SELECT t.uid FROM transporteurs t JOIN comptes c ON c.id = t.compte_id WHERE c.uid = ?",
        )
        .bind(&account.uid)
        .fetch_one(self.pool())
        .await
        .expect("the transporteur has its carrier profile");
        Carrier {
            account,
            transporteur_uid,
        }
    }

    /// Signs in with an account made here; panics if it cannot.
    pub async fn sign_in(&self, account: &Account) -> String {
        self.login(&account.email, &account.password)
            .await
            .unwrap_or_else(|error| panic!("{} should sign in: {error:?}", account.email))
    }

    /// The `comptes.id` of an account, by email.
    pub async fn compte_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM comptes WHERE email = ?")
            .bind(email)
            .fetch_one(self.pool())
            .await
            .expect("the compte exists")
    }

    /// Every row of every table, rendered to text, in a stable order: two equal snapshots mean
    /// the database did not change.
    pub async fn snapshot(&self) -> Snapshot {
        snapshot(self.pool()).await
    }

    /// Asserts that the reports' day summaries, once brought up to date, are exactly what a
    /// rebuild of every day from the raw rows gives: the triggers named every day a write touched.
    pub async fn assert_report_summaries_current(&self) {
        use billettigue_core::reports::summary;
        summary::refresh(&self.desk)
            .await
            .expect("refresh the summaries");
        let kept = self.report_summaries().await;
        assert!(
            kept.iter().any(|(_, rows)| !rows.is_empty()),
            "the scenario summarised nothing"
        );
        summary::rebuild_all(&self.desk)
            .await
            .expect("rebuild the summaries");
        assert_eq!(kept, self.report_summaries().await);
    }

    /// The rows of the report summary tables, sorted.
    async fn report_summaries(&self) -> Vec<(String, Vec<String>)> {
        self.snapshot()
            .await
            .0
            .into_iter()
            .filter(|(table, _)| table.starts_with("report_"))
            .map(|(table, mut rows)| {
                rows.sort();
                (table, rows)
            })
            .collect()
    }
}

/// Opens the desk in `dir` with the file secret store `dir/secrets.json`.
pub async fn open_desk(dir: &Path, clock: Arc<ManualClock>) -> Desk {
    let secrets = SecretBackend::File(dir.join("secrets.json"))
        .open()
        .expect("the file secret store opens");
    Desk::open(&dir.join("desk.db"), secrets, clock)
        .await
        .expect("the desk opens")
        .with_documents_dir(dir.join("documents"))
}

/// The desk in `dir` behind a [`DeskHost`], as the window and the CLI hold it: what a restore
/// needs (it closes the database, swaps it, and opens it again).
pub async fn open_host(dir: &Path, clock: Arc<ManualClock>) -> DeskHost {
    let secrets = SecretBackend::File(dir.join("secrets.json"))
        .open()
        .expect("the file secret store opens");
    DeskHost::open_with(
        dir.join("desk.db"),
        secrets,
        clock,
        Some(dir.join("documents")),
    )
    .await
}

/// The `token` of a session reply.
pub fn token_of(session: &Value) -> String {
    text(session, "token")
}

/// A string member of a JSON object, or a panic naming it.
pub fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string {key:?} in {value}"))
        .to_owned()
}

/// The error code as the UI reads it (`"validation"`, ...).
pub fn code(error: &ErrorPayload) -> &'static str {
    error.code.as_str()
}

/// Asserts an error's code, with the whole error in the failure message.
pub fn assert_code(result: &Result<Value, ErrorPayload>, expected: ErrorCode) {
    match result {
        Ok(value) => panic!("expected {expected:?}, got success {value}"),
        Err(error) => assert_eq!(error.code, expected, "unexpected error {error:?}"),
    }
}

/// Every table's rows, by table name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot(pub Vec<(String, Vec<String>)>);

impl Snapshot {
    pub fn tables(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(name, _)| name.as_str())
    }

    pub fn rows(&self, table: &str) -> &[String] {
        self.0
            .iter()
            .find(|(name, _)| name == table)
            .map(|(_, rows)| rows.as_slice())
            .unwrap_or_default()
    }

    /// A readable account of what differs, for assertion messages.
    pub fn diff(&self, after: &Snapshot) -> String {
        let mut out = String::new();
        for (table, rows) in &after.0 {
            let before = self.rows(table);
            if !self.tables().any(|t| t == table) {
                out.push_str(&format!("table {table} appeared\n"));
            }
            for row in rows.iter().filter(|row| !before.contains(row)) {
                out.push_str(&format!("{table}: + {row}\n"));
            }
            for row in before.iter().filter(|row| !rows.contains(row)) {
                out.push_str(&format!("{table}: - {row}\n"));
            }
        }
        for table in self.tables().filter(|t| !after.tables().any(|a| a == *t)) {
            out.push_str(&format!("table {table} disappeared\n"));
        }
        out
    }
}

/// Every user table (sqlite_% and the migrations table excluded), each row as `quote()`d
/// columns joined by `|`, in rowid order.
pub async fn snapshot(pool: &SqlitePool) -> Snapshot {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("list the tables");
    let mut out = Vec::with_capacity(tables.len());
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(&table)
                .fetch_all(pool)
                .await
                .expect("list the columns");
        let rendered = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT {rendered} FROM \"{table}\" ORDER BY rowid"
        ))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("read table {table}: {e}"));
        out.push((table, rows));
    }
    Snapshot(out)
}

/// The row count of one table.
pub async fn count(pool: &SqlitePool, sql_from_where: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {sql_from_where}"))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("count {sql_from_where}: {e}"))
}
