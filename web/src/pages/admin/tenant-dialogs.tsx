import * as React from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
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
import { useCurrentMe } from '@/components/guards';
import { useCreateTenant, useTenants, useUpdateAdminTenant } from '@/api/hooks';
import type { Plan, Tenant } from '@/api/types';
import { createTenantSchema, type CreateTenantValues } from '@/lib/schemas';

const NO_PARENT = '__none';

function PlanSelect({ id, value, onChange, plans }: { id: string; value: string; onChange: (v: string) => void; plans: Plan[] }) {
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger id={id} data-testid={id}>
        <SelectValue placeholder="Choose a plan" />
      </SelectTrigger>
      <SelectContent>
        {plans.map((p) => (
          <SelectItem key={p.code} value={p.code}>
            {p.name} <span className="text-muted-foreground">({p.code})</span>
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

export function CreateTenantDialog({ open, onOpenChange, plans }: { open: boolean; onOpenChange: (o: boolean) => void; plans: Plan[] }) {
  const me = useCurrentMe();
  const isPlatform = me.tenant.kind === 'platform';
  const create = useCreateTenant();
  const agencies = useTenants({ q: '', kind: 'agency', status: '' }, open && isPlatform);
  const form = useForm<CreateTenantValues>({
    resolver: zodResolver(createTenantSchema),
    defaultValues: { name: '', kind: 'customer', parent_id: NO_PARENT, plan_code: '' },
  });
  const { errors } = form.formState;
  const kind = useWatch({ control: form.control, name: 'kind' });

  React.useEffect(() => {
    if (open) {
      form.reset({ name: '', kind: 'customer', parent_id: NO_PARENT, plan_code: plans[0]?.code ?? '' });
      create.reset();
    }
  }, [open]);

  const onSubmit = form.handleSubmit((v) =>
    create.mutate(
      {
        name: v.name,
        kind: v.kind,
        plan_code: v.plan_code,
        parent_id: v.kind === 'customer' && v.parent_id && v.parent_id !== NO_PARENT ? v.parent_id : undefined,
      },
      {
        onSuccess: (t) => {
          toast.success(`Tenant “${t.name}” created.`);
          onOpenChange(false);
        },
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="create-tenant-dialog">
        <DialogHeader>
          <DialogTitle>Create tenant</DialogTitle>
          <DialogDescription>
            {isPlatform ? 'Create an agency or a customer workspace.' : `Create a customer of ${me.tenant.name}.`}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormError error={create.error} />
          <Field label="Name" htmlFor="tenant-create-name" error={errors.name?.message}>
            <Input id="tenant-create-name" autoFocus {...form.register('name')} />
          </Field>
          {isPlatform && (
            <Field label="Type" htmlFor="tenant-create-kind">
              <Controller
                control={form.control}
                name="kind"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange}>
                    <SelectTrigger id="tenant-create-kind" data-testid="tenant-create-kind">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="customer">Customer</SelectItem>
                      <SelectItem value="agency">Agency</SelectItem>
                    </SelectContent>
                  </Select>
                )}
              />
            </Field>
          )}
          {isPlatform && kind === 'customer' && (
            <Field label="Parent agency" htmlFor="tenant-create-parent" hint="Leave empty for a direct customer of the platform.">
              <Controller
                control={form.control}
                name="parent_id"
                render={({ field }) => (
                  <Select value={field.value ?? NO_PARENT} onValueChange={field.onChange}>
                    <SelectTrigger id="tenant-create-parent" data-testid="tenant-create-parent">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={NO_PARENT}>None (platform)</SelectItem>
                      {agencies.items.map((a) => (
                        <SelectItem key={a.id} value={a.id}>
                          {a.name}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
            </Field>
          )}
          <Field label="Plan" htmlFor="tenant-create-plan" error={errors.plan_code?.message}>
            <Controller
              control={form.control}
              name="plan_code"
              render={({ field }) => (
                <PlanSelect id="tenant-create-plan" value={field.value} onChange={field.onChange} plans={plans} />
              )}
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-tenant-submit">
              Create tenant
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const editSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(200),
  plan_code: z.string().min(1, 'Choose a plan'),
});
type EditValues = z.infer<typeof editSchema>;

export function EditTenantDialog({ tenant, onClose, plans }: { tenant: Tenant | null; onClose: () => void; plans: Plan[] }) {
  const update = useUpdateAdminTenant();
  // Tenants carry their plan's id; PATCH takes the plan's code.
  const planCodeOf = (t: Tenant) => plans.find((p) => p.id === t.plan_id)?.code ?? '';
  const form = useForm<EditValues>({ resolver: zodResolver(editSchema), defaultValues: { name: '', plan_code: '' } });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (tenant) {
      form.reset({ name: tenant.name, plan_code: planCodeOf(tenant) });
      update.reset();
    }
  }, [tenant]);

  const onSubmit = form.handleSubmit((v) => {
    if (!tenant) return;
    const body: { name?: string; plan_code?: string } = {};
    if (v.name !== tenant.name) body.name = v.name;
    if (v.plan_code !== planCodeOf(tenant)) body.plan_code = v.plan_code;
    if (Object.keys(body).length === 0) return onClose();
    update.mutate(
      { id: tenant.id, body },
      {
        onSuccess: () => {
          toast.success('Tenant updated.');
          onClose();
        },
      },
    );
  });

  return (
    <Dialog open={tenant !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent data-testid="edit-tenant-dialog">
        <DialogHeader>
          <DialogTitle>Edit tenant</DialogTitle>
          <DialogDescription>Rename the tenant or move it to another plan.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormError error={update.error} />
          <Field label="Name" htmlFor="tenant-edit-name" error={errors.name?.message}>
            <Input id="tenant-edit-name" {...form.register('name')} />
          </Field>
          <Field label="Plan" htmlFor="tenant-edit-plan" error={errors.plan_code?.message}>
            <Controller
              control={form.control}
              name="plan_code"
              render={({ field }) => (
                <PlanSelect id="tenant-edit-plan" value={field.value} onChange={field.onChange} plans={plans} />
              )}
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="edit-tenant-submit">
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
