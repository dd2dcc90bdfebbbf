//! Pure logic of the Reports section: the tabs a role sees, the period presets, the filter sent to
//! the core, the change against the previous period, how a column's figures read, chart series
//! from a report table, the heat map's grid and colours, and which table a CSV export holds.

import type {
  Column,
  ExportTable,
  HeatCell,
  Headline,
  OccupancyDimension,
  ParcelDimension,
  ReportFilter,
  ReportRow,
  ReportTable,
  Role,
  SalesDimension,
} from './bindings';
import { blankToNull } from './forms';
import type { MessageKey } from './i18n/fr';
import { formatKg, formatMoney } from './i18n/format';
import type { Locale } from './i18n/translate';
import { ENVOI_STATUS_LABEL } from './parcels';
import { PAYMENT_METHOD_LABEL } from './payments';
import { readDay, Unreadable } from './trajets';

const INTL_TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const DAY_MS = 24 * 60 * 60 * 1000;

// ------------------------------------------------------------------------------------------------
// Tabs and dimensions
// ------------------------------------------------------------------------------------------------

export type Tab = 'dashboard' | 'sales' | 'occupancy' | 'parcels' | 'cancellations' | 'cash_ups' | 'sign_ins' | 'sync';

const TABS: readonly Tab[] = ['dashboard', 'sales', 'occupancy', 'parcels', 'cancellations', 'cash_ups', 'sign_ins', 'sync'];

/** Tabs about other accounts (sign-ins) or the desk itself (its sync backlog). */
const ADMIN_ONLY: readonly Tab[] = ['sign_ins', 'sync'];

/** The tabs of a role: carriers see their own figures, never the admin-only tabs. */
export function tabsFor(role: Role): Tab[] {
  return TABS.filter((tab) => role === 'admin' || !ADMIN_ONLY.includes(tab));
}

export const SALES_DIMENSIONS: readonly SalesDimension[] = ['day', 'agency', 'clerk', 'carrier', 'route', 'method'];
export const OCCUPANCY_DIMENSIONS: readonly OccupancyDimension[] = ['route', 'trajet', 'day'];
export const PARCEL_DIMENSIONS: readonly ParcelDimension[] = ['status', 'route', 'carrier', 'agency', 'day'];

/** What a table's lines are about: a dimension of one of the reports, or a cancellation reason. */
export type Dimension = SalesDimension | OccupancyDimension | ParcelDimension | 'reason';

/** The dimension chosen in each breakdown tab. */
export interface Dimensions {
  sales: SalesDimension;
  occupancy: OccupancyDimension;
  parcels: ParcelDimension;
}

export const DEFAULT_DIMENSIONS: Dimensions = { sales: 'day', occupancy: 'route', parcels: 'status' };

/** The table "Export CSV" writes from a tab; null where the tab has none (dashboard, sign-ins). */
export function exportTableFor(tab: Tab, dimensions: Dimensions): ExportTable | null {
  switch (tab) {
    case 'sales':
      return `sales_by_${dimensions.sales}`;
    case 'occupancy':
      return `occupancy_by_${dimensions.occupancy}`;
    case 'parcels':
      return `parcels_by_${dimensions.parcels}`;
    case 'cancellations':
      return 'cancellations';
    case 'cash_ups':
      return 'cash_ups';
    default:
      return null;
  }
}

// ------------------------------------------------------------------------------------------------
// Period and filter
// ------------------------------------------------------------------------------------------------

export type Preset = 'today' | 'last7' | 'last30' | 'thisMonth';
export const PRESETS: readonly Preset[] = ['today', 'last7', 'last30', 'thisMonth'];

/** Whole days, first and last included, as `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

/** The UTC day of an instant (the station clock), `daysLater` added, as `YYYY-MM-DD`. */
export function dayText(instant: Date, daysLater = 0): string {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate() + daysLater));
  return day.toISOString().slice(0, 10);
}

/** The period of a preset, counted back from `today` (included). */
export function presetPeriod(preset: Preset, today: Date): Period {
  const to = dayText(today);
  switch (preset) {
    case 'today':
      return { from: to, to };
    case 'last7':
      return { from: dayText(today, -6), to };
    case 'last30':
      return { from: dayText(today, -29), to };
    case 'thisMonth':
      return { from: `${to.slice(0, 8)}01`, to };
  }
}

/** The preset a period is, if any (to mark its button). */
export function presetOf(period: Period, today: Date): Preset | null {
  return PRESETS.find((preset) => {
    const candidate = presetPeriod(preset, today);
    return candidate.from === period.from && candidate.to === period.to;
  }) ?? null;
}

/** The filter of a period, narrowed by nothing else. */
export function periodFilter(period: Period): ReportFilter {
  return { from: period.from, to: period.to, agency_uid: null, carrier_uid: null, departure_city: null, arrival_city: null };
}

/** The filter bar as typed. Empty agency, carrier or city means "any". */
export interface FilterDraft {
  from: string;
  to: string;
  agency: string;
  carrier: string;
  departureCity: string;
  arrivalCity: string;
}

/** The filter sent to the core; the days may be typed `YYYY-MM-DD` or `DD/MM/YYYY`. The core
 *  checks the rest (order, length, known agency and carrier). */
export function filterFrom(draft: FilterDraft): ReportFilter | Unreadable {
  const from = readDay(draft.from);
  if (from === null) return new Unreadable('from', 'reports.error.day');
  const to = readDay(draft.to);
  if (to === null) return new Unreadable('to', 'reports.error.day');
  return {
    from,
    to,
    agency_uid: blankToNull(draft.agency),
    carrier_uid: blankToNull(draft.carrier),
    departure_city: blankToNull(draft.departureCity),
    arrival_city: blankToNull(draft.arrivalCity),
  };
}

// ------------------------------------------------------------------------------------------------
// Figures
// ------------------------------------------------------------------------------------------------

/** How a figure reads: a count, hundredths of the currency, grams, or per thousand. */
export type FigureKind = 'count' | 'money' | 'grams' | 'permille';

export const COLUMN_KIND: Record<Column, FigureKind> = {
  tickets: 'count',
  seats: 'count',
  collected: 'money',
  refunded: 'money',
  net: 'money',
  departures: 'count',
  seats_offered: 'count',
  seats_taken: 'count',
  occupancy_permille: 'permille',
  envois: 'count',
  pieces: 'count',
  weight: 'grams',
  billed: 'money',
  delivered: 'count',
  cancellations: 'count',
};

export const COLUMN_LABEL: Record<Column, MessageKey> = {
  tickets: 'reports.col.tickets',
  seats: 'reports.col.seats',
  collected: 'reports.col.collected',
  refunded: 'reports.col.refunded',
  net: 'reports.col.net',
  departures: 'reports.col.departures',
  seats_offered: 'reports.col.seats_offered',
  seats_taken: 'reports.col.seats_taken',
  occupancy_permille: 'reports.col.occupancy_permille',
  envois: 'reports.col.envois',
  pieces: 'reports.col.pieces',
  weight: 'reports.col.weight',
  billed: 'reports.col.billed',
  delivered: 'reports.col.delivered',
  cancellations: 'reports.col.cancellations',
};

/** A figure as people read it in `locale` ("12 500 F CFA", "3,5 kg", "72,4 %", "1 204"). */
export function formatFigure(kind: FigureKind, value: number, locale: Locale): string {
  switch (kind) {
    case 'money':
      return formatMoney(Math.round(value), locale);
    case 'grams':
      return formatKg(value, locale);
    case 'permille':
      return new Intl.NumberFormat(INTL_TAG[locale], { style: 'percent', maximumFractionDigits: 1 }).format(value / 1000);
    case 'count':
      return new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 0 }).format(value);
  }
}

/** One dashboard card: a headline figure, how it reads, and whether a rise is good news. */
export interface Kpi {
  field: keyof Headline;
  kind: FigureKind;
  label: MessageKey;
  risingIsGood: boolean;
}

const kpi = (field: keyof Headline, kind: FigureKind, risingIsGood = true): Kpi => ({
  field,
  kind,
  label: `reports.kpi.${field}` as MessageKey,
  risingIsGood,
});

export const KPIS: readonly Kpi[] = [
  kpi('net_revenue', 'money'),
  kpi('ticket_revenue', 'money'),
  kpi('parcel_revenue', 'money'),
  kpi('refunds', 'money', false),
  kpi('tickets_sold', 'count'),
  kpi('seats_sold', 'count'),
  kpi('occupancy_permille', 'permille'),
  kpi('parcels_taken', 'count'),
  kpi('parcels_delivered', 'count'),
  kpi('cancellations', 'count', false),
];

/** The change from `previous` to `current` in percent, one decimal; null when there was nothing
 *  before (no percentage of zero means anything). */
export function changePercent(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
}

/** A change as a signed percentage ("+12,5 %", "−3 %", "0 %"). */
export function formatChange(change: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_TAG[locale], {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(change / 100);
}

/** Whether a change is good, bad or neither news, for its colour. */
export function changeTone(change: number | null, risingIsGood: boolean): 'good' | 'bad' | 'flat' {
  if (change === null || change === 0) return 'flat';
  return change > 0 === risingIsGood ? 'good' : 'bad';
}

// ------------------------------------------------------------------------------------------------
// Labels of a table's lines
// ------------------------------------------------------------------------------------------------

/** A `YYYY-MM-DD` day as people read it ("ven. 7 mars 2025"); `short` drops the weekday and year. */
export function formatDay(day: string, locale: Locale, short = false): string {
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time)) return day;
  const options: Intl.DateTimeFormatOptions = short
    ? { day: 'numeric', month: 'short', timeZone: 'UTC' }
    : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(INTL_TAG[locale], options).format(new Date(time));
}

/** What a line is called: "none" for the empty key, methods and statuses translated, days in the
 *  language of the desk, anything else as the core wrote it. */
export function rowLabel(row: ReportRow, by: Dimension, words: (key: MessageKey) => string, locale: Locale): string {
  if (row.key === '') return words('reports.none');
  if (by === 'day') return formatDay(row.key, locale);
  if (by === 'method' && row.key in PAYMENT_METHOD_LABEL) {
    return words(PAYMENT_METHOD_LABEL[row.key as keyof typeof PAYMENT_METHOD_LABEL]);
  }
  if (by === 'status' && row.key in ENVOI_STATUS_LABEL) {
    return words(ENVOI_STATUS_LABEL[row.key as keyof typeof ENVOI_STATUS_LABEL]);
  }
  return row.label || row.key;
}

/** The figure of `column` in a line, 0 when the table has no such column. */
function figure(table: ReportTable, figures: readonly number[], column: Column): number {
  const index = table.columns.indexOf(column);
  return index < 0 ? 0 : (figures[index] ?? 0);
}

// ------------------------------------------------------------------------------------------------
// Charts
// ------------------------------------------------------------------------------------------------

/** What a chart draws: a label and a title (for the tooltip) per point, one series per column. */
export interface ChartSeries {
  labels: string[];
  titles: string[];
  datasets: { column: Column; values: number[] }[];
  kind: FigureKind;
}

/**
 * The series of `columns` (of one kind) over a table's lines. A breakdown by day gets every day of
 * `period`, at zero where nothing happened, so that the time axis is even; other breakdowns keep
 * their first `limit` lines (the core sorts them largest first).
 */
export function chartSeries(
  table: ReportTable,
  columns: readonly Column[],
  by: Dimension,
  labelOf: (row: ReportRow) => string,
  locale: Locale,
  period: Period | null = null,
  limit = 12,
): ChartSeries {
  const rows = by === 'day' && period ? everyDay(table, period) : table.rows.slice(0, limit);
  return {
    labels: rows.map((row) => (by === 'day' ? formatDay(row.key, locale, true) : labelOf(row))),
    titles: rows.map((row) => labelOf(row)),
    datasets: columns.map((column) => ({ column, values: rows.map((row) => figure(table, row.figures, column)) })),
    kind: COLUMN_KIND[columns[0] ?? 'tickets'],
  };
}

/** The lines of a by-day table with every day of the period, zeros where it had none. */
export function everyDay(table: ReportTable, period: Period): ReportRow[] {
  const byKey = new Map(table.rows.map((row) => [row.key, row]));
  const start = Date.parse(`${period.from}T00:00:00Z`);
  const end = Date.parse(`${period.to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return table.rows;
  const days: ReportRow[] = [];
  for (let time = start; time <= end; time += DAY_MS) {
    const key = new Date(time).toISOString().slice(0, 10);
    days.push(byKey.get(key) ?? { key, label: key, figures: table.columns.map(() => 0) });
  }
  return days;
}

// ------------------------------------------------------------------------------------------------
// Heat map
// ------------------------------------------------------------------------------------------------

/** The heat map as 7 weekday rows (Monday first) of 24 hours; null where no departure left. */
export function heatGrid(cells: readonly HeatCell[]): (HeatCell | null)[][] {
  const grid: (HeatCell | null)[][] = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => null));
  for (const cell of cells) {
    const row = grid[cell.weekday];
    if (row && cell.hour >= 0 && cell.hour < 24) row[cell.hour] = cell;
  }
  return grid;
}

/** Seats taken per thousand offered in a cell; null when it offered none. */
export function cellPermille(cell: HeatCell): number | null {
  return cell.seats_offered > 0 ? Math.round((cell.seats_taken * 1000) / cell.seats_offered) : null;
}

const EMPTY: [number, number, number] = [0xea, 0xf4, 0xf6];
const FULL: [number, number, number] = [0x07, 0x3c, 0x46];

/** A cell's colours: pale for empty departures to the app's deep teal for full ones, with text
 *  that stays readable; a cell without departures is left blank. */
export function heatColour(permille: number | null): { background: string; text: string } {
  if (permille === null) return { background: 'transparent', text: 'inherit' };
  const share = Math.min(Math.max(permille, 0), 1000) / 1000;
  const channel = (index: 0 | 1 | 2): string =>
    Math.round(EMPTY[index] + (FULL[index] - EMPTY[index]) * share)
      .toString(16)
      .padStart(2, '0');
  return { background: `#${channel(0)}${channel(1)}${channel(2)}`, text: share >= 0.5 ? '#ffffff' : '#14212b' };
}
