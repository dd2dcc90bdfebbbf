import { describe, expect, it } from 'vitest';
import type { ReportTable } from './bindings';
import { en } from './i18n/en';
import { fr, type MessageKey } from './i18n/fr';
import { translate } from './i18n/translate';
import {
  changePercent,
  changeTone,
  chartSeries,
  DEFAULT_DIMENSIONS,
  everyDay,
  exportTableFor,
  filterFrom,
  formatChange,
  formatFigure,
  heatColour,
  heatGrid,
  cellPermille,
  KPIS,
  presetOf,
  presetPeriod,
  rowLabel,
  tabsFor,
} from './reports';
import { Unreadable } from './trajets';

const french = (key: MessageKey) => translate(fr, key);
const english = (key: MessageKey) => translate(en, key);
/** Intl separates thousands and the percent sign with narrow spaces; tests read plain ones. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

const SALES_BY_DAY: ReportTable = {
  columns: ['tickets', 'seats', 'collected', 'refunded', 'net'],
  rows: [
    { key: '2026-03-02', label: '2026-03-02', figures: [2, 3, 1_500_000, 0, 1_500_000] },
    { key: '2026-03-04', label: '2026-03-04', figures: [1, 1, 500_000, 200_000, 300_000] },
  ],
  totals: [3, 4, 2_000_000, 200_000, 1_800_000],
  truncated: false,
};

describe('tabsFor', () => {
  it('shows the sign-in monitoring to administrators only', () => {
    expect(tabsFor('admin')).toContain('sign_ins');
    expect(tabsFor('transporteur')).not.toContain('sign_ins');
    expect(tabsFor('admin')).toContain('sync');
    expect(tabsFor('transporteur')).not.toContain('sync');
    expect(tabsFor('transporteur')[0]).toBe('dashboard');
  });
});

describe('presetPeriod', () => {
  const today = new Date('2026-03-10T15:30:00Z');

  it('counts the presets back from today, today included', () => {
    expect(presetPeriod('today', today)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
    expect(presetPeriod('last7', today)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetPeriod('last30', today)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
  });

  it('takes the day of the station clock (UTC), not of the machine', () => {
    expect(presetPeriod('today', new Date('2026-03-10T23:59:59Z')).to).toBe('2026-03-10');
    expect(presetPeriod('last7', new Date('2026-01-03T00:00:00Z')).from).toBe('2025-12-28');
  });

  it('recognises a period that is a preset, and only then', () => {
    expect(presetOf({ from: '2026-03-04', to: '2026-03-10' }, today)).toBe('last7');
    expect(presetOf({ from: '2026-03-05', to: '2026-03-10' }, today)).toBeNull();
  });
});

describe('filterFrom', () => {
  const draft = { from: '2026-03-01', to: '10/03/2026', agency: '', carrier: ' c-1 ', departureCity: ' Dakar ', arrivalCity: '' };

  it('sends the days as YYYY-MM-DD and leaves blank filters out', () => {
    expect(filterFrom(draft)).toEqual({
      from: '2026-03-01',
      to: '2026-03-10',
      agency_uid: null,
      carrier_uid: 'c-1',
      departure_city: 'Dakar',
      arrival_city: null,
    });
  });

  it('points at the day it could not read', () => {
    const problem = filterFrom({ ...draft, to: '31/02/2026' });
    expect(problem).toBeInstanceOf(Unreadable);
    expect((problem as Unreadable).field).toBe('to');
    expect((filterFrom({ ...draft, from: '' }) as Unreadable).field).toBe('from');
  });
});

describe('changePercent', () => {
  it('gives the change against the previous period, one decimal', () => {
    expect(changePercent(150, 100)).toBe(50);
    expect(changePercent(100, 300)).toBe(-66.7);
    expect(changePercent(100, 100)).toBe(0);
  });

  it('shows no change when there was nothing before', () => {
    expect(changePercent(500, 0)).toBeNull();
    expect(changePercent(0, 0)).toBeNull();
  });

  it('reads a drop of refunds as good news and a drop of revenue as bad', () => {
    const refunds = KPIS.find((k) => k.field === 'refunds');
    const revenue = KPIS.find((k) => k.field === 'net_revenue');
    expect(changeTone(-20, refunds?.risingIsGood ?? true)).toBe('good');
    expect(changeTone(-20, revenue?.risingIsGood ?? true)).toBe('bad');
    expect(changeTone(null, true)).toBe('flat');
  });

  it('is written with its sign in the language of the desk', () => {
    expect(plain(formatChange(12.5, 'fr'))).toBe('+12,5 %');
    expect(formatChange(-3, 'en')).toBe('-3%');
    expect(plain(formatChange(0, 'fr'))).toBe('0 %');
  });
});

describe('formatFigure', () => {
  it('reads money in FCFA, weights in kilograms, occupancy in percent', () => {
    expect(plain(formatFigure('money', 1_250_000, 'fr'))).toBe('12 500 F CFA');
    expect(formatFigure('grams', 3500, 'en')).toBe('3.5 kg');
    expect(plain(formatFigure('permille', 724, 'fr'))).toBe('72,4 %');
    expect(formatFigure('count', 1204, 'en')).toBe('1,204');
  });
});

describe('rowLabel', () => {
  const row = (key: string, label = key) => ({ key, label, figures: [] });

  it('names the line without agency or clerk', () => {
    expect(rowLabel(row('', ''), 'agency', french, 'fr')).toBe(french('reports.none'));
  });

  it('translates payment methods and parcel statuses', () => {
    expect(rowLabel(row('mobile_money'), 'method', english, 'en')).toBe('Mobile money');
    expect(rowLabel(row('cash'), 'method', french, 'fr')).toBe('Espèces');
    expect(rowLabel(row('delivered'), 'status', english, 'en')).toBe(english('envoiStatus.delivered'));
  });

  it('writes days in the language of the desk and keeps other labels', () => {
    expect(rowLabel(row('2025-03-07'), 'day', french, 'fr')).toBe('ven. 7 mars 2025');
    expect(rowLabel(row('a-1', 'Agence Plateau'), 'agency', french, 'fr')).toBe('Agence Plateau');
  });
});

describe('chartSeries', () => {
  it('draws every day of the period, at zero on the days without sales', () => {
    const period = { from: '2026-03-01', to: '2026-03-05' };
    const series = chartSeries(SALES_BY_DAY, ['collected', 'refunded'], 'day', (r) => r.key, 'en', period);
    expect(series.labels).toEqual(['1 Mar', '2 Mar', '3 Mar', '4 Mar', '5 Mar']);
    expect(series.datasets).toEqual([
      { column: 'collected', values: [0, 1_500_000, 0, 500_000, 0] },
      { column: 'refunded', values: [0, 0, 0, 200_000, 0] },
    ]);
    expect(series.kind).toBe('money');
  });

  it('keeps the first lines of another breakdown, labelled by the caller', () => {
    const table: ReportTable = {
      columns: ['envois', 'pieces', 'weight', 'billed', 'delivered'],
      rows: ['a', 'b', 'c'].map((key, i) => ({ key, label: key.toUpperCase(), figures: [3 - i, 0, 0, 0, 0] })),
      totals: [6, 0, 0, 0, 0],
      truncated: false,
    };
    const series = chartSeries(table, ['envois'], 'route', (r) => r.label, 'fr', null, 2);
    expect(series.labels).toEqual(['A', 'B']);
    expect(series.datasets[0]?.values).toEqual([3, 2]);
    expect(series.kind).toBe('count');
  });

  it('fills the days only inside the period asked', () => {
    expect(everyDay(SALES_BY_DAY, { from: '2026-03-04', to: '2026-03-04' }).map((r) => r.key)).toEqual(['2026-03-04']);
  });
});

describe('heat map', () => {
  const cell = { weekday: 2, hour: 7, departures: 2, seats_offered: 100, seats_taken: 75 };

  it('places each cell at its weekday (Monday first) and hour', () => {
    const grid = heatGrid([cell, { ...cell, weekday: 6, hour: 23 }]);
    expect(grid).toHaveLength(7);
    expect(grid[0]).toHaveLength(24);
    expect(grid[2]?.[7]).toEqual(cell);
    expect(grid[6]?.[23]?.hour).toBe(23);
    expect(grid[0]?.[0]).toBeNull();
  });

  it('colours a cell from pale (empty) to deep teal (full), readable either way', () => {
    expect(cellPermille(cell)).toBe(750);
    expect(cellPermille({ ...cell, seats_offered: 0 })).toBeNull();
    expect(heatColour(0)).toEqual({ background: '#eaf4f6', text: '#14212b' });
    expect(heatColour(1000)).toEqual({ background: '#073c46', text: '#ffffff' });
    expect(heatColour(1200).background).toBe('#073c46');
    expect(heatColour(null).background).toBe('transparent');
  });
});

describe('exportTableFor', () => {
  it('exports the table of the tab shown, with its dimension', () => {
    const dimensions = { ...DEFAULT_DIMENSIONS, sales: 'route' as const };
    expect(exportTableFor('sales', dimensions)).toBe('sales_by_route');
    expect(exportTableFor('occupancy', dimensions)).toBe('occupancy_by_route');
    expect(exportTableFor('parcels', dimensions)).toBe('parcels_by_status');
    expect(exportTableFor('cancellations', dimensions)).toBe('cancellations');
    expect(exportTableFor('cash_ups', dimensions)).toBe('cash_ups');
  });

  it('has no table to export on the dashboard and the sign-ins', () => {
    expect(exportTableFor('dashboard', DEFAULT_DIMENSIONS)).toBeNull();
    expect(exportTableFor('sign_ins', DEFAULT_DIMENSIONS)).toBeNull();
    expect(exportTableFor('sync', DEFAULT_DIMENSIONS)).toBeNull();
  });
});
