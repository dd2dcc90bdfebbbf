//! Pure logic of payments at the counter: the methods a clerk may choose, the payment part of
//! `sales.sell` and `payments.retry`, what a provider payment's status asks of the screen (receipt,
//! waiting, taking it again), how long the waiting panel keeps asking, and the words for each state.

import type {
  PaymentEvent,
  PaymentMethod,
  PaymentStatus,
  PaymentView,
  ProviderSettingsView,
  Reservation,
  RetryReceipt,
  SaleReceipt,
} from './bindings';
import type { MessageKey } from './i18n/fr';
import { cashArg } from './sale';
import { Unreadable } from './trajets';

/** The methods, in the order the clerk sees them: cash first, it is the counter's habit. */
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'mobile_money', 'card'];

export const PAYMENT_METHOD_LABEL: Record<PaymentMethod, MessageKey> = {
  cash: 'paymentMethod.cash',
  mobile_money: 'paymentMethod.mobile_money',
  card: 'paymentMethod.card',
};

export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'completed', 'failed', 'refunded'];

export const PAYMENT_STATUS_LABEL: Record<PaymentStatus, MessageKey> = {
  pending: 'paymentStatus.pending',
  completed: 'paymentStatus.completed',
  failed: 'paymentStatus.failed',
  refunded: 'paymentStatus.refunded',
};

/** The badge class of a payment status (the shared badge colours of app.css). */
export const PAYMENT_STATUS_BADGE: Record<PaymentStatus, string> = {
  pending: 'suspended',
  completed: 'active',
  failed: 'suspended',
  refunded: 'cancelled',
};

export const PAYMENT_EVENT_LABEL: Record<PaymentEvent, MessageKey> = {
  attempt: 'paymentEvent.attempt',
  success: 'paymentEvent.success',
  failure: 'paymentEvent.failure',
  refund: 'paymentEvent.refund',
  reconciliation: 'paymentEvent.reconciliation',
  timeout: 'paymentEvent.timeout',
};

/** Whether a method can be chosen now: cash always, mobile money and card once the provider is set up. */
export function methodOpen(method: PaymentMethod, provider: ProviderSettingsView | null): boolean {
  return method === 'cash' || provider?.configured === true;
}

/** How the clerk says the sale is paid, as typed. */
export interface PaymentDraft {
  method: PaymentMethod;
  /** The mobile money payer's phone (who approves on the phone). */
  payerPhone: string;
  /** The cash handed over, empty for exact money. */
  cash: string;
}

/** The payment part of `sales.sell` and `payments.retry`. */
export interface PaymentArgs {
  payment_method: PaymentMethod;
  payer_phone: string | null;
  cash_tendered: number | null;
}

/**
 * The payment arguments of a draft: the cash handed over only for cash, the payer's phone only for
 * mobile money (left empty, Rust says it is required); Unreadable when the cash is not a number.
 */
export function paymentArgs(draft: PaymentDraft): PaymentArgs | Unreadable {
  if (draft.method === 'cash') {
    const cash = cashArg(draft.cash);
    if (cash instanceof Unreadable) return cash;
    return { payment_method: 'cash', payer_phone: null, cash_tendered: cash };
  }
  const phone = draft.method === 'mobile_money' ? draft.payerPhone.trim() : '';
  return { payment_method: draft.method, payer_phone: phone === '' ? null : phone, cash_tendered: null };
}

/** Which input an error of the payment part is about. */
export function paymentTarget(field: string | null): 'cash' | 'payer_phone' | null {
  if (field === 'cash_tendered') return 'cash';
  if (field === 'payer_phone') return 'payer_phone';
  return null;
}

/**
 * What a sale's payment asks of the screen: the receipt once paid (cash, or the provider said yes),
 * a waiting panel while the customer has not answered on the phone, the provider's refusal and
 * "Reprendre le paiement" when it failed. Tickets are printed only from the receipt.
 */
export type PaymentStage = 'paid' | 'waiting' | 'failed';

export function paymentStage(payment: PaymentView | null): PaymentStage {
  switch (payment?.status) {
    case 'pending':
      return 'waiting';
    case 'failed':
      return 'failed';
    default:
      return 'paid';
  }
}

/** The waiting panel asks the provider again this often… */
export const CHECK_EVERY_MS = 3_000;
/** …for this long; then only "Vérifier maintenant" asks. */
export const CHECK_FOR_MS = 120_000;

/** Whether the waiting panel still asks on its own, `startedAt` and `now` in milliseconds. */
export function keepChecking(startedAt: number, now: number): boolean {
  return now - startedAt < CHECK_FOR_MS;
}

/** The sale's receipt with its payment as the provider now sees it. */
export function withPayment(receipt: SaleReceipt, payment: PaymentView): SaleReceipt {
  return { ...receipt, payment };
}

/**
 * The sale's receipt after the payment was taken again: the new payment and the reservations as they
 * now stand; the cash handed over and the change only when paid in cash.
 */
export function afterRetry(receipt: SaleReceipt, retry: RetryReceipt, args: PaymentArgs): SaleReceipt {
  const cash = args.payment_method === 'cash';
  return {
    ...receipt,
    reservations: retry.reservations,
    payment_method: args.payment_method,
    payment: retry.payment,
    cash_tendered: cash ? (args.cash_tendered ?? null) : null,
    change_due: cash ? retry.change_due : null,
  };
}

/**
 * What an unpaid reservation offers about its payment: "Vérifier" while the provider has not
 * answered, "Reprendre le paiement" once it failed (the seats are still held). Nothing otherwise.
 */
export function reservationPaymentAction(reservation: Reservation): 'check' | 'retry' | null {
  if (reservation.status !== 'pending' || !reservation.payment) return null;
  if (reservation.payment.status === 'pending') return 'check';
  if (reservation.payment.status === 'failed') return 'retry';
  return null;
}
