//! Pull: head office's change log comes down from a cursor that never skips a change. A line's
//! `seq` is allocated when it is written, not when its transaction commits, so a line may
//! appear after a later one was read; the cursor remembers the numbers it jumped over (gaps)
//! and reads them again at every pull until they appear or expire (a rolled-back transaction
//! leaves a gap for good). Rows are applied without being recorded in the outbox, merged with
//! what the desk has not pushed yet, and the cursor moves in the same local transaction.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, Transaction};
use ts_rs::TS;

use super::catalog::{Catalog, TableSpec, NOT_PULLED};
use super::central::{unreachable, Central};
use super::fetch;
use super::merge::later_status;
use super::outbox;
use super::row::{self, bind_desk, placeholders, Row, Value};
use super::scope::Scope;
use super::set_aside;
use crate::desk::Desk;
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct PullOptions {
    /// Change-log lines read per local transaction.
    pub page: usize,
    /// How long a gap in the change log is waited for: longer than any transaction at head
    /// office stays open between writing a row and committing.
    pub gap_grace: Duration,
}

impl Default for PullOptions {
    fn default() -> Self {
        Self {
            page: 2_000,
            gap_grace: Duration::from_secs(600),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct PullReport {
    /// Rows written on the desk.
    pub pulled: u64,
    /// Change-log lines read (this desk's own changes included, which need nothing).
    pub lines_read: u64,
    pub set_aside: u64,
    /// Change-log numbers still awaited (an open transaction at head office).
    pub gaps_waiting: u64,
}

/// Where the first download stands: lines read out of the change log's size when it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub done: i64,
    pub total: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Line {
    seq: i64,
    table_name: String,
    row_uid: String,
    origin_node: Option<String>,
    /// When head office wrote the line (UTC, its own clock).
    changed_at: DateTime<Utc>,
}

pub async fn pull(
    desk: &Desk,
    central: &Central,
    catalog: &Catalog,
    options: &PullOptions,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<PullReport> {
    let mut report = PullReport::default();
    let total = bootstrap_target(desk, central).await?;
    let mut retry = set_aside_rows(desk).await?;
    let scope = Scope::read(desk, central).await?;
    // A number missing before a line written longer ago than the grace period belongs to a
    // transaction that rolled back (or to an auto-increment block never used): not a gap to
    // wait for. Head office's clock, so a desk's wrong clock cannot skip a change.
    let head_office_now: DateTime<Utc> = sqlx::query_scalar("SELECT UTC_TIMESTAMP(6)")
        .fetch_one(central.pool())
        .await
        .map_err(unreachable)?;
    let recent_since =
        head_office_now - chrono::Duration::from_std(options.gap_grace).unwrap_or_default();
    loop {
        let (high_water, gaps) = cursor(desk, options, desk.clock().now()).await?;
        let lines = read_lines(central, high_water, &gaps, options.page).await?;
        if lines.is_empty() && retry.is_empty() {
            report.gaps_waiting = gaps.len() as u64;
            break;
        }
        report.lines_read += lines.len() as u64;
        let retried = std::mem::take(&mut retry);
        let mut wanted: BTreeMap<String, BTreeSet<String>> = retried.clone();
        for line in &lines {
            let own = line.origin_node.as_deref() == Some(desk.desk_uid());
            if !own && !NOT_PULLED.contains(&line.table_name.as_str()) {
                wanted
                    .entry(line.table_name.clone())
                    .or_default()
                    .insert(line.row_uid.to_lowercase());
            }
        }
        let rows = fetch::rows(
            desk.pool(),
            desk.desk_uid(),
            central,
            catalog,
            scope.as_ref(),
            &wanted,
            &retried,
        )
        .await?;
        let next_high = lines
            .iter()
            .map(|l| l.seq)
            .filter(|&s| s > high_water)
            .max()
            .unwrap_or(high_water);
        let new_gaps = jumped_over(high_water, &lines, recent_since);
        let filled: Vec<i64> = lines
            .iter()
            .map(|l| l.seq)
            .filter(|s| gaps.contains(s))
            .collect();
        let applied = apply(desk, catalog, rows, &wanted).await?;
        let mut tx = applied.tx;
        save_cursor(&mut tx, next_high, &new_gaps, &filled, desk.clock().now()).await?;
        outbox::commit_unrecorded(tx).await?;
        report.pulled += applied.pulled;
        report.set_aside += applied.set_aside;
        if let Some(total) = total {
            on_progress(Progress {
                done: next_high.min(total),
                total,
            });
        }
        if lines.is_empty() {
            // Only rows set aside were tried again; the change log has nothing new.
            report.gaps_waiting = gaps.len() as u64;
            break;
        }
    }
    if total.is_some() {
        sqlx::query("UPDATE sync_pull_state SET bootstrap_done = 1")
            .execute(desk.pool())
            .await?;
    }
    Ok(report)
}

/// The change log's size the first time this desk pulls (kept, so a resumed download shows
/// its progress against the same total); none once the first download has finished.
async fn bootstrap_target(desk: &Desk, central: &Central) -> Result<Option<i64>> {
    let (done, target): (i64, Option<i64>) =
        sqlx::query_as("SELECT bootstrap_done, bootstrap_target FROM sync_pull_state")
            .fetch_one(desk.pool())
            .await?;
    if done == 1 {
        return Ok(None);
    }
    if let Some(target) = target {
        return Ok(Some(target));
    }
    let target: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(seq), 0) AS SIGNED) FROM sync_changes")
            .fetch_one(central.pool())
            .await
            .map_err(unreachable)?;
    sqlx::query("UPDATE sync_pull_state SET bootstrap_target = ?")
        .bind(target)
        .execute(desk.pool())
        .await?;
    Ok(Some(target))
}

async fn set_aside_rows(desk: &Desk) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT table_name, row_uid FROM sync_set_aside WHERE direction = 'pull'")
            .fetch_all(desk.pool())
            .await?;
    let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, uid) in rows {
        wanted.entry(table).or_default().insert(uid);
    }
    Ok(wanted)
}

/// The cursor's high-water mark and the gaps still awaited, after dropping the gaps older than
/// the grace period.
async fn cursor(
    desk: &Desk,
    options: &PullOptions,
    now: DateTime<Utc>,
) -> Result<(i64, BTreeSet<i64>)> {
    let expired = now - chrono::Duration::from_std(options.gap_grace).unwrap_or_default();
    sqlx::query("DELETE FROM sync_pull_gaps WHERE first_seen_at < ?")
        .bind(expired)
        .execute(desk.pool())
        .await?;
    let high_water: i64 = sqlx::query_scalar("SELECT high_water FROM sync_pull_state")
        .fetch_one(desk.pool())
        .await?;
    let gaps: Vec<i64> = sqlx::query_scalar("SELECT seq FROM sync_pull_gaps ORDER BY seq")
        .fetch_all(desk.pool())
        .await?;
    Ok((high_water, gaps.into_iter().collect()))
}

/// The next `page` lines after the high-water mark, and any awaited gap that has appeared.
async fn read_lines(
    central: &Central,
    high_water: i64,
    gaps: &BTreeSet<i64>,
    page: usize,
) -> Result<Vec<Line>> {
    let mut lines: Vec<Line> = sqlx::query_as(
        "SELECT seq, table_name, row_uid, origin_node, changed_at FROM sync_changes WHERE seq > ? ORDER BY seq LIMIT ?",
    )
    .bind(high_water)
    .bind(i64::try_from(page.max(1)).unwrap_or(i64::MAX))
    .fetch_all(central.pool())
    .await
    .map_err(unreachable)?;
    let gaps: Vec<i64> = gaps.iter().copied().collect();
    for chunk in gaps.chunks(5_000) {
        let sql = format!(
            "SELECT seq, table_name, row_uid, origin_node, changed_at FROM sync_changes WHERE seq IN ({})",
            placeholders(chunk.len())
        );
        let mut query = sqlx::query_as::<_, Line>(&sql);
        for seq in chunk {
            query = query.bind(*seq);
        }
        lines.extend(query.fetch_all(central.pool()).await.map_err(unreachable)?);
    }
    Ok(lines)
}

/// Numbers between the high-water mark and the new lines that were not among them, before a
/// line written since `recent_since` (older holes will not fill).
fn jumped_over(high_water: i64, lines: &[Line], recent_since: DateTime<Utc>) -> Vec<i64> {
    let mut seen: Vec<&Line> = lines.iter().filter(|l| l.seq > high_water).collect();
    seen.sort_by_key(|l| l.seq);
    let mut gaps = Vec::new();
    let mut previous = high_water;
    for line in seen {
        if line.changed_at >= recent_since {
            gaps.extend(previous + 1..line.seq);
        }
        previous = line.seq;
    }
    gaps
}

async fn save_cursor(
    tx: &mut Transaction<'static, Sqlite>,
    high_water: i64,
    new_gaps: &[i64],
    filled: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE sync_pull_state SET high_water = MAX(high_water, ?)")
        .bind(high_water)
        .execute(&mut **tx)
        .await?;
    for seq in new_gaps {
        sqlx::query("INSERT OR IGNORE INTO sync_pull_gaps (seq, first_seen_at) VALUES (?, ?)")
            .bind(seq)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    for seq in filled {
        sqlx::query("DELETE FROM sync_pull_gaps WHERE seq = ?")
            .bind(seq)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

struct Applied {
    tx: Transaction<'static, Sqlite>,
    pulled: u64,
    set_aside: u64,
    /// Rows set aside on the pull side before this page, by (table, lower-case uid): only
    /// those have a line to clear once written.
    aside: BTreeMap<(String, String), String>,
}

impl Applied {
    async fn clear_aside(&mut self, table: &str, uid: &str) -> Result<()> {
        if let Some(stored) = self.aside.remove(&(table.to_owned(), uid.to_lowercase())) {
            set_aside::clear(&mut self.tx, "pull", table, &stored).await?;
        }
        Ok(())
    }

    async fn set_aside(
        &mut self,
        table: &str,
        uid: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.set_aside += 1;
        set_aside::record(&mut self.tx, "pull", table, uid, reason, now).await
    }
}

/// A row to write on the desk, and whether the desk holds a copy of it already.
struct Write {
    row: Row,
    exists: bool,
}

/// Rows of one table still waiting for a parent, with the reason of the last try.
type Waiting = (String, Vec<(Write, String)>);

/// Writes the fetched rows on the desk in one transaction that records nothing in the outbox.
async fn apply(
    desk: &Desk,
    catalog: &Catalog,
    fetched: Vec<(String, Vec<Row>)>,
    wanted: &BTreeMap<String, BTreeSet<String>>,
) -> Result<Applied> {
    let now = desk.clock().now();
    let mut tx = outbox::begin_unrecorded(desk).await?;
    let newest = fetched
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.hlc))
        .max()
        .unwrap_or(0);
    // The desk's clock never runs behind a clock it has seen: its next write wins over them.
    sqlx::query("UPDATE sync_clock SET hlc = MAX(hlc, ?)")
        .bind(newest)
        .execute(&mut *tx)
        .await?;
    let aside: Vec<(String, String)> =
        sqlx::query_as("SELECT table_name, row_uid FROM sync_set_aside WHERE direction = 'pull'")
            .fetch_all(&mut *tx)
            .await?;
    let mut applied = Applied {
        tx,
        pulled: 0,
        set_aside: 0,
        aside: aside
            .into_iter()
            .map(|(table, uid)| ((table, uid.to_lowercase()), uid))
            .collect(),
    };
    let mut raise: Vec<(String, String, Value)> = Vec::new();
    let mut trajets: BTreeSet<String> = BTreeSet::new();
    let mut waiting: Vec<Waiting> = Vec::new();
    for (table, rows) in fetched {
        let Some(spec) = catalog.table(&table) else {
            continue;
        };
        // Rows gone from head office (hard-deleted there) have nothing to bring.
        let found: BTreeSet<String> = rows.iter().map(|r| r.uid().to_lowercase()).collect();
        // (A table may come down only as the parent of kept rows: then nothing was wanted.)
        for uid in wanted.get(&table).into_iter().flatten() {
            if !found.contains(uid) {
                applied.clear_aside(&table, uid).await?;
            }
        }
        let writes = merge_table(&mut applied, spec, rows, &mut raise, &mut trajets).await?;
        let left = write_table(&mut applied, spec, writes, now).await?;
        if !left.is_empty() {
            waiting.push((table, left));
        }
    }
    // Accounts, agencies and carriers reference each other: a row whose parent came in a table
    // written after its own is tried again once the page's other tables are written.
    loop {
        let before: usize = waiting.iter().map(|(_, rows)| rows.len()).sum();
        let mut still = Vec::new();
        for (table, rows) in waiting {
            let Some(spec) = catalog.table(&table) else {
                continue;
            };
            let writes = rows.into_iter().map(|(write, _)| write).collect();
            let left = write_table(&mut applied, spec, writes, now).await?;
            if !left.is_empty() {
                still.push((table, left));
            }
        }
        waiting = still;
        let after: usize = waiting.iter().map(|(_, rows)| rows.len()).sum();
        if after == 0 || after == before {
            break;
        }
    }
    for (table, rows) in waiting {
        for (write, reason) in rows {
            applied
                .set_aside(&table, write.row.uid(), &reason, now)
                .await?;
        }
    }
    let tx = &mut applied.tx;
    // Statuses the desk holds later in their lifecycle than head office's copy go up again,
    // recorded in the outbox with a clock later than anything pulled.
    sqlx::query("DELETE FROM sync_capture_paused")
        .execute(&mut **tx)
        .await?;
    for (table, uid, status) in raise {
        let sql = format!(
            "UPDATE {table} SET status = ?, version = version + 1, updated_at = ? WHERE uid = ?"
        );
        bind_desk(sqlx::query(&sql), status)
            .bind(now)
            .bind(uid)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO sync_capture_paused (paused) VALUES (1)")
        .execute(&mut **tx)
        .await?;
    recount_seats(tx, &trajets).await?;
    Ok(applied)
}

/// Merges head office's rows of one table with the desk's (docs/sync.md, "Conflicts"): the rows
/// to write, the statuses to raise again, the trajets whose free seats to recount.
async fn merge_table(
    applied: &mut Applied,
    spec: &TableSpec,
    rows: Vec<Row>,
    raise: &mut Vec<(String, String, Value)>,
    trajets: &mut BTreeSet<String>,
) -> Result<Vec<Write>> {
    let uids: Vec<String> = rows.iter().map(|r| r.uid().to_owned()).collect();
    let uids_json = serde_json::to_string(&uids).unwrap_or_default();
    let local: BTreeMap<String, Vec<Value>> = sqlx::query(&row::desk_select(spec))
        .bind(&uids_json)
        .fetch_all(&mut *applied.tx)
        .await?
        .iter()
        .map(|r| {
            row::from_desk(spec, r).map(|v| (v[0].as_text().unwrap_or_default().to_lowercase(), v))
        })
        .collect::<Result<_>>()?;
    let pending: BTreeMap<String, i64> = sqlx::query_as::<_, (String, i64)>(
        "SELECT lower(row_uid), hlc FROM sync_outbox WHERE table_name = ? \
         AND row_uid IN (SELECT value FROM json_each(?))",
    )
    .bind(&spec.name)
    .bind(&uids_json)
    .fetch_all(&mut *applied.tx)
    .await?
    .into_iter()
    .collect();
    let status_at = spec.position("status");
    let trajet_at = spec.seat_count_trajet();
    let mut writes = Vec::new();
    for mut row in rows {
        let key = row.uid().to_lowercase();
        let ours = local.get(&key);
        let our_clock = pending.get(&key).copied();
        if let (Some(ours), Some(clock)) = (ours, our_clock) {
            if clock >= row.hlc {
                // The desk's unpushed write is the later one: it goes up as it is, but keeps
                // a status head office already moved further along.
                if let Some(s) = status_at {
                    if later_status(&spec.name, &ours[s], &row.values[s]) != &ours[s] {
                        raise.push((
                            spec.name.clone(),
                            row.uid().to_owned(),
                            row.values[s].clone(),
                        ));
                    }
                }
                continue;
            }
        }
        if let (Some(s), Some(ours)) = (status_at, ours) {
            if later_status(&spec.name, &row.values[s], &ours[s]) != &row.values[s] {
                raise.push((spec.name.clone(), row.uid().to_owned(), ours[s].clone()));
                row.values[s] = ours[s].clone();
            }
        }
        if our_clock.is_some() {
            // Head office's copy is later: the desk's unpushed write of this row is superseded.
            sqlx::query("DELETE FROM sync_outbox WHERE table_name = ? AND lower(row_uid) = ?")
                .bind(&spec.name)
                .bind(&key)
                .execute(&mut *applied.tx)
                .await?;
        }
        if ours == Some(&row.values) {
            applied.clear_aside(&spec.name, &key).await?;
            continue;
        }
        if let Some(position) = trajet_at {
            if let Some(uid) = row.values[position].as_text() {
                trajets.insert(uid.to_owned());
            }
        }
        writes.push(Write {
            exists: ours.is_some(),
            row,
        });
    }
    Ok(writes)
}

/// Writes what can be of one table's rows: a row whose parent is not on the desk waits (a parent
/// may come later in the page, or in the same table: write, then try again until nothing
/// moves). New rows go in multi-row INSERTs; a row the desk's constraints refuse is set aside.
/// Returns the rows still waiting, with the reason.
async fn write_table(
    applied: &mut Applied,
    spec: &TableSpec,
    mut writes: Vec<Write>,
    now: DateTime<Utc>,
) -> Result<Vec<(Write, String)>> {
    loop {
        let before = writes.len();
        let present = present_parents(&mut applied.tx, spec, &writes).await?;
        let mut waiting = Vec::new();
        let mut new_rows = Vec::new();
        for write in writes {
            match missing_parent(spec, &write.row, &present) {
                Some(reason) => waiting.push((write, reason)),
                None if write.exists => write_one(applied, spec, write.row, now).await?,
                None => new_rows.push(write.row),
            }
        }
        insert_new(applied, spec, new_rows, &present, now).await?;
        if waiting.is_empty() || waiting.len() == before {
            return Ok(waiting);
        }
        writes = waiting.into_iter().map(|(write, _)| write).collect();
    }
}

/// For each reference column, the referenced rows of `writes` that are on the desk, uid to
/// local id (one query per column, not per row).
async fn present_parents(
    tx: &mut Transaction<'static, Sqlite>,
    spec: &TableSpec,
    writes: &[Write],
) -> Result<Vec<BTreeMap<String, i64>>> {
    let mut present = vec![BTreeMap::new(); spec.columns.len()];
    for (at, column) in spec.columns.iter().enumerate() {
        let Some(parent) = &column.parent else {
            continue;
        };
        let uids: BTreeSet<&str> = writes
            .iter()
            .filter_map(|w| w.row.values[at].as_text())
            .collect();
        if uids.is_empty() {
            continue;
        }
        let sql =
            format!("SELECT uid, id FROM {parent} WHERE uid IN (SELECT value FROM json_each(?))");
        present[at] = sqlx::query_as(&sql)
            .bind(serde_json::to_string(&uids).unwrap_or_default())
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    }
    Ok(present)
}

/// Why a row cannot be written yet: a row it references is not on the desk.
fn missing_parent(
    spec: &TableSpec,
    row: &Row,
    present: &[BTreeMap<String, i64>],
) -> Option<String> {
    spec.columns
        .iter()
        .zip(&row.values)
        .enumerate()
        .find_map(|(at, (column, value))| {
            let uid = value.as_text().filter(|_| column.parent.is_some())?;
            (!present[at].contains_key(uid))
                .then(|| format!("{}: {uid} is not on this desk", column.name))
        })
}

async fn write_one(
    applied: &mut Applied,
    spec: &TableSpec,
    row: Row,
    now: DateTime<Utc>,
) -> Result<()> {
    match upsert(&mut applied.tx, spec, &row).await {
        Ok(()) => {
            applied.pulled += 1;
            applied.clear_aside(&spec.name, row.uid()).await
        }
        Err(sqlx::Error::Database(db)) => {
            applied
                .set_aside(&spec.name, row.uid(), db.message(), now)
                .await
        }
        Err(other) => Err(other.into()),
    }
}

/// SQLite takes up to 32,766 bound values per statement.
const DESK_PLACEHOLDERS: usize = 32_000;

/// Inserts rows the desk does not hold, many per statement, references bound as the local ids
/// found by [`present_parents`] (a sub-select per value would open a cursor per row and make
/// SQLite's inserts quadratic in the statement's size); a statement the desk's constraints
/// refuse (SQLite undoes that statement only) is done again row by row to set the culprit aside.
async fn insert_new(
    applied: &mut Applied,
    spec: &TableSpec,
    rows: Vec<Row>,
    present: &[BTreeMap<String, i64>],
    now: DateTime<Utc>,
) -> Result<()> {
    let per_statement = (DESK_PLACEHOLDERS / spec.columns.len().max(1)).clamp(1, 500);
    let names: Vec<String> = spec.columns.iter().map(|c| c.quoted()).collect();
    let tuple = format!("({})", placeholders(names.len()));
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            spec.name,
            names.join(", "),
            vec![tuple.as_str(); chunk.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for (at, (column, value)) in spec.columns.iter().zip(&row.values).enumerate() {
                let value = match (&column.parent, value.as_text()) {
                    (Some(_), Some(uid)) => present[at]
                        .get(uid)
                        .map_or(Value::Null, |&id| Value::Int(id)),
                    _ => value.clone(),
                };
                query = bind_desk(query, value);
            }
        }
        match query.execute(&mut *applied.tx).await {
            Ok(_) => {
                applied.pulled += chunk.len() as u64;
                for row in chunk {
                    applied.clear_aside(&spec.name, row.uid()).await?;
                }
            }
            Err(sqlx::Error::Database(_)) => {
                for row in chunk {
                    write_one(applied, spec, row.clone(), now).await?;
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

/// A column's value in an INSERT or UPDATE: a reference is bound as its parent's uid.
fn value_expr(column: &super::catalog::Column) -> String {
    match &column.parent {
        Some(parent) => format!("(SELECT id FROM {parent} WHERE uid = ?)"),
        None => "?".to_owned(),
    }
}

/// Updates the row by uid, or inserts it. Not one `INSERT … ON CONFLICT DO UPDATE`: SQLite
/// applies an upsert's conflict policy to the statements of the triggers it fires, and the
/// report triggers' `INSERT OR IGNORE` would then fail on a day already marked stale.
async fn upsert(
    tx: &mut Transaction<'static, Sqlite>,
    spec: &TableSpec,
    row: &Row,
) -> std::result::Result<(), sqlx::Error> {
    let sets: Vec<String> = spec
        .columns
        .iter()
        .skip(1)
        .map(|c| format!("{} = {}", c.quoted(), value_expr(c)))
        .collect();
    let update = format!("UPDATE {} SET {} WHERE uid = ?", spec.name, sets.join(", "));
    let mut query = sqlx::query(&update);
    for value in row.values.iter().skip(1) {
        query = bind_desk(query, value.clone());
    }
    let updated = query.bind(row.uid().to_owned()).execute(&mut **tx).await?;
    if updated.rows_affected() > 0 {
        return Ok(());
    }
    let names: Vec<String> = spec.columns.iter().map(|c| c.quoted()).collect();
    let values: Vec<String> = spec.columns.iter().map(value_expr).collect();
    let insert = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        spec.name,
        names.join(", "),
        values.join(", ")
    );
    let mut query = sqlx::query(&insert);
    for value in &row.values {
        query = bind_desk(query, value.clone());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// The desk's own count of free seats on the trajets whose seats came down: everything it
/// knows is sold, pulled or its own.
async fn recount_seats(
    tx: &mut Transaction<'static, Sqlite>,
    trajets: &BTreeSet<String>,
) -> Result<()> {
    if trajets.is_empty() {
        return Ok(());
    }
    let uids: Vec<&String> = trajets.iter().collect();
    sqlx::query(
        "UPDATE trajets SET available_seats = seats_count - \
           (SELECT COUNT(*) FROM reservation_seats s WHERE s.trajet_id = trajets.id AND s.active = 1) \
         WHERE uid IN (SELECT value FROM json_each(?)) AND available_seats <> seats_count - \
           (SELECT COUNT(*) FROM reservation_seats s WHERE s.trajet_id = trajets.id AND s.active = 1)",
    )
    .bind(serde_json::to_string(&uids).unwrap_or_default())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes_ago: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
            - chrono::Duration::minutes(minutes_ago)
    }

    fn line(seq: i64, minutes_ago: i64) -> Line {
        Line {
            seq,
            table_name: "trajets".into(),
            row_uid: String::new(),
            origin_node: None,
            changed_at: at(minutes_ago),
        }
    }

    #[test]
    fn the_numbers_a_page_jumps_over_are_kept_as_gaps() {
        let since = at(10);
        let page = [line(11, 0), line(14, 0), line(15, 0)];
        assert_eq!(jumped_over(10, &page, since), vec![12, 13]);
        assert_eq!(jumped_over(0, &[line(3, 1)], since), vec![1, 2]);
        // A gap filled in this page is not a new gap.
        assert_eq!(jumped_over(10, &[line(12, 0), line(7, 0)], since), vec![11]);
        assert!(jumped_over(5, &[], since).is_empty());
    }

    #[test]
    fn holes_before_lines_older_than_the_grace_period_are_not_waited_for() {
        // 2..=4 sit before a line written an hour ago: rolled back long since.
        assert_eq!(jumped_over(1, &[line(5, 60), line(7, 1)], at(10)), vec![6]);
    }
}
