import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import type { PhoneNumber } from '@/api/types';
import {
  buyErrorMessage,
  formatPhoneNumber,
  isNumberEditable,
  isNumberPending,
  isNumberReleasable,
  latestNumber,
  numberLabelSchema,
  numberSearchSchema,
  numberStatusLabel,
  numberStatusVariant,
  toSearchQuery,
  withNumber,
} from './numbers';
import { twilioCredentialsSchema } from './schemas';

const num = (over: Partial<PhoneNumber> = {}): PhoneNumber => ({
  id: 'n1',
  carrier: 'simulator',
  phone_number: '+12125550107',
  friendly_name: '+12125550107',
  country: 'US',
  status: 'active',
  agent_id: null,
  last_error: null,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  released_at: null,
  ...over,
});

const pages = (...lists: PhoneNumber[][]) => ({
  pages: lists.map((items, i) => ({ items, next_cursor: i < lists.length - 1 ? `c${i + 1}` : null })),
  pageParams: lists.map((_, i) => (i === 0 ? undefined : `c${i}`)),
});

describe('number statuses', () => {
  it('polls only while a job is buying or releasing', () => {
    expect(isNumberPending('provisioning')).toBe(true);
    expect(isNumberPending('releasing')).toBe(true);
    for (const s of ['active', 'failed', 'released', undefined, null]) expect(isNumberPending(s)).toBe(false);
  });

  it('allows edits until a release starts and a release once bought or failed', () => {
    expect(['provisioning', 'active', 'failed'].every(isNumberEditable)).toBe(true);
    expect(isNumberEditable('releasing')).toBe(false);
    expect(isNumberEditable('released')).toBe(false);
    expect(isNumberReleasable('active')).toBe(true);
    expect(isNumberReleasable('failed')).toBe(true);
    expect(isNumberReleasable('provisioning')).toBe(false);
    expect(isNumberReleasable('releasing')).toBe(false);
  });

  it('labels and colours each status', () => {
    expect(numberStatusLabel('provisioning')).toBe('Buying…');
    expect(numberStatusLabel('releasing')).toBe('Releasing…');
    expect(numberStatusLabel('released')).toBe('Released');
    expect(numberStatusLabel('weird')).toBe('weird');
    expect(numberStatusVariant('active')).toBe('success');
    expect(numberStatusVariant('failed')).toBe('destructive');
    expect(numberStatusVariant('provisioning')).toBe('secondary');
  });
});

describe('formatPhoneNumber', () => {
  it('writes North American numbers the local way and leaves others in E.164', () => {
    expect(formatPhoneNumber('+12125550107')).toBe('+1 (212) 555-0107');
    expect(formatPhoneNumber('+442079460958')).toBe('+442079460958');
    expect(formatPhoneNumber('+1212555010')).toBe('+1212555010');
  });
});

describe('latestNumber', () => {
  it('takes the copy changed last (the detail on a tie)', () => {
    const listed = num({ status: 'provisioning', updated_at: '2026-12-01T10:00:00Z' });
    const polled = num({ status: 'active', updated_at: '2026-12-01T10:00:01.250Z' });
    expect(latestNumber(listed, polled).status).toBe('active');
    expect(latestNumber(polled, listed).status).toBe('active');
    expect(latestNumber(listed, { ...listed, status: 'x' }).status).toBe('x');
    expect(latestNumber(listed, undefined)).toBe(listed);
    expect(latestNumber(listed, num({ id: 'other', updated_at: '2027-01-01T00:00:00Z' }))).toBe(listed);
  });
});

describe('withNumber', () => {
  it('replaces a number where it is, on any page', () => {
    const a = num({ id: 'a' });
    const b = num({ id: 'b' });
    const next = withNumber(pages([a], [b]), { ...b, friendly_name: 'Front line' }, { prepend: true, includeReleased: false });
    expect(next?.pages[1].items[0].friendly_name).toBe('Front line');
    expect(next?.pages[0].items).toEqual([a]);
  });

  it('puts a new number first when asked, and not otherwise', () => {
    const a = num({ id: 'a' });
    const fresh = num({ id: 'new', status: 'provisioning' });
    expect(withNumber(pages([a]), fresh, { prepend: true, includeReleased: false })?.pages[0].items.map((n) => n.id)).toEqual(['new', 'a']);
    expect(withNumber(pages([]), fresh, { prepend: true, includeReleased: false })?.pages[0].items.map((n) => n.id)).toEqual(['new']);
    expect(withNumber(pages([a]), fresh, { prepend: false, includeReleased: false })?.pages[0].items.map((n) => n.id)).toEqual(['a']);
    expect(withNumber(undefined, fresh, { prepend: true, includeReleased: false })).toBeUndefined();
  });

  it('drops a released number from a list without released ones', () => {
    const a = num({ id: 'a' });
    const released = { ...a, status: 'released', released_at: '2026-12-02T00:00:00Z' };
    expect(withNumber(pages([a]), released, { prepend: false, includeReleased: false })?.pages[0].items).toEqual([]);
    expect(withNumber(pages([a]), released, { prepend: false, includeReleased: true })?.pages[0].items).toEqual([released]);
  });
});

describe('number search form', () => {
  const valid = { carrier: 'simulator' as const, country: 'us', area_code: '212', contains: '' };

  it('mirrors the server’s rules', () => {
    expect(numberSearchSchema.safeParse(valid).success).toBe(true);
    const err = (over: Partial<typeof valid>) =>
      numberSearchSchema.safeParse({ ...valid, ...over }).error?.issues[0]?.message;
    expect(err({ country: 'USA' })).toBe('A two-letter country code, e.g. US');
    expect(err({ country: '' })).toBe('A two-letter country code, e.g. US');
    expect(err({ area_code: '2x2' })).toBe('Digits only, at most 5');
    expect(err({ area_code: '123456' })).toBe('Digits only, at most 5');
    expect(err({ contains: '555-01' })).toBe('At most 10 digits or letters');
    expect(err({ contains: 'A'.repeat(11) })).toBe('At most 10 digits or letters');
    expect(numberSearchSchema.safeParse({ ...valid, contains: 'CALL*' }).success).toBe(true);
  });

  it('sends the country upper-cased and leaves empty fields out', () => {
    expect(toSearchQuery(numberSearchSchema.parse({ ...valid, country: ' ca ' }))).toEqual({
      carrier: 'simulator',
      country: 'CA',
      area_code: '212',
      contains: undefined,
    });
  });

  it('needs a label of at most 100 characters', () => {
    expect(numberLabelSchema.safeParse({ friendly_name: '  ' }).error?.issues[0]?.message).toBe('Enter a label');
    expect(numberLabelSchema.safeParse({ friendly_name: 'x'.repeat(101) }).error?.issues[0]?.message).toBe('At most 100 characters');
    expect(numberLabelSchema.parse({ friendly_name: ' Front line ' }).friendly_name).toBe('Front line');
  });
});

describe('buyErrorMessage', () => {
  const apiError = (code: string, details?: unknown) => new ApiError({ status: 409, code, message: `${code} from server`, details });

  it('explains the plan’s number quota', () => {
    expect(buyErrorMessage(apiError('quota_exceeded', { limit: 'phone_numbers', max: 1 }))).toBe(
      'Your plan includes 1 phone number, and it is in use. Release a number or upgrade your plan to buy another.',
    );
    expect(buyErrorMessage(apiError('quota_exceeded', { limit: 'phone_numbers', max: 10 }))).toMatch(/^Your plan includes 10 phone numbers, and all are in use/);
    expect(buyErrorMessage(apiError('quota_exceeded', { limit: 'phone_numbers', max: 0 }))).toMatch(/does not include phone numbers/);
    expect(buyErrorMessage(apiError('quota_exceeded'))).toMatch(/limit is reached/);
  });

  it('says when someone else took the number, and passes other messages on', () => {
    expect(buyErrorMessage(apiError('number_taken'))).toMatch(/Search again/);
    expect(buyErrorMessage(apiError('carrier_failed'))).toBe('Carrier_failed from server');
  });
});

describe('Twilio credentials', () => {
  const sid = 'AC0123456789abcdef0123456789abcdef';
  const token = 'f1e2d3c4b5a6978877665544332211aa';
  const first = (v: unknown) => twilioCredentialsSchema.safeParse(v).error?.issues[0]?.message;

  it('accepts an AC SID with 32 hex digits and a 16–128 character token', () => {
    expect(twilioCredentialsSchema.parse({ account_sid: ` ${sid} `, auth_token: token })).toEqual({ account_sid: sid, auth_token: token });
    expect(twilioCredentialsSchema.safeParse({ account_sid: sid.toUpperCase(), auth_token: 'a'.repeat(128) }).success).toBe(true);
  });

  it('refuses what the server refuses', () => {
    expect(first({ account_sid: '', auth_token: token })).toBe('Paste your Account SID');
    expect(first({ account_sid: 'AC123', auth_token: token })).toBe('An Account SID is AC followed by 32 hexadecimal characters');
    expect(first({ account_sid: `SK${sid.slice(2)}`, auth_token: token })).toBe('An Account SID is AC followed by 32 hexadecimal characters');
    expect(first({ account_sid: `${sid.slice(0, -1)}g`, auth_token: token })).toBe('An Account SID is AC followed by 32 hexadecimal characters');
    expect(first({ account_sid: sid, auth_token: '' })).toBe('Paste your Auth Token');
    expect(first({ account_sid: sid, auth_token: 'short' })).toBe('An Auth Token is 16 to 128 letters and digits');
    expect(first({ account_sid: sid, auth_token: 'a'.repeat(129) })).toBe('An Auth Token is 16 to 128 letters and digits');
    expect(first({ account_sid: sid, auth_token: 'f1e2d3c4-b5a6-9788' })).toBe('An Auth Token is 16 to 128 letters and digits');
  });
});
