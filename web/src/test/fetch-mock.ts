import { vi } from 'vitest';

export type Handler = (req: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function errorEnvelope(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return json(
    { error: { code, message, details: null, request_id: 'req-123', timestamp: '2026-12-01T10:00:00Z', ...extra } },
    status,
  );
}

/** Replaces global fetch with a router keyed by "METHOD /path"; records requests. */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: Request[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    calls.push(req);
    const url = new URL(req.url);
    const key = `${req.method} ${url.pathname}`;
    const handler = routes[key];
    if (!handler) return errorEnvelope(404, 'route_not_found', `no mock for ${key}`);
    return handler(req);
  });
  vi.stubGlobal('fetch', fn);
  return { fn, calls };
}
