import * as React from 'react';
import { Link } from 'wouter';
import { ArrowLeft, AudioWaveform, Braces, ChevronRight, ClipboardList, MessageSquareText, Sparkles } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useCall, useCallAgents, useCallTranscript, useLiveCalls, type Call } from '@/api/calls';
import { ApiError } from '@/api/client';
import { callTime, collectedRows, formatDuration, liveDuration } from '@/lib/calls';
import { PERM } from '@/lib/permissions';
import { isBuiltin, voiceAnalysis } from '@/lib/turn-timings';
import { formatDateTime } from '@/lib/utils';
import { agentLabel, callsListHref, CallStatusBadge, DirectionIcon, endReasonLabel, formatClock, PhoneNumber, providerLabel, SuccessMark, useNow } from './call-bits';
import { RecordingCard } from './recording-card';
import { TurnTimingsCard } from './turn-timings';
import { Transcript } from './transcript';

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

function Tile({ label, value, testId, children }: { label: string; value?: string; testId: string; children?: React.ReactNode }) {
  return (
    <Card className="px-4 py-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="mt-1 flex min-h-7 items-center text-lg font-semibold tabular-nums" data-testid={testId}>
        {children ?? value}
      </div>
    </Card>
  );
}

function FactsCard({ call, agent, canSeeAgents }: { call: Call; agent: string; canSeeAgents: boolean }) {
  const version = call.agent_version > 0 ? `v${call.agent_version}` : 'draft';
  return (
    <Card data-testid="call-facts">
      <CardHeader>
        <CardTitle>Details</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-[7.5rem_1fr] gap-x-4 gap-y-2 text-sm">
          <Fact label="From" testId="fact-from">
            <PhoneNumber value={call.from_number} />
          </Fact>
          <Fact label="To" testId="fact-to">
            <PhoneNumber value={call.to_number} />
          </Fact>
          <Fact label="Agent" testId="fact-agent">
            {call.agent_id && canSeeAgents ? (
              <Link href={`/agents/${call.agent_id}`} className="font-medium text-link hover:underline">
                {agent}
              </Link>
            ) : (
              agent
            )}
            {call.agent_id && <span className="text-muted-foreground"> · {version}</span>}
          </Fact>
          <Fact label="Runtime" testId="fact-runtime">
            {providerLabel(call.runtime)}
            {call.provider !== call.runtime && <span className="text-muted-foreground"> via {providerLabel(call.provider)}</span>}
          </Fact>
          <Fact label="Provider id">
            <code className="font-mono text-xs">{call.provider_call_id}</code>
          </Fact>
          <Fact label="Started" testId="fact-started">
            {formatClock(call.started_at)}
          </Fact>
          <Fact label="Answered">{formatClock(call.answered_at, call.started_at)}</Fact>
          <Fact label="Ended">{formatClock(call.ended_at, call.started_at)}</Fact>
          <Fact label="End reason" testId="fact-end-reason">
            {endReasonLabel(call.end_reason)}
          </Fact>
          <Fact label="Provider cost">{call.provider_cost === null || call.provider_cost === undefined ? '—' : call.provider_cost.toLocaleString()}</Fact>
          <Fact label="Call id">
            <code className="font-mono text-xs">{call.id}</code>
          </Fact>
        </dl>
      </CardContent>
    </Card>
  );
}

function DataCollectedCard({ call }: { call: Call }) {
  const rows = collectedRows(call.data_collected as Record<string, unknown> | null | undefined);
  return (
    <Card className="overflow-hidden" data-testid="data-collected">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ClipboardList className="size-4 text-muted-foreground" /> Data collected
        </CardTitle>
      </CardHeader>
      {rows.length === 0 ? (
        <CardContent className="text-sm text-muted-foreground">Nothing was collected on this call.</CardContent>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Field</TableHead>
              <TableHead>Value</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key} data-testid="collected-row" data-key={r.key}>
                <TableCell className="align-top font-mono text-xs">{r.key}</TableCell>
                <TableCell className="align-top">
                  <div className="break-words font-medium">{r.value}</div>
                  {r.note && <div className="mt-0.5 text-xs text-muted-foreground">{r.note}</div>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function VoiceCard({ call }: { call: Call }) {
  const v = voiceAnalysis(call.analysis);
  const n = (x: number | null) => (x === null ? '—' : x.toLocaleString());
  return (
    <Card data-testid="call-voice">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <AudioWaveform className="size-4 text-muted-foreground" /> Voice runtime
        </CardTitle>
        <CardDescription>What the built-in runtime measured on this call.</CardDescription>
      </CardHeader>
      <CardContent>
        {v ? (
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
            <Fact label="Turns" testId="voice-turns">
              {n(v.turns)}
            </Fact>
            <Fact label="Barge-ins" testId="voice-barge-ins">
              {n(v.barge_ins)}
            </Fact>
            <Fact label="Speech recognition" testId="voice-stt">
              {v.stt ? providerLabel(v.stt) : '—'}
            </Fact>
            <Fact label="Speech synthesis" testId="voice-tts">
              {v.tts ? providerLabel(v.tts) : '—'}
            </Fact>
            <Fact label="Audio frames">
              <span className="tabular-nums">
                {n(v.frames_in)} in · {n(v.frames_out)} out
              </span>
            </Fact>
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground" data-testid="voice-pending">
            {call.status === 'in_progress' ? 'Available when the call ends.' : 'Nothing was measured on this call.'}
          </p>
        )}
      </CardContent>
    </Card>
  );
}

function AnalysisCard({ call }: { call: Call }) {
  const empty = !call.analysis || Object.keys(call.analysis).length === 0;
  return (
    <Card data-testid="call-analysis">
      <details className="group">
        <summary className="flex cursor-pointer list-none items-center gap-2 p-6 text-base font-semibold [&::-webkit-details-marker]:hidden">
          <ChevronRight className="size-4 text-muted-foreground transition-transform group-open:rotate-90" />
          <Braces className="size-4 text-muted-foreground" /> Raw analysis
        </summary>
        <CardContent>
          {empty ? (
            <p className="text-sm text-muted-foreground">The provider sent no analysis.</p>
          ) : (
            <pre className="max-h-96 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs" data-testid="analysis-json">
              {JSON.stringify(call.analysis, null, 2)}
            </pre>
          )}
        </CardContent>
      </details>
    </Card>
  );
}

function TranscriptCard({ call, onSeek }: { call: Call; onSeek?: (ms: number) => void }) {
  const transcript = useCallTranscript(call.id);
  return (
    <Card data-testid="call-transcript">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <MessageSquareText className="size-4 text-muted-foreground" /> Transcript
        </CardTitle>
        {onSeek && <CardDescription>Select a time to play the recording from there.</CardDescription>}
      </CardHeader>
      <CardContent>
        {transcript.isPending ? (
          <Spinner />
        ) : transcript.isError ? (
          <QueryError error={transcript.error} onRetry={() => void transcript.refetch()} />
        ) : transcript.data.length === 0 ? (
          <EmptyState icon={MessageSquareText} title="No transcript" description="Nothing was transcribed for this call." />
        ) : (
          <Transcript segments={transcript.data} onSeek={onSeek} />
        )}
      </CardContent>
    </Card>
  );
}

export function CallPage({ id }: { id: string }) {
  const can = useCan();
  const canSeeAgents = can(PERM.agentsRead);
  const call = useCall(id);
  const agents = useCallAgents(canSeeAgents);
  useLiveCalls();
  const audioRef = React.useRef<HTMLAudioElement | null>(null);
  const running = call.data?.status === 'in_progress';
  const now = useNow(1000, running);

  if (call.isPending)
    return (
      <div className="space-y-4">
        <Skeleton className="h-10 w-72" />
        <div className="grid gap-4 sm:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
        <Skeleton className="h-64" />
      </div>
    );
  if (call.isError) {
    const missing = call.error instanceof ApiError && call.error.status === 404;
    return (
      <div data-testid="call-page">
        <BackLink />
        {missing ? (
          <EmptyState icon={MessageSquareText} title="Call not found" description="It may belong to another organisation, or the link is wrong." />
        ) : (
          <QueryError error={call.error} onRetry={() => void call.refetch()} />
        )}
      </div>
    );
  }

  const c = call.data;
  const inbound = c.direction !== 'outbound';
  const builtin = isBuiltin(c);
  const agent = agentLabel(agents.names, c.agent_id);
  const seek = c.has_recording
    ? (ms: number) => {
        const audio = audioRef.current;
        if (!audio) return;
        audio.currentTime = ms / 1000;
        void audio.play().catch(() => undefined);
      }
    : undefined;

  return (
    <div data-testid="call-page" data-call-id={c.id}>
      <BackLink />
      <PageHeader
        title={inbound ? 'Inbound call' : 'Outbound call'}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <DirectionIcon direction={c.direction} className="size-6" />
            <PhoneNumber value={c.from_number} />
            <span aria-hidden>→</span>
            <PhoneNumber value={c.to_number} />
            <span aria-hidden>·</span>
            <span>{formatDateTime(callTime(c))}</span>
            <span aria-hidden>·</span>
            <span>{agent}</span>
          </span>
        }
      />

      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile label="Status" testId="tile-status">
          <CallStatusBadge status={c.status} className="text-sm" />
        </Tile>
        <Tile label="Duration" value={formatDuration(liveDuration(c, now))} testId="tile-duration" />
        <Tile label="Credits" value={c.cost_credits.toLocaleString()} testId="tile-credits" />
        <Tile label="Outcome" testId="tile-outcome">
          <span className="text-base">
            <SuccessMark successful={c.successful} withLabel />
          </span>
        </Tile>
      </div>

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-3">
          {(!builtin || c.summary) && (
          <Card data-testid="call-summary">
            <CardHeader className="pb-3">
              <CardTitle className="flex items-center gap-2">
                <Sparkles className="size-4 text-muted-foreground" /> Summary
              </CardTitle>
            </CardHeader>
            <CardContent>
              {c.summary ? (
                <p className="text-sm leading-relaxed" data-testid="call-summary-text">
                  {c.summary}
                </p>
              ) : (
                <p className="text-sm text-muted-foreground">No summary for this call.</p>
              )}
            </CardContent>
          </Card>
          )}
          <RecordingCard call={c} audioRef={audioRef} />
          {builtin && <TurnTimingsCard call={c} />}
          <TranscriptCard call={c} onSeek={seek} />
        </div>
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          <FactsCard call={c} agent={agent} canSeeAgents={canSeeAgents} />
          {builtin && <VoiceCard call={c} />}
          {(!builtin || collectedRows(c.data_collected as Record<string, unknown> | null | undefined).length > 0) && <DataCollectedCard call={c} />}
          <AnalysisCard call={c} />
        </div>
      </div>
    </div>
  );
}

function BackLink() {
  return (
    <Button variant="ghost" size="sm" asChild className="-ml-2 mb-2 text-muted-foreground">
      <Link href={callsListHref()} data-testid="back-to-calls">
        <ArrowLeft /> All calls
      </Link>
    </Button>
  );
}
