import { describe, expect, it } from 'vitest';
import { createdNotice, formatBytes, progressPercent } from './backups';

describe('formatBytes', () => {
  it('reads sizes in the language of the desk', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(204_810, 'en')).toBe('205 KB');
    expect(formatBytes(1_380_352, 'en')).toBe('1.4 MB');
    expect(formatBytes(1_380_352, 'fr')).toBe('1,4 Mo');
  });
});

describe('progressPercent', () => {
  const started_at = '2026-12-07T10:00:00Z';
  it('is unknown during the snapshot, then follows the bytes, never past 100', () => {
    expect(progressPercent({ phase: 'snapshot', done_bytes: 0, total_bytes: 0, started_at })).toBeNull();
    expect(progressPercent({ phase: 'compress', done_bytes: 250, total_bytes: 1000, started_at })).toBe(25);
    expect(progressPercent({ phase: 'copy', done_bytes: 1200, total_bytes: 1000, started_at })).toBe(100);
  });
});

describe('createdNotice', () => {
  it('says where the backup went and whether the second folder failed', () => {
    expect(createdNotice('/b/a.db.gz', { state: 'not_configured' }).key).toBe('backups.created');
    expect(createdNotice('/b/a.db.gz', { state: 'written', path: '/usb/a.db.gz' })).toEqual({
      key: 'backups.created.second',
      params: { path: '/b/a.db.gz', second: '/usb/a.db.gz' },
    });
    expect(createdNotice('/b/a.db.gz', { state: 'failed', folder: '/usb' }).key).toBe('backups.created.secondFailed');
  });
});
