//! Sync's figures against the MariaDB / MySQL server on loopback (a database the bench creates
//! and drops), each beside a raw baseline measured in the same run:
//! - `sync_push_rows_per_second`: a desk's backlog (demo sales written offline) pushed by a sync
//!   round vs. the same rows sent as plain multi-row INSERTs (500 rows per statement, one
//!   transaction) into copies of the tables without triggers, keys or indexes;
//! - `sync_backlog_drain`: the seconds that round took, for `sync_backlog_rows` changes;
//! - `sync_bootstrap`: the seconds a new desk's first download takes once head office holds
//!   `sync_bootstrap_reservations` reservations (grown in bulk from the demo rows, one seat each,
//!   40 per departure), vs. reading the same rows from head office and writing them with plain
//!   multi-row INSERTs into trigger-less copies of the desk's tables;
//! - `sync_pull_rows_per_second`: that download's rows per second, same baseline;
//! - `sync_bootstrap_agency`: the first download of a desk serving one agency on the same head
//!   office (`sync_bootstrap_agency_rows` rows), vs. the whole network's download above.

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
    central_reservations: u64,
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
    let outcome = run(&url, work_dir, reservations, central_reservations).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS `{name}`"))
        .execute(&mut admin)
        .await
        .map_err(|e| e.to_string())?;
    admin.close().await.ok();
    outcome
}

async fn run(
    url: &str,
    work_dir: &std::path::Path,
    reservations: u64,
    central_reservations: u64,
) -> Result<(), String> {
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
        let aside = sync::set_aside::list(selling.pool())
            .await
            .map_err(|e| format!("{e:?}"))?;
        return Err(format!(
            "the bench backlog did not drain: {pushed:?}, set aside: {aside:?}"
        ));
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

    // A new desk's first download of a head office that has sold for years.
    let held = grow_central(url, central_reservations).await?;
    emit("sync_bootstrap_reservations", held as f64, "rows", None);
    let fresh = crate::open(&work_dir.join("sync-fresh.db"), &store)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let started = Instant::now();
    let pulled = sync::run_round(&fresh, &central, &RoundOptions::default(), &quiet)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let pull_seconds = started.elapsed().as_secs_f64();
    let raw_pull = raw_pull_seconds(&fresh, &catalog, &central).await?;
    if pulled.set_aside > 0 {
        return Err(format!("the first download set rows aside: {pulled:?}"));
    }
    emit("sync_bootstrap", pull_seconds, "s", Some(raw_pull));
    emit(
        "sync_pull_rows_per_second",
        pulled.pulled as f64 / pull_seconds,
        "rows/s",
        Some(pulled.pulled as f64 / raw_pull),
    );
    fresh.close().await;

    // An agency's new counter on the same head office: it reads the whole change log but
    // downloads only what its agency needs (docs/sync.md, "Data minimisation"); beside the
    // whole network's download above.
    let agency: Option<String> = sqlx::query_scalar(
        "SELECT CAST(uid AS CHAR) FROM agences a WHERE a.transporteur_id IS NULL AND a.deleted_at IS NULL \
         ORDER BY (SELECT COUNT(*) FROM reservations r WHERE r.agence_id = a.id), a.id LIMIT 1",
    )
    .fetch_optional(central.pool())
    .await
    .map_err(|e| e.to_string())?;
    if let Some(agency) = agency {
        let counter = crate::open(&work_dir.join("sync-agency.db"), &store)
            .await
            .map_err(|e| format!("{e:?}"))?;
        sync::scope::choose(&counter, &central, Some(&agency))
            .await
            .map_err(|e| format!("{e:?}"))?;
        let started = Instant::now();
        let scoped = sync::run_round(&counter, &central, &RoundOptions::default(), &quiet)
            .await
            .map_err(|e| format!("{e:?}"))?;
        let scoped_seconds = started.elapsed().as_secs_f64();
        if scoped.set_aside > 0 {
            return Err(format!(
                "the agency's first download set rows aside: {scoped:?}"
            ));
        }
        emit(
            "sync_bootstrap_agency_rows",
            scoped.pulled as f64,
            "rows",
            None,
        );
        emit(
            "sync_bootstrap_agency",
            scoped_seconds,
            "s",
            Some(pull_seconds),
        );
        counter.close().await;
    }
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

/// Rows per statement when head office is grown: one transaction per slice.
const GROWTH_SLICE: u64 = 100_000;
/// Reservations per departure head office is grown with (one seat each).
const PER_DEPARTURE: u64 = 40;

/// Grows head office to `target` reservations by copying the demo's active departures in turn
/// and a demo reservation in bulk (new uids, synthetic `BENCH…` references, one seat each, 40
/// per departure), through its own triggers like any writer, so that its change log holds
/// every row. Returns the reservations head office holds.
async fn grow_central(url: &str, target: u64) -> Result<u64, String> {
    let mut conn = MySqlConnection::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    let held = count(&mut conn, "SELECT COUNT(*) FROM reservations").await?;
    let missing = target.saturating_sub(held);
    if missing == 0 {
        return Ok(held);
    }
    run_sql(&mut conn, "CREATE TABLE bench_numbers (i INT PRIMARY KEY)").await?;
    let numbers: Vec<String> = (1..=1000).map(|i| format!("({i})")).collect();
    run_sql(
        &mut conn,
        &format!(
            "INSERT INTO bench_numbers (i) VALUES {}",
            numbers.join(", ")
        ),
    )
    .await?;
    // 1 .. 1 000 000: enough for a million new reservations.
    let sequence = "(SELECT a.i + 1000 * (b.i - 1) AS k FROM bench_numbers a JOIN bench_numbers b)";

    let departures = missing.div_ceil(PER_DEPARTURE);
    // The demo's active departures, copied in turn: the grown network keeps its routes, so an
    // agency's share of it stays an agency's share.
    run_sql(
        &mut conn,
        "CREATE TABLE bench_templates (n INT PRIMARY KEY, id INT) \
         SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS n, id FROM trajets \
         WHERE status = 'active' AND deleted_at IS NULL",
    )
    .await?;
    let templates = count(&mut conn, "SELECT COUNT(*) FROM bench_templates")
        .await?
        .max(1);
    let before = count(&mut conn, "SELECT COALESCE(MAX(id), 0) FROM trajets").await?;
    let columns = copied_columns(
        &mut conn,
        "trajets",
        &[
            ("uid", "UUID()"),
            (
                "departure_time",
                "DATE_ADD(t.departure_time, INTERVAL s.k HOUR)",
            ),
            ("seats_count", "50"),
            ("available_seats", &(50 - PER_DEPARTURE).to_string()),
            ("status", "'active'"),
        ],
        "t",
    )
    .await?;
    for from in (0..departures).step_by(GROWTH_SLICE as usize) {
        run_sql(
            &mut conn,
            &format!(
                "INSERT INTO trajets ({}) SELECT {} FROM {sequence} s \
                 JOIN bench_templates p ON p.n = s.k MOD {templates} JOIN trajets t ON t.id = p.id \
                 WHERE s.k > {from} AND s.k <= {}",
                columns.0,
                columns.1,
                (from + GROWTH_SLICE).min(departures)
            ),
        )
        .await?;
    }
    run_sql(
        &mut conn,
        &format!(
            "CREATE TABLE bench_trajets (k INT PRIMARY KEY, id INT) \
             SELECT ROW_NUMBER() OVER (ORDER BY id) AS k, id FROM trajets WHERE id > {before}"
        ),
    )
    .await?;

    let template = count(&mut conn, "SELECT MIN(id) FROM reservations").await?;
    let before = count(&mut conn, "SELECT COALESCE(MAX(id), 0) FROM reservations").await?;
    let columns = copied_columns(
        &mut conn,
        "reservations",
        &[
            ("uid", "UUID()"),
            ("booking_reference", "CONCAT('BENCH', LPAD(s.k, 10, '0'))"),
            ("trajet_id", "d.id"),
            ("status", "'confirmed'"),
            ("seats_reserved", "1"),
            ("return_of_reservation_id", "NULL"),
            ("boarded_at", "NULL"),
        ],
        "r",
    )
    .await?;
    for from in (0..missing).step_by(GROWTH_SLICE as usize) {
        run_sql(
            &mut conn,
            &format!(
                "INSERT INTO reservations ({}) SELECT {} FROM reservations r JOIN {sequence} s \
                 JOIN bench_trajets d ON d.k = (s.k - 1) DIV {PER_DEPARTURE} + 1 \
                 WHERE r.id = {template} AND s.k > {from} AND s.k <= {}",
                columns.0,
                columns.1,
                (from + GROWTH_SLICE).min(missing)
            ),
        )
        .await?;
    }
    run_sql(
        &mut conn,
        &format!(
            "CREATE TABLE bench_reservations (k INT PRIMARY KEY, id INT, trajet_id INT) \
             SELECT ROW_NUMBER() OVER (ORDER BY id) AS k, id, trajet_id FROM reservations WHERE id > {before}"
        ),
    )
    .await?;
    for from in (0..missing).step_by(GROWTH_SLICE as usize) {
        run_sql(
            &mut conn,
            &format!(
                "INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, active, created_at, updated_at) \
                 SELECT UUID(), b.id, b.trajet_id, (b.k - 1) MOD {PER_DEPARTURE} + 1, 1, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) \
                 FROM bench_reservations b WHERE b.k > {from} AND b.k <= {}",
                (from + GROWTH_SLICE).min(missing)
            ),
        )
        .await?;
    }
    for table in [
        "bench_numbers",
        "bench_templates",
        "bench_trajets",
        "bench_reservations",
    ] {
        run_sql(&mut conn, &format!("DROP TABLE {table}")).await?;
    }
    let held = count(&mut conn, "SELECT COUNT(*) FROM reservations").await?;
    conn.close().await.ok();
    Ok(held)
}

/// The column list of `table` (but `id` and `sync_hlc`, which head office assigns) and the
/// matching SELECT expressions: `overrides`, else the column of the template row `alias`.
async fn copied_columns(
    conn: &mut MySqlConnection,
    table: &str,
    overrides: &[(&str, &str)],
    alias: &str,
) -> Result<(String, String), String> {
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(column_name AS CHAR) FROM information_schema.columns \
         WHERE table_schema = DATABASE() AND table_name = ? AND column_name NOT IN ('id', 'sync_hlc') \
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| e.to_string())?;
    let expressions: Vec<String> = columns
        .iter()
        .map(|column| {
            overrides
                .iter()
                .find(|(name, _)| name == column)
                .map_or(format!("{alias}.`{column}`"), |(_, expression)| {
                    (*expression).to_owned()
                })
        })
        .collect();
    let names: Vec<String> = columns.iter().map(|c| format!("`{c}`")).collect();
    Ok((names.join(", "), expressions.join(", ")))
}

async fn run_sql(conn: &mut MySqlConnection, sql: &str) -> Result<(), String> {
    sqlx::query(sql)
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| format!("{e}: {}", sql.chars().take(200).collect::<String>()))
}

async fn count(conn: &mut MySqlConnection, sql: &str) -> Result<u64, String> {
    let value: Option<i64> = sqlx::query_scalar(&format!("SELECT CAST(({sql}) AS SIGNED)"))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    Ok(u64::try_from(value.unwrap_or(0)).unwrap_or(0))
}
