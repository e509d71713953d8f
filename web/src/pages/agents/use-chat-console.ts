import * as React from 'react';
import { createChat, sendChatMessage, type ChatSession, type ChatUsage } from '@/api/chat';

export interface ConsoleMessage {
  key: string;
  /** `user` or `assistant` (a `system` message, should the server send one, is not shown). */
  role: string;
  content: string;
  /** Token usage of this reply (assistant replies sent from this console). */
  usage?: ChatUsage;
  /** Text is still arriving. */
  streaming?: boolean;
  /** The reply broke off with an error. */
  failed?: boolean;
}

interface State {
  session: ChatSession | null;
  messages: ConsoleMessage[];
  starting: boolean;
  startError: unknown;
  sending: boolean;
  sendError: unknown;
}

const INITIAL: State = { session: null, messages: [], starting: false, startError: null, sending: false, sendError: null };

let seq = 0;
const localKey = (prefix: string) => `${prefix}-${++seq}`;

/**
 * A conversation with an agent for the test console: starts a chat session, sends messages and
 * grows the assistant's reply as `delta` events arrive. Starting again (new conversation) drops
 * any reply still streaming.
 */
export function useChatConsole(agentId: string) {
  const [state, setState] = React.useState<State>(INITIAL);
  const generation = React.useRef(0);
  const inflight = React.useRef<AbortController | null>(null);

  const abort = () => {
    inflight.current?.abort();
    inflight.current = null;
  };

  React.useEffect(() => () => abort(), []);

  /**
   * Starts a new conversation (with prompt variables overriding the agent's defaults), with the
   * working draft when `draft` is set.
   */
  const start = React.useCallback(async (variables?: Record<string, string>, draft = false) => {
    abort();
    const gen = ++generation.current;
    setState({ ...INITIAL, starting: true });
    try {
      const session = await createChat(agentId, variables, draft);
      if (gen !== generation.current) return;
      setState({
        ...INITIAL,
        session,
        messages: session.messages
          .filter((m) => m.role !== 'system')
          .map((m) => ({ key: m.id, role: m.role, content: m.content })),
      });
    } catch (e) {
      if (gen !== generation.current) return;
      setState({ ...INITIAL, startError: e });
    }
  }, [agentId]);

  const send = React.useCallback(
    async (text: string) => {
      const content = text.trim();
      const session = state.session;
      if (!content || !session || state.sending) return false;
      const gen = generation.current;
      const userKey = localKey('user');
      const replyKey = localKey('reply');
      setState((s) => ({
        ...s,
        sending: true,
        sendError: null,
        messages: [
          ...s.messages,
          { key: userKey, role: 'user', content },
          { key: replyKey, role: 'assistant', content: '', streaming: true },
        ],
      }));
      const patchReply = (f: (m: ConsoleMessage) => ConsoleMessage | null) =>
        setState((s) => ({
          ...s,
          messages: s.messages.flatMap((m) => {
            if (m.key !== replyKey) return [m];
            const next = f(m);
            return next ? [next] : [];
          }),
        }));
      const controller = new AbortController();
      inflight.current = controller;
      try {
        const reply = await sendChatMessage(session.id, content, {
          signal: controller.signal,
          onDelta: (delta) => {
            if (gen === generation.current) patchReply((m) => ({ ...m, content: m.content + delta }));
          },
        });
        if (gen !== generation.current) return true;
        patchReply((m) => ({ ...m, key: reply.message.id || m.key, content: reply.message.content, usage: reply.usage, streaming: false }));
        setState((s) => ({ ...s, sending: false }));
        return true;
      } catch (e) {
        if (gen !== generation.current || controller.signal.aborted) return false;
        patchReply((m) => (m.content ? { ...m, streaming: false, failed: true } : null));
        setState((s) => ({ ...s, sending: false, sendError: e }));
        return false;
      } finally {
        if (inflight.current === controller) inflight.current = null;
      }
    },
    [state.session, state.sending],
  );

  const totals = React.useMemo(
    () =>
      state.messages.reduce(
        (acc, m) => ({
          prompt: acc.prompt + (m.usage?.prompt_tokens ?? 0),
          completion: acc.completion + (m.usage?.completion_tokens ?? 0),
        }),
        { prompt: 0, completion: 0 },
      ),
    [state.messages],
  );

  return { ...state, start, send, totals };
}
