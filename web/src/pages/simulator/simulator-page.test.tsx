import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { createQueryClient } from '@/api/query-client';
import type { PhoneNumber } from '@/api/types';
import { RequireAuth } from '@/components/guards';
import { makeCall } from '@/test/calls-fixture';
import { FakeEventSource } from '@/test/fake-event-source';
import { errorEnvelope, json, mockFetch, type Handler } from '@/test/fetch-mock';
import { SimulatorPage } from './simulator-page';

const me = {
  user: { id: 'u1', email: 'ca@acme.test', name: 'Cee Admin', email_verified: true },
  tenant: { id: 't1', name: 'Acme', kind: 'customer', status: 'active', parent_id: null },
  home_tenant_id: 't1',
  role: 'customer_admin',
  permissions: ['numbers:read', 'numbers:write', 'agents:read', 'calls:read', 'calls:write', 'billing:read'],
  csrf_token: 'csrf',
  can_switch_tenant: false,
};

const num = (over: Partial<PhoneNumber> = {}): PhoneNumber => ({
  id: 'n-sim',
  carrier: 'simulator',
  phone_number: '+12125550142',
  friendly_name: '+12125550142',
  country: 'US',
  status: 'active',
  agent_id: 'a1',
  last_error: null,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  released_at: null,
  ...over,
});

const running = makeCall({
  id: 'call-1',
  runtime: 'builtin',
  provider: 'simulator',
  status: 'in_progress',
  from_number: '+15555550100',
  to_number: '+12125550142',
  ended_at: null,
  duration_secs: 0,
  summary: null,
  successful: null,
});

function setup(routes: Record<string, Handler>, path = '/simulator') {
  const mock = mockFetch({
    'GET /api/v1/me': () => json(me),
    'GET /api/v1/agents': () => json({ items: [{ id: 'a1', name: 'Front desk', kind: 'call', status: 'active' }], next_cursor: null }),
    ...routes,
  });
  const loc = memoryLocation({ path, record: true });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <Router hook={loc.hook} searchHook={loc.searchHook}>
        <RequireAuth>{() => <SimulatorPage />}</RequireAuth>
      </Router>
    </QueryClientProvider>,
  );
  return { ...mock, loc, user: userEvent.setup() };
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});

describe('simulator page', () => {
  it('points to the Numbers page when there is no simulator number, and says they are free', async () => {
    setup({ 'GET /api/v1/numbers': () => json({ items: [num({ carrier: 'twilio', id: 'n-tw' })], next_cursor: null }) });
    const empty = await screen.findByTestId('sim-no-numbers');
    expect(empty).toHaveTextContent('No simulator number yet');
    expect(empty).toHaveTextContent(/free, fictional numbers/);
    expect(within(empty).getByTestId('sim-buy-number')).toHaveAttribute('href', '/numbers');
  });

  it('starts the preset script and follows the call live until it ends', async () => {
    let transcript = [{ speaker: 'agent', text: 'Hello, thanks for calling Acme Dental.', start_ms: 0 }];
    const { calls, user, loc } = setup({
      'GET /api/v1/numbers': () => json({ items: [num()], next_cursor: null }),
      'POST /api/v1/simulator/calls': () => json(running, 201),
      'GET /api/v1/calls/call-1': () => json(running),
      'GET /api/v1/calls/call-1/transcript': () => json(transcript),
    });
    await screen.findByTestId('sim-form');
    expect(screen.getByTestId('sim-number-select')).toHaveTextContent('+1 (212) 555-0142');
    await user.click(screen.getByTestId('script-preset-tour'));
    await user.click(screen.getByTestId('sim-start'));

    const post = calls.find((r) => r.method === 'POST');
    expect(await post!.clone().json()).toEqual({
      number_id: 'n-sim',
      from: null,
      script: [
        { type: 'say', text: 'Hi there' },
        { type: 'say', text: 'What are your opening hours' },
        { type: 'barge_in', text: 'Sorry what about prices' },
        { type: 'dtmf', digits: '12#' },
        { type: 'say', text: 'Thanks goodbye' },
      ],
    });
    const live = await screen.findByTestId('sim-live');
    expect(live).toHaveAttribute('data-status', 'in_progress');
    expect(loc.history.at(-1)).toBe('/simulator?number=n-sim&call=call-1');
    await within(live).findByText('Hello, thanks for calling Acme Dental.');
    expect(screen.getByTestId('sim-start')).toBeDisabled();

    // A turn later the stream says the call changed: the transcript is fetched again.
    transcript = [...transcript, { speaker: 'caller', text: 'Hi there', start_ms: 2500 }];
    act(() => {
      FakeEventSource.instances[0].open();
      FakeEventSource.emitAll('call', running);
    });
    await within(live).findByText('Hi there');

    // It ends: timings, the end reason and the link to the detail.
    const done = {
      ...running,
      status: 'completed',
      end_reason: 'agent_ended',
      duration_secs: 31,
      turn_timings: [
        { turn: 1, at_ms: 2500, stt_ms: 100, llm_first_token_ms: 200, tts_first_byte_ms: 300, first_audio_ms: 350, interrupted: false, input: 'speech' },
        { turn: 2, at_ms: 9000, stt_ms: 90, llm_first_token_ms: 190, tts_first_byte_ms: 280, first_audio_ms: 330, interrupted: true, input: 'speech' },
      ],
    };
    act(() => FakeEventSource.emitAll('call', done));
    await waitFor(() => expect(live).toHaveAttribute('data-status', 'completed'));
    expect(screen.getByTestId('sim-ended')).toHaveTextContent('The call ended: the agent ended the call.');
    expect(screen.getByTestId('sim-call-detail-link')).toHaveAttribute('href', '/calls/call-1');
    expect(within(screen.getByTestId('sim-timings')).getAllByTestId('timing-row')).toHaveLength(2);
    expect(screen.getByTestId('timing-interrupted')).toBeInTheDocument();
    expect(screen.getByTestId('sim-last-turn')).toHaveTextContent('Turn 2: 330 ms');
    expect(screen.getByTestId('sim-start')).toBeEnabled();
  });

  it('shows a refused call with the way out', async () => {
    const refused = { ...running, status: 'failed', end_reason: 'refused: no credits left' };
    const { user } = setup({
      'GET /api/v1/numbers': () => json({ items: [num()], next_cursor: null }),
      'POST /api/v1/simulator/calls': () => json(refused, 201),
      'GET /api/v1/calls/call-1': () => json(refused),
      'GET /api/v1/calls/call-1/transcript': () => json([]),
    });
    await user.click(await screen.findByTestId('sim-start'));
    const alert = await screen.findByTestId('sim-refused');
    expect(alert).toHaveAttribute('data-kind', 'credits');
    expect(alert).toHaveTextContent(/no credits left/);
    expect(within(alert).getByTestId('refusal-billing-link')).toHaveAttribute('href', '/billing');
  });

  it('checks the script first, and puts the server’s word on the step it names', async () => {
    const { user, calls } = setup({
      'GET /api/v1/numbers': () => json({ items: [num()], next_cursor: null }),
      'POST /api/v1/simulator/calls': () =>
        errorEnvelope(400, 'validation_failed', 'invalid', { details: { fields: { script: ['step 2: text is 1 to 500 characters'] } } }),
    });
    await screen.findByTestId('sim-form');
    const texts = screen.getAllByTestId('step-text');
    await user.clear(texts[0]);
    await user.click(screen.getByTestId('sim-start'));
    expect(screen.getByTestId('step-error')).toHaveTextContent('Enter what the caller says');
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    await user.type(texts[0], 'Hello');
    await user.click(screen.getByTestId('sim-start'));
    await waitFor(() => expect(screen.getAllByTestId('step-error')).toHaveLength(1));
    const rows = screen.getAllByTestId('script-step');
    expect(within(rows[1]).getByTestId('step-error')).toHaveTextContent('Text is 1 to 500 characters');
  });
});
