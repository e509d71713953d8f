/**
 * Calls: list, detail and transcript queries, the agent lookup the pages use for names, and the
 * live stream (`GET /calls/live`, server-sent events) that keeps loaded calls current.
 */
import * as React from 'react';
import { useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { PAGE_SIZE, useList } from './hooks';
import type { BodyOf, Page, ResponseOf } from './types';
import { mergeCall, toCallQuery, type CallFilters } from '@/lib/calls';

export type Call = ResponseOf<'/api/v1/calls/{id}', 'get'>;
export type CallSegment = ResponseOf<'/api/v1/calls/{id}/transcript', 'get'>[number];

export const LIVE_URL = '/api/v1/calls/live';
export const recordingUrl = (id: string) => `/api/v1/calls/${encodeURIComponent(id)}/recording`;

export const callKeys = {
  all: ['calls'] as const,
  lists: ['calls', 'list'] as const,
  list: (filters: CallFilters) => ['calls', 'list', filters] as const,
  detail: (id: string) => ['calls', 'detail', id] as const,
  transcript: (id: string) => ['calls', 'transcript', id] as const,
  // Under ['agents', 'list'] so agent changes (which invalidate that prefix) refresh the names.
  agentNames: ['agents', 'list', 'call-names'] as const,
};

export function useCalls(filters: CallFilters, limit = PAGE_SIZE) {
  return useList<Call>(callKeys.list(filters), (cursor) =>
    unwrap(api.GET('/api/v1/calls', { params: { query: { ...toCallQuery(filters), limit, cursor } } })),
  );
}

export function useCall(id: string) {
  return useQuery({
    queryKey: callKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/calls/{id}', { params: { path: { id } } })),
  });
}

/** A call that follows along: polled every `pollMs` while it runs (when the live stream is not enough). */
export function useWatchedCall(id: string | null, pollMs: number | false = false) {
  return useQuery({
    queryKey: callKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/calls/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    refetchInterval: (q) => (pollMs && q.state.data && isRunning(q.state.data) ? pollMs : false),
  });
}

/** The transcript; `pollMs` refetches it that often (while a call runs and the live stream is down). */
export function useCallTranscript(id: string, enabled = true, pollMs: number | false = false) {
  return useQuery({
    queryKey: callKeys.transcript(id),
    queryFn: () => unwrap(api.GET('/api/v1/calls/{id}/transcript', { params: { path: { id } } })),
    enabled,
    refetchInterval: pollMs,
  });
}

/** Not finished yet: queued, ringing or in progress. */
export function isRunning(call: Pick<Call, 'status'>): boolean {
  return call.status === 'queued' || call.status === 'ringing' || call.status === 'in_progress';
}

export type SimulatedCallBody = BodyOf<'/api/v1/simulator/calls', 'post'>;
export type PlaceCallBody = BodyOf<'/api/v1/calls', 'post'>;

/** A call just made: its detail is known, the lists show it (the live stream may be slower). */
function callStarted(qc: QueryClient, call: Call) {
  qc.setQueryData(callKeys.detail(call.id), call);
  applyLiveCall(qc, call);
  if (!isRunning(call)) void qc.invalidateQueries({ queryKey: ['credits'] });
}

/** Starts a scripted call to one of the tenant's simulator numbers (answers the call at once). */
export function useStartSimulatedCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SimulatedCallBody) => unwrap(api.POST('/api/v1/simulator/calls', { body })),
    onSuccess: (call) => callStarted(qc, call),
    meta: { inlineError: true },
  });
}

/** Places an outbound call; `idempotencyKey` makes a retried request return the same call. */
export function usePlaceCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, body }: { idempotencyKey: string; body: PlaceCallBody }) =>
      unwrap(api.POST('/api/v1/calls', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body })),
    onSuccess: (call) => callStarted(qc, call),
    // A refused call stays on record: the lists show it.
    onError: () => void qc.invalidateQueries({ queryKey: callKeys.lists }),
    meta: { inlineError: true },
  });
}

export const AGENT_LOOKUP_LIMIT = 100;

export interface AgentOption {
  id: string;
  name: string;
}

/** The tenant's agents (first 100) for names and the agent filter; empty without agents:read. */
export function useCallAgents(enabled = true) {
  const query = useQuery({
    queryKey: callKeys.agentNames,
    queryFn: () => unwrap(api.GET('/api/v1/agents', { params: { query: { limit: AGENT_LOOKUP_LIMIT } } })),
    enabled,
    staleTime: 60_000,
  });
  const agents = React.useMemo<AgentOption[]>(
    () => (query.data?.items ?? []).map((a) => ({ id: a.id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)),
    [query.data],
  );
  const names = React.useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);
  return { ...query, agents, names };
}

// --- live updates -----------------------------------------------------------------------------

export type LiveChange = 'updated' | 'inserted' | 'none';

/**
 * Applies a call from the live stream to every loaded call list (each with its own filters) and to
 * its detail; the transcript is refetched if it is loaded (a finished call brings one).
 * Returns the biggest change made to a list.
 */
export function applyLiveCall(qc: QueryClient, call: Call): LiveChange {
  let change: LiveChange = 'none';
  const lists = qc.getQueriesData<InfiniteData<Page<Call>, string | undefined>>({ queryKey: callKeys.lists });
  for (const [key, data] of lists) {
    if (!data) continue;
    const filters = (key as QueryKey)[2] as CallFilters;
    const result = mergeCall(data.pages, call, filters);
    if (result.change === 'none') continue;
    qc.setQueryData(key, { ...data, pages: result.pages });
    if (result.change === 'inserted' || change === 'none') change = result.change;
  }
  if (qc.getQueryData(callKeys.detail(call.id))) qc.setQueryData(callKeys.detail(call.id), call);
  if (qc.getQueryData(callKeys.transcript(call.id))) void qc.invalidateQueries({ queryKey: callKeys.transcript(call.id) });
  return change;
}

export type LiveState = 'connecting' | 'live' | 'offline';

/** How long to wait before reopening a stream the browser gave up on. */
export const LIVE_RETRY_MS = 5_000;

function isCall(value: unknown): value is Call {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Call).id === 'string' &&
    typeof (value as Call).created_at === 'string' &&
    typeof (value as Call).status === 'string'
  );
}

/**
 * Subscribes to the live call stream while mounted and keeps the query cache current. `onCall`
 * hears every call event with the change it made to the loaded lists. After a dropped connection
 * the lists are refetched (events may have been missed); a stream the browser closed for good
 * (an error answer) is reopened after LIVE_RETRY_MS.
 */
export function useLiveCalls(onCall?: (call: Call, change: LiveChange) => void): LiveState {
  const qc = useQueryClient();
  const [state, setState] = React.useState<LiveState>('connecting');
  const [attempt, setAttempt] = React.useState(0);
  const callback = React.useRef(onCall);
  React.useEffect(() => {
    callback.current = onCall;
  });

  React.useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    const es = new EventSource(LIVE_URL);
    let dropped = attempt > 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    setState('connecting');
    es.onopen = () => {
      setState('live');
      if (dropped) void qc.invalidateQueries({ queryKey: callKeys.lists });
      dropped = false;
    };
    es.onerror = () => {
      dropped = true;
      if (es.readyState === EventSource.CLOSED) {
        setState('offline');
        retry = setTimeout(() => setAttempt((n) => n + 1), LIVE_RETRY_MS);
      } else {
        setState('connecting');
      }
    };
    es.addEventListener('call', (e) => {
      let call: unknown;
      try {
        call = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      if (!isCall(call)) return;
      const change = applyLiveCall(qc, call);
      // A call of an agent created since the names were loaded: load them again.
      const known = qc.getQueryData<Page<{ id: string }>>(callKeys.agentNames);
      if (call.agent_id && known && !known.items.some((a) => a.id === call.agent_id)) {
        void qc.invalidateQueries({ queryKey: callKeys.agentNames });
      }
      // A finished call has been charged.
      if (call.status === 'completed' || call.status === 'failed') void qc.invalidateQueries({ queryKey: ['credits'] });
      callback.current?.(call, change);
    });
    es.addEventListener('credits_low', () => void qc.invalidateQueries({ queryKey: ['credits'] }));
    return () => {
      clearTimeout(retry);
      es.close();
    };
  }, [qc, attempt]);

  return state;
}

/** Ids of recently changed calls (for a short highlight), with `mark(id)` to add one. */
export function useFlash(ms = 2500) {
  const [ids, setIds] = React.useState<ReadonlySet<string>>(() => new Set());
  const timers = React.useRef(new Map<string, ReturnType<typeof setTimeout>>());
  React.useEffect(() => {
    const t = timers.current;
    return () => t.forEach(clearTimeout);
  }, []);
  const mark = React.useCallback(
    (id: string) => {
      setIds((s) => new Set(s).add(id));
      clearTimeout(timers.current.get(id));
      timers.current.set(
        id,
        setTimeout(() => {
          timers.current.delete(id);
          setIds((s) => {
            const next = new Set(s);
            next.delete(id);
            return next;
          });
        }, ms),
      );
    },
    [ms],
  );
  return { ids, mark };
}
