import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Agent } from '@/api/types';
import { errorEnvelope, json, mockFetch } from '@/test/fetch-mock';
import { TestConsole } from './test-console';

const agent = {
  id: 'a1',
  name: 'Front desk',
  kind: 'call',
  status: 'draft',
  current_version: 0,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  config: {
    languages: { primary: 'en-US', allowed: [] },
    voice: { provider: 'offline', voice_id: 'default' },
    system_prompt: 'Be nice.',
    first_message: 'Hello, thanks for calling {{company}}.',
    llm: { provider: 'offline', model: 'offline', temperature: 0.7, max_tokens: 400 },
    max_call_duration_secs: 600,
    recording: true,
    knowledge_base_ids: [],
    runtime: 'builtin',
    variables: { company: 'Acme' },
  },
} satisfies Agent;

const session = (id: string, first: string) => ({
  id,
  agent_id: 'a1',
  agent_version: 0,
  engine: 'offline',
  messages: [{ id: `${id}-m1`, role: 'assistant', content: first, created_at: '2026-12-01T10:00:00Z' }],
  usage: { prompt_tokens: 0, completion_tokens: 0 },
  created_at: '2026-12-01T10:00:00Z',
});

/** A streamed response whose chunks the test releases one by one. */
function manualStream() {
  const enc = new TextEncoder();
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    push: (text: string) => ctrl.enqueue(enc.encode(text)),
    close: () => ctrl.close(),
  };
}

const assistantTexts = () => screen.getAllByTestId('assistant-text').map((el) => el.textContent);

describe('TestConsole', () => {
  it('shows the first message and the offline badge, then grows the reply delta by delta', async () => {
    const stream = manualStream();
    const { calls } = mockFetch({
      'POST /api/v1/agents/a1/chats': () => json(session('c1', 'Hello, thanks for calling Acme.'), 201),
      'POST /api/v1/chats/c1/messages': () => stream.response,
    });
    const user = userEvent.setup();
    render(<TestConsole agent={agent} active draftChanged={false} />);

    await screen.findByText('Hello, thanks for calling Acme.');
    expect(screen.getByTestId('chat-engine-badge')).toHaveTextContent('Offline engine');
    expect(screen.getByTestId('chat-version')).toHaveTextContent('Draft configuration');

    await user.type(screen.getByTestId('chat-input'), 'Opening hours?{Enter}');
    expect(await screen.findByText('Opening hours?')).toBeInTheDocument();
    expect(await calls[1].json()).toEqual({ content: 'Opening hours?' });

    await act(async () => stream.push('event: delta\ndata: {"text":"We"}\n\n'));
    await waitFor(() => expect(assistantTexts()[1]).toBe('We'));
    expect(screen.getAllByTestId('assistant-text')[1]).toHaveAttribute('data-streaming', 'true');

    await act(async () => stream.push('event: delta\ndata: {"text":" are"}\n\nevent: delta\ndata: {"te'));
    await waitFor(() => expect(assistantTexts()[1]).toBe('We are'));

    await act(async () => {
      stream.push('xt":" open."}\n\n');
      stream.push(
        'event: done\ndata: {"message":{"id":"m9","role":"assistant","content":"We are open.","created_at":"t"},"usage":{"prompt_tokens":26,"completion_tokens":3}}\n\n',
      );
      stream.close();
    });
    await waitFor(() => expect(screen.getByTestId('chat-usage')).toHaveTextContent('26 prompt · 3 completion tokens'));
    expect(assistantTexts()[1]).toBe('We are open.');
    expect(screen.getAllByTestId('assistant-text')[1]).not.toHaveAttribute('data-streaming');
    expect(screen.getByTestId('chat-total-usage')).toHaveTextContent('29 tokens');
  });

  it('shows an error event and keeps what had arrived', async () => {
    const stream = manualStream();
    mockFetch({
      'POST /api/v1/agents/a1/chats': () => json(session('c1', 'Hi.'), 201),
      'POST /api/v1/chats/c1/messages': () => stream.response,
    });
    const user = userEvent.setup();
    render(<TestConsole agent={agent} active draftChanged={false} />);
    await screen.findByText('Hi.');
    await user.type(screen.getByTestId('chat-input'), 'Hello{Enter}');
    await act(async () => {
      stream.push('event: delta\ndata: {"text":"Let me"}\n\n');
      stream.push('event: error\ndata: {"error":{"code":"llm_failed","message":"The model did not answer","details":null,"request_id":"r","timestamp":"t"}}\n\n');
      stream.close();
    });
    expect(await screen.findByTestId('chat-error')).toHaveTextContent('The model did not answer');
    expect(assistantTexts()[1]).toBe('Let me');
    expect(screen.getByText('The reply broke off.')).toBeInTheDocument();
  });

  it('shows a refused message and gives the text back', async () => {
    mockFetch({
      'POST /api/v1/agents/a1/chats': () => json(session('c1', 'Hi.'), 201),
      'POST /api/v1/chats/c1/messages': () => errorEnvelope(402, 'insufficient_credits', 'No credits left'),
    });
    const user = userEvent.setup();
    render(<TestConsole agent={agent} active draftChanged={false} />);
    await screen.findByText('Hi.');
    await user.type(screen.getByTestId('chat-input'), 'Hello{Enter}');
    expect(await screen.findByTestId('chat-error')).toHaveTextContent('No credits left');
    expect(screen.getByTestId('chat-input')).toHaveValue('Hello');
    expect(screen.getAllByTestId('assistant-text')).toHaveLength(1);
  });

  it('starts a new conversation with overridden variables', async () => {
    let n = 0;
    const { calls } = mockFetch({
      'POST /api/v1/agents/a1/chats': () => json(session(`c${++n}`, n === 1 ? 'Hello from Acme.' : 'Hello from Globex.'), 201),
    });
    const user = userEvent.setup();
    render(<TestConsole agent={agent} active draftChanged={false} />);
    await screen.findByText('Hello from Acme.');
    expect(await calls[0].json()).toEqual({});

    await user.click(screen.getByTestId('chat-variables'));
    const input = screen.getByLabelText('company');
    expect(input).toHaveValue('Acme');
    await user.clear(input);
    await user.type(input, 'Globex');
    await user.click(screen.getByRole('button', { name: 'Start a conversation with these' }));
    await screen.findByText('Hello from Globex.');
    expect(await calls[1].json()).toEqual({ variables: { company: 'Globex' } });
    expect(within(screen.getByTestId('chat-messages')).getAllByTestId('chat-message')).toHaveLength(1);
  });

  it('after a publish, tries the saved draft on request and goes back to the live version', async () => {
    let n = 0;
    const { calls } = mockFetch({
      'POST /api/v1/agents/a1/chats': () => {
        n += 1;
        const draft = n === 2;
        return json({ ...session(`c${n}`, draft ? 'Draft hello.' : 'Live hello.'), agent_version: draft ? 0 : 2 }, 201);
      },
    });
    const user = userEvent.setup();
    render(<TestConsole agent={{ ...agent, current_version: 2 }} active draftChanged />);
    await screen.findByText('Live hello.');
    expect(screen.getByTestId('chat-version')).toHaveTextContent('Version 2');
    expect(await calls[0].json()).toEqual({});

    await user.click(screen.getByTestId('chat-try-draft'));
    await screen.findByText('Draft hello.');
    expect(await calls[1].json()).toEqual({ draft: true });
    expect(screen.getByTestId('chat-version')).toHaveTextContent('Draft configuration');
    expect(screen.getByTestId('chat-draft-note')).toHaveTextContent('not the live version 2');

    await user.click(screen.getByTestId('chat-try-live'));
    await screen.findByText('Live hello.');
    expect(await calls[2].json()).toEqual({});
  });

  it('does not start a session before the tab is shown', () => {
    const { calls } = mockFetch({});
    render(<TestConsole agent={agent} active={false} draftChanged={false} />);
    expect(calls).toHaveLength(0);
  });
});
