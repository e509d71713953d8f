import * as React from 'react';
import { ChevronDown, ChevronRight, FileClock, RotateCcw, Search } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Tabs, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { PERM } from '@/lib/permissions';
import { useAuditLog, type AuditFilters } from '@/api/hooks';
import type { AuditEntry } from '@/api/types';
import { formatDateTime } from '@/lib/utils';
import { AuditChart } from './audit-chart';

const EMPTY: AuditFilters = { action: '', resource_type: '', actor: '', from: '', to: '', tenant_id: '' };

/** Date inputs give local calendar days; the API wants RFC 3339 instants. */
export function toApiFilters(f: AuditFilters): AuditFilters {
  return {
    action: f.action.trim(),
    resource_type: f.resource_type.trim(),
    actor: f.actor.trim(),
    tenant_id: f.tenant_id.trim(),
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : '',
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : '',
  };
}

function AuditRow({ entry, showTenant }: { entry: AuditEntry; showTenant: boolean }) {
  const [open, setOpen] = React.useState(false);
  const hasDetails = entry.details !== null && entry.details !== undefined && !(typeof entry.details === 'object' && Object.keys(entry.details as object).length === 0);
  return (
    <>
      <TableRow data-testid="audit-row" data-action={entry.action}>
        <TableCell className="w-8 pr-0">
          <Button variant="ghost" size="icon" className="size-7" aria-label={open ? 'Hide details' : 'Show details'} onClick={() => setOpen((o) => !o)}>
            {open ? <ChevronDown /> : <ChevronRight />}
          </Button>
        </TableCell>
        <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(entry.created_at)}</TableCell>
        <TableCell>
          <div className="font-medium">{entry.actor_label || entry.actor_id || '—'}</div>
          <div className="text-xs capitalize text-muted-foreground">{entry.actor_type.replace('_', ' ')}</div>
        </TableCell>
        <TableCell>
          <Badge variant="outline" className="font-mono text-[11px] font-normal">
            {entry.action}
          </Badge>
        </TableCell>
        <TableCell>
          <div>{entry.resource_type}</div>
          {entry.resource_id && <code className="font-mono text-xs text-muted-foreground" title={entry.resource_id}>…{entry.resource_id.slice(-12)}</code>}
        </TableCell>
        {showTenant && <TableCell className="font-mono text-xs text-muted-foreground">{entry.tenant_id ? `…${entry.tenant_id.slice(-8)}` : '—'}</TableCell>}
        <TableCell className="font-mono text-xs text-muted-foreground">{entry.ip ?? '—'}</TableCell>
      </TableRow>
      {open && (
        <TableRow className="bg-muted/30 hover:bg-muted/30">
          <TableCell />
          <TableCell colSpan={showTenant ? 6 : 5}>
            <dl className="grid gap-1 text-xs sm:grid-cols-[auto_1fr] sm:gap-x-4">
              <dt className="text-muted-foreground">Resource id</dt>
              <dd className="font-mono">{entry.resource_id ?? '—'}</dd>
              <dt className="text-muted-foreground">Actor id</dt>
              <dd className="font-mono">{entry.actor_id ?? '—'}</dd>
              <dt className="text-muted-foreground">User agent</dt>
              <dd className="break-all">{entry.user_agent ?? '—'}</dd>
              <dt className="text-muted-foreground">Details</dt>
              <dd>
                {hasDetails ? (
                  <pre className="max-h-60 overflow-auto rounded-md border bg-card p-2 font-mono">{JSON.stringify(entry.details, null, 2)}</pre>
                ) : (
                  '—'
                )}
              </dd>
            </dl>
          </TableCell>
        </TableRow>
      )}
    </>
  );
}

export function AuditPage() {
  const can = useCan();
  // The platform-wide log (GET /admin/audit-log) needs system:read.
  const platform = can(PERM.systemRead);
  const [scope, setScope] = React.useState<'tenant' | 'platform'>('tenant');
  const [draft, setDraft] = React.useState<AuditFilters>(EMPTY);
  const [applied, setApplied] = React.useState<AuditFilters>(EMPTY);
  const log = useAuditLog(scope, toApiFilters(applied));
  const set = (k: keyof AuditFilters) => (e: React.ChangeEvent<HTMLInputElement>) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const showTenant = scope === 'platform';

  return (
    <div data-testid="audit-page">
      <PageHeader
        title="Audit log"
        description="Who did what, and when."
        actions={
          platform && (
            <Tabs value={scope} onValueChange={(v) => setScope(v as 'tenant' | 'platform')}>
              <TabsList>
                <TabsTrigger value="tenant" data-testid="audit-scope-tenant">This tenant</TabsTrigger>
                <TabsTrigger value="platform" data-testid="audit-scope-platform">All tenants</TabsTrigger>
              </TabsList>
            </Tabs>
          )
        }
      />

      <Card className="mb-6">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(draft);
          }}
          className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-6 lg:items-end"
          data-testid="audit-filters"
        >
          <div className="grid gap-1.5">
            <Label htmlFor="f-action">Action</Label>
            <Input id="f-action" placeholder="user.invited" value={draft.action} onChange={set('action')} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="f-resource">Resource type</Label>
            <Input id="f-resource" placeholder="user" value={draft.resource_type} onChange={set('resource_type')} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="f-actor">Actor</Label>
            <Input id="f-actor" placeholder="email or id" value={draft.actor} onChange={set('actor')} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="f-from">From</Label>
            <Input id="f-from" type="date" value={draft.from} onChange={set('from')} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="f-to">To</Label>
            <Input id="f-to" type="date" value={draft.to} onChange={set('to')} />
          </div>
          {showTenant ? (
            <div className="grid gap-1.5">
              <Label htmlFor="f-tenant">Tenant id</Label>
              <Input id="f-tenant" className="font-mono" value={draft.tenant_id} onChange={set('tenant_id')} />
            </div>
          ) : (
            <div className="hidden lg:block" />
          )}
          <div className="flex gap-2 sm:col-span-2 lg:col-span-6 lg:justify-end">
            <Button type="button" variant="outline" onClick={() => { setDraft(EMPTY); setApplied(EMPTY); }}>
              <RotateCcw /> Reset
            </Button>
            <Button type="submit" data-testid="audit-apply">
              <Search /> Apply filters
            </Button>
          </div>
        </form>
      </Card>

      {log.items.length > 0 && (
        <Card className="mb-6">
          <CardHeader className="pb-2">
            <CardTitle>Actions per day</CardTitle>
            <CardDescription>For the {log.items.length} entries loaded below.</CardDescription>
          </CardHeader>
          <CardContent>
            <AuditChart entries={log.items} />
          </CardContent>
        </Card>
      )}

      <Card className="overflow-hidden">
        {log.isPending ? (
          <Spinner />
        ) : log.isError ? (
          <div className="p-4">
            <QueryError error={log.error} onRetry={() => void log.refetch()} />
          </div>
        ) : log.items.length === 0 ? (
          <EmptyState icon={FileClock} title="No entries" description="Nothing matches these filters." />
        ) : (
          <Table data-testid="audit-table">
            <TableHeader>
              <TableRow>
                <TableHead className="w-8" />
                <TableHead>Time</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Resource</TableHead>
                {showTenant && <TableHead>Tenant</TableHead>}
                <TableHead>IP</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {log.items.map((e) => (
                <AuditRow key={e.id} entry={e} showTenant={showTenant} />
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={log} />
      </Card>
    </div>
  );
}
