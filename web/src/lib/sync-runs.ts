/**
 * ElevenLabs sync runs (Settings > Integrations): labels, the one-line summary of a run's counts
 * and its agent progress.
 */
import type { SyncProgress, SyncRun, SyncTrigger } from '@/api/types';
import { formatDateTime } from './utils';

export const TRIGGER_LABELS: Record<SyncTrigger, string> = {
  manual: 'Manual',
  schedule: 'Scheduled',
  key_changed: 'Key changed',
};

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as RunStatus] ?? status;
}

export function statusVariant(status: string): 'secondary' | 'default' | 'success' | 'destructive' {
  switch (status) {
    case 'succeeded':
      return 'success';
    case 'failed':
      return 'destructive';
    case 'running':
      return 'default';
    default:
      return 'secondary';
  }
}

/** Queued or running: worth polling. */
export function isRunActive(run: Pick<SyncRun, 'status'> | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** "1 call", "3 calls" (`many` defaults to `one` + "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/**
 * A run's counts in one line: "12 conversations seen · 3 calls imported · 1 recording".
 * Conversations and calls always show; the rest only when not zero.
 */
export function runSummary(p: SyncProgress): string {
  const parts = [
    `${plural(p.conversations_seen, 'conversation')} seen`,
    `${plural(p.calls_imported, 'call')} imported`,
  ];
  if (p.recordings_imported > 0) parts.push(plural(p.recordings_imported, 'recording'));
  if (p.agents_pushed > 0) parts.push(`${plural(p.agents_pushed, 'agent')} pushed`);
  if (p.agents_recreated > 0) parts.push(`${p.agents_recreated.toLocaleString('en')} re-created`);
  if (p.conversations_pending > 0) parts.push(`${p.conversations_pending.toLocaleString('en')} still in progress`);
  return parts.join(' · ');
}

export interface AgentProgress {
  done: number;
  total: number;
  /** 0–100; a finished run is 100 (also with no agents). */
  percent: number;
  /** "2 of 5 agents" */
  label: string;
}

export function agentProgress(run: Pick<SyncRun, 'status' | 'progress'>): AgentProgress {
  const { agents_done: done, agents_total: total } = run.progress;
  const finished = run.status === 'succeeded' || run.status === 'failed';
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : finished ? 100 : 0;
  return { done, total, percent, label: total > 0 ? `${done.toLocaleString('en')} of ${plural(total, 'agent')}` : 'No agents yet' };
}

/** The error worth showing: the failed attempt's, else the last skipped item's. */
export function runError(run: Pick<SyncRun, 'last_error' | 'progress'>): string | null {
  return run.last_error ?? run.progress.last_error ?? null;
}

/** "under a second", "45 s", "2 min 5 s", "1 h 3 min" between two timestamps (null when either is missing). */
export function elapsed(from: string | null | undefined, to: string | null | undefined): string | null {
  if (!from || !to) return null;
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return null;
  const secs = Math.round(ms / 1000);
  if (secs < 1) return 'under a second';
  if (secs < 60) return `${secs} s`;
  const mins = Math.floor(secs / 60);
  if (mins < 60) return secs % 60 ? `${mins} min ${secs % 60} s` : `${mins} min`;
  const hours = Math.floor(mins / 60);
  return mins % 60 ? `${hours} h ${mins % 60} min` : `${hours} h`;
}

/**
 * When a run ran, in one line: "Waiting to start", "Retry 2 of 3 at …", or
 * "Started … · finished … (took 12 s) · attempt 2 of 3".
 */
export function runTimes(
  run: Pick<SyncRun, 'status' | 'attempts' | 'max_attempts' | 'run_at' | 'started_at' | 'finished_at'>,
  format: (iso: string) => string = formatDateTime,
): string {
  if (run.status === 'queued') {
    return run.attempts > 0
      ? `Retry ${run.attempts + 1} of ${run.max_attempts} at ${format(run.run_at)}`
      : 'Waiting to start';
  }
  const parts: string[] = [];
  if (run.started_at) parts.push(`Started ${format(run.started_at)}`);
  if (run.finished_at) {
    const took = elapsed(run.started_at, run.finished_at);
    parts.push(`finished ${format(run.finished_at)}${took ? ` (took ${took})` : ''}`);
  }
  if (run.attempts > 1) parts.push(`attempt ${run.attempts} of ${run.max_attempts}`);
  return parts.join(' · ');
}
