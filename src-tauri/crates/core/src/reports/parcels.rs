//! Parcels taken in a period by status, route, carrier, agency or day, with pieces, weight and
//! shipping billed, and the envois behind one line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    cap, drill_limits, filter_sql, nested_scope_for, Column, ReportFilter, ReportRow, ReportTable,
    Scope,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Self::Status => ("e.status", "e.status"),
            Self::Route => (ROUTE, ROUTE),
            Self::Carrier => ("tr.uid", "COALESCE(tr.company_name, '')"),
            Self::Agency => ("COALESCE(ag.uid, '')", "COALESCE(ag.name, '')"),
            Self::Day => ("substr(e.created_at, 1, 10)", "substr(e.created_at, 1, 10)"),
        }
    }
}

const ROUTE: &str = "COALESCE(e.origin_city, '') || ' → ' || e.destination_city";

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

const FIGURES: &str = "COUNT(DISTINCT e.id), COUNT(*), COALESCE(SUM(k.weight), 0), COALESCE(SUM(k.shipping_cost), 0), \
     COUNT(DISTINCT CASE WHEN e.status = 'delivered' THEN e.id END)";

/// Envois, pieces, grams, billed and delivered over the whole scope.
pub(crate) async fn totals(desk: &Desk, scope: &Scope) -> Result<[i64; 5]> {
    let sql = format!("SELECT {FIGURES} {}", from_where());
    let (envois, pieces, weight, billed, delivered): (i64, i64, i64, i64, i64) = scope
        .bind(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?;
    Ok([envois, pieces, weight, billed, delivered])
}

/// Parcel money collected and refunded in the period, and envois delivered in it.
pub(crate) async fn movements(desk: &Desk, scope: &Scope) -> Result<(i64, i64, i64)> {
    let filter = |instant: &str| {
        filter_sql(
            instant,
            "e.agence_id",
            "e.transporteur_id",
            "e.origin_city",
            "e.destination_city",
        )
    };
    let collected: (i64,) = scope
        .bind(sqlx::query_as(&format!(
            "SELECT COALESCE(SUM(p.amount), 0) FROM paiements p JOIN envois e ON e.id = p.envoi_id \
             WHERE +p.status IN ('completed', 'refunded') AND p.deleted_at IS NULL AND {}",
            filter("p.payment_date")
        )))
        .fetch_one(desk.pool())
        .await?;
    let refunded: (i64,) = scope
        .bind(sqlx::query_as(&format!(
            "SELECT COALESCE(SUM(f.amount), 0) FROM payment_refunds f JOIN paiements p ON p.id = f.paiement_id \
             JOIN envois e ON e.id = p.envoi_id WHERE +f.status = 'completed' AND f.deleted_at IS NULL AND {}",
            filter("f.created_at")
        )))
        .fetch_one(desk.pool())
        .await?;
    let delivered: (i64,) = scope
        .bind(sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM envois e WHERE +e.status = 'delivered' AND e.deleted_at IS NULL AND {}",
            filter("e.delivered_at")
        )))
        .fetch_one(desk.pool())
        .await?;
    Ok((collected.0, refunded.0, delivered.0))
}

pub async fn report(desk: &Desk, session: &Session, args: ParcelReportArgs) -> Result<ReportTable> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    breakdown(desk, &scope, args.by).await
}

pub(crate) async fn breakdown(
    desk: &Desk,
    scope: &Scope,
    by: ParcelDimension,
) -> Result<ReportTable> {
    let (key, label) = by.sql();
    let order = if by == ParcelDimension::Day {
        "k"
    } else {
        "2 DESC, k"
    };
    let sql = format!(
        "SELECT {key} AS k, MAX({label}), {FIGURES} {} GROUP BY k ORDER BY {order} LIMIT {}",
        from_where(),
        super::MAX_ROWS + 1
    );
    let raw: Vec<(String, String, i64, i64, i64, i64, i64)> = scope
        .bind(sqlx::query_as(&sql))
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
    let (key, _) = args.by.sql();
    let sql = format!(
        "SELECT e.tracking_code, e.created_at, {ROUTE}, COALESCE(tr.company_name, ''), COALESCE(ag.name, ''), e.status, \
         COUNT(*), COALESCE(SUM(k.weight), 0), COALESCE(SUM(k.shipping_cost), 0) {} AND {key} = ?7 \
         GROUP BY e.id ORDER BY e.created_at DESC, e.id DESC LIMIT ?8",
        from_where()
    );
    type Raw = (
        String,
        DateTime<Utc>,
        String,
        String,
        String,
        String,
        i64,
        i64,
        i64,
    );
    let raw: Vec<Raw> = scope
        .bind(sqlx::query_as(&sql))
        .bind(&args.key)
        .bind(limit)
        .fetch_all(desk.pool())
        .await?;
    Ok(raw
        .into_iter()
        .map(
            |(
                tracking_code,
                created_at,
                route,
                carrier,
                agency,
                status,
                pieces,
                weight,
                billed,
            )| ParcelLine {
                tracking_code,
                created_at,
                route,
                carrier,
                agency,
                status,
                pieces,
                weight,
                billed,
            },
        )
        .collect())
}
