import { describe, expect, it } from 'vitest';
import type { Colis, Envoi, Tariff } from './bindings';
import { fr } from './i18n/fr';
import { en } from './i18n/en';
import { translate } from './i18n/translate';
import {
  canMarkLost,
  canUnload,
  dispatchable,
  draftFromTariff,
  emptyPiece,
  emptyTariff,
  envoiActions,
  historyStatusLabel,
  intakeTarget,
  loadShare,
  parcelCodeText,
  payMethodsFor,
  pieceInput,
  quoteArgs,
  readParcelCode,
  readTrackingCode,
  registerArgs,
  spacedDeliveryCode,
  tariffArgs,
  type IntakeDraft,
  type PieceDraft,
} from './parcels';
import { emptyPassenger } from './sale';
import { payment } from './testing/fixtures';
import { Unreadable } from './trajets';

/** A tracking code with a right check symbol (Rust's weighted sum modulo 31). */
const CODE = 'K7Q-M4X-R9P-T2B';

function piece(overrides: Partial<PieceDraft> = {}): PieceDraft {
  return { ...emptyPiece(), description: 'Sac de riz', weightKg: '12,5', ...overrides };
}

function colis(overrides: Partial<Colis> = {}): Colis {
  return {
    uid: 'k1',
    code: `${CODE}/1`,
    piece_number: 1,
    description: 'Sac de riz',
    weight_g: 12_500,
    chargeable_weight_g: 12_500,
    length_cm: null,
    width_cm: null,
    height_cm: null,
    declared_value: null,
    fragile: false,
    express: false,
    shipping_cost: 350_000,
    status: 'pending',
    loaded_on: null,
    ...overrides,
  };
}

function envoi(overrides: Partial<Envoi> = {}): Envoi {
  return {
    uid: 'e1',
    tracking_code: CODE,
    status: 'accepted',
    description: 'Sac de riz',
    sender_uid: 'c1',
    sender_name: 'Awa Diop',
    sender_phone: '+221771234567',
    recipient_name: 'Fatou Sow',
    recipient_phone: '+221762223344',
    origin_city: 'Dakar',
    destination_city: 'Thiès',
    transporteur_uid: 't1',
    company_name: 'Dem Dikk',
    agency: 'Gare des Baux Maraîchers',
    created_by: 'moussa.ndiaye@billettigue.sn',
    payment_mode: 'at_intake',
    total: 350_000,
    paid: 350_000,
    balance_due: 0,
    payment: payment({ method: 'cash', status: 'completed', amount: 350_000 }),
    delivery_blocked: false,
    created_at: '2026-03-01T09:00:00Z',
    delivered_at: null,
    colis: [colis()],
    history: [],
    ...overrides,
  };
}

function intake(overrides: Partial<IntakeDraft> = {}): IntakeDraft {
  return {
    sender: { ...emptyPassenger(), firstName: ' Awa ', lastName: 'Diop', phone: '77 123 45 67' },
    recipientName: 'Fatou Sow ',
    recipientPhone: '76 222 33 44',
    route: { carrier: 'c1', destination: 'Thiès', origin: '' },
    pieces: [piece(), piece({ description: 'Carton', weightKg: '2', fragile: true })],
    mode: 'at_intake',
    payment: { method: 'cash', payerPhone: '', cash: '10 000' },
    ...overrides,
  };
}

describe('codes as typed or scanned', () => {
  it('reads a tracking code in any case, with or without dashes and spaces, O for 0 and I or L for 1', () => {
    expect(readTrackingCode(CODE)).toBe(CODE);
    expect(readTrackingCode('k7qm4xr9pt2b')).toBe(CODE);
    expect(readTrackingCode(' k7q m4x r9p t2b ')).toBe(CODE);
    expect(readTrackingCode('ABC-DEF-GHJ-KMF')).toBe('ABC-DEF-GHJ-KMF');
    expect(readTrackingCode('OOO-OOO-OOO-OZO')).toBe('000-000-000-0Z0');
  });

  it('refuses a mistyped symbol, two swapped neighbours, a wrong length or a foreign symbol', () => {
    expect(readTrackingCode('K7Q-M4X-R9P-T2C')).toBeNull();
    expect(readTrackingCode('7KQ-M4X-R9P-T2B')).toBeNull();
    expect(readTrackingCode('K7Q-M4X-R9P-T2')).toBeNull();
    expect(readTrackingCode('K7Q-M4X-R9P-T2B-0')).toBeNull();
    expect(readTrackingCode('K7Q-M4X-R9P-U2B')).toBeNull();
    expect(readTrackingCode('')).toBeNull();
  });

  it('reads an envoi’s code or one piece’s, and writes it back as printed on the labels', () => {
    expect(readParcelCode('k7q m4x r9p t2b')).toEqual({ tracking: CODE, piece: null });
    expect(readParcelCode(` ${CODE.toLowerCase()} / 2 `)).toEqual({ tracking: CODE, piece: 2 });
    expect(readParcelCode(`${CODE}/0`)).toBeNull();
    expect(readParcelCode(`${CODE}/2/3`)).toBeNull();
    expect(readParcelCode(`${CODE}/deux`)).toBeNull();
    expect(readParcelCode('77 123 45 67')).toBeNull();
    expect(parcelCodeText({ tracking: CODE, piece: 2 })).toBe(`${CODE}/2`);
    expect(parcelCodeText({ tracking: CODE, piece: null })).toBe(CODE);
  });

  it('shows a delivery code in two groups of three digits', () => {
    expect(spacedDeliveryCode('482917')).toBe('482 917');
    expect(spacedDeliveryCode('48291')).toBe('48291');
  });
});

describe('a piece as typed', () => {
  it('sends kilograms as grams (to the 10 g), sides in whole cm and the declared value in hundredths', () => {
    expect(pieceInput(piece({ lengthCm: '40', widthCm: '30', heightCm: '20', declaredValue: '25 000', express: true }), 0)).toEqual({
      description: 'Sac de riz',
      weight_g: 12_500,
      length_cm: 40,
      width_cm: 30,
      height_cm: 20,
      declared_value: 2_500_000,
      fragile: false,
      express: true,
    });
    expect(pieceInput(piece({ weightKg: '0.004' }), 0)).toMatchObject({ weight_g: 0 });
    expect(pieceInput(piece({ weightKg: '1,237' }), 0)).toMatchObject({ weight_g: 1_240 });
  });

  it('leaves the sides out when none is typed, and lets Rust ask for a missing one', () => {
    expect(pieceInput(piece(), 0)).toMatchObject({ length_cm: null, width_cm: null, height_cm: null, declared_value: null });
    expect(pieceInput(piece({ lengthCm: '40' }), 0)).toMatchObject({ length_cm: 40, width_cm: null });
  });

  it('points at the input of the right piece when it cannot read it', () => {
    expect(pieceInput(piece({ weightKg: 'lourd' }), 1)).toEqual(new Unreadable('colis[1].weight_g', 'trajets.error.weight'));
    expect(pieceInput(piece({ weightKg: '' }), 0)).toEqual(new Unreadable('colis[0].weight_g', 'trajets.error.weight'));
    expect(pieceInput(piece({ widthCm: '30,5' }), 2)).toEqual(new Unreadable('colis[2].width_cm', 'parcels.error.cm'));
    expect(pieceInput(piece({ declaredValue: 'cher' }), 0)).toEqual(new Unreadable('colis[0].declared_value', 'trajets.error.amount'));
  });
});

describe('the quote', () => {
  const route = { carrier: 'c1', destination: 'Thiès', origin: '' };

  it('is asked once the carrier, the destination and every weight are there, an empty description standing in', () => {
    const args = quoteArgs(route, [piece({ description: '' }), piece({ weightKg: '2' })], true);
    expect(args).toEqual({
      transporteur_uid: 'c1',
      origin_city: null,
      destination_city: 'Thiès',
      colis: [expect.objectContaining({ description: 'Colis 1', weight_g: 12_500 }), expect.objectContaining({ weight_g: 2_000 })],
    });
  });

  it('is not asked while something is missing or unreadable', () => {
    expect(quoteArgs({ ...route, destination: '' }, [piece()], true)).toBeNull();
    expect(quoteArgs({ ...route, carrier: '' }, [piece()], true)).toBeNull();
    expect(quoteArgs(route, [piece(), piece({ weightKg: '' })], true)).toBeNull();
    expect(quoteArgs(route, [], true)).toBeNull();
  });

  it('names no carrier for a transporteur (its own is implied), and sends the origin typed', () => {
    expect(quoteArgs({ carrier: '', destination: 'Thiès', origin: ' Rufisque ' }, [piece()], false)).toMatchObject({
      transporteur_uid: null,
      origin_city: 'Rufisque',
    });
  });
});

describe('the register arguments', () => {
  it('registers a walk-in sender, the pieces, and cash handed over at intake', () => {
    expect(registerArgs(intake(), true)).toEqual({
      sender_uid: null,
      new_sender: { first_name: 'Awa', last_name: 'Diop', phone: '77 123 45 67' },
      recipient_name: 'Fatou Sow',
      recipient_phone: '76 222 33 44',
      transporteur_uid: 'c1',
      origin_city: null,
      destination_city: 'Thiès',
      description: null,
      colis: [expect.objectContaining({ weight_g: 12_500 }), expect.objectContaining({ description: 'Carton', weight_g: 2_000, fragile: true })],
      payment_mode: 'at_intake',
      payment_method: 'cash',
      payer_phone: null,
      cash_tendered: 1_000_000,
    });
  });

  it('sends the known customer while the phone typed is still theirs', () => {
    const customer = { uid: 'cust-1', first_name: 'Awa', last_name: 'Diop', phone_number: '+221771234567' };
    const known = intake({ sender: { firstName: 'Awa', lastName: 'Diop', phone: '77 123 45 67', customer } });
    expect(registerArgs(known, true)).toMatchObject({ sender_uid: 'cust-1', new_sender: null });
    const changed = intake({ sender: { firstName: 'Awa', lastName: 'Diop', phone: '70 000 00 00', customer } });
    expect(registerArgs(changed, true)).toMatchObject({ sender_uid: null, new_sender: { phone: '70 000 00 00' } });
  });

  it('sends the payer’s phone for mobile money, and no payment at all for cash on delivery', () => {
    const mobile = intake({ payment: { method: 'mobile_money', payerPhone: ' 77 123 45 67 ', cash: '' } });
    expect(registerArgs(mobile, true)).toMatchObject({ payment_method: 'mobile_money', payer_phone: '77 123 45 67', cash_tendered: null });
    const later = intake({ mode: 'on_delivery' });
    expect(registerArgs(later, false)).toMatchObject({
      transporteur_uid: null,
      payment_mode: 'on_delivery',
      payment_method: null,
      payer_phone: null,
      cash_tendered: null,
    });
  });

  it('stops at the first field it cannot read', () => {
    const heavy = intake({ pieces: [piece(), piece({ weightKg: 'x' })] });
    expect(registerArgs(heavy, true)).toEqual(new Unreadable('colis[1].weight_g', 'trajets.error.weight'));
    expect(registerArgs(intake({ payment: { method: 'cash', payerPhone: '', cash: 'dix' } }), true)).toEqual(
      new Unreadable('cash_tendered', 'trajets.error.amount'),
    );
  });
});

describe('Rust’s error fields on the intake form', () => {
  it('points at a piece’s input by its index', () => {
    expect(intakeTarget('colis[1].weight_g')).toEqual({ kind: 'piece', index: 1, input: 'weight' });
    expect(intakeTarget('colis[0].height_cm')).toEqual({ kind: 'piece', index: 0, input: 'height' });
    expect(intakeTarget('colis[0].something_else')).toEqual({ kind: 'pieces' });
  });

  it('points at the sender, the recipient, the route and the payment', () => {
    expect(intakeTarget('new_sender.first_name')).toEqual({ kind: 'sender_first_name' });
    expect(intakeTarget('new_sender.phone')).toEqual({ kind: 'sender_phone' });
    expect(intakeTarget('sender_uid')).toEqual({ kind: 'sender_phone' });
    expect(intakeTarget('recipient_phone')).toEqual({ kind: 'recipient_phone' });
    expect(intakeTarget('transporteur_uid')).toEqual({ kind: 'carrier' });
    expect(intakeTarget('destination_city')).toEqual({ kind: 'destination' });
    expect(intakeTarget('origin_city')).toEqual({ kind: 'origin' });
    expect(intakeTarget('colis')).toEqual({ kind: 'pieces' });
    expect(intakeTarget('cash_tendered')).toEqual({ kind: 'cash' });
    expect(intakeTarget('payer_phone')).toEqual({ kind: 'payer_phone' });
    expect(intakeTarget(null)).toEqual({ kind: 'other' });
    expect(intakeTarget('till')).toEqual({ kind: 'other' });
  });
});

describe('statuses', () => {
  it('words an envoi’s and a piece’s statuses in both languages', () => {
    expect(translate(fr, 'envoiStatus.in_transit')).toBe('En transit');
    expect(translate(en, 'colisStatus.packaged')).toBe('Packaged');
  });

  it('reads a history line’s status as the envoi’s or the piece’s, and leaves an unknown one as received', () => {
    expect(historyStatusLabel('pending', { piece: null })).toBe('envoiStatus.pending');
    expect(historyStatusLabel('pending', { piece: `${CODE}/1` })).toBe('colisStatus.pending');
    expect(historyStatusLabel('shipped', { piece: `${CODE}/1` })).toBe('colisStatus.shipped');
    expect(historyStatusLabel('arrived', { piece: null })).toBeNull();
    expect(historyStatusLabel('toString', { piece: null })).toBeNull();
  });
});

describe('what an envoi allows', () => {
  it('packages, issues a new code and cancels a paid envoi still at the depot', () => {
    expect(envoiActions(envoi())).toEqual(['package', 'newCode', 'cancel']);
  });

  it('takes the balance of cash on delivery, and hands over only once it is paid', () => {
    const due = envoi({
      status: 'in_transit',
      payment_mode: 'on_delivery',
      paid: 0,
      balance_due: 350_000,
      payment: null,
      colis: [colis({ status: 'shipped' })],
    });
    expect(envoiActions(due)).toEqual(['pay', 'newCode']);
    expect(envoiActions({ ...due, paid: 350_000, balance_due: 0 })).toEqual(['deliver', 'newCode']);
  });

  it('does not take a payment again while the provider has not answered', () => {
    const waiting = envoi({ status: 'pending', paid: 0, balance_due: 350_000, payment: payment({ status: 'pending' }) });
    expect(envoiActions(waiting)).not.toContain('pay');
    expect(envoiActions({ ...waiting, payment: payment({ status: 'failed' }) })).toContain('pay');
  });

  it('offers nothing once delivered or cancelled', () => {
    expect(envoiActions(envoi({ status: 'delivered' }))).toEqual([]);
    expect(envoiActions(envoi({ status: 'cancelled' }))).toEqual([]);
  });

  it('declares lost a piece not yet delivered, and unloads one that has not left', () => {
    expect(canMarkLost('shipped')).toBe(true);
    expect(canMarkLost('delivered')).toBe(false);
    expect(canMarkLost('lost')).toBe(false);
    expect(canUnload('packaged')).toBe(true);
    expect(canUnload('shipped')).toBe(false);
  });

  it('takes cash on delivery in cash only', () => {
    expect(payMethodsFor('on_delivery')).toEqual(['cash']);
    expect(payMethodsFor('at_intake')).toEqual(['cash', 'mobile_money', 'card']);
  });
});

describe('the load of a departure', () => {
  it('gives the share of the capacity and whether it is over', () => {
    expect(loadShare(250_000, 1_000_000)).toEqual({ percent: 25, over: false });
    expect(loadShare(1_000_010, 1_000_000)).toEqual({ percent: 100, over: true });
    expect(loadShare(5_000, null)).toEqual({ percent: null, over: false });
  });

  it('counts the pieces still waiting to leave', () => {
    expect(dispatchable(['packaged', 'shipped', 'packaged', 'delivered'])).toBe(2);
  });
});

describe('the tariff grid’s form', () => {
  const row: Tariff = {
    uid: 'tr1',
    transporteur_uid: 'c1',
    company_name: 'Dem Dikk',
    from_city: 'Dakar',
    to_city: 'Thiès',
    zone: null,
    weight_min_g: 0,
    weight_max_g: 20_000,
    base_price: 100_000,
    price_per_kg: 20_000,
    min_charge: 150_000,
    volumetric_divisor: 5000,
    fragile_supplement: 50_000,
    express_supplement: 0,
    active: true,
    updated_at: '2026-03-01T09:00:00Z',
  };

  it('reads kilograms and FCFA into grams and hundredths', () => {
    const draft = { ...emptyTariff(), carrier: 'c1', toCity: ' Thiès ', minKg: '0', maxKg: '20', basePrice: '1 000', perKg: '200', minCharge: '1500', divisor: '5000', fragileSupplement: '500' };
    expect(tariffArgs(draft, null, true)).toEqual({
      uid: null,
      transporteur_uid: 'c1',
      from_city: null,
      to_city: 'Thiès',
      zone: null,
      weight_min_g: 0,
      weight_max_g: 20_000,
      base_price: 100_000,
      price_per_kg: 20_000,
      min_charge: 150_000,
      volumetric_divisor: 5000,
      fragile_supplement: 50_000,
      express_supplement: 0,
      active: true,
    });
  });

  it('reads empty bounds as "from 0" and "no limit", empty amounts as 0, and the platform row as no carrier', () => {
    const draft = { ...emptyTariff(), minKg: '', basePrice: '', perKg: '250' };
    expect(tariffArgs(draft, 'tr9', true)).toMatchObject({
      uid: 'tr9',
      transporteur_uid: null,
      weight_min_g: 0,
      weight_max_g: null,
      base_price: 0,
      price_per_kg: 25_000,
      volumetric_divisor: null,
    });
    expect(tariffArgs({ ...emptyTariff(), carrier: 'c1' }, null, false)).toMatchObject({ transporteur_uid: null });
  });

  it('points at the field it cannot read', () => {
    expect(tariffArgs({ ...emptyTariff(), maxKg: 'vingt' }, null, true)).toEqual(new Unreadable('weight_max_g', 'trajets.error.weight'));
    expect(tariffArgs({ ...emptyTariff(), perKg: 'x' }, null, true)).toEqual(new Unreadable('price_per_kg', 'trajets.error.amount'));
    expect(tariffArgs({ ...emptyTariff(), divisor: '5000,5' }, null, true)).toEqual(
      new Unreadable('volumetric_divisor', 'trajets.error.count'),
    );
  });

  it('fills the edit form from a row and sends it back unchanged', () => {
    const draft = draftFromTariff(row);
    expect(draft).toMatchObject({ carrier: 'c1', maxKg: '20', basePrice: '1000', perKg: '200', divisor: '5000' });
    const { company_name: _company, updated_at: _updated, ...sent } = row;
    expect(tariffArgs(draft, row.uid, true)).toEqual(sent);
  });
});
