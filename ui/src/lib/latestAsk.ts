// Asking the core again as the clerk types (a quote, a price): only the latest question counts.

/** What the caller hears about one question. */
export interface AskHandlers<R> {
  /** The answer to the latest question. */
  answered: (result: R) => void;
  /** The latest question failed. */
  failed: (error: unknown) => void;
  /** Busy (asked, no answer yet) or idle. */
  busy: (busy: boolean) => void;
}

/**
 * Returns `ask(args)`: waits `delayMs` after the last call before asking, forgets the answers to
 * questions a newer one has replaced, and returns a cancel function (for a Svelte `$effect`'s
 * cleanup). `args === null` means "nothing to ask yet".
 */
export function latestAsk<A, R>(
  question: (args: A) => Promise<R>,
  handlers: AskHandlers<R>,
  delayMs = 250,
): (args: A | null) => () => void {
  let latest = 0;
  return (args) => {
    const mine = ++latest;
    if (args === null) {
      handlers.busy(false);
      return () => {};
    }
    handlers.busy(true);
    const timer = setTimeout(async () => {
      try {
        const result = await question(args);
        if (mine === latest) handlers.answered(result);
      } catch (error) {
        if (mine === latest) handlers.failed(error);
      } finally {
        if (mine === latest) handlers.busy(false);
      }
    }, delayMs);
    return () => clearTimeout(timer);
  };
}
