import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { latestAsk } from './latestAsk';

describe('latestAsk', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function recorder() {
    const seen = { answers: [] as number[], errors: [] as unknown[], busy: [] as boolean[] };
    return {
      seen,
      handlers: {
        answered: (r: number) => seen.answers.push(r),
        failed: (e: unknown) => seen.errors.push(e),
        busy: (b: boolean) => seen.busy.push(b),
      },
    };
  }

  it('asks once, after the pause, with the latest arguments', async () => {
    const question = vi.fn(async (n: number) => n * 10);
    const { seen, handlers } = recorder();
    const ask = latestAsk(question, handlers, 250);
    ask(1);
    ask(2);
    ask(3);
    await vi.advanceTimersByTimeAsync(300);
    expect(question).toHaveBeenCalledTimes(3); // each timer fires unless its cleanup ran…
    expect(seen.answers).toEqual([30]); // …but only the latest answer counts
    expect(seen.busy.at(-1)).toBe(false);
  });

  it('a cancelled question is never asked, and null asks nothing', async () => {
    const question = vi.fn(async (n: number) => n);
    const { seen, handlers } = recorder();
    const ask = latestAsk(question, handlers, 250);
    const cancel = ask(1);
    cancel();
    ask(null);
    await vi.advanceTimersByTimeAsync(300);
    expect(question).not.toHaveBeenCalled();
    expect(seen.answers).toEqual([]);
    expect(seen.busy).toEqual([true, false]);
  });

  it('an answer that arrives after a newer question is dropped, and errors reach the caller', async () => {
    let fail = true;
    const question = async (n: number) => {
      if (fail) throw new Error(`no ${n}`);
      return n;
    };
    const { seen, handlers } = recorder();
    const ask = latestAsk(question, handlers, 10);
    ask(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(seen.errors).toHaveLength(1);
    fail = false;
    ask(2);
    await vi.advanceTimersByTimeAsync(20);
    expect(seen.answers).toEqual([2]);
  });
});
