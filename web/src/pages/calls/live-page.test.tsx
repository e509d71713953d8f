import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { createQueryClient } from '@/api/query-client';
import { RequireAuth } from '@/components/guards';
import { makeCall } from '@/test/calls-fixture';
import { FakeEventSource } from '@/test/fake-event-source';
import { json, mockFetch } from '@/test/fetch-mock';
import { LiveCallsPage } from './live-page';

const me = {
  user: { id: 'u1', email: 'ca@acme.test', name: 'Cee Admin', email_verified: true },
  tenant: { id: 't1', name: 'Acme', kind: 'customer', status: 'active', parent_id: null },
  home_tenant_id: 't1',
  role: 'customer_admin',
  permissions: ['calls:read'],
  csrf_token: 'csrf',
  can_switch_tenant: false,
};

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});

describe('live wall', () => {
  it('shows a running built-in call’s last lines and latest turn; ElevenLabs calls keep their summary', async () => {
    const builtin = makeCall({
      id: 'b1',
      runtime: 'builtin',
      provider: 'simulator',
      status: 'in_progress',
      summary: null,
      turn_timings: [
        { turn: 1, at_ms: 2000, stt_ms: 80, llm_first_token_ms: 200, tts_first_byte_ms: 300, first_audio_ms: 320, interrupted: false, input: 'speech' },
        { turn: 2, at_ms: 8000, stt_ms: 80, llm_first_token_ms: 210, tts_first_byte_ms: 310, first_audio_ms: 1450, interrupted: true, input: 'speech' },
      ],
    });
    const done = makeCall({ id: 'e1', created_at: '2026-12-01T09:00:00Z' });
    const finished = makeCall({ id: 'b2', runtime: 'builtin', provider: 'simulator', summary: null, end_reason: 'caller_hung_up', created_at: '2026-12-01T08:00:00Z', turn_timings: builtin.turn_timings });
    mockFetch({
      'GET /api/v1/me': () => json(me),
      'GET /api/v1/calls': () => json({ items: [builtin, done, finished], next_cursor: null }),
      'GET /api/v1/calls/b1/transcript': () =>
        json([
          { speaker: 'agent', text: 'Hello, thanks for calling.', start_ms: 0 },
          { speaker: 'caller', text: 'Hi there', start_ms: 2000 },
          { speaker: 'agent', text: 'How can I help?', start_ms: 3000 },
          { speaker: 'caller', text: 'What are your opening hours', start_ms: 8000 },
        ]),
    });
    const loc = memoryLocation({ path: '/calls/live' });
    render(
      <QueryClientProvider client={createQueryClient()}>
        <Router hook={loc.hook} searchHook={loc.searchHook}>
          <RequireAuth>{() => <LiveCallsPage />}</RequireAuth>
        </Router>
      </QueryClientProvider>,
    );
    const cards = await screen.findAllByTestId('live-call-card');
    const running = cards.find((c) => c.dataset.id === 'b1')!;
    await within(running).findByText('What are your opening hours');
    // The last three lines only.
    expect(within(running).getAllByTestId('live-line').map((l) => l.dataset.speaker)).toEqual(['caller', 'agent', 'caller']);
    expect(within(running).getByTestId('live-latency')).toHaveTextContent('Turn 2 answered in 1.45 s · barge-in');

    const el = cards.find((c) => c.dataset.id === 'e1')!;
    expect(el).toHaveTextContent('The caller moved an appointment.');
    expect(within(el).queryByTestId('live-transcript')).not.toBeInTheDocument();
    expect(cards.find((c) => c.dataset.id === 'b2')).toHaveTextContent('2 turns · The caller hung up');
  });
});
