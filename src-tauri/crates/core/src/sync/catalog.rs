//! What sync moves: the synced tables, parents first, and each column's kind and parent table,
//! read from both schemas themselves (SQLite's foreign keys, MySQL's column types) so that a
//! column added by a migration travels without a line of sync code.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{MySqlPool, SqlitePool};

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// How a column's value is written on each side (docs/schema.md, "Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
    Text,
    /// INTEGER cents on the desk, DECIMAL(10,2) centrally.
    Money,
    /// INTEGER grams on the desk, DECIMAL(8,2) kilograms centrally.
    Weight,
    /// RFC 3339 TEXT on the desk, DATETIME(6) UTC centrally.
    Time,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    /// The table this column's integer id points into: it travels as that row's uid.
    pub parent: Option<String>,
}

impl Column {
    /// The name quoted for SQL on both sides (`key` is reserved in MySQL); SQLite takes
    /// backticks too.
    pub fn quoted(&self) -> String {
        format!("`{}`", self.name)
    }
}

#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: String,
    /// `uid` first, then every other synced column; never `id`, never a desk-only column.
    pub columns: Vec<Column>,
}

impl TableSpec {
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == column)
    }

    /// The column naming the trajet whose free seats a change of this table's rows may
    /// change (`available_seats` is recounted, never copied, on both sides).
    pub fn seat_count_trajet(&self) -> Option<usize> {
        match self.name.as_str() {
            "trajets" => self.position("uid"),
            "reservation_seats" => self.position("trajet_id"),
            _ => None,
        }
    }
}

/// Columns that describe this installation only and never travel.
const DESK_ONLY_COLUMNS: &[(&str, &str)] = &[("desk_nodes", "is_local")];

/// Rows that describe this installation only and never travel: the settings naming this
/// machine's backup folders and schedule (`backup.*`).
pub fn desk_only_row(spec: &TableSpec, values: &[super::row::Value]) -> bool {
    spec.name == "system_config"
        && spec
            .position("key")
            .and_then(|k| values.get(k))
            .and_then(|v| v.as_text())
            .is_some_and(|key| key.starts_with("backup."))
}

/// Rows a desk does not download although their table comes down (data minimisation): the seats
/// head office allotted to other desks (grants are decided at head office; nothing on this desk
/// references them).
pub fn not_pulled_row(spec: &TableSpec, values: &[super::row::Value], desk_uid: &str) -> bool {
    spec.name == "seat_allotments"
        && spec
            .position("desk_node_id")
            .and_then(|at| values.get(at))
            .and_then(|v| v.as_text())
            .is_some_and(|holder| !holder.eq_ignore_ascii_case(desk_uid))
}

/// Tables a desk pushes but does not download (data minimisation, docs/sync.md): head office's
/// audit trail and the payment providers' exchanges of other desks.
pub const NOT_PULLED: &[&str] = &["admin_logs", "payment_logs"];

#[derive(Debug, Clone)]
pub struct Catalog {
    /// Parents before children.
    pub tables: Vec<TableSpec>,
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&TableSpec> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Where a table comes in the parents-first order.
    pub fn rank(&self, name: &str) -> usize {
        self.tables
            .iter()
            .position(|t| t.name == name)
            .unwrap_or(usize::MAX)
    }

    /// Reads the synced tables (those the outbox triggers watch) from the desk's schema, and
    /// their column kinds from head office's.
    pub async fn read(desk: &SqlitePool, central: &MySqlPool) -> Result<Self> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT substr(name, 13, length(name) - 19) FROM sqlite_master \
             WHERE type = 'trigger' AND name LIKE 'sync_outbox_%_insert' ORDER BY name",
        )
        .fetch_all(desk)
        .await?;
        let central_types: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR), CAST(data_type AS CHAR), \
             CAST(column_type AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE()",
        )
        .fetch_all(central)
        .await?;
        let central_types: BTreeMap<(String, String), Kind> = central_types
            .into_iter()
            .map(|(table, column, data_type, column_type)| {
                let kind = kind_of(&data_type.to_lowercase(), &column_type.to_lowercase());
                ((table.to_lowercase(), column.to_lowercase()), kind)
            })
            .collect();
        if !central_types.contains_key(&("sync_changes".into(), "seq".into())) {
            return Err(Error::new(
                ErrorCode::Unavailable,
                Message::CentralNotMigrated,
            ));
        }
        let mut specs = Vec::with_capacity(names.len());
        for name in &names {
            specs.push(table_spec(desk, name, &central_types).await?);
        }
        Ok(Self {
            tables: parents_first(specs),
        })
    }
}

fn kind_of(data_type: &str, column_type: &str) -> Kind {
    match data_type {
        "decimal" if column_type.starts_with("decimal(8,") => Kind::Weight,
        "decimal" => Kind::Money,
        "datetime" | "timestamp" => Kind::Time,
        "tinyint" if column_type.starts_with("tinyint(1)") => Kind::Bool,
        "tinyint" | "smallint" | "mediumint" | "int" | "bigint" => Kind::Int,
        _ => Kind::Text,
    }
}

async fn table_spec(
    desk: &SqlitePool,
    table: &str,
    central_types: &BTreeMap<(String, String), Kind>,
) -> Result<TableSpec> {
    let columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
            .bind(table)
            .fetch_all(desk)
            .await?;
    // Single-column references to a parent's id (a composite key naming another column is a
    // consistency check, not the reference that travels).
    let parents: Vec<(String, String)> = sqlx::query_as(
        "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?) WHERE COALESCE(\"to\", 'id') = 'id'",
    )
    .bind(table)
    .fetch_all(desk)
    .await?;
    let parents: BTreeMap<String, String> = parents.into_iter().collect();
    let mut spec = Vec::with_capacity(columns.len());
    for name in columns {
        if name == "id" || DESK_ONLY_COLUMNS.contains(&(table, name.as_str())) {
            continue;
        }
        let kind = central_types
            .get(&(table.to_owned(), name.clone()))
            .copied()
            .ok_or_else(|| Error::new(ErrorCode::Unavailable, Message::CentralNotMigrated))?;
        let column = Column {
            parent: parents.get(&name).cloned(),
            kind,
            name,
        };
        if column.name == "uid" {
            spec.insert(0, column);
        } else {
            spec.push(column);
        }
    }
    Ok(TableSpec {
        name: table.to_owned(),
        columns: spec,
    })
}

/// Orders tables so that every table comes after the tables it references (a table's reference
/// to itself aside). Accounts, agencies and carriers reference each other: when only such a
/// cycle is left, the table the fewest parents are missing for and the most pending tables
/// reference goes first (`comptes` before `administrateurs`, which merely hangs on it).
fn parents_first(mut pending: Vec<TableSpec>) -> Vec<TableSpec> {
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let missing = |t: &TableSpec| {
            t.columns
                .iter()
                .filter_map(|c| c.parent.as_ref())
                .filter(|parent| *parent != &t.name && !done.contains(*parent))
                .count()
        };
        let referenced_by = |t: &TableSpec| {
            pending
                .iter()
                .filter(|other| {
                    other.name != t.name
                        && other
                            .columns
                            .iter()
                            .any(|c| c.parent.as_ref() == Some(&t.name))
                })
                .count()
        };
        let next = (0..pending.len())
            .min_by_key(|&i| {
                let t = &pending[i];
                (missing(t), std::cmp::Reverse(referenced_by(t)), i)
            })
            .unwrap_or(0);
        let next = pending.remove(next);
        done.insert(next.name.clone());
        ordered.push(next);
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, parents: &[&str]) -> TableSpec {
        let column = |parent: Option<&str>| Column {
            name: parent.map_or("uid".into(), |p| format!("{p}_id")),
            kind: Kind::Int,
            parent: parent.map(str::to_owned),
        };
        TableSpec {
            name: name.to_owned(),
            columns: std::iter::once(column(None))
                .chain(parents.iter().map(|p| column(Some(p))))
                .collect(),
        }
    }

    #[test]
    fn a_table_hanging_on_a_cycle_comes_after_it() {
        let ordered = parents_first(vec![
            table("administrateurs", &["comptes"]),
            table("agences", &["comptes"]),
            table("comptes", &["agences", "roles"]),
            table("roles", &[]),
            table("reservations", &["comptes", "agences"]),
        ]);
        let names: Vec<&str> = ordered.iter().map(|t| t.name.as_str()).collect();
        let at = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
        assert_eq!(names[0], "roles", "{names:?}");
        assert!(at("administrateurs") > at("comptes"), "{names:?}");
        assert!(at("reservations") > at("comptes"), "{names:?}");
        assert!(at("reservations") > at("agences"), "{names:?}");
    }
}
