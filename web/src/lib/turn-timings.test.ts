import { describe, expect, it } from 'vitest';
import { formatMs, latestTurn, timingBars, timingSummary, voiceAnalysis, type TurnTiming } from './turn-timings';

const t = (over: Partial<TurnTiming>): TurnTiming => ({
  turn: 1,
  at_ms: 2000,
  stt_ms: 120,
  llm_first_token_ms: 300,
  tts_first_byte_ms: 420,
  first_audio_ms: 460,
  interrupted: false,
  input: 'speech',
  ...over,
});

describe('timingBars', () => {
  it('stacks the stages one after another; the first audio is its own mark', () => {
    const [bar] = timingBars([t({})]);
    expect(bar).toMatchObject({ turn: 1, label: '1', note: '', stt: 120, llm: 180, tts: 120, total: 460, wait: 460 });
    expect(bar.stt + bar.llm + bar.tts).toBe(420);
    // Audio queued from the previous reply can go out before this turn's first synthesised byte.
    expect(timingBars([t({ stt_ms: 0, llm_first_token_ms: 13, tts_first_byte_ms: 123, first_audio_ms: 6 })])[0]).toMatchObject({
      stt: 0,
      llm: 13,
      tts: 110,
      wait: 6,
    });
  });

  it('sorts by turn and marks barge-ins and key presses', () => {
    const bars = timingBars([
      t({ turn: 3, input: 'dtmf', stt_ms: 0, llm_first_token_ms: 50, tts_first_byte_ms: 150, first_audio_ms: 170 }),
      t({ turn: 2, interrupted: true }),
      t({ turn: 1 }),
    ]);
    expect(bars.map((b) => [b.turn, b.note])).toEqual([
      [1, ''],
      [2, 'barge-in'],
      [3, 'keys'],
    ]);
    expect(bars[2]).toMatchObject({ stt: 0, llm: 50, tts: 100, wait: 170 });
  });

  it('leaves stages that were not reached at zero and never goes negative', () => {
    // Cut short: recognised, never answered.
    expect(timingBars([t({ llm_first_token_ms: 0, tts_first_byte_ms: 0, first_audio_ms: 0 })])[0]).toMatchObject({
      stt: 120,
      llm: 0,
      tts: 0,
      total: 0,
      wait: null,
    });
    // Out-of-order measurements are clamped.
    expect(timingBars([t({ stt_ms: 500, llm_first_token_ms: 300, tts_first_byte_ms: 200, first_audio_ms: 100 })])[0]).toMatchObject({
      stt: 500,
      llm: 0,
      tts: 0,
    });
    expect(timingBars(null)).toEqual([]);
  });
});

describe('timingSummary and latestTurn', () => {
  it('counts turns and barge-ins, with the median and slowest wait', () => {
    const list = [t({ turn: 1, first_audio_ms: 400 }), t({ turn: 2, first_audio_ms: 900, interrupted: true }), t({ turn: 3, first_audio_ms: 600 })];
    expect(timingSummary(list)).toEqual({ turns: 3, interrupted: 1, median: 600, slowest: 900 });
    expect(timingSummary([...list, t({ turn: 4, first_audio_ms: 800 })]).median).toBe(700);
    expect(timingSummary([t({ first_audio_ms: 0 })])).toEqual({ turns: 1, interrupted: 0, median: null, slowest: null });
    expect(latestTurn(list)?.turn).toBe(3);
    expect(latestTurn([])).toBeNull();
  });

  it('formats milliseconds', () => {
    expect(formatMs(0)).toBe('—');
    expect(formatMs(640)).toBe('640 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(12_345)).toBe('12.3 s');
  });
});

describe('voiceAnalysis', () => {
  it('reads the built-in runtime’s analysis', () => {
    expect(voiceAnalysis({ turns: 5, barge_ins: 1, frames_in: 900, frames_out: 700, speech: { stt: 'offline', tts: 'offline' } })).toEqual({
      turns: 5,
      barge_ins: 1,
      frames_in: 900,
      frames_out: 700,
      stt: 'offline',
      tts: 'offline',
    });
  });

  it('is null for other analyses', () => {
    expect(voiceAnalysis({ call_successful: 'success' })).toBeNull();
    expect(voiceAnalysis(null)).toBeNull();
    expect(voiceAnalysis([])).toBeNull();
  });
});
