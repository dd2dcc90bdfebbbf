import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { call, CommandError } from './api';
import type { SessionInfo } from './bindings';
import { setLocale } from './i18n/index.svelte';
import { endSession, session, startSession } from './session.svelte';

const sessionInfo: SessionInfo = {
  token: 'secret-token',
  expires_at: '2030-01-01T00:00:00Z',
  permissions: ['accounts.manage'],
  account: {
    uid: 'u1',
    email: 'admin@billettigue.sn',
    role: 'admin',
    status: 'active',
    account_locked: false,
    failed_logins: 0,
    last_login: null,
    first_name: 'Awa',
    last_name: 'Diop',
    display_name: 'Awa Diop',
    phone_number: null,
    company_name: null,
    transporteur_uid: null,
    agence_uid: null,
    agence_name: null,
    created_at: '2025-01-01T00:00:00Z',
  },
};

describe('call (wired to the session and the chosen language)', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { __TAURI_INTERNALS__: {} });
    invoke.mockReset();
    endSession();
    setLocale('fr');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('carries the in-memory token and the chosen locale', async () => {
    startSession(sessionInfo);
    setLocale('en');
    invoke.mockResolvedValue([]);
    await call('accounts.list', { query: 'awa', role: null });
    expect(invoke).toHaveBeenCalledWith('call', {
      command: 'accounts.list',
      args: { query: 'awa', role: null },
      token: 'secret-token',
      locale: 'en',
    });
  });

  it('drops the token and keeps Rust’s message when the session has expired', async () => {
    startSession(sessionInfo);
    invoke.mockRejectedValue({ code: 'session_expired', message: 'Votre session a expiré.', field: null });

    await expect(call('auth.me', {})).rejects.toBeInstanceOf(CommandError);
    expect(session.current).toBeNull();
    expect(session.endedReason).toBe('Votre session a expiré.');
  });

  it('keeps the session after an ordinary refusal', async () => {
    startSession(sessionInfo);
    invoke.mockRejectedValue({ code: 'forbidden', message: 'Action non autorisée.', field: null });

    await expect(call('config.list', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(session.current?.token).toBe('secret-token');
  });

  it('says the core is unavailable, in the chosen language, outside the Tauri window', async () => {
    vi.stubGlobal('window', {});
    setLocale('en');
    await expect(call('setup.status', {})).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The Billettigue Desk core is not answering. Restart the application.',
    });
    expect(invoke).not.toHaveBeenCalled();
  });
});
