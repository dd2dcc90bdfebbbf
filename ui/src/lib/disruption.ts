//! Pure logic of cancelling a departure that has passengers: which departures a passenger can be moved
//! to, and the `decisions` sent with `trajets.cancel` (one per reservation: refund, or move).

import type { ManifestEntry, PassengerDecision, Trajet } from './bindings';
import { Unreadable } from './trajets';

/** A city name as Rust compares it: no accents, case, hyphens or extra spaces ("Thiès" = "thies"). */
export function cityKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The departures the passengers of `cancelled` can be moved to: the same route and carrier, active,
 * not yet gone, soonest first.
 */
export function moveTargets(cancelled: Trajet, candidates: readonly Trajet[], now: Date): Trajet[] {
  const from = cityKey(cancelled.departure_city);
  const to = cityKey(cancelled.arrival_city);
  return candidates
    .filter(
      (trajet) =>
        trajet.uid !== cancelled.uid &&
        trajet.status === 'active' &&
        trajet.transporteur_uid === cancelled.transporteur_uid &&
        cityKey(trajet.departure_city) === from &&
        cityKey(trajet.arrival_city) === to &&
        Date.parse(trajet.departure_time) > now.getTime(),
    )
    .sort((a, b) => Date.parse(a.departure_time) - Date.parse(b.departure_time));
}

/** What the carrier chose for one reservation: refund, or move to `to` (a trajet uid, '' until chosen). */
export interface Choice {
  action: 'refund' | 'move';
  to: string;
}

/** Everyone refunded at first: the safe default, changed passenger by passenger. */
export function defaultChoices(passengers: readonly ManifestEntry[]): Record<string, Choice> {
  return Object.fromEntries(passengers.map((entry) => [entry.booking_reference, { action: 'refund', to: '' }]));
}

/** The `decisions` argument, in the manifest's order; a move without its departure is Unreadable. */
export function decisionsArg(
  passengers: readonly ManifestEntry[],
  choices: Readonly<Record<string, Choice>>,
): PassengerDecision[] | Unreadable {
  const decisions: PassengerDecision[] = [];
  for (const [index, entry] of passengers.entries()) {
    const choice = choices[entry.booking_reference] ?? { action: 'refund', to: '' };
    if (choice.action === 'move' && choice.to === '') {
      return new Unreadable(`decisions[${index}].to_trajet_uid`, 'disruption.error.chooseDeparture');
    }
    decisions.push({
      booking_reference: entry.booking_reference,
      action: choice.action,
      to_trajet_uid: choice.action === 'move' ? choice.to : null,
    });
  }
  return decisions;
}

/** The reservation an error's `decisions[i].…` field is about, in the manifest's order. */
export function decisionIndex(field: string | null): number | null {
  const match = /^decisions\[(\d+)\]/.exec(field ?? '');
  return match ? Number(match[1]) : null;
}

/** Seats taken on the departure that no paid passenger of the manifest holds (held, unpaid reservations). */
export function unlistedSeats(trajet: Trajet, passengers: readonly ManifestEntry[]): number {
  const listed = passengers.reduce((count, entry) => count + entry.seats.length, 0);
  return Math.max(0, trajet.seats_count - trajet.available_seats - listed);
}
