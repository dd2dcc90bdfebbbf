//! Pure logic of the "Réservations" tab: what a reservation's status allows (reprint, cancel, change),
//! the words for statuses and refund bases, and the arguments of a change of seat or date.

import type { ChangeReservationArgs, RefundBasis, Reservation, ReservationStatus } from './bindings';
import type { MessageKey } from './i18n/fr';
import { cashArg } from './sale';
import type { Unreadable } from './trajets';

export const RESERVATION_STATUS_LABEL: Record<ReservationStatus, MessageKey> = {
  pending: 'reservationStatus.pending',
  confirmed: 'reservationStatus.confirmed',
  cancelled: 'reservationStatus.cancelled',
  completed: 'reservationStatus.completed',
  refunded: 'reservationStatus.refunded',
};

/** The badge class of a status (the shared badge colours of app.css). */
export const RESERVATION_STATUS_BADGE: Record<ReservationStatus, string> = {
  pending: 'suspended',
  confirmed: 'active',
  cancelled: 'cancelled',
  completed: 'completed',
  refunded: 'cancelled',
};

export const REFUND_BASIS_LABEL: Record<RefundBasis, MessageKey> = {
  non_refundable: 'refundBasis.non_refundable',
  too_late: 'refundBasis.too_late',
  refundable: 'refundBasis.refundable',
  carrier_cancelled: 'refundBasis.carrier_cancelled',
};

export type ReservationAction = 'print' | 'cancel' | 'changeSeat' | 'changeDate';

/**
 * The actions a reservation offers at `now`: a valid ticket (paid or boarded) is reprinted; a live one
 * whose departure has not left is cancelled; a paid one not boarded changes seat or date. Rust checks
 * every rule again (deadlines included) and says why when it refuses.
 */
export function reservationActions(reservation: Reservation, now: Date): ReservationAction[] {
  const departed = Date.parse(reservation.trajet.departure_time) <= now.getTime();
  const actions: ReservationAction[] = [];
  if (reservation.status === 'confirmed' || reservation.status === 'completed') actions.push('print');
  if (!departed && (reservation.status === 'confirmed' || reservation.status === 'pending')) actions.push('cancel');
  if (!departed && reservation.status === 'confirmed') actions.push('changeSeat', 'changeDate');
  return actions;
}

/** "Awa Diop": the passenger's name. */
export function passengerName(reservation: Reservation): string {
  return `${reservation.passenger_first_name} ${reservation.passenger_last_name}`;
}

/** The `reservations.change` arguments: new seats (as many as held), another departure or none, the cash. */
export function changeArgs(
  reservation: Reservation,
  seats: readonly number[],
  trajetUid: string | null,
  cashText: string,
): ChangeReservationArgs | Unreadable {
  const cash = cashArg(cashText);
  if (typeof cash === 'object' && cash !== null) return cash;
  return {
    booking_reference: reservation.booking_reference,
    trajet_uid: trajetUid === reservation.trajet.uid ? null : trajetUid,
    seats: [...seats],
    cash_tendered: cash,
  };
}
