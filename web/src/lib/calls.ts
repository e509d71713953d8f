/**
 * Pure helpers for the call pages: filters (page URL ↔ API query), duration formatting, the
 * per-day chart data and merging live updates into loaded lists.
 */
import type { Call } from '@/api/calls';
import type { Page } from '@/api/types';

/** The permission every call page and endpoint needs. */
export const CALLS_READ = 'calls:read';

export const CALL_STATUSES = ['queued', 'ringing', 'in_progress', 'completed', 'failed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** The list filters as the page keeps them (dates are local calendar days, `YYYY-MM-DD`). */
export interface CallFilters {
  agent_id: string;
  status: string;
  direction: string;
  number: string;
  from: string;
  to: string;
  q: string;
}

export const EMPTY_CALL_FILTERS: CallFilters = {
  agent_id: '',
  status: '',
  direction: '',
  number: '',
  from: '',
  to: '',
  q: '',
};

const FILTER_KEYS = Object.keys(EMPTY_CALL_FILTERS) as (keyof CallFilters)[];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from the page's query string (unknown keys and bad dates are dropped). */
export function filtersFromSearch(search: string): CallFilters {
  const params = new URLSearchParams(search);
  const f = { ...EMPTY_CALL_FILTERS };
  for (const k of FILTER_KEYS) f[k] = params.get(k) ?? '';
  if (f.from && !DAY.test(f.from)) f.from = '';
  if (f.to && !DAY.test(f.to)) f.to = '';
  return f;
}

/** The page's query string for the filters ("" when none is set, else "?a=b&…"). */
export function filtersToSearch(f: CallFilters): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k].trim();
    if (v) params.set(k, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function hasFilters(f: CallFilters): boolean {
  return FILTER_KEYS.some((k) => f[k].trim() !== '');
}

/** Local midnight at the start of a `YYYY-MM-DD` day. */
function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00`);
}

/** The API's query for the filters: empty values left out, days turned into RFC 3339 instants. */
export interface CallQuery {
  agent_id?: string;
  status?: string;
  direction?: string;
  number?: string;
  from?: string;
  to?: string;
  q?: string;
}

export function toCallQuery(f: CallFilters): CallQuery {
  const out: CallQuery = {};
  const text = (v: string) => v.trim() || undefined;
  if (text(f.agent_id)) out.agent_id = f.agent_id.trim();
  if (text(f.status)) out.status = f.status.trim();
  if (text(f.direction)) out.direction = f.direction.trim();
  if (text(f.number)) out.number = f.number.trim();
  if (f.from && DAY.test(f.from)) out.from = startOfDay(f.from).toISOString();
  if (f.to && DAY.test(f.to)) {
    // `to` is exclusive on the server ("created before"): the day after the chosen one.
    const end = startOfDay(f.to);
    end.setDate(end.getDate() + 1);
    out.to = end.toISOString();
  }
  if (text(f.q)) out.q = f.q.trim();
  return out;
}

/** The CSV export link for the filters (the session cookie authenticates the download). */
export function exportHref(f: CallFilters): string {
  const params = new URLSearchParams(toCallQuery(f) as Record<string, string>);
  const s = params.toString();
  return `/api/v1/calls/export${s ? `?${s}` : ''}`;
}

// --- formatting -------------------------------------------------------------------------------

/** Seconds as "m:ss" ("h:mm:ss" from an hour on). */
export function formatDuration(totalSecs: number | null | undefined): string {
  const s = Number.isFinite(totalSecs) && (totalSecs as number) > 0 ? Math.floor(totalSecs as number) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A transcript offset in milliseconds as "m:ss". */
export function formatOffset(ms: number | null | undefined): string {
  return formatDuration(Number.isFinite(ms) ? Math.floor((ms as number) / 1000) : 0);
}

/** When the call happened: its start, else when it was created. */
export function callTime(c: Pick<Call, 'started_at' | 'created_at'>): string {
  return c.started_at ?? c.created_at;
}

/**
 * Seconds a call has lasted: the recorded duration, or for a running call the time since it was
 * answered (or started; or created, for calls whose start is only recorded at the end).
 */
export function liveDuration(
  c: Pick<Call, 'status' | 'duration_secs' | 'started_at' | 'answered_at'> & Partial<Pick<Call, 'created_at'>>,
  now = Date.now(),
): number {
  if (c.status === 'in_progress') {
    const since = Date.parse(c.answered_at ?? c.started_at ?? c.created_at ?? '');
    if (Number.isFinite(since)) return Math.max(0, Math.floor((now - since) / 1000));
  }
  return c.duration_secs;
}

/** "just now", "5 min ago", "3 h ago", else a date. */
export function timeAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const secs = Math.max(0, Math.round((now - t) / 1000));
  if (secs < 45) return 'just now';
  const mins = Math.round(secs / 60);
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

// --- chart data -------------------------------------------------------------------------------

export interface CallDay {
  /** YYYY-MM-DD, local time. */
  day: string;
  calls: number;
  /** Average duration of the day's calls in seconds (null without calls). */
  avgSecs: number | null;
}

function localDay(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Calls and average duration per day over `days` days, oldest first, zero-filled. The range ends
 * today, or on the newest loaded call's day when every call is older than the range (a filtered
 * look at the past still shows its calls).
 */
export function callsPerDay(calls: Pick<Call, 'started_at' | 'created_at' | 'duration_secs'>[], days = 14, now = Date.now()): CallDay[] {
  const times = calls.map((c) => Date.parse(callTime(c)));
  const valid = times.filter(Number.isFinite);
  let end = new Date(now);
  if (valid.length > 0) {
    const newest = Math.max(...valid);
    const start = new Date(now);
    start.setHours(12, 0, 0, 0);
    start.setDate(start.getDate() - (days - 1));
    if (newest < startOfDay(localDay(start.getTime())).getTime()) end = new Date(newest);
  }
  end.setHours(12, 0, 0, 0);
  const buckets = new Map<string, { calls: number; secs: number }>();
  const order: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(end);
    d.setDate(d.getDate() - i);
    const key = localDay(d.getTime());
    order.push(key);
    buckets.set(key, { calls: 0, secs: 0 });
  }
  calls.forEach((c, i) => {
    if (!Number.isFinite(times[i])) return;
    const b = buckets.get(localDay(times[i]));
    if (!b) return;
    b.calls += 1;
    b.secs += Math.max(0, c.duration_secs);
  });
  return order.map((day) => {
    const b = buckets.get(day)!;
    return { day, calls: b.calls, avgSecs: b.calls ? Math.round(b.secs / b.calls) : null };
  });
}

const DURATION_STEPS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** Round axis ticks for durations in seconds (0, 1:00, 2:00, …): at most `count` steps above 0. */
export function durationTicks(maxSecs: number, count = 4): number[] {
  const max = Number.isFinite(maxSecs) && maxSecs > 0 ? maxSecs : 60;
  const step = DURATION_STEPS.find((s) => s * count >= max) ?? Math.ceil(max / count / 3600) * 3600;
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

export interface CallStats {
  count: number;
  avgSecs: number;
  /** Share of calls with a known outcome that succeeded (null when none is known). */
  successRate: number | null;
  credits: number;
}

export function callStats(calls: Pick<Call, 'duration_secs' | 'successful' | 'cost_credits'>[]): CallStats {
  const count = calls.length;
  const secs = calls.reduce((n, c) => n + Math.max(0, c.duration_secs), 0);
  const judged = calls.filter((c) => c.successful === true || c.successful === false);
  const ok = judged.filter((c) => c.successful === true).length;
  return {
    count,
    avgSecs: count ? Math.round(secs / count) : 0,
    successRate: judged.length ? ok / judged.length : null,
    credits: calls.reduce((n, c) => n + c.cost_credits, 0),
  };
}

// --- live updates -----------------------------------------------------------------------------

/**
 * Whether a call belongs in a list with these filters, as far as the browser can tell: `null` when
 * it cannot (a transcript search is answered by the server only).
 */
export function matchesFilters(c: Call, f: CallFilters): boolean | null {
  if (f.agent_id && c.agent_id !== f.agent_id) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.direction && c.direction !== f.direction) return false;
  const number = f.number.trim();
  if (number) {
    const hay = `${c.from_number ?? ''} ${c.to_number ?? ''}`;
    if (!hay.includes(number)) return false;
  }
  const q = toCallQuery(f);
  const created = Date.parse(c.created_at);
  if (q.from && created < Date.parse(q.from)) return false;
  if (q.to && created >= Date.parse(q.to)) return false;
  if (f.q.trim()) return null;
  return true;
}

const newestFirst = (a: Call, b: Call) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);

export type MergeResult<P> = { pages: P[]; change: 'updated' | 'inserted' | 'none' };

/**
 * Applies a live call to a loaded keyset-paginated list: a call already listed is replaced where it
 * is; a new one that matches the filters goes into the first page at its place (newest first).
 * Cursors are left alone (they point past the last row of each page).
 */
export function mergeCall<P extends Page<Call>>(pages: P[], call: Call, filters: CallFilters): MergeResult<P> {
  for (let i = 0; i < pages.length; i++) {
    const idx = pages[i].items.findIndex((c) => c.id === call.id);
    if (idx >= 0) {
      const items = pages[i].items.slice();
      items[idx] = call;
      const next = pages.slice();
      next[i] = { ...pages[i], items };
      return { pages: next, change: 'updated' };
    }
  }
  if (pages.length === 0 || matchesFilters(call, filters) !== true) return { pages, change: 'none' };
  // Older than everything loaded while more pages exist: it will come with a later page.
  const last = pages[pages.length - 1];
  const oldest = last.items[last.items.length - 1];
  if (oldest && last.next_cursor && newestFirst(call, oldest) > 0) return { pages, change: 'none' };
  const items = [...pages[0].items, call].sort(newestFirst);
  const next = pages.slice();
  next[0] = { ...pages[0], items };
  return { pages: next, change: 'inserted' };
}

// --- detail -----------------------------------------------------------------------------------

export interface CollectedRow {
  key: string;
  value: string;
  /** The provider's rationale, when it gave one. */
  note?: string;
}

function display(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Data collected during a call as key/value rows. Providers wrap values (ElevenLabs:
 * `{ "new_day": { "value": "Friday", "rationale": "…" } }`); plain values are shown as given.
 */
export function collectedRows(data: Record<string, unknown> | null | undefined): CollectedRow[] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data).map(([key, raw]) => {
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
      const r = raw as { value: unknown; rationale?: unknown };
      const note = typeof r.rationale === 'string' && r.rationale.trim() ? r.rationale.trim() : undefined;
      return note ? { key, value: display(r.value), note } : { key, value: display(r.value) };
    }
    return { key, value: display(raw) };
  });
}
