//! The sync indicator's and the Sync section's pure logic: which state the header shows, and
//! how far a first download is.

import type { SyncStatus } from './bindings';
import type { MessageKey } from './i18n/index.svelte';

export type IndicatorState = 'alone' | 'syncing' | 'online' | 'offline';

/** The header's one-word state: stand-alone, syncing, online or offline (the last round's outcome). */
export function indicatorState(status: SyncStatus): IndicatorState {
  if (!status.configured) return 'alone';
  if (status.running) return 'syncing';
  return status.online ? 'online' : 'offline';
}

export const INDICATOR_KEYS: Record<IndicatorState, MessageKey> = {
  alone: 'sync.indicator.alone',
  syncing: 'sync.indicator.syncing',
  online: 'sync.indicator.online',
  offline: 'sync.indicator.offline',
};

/** How far the first download is, 0–100, or null when none runs. */
export function downloadPercent(status: SyncStatus): number | null {
  const progress = status.progress;
  if (!progress || progress.total <= 0) return null;
  return Math.min(100, Math.floor((progress.done / progress.total) * 100));
}

/** Sent on `window` when this window ran a round or changed the settings: the header's
 * indicator reads the status again at once instead of at its next poll. */
export const SYNC_CHANGED = 'billettigue:sync-changed';
