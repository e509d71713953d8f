import * as React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider, type InfiniteData } from '@tanstack/react-query';
import { makeCall } from '@/test/calls-fixture';
import { FakeEventSource } from '@/test/fake-event-source';
import { json, mockFetch } from '@/test/fetch-mock';
import { EMPTY_CALL_FILTERS, type CallFilters } from '@/lib/calls';
import type { Page } from './types';
import { applyLiveCall, callKeys, LIVE_RETRY_MS, LIVE_URL, useCalls, useLiveCalls, type Call, type LiveChange } from './calls';

const latest = () => FakeEventSource.instances[FakeEventSource.instances.length - 1];

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: React.ReactNode }) => React.createElement(QueryClientProvider, { client: qc }, children);
  return { qc, wrapper };
}

type ListData = InfiniteData<Page<Call>, string | undefined>;
const seed = (qc: QueryClient, filters: CallFilters, pages: Page<Call>[]) =>
  qc.setQueryData<ListData>(callKeys.list(filters), { pages, pageParams: pages.map((_, i) => (i ? `c${i}` : undefined)) });
const ids = (qc: QueryClient, filters: CallFilters) =>
  qc.getQueryData<ListData>(callKeys.list(filters))!.pages.flatMap((p) => p.items.map((c) => c.id));

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('applyLiveCall', () => {
  it('updates every loaded list by its own filters and the detail', () => {
    const { qc } = setup();
    const old = makeCall({ id: 'old', created_at: '2026-12-01T09:00:00Z' });
    const failedOnly = { ...EMPTY_CALL_FILTERS, status: 'failed' };
    seed(qc, EMPTY_CALL_FILTERS, [{ items: [old], next_cursor: null }]);
    seed(qc, failedOnly, [{ items: [], next_cursor: null }]);
    qc.setQueryData(callKeys.detail('old'), old);

    const fresh = makeCall({ id: 'new', created_at: '2026-12-01T11:00:00Z', status: 'in_progress' });
    expect(applyLiveCall(qc, fresh)).toBe('inserted');
    expect(ids(qc, EMPTY_CALL_FILTERS)).toEqual(['new', 'old']);
    expect(ids(qc, failedOnly)).toEqual([]);

    const ended = { ...old, status: 'failed', summary: 'Dropped.' };
    expect(applyLiveCall(qc, ended)).toBe('inserted'); // new to the failed-only list
    expect(ids(qc, failedOnly)).toEqual(['old']);
    expect(qc.getQueryData<Call>(callKeys.detail('old'))?.summary).toBe('Dropped.');
    // A detail nobody opened is not created.
    expect(qc.getQueryData(callKeys.detail('new'))).toBeUndefined();
  });

  it('reports an update of a listed call', () => {
    const { qc } = setup();
    const call = makeCall({ status: 'in_progress' });
    seed(qc, EMPTY_CALL_FILTERS, [{ items: [call], next_cursor: null }]);
    expect(applyLiveCall(qc, { ...call, status: 'completed' })).toBe('updated');
    expect(qc.getQueryData<ListData>(callKeys.list(EMPTY_CALL_FILTERS))!.pages[0].items[0].status).toBe('completed');
  });
});

describe('useLiveCalls', () => {
  it('opens the stream, reports its state and merges call events into the list', async () => {
    const { qc, wrapper } = setup();
    mockFetch({ 'GET /api/v1/calls': () => json({ items: [makeCall({ id: 'old', created_at: '2026-12-01T09:00:00Z' })], next_cursor: null }) });
    const heard: [string, LiveChange][] = [];
    const { result } = renderHook(
      () => ({ list: useCalls(EMPTY_CALL_FILTERS), live: useLiveCalls((c, change) => heard.push([c.id, change])) }),
      { wrapper },
    );
    expect(result.current.live).toBe('connecting');
    expect(latest().url).toBe(LIVE_URL);
    await waitFor(() => expect(result.current.list.items).toHaveLength(1));

    act(() => latest().open());
    expect(result.current.live).toBe('live');

    const fresh = makeCall({ id: 'new', created_at: '2026-12-01T11:00:00Z', status: 'in_progress' });
    act(() => latest().emit('call', JSON.stringify(fresh)));
    // The cache notifies its observers on the next tick.
    await waitFor(() => expect(result.current.list.items.map((c) => c.id)).toEqual(['new', 'old']));
    act(() => latest().emit('call', JSON.stringify({ ...fresh, status: 'completed' })));
    await waitFor(() => expect(result.current.list.items[0].status).toBe('completed'));
    // Junk is ignored.
    act(() => latest().emit('call', 'not json'));
    act(() => latest().emit('call', JSON.stringify({ hello: 'world' })));
    expect(heard).toEqual([
      ['new', 'inserted'],
      ['new', 'updated'],
    ]);
    expect(qc.getQueryData<ListData>(callKeys.list(EMPTY_CALL_FILTERS))!.pages[0].items).toHaveLength(2);
  });

  it('refreshes credits on credits_low and on a finished call', () => {
    const { qc, wrapper } = setup();
    const spy = vi.spyOn(qc, 'invalidateQueries');
    renderHook(() => useLiveCalls(), { wrapper });
    act(() => latest().open());
    act(() => latest().emit('credits_low', JSON.stringify({ tenant_id: 't1' })));
    expect(spy).toHaveBeenCalledWith({ queryKey: ['credits'] });
    spy.mockClear();
    act(() => latest().emit('call', JSON.stringify(makeCall({ status: 'in_progress' }))));
    expect(spy).not.toHaveBeenCalledWith({ queryKey: ['credits'] });
    act(() => latest().emit('call', JSON.stringify(makeCall({ status: 'completed' }))));
    expect(spy).toHaveBeenCalledWith({ queryKey: ['credits'] });
  });

  it('reloads agent names when a call names an agent it does not know', () => {
    const { qc, wrapper } = setup();
    qc.setQueryData(callKeys.agentNames, { items: [{ id: 'a1', name: 'Front desk' }], next_cursor: null });
    const spy = vi.spyOn(qc, 'invalidateQueries');
    renderHook(() => useLiveCalls(), { wrapper });
    act(() => latest().emit('call', JSON.stringify(makeCall({ agent_id: 'a1', status: 'in_progress' }))));
    expect(spy).not.toHaveBeenCalledWith({ queryKey: callKeys.agentNames });
    act(() => latest().emit('call', JSON.stringify(makeCall({ agent_id: 'a2', status: 'in_progress' }))));
    expect(spy).toHaveBeenCalledWith({ queryKey: callKeys.agentNames });
  });

  it('refetches lists after a dropped connection and reopens a closed one later', () => {
    vi.useFakeTimers();
    const { qc, wrapper } = setup();
    const spy = vi.spyOn(qc, 'invalidateQueries');
    const { result, unmount } = renderHook(() => useLiveCalls(), { wrapper });
    act(() => latest().open());
    expect(spy).not.toHaveBeenCalled();

    // The browser reconnects by itself.
    act(() => latest().fail(false));
    expect(result.current).toBe('connecting');
    act(() => latest().open());
    expect(spy).toHaveBeenCalledWith({ queryKey: callKeys.lists });
    expect(FakeEventSource.instances).toHaveLength(1);

    // The browser gave up (e.g. an error answer): offline, then a new stream after a pause.
    act(() => latest().fail(true));
    expect(result.current).toBe('offline');
    act(() => vi.advanceTimersByTime(LIVE_RETRY_MS));
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.instances[0].readyState).toBe(FakeEventSource.CLOSED);
    expect(result.current).toBe('connecting');
    spy.mockClear();
    act(() => latest().open());
    expect(result.current).toBe('live');
    expect(spy).toHaveBeenCalledWith({ queryKey: callKeys.lists });

    unmount();
    expect(latest().readyState).toBe(FakeEventSource.CLOSED);
  });
});
