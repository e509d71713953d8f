import { MoreHorizontal, UserCheck, UserMinus, UserX, Users } from 'lucide-react';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { ConfirmDialog, useConfirm } from '@/components/confirm-dialog';
import { LoadMore } from '@/components/load-more';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan, useCurrentMe } from '@/components/guards';
import { useMembers, useRemoveMember, useUpdateMember } from '@/api/hooks';
import type { Member } from '@/api/types';
import { PERM } from '@/lib/permissions';
import { formatDate } from '@/lib/utils';
import { roleValueOf, useRoleOptions } from './role-options';

export function MembersTab() {
  const me = useCurrentMe();
  const can = useCan();
  const canWrite = can(PERM.usersWrite);
  const members = useMembers();
  const update = useUpdateMember();
  const remove = useRemoveMember();
  const roles = useRoleOptions(me.tenant.kind, can(PERM.rolesRead));
  const confirmRemove = useConfirm<Member>();

  const changeRole = (m: Member, value: string) => {
    const opt = roles.options.find((o) => o.value === value);
    if (!opt) return;
    update.mutate(
      {
        id: m.id,
        body: opt.customRoleId ? { custom_role_id: opt.customRoleId } : { role: opt.role, custom_role_id: null },
      },
      { onSuccess: () => toast.success(`${m.name || m.email} is now ${opt.label}.`) },
    );
  };

  const setStatus = (m: Member, status: 'active' | 'suspended') =>
    update.mutate(
      { id: m.id, body: { status } },
      { onSuccess: () => toast.success(status === 'suspended' ? 'Member suspended.' : 'Member reactivated.') },
    );

  return (
    <Card className="overflow-hidden" data-testid="members-tab">
      {members.isPending ? (
        <Spinner />
      ) : members.isError ? (
        <div className="p-4">
          <QueryError error={members.error} onRetry={() => void members.refetch()} />
        </div>
      ) : members.items.length === 0 ? (
        <EmptyState icon={Users} title="No members yet" />
      ) : (
        <Table data-testid="members-table">
          <TableHeader>
            <TableRow>
              <TableHead>Member</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Joined</TableHead>
              <TableHead className="w-12" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.items.map((m) => {
              const self = m.id === me.user.id;
              return (
                <TableRow key={m.id} data-testid="member-row" data-email={m.email}>
                  <TableCell>
                    <div className="font-medium">
                      {m.name || '—'} {self && <span className="text-xs text-muted-foreground">(you)</span>}
                    </div>
                    <div className="text-xs text-muted-foreground">
                      {m.email}
                      {!m.email_verified && <span className="ml-1 text-warning">· unverified</span>}
                    </div>
                  </TableCell>
                  <TableCell>
                    {canWrite && !self ? (
                      <Select value={roleValueOf(m)} onValueChange={(v) => changeRole(m, v)}>
                        <SelectTrigger className="h-8 w-44" data-testid="member-role-select" aria-label="Role">
                          <SelectValue>{roles.labelOf(m)}</SelectValue>
                        </SelectTrigger>
                        <SelectContent>
                          {roles.options.map((o) => (
                            <SelectItem key={o.value} value={o.value}>
                              {o.label}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    ) : (
                      <Badge variant="secondary">{roles.labelOf(m)}</Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    <Badge variant={m.status === 'active' ? 'success' : 'destructive'} className="capitalize">
                      {m.status}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(m.joined_at)}</TableCell>
                  <TableCell>
                    {canWrite && !self && (
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon" aria-label="Member actions" data-testid="member-actions">
                            <MoreHorizontal />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          {m.status === 'active' ? (
                            <DropdownMenuItem onSelect={() => setStatus(m, 'suspended')} data-testid="member-suspend">
                              <UserX /> Suspend
                            </DropdownMenuItem>
                          ) : (
                            <DropdownMenuItem onSelect={() => setStatus(m, 'active')} data-testid="member-reactivate">
                              <UserCheck /> Reactivate
                            </DropdownMenuItem>
                          )}
                          <DropdownMenuItem destructive onSelect={() => confirmRemove.ask(m)} data-testid="member-remove">
                            <UserMinus /> Remove from workspace
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <LoadMore query={members} />
      <ConfirmDialog
        {...confirmRemove.dialogProps}
        title="Remove member?"
        description={`${confirmRemove.pending?.email ?? ''} will lose access to this workspace immediately.`}
        confirmLabel="Remove"
        destructive
        loading={remove.isPending}
        onConfirm={() =>
          confirmRemove.pending &&
          remove.mutate(confirmRemove.pending.id, {
            onSuccess: () => {
              toast.success('Member removed.');
              confirmRemove.close();
            },
          })
        }
      />
    </Card>
  );
}
