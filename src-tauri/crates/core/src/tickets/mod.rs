//! Tickets: printing a reservation's ticket as a PDF (first print, then logged duplicates) and
//! verifying a scanned ticket's signature offline.

pub mod signing;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::documents::{self, PaperFormat, TicketDocument};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{Locale, Message};
use crate::sales::{self, pricing::Rules, Reservation, ReservationStatus};
use signing::TicketClaim;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PrintTicketArgs {
    pub booking_reference: String,
    pub format: PaperFormat,
}

/// A document written to disk, ready for the printer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintedDocument {
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintedTicket {
    pub path: String,
    /// A reprint of a ticket already printed (marked DUPLICATA).
    pub duplicate: bool,
    /// The signed text of the ticket's QR code.
    pub qr_code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VerifyTicketArgs {
    /// The text read from the ticket's QR code.
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TicketVerdict {
    /// Signed by a known desk, unaltered.
    Genuine,
    /// The signature does not match: forged or altered.
    Forged,
    /// Signed by a desk whose key this desk has not received yet.
    UnknownDesk,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TicketCheck {
    pub verdict: TicketVerdict,
    pub booking_reference: String,
    pub trajet_uid: String,
    pub seats: Vec<i64>,
    pub departure_time: DateTime<Utc>,
    /// The reservation as this desk knows it, when it does.
    pub reservation: Option<Reservation>,
}

/// The language documents are printed in: the desk's configured default.
pub(crate) async fn document_locale(conn: &mut SqliteConnection) -> Result<Locale> {
    Ok(Locale::parse_lenient(
        &crate::config::text(conn, "locale.default", "fr").await?,
    ))
}

/// Writes `bytes` to `dir/name`, creating the folder; returns the path as text.
pub(crate) fn write_document(dir: &Path, name: &str, bytes: &[u8]) -> Result<String> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    Ok(path.to_string_lossy().into_owned())
}

/// The signed claim of a reservation's ticket, as printed in its QR code.
pub(crate) fn claim_of(desk: &Desk, reservation: &Reservation) -> TicketClaim {
    TicketClaim {
        booking_reference: reservation.booking_reference.clone(),
        trajet_uid: reservation.trajet.uid.clone(),
        seats: reservation.seats.clone(),
        departure_time: reservation.trajet.departure_time,
        desk_uid: desk.desk_uid().to_owned(),
    }
}

/// Prints a valid reservation's ticket; every print after the first is a logged duplicate.
pub async fn print(desk: &Desk, session: &Session, args: PrintTicketArgs) -> Result<PrintedTicket> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let row = sales::by_reference(&mut tx, &args.booking_reference).await?;
    let id = row.id;
    let reservation = row.into_view(&mut tx).await?;
    if !matches!(
        reservation.status,
        ReservationStatus::Confirmed | ReservationStatus::Completed
    ) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::ReservationClosed(reservation.status.as_str()),
        ));
    }
    let locale = document_locale(&mut tx).await?;
    let rules = Rules::load(&mut tx).await?;
    let agency: Option<String> = sqlx::query_scalar("SELECT name FROM agences WHERE id = ?")
        .bind(session.agence_id)
        .fetch_optional(&mut *tx)
        .await?;
    let duplicate = reservation.tickets_printed > 0;
    let qr_code = claim_of(desk, &reservation).sign(desk.ticket_key());
    let trajet = &reservation.trajet;
    let document = TicketDocument {
        booking_reference: reservation.booking_reference.clone(),
        carrier: trajet.company_name.clone(),
        departure_city: trajet.departure_city.clone(),
        arrival_city: trajet.arrival_city.clone(),
        departure_point: trajet.departure_point.clone(),
        arrival_point: trajet.arrival_point.clone(),
        departure_time: trajet.departure_time,
        seats: reservation.seats.clone(),
        passenger_name: format!(
            "{} {}",
            reservation.passenger_first_name, reservation.passenger_last_name
        ),
        passenger_phone: reservation.phone_number.clone(),
        amount_minor: reservation.total_amount.minor_units(),
        currency: crate::config::text(&mut tx, "currency", "XOF").await?,
        refundable: reservation.refundable,
        refund_terms: rules.terms(reservation.refundable, locale),
        return_leg: reservation.return_of_reference.is_some(),
        qr_payload: qr_code.clone(),
        issued_at: now,
        issued_by: reservation.sold_by_email.clone(),
        agency,
        duplicate,
        locale,
    };
    let bytes = documents::ticket_pdf(&document, args.format)?;
    let format = match args.format {
        PaperFormat::Receipt80mm => "80mm",
        PaperFormat::A4 => "a4",
    };
    let path = write_document(
        &desk.documents_dir().join("tickets"),
        &format!("{}-{format}.pdf", reservation.booking_reference),
        &bytes,
    )?;
    sqlx::query("UPDATE reservations SET tickets_printed = tickets_printed + 1 WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        if duplicate { "ticket.reprint" } else { "ticket.print" },
        Some("reservations"),
        Some(&reservation.uid),
        serde_json::json!({ "reference": reservation.booking_reference, "format": format, "copy": reservation.tickets_printed + 1 }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(PrintedTicket {
        path,
        duplicate,
        qr_code,
    })
}

/// Reads a scanned QR code and checks its signature with the issuing desk's public key.
pub(crate) async fn check_code(
    conn: &mut SqliteConnection,
    code: &str,
) -> Result<(TicketClaim, TicketVerdict)> {
    let (claim, signature) =
        TicketClaim::parse(code).ok_or_else(|| Error::invalid("code", Message::NotATicketCode))?;
    let key: Option<Option<String>> = sqlx::query_scalar(
        "SELECT ticket_public_key FROM desk_nodes WHERE uid = ? AND deleted_at IS NULL",
    )
    .bind(&claim.desk_uid)
    .fetch_optional(conn)
    .await?;
    let verdict = match key.flatten() {
        None => TicketVerdict::UnknownDesk,
        Some(key) if claim.verify(&signature, &key) => TicketVerdict::Genuine,
        Some(_) => TicketVerdict::Forged,
    };
    Ok((claim, verdict))
}

/// Verifies a scanned ticket offline and shows what this desk knows of its reservation.
pub async fn verify(desk: &Desk, args: VerifyTicketArgs) -> Result<TicketCheck> {
    let mut conn = desk.pool().acquire().await?;
    let (claim, verdict) = check_code(&mut conn, &args.code).await?;
    let reservation = match (
        verdict,
        sales::by_reference(&mut conn, &claim.booking_reference).await,
    ) {
        (TicketVerdict::Genuine, Ok(row)) => Some(row.into_view(&mut conn).await?),
        _ => None,
    };
    Ok(TicketCheck {
        verdict,
        booking_reference: claim.booking_reference,
        trajet_uid: claim.trajet_uid,
        seats: claim.seats,
        departure_time: claim.departure_time,
        reservation,
    })
}
