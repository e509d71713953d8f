import type { AuditEntry } from '@/api/types';

export interface DayBucket {
  day: string; // YYYY-MM-DD (local time)
  total: number;
  [action: string]: number | string;
}

function localDay(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Counts entries per day and action. The `top` most frequent actions keep their own series, the
 * rest are summed as "other". Days are sorted ascending; days without entries are filled with 0
 * between the first and last day (at most 60 days), and the range covers at least `minDays` days
 * ending on the last one, so a single busy day still reads as a timeline.
 */
export function actionsPerDay(entries: Pick<AuditEntry, 'action' | 'created_at'>[], top = 4, minDays = 7) {
  const freq = new Map<string, number>();
  for (const e of entries) freq.set(e.action, (freq.get(e.action) ?? 0) + 1);
  const series = [...freq.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([a]) => a);
  const hasOther = freq.size > series.length;
  const keys = hasOther ? [...series, 'other'] : series;

  const byDay = new Map<string, DayBucket>();
  const empty = (day: string): DayBucket => {
    const b: DayBucket = { day, total: 0 };
    for (const k of keys) b[k] = 0;
    return b;
  };
  for (const e of entries) {
    const day = localDay(e.created_at);
    const bucket = byDay.get(day) ?? empty(day);
    const key = series.includes(e.action) ? e.action : 'other';
    bucket[key] = (bucket[key] as number) + 1;
    bucket.total += 1;
    byDay.set(day, bucket);
  }
  const days = [...byDay.keys()].sort();
  if (days.length > 0) {
    const start = new Date(`${days[0]}T12:00:00`);
    const end = new Date(`${days[days.length - 1]}T12:00:00`);
    const earliest = new Date(end);
    earliest.setDate(earliest.getDate() - (minDays - 1));
    if (earliest < start) start.setTime(earliest.getTime());
    for (let d = new Date(start), i = 0; d <= end && i < 60; d.setDate(d.getDate() + 1), i++) {
      const key = localDay(d.toISOString());
      if (!byDay.has(key)) byDay.set(key, empty(key));
    }
  }
  const data = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  return { data, keys };
}
