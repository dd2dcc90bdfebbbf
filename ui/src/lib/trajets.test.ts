import { describe, expect, it } from 'vitest';
import type { AccountSummary, Trajet } from './bindings';
import { formatDeparture, formatDepartureDay, formatKg, formatMoney, weekdayNames } from './i18n/format';
import {
  carriersFrom,
  draftFromTrajet,
  draftToTemplate,
  emptyDraft,
  fcfaToMinor,
  gmtDayText,
  gmtToRfc3339,
  gramsToKgText,
  kgToGrams,
  minorToFcfaText,
  periodBounds,
  readCount,
  readDay,
  readDeparture,
  readTime,
  rfc3339ToGmtFields,
  routeKey,
  statusActions,
  trajetField,
  Unreadable,
  updateArgs,
  weekdaysArg,
} from './trajets';

describe('money: FCFA typed ↔ hundredths sent', () => {
  it('turns the FCFA a clerk types into integer hundredths', () => {
    expect(fcfaToMinor('5000')).toBe(500_000);
    expect(fcfaToMinor(' 5 000 ')).toBe(500_000);
    expect(fcfaToMinor('5\u202f000')).toBe(500_000);
    expect(fcfaToMinor('0')).toBe(0);
    expect(fcfaToMinor('2500,50')).toBe(250_050);
    expect(fcfaToMinor('0.1')).toBe(10);
  });

  it('passes a negative amount on for Rust to refuse, and reads nothing else', () => {
    expect(fcfaToMinor('-5')).toBe(-500);
    for (const text of ['', 'abc', '5000 F', '12.345', '1e3', '5,000.00']) expect(fcfaToMinor(text), text).toBeNull();
  });

  it('gives back the FCFA text an edit field starts from', () => {
    expect(minorToFcfaText(500_000)).toBe('5000');
    expect(minorToFcfaText(250_050)).toBe('2500.50');
    expect(fcfaToMinor(minorToFcfaText(250_050))).toBe(250_050);
  });

  it('shows amounts in XOF without decimals when whole, in the chosen language', () => {
    expect(formatMoney(500_000, 'fr').replace(/\s/g, ' ')).toBe('5 000 F CFA');
    expect(formatMoney(500_000, 'en')).toContain('5,000');
    expect(formatMoney(500_000, 'en')).not.toContain('.');
  });

  it('keeps the hundredths when there are some', () => {
    expect(formatMoney(250_050, 'fr').replace(/\s/g, ' ')).toBe('2 500,50 F CFA');
    expect(formatMoney(250_005, 'en')).toContain('2,500.05');
  });

  it('writes a currency code Intl does not know after the number', () => {
    expect(formatMoney(250_000, 'fr', 'FCFA').replace(/\s/g, ' ')).toBe('2 500 FCFA');
    expect(formatMoney(250_000, 'en', 'GHS')).toContain('2,500');
  });
});

describe('weights: kg typed ↔ grams sent', () => {
  it('turns kilograms into grams, rounded to 10 g', () => {
    expect(kgToGrams('25')).toBe(25_000);
    expect(kgToGrams('12,5')).toBe(12_500);
    expect(kgToGrams('0.345')).toBe(350);
    expect(kgToGrams('heavy')).toBeNull();
    expect(kgToGrams('')).toBeNull();
  });

  it('gives back and shows kilograms', () => {
    expect(gramsToKgText(12_500)).toBe('12.5');
    expect(formatKg(12_500, 'fr')).toBe('12,5 kg');
    expect(formatKg(25_000, 'en')).toBe('25 kg');
  });
});

describe('days and GMT times → RFC 3339', () => {
  it('reads a day written the French way or the ISO way, and only real days', () => {
    expect(readDay('10/03/2026')).toBe('2026-03-10');
    expect(readDay('1-3-2026')).toBe('2026-03-01');
    expect(readDay('10.03.2026')).toBe('2026-03-10');
    expect(readDay('2026-03-10')).toBe('2026-03-10');
    expect(readDay('30/02/2026')).toBeNull();
    expect(readDay('2026-13-01')).toBeNull();
    expect(readDay('demain')).toBeNull();
  });

  it('reads a time as people write it', () => {
    expect(readTime('07:00')).toBe('07:00');
    expect(readTime('7:05')).toBe('07:05');
    expect(readTime('7h30')).toBe('07:30');
    expect(readTime('18h')).toBe('18:00');
    expect(readTime('0700')).toBe('07:00');
    expect(readTime('24:00')).toBeNull();
    expect(readTime('7:60')).toBeNull();
    expect(readTime('')).toBeNull();
  });

  it('writes the departure in UTC, the time at the bus station in Dakar and Abidjan', () => {
    expect(gmtToRfc3339('2026-03-10', '07:00')).toBe('2026-03-10T07:00:00Z');
    expect(readDeparture('10/03/2026', '7h', 'departure_time')).toBe('2026-03-10T07:00:00Z');
    const bad = readDeparture('10/03/2026', 'soon', 'departure_time');
    expect(bad).toBeInstanceOf(Unreadable);
    expect(bad).toMatchObject({ field: 'departure_time', message: 'trajets.error.time', part: 'time' });
  });

  it('gives back the GMT day and time an edit field starts from, whatever the offset sent', () => {
    expect(rfc3339ToGmtFields('2026-03-10T07:00:00Z')).toEqual({ day: '10/03/2026', time: '07:00' });
    expect(rfc3339ToGmtFields('2026-03-10T08:30:00+01:00')).toEqual({ day: '10/03/2026', time: '07:30' });
    expect(formatDeparture('2026-03-10T07:00:00Z', 'fr')).toBe('mar. 10 mars 2026, 07:00');
    expect(formatDepartureDay('2026-03-10T23:30:00-01:00', 'en')).toBe('Wed, 11 Mar 2026');
  });

  it('bounds the period from the start of its first day to the end of its last', () => {
    expect(gmtDayText(new Date('2026-12-25T23:59:00Z'), 14)).toBe('08/01/2027');
    expect(periodBounds('2026-03-10', '2026-03-24')).toEqual({
      from: '2026-03-10T00:00:00Z',
      to: '2026-03-25T00:00:00Z',
    });
    expect(periodBounds(null, null)).toEqual({ from: null, to: null });
  });

  it('names the weekdays Monday first and sends null when every day is ticked', () => {
    expect(weekdayNames('fr')[0]).toBe('lun.');
    expect(weekdayNames('en')[6]).toBe('Sun');
    expect(weekdaysArg([true, true, true, true, true, true, true])).toBeNull();
    expect(weekdaysArg([true, false, false, false, true, false, false])).toEqual([1, 5]);
    expect(weekdaysArg([false, false, false, false, false, false, false])).toEqual([]);
  });
});

describe('errors point at inputs', () => {
  it('maps Rust’s full paths to the inputs', () => {
    expect(trajetField('template.price')).toBe('price');
    expect(trajetField('price')).toBe('price');
    expect(trajetField('template.transporteur_uid')).toBe('carrier');
    expect(trajetField('template.max_package_weight_g')).toBe('max_weight');
    expect(trajetField('weekdays[0]')).toBe('weekdays');
    expect(trajetField('departure_time')).toBe('departure_time');
    expect(trajetField('status')).toBeNull();
    expect(trajetField(null)).toBeNull();
  });

  it('reads counts and reports the first unreadable route field by its path', () => {
    expect(readCount('50')).toBe(50);
    expect(readCount('5,5')).toBeNull();
    const draft = { ...emptyDraft(), departureCity: 'Dakar', arrivalCity: 'Thiès', price: '5000', seats: 'x' };
    expect(draftToTemplate(draft, false)).toMatchObject({ field: 'template.seats_count' });
  });
});

const TRAJET: Trajet = {
  uid: 't1',
  transporteur_uid: 'c1',
  company_name: 'Dem Dikk',
  departure_city: 'Dakar',
  arrival_city: 'Thiès',
  departure_time: '2026-03-10T07:00:00Z',
  price: 200_000,
  seats_count: 50,
  available_seats: 48,
  status: 'active',
  accepts_packages: true,
  max_package_weight_g: 25_000,
  departure_point: 'Gare des Baux Maraîchers',
  arrival_point: null,
};

describe('command arguments', () => {
  it('builds a template: money in hundredths, kg in grams, the carrier only when an admin names it', () => {
    const draft = {
      ...emptyDraft(),
      carrier: 'c1',
      departureCity: 'Dakar',
      arrivalCity: 'Thiès',
      price: '2 000',
      seats: '50',
      maxWeight: '25',
      departurePoint: '  ',
    };
    expect(draftToTemplate(draft, true)).toEqual({
      transporteur_uid: 'c1',
      departure_city: 'Dakar',
      arrival_city: 'Thiès',
      price: 200_000,
      seats_count: 50,
      accepts_packages: true,
      max_package_weight_g: 25_000,
      departure_point: null,
      arrival_point: null,
    });
    expect(draftToTemplate(draft, false)).toMatchObject({ transporteur_uid: null });
    expect(draftToTemplate({ ...draft, acceptsPackages: false }, false)).toMatchObject({ max_package_weight_g: null });
  });

  it('sends only what an edit changed', () => {
    const draft = draftFromTrajet(TRAJET);
    expect(updateArgs(TRAJET, draft, '10/03/2026', '07:00')).toEqual({
      uid: 't1',
      departure_time: null,
      price: null,
      seats_count: null,
      accepts_packages: null,
      max_package_weight_g: null,
      departure_point: null,
      arrival_point: null,
    });
    const edited = { ...draft, price: '2500', departurePoint: '', arrivalPoint: 'Garage Thiès' };
    expect(updateArgs(TRAJET, edited, '11/03/2026', '7h30')).toMatchObject({
      departure_time: '2026-03-11T07:30:00Z',
      price: 250_000,
      departure_point: '',
      arrival_point: 'Garage Thiès',
    });
    expect(updateArgs(TRAJET, { ...draft, price: 'cher' }, '10/03/2026', '07:00')).toMatchObject({ field: 'price' });
  });

  it('offers the row actions the status allows and names the route for tests', () => {
    expect(statusActions('active')).toEqual(['suspend', 'complete', 'cancel']);
    expect(statusActions('suspended')).toEqual(['resume', 'cancel']);
    expect(statusActions('cancelled')).toEqual([]);
    expect(statusActions('completed')).toEqual([]);
    expect(routeKey(TRAJET)).toBe('Dakar→Thiès');
  });

  it('lists the carriers of transporteur accounts by company name', () => {
    const account = (uid: string | null, company: string | null, display: string): AccountSummary =>
      ({ transporteur_uid: uid, company_name: company, display_name: display, status: 'active' }) as AccountSummary;
    expect(
      carriersFrom([account('c2', 'Sotrac', 'A'), account(null, null, 'B'), account('c1', null, 'Moussa Fall')]),
    ).toEqual([
      { uid: 'c1', name: 'Moussa Fall' },
      { uid: 'c2', name: 'Sotrac' },
    ]);
  });
});
