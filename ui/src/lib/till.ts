//! Pure logic of the till (caisse): the amounts the clerk types to open and close it, the report's
//! totals over the payment methods, and the closing difference worded as balanced, short or over.
//! The figures themselves come from Rust's X and Z reports; nothing is counted here.

import type { TillMethodFigures, TillSession } from './bindings';
import type { MessageKey } from './i18n/fr';
import { fcfaToMinor, Unreadable } from './trajets';

/** An amount of cash the clerk must type (the opening float, the cash counted), in hundredths. */
export function cashAmountArg(field: 'opening_float' | 'counted_cash', text: string): number | Unreadable {
  if (text.trim() === '') return new Unreadable(field, 'till.error.amountRequired');
  return fcfaToMinor(text) ?? new Unreadable(field, 'trajets.error.amount');
}

/** The sales, refunds and net of every method together (the report's last line). */
export interface TillTotals {
  salesCount: number;
  salesAmount: number;
  refundsCount: number;
  refundsAmount: number;
  net: number;
}

export function tillTotals(methods: readonly TillMethodFigures[]): TillTotals {
  return methods.reduce<TillTotals>(
    (sum, line) => ({
      salesCount: sum.salesCount + line.sales_count,
      salesAmount: sum.salesAmount + line.sales_amount,
      refundsCount: sum.refundsCount + line.refunds_count,
      refundsAmount: sum.refundsAmount + line.refunds_amount,
      net: sum.net + line.net,
    }),
    { salesCount: 0, salesAmount: 0, refundsCount: 0, refundsAmount: 0, net: 0 },
  );
}

/** The cash counted against the expected: the drawer is right, short (a shortfall) or over (an excess). */
export type Balance = 'balanced' | 'shortfall' | 'excess';

export function balance(difference: number): Balance {
  if (difference < 0) return 'shortfall';
  return difference > 0 ? 'excess' : 'balanced';
}

/** The words of a closing difference; each takes the `{amount}` without its sign. */
export const BALANCE_LABEL: Record<Balance, MessageKey> = {
  balanced: 'till.balance.balanced',
  shortfall: 'till.balance.shortfall',
  excess: 'till.balance.excess',
};

/** An X report (figures so far, the till still open) or a Z report (kept as it was at closing). */
export function reportKind(session: TillSession): 'x' | 'z' {
  return session.status === 'closed' ? 'z' : 'x';
}
