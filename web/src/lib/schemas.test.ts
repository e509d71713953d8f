import { describe, expect, it } from 'vitest';
import {
  acceptInvitationSchema,
  apiKeySchema,
  brandingSchema,
  changePasswordSchema,
  creditAdjustmentSchema,
  domainSchema,
  elevenLabsKeySchema,
  loginSchema,
  passwordSchema,
  phoneLookupSchema,
  planSchema,
  registerSchema,
  resetPasswordSchema,
} from './schemas';

const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? undefined : r.error?.issues[0]?.message;

describe('passwordSchema (8–128)', () => {
  it.each([
    ['', false],
    ['1234567', false],
    ['12345678', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
  ])('%#: length %s → valid=%s', (pw, ok) => {
    expect(passwordSchema.safeParse(pw).success).toBe(ok);
  });

  it('explains the limits', () => {
    expect(firstMessage(passwordSchema.safeParse('short'))).toBe('Password must be at least 8 characters');
    expect(firstMessage(passwordSchema.safeParse('y'.repeat(200)))).toBe('Password must be at most 128 characters');
  });
});

describe('form schemas', () => {
  it('login needs a valid email and any password', () => {
    expect(loginSchema.safeParse({ email: 'a@b.co', password: 'x' }).success).toBe(true);
    expect(loginSchema.safeParse({ email: 'nope', password: 'x' }).success).toBe(false);
    expect(loginSchema.safeParse({ email: 'a@b.co', password: '' }).success).toBe(false);
  });

  it('register enforces every field and the password policy', () => {
    const ok = { company_name: 'Acme', name: 'Ann', email: ' ann@acme.test ', password: 'long-enough' };
    const parsed = registerSchema.safeParse(ok);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.email).toBe('ann@acme.test');
    expect(registerSchema.safeParse({ ...ok, company_name: '  ' }).success).toBe(false);
    expect(registerSchema.safeParse({ ...ok, password: 'short' }).success).toBe(false);
  });

  it('reset and change password require matching confirmation', () => {
    expect(resetPasswordSchema.safeParse({ password: 'abcdefgh', confirm: 'abcdefgh' }).success).toBe(true);
    const mismatch = resetPasswordSchema.safeParse({ password: 'abcdefgh', confirm: 'abcdefgX' });
    expect(mismatch.success).toBe(false);
    expect(mismatch.error?.issues[0].path).toEqual(['confirm']);
    expect(
      changePasswordSchema.safeParse({ current_password: 'old', new_password: 'short', confirm: 'short' }).success,
    ).toBe(false);
  });

  it('accepting an invitation needs a name only for new users', () => {
    expect(acceptInvitationSchema(false).safeParse({ name: '', password: 'abcdefgh' }).success).toBe(false);
    expect(acceptInvitationSchema(true).safeParse({ name: '', password: 'x' }).success).toBe(true);
    expect(acceptInvitationSchema(false).safeParse({ name: 'Bo', password: 'short' }).success).toBe(false);
  });

  it('branding accepts empty fields and validates colour, url and email', () => {
    const empty = { app_name: '', logo_url: '', primary_color: '', support_email: '' };
    expect(brandingSchema.safeParse(empty).success).toBe(true);
    expect(brandingSchema.safeParse({ ...empty, primary_color: '#4f46e5' }).success).toBe(true);
    expect(brandingSchema.safeParse({ ...empty, primary_color: 'blue' }).success).toBe(false);
    expect(brandingSchema.safeParse({ ...empty, logo_url: 'ftp://x' }).success).toBe(false);
    expect(brandingSchema.safeParse({ ...empty, support_email: 'help' }).success).toBe(false);
  });

  it('domains must look like host names', () => {
    expect(domainSchema.safeParse({ domain: 'App.Example.com' }).data?.domain).toBe('app.example.com');
    expect(domainSchema.safeParse({ domain: 'localhost' }).success).toBe(false);
    expect(domainSchema.safeParse({ domain: 'http://x.com' }).success).toBe(false);
  });

  it('api keys need a name and a scope, and a future expiry', () => {
    expect(apiKeySchema.safeParse({ name: 'k', scopes: ['users:read'], expires_at: '' }).success).toBe(true);
    expect(apiKeySchema.safeParse({ name: 'k', scopes: [] }).success).toBe(false);
    expect(apiKeySchema.safeParse({ name: 'k', scopes: ['a'], expires_at: '2000-01-01' }).success).toBe(false);
  });

  it('plans coerce quota numbers', () => {
    const r = planSchema.safeParse({
      code: 'pro-2',
      name: 'Pro',
      quotas: { agents: '5', phone_numbers: 2, concurrent_calls: 3, included_minutes: 100, knowledge_storage_mb: 10, seats: 4 },
    });
    expect(r.success).toBe(true);
    expect(r.data?.quotas.agents).toBe(5);
    expect(planSchema.safeParse({ code: 'Bad Code', name: 'x', quotas: {} }).success).toBe(false);
    const unlimited = planSchema.safeParse({
      code: 'big',
      name: 'Big',
      quotas: { agents: -1, phone_numbers: -1, concurrent_calls: -1, included_minutes: -1, knowledge_storage_mb: -1, seats: -1 },
    });
    expect(unlimited.success).toBe(true);
    expect(planSchema.shape.quotas.shape.seats.safeParse(-2).success).toBe(false);
  });
});

describe('creditAdjustmentSchema', () => {
  it.each([
    [-12, 'Courtesy correction', true],
    [1_000_000, 'x', true],
    [-1_000_000, 'x', true],
    [0, 'x', false],
    [1_000_001, 'x', false],
    [1.5, 'x', false],
    [Number.NaN, 'x', false],
    [5, '   ', false],
    [5, 'r'.repeat(500), true],
    [5, 'r'.repeat(501), false],
  ])('%#: %s credits, reason of %s → valid=%s', (amount, reason, ok) => {
    expect(creditAdjustmentSchema.safeParse({ amount, reason }).success).toBe(ok);
  });
});

describe('integration schemas', () => {
  it('an ElevenLabs key is 8 to 256 characters without spaces', () => {
    expect(elevenLabsKeySchema.safeParse({ api_key: 'sk_12345' }).success).toBe(true);
    expect(elevenLabsKeySchema.parse({ api_key: '  sk_12345  ' }).api_key).toBe('sk_12345');
    expect(elevenLabsKeySchema.safeParse({ api_key: 'x'.repeat(256) }).success).toBe(true);
    expect(firstMessage(elevenLabsKeySchema.safeParse({ api_key: '' }))).toBe('Paste your ElevenLabs API key');
    expect(firstMessage(elevenLabsKeySchema.safeParse({ api_key: 'short' }))).toBe('A key is 8 to 256 characters');
    expect(firstMessage(elevenLabsKeySchema.safeParse({ api_key: 'x'.repeat(257) }))).toBe('A key is 8 to 256 characters');
    expect(firstMessage(elevenLabsKeySchema.safeParse({ api_key: 'sk_1234 5678' }))).toBe('A key has no spaces');
  });

  it('a lookup needs a number and, optionally, a two-letter country', () => {
    expect(phoneLookupSchema.safeParse({ phone: '+14155552671', region: '' }).success).toBe(true);
    expect(phoneLookupSchema.safeParse({ phone: '(415) 555-2671', region: 'us' }).success).toBe(true);
    expect(firstMessage(phoneLookupSchema.safeParse({ phone: ' ', region: '' }))).toBe('Enter a phone number');
    expect(firstMessage(phoneLookupSchema.safeParse({ phone: '4155552671', region: 'USA' }))).toBe('A two-letter country code, e.g. US');
  });
});
