import * as React from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Mail, UserPlus, XCircle } from 'lucide-react';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { ConfirmDialog, useConfirm } from '@/components/confirm-dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan, useCurrentMe } from '@/components/guards';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '@/api/hooks';
import type { Invitation } from '@/api/types';
import { PERM } from '@/lib/permissions';
import { inviteSchema, type InviteValues } from '@/lib/schemas';
import { formatDateTime } from '@/lib/utils';
import { useRoleOptions, type RoleOption } from './role-options';

const STATUS_VARIANT: Record<string, BadgeProps['variant']> = {
  pending: 'warning',
  accepted: 'success',
  revoked: 'destructive',
  expired: 'secondary',
};

function InviteDialog({ open, onOpenChange, options }: { open: boolean; onOpenChange: (o: boolean) => void; options: RoleOption[] }) {
  const create = useCreateInvitation();
  const form = useForm<InviteValues>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: '', role: options.find((o) => o.role.endsWith('_user'))?.value ?? options[0]?.value ?? '' },
  });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (!open) {
      form.reset();
      create.reset();
    }
  }, [open]);

  const onSubmit = form.handleSubmit((v) => {
    const opt = options.find((o) => o.value === v.role);
    if (!opt) return;
    create.mutate(
      // A custom role is named by its id alone; a built-in one by its name.
      opt.customRoleId ? { email: v.email, custom_role_id: opt.customRoleId } : { email: v.email, role: opt.role },
      {
        onSuccess: () => {
          toast.success(`Invitation sent to ${v.email}.`);
          onOpenChange(false);
        },
      },
    );
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="invite-dialog">
        <DialogHeader>
          <DialogTitle>Invite a team member</DialogTitle>
          <DialogDescription>They will get an email with a link to join this workspace.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormError error={create.error} />
          <Field label="Email" htmlFor="invite-email" error={errors.email?.message}>
            <Input id="invite-email" type="email" autoFocus {...form.register('email')} />
          </Field>
          <Field label="Role" htmlFor="invite-role" error={errors.role?.message}>
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger id="invite-role" data-testid="invite-role">
                    <SelectValue placeholder="Choose a role" />
                  </SelectTrigger>
                  <SelectContent>
                    {options.map((o) => (
                      <SelectItem key={o.value} value={o.value} data-testid={`role-option-${o.role}`}>
                        {o.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="invite-submit">
              Send invitation
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function InvitationsTab() {
  const me = useCurrentMe();
  const can = useCan();
  const canWrite = can(PERM.invitationsWrite);
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const roles = useRoleOptions(me.tenant.kind, can(PERM.rolesRead));
  const [inviteOpen, setInviteOpen] = React.useState(false);
  const confirmRevoke = useConfirm<Invitation>();

  return (
    <div className="space-y-4" data-testid="invitations-tab">
      {canWrite && (
        <div className="flex justify-end">
          <Button onClick={() => setInviteOpen(true)} data-testid="invite-button" disabled={roles.isLoading}>
            <UserPlus /> Invite member
          </Button>
        </div>
      )}
      <Card className="overflow-hidden">
        {invitations.isPending ? (
          <Spinner />
        ) : invitations.isError ? (
          <div className="p-4">
            <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />
          </div>
        ) : invitations.items.length === 0 ? (
          <EmptyState icon={Mail} title="No invitations" description="Invite people to collaborate in this workspace." />
        ) : (
          <Table data-testid="invitations-table">
            <TableHeader>
              <TableRow>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Sent</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead className="w-24" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {invitations.items.map((inv) => (
                <TableRow key={inv.id} data-testid="invitation-row" data-email={inv.email}>
                  <TableCell className="font-medium">{inv.email}</TableCell>
                  <TableCell>
                    <Badge variant="secondary">{roles.labelOf(inv)}</Badge>
                  </TableCell>
                  <TableCell>
                    <Badge variant={STATUS_VARIANT[inv.status] ?? 'secondary'} className="capitalize">
                      {inv.status}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDateTime(inv.created_at)}</TableCell>
                  <TableCell className="text-muted-foreground">{formatDateTime(inv.expires_at)}</TableCell>
                  <TableCell className="text-right">
                    {canWrite && inv.status === 'pending' && (
                      <Button variant="ghost" size="sm" onClick={() => confirmRevoke.ask(inv)} data-testid="invitation-revoke">
                        <XCircle /> Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={invitations} />
      </Card>
      {canWrite && <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} options={roles.options} />}
      <ConfirmDialog
        {...confirmRevoke.dialogProps}
        title="Revoke invitation?"
        description={`The link sent to ${confirmRevoke.pending?.email ?? ''} will stop working.`}
        confirmLabel="Revoke"
        destructive
        loading={revoke.isPending}
        onConfirm={() =>
          confirmRevoke.pending &&
          revoke.mutate(confirmRevoke.pending.id, {
            onSuccess: () => {
              toast.success('Invitation revoked.');
              confirmRevoke.close();
            },
          })
        }
      />
    </div>
  );
}
