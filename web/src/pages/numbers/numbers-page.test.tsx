import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { createQueryClient } from '@/api/query-client';
import type { PhoneNumber } from '@/api/types';
import { RequireAuth } from '@/components/guards';
import { errorEnvelope, json, mockFetch, type Handler } from '@/test/fetch-mock';
import { NumbersPage } from './numbers-page';

const ALL = ['numbers:read', 'numbers:write', 'agents:read', 'settings:read'];

const me = (permissions: string[]) => ({
  user: { id: 'u1', email: 'ca@acme.test', name: 'Cee Admin', email_verified: true },
  tenant: { id: 't1', name: 'Acme', kind: 'customer', status: 'active', parent_id: null },
  home_tenant_id: 't1',
  role: 'customer_admin',
  permissions,
  csrf_token: 'csrf',
  can_switch_tenant: false,
});

const agent = (id: string, name: string, kind = 'call') => ({
  id,
  name,
  kind,
  status: 'active',
  current_version: 1,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
});
const AGENTS = [agent('a-front', 'Front desk'), agent('a-sales', 'Sales line'), agent('a-chat', 'Website chat', 'chat')];

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

const page = (items: PhoneNumber[]) => json({ items, next_cursor: null });
const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();

function setup(routes: Record<string, Handler>, permissions = ALL) {
  const mock = mockFetch({
    'GET /api/v1/me': () => json(me(permissions)),
    'GET /api/v1/agents': () => json({ items: AGENTS, next_cursor: null }),
    'GET /api/v1/integrations/twilio': () =>
      json({ configured: false, account_sid: null, token_hint: null, updated_at: null, key_source: null, voice_webhook_url: 'v', status_webhook_url: 's' }),
    ...routes,
  });
  const loc = memoryLocation({ path: '/numbers' });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <Router hook={loc.hook} searchHook={loc.searchHook}>
        <RequireAuth>{() => <NumbersPage />}</RequireAuth>
      </Router>
    </QueryClientProvider>,
  );
  return { ...mock, user: userEvent.setup() };
}

async function choose(user: ReturnType<typeof userEvent.setup>, trigger: HTMLElement, option: string) {
  await user.click(trigger);
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('numbers page', () => {
  it('explains numbers when there are none and offers to buy one', async () => {
    setup({ 'GET /api/v1/numbers': () => page([]) });
    const empty = await screen.findByTestId('empty-state');
    expect(empty).toHaveTextContent('routes the calls it receives to the agent you assign');
    expect(within(empty).getByTestId('buy-number-empty')).toBeInTheDocument();
    expect(screen.getByTestId('buy-number-button')).toBeInTheDocument();
  });

  it('lists numbers with their carrier, status, error and agent, and asks for released ones on request', async () => {
    const { calls, user } = setup({
      'GET /api/v1/numbers': (req) =>
        new URL(req.url).searchParams.get('include_released') === 'true'
          ? page([num({ id: 'n-old', phone_number: '+13125550100', friendly_name: '+13125550100', status: 'released' })])
          : page([
              num({ id: 'n1', friendly_name: 'Main line', agent_id: 'a-front' }),
              num({ id: 'n2', carrier: 'twilio', phone_number: '+14155552671', friendly_name: '+14155552671', status: 'failed', last_error: 'Twilio refused: number unavailable' }),
              num({ id: 'n3', phone_number: '+442079460958', friendly_name: 'London', agent_id: 'a-chat', status: 'releasing' }),
            ]),
    });
    const rows = await screen.findAllByTestId('number-row');
    expect(rows).toHaveLength(3);
    const [main, failed, london] = rows;
    expect(within(main).getByTestId('number-phone')).toHaveTextContent('+1 (212) 555-0107');
    expect(within(main).getByTestId('number-label')).toHaveTextContent('Main line');
    expect(within(main).getByTestId('number-carrier')).toHaveTextContent('Simulator');
    expect(within(main).getByTestId('number-status')).toHaveTextContent('Active');
    await waitFor(() => expect(within(main).getByTestId('number-agent-select')).toHaveTextContent('Front desk'));
    expect(within(main).getByTestId('number-release')).toBeInTheDocument();

    expect(within(failed).queryByTestId('number-label')).not.toBeInTheDocument();
    expect(within(failed).getByTestId('number-carrier')).toHaveTextContent('Twilio');
    expect(within(failed).getByTestId('number-status')).toHaveTextContent('Failed');
    expect(within(failed).getByTestId('number-error')).toHaveTextContent('Twilio refused: number unavailable');

    // Releasing: no more changes; the agent (a chat agent here) is shown by name.
    expect(within(london).getByTestId('number-phone')).toHaveTextContent('+442079460958');
    expect(within(london).getByTestId('number-status')).toHaveTextContent('Releasing…');
    expect(within(london).getByTestId('number-agent')).toHaveTextContent('Website chat');
    expect(within(london).queryByTestId('number-agent-select')).not.toBeInTheDocument();
    expect(within(london).queryByTestId('number-rename')).not.toBeInTheDocument();
    expect(within(london).queryByTestId('number-release')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('show-released'));
    await waitFor(() => expect(screen.getAllByTestId('number-row')).toHaveLength(1));
    expect(screen.getByTestId('number-row')).toHaveAttribute('data-status', 'released');
    const list = calls.filter((c) => new URL(c.url).pathname === '/api/v1/numbers').map((c) => new URL(c.url).searchParams);
    expect(list[0].has('include_released')).toBe(false);
    expect(list.at(-1)?.get('include_released')).toBe('true');
  });

  it('hides every write control without numbers:write', async () => {
    setup({ 'GET /api/v1/numbers': () => page([num({ agent_id: 'a-front' })]) }, ['numbers:read', 'agents:read']);
    const row = await screen.findByTestId('number-row');
    await waitFor(() => expect(within(row).getByTestId('number-agent')).toHaveTextContent('Front desk'));
    expect(screen.queryByTestId('buy-number-button')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('number-agent-select')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('number-rename')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('number-release')).not.toBeInTheDocument();
  });

  it('searches, buys a number for an agent and follows it from buying to active', async () => {
    let polls = 0;
    let listed: PhoneNumber[] = [];
    const { calls, user } = setup({
      'GET /api/v1/numbers': () => page(listed),
      'GET /api/v1/numbers/available': () =>
        json({
          items: [
            { phone_number: '+12125550107', friendly_name: '(212) 555-0107', locality: 'New York', region: 'NY', country: 'US' },
            { phone_number: '+12125550142', friendly_name: '(212) 555-0142', locality: 'New York', region: 'NY', country: 'US' },
          ],
        }),
      'POST /api/v1/numbers': async (req) => {
        const body = await req.clone().json();
        listed = [num({ id: 'n-new', phone_number: body.phone_number, friendly_name: body.friendly_name, agent_id: body.agent_id, status: 'provisioning', updated_at: at(0) })];
        return json(listed[0], 202);
      },
      'GET /api/v1/numbers/n-new': () => {
        polls += 1;
        listed = [{ ...listed[0], status: polls > 1 ? 'active' : 'provisioning', updated_at: at(polls) }];
        return json(listed[0]);
      },
    });
    await user.click(await screen.findByTestId('buy-number-empty'));
    const dialog = await screen.findByTestId('buy-number-dialog');
    expect(within(dialog).getByTestId('carrier-simulator')).toHaveAttribute('aria-checked', 'true');
    expect(within(dialog).getByTestId('search-country')).toHaveValue('US');
    expect(within(dialog).getByTestId('buy-submit')).toBeDisabled();

    // Letters in the area code are refused before asking.
    await user.type(within(dialog).getByTestId('search-area-code'), '2x2');
    await user.click(within(dialog).getByTestId('search-submit'));
    expect(await within(dialog).findByTestId('error-search-area-code')).toHaveTextContent('Digits only, at most 5');
    expect(calls.some((c) => c.url.includes('/numbers/available'))).toBe(false);

    await user.clear(within(dialog).getByTestId('search-area-code'));
    await user.type(within(dialog).getByTestId('search-area-code'), '212');
    await user.click(within(dialog).getByTestId('search-submit'));
    const options = await within(dialog).findAllByTestId('available-number');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveTextContent('+1 (212) 555-0107');
    expect(options[0]).toHaveTextContent('New York, NY, US');
    const search = new URL(calls.find((c) => c.url.includes('/numbers/available'))!.url).searchParams;
    expect(Object.fromEntries(search)).toMatchObject({ carrier: 'simulator', country: 'US', area_code: '212' });
    expect(search.has('contains')).toBe(false);

    await user.click(options[1]);
    expect(options[1]).toHaveAttribute('aria-checked', 'true');
    expect(within(dialog).getByTestId('buy-submit')).toHaveTextContent('Buy +1 (212) 555-0142');
    // Only call agents are offered.
    await user.click(within(dialog).getByTestId('buy-agent'));
    expect(screen.queryByRole('option', { name: 'Website chat' })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: 'Sales line' }));
    await user.type(within(dialog).getByTestId('buy-label'), ' Sales ');
    await user.click(within(dialog).getByTestId('buy-submit'));

    await waitFor(() => expect(screen.queryByTestId('buy-number-dialog')).not.toBeInTheDocument());
    expect(await calls.find((c) => c.method === 'POST')?.json()).toEqual({
      carrier: 'simulator',
      phone_number: '+12125550142',
      agent_id: 'a-sales',
      friendly_name: 'Sales',
    });
    const row = await screen.findByTestId('number-row');
    expect(row).toHaveAttribute('data-status', 'provisioning');
    expect(within(row).getByTestId('number-status')).toHaveTextContent('Buying…');
    expect(within(row).queryByTestId('number-release')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('number-row')).toHaveAttribute('data-status', 'active'), { timeout: 4000 });
    expect(within(screen.getByTestId('number-row')).getByTestId('number-status')).toHaveTextContent('Active');
    expect(polls).toBe(2);
  });

  it('shows the plan’s quota when buying another number is refused', async () => {
    const { user } = setup({
      'GET /api/v1/numbers': () => page([num()]),
      'GET /api/v1/numbers/available': () =>
        json({ items: [{ phone_number: '+12125550142', friendly_name: '(212) 555-0142', locality: null, region: null, country: 'US' }] }),
      'POST /api/v1/numbers': () =>
        errorEnvelope(409, 'quota_exceeded', 'quota exceeded: phone_numbers (maximum 1)', { details: { limit: 'phone_numbers', max: 1 } }),
    });
    await user.click(await screen.findByTestId('buy-number-button'));
    const dialog = await screen.findByTestId('buy-number-dialog');
    await user.click(within(dialog).getByTestId('search-submit'));
    await user.click(await within(dialog).findByTestId('available-number'));
    await user.click(within(dialog).getByTestId('buy-submit'));
    const error = await within(dialog).findByTestId('buy-error');
    expect(error).toHaveAttribute('data-code', 'quota_exceeded');
    expect(error).toHaveTextContent('Your plan includes 1 phone number, and it is in use.');
    expect(screen.getByTestId('buy-number-dialog')).toBeInTheDocument();
  });

  it('points to Settings when Twilio has no account, and shows the server’s field messages', async () => {
    const { user } = setup({
      'GET /api/v1/numbers': () => page([]),
      'GET /api/v1/numbers/available': (req) =>
        new URL(req.url).searchParams.get('carrier') === 'twilio'
          ? errorEnvelope(409, 'not_configured', 'no Twilio account: add one under Settings, Integrations')
          : errorEnvelope(400, 'validation_failed', 'invalid', { details: { fields: { country: ['the simulator has US and CA numbers only'] } } }),
    });
    await user.click(await screen.findByTestId('buy-number-button'));
    const dialog = await screen.findByTestId('buy-number-dialog');
    expect(await within(dialog).findByTestId('twilio-missing')).toHaveTextContent('No Twilio account is connected yet');
    await user.click(within(dialog).getByTestId('carrier-twilio'));
    await user.click(within(dialog).getByTestId('search-submit'));
    const alert = await within(dialog).findByTestId('search-not-configured');
    expect(alert).toHaveTextContent('No Twilio account: add one under Settings, Integrations');
    expect(within(alert).getByRole('link', { name: /Settings › Integrations/ })).toHaveAttribute('href', '/settings?tab=integrations');

    await user.click(within(dialog).getByTestId('carrier-simulator'));
    await user.clear(within(dialog).getByTestId('search-country'));
    await user.type(within(dialog).getByTestId('search-country'), 'de');
    await user.click(within(dialog).getByTestId('search-submit'));
    expect(await within(dialog).findByTestId('error-search-country')).toHaveTextContent('The simulator has US and CA numbers only');
  });

  it('assigns, changes and removes the agent inline', async () => {
    const { calls, user } = setup({
      'GET /api/v1/numbers': () => page([num()]),
      'PATCH /api/v1/numbers/n1': async (req) => {
        const body = await req.clone().json();
        return json(num({ agent_id: body.agent_id, updated_at: at(calls.length) }));
      },
    });
    const row = await screen.findByTestId('number-row');
    const select = within(row).getByTestId('number-agent-select');
    expect(select).toHaveTextContent('No agent');
    await choose(user, select, 'Front desk');
    await waitFor(() => expect(within(row).getByTestId('number-agent-select')).toHaveTextContent('Front desk'));
    await choose(user, within(row).getByTestId('number-agent-select'), 'No agent');
    await waitFor(() => expect(within(row).getByTestId('number-agent-select')).toHaveTextContent('No agent'));
    const bodies = await Promise.all(calls.filter((c) => c.method === 'PATCH').map((c) => c.json()));
    expect(bodies).toEqual([{ agent_id: 'a-front' }, { agent_id: null }]);
  });

  it('renames a number', async () => {
    const { calls, user } = setup({
      'GET /api/v1/numbers': () => page([num()]),
      'PATCH /api/v1/numbers/n1': async (req) => json(num({ friendly_name: (await req.clone().json()).friendly_name, updated_at: at(5) })),
    });
    await user.click(await screen.findByTestId('number-rename'));
    const input = await screen.findByTestId('number-label-input');
    expect(input).toHaveValue('+12125550107');
    await user.clear(input);
    await user.click(screen.getByTestId('number-label-save'));
    expect(await screen.findByTestId('error-number-label')).toHaveTextContent('Enter a label');
    await user.type(input, 'Front line');
    await user.click(screen.getByTestId('number-label-save'));
    await waitFor(() => expect(screen.getByTestId('number-label')).toHaveTextContent('Front line'));
    expect(screen.queryByTestId('rename-number-dialog')).not.toBeInTheDocument();
    expect(await calls.find((c) => c.method === 'PATCH')?.json()).toEqual({ friendly_name: 'Front line' });
  });

  it('releases after confirming and follows it until it is gone from the list', async () => {
    let released = false;
    const { calls, user } = setup({
      'GET /api/v1/numbers': () => page(released ? [] : [num({ agent_id: 'a-front' })]),
      'DELETE /api/v1/numbers/n1': () => json(num({ status: 'releasing', agent_id: 'a-front', updated_at: at(1) }), 202),
      'GET /api/v1/numbers/n1': () => {
        released = true;
        return json(num({ status: 'released', released_at: at(2), updated_at: at(2) }));
      },
    });
    await user.click(await screen.findByTestId('number-release'));
    const confirm = await screen.findByTestId('confirm-dialog');
    expect(confirm).toHaveTextContent('Release this number?');
    expect(confirm).toHaveTextContent('Calls to +1 (212) 555-0107 stop reaching your agents');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(screen.getByTestId('number-row')).toHaveAttribute('data-status', 'releasing'));
    expect(within(screen.getByTestId('number-row')).getByTestId('number-status')).toHaveTextContent('Releasing…');
    expect(await screen.findByTestId('empty-state', {}, { timeout: 4000 })).toBeInTheDocument();
  });
});
