/**
 * Chat sessions with an agent (the editor's test console).
 *
 * Sending a message answers with `text/event-stream`: `delta` events (`{"text": "..."}`), then
 * `done` (`{"message": {...}, "usage": {...}}`), or `error` (the error envelope). EventSource
 * cannot POST, so the body is read as a stream (fetch + ReadableStream) and parsed here; errors
 * before the stream starts are ordinary JSON envelopes.
 */
import { api, ApiError, toApiError, unwrap } from './client';
import type { ChatMessage, ChatSession, ChatUsage } from './types';
import { readSse } from '@/lib/sse';

export type { ChatMessage, ChatSession, ChatUsage };

export interface ChatReply {
  message: ChatMessage;
  usage: ChatUsage;
}

/** The server's limit for one message (characters). */
export const CHAT_MESSAGE_MAX = 4000;

/**
 * POST /agents/{id}/chats: a new session; the agent's first message is already in it. `draft`
 * talks to the saved working configuration even when a version is published.
 */
export function createChat(agentId: string, variables?: Record<string, string>, draft = false): Promise<ChatSession> {
  return unwrap(
    api.POST('/api/v1/agents/{id}/chats', {
      params: { path: { id: agentId } },
      body: {
        ...(variables && Object.keys(variables).length > 0 ? { variables } : {}),
        ...(draft ? { draft: true } : {}),
      },
    }),
  );
}

/** GET /chats/{id}: the session with its messages and token usage so far. */
export function getChat(id: string): Promise<ChatSession> {
  return unwrap(api.GET('/api/v1/chats/{id}', { params: { path: { id } } }));
}

/** An `event: error` payload (the error envelope) as an ApiError. */
export function streamError(data: string): ApiError {
  let parsed: unknown = data;
  try {
    parsed = JSON.parse(data);
  } catch {
    // not JSON; toApiError falls back to a generic message
  }
  return toApiError(new Response(null, { status: 502 }), parsed);
}

/**
 * POST /chats/{id}/messages and reads the streamed reply: `onDelta` gets every piece of text as
 * it arrives; resolves with the final message and token usage from the `done` event.
 */
export async function sendChatMessage(
  chatId: string,
  content: string,
  { onDelta, signal }: { onDelta: (text: string) => void; signal?: AbortSignal },
): Promise<ChatReply> {
  const body = await unwrap(
    api.POST('/api/v1/chats/{id}/messages', {
      params: { path: { id: chatId } },
      body: { content },
      headers: { accept: 'text/event-stream' },
      parseAs: 'stream',
      signal,
    }),
  );
  if (!body) throw new ApiError({ status: 200, code: 'stream_missing', message: 'The server sent no reply.' });

  // Assigned from the event callback (a holder, so TypeScript does not narrow it to null).
  const out: { reply: ChatReply | null; error: ApiError | null } = { reply: null, error: null };
  await readSse(body as ReadableStream<Uint8Array>, (event) => {
    if (out.error || out.reply) return;
    if (event.event === 'delta') {
      try {
        const { text } = JSON.parse(event.data) as { text?: unknown };
        if (typeof text === 'string' && text.length > 0) onDelta(text);
      } catch {
        // a malformed delta is skipped; `done` carries the whole message anyway
      }
    } else if (event.event === 'done') {
      try {
        out.reply = JSON.parse(event.data) as ChatReply;
      } catch {
        out.error = new ApiError({ status: 200, code: 'bad_stream', message: 'The reply could not be read.' });
      }
    } else if (event.event === 'error') {
      out.error = streamError(event.data);
    }
  });
  if (out.error) throw out.error;
  if (!out.reply) {
    throw new ApiError({ status: 200, code: 'stream_ended', message: 'The reply was cut off before it finished.' });
  }
  return out.reply;
}
