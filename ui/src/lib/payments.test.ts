import { describe, expect, it } from 'vitest';
import {
  afterRetry,
  CHECK_EVERY_MS,
  CHECK_FOR_MS,
  keepChecking,
  methodOpen,
  paymentArgs,
  paymentStage,
  paymentTarget,
  reservationPaymentAction,
  withPayment,
} from './payments';
import { payment, reservation, saleReceipt } from './testing/fixtures';
import { Unreadable } from './trajets';

const CONFIGURED = { configured: true, base_url: 'http://127.0.0.1:9', merchant_id: 'M-1', has_api_key: true };
const MISSING = { configured: false, base_url: null, merchant_id: null, has_api_key: false };

describe('the methods a clerk may choose', () => {
  it('always offers cash, and mobile money and card only once the provider is set up', () => {
    expect(methodOpen('cash', MISSING)).toBe(true);
    expect(methodOpen('cash', null)).toBe(true);
    expect(methodOpen('mobile_money', MISSING)).toBe(false);
    expect(methodOpen('card', null)).toBe(false);
    expect(methodOpen('mobile_money', CONFIGURED)).toBe(true);
    expect(methodOpen('card', CONFIGURED)).toBe(true);
  });
});

describe('the payment part of sales.sell and payments.retry', () => {
  it('sends the cash handed over for cash only, empty meaning exact money', () => {
    expect(paymentArgs({ method: 'cash', payerPhone: '771234567', cash: '10 000' })).toEqual({
      payment_method: 'cash',
      payer_phone: null,
      cash_tendered: 1_000_000,
    });
    expect(paymentArgs({ method: 'cash', payerPhone: '', cash: '' })).toMatchObject({ cash_tendered: null });
    expect(paymentArgs({ method: 'cash', payerPhone: '', cash: 'dix mille' })).toBeInstanceOf(Unreadable);
  });

  it('sends the payer’s phone for mobile money only, trimmed, and never the cash typed before', () => {
    expect(paymentArgs({ method: 'mobile_money', payerPhone: ' 77 123 45 67 ', cash: '5000' })).toEqual({
      payment_method: 'mobile_money',
      payer_phone: '77 123 45 67',
      cash_tendered: null,
    });
    expect(paymentArgs({ method: 'mobile_money', payerPhone: '  ', cash: '' })).toMatchObject({ payer_phone: null });
    expect(paymentArgs({ method: 'card', payerPhone: '771234567', cash: '5000' })).toEqual({
      payment_method: 'card',
      payer_phone: null,
      cash_tendered: null,
    });
  });

  it('points Rust’s errors at the cash or the payer’s phone', () => {
    expect(paymentTarget('cash_tendered')).toBe('cash');
    expect(paymentTarget('payer_phone')).toBe('payer_phone');
    expect(paymentTarget('payment_uid')).toBeNull();
    expect(paymentTarget(null)).toBeNull();
  });
});

describe('what a sale’s payment asks of the screen', () => {
  it('shows the receipt for cash and a completed provider payment', () => {
    expect(paymentStage(null)).toBe('paid');
    expect(paymentStage(payment({ status: 'completed' }))).toBe('paid');
    expect(paymentStage(payment({ status: 'refunded' }))).toBe('paid');
  });

  it('waits while the customer has not answered, and offers to take it again once it failed', () => {
    expect(paymentStage(payment({ status: 'pending' }))).toBe('waiting');
    expect(paymentStage(payment({ status: 'failed' }))).toBe('failed');
  });

  it('asks every 3 seconds for about 2 minutes, then stops asking on its own', () => {
    expect(CHECK_EVERY_MS).toBe(3_000);
    expect(keepChecking(0, CHECK_EVERY_MS)).toBe(true);
    expect(keepChecking(0, CHECK_FOR_MS - 1)).toBe(true);
    expect(keepChecking(0, CHECK_FOR_MS)).toBe(false);
  });

  it('keeps the sale and takes the payment as the provider now sees it', () => {
    const receipt = saleReceipt();
    const paid = payment({ status: 'completed', message: 'Paiement accepté' });
    expect(withPayment(receipt, paid)).toEqual({ ...receipt, payment: paid });
  });

  it('after taking the payment again in cash, shows the cash, the change and the confirmed tickets', () => {
    const receipt = saleReceipt({ payment: payment({ status: 'failed', message: 'Solde insuffisant' }) });
    const confirmed = [reservation({ status: 'confirmed' })];
    const cash = payment({ uid: 'p2', method: 'cash', status: 'completed', provider_reference: null, message: null });
    const now = afterRetry(
      receipt,
      { payment: cash, reservations: confirmed, change_due: 50_000 },
      { payment_method: 'cash', payer_phone: null, cash_tendered: 300_000 },
    );
    expect(now).toMatchObject({ payment_method: 'cash', payment: cash, cash_tendered: 300_000, change_due: 50_000 });
    expect(now.reservations).toBe(confirmed);
    expect(paymentStage(now.payment)).toBe('paid');
  });

  it('after taking it again by mobile money, waits again and shows no cash', () => {
    const receipt = saleReceipt({ payment: payment({ status: 'failed' }) });
    const again = payment({ uid: 'p2', status: 'pending' });
    const now = afterRetry(
      receipt,
      { payment: again, reservations: receipt.reservations, change_due: null },
      { payment_method: 'mobile_money', payer_phone: '771234568', cash_tendered: null },
    );
    expect(now).toMatchObject({ payment_method: 'mobile_money', cash_tendered: null, change_due: null });
    expect(paymentStage(now.payment)).toBe('waiting');
  });
});

describe('an unpaid reservation', () => {
  const ref = (status: 'pending' | 'failed' | 'completed') => ({ uid: 'p1', method: 'mobile_money' as const, status });

  it('offers "Vérifier" while the provider has not answered', () => {
    expect(reservationPaymentAction(reservation({ status: 'pending', payment: ref('pending') }))).toBe('check');
  });

  it('offers to take the payment again once it failed, while the seats are held', () => {
    expect(reservationPaymentAction(reservation({ status: 'pending', payment: ref('failed') }))).toBe('retry');
  });

  it('offers nothing once paid, cancelled, or without any payment', () => {
    expect(reservationPaymentAction(reservation({ status: 'confirmed', payment: ref('completed') }))).toBeNull();
    expect(reservationPaymentAction(reservation({ status: 'cancelled', payment: ref('failed') }))).toBeNull();
    expect(reservationPaymentAction(reservation({ status: 'pending', payment: null }))).toBeNull();
  });
});
