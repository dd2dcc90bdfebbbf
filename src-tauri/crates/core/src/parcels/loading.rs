//! Loading pieces on a departure and sending them off: a departure that takes parcels, of the
//! envoi's carrier, going to its destination, each piece within the departure's maximum weight
//! and the load within the carrier's zone capacity; the parcel manifest, on screen and as a PDF.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::lifecycle::{colis_history, follow_pieces, move_colis, pieces, Actor, PieceRow};
use super::status::{ColisStatus, EnvoiStatus};
use super::{ensure_takes_parcels, envoi_id_for};
use crate::audit;
use crate::auth::Session;
use crate::departures::{self, DepartureArgs};
use crate::desk::Desk;
use crate::documents::{self, ParcelManifestDocument, ParcelManifestRow};
use crate::domain::{city_key, Money};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::tickets::{self, PrintedDocument};
use crate::trajets::{Trajet, TrajetStatus};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LoadArgs {
    pub trajet_uid: String,
    /// Envoi codes (every piece of it) or pieces' codes, as scanned.
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnloadArgs {
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ParcelManifestEntry {
    pub code: String,
    pub tracking_code: String,
    pub description: String,
    pub weight_g: i64,
    pub fragile: bool,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub destination_city: String,
    pub status: ColisStatus,
    /// Cash to collect from the recipient for the whole envoi (on its first piece only).
    pub collect_on_delivery: Option<Money>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ParcelManifest {
    pub trajet: Trajet,
    pub pieces: Vec<ParcelManifestEntry>,
    pub total_weight_g: i64,
    /// What the carrier's zones allow per departure (the smaller of the two ends), if set.
    pub capacity_g: Option<i64>,
}

/// The pieces a list of scanned codes names, with their envoi's id and code.
async fn named_pieces(
    conn: &mut SqliteConnection,
    session: &Session,
    codes: &[String],
) -> Result<Vec<(i64, String, PieceRow)>> {
    if codes.is_empty() {
        return Err(Error::invalid("codes", Message::ColisRequired));
    }
    let mut found: Vec<(i64, String, PieceRow)> = Vec::new();
    for (index, code) in codes.iter().enumerate() {
        let field = format!("codes[{index}]");
        let (envoi_id, parsed) = envoi_id_for(conn, session, "code", code)
            .await
            .map_err(|e| e.at(&field))?;
        for piece in pieces(conn, envoi_id, &parsed)
            .await
            .map_err(|e| e.at(&field))?
        {
            if !found.iter().any(|(_, _, p)| p.id == piece.id) {
                found.push((envoi_id, parsed.tracking_code().to_owned(), piece));
            }
        }
    }
    Ok(found)
}

/// Capacity per departure of the carrier's zones at both ends of the trajet, if any is set.
async fn capacity(
    conn: &mut SqliteConnection,
    carrier: i64,
    trajet: &Trajet,
) -> Result<Option<(String, i64)>> {
    let zones: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT city_name, max_weight_capacity FROM zones_desservies WHERE transporteur_id = ? AND deleted_at IS NULL",
    )
    .bind(carrier)
    .fetch_all(conn)
    .await?;
    let ends = [
        city_key(&trajet.departure_city),
        city_key(&trajet.arrival_city),
    ];
    Ok(zones
        .into_iter()
        .filter(|(city, _)| ends.contains(&city_key(city)))
        .filter_map(|(city, capacity)| capacity.map(|c| (city, c)))
        .min_by_key(|(_, c)| *c))
}

async fn carrier_id_of(conn: &mut SqliteConnection, trajet_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT transporteur_id FROM trajets WHERE id = ?")
            .bind(trajet_id)
            .fetch_one(conn)
            .await?,
    )
}

async fn loaded_weight(conn: &mut SqliteConnection, trajet_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(weight), 0) FROM colis WHERE trajet_id = ? AND status IN ('packaged', 'shipped') AND deleted_at IS NULL",
    )
    .bind(trajet_id)
    .fetch_one(conn)
    .await?)
}

/// Loads pieces on a departure, all or none.
pub async fn load(desk: &Desk, session: &Session, args: LoadArgs) -> Result<ParcelManifest> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (trajet_id, trajet) = departures::departure(&mut tx, session, &args.trajet_uid).await?;
    if trajet.status != TrajetStatus::Active {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetNotOnSale).at("trajet_uid"));
    }
    if trajet.departure_time <= now {
        return Err(Error::new(ErrorCode::Conflict, Message::DepartureGone).at("trajet_uid"));
    }
    if !trajet.accepts_packages {
        return Err(
            Error::new(ErrorCode::Conflict, Message::TrajetRefusesParcels).at("trajet_uid"),
        );
    }
    let carrier = carrier_id_of(&mut tx, trajet_id).await?;
    let pieces = named_pieces(&mut tx, session, &args.codes).await?;
    let mut adding = 0;
    for (envoi_id, tracking, piece) in &pieces {
        let at = |e: Error| e.at("codes");
        let (status, envoi_carrier, destination): (String, i64, String) = sqlx::query_as(
            "SELECT status, transporteur_id, destination_city FROM envois WHERE id = ?",
        )
        .bind(envoi_id)
        .fetch_one(&mut *tx)
        .await?;
        match EnvoiStatus::from_db(&status)? {
            EnvoiStatus::Pending => {
                return Err(at(Error::new(ErrorCode::Conflict, Message::EnvoiNotPaid)))
            }
            EnvoiStatus::Cancelled => {
                return Err(at(Error::new(ErrorCode::Conflict, Message::EnvoiCancelled)))
            }
            _ => {}
        }
        if envoi_carrier != carrier {
            return Err(at(Error::new(
                ErrorCode::Conflict,
                Message::TrajetOtherCarrier,
            )));
        }
        if city_key(&destination) != city_key(&trajet.arrival_city) {
            return Err(at(Error::new(
                ErrorCode::Conflict,
                Message::TrajetOtherDestination(destination),
            )));
        }
        let code = super::colis_code(tracking, piece.piece_number);
        if piece.status()? != ColisStatus::Packaged {
            return Err(at(Error::new(
                ErrorCode::Conflict,
                Message::ParcelTransition {
                    piece: code,
                    from: piece.status()?,
                    to: ColisStatus::Shipped,
                },
            )));
        }
        if let Some(max_g) = trajet
            .max_package_weight_g
            .filter(|max| piece.weight > *max)
        {
            return Err(at(Error::new(
                ErrorCode::Conflict,
                Message::ParcelTooHeavy { piece: code, max_g },
            )));
        }
        if piece.trajet_id != Some(trajet_id) {
            adding += piece.weight;
        }
    }
    if let Some((city, capacity_g)) = capacity(&mut tx, carrier, &trajet).await? {
        let loaded_g = loaded_weight(&mut tx, trajet_id).await?;
        if loaded_g + adding > capacity_g {
            return Err(Error::new(
                ErrorCode::Conflict,
                Message::ZoneCapacityExceeded {
                    city,
                    capacity_g,
                    loaded_g,
                },
            )
            .at("codes"));
        }
    }
    let actor = Actor::of(session);
    let note = format!(
        "chargé : {} → {} {}",
        trajet.departure_city,
        trajet.arrival_city,
        trajet.departure_time.format("%d/%m %H:%M")
    );
    for (_, _, piece) in pieces
        .iter()
        .filter(|(_, _, p)| p.trajet_id != Some(trajet_id))
    {
        sqlx::query(
            "UPDATE colis SET trajet_id = ?, updated_at = ?, version = version + 1 WHERE id = ?",
        )
        .bind(trajet_id)
        .bind(now)
        .bind(piece.id)
        .execute(&mut *tx)
        .await?;
        colis_history(
            &mut tx,
            piece.id,
            Some(ColisStatus::Packaged),
            ColisStatus::Packaged,
            actor,
            Some(trajet_id),
            Some(&note),
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.load",
        Some("trajets"),
        Some(&trajet.uid),
        serde_json::json!({ "pieces": pieces.len(), "weight_g": adding }),
        now,
    )
    .await?;
    let manifest = load_manifest(&mut tx, trajet_id, trajet).await?;
    tx.commit().await?;
    Ok(manifest)
}

/// Takes pieces off the departure they were loaded on (before it leaves).
pub async fn unload(desk: &Desk, session: &Session, args: UnloadArgs) -> Result<Vec<super::Envoi>> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let pieces = named_pieces(&mut tx, session, &args.codes).await?;
    let actor = Actor::of(session);
    let mut envois = Vec::new();
    for (envoi_id, tracking, piece) in &pieces {
        let Some(trajet_id) = piece.trajet_id.filter(|_| piece.status == "packaged") else {
            return Err(Error::new(
                ErrorCode::Conflict,
                Message::ParcelTransition {
                    piece: super::colis_code(tracking, piece.piece_number),
                    from: piece.status()?,
                    to: ColisStatus::Packaged,
                },
            )
            .at("codes"));
        };
        sqlx::query(
            "UPDATE colis SET trajet_id = NULL, updated_at = ?, version = version + 1 WHERE id = ?",
        )
        .bind(now)
        .bind(piece.id)
        .execute(&mut *tx)
        .await?;
        colis_history(
            &mut tx,
            piece.id,
            Some(ColisStatus::Packaged),
            ColisStatus::Packaged,
            actor,
            Some(trajet_id),
            Some("déchargé"),
            now,
        )
        .await?;
        if !envois.contains(envoi_id) {
            envois.push(*envoi_id);
        }
    }
    let mut views = Vec::new();
    for id in envois {
        views.push(super::view::by_id(&mut tx, id).await?);
    }
    tx.commit().await?;
    Ok(views)
}

/// The pieces loaded on a departure leave with it: shipped, their envois in transit.
pub(crate) async fn dispatch_loaded(
    conn: &mut SqliteConnection,
    session: &Session,
    trajet_id: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    #[derive(sqlx::FromRow)]
    struct Loaded {
        envoi_id: i64,
        tracking_code: String,
        #[sqlx(flatten)]
        piece: PieceRow,
    }
    let loaded: Vec<Loaded> = sqlx::query_as(
        "SELECT e.id AS envoi_id, e.tracking_code, k.id, COALESCE(k.piece_number, k.id) AS piece_number, k.status, k.weight, \
         k.trajet_id FROM colis k JOIN envois e ON e.id = k.envoi_id \
         WHERE k.trajet_id = ? AND k.status = 'packaged' AND k.deleted_at IS NULL AND e.status <> 'cancelled'",
    )
    .bind(trajet_id)
    .fetch_all(&mut *conn)
    .await?;
    let actor = Actor::of(session);
    let mut envois: Vec<i64> = Vec::new();
    for row in &loaded {
        move_colis(
            conn,
            &row.tracking_code,
            &row.piece,
            ColisStatus::Shipped,
            actor,
            None,
            now,
        )
        .await?;
        if !envois.contains(&row.envoi_id) {
            envois.push(row.envoi_id);
        }
    }
    for envoi_id in envois {
        follow_pieces(conn, envoi_id, actor, now).await?;
    }
    Ok(loaded.len() as i64)
}

/// Sends off the pieces loaded on a departure (also done when the departure is completed).
pub async fn dispatch(
    desk: &Desk,
    session: &Session,
    args: DepartureArgs,
) -> Result<ParcelManifest> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (trajet_id, trajet) = departures::departure(&mut tx, session, &args.trajet_uid).await?;
    // A suspended or cancelled departure does not leave: its pieces stay (to be unloaded).
    if trajet.status != TrajetStatus::Active {
        return Err(Error::new(ErrorCode::Conflict, Message::TrajetNotOnSale).at("trajet_uid"));
    }
    let shipped = dispatch_loaded(&mut tx, session, trajet_id, now).await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.dispatch",
        Some("trajets"),
        Some(&trajet.uid),
        serde_json::json!({ "pieces": shipped }),
        now,
    )
    .await?;
    let manifest = load_manifest(&mut tx, trajet_id, trajet).await?;
    tx.commit().await?;
    Ok(manifest)
}

async fn load_manifest(
    conn: &mut SqliteConnection,
    trajet_id: i64,
    trajet: Trajet,
) -> Result<ParcelManifest> {
    type Row = (
        String,
        i64,
        String,
        i64,
        bool,
        String,
        String,
        String,
        String,
        i64,
        String,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.tracking_code, COALESCE(k.piece_number, k.id), k.description, k.weight, k.fragile, e.recipient_name, \
         e.recipient_phone, e.destination_city, k.status, e.id, e.payment_mode, \
         (SELECT COALESCE(SUM(amount), 0) FROM paiements p WHERE p.envoi_id = e.id AND p.status = 'completed') \
         FROM colis k JOIN envois e ON e.id = k.envoi_id \
         WHERE k.trajet_id = ? AND k.deleted_at IS NULL AND k.status IN ('packaged', 'shipped', 'delivered') \
         ORDER BY e.tracking_code, 2",
    )
    .bind(trajet_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut pieces = Vec::with_capacity(rows.len());
    let mut seen_envois = Vec::new();
    let mut total_weight_g = 0;
    for (
        tracking,
        number,
        description,
        weight,
        fragile,
        recipient_name,
        recipient_phone,
        destination,
        status,
        envoi_id,
        mode,
        paid,
    ) in rows
    {
        let first_of_envoi = !seen_envois.contains(&envoi_id);
        seen_envois.push(envoi_id);
        let collect_on_delivery = if first_of_envoi && mode == "on_delivery" {
            let (total, _) = super::view::amounts(conn, envoi_id).await?;
            Some(Money::parse("collect_on_delivery", (total - paid).max(0))?)
                .filter(|m| m.minor_units() > 0)
        } else {
            None
        };
        total_weight_g += weight;
        pieces.push(ParcelManifestEntry {
            code: super::colis_code(&tracking, number),
            tracking_code: tracking,
            description,
            weight_g: weight,
            fragile,
            recipient_name,
            recipient_phone,
            destination_city: destination,
            status: ColisStatus::from_db(&status)?,
            collect_on_delivery,
        });
    }
    let carrier = carrier_id_of(conn, trajet_id).await?;
    let capacity_g = capacity(conn, carrier, &trajet).await?.map(|(_, c)| c);
    Ok(ParcelManifest {
        trajet,
        pieces,
        total_weight_g,
        capacity_g,
    })
}

/// The parcel manifest of a departure.
pub async fn manifest(
    desk: &Desk,
    session: &Session,
    args: DepartureArgs,
) -> Result<ParcelManifest> {
    let mut conn = desk.pool().acquire().await?;
    ensure_takes_parcels(&mut conn, session).await?;
    let (trajet_id, trajet) = departures::departure(&mut conn, session, &args.trajet_uid).await?;
    load_manifest(&mut conn, trajet_id, trajet).await
}

/// The parcel manifest as an A4 PDF in the documents folder; each print is logged.
pub async fn manifest_pdf(
    desk: &Desk,
    session: &Session,
    args: DepartureArgs,
) -> Result<PrintedDocument> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (trajet_id, trajet) = departures::departure(&mut tx, session, &args.trajet_uid).await?;
    let manifest = load_manifest(&mut tx, trajet_id, trajet).await?;
    let locale = tickets::document_locale(&mut tx).await?;
    let currency = crate::config::text(&mut tx, "currency", "XOF").await?;
    let trajet = &manifest.trajet;
    let document = ParcelManifestDocument {
        carrier: trajet.company_name.clone(),
        departure_city: trajet.departure_city.clone(),
        arrival_city: trajet.arrival_city.clone(),
        departure_time: trajet.departure_time,
        max_package_weight_g: trajet.max_package_weight_g,
        rows: manifest
            .pieces
            .iter()
            .map(|p| ParcelManifestRow {
                colis_code: p.code.clone(),
                description: p.description.clone(),
                weight_g: p.weight_g,
                recipient_name: p.recipient_name.clone(),
                recipient_phone: p.recipient_phone.clone(),
                destination_city: p.destination_city.clone(),
                fragile: p.fragile,
                collect_on_delivery_minor: p.collect_on_delivery.map(Money::minor_units),
                status: p.status.label(locale).to_owned(),
            })
            .collect(),
        total_weight_g: manifest.total_weight_g,
        currency,
        generated_at: now,
        locale,
    };
    let bytes = documents::parcel_manifest_pdf(&document)?;
    let name = format!(
        "colis-{}-{}.pdf",
        trajet.departure_time.format("%Y-%m-%d-%H%M"),
        trajet.uid
    );
    let path = tickets::write_document(&desk.documents_dir().join("manifests"), &name, &bytes)?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel_manifest.print",
        Some("trajets"),
        Some(&trajet.uid),
        serde_json::json!({ "pieces": manifest.pieces.len() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(PrintedDocument { path })
}
