//! Pure logic of the Parcels section: codes as typed or scanned, the pieces and the intake form turned
//! into `parcels.quote` / `parcels.register` arguments (kg shown, grams sent; FCFA shown, hundredths
//! sent), Rust's error fields mapped back to inputs, what an envoi's state allows, the words for the
//! statuses, the parcel manifest's load against capacity, and the tariff grid's form. Prices are never
//! computed here: the quote, the receipt and the grid come from Rust.

import type {
  ColisInput,
  ColisStatus,
  Envoi,
  EnvoiStatus,
  PaymentMode,
  QuoteArgs,
  RegisterEnvoiArgs,
  SetTariffArgs,
  StatusChange,
  Tariff,
} from './bindings';
import type { MessageKey } from './i18n/fr';
import { blankToNull } from './forms';
import { paymentArgs, type PaymentDraft } from './payments';
import { linkedCustomer, type PassengerDraft } from './sale';
import { fcfaToMinor, gramsToKgText, kgToGrams, minorToFcfaText, readCount, Unreadable } from './trajets';

// ------------------------------------------------------------------------------------------------
// Codes
// ------------------------------------------------------------------------------------------------

/** Crockford's base32, as Rust writes tracking codes (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_SYMBOLS = 11;

/** Rust's check symbol: the weighted sum of the symbols modulo 31. */
function checkValue(values: readonly number[]): number {
  return values.reduce((sum, value, index) => sum + (index + 1) * value, 0) % 31;
}

/**
 * A tracking code as typed or scanned, in the canonical form Rust gives it (`K7Q-M4X-R9P-T2C`), or
 * null when it cannot be one. Like Rust: case, spaces and dashes are ignored, O reads as 0, I and L
 * as 1, and the check symbol must match (a mistyped symbol is caught before any lookup).
 */
export function readTrackingCode(text: string): string | null {
  const values: number[] = [];
  for (const raw of text.toUpperCase()) {
    if (raw === ' ' || raw === '-') continue;
    const symbol = raw === 'O' ? '0' : raw === 'I' || raw === 'L' ? '1' : raw;
    const value = ALPHABET.indexOf(symbol);
    if (value < 0) return null;
    values.push(value);
  }
  if (values.length !== RANDOM_SYMBOLS + 1) return null;
  if (values[RANDOM_SYMBOLS] !== checkValue(values.slice(0, RANDOM_SYMBOLS))) return null;
  const symbols = values.map((value) => ALPHABET[value]).join('');
  return (symbols.match(/.{3}/g) ?? []).join('-');
}

/** An envoi's code, or one piece's (`K7Q-M4X-R9P-T2C/2`). */
export interface ParcelCode {
  tracking: string;
  piece: number | null;
}

/** What the clerk typed or scanned, read as an envoi's or a piece's code; null when it is neither. */
export function readParcelCode(text: string): ParcelCode | null {
  const [envoi = '', piece, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const tracking = readTrackingCode(envoi);
  if (!tracking) return null;
  if (piece === undefined) return { tracking, piece: null };
  const number = piece.trim();
  if (!/^\d+$/.test(number) || Number(number) < 1) return null;
  return { tracking, piece: Number(number) };
}

/** The canonical text of a code, as printed on the labels. */
export function parcelCodeText(code: ParcelCode): string {
  return code.piece === null ? code.tracking : `${code.tracking}/${code.piece}`;
}

/** The six digits of a delivery code in two groups, for the clerk to read out ("482 917"). */
export function spacedDeliveryCode(code: string): string {
  return /^\d{6}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

// ------------------------------------------------------------------------------------------------
// Statuses
// ------------------------------------------------------------------------------------------------

export const ENVOI_STATUS_LABEL: Record<EnvoiStatus, MessageKey> = {
  pending: 'envoiStatus.pending',
  accepted: 'envoiStatus.accepted',
  in_transit: 'envoiStatus.in_transit',
  delivered: 'envoiStatus.delivered',
  cancelled: 'envoiStatus.cancelled',
};

export const COLIS_STATUS_LABEL: Record<ColisStatus, MessageKey> = {
  pending: 'colisStatus.pending',
  packaged: 'colisStatus.packaged',
  shipped: 'colisStatus.shipped',
  delivered: 'colisStatus.delivered',
  lost: 'colisStatus.lost',
};

/** The badge class of a status (the shared badge colours of app.css). */
export const ENVOI_STATUS_BADGE: Record<EnvoiStatus, string> = {
  pending: 'suspended',
  accepted: 'active',
  in_transit: 'completed',
  delivered: 'completed',
  cancelled: 'cancelled',
};

export const COLIS_STATUS_BADGE: Record<ColisStatus, string> = {
  pending: 'inactive',
  packaged: 'active',
  shipped: 'completed',
  delivered: 'completed',
  lost: 'suspended',
};

export const ENVOI_STATUSES: readonly EnvoiStatus[] = ['pending', 'accepted', 'in_transit', 'delivered', 'cancelled'];

/**
 * The words for a status name of the history: an envoi's when the line is about the envoi, a piece's
 * when it names one (`pending` is "awaiting payment" for an envoi, "received" for a piece). A name this
 * version does not know is shown as received.
 */
export function historyStatusLabel(status: string, change: Pick<StatusChange, 'piece'>): MessageKey | null {
  const labels: Record<string, MessageKey> = change.piece === null ? ENVOI_STATUS_LABEL : COLIS_STATUS_LABEL;
  return Object.hasOwn(labels, status) ? (labels[status] ?? null) : null;
}

// ------------------------------------------------------------------------------------------------
// Pieces and the intake form
// ------------------------------------------------------------------------------------------------

/** One piece as typed: kilograms, centimetres and FCFA, as text. */
export interface PieceDraft {
  description: string;
  weightKg: string;
  lengthCm: string;
  widthCm: string;
  heightCm: string;
  declaredValue: string;
  fragile: boolean;
  express: boolean;
}

export function emptyPiece(): PieceDraft {
  return {
    description: '',
    weightKg: '',
    lengthCm: '',
    widthCm: '',
    heightCm: '',
    declaredValue: '',
    fragile: false,
    express: false,
  };
}

/** A side in whole centimetres, null when left empty; Unreadable when it is not a whole number. */
function side(text: string, field: string): number | null | Unreadable {
  if (text.trim() === '') return null;
  return readCount(text) ?? new Unreadable(field, 'parcels.error.cm');
}

/**
 * The `ColisInput` of piece `index`: the weight in grams (to the 10 g the central database keeps), the
 * sides only when one is typed (Rust asks for the missing ones), the declared value in hundredths.
 * `description` stands in for an empty description (a quote is asked before it is typed).
 */
export function pieceInput(draft: PieceDraft, index: number, description = draft.description): ColisInput | Unreadable {
  const at = (input: string): string => `colis[${index}].${input}`;
  const weight = kgToGrams(draft.weightKg);
  if (weight === null) return new Unreadable(at('weight_g'), 'trajets.error.weight');
  const sides = [
    side(draft.lengthCm, at('length_cm')),
    side(draft.widthCm, at('width_cm')),
    side(draft.heightCm, at('height_cm')),
  ];
  const unreadable = sides.find((value) => value instanceof Unreadable);
  if (unreadable instanceof Unreadable) return unreadable;
  let declared: number | null = null;
  if (draft.declaredValue.trim() !== '') {
    declared = fcfaToMinor(draft.declaredValue);
    if (declared === null) return new Unreadable(at('declared_value'), 'trajets.error.amount');
  }
  const [length, width, height] = sides as (number | null)[];
  return {
    description: description.trim(),
    weight_g: weight,
    length_cm: length ?? null,
    width_cm: width ?? null,
    height_cm: height ?? null,
    declared_value: declared,
    fragile: draft.fragile,
    express: draft.express,
  };
}

/** Where the envoi goes, as chosen. */
export interface RouteDraft {
  /** The carrier's uid ("" while none is chosen; ignored for a transporteur, whose own is implied). */
  carrier: string;
  destination: string;
  /** Empty: the clerk's agency's city. */
  origin: string;
}

/**
 * The `parcels.quote` arguments once the route is chosen and every piece weighed, else null (nothing
 * to ask yet). An empty description is quoted as `Colis n`: the price does not depend on it.
 */
export function quoteArgs(route: RouteDraft, pieces: readonly PieceDraft[], namesCarrier: boolean): QuoteArgs | null {
  if (route.destination.trim() === '' || (namesCarrier && route.carrier === '') || pieces.length === 0) return null;
  const colis: ColisInput[] = [];
  for (const [index, piece] of pieces.entries()) {
    const input = pieceInput(piece, index, piece.description.trim() || `Colis ${index + 1}`);
    if (input instanceof Unreadable) return null;
    colis.push(input);
  }
  return {
    transporteur_uid: namesCarrier ? route.carrier : null,
    origin_city: blankToNull(route.origin),
    destination_city: route.destination.trim(),
    colis,
  };
}

/** Everything the clerk typed at intake. */
export interface IntakeDraft {
  /** The sender, with the known customer found by phone (reused from the sale's passenger). */
  sender: PassengerDraft;
  recipientName: string;
  recipientPhone: string;
  route: RouteDraft;
  pieces: readonly PieceDraft[];
  mode: PaymentMode;
  payment: PaymentDraft;
}

/**
 * The `parcels.register` arguments, or the first field the UI cannot read. The sender is the known
 * customer while the phone typed is still theirs, else a walk-in (Rust finds them by phone or
 * registers them). The payment is sent only when paid at intake.
 */
export function registerArgs(draft: IntakeDraft, namesCarrier: boolean): RegisterEnvoiArgs | Unreadable {
  const colis: ColisInput[] = [];
  for (const [index, piece] of draft.pieces.entries()) {
    const input = pieceInput(piece, index);
    if (input instanceof Unreadable) return input;
    colis.push(input);
  }
  const known = linkedCustomer(draft.sender);
  let payment = { payment_method: null, payer_phone: null, cash_tendered: null } as Pick<
    RegisterEnvoiArgs,
    'payment_method' | 'payer_phone' | 'cash_tendered'
  >;
  if (draft.mode === 'at_intake') {
    const paying = paymentArgs(draft.payment);
    if (paying instanceof Unreadable) return paying;
    payment = paying;
  }
  return {
    sender_uid: known?.uid ?? null,
    new_sender: known
      ? null
      : { first_name: draft.sender.firstName.trim(), last_name: draft.sender.lastName.trim(), phone: draft.sender.phone.trim() },
    recipient_name: draft.recipientName.trim(),
    recipient_phone: draft.recipientPhone.trim(),
    transporteur_uid: namesCarrier ? blankToNull(draft.route.carrier) : null,
    origin_city: blankToNull(draft.route.origin),
    destination_city: draft.route.destination.trim(),
    description: null,
    colis,
    payment_mode: draft.mode,
    ...payment,
  };
}

/** The inputs of the intake form an error can point at. */
export type IntakeInput =
  | 'sender_phone'
  | 'sender_first_name'
  | 'sender_last_name'
  | 'recipient_name'
  | 'recipient_phone'
  | 'carrier'
  | 'destination'
  | 'origin'
  | 'pieces'
  | 'cash'
  | 'payer_phone'
  | 'method';

export type PieceInput = 'description' | 'weight' | 'length' | 'width' | 'height' | 'declared_value';

export type IntakeTarget = { kind: 'piece'; index: number; input: PieceInput } | { kind: IntakeInput } | { kind: 'other' };

const INTAKE_INPUT: Record<string, IntakeInput> = {
  sender_uid: 'sender_phone',
  new_sender: 'sender_phone',
  'new_sender.phone': 'sender_phone',
  'new_sender.first_name': 'sender_first_name',
  'new_sender.last_name': 'sender_last_name',
  recipient_name: 'recipient_name',
  recipient_phone: 'recipient_phone',
  transporteur_uid: 'carrier',
  destination_city: 'destination',
  origin_city: 'origin',
  colis: 'pieces',
  cash_tendered: 'cash',
  payer_phone: 'payer_phone',
  payment_method: 'method',
};

const PIECE_INPUT: Record<string, PieceInput> = {
  description: 'description',
  weight_g: 'weight',
  length_cm: 'length',
  width_cm: 'width',
  height_cm: 'height',
  declared_value: 'declared_value',
};

/** Maps Rust's error field (`colis[1].weight_g`, `new_sender.phone`, `cash_tendered`…) to the input it is about. */
export function intakeTarget(field: string | null): IntakeTarget {
  const path = field ?? '';
  const piece = /^colis\[(\d+)\]\.(\w+)$/.exec(path);
  if (piece) {
    const input = PIECE_INPUT[piece[2] ?? ''];
    return input ? { kind: 'piece', index: Number(piece[1]), input } : { kind: 'pieces' };
  }
  const input = INTAKE_INPUT[path];
  return input ? { kind: input } : { kind: 'other' };
}

/** The label shown beside an error about each input of the intake form. */
export const INTAKE_INPUT_LABEL: Record<IntakeInput, MessageKey> = {
  sender_phone: 'parcels.sender.phone',
  sender_first_name: 'field.firstName',
  sender_last_name: 'field.lastName',
  recipient_name: 'parcels.recipient.name',
  recipient_phone: 'parcels.recipient.phone',
  carrier: 'parcels.route.carrier',
  destination: 'parcels.route.destination',
  origin: 'parcels.route.origin',
  pieces: 'parcels.pieces.title',
  cash: 'sale.cash',
  payer_phone: 'payment.payerPhone',
  method: 'payment.title',
};

export const PIECE_INPUT_LABEL: Record<PieceInput, MessageKey> = {
  description: 'parcels.piece.description',
  weight: 'parcels.piece.weight',
  length: 'parcels.piece.length',
  width: 'parcels.piece.width',
  height: 'parcels.piece.height',
  declared_value: 'parcels.piece.declaredValue',
};

// ------------------------------------------------------------------------------------------------
// What an envoi allows
// ------------------------------------------------------------------------------------------------

export type EnvoiAction = 'package' | 'pay' | 'deliver' | 'newCode' | 'cancel';

/**
 * The actions an envoi offers as it stands; Rust checks each again and says why when it refuses.
 * Packaging while a piece waits; paying what is owed (cash on delivery, or after a failed payment)
 * unless a payment is still waiting for the provider; delivering once a piece has arrived and nothing
 * is owed; a new delivery code while the envoi is open; cancelling before any piece has left.
 */
export function envoiActions(envoi: Envoi): EnvoiAction[] {
  const open = envoi.status !== 'delivered' && envoi.status !== 'cancelled';
  if (!open) return [];
  const actions: EnvoiAction[] = [];
  if (envoi.colis.some((piece) => piece.status === 'pending')) actions.push('package');
  if (envoi.balance_due > 0 && envoi.payment?.status !== 'pending') actions.push('pay');
  if (envoi.balance_due === 0 && envoi.colis.some((piece) => piece.status === 'shipped')) actions.push('deliver');
  actions.push('newCode');
  if (!envoi.colis.some((piece) => piece.status === 'shipped' || piece.status === 'delivered')) actions.push('cancel');
  return actions;
}

/** Whether a piece can still be declared lost (not once delivered or already lost). */
export function canMarkLost(status: ColisStatus): boolean {
  return status === 'pending' || status === 'packaged' || status === 'shipped';
}

/** Whether a piece on a departure's parcel manifest can still be taken off (before it leaves). */
export function canUnload(status: ColisStatus): boolean {
  return status === 'packaged';
}

/** Cash on delivery is taken in cash only; any method settles a payment at intake that failed. */
export function payMethodsFor(mode: PaymentMode): readonly ('cash' | 'mobile_money' | 'card')[] {
  return mode === 'on_delivery' ? ['cash'] : ['cash', 'mobile_money', 'card'];
}

// ------------------------------------------------------------------------------------------------
// The parcel manifest of a departure
// ------------------------------------------------------------------------------------------------

/** The load against the carrier's capacity for the departure: its share, and whether it is over. */
export interface Load {
  /** Whole percent of the capacity, null when no capacity is set. */
  percent: number | null;
  over: boolean;
}

export function loadShare(totalWeightG: number, capacityG: number | null): Load {
  if (capacityG === null || capacityG <= 0) return { percent: null, over: false };
  return { percent: Math.round((totalWeightG * 100) / capacityG), over: totalWeightG > capacityG };
}

/** Whether anything loaded on a departure is still waiting to leave (then "Expédier" is offered). */
export function dispatchable(statuses: readonly ColisStatus[]): number {
  return statuses.filter((status) => status === 'packaged').length;
}

// ------------------------------------------------------------------------------------------------
// The tariff grid
// ------------------------------------------------------------------------------------------------

/** A grid row as typed: kilograms, FCFA and cm³ per kg, as text. */
export interface TariffDraft {
  /** The carrier's uid, "" for the platform's default row (administrators only). */
  carrier: string;
  fromCity: string;
  toCity: string;
  zone: string;
  minKg: string;
  maxKg: string;
  basePrice: string;
  perKg: string;
  minCharge: string;
  divisor: string;
  fragileSupplement: string;
  expressSupplement: string;
  active: boolean;
}

export function emptyTariff(): TariffDraft {
  return {
    carrier: '',
    fromCity: '',
    toCity: '',
    zone: '',
    minKg: '0',
    maxKg: '',
    basePrice: '',
    perKg: '',
    minCharge: '0',
    divisor: '',
    fragileSupplement: '0',
    expressSupplement: '0',
    active: true,
  };
}

export function draftFromTariff(tariff: Tariff): TariffDraft {
  return {
    carrier: tariff.transporteur_uid ?? '',
    fromCity: tariff.from_city ?? '',
    toCity: tariff.to_city ?? '',
    zone: tariff.zone ?? '',
    minKg: gramsToKgText(tariff.weight_min_g),
    maxKg: tariff.weight_max_g === null ? '' : gramsToKgText(tariff.weight_max_g),
    basePrice: minorToFcfaText(tariff.base_price),
    perKg: minorToFcfaText(tariff.price_per_kg),
    minCharge: minorToFcfaText(tariff.min_charge),
    divisor: tariff.volumetric_divisor === null ? '' : String(tariff.volumetric_divisor),
    fragileSupplement: minorToFcfaText(tariff.fragile_supplement),
    expressSupplement: minorToFcfaText(tariff.express_supplement),
    active: tariff.active,
  };
}

/** An amount in FCFA; empty reads as 0 (no supplement, no minimum). */
function amountOrZero(text: string, field: string): number | Unreadable {
  if (text.trim() === '') return 0;
  return fcfaToMinor(text) ?? new Unreadable(field, 'trajets.error.amount');
}

/**
 * The `parcels.set_tariff` arguments (a new row without `uid`), or the first field the UI cannot read.
 * Empty bounds mean "from 0" and "no upper bound"; an empty divisor leaves volumetric weight out; the
 * carrier is named only by an administrator ("" is the platform's default row).
 */
export function tariffArgs(draft: TariffDraft, uid: string | null, namesCarrier: boolean): SetTariffArgs | Unreadable {
  const min = draft.minKg.trim() === '' ? 0 : kgToGrams(draft.minKg);
  if (min === null) return new Unreadable('weight_min_g', 'trajets.error.weight');
  let max: number | null = null;
  if (draft.maxKg.trim() !== '') {
    max = kgToGrams(draft.maxKg);
    if (max === null) return new Unreadable('weight_max_g', 'trajets.error.weight');
  }
  const amounts = {
    base_price: amountOrZero(draft.basePrice, 'base_price'),
    price_per_kg: amountOrZero(draft.perKg, 'price_per_kg'),
    min_charge: amountOrZero(draft.minCharge, 'min_charge'),
    fragile_supplement: amountOrZero(draft.fragileSupplement, 'fragile_supplement'),
    express_supplement: amountOrZero(draft.expressSupplement, 'express_supplement'),
  };
  const unreadable = Object.values(amounts).find((value) => value instanceof Unreadable);
  if (unreadable instanceof Unreadable) return unreadable;
  let divisor: number | null = null;
  if (draft.divisor.trim() !== '') {
    divisor = readCount(draft.divisor);
    if (divisor === null) return new Unreadable('volumetric_divisor', 'trajets.error.count');
  }
  return {
    uid,
    transporteur_uid: namesCarrier ? blankToNull(draft.carrier) : null,
    from_city: blankToNull(draft.fromCity),
    to_city: blankToNull(draft.toCity),
    zone: blankToNull(draft.zone),
    weight_min_g: min,
    weight_max_g: max,
    ...(amounts as Record<keyof typeof amounts, number>),
    volumetric_divisor: divisor,
    active: draft.active,
  };
}
