//! Sample data for the unit tests: a departure, a reservation, a manifest, a payment, a sale's receipt
//! and a till report as Rust sends them.

import type { Manifest, PaymentView, Reservation, SaleReceipt, TillReport, TillSession, Trajet } from '../bindings';

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
    payment: null,
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

export function payment(overrides: Partial<PaymentView> = {}): PaymentView {
  return {
    uid: 'p1',
    method: 'mobile_money',
    status: 'pending',
    amount: 250_000,
    refunded: 0,
    provider_reference: 'pay_0001',
    message: 'En attente de confirmation sur le téléphone',
    payer_phone: '+221771234567',
    created_at: '2026-03-01T09:00:00Z',
    updated_at: '2026-03-01T09:00:00Z',
    booking_references: ['K7QM-4XR9-PT2C'],
    taken_by: 'moussa.ndiaye@billettigue.sn',
    ...overrides,
  };
}

export function saleReceipt(overrides: Partial<SaleReceipt> = {}): SaleReceipt {
  return {
    reservations: [reservation({ status: 'pending' })],
    total: 250_000,
    payment_method: 'mobile_money',
    payment: payment(),
    cash_tendered: null,
    change_due: null,
    ...overrides,
  };
}

export function tillSession(overrides: Partial<TillSession> = {}): TillSession {
  return {
    uid: 's1',
    clerk_name: 'Moussa Ndiaye',
    clerk_email: 'moussa.ndiaye@billettigue.sn',
    agency: 'Gare des Baux Maraîchers',
    status: 'open',
    opened_at: '2026-03-02T07:00:00Z',
    closed_at: null,
    opening_float: 1_000_000,
    expected_cash: null,
    counted_cash: null,
    difference: null,
    notes: null,
    ...overrides,
  };
}

export function tillReport(overrides: Partial<TillReport> = {}): TillReport {
  return {
    session: tillSession(),
    methods: [
      { method: 'cash', sales_count: 2, sales_amount: 500_000, refunds_count: 1, refunds_amount: 225_000, net: 275_000 },
      { method: 'mobile_money', sales_count: 1, sales_amount: 275_000, refunds_count: 1, refunds_amount: 225_000, net: 50_000 },
      { method: 'card', sales_count: 0, sales_amount: 0, refunds_count: 0, refunds_amount: 0, net: 0 },
    ],
    cancellations_count: 2,
    expected_cash: 1_275_000,
    pending_payments: 0,
    generated_at: '2026-03-02T18:00:00Z',
    ...overrides,
  };
}
