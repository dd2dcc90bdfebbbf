//! `billettigue-cli`, the built binary, driven as an administrator's script drives it: JSON on
//! standard output, a non-zero exit on failure, the password on standard input.
//!
//! The binary is `target/debug/billettigue-cli`; build it first with `cargo build -p billettigue-cli`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use billettigue_core::commands::COMMANDS;
use serde_json::{json, Value};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;
use tempfile::TempDir;

const EMAIL: &str = "awa.diop@billettigue.sn";
const PASSWORD: &str = "Teranga-Admin-2026";

fn binary() -> PathBuf {
    billettigue_tests::binaries::debug_binary("billettigue-cli")
}

struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The last line of standard output, as JSON.
    fn json(&self) -> Value {
        let line = self.stdout.lines().last().unwrap_or_default();
        serde_json::from_str(line).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A desk database and secret file in a temporary directory, used through the binary.
struct CliDesk {
    dir: TempDir,
}

impl CliDesk {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("desk.db")
    }

    fn store(&self) -> String {
        format!("file:{}", self.dir.path().join("secrets.json").display())
    }

    /// Runs the binary on this desk with `args`, feeding `stdin`, with extra environment.
    fn run(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
        let db = self.db();
        let store = self.store();
        let mut all = vec![
            "--db",
            db.to_str().unwrap_or_default(),
            "--secret-store",
            store.as_str(),
        ];
        all.extend_from_slice(args);
        run_binary(&all, stdin, env)
    }

    fn init(&self) -> Run {
        self.run(
            &["init", "--admin-email", EMAIL],
            Some(&format!("{PASSWORD}\n")),
            &[],
        )
    }

    fn login(&self) -> String {
        let run = self.run(
            &["login", "--email", EMAIL],
            Some(&format!("{PASSWORD}\n")),
            &[],
        );
        assert!(run.success, "login failed: {} {}", run.stdout, run.stderr);
        run.json()["token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token in {}", run.stdout))
            .to_owned()
    }
}

fn run_binary(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(binary());
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for variable in [
        "BILLETTIGUE_TOKEN",
        "BILLETTIGUE_DB",
        "BILLETTIGUE_SECRET_STORE",
        "BILLETTIGUE_LANG",
    ] {
        command.env_remove(variable);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("start billettigue-cli");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.unwrap_or_default().as_bytes())
            .expect("write stdin");
    }
    let output = child.wait_with_output().expect("wait for billettigue-cli");
    Run {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

async fn open_file(path: &Path) -> SqlitePool {
    SqlitePool::connect_with(SqliteConnectOptions::new().filename(path))
        .await
        .expect("open the desk file")
}

async fn scalar(pool: &SqlitePool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn init_creates_the_database_and_the_first_administrator_from_a_password_on_stdin() {
    let desk = CliDesk::new();
    let run = desk.init();
    assert!(run.success, "init failed: {} {}", run.stdout, run.stderr);
    let reply = run.json();
    assert_eq!(reply["initialized"], json!(true));
    assert_eq!(reply["admin"]["email"], json!(EMAIL));
    assert_eq!(reply["admin"]["role"], json!("admin"));
    assert!(!run.stdout.contains(PASSWORD), "the password is not echoed");
    assert!(desk.db().exists());

    let pool = open_file(&desk.db()).await;
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM comptes c JOIN roles r ON r.id = c.role_id WHERE r.name = 'admin'").await, 1);
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM comptes")
        .fetch_one(&pool)
        .await
        .expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    pool.close().await;

    let again = desk.init();
    assert!(!again.success, "a second init is refused");
    assert_eq!(again.json()["code"], json!("already_initialized"));
}

#[tokio::test]
async fn login_prints_a_token_that_call_accepts_by_flag_and_by_environment() {
    let desk = CliDesk::new();
    assert!(desk.init().success);
    let token = desk.login();
    assert!(token.starts_with("bt1."), "{token}");

    let by_flag = desk.run(&["call", "auth.me", "--token", &token], None, &[]);
    assert!(by_flag.success, "{} {}", by_flag.stdout, by_flag.stderr);
    assert_eq!(by_flag.json()["account"]["email"], json!(EMAIL));

    let by_env = desk.run(&["call", "auth.me"], None, &[("BILLETTIGUE_TOKEN", &token)]);
    assert!(by_env.success, "{} {}", by_env.stdout, by_env.stderr);
    assert_eq!(by_env.json()["account"]["email"], json!(EMAIL));
    assert!(by_env.json()["permissions"]
        .as_array()
        .is_some_and(|p| p.contains(&json!("accounts.manage"))));

    let without = desk.run(&["call", "auth.me"], None, &[]);
    assert!(!without.success);
    assert_eq!(without.json()["code"], json!("unauthenticated"));

    let wrong = desk.run(
        &["login", "--email", EMAIL],
        Some("pas-le-bon-mot-de-passe\n"),
        &[],
    );
    assert!(!wrong.success);
    assert_eq!(wrong.json()["code"], json!("invalid_credentials"));
}

#[tokio::test]
async fn a_refused_call_prints_the_error_as_json_and_exits_non_zero() {
    let desk = CliDesk::new();
    assert!(desk.init().success);
    let token = desk.login();
    let before = std::fs::metadata(desk.db())
        .map(|m| m.len())
        .unwrap_or_default();

    let run = desk.run(
        &[
            "call",
            "accounts.list",
            r#"{"role":"superuser"}"#,
            "--token",
            &token,
        ],
        None,
        &[],
    );
    assert!(!run.success, "exit status is non-zero");
    let error = run.json();
    let keys: Vec<&str> = error
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["code", "field", "message"], "{error}");
    assert_eq!(error["code"], json!("validation"));
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("role") && message.contains("champ"),
        "a French message naming the field: {message}"
    );

    let unreadable = desk.run(
        &["call", "accounts.list", "{role:", "--token", &token],
        None,
        &[],
    );
    assert!(!unreadable.success);
    assert_eq!(unreadable.json()["code"], json!("validation"));
    let unknown = desk.run(&["call", "accounts.drop", "--token", &token], None, &[]);
    assert!(!unknown.success);
    assert_eq!(unknown.json()["code"], json!("not_found"));
    assert_eq!(
        std::fs::metadata(desk.db())
            .map(|m| m.len())
            .unwrap_or_default(),
        before
    );
}

#[tokio::test]
async fn commands_lists_every_registered_command_with_its_arguments() {
    let run = run_binary(&["commands"], None, &[]);
    assert!(run.success, "{}", run.stderr);
    let listed = run.json();
    let listed = listed.as_array().expect("a JSON array");
    let names: Vec<&str> = listed.iter().filter_map(|c| c["name"].as_str()).collect();
    let registered: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(names, registered);
    for command in listed {
        assert!(
            command["args"].as_str().is_some_and(|a| !a.is_empty()),
            "{command}"
        );
        assert!(
            command["result"].as_str().is_some_and(|r| !r.is_empty()),
            "{command}"
        );
        assert!(
            command["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{command}"
        );
        assert!(command["signed_in"].is_boolean(), "{command}");
    }
    let create = listed
        .iter()
        .find(|c| c["name"] == json!("accounts.create"))
        .expect("accounts.create is listed");
    assert_eq!(create["permission"], json!("accounts.manage"));
    let types = create["types"].to_string();
    assert!(
        types.contains("agence_uid") && types.contains("company_name"),
        "argument types are described: {types}"
    );
}

#[tokio::test]
async fn lang_en_gives_english_messages() {
    let desk = CliDesk::new();
    assert!(desk.init().success);
    let token = desk.login();
    let args = [
        "call",
        "accounts.list",
        r#"{"role":"superuser"}"#,
        "--token",
        token.as_str(),
    ];

    let mut with_flag = vec!["--lang", "en"];
    with_flag.extend_from_slice(&args);
    let english = desk.run(&with_flag, None, &[]).json();
    let from_env = desk
        .run(&args, None, &[("BILLETTIGUE_LANG", "en_US.UTF-8")])
        .json();
    let french = desk.run(&args, None, &[]).json();
    for error in [&english, &from_env] {
        assert_eq!(error["code"], json!("validation"));
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("field") && message.contains("role") && !message.contains("champ"),
            "{message}"
        );
    }
    assert_ne!(english["message"], french["message"]);

    let wrong = desk
        .run(
            &["--lang", "en", "login", "--email", EMAIL],
            Some("pas-le-bon\n"),
            &[],
        )
        .json();
    assert!(
        wrong["message"]
            .as_str()
            .is_some_and(|m| m.contains("password")),
        "{wrong}"
    );
}

#[tokio::test]
async fn demo_data_fills_a_desk_where_no_seat_is_sold_twice_and_no_trajet_is_oversold() {
    let desk = CliDesk::new();
    let run = desk.run(&["demo-data", "--reservations", "500"], None, &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    assert_eq!(run.json()["reservations"], json!(500));

    let pool = open_file(&desk.db()).await;
    assert_eq!(
        scalar(&pool, "SELECT COUNT(*) FROM reservations").await,
        500
    );
    assert!(scalar(&pool, "SELECT COUNT(*) FROM reservation_seats").await >= 500);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM trajets WHERE available_seats < 0 OR available_seats > seats_count").await, 0);
    let doubly_sold = "SELECT COUNT(*) FROM (SELECT trajet_id, seat_number FROM reservation_seats \
                       WHERE active = 1 AND deleted_at IS NULL GROUP BY trajet_id, seat_number HAVING COUNT(*) > 1)";
    assert_eq!(
        scalar(&pool, doubly_sold).await,
        0,
        "no seat number is sold twice on a trajet"
    );
    let seat_beyond_bus = "SELECT COUNT(*) FROM reservation_seats s JOIN trajets t ON t.id = s.trajet_id WHERE s.seat_number > t.seats_count";
    assert_eq!(
        scalar(&pool, seat_beyond_bus).await,
        0,
        "every seat number exists on the coach"
    );
    let miscounted = "SELECT COUNT(*) FROM trajets t WHERE t.available_seats <> t.seats_count - \
                      (SELECT COUNT(*) FROM reservation_seats s WHERE s.trajet_id = t.id AND s.active = 1 AND s.deleted_at IS NULL)";
    assert_eq!(
        scalar(&pool, miscounted).await,
        0,
        "available_seats matches the seats actually held"
    );
    let wrong_seat_count = "SELECT COUNT(*) FROM reservations r WHERE r.seats_reserved <> \
                            (SELECT COUNT(*) FROM reservation_seats s WHERE s.reservation_id = r.id)";
    assert_eq!(
        scalar(&pool, wrong_seat_count).await,
        0,
        "each reservation has as many seat rows as seats reserved"
    );
    let float_money = "SELECT COUNT(*) FROM reservations WHERE typeof(total_amount) <> 'integer'";
    assert_eq!(scalar(&pool, float_money).await, 0);
    let violations: Vec<(String,)> =
        sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&pool)
            .await
            .expect("foreign key check");
    assert!(violations.is_empty(), "dangling references: {violations:?}");
    pool.close().await;
}

#[tokio::test]
async fn bench_quick_prints_one_json_line_per_figure_with_its_ratio_to_the_baseline() {
    let run = run_binary(&["bench", "--quick"], None, &[]);
    assert!(run.success, "{} {}", run.stdout, run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(
            line["figure"].as_str().is_some_and(|f| !f.is_empty()),
            "{line}"
        );
        assert!(line["value"].as_f64().is_some_and(|v| v >= 0.0), "{line}");
        assert!(
            line["unit"].as_str().is_some_and(|u| !u.is_empty()),
            "{line}"
        );
        if line.get("baseline").is_some() {
            assert!(
                line["ratio"].as_f64().is_some(),
                "a figure with a baseline has a ratio: {line}"
            );
        }
    }
    let figures: Vec<&str> = lines.iter().filter_map(|l| l["figure"].as_str()).collect();
    for expected in [
        "signin_latency",
        "command_latency_auth_me",
        "headless_cold_start",
        // The test command starts MariaDB: the sync figures are measured, not skipped.
        "sync_push_rows_per_second",
        "sync_backlog_drain",
        "sync_bootstrap",
        "sync_pull_rows_per_second",
        "sync_bootstrap_agency",
    ] {
        assert!(figures.contains(&expected), "{expected} in {figures:?}");
    }
}

#[tokio::test]
async fn sync_prepares_head_office_runs_a_round_and_serves_the_agency_it_is_given() {
    let (name, central) = billettigue_tests::db::create_mysql_database().await;
    let url = billettigue_tests::central::database_url(&name);
    let desk = CliDesk::new();
    assert!(desk.init().success);
    let migrated = desk.run(&["--mysql", &url, "central", "migrate"], None, &[]);
    assert!(migrated.success, "{} {}", migrated.stdout, migrated.stderr);

    let round = desk.run(&["--mysql", &url, "sync"], None, &[]);
    assert!(round.success, "{} {}", round.stdout, round.stderr);
    let summary = round.json();
    assert!(
        summary["pushed"].as_u64().is_some_and(|n| n > 0),
        "{summary}"
    );
    assert_eq!(summary["set_aside"], json!(0));

    // An agency head office does not know is refused before any round, and nothing changes.
    let refused = desk.run(
        &[
            "--mysql",
            &url,
            "sync",
            "--agency",
            "0190a000-0000-7000-8000-00000000dead",
        ],
        None,
        &[],
    );
    assert!(!refused.success);
    assert_eq!(
        refused.json()["field"],
        json!("agency"),
        "{}",
        refused.stdout
    );

    sqlx::query("INSERT INTO agences (name, city, created_at, updated_at) VALUES ('Gare de Kaolack', 'Kaolack', NOW(6), NOW(6))")
        .execute(&central)
        .await
        .expect("an agency at head office");
    let agency: String =
        sqlx::query_scalar("SELECT CAST(uid AS CHAR) FROM agences WHERE city = 'Kaolack'")
            .fetch_one(&central)
            .await
            .expect("agency");
    let scoped = desk.run(&["--mysql", &url, "sync", "--agency", &agency], None, &[]);
    assert!(scoped.success, "{} {}", scoped.stdout, scoped.stderr);
    let pool = open_file(&desk.db()).await;
    let kept: Option<String> = sqlx::query_scalar("SELECT scope_agency_uid FROM sync_status")
        .fetch_one(&pool)
        .await
        .expect("scope");
    assert_eq!(kept.as_deref(), Some(agency.as_str()));
    let served: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM desk_nodes n JOIN agences a ON a.id = n.agence_id WHERE n.is_local = 1 AND a.city = 'Kaolack'",
    )
    .fetch_one(&pool)
    .await
    .expect("desk node");
    assert_eq!(served, 1, "the desk's own row names the agency it serves");
    pool.close().await;
    central.close().await;
    billettigue_tests::db::drop_mysql_database(&name).await;
}
