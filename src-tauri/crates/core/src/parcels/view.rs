//! Reading envois: one by its tracking code (or a piece's code) with its pieces, payments and
//! history; a list found by code, sender's or recipient's phone, or the latest ones.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::codes::{colis_code, ParcelCode};
use super::status::{ColisStatus, EnvoiStatus, PaymentMode};
use super::{envoi_id_for, own_carrier};
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::{Money, PhoneNumber};
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::payments::{self, PaymentView};

/// The departure a piece is loaded on.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LoadedOn {
    pub trajet_uid: String,
    pub departure_city: String,
    pub arrival_city: String,
    pub departure_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Colis {
    pub uid: String,
    /// The code on its label, e.g. `K7Q-M4X-R9P-T2C/2`.
    pub code: String,
    pub piece_number: i64,
    pub description: String,
    pub weight_g: i64,
    /// The weight the price was computed on (the greater of real and volumetric).
    pub chargeable_weight_g: Option<i64>,
    pub length_cm: Option<i64>,
    pub width_cm: Option<i64>,
    pub height_cm: Option<i64>,
    pub declared_value: Option<Money>,
    pub fragile: bool,
    pub express: bool,
    pub shipping_cost: Money,
    pub status: ColisStatus,
    pub loaded_on: Option<LoadedOn>,
}

/// One step of the envoi's or a piece's history.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    /// The piece's code; `None` for the envoi itself.
    pub piece: Option<String>,
    /// The status name before (`None` at creation) and after: an envoi's or a colis's.
    pub from: Option<String>,
    pub to: String,
    /// Who did it (e-mail of the staff account).
    pub by: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Envoi {
    pub uid: String,
    pub tracking_code: String,
    pub status: EnvoiStatus,
    pub description: String,
    /// The sender's customer account.
    pub sender_uid: String,
    pub sender_name: String,
    pub sender_phone: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub origin_city: Option<String>,
    pub destination_city: String,
    pub transporteur_uid: String,
    pub company_name: Option<String>,
    /// The agency that took it in.
    pub agency: Option<String>,
    pub created_by: Option<String>,
    pub payment_mode: PaymentMode,
    /// Sum of the pieces' shipping costs.
    pub total: Money,
    /// Completed payments.
    pub paid: Money,
    pub balance_due: Money,
    /// The latest payment, if any.
    pub payment: Option<PaymentView>,
    /// Too many wrong delivery codes: a new code must be issued before delivery.
    pub delivery_blocked: bool,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub colis: Vec<Colis>,
    /// Oldest first.
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EnvoiSummary {
    pub uid: String,
    pub tracking_code: String,
    pub status: EnvoiStatus,
    pub sender_name: String,
    pub sender_phone: String,
    pub recipient_name: String,
    pub recipient_phone: String,
    pub destination_city: String,
    pub company_name: Option<String>,
    pub pieces: i64,
    pub total: Money,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EnvoiRef {
    /// The envoi's tracking code, or one of its pieces' codes.
    pub code: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindEnvoisArgs {
    /// A tracking code, a piece's code, or the sender's or recipient's phone; empty for the
    /// latest envois.
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub status: Option<EnvoiStatus>,
}

const LIST_LIMIT: i64 = 100;

#[derive(sqlx::FromRow)]
struct EnvoiRow {
    uid: String,
    tracking_code: String,
    status: String,
    description: String,
    sender_uid: String,
    sender_name: String,
    sender_phone: String,
    recipient_name: String,
    recipient_phone: String,
    origin_city: Option<String>,
    destination_city: String,
    transporteur_uid: String,
    company_name: Option<String>,
    agency: Option<String>,
    created_by: Option<String>,
    payment_mode: String,
    delivery_attempts: i64,
    created_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
}

const SELECT_ENVOI: &str = "SELECT e.uid, e.tracking_code, e.status, e.description, c.uid AS sender_uid, \
     u.first_name || ' ' || u.last_name AS sender_name, u.phone_number AS sender_phone, e.recipient_name, e.recipient_phone, \
     e.origin_city, e.destination_city, tr.uid AS transporteur_uid, tr.company_name, a.name AS agency, s.email AS created_by, \
     e.payment_mode, e.delivery_attempts, e.created_at, e.delivered_at \
     FROM envois e JOIN utilisateurs u ON u.id = e.expediteur_id JOIN comptes c ON c.id = u.compte_id \
     JOIN transporteurs tr ON tr.id = e.transporteur_id LEFT JOIN agences a ON a.id = e.agence_id \
     LEFT JOIN comptes s ON s.id = e.created_by WHERE e.deleted_at IS NULL";

#[derive(sqlx::FromRow)]
struct ColisRow {
    uid: String,
    piece_number: Option<i64>,
    id: i64,
    description: String,
    weight: i64,
    chargeable_weight: Option<i64>,
    length_cm: Option<i64>,
    width_cm: Option<i64>,
    height_cm: Option<i64>,
    declared_value: Option<i64>,
    fragile: bool,
    express: bool,
    shipping_cost: i64,
    status: String,
    trajet_uid: Option<String>,
    departure_city: Option<String>,
    arrival_city: Option<String>,
    departure_time: Option<DateTime<Utc>>,
}

/// What the envoi owes: (total of its pieces, completed payments).
pub(crate) async fn amounts(conn: &mut SqliteConnection, envoi_id: i64) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COALESCE(SUM(shipping_cost), 0) FROM colis WHERE envoi_id = ? AND deleted_at IS NULL), \
         (SELECT COALESCE(SUM(amount), 0) FROM paiements WHERE envoi_id = ? AND status = 'completed' AND deleted_at IS NULL)",
    )
    .bind(envoi_id)
    .bind(envoi_id)
    .fetch_one(conn)
    .await?)
}

/// The whole envoi `id`, as the window shows it.
pub(crate) async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Envoi> {
    let row: EnvoiRow = sqlx::query_as(&format!("{SELECT_ENVOI} AND e.id = ?"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let pieces: Vec<ColisRow> = sqlx::query_as(
        "SELECT k.uid, k.piece_number, k.id, k.description, k.weight, k.chargeable_weight, k.length_cm, k.width_cm, k.height_cm, \
         k.declared_value, k.fragile, k.express, k.shipping_cost, k.status, t.uid AS trajet_uid, t.departure_city, \
         t.arrival_city, t.departure_time FROM colis k LEFT JOIN trajets t ON t.id = k.trajet_id \
         WHERE k.envoi_id = ? AND k.deleted_at IS NULL ORDER BY k.piece_number, k.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut colis = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let loaded_on = match (
            piece.trajet_uid,
            piece.departure_city,
            piece.arrival_city,
            piece.departure_time,
        ) {
            (Some(trajet_uid), Some(departure_city), Some(arrival_city), Some(departure_time)) => {
                Some(LoadedOn {
                    trajet_uid,
                    departure_city,
                    arrival_city,
                    departure_time,
                })
            }
            _ => None,
        };
        let number = piece.piece_number.unwrap_or(piece.id);
        colis.push(Colis {
            uid: piece.uid,
            code: colis_code(&row.tracking_code, number),
            piece_number: number,
            description: piece.description,
            weight_g: piece.weight,
            chargeable_weight_g: piece.chargeable_weight,
            length_cm: piece.length_cm,
            width_cm: piece.width_cm,
            height_cm: piece.height_cm,
            declared_value: piece
                .declared_value
                .map(|v| Money::parse("declared_value", v))
                .transpose()?,
            fragile: piece.fragile,
            express: piece.express,
            shipping_cost: Money::parse("shipping_cost", piece.shipping_cost)?,
            status: ColisStatus::from_db(&piece.status)?,
            loaded_on,
        });
    }
    let history = history(conn, id, &row.tracking_code).await?;
    let (total, paid) = amounts(conn, id).await?;
    let latest_payment: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM paiements WHERE envoi_id = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let payment = match latest_payment {
        Some(payment_id) => Some(payments::view::by_id(conn, payment_id).await?),
        None => None,
    };
    let max_attempts =
        crate::config::integer(conn, crate::config::DELIVERY_CODE_ATTEMPTS, 5).await?;
    Ok(Envoi {
        uid: row.uid,
        status: EnvoiStatus::from_db(&row.status)?,
        description: row.description,
        sender_uid: row.sender_uid,
        sender_name: row.sender_name,
        sender_phone: row.sender_phone,
        recipient_name: row.recipient_name,
        recipient_phone: row.recipient_phone,
        origin_city: row.origin_city,
        destination_city: row.destination_city,
        transporteur_uid: row.transporteur_uid,
        company_name: row.company_name,
        agency: row.agency,
        created_by: row.created_by,
        payment_mode: PaymentMode::from_db(&row.payment_mode)?,
        total: Money::parse("total", total)?,
        paid: Money::parse("paid", paid)?,
        balance_due: Money::parse("balance_due", (total - paid).max(0))?,
        payment,
        delivery_blocked: row.delivery_attempts >= max_attempts,
        created_at: row.created_at,
        delivered_at: row.delivered_at,
        colis,
        history,
        tracking_code: row.tracking_code,
    })
}

async fn history(
    conn: &mut SqliteConnection,
    envoi_id: i64,
    tracking_code: &str,
) -> Result<Vec<StatusChange>> {
    #[derive(sqlx::FromRow)]
    struct Line {
        at: DateTime<Utc>,
        piece: Option<i64>,
        from_status: Option<String>,
        to_status: String,
        by: Option<String>,
        note: Option<String>,
    }
    let rows: Vec<Line> = sqlx::query_as(
        "SELECT h.changed_at AS at, NULL AS piece, h.from_status, h.to_status, c.email AS by, h.note FROM envoi_status_history h \
         LEFT JOIN comptes c ON c.id = h.changed_by WHERE h.envoi_id = ? \
         UNION ALL SELECT h.changed_at, k.piece_number, h.from_status, h.to_status, c.email, h.note FROM colis_status_history h \
         JOIN colis k ON k.id = h.colis_id LEFT JOIN comptes c ON c.id = h.changed_by WHERE k.envoi_id = ? \
         ORDER BY 1, 2",
    )
    .bind(envoi_id)
    .bind(envoi_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|line| StatusChange {
            at: line.at,
            piece: line.piece.map(|n| colis_code(tracking_code, n)),
            from: line.from_status,
            to: line.to_status,
            by: line.by,
            note: line.note,
        })
        .collect())
}

/// One envoi by its tracking code or a piece's code.
pub async fn get(desk: &Desk, session: &Session, args: EnvoiRef) -> Result<Envoi> {
    let mut conn = desk.pool().acquire().await?;
    let (id, _) = envoi_id_for(&mut conn, session, "code", &args.code).await?;
    by_id(&mut conn, id).await
}

const SELECT_SUMMARY: &str = "SELECT e.uid, e.tracking_code, e.status, u.first_name || ' ' || u.last_name, u.phone_number, \
     e.recipient_name, e.recipient_phone, e.destination_city, tr.company_name, \
     (SELECT COUNT(*) FROM colis k WHERE k.envoi_id = e.id AND k.deleted_at IS NULL), \
     (SELECT COALESCE(SUM(k.shipping_cost), 0) FROM colis k WHERE k.envoi_id = e.id AND k.deleted_at IS NULL), e.created_at \
     FROM envois e JOIN utilisateurs u ON u.id = e.expediteur_id JOIN transporteurs tr ON tr.id = e.transporteur_id \
     WHERE e.deleted_at IS NULL AND (?1 IS NULL OR e.transporteur_id = ?1) AND (?2 IS NULL OR e.status = ?2)";

type SummaryRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    DateTime<Utc>,
);

/// Envois by code or phone (sender or recipient), or the latest ones, newest first.
pub async fn find(
    desk: &Desk,
    session: &Session,
    args: FindEnvoisArgs,
) -> Result<Vec<EnvoiSummary>> {
    let query = args
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    let mut conn = desk.pool().acquire().await?;
    super::ensure_takes_parcels(&mut conn, session).await?;
    let carrier = own_carrier(&mut conn, session).await?;
    let status = args.status.map(EnvoiStatus::as_str);
    let rows: Vec<SummaryRow> = match query {
        None => {
            sqlx::query_as(&format!(
                "{SELECT_SUMMARY} ORDER BY e.id DESC LIMIT {LIST_LIMIT}"
            ))
            .bind(carrier)
            .bind(status)
            .fetch_all(&mut *conn)
            .await?
        }
        Some(text) => match ParcelCode::parse(text) {
            Some(code) => {
                sqlx::query_as(&format!("{SELECT_SUMMARY} AND e.tracking_code = ?3"))
                    .bind(carrier)
                    .bind(status)
                    .bind(code.tracking_code())
                    .fetch_all(&mut *conn)
                    .await?
            }
            None => {
                let phone = PhoneNumber::parse("query", text)
                    .map_err(|_| Error::invalid("query", Message::TrackingCodeInvalid))?;
                sqlx::query_as(&format!(
                    "{SELECT_SUMMARY} AND e.id IN (SELECT e2.id FROM envois e2 JOIN utilisateurs u2 ON u2.id = e2.expediteur_id \
                     WHERE u2.phone_number = ?3 UNION SELECT id FROM envois WHERE recipient_phone = ?3) \
                     ORDER BY e.id DESC LIMIT {LIST_LIMIT}"
                ))
                .bind(carrier)
                .bind(status)
                .bind(phone.as_str())
                .fetch_all(&mut *conn)
                .await?
            }
        },
    };
    rows.into_iter()
        .map(|r| {
            Ok(EnvoiSummary {
                uid: r.0,
                tracking_code: r.1,
                status: EnvoiStatus::from_db(&r.2)?,
                sender_name: r.3,
                sender_phone: r.4,
                recipient_name: r.5,
                recipient_phone: r.6,
                destination_city: r.7,
                company_name: r.8,
                pieces: r.9,
                total: Money::parse("total", r.10)?,
                created_at: r.11,
            })
        })
        .collect()
}
