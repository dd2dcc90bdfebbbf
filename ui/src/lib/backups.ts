//! The Backups section's pure logic: sizes, progress, and what a backup's answer tells the administrator.

import type { BackupKind, BackupPhase, BackupProgress, SecondCopy } from './bindings';
import type { MessageKey } from './i18n/index.svelte';
import type { Locale } from './i18n/translate';

/** A size in bytes as people read it: "1,4 Mo" / "1.4 MB". */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** How far the running backup is, 0–100, or null while the size is unknown (the snapshot). */
export function progressPercent(progress: BackupProgress): number | null {
  if (progress.total_bytes <= 0) return null;
  return Math.min(100, Math.round((progress.done_bytes / progress.total_bytes) * 100));
}

export const PHASE_KEYS: Record<BackupPhase, MessageKey> = {
  snapshot: 'backups.phase.snapshot',
  compress: 'backups.phase.compress',
  copy: 'backups.phase.copy',
};

export const KIND_KEYS: Record<BackupKind, MessageKey> = {
  manual: 'backups.kind.manual',
  scheduled: 'backups.kind.scheduled',
  safety: 'backups.kind.safety',
};

/** The notice after a backup: where it went, and whether the second copy failed. */
export function createdNotice(path: string, second: SecondCopy): { key: MessageKey; params: Record<string, string> } {
  switch (second.state) {
    case 'written':
      return { key: 'backups.created.second', params: { path, second: second.path } };
    case 'failed':
      return { key: 'backups.created.secondFailed', params: { path, folder: second.folder } };
    default:
      return { key: 'backups.created', params: { path } };
  }
}

/** The settings the section edits, in its form's order. */
export const BACKUP_SETTINGS = [
  'backup.interval_hours',
  'backup.retention',
  'backup.folder',
  'backup.second_folder',
] as const;
