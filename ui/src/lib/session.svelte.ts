//! The signed-in session, held in memory only (never in localStorage): token, account and permissions.

import type { AccountSummary, SessionInfo } from './bindings';

export interface Session {
  token: string;
  expiresAt: string;
  account: AccountSummary;
  permissions: string[];
}

export const session = $state<{ current: Session | null; endedReason: string | null; databaseDamaged: boolean }>({
  current: null,
  endedReason: null,
  databaseDamaged: false,
});

/** The database turned out damaged (at start-up or found by the background check): the
 *  session ends and the window shows the recovery screen until a backup is restored. */
export function databaseDamaged(): void {
  session.current = null;
  session.databaseDamaged = true;
}

export function startSession(info: SessionInfo): void {
  session.current = {
    token: info.token,
    expiresAt: info.expires_at,
    account: info.account,
    permissions: info.permissions,
  };
  session.endedReason = null;
}

/** Drops the token; `reason` (already translated) is shown on the sign-in screen. */
export function endSession(reason: string | null = null): void {
  session.current = null;
  session.endedReason = reason;
}

export function currentToken(): string | null {
  return session.current?.token ?? null;
}

/** Keeps the header in step when Rust returns fresher data about the signed-in account. */
export function refreshSession(account: AccountSummary, permissions: string[], expiresAt: string): void {
  if (!session.current || session.current.account.uid !== account.uid) return;
  session.current.account = account;
  session.current.permissions = permissions;
  session.current.expiresAt = expiresAt;
}
