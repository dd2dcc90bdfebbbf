//! The Tauri shell: opens the desk and forwards each `call` from the window to the core's
//! command dispatcher. No business logic lives here.

use std::sync::Arc;

use billettigue_core::clock::SystemClock;
use billettigue_core::commands::dispatch;
use billettigue_core::secrets::SecretBackend;
use billettigue_core::{Desk, Error, ErrorPayload, Locale};
use serde_json::Value;
use tauri::Manager;

/// The open desk, or why it could not be opened (shown by the window on its first call).
struct DeskState(Result<Desk, Error>);

#[tauri::command]
async fn call(
    state: tauri::State<'_, DeskState>,
    command: String,
    args: Value,
    token: Option<String>,
    locale: Option<String>,
) -> Result<Value, ErrorPayload> {
    let locale = Locale::parse_lenient(locale.as_deref().unwrap_or("fr"));
    match &state.0 {
        Ok(desk) => dispatch(desk, &command, args, token.as_deref(), locale).await,
        Err(error) => Err(error.payload(locale)),
    }
}

async fn open_desk() -> Result<Desk, Error> {
    let secrets = SecretBackend::from_env()?.open()?;
    let path = billettigue_core::paths::default_database();
    let desk = Desk::open(&path, secrets, Arc::new(SystemClock)).await?;
    eprintln!("billettigue-desk: database {}", path.display());
    Ok(desk)
}

/// Pending payments are asked about again at start-up (the app may have closed mid-payment)
/// and then every minute; failed payments' holds are released on the same beat.
const RECONCILE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

async fn reconcile_forever(app: tauri::AppHandle) {
    loop {
        let state = app.state::<DeskState>();
        if let Ok(desk) = &state.0 {
            match billettigue_core::payments::reconcile(desk, None).await {
                Ok(summary)
                    if summary.checked + summary.refunds_checked + summary.holds_released > 0 =>
                {
                    eprintln!("billettigue-desk: reconciliation {summary:?}");
                }
                Ok(_) => {}
                Err(error) => eprintln!("billettigue-desk: reconciliation failed: {error:?}"),
            }
        }
        tokio::time::sleep(RECONCILE_EVERY).await;
    }
}

pub fn run() {
    let desk = tauri::async_runtime::block_on(open_desk());
    if let Err(error) = &desk {
        eprintln!("billettigue-desk: cannot open the desk: {error:?}");
    }
    let outcome = tauri::Builder::default()
        .manage(DeskState(desk))
        .setup(|app| {
            tauri::async_runtime::spawn(reconcile_forever(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call])
        .run(tauri::generate_context!());
    if let Err(error) = outcome {
        eprintln!("billettigue-desk: {error}");
        std::process::exit(1);
    }
}
