//! `call()`: the only way the UI talks to Rust, with the session token and the UI language added.

import { invoke } from '@tauri-apps/api/core';
import { createCaller, toCommandError, CommandError, type Invoke } from './caller';
import { i18n, t } from './i18n/index.svelte';
import { currentToken, databaseDamaged, endSession } from './session.svelte';

export { CommandError } from './caller';

const tauriInvoke: Invoke = (command, args) => {
  if (typeof window === 'undefined' || !('__TAURI_INTERNALS__' in window)) {
    return Promise.reject({ code: 'unavailable', message: t('error.noBackend'), field: null });
  }
  return invoke(command, args);
};

const unexpected = (detail: string): string => t('error.unexpected', { detail });

export const call = createCaller({
  invoke: tauriInvoke,
  token: currentToken,
  locale: () => i18n.locale,
  onSessionLost: (error) => endSession(error.message),
  onDatabaseDamaged: databaseDamaged,
  unexpected,
});

/** Narrows a caught value to a `CommandError` (anything else is worded as an unexpected error). */
export function asCommandError(raw: unknown): CommandError {
  return toCommandError(raw, unexpected);
}
