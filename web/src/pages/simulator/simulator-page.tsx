import * as React from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ArrowRight, FlaskConical, Loader2, MessageSquareText, PhoneOutgoing, Play, Plus } from 'lucide-react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import {
  isRunning,
  useCallTranscript,
  useLiveCalls,
  useStartSimulatedCall,
  useWatchedCall,
  type Call,
  type LiveState,
} from '@/api/calls';
import { fieldMessages } from '@/api/client';
import { useNumberAgents, useNumbers } from '@/api/hooks';
import { formatDuration, liveDuration } from '@/lib/calls';
import { PERM } from '@/lib/permissions';
import {
  checkScript,
  DEFAULT_CALLER,
  looksLikePhone,
  preset,
  refusedReason,
  serverScriptErrors,
  toDrafts,
  type DraftStep,
} from '@/lib/simulator';
import { latestTurn } from '@/lib/turn-timings';
import { CallParties, CallStatusBadge, endReasonLabel, LiveIndicator, useNow } from '@/pages/calls/call-bits';
import { Transcript } from '@/pages/calls/transcript';
import { TimingsTable, WaitValue } from '@/pages/calls/turn-timings';
import { NumberPicker, numberTitle, RefusalAlert } from './call-bits';
import { PlaceCallDialog } from './place-call-dialog';
import { ScriptEditor } from './script-editor';

/** How often a running call is polled when the live stream is not connected. */
export const SIM_POLL_MS = 1000;

function useSimulatorParams() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = React.useMemo(() => new URLSearchParams(search), [search]);
  const set = React.useCallback(
    (change: Record<string, string | null>) => {
      const next = new URLSearchParams(search);
      for (const [k, v] of Object.entries(change)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const s = next.toString();
      navigate(`/simulator${s ? `?${s}` : ''}`, { replace: true });
    },
    [search, navigate],
  );
  return { number: params.get('number') ?? '', call: params.get('call') ?? '', set };
}

/**
 * The call simulator: a scripted caller rings one of the tenant's simulator numbers and talks to its
 * agent through the real voice runtime; the call is followed live (status, transcript, latency).
 */
export function SimulatorPage() {
  const can = useCan();
  const canSeeNumbers = can(PERM.numbersRead);
  const canBuy = can(PERM.numbersWrite);
  const params = useSimulatorParams();
  const numbers = useNumbers(false, canSeeNumbers);
  const agents = useNumberAgents(can(PERM.agentsRead));
  const live = useLiveCalls();
  const start = useStartSimulatedCall();
  const [placeOpen, setPlaceOpen] = React.useState(false);

  const simNumbers = React.useMemo(() => numbers.items.filter((n) => n.carrier === 'simulator' && n.status === 'active'), [numbers.items]);
  const buying = numbers.items.some((n) => n.carrier === 'simulator' && n.status === 'provisioning');
  const numberId = simNumbers.some((n) => n.id === params.number) ? params.number : (simNumbers[0]?.id ?? '');
  const number = simNumbers.find((n) => n.id === numberId) ?? null;

  const [from, setFrom] = React.useState('');
  const [steps, setSteps] = React.useState<DraftStep[]>(() => toDrafts(preset('tour').steps));
  const [problems, setProblems] = React.useState<{ from?: string; steps: Record<string, string>; script?: string }>({ steps: {} });

  const watched = useWatchedCall(params.call || null, live === 'live' ? false : SIM_POLL_MS);
  const running = watched.data ? isRunning(watched.data) : false;

  const onStart = (e: React.FormEvent) => {
    e.preventDefault();
    if (!number || start.isPending) return;
    const check = checkScript(steps);
    const next = { steps: check.steps, script: check.script_error, from: undefined as string | undefined };
    if (from.trim() && !looksLikePhone(from)) next.from = 'A phone number, e.g. +15555550100';
    setProblems(next);
    if (!check.script || next.from) return;
    start.mutate(
      { number_id: number.id, from: from.trim() || null, script: check.script },
      {
        onSuccess: (call) => params.set({ number: number.id, call: call.id }),
        onError: (err) => {
          const f = fieldMessages(err);
          const s = serverScriptErrors(err, steps);
          setProblems({ from: f.from, steps: s.steps, script: s.script_error });
        },
      },
    );
  };

  const serverFields = fieldMessages(start.error);
  const formError = start.error && !serverFields.script && !serverFields.from ? start.error : null;

  return (
    <div data-testid="simulator-page">
      <PageHeader
        title="Call simulator"
        description="Call your agents from here: a scripted caller rings one of your simulator numbers and talks to its agent through the same voice runtime as real calls."
        actions={
          <>
            <LiveIndicator state={live} />
            <Button variant="outline" onClick={() => setPlaceOpen(true)} data-testid="place-call-button">
              <PhoneOutgoing /> Call a number
            </Button>
          </>
        }
      />

      {!canSeeNumbers ? (
        <Alert variant="warning">
          <AlertDescription>Your role cannot see the account’s phone numbers, so it cannot pick one to call.</AlertDescription>
        </Alert>
      ) : numbers.isPending ? (
        <Spinner />
      ) : numbers.isError ? (
        <QueryError error={numbers.error} onRetry={() => void numbers.refetch()} />
      ) : simNumbers.length === 0 ? (
        <Card data-testid="sim-no-numbers">
          <EmptyState
            icon={FlaskConical}
            title={buying ? 'Your simulator number is being bought…' : 'No simulator number yet'}
            description="Simulated calls ring one of your simulator numbers and reach the agent you assign to it. Simulator numbers are free, fictional numbers (+1 NXX 555-01XX): no carrier and no phone bill, only the usual credits per call minute."
            action={
              canBuy ? (
                <Button asChild className="mt-2">
                  <Link href="/numbers" data-testid="sim-buy-number">
                    <Plus /> Get a free simulator number
                  </Link>
                </Button>
              ) : (
                <p className="text-sm text-muted-foreground">Ask an administrator to add one on the Numbers page.</p>
              )
            }
          />
        </Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>Set up the call</CardTitle>
              <CardDescription>Who calls which number, and what the caller does. The call ends after the last step.</CardDescription>
            </CardHeader>
            <CardContent>
              <form onSubmit={onStart} noValidate className="grid gap-4" data-testid="sim-form">
                <FormError error={formError} />
                <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
                  <Field label="Number to call" htmlFor="sim-number" error={serverFields.number_id} className="min-w-0 grid-cols-[minmax(0,1fr)]">
                    <NumberPicker
                      id="sim-number"
                      numbers={simNumbers}
                      value={numberId}
                      onChange={(id) => params.set({ number: id })}
                      names={agents.names}
                      label="Number to call"
                      testId="sim-number-select"
                      disabled={start.isPending}
                    />
                  </Field>
                  <Field label="Caller number (optional)" htmlFor="sim-from" error={problems.from} hint={`Default ${DEFAULT_CALLER}.`} className="min-w-0 grid-cols-[minmax(0,1fr)]">
                    <Input
                      id="sim-from"
                      value={from}
                      inputMode="tel"
                      placeholder={DEFAULT_CALLER}
                      aria-invalid={!!problems.from}
                      onChange={(e) => setFrom(e.target.value)}
                      data-testid="sim-from"
                    />
                  </Field>
                </div>
                {number && !number.agent_id && (
                  <Alert variant="warning" data-testid="sim-no-agent">
                    <AlertDescription>
                      No agent answers {numberTitle(number)}, so calls to it are refused.{' '}
                      <Link href="/numbers" className="font-medium text-link underline">
                        Assign one on the Numbers page
                      </Link>
                      .
                    </AlertDescription>
                  </Alert>
                )}
                <ScriptEditor steps={steps} onChange={setSteps} errors={problems.steps} scriptError={problems.script} disabled={start.isPending} />
                <div className="flex flex-wrap items-center gap-3 border-t pt-4">
                  <Button type="submit" loading={start.isPending} disabled={!number || running} data-testid="sim-start">
                    {!start.isPending && <Play />} Start call
                  </Button>
                  {running && <span className="text-xs text-muted-foreground">A call is running; start the next one when it ends.</span>}
                </div>
              </form>
            </CardContent>
          </Card>
          <LiveCallCard callId={params.call} live={live} />
        </div>
      )}
      <PlaceCallDialog open={placeOpen} onOpenChange={setPlaceOpen} defaultNumberId={numberId || null} />
    </div>
  );
}

function LiveCallCard({ callId, live }: { callId: string; live: LiveState }) {
  return (
    <Card className="flex min-w-0 flex-col" data-testid="sim-live-card">
      <CardHeader>
        <CardTitle>Live call</CardTitle>
        <CardDescription>The transcript grows as the caller and the agent talk; each turn’s response time follows.</CardDescription>
      </CardHeader>
      <CardContent className="flex-1">
        {callId ? (
          <LiveCall callId={callId} live={live} />
        ) : (
          <EmptyState icon={MessageSquareText} title="No call yet" description="Start a call to watch it here as it happens." />
        )}
      </CardContent>
    </Card>
  );
}

function LiveCall({ callId, live }: { callId: string; live: LiveState }) {
  const poll = live === 'live' ? false : SIM_POLL_MS;
  const call = useWatchedCall(callId, poll);
  const running = call.data ? isRunning(call.data) : false;
  const transcript = useCallTranscript(callId, true, running ? poll : false);
  const now = useNow(1000, running);
  const box = React.useRef<HTMLDivElement | null>(null);
  const lines = transcript.data?.length ?? 0;

  // Keep the newest line in view as the transcript grows.
  React.useEffect(() => {
    const el = box.current;
    if (el && lines > 0) el.scrollTop = el.scrollHeight;
  }, [lines]);

  if (call.isPending) return <Spinner />;
  if (call.isError) return <QueryError error={call.error} onRetry={() => void call.refetch()} />;
  const c: Call = call.data;
  const refused = c.status === 'failed' ? refusedReason(c.end_reason) : null;
  const timings = c.turn_timings ?? [];
  const last = latestTurn(timings);

  return (
    <div className="grid gap-4" data-testid="sim-live" data-call-id={c.id} data-status={c.status}>
      <div className="flex flex-wrap items-center gap-3">
        <CallStatusBadge status={c.status} />
        <span className="font-mono text-sm tabular-nums" title="Duration" data-testid="sim-duration">
          {formatDuration(liveDuration(c, now))}
        </span>
        <CallParties from={c.from_number} to={c.to_number} />
        {last && (
          <span className="ml-auto text-xs text-muted-foreground" data-testid="sim-last-turn">
            Turn {last.turn}: <WaitValue ms={last.first_audio_ms} />
          </span>
        )}
      </div>

      {refused ? (
        <RefusalAlert reason={refused} testId="sim-refused" />
      ) : (
        <div ref={box} className="max-h-[28rem] min-h-40 overflow-y-auto rounded-lg border bg-muted/20 p-3" data-testid="sim-transcript">
          {transcript.isPending ? (
            <Spinner />
          ) : transcript.isError ? (
            <QueryError error={transcript.error} onRetry={() => void transcript.refetch()} />
          ) : lines === 0 ? (
            <p className="py-8 text-center text-sm text-muted-foreground">{running ? 'Ringing… the agent answers in a moment.' : 'Nothing was said.'}</p>
          ) : (
            <Transcript segments={transcript.data} />
          )}
          {running && lines > 0 && (
            <p className="mt-3 flex items-center gap-2 text-xs text-muted-foreground">
              <Loader2 className="size-3 animate-spin" aria-hidden /> Talking…
            </p>
          )}
        </div>
      )}

      {timings.length > 0 ? (
        <div className="overflow-hidden rounded-lg border" data-testid="sim-timings">
          <TimingsTable timings={timings} compact />
        </div>
      ) : (
        !refused && (
          <p className="text-xs text-muted-foreground" data-testid="sim-timings-pending">
            {running ? 'Response times show here as the turns are timed.' : 'No turns were timed.'}
          </p>
        )
      )}

      {!running && (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border bg-muted/30 px-3 py-2 text-sm" data-testid="sim-ended">
          <span>
            {c.status === 'completed' ? 'The call ended' : 'The call failed'}
            {c.end_reason && !refused ? `: ${endReasonLabel(c.end_reason).toLowerCase()}` : ''}.
          </span>
          <Button asChild size="sm" variant="outline">
            <Link href={`/calls/${c.id}`} data-testid="sim-call-detail-link">
              Call details <ArrowRight />
            </Link>
          </Button>
        </div>
      )}
    </div>
  );
}
