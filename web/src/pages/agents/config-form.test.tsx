import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/api/query-client';
import type { Agent } from '@/api/types';
import { json, mockFetch } from '@/test/fetch-mock';
import { ConfigForm } from './config-form';

const agent = {
  id: 'a1',
  name: 'Front desk',
  kind: 'call',
  status: 'draft',
  current_version: 0,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  config: {
    languages: { primary: 'en-US', allowed: ['de-AT'] },
    voice: { provider: 'offline', voice_id: 'default' },
    system_prompt: 'Be nice.',
    first_message: 'Hello.',
    llm: { provider: 'offline', model: 'offline', temperature: 0.7, max_tokens: 400 },
    max_call_duration_secs: 600,
    recording: true,
    knowledge_base_ids: ['0190a0b0-0000-7000-8000-000000000001'],
    runtime: 'builtin',
    variables: { company: 'Acme' },
  },
} satisfies Agent;

function validationFailed(fields: Record<string, string[]>) {
  const [first] = Object.entries(fields);
  return json(
    {
      error: {
        code: 'validation_failed',
        message: `${first[0]}: ${first[1][0]}`,
        details: { fields },
        request_id: 'r1',
        timestamp: '2026-12-01T10:00:00Z',
      },
    },
    400,
  );
}

function renderForm() {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <ConfigForm agent={agent} canWrite />
    </QueryClientProvider>,
  );
}

describe('ConfigForm', () => {
  it('sends the whole configuration and shows dotted server field errors under their inputs', async () => {
    const { calls } = mockFetch({
      'PATCH /api/v1/agents/a1': () =>
        validationFailed({
          'llm.temperature': ['between 0 and 2'],
          'languages.primary': ['a language tag such as en-US or de-AT'],
          'languages.allowed': ['a language tag such as en-US or de-AT'],
          variables: ['names of letters, digits, _ or . (≤ 64), values ≤ 1000 characters'],
        }),
    });
    const user = userEvent.setup();
    renderForm();
    await user.clear(screen.getByLabelText('First message'));
    await user.type(screen.getByLabelText('First message'), 'Hi there.');
    await user.click(screen.getByTestId('config-save'));

    expect(await screen.findByTestId('error-cfg-temperature')).toHaveTextContent('Between 0 and 2');
    expect(screen.getByTestId('error-cfg-lang-primary')).toHaveTextContent('A language tag such as en-US or de-AT');
    expect(screen.getByTestId('error-cfg-lang-allowed')).toHaveTextContent('A language tag such as en-US or de-AT');
    // The server's own wording, underscores included.
    expect(screen.getByTestId('error-variables')).toHaveTextContent('Names of letters, digits, _ or . (≤ 64)');
    expect(screen.getByTestId('form-error')).toHaveTextContent('see the messages below them');

    const body = await calls[0].json();
    expect(body).toEqual({ name: 'Front desk', config: { ...agent.config, first_message: 'Hi there.' } });
  });

  it('shows the server message when a field has no input here', async () => {
    mockFetch({
      'PATCH /api/v1/agents/a1': () => validationFailed({ knowledge_base_ids: ['at most 20 knowledge bases'] }),
    });
    const user = userEvent.setup();
    renderForm();
    await user.click(screen.getByTestId('config-save'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Knowledge_base_ids: at most 20 knowledge bases');
  });

  it('validates before sending', async () => {
    const { calls } = mockFetch({});
    const user = userEvent.setup();
    renderForm();
    await user.clear(screen.getByLabelText('Primary language'));
    await user.type(screen.getByLabelText('Primary language'), 'english');
    await user.clear(screen.getByLabelText('Max call duration (seconds)'));
    await user.type(screen.getByLabelText('Max call duration (seconds)'), '10');
    await user.click(screen.getByTestId('config-save'));
    expect(await screen.findByTestId('error-cfg-lang-primary')).toHaveTextContent('Use a language tag such as en-US, de-AT or es-419');
    expect(screen.getByTestId('error-cfg-duration')).toHaveTextContent('between 30 and 7,200');
    expect(calls).toHaveLength(0);
  });
});
