import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './types';

/** An API failure, built from the server's error envelope (or from the HTTP status). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** Seconds from the Retry-After header (429). */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You are not signed in.',
  403: 'You do not have permission to do that.',
  404: 'Not found.',
  409: 'That conflicts with existing data.',
  413: 'That is too large.',
  429: 'Too many attempts. Please wait a moment and try again.',
};

function statusCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'bad_request';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a failed response (and its already-parsed body) into an ApiError. */
export function toApiError(response: Response, body: unknown): ApiError {
  const retryHeader = response.headers.get('retry-after');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let parsed = body;
  if (typeof parsed === 'string' && parsed.trim().startsWith('{')) {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      // not JSON after all
    }
  }
  const env = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : null;
  if (env && typeof env.message === 'string' && env.message.length > 0) {
    return new ApiError({
      status: response.status,
      code: typeof env.code === 'string' ? env.code : statusCode(response.status),
      message: env.message,
      details: env.details,
      requestId:
        typeof env.request_id === 'string'
          ? env.request_id
          : (response.headers.get('x-request-id') ?? undefined),
      retryAfter,
    });
  }
  const message =
    STATUS_MESSAGES[response.status] ??
    (response.status >= 500
      ? `The server had a problem (HTTP ${response.status}). Please try again.`
      : `Request failed (HTTP ${response.status}).`);
  return new ApiError({
    status: response.status,
    code: statusCode(response.status),
    message,
    requestId: response.headers.get('x-request-id') ?? undefined,
    retryAfter,
  });
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A human-readable message for any thrown value (the server's message, sentence-cased). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'rate_limited' && err.retryAfter !== undefined) {
      return `${sentence(err.message)} (try again in ${err.retryAfter} s)`;
    }
    return sentence(err.message);
  }
  if (err instanceof Error && err.message) return sentence(err.message);
  return 'Something went wrong.';
}

/** Field errors from a validation_failed envelope: { fields: { name: ["too_short"] } }. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !isRecord(err.details) || !isRecord(err.details.fields)) {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(err.details.fields)) {
    const codes = Array.isArray(value) ? value.map(String) : [String(value)];
    out[field] = codes.map((c) => c.replace(/_/g, ' ')).join(', ');
  }
  return out;
}

/**
 * Field messages from a validation_failed envelope as the server wrote them (sentence-cased, not
 * otherwise changed): `{ fields: { "llm.temperature": ["between 0 and 2"] } }`.
 */
export function fieldMessages(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !isRecord(err.details) || !isRecord(err.details.fields)) {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(err.details.fields)) {
    const messages = Array.isArray(value) ? value.map(String) : [String(value)];
    out[field] = sentence(messages.join('; '));
  }
  return out;
}

// --- CSRF token -------------------------------------------------------------------------------

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method.toUpperCase()) && csrfToken) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
};

// --- the client -------------------------------------------------------------------------------

const baseUrl = typeof window !== 'undefined' ? window.location.origin : '';

export const api = createClient<paths>({
  baseUrl,
  credentials: 'include',
  // Look fetch up on every call so tests can replace globalThis.fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(csrfMiddleware);

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the error
 * envelope. Network failures become ApiError with status 0.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Could not reach the server. Check your connection and try again.',
      details: e instanceof Error ? e.message : undefined,
    });
  }
  if (!result.response.ok) throw toApiError(result.response, result.error);
  return result.data as T;
}
