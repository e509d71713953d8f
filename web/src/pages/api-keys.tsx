import * as React from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { AlertTriangle, KeyRound, Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
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
import { CopyButton } from '@/components/copy-button';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { PermissionChecklist } from '@/components/permission-checklist';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan, useCurrentMe } from '@/components/guards';
import { useApiKeys, useCreateApiKey, usePermissions, useRevokeApiKey } from '@/api/hooks';
import type { ApiKey, CreatedApiKey, Permission } from '@/api/types';
import { PERM } from '@/lib/permissions';
import { apiKeySchema, type ApiKeyValues } from '@/lib/schemas';
import { formatDate, formatDateTime } from '@/lib/utils';

export function keyStatus(k: ApiKey, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && new Date(k.expires_at).getTime() <= now) return 'expired';
  return 'active';
}

/** Scopes a key may carry: the permissions the user holds (with descriptions when known). */
function useScopeOptions(): Permission[] {
  const me = useCurrentMe();
  const perms = usePermissions();
  return React.useMemo(() => {
    const known = new Map((perms.data ?? []).map((p) => [p.name, p]));
    return me.permissions.map(
      (name) => known.get(name) ?? { name, description: '', group: name.split(':')[0] },
    );
  }, [me.permissions, perms.data]);
}

function SecretView({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="grid gap-4" data-testid="api-key-created">
      <Alert variant="destructive" icon={false}>
        <AlertTitle className="flex items-center gap-2">
          <AlertTriangle className="size-4" /> Copy this secret now
        </AlertTitle>
        <AlertDescription>It is shown only once. If you lose it, revoke the key and create a new one.</AlertDescription>
      </Alert>
      <div className="flex items-center gap-2">
        <code
          className="flex-1 overflow-x-auto whitespace-nowrap rounded-md border bg-muted px-3 py-2 font-mono text-sm"
          data-testid="api-key-secret"
        >
          {created.secret}
        </code>
        <CopyButton value={created.secret} data-testid="copy-secret" />
      </div>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}

function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const create = useCreateApiKey();
  const scopes = useScopeOptions();
  const form = useForm<ApiKeyValues>({
    resolver: zodResolver(apiKeySchema),
    defaultValues: { name: '', scopes: [], expires_at: '' },
  });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (open) {
      form.reset({ name: '', scopes: [], expires_at: '' });
      create.reset();
    }
  }, [open]);

  const onSubmit = form.handleSubmit((v) =>
    create.mutate({
      name: v.name,
      scopes: v.scopes,
      expires_at: v.expires_at ? new Date(`${v.expires_at}T23:59:59Z`).toISOString() : undefined,
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="api-key-dialog">
        <DialogHeader>
          <DialogTitle>{create.data ? 'API key created' : 'Create API key'}</DialogTitle>
          <DialogDescription>
            Keys authenticate server-to-server calls with <code className="font-mono">Authorization: Bearer …</code>.
          </DialogDescription>
        </DialogHeader>
        {create.data ? (
          <SecretView created={create.data} onDone={() => onOpenChange(false)} />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <FormError error={create.error} />
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" htmlFor="key-name" error={errors.name?.message}>
                <Input id="key-name" autoFocus placeholder="e.g. CRM integration" {...form.register('name')} />
              </Field>
              <Field label="Expires (optional)" htmlFor="key-expires" error={errors.expires_at?.message}>
                <Input id="key-expires" type="date" {...form.register('expires_at')} />
              </Field>
            </div>
            <div className="grid gap-1.5">
              <span className="text-sm font-medium">Scopes</span>
              <Controller
                control={form.control}
                name="scopes"
                render={({ field }) => (
                  <PermissionChecklist permissions={scopes} value={field.value} onChange={field.onChange} idPrefix="scope" />
                )}
              />
              {errors.scopes && <p className="text-xs text-destructive">{errors.scopes.message}</p>}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="api-key-submit">
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

const STATUS_VARIANT = { active: 'success', revoked: 'destructive', expired: 'secondary' } as const;

export function ApiKeysPage() {
  const can = useCan();
  const canWrite = can(PERM.apiKeysWrite);
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [createOpen, setCreateOpen] = React.useState(false);
  const confirmRevoke = useConfirm<ApiKey>();

  return (
    <div data-testid="api-keys-page">
      <PageHeader
        title="API keys"
        description="Credentials for integrations. Each key carries a subset of your permissions."
        actions={
          canWrite && (
            <Button onClick={() => setCreateOpen(true)} data-testid="create-api-key">
              <Plus /> Create key
            </Button>
          )
        }
      />
      <Card className="overflow-hidden">
        {keys.isPending ? (
          <Spinner />
        ) : keys.isError ? (
          <div className="p-4">
            <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
          </div>
        ) : keys.items.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API keys" description="Create a key to call the API from your own systems." />
        ) : (
          <Table data-testid="api-keys-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Scopes</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="w-12" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.items.map((k) => {
                const status = keyStatus(k);
                return (
                  <TableRow key={k.id} data-testid="api-key-row">
                    <TableCell className="whitespace-nowrap font-medium">{k.name}</TableCell>
                    <TableCell>
                      <code className="font-mono text-xs text-muted-foreground">{k.prefix}…</code>
                    </TableCell>
                    <TableCell>
                      <div className="flex max-w-xs flex-wrap gap-1">
                        {k.scopes.slice(0, 3).map((s) => (
                          <Badge key={s} variant="outline" className="font-mono text-[11px] font-normal">
                            {s}
                          </Badge>
                        ))}
                        {k.scopes.length > 3 && (
                          <Badge variant="secondary" title={k.scopes.slice(3).join(', ')}>
                            +{k.scopes.length - 3}
                          </Badge>
                        )}
                      </div>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">{k.last_used_at ? formatDateTime(k.last_used_at) : 'Never'}</TableCell>
                    <TableCell className="text-muted-foreground">{k.expires_at ? formatDate(k.expires_at) : 'Never'}</TableCell>
                    <TableCell>
                      <Badge variant={STATUS_VARIANT[status]} className="capitalize">
                        {status}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      {canWrite && status === 'active' && (
                        <Button variant="ghost" size="icon" aria-label="Revoke key" onClick={() => confirmRevoke.ask(k)} data-testid="api-key-revoke">
                          <Trash2 className="text-destructive" />
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        <LoadMore query={keys} />
      </Card>
      {canWrite && <CreateKeyDialog open={createOpen} onOpenChange={setCreateOpen} />}
      <ConfirmDialog
        {...confirmRevoke.dialogProps}
        title="Revoke API key?"
        description={`Integrations using “${confirmRevoke.pending?.name ?? ''}” will stop working immediately.`}
        confirmLabel="Revoke key"
        destructive
        loading={revoke.isPending}
        onConfirm={() =>
          confirmRevoke.pending &&
          revoke.mutate(confirmRevoke.pending.id, {
            onSuccess: () => {
              toast.success('API key revoked.');
              confirmRevoke.close();
            },
          })
        }
      />
    </div>
  );
}
