import { describe, expect, it } from 'vitest';
import { readSse, SseParser, type SseEvent } from './sse';

function parse(chunks: string[], end = true): SseEvent[] {
  const events: SseEvent[] = [];
  const p = new SseParser((e) => events.push(e));
  for (const c of chunks) p.push(c);
  if (end) p.end();
  return events;
}

const STREAM =
  'event: delta\ndata: {"text":"Hel"}\n\n' +
  'event: delta\ndata: {"text":"lo"}\n\n' +
  'event: done\ndata: {"message":{"id":"m1","role":"assistant","content":"Hello"},"usage":{"prompt_tokens":3,"completion_tokens":2}}\n\n';

describe('SseParser', () => {
  it('parses several events in one chunk', () => {
    const events = parse([STREAM]);
    expect(events.map((e) => e.event)).toEqual(['delta', 'delta', 'done']);
    expect(JSON.parse(events[0].data)).toEqual({ text: 'Hel' });
    expect(JSON.parse(events[2].data).usage).toEqual({ prompt_tokens: 3, completion_tokens: 2 });
  });

  it('gives the same events for every split of the stream into two chunks', () => {
    const whole = parse([STREAM]);
    for (let i = 1; i < STREAM.length; i++) {
      expect(parse([STREAM.slice(0, i), STREAM.slice(i)]), `split at ${i}`).toEqual(whole);
    }
  });

  it('handles one character per chunk', () => {
    expect(parse(STREAM.split(''))).toEqual(parse([STREAM]));
  });

  it('does not dispatch an event before its blank line arrives', () => {
    const events: SseEvent[] = [];
    const p = new SseParser((e) => events.push(e));
    p.push('event: delta\ndata: {"text":"a"}\n');
    expect(events).toEqual([]);
    p.push('\nevent: del');
    expect(events).toHaveLength(1);
    p.push('ta\ndata: {"text":"b"}\n\n');
    expect(events.map((e) => JSON.parse(e.data).text)).toEqual(['a', 'b']);
  });

  it('accepts CRLF and CR line endings, also when CR and LF are in different chunks', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    expect(parse([crlf])).toEqual(parse([STREAM]));
    const cut = crlf.indexOf('\r\n') + 1; // between \r and \n
    expect(parse([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(parse([STREAM]));
    expect(parse([STREAM.replace(/\n/g, '\r')])).toEqual(parse([STREAM]));
  });

  it('joins multi-line data, ignores comments, keeps a default event name and the last id', () => {
    const events = parse([': keep-alive\n\nid: 7\ndata: line one\ndata:line two\n\nretry: 1000\ndata\n\n']);
    expect(events).toEqual([
      { event: 'message', data: 'line one\nline two', id: '7' },
      { event: 'message', data: '', id: '7' },
    ]);
  });

  it('skips events without data and strips a leading byte order mark', () => {
    expect(parse(['\uFEFFevent: ping\n\nevent: delta\ndata: x\n\n'])).toEqual([{ event: 'delta', data: 'x' }]);
  });

  it('passes error events through with their envelope', () => {
    const envelope = { error: { code: 'llm_unavailable', message: 'The model did not answer', details: null, request_id: 'r1', timestamp: 't' } };
    const events = parse([`event: delta\ndata: {"text":"Hi"}\n\nevent: error\ndata: ${JSON.stringify(envelope)}\n\n`]);
    expect(events[1].event).toBe('error');
    expect(JSON.parse(events[1].data)).toEqual(envelope);
  });

  it('delivers a last event without its blank line when the stream ends', () => {
    expect(parse(['event: done\ndata: {}'])).toEqual([{ event: 'done', data: '{}' }]);
    expect(parse(['event: done\ndata: {}'], false)).toEqual([]);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split inside a character across chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"Grüß dich 👋"}\n\n');
    const umlaut = bytes.indexOf(0xc3) + 1; // inside "ü"
    const emoji = bytes.indexOf(0xf0) + 2; // inside the emoji
    const parts = [bytes.slice(0, umlaut), bytes.slice(umlaut, emoji), bytes.slice(emoji)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of parts) controller.enqueue(p);
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(body, (e) => events.push(e));
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].data).text).toBe('Grüß dich 👋');
  });
});
