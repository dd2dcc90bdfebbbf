//! A carrier cancels a departure that has passengers: each live reservation gets a decision —
//! refunded in full or moved to another departure of the same route — in one transaction.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cancel::{reissue, same_route_on_sale, write_cancellation, REASON_MAX};
use super::pricing::{Refund, RefundBasis};
use super::reference;
use super::reservation::{self, Reservation};
use super::seats;
use super::status::ReservationStatus;
use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::domain::Text;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;
use crate::payments::refunds::{self, CashRefund};
use crate::trajets::{self, Trajet, TrajetStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DecisionAction {
    /// Everything paid is given back, supplement included: the passenger is not at fault.
    Refund,
    /// The passenger travels on `to_trajet_uid` instead, on the first free seats, at no cost.
    Move,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PassengerDecision {
    pub booking_reference: String,
    pub action: DecisionAction,
    #[serde(default)]
    pub to_trajet_uid: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CancelTrajetArgs {
    pub uid: String,
    pub reason: String,
    /// One decision per live reservation of the departure; none when it has no passengers.
    #[serde(default)]
    pub decisions: Vec<PassengerDecision>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TrajetCancellation {
    pub trajet: Trajet,
    pub refunded: Vec<Reservation>,
    /// The new reservations of the moved passengers (new references and tickets).
    pub moved: Vec<Reservation>,
}

pub async fn cancel_trajet(
    desk: &Desk,
    session: &Session,
    args: CancelTrajetArgs,
) -> Result<TrajetCancellation> {
    let reason = Text::parse("reason", &args.reason, REASON_MAX)?;
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let current = trajets::managed_trajet(&mut tx, session, &args.uid).await?;
    if !current.1.status.can_become(TrajetStatus::Cancelled) {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::TrajetTransition(current.1.status.as_str(), "cancelled"),
        )
        .at("uid"));
    }
    let live: Vec<_> = reservation::of_trajet(&mut tx, current.0)
        .await?
        .into_iter()
        // Boarded passengers have travelled: no refund or move is theirs to decide.
        .filter(|row| {
            matches!(
                row.status(),
                ReservationStatus::Pending | ReservationStatus::Confirmed
            )
        })
        .collect();
    let mut decided = Vec::with_capacity(args.decisions.len());
    for (index, decision) in args.decisions.iter().enumerate() {
        let field = format!("decisions[{index}].booking_reference");
        let reference = reference::normalize(&decision.booking_reference)
            .filter(|r| live.iter().any(|row| &row.booking_reference == r))
            .ok_or_else(|| Error::invalid(field.clone(), Message::NotAPassengerOfTrajet))?;
        if decided.iter().any(|(r, _)| r == &reference) {
            return Err(Error::invalid(field, Message::DecisionTwice(reference)));
        }
        decided.push((reference, decision));
    }
    if let Some(missing) = live
        .iter()
        .find(|row| !decided.iter().any(|(r, _)| r == &row.booking_reference))
    {
        return Err(Error::new(
            ErrorCode::Conflict,
            Message::DecisionMissing(missing.booking_reference.clone()),
        )
        .at("decisions"));
    }
    let (mut refunded, mut moved, mut to_send) = (Vec::new(), Vec::new(), Vec::new());
    for (index, (reference, decision)) in decided.iter().enumerate() {
        let row = live
            .iter()
            .find(|row| &row.booking_reference == reference)
            .ok_or_else(|| Error::not_found(Message::ReservationNotFound(reference.clone())))?;
        match decision.action {
            DecisionAction::Refund => {
                let refund = Refund {
                    amount: row.total_amount,
                    basis: RefundBasis::CarrierCancelled,
                };
                let outcome = write_cancellation(
                    &mut tx,
                    Some(session.compte_id),
                    row,
                    refund,
                    reason.as_str(),
                    CashRefund::OwedWithoutTill,
                    now,
                )
                .await?;
                to_send.extend(outcome.to_send);
                refunded.push(row.id);
            }
            DecisionAction::Move => {
                let field = format!("decisions[{index}].to_trajet_uid");
                let target_uid = decision.to_trajet_uid.as_deref().unwrap_or_default();
                let (target_id, target) = trajets::by_uid(&mut tx, target_uid)
                    .await
                    .map_err(|e| e.at(field.clone()))?;
                if target_id == current.0 {
                    return Err(Error::invalid(field, Message::NotSameRoute));
                }
                same_route_on_sale(&current.1, &target, now).map_err(|e| e.at(field.clone()))?;
                let count = row.seat_numbers().len();
                let free = seats::lowest_free(&mut tx, target_id, target.seats_count, count)
                    .await
                    .map_err(|e| e.at(field))?;
                let id = reissue(
                    &mut tx,
                    session,
                    row,
                    (target_id, &free),
                    row.total_amount,
                    row.refund_supplement_amount,
                    now,
                )
                .await?;
                moved.push(id);
            }
        }
    }
    sqlx::query("UPDATE trajets SET status = 'cancelled', updated_at = ?, version = version + 1 WHERE id = ?")
        .bind(now)
        .bind(current.0)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "reason": reason.as_str(), "refunded": refunded.len(), "moved": moved.len() });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "trajet.cancel",
        Some("trajets"),
        Some(&current.1.uid),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    refunds::send(desk, &to_send, Some(session.compte_id)).await?;
    let mut conn = desk.pool().acquire().await?;
    let refunded = reservation::views(&mut conn, refunded).await?;
    let moved = reservation::views(&mut conn, moved).await?;
    let trajet = trajets::by_uid(&mut conn, &current.1.uid).await?.1;
    Ok(TrajetCancellation {
        trajet,
        refunded,
        moved,
    })
}
