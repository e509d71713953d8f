import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Package, Pencil, Plus } from 'lucide-react';
import { toast } from 'sonner';
import { Card } from '@/components/ui/card';
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
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { usePlans, useSavePlan } from '@/api/hooks';
import type { Plan } from '@/api/types';
import { PERM } from '@/lib/permissions';
import { isUnlimited, planSchema, QUOTA_KEYS, type PlanFormInput, type PlanValues } from '@/lib/schemas';

const QUOTA_LABELS: Record<(typeof QUOTA_KEYS)[number], string> = {
  agents: 'Agents',
  phone_numbers: 'Phone numbers',
  concurrent_calls: 'Concurrent calls',
  included_minutes: 'Included minutes',
  knowledge_storage_mb: 'Storage (MB)',
  seats: 'Seats',
};

const EMPTY_QUOTAS = { agents: 1, phone_numbers: 1, concurrent_calls: 1, included_minutes: 100, knowledge_storage_mb: 100, seats: 3 };

function PlanDialog({ open, onOpenChange, plan }: { open: boolean; onOpenChange: (o: boolean) => void; plan: Plan | null }) {
  const save = useSavePlan();
  const form = useForm<PlanFormInput, unknown, PlanValues>({
    resolver: zodResolver(planSchema),
    defaultValues: { code: '', name: '', quotas: EMPTY_QUOTAS },
  });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (open) {
      form.reset(plan ? { code: plan.code, name: plan.name, quotas: { ...EMPTY_QUOTAS, ...plan.quotas } } : { code: '', name: '', quotas: EMPTY_QUOTAS });
      save.reset();
    }
  }, [open, plan]);

  const onSubmit = form.handleSubmit((v) =>
    save.mutate(plan ? { id: plan.id, body: { name: v.name, quotas: v.quotas } } : { body: v }, {
      onSuccess: () => {
        toast.success(plan ? 'Plan updated.' : `Plan “${v.name}” created.`);
        onOpenChange(false);
      },
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl" data-testid="plan-dialog">
        <DialogHeader>
          <DialogTitle>{plan ? `Edit plan “${plan.name}”` : 'New custom plan'}</DialogTitle>
          <DialogDescription>Quotas limit what tenants on this plan can use.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormError error={save.error} />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Code" htmlFor="plan-code" error={errors.code?.message} hint={plan ? 'The code cannot change.' : 'e.g. enterprise-acme'}>
              <Input id="plan-code" className="font-mono" disabled={!!plan} {...form.register('code')} />
            </Field>
            <Field label="Name" htmlFor="plan-name" error={errors.name?.message}>
              <Input id="plan-name" {...form.register('name')} />
            </Field>
          </div>
          <fieldset className="grid gap-3 rounded-lg border p-4 sm:grid-cols-3">
            <legend className="px-1 text-sm font-medium">
              Quotas <span className="font-normal text-muted-foreground">(-1 = unlimited)</span>
            </legend>
            {QUOTA_KEYS.map((k) => (
              <Field key={k} label={QUOTA_LABELS[k]} htmlFor={`quota-${k}`} error={errors.quotas?.[k]?.message}>
                <Input id={`quota-${k}`} type="number" min={-1} inputMode="numeric" {...form.register(`quotas.${k}`)} />
              </Field>
            ))}
          </fieldset>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="plan-submit">
              {plan ? 'Save plan' : 'Create plan'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function PlansPage() {
  const can = useCan();
  const canWrite = can(PERM.plansWrite);
  const plans = usePlans();
  const [editing, setEditing] = React.useState<Plan | null>(null);
  const [open, setOpen] = React.useState(false);

  const openDialog = (p: Plan | null) => {
    setEditing(p);
    setOpen(true);
  };

  return (
    <div data-testid="plans-page">
      <PageHeader
        title="Plans"
        description="Plans set the quotas of the tenants on them."
        actions={
          canWrite && (
            <Button onClick={() => openDialog(null)} data-testid="create-plan-button">
              <Plus /> New plan
            </Button>
          )
        }
      />
      <Card className="overflow-hidden">
        {plans.isPending ? (
          <Spinner />
        ) : plans.isError ? (
          <div className="p-4">
            <QueryError error={plans.error} onRetry={() => void plans.refetch()} />
          </div>
        ) : plans.data.length === 0 ? (
          <EmptyState icon={Package} title="No plans" />
        ) : (
          <Table data-testid="plans-table">
            <TableHeader>
              <TableRow>
                <TableHead>Plan</TableHead>
                {QUOTA_KEYS.map((k) => (
                  <TableHead key={k} className="text-right">
                    {QUOTA_LABELS[k]}
                  </TableHead>
                ))}
                <TableHead className="w-12" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {plans.data.map((p) => (
                <TableRow key={p.id} data-testid="plan-row">
                  <TableCell>
                    <div className="flex items-center gap-2 font-medium">
                      {p.name}
                      <Badge variant={p.builtin ? 'secondary' : 'outline'}>{p.builtin ? 'Built-in' : 'Custom'}</Badge>
                    </div>
                    <code className="font-mono text-xs text-muted-foreground">{p.code}</code>
                  </TableCell>
                  {QUOTA_KEYS.map((k) => {
                    const v = (p.quotas as Record<string, number | null | undefined>)[k];
                    return (
                      <TableCell key={k} className="text-right tabular-nums">
                        {isUnlimited(v) ? '∞' : v!.toLocaleString()}
                      </TableCell>
                    );
                  })}
                  <TableCell>
                    {canWrite && (
                      <Button variant="ghost" size="icon" aria-label={`Edit ${p.name}`} onClick={() => openDialog(p)}>
                        <Pencil />
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      {canWrite && <PlanDialog open={open} onOpenChange={setOpen} plan={editing} />}
    </div>
  );
}
