//! Ticket sales by day, agency, clerk, carrier, route or payment method, and the reservations
//! behind one line of it (the drill-down).

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
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
    /// The SQL of a line's key and label over `report_sales_days` (`s`).
    fn summary_sql(self) -> (&'static str, &'static str) {
        match self {
            Self::Day => ("s.day", "s.day"),
            Self::Method => ("s.method", "s.method"),
            Self::Agency => ("COALESCE(ag.uid, '')", "COALESCE(ag.name, '')"),
            Self::Clerk => ("COALESCE(c.uid, '')", "COALESCE(c.email, '')"),
            Self::Carrier => ("tr.uid", "COALESCE(tr.company_name, '')"),
            Self::Route => (
                "s.departure_city || ' → ' || s.arrival_city",
                "s.departure_city || ' → ' || s.arrival_city",
            ),
        }
    }

    /// The SQL of a line's key over the raw payments (`p`) and what [`JOINS`] joins, for the
    /// drill-down: the same key as [`Self::summary_sql`] gives a line.
    fn raw_key_sql(self) -> &'static str {
        match self {
            Self::Day => "substr(p.payment_date, 1, 10)",
            Self::Method => "p.method",
            Self::Agency => "COALESCE(ag.uid, '')",
            Self::Clerk => "COALESCE(c.uid, '')",
            Self::Carrier => "tr.uid",
            Self::Route => ROUTE,
        }
    }
}

const ROUTE: &str = "t.departure_city || ' → ' || t.arrival_city";

/// The day summary rows of the scope, with the names lines are labelled with.
fn summary_from_where() -> String {
    format!(
        "FROM report_sales_days s LEFT JOIN agences ag ON ag.id = s.agence_id \
         LEFT JOIN comptes c ON c.id = s.sold_by LEFT JOIN transporteurs tr ON tr.id = s.transporteur_id \
         WHERE {}",
        filter_sql("s.day", "s.agence_id", "s.transporteur_id", "s.departure_city", "s.arrival_city")
    )
}

const FIGURES: &str = "COALESCE(SUM(s.tickets), 0), COALESCE(SUM(s.seats), 0), \
     COALESCE(SUM(s.collected), 0), COALESCE(SUM(s.refunded), 0)";

/// Tickets, seats and money collected and refunded in the period: the sums of the whole scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SalesTotals {
    pub tickets: i64,
    pub seats: i64,
    pub collected: i64,
    pub refunded: i64,
}

pub(crate) async fn totals(desk: &Desk, scope: &Scope) -> Result<SalesTotals> {
    let sql = format!("SELECT {FIGURES} {}", summary_from_where());
    let (tickets, seats, collected, refunded): (i64, i64, i64, i64) = scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?;
    Ok(SalesTotals {
        tickets,
        seats,
        collected,
        refunded,
    })
}

pub async fn report(desk: &Desk, session: &Session, args: SalesReportArgs) -> Result<ReportTable> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    summary::refresh(desk).await?;
    breakdown(desk, &scope, args.by).await
}

/// `(key, label, tickets, seats, collected, refunded)`.
type SalesLine = (String, String, i64, i64, i64, i64);

/// The sales of the scope by `by`. A ticket counts once, on its first payment's day and method,
/// so that the lines add up to the totals whatever the breakdown.
pub(crate) async fn breakdown(
    desk: &Desk,
    scope: &Scope,
    by: SalesDimension,
) -> Result<ReportTable> {
    let (key, label) = by.summary_sql();
    let order = if by == SalesDimension::Day {
        "k"
    } else {
        "5 DESC, k"
    };
    let sql = format!(
        "SELECT {key} AS k, MAX({label}), {FIGURES} {} GROUP BY k ORDER BY {order}",
        summary_from_where()
    );
    let lines: Vec<SalesLine> = scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_all(desk.pool())
        .await?;
    let mut totals = [0_i64; 4];
    let mut rows: Vec<ReportRow> = lines
        .into_iter()
        .map(|(key, label, tickets, seats, collected, refunded)| {
            for (total, figure) in totals.iter_mut().zip([tickets, seats, collected, refunded]) {
                *total += figure;
            }
            ReportRow {
                key,
                label,
                figures: vec![tickets, seats, collected, refunded, collected - refunded],
            }
        })
        .collect();
    let truncated = cap(&mut rows);
    let [tickets, seats, collected, refunded] = totals;
    Ok(ReportTable {
        columns: vec![
            Column::Tickets,
            Column::Seats,
            Column::Collected,
            Column::Refunded,
            Column::Net,
        ],
        rows,
        totals: vec![tickets, seats, collected, refunded, collected - refunded],
        truncated,
    })
}

/// The reservations behind one line of the sales report, newest payment first.
///
/// A line of a busy month stands for tens of thousands of payments: rather than grouping them
/// all to keep the newest few, the reservations are picked by walking the line's payments
/// newest first along the date index, a page at a time, and only those are then read in full.
pub async fn rows(desk: &Desk, session: &Session, args: SalesRowsArgs) -> Result<Vec<SaleLine>> {
    let limit = drill_limits(&args.key, args.limit)?;
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    let key = args.by.raw_key_sql();
    let line = format!(
        "+p.status IN ('completed', 'refunded') AND p.deleted_at IS NULL AND {} AND {key} = ?7",
        filter_sql(
            "p.payment_date",
            "r.agence_id",
            "t.transporteur_id",
            "t.departure_city",
            "t.arrival_city"
        )
    );
    let pick = format!(
        "SELECT a.reservation_id FROM paiements p \
         JOIN payment_allocations a ON a.paiement_id = p.id AND a.deleted_at IS NULL \
         JOIN reservations r ON r.id = a.reservation_id {JOINS} \
         WHERE {line} ORDER BY p.payment_date DESC, p.id DESC LIMIT ?8 OFFSET ?9"
    );
    let wanted = usize::try_from(limit).unwrap_or(0);
    let page = limit * 2;
    let mut seen = std::collections::HashSet::new();
    let mut chosen: Vec<i64> = Vec::new();
    let mut offset = 0_i64;
    loop {
        let ids: Vec<(i64,)> = scope
            .bind(sqlx::query_as(&pick))
            .bind(&args.key)
            .bind(page)
            .bind(offset)
            .fetch_all(desk.pool())
            .await?;
        let last_page = ids.len() < wanted * 2;
        for (id,) in ids {
            if chosen.len() < wanted && seen.insert(id) {
                chosen.push(id);
            }
        }
        if chosen.len() >= wanted || last_page {
            break;
        }
        offset += page;
    }
    // The chosen reservations first (CROSS JOIN keeps that order), then their payments on the line.
    let sql = format!(
        "SELECT r.booking_reference, r.reservation_date, r.passenger_first_name || ' ' || r.passenger_last_name AS passenger, \
         {ROUTE} AS route, t.departure_time, COALESCE(ag.name, '') AS agency, COALESCE(c.email, '') AS clerk, \
         r.seats_reserved AS seats, r.status, SUM(a.amount) AS collected, MAX(p.payment_date) AS paid_at \
         FROM json_each(?8) AS chosen CROSS JOIN reservations r ON r.id = chosen.value \
         CROSS JOIN payment_allocations a ON a.reservation_id = r.id AND a.deleted_at IS NULL \
         CROSS JOIN paiements p ON p.id = a.paiement_id {JOINS} \
         WHERE {line} GROUP BY r.id ORDER BY paid_at DESC, r.id DESC"
    );
    let chosen = serde_json::to_string(&chosen).map_err(crate::error::Error::internal)?;
    Ok(scope
        .bind(sqlx::query_as(&sql))
        .bind(&args.key)
        .bind(chosen)
        .fetch_all(desk.pool())
        .await?)
}
