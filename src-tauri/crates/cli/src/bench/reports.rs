//! The reports on the bench desk (a million reservations sold over the past year, a million
//! colis), each through the command layer over the last 30 days, beside a raw single-table
//! aggregate of the same period (the least any report of that family must read):
//! - `report_dashboard_latency` (and `_year`, the dashboard over 365 days), vs. summing the
//!   period's payments;
//! - `report_sales_by_day/agency/route/method_latency`, `report_sales_rows_latency` vs. the same;
//! - `report_occupancy_by_route_latency`, `report_occupancy_heatmap_latency` over the 30 days
//!   ahead (the demo's departures are to come) vs. summing those departures;
//! - `report_parcels_by_status/route_latency` vs. summing the period's envois and pieces;
//! - `report_cancellations_latency`, `report_cash_ups_latency` vs. counting the period's
//!   cancellations and closed tills;
//! - `report_dashboard_after_a_sale_latency`: the month's dashboard when a sale has just marked
//!   today stale, so that the report first rebuilds today's summaries (what an administrator
//!   waits for in a busy station);
//! - `report_summaries_rebuild`: every day's summaries rebuilt from the raw rows, once (what the
//!   first report after the upgrade to migration 0008 waits for on a year of data).

use chrono::Duration;
use serde_json::{json, Value};

use std::time::Instant;

use billettigue_core::commands::dispatch;
use billettigue_core::reports::summary;
use billettigue_core::{Desk, Locale};

use super::counter::{emit_percentiles, time_each, Samples};
use super::emit;

pub async fn measure(desk: &Desk, token: &str, iterations: usize) -> Result<(), String> {
    let today = desk.clock().now().date_naive();
    let month = json!({ "from": today - Duration::days(29), "to": today });
    let year = json!({ "from": today - Duration::days(364), "to": today });
    // The demo's departures are in the coming weeks: occupancy reads the month ahead.
    let ahead = json!({ "from": today, "to": today + Duration::days(29) });
    let ahead_start = today.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    let ahead_end = (today + Duration::days(30))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc());
    let start = (today - Duration::days(29))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc());
    let end = (today + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc());

    let payments = raw(desk, iterations, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM paiements WHERE payment_date >= ? AND payment_date < ?", start, end).await?;
    let departures = raw(desk, iterations, "SELECT COUNT(*), COALESCE(SUM(seats_count), 0) FROM trajets WHERE departure_time >= ? AND departure_time < ?", ahead_start, ahead_end).await?;
    let envois = raw(desk, iterations, "SELECT COUNT(*), COALESCE(SUM(k.weight), 0) FROM envois e JOIN colis k ON k.envoi_id = e.id WHERE e.created_at >= ? AND e.created_at < ?", start, end).await?;
    let cancellations = raw(desk, iterations, "SELECT COUNT(*), COALESCE(SUM(refund_amount), 0) FROM annulations WHERE cancelled_at >= ? AND cancelled_at < ?", start, end).await?;
    let tills = raw(desk, iterations, "SELECT COUNT(*), COALESCE(SUM(counted_cash), 0) FROM cash_sessions WHERE closed_at >= ? AND closed_at < ?", start, end).await?;

    let reports: [(&str, &str, Value, &Samples); 14] = [
        (
            "report_dashboard_latency",
            "reports.dashboard",
            month.clone(),
            &payments,
        ),
        (
            "report_dashboard_year_latency",
            "reports.dashboard",
            year,
            &payments,
        ),
        (
            "report_sales_by_day_latency",
            "reports.sales",
            json!({ "filter": month, "by": "day" }),
            &payments,
        ),
        (
            "report_sales_by_agency_latency",
            "reports.sales",
            json!({ "filter": month, "by": "agency" }),
            &payments,
        ),
        (
            "report_sales_by_route_latency",
            "reports.sales",
            json!({ "filter": month, "by": "route" }),
            &payments,
        ),
        (
            "report_sales_by_method_latency",
            "reports.sales",
            json!({ "filter": month, "by": "method" }),
            &payments,
        ),
        (
            "report_sales_rows_latency",
            "reports.sales_rows",
            json!({ "filter": month, "by": "method", "key": "cash" }),
            &payments,
        ),
        (
            "report_occupancy_by_route_latency",
            "reports.occupancy",
            json!({ "filter": ahead, "by": "route" }),
            &departures,
        ),
        (
            "report_occupancy_heatmap_latency",
            "reports.occupancy_heatmap",
            ahead,
            &departures,
        ),
        (
            "report_parcels_by_status_latency",
            "reports.parcels",
            json!({ "filter": month, "by": "status" }),
            &envois,
        ),
        (
            "report_parcels_by_route_latency",
            "reports.parcels",
            json!({ "filter": month, "by": "route" }),
            &envois,
        ),
        (
            "report_cancellations_latency",
            "reports.cancellations",
            month.clone(),
            &cancellations,
        ),
        (
            "report_cash_ups_latency",
            "reports.cash_ups",
            month.clone(),
            &tills,
        ),
        (
            "report_sign_ins_latency",
            "reports.sign_ins",
            month.clone(),
            &tills,
        ),
    ];
    for (figure, command, args, baseline) in reports {
        let measured = time_each(iterations, |_| {
            let args = args.clone();
            async move {
                dispatch(desk, command, args, Some(token), Locale::Fr)
                    .await
                    .map(drop)
                    .map_err(|e| format!("{command}: {}", e.message))
            }
        })
        .await?;
        emit_percentiles(figure, &measured, baseline);
    }

    let today_stale = format!("INSERT OR IGNORE INTO report_stale_days (day) VALUES ('{today}')");
    let after_a_sale = time_each(iterations, |_| {
        let mark = today_stale.clone();
        let month = month.clone();
        async move {
            sqlx::query(&mark)
                .execute(desk.pool())
                .await
                .map_err(|e| e.to_string())?;
            dispatch(desk, "reports.dashboard", month, Some(token), Locale::Fr)
                .await
                .map(drop)
                .map_err(|e| format!("reports.dashboard: {}", e.message))
        }
    })
    .await?;
    emit_percentiles(
        "report_dashboard_after_a_sale_latency",
        &after_a_sale,
        &payments,
    );

    let started = Instant::now();
    let days = summary::rebuild_all(desk)
        .await
        .map_err(|e| format!("rebuild the summaries: {e:?}"))?;
    emit(
        "report_summaries_rebuild",
        started.elapsed().as_secs_f64() * 1000.0,
        "ms",
        None,
    );
    emit("report_summaries_days", days as f64, "days", None);
    Ok(())
}

/// A raw aggregate over `[start, end)`, timed `iterations` times.
async fn raw(
    desk: &Desk,
    iterations: usize,
    sql: &'static str,
    start: Option<chrono::DateTime<chrono::Utc>>,
    end: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Samples, String> {
    time_each(iterations, |_| async move {
        sqlx::query_as::<_, (i64, i64)>(sql)
            .bind(start)
            .bind(end)
            .fetch_one(desk.pool())
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    })
    .await
}
