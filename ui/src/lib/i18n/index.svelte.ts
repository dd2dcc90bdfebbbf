//! The chosen language (remembered in localStorage) and the reactive `t()` used by every component.

import { en } from './en';
import { fr, type MessageKey, type Messages } from './fr';
import { formatDateTime, formatDeparture, formatDepartureDay, formatKg, formatMoney } from './format';
import { DEFAULT_LOCALE, isLocale, translate, type Locale, type Params } from './translate';

export type { Locale, MessageKey, Params };

const STORAGE_KEY = 'billettigue.locale';
const CATALOGUES: Record<Locale, Messages> = { fr, en };

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export const i18n = $state<{ locale: Locale }>({ locale: storedLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage refused (private mode, quota): the choice still holds for this run.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Translates `key` in the current language; reading it inside a template makes the text follow the language. */
export function t(key: MessageKey, params?: Params): string {
  return translate(CATALOGUES[i18n.locale], key, params);
}

/** Formats an RFC 3339 timestamp in the current language. */
export function dateTime(rfc3339: string): string {
  return formatDateTime(rfc3339, i18n.locale);
}

/** Formats integer hundredths of the currency (XOF unless told) in the current language. */
export function money(minor: number, currency?: string): string {
  return formatMoney(minor, i18n.locale, currency);
}

/** Formats grams as kilograms in the current language. */
export function kg(grams: number): string {
  return formatKg(grams, i18n.locale);
}

/** Formats a departure (weekday, date, GMT time) in the current language. */
export function departure(rfc3339: string): string {
  return formatDeparture(rfc3339, i18n.locale);
}

/** Formats the GMT day of a departure, with its weekday, in the current language. */
export function departureDay(rfc3339: string): string {
  return formatDepartureDay(rfc3339, i18n.locale);
}
