//! `billettigue-cli`: the desk without a window. Same commands, same checks, JSON in and out.

mod bench;
mod demo;

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use billettigue_core::backup::{self, BackupKind, CreateBackupArgs};
use billettigue_core::clock::SystemClock;
use billettigue_core::commands;
use billettigue_core::host::DeskHost;
use billettigue_core::secrets::SecretBackend;
use billettigue_core::sync;
use billettigue_core::{Desk, Locale};
use billettigue_standin::{Approval, StandIn, StandInConfig};
use clap::{Parser, Subcommand};
use serde_json::{json, Value};

#[derive(Parser)]
#[command(
    name = "billettigue-cli",
    version,
    about = "Billettigue Desk without a window: the same commands as the application, in JSON."
)]
struct Cli {
    /// The desk's SQLite database (created if missing). Default: the window's own database.
    #[arg(long, global = true, env = "BILLETTIGUE_DB")]
    db: Option<PathBuf>,
    /// Where secrets are kept: os (default), keyutils, or file:PATH (explicit fallback).
    #[arg(
        long,
        global = true,
        env = "BILLETTIGUE_SECRET_STORE",
        default_value = "os"
    )]
    secret_store: String,
    /// Head office's database (`mysql://user:password@host:3306/database`), for `central` and `sync`.
    #[arg(
        long,
        global = true,
        env = "BILLETTIGUE_MYSQL_URL",
        hide_env_values = true
    )]
    mysql: Option<String>,
    /// Language of error messages: fr (default) or en.
    #[arg(long, global = true, env = "BILLETTIGUE_LANG", default_value = "fr")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Desk(DeskCommand),
    /// Lists every command with its arguments and result, as JSON.
    Commands,
    /// Measures the desk and prints one JSON object per figure.
    Bench {
        /// A small version that runs in seconds.
        #[arg(long)]
        quick: bool,
        /// Reservations in the desk the counter figures run on (default: a million; 20 000 with --quick).
        #[arg(long)]
        reservations: Option<u64>,
        /// Only the sync figures (push, backlog drain, first download), against --mysql.
        #[arg(long)]
        sync_only: bool,
        /// Reservations head office holds when a new desk downloads everything (default: a
        /// million; 20 000 with --quick).
        #[arg(long)]
        central_reservations: Option<u64>,
    },
    /// Head office's database (needs --mysql).
    #[command(subcommand)]
    Central(CentralCommand),
    /// Writes the TypeScript bindings of every command into DIR/index.ts.
    Bindings { dir: PathBuf },
    /// Runs the stand-in payment provider (docs/provider-api.md) until Ctrl-C, after printing
    /// {"base_url", "api_key", "merchant_id"} on one line.
    Standin {
        /// Address to listen on (port 0: any free port).
        #[arg(long, default_value = "127.0.0.1:8099")]
        listen: SocketAddr,
        /// The key clients must send as `Authorization: Bearer <key>`.
        #[arg(long, default_value = billettigue_standin::DEFAULT_API_KEY)]
        api_key: String,
        /// The merchant id request bodies must carry.
        #[arg(long, default_value = billettigue_standin::DEFAULT_MERCHANT_ID)]
        merchant_id: String,
        /// When mobile money payments are approved: immediate, or after-polls:N (on the N-th
        /// GET). A payer phone ending in 99 is declined instead.
        #[arg(long, default_value = "after-polls:1")]
        approval: Approval,
    },
}

#[derive(Subcommand)]
enum CentralCommand {
    /// Applies head office's schema migrations that are not applied yet (MySQL 8, MariaDB 10.11)
    /// and prints {"schema_version": N}.
    Migrate,
}

/// The subcommands that work on a desk database.
#[derive(Subcommand)]
enum DeskCommand {
    /// Creates the database if needed, migrates it and creates the first administrator.
    /// The password is read from standard input.
    Init {
        #[arg(long)]
        admin_email: String,
        #[arg(long, default_value = "Administrateur")]
        first_name: String,
        #[arg(long, default_value = "Principal")]
        last_name: String,
    },
    /// Signs in (password on standard input) and prints {"token": ...}.
    Login {
        #[arg(long)]
        email: String,
    },
    /// Runs one command with JSON arguments and prints its JSON result.
    Call {
        command: String,
        #[arg(default_value = "{}")]
        args: String,
        #[arg(long, env = "BILLETTIGUE_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// Runs many commands on one open desk: reads one JSON object per line on standard input,
    /// {"command": NAME, "args": {...}, "token": ...}, and prints one JSON line per command,
    /// {"ok": RESULT} or {"error": ERROR}, as soon as it is done (a sale's line is printed only
    /// once the sale is committed).
    Batch,
    /// Backs the database up now, while other processes may use it: a compressed snapshot and
    /// its record, to the configured folders (and the second folder), or to DIR. Progress goes
    /// to standard error; the result (archive, record, second copy) to standard output.
    Backup {
        /// Write the archive to this folder instead of the configured ones.
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Replaces the database with ARCHIVE after checking it (SHA-256, integrity, schema) and
    /// taking a safety backup of the current one; rolls back if any step fails. Works on a
    /// damaged database too. Close the window on this database first.
    Restore {
        archive: PathBuf,
        /// Accept an archive of another desk (this database then becomes that desk).
        #[arg(long)]
        allow_other_desk: bool,
    },
    /// Runs one sync round with head office (needs --mysql): pushes the outbox, pulls the change
    /// log, prints a JSON summary (pushed, pulled, set aside, duration). Download progress goes
    /// to standard error.
    Sync {
        /// Serve this agency (its uid at head office) from now on: the desk downloads only what
        /// it needs. Kept for later rounds, in the window too.
        #[arg(long, conflicts_with = "whole_network")]
        agency: Option<String>,
        /// Serve the whole network from now on (head office's own desk): download everything.
        #[arg(long)]
        whole_network: bool,
    },
    /// Fills the database with a realistic data set (Senegal and Côte d'Ivoire).
    DemoData {
        /// How many reservations to create (a million for benchmarks).
        #[arg(long, default_value_t = 2_000)]
        reservations: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return fail(json!({ "code": "internal", "message": error.to_string(), "field": null }))
        }
    };
    runtime.block_on(run(cli))
}

fn print(value: &Value) {
    println!("{value}");
}

fn fail(error: Value) -> ExitCode {
    println!("{error}");
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> ExitCode {
    let locale = Locale::parse_lenient(&cli.lang);
    let command = match cli.command {
        Command::Commands => {
            print(&serde_json::to_value(commands::describe_all()).unwrap_or_default());
            return ExitCode::SUCCESS;
        }
        Command::Bindings { dir } => {
            let written = std::fs::create_dir_all(&dir).and_then(|()| {
                std::fs::write(
                    dir.join("index.ts"),
                    billettigue_core::bindings::typescript(),
                )
            });
            return match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    fail(json!({ "code": "internal", "message": error.to_string(), "field": null }))
                }
            };
        }
        Command::Bench {
            quick,
            reservations,
            sync_only,
            central_reservations,
        } => {
            let options = bench::BenchOptions {
                quick,
                reservations,
                sync_only,
                central_reservations,
            };
            return bench::run(options, cli.mysql.as_deref()).await;
        }
        Command::Standin {
            listen,
            api_key,
            merchant_id,
            approval,
        } => {
            let config = StandInConfig {
                listen,
                api_key,
                merchant_id,
                approval,
            };
            return standin(config).await;
        }
        Command::Central(CentralCommand::Migrate) => {
            return match central_migrate(cli.mysql.as_deref()).await {
                Ok(value) => {
                    print(&value);
                    ExitCode::SUCCESS
                }
                Err(error) => fail(serde_json::to_value(error.payload(locale)).unwrap_or_default()),
            };
        }
        Command::Desk(command) => command,
    };
    let path = cli
        .db
        .unwrap_or_else(billettigue_core::paths::default_database);
    let secrets = match SecretBackend::parse(&cli.secret_store).and_then(|backend| backend.open()) {
        Ok(secrets) => secrets,
        Err(error) => return fail(serde_json::to_value(error.payload(locale)).unwrap_or_default()),
    };
    let host = DeskHost::open(path, secrets, Arc::new(SystemClock)).await;
    let outcome = run_on(&host, command, cli.mysql.as_deref(), locale).await;
    host.close().await;
    match outcome {
        Ok(value) => {
            print(&value);
            ExitCode::SUCCESS
        }
        Err(error) => fail(serde_json::to_value(error).unwrap_or_default()),
    }
}

type Outcome = Result<Value, billettigue_core::ErrorPayload>;

/// Runs one subcommand on the desk's host (a restore needs the database closed, and works
/// even when it is damaged).
async fn run_on(
    host: &DeskHost,
    command: DeskCommand,
    mysql: Option<&str>,
    locale: Locale,
) -> Outcome {
    match command {
        DeskCommand::Init {
            admin_email,
            first_name,
            last_name,
        } => {
            let password = read_password("Mot de passe / password: ").map_err(io_error)?;
            let args = json!({ "email": admin_email, "password": password, "first_name": first_name, "last_name": last_name });
            let session = host.call("setup.create_admin", args, None, locale).await?;
            Ok(json!({ "initialized": true, "admin": session["account"] }))
        }
        DeskCommand::Login { email } => {
            let password = read_password("Mot de passe / password: ").map_err(io_error)?;
            let args = json!({ "email": email, "password": password });
            let session = host.call("auth.login", args, None, locale).await?;
            Ok(json!({ "token": session["token"], "expires_at": session["expires_at"] }))
        }
        DeskCommand::Call {
            command,
            args,
            token,
        } => match serde_json::from_str::<Value>(&args) {
            Ok(args) => host.call(&command, args, token.as_deref(), locale).await,
            Err(_) => Err(bad_arguments(locale)),
        },
        DeskCommand::Batch => batch(host, locale).await.map_err(io_error),
        DeskCommand::Backup { to } => {
            let desk = host.desk().await;
            let desk = desk.as_ref().map_err(|error| error.payload(locale))?;
            back_up(desk, to)
                .await
                .map_err(|error| error.payload(locale))
        }
        DeskCommand::Restore {
            archive,
            allow_other_desk,
        } => {
            let archive = std::path::absolute(&archive).unwrap_or(archive);
            let report = host
                .restore_as_owner(&archive, allow_other_desk)
                .await
                .map_err(|error| error.payload(locale))?;
            serde_json::to_value(report).map_err(|error| io_error(std::io::Error::other(error)))
        }
        DeskCommand::Sync {
            agency,
            whole_network,
        } => {
            let desk = host.desk().await;
            let desk = desk.as_ref().map_err(|error| error.payload(locale))?;
            let scope = match (agency, whole_network) {
                (Some(agency), _) => Some(Some(agency)),
                (None, true) => Some(None),
                (None, false) => None,
            };
            sync_round(desk, mysql, scope)
                .await
                .map_err(|error| error.payload(locale))
        }
        DeskCommand::DemoData { reservations } => {
            let desk = host.desk().await;
            let desk = desk.as_ref().map_err(|error| error.payload(locale))?;
            demo::fill(desk, reservations)
                .await
                .map_err(|e| e.payload(locale))
        }
    }
}

fn central_url(mysql: Option<&str>) -> billettigue_core::Result<&str> {
    mysql.ok_or_else(|| {
        billettigue_core::Error::invalid(
            "mysql",
            billettigue_core::i18n::Message::CentralUrlInvalid,
        )
    })
}

async fn central_migrate(mysql: Option<&str>) -> billettigue_core::Result<Value> {
    let central = sync::Central::connect(central_url(mysql)?).await?;
    let report = central.migrate().await;
    central.close().await;
    serde_json::to_value(report?).map_err(billettigue_core::Error::internal)
}

/// One sync round, its download progress on standard error; `scope`, when given, first sets
/// the agency the desk serves (`Some(None)`: the whole network).
async fn sync_round(
    desk: &Desk,
    mysql: Option<&str>,
    scope: Option<Option<String>>,
) -> billettigue_core::Result<Value> {
    let central = sync::Central::connect(central_url(mysql)?).await?;
    if let Some(agency) = scope {
        if let Err(error) = sync::scope::choose(desk, &central, agency.as_deref()).await {
            central.close().await;
            return Err(error);
        }
    }
    let progress =
        |progress: sync::pull::Progress| eprintln!("{}", json!({ "progress": progress }));
    let summary = sync::run_round(desk, &central, &sync::RoundOptions::default(), &progress).await;
    central.close().await;
    serde_json::to_value(summary?).map_err(billettigue_core::Error::internal)
}

/// A manual backup by whoever runs the machine, with its progress on standard error.
async fn back_up(desk: &Desk, to: Option<PathBuf>) -> billettigue_core::Result<Value> {
    let args = CreateBackupArgs {
        to: to.map(|to| std::path::absolute(&to).unwrap_or(to).display().to_string()),
    };
    let board = Arc::clone(desk.backup_board());
    let reporter = tokio::spawn(async move {
        let mut last = None;
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            let Some(progress) = board.current() else {
                continue;
            };
            let line = json!({ "progress": progress });
            if last.as_ref() != Some(&line) {
                eprintln!("{line}");
                last = Some(line);
            }
        }
    });
    let outcome = backup::create(desk, None, BackupKind::Manual, args).await;
    reporter.abort();
    serde_json::to_value(outcome?).map_err(billettigue_core::Error::internal)
}

fn bad_arguments(locale: Locale) -> billettigue_core::ErrorPayload {
    billettigue_core::Error::new(
        billettigue_core::ErrorCode::Validation,
        billettigue_core::i18n::Message::BadArguments,
    )
    .payload(locale)
}

/// One command of `batch`'s standard input.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchLine {
    command: String,
    #[serde(default)]
    args: Option<Value>,
    #[serde(default)]
    token: Option<String>,
}

/// Runs each line of standard input as a command until it closes; returns how many ran.
async fn batch(host: &DeskHost, locale: Locale) -> std::io::Result<Value> {
    let mut ran = 0_u64;
    let mut stdout = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<BatchLine>(&line) {
            Ok(call) => {
                let args = call.args.unwrap_or_else(|| json!({}));
                match host
                    .call(&call.command, args, call.token.as_deref(), locale)
                    .await
                {
                    Ok(result) => json!({ "ok": result }),
                    Err(error) => json!({ "error": error }),
                }
            }
            Err(_) => json!({ "error": bad_arguments(locale) }),
        };
        writeln!(stdout, "{reply}")?;
        stdout.flush()?;
        ran += 1;
    }
    Ok(json!({ "ran": ran }))
}

/// Serves the stand-in provider until Ctrl-C.
async fn standin(config: StandInConfig) -> ExitCode {
    let internal = |error: std::io::Error| {
        fail(json!({ "code": "internal", "message": error.to_string(), "field": null }))
    };
    let standin = match StandIn::start_with(config).await {
        Ok(standin) => standin,
        Err(error) => return internal(error),
    };
    print(&json!({
        "base_url": standin.base_url(),
        "api_key": standin.api_key(),
        "merchant_id": standin.merchant_id(),
    }));
    match standin.serve_until_ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => internal(error),
    }
}

pub(crate) async fn open(
    path: &std::path::Path,
    secret_store: &str,
) -> billettigue_core::Result<Desk> {
    let secrets = SecretBackend::parse(secret_store)?.open()?;
    Desk::open(path, secrets, Arc::new(SystemClock)).await
}

fn io_error(error: std::io::Error) -> billettigue_core::ErrorPayload {
    billettigue_core::ErrorPayload {
        code: billettigue_core::ErrorCode::Internal,
        message: error.to_string(),
        field: None,
    }
}

/// The password from the terminal without echo, or the first line of standard input.
fn read_password(prompt: &str) -> std::io::Result<String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    std::io::stderr().flush()?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}
