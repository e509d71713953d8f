import * as React from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ArrowLeft, History, MessagesSquare, SlidersHorizontal, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { PageHeader } from '@/components/page-header';
import { NotFound, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useAgent, useAgentVersions, useDeleteAgent, useUpdateAgent } from '@/api/hooks';
import { ApiError, errorMessage, fieldMessages } from '@/api/client';
import type { Agent, AgentStatus } from '@/api/types';
import { AGENT_STATUSES } from '@/lib/agent-schema';
import { PERM } from '@/lib/permissions';
import { formatDateTime } from '@/lib/utils';
import { AgentKindBadge, AgentStatusBadge, VersionLabel } from './badges';
import { ConfigForm } from './config-form';
import { VersionsTab } from './versions-tab';
import { TestConsole } from './test-console';

const TABS = [
  { value: 'config', label: 'Configuration', icon: SlidersHorizontal },
  { value: 'versions', label: 'Versions', icon: History },
  { value: 'test', label: 'Test console', icon: MessagesSquare },
] as const;
type Tab = (typeof TABS)[number]['value'];

function StatusControl({
  agent,
  canWrite,
  update,
}: {
  agent: Agent;
  canWrite: boolean;
  update: ReturnType<typeof useUpdateAgent>;
}) {
  return (
    <Select
      value={agent.status}
      disabled={!canWrite || update.isPending}
      onValueChange={(status) =>
        update.mutate({ status: status as AgentStatus }, { onSuccess: (a) => toast.success(`${a.name} is now ${a.status}.`) })
      }
    >
      <SelectTrigger className="w-36 capitalize" aria-label="Status" data-testid="agent-status-select">
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {AGENT_STATUSES.map((s) => (
          <SelectItem key={s} value={s} className="capitalize" data-testid={`status-option-${s}`}>
            {s}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/** The server's reason for refusing a status change (e.g. activating before the first publish). */
function StatusError({ error, onDismiss }: { error: unknown; onDismiss: () => void }) {
  const message = fieldMessages(error).status ?? errorMessage(error);
  return (
    <Alert variant="destructive" className="mb-4" data-testid="status-error">
      <AlertDescription className="flex items-start justify-between gap-2">
        <span>
          <span className="font-medium">Status not changed:</span> {message}
        </span>
        <button type="button" className="cursor-pointer text-xs underline-offset-2 hover:underline" onClick={onDismiss}>
          Dismiss
        </button>
      </AlertDescription>
    </Alert>
  );
}

export function AgentPage({ id }: { id: string }) {
  const can = useCan();
  const canWrite = can(PERM.agentsWrite);
  const agent = useAgent(id);
  const versions = useAgentVersions(id, agent.isSuccess);
  const remove = useDeleteAgent();
  const statusUpdate = useUpdateAgent(id);
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const [unsavedEdits, setUnsavedEdits] = React.useState(false);
  const search = useSearch();
  const [location, navigate] = useLocation();
  const requested = new URLSearchParams(search).get('tab');
  const tab: Tab = TABS.some((t) => t.value === requested) ? (requested as Tab) : 'config';

  if (agent.isPending) return <Spinner />;
  if (agent.isError) {
    if (agent.error instanceof ApiError && agent.error.status === 404) return <NotFound />;
    return <QueryError error={agent.error} onRetry={() => void agent.refetch()} />;
  }
  const a = agent.data;
  const latest = versions.items[0];
  const draftChanged = latest ? JSON.stringify(latest.config) !== JSON.stringify(a.config) : false;

  return (
    <div data-testid="agent-page" data-agent-id={a.id}>
      <Link href="/agents" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" /> Agents
      </Link>
      <PageHeader
        title={a.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <AgentKindBadge kind={a.kind} />
            <AgentStatusBadge status={a.status} />
            <span className="inline-flex items-center gap-1" data-testid="agent-current-version">
              Live: <VersionLabel version={a.current_version} />
            </span>
            {draftChanged && (
              <Badge variant="warning" data-testid="draft-changed">
                Unpublished changes
              </Badge>
            )}
            <span className="text-xs">· updated {formatDateTime(a.updated_at)}</span>
          </span>
        }
        actions={
          <div className="flex items-center gap-2">
            <StatusControl agent={a} canWrite={canWrite} update={statusUpdate} />
            {canWrite && (
              <Button variant="outline" onClick={() => setConfirmDelete(true)} data-testid="agent-delete" aria-label="Delete agent">
                <Trash2 className="text-destructive" /> Delete
              </Button>
            )}
          </div>
        }
      />

      {statusUpdate.error != null && <StatusError error={statusUpdate.error} onDismiss={() => statusUpdate.reset()} />}

      <Tabs value={tab} onValueChange={(v) => navigate(`${location}?tab=${v}`, { replace: true })}>
        <TabsList className="mb-2">
          {TABS.map(({ value, label, icon: Icon }) => (
            <TabsTrigger key={value} value={value} data-testid={`tab-${value}`}>
              <Icon /> {label}
              {value === 'config' && unsavedEdits && <span className="size-1.5 rounded-full bg-warning" aria-label="unsaved changes" />}
            </TabsTrigger>
          ))}
        </TabsList>
        {/* Kept mounted so unsaved edits and the test conversation survive switching tabs. */}
        <TabsContent value="config" forceMount className="data-[state=inactive]:hidden">
          <ConfigForm key={`${a.name}\u0000${JSON.stringify(a.config)}`} agent={a} canWrite={canWrite} onDirtyChange={setUnsavedEdits} />
        </TabsContent>
        <TabsContent value="versions">
          <VersionsTab agent={a} versions={versions} canWrite={canWrite} unsavedEdits={unsavedEdits} draftChanged={draftChanged} />
        </TabsContent>
        <TabsContent value="test" forceMount className="data-[state=inactive]:hidden">
          <TestConsole agent={a} active={tab === 'test'} draftChanged={draftChanged} />
        </TabsContent>
      </Tabs>

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete agent?"
        description={`${a.name} and its draft are deleted; calls it handled stay in the history.`}
        confirmLabel="Delete agent"
        destructive
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(a.id, {
            onSuccess: () => {
              toast.success(`${a.name} deleted.`);
              setConfirmDelete(false);
              navigate('/agents');
            },
          })
        }
      />
    </div>
  );
}
