import * as React from 'react';
import { useLocation } from 'wouter';
import { Building2, Coins, LogIn, MoreHorizontal, Pause, Pencil, Play, Plus, Search, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { ConfirmDialog, useConfirm } from '@/components/confirm-dialog';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { KindBadge } from '@/components/tenant-switcher';
import { useCan, useCurrentMe } from '@/components/guards';
import { usePlans, useSwitchTenant, useTenantAction, useTenants, type TenantFilters } from '@/api/hooks';
import type { Tenant } from '@/api/types';
import { PERM } from '@/lib/permissions';
import { useDebounced } from '@/lib/use-debounced';
import { formatDate } from '@/lib/utils';
import { CreateTenantDialog, EditTenantDialog } from './tenant-dialogs';
import { CreditAdjustmentDialog } from './credit-adjustment-dialog';

const ALL = 'all';

type PendingAction = { tenant: Tenant; action: 'suspend' | 'delete' };

export function TenantsPage() {
  const me = useCurrentMe();
  const can = useCan();
  const canWrite = can(PERM.tenantsWrite);
  const [, navigate] = useLocation();
  const [q, setQ] = React.useState('');
  const [kind, setKind] = React.useState(ALL);
  const [status, setStatus] = React.useState(ALL);
  const debouncedQ = useDebounced(q);
  const filters: TenantFilters = {
    q: debouncedQ.trim(),
    kind: kind === ALL ? '' : kind,
    status: status === ALL ? '' : status,
  };
  const tenants = useTenants(filters);
  const plans = usePlans(can(PERM.plansRead) || canWrite);
  const action = useTenantAction();
  const switchTenant = useSwitchTenant();
  const [createOpen, setCreateOpen] = React.useState(false);
  const [editing, setEditing] = React.useState<Tenant | null>(null);
  // Credit adjustments: platform staff acting on the platform tenant (the server checks both).
  const canAdjust = can(PERM.systemWrite) && me.tenant.kind === 'platform';
  const [adjusting, setAdjusting] = React.useState<Tenant | null>(null);
  const confirm = useConfirm<PendingAction>();

  const planName = (planId: string) => plans.data?.find((p) => p.id === planId)?.name ?? '—';
  const nameOf = (id: string | null | undefined) => {
    if (!id) return '—';
    if (id === me.tenant.id) return me.tenant.name;
    return tenants.items.find((t) => t.id === id)?.name ?? `…${id.slice(-8)}`;
  };

  const run = (tenant: Tenant, act: 'suspend' | 'reactivate' | 'delete') =>
    action.mutate(
      { id: tenant.id, action: act },
      {
        onSuccess: () => {
          toast.success(
            act === 'suspend' ? `${tenant.name} suspended.` : act === 'reactivate' ? `${tenant.name} reactivated.` : `${tenant.name} deleted.`,
          );
          confirm.close();
        },
      },
    );

  return (
    <div data-testid="tenants-page">
      <PageHeader
        title="Tenants"
        description={me.tenant.kind === 'platform' ? 'Agencies and customers on the platform.' : `Customers of ${me.tenant.name}.`}
        actions={
          canWrite && (
            <Button onClick={() => setCreateOpen(true)} disabled={!plans.data} data-testid="create-tenant-button">
              <Plus /> Create tenant
            </Button>
          )
        }
      />
      <Card className="overflow-hidden">
        <div className="flex flex-col gap-2 border-b p-3 sm:flex-row">
          <div className="relative flex-1">
            <Search className="absolute left-2.5 top-2.5 size-4 text-muted-foreground" />
            <Input
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Search by name…"
              className="pl-8"
              data-testid="tenant-filter-q"
            />
          </div>
          <Select value={kind} onValueChange={setKind}>
            <SelectTrigger className="sm:w-40" aria-label="Type" data-testid="tenant-filter-kind">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All types</SelectItem>
              <SelectItem value="agency">Agencies</SelectItem>
              <SelectItem value="customer">Customers</SelectItem>
            </SelectContent>
          </Select>
          <Select value={status} onValueChange={setStatus}>
            <SelectTrigger className="sm:w-40" aria-label="Status" data-testid="tenant-filter-status">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All statuses</SelectItem>
              <SelectItem value="active">Active</SelectItem>
              <SelectItem value="suspended">Suspended</SelectItem>
            </SelectContent>
          </Select>
        </div>
        {tenants.isPending ? (
          <Spinner />
        ) : tenants.isError ? (
          <div className="p-4">
            <QueryError error={tenants.error} onRetry={() => void tenants.refetch()} />
          </div>
        ) : tenants.items.length === 0 ? (
          <EmptyState icon={Building2} title="No tenants match" description="Change the filters or create a tenant." />
        ) : (
          <Table data-testid="tenants-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Plan</TableHead>
                <TableHead>Parent</TableHead>
                <TableHead>Created</TableHead>
                <TableHead className="w-12" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {tenants.items.map((t) => (
                <TableRow key={t.id} data-testid="tenant-row" data-name={t.name}>
                  <TableCell className="font-medium">{t.name}</TableCell>
                  <TableCell>
                    <KindBadge kind={t.kind} />
                  </TableCell>
                  <TableCell>
                    <Badge variant={t.status === 'active' ? 'success' : 'destructive'} className="capitalize">
                      {t.status}
                    </Badge>
                  </TableCell>
                  <TableCell>{planName(t.plan_id)}</TableCell>
                  <TableCell className="text-muted-foreground">{nameOf(t.parent_id)}</TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(t.created_at)}</TableCell>
                  <TableCell>
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button variant="ghost" size="icon" aria-label="Tenant actions" data-testid="tenant-actions">
                          <MoreHorizontal />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        {me.can_switch_tenant && t.id !== me.tenant.id && (
                          <DropdownMenuItem
                            onSelect={() =>
                              switchTenant.mutate(t.id, {
                                onSuccess: () => {
                                  navigate('/');
                                  toast.success(`Now acting in ${t.name}`);
                                },
                              })
                            }
                          >
                            <LogIn /> Act in this tenant
                          </DropdownMenuItem>
                        )}
                        {canAdjust && (
                          <DropdownMenuItem onSelect={() => setAdjusting(t)} data-testid="tenant-adjust-credits">
                            <Coins /> Adjust credits
                          </DropdownMenuItem>
                        )}
                        {canWrite && (
                          <>
                            <DropdownMenuItem onSelect={() => setEditing(t)} disabled={!plans.data} data-testid="tenant-edit">
                              <Pencil /> Rename / change plan
                            </DropdownMenuItem>
                            {t.status === 'suspended' ? (
                              <DropdownMenuItem onSelect={() => run(t, 'reactivate')} data-testid="tenant-reactivate">
                                <Play /> Reactivate
                              </DropdownMenuItem>
                            ) : (
                              <DropdownMenuItem onSelect={() => confirm.ask({ tenant: t, action: 'suspend' })} data-testid="tenant-suspend">
                                <Pause /> Suspend
                              </DropdownMenuItem>
                            )}
                            <DropdownMenuSeparator />
                            <DropdownMenuItem destructive onSelect={() => confirm.ask({ tenant: t, action: 'delete' })} data-testid="tenant-delete">
                              <Trash2 /> Delete
                            </DropdownMenuItem>
                          </>
                        )}
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={tenants} />
      </Card>

      {canWrite && plans.data && (
        <>
          <CreateTenantDialog open={createOpen} onOpenChange={setCreateOpen} plans={plans.data} />
          <EditTenantDialog tenant={editing} onClose={() => setEditing(null)} plans={plans.data} />
        </>
      )}
      {canAdjust && <CreditAdjustmentDialog tenant={adjusting} onClose={() => setAdjusting(null)} />}
      <ConfirmDialog
        {...confirm.dialogProps}
        title={confirm.pending?.action === 'delete' ? 'Delete tenant?' : 'Suspend tenant?'}
        description={
          confirm.pending?.action === 'delete'
            ? `${confirm.pending.tenant.name} and all its data will be deleted. This cannot be undone.`
            : `Members of ${confirm.pending?.tenant.name ?? ''} will not be able to sign in or use the API until it is reactivated.`
        }
        confirmLabel={confirm.pending?.action === 'delete' ? 'Delete tenant' : 'Suspend'}
        destructive
        loading={action.isPending}
        onConfirm={() => confirm.pending && run(confirm.pending.tenant, confirm.pending.action)}
      />
    </div>
  );
}
