//! Pure logic of a counter sale: the search typed by the clerk, one passenger per picked seat, the
//! `SaleArgs` sent to `sales.quote` and `sales.sell`, and Rust's error fields mapped back to inputs.
//! Prices are never computed here: the quote and the receipt come from Rust.

import type { Customer, PassengerArgs, SaleArgs, SearchArgs, SeatMap, Trajet } from './bindings';
import { fcfaToMinor, readCount, readDay, Unreadable } from './trajets';

/** The passenger sitting on one picked seat, as typed. */
export interface PassengerDraft {
  firstName: string;
  lastName: string;
  phone: string;
  /** The known customer found by phone ("Client connu"), linked while the phone is unchanged. */
  customer: Customer | null;
}

export function emptyPassenger(): PassengerDraft {
  return { firstName: '', lastName: '', phone: '', customer: null };
}

/** The same passenger with a known customer's names and phone filled in, and the customer linked. */
export function withCustomer(draft: PassengerDraft, customer: Customer): PassengerDraft {
  return {
    firstName: customer.first_name,
    lastName: customer.last_name,
    phone: customer.phone_number,
    customer,
  };
}

/** Digits of a phone number, to tell whether the typed phone is still the customer's. */
function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** The customer linked to a passenger, if the phone typed is still theirs (the last 9 digits match). */
export function linkedCustomer(draft: PassengerDraft): Customer | null {
  if (!draft.customer) return null;
  const typed = digits(draft.phone);
  const known = digits(draft.customer.phone_number);
  return typed.length >= 9 && known.endsWith(typed.slice(-9)) ? draft.customer : null;
}

/** One picked seat and the passenger who sits there. */
export interface Pick {
  seat: number;
  passenger: PassengerDraft;
}

/**
 * One passenger per picked seat, in the order the seats were picked: a seat still picked keeps its
 * passenger, a newly picked seat gets an empty one.
 */
export function repick(previous: readonly Pick[], seats: readonly number[]): Pick[] {
  return seats.map((seat) => previous.find((pick) => pick.seat === seat) ?? { seat, passenger: emptyPassenger() });
}

/** Whether every passenger is typed in full and, with a return, has a return seat: then the quote is asked. */
export function saleComplete(picks: readonly Pick[], returnSeats: readonly number[] | null): boolean {
  if (picks.length === 0) return false;
  if (returnSeats && returnSeats.length !== picks.length) return false;
  return picks.every(({ passenger }) =>
    [passenger.firstName, passenger.lastName, passenger.phone].every((text) => text.trim() !== ''),
  );
}

/** The departure back of a return trip, its seat map and the return seats picked (the i-th for the i-th passenger). */
export interface ReturnChoice {
  trajet: Trajet;
  map: SeatMap;
  seats: number[];
}

/** What the clerk set up for a sale. */
export interface SaleDraft {
  trajetUid: string;
  /** The seats picked on the outbound departure, in the order picked, with their passengers. */
  picks: readonly Pick[];
  /** The return departure and its seats (the i-th for the i-th passenger), or null one way. */
  returnTrip: { trajetUid: string; seats: readonly number[] } | null;
  refundable: boolean;
}

/**
 * The `SaleArgs` of a draft: one passenger per seat, each with the return seat of the same rank. The
 * sale is linked to the first passenger whose known customer is still linked (Rust takes one customer
 * per sale: the buyer).
 */
export function saleArgs(draft: SaleDraft): SaleArgs {
  const passengers: PassengerArgs[] = draft.picks.map(({ seat, passenger }, index) => {
    const back = draft.returnTrip?.seats[index];
    return {
      first_name: passenger.firstName.trim(),
      last_name: passenger.lastName.trim(),
      phone: passenger.phone.trim(),
      seats: [seat],
      return_seats: back === undefined ? [] : [back],
    };
  });
  const customer = draft.picks.map(({ passenger }) => linkedCustomer(passenger)).find((found) => found !== null);
  return {
    trajet_uid: draft.trajetUid,
    return_trajet_uid: draft.returnTrip?.trajetUid ?? null,
    passengers,
    refundable: draft.refundable,
    customer_uid: customer?.uid ?? null,
  };
}

/** The cash handed over, in hundredths; null when left empty (exact money), Unreadable when not a number. */
export function cashArg(text: string): number | null | Unreadable {
  if (text.trim() === '') return null;
  return fcfaToMinor(text) ?? new Unreadable('cash_tendered', 'trajets.error.amount');
}

/** The `sales.search` arguments from what was typed, or the first field that cannot be read. */
export function searchArgs(from: string, to: string, dayText: string, seatsText: string): SearchArgs | Unreadable {
  const date = readDay(dayText);
  if (date === null) return new Unreadable('date', 'trajets.error.day');
  const seats = readCount(seatsText);
  if (seats === null) return new Unreadable('seats', 'trajets.error.count');
  return { from_city: from.trim(), to_city: to.trim(), date, seats };
}

/** What an error of `sales.quote` / `sales.sell` is about. */
export type SaleTarget =
  | { kind: 'passenger'; index: number; input: 'first_name' | 'last_name' | 'phone' }
  | { kind: 'seats' | 'return_seats' | 'cash' | 'payer_phone' | 'departure' | 'return' | 'customer' | 'other' };

/** Maps Rust's error field (`sale.passengers[1].phone`, `cash_tendered`, `payer_phone`…) to what it is about. */
export function saleTarget(field: string | null): SaleTarget {
  const path = (field ?? '').replace(/^sale\./, '');
  const passenger = /^passengers\[(\d+)\]\.(first_name|last_name|phone|seats|return_seats)$/.exec(path);
  if (passenger) {
    const input = passenger[2];
    if (input === 'seats' || input === 'return_seats') return { kind: input };
    return { kind: 'passenger', index: Number(passenger[1]), input: input as 'first_name' | 'last_name' | 'phone' };
  }
  switch (path) {
    case 'passengers':
      return { kind: 'seats' };
    case 'cash_tendered':
      return { kind: 'cash' };
    case 'payer_phone':
      return { kind: 'payer_phone' };
    case 'trajet_uid':
      return { kind: 'departure' };
    case 'return_trajet_uid':
      return { kind: 'return' };
    case 'customer_uid':
      return { kind: 'customer' };
    default:
      return { kind: 'other' };
  }
}
