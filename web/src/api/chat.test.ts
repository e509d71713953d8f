import { describe, expect, it } from 'vitest';
import { ApiError, setCsrfToken } from './client';
import { createChat, sendChatMessage } from './chat';
import { errorEnvelope, json, mockFetch } from '@/test/fetch-mock';

/** A text/event-stream response whose body arrives in the given chunks. */
function stream(chunks: string[]): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(enc.encode(c));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const done = {
  message: { id: 'm2', role: 'assistant', content: 'Hello there', created_at: '2026-12-01T10:00:00Z' },
  usage: { prompt_tokens: 12, completion_tokens: 3 },
};

describe('sendChatMessage', () => {
  it('streams deltas (split mid-event) and resolves with the done event', async () => {
    setCsrfToken('tok');
    const { calls } = mockFetch({
      'POST /api/v1/chats/c1/messages': () =>
        stream([
          'event: delta\ndata: {"te',
          'xt":"Hello"}\n\nevent: delta\ndata: {"text":" there"}\n',
          `\nevent: done\ndata: ${JSON.stringify(done)}\n\n`,
        ]),
    });
    const deltas: string[] = [];
    const reply = await sendChatMessage('c1', 'Hi', { onDelta: (t) => deltas.push(t) });
    expect(deltas).toEqual(['Hello', ' there']);
    expect(reply).toEqual(done);
    expect(calls[0].headers.get('x-csrf-token')).toBe('tok');
    expect(await calls[0].json()).toEqual({ content: 'Hi' });
    setCsrfToken(null);
  });

  it('throws the envelope of an error event as an ApiError', async () => {
    mockFetch({
      'POST /api/v1/chats/c1/messages': () =>
        stream([
          'event: delta\ndata: {"text":"Hel"}\n\n',
          'event: error\ndata: {"error":{"code":"llm_failed","message":"The model provider did not answer","details":null,"request_id":"r9","timestamp":"t"}}\n\n',
        ]),
    });
    const deltas: string[] = [];
    const err = await sendChatMessage('c1', 'Hi', { onDelta: (t) => deltas.push(t) }).catch((e: unknown) => e);
    expect(deltas).toEqual(['Hel']);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('llm_failed');
    expect((err as ApiError).message).toBe('The model provider did not answer');
    expect((err as ApiError).requestId).toBe('r9');
  });

  it('throws the JSON error envelope of a non-2xx answer', async () => {
    mockFetch({
      'POST /api/v1/chats/c1/messages': () => errorEnvelope(402, 'insufficient_credits', 'No credits left'),
    });
    const err = await sendChatMessage('c1', 'Hi', { onDelta: () => {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 402, code: 'insufficient_credits', message: 'No credits left' });
  });

  it('reports a stream that ends without done', async () => {
    mockFetch({ 'POST /api/v1/chats/c1/messages': () => stream(['event: delta\ndata: {"text":"Hel"}\n\n']) });
    const err = await sendChatMessage('c1', 'Hi', { onDelta: () => {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'stream_ended' });
  });
});

describe('createChat', () => {
  it('posts the variables and returns the session', async () => {
    const session = { id: 'c1', agent_id: 'a1', agent_version: 0, engine: 'offline', messages: [], created_at: 't' };
    const { calls } = mockFetch({ 'POST /api/v1/agents/a1/chats': () => json(session, 201) });
    expect(await createChat('a1', { company: 'Acme' })).toEqual(session);
    expect(await calls[0].json()).toEqual({ variables: { company: 'Acme' } });
  });
});
