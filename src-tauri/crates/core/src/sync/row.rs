//! One synced row in transit: its values in the desk's representation (cents, grams, uids for
//! references), read from and written to either database.

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::mysql::{MySqlArguments, MySqlRow};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{MySql, Row as _, Sqlite};

use super::catalog::{Kind, TableSpec};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
}

impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// A row's values, in the order of its table's columns (`uid` first), and its hybrid clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub values: Vec<Value>,
    pub hlc: i64,
}

impl Row {
    pub fn uid(&self) -> &str {
        self.values[0].as_text().unwrap_or_default()
    }
}

/// `SELECT` of a table's synced columns on the desk, references as the parent's uid, for the
/// uids of a JSON array bound once.
pub fn desk_select(spec: &TableSpec) -> String {
    let columns: Vec<String> = spec
        .columns
        .iter()
        .map(|c| match &c.parent {
            Some(parent) => format!(
                "(SELECT p.uid FROM {parent} p WHERE p.id = t.{})",
                c.quoted()
            ),
            None => format!("t.{}", c.quoted()),
        })
        .collect();
    format!(
        "SELECT {} FROM {} t WHERE t.uid IN (SELECT value FROM json_each(?))",
        columns.join(", "),
        spec.name
    )
}

pub fn from_desk(spec: &TableSpec, row: &SqliteRow) -> Result<Vec<Value>> {
    decode(spec, row)
}

/// A row's synced columns as the desk holds them, from either database (the SELECTs above
/// already converted head office's units).
fn decode<'r, R>(spec: &TableSpec, row: &'r R) -> Result<Vec<Value>>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let mut values = Vec::with_capacity(spec.columns.len());
    for (i, column) in spec.columns.iter().enumerate() {
        let value = if column.parent.is_some() {
            row.try_get::<Option<String>, _>(i)?.map(Value::Text)
        } else {
            match column.kind {
                Kind::Int | Kind::Bool | Kind::Money | Kind::Weight => {
                    row.try_get::<Option<i64>, _>(i)?.map(Value::Int)
                }
                Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
                // Head office keeps microseconds: compare and send what survives there.
                Kind::Time => row
                    .try_get::<Option<DateTime<Utc>>, _>(i)?
                    .map(|t| Value::Time(t.trunc_subsecs(6))),
            }
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(values)
}

/// `SELECT` of a table's synced columns and clock at head office, converted to the desk's
/// units, for `count` uids.
pub fn central_select(spec: &TableSpec, count: usize) -> String {
    let columns: Vec<String> = spec
        .columns
        .iter()
        .map(|c| match (&c.parent, c.kind) {
            (Some(parent), _) => {
                format!(
                    "(SELECT p.uid FROM {parent} p WHERE p.id = t.{})",
                    c.quoted()
                )
            }
            (None, Kind::Money) => format!("CAST(ROUND(t.{} * 100) AS SIGNED)", c.quoted()),
            (None, Kind::Weight) => format!("CAST(ROUND(t.{} * 1000) AS SIGNED)", c.quoted()),
            (None, Kind::Int | Kind::Bool) => format!("CAST(t.{} AS SIGNED)", c.quoted()),
            (None, Kind::Text | Kind::Time) => format!("t.{}", c.quoted()),
        })
        .collect();
    format!(
        "SELECT {}, t.sync_hlc FROM {} t WHERE t.uid IN ({})",
        columns.join(", "),
        spec.name,
        placeholders(count)
    )
}

pub fn from_central(spec: &TableSpec, row: &MySqlRow) -> Result<Row> {
    let values = decode(spec, row)?;
    let hlc: i64 = row.try_get(spec.columns.len())?;
    Ok(Row { values, hlc })
}

/// A value as head office stores it: money and weights as exact decimal strings.
pub fn to_central(kind: Kind, value: &Value) -> Value {
    match (kind, value) {
        (Kind::Money, Value::Int(cents)) => Value::Text(decimal(*cents, 100)),
        // DECIMAL(8,2) kilograms: hundredths of a kilogram, i.e. tens of grams, rounded.
        (Kind::Weight, Value::Int(grams)) => {
            let tens = (*grams + 5).div_euclid(10);
            Value::Text(decimal(tens, 100))
        }
        _ => value.clone(),
    }
}

/// `units / per` written exactly with two decimals (`-1234, 100` → `-12.34`).
fn decimal(units: i64, per: i64) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let units = units.unsigned_abs();
    let per = per.unsigned_abs();
    format!("{sign}{}.{:02}", units / per, units % per)
}

pub fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

pub fn bind_central<'q>(
    query: Query<'q, MySql, MySqlArguments>,
    value: Value,
) -> Query<'q, MySql, MySqlArguments> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Int(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::Time(v) => query.bind(v),
    }
}

pub fn bind_desk<'q>(
    query: Query<'q, Sqlite, SqliteArguments<'q>>,
    value: Value,
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Int(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::Time(v) => query.bind(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_weights_reach_head_office_as_exact_decimals() {
        assert_eq!(
            to_central(Kind::Money, &Value::Int(1_250_050)),
            Value::Text("12500.50".into())
        );
        assert_eq!(
            to_central(Kind::Money, &Value::Int(-5)),
            Value::Text("-0.05".into())
        );
        assert_eq!(
            to_central(Kind::Weight, &Value::Int(12_345)),
            Value::Text("12.35".into())
        );
        assert_eq!(
            to_central(Kind::Weight, &Value::Int(0)),
            Value::Text("0.00".into())
        );
        assert_eq!(to_central(Kind::Int, &Value::Int(7)), Value::Int(7));
        assert_eq!(to_central(Kind::Money, &Value::Null), Value::Null);
    }
}
