import { describe, expect, it } from 'vitest';
import { balance, BALANCE_LABEL, cashAmountArg, reportKind, tillTotals } from './till';
import { tillReport, tillSession } from './testing/fixtures';
import { Unreadable } from './trajets';
import { fr } from './i18n/fr';
import { translate } from './i18n/translate';

describe('the cash the clerk types', () => {
  it('reads the opening float and the counted cash in FCFA', () => {
    expect(cashAmountArg('opening_float', '10 000')).toBe(1_000_000);
    expect(cashAmountArg('counted_cash', '0')).toBe(0);
    expect(cashAmountArg('counted_cash', '12 750,50')).toBe(1_275_050);
  });

  it('asks for an amount when nothing is typed, and for figures when it cannot read one', () => {
    expect(cashAmountArg('opening_float', '  ')).toEqual(new Unreadable('opening_float', 'till.error.amountRequired'));
    expect(cashAmountArg('counted_cash', 'beaucoup')).toEqual(new Unreadable('counted_cash', 'trajets.error.amount'));
  });
});

describe('the report', () => {
  it('adds the methods up into the last line', () => {
    expect(tillTotals(tillReport().methods)).toEqual({
      salesCount: 3,
      salesAmount: 775_000,
      refundsCount: 2,
      refundsAmount: 450_000,
      net: 325_000,
    });
    expect(tillTotals([])).toEqual({ salesCount: 0, salesAmount: 0, refundsCount: 0, refundsAmount: 0, net: 0 });
  });

  it('is an X report while the till is open and a Z report once closed', () => {
    expect(reportKind(tillSession())).toBe('x');
    expect(reportKind(tillSession({ status: 'closed', closed_at: '2026-03-02T18:00:00Z' }))).toBe('z');
  });
});

describe('the closing difference', () => {
  it('words counted minus expected as balanced, a shortfall or an excess', () => {
    expect(balance(0)).toBe('balanced');
    expect(balance(-50_000)).toBe('shortfall');
    expect(balance(2_500)).toBe('excess');
  });

  it('says the amount without its sign', () => {
    expect(translate(fr, BALANCE_LABEL[balance(-50_000)], { amount: '500 F CFA' })).toBe('Manque de 500 F CFA');
    expect(translate(fr, BALANCE_LABEL[balance(2_500)], { amount: '25 F CFA' })).toBe('Excédent de 25 F CFA');
    expect(translate(fr, BALANCE_LABEL.balanced)).toBe('Caisse juste : aucun écart');
  });
});
