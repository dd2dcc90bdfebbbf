//! Departure day: the passenger manifest (on screen and as a PDF), boarding by scanned QR code
//! or typed reference, and marking the departure completed.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::audit;
use crate::auth::{Role, Session};
use crate::desk::Desk;
use crate::documents::{self, ManifestDocument, ManifestRow};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{Locale, Message};
use crate::sales::{self, Reservation, ReservationStatus};
use crate::tickets::{self, PrintedDocument, TicketVerdict};
use crate::trajets::{self, Trajet, TrajetStatus};

/// How long before its departure time a departure may be marked completed (early departures
/// of a full coach happen).
const COMPLETE_EARLY_MINUTES: i64 = 60;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DepartureArgs {
    pub trajet_uid: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DeparturesOnArgs {
    /// The day, `YYYY-MM-DD` (GMT).
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BoardArgs {
    pub trajet_uid: String,
    /// The scanned QR code, or the booking reference typed by the clerk.
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ManifestEntry {
    pub booking_reference: String,
    pub passenger_name: String,
    pub phone_number: String,
    pub seats: Vec<i64>,
    pub status: ReservationStatus,
    pub boarded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Manifest {
    pub trajet: Trajet,
    /// Passengers holding seats (unpaid holds, paid, boarded), by seat.
    pub passengers: Vec<ManifestEntry>,
    pub boarded: i64,
    pub expected: i64,
}

/// The departure, if the caller may see it: a carrier only its own.
pub(crate) async fn departure(
    conn: &mut SqliteConnection,
    session: &Session,
    uid: &str,
) -> Result<(i64, Trajet)> {
    if session.role == Role::Transporteur {
        trajets::managed_trajet(conn, session, uid).await
    } else {
        trajets::by_uid(conn, uid).await
    }
}

async fn load_manifest(
    conn: &mut SqliteConnection,
    session: &Session,
    uid: &str,
) -> Result<Manifest> {
    let (trajet_id, trajet) = departure(conn, session, uid).await?;
    let mut passengers: Vec<ManifestEntry> = sales::of_trajet(conn, trajet_id)
        .await?
        .into_iter()
        .filter(|row| row.status().is_live())
        .map(|row| ManifestEntry {
            status: row.status(),
            seats: row.seat_numbers(),
            passenger_name: format!("{} {}", row.passenger_first_name, row.passenger_last_name),
            booking_reference: row.booking_reference,
            phone_number: row.phone_number,
            boarded_at: row.boarded_at,
        })
        .collect();
    passengers.sort_by_key(|entry| entry.seats.first().copied().unwrap_or(i64::MAX));
    let boarded = passengers.iter().filter(|p| p.boarded_at.is_some()).count();
    Ok(Manifest {
        trajet,
        expected: i64::try_from(passengers.len()).unwrap_or(i64::MAX),
        boarded: i64::try_from(boarded).unwrap_or(i64::MAX),
        passengers,
    })
}

/// A day's departures that are not cancelled: what a depot boards. A carrier sees its own.
pub async fn list(desk: &Desk, session: &Session, args: DeparturesOnArgs) -> Result<Vec<Trajet>> {
    let start = args.date.and_time(NaiveTime::MIN).and_utc();
    let mut conn = desk.pool().acquire().await?;
    let carrier = match session.role {
        Role::Transporteur => Some(trajets::carrier_for(&mut conn, session, None).await?),
        _ => None,
    };
    trajets::departing_between(&mut conn, carrier, start, start + Duration::days(1)).await
}

pub async fn manifest(desk: &Desk, session: &Session, args: DepartureArgs) -> Result<Manifest> {
    let mut conn = desk.pool().acquire().await?;
    load_manifest(&mut conn, session, &args.trajet_uid).await
}

fn status_label(status: ReservationStatus, locale: Locale) -> String {
    match (status, locale) {
        (ReservationStatus::Completed, Locale::Fr) => "embarqué".into(),
        (ReservationStatus::Completed, Locale::En) => "boarded".into(),
        (ReservationStatus::Pending, Locale::Fr) => "non payé".into(),
        (ReservationStatus::Pending, Locale::En) => "unpaid".into(),
        (_, Locale::Fr) => "payé".into(),
        (_, Locale::En) => "paid".into(),
    }
}

/// The manifest as a PDF in the documents folder; each print is logged.
pub async fn manifest_pdf(
    desk: &Desk,
    session: &Session,
    args: DepartureArgs,
) -> Result<PrintedDocument> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let manifest = load_manifest(&mut tx, session, &args.trajet_uid).await?;
    let locale = tickets::document_locale(&mut tx).await?;
    let trajet = &manifest.trajet;
    let mut rows = Vec::new();
    for passenger in &manifest.passengers {
        for seat in &passenger.seats {
            rows.push(ManifestRow {
                seat: *seat,
                booking_reference: passenger.booking_reference.clone(),
                passenger_name: passenger.passenger_name.clone(),
                phone: passenger.phone_number.clone(),
                status: status_label(passenger.status, locale),
                boarded: passenger.boarded_at.is_some(),
            });
        }
    }
    rows.sort_by_key(|row| row.seat);
    let document = ManifestDocument {
        carrier: trajet.company_name.clone(),
        departure_city: trajet.departure_city.clone(),
        arrival_city: trajet.arrival_city.clone(),
        departure_point: trajet.departure_point.clone(),
        departure_time: trajet.departure_time,
        seats_count: trajet.seats_count,
        rows,
        generated_at: now,
        locale,
    };
    let bytes = documents::manifest_pdf(&document)?;
    let name = format!(
        "{}-{}.pdf",
        trajet.departure_time.format("%Y-%m-%d-%H%M"),
        trajet.uid
    );
    let path = tickets::write_document(&desk.documents_dir().join("manifests"), &name, &bytes)?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "manifest.print",
        Some("trajets"),
        Some(&trajet.uid),
        serde_json::json!({ "passengers": manifest.expected }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(PrintedDocument { path })
}

fn conflict(message: Message) -> Error {
    Error::new(ErrorCode::Conflict, message).at("code")
}

/// Boards the passenger of a ticket: refuses a forged or outdated ticket, another departure's,
/// a cancelled one, and a second boarding.
pub async fn board(desk: &Desk, session: &Session, args: BoardArgs) -> Result<Reservation> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (trajet_id, trajet) = departure(&mut tx, session, &args.trajet_uid).await?;
    if trajet.status != TrajetStatus::Active {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetNotOnSale));
    }
    let code = args.code.trim();
    let scanned = if code.contains('|') {
        let (claim, verdict) = tickets::check_code(&mut tx, code).await?;
        match verdict {
            TicketVerdict::Genuine => Some(claim),
            TicketVerdict::Forged => return Err(conflict(Message::TicketForged)),
            TicketVerdict::UnknownDesk => return Err(conflict(Message::TicketUnknownDesk)),
        }
    } else {
        None
    };
    let reference = scanned
        .as_ref()
        .map_or(code, |claim| claim.booking_reference.as_str());
    let row = sales::by_reference(&mut tx, reference)
        .await
        .map_err(|e| e.at("code"))?;
    if row.trajet_id != trajet_id {
        let (_, other) = trajets::by_uid(&mut tx, &row.trajet_uid).await?;
        return Err(conflict(Message::TicketForOtherDeparture {
            from: other.departure_city,
            to: other.arrival_city,
            at: other.departure_time,
        }));
    }
    match row.status() {
        ReservationStatus::Confirmed => {}
        ReservationStatus::Completed => {
            return Err(conflict(Message::AlreadyBoarded(
                row.boarded_at.unwrap_or(now),
            )))
        }
        ReservationStatus::Pending => return Err(conflict(Message::TicketNotPaid)),
        ReservationStatus::Cancelled | ReservationStatus::Refunded => {
            return Err(conflict(Message::TicketCancelled))
        }
    }
    if scanned.is_some_and(|claim| claim.seats != row.seat_numbers()) {
        return Err(conflict(Message::TicketOutdated));
    }
    sqlx::query(
        "UPDATE reservations SET status = 'completed', boarded_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(now)
    .bind(now)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "boarding",
        Some("reservations"),
        Some(&row.uid),
        serde_json::json!({ "reference": row.booking_reference, "trajet": trajet.uid }),
        now,
    )
    .await?;
    let id = row.id;
    let boarded = sales::view(&mut tx, id).await?;
    tx.commit().await?;
    Ok(boarded)
}

/// Marks a departure completed once it has left (from an hour before its time).
pub async fn complete(desk: &Desk, session: &Session, args: DepartureArgs) -> Result<Trajet> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (trajet_id, trajet) = departure(&mut tx, session, &args.trajet_uid).await?;
    if !trajet.status.can_become(TrajetStatus::Completed) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::TrajetTransition(trajet.status.as_str(), "completed"),
        ));
    }
    if now < trajet.departure_time - Duration::minutes(COMPLETE_EARLY_MINUTES) {
        return Err(Error::new(ErrorCode::Conflict, Message::NotDepartedYet));
    }
    sqlx::query("UPDATE trajets SET status = 'completed', updated_at = ?, version = version + 1 WHERE id = ?")
        .bind(now)
        .bind(trajet_id)
        .execute(&mut *tx)
        .await?;
    // The parcels loaded on it leave with it.
    crate::parcels::dispatch_loaded(&mut tx, session, trajet_id, now).await?;
    let manifest = load_manifest(&mut tx, session, &trajet.uid).await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "trajet.complete",
        Some("trajets"),
        Some(&trajet.uid),
        serde_json::json!({ "boarded": manifest.boarded, "expected": manifest.expected }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(manifest.trajet)
}
