import type { Call } from '@/api/calls';

/** A completed inbound call; override what a test needs. */
export function makeCall(over: Partial<Call> = {}): Call {
  return {
    id: 'c1',
    agent_id: 'a1',
    agent_version: 2,
    direction: 'inbound',
    from_number: '+14155550123',
    to_number: '+14155550100',
    runtime: 'elevenlabs',
    provider: 'elevenlabs',
    provider_call_id: 'conv_1',
    status: 'completed',
    started_at: '2026-12-01T10:00:00Z',
    answered_at: '2026-12-01T10:00:00Z',
    ended_at: '2026-12-01T10:02:13Z',
    duration_secs: 133,
    end_reason: 'end_call tool was called.',
    cost_credits: 3,
    provider_cost: 412,
    summary: 'The caller moved an appointment.',
    successful: true,
    analysis: {},
    data_collected: {},
    has_recording: false,
    turn_timings: [],
    created_at: '2026-12-01T10:02:14Z',
    ...over,
  };
}
