//! Pure logic of a seat map: which seats can be picked, picking and unpicking them, and where each
//! seat sits in the drawing of the coach (front on the left, two seats, the aisle, two seats).

import type { Seat } from './bindings';

/** Seats side by side across the coach: two, the aisle, two. */
const ACROSS = 4;

/** Whether a seat can be picked: a free one, or one that the reservation being changed already holds. */
export function selectable(seat: Seat, own: readonly number[] = []): boolean {
  return seat.state === 'free' || own.includes(seat.number);
}

/**
 * Picks `number`, or unpicks it when it is picked, keeping the order of picking (the first seat picked
 * is the first passenger's). A seat that cannot be picked is ignored. At `limit`, a new pick replaces
 * the only seat when the limit is one, and is ignored otherwise (unpick one first).
 */
export function toggleSeat(
  picked: readonly number[],
  number: number,
  map: readonly Seat[],
  { own = [], limit = Number.POSITIVE_INFINITY }: { own?: readonly number[]; limit?: number } = {},
): number[] {
  if (picked.includes(number)) return picked.filter((seat) => seat !== number);
  const seat = map.find((candidate) => candidate.number === number);
  if (!seat || !selectable(seat, own)) return [...picked];
  if (picked.length >= limit) return limit === 1 ? [number] : [...picked];
  return [...picked, number];
}

/** Picked seats that are no longer free on a fresher map (another counter sold them meanwhile). */
export function lostSeats(picked: readonly number[], map: readonly Seat[], own: readonly number[] = []): number[] {
  return picked.filter((number) => {
    const seat = map.find((candidate) => candidate.number === number);
    return !seat || !selectable(seat, own);
  });
}

/** Where a seat is drawn: its column (1 = front) and its row (1–2 one side, 3 the aisle, 4–5 the other). */
export function seatPlace(number: number): { column: number; row: number } {
  const index = number - 1;
  const across = index % ACROSS;
  return { column: Math.floor(index / ACROSS) + 1, row: across < 2 ? across + 1 : across + 2 };
}

/** How many seats of each state a map holds. */
export function seatCounts(map: readonly Seat[]): { free: number; held: number; sold: number } {
  const counts = { free: 0, held: 0, sold: 0 };
  for (const seat of map) counts[seat.state] += 1;
  return counts;
}
