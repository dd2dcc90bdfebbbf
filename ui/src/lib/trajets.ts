//! Pure helpers of the Trajets screen: what the clerk types (FCFA, kg, dates and GMT times) turned
//! into command arguments and back, the row actions a status allows, and error fields mapped to inputs.

import type { AccountSummary, Trajet, TrajetStatus, TrajetTemplate, UpdateTrajetArgs } from './bindings';
import { blankToNull } from './forms';
import type { MessageKey } from './i18n/fr';

/** Hundredths in one FCFA: Rust stores money as integer minor units (`DECIMAL(10,2)` centrally). */
const MINOR_PER_FCFA = 100;
/** Weights are stored in grams and rounded to 10 g, so that the central `DECIMAL(8,2)` kg is exact. */
const GRAMS_PER_KG = 1000;
const WEIGHT_STEP_G = 10;

/** Spaces (also the narrow no-break space of French number formatting) between thousands. */
const THOUSANDS = /[\s\u00a0\u202f']/g;

/** Reads a decimal written with a comma or a point; `null` when it is not one. */
function readDecimal(text: string, maxDecimals: number): number | null {
  const compact = text.replace(THOUSANDS, '').replace(',', '.');
  const pattern = new RegExp(`^-?\\d+(\\.\\d{0,${maxDecimals}})?$`);
  if (!pattern.test(compact)) return null;
  return Number(compact);
}

/** "5000" or "5 000" FCFA → 500000 hundredths; "5000,50" keeps the hundredths. A negative amount is
 *  passed on for Rust to refuse in words; `null` when nothing readable was typed. */
export function fcfaToMinor(text: string): number | null {
  const value = readDecimal(text, 2);
  return value === null ? null : Math.round(value * MINOR_PER_FCFA);
}

/** 500000 hundredths → "5000" (the text an edit field starts from); hundredths only when there are some. */
export function minorToFcfaText(minor: number): string {
  const fcfa = minor / MINOR_PER_FCFA;
  return Number.isInteger(fcfa) ? String(fcfa) : fcfa.toFixed(2);
}

/** "25" or "12,5" kg → grams, rounded to 10 g; `null` when it is not a number. */
export function kgToGrams(text: string): number | null {
  const value = readDecimal(text, 3);
  if (value === null) return null;
  return Math.round((value * GRAMS_PER_KG) / WEIGHT_STEP_G) * WEIGHT_STEP_G;
}

/** 12500 g → "12.5" (the text an edit field starts from). */
export function gramsToKgText(grams: number): string {
  return String(grams / GRAMS_PER_KG);
}

/** A whole number typed in a field (seats, days); `null` when it is not one. */
export function readCount(text: string): number | null {
  const compact = text.replace(THOUSANDS, '');
  return /^-?\d+$/.test(compact) ? Number(compact) : null;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A day typed as "10/03/2026" (also "10-3-2026", "10.03.2026") or "2026-03-10" → "2026-03-10";
 *  `null` when it is not a real day (30 February included). */
export function readDay(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : french
      ? [Number(french[3]), Number(french[2]), Number(french[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(year)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A time typed as "07:00", "7:00", "7h00", "7h" or "0700" → "07:00"; `null` when it is not one. */
export function readTime(text: string): string | null {
  const match = /^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?|(\d{2}))$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return `${pad(hours)}:${pad(minutes)}`;
}

/** A day ("YYYY-MM-DD") and a GMT time ("HH:MM") → RFC 3339. Senegal and Côte d'Ivoire keep GMT all
 *  year, so the time at the bus station is the UTC time. */
export function gmtToRfc3339(day: string, time: string): string {
  return `${day}T${time}:00Z`;
}

/** An RFC 3339 instant → the day ("DD/MM/YYYY") and GMT time ("HH:MM") that edit fields start from. */
export function rfc3339ToGmtFields(rfc3339: string): { day: string; time: string } {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return { day: '', time: '' };
  return {
    day: `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`,
    time: `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`,
  };
}

/** The "DD/MM/YYYY" text of the GMT day `offsetDays` after `now` (filters start from today). */
export function gmtDayText(now: Date, offsetDays = 0): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays));
  return rfc3339ToGmtFields(day.toISOString()).day;
}

/** The list's period: from the start of the first day to the end of the last (both GMT, both kept). */
export function periodBounds(fromDay: string | null, toDay: string | null): { from: string | null; to: string | null } {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const nextDay = (day: string): string =>
    new Date(Date.parse(gmtToRfc3339(day, '00:00')) + DAY_MS).toISOString().replace('.000Z', 'Z');
  return {
    from: fromDay ? gmtToRfc3339(fromDay, '00:00') : null,
    to: toDay ? nextDay(toDay) : null,
  };
}

// ------------------------------------------------------------------------------------------------
// Row actions
// ------------------------------------------------------------------------------------------------

export type StatusAction = 'suspend' | 'resume' | 'complete' | 'cancel';

/** The status each row action asks Rust for. */
export const ACTION_STATUS: Record<StatusAction, TrajetStatus> = {
  suspend: 'suspended',
  resume: 'active',
  complete: 'completed',
  cancel: 'cancelled',
};

/** The actions offered on a row, by status (Rust's transition table: cancelled and completed are final). */
export function statusActions(status: TrajetStatus): StatusAction[] {
  switch (status) {
    case 'active':
      return ['suspend', 'complete', 'cancel'];
    case 'suspended':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** Whether a trajet can still be edited (Rust refuses changes to a cancelled or completed one). */
export function editable(status: TrajetStatus): boolean {
  return status === 'active' || status === 'suspended';
}

export const TRAJET_STATUSES: readonly TrajetStatus[] = ['active', 'suspended', 'cancelled', 'completed'];

// ------------------------------------------------------------------------------------------------
// Form fields and the errors that name them
// ------------------------------------------------------------------------------------------------

/** The inputs of the trajet forms, by what they hold. */
export type TrajetField =
  | 'carrier'
  | 'departure_city'
  | 'arrival_city'
  | 'departure_point'
  | 'arrival_point'
  | 'price'
  | 'seats'
  | 'accepts_packages'
  | 'max_weight'
  | 'departure_time'
  | 'first_day'
  | 'time'
  | 'days'
  | 'weekdays';

const FIELD_BY_ARGUMENT: Record<string, TrajetField> = {
  transporteur_uid: 'carrier',
  departure_city: 'departure_city',
  arrival_city: 'arrival_city',
  departure_point: 'departure_point',
  arrival_point: 'arrival_point',
  price: 'price',
  seats_count: 'seats',
  accepts_packages: 'accepts_packages',
  max_package_weight_g: 'max_weight',
  departure_time: 'departure_time',
  first_day: 'first_day',
  time: 'time',
  days: 'days',
  weekdays: 'weekdays',
};

/** The input an error's `field` points at: Rust names arguments by full path (`template.price`,
 *  `weekdays[0]`); `null` for a field no input holds (or no field). */
export function trajetField(path: string | null): TrajetField | null {
  if (!path) return null;
  const argument = path.replace(/^template\./, '').replace(/\[\d+\]$/, '');
  return Object.hasOwn(FIELD_BY_ARGUMENT, argument) ? (FIELD_BY_ARGUMENT[argument] ?? null) : null;
}

/** The label shown beside an error about each input. */
export const FIELD_LABEL: Record<TrajetField, MessageKey> = {
  carrier: 'trajets.field.carrier',
  departure_city: 'trajets.field.departureCity',
  arrival_city: 'trajets.field.arrivalCity',
  departure_point: 'trajets.field.departurePoint',
  arrival_point: 'trajets.field.arrivalPoint',
  price: 'trajets.field.price',
  seats: 'trajets.field.seats',
  accepts_packages: 'trajets.field.acceptsPackages',
  max_weight: 'trajets.field.maxWeight',
  departure_time: 'trajets.field.departure',
  first_day: 'trajets.field.firstDay',
  time: 'trajets.field.time',
  days: 'trajets.field.days',
  weekdays: 'trajets.field.weekdays',
};

/** A value the UI could not even read (an amount, a date…): worded here, pointed at like Rust's errors;
 *  `part` tells the day from the time when one argument is typed in both. */
export class Unreadable {
  constructor(
    readonly field: string,
    readonly message: MessageKey,
    readonly part: 'day' | 'time' | null = null,
  ) {}
}

/** What the route fields hold, as typed. */
export interface TemplateDraft {
  carrier: string;
  departureCity: string;
  arrivalCity: string;
  departurePoint: string;
  arrivalPoint: string;
  price: string;
  seats: string;
  acceptsPackages: boolean;
  maxWeight: string;
}

export function emptyDraft(): TemplateDraft {
  return {
    carrier: '',
    departureCity: '',
    arrivalCity: '',
    departurePoint: '',
    arrivalPoint: '',
    price: '',
    seats: '',
    acceptsPackages: true,
    maxWeight: '',
  };
}

/** The `template` argument, or the first field that cannot be read. The carrier is sent only by an
 *  administrator (a transporteur's own is implied); cities and bounds are Rust's to check. */
export function draftToTemplate(draft: TemplateDraft, namesCarrier: boolean): TrajetTemplate | Unreadable {
  const price = fcfaToMinor(draft.price);
  if (price === null) return new Unreadable('template.price', 'trajets.error.amount');
  const seats = readCount(draft.seats);
  if (seats === null) return new Unreadable('template.seats_count', 'trajets.error.count');
  let maxWeight: number | null = null;
  if (draft.acceptsPackages && draft.maxWeight.trim() !== '') {
    maxWeight = kgToGrams(draft.maxWeight);
    if (maxWeight === null) return new Unreadable('template.max_package_weight_g', 'trajets.error.weight');
  }
  return {
    transporteur_uid: namesCarrier ? blankToNull(draft.carrier) : null,
    departure_city: draft.departureCity,
    arrival_city: draft.arrivalCity,
    price,
    seats_count: seats,
    accepts_packages: draft.acceptsPackages,
    max_package_weight_g: maxWeight,
    departure_point: blankToNull(draft.departurePoint),
    arrival_point: blankToNull(draft.arrivalPoint),
  };
}

/** The route fields of an edit dialog, filled from the trajet as it is. */
export function draftFromTrajet(trajet: Trajet): TemplateDraft {
  return {
    carrier: trajet.transporteur_uid,
    departureCity: trajet.departure_city,
    arrivalCity: trajet.arrival_city,
    departurePoint: trajet.departure_point ?? '',
    arrivalPoint: trajet.arrival_point ?? '',
    price: minorToFcfaText(trajet.price),
    seats: String(trajet.seats_count),
    acceptsPackages: trajet.accepts_packages,
    maxWeight: trajet.max_package_weight_g === null ? '' : gramsToKgText(trajet.max_package_weight_g),
  };
}

/** The `trajets.update` arguments: only what changed is sent, everything else is null ("unchanged").
 *  An emptied point is sent as "" (Rust clears it); an emptied weight limit cannot be cleared (null
 *  means "unchanged"), so it is left as it was. */
export function updateArgs(
  trajet: Trajet,
  draft: TemplateDraft,
  dayText: string,
  timeText: string,
): UpdateTrajetArgs | Unreadable {
  const departure = readDeparture(dayText, timeText, 'departure_time');
  if (departure instanceof Unreadable) return departure;
  const price = fcfaToMinor(draft.price);
  if (price === null) return new Unreadable('price', 'trajets.error.amount');
  const seats = readCount(draft.seats);
  if (seats === null) return new Unreadable('seats_count', 'trajets.error.count');
  let maxWeight: number | null = null;
  if (draft.acceptsPackages && draft.maxWeight.trim() !== '') {
    maxWeight = kgToGrams(draft.maxWeight);
    if (maxWeight === null) return new Unreadable('max_package_weight_g', 'trajets.error.weight');
  }
  const changed = <T>(value: T, current: T): T | null => (value === current ? null : value);
  const point = (text: string, current: string | null): string | null => changed(text.trim(), current ?? '');
  return {
    uid: trajet.uid,
    departure_time: new Date(departure).getTime() === new Date(trajet.departure_time).getTime() ? null : departure,
    price: changed(price, trajet.price),
    seats_count: changed(seats, trajet.seats_count),
    accepts_packages: changed(draft.acceptsPackages, trajet.accepts_packages),
    max_package_weight_g: maxWeight === null ? null : changed<number | null>(maxWeight, trajet.max_package_weight_g),
    departure_point: point(draft.departurePoint, trajet.departure_point),
    arrival_point: point(draft.arrivalPoint, trajet.arrival_point),
  };
}

/** A day and a GMT time, as typed, → RFC 3339; `field` is the argument named when either is unreadable. */
export function readDeparture(dayText: string, timeText: string, field: string): string | Unreadable {
  const day = readDay(dayText);
  if (day === null) return new Unreadable(field, 'trajets.error.day', 'day');
  const time = readTime(timeText);
  if (time === null) return new Unreadable(field, 'trajets.error.time', 'time');
  return gmtToRfc3339(day, time);
}

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The `weekdays` argument: `null` (every day) when all seven are ticked, the ticked days otherwise. */
export function weekdaysArg(ticked: readonly boolean[]): number[] | null {
  const days = WEEKDAYS.filter((_, index) => ticked[index]);
  return days.length === WEEKDAYS.length ? null : days;
}

/** "Dakar→Thiès": the route as the rows' `data-route` gives it. */
export function routeKey(trajet: { departure_city: string; arrival_city: string }): string {
  return `${trajet.departure_city}→${trajet.arrival_city}`;
}

/** A carrier an administrator can publish for. */
export interface Carrier {
  uid: string;
  name: string;
}

/** The carriers behind transporteur accounts (those with a carrier profile), by company name. */
export function carriersFrom(accounts: readonly AccountSummary[]): Carrier[] {
  return accounts
    .filter((account) => account.transporteur_uid !== null && account.status !== 'deleted')
    .map((account) => ({ uid: account.transporteur_uid ?? '', name: account.company_name ?? account.display_name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** "Dakar → Thiès": the route as people read it. */
export function routeText(trajet: { departure_city: string; arrival_city: string }): string {
  return `${trajet.departure_city} → ${trajet.arrival_city}`;
}
