import { describe, expect, it } from 'vitest';
import type { Seat } from './bindings';
import { lostSeats, seatCounts, seatPlace, selectable, toggleSeat } from './seats';

const MAP: Seat[] = [
  { number: 1, state: 'sold' },
  { number: 2, state: 'held' },
  { number: 3, state: 'free' },
  { number: 4, state: 'free' },
  { number: 5, state: 'free' },
];

describe('picking seats', () => {
  it('picks free seats in the order clicked and unpicks them on a second click', () => {
    let picked = toggleSeat([], 4, MAP);
    picked = toggleSeat(picked, 3, MAP);
    expect(picked).toEqual([4, 3]);
    expect(toggleSeat(picked, 4, MAP)).toEqual([3]);
  });

  it('never picks a sold, held or unknown seat', () => {
    expect(toggleSeat([], 1, MAP)).toEqual([]);
    expect(toggleSeat([3], 2, MAP)).toEqual([3]);
    expect(toggleSeat([], 99, MAP)).toEqual([]);
  });

  it('lets a reservation being changed pick the seats it already holds', () => {
    expect(selectable({ number: 1, state: 'sold' }, [1])).toBe(true);
    expect(toggleSeat([], 1, MAP, { own: [1] })).toEqual([1]);
  });

  it('stops at the limit, and swaps the only seat when the limit is one', () => {
    expect(toggleSeat([3, 4], 5, MAP, { limit: 2 })).toEqual([3, 4]);
    expect(toggleSeat([3], 5, MAP, { limit: 1 })).toEqual([5]);
    expect(toggleSeat([3, 4], 4, MAP, { limit: 2 })).toEqual([3]);
  });

  it('tells which picked seats a fresher map shows taken', () => {
    expect(lostSeats([3, 2, 1], MAP)).toEqual([2, 1]);
    expect(lostSeats([1], MAP, [1])).toEqual([]);
  });
});

describe('drawing the coach', () => {
  it('puts two seats, the aisle, then two seats across, front first', () => {
    expect(seatPlace(1)).toEqual({ column: 1, row: 1 });
    expect(seatPlace(2)).toEqual({ column: 1, row: 2 });
    expect(seatPlace(3)).toEqual({ column: 1, row: 4 });
    expect(seatPlace(4)).toEqual({ column: 1, row: 5 });
    expect(seatPlace(5)).toEqual({ column: 2, row: 1 });
    expect(seatPlace(50)).toEqual({ column: 13, row: 2 });
  });

  it('counts the seats of each state', () => {
    expect(seatCounts(MAP)).toEqual({ free: 3, held: 1, sold: 1 });
  });
});
