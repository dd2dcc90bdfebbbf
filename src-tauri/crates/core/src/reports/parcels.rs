//! Parcels taken in a period by status, route, carrier, agency or day, with pieces, weight and
//! shipping billed, and the envois behind one line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    cap, drill_limits, filter_sql, nested_scope_for, summary, Column, ReportFilter, ReportRow,
    ReportTable, Scope,
};
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ParcelDimension {
    Status,
    Route,
    Carrier,
    Agency,
    Day,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ParcelReportArgs {
    pub filter: ReportFilter,
    pub by: ParcelDimension,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ParcelRowsArgs {
    pub filter: ReportFilter,
    pub by: ParcelDimension,
    pub key: String,
    /// At most this many envois, newest first (default 200, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// An envoi behind a line of the parcels report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct ParcelLine {
    pub tracking_code: String,
    pub created_at: DateTime<Utc>,
    pub route: String,
    pub carrier: String,
    pub agency: String,
    pub status: String,
    pub pieces: i64,
    /// Grams.
    pub weight: i64,
    /// Hundredths of the currency.
    pub billed: i64,
}

impl ParcelDimension {
    /// The SQL of a line's key and label over `report_parcel_days` (`s`).
    fn summary_sql(self) -> (&'static str, &'static str) {
        match self {
            Self::Status => ("s.status", "s.status"),
            Self::Route => (SUMMARY_ROUTE, SUMMARY_ROUTE),
            Self::Carrier => ("tr.uid", "COALESCE(tr.company_name, '')"),
            Self::Agency => ("COALESCE(ag.uid, '')", "COALESCE(ag.name, '')"),
            Self::Day => ("s.day", "s.day"),
        }
    }

    /// The same key over the raw envois (`e`), for the drill-down.
    fn raw_key_sql(self) -> &'static str {
        match self {
            Self::Status => "e.status",
            Self::Route => ROUTE,
            Self::Carrier => "tr.uid",
            Self::Agency => "COALESCE(ag.uid, '')",
            Self::Day => "substr(e.created_at, 1, 10)",
        }
    }
}

const ROUTE: &str = "COALESCE(e.origin_city, '') || ' → ' || e.destination_city";
const SUMMARY_ROUTE: &str = "COALESCE(s.origin_city, '') || ' → ' || s.destination_city";

/// Envois taken in the period with their pieces (one row per piece; an envoi has at least one).
/// `+e.transporteur_id` keeps the planner on the period's date index rather than walking every
/// carrier's envois.
fn from_where() -> String {
    format!(
        "FROM envois e JOIN colis k ON k.envoi_id = e.id AND k.deleted_at IS NULL \
         JOIN transporteurs tr ON tr.id = +e.transporteur_id LEFT JOIN agences ag ON ag.id = e.agence_id \
         WHERE e.deleted_at IS NULL AND {}",
        filter_sql("e.created_at", "e.agence_id", "e.transporteur_id", "e.origin_city", "e.destination_city")
    )
}

/// Rows of a parcel summary table (`s`) in the scope.
fn summary_where() -> String {
    filter_sql(
        "s.day",
        "s.agence_id",
        "s.transporteur_id",
        "s.origin_city",
        "s.destination_city",
    )
}

/// The day summary of envois taken in, with the names lines are labelled with.
fn summary_from_where() -> String {
    format!(
        "FROM report_parcel_days s JOIN transporteurs tr ON tr.id = s.transporteur_id \
         LEFT JOIN agences ag ON ag.id = s.agence_id WHERE {}",
        summary_where()
    )
}

const FIGURES: &str = "COALESCE(SUM(s.envois), 0), COALESCE(SUM(s.pieces), 0), COALESCE(SUM(s.weight), 0), \
     COALESCE(SUM(s.billed), 0), COALESCE(SUM(CASE WHEN s.status = 'delivered' THEN s.envois END), 0)";

/// Envois, pieces, grams, billed and delivered over the whole scope.
pub(crate) async fn totals(desk: &Desk, scope: &Scope) -> Result<[i64; 5]> {
    let sql = format!("SELECT {FIGURES} {}", summary_from_where());
    let (envois, pieces, weight, billed, delivered): (i64, i64, i64, i64, i64) = scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?;
    Ok([envois, pieces, weight, billed, delivered])
}

/// Parcel money collected and refunded in the period, and envois delivered in it.
pub(crate) async fn movements(desk: &Desk, scope: &Scope) -> Result<(i64, i64, i64)> {
    let sql = format!(
        "SELECT COALESCE(SUM(s.collected), 0), COALESCE(SUM(s.refunded), 0), COALESCE(SUM(s.delivered), 0) \
         FROM report_parcel_movements s WHERE {}",
        summary_where()
    );
    Ok(scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?)
}

pub async fn report(desk: &Desk, session: &Session, args: ParcelReportArgs) -> Result<ReportTable> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    summary::refresh(desk).await?;
    breakdown(desk, &scope, args.by).await
}

pub(crate) async fn breakdown(
    desk: &Desk,
    scope: &Scope,
    by: ParcelDimension,
) -> Result<ReportTable> {
    let (key, label) = by.summary_sql();
    let order = if by == ParcelDimension::Day {
        "k"
    } else {
        "3 DESC, k"
    };
    let sql = format!(
        "SELECT {key} AS k, MAX({label}), {FIGURES} {} GROUP BY k ORDER BY {order} LIMIT {}",
        summary_from_where(),
        super::MAX_ROWS + 1
    );
    let raw: Vec<(String, String, i64, i64, i64, i64, i64)> = scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_all(desk.pool())
        .await?;
    let mut rows: Vec<ReportRow> = raw
        .into_iter()
        .map(
            |(key, label, envois, pieces, weight, billed, delivered)| ReportRow {
                key,
                label,
                figures: vec![envois, pieces, weight, billed, delivered],
            },
        )
        .collect();
    let truncated = cap(&mut rows);
    Ok(ReportTable {
        columns: vec![
            Column::Envois,
            Column::Pieces,
            Column::Weight,
            Column::Billed,
            Column::Delivered,
        ],
        rows,
        totals: totals(desk, scope).await?.to_vec(),
        truncated,
    })
}

/// The envois behind one line of the parcels report.
pub async fn rows(desk: &Desk, session: &Session, args: ParcelRowsArgs) -> Result<Vec<ParcelLine>> {
    let limit = drill_limits(&args.key, args.limit)?;
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    let key = args.by.raw_key_sql();
    let sql = format!(
        "SELECT e.tracking_code, e.created_at, {ROUTE} AS route, COALESCE(tr.company_name, '') AS carrier, \
         COALESCE(ag.name, '') AS agency, e.status, COUNT(*) AS pieces, COALESCE(SUM(k.weight), 0) AS weight, \
         COALESCE(SUM(k.shipping_cost), 0) AS billed {} AND {key} = ?7 \
         GROUP BY e.id ORDER BY e.created_at DESC, e.id DESC LIMIT ?8",
        from_where()
    );
    Ok(scope
        .bind(sqlx::query_as(&sql))
        .bind(&args.key)
        .bind(limit)
        .fetch_all(desk.pool())
        .await?)
}
