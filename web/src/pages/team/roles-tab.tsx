import * as React from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Pencil, Plus, ShieldCheck, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
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
import { PermissionChecklist } from '@/components/permission-checklist';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useDeleteRole, usePermissions, useRoles, useSaveRole } from '@/api/hooks';
import type { BuiltinRole, CustomRole, Permission } from '@/api/types';
import { PERM } from '@/lib/permissions';
import { roleSchema, type RoleValues } from '@/lib/schemas';
import { formatDate, humanize } from '@/lib/utils';

function RoleDialog({
  open,
  onOpenChange,
  role,
  permissions,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  role: CustomRole | null;
  permissions: Permission[];
}) {
  const save = useSaveRole();
  const form = useForm<RoleValues>({
    resolver: zodResolver(roleSchema),
    defaultValues: { name: '', permissions: [] },
  });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (open) {
      form.reset({ name: role?.name ?? '', permissions: role?.permissions ?? [] });
      save.reset();
    }
  }, [open, role]);

  const onSubmit = form.handleSubmit((v) =>
    save.mutate(
      { id: role?.id, ...v },
      {
        onSuccess: () => {
          toast.success(role ? 'Role updated.' : `Role “${v.name}” created.`);
          onOpenChange(false);
        },
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="role-dialog">
        <DialogHeader>
          <DialogTitle>{role ? `Edit role “${role.name}”` : 'New custom role'}</DialogTitle>
          <DialogDescription>Choose exactly what members with this role may do.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormError error={save.error} />
          <Field label="Name" htmlFor="role-name" error={errors.name?.message}>
            <Input id="role-name" autoFocus {...form.register('name')} />
          </Field>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium">Permissions</span>
            <Controller
              control={form.control}
              name="permissions"
              render={({ field }) => (
                <PermissionChecklist
                  permissions={permissions}
                  value={field.value}
                  onChange={field.onChange}
                  idPrefix="role"
                />
              )}
            />
            {errors.permissions && <p className="text-xs text-destructive">{errors.permissions.message}</p>}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="role-submit">
              {role ? 'Save changes' : 'Create role'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function PermissionBadges({ names, max = 6 }: { names: string[]; max?: number }) {
  const shown = names.slice(0, max);
  return (
    <div className="flex flex-wrap gap-1">
      {shown.map((n) => (
        <Badge key={n} variant="outline" className="font-mono text-[11px] font-normal">
          {n}
        </Badge>
      ))}
      {names.length > max && (
        <Badge variant="secondary" title={names.slice(max).join(', ')}>
          +{names.length - max} more
        </Badge>
      )}
    </div>
  );
}

function BuiltinRoleCard({ role }: { role: BuiltinRole }) {
  const [expanded, setExpanded] = React.useState(false);
  return (
    <div className="rounded-lg border p-4" data-testid="builtin-role">
      <div className="mb-1 flex items-center gap-2">
        <ShieldCheck className="size-4 text-primary" />
        <span className="font-medium">{humanize(role.name)}</span>
        <span className="font-mono text-xs text-muted-foreground">{role.name}</span>
      </div>
      <p className="mb-3 text-sm text-muted-foreground">{role.description}</p>
      <PermissionBadges names={role.permissions} max={expanded ? role.permissions.length : 6} />
      {role.permissions.length > 6 && (
        <Button variant="link" size="sm" className="mt-1 h-auto px-0" onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'Show fewer' : 'Show all'}
        </Button>
      )}
    </div>
  );
}

export function RolesTab() {
  const can = useCan();
  const canWrite = can(PERM.rolesWrite);
  const roles = useRoles();
  const permissions = usePermissions();
  const remove = useDeleteRole();
  const [editing, setEditing] = React.useState<CustomRole | null>(null);
  const [dialogOpen, setDialogOpen] = React.useState(false);
  const confirmDelete = useConfirm<CustomRole>();

  if (roles.isPending) return <Spinner />;
  if (roles.isError) return <QueryError error={roles.error} onRetry={() => void roles.refetch()} />;

  const openDialog = (role: CustomRole | null) => {
    setEditing(role);
    setDialogOpen(true);
  };

  return (
    <div className="space-y-6" data-testid="roles-tab">
      <Card>
        <CardHeader className="flex-row items-start justify-between gap-4 space-y-0">
          <div className="space-y-1.5">
            <CardTitle>Custom roles</CardTitle>
            <CardDescription>Roles you define with your own set of permissions.</CardDescription>
          </div>
          {canWrite && (
            <Button onClick={() => openDialog(null)} disabled={!permissions.data} data-testid="new-role-button">
              <Plus /> New role
            </Button>
          )}
        </CardHeader>
        <CardContent className="p-0">
          {roles.data.custom.length === 0 ? (
            <EmptyState icon={ShieldCheck} title="No custom roles yet" />
          ) : (
            <Table data-testid="custom-roles-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Permissions</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead className="w-24" />
                </TableRow>
              </TableHeader>
              <TableBody>
                {roles.data.custom.map((r) => (
                  <TableRow key={r.id} data-testid="custom-role-row">
                    <TableCell className="font-medium">{r.name}</TableCell>
                    <TableCell>
                      <PermissionBadges names={r.permissions} max={4} />
                    </TableCell>
                    <TableCell className="text-muted-foreground">{formatDate(r.created_at)}</TableCell>
                    <TableCell className="text-right">
                      {canWrite && (
                        <div className="flex justify-end gap-1">
                          <Button variant="ghost" size="icon" aria-label="Edit role" onClick={() => openDialog(r)} disabled={!permissions.data}>
                            <Pencil />
                          </Button>
                          <Button variant="ghost" size="icon" aria-label="Delete role" onClick={() => confirmDelete.ask(r)}>
                            <Trash2 className="text-destructive" />
                          </Button>
                        </div>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <div>
        <h2 className="mb-3 text-sm font-semibold">Built-in roles</h2>
        <div className="grid gap-4 md:grid-cols-2">
          {roles.data.builtin.map((r) => (
            <BuiltinRoleCard key={r.name} role={r} />
          ))}
        </div>
      </div>

      {canWrite && permissions.data && (
        <RoleDialog open={dialogOpen} onOpenChange={setDialogOpen} role={editing} permissions={permissions.data} />
      )}
      <ConfirmDialog
        {...confirmDelete.dialogProps}
        title="Delete role?"
        description={`Members with “${confirmDelete.pending?.name ?? ''}” must be given another role first.`}
        confirmLabel="Delete"
        destructive
        loading={remove.isPending}
        onConfirm={() =>
          confirmDelete.pending &&
          remove.mutate(confirmDelete.pending.id, {
            onSuccess: () => {
              toast.success('Role deleted.');
              confirmDelete.close();
            },
          })
        }
      />
    </div>
  );
}
