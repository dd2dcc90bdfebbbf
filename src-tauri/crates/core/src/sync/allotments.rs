//! Seats head office allots to this desk (docs/sync.md, "Seats"). Once a desk has reached head
//! office it sells only seats it holds: a block per departure granted while online, so that it
//! can sell offline, and the exact seats of an online sale, claimed just before the sale is
//! written. Head office grants under the trajet row's lock, so a seat is held by one desk at a
//! time; unsold seats go back at a cutoff before departure, or when the trajet stops selling.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{MySqlConnection, SqliteConnection};
use ts_rs::TS;

use super::central::{unreachable, Central};
use super::outbox;
use crate::config;
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// The block sizes and times of the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Unsold seats each desk keeps on every departure within the horizon.
    pub block: i64,
    pub horizon: chrono::Duration,
    pub cutoff: chrono::Duration,
}

impl Rules {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        Ok(Self {
            block: config::integer(conn, config::ALLOTMENT_SEATS, 4).await?,
            horizon: chrono::Duration::hours(
                config::integer(conn, config::ALLOTMENT_HORIZON_HOURS, 48).await?,
            ),
            cutoff: chrono::Duration::minutes(
                config::integer(conn, config::ALLOTMENT_CUTOFF_MINUTES, 60).await?,
            ),
        })
    }
}

/// What head office is asked for on one trajet.
#[derive(Debug, Clone, Copy)]
pub enum Want<'a> {
    /// These seats exactly (an online sale): refused if one is sold or held by another desk.
    Seats(&'a [i64]),
    /// Up to this many free seats, the lowest numbers first (a block).
    Count(i64),
}

/// Whether this desk has reached head office once: from then on it sells only seats it holds.
pub async fn joined(conn: &mut SqliteConnection) -> Result<bool> {
    let joined: Option<DateTime<Utc>> = sqlx::query_scalar("SELECT joined_at FROM sync_status")
        .fetch_optional(conn)
        .await?
        .flatten();
    Ok(joined.is_some())
}

pub(super) async fn mark_joined(desk: &Desk) -> Result<()> {
    sqlx::query("UPDATE sync_status SET joined_at = COALESCE(joined_at, ?)")
        .bind(desk.clock().now())
        .execute(desk.pool())
        .await?;
    Ok(())
}

/// The seats this desk holds (`a`), with their trajet (`t`): the FROM and WHERE every query of
/// this module's own seats starts with.
const HELD_HERE: &str = "FROM seat_allotments a \
     JOIN desk_nodes n ON n.id = a.desk_node_id AND n.is_local = 1 \
     JOIN trajets t ON t.id = a.trajet_id \
     WHERE a.status = 'held' AND a.deleted_at IS NULL";

/// Whether the seat of allotment `a` is sold (or held for a payment) on its trajet.
const SOLD: &str = "EXISTS (SELECT 1 FROM reservation_seats s WHERE s.trajet_id = a.trajet_id \
     AND s.seat_number = a.seat_number AND s.active = 1 AND s.deleted_at IS NULL)";

/// Seat numbers this desk holds on a trajet, sold or not.
pub async fn held(conn: &mut SqliteConnection, trajet_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT a.seat_number {HELD_HERE} AND a.trajet_id = ? ORDER BY a.seat_number"
    ))
    .bind(trajet_id)
    .fetch_all(conn)
    .await?)
}

/// Seats this desk may sell on a trajet: `None` when it works alone (every free seat), else
/// the seats it holds.
pub async fn sellable(conn: &mut SqliteConnection, trajet_id: i64) -> Result<Option<Vec<i64>>> {
    if !joined(conn).await? {
        return Ok(None);
    }
    held(conn, trajet_id).await.map(Some)
}

/// Refuses a seat this desk does not hold, once it syncs (called where seats are taken, inside
/// the sale's transaction).
pub async fn check_held(conn: &mut SqliteConnection, trajet_id: i64, seats: &[i64]) -> Result<()> {
    let Some(held) = sellable(conn, trajet_id).await? else {
        return Ok(());
    };
    match seats.iter().find(|seat| !held.contains(seat)) {
        Some(&seat) => Err(Error::new(ErrorCode::Conflict, Message::SeatNotHeld(seat))),
        None => Ok(()),
    }
}

/// Asks head office for seats on a trajet for this desk, and keeps what it grants: the seats
/// granted (possibly none for a block when the departure is full).
pub async fn grant(
    desk: &Desk,
    central: &Central,
    trajet_uid: &str,
    want: Want<'_>,
) -> Result<Vec<i64>> {
    let now = desk.clock().now();
    let mut conn = central.pool().acquire().await.map_err(unreachable)?;
    let granted = grant_centrally(&mut conn, desk.desk_uid(), trajet_uid, want, now).await?;
    if granted.is_empty() {
        return Ok(Vec::new());
    }
    // Kept at once so the sale can go on; the same rows come back with the next pull.
    let mut tx = outbox::begin_unrecorded(desk).await?;
    for (uid, seat) in &granted {
        sqlx::query(
            "INSERT INTO seat_allotments (uid, trajet_id, desk_node_id, seat_number, status, granted_at, created_at, updated_at) \
             SELECT ?, t.id, n.id, ?, 'held', ?, ?, ? FROM trajets t, desk_nodes n WHERE t.uid = ? AND n.is_local = 1",
        )
        .bind(uid)
        .bind(seat)
        .bind(now)
        .bind(now)
        .bind(now)
        .bind(trajet_uid)
        .execute(&mut *tx)
        .await?;
    }
    outbox::commit_unrecorded(tx).await?;
    Ok(granted.into_iter().map(|(_, seat)| seat).collect())
}

/// Head office's side of a grant, in one transaction under the trajet's lock. Written as head
/// office (no desk named to the triggers), so that every desk, this one included, pulls it.
async fn grant_centrally(
    conn: &mut MySqlConnection,
    desk_uid: &str,
    trajet_uid: &str,
    want: Want<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<(String, i64)>> {
    sqlx::query("SET @billettigue_sync_node = NULL, @billettigue_sync_echo = NULL")
        .execute(&mut *conn)
        .await
        .map_err(unreachable)?;
    let mut tx = sqlx::Connection::begin(&mut *conn)
        .await
        .map_err(unreachable)?;
    let trajet: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, seats_count, status FROM trajets WHERE uid = ? AND deleted_at IS NULL FOR UPDATE",
    )
    .bind(trajet_uid)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((trajet_id, seats_count, status)) = trajet else {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::TrajetNotAtHeadOffice,
        ));
    };
    if status != "active" {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetNotOnSale));
    }
    let node_id: Option<i64> = sqlx::query_scalar("SELECT id FROM desk_nodes WHERE uid = ?")
        .bind(desk_uid)
        .fetch_optional(&mut *tx)
        .await?;
    let node_id = node_id.ok_or_else(|| {
        Error::new(
            ErrorCode::Unavailable,
            Message::CentralUnreachable("desk not registered".into()),
        )
    })?;
    let taken: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT CAST(seat_number AS SIGNED), CAST(NULL AS SIGNED) FROM reservation_seats \
         WHERE trajet_id = ? AND active = 1 AND deleted_at IS NULL \
         UNION ALL SELECT CAST(seat_number AS SIGNED), CAST(desk_node_id AS SIGNED) FROM seat_allotments \
         WHERE trajet_id = ? AND status = 'held' AND deleted_at IS NULL",
    )
    .bind(trajet_id)
    .bind(trajet_id)
    .fetch_all(&mut *tx)
    .await?;
    let mine = |seat: i64| {
        taken
            .iter()
            .any(|&(s, node)| s == seat && node == Some(node_id))
    };
    let free = |seat: i64| !taken.iter().any(|&(s, _)| s == seat);
    let seats: Vec<i64> = match want {
        Want::Seats(seats) => {
            let mut wanted = Vec::new();
            for &seat in seats {
                if mine(seat) {
                    continue;
                }
                if !(1..=seats_count).contains(&seat) || !free(seat) {
                    return Err(Error::new(ErrorCode::Conflict, Message::SeatTaken(seat)));
                }
                wanted.push(seat);
            }
            wanted
        }
        Want::Count(count) => (1..=seats_count)
            .filter(|&seat| free(seat))
            .take(usize::try_from(count).unwrap_or(0))
            .collect(),
    };
    let mut granted = Vec::with_capacity(seats.len());
    for seat in seats {
        let uid = crate::new_uid();
        sqlx::query(
            "INSERT INTO seat_allotments (uid, trajet_id, desk_node_id, seat_number, status, granted_at, created_at, updated_at) \
             VALUES (?, ?, ?, ?, 'held', ?, ?, ?)",
        )
        .bind(&uid)
        .bind(trajet_id)
        .bind(node_id)
        .bind(seat)
        .bind(now)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        granted.push((uid, seat));
    }
    tx.commit().await.map_err(unreachable)?;
    Ok(granted)
}

/// Before an online sale: claims at head office the seats of `trajet_uid` this desk does not
/// hold yet. Does nothing for a desk that works alone or holds them all; when head office cannot
/// be reached the sale goes on and the seats it does not hold are refused (`SeatNotHeld`).
pub async fn claim_for_sale(desk: &Desk, trajet_uid: &str, seats: &[i64]) -> Result<()> {
    let mut conn = desk.pool().acquire().await?;
    if !joined(&mut conn).await? {
        return Ok(());
    }
    let trajet_id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM trajets WHERE uid = ? AND deleted_at IS NULL")
            .bind(trajet_uid)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(trajet_id) = trajet_id else {
        return Ok(());
    };
    let held = held(&mut conn, trajet_id).await?;
    drop(conn);
    let missing: Vec<i64> = seats
        .iter()
        .copied()
        .filter(|seat| !held.contains(seat))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let Some(central) = super::service::reachable_central(desk).await else {
        return Ok(());
    };
    let outcome = grant(desk, &central, trajet_uid, Want::Seats(&missing)).await;
    central.close().await;
    if outcome.is_ok() {
        desk.sync_board().nudge();
    }
    match outcome {
        // Head office's answer: the seat is someone else's, or the departure stopped selling.
        Err(e) if matches!(e.message, Message::SeatTaken(_) | Message::TrajetNotOnSale) => Err(e),
        // Granted; or the connection failed on the way, or head office does not know the
        // departure yet: the sale's own check decides with the seats the desk holds.
        _ => Ok(()),
    }
}

/// Gives back, as a recorded change that the next push carries, every unsold seat this desk
/// holds on a departure past its cutoff or no longer on sale (`trajet_uid`: on that trajet only,
/// whatever its time: an administrator's "give back").
pub async fn return_unsold(desk: &Desk, trajet_uid: Option<&str>) -> Result<u64> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let rules = Rules::load(&mut tx).await?;
    let rows: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(&format!(
        "SELECT a.id, t.status, t.departure_time {HELD_HERE} \
         AND (? IS NULL OR t.uid = ?) AND NOT {SOLD}"
    ))
    .bind(trajet_uid)
    .bind(trajet_uid)
    .fetch_all(&mut *tx)
    .await?;
    let mut returned = 0;
    for (id, status, departure) in rows {
        let due = trajet_uid.is_some() || status != "active" || departure - rules.cutoff <= now;
        if !due {
            continue;
        }
        sqlx::query(
            "UPDATE seat_allotments SET status = 'returned', returned_at = ?, updated_at = ?, version = version + 1 \
             WHERE id = ?",
        )
        .bind(now)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        returned += 1;
    }
    tx.commit().await?;
    Ok(returned)
}

/// Tops up this desk's block on every departure leaving within the horizon and before its
/// cutoff, so that the counter can sell offline. A departure head office does not know yet is
/// skipped until the push that carries it.
pub async fn keep_blocks(desk: &Desk, central: &Central) -> Result<u64> {
    let now = desk.clock().now();
    let mut conn = desk.pool().acquire().await?;
    let rules = Rules::load(&mut conn).await?;
    if rules.block == 0 {
        return Ok(0);
    }
    let trajets: Vec<(String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT uid, departure_time FROM trajets WHERE status = 'active' AND deleted_at IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    let unsold: BTreeMap<String, i64> = list(desk)
        .await?
        .into_iter()
        .map(|line| (line.trajet_uid, line.held - line.sold))
        .collect();
    let mut granted = 0;
    for (uid, departure) in trajets {
        let unsold = unsold.get(&uid).copied().unwrap_or(0);
        let soon = departure - rules.cutoff > now && departure <= now + rules.horizon;
        if !soon || unsold >= rules.block {
            continue;
        }
        match grant(desk, central, &uid, Want::Count(rules.block - unsold)).await {
            Ok(seats) => granted += seats.len() as u64,
            Err(e) if e.code == ErrorCode::Conflict => {}
            Err(e) => return Err(e),
        }
    }
    Ok(granted)
}

/// This desk's seats on one departure, as the Sync section lists them.
#[derive(Debug, Clone, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct AllotmentLine {
    pub trajet_uid: String,
    pub departure_city: String,
    pub arrival_city: String,
    pub departure_time: DateTime<Utc>,
    /// Seats head office allotted to this desk and not given back.
    pub held: i64,
    /// Of those, the seats sold (or held for a payment) here or elsewhere.
    pub sold: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AllotArgs {
    pub trajet_uid: String,
    /// More seats to ask head office for, on top of those held.
    pub seats: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GiveBackArgs {
    pub trajet_uid: String,
}

fn select_line() -> String {
    format!(
        "SELECT t.uid AS trajet_uid, t.departure_city, t.arrival_city, t.departure_time, \
         COUNT(*) AS held, SUM({SOLD}) AS sold {HELD_HERE}"
    )
}

/// This desk's seats on every departure it holds some on, soonest first.
pub async fn list(desk: &Desk) -> Result<Vec<AllotmentLine>> {
    Ok(sqlx::query_as(&format!(
        "{} GROUP BY t.id ORDER BY t.departure_time, t.uid",
        select_line()
    ))
    .fetch_all(desk.pool())
    .await?)
}

async fn line(desk: &Desk, trajet_uid: &str) -> Result<AllotmentLine> {
    let (_, trajet) = {
        let mut conn = desk.pool().acquire().await?;
        crate::trajets::by_uid(&mut conn, trajet_uid)
            .await
            .map_err(|e| e.at("trajet_uid"))?
    };
    let line: Option<AllotmentLine> =
        sqlx::query_as(&format!("{} AND t.uid = ? GROUP BY t.id", select_line()))
            .bind(trajet_uid)
            .fetch_optional(desk.pool())
            .await?;
    Ok(line.unwrap_or(AllotmentLine {
        trajet_uid: trajet.uid,
        departure_city: trajet.departure_city,
        arrival_city: trajet.arrival_city,
        departure_time: trajet.departure_time,
        held: 0,
        sold: 0,
    }))
}

/// An administrator's "more seats here": asks head office now for `seats` more free seats of a
/// departure (fewer when it has fewer free), for a desk about to sell offline.
pub async fn allot(desk: &Desk, args: AllotArgs) -> Result<AllotmentLine> {
    if !(1..=50).contains(&args.seats) {
        return Err(Error::invalid(
            "seats",
            Message::NumberOutOfRange { min: 1, max: 50 },
        ));
    }
    line(desk, &args.trajet_uid).await?;
    let central = super::service::connect(desk).await?;
    let granted = grant(
        desk,
        &central,
        &args.trajet_uid,
        Want::Count(i64::from(args.seats)),
    )
    .await;
    central.close().await;
    granted.map_err(|e| e.at("trajet_uid"))?;
    line(desk, &args.trajet_uid).await
}

/// An administrator's "give back": the departure's unsold seats go back to head office with
/// the next push, whatever the time.
pub async fn give_back(desk: &Desk, args: GiveBackArgs) -> Result<AllotmentLine> {
    line(desk, &args.trajet_uid).await?;
    return_unsold(desk, Some(&args.trajet_uid)).await?;
    line(desk, &args.trajet_uid).await
}

/// How long an online sale waits for head office before selling from the desk's own seats.
pub const CLAIM_TIMEOUT: Duration = Duration::from_secs(5);
