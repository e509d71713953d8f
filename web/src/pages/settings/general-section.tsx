import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Badge } from '@/components/ui/badge';
import { Field } from '@/components/field';
import { QueryError, Spinner } from '@/components/states';
import { KindBadge } from '@/components/tenant-switcher';
import { useTenant, useUpdateTenant } from '@/api/hooks';
import { tenantNameSchema, type TenantNameValues } from '@/lib/schemas';
import { formatDate } from '@/lib/utils';

export function GeneralSection({ canWrite }: { canWrite: boolean }) {
  const tenant = useTenant();
  const update = useUpdateTenant();
  const form = useForm<TenantNameValues>({ resolver: zodResolver(tenantNameSchema), defaultValues: { name: '' } });
  const { errors, isDirty } = form.formState;

  React.useEffect(() => {
    if (tenant.data) form.reset({ name: tenant.data.name });
  }, [tenant.data]);

  if (tenant.isPending) return <Spinner />;
  if (tenant.isError) return <QueryError error={tenant.error} onRetry={() => void tenant.refetch()} />;
  const t = tenant.data;

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <form
          onSubmit={form.handleSubmit((v) =>
            update.mutate(v.name, { onSuccess: () => toast.success('Workspace name saved.') }),
          )}
          noValidate
        >
          <CardHeader>
            <CardTitle>Workspace name</CardTitle>
            <CardDescription>Shown to your team and in emails.</CardDescription>
          </CardHeader>
          <CardContent>
            <Field label="Name" htmlFor="tenant-name" error={errors.name?.message}>
              <Input id="tenant-name" disabled={!canWrite} {...form.register('name')} data-testid="tenant-name-input" />
            </Field>
          </CardContent>
          {canWrite && (
            <CardFooter className="justify-end">
              <Button type="submit" disabled={!isDirty} loading={update.isPending} data-testid="tenant-name-save">
                Save
              </Button>
            </CardFooter>
          )}
        </form>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3 text-sm">
          <div className="flex justify-between gap-2">
            <span className="text-muted-foreground">Type</span>
            <KindBadge kind={t.kind} />
          </div>
          <div className="flex justify-between gap-2">
            <span className="text-muted-foreground">Status</span>
            <Badge variant={t.status === 'active' ? 'success' : 'destructive'} className="capitalize">
              {t.status}
            </Badge>
          </div>
          <div className="flex justify-between gap-2">
            <span className="text-muted-foreground">Plan</span>
            <span className="font-medium">{t.plan.name}</span>
          </div>
          <div className="flex justify-between gap-2">
            <span className="text-muted-foreground">Created</span>
            <span>{formatDate(t.created_at)}</span>
          </div>
          <div className="flex justify-between gap-2">
            <span className="text-muted-foreground">ID</span>
            <code className="truncate font-mono text-xs" title={t.id}>{t.id}</code>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
