import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { AlertTriangle, History, KeyRound, Loader2, RefreshCw, Trash2, Webhook } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { CopyButton } from '@/components/copy-button';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import {
  useElevenLabsIntegration,
  useRemoveElevenLabsKey,
  useSaveElevenLabsKey,
  useStartSync,
  useSyncRun,
  useSyncRuns,
} from '@/api/hooks';
import { fieldMessages } from '@/api/client';
import type { ElevenLabsIntegration, SyncRun } from '@/api/types';
import { elevenLabsKeySchema, type ElevenLabsKeyValues } from '@/lib/schemas';
import {
  agentProgress,
  isRunActive,
  plural,
  runError,
  runSummary,
  runTimes,
  statusLabel,
  statusVariant,
  TRIGGER_LABELS,
} from '@/lib/sync-runs';
import { formatDateTime } from '@/lib/utils';

type ConnectionState = 'own' | 'agency' | 'platform' | 'none';

function connectionState(i: ElevenLabsIntegration): ConnectionState {
  if (i.configured) return 'own';
  if (i.key_source === 'agency') return 'agency';
  return i.platform_key_available || i.key_source === 'platform' ? 'platform' : 'none';
}

const STATE_BADGE: Record<ConnectionState, { label: string; variant: 'success' | 'secondary' | 'warning' }> = {
  own: { label: 'Connected', variant: 'success' },
  agency: { label: 'Agency key', variant: 'secondary' },
  platform: { label: 'Platform key', variant: 'secondary' },
  none: { label: 'Not connected', variant: 'warning' },
};

export function ElevenLabsCard({ canWrite }: { canWrite: boolean }) {
  const integration = useElevenLabsIntegration();
  const runs = useSyncRuns();
  const [followId, setFollowId] = React.useState<string | null>(null);

  // The run to follow: one the server reports queued/running, else the one this page started.
  const last = integration.data?.last_sync;
  const sourceActive = (isRunActive(last) ? last?.id : undefined) ?? runs.items.find(isRunActive)?.id;
  const live = useSyncRun(sourceActive ?? followId);

  if (integration.isPending) return <Spinner />;
  if (integration.isError) {
    return <QueryError error={integration.error} onRetry={() => void integration.refetch()} />;
  }
  const i = integration.data;
  const state = connectionState(i);
  const badge = STATE_BADGE[state];

  // The list with the followed run's fresh copy (and the run itself before the list has it).
  const liveRun = live.data;
  const rows =
    liveRun && !runs.items.some((r) => r.id === liveRun.id) ? [liveRun, ...runs.items] : runs.items;
  const running = Boolean(liveRun && isRunActive(liveRun));

  return (
    <Card data-testid="elevenlabs-card">
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>ElevenLabs</CardTitle>
          <CardDescription>
            Agents whose runtime is ElevenLabs are created on your ElevenLabs account when you publish them; their
            calls come back here through webhooks and syncs.
          </CardDescription>
        </div>
        <Badge variant={badge.variant} data-testid="elevenlabs-badge">
          {badge.label}
        </Badge>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid gap-6 lg:grid-cols-2">
          <ConnectionPanel integration={i} state={state} canWrite={canWrite} onResync={setFollowId} />
          <WebhooksPanel integration={i} />
        </div>
        <section className="grid gap-3 border-t pt-6" aria-labelledby="sync-title" data-testid="sync-section">
          {/* Keyed by the connection so an old "no key" error goes once a key is there. */}
          <SyncHeader key={state} canWrite={canWrite} running={running} onStarted={setFollowId} />
          <div className="rounded-lg border" data-testid="sync-history">
            <div className="flex items-center gap-2 border-b px-4 py-2.5 text-sm font-medium">
              <History className="size-4 text-muted-foreground" /> Sync history
            </div>
            {runs.isPending ? (
              <Spinner />
            ) : runs.isError ? (
              <div className="p-4">
                <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
              </div>
            ) : rows.length === 0 ? (
              <EmptyState
                icon={RefreshCw}
                title="No syncs yet"
                description="Syncs run every few minutes for agents on ElevenLabs, and when you ask for one."
              />
            ) : (
              <ul className="divide-y">
                {rows.map((r) => (
                  <SyncRunRow key={r.id} run={liveRun?.id === r.id ? liveRun : r} />
                ))}
              </ul>
            )}
            <LoadMore query={runs} />
          </div>
        </section>
      </CardContent>
    </Card>
  );
}

function ConnectionPanel({
  integration: i,
  state,
  canWrite,
  onResync,
}: {
  integration: ElevenLabsIntegration;
  state: ConnectionState;
  canWrite: boolean;
  onResync: (runId: string) => void;
}) {
  const save = useSaveElevenLabsKey();
  const remove = useRemoveElevenLabsKey();
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const [resyncNote, setResyncNote] = React.useState(false);
  const form = useForm<ElevenLabsKeyValues>({ resolver: zodResolver(elevenLabsKeySchema), defaultValues: { api_key: '' } });
  const { errors } = form.formState;
  const serverFields = fieldMessages(save.error);

  const onSubmit = form.handleSubmit((v) => {
    const before = i.last_sync?.id;
    setResyncNote(false);
    save.mutate(v.api_key, {
      onSuccess: (next) => {
        form.reset({ api_key: '' });
        toast.success('ElevenLabs key saved.');
        const run = next.last_sync;
        if (run && run.trigger === 'key_changed' && run.id !== before && isRunActive(run)) {
          setResyncNote(true);
          onResync(run.id);
        }
      },
      onError: (err) => {
        const msg = fieldMessages(err).api_key;
        if (msg) form.setError('api_key', { type: 'server', message: msg });
      },
    });
  });

  return (
    <div className="grid min-w-0 content-start gap-4">
      <div className="flex items-start gap-3 rounded-lg border bg-muted/40 p-4" data-testid="elevenlabs-status" data-state={state}>
        <KeyRound className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
        <div className="grid gap-1 text-sm">
          {state === 'own' ? (
            <>
              <p className="font-medium">Connected with your own key</p>
              <p className="text-muted-foreground">
                <code className="font-mono text-foreground" data-testid="elevenlabs-key-hint">
                  {i.key_hint}
                </code>
                {i.updated_at && <> · updated {formatDateTime(i.updated_at)}</>}
              </p>
            </>
          ) : state === 'agency' ? (
            <>
              <p className="font-medium">Using your agency’s key</p>
              <p className="text-muted-foreground">
                Your agents run on your agency’s ElevenLabs account. Add your own key to use your account instead.
              </p>
            </>
          ) : state === 'platform' ? (
            <>
              <p className="font-medium">Using the platform key</p>
              <p className="text-muted-foreground">
                Your agents run on the platform’s ElevenLabs account. Add your own key to use your account instead.
              </p>
            </>
          ) : (
            <>
              <p className="font-medium">Not connected</p>
              <p className="text-muted-foreground">
                Add an ElevenLabs API key to publish agents to ElevenLabs and to sync their calls.
              </p>
            </>
          )}
        </div>
      </div>

      {resyncNote && (
        <Alert data-testid="resync-note">
          <AlertDescription>Agents are pushed to the account of the new key and its history is pulled.</AlertDescription>
        </Alert>
      )}

      {canWrite && (
        <form onSubmit={onSubmit} noValidate className="grid gap-3" data-testid="elevenlabs-key-form">
          <Field
            label={i.configured ? 'Replace API key' : 'API key'}
            htmlFor="elevenlabs-key"
            error={errors.api_key?.message}
            hint="Stored encrypted and never shown again. Find it in ElevenLabs under Developers → API keys."
          >
            <Input
              id="elevenlabs-key"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder="sk_…"
              className="font-mono"
              aria-invalid={!!errors.api_key}
              {...form.register('api_key')}
              data-testid="elevenlabs-key-input"
            />
          </Field>
          <FormError error={save.error && !serverFields.api_key ? save.error : null} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={save.isPending} data-testid="elevenlabs-key-save">
              {i.configured ? 'Replace key' : 'Save key'}
            </Button>
            {i.configured && (
              <Button type="button" variant="outline" onClick={() => setConfirmOpen(true)} data-testid="elevenlabs-key-remove">
                <Trash2 className="text-destructive" /> Remove key
              </Button>
            )}
          </div>
        </form>
      )}

      <ConfirmDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title="Remove the ElevenLabs key?"
        description={
          i.platform_key_available
            ? 'Your agents go back to the ElevenLabs account above yours (your agency’s or the platform’s).'
            : 'Agents on ElevenLabs can no longer be published or synced until you add a key again.'
        }
        confirmLabel="Remove key"
        destructive
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.success('ElevenLabs key removed.');
              setResyncNote(false);
              setConfirmOpen(false);
            },
          })
        }
      />
    </div>
  );
}

function WebhooksPanel({ integration: i }: { integration: ElevenLabsIntegration }) {
  return (
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] content-start gap-4" data-testid="elevenlabs-webhooks">
      <div className="flex items-center gap-2 text-sm font-medium">
        <Webhook className="size-4 text-muted-foreground" /> Webhooks
      </div>
      {!i.webhooks_enabled && (
        <Alert variant="warning" data-testid="webhooks-disabled">
          <AlertTitle>Webhooks are off on this installation</AlertTitle>
          <AlertDescription>
            The server has no ElevenLabs webhook secret, so it refuses both webhooks. Calls then arrive only through
            syncs. Ask your platform administrator to set <code className="font-mono text-xs">elevenlabs.webhook_secret</code>.
          </AlertDescription>
        </Alert>
      )}
      <WebhookUrl
        label="Post-call webhook"
        url={i.post_call_webhook_url}
        testId="post-call-webhook-url"
        help="Add it in ElevenLabs as the post-call webhook with HMAC authentication: transcripts and recordings arrive here as calls end."
      />
      <WebhookUrl
        label="Conversation initiation webhook"
        url={i.initiation_webhook_url}
        testId="initiation-webhook-url"
        help={
          <>
            Set it on the agent’s phone settings with the header{' '}
            <code className="font-mono text-xs">Authorization: Bearer &lt;secret&gt;</code>: it answers the caller’s name
            and variables (see Caller defaults).
          </>
        }
      />
      <p className="text-xs text-muted-foreground">
        Both use the installation’s webhook secret (HMAC signature for post-call, Bearer header for initiation); your
        platform administrator has it.
      </p>
    </div>
  );
}

/** A webhook URL with a copy button and what it is for. */
export function WebhookUrl({ label, url, help, testId }: { label: string; url: string; help: React.ReactNode; testId: string }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-1.5">
      <span className="text-sm font-medium">{label}</span>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded-md border bg-muted/40 px-3 py-2 font-mono text-xs" title={url} data-testid={testId}>
          {url}
        </code>
        <CopyButton value={url} aria-label={`Copy the ${label.toLowerCase()} URL`} />
      </div>
      <p className="text-xs text-muted-foreground">{help}</p>
    </div>
  );
}

function SyncHeader({
  canWrite,
  running,
  onStarted,
}: {
  canWrite: boolean;
  running: boolean;
  onStarted: (runId: string) => void;
}) {
  const start = useStartSync();
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <h3 id="sync-title" className="text-sm font-semibold">
            Sync
          </h3>
          <p className="max-w-2xl text-sm text-muted-foreground">
            Pulls your agents’ conversations from ElevenLabs and fills in calls and recordings whose webhooks never
            arrived. Nothing is imported twice.
          </p>
        </div>
        {canWrite && (
          <Button
            variant="outline"
            loading={start.isPending || running}
            onClick={() => start.mutate(undefined, { onSuccess: (run) => onStarted(run.id) })}
            data-testid="sync-now"
          >
            {!start.isPending && !running && <RefreshCw />}
            {running ? 'Syncing…' : 'Sync now'}
          </Button>
        )}
      </div>
      <FormError error={start.error} />
    </>
  );
}

function SyncRunRow({ run }: { run: SyncRun }) {
  const active = isRunActive(run);
  const progress = agentProgress(run);
  const error = runError(run);
  return (
    <li className="grid gap-2 px-4 py-3 text-sm" data-testid="sync-run" data-id={run.id} data-status={run.status} data-trigger={run.trigger}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={statusVariant(run.status)} data-testid="sync-run-status">
          {active && <Loader2 className="size-3 animate-spin" />}
          {statusLabel(run.status)}
        </Badge>
        <span className="font-medium">{TRIGGER_LABELS[run.trigger] ?? run.trigger}</span>
        <span className="text-muted-foreground">
          · {run.since ? `conversations since ${formatDateTime(run.since)}` : 'whole history'}
        </span>
        <span className="ml-auto text-xs text-muted-foreground" title={run.created_at}>
          {formatDateTime(run.created_at)}
        </span>
      </div>
      {active && (
        <div className="grid gap-1" data-testid="sync-run-progress">
          <div
            className="h-2 overflow-hidden rounded-full bg-muted"
            role="progressbar"
            aria-label="Agents synced"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress.percent}
          >
            <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${progress.percent}%` }} />
          </div>
          <span className="text-xs text-muted-foreground">
            {run.status === 'queued' ? 'Waiting for a worker…' : progress.label}
          </span>
        </div>
      )}
      <p className="text-muted-foreground" data-testid="sync-run-summary">
        {runSummary(run.progress)}
      </p>
      {(run.progress.errors > 0 || error) && (
        <p className="flex items-start gap-1.5 text-destructive" data-testid="sync-run-error">
          <AlertTriangle className="mt-0.5 size-3.5 shrink-0" />
          <span className="break-words">
            {run.progress.errors > 0 && `${plural(run.progress.errors, 'error')}${error ? ': ' : ''}`}
            {error}
          </span>
        </p>
      )}
      <p className="text-xs text-muted-foreground" data-testid="sync-run-times">
        {runTimes(run)}
      </p>
    </li>
  );
}
