//! Ticket sales by day, agency, clerk, carrier, route or payment method, and the reservations
//! behind one line of it (the drill-down).

use std::collections::BTreeMap;

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
pub enum SalesDimension {
    Day,
    Agency,
    Clerk,
    Carrier,
    Route,
    Method,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SalesReportArgs {
    pub filter: ReportFilter,
    pub by: SalesDimension,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SalesRowsArgs {
    pub filter: ReportFilter,
    pub by: SalesDimension,
    /// The `key` of the line to open.
    pub key: String,
    /// At most this many reservations, most recent payment first (default 200, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A reservation behind a line of the sales report, with what was collected for it in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SaleLine {
    pub booking_reference: String,
    pub reservation_date: DateTime<Utc>,
    pub passenger: String,
    pub route: String,
    pub departure_time: DateTime<Utc>,
    pub agency: String,
    pub clerk: String,
    pub seats: i64,
    pub status: String,
    /// Hundredths of the currency collected in the period for this reservation.
    pub collected: i64,
}

/// Reservation, trajet, carrier, agency and clerk of a row that carries `reservation_id`.
const JOINS: &str =
    "JOIN trajets t ON t.id = r.trajet_id JOIN transporteurs tr ON tr.id = t.transporteur_id \
     LEFT JOIN agences ag ON ag.id = r.agence_id LEFT JOIN comptes c ON c.id = r.sold_by";

impl SalesDimension {
    /// The SQL of a line's key and label, on the payment side (`p`) or the refund side (`f`).
    fn sql(self, refund_side: bool) -> (&'static str, &'static str) {
        match (self, refund_side) {
            (Self::Day, false) => (
                "substr(p.payment_date, 1, 10)",
                "substr(p.payment_date, 1, 10)",
            ),
            (Self::Day, true) => ("substr(f.created_at, 1, 10)", "substr(f.created_at, 1, 10)"),
            (Self::Method, false) => ("p.method", "p.method"),
            (Self::Method, true) => ("f.method", "f.method"),
            (Self::Agency, _) => ("COALESCE(ag.uid, '')", "COALESCE(ag.name, '')"),
            (Self::Clerk, _) => ("COALESCE(c.uid, '')", "COALESCE(c.email, '')"),
            (Self::Carrier, _) => ("tr.uid", "COALESCE(tr.company_name, '')"),
            (Self::Route, _) => (ROUTE, ROUTE),
        }
    }
}

const ROUTE: &str = "t.departure_city || ' → ' || t.arrival_city";

/// Collected payments of the period, one row per reservation and line key. Status tests are
/// written `+p.status` so that the planner reads the period through the date index, never
/// through the status index (which nearly every payment matches).
fn collected_sql(key: &str, label: &str) -> String {
    format!(
        "SELECT {key} AS k, {label} AS label, r.id AS reservation, r.seats_reserved AS seats, SUM(a.amount) AS amount \
         FROM paiements p JOIN payment_allocations a ON a.paiement_id = p.id AND a.deleted_at IS NULL \
         JOIN reservations r ON r.id = a.reservation_id {JOINS} \
         WHERE +p.status IN ('completed', 'refunded') AND p.deleted_at IS NULL AND {} \
         GROUP BY k, r.id",
        filter_sql("p.payment_date", "r.agence_id", "t.transporteur_id", "t.departure_city", "t.arrival_city")
    )
}

/// Ticket refunds of the period (by the day they were recorded), one row per line key.
fn refunded_sql(key: &str) -> String {
    format!(
        "SELECT {key} AS k, COALESCE(SUM(f.amount), 0) FROM payment_refunds f \
         JOIN reservations r ON r.id = f.reservation_id {JOINS} \
         WHERE +f.status = 'completed' AND f.deleted_at IS NULL AND {} GROUP BY k",
        filter_sql(
            "f.created_at",
            "r.agence_id",
            "t.transporteur_id",
            "t.departure_city",
            "t.arrival_city"
        )
    )
}

/// Tickets, seats and money collected and refunded in the period: the sums of the whole scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SalesTotals {
    pub tickets: i64,
    pub seats: i64,
    pub collected: i64,
    pub refunded: i64,
}

pub(crate) async fn totals(desk: &Desk, scope: &Scope) -> Result<SalesTotals> {
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(seats), 0), COALESCE(SUM(amount), 0) FROM ({})",
        collected_sql("''", "''")
    );
    let (tickets, seats, collected): (i64, i64, i64) = scope
        .bind(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?;
    let refunded: Option<(String, i64)> = scope
        .bind(sqlx::query_as(&refunded_sql("''")))
        .fetch_optional(desk.pool())
        .await?;
    Ok(SalesTotals {
        tickets,
        seats,
        collected,
        refunded: refunded.map_or(0, |(_, amount)| amount),
    })
}

pub async fn report(desk: &Desk, session: &Session, args: SalesReportArgs) -> Result<ReportTable> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    breakdown(desk, &scope, args.by).await
}

/// `(key, label, tickets, seats, collected)`; no key on the totals' line.
type CollectedLine = (Option<String>, Option<String>, i64, i64, i64);

pub(crate) async fn breakdown(
    desk: &Desk,
    scope: &Scope,
    by: SalesDimension,
) -> Result<ReportTable> {
    let (key, label) = by.sql(false);
    // One pass over the period's payments: the lines, then (key NULL) the totals, in which a
    // reservation counts once even when it falls in two lines (paid over two days, say).
    let sql = format!(
        "WITH per AS MATERIALIZED ({}) \
         SELECT k, MAX(label), COUNT(*), SUM(seats), SUM(amount) FROM per GROUP BY k \
         UNION ALL SELECT NULL, NULL, COUNT(*), COALESCE(SUM(seats), 0), COALESCE(SUM(amount), 0) \
         FROM (SELECT MAX(seats) AS seats, SUM(amount) AS amount FROM per GROUP BY reservation)",
        collected_sql(key, label)
    );
    let collected: Vec<CollectedLine> = scope
        .bind(sqlx::query_as(&sql))
        .fetch_all(desk.pool())
        .await?;
    let (refund_key, _) = by.sql(true);
    let refunded: Vec<(String, i64)> = scope
        .bind(sqlx::query_as(&refunded_sql(refund_key)))
        .fetch_all(desk.pool())
        .await?;
    let mut totals = SalesTotals::default();
    let mut lines: BTreeMap<String, (String, [i64; 4])> = BTreeMap::new();
    for (key, label, tickets, seats, amount) in collected {
        match key {
            Some(key) => {
                lines.insert(
                    key,
                    (label.unwrap_or_default(), [tickets, seats, amount, 0]),
                );
            }
            None => {
                (totals.tickets, totals.seats, totals.collected) = (tickets, seats, amount);
            }
        }
    }
    for (key, amount) in refunded {
        totals.refunded += amount;
        let line = lines
            .entry(key.clone())
            // A line with refunds only (a day with no sale): its label is its key, except for
            // uids, whose names the collected side would have given.
            .or_insert_with(|| (key, [0; 4]));
        line.1[3] = amount;
    }
    let mut rows: Vec<ReportRow> = lines
        .into_iter()
        .map(
            |(key, (label, [tickets, seats, collected, refunded]))| ReportRow {
                key,
                label,
                figures: vec![tickets, seats, collected, refunded, collected - refunded],
            },
        )
        .collect();
    if by != SalesDimension::Day {
        rows.sort_by_key(|row| std::cmp::Reverse(row.figures[2]));
    }
    let truncated = cap(&mut rows);
    Ok(ReportTable {
        columns: vec![
            Column::Tickets,
            Column::Seats,
            Column::Collected,
            Column::Refunded,
            Column::Net,
        ],
        rows,
        totals: vec![
            totals.tickets,
            totals.seats,
            totals.collected,
            totals.refunded,
            totals.collected - totals.refunded,
        ],
        truncated,
    })
}

/// The reservations behind one line of the sales report.
pub async fn rows(desk: &Desk, session: &Session, args: SalesRowsArgs) -> Result<Vec<SaleLine>> {
    let limit = drill_limits(&args.key, args.limit)?;
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    let (key, _) = args.by.sql(false);
    let sql = format!(
        "SELECT r.booking_reference, r.reservation_date, r.passenger_first_name || ' ' || r.passenger_last_name, \
         {ROUTE}, t.departure_time, COALESCE(ag.name, ''), COALESCE(c.email, ''), r.seats_reserved, r.status, \
         SUM(a.amount), MAX(p.payment_date) AS paid_at \
         FROM paiements p JOIN payment_allocations a ON a.paiement_id = p.id AND a.deleted_at IS NULL \
         JOIN reservations r ON r.id = a.reservation_id {JOINS} \
         WHERE +p.status IN ('completed', 'refunded') AND p.deleted_at IS NULL AND {} AND {key} = ?7 \
         GROUP BY r.id ORDER BY paid_at DESC, r.id DESC LIMIT ?8",
        filter_sql("p.payment_date", "r.agence_id", "t.transporteur_id", "t.departure_city", "t.arrival_city")
    );
    type Raw = (
        String,
        DateTime<Utc>,
        String,
        String,
        DateTime<Utc>,
        String,
        String,
        i64,
        String,
        i64,
        String,
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
                booking_reference,
                reservation_date,
                passenger,
                route,
                departure_time,
                agency,
                clerk,
                seats,
                status,
                collected,
                _,
            )| {
                SaleLine {
                    booking_reference,
                    reservation_date,
                    passenger,
                    route,
                    departure_time,
                    agency,
                    clerk,
                    seats,
                    status,
                    collected,
                }
            },
        )
        .collect())
}
