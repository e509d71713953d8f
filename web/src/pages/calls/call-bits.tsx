import * as React from 'react';
import { CheckCircle2, CircleDashed, PhoneIncoming, PhoneOutgoing, XCircle } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { LiveState } from '@/api/calls';
import { cn, humanize } from '@/lib/utils';

const STATUS_VARIANT: Record<string, 'secondary' | 'warning' | 'default' | 'success' | 'destructive'> = {
  queued: 'secondary',
  ringing: 'warning',
  in_progress: 'default',
  completed: 'success',
  failed: 'destructive',
};

const STATUS_LABEL: Record<string, string> = {
  queued: 'Queued',
  ringing: 'Ringing',
  in_progress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
};

const PROVIDER_LABEL: Record<string, string> = {
  elevenlabs: 'ElevenLabs',
  builtin: 'Built-in',
  twilio: 'Twilio',
  simulator: 'Simulator',
};

/** Runtime and provider names as people write them ("ElevenLabs", "Built-in"). */
export function providerLabel(value: string): string {
  return PROVIDER_LABEL[value] ?? humanize(value);
}

/** A time of day with seconds; the date too when it is not `sameDayAs`'s day. */
export function formatClock(iso: string | null | undefined, sameDayAs?: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (sameDayAs && new Date(sameDayAs).toDateString() === d.toDateString()) return time;
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}, ${time}`;
}

const END_REASONS: Record<string, string> = {
  caller_hung_up: 'The caller hung up',
  agent_ended: 'The agent ended the call',
  max_duration: 'The call reached its maximum duration',
};

/** Why a call ended, in words ("refused: …" and providers' own reasons are shown as given). */
export function endReasonLabel(reason: string | null | undefined): string {
  if (!reason) return '—';
  return END_REASONS[reason] ?? reason;
}

export function statusLabel(status: string): string {
  return STATUS_LABEL[status] ?? humanize(status);
}

export function CallStatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge variant={STATUS_VARIANT[status] ?? 'outline'} className={className} data-testid="call-status" data-status={status}>
      {status === 'in_progress' && (
        <span className="relative flex size-1.5" aria-hidden>
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-current opacity-75" />
          <span className="relative inline-flex size-1.5 rounded-full bg-current" />
        </span>
      )}
      {statusLabel(status)}
    </Badge>
  );
}

export function DirectionIcon({ direction, className }: { direction: string; className?: string }) {
  const inbound = direction !== 'outbound';
  const Icon = inbound ? PhoneIncoming : PhoneOutgoing;
  const label = inbound ? 'Inbound' : 'Outbound';
  return (
    <span
      className={cn(
        'inline-flex size-7 shrink-0 items-center justify-center rounded-full',
        inbound ? 'bg-chart-2/15 text-chart-2' : 'bg-primary/10 text-link',
        className,
      )}
      title={label}
      data-testid="call-direction"
      data-direction={direction}
    >
      <Icon className="size-3.5" aria-hidden />
      <span className="sr-only">{label}</span>
    </span>
  );
}

export function SuccessMark({ successful, withLabel = false }: { successful: boolean | null | undefined; withLabel?: boolean }) {
  if (successful === true)
    return (
      <span className="inline-flex items-center gap-1 text-success" title="Successful" data-testid="call-success" data-success="true">
        <CheckCircle2 className="size-4" aria-hidden />
        <span className={withLabel ? '' : 'sr-only'}>Successful</span>
      </span>
    );
  if (successful === false)
    return (
      <span className="inline-flex items-center gap-1 text-destructive" title="Not successful" data-testid="call-success" data-success="false">
        <XCircle className="size-4" aria-hidden />
        <span className={withLabel ? '' : 'sr-only'}>Not successful</span>
      </span>
    );
  return (
    <span className="inline-flex items-center gap-1 text-muted-foreground" title="Not evaluated" data-testid="call-success" data-success="unknown">
      <CircleDashed className="size-4" aria-hidden />
      <span className={withLabel ? '' : 'sr-only'}>Not evaluated</span>
    </span>
  );
}

/** "+1 415 …" as given, or a dash. */
export function PhoneNumber({ value, className }: { value: string | null | undefined; className?: string }) {
  if (!value) return <span className={cn('text-muted-foreground', className)}>Unknown</span>;
  return <span className={cn('font-mono tabular-nums', className)}>{value}</span>;
}

export function CallParties({ from, to }: { from: string | null | undefined; to: string | null | undefined }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5 whitespace-nowrap text-sm">
      <PhoneNumber value={from} />
      <span className="text-muted-foreground" aria-label="to">
        →
      </span>
      <PhoneNumber value={to} />
    </span>
  );
}

const LIVE_TEXT: Record<LiveState, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline',
};

const LIVE_TITLE: Record<LiveState, string> = {
  live: 'New and updated calls appear here as they happen.',
  connecting: 'Connecting to live updates…',
  offline: 'Live updates are unavailable; retrying shortly. Reload to see new calls.',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span
      className="inline-flex h-7 items-center gap-2 rounded-full border bg-card px-3 text-xs font-medium"
      title={LIVE_TITLE[state]}
      role="status"
      data-testid="live-indicator"
      data-state={state}
    >
      <span className="relative flex size-2" aria-hidden>
        {state === 'live' && <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60" />}
        <span
          className={cn(
            'relative inline-flex size-2 rounded-full',
            state === 'live' ? 'bg-success' : state === 'connecting' ? 'bg-warning' : 'bg-muted-foreground',
          )}
        />
      </span>
      {LIVE_TEXT[state]}
    </span>
  );
}

/** The agent's name from the lookup, a short id when unknown, a dash without an agent. */
export function agentLabel(names: ReadonlyMap<string, string>, id: string | null | undefined): string {
  if (!id) return '—';
  return names.get(id) ?? `Agent …${id.slice(-6)}`;
}

/** Re-renders every `ms` milliseconds (running durations, "2 min ago"). */
export function useNow(ms = 1000, enabled = true): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, enabled]);
  return now;
}

/** The list's last query string, so "All calls" from a detail returns to the same filters. */
export const listMemory = { search: '' };

export function callsListHref(): string {
  return listMemory.search ? `/calls?${listMemory.search}` : '/calls';
}
