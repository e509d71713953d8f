import { beforeEach, describe, expect, it } from 'vitest';
import { FakeAudioContext } from '@/test/fake-audio';
import { channelGains, ChannelRouter } from './audio-channels';

beforeEach(() => {
  FakeAudioContext.instances = [];
});

const Ctor = FakeAudioContext as unknown as new () => AudioContext;
/** The gain of splitter output `ch` (0 caller, 1 agent) into an ear. */
const level = (pairs: [number, number][], ch: number) => pairs.filter(([o]) => o === ch).reduce((n, [, g]) => n + g, 0);

describe('channelGains', () => {
  it('keeps the recording as it is for both, and plays one side in both ears', () => {
    expect(channelGains('both')).toEqual({ callerLeft: 1, callerRight: 0, agentLeft: 0, agentRight: 1 });
    expect(channelGains('caller')).toEqual({ callerLeft: 1, callerRight: 1, agentLeft: 0, agentRight: 0 });
    expect(channelGains('agent')).toEqual({ callerLeft: 0, callerRight: 0, agentLeft: 1, agentRight: 1 });
  });
});

describe('ChannelRouter', () => {
  it('routes the element through a splitter, a gain per channel and ear, and a merger', () => {
    const audio = document.createElement('audio');
    const router = new ChannelRouter(audio, Ctor);
    const ctx = FakeAudioContext.instances[0];
    expect(ctx.sources).toEqual([audio]);
    const merger = ctx.nodes.find((n) => n.kind === 'merger')!;
    expect(merger.edges.map((e) => e.to)).toEqual([ctx.destination]);

    let ears = ctx.ears();
    expect([level(ears.left, 0), level(ears.left, 1), level(ears.right, 0), level(ears.right, 1)]).toEqual([1, 0, 0, 1]);

    router.setMode('agent');
    ears = ctx.ears();
    expect([level(ears.left, 0), level(ears.left, 1), level(ears.right, 0), level(ears.right, 1)]).toEqual([0, 1, 0, 1]);
    expect(ctx.state).toBe('running');

    router.setMode('caller');
    ears = ctx.ears();
    expect([level(ears.left, 0), level(ears.left, 1), level(ears.right, 0), level(ears.right, 1)]).toEqual([1, 0, 1, 0]);

    router.close();
    expect(ctx.state).toBe('closed');
  });
});
