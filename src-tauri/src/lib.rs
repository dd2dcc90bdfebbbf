//! The Tauri shell: opens the desk's host and forwards each `call` from the window to it, and
//! runs the background work (the start-up integrity check, then rounds of payment
//! reconciliation, scheduled backups and maintenance). No business logic lives here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use billettigue_core::clock::SystemClock;
use billettigue_core::host::DeskHost;
use billettigue_core::secrets::SecretBackend;
use billettigue_core::{backup, maintenance, payments, reports, sync, Error, ErrorPayload, Locale};
use serde_json::Value;
use tauri::Manager;

/// The desk's host, or why there is none (no secret store: shown by the window on its first call).
struct Shell(Result<DeskHost, Error>);

#[tauri::command]
async fn call(
    state: tauri::State<'_, Shell>,
    command: String,
    args: Value,
    token: Option<String>,
    locale: Option<String>,
) -> Result<Value, ErrorPayload> {
    let locale = Locale::parse_lenient(locale.as_deref().unwrap_or("fr"));
    match &state.0 {
        Ok(host) => host.call(&command, args, token.as_deref(), locale).await,
        Err(error) => Err(error.payload(locale)),
    }
}

async fn open_host() -> Result<DeskHost, Error> {
    let secrets = SecretBackend::from_env()?.open()?;
    let path = billettigue_core::paths::default_database();
    eprintln!("billettigue-desk: database {}", path.display());
    let host = DeskHost::open(path, secrets, Arc::new(SystemClock)).await;
    if let Err(error) = &*host.desk().await {
        // Kept in the host: a damaged database gets the recovery screen, not a dead window.
        eprintln!("billettigue-desk: cannot open the desk: {error:?}");
    }
    Ok(host)
}

/// The background beat: pending payments are asked about again (the app may have closed
/// mid-payment) and failed payments' holds released, a scheduled backup is made when due, and
/// the report summaries of the days written since the last beat are rebuilt (so a report seldom
/// waits for them; after an upgrade, the first beat builds the whole history).
const ROUND_EVERY: Duration = Duration::from_secs(60);
/// Maintenance (purges, archiving old log rows, `PRAGMA optimize`): first a few minutes after
/// start-up, so that opening the counter is never slowed, then every six hours.
const MAINTENANCE_FIRST_AFTER: Duration = Duration::from_secs(5 * 60);
const MAINTENANCE_EVERY: Duration = Duration::from_secs(6 * 60 * 60);

async fn background_rounds(app: tauri::AppHandle) {
    let started = Instant::now();
    // The integrity check reads the whole file (seconds on a large desk): in the background,
    // so the counter opens at once; a damaged database closes the desk and the window turns to
    // the recovery screen at its next call.
    if let Ok(host) = &app.state::<Shell>().0 {
        let checked = host.check_integrity().await;
        eprintln!(
            "billettigue-desk: integrity check in {:.1} s: {}",
            started.elapsed().as_secs_f64(),
            match &checked {
                Ok(()) => "ok".to_owned(),
                Err(error) => format!("{error:?}"),
            }
        );
    }
    let mut maintained_at: Option<Instant> = None;
    loop {
        let shell = app.state::<Shell>();
        if let Ok(host) = &shell.0 {
            // Held for the round only: a restore waits for it, then the next round sees the new desk.
            if let Ok(desk) = &*host.desk().await {
                match payments::reconcile(desk, None).await {
                    Ok(summary)
                        if summary.checked + summary.refunds_checked + summary.holds_released
                            > 0 =>
                    {
                        eprintln!("billettigue-desk: reconciliation {summary:?}");
                    }
                    Ok(_) => {}
                    Err(error) => eprintln!("billettigue-desk: reconciliation failed: {error:?}"),
                }
                match backup::run_if_due(desk).await {
                    Ok(Some(outcome)) => eprintln!(
                        "billettigue-desk: scheduled backup {} ({:.1} s)",
                        outcome.entry.path, outcome.seconds
                    ),
                    Ok(None) => {}
                    Err(error) => eprintln!("billettigue-desk: scheduled backup failed: {error:?}"),
                }
                let summaries = Instant::now();
                match reports::summary::refresh(desk).await {
                    Ok(0) => {}
                    Ok(days) => eprintln!(
                        "billettigue-desk: report summaries of {days} day(s) rebuilt in {:.1} s",
                        summaries.elapsed().as_secs_f64()
                    ),
                    Err(error) => eprintln!("billettigue-desk: report summaries failed: {error:?}"),
                }
                let due = match maintained_at {
                    None => started.elapsed() >= MAINTENANCE_FIRST_AFTER,
                    Some(at) => at.elapsed() >= MAINTENANCE_EVERY,
                };
                if due {
                    maintained_at = Some(Instant::now());
                    match maintenance::run(desk, None).await {
                        Ok(report) => eprintln!("billettigue-desk: maintenance {report:?}"),
                        Err(error) => eprintln!("billettigue-desk: maintenance failed: {error:?}"),
                    }
                }
            }
        }
        tokio::time::sleep(ROUND_EVERY).await;
    }
}

/// Sync with head office: a round every `SYNC_EVERY` while it answers, every few seconds while it
/// does not, so the desk catches up soon after the network returns. Nothing while head office's
/// address is not set (the desk works alone).
const SYNC_EVERY: Duration = Duration::from_secs(30);
/// How long after an online sale claimed its seats the round that sends it up starts.
const NUDGE_DELAY: Duration = Duration::from_secs(1);

async fn background_sync(app: tauri::AppHandle) {
    loop {
        let mut online = true;
        let mut nudges = None;
        let shell = app.state::<Shell>();
        if let Ok(host) = &shell.0 {
            if let Ok(desk) = &*host.desk().await {
                nudges = Some(desk.sync_board().nudges());
                match sync::service::run_now(desk).await {
                    Ok(Some(summary))
                        if summary.pushed + summary.pulled + summary.set_aside > 0 =>
                    {
                        eprintln!("billettigue-desk: sync {summary:?}");
                    }
                    Ok(_) => {}
                    Err(error) => {
                        online = false;
                        eprintln!("billettigue-desk: sync failed: {error:?}");
                    }
                }
            }
        }
        let timer = tokio::time::sleep(sync::service::next_round_in(online, SYNC_EVERY));
        match nudges {
            Some(nudges) => {
                tokio::select! {
                    _ = timer => {}
                    _ = nudges.notified() => {
                        // An online sale claimed its seats: let it commit, then send it up.
                        tokio::time::sleep(NUDGE_DELAY).await;
                    }
                }
            }
            None => timer.await,
        }
    }
}

pub fn run() {
    let host = tauri::async_runtime::block_on(open_host());
    if let Err(error) = &host {
        eprintln!("billettigue-desk: cannot open the desk: {error:?}");
    }
    let outcome = tauri::Builder::default()
        .manage(Shell(host))
        .setup(|app| {
            tauri::async_runtime::spawn(background_rounds(app.handle().clone()));
            tauri::async_runtime::spawn(background_sync(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call])
        .run(tauri::generate_context!());
    if let Err(error) = outcome {
        eprintln!("billettigue-desk: {error}");
        std::process::exit(1);
    }
}
