import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/api/query-client';
import type { TwilioIntegration } from '@/api/types';
import { errorEnvelope, json, mockFetch, type Handler } from '@/test/fetch-mock';
import { TwilioCard, twilioState } from './twilio-card';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'f1e2d3c4b5a6978877665544332211aa';

const none: TwilioIntegration = {
  configured: false,
  account_sid: null,
  token_hint: null,
  updated_at: null,
  key_source: null,
  voice_webhook_url: 'https://voice.example.com/webhooks/twilio/voice',
  status_webhook_url: 'https://voice.example.com/webhooks/twilio/status',
};

const own: TwilioIntegration = {
  ...none,
  configured: true,
  account_sid: SID,
  token_hint: '••••••••11aa',
  updated_at: '2026-12-01T10:00:00Z',
  key_source: 'own',
};

function setup(routes: Record<string, Handler>, canWrite = true) {
  const mock = mockFetch({ 'GET /api/v1/integrations/twilio': () => json(none), ...routes });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <TwilioCard canWrite={canWrite} />
    </QueryClientProvider>,
  );
  return { ...mock, user: userEvent.setup() };
}

describe('twilioState', () => {
  it('tells whose account is used', () => {
    expect(twilioState(own)).toBe('own');
    expect(twilioState({ configured: false, key_source: 'agency' })).toBe('agency');
    expect(twilioState({ configured: false, key_source: 'platform' })).toBe('platform');
    expect(twilioState({ configured: false, key_source: null })).toBe('none');
  });
});

describe('Twilio card', () => {
  it('says only the simulator is available without an account and shows both webhook URLs', async () => {
    setup({});
    const status = await screen.findByTestId('twilio-status');
    expect(status).toHaveAttribute('data-state', 'none');
    expect(status).toHaveTextContent('Not connected');
    expect(status).toHaveTextContent('Only the simulator is available');
    expect(screen.getByTestId('twilio-badge')).toHaveTextContent('Not connected');
    expect(screen.getByTestId('twilio-voice-webhook-url')).toHaveTextContent('https://voice.example.com/webhooks/twilio/voice');
    expect(screen.getByTestId('twilio-status-webhook-url')).toHaveTextContent('https://voice.example.com/webhooks/twilio/status');
    expect(screen.getByTestId('twilio-webhooks-note')).toHaveTextContent('configured with both automatically');
    expect(screen.getByRole('button', { name: 'Copy the voice webhook URL' })).toBeInTheDocument();
    expect(screen.getByTestId('twilio-save')).toHaveTextContent('Save account');
    expect(screen.queryByTestId('twilio-remove')).not.toBeInTheDocument();
  });

  it('shows when the agency’s or the platform’s account is used', async () => {
    setup({ 'GET /api/v1/integrations/twilio': () => json({ ...none, key_source: 'agency' }) });
    expect(await screen.findByTestId('twilio-status')).toHaveAttribute('data-state', 'agency');
    expect(screen.getByText('Using your agency’s account')).toBeInTheDocument();
    expect(screen.getByTestId('twilio-badge')).toHaveTextContent('Agency account');
  });

  it('checks the SID and token before sending and shows the server’s field message', async () => {
    const { calls, user } = setup({
      'PUT /api/v1/integrations/twilio': () =>
        errorEnvelope(400, 'validation_failed', 'the request is not valid', {
          details: { fields: { auth_token: ['a Twilio auth token is 16 to 128 letters and digits'] } },
        }),
    });
    await user.type(await screen.findByTestId('twilio-sid-input'), 'AC123');
    await user.type(screen.getByTestId('twilio-token-input'), 'short');
    await user.click(screen.getByTestId('twilio-save'));
    expect(await screen.findByTestId('error-twilio-sid')).toHaveTextContent('An Account SID is AC followed by 32 hexadecimal characters');
    expect(screen.getByTestId('error-twilio-token')).toHaveTextContent('An Auth Token is 16 to 128 letters and digits');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(screen.getByTestId('twilio-sid-input'));
    await user.type(screen.getByTestId('twilio-sid-input'), SID);
    await user.clear(screen.getByTestId('twilio-token-input'));
    await user.type(screen.getByTestId('twilio-token-input'), TOKEN);
    await user.click(screen.getByTestId('twilio-save'));
    await waitFor(() =>
      expect(screen.getByTestId('error-twilio-token')).toHaveTextContent('A Twilio auth token is 16 to 128 letters and digits'),
    );
    expect(screen.queryByTestId('error-twilio-sid')).not.toBeInTheDocument();
    expect(screen.queryByTestId('form-error')).not.toBeInTheDocument();
  });

  it('saves an account and shows the SID in full and the token masked', async () => {
    const { calls, user } = setup({ 'PUT /api/v1/integrations/twilio': () => json(own) });
    const token = await screen.findByTestId('twilio-token-input');
    expect(token).toHaveAttribute('type', 'password');
    await user.type(screen.getByTestId('twilio-sid-input'), ` ${SID} `);
    await user.type(token, TOKEN);
    await user.click(screen.getByTestId('twilio-save'));
    await waitFor(() => expect(screen.getByTestId('twilio-status')).toHaveAttribute('data-state', 'own'));
    expect(screen.getByTestId('twilio-account-sid')).toHaveTextContent(SID);
    expect(screen.getByTestId('twilio-token-hint')).toHaveTextContent('••••••••11aa');
    expect(screen.getByTestId('twilio-badge')).toHaveTextContent('Connected');
    expect(await calls.find((c) => c.method === 'PUT')?.json()).toEqual({ account_sid: SID, auth_token: TOKEN });
    expect(screen.getByTestId('twilio-sid-input')).toHaveValue('');
    expect(token).toHaveValue('');
    expect(screen.getByTestId('twilio-save')).toHaveTextContent('Replace account');
  });

  it('removes the account after confirming', async () => {
    let current = own;
    const { calls, user } = setup({
      'GET /api/v1/integrations/twilio': () => json(current),
      'DELETE /api/v1/integrations/twilio': () => {
        current = none;
        return new Response(null, { status: 204 });
      },
    });
    await user.click(await screen.findByTestId('twilio-remove'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('Remove the Twilio account?');
    await user.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(screen.getByTestId('twilio-status')).toHaveAttribute('data-state', 'none'));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(screen.queryByTestId('twilio-remove')).not.toBeInTheDocument();
  });

  it('hides the form without settings:write', async () => {
    setup({ 'GET /api/v1/integrations/twilio': () => json(own) }, false);
    expect(await screen.findByTestId('twilio-account-sid')).toHaveTextContent(SID);
    expect(screen.queryByTestId('twilio-form')).not.toBeInTheDocument();
    expect(screen.queryByTestId('twilio-remove')).not.toBeInTheDocument();
  });
});
