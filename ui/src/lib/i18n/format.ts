//! Locale-aware formatting of the RFC 3339 timestamps that Rust sends.

import type { Locale } from './translate';

const INTL_TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Formats an RFC 3339 timestamp as a date and time in `locale`; an unreadable value is shown as received. */
export function formatDateTime(rfc3339: string, locale: Locale, timeZone?: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}
