//! `billettigue-cli bench`: one JSON line per figure, each beside a raw baseline from the same run.
//!
//! - `signin_latency`: `auth.login` through the command layer vs. the raw work it cannot avoid
//!   (one argon2id verification plus one SELECT on the same file).
//! - `command_latency_auth_me`: `auth.me` (token check, permissions, profile) vs. a raw SELECT
//!   of the same compte.
//! - `headless_cold_start`: a new `billettigue-cli call setup.status` process on an existing
//!   database vs. the same binary printing `--version` (process start without the desk).
//! - `search_latency_p50/p99`, `cash_sale_latency_p50/p99`, `provider_sale_latency_p50/p99`:
//!   see [`counter`].
//! - `parcel_intake_latency_p50/p99`, `tracking_lookup_latency_p50/p99`: see [`parcels`].
//! - `report_*_latency_p50/p99`: every report over a month of that data, see [`reports`].
//! - `backup_duration`, `backup_archive_size`: see [`backups`].
//! - `sync_push_rows_per_second`, `sync_backlog_drain`, `sync_pull_rows_per_second`: against the
//!   MariaDB / MySQL server of `--mysql` (default `mysql://root@127.0.0.1:3306/`), see [`sync`];
//!   skipped with a line saying why when no server answers.

mod backups;
mod counter;
mod parcels;
mod reports;
mod sync;

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use serde_json::json;

use billettigue_core::auth::password;
use billettigue_core::commands::dispatch;
use billettigue_core::Locale;

const EMAIL: &str = "bench.admin@billettigue.sn";
const PASSWORD: &str = "bench-password-123";

pub(super) fn emit(figure: &str, value: f64, unit: &str, baseline: Option<f64>) {
    let mut line = json!({ "figure": figure, "value": round(value), "unit": unit });
    if let Some(baseline) = baseline {
        line["baseline"] = json!(round(baseline));
        line["ratio"] = json!(if baseline > 0.0 {
            round(value / baseline)
        } else {
            0.0
        });
    }
    println!("{line}");
}

fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(0.0)
}

async fn time_ms<F: std::future::Future<Output = bool>>(
    run: impl Fn() -> F,
    iterations: usize,
) -> Option<f64> {
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        if !run().await {
            return None;
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Some(median(samples))
}

/// The server the sync figures use when `--mysql` is not given.
const DEFAULT_MYSQL_SERVER: &str = "mysql://root@127.0.0.1:3306/";

/// What a bench run measures and at which sizes.
pub struct BenchOptions {
    pub quick: bool,
    /// Reservations in the desk the counter figures run on.
    pub reservations: Option<u64>,
    /// Only the sync figures (against `mysql`).
    pub sync_only: bool,
    /// Reservations head office holds when a new desk downloads everything.
    pub central_reservations: Option<u64>,
}

pub async fn run(options: BenchOptions, mysql: Option<&str>) -> ExitCode {
    let mysql = mysql.unwrap_or(DEFAULT_MYSQL_SERVER);
    let outcome = if options.sync_only {
        measure_sync(&options, mysql).await
    } else {
        measure(&options, mysql).await
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            println!(
                "{}",
                json!({ "code": "internal", "message": message, "field": null })
            );
            ExitCode::FAILURE
        }
    }
}

/// The sync figures alone, in a temporary folder.
async fn measure_sync(options: &BenchOptions, mysql: &str) -> Result<(), String> {
    let dir = tempfile_dir()?;
    let outcome = sync_figures(options, mysql, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

async fn sync_figures(options: &BenchOptions, mysql: &str, dir: &Path) -> Result<(), String> {
    // About seven synced rows per demo reservation: 2 000 make a backlog of over 10 000 changes.
    let backlog_reservations = if options.quick { 400 } else { 2_000 };
    let central_reservations =
        options
            .central_reservations
            .unwrap_or(if options.quick { 20_000 } else { 1_000_000 });
    sync::measure(mysql, dir, backlog_reservations, central_reservations).await
}

async fn measure(options: &BenchOptions, mysql: &str) -> Result<(), String> {
    let quick = options.quick;
    let reservations = options.reservations;
    let iterations = if quick { 5 } else { 30 };
    let dir = tempfile_dir()?;
    let db = dir.join("bench.db");
    let store = format!("file:{}", dir.join("secrets.json").display());
    let desk = crate::open(&db, &store)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let setup = json!({ "email": EMAIL, "password": PASSWORD, "first_name": "Bench", "last_name": "Admin" });
    let session = dispatch(&desk, "setup.create_admin", setup, None, Locale::Fr)
        .await
        .map_err(|e| e.message)?;
    let token = session["token"].as_str().unwrap_or_default().to_owned();

    let login = || async {
        dispatch(
            &desk,
            "auth.login",
            json!({ "email": EMAIL, "password": PASSWORD }),
            None,
            Locale::Fr,
        )
        .await
        .is_ok()
    };
    let signin = time_ms(login, iterations)
        .await
        .ok_or("auth.login failed")?;
    let raw_signin = || async {
        let row: Result<(Option<String>,), _> =
            sqlx::query_as("SELECT password_hash FROM comptes WHERE email = ?")
                .bind(EMAIL)
                .fetch_one(desk.pool())
                .await;
        match row {
            Ok((hash,)) => password::verify(PASSWORD.to_owned(), hash)
                .await
                .unwrap_or(false),
            Err(_) => false,
        }
    };
    let signin_baseline = time_ms(raw_signin, iterations)
        .await
        .ok_or("raw sign-in failed")?;
    emit("signin_latency", signin, "ms", Some(signin_baseline));

    let many = iterations * 20;
    let me = || async {
        dispatch(&desk, "auth.me", json!({}), Some(&token), Locale::Fr)
            .await
            .is_ok()
    };
    let me_ms = time_ms(me, many).await.ok_or("auth.me failed")?;
    let raw_me = || async {
        sqlx::query("SELECT * FROM comptes WHERE email = ?")
            .bind(EMAIL)
            .fetch_one(desk.pool())
            .await
            .is_ok()
    };
    let me_baseline = time_ms(raw_me, many).await.ok_or("raw select failed")?;
    emit("command_latency_auth_me", me_ms, "ms", Some(me_baseline));

    let reservations = reservations.unwrap_or(if quick { 20_000 } else { 1_000_000 });
    let filled = billettigue_core::demo::fill(&desk, reservations)
        .await
        .map_err(|e| format!("{e:?}"))?;
    emit(
        "demo_reservations",
        filled.reservations as f64,
        "rows",
        None,
    );
    counter::measure(&desk, &token, if quick { 50 } else { 500 }).await?;
    emit("demo_colis", filled.colis as f64, "rows", None);
    parcels::measure(&desk, &token, if quick { 50 } else { 500 }).await?;
    reports::measure(&desk, &token, if quick { 5 } else { 30 }).await?;
    backups::measure(&desk, &dir).await?;
    desk.close().await;
    sync_figures(options, mysql, &dir).await?;

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let cold = time_process(
        &exe,
        &[
            "--db",
            path_str(&db)?,
            "--secret-store",
            &store,
            "call",
            "setup.status",
        ],
        iterations,
    )?;
    let bare = time_process(&exe, &["--version"], iterations)?;
    emit("headless_cold_start", cold, "ms", Some(bare));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| "temporary path is not UTF-8".to_owned())
}

fn time_process(exe: &Path, args: &[&str], iterations: usize) -> Result<f64, String> {
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        let status = Command::new(exe)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("{} {args:?} failed", exe.display()));
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(median(samples))
}

fn tempfile_dir() -> Result<std::path::PathBuf, String> {
    let dir =
        std::env::temp_dir().join(format!("billettigue-bench-{}", billettigue_core::new_uid()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
