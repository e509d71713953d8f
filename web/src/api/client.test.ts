import { describe, expect, it } from 'vitest';
import { api, ApiError, errorMessage, fieldErrors, setCsrfToken, toApiError, unwrap } from './client';
import { errorEnvelope, json, mockFetch } from '@/test/fetch-mock';

describe('toApiError', () => {
  it('takes code, message, details and request id from the error envelope', () => {
    const res = new Response(null, { status: 409 });
    const err = toApiError(res, {
      error: {
        code: 'email_taken',
        message: 'That email is already registered',
        details: { fields: { email: ['taken'] } },
        request_id: 'abc',
        timestamp: '2026-12-01T10:00:00Z',
      },
    });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.code).toBe('email_taken');
    expect(err.message).toBe('That email is already registered');
    expect(err.requestId).toBe('abc');
    expect(fieldErrors(err)).toEqual({ email: 'taken' });
  });

  it('sentence-cases server messages for display', () => {
    const err = toApiError(new Response(null, { status: 403 }), {
      error: { code: 'email_not_verified', message: 'verify your email address first' },
    });
    expect(err.message).toBe('verify your email address first');
    expect(errorMessage(err)).toBe('Verify your email address first');
  });

  it('parses an envelope that arrived as text', () => {
    const err = toApiError(new Response(null, { status: 400 }), '{"error":{"code":"malformed_json","message":"Bad JSON"}}');
    expect(err.code).toBe('malformed_json');
    expect(err.message).toBe('Bad JSON');
  });

  it('falls back to a message by status when the body is not an envelope', () => {
    expect(toApiError(new Response(null, { status: 502 }), '<html>Bad gateway</html>').message).toMatch(
      /server had a problem \(HTTP 502\)/,
    );
    expect(toApiError(new Response(null, { status: 403 }), undefined).code).toBe('forbidden');
    expect(toApiError(new Response(null, { status: 418 }), {}).message).toBe('Request failed (HTTP 418).');
  });

  it('reads Retry-After on 429 and mentions it in the message', () => {
    const res = new Response(null, { status: 429, headers: { 'retry-after': '30' } });
    const err = toApiError(res, { error: { code: 'rate_limited', message: 'Too many attempts' } });
    expect(err.retryAfter).toBe(30);
    expect(errorMessage(err)).toBe('Too many attempts (try again in 30 s)');
  });
});

describe('unwrap with the typed client', () => {
  it('returns data on success', async () => {
    mockFetch({ 'GET /api/v1/setup': () => json({ needs_setup: false }) });
    await expect(unwrap(api.GET('/api/v1/setup'))).resolves.toEqual({ needs_setup: false });
  });

  it('throws an ApiError whose message is the envelope message', async () => {
    mockFetch({
      'POST /api/v1/auth/login': () => errorEnvelope(401, 'invalid_credentials', 'Email or password is wrong'),
    });
    const call = unwrap(api.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } }));
    await expect(call).rejects.toMatchObject({
      name: 'ApiError',
      status: 401,
      code: 'invalid_credentials',
      message: 'Email or password is wrong',
      requestId: 'req-123',
    });
  });

  it('handles a non-JSON error body', async () => {
    mockFetch({
      'GET /api/v1/me': () => new Response('upstream exploded', { status: 503, headers: { 'content-type': 'text/plain' } }),
    });
    const err = await unwrap(api.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect(errorMessage(err)).toMatch(/HTTP 503/);
  });

  it('turns a network failure into status 0', async () => {
    const { fn } = mockFetch({});
    fn.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const err = await unwrap(api.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'network_error' });
    expect(errorMessage(err)).toMatch(/Could not reach the server/);
  });

  it('accepts 204 answers', async () => {
    mockFetch({ 'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }) });
    await expect(unwrap(api.POST('/api/v1/auth/logout', { parseAs: 'text' }))).resolves.toBeUndefined();
  });
});

describe('CSRF and credentials', () => {
  it('sends x-csrf-token on writes only, and always includes credentials', async () => {
    setCsrfToken('tok-1');
    const { calls } = mockFetch({
      'GET /api/v1/me': () => errorEnvelope(401, 'unauthenticated', 'Sign in'),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
      'DELETE /api/v1/api-keys/k1': () => new Response(null, { status: 204 }),
    });
    await unwrap(api.GET('/api/v1/me')).catch(() => undefined);
    await unwrap(api.POST('/api/v1/auth/logout', { parseAs: 'text' }));
    await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: 'k1' } }, parseAs: 'text' }));
    expect(calls.map((c) => [c.method, c.headers.get('x-csrf-token')])).toEqual([
      ['GET', null],
      ['POST', 'tok-1'],
      ['DELETE', 'tok-1'],
    ]);
    expect(calls.every((c) => c.credentials === 'include')).toBe(true);
    setCsrfToken(null);
  });

  it('sends no CSRF header when there is no token', async () => {
    setCsrfToken(null);
    const { calls } = mockFetch({ 'POST /api/v1/auth/forgot-password': () => new Response(null, { status: 202 }) });
    await unwrap(api.POST('/api/v1/auth/forgot-password', { body: { email: 'a@b.c' }, parseAs: 'text' }));
    expect(calls[0].headers.has('x-csrf-token')).toBe(false);
  });
});
