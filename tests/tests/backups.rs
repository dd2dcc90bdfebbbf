//! Backups, restore and maintenance on real files: archives taken while the counter sells, their
//! records, retention and the second folder, the schedule; restores through the desk's host
//! (as the window and the CLI run them), with every way an archive can be wrong refused before
//! the live database is touched, a failure after the swap rolled back, a damaged live database
//! recovered from the archive; maintenance moving old log rows without losing any from view.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use billettigue_core::backup;
use billettigue_core::host::DeskHost;
use billettigue_core::{ErrorCode, ErrorPayload, Locale};
use billettigue_tests::binaries::debug_binary;
use billettigue_tests::counter::Counter;
use billettigue_tests::desk::{
    open_host, snapshot, text, Snapshot, TestDesk, ADMIN_EMAIL, ADMIN_PASSWORD,
};
use chrono::Duration;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

/// Backs the desk up through the command, into `folder` (or the configured folders).
async fn back_up(desk: &TestDesk, token: &str, folder: Option<&Path>) -> Value {
    let args = match folder {
        Some(folder) => json!({ "to": folder.display().to_string() }),
        None => json!({}),
    };
    desk.ok("backups.create", args, Some(token)).await
}

fn archive_of(outcome: &Value) -> PathBuf {
    PathBuf::from(text(&outcome["entry"], "path"))
}

fn record_path(archive: &Path) -> PathBuf {
    PathBuf::from(format!("{}.json", archive.display()))
}

fn read_record(archive: &Path) -> Value {
    let raw = std::fs::read_to_string(record_path(archive)).expect("the record beside the archive");
    serde_json::from_str(&raw).expect("the record is JSON")
}

fn sha256_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read the archive");
    Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Gunzips `archive` into `into` (a plain SQLite file).
fn unpack(archive: &Path, into: &Path) {
    let mut decoder = flate2::read::GzDecoder::new(std::fs::File::open(archive).expect("open"));
    let mut bytes = Vec::new();
    decoder.read_to_end(&mut bytes).expect("gunzip the archive");
    std::fs::write(into, bytes).expect("write the unpacked copy");
}

/// Gzips `database` into `archive`.
fn pack(database: &Path, archive: &Path) {
    let bytes = std::fs::read(database).expect("read the database");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(archive).expect("create the archive"),
        flate2::Compression::fast(),
    );
    encoder.write_all(&bytes).expect("gzip");
    encoder.finish().expect("finish the archive");
}

async fn connect(database: &Path) -> sqlx::SqliteConnection {
    SqliteConnectOptions::new()
        .filename(database)
        .connect()
        .await
        .expect("open the SQLite file")
}

/// A copy of `archive` at `to`, its database changed by `sql`, with a record rewritten to vouch
/// for it (checksum, size, row counts): what only the checks inside the archive can catch.
async fn crafted(archive: &Path, to: &Path, sql: &str) {
    let work = to.with_extension("work.db");
    unpack(archive, &work);
    let mut conn = connect(&work).await;
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .expect("craft the archive");
    let mut record = read_record(archive);
    let tables: Vec<String> = record["row_counts"]
        .as_object()
        .map(|counts| counts.keys().cloned().collect())
        .unwrap_or_default();
    for table in tables {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(&mut conn)
            .await
            .unwrap_or(0);
        record["row_counts"][&table] = json!(count);
    }
    conn.close().await.expect("close");
    pack(&work, to);
    std::fs::remove_file(&work).expect("remove the work copy");
    rewrite_record(to, record);
}

/// Writes `record` beside `archive`, naming it and vouching for its bytes.
fn rewrite_record(archive: &Path, mut record: Value) {
    record["archive"] = json!(archive
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default());
    record["archive_sha256"] = json!(sha256_hex(archive));
    record["archive_bytes"] = json!(std::fs::metadata(archive).expect("size").len());
    std::fs::write(record_path(archive), record.to_string()).expect("write the record");
}

async fn count(database: &Path, sql: &str) -> i64 {
    let mut conn = connect(database).await;
    let value = sqlx::query_scalar(sql)
        .fetch_one(&mut conn)
        .await
        .expect("count");
    conn.close().await.expect("close");
    value
}

/// A counter with one departure and one sale; returns it with the departure's uid.
async fn counter_with_a_sale() -> (Counter, String) {
    let counter = Counter::new().await;
    let trajet = counter
        .publish("Dakar", "Thiès", counter.tomorrow_at(7), 40)
        .await;
    counter.sell(&trajet, &[1]).await;
    (counter, trajet)
}

/// Closes the test's desk and opens the same files behind a host.
async fn into_host(desk: TestDesk) -> (tempfile::TempDir, DeskHost) {
    let TestDesk { dir, desk, clock } = desk;
    desk.close().await;
    let host = open_host(dir.path(), clock).await;
    (dir, host)
}

/// `backups.verify` or `backups.restore` of `archive`.
async fn on_archive(
    host: &DeskHost,
    command: &str,
    archive: &Path,
    token: &str,
) -> Result<Value, ErrorPayload> {
    let args = json!({ "archive": archive.display().to_string() });
    call(host, command, args, token).await
}

async fn host_snapshot(host: &DeskHost) -> Snapshot {
    let desk = host.desk().await;
    let desk = desk.as_ref().expect("the host's desk is open");
    snapshot(desk.pool()).await
}

async fn call(
    host: &DeskHost,
    name: &str,
    args: Value,
    token: &str,
) -> Result<Value, ErrorPayload> {
    host.call(name, args, Some(token), Locale::Fr).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_counter_sells_is_a_consistent_snapshot_its_record_vouches_for() {
    let (counter, trajet) = counter_with_a_sale().await;
    let folder = counter.desk.dir.path().join("usb");
    let sales = async {
        for seat in 2..=21 {
            counter.sell(&trajet, &[seat]).await;
        }
    };
    let (outcome, ()) = tokio::join!(
        back_up(&counter.desk, &counter.admin_token, Some(&folder)),
        sales
    );
    let archive = archive_of(&outcome);
    assert!(archive.starts_with(&folder), "{}", archive.display());
    let record = read_record(&archive);
    assert_eq!(record["archive_sha256"], json!(sha256_hex(&archive)));
    let latest = billettigue_core::db::SQLITE_MIGRATOR
        .iter()
        .map(|m| m.version)
        .max();
    assert_eq!(
        record["schema_version"],
        json!(latest),
        "the desk's latest migration"
    );
    assert_eq!(record["kind"], json!("manual"));
    assert_eq!(record["app_version"], json!(env!("CARGO_PKG_VERSION")));
    assert_eq!(record["desk_uid"], json!(counter.desk.desk.desk_uid()));

    let unpacked = counter.desk.dir.path().join("unpacked.db");
    unpack(&archive, &unpacked);
    let mut conn = connect(&unpacked).await;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .expect("integrity");
    assert_eq!(integrity, "ok");
    let reservations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reservations")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    // A snapshot at one instant: every sale in it is whole (seats, payment, allocation).
    let half_sold: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reservations r WHERE NOT EXISTS (SELECT 1 FROM reservation_seats s WHERE s.reservation_id = r.id) \
         OR NOT EXISTS (SELECT 1 FROM payment_allocations a WHERE a.reservation_id = r.id)",
    )
    .fetch_one(&mut conn)
    .await
    .expect("whole sales");
    conn.close().await.expect("close");
    assert_eq!(half_sold, 0);
    assert_eq!(record["row_counts"]["reservations"], json!(reservations));
    assert!((1..=21).contains(&reservations), "{reservations}");

    let list = counter
        .desk
        .ok("backups.list", json!({}), Some(&counter.admin_token))
        .await;
    assert!(
        list["entries"].as_array().is_some_and(|b| b.is_empty()),
        "--to folders are not listed: {list}"
    );
    let audit = counter
        .desk
        .ok(
            "audit.list",
            json!({ "limit": 100 }),
            Some(&counter.admin_token),
        )
        .await;
    assert!(
        audit
            .as_array()
            .is_some_and(|rows| rows.iter().any(|row| row["action"] == "backup.created")),
        "{audit}"
    );
}

#[tokio::test]
async fn the_configured_folders_keep_the_newest_archives_and_a_missing_second_folder_is_reported() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let usb = desk.dir.path().join("usb");
    for (key, value) in [
        ("backup.retention", json!("2")),
        ("backup.second_folder", json!(usb.display().to_string())),
    ] {
        desk.ok(
            "config.set",
            json!({ "key": key, "value": value }),
            Some(&admin),
        )
        .await;
    }
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        outcomes.push(back_up(&desk, &admin, None).await);
        desk.advance(Duration::seconds(1));
    }
    assert_eq!(
        outcomes[2]["pruned"],
        json!(2),
        "the oldest one, in each folder"
    );
    let list = desk.ok("backups.list", json!({}), Some(&admin)).await;
    let listed: Vec<(String, String)> = list["entries"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|entry| (text(entry, "folder"), text(entry, "file_name")))
                .collect()
        })
        .unwrap_or_default();
    let newest: Vec<String> = outcomes[1..]
        .iter()
        .rev()
        .map(|outcome| text(&outcome["entry"], "file_name"))
        .collect();
    for folder in ["primary", "second"] {
        let names: Vec<&String> = listed
            .iter()
            .filter(|(f, _)| f == folder)
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, newest.iter().collect::<Vec<_>>(), "{folder}: {list}");
    }
    let second = PathBuf::from(text(&outcomes[2]["second_copy"], "path"));
    assert_eq!(sha256_hex(&second), sha256_hex(&archive_of(&outcomes[2])));
    assert_eq!(
        read_record(&second)["archive_sha256"],
        json!(sha256_hex(&second))
    );

    // The stick is pulled out: the primary copy stands, the answer says the second failed.
    std::fs::remove_dir_all(&usb).expect("remove the stick");
    std::fs::write(&usb, b"not a folder").expect("a file where the folder was");
    let outcome = back_up(&desk, &admin, None).await;
    assert_eq!(
        outcome["second_copy"]["state"],
        json!("failed"),
        "{outcome}"
    );
    assert!(archive_of(&outcome).exists());

    // A folder given by hand must be a full path; nothing is written for a refusal.
    let before = desk.snapshot().await;
    let error = desk
        .err(
            "backups.create",
            json!({ "to": "sauvegardes" }),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (error.code, error.field.as_deref()),
        (ErrorCode::Validation, Some("to"))
    );
    assert!(
        error.message.contains("chemin complet"),
        "{}",
        error.message
    );
    assert_eq!(before.diff(&desk.snapshot().await), "");
}

#[tokio::test]
async fn scheduled_backups_come_at_the_configured_interval() {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let first = backup::run_if_due(&desk.desk).await.expect("first round");
    assert_eq!(
        first.as_ref().map(|o| o.entry.metadata.kind),
        Some(backup::BackupKind::Scheduled)
    );
    assert!(backup::run_if_due(&desk.desk)
        .await
        .expect("second round")
        .is_none());
    desk.advance(Duration::hours(3) + Duration::minutes(59));
    assert!(backup::run_if_due(&desk.desk)
        .await
        .expect("not yet")
        .is_none());
    desk.advance(Duration::minutes(1));
    assert!(backup::run_if_due(&desk.desk).await.expect("due").is_some());
    // A manual backup counts: the next scheduled one is an interval after it.
    desk.advance(Duration::hours(2));
    let login = desk
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    back_up(&desk, &login, None).await;
    desk.advance(Duration::hours(3));
    assert!(backup::run_if_due(&desk.desk)
        .await
        .expect("not yet")
        .is_none());
    drop(admin);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_brings_the_archive_back_keeps_a_safety_copy_and_records_itself() {
    let (counter, trajet) = counter_with_a_sale().await;
    let outcome = back_up(&counter.desk, &counter.admin_token, None).await;
    let archive = archive_of(&outcome);
    let later_sale = counter.sell(&trajet, &[2]).await;
    let admin = counter.admin_token.clone();
    let agent = counter.agent_token.clone();
    let (dir, host) = into_host(counter.desk).await;

    let report = on_archive(&host, "backups.restore", &archive, &admin)
        .await
        .expect("the restore succeeds");
    let safety = PathBuf::from(text(&report, "safety_copy"));
    assert!(safety.exists() && record_path(&safety).exists());
    assert_eq!(
        report["restored"]["archive"],
        json!(archive.file_name().and_then(|n| n.to_str()))
    );

    // The sale made after the backup is gone with the restore, and the seat is free again.
    let error = call(
        &host,
        "reservations.get",
        json!({ "booking_reference": later_sale }),
        &agent,
    )
    .await
    .expect_err("restored away");
    assert_eq!(error.code, ErrorCode::NotFound);
    let audit = call(&host, "audit.list", json!({ "limit": 3 }), &admin)
        .await
        .expect("audit");
    assert_eq!(audit[0]["action"], json!("backup.restored"), "{audit}");
    let details: Value = serde_json::from_str(&text(&audit[0], "details")).expect("details");
    assert_eq!(details["safety_copy"], json!(safety.display().to_string()));
    assert_eq!(details["archive"], json!(archive.display().to_string()));
    let resold = call(
        &host,
        "sales.sell",
        json!({ "sale": { "trajet_uid": trajet, "passengers": [billettigue_tests::counter::passenger("Moussa", "Fall", &[2])] } }),
        &agent,
    )
    .await;
    assert!(resold.is_ok(), "{resold:?}");

    // The safety copy is a sound archive of the database as it was: it has the later sale.
    let checked = on_archive(&host, "backups.verify", &safety, &admin)
        .await
        .expect("the safety copy verifies");
    assert_eq!(checked["other_desk"], json!(false));
    let unpacked = dir.path().join("safety.db");
    unpack(&safety, &unpacked);
    let found = count(
        &unpacked,
        &format!("SELECT COUNT(*) FROM reservations WHERE booking_reference = '{later_sale}'"),
    )
    .await;
    assert_eq!(found, 1);
    host.close().await;
}

#[tokio::test]
async fn an_altered_damaged_foreign_or_newer_archive_is_refused_before_the_live_database_is_touched(
) {
    let (counter, _trajet) = counter_with_a_sale().await;
    let outcome = back_up(&counter.desk, &counter.admin_token, None).await;
    let archive = archive_of(&outcome);
    let admin = counter.admin_token.clone();
    let other = TestDesk::new().await;
    let other_admin = other.setup_admin().await;
    let foreign = archive_of(&back_up(&other, &other_admin, None).await);
    let (dir, host) = into_host(counter.desk).await;
    let work = dir.path().join("crafted");
    std::fs::create_dir_all(&work).expect("work folder");
    let before = host_snapshot(&host).await;

    // One byte changed: the checksum no longer matches the record.
    let altered = work.join("altered.db.gz");
    let mut bytes = std::fs::read(&archive).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    std::fs::write(&altered, bytes).expect("write");
    std::fs::copy(record_path(&archive), record_path(&altered)).expect("copy the record");
    // The record renames the file it vouches for: give it this name, keep the old checksum.
    let mut record = read_record(&archive);
    record["archive"] = json!("altered.db.gz");
    std::fs::write(record_path(&altered), record.to_string()).expect("record");

    // A record that vouches for a file that is not a database.
    let not_a_desk = work.join("not-a-desk.db.gz");
    let junk = work.join("junk.bin");
    std::fs::write(
        &junk,
        b"Ceci n'est pas une base de donnees SQLite.".repeat(200),
    )
    .expect("junk");
    pack(&junk, &not_a_desk);
    rewrite_record(&not_a_desk, read_record(&archive));

    // A database from a newer version of the application.
    let newer = work.join("newer.db.gz");
    crafted(
        &archive,
        &newer,
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99, 'from the future', '2027-01-01 00:00:00', 1, x'00', 0)",
    )
    .await;

    // No record at all.
    let unrecorded = work.join("unrecorded.db.gz");
    std::fs::copy(&archive, &unrecorded).expect("copy");

    let cases: [(&Path, ErrorCode, &str); 4] = [
        (&altered, ErrorCode::Validation, "SHA-256"),
        (&not_a_desk, ErrorCode::Validation, "Billettigue"),
        (&newer, ErrorCode::Conflict, "99"),
        (&unrecorded, ErrorCode::Validation, ".json"),
    ];
    // Another desk's archive verifies, and says so; a restore of it needs a confirmation.
    let checked = on_archive(&host, "backups.verify", &foreign, &admin)
        .await
        .expect("a sound archive of another desk");
    assert_eq!(checked["other_desk"], json!(true));
    let error = on_archive(&host, "backups.restore", &foreign, &admin)
        .await
        .expect_err("needs a confirmation");
    assert_eq!(
        (error.code, error.field.as_deref()),
        (ErrorCode::Conflict, Some("allow_other_desk"))
    );
    assert!(error.message.contains("autre poste"), "{}", error.message);
    for (archive, code, mentions) in cases {
        for command in ["backups.verify", "backups.restore"] {
            let error = on_archive(&host, command, archive, &admin)
                .await
                .expect_err("refused");
            assert_eq!(
                error.code,
                code,
                "{command} {}: {error:?}",
                archive.display()
            );
            assert!(
                error.message.contains(mentions),
                "{command} {}: {}",
                archive.display(),
                error.message
            );
        }
    }
    assert_eq!(
        before.diff(&host_snapshot(&host).await),
        "",
        "the live database is untouched"
    );
    assert!(
        backup::entries_in(
            &backup::default_folder(&dir.path().join("desk.db")),
            "primary"
        )
        .expect("list")
        .iter()
        .all(|entry| entry.metadata.kind != backup::BackupKind::Safety),
        "no safety copy is taken for an archive that is refused"
    );

    // Another desk's archive is restored only when asked for in so many words.
    let report = call(
        &host,
        "backups.restore",
        json!({ "archive": foreign.display().to_string(), "allow_other_desk": true }),
        &admin,
    )
    .await;
    assert!(report.is_ok(), "{report:?}");
    let desk = host.desk().await;
    assert_eq!(
        desk.as_ref().map(|d| d.desk_uid().to_owned()).ok(),
        Some(other.desk.desk_uid().to_owned())
    );
}

#[tokio::test]
async fn a_restore_that_fails_after_the_swap_puts_the_live_database_back() {
    let (counter, trajet) = counter_with_a_sale().await;
    let archive = archive_of(&back_up(&counter.desk, &counter.admin_token, None).await);
    counter.sell(&trajet, &[2]).await;
    let admin = counter.admin_token.clone();
    let (dir, host) = into_host(counter.desk).await;
    // A sound archive whose database refuses the audit line the restore writes last.
    let refusing = dir.path().join("refusing.db.gz");
    crafted(
        &archive,
        &refusing,
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON admin_logs BEGIN SELECT RAISE(ABORT, 'disque plein'); END",
    )
    .await;
    let before = host_snapshot(&host).await;
    let error = on_archive(&host, "backups.restore", &refusing, &admin)
        .await
        .expect_err("rolled back");
    assert_eq!(error.code, ErrorCode::Conflict, "{error:?}");
    assert!(
        error.message.contains("remise en place") || error.message.contains("annul"),
        "{}",
        error.message
    );
    assert_eq!(
        before.diff(&host_snapshot(&host).await),
        "",
        "the database is the one before the restore"
    );
    let triggers = count(
        &dir.path().join("desk.db"),
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'refuse_audit'",
    )
    .await;
    assert_eq!(triggers, 0);
    // The desk works on: the administrator is still signed in.
    assert!(call(&host, "backups.list", json!({}), &admin).await.is_ok());
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.') || name.ends_with(".restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn a_damaged_database_is_reported_at_start_and_restored_from_the_recovery_screen() {
    let (counter, _trajet) = counter_with_a_sale().await;
    let archive = archive_of(&back_up(&counter.desk, &counter.admin_token, None).await);
    let TestDesk { dir, desk, clock } = counter.desk;
    desk.close().await;
    // A disk that lost pages: everything after the first page is overwritten, once every
    // page is in the main file (the write-ahead log folded in).
    let database = dir.path().join("desk.db");
    let mut conn = connect(&database).await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .expect("checkpoint");
    conn.close().await.expect("close");
    let mut bytes = std::fs::read(&database).expect("read");
    assert!(bytes.len() > 3 * 4096);
    for byte in &mut bytes[4096..] {
        *byte = 0xA5;
    }
    std::fs::write(&database, bytes).expect("damage");

    // Opening may already notice the damage; the start-up check (run by the window in the
    // background) always does, and closes the desk.
    let host = open_host(dir.path(), clock).await;
    let sign_in = || {
        let args = json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD });
        host.call("auth.login", args, None, Locale::Fr)
    };
    let checked = host.check_integrity().await.expect_err("damaged");
    assert_eq!(checked.code, ErrorCode::DatabaseDamaged, "{checked:?}");
    let error = sign_in().await.expect_err("no desk on a damaged database");
    assert_eq!(error.code, ErrorCode::DatabaseDamaged, "{error:?}");
    let status = host
        .call("recovery.status", json!({}), None, Locale::Fr)
        .await
        .expect("the recovery screen's status");
    assert_eq!(status["damaged"], json!(true));
    assert_eq!(
        status["backups"][0]["path"],
        json!(archive.display().to_string())
    );

    let recover = |password: &str| {
        let args = json!({ "archive": archive.display().to_string(), "email": ADMIN_EMAIL, "password": password });
        host.call("recovery.restore", args, None, Locale::Fr)
    };
    let wrong = recover("Pas-Le-Bon-1")
        .await
        .expect_err("an administrator of the archive must sign");
    assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
    let report = recover(ADMIN_PASSWORD).await.expect("restored");
    let damaged_copy = PathBuf::from(text(&report, "damaged_copy"));
    assert!(
        damaged_copy.exists(),
        "the damaged file is kept for a specialist"
    );
    let session = sign_in().await.expect("signed in on the restored database");
    let token = text(&session, "token");
    let status = call(&host, "recovery.status", json!({}), &token)
        .await
        .expect("status");
    assert_eq!(status["damaged"], json!(false));
    host.close().await;
}

#[tokio::test]
async fn maintenance_moves_old_log_rows_out_of_the_hot_tables_and_nothing_leaves_the_views() {
    let (mut counter, _trajet) = counter_with_a_sale().await;
    let payment_uid: String = sqlx::query_scalar("SELECT uid FROM paiements LIMIT 1")
        .fetch_one(counter.desk.pool())
        .await
        .expect("the sale's payment");
    counter
        .desk
        .ok("auth.logout", json!({}), Some(&counter.agent_token))
        .await;
    let log_args = json!({ "payment_uid": payment_uid });
    let log_before = counter
        .desk
        .ok("payments.log", log_args.clone(), Some(&counter.admin_token))
        .await;
    let audit_before = counter
        .desk
        .ok(
            "audit.list",
            json!({ "limit": 500 }),
            Some(&counter.admin_token),
        )
        .await;
    let hot_before = billettigue_tests::desk::count(counter.desk.pool(), "admin_logs").await;

    counter.advance(Duration::days(731)).await;
    // A revocation whose token has expired since (sign-ins purge them too, so one is planted).
    sqlx::query(
        "INSERT INTO revoked_tokens (uid, token, user_id, revoked_at, expires_at, reason, created_at, updated_at) \
         SELECT ?, printf('%064d', 7), id, ?, ?, 'logout', ?, ? FROM comptes LIMIT 1",
    )
    .bind(billettigue_tests::db::uid())
    .bind(counter.desk.now() - Duration::hours(9))
    .bind(counter.desk.now() - Duration::hours(1))
    .bind(counter.desk.now() - Duration::hours(9))
    .bind(counter.desk.now() - Duration::hours(9))
    .execute(counter.desk.pool())
    .await
    .expect("plant a revocation");
    let report = counter
        .desk
        .ok("maintenance.run", json!({}), Some(&counter.admin_token))
        .await;
    assert_eq!(report["revocations_purged"], json!(1), "{report}");
    let archived = billettigue_tests::desk::count(counter.desk.pool(), "archived_admin_logs").await;
    assert_eq!(archived, hot_before, "{report}");
    assert!(
        billettigue_tests::desk::count(counter.desk.pool(), "archived_payment_logs").await >= 1
    );
    assert_eq!(
        billettigue_tests::desk::count(counter.desk.pool(), "payment_logs").await,
        0
    );

    let log_after = counter
        .desk
        .ok("payments.log", log_args, Some(&counter.admin_token))
        .await;
    assert_eq!(log_after, log_before);
    let audit_after = counter
        .desk
        .ok(
            "audit.list",
            json!({ "limit": 500 }),
            Some(&counter.admin_token),
        )
        .await;
    let old_rows: Vec<&Value> = audit_after
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter(|row| audit_before.as_array().is_some_and(|b| b.contains(row)))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        old_rows.len(),
        audit_before.as_array().map_or(0, Vec::len),
        "every old line is still listed"
    );
    // Paging through by id crosses from the hot rows to the archived ones.
    let newest_old = audit_before[0]["id"].as_i64().expect("id");
    let page = counter
        .desk
        .ok(
            "audit.list",
            json!({ "limit": 2, "before_id": newest_old + 1 }),
            Some(&counter.admin_token),
        )
        .await;
    assert_eq!(page[0], audit_before[0]);
}

#[test]
fn the_cli_backs_up_and_restores_headless() {
    let binary = debug_binary("billettigue-cli");
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("desk.db");
    let store = format!("file:{}", dir.path().join("secrets.json").display());
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(&binary)
            .arg("--db")
            .arg(&db)
            .args(["--secret-store", store.as_str()])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start billettigue-cli");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let output = child.wait_with_output().expect("billettigue-cli ends");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let value: Value =
            serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        (output.status.success(), value)
    };
    let (ok, _) = run(
        &["init", "--admin-email", ADMIN_EMAIL],
        &format!("{ADMIN_PASSWORD}\n"),
    );
    assert!(ok);
    let usb = dir.path().join("usb");
    let (ok, outcome) = run(&["backup", "--to", &usb.display().to_string()], "");
    assert!(ok, "{outcome}");
    let archive = archive_of(&outcome);
    assert!(archive.starts_with(&usb) && record_path(&archive).exists());
    let (ok, _) = run(&["demo-data", "--reservations", "20"], "");
    assert!(ok);
    let (ok, report) = run(&["restore", &archive.display().to_string()], "");
    assert!(ok, "{report}");
    assert!(report["safety_copy"].is_string(), "{report}");
    let (ok, error) = run(
        &[
            "--lang",
            "en",
            "restore",
            &dir.path().join("nothing.db.gz").display().to_string(),
        ],
        "",
    );
    assert!(!ok);
    assert_eq!(error["code"], json!("not_found"), "{error}");
    let reservations = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(count(&db, "SELECT COUNT(*) FROM reservations"));
    assert_eq!(reservations, 0, "the demo data came after the backup");
}
