/**
 * Per-turn latency of calls run by the built-in voice runtime, and what the detail page shows of
 * their analysis. The server measures every stage from the end of the caller's speech
 * (crates/telephony/src/media/session.rs): speech recognition takes `stt_ms`, the engine's first
 * token comes at `llm_first_token_ms`, the first synthesised audio at `tts_first_byte_ms` and the
 * first agent audio goes out at `first_audio_ms`. The chart stacks the three stages and marks the
 * first audio on its own: it is measured separately and may be earlier than the stack's top (audio
 * already queued from the previous reply goes out first).
 */
import type { Call } from '@/api/calls';

export type TurnTiming = Call['turn_timings'][number];

export interface TimingBar {
  turn: number;
  /** The x-axis label: the turn number. */
  label: string;
  /** A word under the label: the caller barged in, or the turn was key presses. */
  note: '' | 'barge-in' | 'keys';
  /** Speech recognition. */
  stt: number;
  /** From the transcript to the engine's first token. */
  llm: number;
  /** From the first token to the first synthesised audio. */
  tts: number;
  /** What the caller waited: `first_audio_ms`. */
  total: number;
  /** The same for the chart's marker: null when no agent audio went out. */
  wait: number | null;
  interrupted: boolean;
  input: string;
  /** When the caller stopped speaking, from the start of the call. */
  at_ms: number;
}

const clamp = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/**
 * The stacked-bar rows of a call's turns, in turn order. Stages the server did not reach (a turn
 * cut short by a barge-in, key presses without recognition) are 0.
 */
export function timingBars(timings: readonly TurnTiming[] | null | undefined): TimingBar[] {
  return [...(timings ?? [])]
    .sort((a, b) => a.turn - b.turn)
    .map((t) => {
      const stt = clamp(t.stt_ms);
      const llmAt = Math.max(clamp(t.llm_first_token_ms), stt);
      const ttsAt = Math.max(clamp(t.tts_first_byte_ms), llmAt);
      const llm = t.llm_first_token_ms > 0 ? llmAt - stt : 0;
      const tts = t.tts_first_byte_ms > 0 ? ttsAt - llmAt : 0;
      const total = clamp(t.first_audio_ms);
      return {
        turn: t.turn,
        label: String(t.turn),
        note: t.interrupted ? 'barge-in' : t.input === 'dtmf' ? 'keys' : '',
        stt,
        llm,
        tts,
        total,
        wait: total > 0 ? total : null,
        interrupted: t.interrupted,
        input: t.input,
        at_ms: clamp(t.at_ms),
      };
    });
}

export interface TimingSummary {
  turns: number;
  interrupted: number;
  /** Median and slowest first audio over the turns that got an answer out (null without any). */
  median: number | null;
  slowest: number | null;
}

export function timingSummary(timings: readonly TurnTiming[] | null | undefined): TimingSummary {
  const list = timings ?? [];
  const waits = list.map((t) => t.first_audio_ms).filter((ms) => ms > 0).sort((a, b) => a - b);
  const mid = waits.length >> 1;
  const median = waits.length === 0 ? null : waits.length % 2 ? waits[mid] : Math.round((waits[mid - 1] + waits[mid]) / 2);
  return {
    turns: list.length,
    interrupted: list.filter((t) => t.interrupted).length,
    median,
    slowest: waits.length ? waits[waits.length - 1] : null,
  };
}

/** The newest turn (highest number), or null. */
export function latestTurn(timings: readonly TurnTiming[] | null | undefined): TurnTiming | null {
  let out: TurnTiming | null = null;
  for (const t of timings ?? []) if (!out || t.turn > out.turn) out = t;
  return out;
}

/** "640 ms", "1.2 s", or a dash for nothing measured. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Whether the call ran on the built-in runtime (two-channel recording, per-turn timings). */
export function isBuiltin(call: Pick<Call, 'runtime'>): boolean {
  return call.runtime === 'builtin';
}

export interface VoiceAnalysis {
  turns: number | null;
  barge_ins: number | null;
  frames_in: number | null;
  frames_out: number | null;
  stt: string | null;
  tts: string | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** The built-in runtime's analysis (`{ turns, barge_ins, frames_in, frames_out, speech: { stt, tts } }`), or null. */
export function voiceAnalysis(analysis: unknown): VoiceAnalysis | null {
  if (!analysis || typeof analysis !== 'object' || Array.isArray(analysis)) return null;
  const a = analysis as Record<string, unknown>;
  const speech = a.speech && typeof a.speech === 'object' ? (a.speech as Record<string, unknown>) : {};
  const out: VoiceAnalysis = {
    turns: num(a.turns),
    barge_ins: num(a.barge_ins),
    frames_in: num(a.frames_in),
    frames_out: num(a.frames_out),
    stt: str(speech.stt),
    tts: str(speech.tts),
  };
  return Object.values(out).every((v) => v === null) ? null : out;
}
