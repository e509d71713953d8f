import { describe, expect, it } from 'vitest';
import { makeCall } from '@/test/calls-fixture';
import {
  callsPerDay,
  callStats,
  durationTicks,
  collectedRows,
  EMPTY_CALL_FILTERS,
  exportHref,
  filtersFromSearch,
  filtersToSearch,
  formatDuration,
  formatOffset,
  hasFilters,
  liveDuration,
  matchesFilters,
  mergeCall,
  timeAgo,
  toCallQuery,
  type CallFilters,
} from './calls';

const f = (over: Partial<CallFilters> = {}): CallFilters => ({ ...EMPTY_CALL_FILTERS, ...over });

describe('formatDuration', () => {
  it('formats minutes and seconds', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(60)).toBe('1:00');
    expect(formatDuration(133)).toBe('2:13');
    expect(formatDuration(3599)).toBe('59:59');
  });

  it('adds hours from an hour on', () => {
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3 * 3600 + 5 * 60 + 7)).toBe('3:05:07');
  });

  it('treats missing, negative and fractional values sensibly', () => {
    expect(formatDuration(null)).toBe('0:00');
    expect(formatDuration(undefined)).toBe('0:00');
    expect(formatDuration(-4)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
    expect(formatDuration(61.9)).toBe('1:01');
  });

  it('formats transcript offsets in milliseconds', () => {
    expect(formatOffset(0)).toBe('0:00');
    expect(formatOffset(4000)).toBe('0:04');
    expect(formatOffset(65_999)).toBe('1:05');
  });
});

describe('liveDuration and timeAgo', () => {
  it('counts a running call from when it was answered', () => {
    const now = Date.parse('2026-12-01T10:01:30Z');
    expect(liveDuration(makeCall({ status: 'in_progress', duration_secs: 0, answered_at: '2026-12-01T10:00:10Z' }), now)).toBe(80);
    expect(liveDuration(makeCall({ status: 'completed' }), now)).toBe(133);
    // A built-in call records its start when it ends: count from its creation meanwhile.
    expect(
      liveDuration(makeCall({ status: 'in_progress', duration_secs: 0, started_at: null, answered_at: null, created_at: '2026-12-01T10:01:00Z' }), now),
    ).toBe(30);
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(timeAgo('2026-12-01T11:59:40Z', now)).toBe('just now');
    expect(timeAgo('2026-12-01T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-12-01T09:00:00Z', now)).toBe('3 h ago');
  });
});

describe('filters', () => {
  it('round-trips through the page URL and drops junk', () => {
    const filters = f({ status: 'completed', q: 'move appointment', from: '2026-12-01' });
    const search = filtersToSearch(filters);
    expect(search).toBe('?status=completed&from=2026-12-01&q=move+appointment');
    expect(filtersFromSearch(search)).toEqual(filters);
    expect(filtersToSearch(EMPTY_CALL_FILTERS)).toBe('');
    expect(filtersFromSearch('?from=yesterday&to=2026-12-31&other=1')).toEqual(f({ to: '2026-12-31' }));
  });

  it('knows when any filter is set', () => {
    expect(hasFilters(EMPTY_CALL_FILTERS)).toBe(false);
    expect(hasFilters(f({ q: '  ' }))).toBe(false);
    expect(hasFilters(f({ direction: 'inbound' }))).toBe(true);
  });

  it('builds the API query: empty values left out, text trimmed, days as RFC 3339 instants', () => {
    expect(toCallQuery(EMPTY_CALL_FILTERS)).toEqual({});
    const q = toCallQuery(f({ agent_id: 'a1', status: 'failed', direction: 'outbound', number: ' 555 ', q: ' pizza ', from: '2026-12-01', to: '2026-12-03' }));
    expect(q).toEqual({
      agent_id: 'a1',
      status: 'failed',
      direction: 'outbound',
      number: '555',
      q: 'pizza',
      // Local midnight at the start of the first day, and at the end of the last (exclusive).
      from: new Date(2026, 11, 1).toISOString(),
      to: new Date(2026, 11, 4).toISOString(),
    });
  });

  it('links the CSV export with the same query', () => {
    expect(exportHref(EMPTY_CALL_FILTERS)).toBe('/api/v1/calls/export');
    const href = exportHref(f({ q: 'appointment', direction: 'inbound' }));
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/v1/calls/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ direction: 'inbound', q: 'appointment' });
  });
});

describe('callsPerDay', () => {
  const at = (y: number, m: number, d: number, h = 10) => new Date(y, m - 1, d, h).toISOString();
  const now = new Date(2026, 11, 14, 15).getTime();

  it('gives 14 zero-filled days ending today, oldest first', () => {
    const days = callsPerDay([], 14, now);
    expect(days).toHaveLength(14);
    expect(days[0]).toEqual({ day: '2026-12-01', calls: 0, avgSecs: null });
    expect(days[13].day).toBe('2026-12-14');
  });

  it('counts calls per local day with their average duration', () => {
    const days = callsPerDay(
      [
        makeCall({ started_at: at(2026, 12, 14, 9), duration_secs: 60 }),
        makeCall({ started_at: at(2026, 12, 14, 11), duration_secs: 121 }),
        makeCall({ started_at: null, created_at: at(2026, 12, 10), duration_secs: 30 }),
        makeCall({ started_at: at(2026, 11, 1), duration_secs: 999 }), // outside the range
      ],
      14,
      now,
    );
    const byDay = Object.fromEntries(days.map((d) => [d.day, d]));
    expect(byDay['2026-12-14']).toEqual({ day: '2026-12-14', calls: 2, avgSecs: 91 });
    expect(byDay['2026-12-10']).toEqual({ day: '2026-12-10', calls: 1, avgSecs: 30 });
    expect(days.reduce((n, d) => n + d.calls, 0)).toBe(3);
  });

  it('ends on the newest call when all loaded calls are older than the range', () => {
    const days = callsPerDay([makeCall({ started_at: at(2026, 10, 3), duration_secs: 10 })], 14, now);
    expect(days[13]).toEqual({ day: '2026-10-03', calls: 1, avgSecs: 10 });
    expect(days[0].day).toBe('2026-09-20');
  });
});

describe('durationTicks', () => {
  it('picks round steps', () => {
    expect(durationTicks(133)).toEqual([0, 60, 120, 180]);
    expect(durationTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(durationTicks(3000)).toEqual([0, 900, 1800, 2700, 3600]);
    expect(durationTicks(0)).toEqual([0, 15, 30, 45, 60]);
    expect(durationTicks(100_000)).toEqual([0, 25_200, 50_400, 75_600, 100_800]);
  });
});

describe('callStats', () => {
  it('sums up the loaded calls', () => {
    expect(callStats([])).toEqual({ count: 0, avgSecs: 0, successRate: null, credits: 0 });
    const stats = callStats([
      makeCall({ duration_secs: 60, successful: true, cost_credits: 1 }),
      makeCall({ duration_secs: 120, successful: false, cost_credits: 2 }),
      makeCall({ duration_secs: 0, successful: null, cost_credits: 0 }),
    ]);
    expect(stats).toEqual({ count: 3, avgSecs: 60, successRate: 0.5, credits: 3 });
  });
});

describe('collectedRows', () => {
  it('unwraps provider values and keeps plain ones', () => {
    expect(
      collectedRows({
        new_day: { value: 'Friday', rationale: 'The caller said Friday.' },
        count: 2,
        empty: { value: null },
        nested: { a: 1 },
      }),
    ).toEqual([
      { key: 'new_day', value: 'Friday', note: 'The caller said Friday.' },
      { key: 'count', value: '2' },
      { key: 'empty', value: '—' },
      { key: 'nested', value: '{"a":1}' },
    ]);
    expect(collectedRows(null)).toEqual([]);
  });
});

describe('live merging', () => {
  const older = makeCall({ id: 'old', created_at: '2026-12-01T09:00:00Z' });
  const newer = makeCall({ id: 'new', created_at: '2026-12-01T11:00:00Z', status: 'in_progress' });

  it('checks the filters the browser can check', () => {
    expect(matchesFilters(newer, EMPTY_CALL_FILTERS)).toBe(true);
    expect(matchesFilters(newer, f({ status: 'completed' }))).toBe(false);
    expect(matchesFilters(newer, f({ agent_id: 'other' }))).toBe(false);
    expect(matchesFilters(newer, f({ direction: 'outbound' }))).toBe(false);
    expect(matchesFilters(newer, f({ number: '5550123' }))).toBe(true);
    expect(matchesFilters(newer, f({ number: '999' }))).toBe(false);
    expect(matchesFilters(newer, f({ from: '2030-01-01' }))).toBe(false);
    // Transcript search is the server's business.
    expect(matchesFilters(newer, f({ q: 'pizza' }))).toBeNull();
  });

  it('puts a new call on top of the first page', () => {
    const pages = [{ items: [older], next_cursor: null }];
    const r = mergeCall(pages, newer, EMPTY_CALL_FILTERS);
    expect(r.change).toBe('inserted');
    expect(r.pages[0].items.map((c) => c.id)).toEqual(['new', 'old']);
    expect(pages[0].items).toHaveLength(1); // not mutated
  });

  it('fills an empty list', () => {
    const r = mergeCall([{ items: [], next_cursor: null }], newer, EMPTY_CALL_FILTERS);
    expect(r.change).toBe('inserted');
    expect(r.pages[0].items).toEqual([newer]);
  });

  it('replaces a listed call where it is, even on a later page', () => {
    const pages = [
      { items: [newer], next_cursor: 'c2' },
      { items: [older], next_cursor: null },
    ];
    const done = { ...older, status: 'failed' };
    const r = mergeCall(pages, done, f({ status: 'completed' }));
    expect(r.change).toBe('updated');
    expect(r.pages[1].items[0].status).toBe('failed');
    expect(r.pages[1].next_cursor).toBeNull();
    expect(r.pages[0]).toBe(pages[0]);
  });

  it('leaves out calls that do not match, cannot be checked, or belong to an unloaded page', () => {
    const pages = [{ items: [older], next_cursor: null }];
    expect(mergeCall(pages, newer, f({ status: 'completed' })).change).toBe('none');
    expect(mergeCall(pages, newer, f({ q: 'appointment' })).change).toBe('none');
    expect(mergeCall([], newer, EMPTY_CALL_FILTERS).change).toBe('none');
    const ancient = makeCall({ id: 'ancient', created_at: '2020-01-01T00:00:00Z' });
    expect(mergeCall([{ items: [older], next_cursor: 'more' }], ancient, EMPTY_CALL_FILTERS).change).toBe('none');
    expect(mergeCall([{ items: [older], next_cursor: null }], ancient, EMPTY_CALL_FILTERS).change).toBe('inserted');
  });
});
