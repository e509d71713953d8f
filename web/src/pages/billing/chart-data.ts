import type { LedgerEntry } from '@/api/types';

export interface BalancePoint {
  /** Milliseconds since the epoch. */
  t: number;
  balance: number;
}

type Entry = Pick<LedgerEntry, 'id' | 'amount' | 'balance_after' | 'created_at'>;

const time = (iso: string) => new Date(iso).getTime();

/**
 * The balance over time from ledger entries (any order, e.g. newest first as the API lists them):
 * one point per entry (its `balance_after`), preceded by the balance before the oldest entry and
 * followed by the current balance at `now`, so a step chart shows each change as a jump and runs
 * up to today. Entries with the same time keep their id order (ids are time-ordered UUIDv7).
 */
export function balanceSeries(entries: readonly Entry[], now = Date.now()): BalancePoint[] {
  const sorted = entries
    .filter((e) => Number.isFinite(time(e.created_at)))
    .sort((a, b) => time(a.created_at) - time(b.created_at) || a.id.localeCompare(b.id));
  if (sorted.length === 0) return [];
  const first = sorted[0];
  const points: BalancePoint[] = [{ t: time(first.created_at), balance: first.balance_after - first.amount }];
  for (const e of sorted) points.push({ t: time(e.created_at), balance: e.balance_after });
  const last = points[points.length - 1];
  if (now > last.t) points.push({ t: now, balance: last.balance });
  return points;
}

/** Credits added and spent (as a positive number) across the given entries. */
export function ledgerTotals(entries: readonly Pick<LedgerEntry, 'amount'>[]): { added: number; spent: number } {
  let added = 0;
  let spent = 0;
  for (const e of entries) {
    if (e.amount >= 0) added += e.amount;
    else spent -= e.amount;
  }
  return { added, spent };
}
