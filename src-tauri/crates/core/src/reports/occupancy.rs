//! Seats offered against seats taken on the departures of a period: by departure, by route, by
//! day, and as a heat map by weekday and hour of departure.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    cap, filter_sql, nested_scope_for, scope_for, summary, Column, ReportFilter, ReportRow,
    ReportTable, Scope,
};
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OccupancyDimension {
    Trajet,
    Route,
    Day,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OccupancyArgs {
    pub filter: ReportFilter,
    pub by: OccupancyDimension,
}

/// One cell of the heat map: the departures of one weekday (0 = Monday) at one hour (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeatCell {
    pub weekday: u8,
    pub hour: u8,
    pub departures: i64,
    pub seats_offered: i64,
    pub seats_taken: i64,
}

/// Departures of the period that were not cancelled. A departure's seats are sold by every
/// agency, so the agency filter does not narrow it (`?3` is compared with itself).
fn departures_where() -> String {
    format!(
        "t.status <> 'cancelled' AND t.deleted_at IS NULL AND {}",
        filter_sql(
            "t.departure_time",
            "?3",
            "t.transporteur_id",
            "t.departure_city",
            "t.arrival_city"
        )
    )
}

const FIGURES: &str = "COUNT(*), COALESCE(SUM(t.seats_count), 0), COALESCE(SUM(t.seats_count - t.available_seats), 0)";

/// The departures' day summary (`s`) of the scope; as above, the agency does not narrow it.
fn summary_where() -> String {
    filter_sql(
        "s.day",
        "?3",
        "s.transporteur_id",
        "s.departure_city",
        "s.arrival_city",
    )
}

const SUMMARY_FIGURES: &str = "COALESCE(SUM(s.departures), 0), COALESCE(SUM(s.seats_offered), 0), \
     COALESCE(SUM(s.seats_taken), 0)";

/// Seats taken per thousand offered; 0 when none were offered.
pub(crate) fn permille(taken: i64, offered: i64) -> i64 {
    if offered == 0 {
        0
    } else {
        taken * 1000 / offered
    }
}

/// Departures, seats offered and seats taken (sold or held) over the whole scope.
pub(crate) async fn totals(desk: &Desk, scope: &Scope) -> Result<(i64, i64, i64)> {
    let sql = format!(
        "SELECT {SUMMARY_FIGURES} FROM report_departure_days s WHERE {}",
        summary_where()
    );
    Ok(scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_one(desk.pool())
        .await?)
}

pub async fn report(desk: &Desk, session: &Session, args: OccupancyArgs) -> Result<ReportTable> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    summary::refresh(desk).await?;
    breakdown(desk, &scope, args.by).await
}

pub(crate) async fn breakdown(
    desk: &Desk,
    scope: &Scope,
    by: OccupancyDimension,
) -> Result<ReportTable> {
    let route = "s.departure_city || ' → ' || s.arrival_city";
    let (sql, per_day) = match by {
        // One line per departure: only the departures themselves know them.
        OccupancyDimension::Trajet => (
            format!(
                "SELECT t.uid AS k, t.departure_city || ' → ' || t.arrival_city || ' ' || \
                 replace(substr(t.departure_time, 1, 16), 'T', ' '), {FIGURES} FROM trajets t WHERE {} \
                 GROUP BY k ORDER BY MIN(t.departure_time), k LIMIT {}",
                departures_where(),
                super::MAX_ROWS + 1
            ),
            false,
        ),
        OccupancyDimension::Route => (
            format!(
                "SELECT {route} AS k, MAX({route}), {SUMMARY_FIGURES} FROM report_departure_days s \
                 WHERE {} GROUP BY k ORDER BY 3 DESC, k LIMIT {}",
                summary_where(),
                super::MAX_ROWS + 1
            ),
            true,
        ),
        OccupancyDimension::Day => (
            format!(
                "SELECT s.day AS k, s.day, {SUMMARY_FIGURES} FROM report_departure_days s \
                 WHERE {} GROUP BY k ORDER BY k LIMIT {}",
                summary_where(),
                super::MAX_ROWS + 1
            ),
            true,
        ),
    };
    let query = sqlx::query_as(&sql);
    let raw: Vec<(String, String, i64, i64, i64)> = if per_day {
        scope.bind_days(query)
    } else {
        scope.bind(query)
    }
    .fetch_all(desk.pool())
    .await?;
    let mut rows: Vec<ReportRow> = raw
        .into_iter()
        .map(|(key, label, departures, offered, taken)| ReportRow {
            key,
            label,
            figures: vec![departures, offered, taken, permille(taken, offered)],
        })
        .collect();
    let truncated = cap(&mut rows);
    let (departures, offered, taken) = totals(desk, scope).await?;
    Ok(ReportTable {
        columns: vec![
            Column::Departures,
            Column::SeatsOffered,
            Column::SeatsTaken,
            Column::OccupancyPermille,
        ],
        rows,
        totals: vec![departures, offered, taken, permille(taken, offered)],
        truncated,
    })
}

/// Occupancy by weekday and hour of departure, for the cells that had departures.
pub async fn heatmap(
    desk: &Desk,
    session: &Session,
    filter: ReportFilter,
) -> Result<Vec<HeatCell>> {
    let scope = scope_for(desk, session, &filter).await?;
    summary::refresh(desk).await?;
    // strftime's %w counts from Sunday; the map's rows start on Monday.
    let sql = format!(
        "SELECT (CAST(strftime('%w', s.day) AS INTEGER) + 6) % 7 AS weekday, s.hour, {SUMMARY_FIGURES} \
         FROM report_departure_days s WHERE {} GROUP BY weekday, s.hour ORDER BY weekday, s.hour",
        summary_where()
    );
    let raw: Vec<(i64, i64, i64, i64, i64)> = scope
        .bind_days(sqlx::query_as(&sql))
        .fetch_all(desk.pool())
        .await?;
    Ok(raw
        .into_iter()
        .map(
            |(weekday, hour, departures, seats_offered, seats_taken)| HeatCell {
                weekday: u8::try_from(weekday).unwrap_or(0),
                hour: u8::try_from(hour).unwrap_or(0),
                departures,
                seats_offered,
                seats_taken,
            },
        )
        .collect())
}
