//! Sample data for the unit tests: a departure, a reservation and a manifest as Rust sends them.

import type { Manifest, Reservation, Trajet } from '../bindings';

export function trajet(overrides: Partial<Trajet> = {}): Trajet {
  return {
    uid: 't1',
    transporteur_uid: 'c1',
    company_name: 'Dem Dikk',
    departure_city: 'Dakar',
    arrival_city: 'Thiès',
    departure_time: '2026-03-10T07:00:00Z',
    price: 250_000,
    seats_count: 30,
    available_seats: 27,
    status: 'active',
    accepts_packages: true,
    max_package_weight_g: null,
    departure_point: 'Gare des Baux Maraîchers',
    arrival_point: null,
    ...overrides,
  };
}

export function reservation(overrides: Partial<Reservation> = {}): Reservation {
  return {
    uid: 'r1',
    booking_reference: 'K7QM-4XR9-PT2C',
    status: 'confirmed',
    passenger_first_name: 'Awa',
    passenger_last_name: 'Diop',
    phone_number: '+221771234567',
    seats: [3],
    refundable: false,
    refund_supplement: 0,
    total_amount: 250_000,
    trajet: trajet(),
    customer_uid: null,
    return_of_reference: null,
    reservation_date: '2026-03-01T09:00:00Z',
    sold_by_email: 'moussa.ndiaye@billettigue.sn',
    boarded_at: null,
    tickets_printed: 0,
    cancellation: null,
    ...overrides,
  };
}

export function manifest(): Manifest {
  return {
    trajet: trajet(),
    passengers: [
      {
        booking_reference: 'AAAA-BBBB-CCCC',
        passenger_name: 'Moussa Fall',
        phone_number: '+221761234567',
        seats: [7, 5],
        status: 'completed',
        boarded_at: '2026-03-10T06:40:00Z',
      },
      {
        booking_reference: 'K7QM-4XR9-PT2C',
        passenger_name: 'Awa Diop',
        phone_number: '+221771234567',
        seats: [3],
        status: 'confirmed',
        boarded_at: null,
      },
    ],
    boarded: 1,
    expected: 2,
  };
}
