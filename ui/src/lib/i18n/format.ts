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

/** Formats integer hundredths of a currency (XOF unless told) as an amount: whole amounts without
 *  decimals ("5 000 F CFA"), hundredths only when there are some ("2 500,50 F CFA"). A currency code
 *  Intl does not know is written after the number ("5 000 FCFA"). */
export function formatMoney(minor: number, locale: Locale, currency = 'XOF'): string {
  const digits = minor % 100 === 0 ? 0 : 2;
  const amount = minor / 100;
  try {
    return new Intl.NumberFormat(INTL_TAG[locale], {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    const number = new Intl.NumberFormat(INTL_TAG[locale], {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
    return `${number} ${currency}`;
  }
}

/** Formats grams as kilograms ("12,5 kg"). */
export function formatKg(grams: number, locale: Locale): string {
  return `${new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 2 }).format(grams / 1000)} kg`;
}

/** Formats a departure with its weekday, in GMT, the legal time of Senegal and Côte d'Ivoire all year
 *  ("mar. 10 mars 2026, 07:00"). */
export function formatDeparture(rfc3339: string, locale: Locale): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(date);
}

/** Formats the GMT day of a departure with its weekday ("mar. 10 mars 2026"). */
export function formatDepartureDay(rfc3339: string, locale: Locale): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** The short names of the ISO weekdays, Monday first ("lun." … "dim."). */
export function weekdayNames(locale: Locale): string[] {
  const format = new Intl.DateTimeFormat(INTL_TAG[locale], { weekday: 'short', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, index) => format.format(new Date(Date.UTC(2024, 0, 1 + index))));
}
