import { describe, expect, it } from 'vitest';
import { cityKey, decisionIndex, decisionsArg, defaultChoices, moveTargets, unlistedSeats } from './disruption';
import { boarding, manifestRows, seatsTaken } from './manifest';
import { manifest, trajet } from './testing/fixtures';
import { Unreadable } from './trajets';

describe('the manifest', () => {
  it('lists one row per seat, by seat, a group boarded together', () => {
    const rows = manifestRows(manifest());
    expect(rows.map((row) => [row.seat, row.bookingReference, row.boardedAt !== null])).toEqual([
      [3, 'K7QM-4XR9-PT2C', false],
      [5, 'AAAA-BBBB-CCCC', true],
      [7, 'AAAA-BBBB-CCCC', true],
    ]);
  });

  it('counts the seats taken and boards only an active departure', () => {
    expect(seatsTaken(trajet())).toBe(3);
    expect(boarding(trajet())).toBe(true);
    expect(boarding(trajet({ status: 'completed' }))).toBe(false);
  });
});

describe('moving passengers of a cancelled departure', () => {
  const NOW = new Date('2026-03-09T12:00:00Z');
  const cancelled = trajet();

  it('compares cities as Rust does', () => {
    expect(cityKey('Thiès')).toBe('thies');
    expect(cityKey(' Saint-Louis ')).toBe('saint louis');
  });

  it('offers the same carrier’s later departures on the same route, soonest first', () => {
    const later = trajet({ uid: 't3', arrival_city: 'THIES', departure_time: '2026-03-12T07:00:00Z' });
    const sooner = trajet({ uid: 't2', departure_time: '2026-03-11T07:00:00Z' });
    const candidates = [
      later,
      sooner,
      cancelled,
      trajet({ uid: 'gone', departure_time: '2026-03-08T07:00:00Z' }),
      trajet({ uid: 'other-carrier', transporteur_uid: 'c2' }),
      trajet({ uid: 'other-route', arrival_city: 'Mbour' }),
      trajet({ uid: 'suspended', status: 'suspended' }),
    ];
    expect(moveTargets(cancelled, candidates, NOW).map((t) => t.uid)).toEqual(['t2', 't3']);
  });

  it('refunds everyone by default and sends one decision per reservation', () => {
    const { passengers } = manifest();
    const choices = defaultChoices(passengers);
    expect(decisionsArg(passengers, choices)).toEqual([
      { booking_reference: 'AAAA-BBBB-CCCC', action: 'refund', to_trajet_uid: null },
      { booking_reference: 'K7QM-4XR9-PT2C', action: 'refund', to_trajet_uid: null },
    ]);
    const moved = { ...choices, 'K7QM-4XR9-PT2C': { action: 'move' as const, to: 't2' } };
    expect(decisionsArg(passengers, moved)).toContainEqual({
      booking_reference: 'K7QM-4XR9-PT2C',
      action: 'move',
      to_trajet_uid: 't2',
    });
  });

  it('refuses a move without its departure, and points errors at the reservation', () => {
    const { passengers } = manifest();
    const choices = { ...defaultChoices(passengers), 'K7QM-4XR9-PT2C': { action: 'move' as const, to: '' } };
    const refused = decisionsArg(passengers, choices);
    expect(refused).toBeInstanceOf(Unreadable);
    expect(refused).toMatchObject({ field: 'decisions[1].to_trajet_uid' });
    expect(decisionIndex('decisions[1].to_trajet_uid')).toBe(1);
    expect(decisionIndex('reason')).toBeNull();
  });

  it('counts the seats taken that the manifest does not list (held, unpaid)', () => {
    const { passengers } = manifest();
    expect(unlistedSeats(trajet({ seats_count: 30, available_seats: 26 }), passengers)).toBe(1);
    expect(unlistedSeats(trajet({ seats_count: 30, available_seats: 27 }), passengers)).toBe(0);
  });
});
