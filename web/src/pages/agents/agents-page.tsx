import * as React from 'react';
import { Link, useLocation } from 'wouter';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Bot, MessageSquare, Phone, Plus, Search } from 'lucide-react';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useAgents, useCreateAgent, type AgentFilters } from '@/api/hooks';
import { ApiError } from '@/api/client';
import type { AgentKind, AgentStatus } from '@/api/types';
import { AGENT_STATUSES, newAgentSchema, type NewAgentValues } from '@/lib/agent-schema';
import { PERM } from '@/lib/permissions';
import { useDebounced } from '@/lib/use-debounced';
import { cn, formatDateTime } from '@/lib/utils';
import { AgentKindBadge, AgentStatusBadge, VersionLabel } from './badges';

const ALL = 'all';

const KIND_OPTIONS = [
  { value: 'call', label: 'Call agent', description: 'Answers and places phone calls.', icon: Phone },
  { value: 'chat', label: 'Chat agent', description: 'Writes in chat widgets and messengers.', icon: MessageSquare },
] as const;

function NewAgentDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const create = useCreateAgent();
  const [, navigate] = useLocation();
  const form = useForm<NewAgentValues>({
    resolver: zodResolver(newAgentSchema),
    defaultValues: { name: '', kind: 'call' },
  });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (open) {
      form.reset({ name: '', kind: 'call' });
      create.reset();
    }
  }, [open]);

  const onSubmit = form.handleSubmit((v) =>
    create.mutate(
      { name: v.name, kind: v.kind },
      {
        onSuccess: (agent) => {
          toast.success(`${agent.name} created.`);
          onOpenChange(false);
          navigate(`/agents/${agent.id}`);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'agent_name_taken') {
            form.setError('name', { message: 'Another agent already has this name.' });
          }
        },
      },
    ),
  );
  // The name-taken error is shown under the field; everything else (e.g. the plan's agent quota) above.
  const generalError = create.error instanceof ApiError && create.error.code === 'agent_name_taken' ? null : create.error;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg" data-testid="new-agent-dialog">
        <DialogHeader>
          <DialogTitle>New agent</DialogTitle>
          <DialogDescription>It starts as a draft with sensible defaults; configure and publish it next.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormError error={generalError} />
          <Field label="Name" htmlFor="agent-name" error={errors.name?.message}>
            <Input id="agent-name" autoFocus placeholder="e.g. Front desk" aria-invalid={!!errors.name} {...form.register('name')} />
          </Field>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" id="agent-kind-label">
              Kind
            </span>
            <Controller
              control={form.control}
              name="kind"
              render={({ field }) => (
                <div role="radiogroup" aria-labelledby="agent-kind-label" className="grid gap-2 sm:grid-cols-2">
                  {KIND_OPTIONS.map(({ value, label, description, icon: Icon }) => {
                    const checked = field.value === value;
                    return (
                      <button
                        key={value}
                        type="button"
                        role="radio"
                        aria-checked={checked}
                        onClick={() => field.onChange(value)}
                        data-testid={`agent-kind-${value}`}
                        className={cn(
                          'flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-left text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                          checked ? 'border-primary bg-primary/5 dark:bg-primary/15' : 'hover:bg-accent',
                        )}
                      >
                        <span className={cn('mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md', checked ? 'bg-primary text-primary-foreground' : 'bg-muted text-muted-foreground')}>
                          <Icon className="size-4" />
                        </span>
                        <span>
                          <span className="block font-medium">{label}</span>
                          <span className="block text-xs text-muted-foreground">{description}</span>
                        </span>
                      </button>
                    );
                  })}
                </div>
              )}
            />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="new-agent-submit">
              Create agent
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function AgentsPage() {
  const can = useCan();
  const canWrite = can(PERM.agentsWrite);
  const [q, setQ] = React.useState('');
  const [kind, setKind] = React.useState(ALL);
  const [status, setStatus] = React.useState(ALL);
  const debouncedQ = useDebounced(q);
  const filters: AgentFilters = {
    q: debouncedQ.trim(),
    kind: kind === ALL ? '' : (kind as AgentKind),
    status: status === ALL ? '' : (status as AgentStatus),
  };
  const filtered = filters.q !== '' || filters.kind !== '' || filters.status !== '';
  const agents = useAgents(filters);
  const [createOpen, setCreateOpen] = React.useState(false);

  const newButton = canWrite && (
    <Button onClick={() => setCreateOpen(true)} data-testid="new-agent-button">
      <Plus /> New agent
    </Button>
  );

  return (
    <div data-testid="agents-page">
      <PageHeader title="Agents" description="Voice and chat agents: their configuration, versions and a test console." actions={newButton} />
      <Card className="overflow-hidden">
        <div className="flex flex-col gap-2 border-b p-3 sm:flex-row">
          <div className="relative flex-1">
            <Search className="absolute left-2.5 top-2.5 size-4 text-muted-foreground" />
            <Input
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Search by name…"
              className="pl-8"
              aria-label="Search agents"
              data-testid="agent-filter-q"
            />
          </div>
          <Select value={kind} onValueChange={setKind}>
            <SelectTrigger className="sm:w-40" aria-label="Kind" data-testid="agent-filter-kind">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All kinds</SelectItem>
              <SelectItem value="call">Call agents</SelectItem>
              <SelectItem value="chat">Chat agents</SelectItem>
            </SelectContent>
          </Select>
          <Select value={status} onValueChange={setStatus}>
            <SelectTrigger className="sm:w-40" aria-label="Status" data-testid="agent-filter-status">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All statuses</SelectItem>
              {AGENT_STATUSES.map((s) => (
                <SelectItem key={s} value={s} className="capitalize">
                  {s}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {agents.isPending ? (
          <Spinner />
        ) : agents.isError ? (
          <div className="p-4">
            <QueryError error={agents.error} onRetry={() => void agents.refetch()} />
          </div>
        ) : agents.items.length === 0 ? (
          filtered ? (
            <EmptyState icon={Search} title="No agents match" description="Change the search or the filters." />
          ) : (
            <EmptyState
              icon={Bot}
              title="No agents yet"
              description="Create a call or chat agent, give it a prompt and a voice, and try it in the test console."
              action={
                canWrite && (
                  <Button className="mt-2" onClick={() => setCreateOpen(true)} data-testid="new-agent-empty">
                    <Plus /> Create your first agent
                  </Button>
                )
              }
            />
          )
        ) : (
          <Table data-testid="agents-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {agents.items.map((a) => (
                <TableRow key={a.id} data-testid="agent-row" data-name={a.name}>
                  <TableCell className="font-medium">
                    <Link href={`/agents/${a.id}`} className="text-link hover:underline" data-testid="agent-link">
                      {a.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <AgentKindBadge kind={a.kind} />
                  </TableCell>
                  <TableCell>
                    <AgentStatusBadge status={a.status} />
                  </TableCell>
                  <TableCell>
                    <VersionLabel version={a.current_version} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(a.updated_at)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={agents} />
      </Card>
      {canWrite && <NewAgentDialog open={createOpen} onOpenChange={setCreateOpen} />}
    </div>
  );
}
