//! Which of head office's rows come down for one page of the change log: the changed rows the
//! desk holds or its scope takes in (`scope.rs`), then, for a scoped desk, every row they
//! reference that the desk does not hold, until nothing is missing (a kept row never points
//! at a row left behind).

use std::collections::{BTreeMap, BTreeSet};

use sqlx::SqlitePool;

use super::catalog::{desk_only_row, not_pulled_row, Catalog, TableSpec};
use super::central::{unreachable, Central};
use super::row::{self, Row};
use super::scope::Scope;
use crate::error::Result;

/// Uids by table, lower-case.
pub type Uids = BTreeMap<String, BTreeSet<String>>;

/// Head office's current copy of the wanted rows that come down, table by table, parents first.
/// `retried` rows (set aside by an earlier pull) come down whatever the scope.
pub async fn rows(
    desk: &SqlitePool,
    desk_uid: &str,
    central: &Central,
    catalog: &Catalog,
    scope: Option<&Scope>,
    wanted: &Uids,
    retried: &Uids,
) -> Result<Vec<(String, Vec<Row>)>> {
    let mut fetched: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for (table, uids) in wanted {
        let Some(spec) = catalog.table(table) else {
            continue;
        };
        let condition = scope.and_then(|s| s.condition(table));
        let rows = fetched.entry(table.clone()).or_default();
        match condition {
            None => rows.extend(select(central, spec, uids, None).await?),
            Some(condition) => {
                let held = held_here(desk, table, uids).await?;
                let retried = retried.get(table);
                let (whole, scoped): (BTreeSet<String>, BTreeSet<String>) =
                    uids.iter().cloned().partition(|uid| {
                        held.contains(uid) || retried.is_some_and(|r| r.contains(uid))
                    });
                rows.extend(select(central, spec, &whole, None).await?);
                rows.extend(select(central, spec, &scoped, Some(&condition)).await?);
            }
        }
        // Rows that never travel to this desk are dropped here, before their references count.
        rows.retain(|row| {
            !desk_only_row(spec, &row.values) && !not_pulled_row(spec, &row.values, desk_uid)
        });
    }
    if scope.is_some() {
        close_over_parents(desk, central, catalog, &mut fetched).await?;
    }
    let mut fetched: Vec<(String, Vec<Row>)> = fetched.into_iter().collect();
    fetched.sort_by_key(|(table, _)| catalog.rank(table));
    Ok(fetched)
}

/// Adds the rows the fetched rows reference that are neither fetched nor on the desk, and
/// theirs, until none is missing. Each pass reads the references of the rows added since the
/// last (`scanned`: how many of each table's rows have been read).
async fn close_over_parents(
    desk: &SqlitePool,
    central: &Central,
    catalog: &Catalog,
    fetched: &mut BTreeMap<String, Vec<Row>>,
) -> Result<()> {
    let mut seen: Uids = fetched
        .iter()
        .map(|(table, rows)| {
            let uids = rows.iter().map(|r| r.uid().to_lowercase()).collect();
            (table.clone(), uids)
        })
        .collect();
    let mut scanned: BTreeMap<String, usize> = BTreeMap::new();
    loop {
        let mut referenced: Uids = BTreeMap::new();
        for (table, rows) in fetched.iter() {
            let Some(spec) = catalog.table(table) else {
                continue;
            };
            let from = scanned.insert(table.clone(), rows.len()).unwrap_or(0);
            for (at, column) in spec.columns.iter().enumerate() {
                let Some(parent) = &column.parent else {
                    continue;
                };
                for row in &rows[from..] {
                    if let Some(uid) = row.values[at].as_text() {
                        let uid = uid.to_lowercase();
                        if !seen.get(parent).is_some_and(|s| s.contains(&uid)) {
                            referenced.entry(parent.clone()).or_default().insert(uid);
                        }
                    }
                }
            }
        }
        let mut added = false;
        for (table, mut uids) in referenced {
            let Some(spec) = catalog.table(&table) else {
                continue;
            };
            seen.entry(table.clone())
                .or_default()
                .extend(uids.iter().cloned());
            let held = held_here(desk, &table, &uids).await?;
            uids.retain(|uid| !held.contains(uid));
            let rows = select(central, spec, &uids, None).await?;
            if !rows.is_empty() {
                added = true;
                fetched.entry(table).or_default().extend(rows);
            }
        }
        if !added {
            return Ok(());
        }
    }
}

/// The given uids of `table` the desk holds, lower-case.
async fn held_here(
    desk: &SqlitePool,
    table: &str,
    uids: &BTreeSet<String>,
) -> Result<BTreeSet<String>> {
    if uids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let sql =
        format!("SELECT lower(uid) FROM {table} WHERE uid IN (SELECT value FROM json_each(?))");
    let held: Vec<String> = sqlx::query_scalar(&sql)
        .bind(serde_json::to_string(uids).unwrap_or_default())
        .fetch_all(desk)
        .await?;
    Ok(held.into_iter().collect())
}

/// Head office's rows of `table` among `uids`, meeting `condition` if any.
async fn select(
    central: &Central,
    spec: &TableSpec,
    uids: &BTreeSet<String>,
    condition: Option<&str>,
) -> Result<Vec<Row>> {
    let uids: Vec<&String> = uids.iter().collect();
    let mut rows = Vec::with_capacity(uids.len());
    for chunk in uids.chunks(1_000) {
        let mut sql = row::central_select(spec, chunk.len());
        if let Some(condition) = condition {
            sql = format!("{sql} AND ({condition})");
        }
        let mut query = sqlx::query(&sql);
        for uid in chunk {
            query = query.bind(uid.as_str());
        }
        for found in query.fetch_all(central.pool()).await.map_err(unreachable)? {
            rows.push(row::from_central(spec, &found)?);
        }
    }
    Ok(rows)
}
