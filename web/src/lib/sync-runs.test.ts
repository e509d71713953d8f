import { describe, expect, it } from 'vitest';
import type { SyncProgress, SyncRun } from '@/api/types';
import { agentProgress, elapsed, isRunActive, plural, runError, runSummary, runTimes, statusVariant } from './sync-runs';

const zero: SyncProgress = {
  agents_total: 0,
  agents_done: 0,
  agents_pushed: 0,
  agents_recreated: 0,
  conversations_seen: 0,
  conversations_pending: 0,
  calls_imported: 0,
  recordings_imported: 0,
  errors: 0,
  last_error: null,
};

function run(over: Partial<SyncRun> = {}, progress: Partial<SyncProgress> = {}): SyncRun {
  return {
    id: 'r1',
    trigger: 'manual',
    status: 'running',
    attempts: 1,
    max_attempts: 3,
    since: null,
    progress: { ...zero, ...progress },
    last_error: null,
    created_at: '2026-12-01T10:00:00Z',
    run_at: '2026-12-01T10:00:00Z',
    started_at: '2026-12-01T10:00:01Z',
    finished_at: null,
    ...over,
  };
}

const iso = (s: string) => `<${s.slice(11, 19)}>`;

describe('runSummary', () => {
  it('always counts conversations and calls, the rest only when not zero', () => {
    expect(runSummary(zero)).toBe('0 conversations seen · 0 calls imported');
    expect(runSummary({ ...zero, conversations_seen: 12, calls_imported: 3, recordings_imported: 1 })).toBe(
      '12 conversations seen · 3 calls imported · 1 recording',
    );
    expect(runSummary({ ...zero, conversations_seen: 1, calls_imported: 1 })).toBe('1 conversation seen · 1 call imported');
    expect(
      runSummary({ ...zero, conversations_seen: 1500, recordings_imported: 2, agents_pushed: 2, agents_recreated: 1, conversations_pending: 4 }),
    ).toBe('1,500 conversations seen · 0 calls imported · 2 recordings · 2 agents pushed · 1 re-created · 4 still in progress');
  });

  it('pluralises', () => {
    expect(plural(0, 'error')).toBe('0 errors');
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(2, 'child', 'children')).toBe('2 children');
  });
});

describe('agentProgress', () => {
  it('is agents done over total', () => {
    expect(agentProgress(run({}, { agents_total: 4, agents_done: 1 }))).toEqual({ done: 1, total: 4, percent: 25, label: '1 of 4 agents' });
    expect(agentProgress(run({}, { agents_total: 3, agents_done: 2 })).percent).toBe(67);
    expect(agentProgress(run({}, { agents_total: 1, agents_done: 0 })).label).toBe('0 of 1 agent');
  });

  it('is 0 before the agents are counted and 100 once finished', () => {
    expect(agentProgress(run({ status: 'queued' })).percent).toBe(0);
    expect(agentProgress(run({ status: 'running' })).label).toBe('No agents yet');
    expect(agentProgress(run({ status: 'succeeded' })).percent).toBe(100);
    expect(agentProgress(run({ status: 'failed' }, { agents_total: 2, agents_done: 5 })).percent).toBe(100);
  });
});

describe('status helpers', () => {
  it('queued and running are active', () => {
    expect(isRunActive(run({ status: 'queued' }))).toBe(true);
    expect(isRunActive(run({ status: 'running' }))).toBe(true);
    expect(isRunActive(run({ status: 'succeeded' }))).toBe(false);
    expect(isRunActive(run({ status: 'failed' }))).toBe(false);
    expect(isRunActive(null)).toBe(false);
    expect(isRunActive(undefined)).toBe(false);
  });

  it('maps statuses to badge variants', () => {
    expect(statusVariant('succeeded')).toBe('success');
    expect(statusVariant('failed')).toBe('destructive');
    expect(statusVariant('running')).toBe('default');
    expect(statusVariant('queued')).toBe('secondary');
    expect(statusVariant('something-new')).toBe('secondary');
  });

  it('prefers the attempt error over a skipped item’s', () => {
    expect(runError(run())).toBeNull();
    expect(runError(run({}, { last_error: 'conversation c1: timeout' }))).toBe('conversation c1: timeout');
    expect(runError(run({ last_error: 'ElevenLabs answered 401' }, { last_error: 'x' }))).toBe('ElevenLabs answered 401');
  });
});

describe('times', () => {
  it('formats elapsed time', () => {
    expect(elapsed('2026-12-01T10:00:00Z', '2026-12-01T10:00:12.400Z')).toBe('12 s');
    expect(elapsed('2026-12-01T10:00:00Z', '2026-12-01T10:02:05Z')).toBe('2 min 5 s');
    expect(elapsed('2026-12-01T10:00:00Z', '2026-12-01T10:03:00Z')).toBe('3 min');
    expect(elapsed('2026-12-01T10:00:00Z', '2026-12-01T11:03:00Z')).toBe('1 h 3 min');
    expect(elapsed('2026-12-01T10:00:00Z', '2026-12-01T12:00:00Z')).toBe('2 h');
    expect(elapsed('2026-12-01T10:00:00Z', '2026-12-01T10:00:00.300Z')).toBe('under a second');
    expect(elapsed(null, '2026-12-01T10:00:00Z')).toBeNull();
    expect(elapsed('2026-12-01T10:00:05Z', '2026-12-01T10:00:00Z')).toBeNull();
  });

  it('describes when a run ran', () => {
    expect(runTimes(run({ status: 'queued', attempts: 0 }), iso)).toBe('Waiting to start');
    expect(runTimes(run({ status: 'queued', attempts: 1, run_at: '2026-12-01T10:05:00Z' }), iso)).toBe('Retry 2 of 3 at <10:05:00>');
    expect(runTimes(run(), iso)).toBe('Started <10:00:01>');
    expect(runTimes(run({ status: 'succeeded', finished_at: '2026-12-01T10:00:46Z' }), iso)).toBe(
      'Started <10:00:01> · finished <10:00:46> (took 45 s)',
    );
    expect(runTimes(run({ status: 'failed', attempts: 3, finished_at: '2026-12-01T10:01:01Z' }), iso)).toBe(
      'Started <10:00:01> · finished <10:01:01> (took 1 min) · attempt 3 of 3',
    );
  });
});
