import { describe, expect, it } from 'vitest';
import { changeArgs, passengerName, reservationActions } from './reservations';
import { reservation, trajet } from './testing/fixtures';
import { Unreadable } from './trajets';

const BEFORE = new Date('2026-03-09T12:00:00Z');
const AFTER = new Date('2026-03-10T08:00:00Z');

describe('what a reservation offers', () => {
  it('offers reprint, cancel and changes on a paid ticket before departure', () => {
    expect(reservationActions(reservation(), BEFORE)).toEqual(['print', 'cancel', 'changeSeat', 'changeDate']);
  });

  it('offers only a reprint once the coach has left or the passenger boarded', () => {
    expect(reservationActions(reservation(), AFTER)).toEqual(['print']);
    expect(reservationActions(reservation({ status: 'completed' }), BEFORE)).toEqual(['print']);
  });

  it('offers nothing on a cancelled or refunded ticket', () => {
    expect(reservationActions(reservation({ status: 'cancelled', seats: [] }), BEFORE)).toEqual([]);
    expect(reservationActions(reservation({ status: 'refunded', seats: [] }), BEFORE)).toEqual([]);
  });

  it('names the passenger', () => {
    expect(passengerName(reservation())).toBe('Awa Diop');
  });
});

describe('changing seat or date', () => {
  it('sends the new seats only when the departure stays the same', () => {
    expect(changeArgs(reservation(), [9], 't1', '')).toEqual({
      booking_reference: 'K7QM-4XR9-PT2C',
      trajet_uid: null,
      seats: [9],
      cash_tendered: null,
    });
  });

  it('sends the other departure and the cash handed over', () => {
    const other = trajet({ uid: 't2' });
    expect(changeArgs(reservation(), [1], other.uid, '5000')).toMatchObject({ trajet_uid: 't2', cash_tendered: 500_000 });
    expect(changeArgs(reservation(), [1], other.uid, 'beaucoup')).toBeInstanceOf(Unreadable);
  });
});
