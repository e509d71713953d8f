import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/api/query-client';
import type { ElevenLabsIntegration, SyncRun } from '@/api/types';
import { errorEnvelope, json, mockFetch, type Handler } from '@/test/fetch-mock';
import { IntegrationsSection } from './integrations-section';

const integration: ElevenLabsIntegration = {
  configured: true,
  key_hint: '••••••••1a2b',
  updated_at: '2026-12-01T10:00:00Z',
  post_call_webhook_url: 'https://voice.example.com/webhooks/elevenlabs',
  initiation_webhook_url: 'https://voice.example.com/webhooks/elevenlabs/initiation',
  webhooks_enabled: true,
  platform_key_available: false,
  key_source: null,
  last_sync: null,
};

const zero = {
  agents_total: 0,
  agents_done: 0,
  agents_pushed: 0,
  agents_recreated: 0,
  conversations_seen: 0,
  conversations_pending: 0,
  calls_imported: 0,
  recordings_imported: 0,
  errors: 0,
  last_error: null,
};

const run = (over: Partial<SyncRun> = {}): SyncRun => ({
  id: 'run-1',
  trigger: 'manual',
  status: 'queued',
  attempts: 0,
  max_attempts: 3,
  since: null,
  progress: zero,
  last_error: null,
  created_at: '2026-12-01T10:00:00Z',
  run_at: '2026-12-01T10:00:00Z',
  started_at: null,
  finished_at: null,
  ...over,
});

const noRuns = () => json({ items: [], next_cursor: null });

function validationFailed(fields: Record<string, string[]>) {
  return errorEnvelope(400, 'validation_failed', 'the request is not valid', { details: { fields } });
}

function setup(routes: Record<string, Handler>, perms = { settingsWrite: true, contactsWrite: true }) {
  const mock = mockFetch({
    'GET /api/v1/integrations/elevenlabs': () => json(integration),
    'GET /api/v1/integrations/elevenlabs/sync-runs': noRuns,
    'GET /api/v1/contacts/defaults': () => json({ name: null, variables: {} }),
    'GET /api/v1/integrations/twilio': () =>
      json({
        configured: false,
        account_sid: null,
        token_hint: null,
        updated_at: null,
        key_source: null,
        voice_webhook_url: 'https://voice.example.com/webhooks/twilio/voice',
        status_webhook_url: 'https://voice.example.com/webhooks/twilio/status',
      }),
    ...routes,
  });
  const qc = createQueryClient();
  const invalidate = vi.spyOn(qc, 'invalidateQueries');
  render(
    <QueryClientProvider client={qc}>
      <IntegrationsSection
        settings={{ read: true, write: perms.settingsWrite }}
        contacts={{ read: true, write: perms.contactsWrite }}
      />
    </QueryClientProvider>,
  );
  return { ...mock, invalidate, user: userEvent.setup() };
}

describe('ElevenLabs connection', () => {
  it('shows the masked key, the webhook URLs and no warning when webhooks are on', async () => {
    setup({});
    const status = await screen.findByTestId('elevenlabs-status');
    expect(status).toHaveAttribute('data-state', 'own');
    expect(screen.getByTestId('elevenlabs-key-hint')).toHaveTextContent('••••••••1a2b');
    expect(screen.getByTestId('elevenlabs-badge')).toHaveTextContent('Connected');
    expect(screen.getByTestId('post-call-webhook-url')).toHaveTextContent('https://voice.example.com/webhooks/elevenlabs');
    expect(screen.getByTestId('initiation-webhook-url')).toHaveTextContent('/webhooks/elevenlabs/initiation');
    expect(screen.queryByTestId('webhooks-disabled')).not.toBeInTheDocument();
    expect(await screen.findByText('No syncs yet')).toBeInTheDocument();
    expect(await screen.findByTestId('twilio-card')).toBeInTheDocument();
  });

  it('says when the platform key is used and warns when webhooks are off', async () => {
    setup({
      'GET /api/v1/integrations/elevenlabs': () =>
        json({ ...integration, configured: false, key_hint: null, updated_at: null, platform_key_available: true, key_source: 'platform', webhooks_enabled: false }),
    });
    expect(await screen.findByTestId('elevenlabs-status')).toHaveAttribute('data-state', 'platform');
    expect(screen.getByText('Using the platform key')).toBeInTheDocument();
    expect(screen.getByTestId('webhooks-disabled')).toBeInTheDocument();
    expect(screen.queryByTestId('elevenlabs-key-remove')).not.toBeInTheDocument();
  });

  it('hides write controls without settings:write', async () => {
    setup({}, { settingsWrite: false, contactsWrite: false });
    await screen.findByTestId('elevenlabs-status');
    expect(screen.queryByTestId('elevenlabs-key-form')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sync-now')).not.toBeInTheDocument();
    expect(screen.queryByTestId('caller-defaults-save')).not.toBeInTheDocument();
    await screen.findByTestId('twilio-status');
    expect(screen.queryByTestId('twilio-form')).not.toBeInTheDocument();
    expect(await screen.findByTestId('caller-default-name')).toBeDisabled();
  });

  it('validates the key before sending, then saves it and says when a re-sync was queued', async () => {
    const saved = { ...integration, key_hint: '••••••••zzzz', last_sync: run({ id: 'run-k', trigger: 'key_changed' }) };
    const { calls, user } = setup({
      'PUT /api/v1/integrations/elevenlabs': () => json(saved),
      'GET /api/v1/integrations/elevenlabs/sync-runs/run-k': () => json(run({ id: 'run-k', trigger: 'key_changed', status: 'running' })),
    });
    const input = await screen.findByTestId('elevenlabs-key-input');
    expect(input).toHaveAttribute('type', 'password');
    await user.type(input, 'has space');
    await user.click(screen.getByTestId('elevenlabs-key-save'));
    expect(await screen.findByTestId('error-elevenlabs-key')).toHaveTextContent('A key has no spaces');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(input);
    await user.type(input, 'sk_new_key_zzzz');
    await user.click(screen.getByTestId('elevenlabs-key-save'));
    expect(await screen.findByTestId('resync-note')).toHaveTextContent(
      'Agents are pushed to the account of the new key and its history is pulled',
    );
    const put = calls.find((c) => c.method === 'PUT');
    expect(await put?.json()).toEqual({ api_key: 'sk_new_key_zzzz' });
    expect(screen.getByTestId('elevenlabs-key-hint')).toHaveTextContent('••••••••zzzz');
    expect(input).toHaveValue('');
  });

  it('shows the server message when there is no key to sync with', async () => {
    const { user } = setup({
      'POST /api/v1/integrations/elevenlabs/sync': () =>
        errorEnvelope(409, 'not_configured', 'no ElevenLabs API key: add one in Settings > Integrations'),
    });
    await user.click(await screen.findByTestId('sync-now'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('No ElevenLabs API key: add one in Settings > Integrations');
  });

  it('follows a started run with a progress bar until it finishes, then refreshes the calls', async () => {
    let polls = 0;
    const { user, invalidate } = setup({
      'POST /api/v1/integrations/elevenlabs/sync': () => json(run(), 202),
      'GET /api/v1/integrations/elevenlabs/sync-runs/run-1': () => {
        polls += 1;
        if (polls === 1) {
          return json(run({ status: 'running', attempts: 1, started_at: '2026-12-01T10:00:01Z', progress: { ...zero, agents_total: 4, agents_done: 1, conversations_seen: 3 } }));
        }
        return json(
          run({
            status: 'succeeded',
            attempts: 1,
            started_at: '2026-12-01T10:00:01Z',
            finished_at: '2026-12-01T10:00:13Z',
            progress: { ...zero, agents_total: 4, agents_done: 4, conversations_seen: 12, calls_imported: 3, recordings_imported: 1 },
          }),
        );
      },
    });
    await user.click(await screen.findByTestId('sync-now'));
    const row = await screen.findByTestId('sync-run');
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'running'));
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    expect(within(row).getByText('1 of 4 agents')).toBeInTheDocument();
    expect(screen.getByTestId('sync-now')).toHaveTextContent('Syncing…');

    await waitFor(() => expect(screen.getByTestId('sync-run')).toHaveAttribute('data-status', 'succeeded'), { timeout: 4000 });
    const done = screen.getByTestId('sync-run');
    expect(within(done).getByTestId('sync-run-summary')).toHaveTextContent('12 conversations seen · 3 calls imported · 1 recording');
    expect(within(done).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(done).getByTestId('sync-run-times')).toHaveTextContent('(took 12 s)');
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ['calls'] }));
    expect(screen.getByTestId('sync-now')).toHaveTextContent('Sync now');
  });

  it('lists runs with their errors and loads more', async () => {
    const failed = run({
      id: 'run-f',
      status: 'failed',
      trigger: 'schedule',
      attempts: 3,
      since: '2026-11-29T10:00:00Z',
      last_error: 'ElevenLabs answered 401: invalid api key',
      progress: { ...zero, errors: 2 },
      started_at: '2026-12-01T10:00:01Z',
      finished_at: '2026-12-01T10:00:02Z',
    });
    setup({
      'GET /api/v1/integrations/elevenlabs/sync-runs': (req) =>
        new URL(req.url).searchParams.get('cursor')
          ? json({ items: [run({ id: 'run-old', status: 'succeeded', finished_at: '2026-11-30T10:00:00Z' })], next_cursor: null })
          : json({ items: [failed], next_cursor: 'c2' }),
    });
    const row = await screen.findByTestId('sync-run');
    expect(row).toHaveTextContent('Scheduled');
    expect(row).toHaveTextContent('conversations since');
    expect(within(row).getByTestId('sync-run-error')).toHaveTextContent('2 errors: ElevenLabs answered 401: invalid api key');
    expect(within(row).getByTestId('sync-run-times')).toHaveTextContent('attempt 3 of 3');
    await userEvent.setup().click(screen.getByTestId('load-more'));
    await waitFor(() => expect(screen.getAllByTestId('sync-run')).toHaveLength(2));
  });
});

describe('caller defaults', () => {
  it('checks variable names before saving and shows the server’s message for the list', async () => {
    const { calls, user } = setup({
      'PUT /api/v1/contacts/defaults': () => validationFailed({ variables: ['`tier`: values are at most 1,000 characters'] }),
    });
    await user.click(await screen.findByTestId('caller-add-variable'));
    await user.type(screen.getByTestId('caller-variable-key'), '1tier');
    await user.type(screen.getByTestId('caller-variable-value'), 'gold');
    await user.click(screen.getByTestId('caller-defaults-save'));
    expect(await screen.findByTestId('caller-variable-key-error')).toHaveTextContent('Start with a letter or _');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(screen.getByTestId('caller-variable-key'));
    await user.type(screen.getByTestId('caller-variable-key'), 'tier');
    await user.click(screen.getByTestId('caller-defaults-save'));
    expect(await screen.findByTestId('error-caller-variables')).toHaveTextContent('`tier`: values are at most 1,000 characters');
  });

  it('saves the name and variables', async () => {
    const { calls, user } = setup({
      'PUT /api/v1/contacts/defaults': async (req) => json(await req.clone().json()),
    });
    await user.type(await screen.findByTestId('caller-default-name'), ' Friend ');
    await user.click(screen.getByTestId('caller-add-variable'));
    await user.type(screen.getByTestId('caller-variable-key'), 'customer_tier');
    await user.type(screen.getByTestId('caller-variable-value'), 'standard');
    await user.click(screen.getByTestId('caller-defaults-save'));
    await waitFor(() => expect(screen.getByTestId('caller-defaults-dirty')).toHaveTextContent('All changes saved'));
    const put = calls.find((c) => c.method === 'PUT');
    expect(await put?.json()).toEqual({ name: 'Friend', variables: { customer_tier: 'standard' } });
  });

  it('looks a number up and shows E.164 and the variables, or the server’s phone error', async () => {
    const { calls, user } = setup({
      'GET /api/v1/contacts/lookup': (req) => {
        const phone = new URL(req.url).searchParams.get('phone');
        if (phone === '12') return validationFailed({ phone: ['not a phone number; use the international form, e.g. +14155550123'] });
        return json({ phone: '+14155552671', found: false, contact_id: null, name: 'Friend', variables: { customer_tier: 'standard' } });
      },
    });
    await user.type(await screen.findByTestId('lookup-phone-input'), '(415) 555-2671');
    await user.type(screen.getByTestId('lookup-region-input'), 'us');
    await user.click(screen.getByTestId('lookup-submit'));
    expect(await screen.findByTestId('lookup-e164')).toHaveTextContent('+14155552671');
    expect(screen.getByTestId('lookup-found')).toHaveTextContent('Unknown caller');
    expect(screen.getByTestId('lookup-name')).toHaveTextContent('Friend');
    expect(screen.getByTestId('lookup-variable')).toHaveTextContent('standard');
    const url = new URL(calls.find((c) => c.url.includes('/contacts/lookup'))!.url);
    expect(url.searchParams.get('phone')).toBe('(415) 555-2671');
    expect(url.searchParams.get('region')).toBe('US');

    await user.clear(screen.getByTestId('lookup-phone-input'));
    await user.clear(screen.getByTestId('lookup-region-input'));
    await user.type(screen.getByTestId('lookup-phone-input'), '12');
    await user.click(screen.getByTestId('lookup-submit'));
    expect(await screen.findByTestId('error-lookup-phone')).toHaveTextContent('Not a phone number');
    expect(screen.queryByTestId('lookup-result')).not.toBeInTheDocument();
  });
});
