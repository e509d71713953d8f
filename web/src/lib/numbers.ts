/**
 * Phone numbers (the Numbers page): statuses, display formatting, the search form's rules
 * (mirroring crates/telephony/src/numbers.rs) and merging fresh copies into loaded lists.
 */
import { z } from 'zod';
import { ApiError, errorMessage } from '@/api/client';
import type { Page, PhoneNumber } from '@/api/types';

export const NUMBER_STATUSES = ['provisioning', 'active', 'failed', 'releasing', 'released'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

/** How often a number being bought or released is polled. */
export const NUMBER_POLL_MS = 1000;

/** Being bought or released by a background job: worth polling. */
export function isNumberPending(status: string | null | undefined): boolean {
  return status === 'provisioning' || status === 'releasing';
}

/** Whether the number can still be assigned or renamed (the server refuses while releasing or released). */
export function isNumberEditable(status: string): boolean {
  return status !== 'releasing' && status !== 'released';
}

/** Whether it can be released now (not while it is still being bought, nor twice). */
export function isNumberReleasable(status: string): boolean {
  return status === 'active' || status === 'failed';
}

const STATUS_LABELS: Record<NumberStatus, string> = {
  provisioning: 'Buying…',
  active: 'Active',
  failed: 'Failed',
  releasing: 'Releasing…',
  released: 'Released',
};

export function numberStatusLabel(status: string): string {
  return STATUS_LABELS[status as NumberStatus] ?? status;
}

export function numberStatusVariant(status: string): 'secondary' | 'success' | 'destructive' | 'warning' | 'outline' {
  switch (status) {
    case 'active':
      return 'success';
    case 'failed':
      return 'destructive';
    case 'releasing':
      return 'warning';
    case 'released':
      return 'outline';
    default:
      return 'secondary';
  }
}

export const CARRIER_LABELS: Record<string, string> = { simulator: 'Simulator', twilio: 'Twilio' };

export function carrierLabel(carrier: string): string {
  return CARRIER_LABELS[carrier] ?? carrier;
}

/** "+12125550123" → "+1 (212) 555-0123" (North America); other numbers stay in E.164. */
export function formatPhoneNumber(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 (${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** The more recent of two copies of a number (by `updated_at`; the second wins a tie). */
export function latestNumber(a: PhoneNumber, b: PhoneNumber | undefined): PhoneNumber {
  if (!b || b.id !== a.id) return a;
  const ta = Date.parse(a.updated_at);
  const tb = Date.parse(b.updated_at);
  return Number.isNaN(ta) || Number.isNaN(tb) || tb >= ta ? b : a;
}

type Pages = { pages: Page<PhoneNumber>[]; pageParams: unknown[] };

/**
 * A loaded list with `n` in it: replaced where it is, else (when `prepend`) put first. A released
 * number leaves a list that hides released ones.
 */
export function withNumber(data: Pages | undefined, n: PhoneNumber, opts: { prepend: boolean; includeReleased: boolean }): Pages | undefined {
  if (!data) return data;
  const keep = opts.includeReleased || n.status !== 'released';
  let found = false;
  const pages = data.pages.map((p) => {
    if (!p.items.some((i) => i.id === n.id)) return p;
    found = true;
    return { ...p, items: keep ? p.items.map((i) => (i.id === n.id ? n : i)) : p.items.filter((i) => i.id !== n.id) };
  });
  if (!found && opts.prepend && keep && pages.length > 0) {
    pages[0] = { ...pages[0], items: [n, ...pages[0].items] };
  }
  return { ...data, pages };
}

// --- forms ------------------------------------------------------------------------------------

export const numberSearchSchema = z.object({
  carrier: z.enum(['simulator', 'twilio']),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'A two-letter country code, e.g. US'),
  area_code: z
    .string()
    .trim()
    .regex(/^\d{0,5}$/, 'Digits only, at most 5'),
  contains: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9*]{0,10}$/, 'At most 10 digits or letters'),
});
export type NumberSearchValues = z.infer<typeof numberSearchSchema>;

/** The search as the API takes it (empty fields left out, the country upper-cased). */
export function toSearchQuery(v: NumberSearchValues) {
  return {
    carrier: v.carrier,
    country: v.country.trim().toUpperCase(),
    area_code: v.area_code.trim() || undefined,
    contains: v.contains.trim() || undefined,
  };
}
export type NumberSearchQuery = ReturnType<typeof toSearchQuery>;

export const NUMBER_LABEL_MAX = 100;

export const numberLabelSchema = z.object({
  friendly_name: z
    .string()
    .trim()
    .min(1, 'Enter a label')
    .refine((v) => Array.from(v).length <= NUMBER_LABEL_MAX, `At most ${NUMBER_LABEL_MAX} characters`),
});
export type NumberLabelValues = z.infer<typeof numberLabelSchema>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a refused purchase means for the user (the plan's quota and a lost race get their own words). */
export function buyErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'quota_exceeded') {
      const max = isRecord(err.details) && typeof err.details.max === 'number' ? err.details.max : null;
      if (max === 0) return 'Your plan does not include phone numbers. Upgrade your plan to buy one.';
      if (max !== null) {
        const n = `${max.toLocaleString('en')} phone number${max === 1 ? '' : 's'}`;
        return `Your plan includes ${n}, and ${max === 1 ? 'it is' : 'all are'} in use. Release a number or upgrade your plan to buy another.`;
      }
      return 'Your plan’s phone-number limit is reached. Release a number or upgrade your plan to buy another.';
    }
    if (err.code === 'number_taken') return 'Someone else just took this number. Search again and pick another.';
  }
  return errorMessage(err);
}
