import { describe, expect, it } from 'vitest';
import { balanceSeries, ledgerTotals } from './chart-data';

const entry = (id: string, created_at: string, amount: number, balance_after: number) => ({ id, created_at, amount, balance_after });

describe('balanceSeries', () => {
  it('is empty without entries', () => {
    expect(balanceSeries([])).toEqual([]);
  });

  it('orders newest-first entries by time and starts from the balance before the oldest one', () => {
    const now = Date.parse('2026-12-05T00:00:00Z');
    const points = balanceSeries(
      [
        entry('03', '2026-12-03T10:00:00Z', -12, 13),
        entry('02', '2026-12-02T10:00:00Z', 10, 25),
        entry('01', '2026-12-01T10:00:00Z', 15, 15),
      ],
      now,
    );
    expect(points).toEqual([
      { t: Date.parse('2026-12-01T10:00:00Z'), balance: 0 },
      { t: Date.parse('2026-12-01T10:00:00Z'), balance: 15 },
      { t: Date.parse('2026-12-02T10:00:00Z'), balance: 25 },
      { t: Date.parse('2026-12-03T10:00:00Z'), balance: 13 },
      { t: now, balance: 13 },
    ]);
  });

  it('keeps id order for entries at the same instant and does not add a point before the last entry', () => {
    const at = '2026-12-01T10:00:00Z';
    const points = balanceSeries([entry('b', at, -2, 13), entry('a', at, 15, 15)], Date.parse(at));
    expect(points.map((p) => p.balance)).toEqual([0, 15, 13]);
  });

  it('starts from the right balance when only a later page is loaded', () => {
    const points = balanceSeries([entry('x', '2026-12-01T10:00:00Z', -5, 40)], Date.parse('2026-12-01T10:00:00Z'));
    expect(points.map((p) => p.balance)).toEqual([45, 40]);
  });

  it('skips entries with a bad timestamp', () => {
    expect(balanceSeries([entry('x', 'not a date', 1, 1)])).toEqual([]);
  });
});

describe('ledgerTotals', () => {
  it('sums credits added and spent', () => {
    expect(ledgerTotals([{ amount: 15 }, { amount: -12 }, { amount: -1 }, { amount: 5 }])).toEqual({ added: 20, spent: 13 });
  });
});
