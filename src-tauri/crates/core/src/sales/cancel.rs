//! After the sale: cancelling a reservation (refund per the rules, seats given back, an
//! `annulations` row) and changing its seat or date.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::pricing::{PaidTicket, Refund, RefundBasis, Rules};
use super::reservation::{self, Reservation, ReservationRef, ReservationRow};
use super::seats;
use super::sell::{change_due, NewReservation};
use super::status::ReservationStatus;
use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::{city_key, Money, Text};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::payments::refunds::{self, CashRefund, RefundOutcome};
use crate::payments::{self, PaymentMethod};
use crate::sync::allotments;
use crate::till;
use crate::trajets::{self, Trajet, TrajetStatus};

pub const REASON_MAX: usize = 1000;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RefundQuote {
    pub booking_reference: String,
    pub refund_amount: Money,
    pub basis: RefundBasis,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CancelReservationArgs {
    pub booking_reference: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChangeReservationArgs {
    pub booking_reference: String,
    /// Another departure on the same route; none to change seats only.
    #[serde(default)]
    pub trajet_uid: Option<String>,
    /// The new seats, as many as the reservation holds.
    pub seats: Vec<u8>,
    #[serde(default)]
    pub cash_tendered: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChangeReceipt {
    /// The reservation as it is now: the same one after a seat change, a new one (new
    /// reference, new ticket) after a change of date.
    pub reservation: Reservation,
    /// The fare difference paid in cash (never negative: a cheaper departure refunds nothing).
    pub amount_due: Money,
    pub change_due: Option<Money>,
}

fn paid(row: &ReservationRow, trajet: &Trajet) -> PaidTicket {
    PaidTicket {
        refundable: row.refundable_option,
        total_amount: row.total_amount,
        supplement: row.refund_supplement_amount,
        departure_time: trajet.departure_time,
    }
}

/// A reservation that can still be cancelled or changed: live, not boarded, not departed.
async fn open_reservation(
    conn: &mut SqliteConnection,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(ReservationRow, Trajet)> {
    let row = reservation::by_reference(conn, reference).await?;
    let status = row.status();
    if !status.can_become(ReservationStatus::Cancelled) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::ReservationClosed(status.as_str()),
        ));
    }
    let (_, trajet) = trajets::by_uid(conn, &row.trajet_uid).await?;
    if trajet.departure_time <= now {
        return Err(Error::new(ErrorCode::Conflict, Message::DepartureGone));
    }
    Ok((row, trajet))
}

/// What cancelling would give back now, without cancelling.
pub async fn refund_quote(desk: &Desk, args: ReservationRef) -> Result<RefundQuote> {
    let mut conn = desk.pool().acquire().await?;
    let (row, trajet) =
        open_reservation(&mut conn, &args.booking_reference, desk.clock().now()).await?;
    let refund = Rules::load(&mut conn)
        .await?
        .refund(&paid(&row, &trajet), desk.clock().now());
    Ok(RefundQuote {
        booking_reference: row.booking_reference,
        refund_amount: Money::parse("refund_amount", refund.amount)?,
        basis: refund.basis,
    })
}

/// Cancels a reservation: seats back on sale, refund per the rules, an `annulations` row.
pub async fn cancel(
    desk: &Desk,
    session: &Session,
    args: CancelReservationArgs,
) -> Result<Reservation> {
    let reason = Text::parse("reason", &args.reason, REASON_MAX)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (row, trajet) = open_reservation(&mut tx, &args.booking_reference, now).await?;
    let refund = Rules::load(&mut tx)
        .await?
        .refund(&paid(&row, &trajet), now);
    let outcome = write_cancellation(
        &mut tx,
        Some(session.compte_id),
        &row,
        refund,
        reason.as_str(),
        CashRefund::FromTill,
        now,
    )
    .await?;
    let details = serde_json::json!({ "reason": reason.as_str(), "refund": outcome.amount, "basis": refund.basis, "method": outcome.method.map(PaymentMethod::as_str) });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "reservation.cancel",
        Some("reservations"),
        Some(&row.uid),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    refunds::send(desk, &outcome.to_send, Some(session.compte_id)).await?;
    let mut conn = desk.pool().acquire().await?;
    reservation::view(&mut conn, row.id).await
}

/// Seats back, the refund through the method that paid (never more than was paid), status
/// `refunded` (money given back) or `cancelled`, and the annulation. Provider refunds to send
/// once committed are in the outcome.
pub(crate) async fn write_cancellation(
    conn: &mut SqliteConnection,
    actor: Option<i64>,
    row: &ReservationRow,
    refund: Refund,
    reason: &str,
    cash: CashRefund,
    now: DateTime<Utc>,
) -> Result<RefundOutcome> {
    seats::release(conn, row.id, now).await?;
    let outcome = refunds::open_refund(
        conn,
        actor,
        refunds::RefundFor::Reservation(row.id),
        refund.amount,
        cash,
        now,
    )
    .await?;
    let status = if outcome.amount > 0 {
        ReservationStatus::Refunded
    } else {
        ReservationStatus::Cancelled
    };
    sqlx::query(
        "UPDATE reservations SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(row.id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO annulations (uid, reservation_id, cancelled_at, cancelled_by, reason, refund_amount, refund_method, \
         paiement_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(row.id)
    .bind(now)
    .bind(actor)
    .bind(reason)
    .bind(outcome.amount)
    .bind(outcome.method.map(PaymentMethod::as_str))
    .bind(outcome.payment_id)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(outcome)
}

/// Cancels a held (`pending`) reservation whose payment never completed: seats back on sale.
pub(crate) async fn release_hold(
    conn: &mut SqliteConnection,
    reservation_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let reference: String =
        sqlx::query_scalar("SELECT booking_reference FROM reservations WHERE id = ?")
            .bind(reservation_id)
            .fetch_one(&mut *conn)
            .await?;
    let row = reservation::by_reference(conn, &reference).await?;
    let nothing = Refund {
        amount: 0,
        basis: RefundBasis::NonRefundable,
    };
    write_cancellation(
        conn,
        None,
        &row,
        nothing,
        reason,
        CashRefund::OwedWithoutTill,
        now,
    )
    .await?;
    audit::record(
        conn,
        None,
        "reservation.hold_released",
        Some("reservations"),
        Some(&row.uid),
        serde_json::json!({ "reason": reason }),
        now,
    )
    .await
}

/// Online, a desk that syncs claims the new seats at head office first (docs/sync.md, "Seats").
async fn claim_online(desk: &Desk, args: &ChangeReservationArgs) -> Result<()> {
    let target = match args.trajet_uid.as_deref().map(str::trim) {
        Some(uid) if !uid.is_empty() => Some(uid.to_owned()),
        _ => sqlx::query_scalar(
            "SELECT t.uid FROM reservations r JOIN trajets t ON t.id = r.trajet_id WHERE r.booking_reference = ?",
        )
        .bind(args.booking_reference.trim())
        .fetch_optional(desk.pool())
        .await?,
    };
    let Some(target) = target else {
        return Ok(());
    };
    let seats: Vec<i64> = args.seats.iter().map(|&seat| i64::from(seat)).collect();
    allotments::claim_for_sale(desk, &target, &seats)
        .await
        .map_err(|e| e.at("seats"))
}

/// Changes seats on the same departure, or moves to another departure of the same route.
pub async fn change(
    desk: &Desk,
    session: &Session,
    args: ChangeReservationArgs,
) -> Result<ChangeReceipt> {
    claim_online(desk, &args).await?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (row, current) = open_reservation(&mut tx, &args.booking_reference, now).await?;
    if row.status() != ReservationStatus::Confirmed {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::ReservationClosed(row.status().as_str()),
        ));
    }
    let rules = Rules::load(&mut tx).await?;
    if now > rules.change_deadline(current.departure_time) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::ChangeTooLate(rules.changes_deadline_hours),
        ));
    }
    let held = row.seat_numbers();
    let wanted: Vec<i64> = args.seats.iter().map(|&seat| i64::from(seat)).collect();
    if wanted.len() != held.len() {
        return Err(Error::invalid(
            "seats",
            Message::SeatsCountMustStay(held.len()),
        ));
    }
    let target_uid = args
        .trajet_uid
        .as_deref()
        .map(str::trim)
        .filter(|uid| !uid.is_empty() && *uid != current.uid);
    let (reservation_id, amount_due) = match target_uid {
        None => {
            check_free(&mut tx, row.trajet_id, current.seats_count, &wanted, &held).await?;
            seats::release(&mut tx, row.id, now).await?;
            seats::claim(&mut tx, row.id, row.trajet_id, &wanted, now).await?;
            (row.id, 0)
        }
        Some(uid) => {
            let (target_id, target) = trajets::by_uid(&mut tx, uid)
                .await
                .map_err(|e| e.at("trajet_uid"))?;
            same_route_on_sale(&current, &target, now)?;
            check_free(&mut tx, target_id, target.seats_count, &wanted, &[]).await?;
            let count = i64::try_from(held.len()).unwrap_or(i64::MAX);
            let new_fare = target.price.minor_units() * count;
            let new_supplement = if row.refundable_option {
                rules.supplement(target.price.minor_units()) * count
            } else {
                0
            };
            let amount_due = (new_fare + new_supplement - row.total_amount).max(0);
            let id = reissue(
                &mut tx,
                session,
                &row,
                (target_id, &wanted),
                row.total_amount + amount_due,
                row.refund_supplement_amount.max(new_supplement),
                now,
            )
            .await?;
            if amount_due > 0 {
                let till = till::open_session_id(&mut tx, session.compte_id)
                    .await?
                    .ok_or_else(till::not_open)?;
                let share = [(id, amount_due)];
                payments::record_cash(
                    &mut tx,
                    session,
                    payments::Payee::Reservations(&share),
                    till,
                    now,
                )
                .await?;
            }
            (id, amount_due)
        }
    };
    // Checked before commit: short cash rolls the whole change back.
    let change_due = change_due(args.cash_tendered, amount_due)?;
    let view = reservation::view(&mut tx, reservation_id).await?;
    let details = serde_json::json!({ "from": { "trajet": current.uid, "seats": held }, "to": { "trajet": view.trajet.uid, "seats": view.seats, "reference": view.booking_reference }, "amount_due": amount_due });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "reservation.change",
        Some("reservations"),
        Some(&row.uid),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ChangeReceipt {
        reservation: view,
        amount_due: Money::parse("amount_due", amount_due)?,
        change_due,
    })
}

/// Another departure of the same route (cities compared like the search does), on sale.
pub(crate) fn same_route_on_sale(from: &Trajet, to: &Trajet, now: DateTime<Utc>) -> Result<()> {
    let same_route = city_key(&from.departure_city) == city_key(&to.departure_city)
        && city_key(&from.arrival_city) == city_key(&to.arrival_city);
    if !same_route {
        return Err(Error::invalid("trajet_uid", Message::NotSameRoute));
    }
    if to.status != TrajetStatus::Active || to.departure_time <= now {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetNotOnSale).at("trajet_uid"));
    }
    Ok(())
}

/// Each seat exists and is free (or already held by this reservation: `own`).
async fn check_free(
    conn: &mut SqliteConnection,
    trajet_id: i64,
    seats_count: i64,
    wanted: &[i64],
    own: &[i64],
) -> Result<()> {
    let taken = seats::taken(conn, trajet_id).await?;
    seats::check_choice(wanted, seats_count, &taken, own, &mut Vec::new())
        .map_err(|e| e.at("seats"))
}

/// Moves a reservation to another departure by re-issuing it: the old one is cancelled
/// (nothing refunded: its money carries over) and a new one, with a new reference and ticket,
/// takes the seats. Keeping each reservation on one trajet keeps every seat's history true.
pub(crate) async fn reissue(
    conn: &mut SqliteConnection,
    session: &Session,
    row: &ReservationRow,
    (target_id, target_seats): (i64, &[i64]),
    total_amount: i64,
    supplement: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let new = NewReservation {
        first_name: &row.passenger_first_name,
        last_name: &row.passenger_last_name,
        phone: &row.phone_number,
        seats: target_seats,
        refundable: row.refundable_option,
        supplement,
        total_amount,
        trajet_id: target_id,
        customer_id: row.compte_id,
        return_of: row.return_of_reservation_id,
        status: ReservationStatus::Confirmed,
    };
    let id = new.insert(conn, session, now).await?;
    let new_reference: String =
        sqlx::query_scalar("SELECT booking_reference FROM reservations WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let no_refund = Refund {
        amount: 0,
        basis: RefundBasis::NonRefundable,
    };
    let reason = Message::ReissuedAs(new_reference).text(crate::i18n::Locale::Fr);
    write_cancellation(
        conn,
        Some(session.compte_id),
        row,
        no_refund,
        &reason,
        CashRefund::OwedWithoutTill,
        now,
    )
    .await?;
    // The money paid stays with the passenger's new reservation; a return leg follows it.
    sqlx::query("UPDATE paiements SET reservation_id = ?, updated_at = ?, version = version + 1 WHERE reservation_id = ?")
        .bind(id)
        .bind(now)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE payment_allocations SET reservation_id = ?, updated_at = ?, version = version + 1 WHERE reservation_id = ?")
        .bind(id)
        .bind(now)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE reservations SET return_of_reservation_id = ?, updated_at = ?, version = version + 1 WHERE return_of_reservation_id = ?")
        .bind(id)
        .bind(now)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}
