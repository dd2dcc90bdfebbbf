//! The per-day summaries reports read (migration 0008): rebuilding the days that writes have
//! marked stale, and marking every day stale to rebuild them all.
//!
//! A day's rebuild replaces its rows in every summary table from the raw tables, so a summary
//! is always exactly what the raw rows say once its day is no longer stale.

use chrono::{Duration, NaiveDate};
use sqlx::SqliteConnection;

use crate::desk::Desk;
use crate::error::Result;

/// Days rebuilt per write transaction: a busy day takes tens of milliseconds, so a counter's
/// sale never waits long behind a rebuild of a whole year.
const DAYS_PER_TRANSACTION: i64 = 7;

/// The summary tables.
const TABLES: [&str; 5] = [
    "report_sales_days",
    "report_parcel_days",
    "report_parcel_movements",
    "report_departure_days",
    "report_cancellation_days",
];

/// The statements that write one day of them: `?1` is the day (`YYYY-MM-DD`), `?2` the day
/// after; stored instants compare as text with both. Paid payments (and those refunded since)
/// count as collected; pending and failed ones do not.
const REBUILDS: [&str; 6] = [
    SALES_COLLECTED,
    SALES_REFUNDED,
    PARCELS_TAKEN,
    PARCEL_MOVEMENTS,
    DEPARTURES,
    CANCELLATIONS,
];

/// Money collected for tickets on the day. A ticket counts on its first payment: no collected
/// payment of the same reservation comes before this one (by instant, then by id).
const SALES_COLLECTED: &str = "INSERT INTO report_sales_days \
    (day, agence_id, sold_by, transporteur_id, departure_city, arrival_city, method, tickets, seats, collected, refunded) \
    SELECT ?1, r.agence_id, r.sold_by, t.transporteur_id, t.departure_city, t.arrival_city, d.method, \
           SUM(d.first), SUM(d.first * r.seats_reserved), SUM(d.amount), 0 \
    FROM (SELECT a.reservation_id AS reservation, p.method AS method, a.amount AS amount, \
                 NOT EXISTS (SELECT 1 FROM payment_allocations earlier_a \
                             JOIN paiements earlier ON earlier.id = earlier_a.paiement_id \
                             WHERE earlier_a.reservation_id = a.reservation_id AND earlier_a.deleted_at IS NULL \
                               AND earlier.status IN ('completed', 'refunded') AND earlier.deleted_at IS NULL \
                               AND (earlier.payment_date < p.payment_date \
                                    OR (earlier.payment_date = p.payment_date AND earlier.id < p.id))) AS first \
          FROM paiements p JOIN payment_allocations a ON a.paiement_id = p.id AND a.deleted_at IS NULL \
          WHERE +p.status IN ('completed', 'refunded') AND p.deleted_at IS NULL \
            AND p.payment_date >= ?1 AND p.payment_date < ?2) d \
    JOIN reservations r ON r.id = d.reservation JOIN trajets t ON t.id = r.trajet_id \
    GROUP BY r.agence_id, r.sold_by, t.transporteur_id, t.departure_city, t.arrival_city, d.method";

/// Ticket refunds recorded on the day, under the method the money went back through.
const SALES_REFUNDED: &str = "INSERT INTO report_sales_days \
    (day, agence_id, sold_by, transporteur_id, departure_city, arrival_city, method, tickets, seats, collected, refunded) \
    SELECT ?1, r.agence_id, r.sold_by, t.transporteur_id, t.departure_city, t.arrival_city, f.method, 0, 0, 0, SUM(f.amount) \
    FROM payment_refunds f JOIN reservations r ON r.id = f.reservation_id JOIN trajets t ON t.id = r.trajet_id \
    WHERE +f.status = 'completed' AND f.deleted_at IS NULL AND f.created_at >= ?1 AND f.created_at < ?2 \
    GROUP BY r.agence_id, r.sold_by, t.transporteur_id, t.departure_city, t.arrival_city, f.method";

/// Envois taken in on the day, by current status, with their pieces.
const PARCELS_TAKEN: &str = "INSERT INTO report_parcel_days \
    (day, agence_id, transporteur_id, origin_city, destination_city, status, envois, pieces, weight, billed) \
    SELECT ?1, e.agence_id, e.transporteur_id, e.origin_city, e.destination_city, e.status, \
           COUNT(DISTINCT e.id), COUNT(*), SUM(k.weight), SUM(k.shipping_cost) \
    FROM envois e JOIN colis k ON k.envoi_id = e.id AND k.deleted_at IS NULL \
    WHERE e.deleted_at IS NULL AND e.created_at >= ?1 AND e.created_at < ?2 \
    GROUP BY e.agence_id, e.transporteur_id, e.origin_city, e.destination_city, e.status";

/// Parcel money collected and refunded on the day, and envois delivered on it.
const PARCEL_MOVEMENTS: &str = "INSERT INTO report_parcel_movements \
    (day, agence_id, transporteur_id, origin_city, destination_city, collected, refunded, delivered) \
    SELECT ?1, e.agence_id, e.transporteur_id, e.origin_city, e.destination_city, SUM(p.amount), 0, 0 \
      FROM paiements p JOIN envois e ON e.id = p.envoi_id \
     WHERE +p.status IN ('completed', 'refunded') AND p.deleted_at IS NULL \
       AND p.payment_date >= ?1 AND p.payment_date < ?2 \
     GROUP BY e.agence_id, e.transporteur_id, e.origin_city, e.destination_city \
    UNION ALL \
    SELECT ?1, e.agence_id, e.transporteur_id, e.origin_city, e.destination_city, 0, SUM(f.amount), 0 \
      FROM payment_refunds f JOIN paiements p ON p.id = f.paiement_id JOIN envois e ON e.id = p.envoi_id \
     WHERE +f.status = 'completed' AND f.deleted_at IS NULL AND f.created_at >= ?1 AND f.created_at < ?2 \
     GROUP BY e.agence_id, e.transporteur_id, e.origin_city, e.destination_city \
    UNION ALL \
    SELECT ?1, e.agence_id, e.transporteur_id, e.origin_city, e.destination_city, 0, 0, COUNT(*) \
      FROM envois e WHERE +e.status = 'delivered' AND e.deleted_at IS NULL \
       AND e.delivered_at >= ?1 AND e.delivered_at < ?2 \
     GROUP BY e.agence_id, e.transporteur_id, e.origin_city, e.destination_city";

/// Departures of the day that still run, by hour, with seats offered and taken (sold or held).
const DEPARTURES: &str = "INSERT INTO report_departure_days \
    (day, hour, transporteur_id, departure_city, arrival_city, departures, seats_offered, seats_taken) \
    SELECT ?1, CAST(substr(t.departure_time, 12, 2) AS INTEGER) AS hour, t.transporteur_id, t.departure_city, \
           t.arrival_city, COUNT(*), SUM(t.seats_count), SUM(t.seats_count - t.available_seats) \
    FROM trajets t WHERE t.status <> 'cancelled' AND t.deleted_at IS NULL \
      AND t.departure_time >= ?1 AND t.departure_time < ?2 \
    GROUP BY hour, t.transporteur_id, t.departure_city, t.arrival_city";

/// Reservations cancelled on the day, by reason, with the refunds granted.
const CANCELLATIONS: &str = "INSERT INTO report_cancellation_days \
    (day, agence_id, transporteur_id, departure_city, arrival_city, reason, cancellations, refunded) \
    SELECT ?1, r.agence_id, t.transporteur_id, t.departure_city, t.arrival_city, n.reason, COUNT(*), SUM(n.refund_amount) \
    FROM annulations n JOIN reservations r ON r.id = n.reservation_id JOIN trajets t ON t.id = r.trajet_id \
    WHERE n.deleted_at IS NULL AND n.cancelled_at >= ?1 AND n.cancelled_at < ?2 \
    GROUP BY r.agence_id, t.transporteur_id, t.departure_city, t.arrival_city, n.reason";

/// Rebuilds every stale day; returns how many days it rebuilt. When none is stale (the usual
/// case for a report), only a read: the write lock is not taken.
pub async fn refresh(desk: &Desk) -> Result<usize> {
    let stale: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM report_stale_days)")
        .fetch_one(desk.pool())
        .await?;
    if !stale {
        return Ok(0);
    }
    let mut rebuilt = 0;
    loop {
        let mut tx = desk.begin_write().await?;
        let days: Vec<String> =
            sqlx::query_scalar("SELECT day FROM report_stale_days ORDER BY day DESC LIMIT ?")
                .bind(DAYS_PER_TRANSACTION)
                .fetch_all(&mut *tx)
                .await?;
        if days.is_empty() {
            return Ok(rebuilt);
        }
        for day in &days {
            rebuild_day(&mut tx, day).await?;
        }
        tx.commit().await?;
        rebuilt += days.len();
    }
}

/// Marks every day that has anything to summarise as stale and rebuilds them all: what the
/// tests compare the triggers' bookkeeping against, and what the bench times.
pub async fn rebuild_all(desk: &Desk) -> Result<usize> {
    // Days that hold summary rows too: a day whose raw rows are all gone must lose its rows.
    let summarised: String = TABLES
        .iter()
        .map(|table| format!(" UNION SELECT day FROM {table}"))
        .collect();
    let mut tx = desk.begin_write().await?;
    sqlx::query(&format!(
        "INSERT OR IGNORE INTO report_stale_days (day) \
         SELECT substr(payment_date, 1, 10) FROM paiements \
         UNION SELECT substr(created_at, 1, 10) FROM payment_refunds \
         UNION SELECT substr(cancelled_at, 1, 10) FROM annulations \
         UNION SELECT substr(departure_time, 1, 10) FROM trajets \
         UNION SELECT substr(created_at, 1, 10) FROM envois \
         UNION SELECT substr(delivered_at, 1, 10) FROM envois{summarised}"
    ))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    refresh(desk).await
}

/// Replaces one day's rows in every summary. A day that is not a date (a hand-edited instant)
/// only has its stale mark and rows removed: no query of a period can name it.
async fn rebuild_day(conn: &mut SqliteConnection, day: &str) -> Result<()> {
    let next = NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|date| (date + Duration::days(1)).to_string());
    for table in TABLES {
        sqlx::query(&format!("DELETE FROM {table} WHERE day = ?"))
            .bind(day)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(next) = next {
        for insert in REBUILDS {
            sqlx::query(insert)
                .bind(day)
                .bind(&next)
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query("DELETE FROM report_stale_days WHERE day = ?")
        .bind(day)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
