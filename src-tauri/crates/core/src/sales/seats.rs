//! Taking and giving back seats: the rows of `reservation_seats` and the trajet's
//! `available_seats` always move together, inside the caller's write transaction.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::sync::allotments;

/// Seat numbers held by live reservations of a trajet.
pub async fn taken(conn: &mut SqliteConnection, trajet_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT seat_number FROM reservation_seats WHERE trajet_id = ? AND active = 1 AND deleted_at IS NULL",
    )
    .bind(trajet_id)
    .fetch_all(conn)
    .await?)
}

/// Checks seats chosen on a trajet of `seats_count` seats: each exists, is chosen once (here or
/// in `asked`, the seats already chosen in the same sale) and is not in `taken`, unless the
/// reservation being changed holds it (`own`). The caller names the argument at fault.
pub fn check_choice(
    wanted: &[i64],
    seats_count: i64,
    taken: &[i64],
    own: &[i64],
    asked: &mut Vec<i64>,
) -> Result<()> {
    for &seat in wanted {
        if !(1..=seats_count).contains(&seat) {
            return Err(Error::new(
                ErrorCode::Validation,
                Message::SeatOutOfRange(seat, seats_count),
            ));
        }
        if asked.contains(&seat) {
            return Err(Error::new(ErrorCode::Validation, Message::SeatTwice(seat)));
        }
        if taken.contains(&seat) && !own.contains(&seat) {
            return Err(Error::new(ErrorCode::Conflict, Message::SeatTaken(seat)));
        }
        asked.push(seat);
    }
    Ok(())
}

/// Gives `seats` of an active trajet to a reservation. Refuses when the trajet has fewer seats
/// left than asked, so `available_seats` never goes below zero; the unique index on live
/// seats refuses a seat already taken; a desk that syncs takes only seats allotted to it.
pub async fn claim(
    conn: &mut SqliteConnection,
    reservation_id: i64,
    trajet_id: i64,
    seats: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    allotments::check_held(conn, trajet_id, seats).await?;
    let count = i64::try_from(seats.len()).unwrap_or(i64::MAX);
    let updated = sqlx::query(
        "UPDATE trajets SET available_seats = available_seats - ?, updated_at = ?, version = version + 1 \
         WHERE id = ? AND status = 'active' AND available_seats >= ?",
    )
    .bind(count)
    .bind(now)
    .bind(trajet_id)
    .bind(count)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(Error::new(ErrorCode::Conflict, Message::NotEnoughSeats));
    }
    for seat in seats {
        sqlx::query(
            "INSERT INTO reservation_seats (uid, reservation_id, trajet_id, seat_number, active, created_at, updated_at) \
             VALUES (?, ?, ?, ?, 1, ?, ?)",
        )
        .bind(crate::new_uid())
        .bind(reservation_id)
        .bind(trajet_id)
        .bind(seat)
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(|e| match Error::from(e) {
            err if err.code == ErrorCode::Conflict => {
                Error::new(ErrorCode::Conflict, Message::SeatTaken(*seat))
            }
            err => err,
        })?;
    }
    Ok(())
}

/// Gives back every seat a reservation holds; returns how many.
pub async fn release(
    conn: &mut SqliteConnection,
    reservation_id: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let trajet_id: Option<i64> = sqlx::query_scalar(
        "SELECT trajet_id FROM reservation_seats WHERE reservation_id = ? AND active = 1 LIMIT 1",
    )
    .bind(reservation_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(trajet_id) = trajet_id else {
        return Ok(0);
    };
    let released = sqlx::query(
        "UPDATE reservation_seats SET active = NULL, released_at = ?, updated_at = ?, version = version + 1 \
         WHERE reservation_id = ? AND active = 1",
    )
    .bind(now)
    .bind(now)
    .bind(reservation_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let released = i64::try_from(released).unwrap_or(0);
    sqlx::query(
        "UPDATE trajets SET available_seats = available_seats + ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(released)
    .bind(now)
    .bind(trajet_id)
    .execute(&mut *conn)
    .await?;
    Ok(released)
}

/// The lowest free seat numbers of a trajet (among those the desk holds, once it syncs), for
/// moving passengers without choosing.
pub async fn lowest_free(
    conn: &mut SqliteConnection,
    trajet_id: i64,
    seats_count: i64,
    how_many: usize,
) -> Result<Vec<i64>> {
    let taken = taken(conn, trajet_id).await?;
    let sellable = allotments::sellable(conn, trajet_id).await?;
    let free: Vec<i64> = (1..=seats_count)
        .filter(|seat| !taken.contains(seat))
        .filter(|seat| sellable.as_ref().is_none_or(|held| held.contains(seat)))
        .take(how_many)
        .collect();
    if free.len() < how_many {
        return Err(Error::new(ErrorCode::Conflict, Message::NotEnoughSeats));
    }
    Ok(free)
}
