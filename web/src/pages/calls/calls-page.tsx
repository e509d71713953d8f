import * as React from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { Download, PhoneCall, PhoneOutgoing, Radio } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useCallAgents, useCalls, useFlash, useLiveCalls, type Call } from '@/api/calls';
import {
  callsPerDay,
  callStats,
  callTime,
  exportHref,
  filtersFromSearch,
  filtersToSearch,
  formatDuration,
  hasFilters,
  liveDuration,
  type CallFilters,
} from '@/lib/calls';
import { PERM } from '@/lib/permissions';
import { cn, formatDateTime } from '@/lib/utils';
import { agentLabel, CallParties, listMemory, CallStatusBadge, DirectionIcon, LiveIndicator, SuccessMark, useNow } from './call-bits';
import { CallFiltersBar } from './call-filters';
import { PlaceCallDialog } from '@/pages/simulator/place-call-dialog';

// The chart carries the charting library; load it on demand.
const CallsChart = React.lazy(() => import('./calls-chart').then((m) => ({ default: m.CallsChart })));

const CHART_DAYS = 14;

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="min-w-24">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function CallsOverview({ calls }: { calls: Call[] }) {
  const days = React.useMemo(() => callsPerDay(calls, CHART_DAYS), [calls]);
  const stats = React.useMemo(() => callStats(calls), [calls]);
  return (
    <Card className="mb-6" data-testid="calls-overview">
      <CardHeader className="flex flex-col gap-4 pb-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="space-y-1.5">
          <CardTitle>Calls per day</CardTitle>
          <CardDescription>
            {CHART_DAYS} days of the {stats.count.toLocaleString()} {stats.count === 1 ? 'call' : 'calls'} loaded below.
          </CardDescription>
        </div>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          <Stat label="Calls" value={stats.count.toLocaleString()} testId="stat-calls" />
          <Stat label="Avg duration" value={formatDuration(stats.avgSecs)} testId="stat-avg-duration" />
          <Stat
            label="Successful"
            value={stats.successRate === null ? '—' : `${Math.round(stats.successRate * 100)}%`}
            testId="stat-success"
          />
          <Stat label="Credits" value={stats.credits.toLocaleString()} testId="stat-credits" />
        </div>
      </CardHeader>
      <CardContent>
        <React.Suspense fallback={<Skeleton className="h-48 w-full" />}>
          <CallsChart data={days} />
        </React.Suspense>
      </CardContent>
    </Card>
  );
}

function CallRow({ call, agent, flash, now }: { call: Call; agent: string; flash: boolean; now: number }) {
  const [, navigate] = useLocation();
  const href = `/calls/${call.id}`;
  return (
    <TableRow
      className={cn('cursor-pointer transition-colors duration-1000', flash && 'bg-primary/10 hover:bg-primary/10')}
      onClick={(e) => {
        // Let real links (and selections) behave as usual.
        if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
        navigate(href);
      }}
      data-testid="call-row"
      data-id={call.id}
      data-flash={flash ? 'true' : undefined}
    >
      <TableCell className="whitespace-nowrap">
        <Link href={href} className="font-medium hover:underline" data-testid="call-open">
          {formatDateTime(callTime(call))}
        </Link>
      </TableCell>
      <TableCell className="w-10 pr-0">
        <DirectionIcon direction={call.direction} />
      </TableCell>
      <TableCell>
        <CallParties from={call.from_number} to={call.to_number} />
      </TableCell>
      <TableCell className="max-w-48 truncate" title={agent}>
        {agent}
      </TableCell>
      <TableCell className="text-right font-mono tabular-nums" data-testid="call-duration">
        {formatDuration(liveDuration(call, now))}
      </TableCell>
      <TableCell>
        <CallStatusBadge status={call.status} />
      </TableCell>
      <TableCell className="text-right tabular-nums">{call.cost_credits.toLocaleString()}</TableCell>
      <TableCell className="text-center">
        <SuccessMark successful={call.successful} />
      </TableCell>
    </TableRow>
  );
}

export function CallsPage() {
  const can = useCan();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = React.useMemo(() => filtersFromSearch(search), [search]);
  React.useEffect(() => {
    listMemory.search = search;
  }, [search]);
  const setFilters = React.useCallback(
    (next: CallFilters) => navigate(`/calls${filtersToSearch(next)}`, { replace: true }),
    [navigate],
  );
  const calls = useCalls(filters);
  const agents = useCallAgents(can(PERM.agentsRead));
  const flash = useFlash();
  const live = useLiveCalls((call, change) => {
    if (change !== 'none') flash.mark(call.id);
  });
  const running = calls.items.some((c) => c.status === 'in_progress');
  const now = useNow(1000, running);
  const filtered = hasFilters(filters);
  const canCall = can(PERM.callsWrite) && can(PERM.numbersRead);
  const [placeOpen, setPlaceOpen] = React.useState(false);

  return (
    <div data-testid="calls-page">
      <PageHeader
        title="Calls"
        description="Every call your agents handled, newest first."
        actions={
          <>
            <LiveIndicator state={live} />
            <Button variant="outline" asChild>
              <Link href="/calls/live" data-testid="open-live-wall">
                <Radio /> Live wall
              </Link>
            </Button>
            <Button variant="outline" asChild>
              <a href={exportHref(filters)} download="calls.csv" data-testid="export-csv">
                <Download /> Export CSV
              </a>
            </Button>
            {canCall && (
              <Button onClick={() => setPlaceOpen(true)} data-testid="place-call-button">
                <PhoneOutgoing /> Call a number
              </Button>
            )}
          </>
        }
      />

      {calls.items.length > 0 && <CallsOverview calls={calls.items} />}

      <Card className="overflow-hidden">
        <CallFiltersBar value={filters} onChange={setFilters} agents={agents.agents} />
        {calls.isPending ? (
          <Spinner />
        ) : calls.isError ? (
          <div className="p-4">
            <QueryError error={calls.error} onRetry={() => void calls.refetch()} />
          </div>
        ) : calls.items.length === 0 ? (
          filtered ? (
            <EmptyState icon={PhoneCall} title="No calls match" description="Change or reset the filters to see more calls." />
          ) : (
            <EmptyState
              icon={PhoneCall}
              title="No calls yet"
              description="Calls show up here as they happen: from agents linked to ElevenLabs (through its post-call webhook) and from calls to your phone numbers. This page updates live."
            />
          )
        ) : (
          <Table data-testid="calls-table">
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead className="w-10 pr-0">
                  <span className="sr-only">Direction</span>
                </TableHead>
                <TableHead>From → To</TableHead>
                <TableHead>Agent</TableHead>
                <TableHead className="text-right">Duration</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Credits</TableHead>
                <TableHead className="text-center">Success</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {calls.items.map((c) => (
                <CallRow key={c.id} call={c} agent={agentLabel(agents.names, c.agent_id)} flash={flash.ids.has(c.id)} now={now} />
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={calls} />
      </Card>
      {canCall && <PlaceCallDialog open={placeOpen} onOpenChange={setPlaceOpen} />}
    </div>
  );
}
