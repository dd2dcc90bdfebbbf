//! Sync's figures against the MariaDB / MySQL server on loopback (a database the bench creates
//! and drops), each beside a raw baseline measured in the same run:
//! - `sync_push_rows_per_second`: a desk's backlog (demo sales written offline) pushed by a sync
//!   round vs. the same rows sent as plain multi-row INSERTs (500 rows per statement, one
//!   transaction) into copies of the tables without triggers, keys or indexes;
//! - `sync_backlog_drain`: the seconds that round took, for `sync_backlog_rows` changes;
//! - `sync_pull_rows_per_second`: a new desk's first download of everything head office holds
//!   vs. reading the same rows from head office and writing them with plain multi-row INSERTs
//!   into trigger-less copies of the desk's tables.

use std::time::Instant;

use billettigue_core::sync::catalog::{Catalog, TableSpec};
use billettigue_core::sync::pull::Progress;
use billettigue_core::sync::row::{self, bind_central, bind_desk, placeholders, Value};
use billettigue_core::sync::{self, Central, RoundOptions};
use billettigue_core::Desk;
use sqlx::{Connection, MySqlConnection};

use super::emit;

const PER_STATEMENT: usize = 500;

/// `server` is a URL without a database (`mysql://root@127.0.0.1:3306/`); without a server there,
/// prints why the figures are skipped.
pub async fn measure(
    server: &str,
    work_dir: &std::path::Path,
    reservations: u64,
) -> Result<(), String> {
    let name = format!(
        "bt_bench_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    );
    let mut admin = match MySqlConnection::connect(server).await {
        Ok(admin) => admin,
        Err(error) => {
            // No server to measure against: said, not failed.
            let why = format!("no MariaDB / MySQL at {server}: {error}");
            println!(
                "{}",
                serde_json::json!({ "figure": "sync", "skipped": why })
            );
            return Ok(());
        }
    };
    sqlx::query(&format!(
        "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    ))
    .execute(&mut admin)
    .await
    .map_err(|e| e.to_string())?;
    let url = format!("{}/{name}", server.trim_end_matches('/'));
    let outcome = run(&url, work_dir, reservations).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS `{name}`"))
        .execute(&mut admin)
        .await
        .map_err(|e| e.to_string())?;
    admin.close().await.ok();
    outcome
}

async fn run(url: &str, work_dir: &std::path::Path, reservations: u64) -> Result<(), String> {
    let central = Central::connect(url).await.map_err(|e| format!("{e:?}"))?;
    central.migrate().await.map_err(|e| format!("{e:?}"))?;
    let store = format!("file:{}", work_dir.join("sync-secrets.json").display());

    // A desk that sold offline: demo sales, then every row marked as changed (parents first),
    // as a day without network would leave them.
    let selling = crate::open(&work_dir.join("sync-selling.db"), &store)
        .await
        .map_err(|e| format!("{e:?}"))?;
    billettigue_core::demo::fill(&selling, reservations)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let catalog = Catalog::read(selling.pool(), central.pool())
        .await
        .map_err(|e| format!("{e:?}"))?;
    for spec in &catalog.tables {
        sqlx::query(&format!("UPDATE {} SET version = version", spec.name))
            .execute(selling.pool())
            .await
            .map_err(|e| e.to_string())?;
    }
    let backlog: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_outbox")
        .fetch_one(selling.pool())
        .await
        .map_err(|e| e.to_string())?;
    let raw_push = raw_push_seconds(&selling, &catalog, url).await?;
    let quiet = |_: Progress| {};
    let started = Instant::now();
    let pushed = sync::run_round(&selling, &central, &RoundOptions::default(), &quiet)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let push_seconds = started.elapsed().as_secs_f64();
    if pushed.set_aside > 0 || pushed.rows_waiting > 0 {
        return Err(format!("the bench backlog did not drain: {pushed:?}"));
    }
    emit("sync_backlog_rows", backlog as f64, "rows", None);
    emit("sync_backlog_drain", push_seconds, "s", Some(raw_push));
    emit(
        "sync_push_rows_per_second",
        backlog as f64 / push_seconds,
        "rows/s",
        Some(backlog as f64 / raw_push),
    );
    selling.close().await;

    // A new desk's first download of all of it.
    let fresh = crate::open(&work_dir.join("sync-fresh.db"), &store)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let started = Instant::now();
    let pulled = sync::run_round(&fresh, &central, &RoundOptions::default(), &quiet)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let pull_seconds = started.elapsed().as_secs_f64();
    let raw_pull = raw_pull_seconds(&fresh, &catalog, &central).await?;
    emit(
        "sync_pull_rows_per_second",
        pulled.pulled as f64 / pull_seconds,
        "rows/s",
        Some(pulled.pulled as f64 / raw_pull),
    );
    fresh.close().await;
    central.close().await;
    Ok(())
}

/// The backlog's rows read from the desk and sent as plain multi-row INSERTs (references as 0)
/// into copies of head office's tables without triggers, keys or indexes, in one transaction.
async fn raw_push_seconds(desk: &Desk, catalog: &Catalog, url: &str) -> Result<f64, String> {
    let mut conn = MySqlConnection::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    for spec in &catalog.tables {
        sqlx::query(&format!(
            "CREATE TABLE raw_{0} AS SELECT * FROM {0} WHERE 0",
            spec.name
        ))
        .execute(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    }
    let started = Instant::now();
    let mut tx = conn.begin().await.map_err(|e| e.to_string())?;
    for spec in &catalog.tables {
        let rows = waiting_rows(desk, spec).await?;
        let names: Vec<String> = spec.columns.iter().map(|c| c.quoted()).collect();
        for chunk in rows.chunks(PER_STATEMENT) {
            let tuple = format!("({})", placeholders(names.len() + 1));
            let sql = format!(
                "INSERT INTO raw_{} ({}, sync_hlc) VALUES {}",
                spec.name,
                names.join(", "),
                vec![tuple.as_str(); chunk.len()].join(", ")
            );
            let mut query = sqlx::query(&sql);
            for values in chunk {
                for (column, value) in spec.columns.iter().zip(values) {
                    let value = match (&column.parent, value) {
                        (Some(_), Value::Null) => Value::Null,
                        (Some(_), _) => Value::Int(0),
                        _ => row::to_central(column.kind, value),
                    };
                    query = bind_central(query, value);
                }
                query = query.bind(0_i64);
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(|e| format!("raw insert into {}: {e}", spec.name))?;
        }
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    conn.close().await.ok();
    Ok(seconds)
}

async fn waiting_rows(desk: &Desk, spec: &TableSpec) -> Result<Vec<Vec<Value>>, String> {
    let uids: Vec<String> =
        sqlx::query_scalar("SELECT row_uid FROM sync_outbox WHERE table_name = ? ORDER BY id")
            .bind(&spec.name)
            .fetch_all(desk.pool())
            .await
            .map_err(|e| e.to_string())?;
    let found = sqlx::query(&row::desk_select(spec))
        .bind(serde_json::to_string(&uids).unwrap_or_default())
        .fetch_all(desk.pool())
        .await
        .map_err(|e| e.to_string())?;
    found
        .iter()
        .map(|r| row::from_desk(spec, r).map_err(|e| format!("{e:?}")))
        .collect()
}

/// Every row head office holds, read with the same SELECTs as a pull and written with plain
/// multi-row INSERTs (references as NULL) into trigger-less copies of the desk's tables.
async fn raw_pull_seconds(
    desk: &Desk,
    catalog: &Catalog,
    central: &Central,
) -> Result<f64, String> {
    for spec in &catalog.tables {
        sqlx::query(&format!(
            "CREATE TABLE raw_{0} AS SELECT * FROM {0} WHERE 0",
            spec.name
        ))
        .execute(desk.pool())
        .await
        .map_err(|e| e.to_string())?;
    }
    let started = Instant::now();
    let mut tx = desk.pool().begin().await.map_err(|e| e.to_string())?;
    for spec in &catalog.tables {
        let uids: Vec<String> = sqlx::query_scalar(&format!("SELECT uid FROM {}", spec.name))
            .fetch_all(central.pool())
            .await
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = spec.columns.iter().map(|c| c.quoted()).collect();
        for chunk in uids.chunks(PER_STATEMENT) {
            let sql = row::central_select(spec, chunk.len());
            let mut query = sqlx::query(&sql);
            for uid in chunk {
                query = query.bind(uid.as_str());
            }
            let rows = query
                .fetch_all(central.pool())
                .await
                .map_err(|e| e.to_string())?;
            if rows.is_empty() {
                continue;
            }
            let tuple = format!("({})", placeholders(names.len()));
            let insert = format!(
                "INSERT INTO raw_{} ({}) VALUES {}",
                spec.name,
                names.join(", "),
                vec![tuple.as_str(); rows.len()].join(", ")
            );
            let mut query = sqlx::query(&insert);
            for found in &rows {
                let found = row::from_central(spec, found).map_err(|e| format!("{e:?}"))?;
                for (column, value) in spec.columns.iter().zip(found.values) {
                    query = bind_desk(
                        query,
                        if column.parent.is_some() {
                            Value::Null
                        } else {
                            value
                        },
                    );
                }
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(|e| format!("raw insert into {}: {e}", spec.name))?;
        }
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(started.elapsed().as_secs_f64())
}
