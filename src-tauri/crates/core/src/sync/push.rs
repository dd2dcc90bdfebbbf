//! Push: the outbox goes up in batches of multi-row statements, applied at head office by uid
//! and hybrid clock, so that a batch sent twice (a dropped connection, a kill before the desk
//! recorded the acknowledgement) changes head office once. A row head office refuses is set
//! aside with the reason, stays in the outbox and is tried again at every round.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sqlx::{MySqlConnection, Row as _};
use ts_rs::TS;

use super::catalog::{desk_only_row, Catalog, TableSpec};
use super::central::{unreachable, write_as_desk, Central};
use super::merge::later_status;
use super::row::{self, bind_central, placeholders, Row, Value};
use crate::desk::Desk;
use crate::error::Result;

/// MySQL refuses a statement with more than 65,535 placeholders.
const MAX_PLACEHOLDERS: usize = 65_535;

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct PushReport {
    /// Rows written at head office.
    pub pushed: u64,
    /// Rows head office already held in this state or a later one (a batch sent again).
    pub already_there: u64,
    /// Rows refused this round, kept in the outbox with their reason.
    pub set_aside: u64,
    pub batches: u64,
}

/// One outbox line.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Entry {
    id: i64,
    table_name: String,
    row_uid: String,
    changes: i64,
    hlc: i64,
}

/// What head office did with each line of a batch.
#[derive(Default)]
struct Outcome {
    /// Lines done with (written, or already there): removed from the outbox if not written again since.
    done: Vec<usize>,
    set_aside: Vec<(usize, String)>,
    /// Rows whose parent is not at head office yet, with the reason: tried again once the rest
    /// of the batch is written (a parent may come later in the batch: accounts, agencies and
    /// carriers reference each other), set aside if it never comes.
    waiting: Vec<Waiting>,
    pushed: u64,
    already_there: u64,
    /// Rows head office already holds under another uid for the same natural key (a
    /// reservation cancelled at two desks offline): the desk's copy takes head office's uid.
    merged_into: Vec<(usize, String)>,
}

/// A row with the index of its outbox line in the batch.
type IndexedRow = (usize, Row);

struct Waiting {
    table: String,
    /// Written with a merged status: head office logs it for the desk to read back.
    merged: bool,
    index: usize,
    row: Row,
    reason: String,
}

/// Sends the whole outbox, `batch_rows` lines per head office transaction, oldest first. A row
/// whose parent waited in a later batch (accounts, agencies and carriers reference each other)
/// is set aside by its own batch; while a sweep writes something, another sweep over what is
/// left tries such rows again, so that only rows head office refuses stay set aside.
pub async fn push(
    desk: &Desk,
    central: &Central,
    catalog: &Catalog,
    batch_rows: usize,
) -> Result<PushReport> {
    let mut report = PushReport::default();
    loop {
        let swept = sweep(desk, central, catalog, batch_rows).await?;
        report.pushed += swept.pushed;
        report.already_there += swept.already_there;
        report.batches += swept.batches;
        report.set_aside = swept.set_aside;
        if swept.set_aside == 0 || swept.pushed + swept.already_there == 0 {
            return Ok(report);
        }
    }
}

/// One pass over the outbox.
async fn sweep(
    desk: &Desk,
    central: &Central,
    catalog: &Catalog,
    batch_rows: usize,
) -> Result<PushReport> {
    let mut report = PushReport::default();
    let mut after = 0_i64;
    loop {
        let (entries, rows) = read_batch(desk, catalog, after, batch_rows.max(1)).await?;
        let Some(last) = entries.last() else { break };
        after = last.id;
        let outcome = send_batch(desk, central, catalog, &entries, rows).await?;
        acknowledge(desk, &entries, &outcome).await?;
        report.batches += 1;
        report.pushed += outcome.pushed;
        report.already_there += outcome.already_there;
        report.set_aside += outcome.set_aside.len() as u64;
    }
    Ok(report)
}

/// Outbox lines after `after` and the rows they name, read in one snapshot.
async fn read_batch(
    desk: &Desk,
    catalog: &Catalog,
    after: i64,
    limit: usize,
) -> Result<(Vec<Entry>, BTreeMap<usize, Row>)> {
    let mut tx = desk.pool().begin().await?;
    let entries: Vec<Entry> = sqlx::query_as(
        "SELECT id, table_name, row_uid, changes, hlc FROM sync_outbox WHERE id > ? ORDER BY id LIMIT ?",
    )
    .bind(after)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(&mut *tx)
    .await?;
    let mut rows = BTreeMap::new();
    for (table, indexes) in by_table(&entries) {
        let Some(spec) = catalog.table(&table) else {
            continue;
        };
        let uids: Vec<&str> = indexes
            .iter()
            .map(|&i| entries[i].row_uid.as_str())
            .collect();
        let found = sqlx::query(&row::desk_select(spec))
            .bind(serde_json::to_string(&uids).unwrap_or_default())
            .fetch_all(&mut *tx)
            .await?;
        let mut by_uid = BTreeMap::new();
        for found in &found {
            let values = row::from_desk(spec, found)?;
            if desk_only_row(spec, &values) {
                continue;
            }
            let uid = values[0].as_text().unwrap_or_default().to_owned();
            by_uid.insert(uid, values);
        }
        for i in indexes {
            if let Some(values) = by_uid.remove(&entries[i].row_uid) {
                rows.insert(
                    i,
                    Row {
                        values,
                        hlc: entries[i].hlc,
                    },
                );
            }
        }
    }
    tx.commit().await?;
    Ok((entries, rows))
}

fn by_table(entries: &[Entry]) -> BTreeMap<String, Vec<usize>> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        groups.entry(entry.table_name.clone()).or_default().push(i);
    }
    groups
}

/// Applies one batch at head office in one transaction, parents' tables first. Retries a
/// deadlock between desks twice before giving up for this round.
async fn send_batch(
    desk: &Desk,
    central: &Central,
    catalog: &Catalog,
    entries: &[Entry],
    rows: BTreeMap<usize, Row>,
) -> Result<Outcome> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match try_batch(desk, central, catalog, entries, rows.clone()).await {
            Err(error) if attempt < 3 && is_lock_conflict(&error) => continue,
            other => return other,
        }
    }
}

fn is_lock_conflict(error: &crate::error::Error) -> bool {
    let Some(source) = error.source.as_ref() else {
        return false;
    };
    let Some(sqlx::Error::Database(db)) = source.downcast_ref::<sqlx::Error>() else {
        return false;
    };
    // 1213 deadlock, 1205 lock wait timeout: nothing was written, the batch may be sent again.
    matches!(db.code().as_deref(), Some("40001") | Some("HY000")) && {
        let message = db.message().to_lowercase();
        message.contains("deadlock") || message.contains("lock wait timeout")
    }
}

async fn try_batch(
    desk: &Desk,
    central: &Central,
    catalog: &Catalog,
    entries: &[Entry],
    mut rows: BTreeMap<usize, Row>,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut tx = central.pool().begin().await.map_err(unreachable)?;
    write_as_desk(&mut tx, desk.desk_uid(), false).await?;
    let mut groups: Vec<(String, Vec<usize>)> = by_table(entries).into_iter().collect();
    groups.sort_by_key(|(table, _)| catalog.rank(table));
    let mut trajets_touched: BTreeSet<String> = BTreeSet::new();
    for (table, indexes) in groups {
        let Some(spec) = catalog.table(&table) else {
            // A table head office does not sync (yet): nothing to send.
            outcome.done.extend(indexes);
            continue;
        };
        let mut pending = Vec::with_capacity(indexes.len());
        for i in indexes {
            match rows.remove(&i) {
                Some(row) => pending.push((i, row)),
                // Gone from the desk (local housekeeping): nothing to send.
                None => outcome.done.push(i),
            }
        }
        note_trajets(spec, &pending, &mut trajets_touched);
        let per_statement = (MAX_PLACEHOLDERS / (spec.columns.len() + 1)).clamp(1, 500);
        for chunk in pending.chunks(per_statement) {
            apply_chunk(&mut tx, desk.desk_uid(), spec, chunk.to_vec(), &mut outcome).await?;
        }
    }
    write_waiting(&mut tx, desk.desk_uid(), catalog, &mut outcome).await?;
    recount_seats(&mut tx, desk.desk_uid(), &trajets_touched).await?;
    tx.commit().await.map_err(unreachable)?;
    Ok(outcome)
}

/// Records this desk's contact, version and backlog in its row at head office (once the row has
/// gone up), where administrators and the other desks read them.
pub async fn heartbeat(desk: &Desk, central: &Central) -> Result<super::outbox::Waiting> {
    let backlog = super::outbox::waiting(desk).await?;
    let mut conn = central.pool().acquire().await.map_err(unreachable)?;
    write_as_desk(&mut conn, desk.desk_uid(), false).await?;
    let scope = super::scope::current(desk.pool())
        .await?
        .map(|s| s.agency_uid);
    sqlx::query(
        "UPDATE desk_nodes SET last_contact_at = ?, app_version = ?, backlog_rows = ?, backlog_since = ?, \
         agence_id = (SELECT a.id FROM agences a WHERE a.uid = ?) WHERE uid = ?",
    )
    .bind(desk.clock().now())
    .bind(APP_VERSION)
    .bind(backlog.rows)
    .bind(backlog.since)
    .bind(scope)
    .bind(desk.desk_uid())
    .execute(&mut *conn)
    .await
    .map_err(unreachable)?;
    Ok(backlog)
}

/// The version of the desk application, as head office lists it beside each desk.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Writes the rows that waited for a parent, table by table, as long as each pass writes some;
/// what still waits is set aside.
async fn write_waiting(
    conn: &mut MySqlConnection,
    desk_uid: &str,
    catalog: &Catalog,
    outcome: &mut Outcome,
) -> Result<()> {
    loop {
        let mut waiting = std::mem::take(&mut outcome.waiting);
        if waiting.is_empty() {
            return Ok(());
        }
        let before = waiting.len();
        waiting.sort_by_key(|w| (catalog.rank(&w.table), w.merged, w.index));
        let mut groups: Vec<(String, bool, Vec<IndexedRow>)> = Vec::new();
        for w in waiting {
            match groups.last_mut() {
                Some((table, merged, rows)) if *table == w.table && *merged == w.merged => {
                    rows.push((w.index, w.row));
                }
                _ => groups.push((w.table, w.merged, vec![(w.index, w.row)])),
            }
        }
        for (table, merged, rows) in groups {
            let Some(spec) = catalog.table(&table) else {
                continue;
            };
            if merged {
                write_as_desk(conn, desk_uid, true).await?;
            }
            write_rows(conn, spec, rows, merged, outcome).await?;
            if merged {
                write_as_desk(conn, desk_uid, false).await?;
            }
        }
        if outcome.waiting.len() >= before {
            for w in std::mem::take(&mut outcome.waiting) {
                outcome.set_aside.push((w.index, w.reason));
            }
            return Ok(());
        }
    }
}

/// Trajets whose sold seats a batch may change.
fn note_trajets(spec: &TableSpec, rows: &[(usize, Row)], touched: &mut BTreeSet<String>) {
    if let Some(column) = spec.seat_count_trajet() {
        for (_, row) in rows {
            if let Some(uid) = row.values[column].as_text() {
                touched.insert(uid.to_owned());
            }
        }
    }
}

/// `available_seats` is derived from the seats held at head office, never taken from one desk
/// (two desks each writing "48 left" after selling different seats would lose a sale).
async fn recount_seats(
    conn: &mut MySqlConnection,
    desk_uid: &str,
    trajets: &BTreeSet<String>,
) -> Result<()> {
    if trajets.is_empty() {
        return Ok(());
    }
    write_as_desk(conn, desk_uid, true).await?;
    let uids: Vec<&String> = trajets.iter().collect();
    for chunk in uids.chunks(1_000) {
        let sql = format!(
            "UPDATE trajets t SET t.available_seats = t.seats_count - \
               (SELECT COUNT(*) FROM reservation_seats s WHERE s.trajet_id = t.id AND s.active = 1) \
             WHERE t.uid IN ({}) AND t.available_seats <> t.seats_count - \
               (SELECT COUNT(*) FROM reservation_seats s WHERE s.trajet_id = t.id AND s.active = 1)",
            placeholders(chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for uid in chunk {
            query = query.bind(uid.as_str());
        }
        query.execute(&mut *conn).await?;
    }
    write_as_desk(conn, desk_uid, false).await
}

/// What to do with one row given head office's copy.
enum Decision {
    Write,
    /// Written with a status head office held later in the lifecycle: the desk reads it back.
    WriteMerged,
    /// Head office's copy is newer but the desk's status is later in the lifecycle.
    RaiseStatus {
        status: Value,
        hlc: i64,
    },
    AlreadyThere,
}

async fn apply_chunk(
    conn: &mut MySqlConnection,
    desk_uid: &str,
    spec: &TableSpec,
    mut chunk: Vec<(usize, Row)>,
    outcome: &mut Outcome,
) -> Result<()> {
    let status_at = spec.position("status");
    let existing = lock_existing(conn, spec, &chunk, status_at).await?;
    let mut writes = Vec::new();
    let mut merged = Vec::new();
    for (i, mut row) in chunk.drain(..) {
        let decision = match existing.get(row.uid()) {
            None => Decision::Write,
            Some((central_hlc, central_status)) => {
                let ours = status_at.map(|s| row.values[s].clone());
                if row.hlc > *central_hlc {
                    match (status_at, ours, central_status) {
                        (Some(s), Some(ours), Some(theirs))
                            if later_status(&spec.name, &ours, theirs) != &ours =>
                        {
                            row.values[s] = theirs.clone();
                            Decision::WriteMerged
                        }
                        _ => Decision::Write,
                    }
                } else {
                    match (ours, central_status) {
                        (Some(ours), Some(theirs))
                            if later_status(&spec.name, theirs, &ours) != theirs =>
                        {
                            Decision::RaiseStatus {
                                status: ours,
                                hlc: central_hlc + 1,
                            }
                        }
                        _ => Decision::AlreadyThere,
                    }
                }
            }
        };
        match decision {
            Decision::Write => writes.push((i, row)),
            Decision::WriteMerged => merged.push((i, row)),
            Decision::RaiseStatus { status, hlc } => {
                write_as_desk(conn, desk_uid, true).await?;
                let sql = format!(
                    "UPDATE {} SET status = ?, sync_hlc = ? WHERE uid = ?",
                    spec.name
                );
                let done = bind_central(sqlx::query(&sql), status)
                    .bind(hlc)
                    .bind(row.uid())
                    .execute(&mut *conn)
                    .await;
                write_as_desk(conn, desk_uid, false).await?;
                match done {
                    Ok(_) => {
                        outcome.pushed += 1;
                        outcome.done.push(i);
                    }
                    Err(error) => outcome.set_aside.push((i, refusal(error)?)),
                }
            }
            Decision::AlreadyThere => {
                outcome.already_there += 1;
                outcome.done.push(i);
            }
        }
    }
    write_rows(conn, spec, writes, false, outcome).await?;
    if !merged.is_empty() {
        write_as_desk(conn, desk_uid, true).await?;
        write_rows(conn, spec, merged, true, outcome).await?;
        write_as_desk(conn, desk_uid, false).await?;
    }
    Ok(())
}

/// Head office's clock and status of the chunk's rows, locked until the batch commits.
async fn lock_existing(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    chunk: &[(usize, Row)],
    status_at: Option<usize>,
) -> Result<BTreeMap<String, (i64, Option<Value>)>> {
    let status = if status_at.is_some() {
        "status"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT uid, sync_hlc, {status} FROM {} WHERE uid IN ({}) FOR UPDATE",
        spec.name,
        placeholders(chunk.len())
    );
    let mut query = sqlx::query(&sql);
    for (_, row) in chunk {
        query = query.bind(row.uid().to_owned());
    }
    let mut existing = BTreeMap::new();
    for found in query.fetch_all(&mut *conn).await? {
        let uid: String = found.try_get(0)?;
        let hlc: i64 = found.try_get(1)?;
        let status: Option<String> = found.try_get(2)?;
        existing.insert(uid, (hlc, status.map(Value::Text)));
    }
    Ok(existing)
}

/// Writes rows (new or newer than head office's) with one multi-row upsert; if head office
/// refuses the statement, row by row to find the ones at fault. References are resolved to
/// head office's ids; a row whose parent is not there waits (see [`Outcome::waiting`]).
async fn write_rows(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    mut rows: Vec<(usize, Row)>,
    merged: bool,
    outcome: &mut Outcome,
) -> Result<()> {
    // Rows may reference rows of their own table in the same chunk (a return ticket and its
    // outward reservation): write what resolves, then try the rest again.
    while !rows.is_empty() {
        let ids = resolve_parents(conn, spec, &rows).await?;
        let (ready, waiting): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|(_, row)| missing_parent(spec, row, &ids).is_none());
        if ready.is_empty() {
            for (index, row) in waiting {
                let (column, uid) = missing_parent(spec, &row, &ids).unwrap_or_default();
                outcome.waiting.push(Waiting {
                    table: spec.name.clone(),
                    merged,
                    index,
                    row,
                    reason: format!("{column}: {uid} is not at head office"),
                });
            }
            return Ok(());
        }
        let values: Vec<(usize, String, i64, Vec<Value>)> = ready
            .into_iter()
            .map(|(i, row)| {
                let uid = row.uid().to_owned();
                (i, uid, row.hlc, central_values(spec, &row, &ids))
            })
            .collect();
        if upsert(conn, spec, &values).await.is_err() {
            for one in &values {
                if let Err(error) = upsert(conn, spec, std::slice::from_ref(one)).await {
                    outcome.set_aside.push((one.0, refusal(error)?));
                }
            }
        }
        verify(conn, spec, &values, outcome).await?;
        rows = waiting;
    }
    Ok(())
}

type ParentIds = BTreeMap<(String, String), i64>;

/// Head office's ids of every row the given rows reference.
async fn resolve_parents(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    rows: &[(usize, Row)],
) -> Result<ParentIds> {
    let mut wanted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (position, column) in spec.columns.iter().enumerate() {
        let Some(parent) = &column.parent else {
            continue;
        };
        for (_, row) in rows {
            if let Some(uid) = row.values[position].as_text() {
                wanted.entry(parent.as_str()).or_default().insert(uid);
            }
        }
    }
    let mut ids = ParentIds::new();
    for (parent, uids) in wanted {
        let uids: Vec<&str> = uids.into_iter().collect();
        for chunk in uids.chunks(10_000) {
            let sql = format!(
                "SELECT uid, id FROM {parent} WHERE uid IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, i64)>(&sql);
            for uid in chunk {
                query = query.bind(*uid);
            }
            for (uid, id) in query.fetch_all(&mut *conn).await? {
                ids.insert((parent.to_owned(), uid.to_lowercase()), id);
            }
        }
    }
    Ok(ids)
}

fn missing_parent(spec: &TableSpec, row: &Row, ids: &ParentIds) -> Option<(String, String)> {
    spec.columns
        .iter()
        .enumerate()
        .find_map(|(position, column)| {
            let parent = column.parent.as_ref()?;
            let uid = row.values[position].as_text()?;
            (!ids.contains_key(&(parent.clone(), uid.to_lowercase())))
                .then(|| (column.name.clone(), uid.to_owned()))
        })
}

fn central_values(spec: &TableSpec, row: &Row, ids: &ParentIds) -> Vec<Value> {
    spec.columns
        .iter()
        .zip(&row.values)
        .map(|(column, value)| match (&column.parent, value) {
            (Some(parent), Value::Text(uid)) => ids
                .get(&(parent.clone(), uid.to_lowercase()))
                .map_or(Value::Null, |id| Value::Int(*id)),
            _ => row::to_central(column.kind, value),
        })
        .collect()
}

/// `INSERT … ON DUPLICATE KEY UPDATE` that only ever updates the row of the same uid (a clash
/// on another unique key changes nothing and is caught by [`verify`]). `VALUES(col)` rather
/// than the `AS new` alias, which MariaDB does not take.
async fn upsert(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    rows: &[(usize, String, i64, Vec<Value>)],
) -> std::result::Result<(), sqlx::Error> {
    let names: Vec<String> = spec.columns.iter().map(|c| c.quoted()).collect();
    let tuple = format!("({})", placeholders(names.len() + 1));
    let hlc = "sync_hlc".to_owned();
    let updates: Vec<String> = names
        .iter()
        .skip(1)
        .chain(std::iter::once(&hlc))
        .map(|c| format!("{c} = IF(uid = VALUES(uid), VALUES({c}), {c})"))
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}, sync_hlc) VALUES {} ON DUPLICATE KEY UPDATE {}",
        spec.name,
        names.join(", "),
        vec![tuple.as_str(); rows.len()].join(", "),
        updates.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (_, _, hlc, values) in rows {
        for value in values {
            query = bind_central(query, value.clone());
        }
        query = query.bind(*hlc);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Counts each row written, or sets it aside when head office holds another clock for it (its
/// uid clashed with nothing, but another unique key did: the upsert left the other row alone).
async fn verify(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    rows: &[(usize, String, i64, Vec<Value>)],
    outcome: &mut Outcome,
) -> Result<()> {
    let already_refused: BTreeSet<usize> = outcome.set_aside.iter().map(|(i, _)| *i).collect();
    let sql = format!(
        "SELECT uid, sync_hlc FROM {} WHERE uid IN ({})",
        spec.name,
        placeholders(rows.len())
    );
    let mut query = sqlx::query_as::<_, (String, i64)>(&sql);
    for (_, uid, _, _) in rows {
        query = query.bind(uid.as_str());
    }
    let held: BTreeMap<String, i64> = query.fetch_all(&mut *conn).await?.into_iter().collect();
    for (i, uid, hlc, _) in rows {
        if already_refused.contains(i) {
            continue;
        }
        if held.get(uid) == Some(hlc) {
            outcome.pushed += 1;
            outcome.done.push(*i);
        } else if let Some(theirs) = same_natural_key(conn, spec, values_of(rows, *i)).await? {
            outcome.merged_into.push((*i, theirs));
        } else {
            outcome.set_aside.push((
                *i,
                "another row at head office already holds one of its unique values".to_owned(),
            ));
        }
    }
    Ok(())
}

fn values_of(rows: &[(usize, String, i64, Vec<Value>)], index: usize) -> &[Value] {
    rows.iter()
        .find(|(i, ..)| *i == index)
        .map_or(&[], |(.., values)| values.as_slice())
}

/// The uid of head office's row that holds the same natural key as `values` (head office's
/// units and ids), for the tables whose rows exist once per natural key.
async fn same_natural_key(
    conn: &mut MySqlConnection,
    spec: &TableSpec,
    values: &[Value],
) -> Result<Option<String>> {
    let Some(column) = natural_key(&spec.name) else {
        return Ok(None);
    };
    let Some(value) = spec.position(column).and_then(|p| values.get(p)) else {
        return Ok(None);
    };
    let sql = format!("SELECT uid FROM {} WHERE `{column}` = ?", spec.name);
    let found = bind_central(sqlx::query(&sql), value.clone())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.and_then(|row| row.try_get::<String, _>(0).ok()))
}

/// Why head office refused a row, or the error itself when it is not about the row (the
/// connection dropped: the whole round stops and the batch is sent again later).
fn refusal(error: sqlx::Error) -> Result<String> {
    match error {
        sqlx::Error::Database(db) => Ok(db.message().to_owned()),
        other => Err(unreachable(other)),
    }
}

/// Tables whose rows exist once per natural key (docs/sync.md, "Conflicts"): a reservation's
/// cancellation record, a setting by key. When two desks create one offline, head office keeps
/// the first that reached it and the other desk's copy becomes it. No other row references
/// these tables, so a uid can change.
fn natural_key(table: &str) -> Option<&'static str> {
    match table {
        "annulations" => Some("reservation_id"),
        "system_config" => Some("key"),
        _ => None,
    }
}

/// Gives the desk's row head office's uid, without recording it (nothing goes up for it).
async fn adopt_uid(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    table: &str,
    ours: &str,
    theirs: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO sync_capture_paused (paused) VALUES (1)")
        .execute(&mut **tx)
        .await?;
    sqlx::query(&format!("UPDATE {table} SET uid = ? WHERE uid = ?"))
        .bind(theirs)
        .bind(ours)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sync_capture_paused")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes what head office acknowledged from the outbox (unless written again meanwhile) and
/// records what was set aside.
async fn acknowledge(desk: &Desk, entries: &[Entry], outcome: &Outcome) -> Result<()> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    for &i in &outcome.done {
        let entry = &entries[i];
        sqlx::query("DELETE FROM sync_outbox WHERE id = ? AND changes = ?")
            .bind(entry.id)
            .bind(entry.changes)
            .execute(&mut *tx)
            .await?;
        super::set_aside::clear(&mut tx, "push", &entry.table_name, &entry.row_uid).await?;
    }
    for (i, theirs) in &outcome.merged_into {
        let entry = &entries[*i];
        adopt_uid(&mut tx, &entry.table_name, &entry.row_uid, theirs).await?;
        sqlx::query("DELETE FROM sync_outbox WHERE id = ?")
            .bind(entry.id)
            .execute(&mut *tx)
            .await?;
        super::set_aside::clear(&mut tx, "push", &entry.table_name, &entry.row_uid).await?;
        // The pull that follows fetches head office's row by this uid and writes its values.
        super::set_aside::record(
            &mut tx,
            "pull",
            &entry.table_name,
            theirs,
            "merged with head office's row for the same natural key",
            now,
        )
        .await?;
    }
    for (i, reason) in &outcome.set_aside {
        super::set_aside::record(
            &mut tx,
            "push",
            &entries[*i].table_name,
            &entries[*i].row_uid,
            reason,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
