//! The typed command caller and its error mapping, with the transport and state passed in (unit-tested).

import type { Commands, ErrorCode, ErrorPayload } from './bindings';
import type { Locale } from './i18n/translate';

/** A command rejected by Rust: `message` is already translated into the locale of the call. */
export class CommandError extends Error implements ErrorPayload {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'CommandError';
    this.code = payload.code;
    this.field = payload.field;
  }
}

/** Codes after which the session is gone and the person must sign in again. */
export const SESSION_LOST_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['unauthenticated', 'session_expired']);

function isErrorPayload(raw: unknown): raw is ErrorPayload {
  if (typeof raw !== 'object' || raw === null) return false;
  const candidate = raw as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.message === 'string' &&
    (candidate.field === undefined || candidate.field === null || typeof candidate.field === 'string')
  );
}

function describe(raw: unknown): string {
  if (raw instanceof Error) return raw.message;
  if (typeof raw === 'string') return raw;
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

/**
 * Turns whatever a rejected `invoke` gave into a `CommandError`. A `{code, message, field}` payload from
 * Rust is kept as is; anything else (a bare string from Tauri, a JS exception) becomes `internal`, worded
 * by `unexpected(detail)` in the UI's language.
 */
export function toCommandError(raw: unknown, unexpected: (detail: string) => string): CommandError {
  if (raw instanceof CommandError) return raw;
  if (isErrorPayload(raw)) {
    return new CommandError({ code: raw.code, message: raw.message, field: raw.field ?? null });
  }
  return new CommandError({ code: 'internal', message: unexpected(describe(raw)), field: null });
}

export type Invoke = (command: string, args: Record<string, unknown>) => Promise<unknown>;

export interface CallerDeps {
  /** The Tauri transport (`invoke` from `@tauri-apps/api/core` in the app, a fake in tests). */
  invoke: Invoke;
  token: () => string | null;
  locale: () => Locale;
  /** Called before rethrowing an error whose code means the session is gone. */
  onSessionLost: (error: CommandError) => void;
  /** Called before rethrowing `database_damaged`: the window then offers the recovery screen. */
  onDatabaseDamaged?: () => void;
  unexpected: (detail: string) => string;
}

export type Caller = <K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
) => Promise<Commands[K]['result']>;

/** Builds `call(command, args)`: one Tauri `call` command carrying the token and locale. */
export function createCaller(deps: CallerDeps): Caller {
  return async function call<K extends keyof Commands>(
    command: K,
    args: Commands[K]['args'],
  ): Promise<Commands[K]['result']> {
    try {
      const result = await deps.invoke('call', {
        command,
        args,
        token: deps.token(),
        locale: deps.locale(),
      });
      return result as Commands[K]['result'];
    } catch (raw) {
      const error = toCommandError(raw, deps.unexpected);
      if (SESSION_LOST_CODES.has(error.code)) deps.onSessionLost(error);
      if (error.code === 'database_damaged') deps.onDatabaseDamaged?.();
      throw error;
    }
  };
}
