/**
 * Listening to one side of a two-channel call recording. Recordings of the built-in runtime are
 * stereo WAV files with the caller on the left and the agent on the right. The player's audio goes
 * through Web Audio: a MediaElementSource, a ChannelSplitter, one gain per (channel, ear) and a
 * ChannelMerger. "Both" keeps the recording as it is (caller left, agent right); one side plays
 * that channel in both ears.
 *
 * The graph is built the first time a side is picked (a click, so the browser lets the
 * AudioContext start); until then the element plays on its own, which sounds the same as "both".
 * Once built, the element's sound only goes through the graph, so the context is resumed on every
 * play. ElevenLabs recordings are mono MP3s: the choice is not offered for them.
 */

export type ChannelMode = 'both' | 'caller' | 'agent';

export const CHANNEL_MODES: readonly ChannelMode[] = ['both', 'caller', 'agent'];

export const CHANNEL_LABELS: Record<ChannelMode, string> = {
  both: 'Both',
  caller: 'Caller only',
  agent: 'Agent only',
};

/** How loud each recorded channel is in each ear. */
export interface ChannelGains {
  callerLeft: number;
  callerRight: number;
  agentLeft: number;
  agentRight: number;
}

export function channelGains(mode: ChannelMode): ChannelGains {
  switch (mode) {
    case 'caller':
      return { callerLeft: 1, callerRight: 1, agentLeft: 0, agentRight: 0 };
    case 'agent':
      return { callerLeft: 0, callerRight: 0, agentLeft: 1, agentRight: 1 };
    default:
      return { callerLeft: 1, callerRight: 0, agentLeft: 0, agentRight: 1 };
  }
}

type AudioContextCtor = new () => AudioContext;

/** The browser's AudioContext constructor, if it has one. */
export function audioContextCtor(): AudioContextCtor | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

/** The Web Audio graph behind one audio element (see the module docs). */
export class ChannelRouter {
  readonly context: AudioContext;
  private readonly gains: Record<keyof ChannelGains, GainNode>;
  mode: ChannelMode = 'both';

  constructor(audio: HTMLMediaElement, Ctor: AudioContextCtor) {
    const ctx = new Ctor();
    this.context = ctx;
    const source = ctx.createMediaElementSource(audio);
    const splitter = ctx.createChannelSplitter(2);
    const merger = ctx.createChannelMerger(2);
    source.connect(splitter);
    const gain = () => ctx.createGain();
    this.gains = { callerLeft: gain(), callerRight: gain(), agentLeft: gain(), agentRight: gain() };
    // Splitter output 0 is the left channel (caller), 1 the right (agent); merger input 0 is the left ear.
    splitter.connect(this.gains.callerLeft, 0);
    splitter.connect(this.gains.callerRight, 0);
    splitter.connect(this.gains.agentLeft, 1);
    splitter.connect(this.gains.agentRight, 1);
    this.gains.callerLeft.connect(merger, 0, 0);
    this.gains.agentLeft.connect(merger, 0, 0);
    this.gains.callerRight.connect(merger, 0, 1);
    this.gains.agentRight.connect(merger, 0, 1);
    merger.connect(ctx.destination);
    this.setMode('both');
  }

  setMode(mode: ChannelMode): void {
    this.mode = mode;
    const g = channelGains(mode);
    for (const k of Object.keys(g) as (keyof ChannelGains)[]) this.gains[k].gain.value = g[k];
    this.resume();
  }

  /** Lets the context run (browsers start it suspended without a user gesture). */
  resume(): void {
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
  }

  close(): void {
    void this.context.close().catch(() => undefined);
  }
}
