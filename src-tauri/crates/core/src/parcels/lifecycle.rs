//! Moving envois and colis along their lifecycles, each move checked against the allowed
//! transitions and written to the history with who, when and where: packaging, loss,
//! cancellation (with its refund), acceptance once paid, and the envoi following its pieces.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::status::{ColisStatus, EnvoiStatus};
use super::view::{self, Envoi, EnvoiRef};
use super::{codes::ParcelCode, ensure_takes_parcels, envoi_id_for};
use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::Text;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::payments::refunds::{self, CashRefund, RefundFor};

const NOTE_MAX: usize = 500;

/// Who made a change, from where.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Actor {
    pub compte_id: Option<i64>,
    pub agence_id: Option<i64>,
}

impl Actor {
    pub fn of(session: &Session) -> Self {
        Self {
            compte_id: Some(session.compte_id),
            agence_id: session.agence_id,
        }
    }
}

/// Writes an envoi's history line (`from` = `None` at creation).
pub(crate) async fn envoi_history(
    conn: &mut SqliteConnection,
    envoi_id: i64,
    from: Option<EnvoiStatus>,
    to: EnvoiStatus,
    actor: Actor,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO envoi_status_history (uid, envoi_id, from_status, to_status, changed_by, changed_at, agence_id, note, \
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(envoi_id)
    .bind(from.map(EnvoiStatus::as_str))
    .bind(to.as_str())
    .bind(actor.compte_id)
    .bind(now)
    .bind(actor.agence_id)
    .bind(note)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes a piece's history line (loading and unloading are lines with the same status).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn colis_history(
    conn: &mut SqliteConnection,
    colis_id: i64,
    from: Option<ColisStatus>,
    to: ColisStatus,
    actor: Actor,
    trajet_id: Option<i64>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO colis_status_history (uid, colis_id, from_status, to_status, changed_by, changed_at, agence_id, trajet_id, \
         note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(crate::new_uid())
    .bind(colis_id)
    .bind(from.map(ColisStatus::as_str))
    .bind(to.as_str())
    .bind(actor.compte_id)
    .bind(now)
    .bind(actor.agence_id)
    .bind(trajet_id)
    .bind(note)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The envoi's current status.
pub(crate) async fn envoi_status(
    conn: &mut SqliteConnection,
    envoi_id: i64,
) -> Result<EnvoiStatus> {
    let status: String = sqlx::query_scalar("SELECT status FROM envois WHERE id = ?")
        .bind(envoi_id)
        .fetch_one(conn)
        .await?;
    EnvoiStatus::from_db(&status)
}

/// Moves the envoi to `to` if its lifecycle allows it from where it is.
pub(crate) async fn move_envoi(
    conn: &mut SqliteConnection,
    envoi_id: i64,
    to: EnvoiStatus,
    actor: Actor,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let from = envoi_status(conn, envoi_id).await?;
    if !from.can_become(to) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::EnvoiTransition { from, to },
        ));
    }
    let delivered_at = (to == EnvoiStatus::Delivered).then_some(now);
    sqlx::query(
        "UPDATE envois SET status = ?, delivered_at = COALESCE(?, delivered_at), updated_at = ?, version = version + 1 \
         WHERE id = ? AND status = ?",
    )
    .bind(to.as_str())
    .bind(delivered_at)
    .bind(now)
    .bind(envoi_id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    envoi_history(conn, envoi_id, Some(from), to, actor, note, now).await
}

/// A piece of an envoi, as the lifecycle needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PieceRow {
    pub id: i64,
    pub piece_number: i64,
    pub status: String,
    pub weight: i64,
    pub trajet_id: Option<i64>,
}

impl PieceRow {
    pub fn status(&self) -> Result<ColisStatus> {
        ColisStatus::from_db(&self.status)
    }
}

/// The envoi's pieces, or only the one a piece code names.
pub(crate) async fn pieces(
    conn: &mut SqliteConnection,
    envoi_id: i64,
    code: &ParcelCode,
) -> Result<Vec<PieceRow>> {
    let rows: Vec<PieceRow> = sqlx::query_as(
        "SELECT id, COALESCE(piece_number, id) AS piece_number, status, weight, trajet_id FROM colis \
         WHERE envoi_id = ? AND deleted_at IS NULL ORDER BY piece_number, id",
    )
    .bind(envoi_id)
    .fetch_all(conn)
    .await?;
    match code {
        ParcelCode::Envoi(_) => Ok(rows),
        ParcelCode::Colis(tracking, number) => {
            let piece: Vec<PieceRow> = rows
                .into_iter()
                .filter(|r| r.piece_number == *number)
                .collect();
            if piece.is_empty() {
                Err(Error::not_found(Message::ColisNotFound(super::colis_code(
                    tracking, *number,
                ))))
            } else {
                Ok(piece)
            }
        }
    }
}

/// Moves a piece to `to` if its lifecycle allows it.
pub(crate) async fn move_colis(
    conn: &mut SqliteConnection,
    tracking_code: &str,
    piece: &PieceRow,
    to: ColisStatus,
    actor: Actor,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let from = piece.status()?;
    if !from.can_become(to) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::ParcelTransition {
                piece: super::colis_code(tracking_code, piece.piece_number),
                from,
                to,
            },
        ));
    }
    sqlx::query(
        "UPDATE colis SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(piece.id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    colis_history(
        conn,
        piece.id,
        Some(from),
        to,
        actor,
        piece.trajet_id,
        note,
        now,
    )
    .await
}

/// The envoi follows its pieces: in transit once one has left, delivered once all are.
pub(crate) async fn follow_pieces(
    conn: &mut SqliteConnection,
    envoi_id: i64,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let (total, moving, delivered): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(status IN ('shipped', 'delivered')), 0), COALESCE(SUM(status = 'delivered'), 0) \
         FROM colis WHERE envoi_id = ? AND deleted_at IS NULL",
    )
    .bind(envoi_id)
    .fetch_one(&mut *conn)
    .await?;
    let mut status = envoi_status(conn, envoi_id).await?;
    if status == EnvoiStatus::Accepted && moving > 0 {
        move_envoi(conn, envoi_id, EnvoiStatus::InTransit, actor, None, now).await?;
        status = EnvoiStatus::InTransit;
    }
    if status == EnvoiStatus::InTransit && total > 0 && delivered == total {
        move_envoi(conn, envoi_id, EnvoiStatus::Delivered, actor, None, now).await?;
    }
    Ok(())
}

/// A payment just completed: the envoi it pays for, still waiting for it, is accepted.
pub(crate) async fn accept_paid_envoi(
    conn: &mut SqliteConnection,
    payment_id: i64,
    actor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let envoi: Option<i64> = sqlx::query_scalar(
        "SELECT e.id FROM paiements p JOIN envois e ON e.id = p.envoi_id WHERE p.id = ? AND e.status = 'pending'",
    )
    .bind(payment_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(envoi_id) = envoi {
        let actor = Actor {
            compte_id: actor,
            agence_id: None,
        };
        move_envoi(
            conn,
            envoi_id,
            EnvoiStatus::Accepted,
            actor,
            Some("payé"),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Marks the envoi's pieces still waiting (or the one piece named) as labelled and packed.
pub async fn package(desk: &Desk, session: &Session, args: EnvoiRef) -> Result<Envoi> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (envoi_id, code) = envoi_id_for(&mut tx, session, "code", &args.code).await?;
    if envoi_status(&mut tx, envoi_id).await? == EnvoiStatus::Cancelled {
        return Err(Error::new(ErrorCode::Conflict, Message::EnvoiCancelled).at("code"));
    }
    let all = pieces(&mut tx, envoi_id, &code).await?;
    let named = matches!(code, ParcelCode::Colis(..));
    let mut packed = 0;
    for piece in &all {
        // Packaging the whole envoi skips pieces already further on; a named piece must be waiting.
        if named || piece.status()? == ColisStatus::Pending {
            move_colis(
                &mut tx,
                code.tracking_code(),
                piece,
                ColisStatus::Packaged,
                Actor::of(session),
                None,
                now,
            )
            .await
            .map_err(|e| e.at("code"))?;
            packed += 1;
        }
    }
    // Nothing was waiting (packaged twice, or every piece further on): refused like a named piece.
    if let (0, Some(first)) = (packed, all.first()) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::ParcelTransition {
                piece: super::colis_code(code.tracking_code(), first.piece_number),
                from: first.status()?,
                to: ColisStatus::Packaged,
            },
        )
        .at("code"));
    }
    let envoi = view::by_id(&mut tx, envoi_id).await?;
    tx.commit().await?;
    Ok(envoi)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MarkLostArgs {
    /// The piece's code, e.g. `K7Q-M4X-R9P-T2C/2`.
    pub colis_code: String,
    /// What is known: where and when it was last seen.
    pub note: String,
}

/// Declares a piece lost (it leaves its departure's load), with what is known.
pub async fn mark_lost(desk: &Desk, session: &Session, args: MarkLostArgs) -> Result<Envoi> {
    let note = Text::parse("note", &args.note, NOTE_MAX)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (envoi_id, code) = envoi_id_for(&mut tx, session, "colis_code", &args.colis_code).await?;
    if !matches!(code, ParcelCode::Colis(..)) {
        return Err(Error::invalid("colis_code", Message::TrackingCodeInvalid));
    }
    let piece = pieces(&mut tx, envoi_id, &code)
        .await
        .map_err(|e| e.at("colis_code"))?;
    for piece in &piece {
        move_colis(
            &mut tx,
            code.tracking_code(),
            piece,
            ColisStatus::Lost,
            Actor::of(session),
            Some(note.as_str()),
            now,
        )
        .await
        .map_err(|e| e.at("colis_code"))?;
    }
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.lost",
        Some("envois"),
        Some(code.tracking_code()),
        serde_json::json!({ "colis": args.colis_code.trim(), "note": note.as_str() }),
        now,
    )
    .await?;
    let envoi = view::by_id(&mut tx, envoi_id).await?;
    tx.commit().await?;
    Ok(envoi)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CancelEnvoiArgs {
    pub code: String,
    pub reason: String,
}

/// Cancels an envoi none of whose pieces has left: unloaded, and what was paid given back
/// through the method that paid (cash from the clerk's till, or owed when no till is open).
pub async fn cancel(desk: &Desk, session: &Session, args: CancelEnvoiArgs) -> Result<Envoi> {
    let reason = Text::parse("reason", &args.reason, NOTE_MAX)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    ensure_takes_parcels(&mut tx, session).await?;
    let (envoi_id, code) = envoi_id_for(&mut tx, session, "code", &args.code).await?;
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM colis WHERE envoi_id = ? AND status IN ('shipped', 'delivered') AND deleted_at IS NULL",
    )
    .bind(envoi_id)
    .fetch_one(&mut *tx)
    .await?;
    if left > 0 {
        return Err(Error::new(ErrorCode::Conflict, Message::CannotCancelShipped).at("code"));
    }
    // A provider payment still unanswered may yet be taken: cancelling now would keep that money
    // with nothing to refund it. It is checked (settled) first.
    let unanswered: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM paiements WHERE envoi_id = ? AND status = 'pending' AND deleted_at IS NULL",
    )
    .bind(envoi_id)
    .fetch_one(&mut *tx)
    .await?;
    if unanswered > 0 {
        return Err(Error::new(ErrorCode::Conflict, Message::EnvoiPaymentPending).at("code"));
    }
    move_envoi(
        &mut tx,
        envoi_id,
        EnvoiStatus::Cancelled,
        Actor::of(session),
        Some(reason.as_str()),
        now,
    )
    .await
    .map_err(|e| e.at("code"))?;
    sqlx::query(
        "UPDATE colis SET trajet_id = NULL, updated_at = ?, version = version + 1 WHERE envoi_id = ? AND trajet_id IS NOT NULL",
    )
    .bind(now)
    .bind(envoi_id)
    .execute(&mut *tx)
    .await?;
    let (_, paid) = view::amounts(&mut tx, envoi_id).await?;
    let outcome = refunds::open_refund(
        &mut tx,
        Some(session.compte_id),
        RefundFor::Envoi(envoi_id),
        paid,
        CashRefund::OwedWithoutTill,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.cancel",
        Some("envois"),
        Some(code.tracking_code()),
        serde_json::json!({ "reason": reason.as_str(), "refunded": outcome.amount }),
        now,
    )
    .await?;
    tx.commit().await?;
    refunds::send(desk, &outcome.to_send, Some(session.compte_id)).await?;
    let mut conn = desk.pool().acquire().await?;
    view::by_id(&mut conn, envoi_id).await
}
