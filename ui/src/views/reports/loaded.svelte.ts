//! One report's answer as a tab holds it: the data, the error, and whether it is loading; only the
//! latest question's answer is kept when the filter changes faster than the core answers.

import { asCommandError, type CommandError } from '../../lib/api';

/** What the Reports view's root says of the tab shown (`data-state`). */
export type LoadState = 'loading' | 'ready' | 'error';

export class Loaded<T> {
  data = $state.raw<T | null>(null);
  error = $state.raw<CommandError | null>(null);
  state = $state<LoadState>('loading');
  #latest = 0;

  /** Asks again; the previous data stays on screen until the answer comes. */
  async load(ask: () => Promise<T>): Promise<void> {
    const mine = ++this.#latest;
    this.state = 'loading';
    this.error = null;
    try {
      const data = await ask();
      if (mine !== this.#latest) return;
      this.data = data;
      this.state = 'ready';
    } catch (raw) {
      if (mine !== this.#latest) return;
      this.error = asCommandError(raw);
      this.state = 'error';
    }
  }
}

/** The state of a tab that waits on several answers: an error wins, then loading. */
export function combined(...states: LoadState[]): LoadState {
  if (states.includes('error')) return 'error';
  return states.includes('loading') ? 'loading' : 'ready';
}
