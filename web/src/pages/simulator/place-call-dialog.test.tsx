import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { createQueryClient } from '@/api/query-client';
import type { PhoneNumber } from '@/api/types';
import { RequireAuth } from '@/components/guards';
import { makeCall } from '@/test/calls-fixture';
import { errorEnvelope, json, mockFetch, type Handler } from '@/test/fetch-mock';
import { PlaceCallDialog } from './place-call-dialog';

const me = {
  user: { id: 'u1', email: 'ca@acme.test', name: 'Cee Admin', email_verified: true },
  tenant: { id: 't1', name: 'Acme', kind: 'customer', status: 'active', parent_id: null },
  home_tenant_id: 't1',
  role: 'customer_admin',
  permissions: ['numbers:read', 'agents:read', 'calls:read', 'calls:write', 'billing:read'],
  csrf_token: 'csrf',
  can_switch_tenant: false,
};

const num = (over: Partial<PhoneNumber> = {}): PhoneNumber => ({
  id: 'n-sim',
  carrier: 'simulator',
  phone_number: '+12125550142',
  friendly_name: 'Main line',
  country: 'US',
  status: 'active',
  agent_id: 'a1',
  last_error: null,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  released_at: null,
  ...over,
});

const NUMBERS = [num(), num({ id: 'n-tw', carrier: 'twilio', phone_number: '+14155550100', friendly_name: '+14155550100' }), num({ id: 'n-old', status: 'provisioning', phone_number: '+12125550199' })];

function setup(routes: Record<string, Handler>, defaultNumberId: string | null = null) {
  const mock = mockFetch({
    'GET /api/v1/me': () => json(me),
    'GET /api/v1/agents': () => json({ items: [{ id: 'a1', name: 'Front desk', kind: 'call', status: 'active' }], next_cursor: null }),
    'GET /api/v1/numbers': () => json({ items: NUMBERS, next_cursor: null }),
    ...routes,
  });
  const loc = memoryLocation({ path: '/calls' });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <Router hook={loc.hook} searchHook={loc.searchHook}>
        <RequireAuth>{() => <PlaceCallDialog open onOpenChange={() => {}} defaultNumberId={defaultNumberId} />}</RequireAuth>
      </Router>
    </QueryClientProvider>,
  );
  return { ...mock, user: userEvent.setup() };
}

const placed = makeCall({ id: 'out-1', direction: 'outbound', runtime: 'builtin', provider: 'simulator', status: 'in_progress', to_number: '+14155552671' });

describe('PlaceCallDialog', () => {
  it('places a call from a simulator number with a callee script, variables and a fresh Idempotency-Key', async () => {
    const { user, calls } = setup({ 'POST /api/v1/calls': () => json(placed, 201) }, 'n-sim');
    await screen.findByTestId('place-to');
    // Only active numbers are offered.
    await user.click(screen.getByTestId('place-from'));
    expect((await screen.findAllByTestId('number-option')).map((o) => o.dataset.number)).toEqual(['+12125550142', '+14155550100']);
    await user.keyboard('{Escape}');

    await user.type(screen.getByTestId('place-to'), '+14155552671');
    await user.click(screen.getByTestId('place-var-add'));
    await user.type(screen.getByTestId('place-var-key'), 'customer');
    await user.type(screen.getByTestId('place-var-value'), 'Ada');
    // The callee script defaults to "hello, then hang up".
    expect(screen.getAllByTestId('script-step').map((r) => r.dataset.type)).toEqual(['say', 'hangup']);
    await user.click(screen.getByTestId('place-submit'));

    await waitFor(() => expect(calls.filter((r) => r.method === 'POST')).toHaveLength(1));
    const req = calls.find((r) => r.method === 'POST')!;
    expect(req.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await req.clone().json()).toEqual({
      from_number_id: 'n-sim',
      to: '+14155552671',
      variables: { customer: 'Ada' },
      simulator_script: [{ type: 'say', text: 'Hello' }, { type: 'hangup' }],
    });
  });

  it('checks the form, and shows a refusal with the way to Billing; each try has its own key', async () => {
    const { user, calls } = setup({
      'POST /api/v1/calls': () => errorEnvelope(409, 'insufficient_credits', 'the call was refused: no credits left'),
    });
    await screen.findByTestId('place-to');
    await user.click(screen.getByTestId('place-submit'));
    expect(screen.getByTestId('error-place-from')).toHaveTextContent('Choose the number to call from');
    expect(screen.getByTestId('error-place-to')).toHaveTextContent('Enter the number to call');

    await user.click(screen.getByTestId('place-from'));
    await user.click(await screen.findByRole('option', { name: /\(415\) 555-0100/ }));
    // A Twilio number: no callee script.
    expect(screen.queryByTestId('place-callee')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('place-to'), '415 555 2671');
    await user.click(screen.getByTestId('place-submit'));
    const refusal = await screen.findByTestId('place-refusal');
    expect(refusal).toHaveAttribute('data-code', 'insufficient_credits');
    expect(refusal).toHaveTextContent(/no credits left/);
    expect(within(refusal).getByTestId('refusal-billing-link')).toHaveAttribute('href', '/billing');

    await user.click(screen.getByTestId('place-submit'));
    await waitFor(() => expect(calls.filter((r) => r.method === 'POST')).toHaveLength(2));
    const posts = calls.filter((r) => r.method === 'POST');
    expect(await posts[0].clone().json()).toMatchObject({ from_number_id: 'n-tw', to: '415 555 2671', simulator_script: null });
    expect(posts[0].headers.get('idempotency-key')).not.toBe(posts[1].headers.get('idempotency-key'));
  });

  it('explains a busy line and server field errors', async () => {
    let answer = () => errorEnvelope(409, 'quota_exceeded', 'the call was refused: all lines busy');
    const { user } = setup({ 'POST /api/v1/calls': () => answer() }, 'n-sim');
    await screen.findByTestId('place-to');
    await user.type(screen.getByTestId('place-to'), '+14155552671');
    await user.click(screen.getByTestId('place-submit'));
    expect(await screen.findByTestId('place-refusal')).toHaveTextContent(/All your lines are busy/);

    answer = () => errorEnvelope(400, 'validation_failed', 'invalid', { details: { fields: { to: ['not a phone number'] } } });
    await user.click(screen.getByTestId('place-submit'));
    expect(await screen.findByTestId('error-place-to')).toHaveTextContent('Not a phone number');
    expect(screen.queryByTestId('place-refusal')).not.toBeInTheDocument();
  });
});
