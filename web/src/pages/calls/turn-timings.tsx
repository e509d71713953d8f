import * as React from 'react';
import { Gauge, Keyboard, Zap } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { Call } from '@/api/calls';
import { formatOffset } from '@/lib/calls';
import { formatMs, timingBars, timingSummary, type TurnTiming } from '@/lib/turn-timings';
import { cn } from '@/lib/utils';

// The chart carries the charting library; load it on demand.
const TurnTimingsChart = React.lazy(() => import('./turn-timings-chart').then((m) => ({ default: m.TurnTimingsChart })));

/** How long the caller waited, coloured: quick, noticeable, slow. */
export function WaitValue({ ms, className }: { ms: number; className?: string }) {
  const tone = ms <= 0 ? 'text-muted-foreground' : ms < 1000 ? 'text-success' : ms < 2000 ? 'text-warning' : 'text-destructive';
  return <span className={cn('font-mono tabular-nums', tone, className)}>{formatMs(ms)}</span>;
}

function InputMark({ t }: { t: TurnTiming }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {t.input === 'dtmf' && (
        <Badge variant="outline" className="gap-1 font-normal" title="The caller pressed keys">
          <Keyboard className="size-3" aria-hidden /> Keys
        </Badge>
      )}
      {t.interrupted && (
        <Badge variant="destructive" className="gap-1" data-testid="timing-interrupted" title="The caller spoke over this reply">
          <Zap className="size-3" aria-hidden /> Barge-in
        </Badge>
      )}
    </span>
  );
}

/** One row per turn: when, how, and each stage's time from the end of the caller's speech. */
export function TimingsTable({ timings, compact = false }: { timings: readonly TurnTiming[]; compact?: boolean }) {
  const rows = [...timings].sort((a, b) => a.turn - b.turn);
  return (
    <Table data-testid="timings-table" className={compact ? 'text-xs [&_td]:px-2 [&_th]:px-2' : undefined}>
      <TableHeader>
        <TableRow>
          <TableHead>Turn</TableHead>
          {!compact && <TableHead>At</TableHead>}
          <TableHead className="text-right" title="Speech recognition">
            STT
          </TableHead>
          <TableHead className="text-right" title="Until the LLM’s first token">
            {compact ? 'LLM' : 'LLM 1st token'}
          </TableHead>
          <TableHead className="text-right" title="Until the first synthesised audio">
            {compact ? 'TTS' : 'TTS 1st byte'}
          </TableHead>
          <TableHead className="text-right" title="What the caller waited">
            First audio
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((t) => (
          <TableRow
            key={t.turn}
            data-testid="timing-row"
            data-turn={t.turn}
            data-input={t.input}
            data-interrupted={t.interrupted ? 'true' : 'false'}
            className={t.interrupted ? 'bg-destructive/5' : undefined}
          >
            <TableCell>
              <span className="inline-flex flex-wrap items-center gap-1.5">
                <span className="font-medium tabular-nums">{t.turn}</span>
                <InputMark t={t} />
              </span>
            </TableCell>
            {!compact && <TableCell className="font-mono text-xs tabular-nums text-muted-foreground">{formatOffset(t.at_ms)}</TableCell>}
            <TableCell className="text-right font-mono tabular-nums">{formatMs(t.stt_ms)}</TableCell>
            <TableCell className="text-right font-mono tabular-nums">{formatMs(t.llm_first_token_ms)}</TableCell>
            <TableCell className="text-right font-mono tabular-nums">{formatMs(t.tts_first_byte_ms)}</TableCell>
            <TableCell className="text-right font-semibold" data-testid="timing-first-audio">
              <WaitValue ms={t.first_audio_ms} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The median and slowest wait, the turn and barge-in counts. */
export function TimingStats({ timings }: { timings: readonly TurnTiming[] }) {
  const s = timingSummary(timings);
  return (
    <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="timing-stats">
      <div>
        <div className="text-xs text-muted-foreground">Turns</div>
        <div className="font-semibold tabular-nums" data-testid="timing-turns">
          {s.turns}
        </div>
      </div>
      <div>
        <div className="text-xs text-muted-foreground">Median wait</div>
        <div className="font-semibold">{s.median === null ? '—' : <WaitValue ms={s.median} />}</div>
      </div>
      <div>
        <div className="text-xs text-muted-foreground">Slowest</div>
        <div className="font-semibold">{s.slowest === null ? '—' : <WaitValue ms={s.slowest} />}</div>
      </div>
      <div>
        <div className="text-xs text-muted-foreground">Barge-ins</div>
        <div className="font-semibold tabular-nums">{s.interrupted}</div>
      </div>
    </div>
  );
}

const NO_TIMINGS: TurnTiming[] = [];

/** Per-turn latency of a built-in call: stacked bars and the table. */
export function TurnTimingsCard({ call }: { call: Call }) {
  const timings = call.turn_timings ?? NO_TIMINGS;
  const bars = React.useMemo(() => timingBars(timings), [timings]);
  return (
    <Card className="overflow-hidden" data-testid="call-timings">
      <CardHeader className="gap-3">
        <div className="space-y-1.5">
          <CardTitle className="flex items-center gap-2">
            <Gauge className="size-4 text-muted-foreground" /> Response times
          </CardTitle>
          <CardDescription>
            How long the caller waited after each turn, from the end of their speech: speech recognition, the LLM’s first token
            and the first synthesised audio as bars, the first agent audio they heard as a mark.
          </CardDescription>
        </div>
        {timings.length > 0 && <TimingStats timings={timings} />}
      </CardHeader>
      {timings.length === 0 ? (
        <CardContent className="text-sm text-muted-foreground" data-testid="timings-empty">
          {call.status === 'in_progress' ? 'Timings appear as the turns complete.' : 'No turns were timed on this call.'}
        </CardContent>
      ) : (
        <>
          <CardContent>
            <React.Suspense fallback={<Skeleton className="h-60 w-full" />}>
              <TurnTimingsChart bars={bars} />
            </React.Suspense>
          </CardContent>
          <div className="border-t">
            <TimingsTable timings={timings} />
          </div>
        </>
      )}
    </Card>
  );
}
