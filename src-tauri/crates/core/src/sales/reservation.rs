//! A reservation as the counter sees it (passenger, trajet, seats, money, cancellation), and
//! finding one by booking reference, ticket QR code or phone number.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::payments::{PaymentMethod, PaymentStatus};

use super::reference;
use super::status::ReservationStatus;
use crate::desk::Desk;
use crate::domain::{Money, PhoneNumber};
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::tickets::signing::TicketClaim;
use crate::trajets::{self, Trajet};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Reservation {
    pub uid: String,
    pub booking_reference: String,
    pub status: ReservationStatus,
    pub passenger_first_name: String,
    pub passenger_last_name: String,
    pub phone_number: String,
    /// Seats held now (none once cancelled).
    pub seats: Vec<i64>,
    pub refundable: bool,
    pub refund_supplement: Money,
    pub total_amount: Money,
    pub trajet: Trajet,
    /// The known customer's account, or none for a guest.
    pub customer_uid: Option<String>,
    /// For a return leg: the outbound reservation's reference.
    pub return_of_reference: Option<String>,
    pub reservation_date: DateTime<Utc>,
    pub sold_by_email: Option<String>,
    pub boarded_at: Option<DateTime<Utc>>,
    pub tickets_printed: i64,
    pub cancellation: Option<Cancellation>,
    /// The latest payment for this reservation (its uid to check or retry a provider payment).
    pub payment: Option<ReservationPayment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReservationPayment {
    pub uid: String,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Cancellation {
    pub cancelled_at: DateTime<Utc>,
    pub reason: String,
    pub refund_amount: Money,
    /// How the money goes back (the method that paid); none when nothing is refunded.
    pub refund_method: Option<PaymentMethod>,
    /// Part of the refund still waits for the provider or to be paid out in cash.
    pub refund_pending: bool,
    pub cancelled_by_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindReservationsArgs {
    /// A booking reference, a scanned ticket QR code, or a passenger's phone number.
    pub query: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReservationRef {
    pub booking_reference: String,
}

/// A reservation's row with its ids, for the commands that change it.
#[derive(sqlx::FromRow)]
pub(crate) struct ReservationRow {
    pub id: i64,
    pub uid: String,
    pub booking_reference: String,
    pub status: String,
    pub passenger_first_name: String,
    pub passenger_last_name: String,
    pub phone_number: String,
    pub seats: Option<String>,
    pub refundable_option: bool,
    pub refund_supplement_amount: i64,
    pub total_amount: i64,
    pub trajet_id: i64,
    pub trajet_uid: String,
    pub compte_id: Option<i64>,
    pub customer_uid: Option<String>,
    pub return_of_reservation_id: Option<i64>,
    pub return_of_reference: Option<String>,
    pub reservation_date: DateTime<Utc>,
    pub sold_by_email: Option<String>,
    pub boarded_at: Option<DateTime<Utc>>,
    pub tickets_printed: i64,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub refund_amount: Option<i64>,
    pub refund_method: Option<String>,
    pub refunds_pending: i64,
    pub cancelled_by_email: Option<String>,
    pub payment_uid: Option<String>,
    pub payment_method: Option<String>,
    pub payment_status: Option<String>,
}

const SELECT_RESERVATION: &str = "SELECT r.id, r.uid, r.booking_reference, r.status, r.passenger_first_name, \
       r.passenger_last_name, r.phone_number, \
       (SELECT group_concat(seat_number) FROM (SELECT seat_number FROM reservation_seats \
          WHERE reservation_id = r.id AND active = 1 ORDER BY seat_number)) AS seats, \
       r.refundable_option, r.refund_supplement_amount, r.total_amount, r.trajet_id, t.uid AS trajet_uid, \
       r.compte_id, c.uid AS customer_uid, r.return_of_reservation_id, o.booking_reference AS return_of_reference, \
       r.reservation_date, s.email AS sold_by_email, r.boarded_at, r.tickets_printed, \
       a.cancelled_at, a.reason AS cancel_reason, a.refund_amount, a.refund_method, ab.email AS cancelled_by_email, \
       (SELECT COUNT(*) FROM payment_refunds f WHERE f.reservation_id = r.id AND f.status = 'pending') AS refunds_pending, \
       p.uid AS payment_uid, p.method AS payment_method, p.status AS payment_status \
  FROM reservations r JOIN trajets t ON t.id = r.trajet_id \
  LEFT JOIN comptes c ON c.id = r.compte_id \
  LEFT JOIN reservations o ON o.id = r.return_of_reservation_id \
  LEFT JOIN comptes s ON s.id = r.sold_by \
  LEFT JOIN annulations a ON a.reservation_id = r.id AND a.deleted_at IS NULL \
  LEFT JOIN comptes ab ON ab.id = a.cancelled_by \
  LEFT JOIN paiements p ON p.id = (SELECT MAX(pa.paiement_id) FROM payment_allocations pa WHERE pa.reservation_id = r.id) \
 WHERE r.deleted_at IS NULL";

impl ReservationRow {
    pub fn status(&self) -> ReservationStatus {
        ReservationStatus::from_db(&self.status).unwrap_or(ReservationStatus::Cancelled)
    }

    pub fn seat_numbers(&self) -> Vec<i64> {
        self.seats
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(|seat| seat.parse().ok())
            .collect()
    }

    pub async fn into_view(self, conn: &mut SqliteConnection) -> Result<Reservation> {
        let (_, trajet) = trajets::by_uid(conn, &self.trajet_uid).await?;
        Ok(Reservation {
            status: self.status(),
            seats: self.seat_numbers(),
            refund_supplement: Money::parse("refund_supplement", self.refund_supplement_amount)?,
            total_amount: Money::parse("total_amount", self.total_amount)?,
            cancellation: match (self.cancelled_at, self.cancel_reason) {
                (Some(cancelled_at), Some(reason)) => Some(Cancellation {
                    cancelled_at,
                    reason,
                    refund_amount: Money::parse("refund_amount", self.refund_amount.unwrap_or(0))?,
                    refund_method: self.refund_method.as_deref().map(PaymentMethod::from_db),
                    refund_pending: self.refunds_pending > 0,
                    cancelled_by_email: self.cancelled_by_email,
                }),
                _ => None,
            },
            uid: self.uid,
            booking_reference: self.booking_reference,
            passenger_first_name: self.passenger_first_name,
            passenger_last_name: self.passenger_last_name,
            phone_number: self.phone_number,
            refundable: self.refundable_option,
            trajet,
            customer_uid: self.customer_uid,
            return_of_reference: self.return_of_reference,
            reservation_date: self.reservation_date,
            sold_by_email: self.sold_by_email,
            boarded_at: self.boarded_at,
            tickets_printed: self.tickets_printed,
            payment: match (self.payment_uid, self.payment_method, self.payment_status) {
                (Some(uid), Some(method), Some(status)) => Some(ReservationPayment {
                    uid,
                    method: PaymentMethod::from_db(&method),
                    status: PaymentStatus::from_db(&status),
                }),
                _ => None,
            },
        })
    }
}

/// The reservation with this reference (in any accepted spelling).
pub(crate) async fn by_reference(
    conn: &mut SqliteConnection,
    text: &str,
) -> Result<ReservationRow> {
    let reference = reference::normalize(text)
        .ok_or_else(|| Error::invalid("booking_reference", Message::ReferenceInvalid))?;
    let row: Option<ReservationRow> =
        sqlx::query_as(&format!("{SELECT_RESERVATION} AND r.booking_reference = ?"))
            .bind(&reference)
            .fetch_optional(conn)
            .await?;
    row.ok_or_else(|| Error::not_found(Message::ReservationNotFound(reference)))
}

pub(crate) async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<ReservationRow> {
    Ok(
        sqlx::query_as(&format!("{SELECT_RESERVATION} AND r.id = ?"))
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// One reservation by id, as the counter sees it.
pub(crate) async fn view(conn: &mut SqliteConnection, id: i64) -> Result<Reservation> {
    by_id(conn, id).await?.into_view(conn).await
}

/// The reservations with these ids, in that order.
pub(crate) async fn views(conn: &mut SqliteConnection, ids: Vec<i64>) -> Result<Vec<Reservation>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.push(view(conn, id).await?);
    }
    Ok(found)
}

/// Live and past reservations of a trajet, by first seat.
pub(crate) async fn of_trajet(
    conn: &mut SqliteConnection,
    trajet_id: i64,
) -> Result<Vec<ReservationRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT_RESERVATION} AND r.trajet_id = ? ORDER BY r.id"
    ))
    .bind(trajet_id)
    .fetch_all(conn)
    .await?)
}

/// Finds reservations by reference, scanned QR code or phone number (newest first).
pub async fn find(desk: &Desk, args: FindReservationsArgs) -> Result<Vec<Reservation>> {
    let query = args.query.trim();
    let mut conn = desk.pool().acquire().await?;
    let reference = TicketClaim::parse(query)
        .map(|(claim, _)| claim.booking_reference)
        .or_else(|| reference::normalize(query));
    let rows: Vec<ReservationRow> = if let Some(reference) = reference {
        sqlx::query_as(&format!("{SELECT_RESERVATION} AND r.booking_reference = ?"))
            .bind(reference)
            .fetch_all(&mut *conn)
            .await?
    } else {
        let phone = PhoneNumber::parse("query", query)
            .map_err(|_| Error::invalid("query", Message::LookupInvalid))?;
        sqlx::query_as(&format!(
            "{SELECT_RESERVATION} AND r.phone_number = ? ORDER BY r.id DESC LIMIT 50"
        ))
        .bind(phone.as_str())
        .fetch_all(&mut *conn)
        .await?
    };
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        found.push(row.into_view(&mut conn).await?);
    }
    Ok(found)
}

/// One reservation by its reference.
pub async fn get(desk: &Desk, args: ReservationRef) -> Result<Reservation> {
    let mut conn = desk.pool().acquire().await?;
    by_reference(&mut conn, &args.booking_reference)
        .await?
        .into_view(&mut conn)
        .await
}
