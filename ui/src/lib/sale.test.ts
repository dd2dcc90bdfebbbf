import { describe, expect, it } from 'vitest';
import type { Customer } from './bindings';
import {
  cashArg,
  emptyPassenger,
  linkedCustomer,
  repick,
  saleArgs,
  saleComplete,
  saleTarget,
  searchArgs,
  withCustomer,
  type PassengerDraft,
} from './sale';
import { Unreadable } from './trajets';

const AWA: Customer = { uid: 'c-awa', first_name: 'Awa', last_name: 'Diop', phone_number: '+221771234567' };

function passenger(firstName: string, lastName: string, phone: string): PassengerDraft {
  return { firstName, lastName, phone, customer: null };
}

describe('one passenger per picked seat', () => {
  it('keeps the passengers of seats still picked and adds an empty one for a new seat', () => {
    const before = [
      { seat: 3, passenger: passenger('Awa', 'Diop', '77 123 45 67') },
      { seat: 4, passenger: passenger('Moussa', 'Fall', '') },
    ];
    const after = repick(before, [4, 7]);
    expect(after.map((pick) => pick.seat)).toEqual([4, 7]);
    expect(after[0]).toBe(before[1]);
    expect(after[1]?.passenger).toEqual(emptyPassenger());
  });

  it('asks for the quote only once every passenger is typed and every return seat picked', () => {
    const full = [
      { seat: 3, passenger: passenger('Awa', 'Diop', '771234567') },
      { seat: 4, passenger: passenger('Moussa', 'Fall', '761234567') },
    ];
    expect(saleComplete(full, null)).toBe(true);
    expect(saleComplete([full[0]!, { seat: 4, passenger: passenger('Moussa', ' ', '761234567') }], null)).toBe(false);
    expect(saleComplete(full, [10])).toBe(false);
    expect(saleComplete(full, [10, 11])).toBe(true);
    expect(saleComplete([], null)).toBe(false);
  });
});

describe('known customers', () => {
  it('fills the passenger from the customer found by phone and links them', () => {
    const draft = withCustomer(emptyPassenger(), AWA);
    expect(draft).toMatchObject({ firstName: 'Awa', lastName: 'Diop', phone: '+221771234567' });
    expect(linkedCustomer(draft)).toBe(AWA);
  });

  it('keeps the link while the phone is the same number, however written, and drops it otherwise', () => {
    const draft = withCustomer(emptyPassenger(), AWA);
    expect(linkedCustomer({ ...draft, phone: '77 123 45 67' })).toBe(AWA);
    expect(linkedCustomer({ ...draft, phone: '77 123 45 68' })).toBeNull();
    expect(linkedCustomer({ ...draft, phone: '' })).toBeNull();
  });
});

describe('the SaleArgs sent to Rust', () => {
  it('sends one passenger per seat in the order picked, trimmed, and no return', () => {
    const args = saleArgs({
      trajetUid: 't1',
      picks: [
        { seat: 4, passenger: passenger(' Moussa ', 'Fall', ' 761234567 ') },
        { seat: 3, passenger: passenger('Awa', 'Diop', '771234567') },
      ],
      returnTrip: null,
      refundable: false,
    });
    expect(args).toEqual({
      trajet_uid: 't1',
      return_trajet_uid: null,
      refundable: false,
      customer_uid: null,
      passengers: [
        { first_name: 'Moussa', last_name: 'Fall', phone: '761234567', seats: [4], return_seats: [] },
        { first_name: 'Awa', last_name: 'Diop', phone: '771234567', seats: [3], return_seats: [] },
      ],
    });
  });

  it('gives each passenger the return seat of the same rank and links the first known customer', () => {
    const args = saleArgs({
      trajetUid: 't1',
      picks: [
        { seat: 3, passenger: passenger('Moussa', 'Fall', '761234567') },
        { seat: 4, passenger: withCustomer(emptyPassenger(), AWA) },
      ],
      returnTrip: { trajetUid: 't2', seats: [12, 11] },
      refundable: true,
    });
    expect(args.return_trajet_uid).toBe('t2');
    expect(args.refundable).toBe(true);
    expect(args.customer_uid).toBe('c-awa');
    expect(args.passengers.map((p) => p.return_seats)).toEqual([[12], [11]]);
  });
});

describe('what the clerk types', () => {
  it('reads the cash handed over in FCFA, empty meaning exact money', () => {
    expect(cashArg('10 000')).toBe(1_000_000);
    expect(cashArg('  ')).toBeNull();
    expect(cashArg('dix mille')).toBeInstanceOf(Unreadable);
  });

  it('reads the search, the day typed the French way', () => {
    expect(searchArgs(' Dakar ', 'thies', '10/03/2026', '2')).toEqual({
      from_city: 'Dakar',
      to_city: 'thies',
      date: '2026-03-10',
      seats: 2,
    });
    expect(searchArgs('Dakar', 'Thiès', 'demain', '2')).toMatchObject({ field: 'date' });
    expect(searchArgs('Dakar', 'Thiès', '10/03/2026', 'deux')).toMatchObject({ field: 'seats' });
  });
});

describe('errors point at inputs', () => {
  it('maps passenger fields, seats, cash and the payer, with or without the sale. prefix', () => {
    expect(saleTarget('sale.passengers[1].phone')).toEqual({ kind: 'passenger', index: 1, input: 'phone' });
    expect(saleTarget('passengers[0].first_name')).toEqual({ kind: 'passenger', index: 0, input: 'first_name' });
    expect(saleTarget('sale.passengers[0].seats')).toEqual({ kind: 'seats' });
    expect(saleTarget('passengers[2].return_seats')).toEqual({ kind: 'return_seats' });
    expect(saleTarget('cash_tendered')).toEqual({ kind: 'cash' });
    expect(saleTarget('payer_phone')).toEqual({ kind: 'payer_phone' });
    expect(saleTarget('sale.return_trajet_uid')).toEqual({ kind: 'return' });
    expect(saleTarget(null)).toEqual({ kind: 'other' });
  });
});
