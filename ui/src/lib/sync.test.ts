import { describe, expect, it } from 'vitest';
import type { SyncStatus } from './bindings';
import { downloadPercent, indicatorState } from './sync';

function status(overrides: Partial<SyncStatus>): SyncStatus {
  return {
    configured: true,
    online: true,
    rows_waiting: 0,
    waiting_since: null,
    last_success_at: null,
    last_attempt_at: null,
    last_error: null,
    running: false,
    progress: null,
    set_aside: [],
    scope: null,
    ...overrides,
  };
}

describe('indicatorState', () => {
  it('says stand-alone before head office is set, whatever else', () => {
    expect(indicatorState(status({ configured: false, online: false }))).toBe('alone');
  });
  it('shows a running round, then the last round’s outcome', () => {
    expect(indicatorState(status({ running: true, online: false }))).toBe('syncing');
    expect(indicatorState(status({ online: true }))).toBe('online');
    expect(indicatorState(status({ online: false }))).toBe('offline');
  });
});

describe('downloadPercent', () => {
  it('is null without a download and rounds down while one runs', () => {
    expect(downloadPercent(status({}))).toBeNull();
    expect(downloadPercent(status({ progress: { done: 0, total: 0 } }))).toBeNull();
    expect(downloadPercent(status({ progress: { done: 999, total: 1000 } }))).toBe(99);
    expect(downloadPercent(status({ progress: { done: 1200, total: 1000 } }))).toBe(100);
  });
});
