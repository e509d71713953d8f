import * as React from 'react';
import { AlertTriangle, Braces, Eye, History, ListTree, RotateCcw, Upload } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { ConfirmDialog, useConfirm } from '@/components/confirm-dialog';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { usePublishAgent, useRollbackAgent, type useAgentVersions } from '@/api/hooks';
import type { Agent, AgentConfig, AgentVersion } from '@/api/types';
import { formatDateTime } from '@/lib/utils';

const RUNTIMES: Record<string, string> = { builtin: 'Switchboard (built-in)', elevenlabs: 'ElevenLabs' };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** A read-only, tidy summary of a configuration. */
export function ConfigSummary({ config }: { config: AgentConfig }) {
  const vars = Object.entries(config.variables ?? {});
  const langs = [config.languages.primary, ...(config.languages.allowed ?? [])];
  return (
    <div className="grid gap-4 text-sm" data-testid="config-summary">
      <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-4 gap-y-2">
        <Row label="Languages">
          <span className="font-mono">{langs.join(', ')}</span>
        </Row>
        <Row label="Voice">
          <span className="font-mono">
            {config.voice.provider} / {config.voice.voice_id}
          </span>
        </Row>
        <Row label="Model">
          <span className="font-mono">
            {config.llm.provider} / {config.llm.model}
          </span>
        </Row>
        <Row label="Temperature">{(Math.round(config.llm.temperature * 100) / 100).toFixed(2)}</Row>
        <Row label="Max tokens">{config.llm.max_tokens.toLocaleString()}</Row>
        <Row label="Max call duration">{config.max_call_duration_secs.toLocaleString()} s</Row>
        <Row label="Recording">{config.recording ? 'On' : 'Off'}</Row>
        <Row label="Runtime">{RUNTIMES[config.runtime ?? 'builtin'] ?? config.runtime}</Row>
        <Row label="Knowledge bases">{config.knowledge_base_ids?.length ? config.knowledge_base_ids.length : 'None'}</Row>
        <Row label="Variables">
          {vars.length === 0 ? (
            'None'
          ) : (
            <div className="flex flex-wrap gap-1">
              {vars.map(([k, v]) => (
                <Badge key={k} variant="outline" className="font-mono text-[11px] font-normal">
                  {k} = {v || '""'}
                </Badge>
              ))}
            </div>
          )}
        </Row>
      </dl>
      <div className="grid gap-1.5">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">First message</p>
        <p className="whitespace-pre-wrap rounded-md border bg-muted/40 p-3" data-testid="summary-first-message">
          {config.first_message || <span className="text-muted-foreground">—</span>}
        </p>
      </div>
      <div className="grid gap-1.5">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">System prompt</p>
        <pre className="max-h-56 overflow-auto whitespace-pre-wrap rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed">
          {config.system_prompt || '—'}
        </pre>
      </div>
    </div>
  );
}

function VersionDialog({ version, onClose }: { version: AgentVersion | null; onClose: () => void }) {
  return (
    <Dialog open={version !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-2xl" data-testid="version-dialog">
        <DialogHeader>
          <DialogTitle>Version {version?.version}</DialogTitle>
          <DialogDescription>
            Published {formatDateTime(version?.created_at)}
            {version?.note ? ` · ${version.note}` : ''}. Published versions never change.
          </DialogDescription>
        </DialogHeader>
        {version && (
          <Tabs defaultValue="summary">
            <TabsList>
              <TabsTrigger value="summary">
                <ListTree /> Summary
              </TabsTrigger>
              <TabsTrigger value="json" data-testid="version-json-tab">
                <Braces /> JSON
              </TabsTrigger>
            </TabsList>
            <TabsContent value="summary">
              <ConfigSummary config={version.config} />
            </TabsContent>
            <TabsContent value="json">
              <pre className="max-h-[60vh] overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs" data-testid="version-json">
                {JSON.stringify(version.config, null, 2)}
              </pre>
            </TabsContent>
          </Tabs>
        )}
      </DialogContent>
    </Dialog>
  );
}

interface Props {
  agent: Agent;
  versions: ReturnType<typeof useAgentVersions>;
  canWrite: boolean;
  /** The configuration form has edits that are not saved (publishing freezes the saved draft). */
  unsavedEdits: boolean;
  /** The saved draft differs from the newest published version. */
  draftChanged: boolean;
}

export function VersionsTab({ agent, versions, canWrite, unsavedEdits, draftChanged }: Props) {
  const publish = usePublishAgent(agent.id);
  const rollback = useRollbackAgent(agent.id);
  const [note, setNote] = React.useState('');
  const [viewing, setViewing] = React.useState<AgentVersion | null>(null);
  const confirmRollback = useConfirm<AgentVersion>();
  const next = agent.current_version + 1;

  return (
    <div className="grid gap-6">
      {canWrite && (
        <Card data-testid="publish-card">
          <CardHeader>
            <CardTitle>Publish version {next}</CardTitle>
            <CardDescription>
              Freezes the saved draft configuration as version {next}; live calls and chats use the newest version.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            {unsavedEdits && (
              <Alert variant="destructive" icon={false} data-testid="unsaved-warning">
                <AlertDescription className="flex items-center gap-2">
                  <AlertTriangle className="size-4 shrink-0" /> The configuration has unsaved changes. Save them first — publishing uses the
                  saved draft.
                </AlertDescription>
              </Alert>
            )}
            {!draftChanged && agent.current_version > 0 && !unsavedEdits && (
              <p className="text-sm text-muted-foreground" data-testid="draft-unchanged">
                The draft is the same as version {agent.current_version}.
              </p>
            )}
            <FormError error={publish.error} />
            <form
              className="flex flex-col gap-2 sm:flex-row sm:items-end"
              onSubmit={(e) => {
                e.preventDefault();
                publish.mutate(note, {
                  onSuccess: (v) => {
                    toast.success(`Version ${v.version} published.`);
                    setNote('');
                  },
                });
              }}
            >
              <div className="grid flex-1 gap-1.5">
                <Label htmlFor="publish-note">Note (optional)</Label>
                <Input
                  id="publish-note"
                  value={note}
                  maxLength={500}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder="What changed?"
                  data-testid="publish-note"
                />
              </div>
              <Button type="submit" loading={publish.isPending} data-testid="publish-button">
                <Upload /> Publish
              </Button>
            </form>
          </CardContent>
        </Card>
      )}

      <Card className="overflow-hidden">
        <CardHeader className="border-b pb-4">
          <CardTitle>History</CardTitle>
          <CardDescription>Newest first. Rolling back publishes an older configuration again as a new version.</CardDescription>
        </CardHeader>
        {versions.isPending ? (
          <Spinner />
        ) : versions.isError ? (
          <div className="p-4">
            <QueryError error={versions.error} onRetry={() => void versions.refetch()} />
          </div>
        ) : versions.items.length === 0 ? (
          <EmptyState icon={History} title="Not published yet" description="Publish the draft to create version 1." />
        ) : (
          <Table data-testid="versions-table">
            <TableHeader>
              <TableRow>
                <TableHead className="w-28">Version</TableHead>
                <TableHead>Note</TableHead>
                <TableHead>Published</TableHead>
                <TableHead className="w-px" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {versions.items.map((v) => {
                const live = v.version === agent.current_version;
                return (
                  <TableRow key={v.version} data-testid="version-row" data-version={v.version}>
                    <TableCell>
                      <div className="flex items-center gap-2">
                        <span className="font-mono font-medium tabular-nums">v{v.version}</span>
                        {live && <Badge variant="success">Live</Badge>}
                      </div>
                    </TableCell>
                    <TableCell className="max-w-md truncate" title={v.note ?? undefined}>
                      {v.note || <span className="text-muted-foreground">—</span>}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(v.created_at)}</TableCell>
                    <TableCell>
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="sm" onClick={() => setViewing(v)} data-testid="version-view">
                          <Eye /> View
                        </Button>
                        {canWrite && !live && (
                          <Button variant="outline" size="sm" onClick={() => confirmRollback.ask(v)} data-testid="version-rollback">
                            <RotateCcw /> Roll back to this version
                          </Button>
                        )}
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        <LoadMore query={versions} />
      </Card>

      <VersionDialog version={viewing} onClose={() => setViewing(null)} />
      <ConfirmDialog
        {...confirmRollback.dialogProps}
        title={`Roll back to version ${confirmRollback.pending?.version ?? ''}?`}
        description={`Its configuration is published again as version ${next} and replaces the draft. Unsaved edits in the configuration are discarded.`}
        confirmLabel="Roll back"
        loading={rollback.isPending}
        onConfirm={() =>
          confirmRollback.pending &&
          rollback.mutate(confirmRollback.pending.version, {
            onSuccess: (v) => {
              toast.success(`Rolled back: version ${v.version} is live.`);
              confirmRollback.close();
            },
          })
        }
      />
    </div>
  );
}
