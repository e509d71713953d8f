import { Link } from 'wouter';
import { List, Radio } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useCallAgents, useCallTranscript, useCalls, useFlash, useLiveCalls, type Call } from '@/api/calls';
import { callTime, EMPTY_CALL_FILTERS, formatDuration, liveDuration, timeAgo } from '@/lib/calls';
import { PERM } from '@/lib/permissions';
import { isBuiltin, latestTurn } from '@/lib/turn-timings';
import { WaitValue } from './turn-timings';
import { cn } from '@/lib/utils';
import { agentLabel, CallStatusBadge, endReasonLabel, DirectionIcon, LiveIndicator, PhoneNumber, SuccessMark, useNow } from './call-bits';

/** How many of the newest calls the wall shows. */
export const WALL_SIZE = 24;

const ACTIVE = new Set(['queued', 'ringing', 'in_progress']);

function isToday(iso: string, now: number): boolean {
  return new Date(iso).toDateString() === new Date(now).toDateString();
}

/** A finished built-in call without a summary: "4 turns · The caller hung up". */
function builtinOutcome(call: Call): string | null {
  if (!isBuiltin(call)) return null;
  const turns = call.turn_timings?.length ?? 0;
  const parts = [turns ? `${turns} ${turns === 1 ? 'turn' : 'turns'}` : '', call.end_reason ? endReasonLabel(call.end_reason) : ''];
  return parts.filter(Boolean).join(' · ') || null;
}

/** How many of the newest transcript lines a running built-in call shows. */
export const LIVE_LINES = 3;

/**
 * The last lines of a running built-in call (refetched on each live update of the call), and the
 * newest turn's response time.
 */
function LiveLines({ call }: { call: Call }) {
  const transcript = useCallTranscript(call.id);
  const lines = (transcript.data ?? []).slice(-LIVE_LINES);
  const last = latestTurn(call.turn_timings);
  return (
    <div className="grid min-h-10 gap-1" data-testid="live-transcript">
      {lines.length === 0 ? (
        <p className="text-sm text-muted-foreground">Call in progress…</p>
      ) : (
        lines.map((l, i) => (
          <p key={`${l.start_ms}-${i}`} className="line-clamp-1 text-sm" data-testid="live-line" data-speaker={l.speaker}>
            <span className={cn('mr-1.5 text-xs font-medium', l.speaker === 'agent' ? 'text-muted-foreground' : 'text-link')}>
              {l.speaker === 'agent' ? 'Agent' : 'Caller'}
            </span>
            {l.text}
          </p>
        ))
      )}
      {last && (
        <p className="text-xs text-muted-foreground" data-testid="live-latency">
          Turn {last.turn} answered in <WaitValue ms={last.first_audio_ms} />
          {last.interrupted ? ' · barge-in' : ''}
        </p>
      )}
    </div>
  );
}

function WallCard({ call, agent, flash, now }: { call: Call; agent: string; flash: boolean; now: number }) {
  const active = ACTIVE.has(call.status);
  const inbound = call.direction !== 'outbound';
  return (
    <Link
      href={`/calls/${call.id}`}
      className={cn(
        'group flex flex-col gap-3 rounded-xl border bg-card p-4 text-card-foreground shadow-sm transition-all duration-1000 hover:border-primary/40 hover:shadow-md',
        active && 'border-primary/40',
        flash && 'bg-primary/10 ring-2 ring-primary/60',
      )}
      data-testid="live-call-card"
      data-id={call.id}
      data-status={call.status}
      data-flash={flash ? 'true' : undefined}
    >
      <div className="flex items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2.5">
          <DirectionIcon direction={call.direction} className="size-9" />
          <PhoneNumber value={inbound ? call.from_number : call.to_number} className="truncate text-base font-medium" />
        </div>
        <CallStatusBadge status={call.status} />
      </div>
      <div className="-mt-1 truncate text-xs text-muted-foreground">
        {agent} · {inbound ? 'called' : 'from'} <span className="font-mono">{(inbound ? call.to_number : call.from_number) ?? 'unknown'}</span>
      </div>
      {active && isBuiltin(call) ? (
        <LiveLines call={call} />
      ) : (
        <p className={cn('line-clamp-2 min-h-10 text-sm', call.summary ? '' : 'text-muted-foreground')}>
          {call.summary || (active ? 'Call in progress…' : builtinOutcome(call) || 'No summary.')}
        </p>
      )}
      <div className="mt-auto flex items-center justify-between gap-2 border-t pt-3 text-xs text-muted-foreground">
        <span className={cn('font-mono text-sm tabular-nums', active ? 'text-foreground' : '')} title="Duration">
          {formatDuration(liveDuration(call, now))}
        </span>
        <span>{timeAgo(callTime(call), now)}</span>
        <span className="tabular-nums" title="Credits">
          {call.cost_credits.toLocaleString()} cr
        </span>
        <SuccessMark successful={call.successful} />
      </div>
    </Link>
  );
}

function Counter({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <Card className="px-4 py-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className={cn('mt-1 text-2xl font-semibold tabular-nums', tone)} data-testid={testId}>
        {value}
      </div>
    </Card>
  );
}

/** A wall of the newest calls as cards, kept current by the live stream. */
export function LiveCallsPage() {
  const can = useCan();
  const calls = useCalls(EMPTY_CALL_FILTERS);
  const agents = useCallAgents(can(PERM.agentsRead));
  const flash = useFlash(4000);
  const live = useLiveCalls((call, change) => {
    if (change !== 'none') flash.mark(call.id);
  });
  // Ticks for running durations and "2 min ago".
  const now = useNow(1000);
  const wall = calls.items.slice(0, WALL_SIZE);
  const active = calls.items.filter((c) => ACTIVE.has(c.status)).length;
  const today = calls.items.filter((c) => isToday(callTime(c), now));
  const judged = today.filter((c) => c.successful !== null && c.successful !== undefined);
  const success = judged.length ? `${Math.round((judged.filter((c) => c.successful).length / judged.length) * 100)}%` : '—';

  return (
    <div data-testid="live-page">
      <PageHeader
        title="Live calls"
        description="The newest calls as they happen. Leave this open on a wall screen."
        actions={
          <>
            <LiveIndicator state={live} />
            <Button variant="outline" asChild>
              <Link href="/calls" data-testid="open-calls-list">
                <List /> All calls
              </Link>
            </Button>
          </>
        }
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Counter label="Active now" value={active.toLocaleString()} testId="live-active" tone={active > 0 ? 'text-primary' : undefined} />
        <Counter label="Calls today" value={today.length.toLocaleString()} testId="live-today" />
        <Counter label="Successful today" value={success} testId="live-success" />
      </div>
      {calls.isPending ? (
        <Spinner />
      ) : calls.isError ? (
        <QueryError error={calls.error} onRetry={() => void calls.refetch()} />
      ) : wall.length === 0 ? (
        <Card>
          <EmptyState
            icon={Radio}
            title="Waiting for calls"
            description="New calls appear here the moment they start or end: from agents linked to ElevenLabs and from calls to your phone numbers."
          />
        </Card>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="live-wall">
          {wall.map((c) => (
            <WallCard key={c.id} call={c} agent={agentLabel(agents.names, c.agent_id)} flash={flash.ids.has(c.id)} now={now} />
          ))}
        </div>
      )}
    </div>
  );
}
