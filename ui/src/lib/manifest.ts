//! Pure logic of the departure-day screen: the manifest as one row per seat, and the departures of a
//! day as the depot reads them.

import type { Manifest, ReservationStatus, Trajet } from './bindings';

/** One seat of the manifest. */
export interface ManifestRow {
  seat: number;
  bookingReference: string;
  passengerName: string;
  phone: string;
  status: ReservationStatus;
  boardedAt: string | null;
}

/** The manifest by seat: a reservation of several seats gives one row per seat, all boarded together. */
export function manifestRows(manifest: Manifest): ManifestRow[] {
  return manifest.passengers
    .flatMap((entry) =>
      entry.seats.map((seat) => ({
        seat,
        bookingReference: entry.booking_reference,
        passengerName: entry.passenger_name,
        phone: entry.phone_number,
        status: entry.status,
        boardedAt: entry.boarded_at,
      })),
    )
    .sort((a, b) => a.seat - b.seat);
}

/** Seats taken on a departure (sold or held). */
export function seatsTaken(trajet: Trajet): number {
  return trajet.seats_count - trajet.available_seats;
}

/** Whether a departure is still boarding: only an active one takes passengers and can be marked gone. */
export function boarding(trajet: Trajet): boolean {
  return trajet.status === 'active';
}
