import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { CheckCircle2, Info } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/input';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
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
import { useCreditAdjustment } from '@/api/hooks';
import { fieldMessages } from '@/api/client';
import type { AdjustmentResult, Tenant } from '@/api/types';
import { creditAdjustmentSchema, type CreditAdjustmentValues } from '@/lib/schemas';
import { randomId } from '@/lib/utils';
import { Amount } from '@/pages/billing/ledger-bits';

function Result({ result, tenant, onDone }: { result: AdjustmentResult; tenant: Tenant; onDone: () => void }) {
  const e = result.entry;
  return (
    <div className="grid gap-4" data-testid="adjust-result" data-created={String(result.created)}>
      <Alert variant={result.created ? 'success' : 'default'} icon={false}>
        <AlertTitle className="flex items-center gap-2">
          {result.created ? <CheckCircle2 className="size-4" /> : <Info className="size-4" />}
          {result.created ? 'Credits adjusted' : 'Already applied'}
        </AlertTitle>
        <AlertDescription>
          {result.created
            ? `${tenant.name}'s ledger has a new adjustment entry.`
            : 'This exact request was applied before; nothing changed this time.'}
        </AlertDescription>
      </Alert>
      <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
        <dt className="text-muted-foreground">Amount</dt>
        <dd>
          <Amount value={e.amount} />
        </dd>
        <dt className="text-muted-foreground">Balance after</dt>
        <dd className="text-lg font-semibold tabular-nums" data-testid="adjust-balance-after">
          {e.balance_after.toLocaleString()}
        </dd>
        <dt className="text-muted-foreground">Reason</dt>
        <dd className="break-words">{e.description}</dd>
      </dl>
      <DialogFooter>
        <Button onClick={onDone} data-testid="adjust-done">
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}

/**
 * Adds or removes credits on a tenant (platform staff). The Idempotency-Key is made when the dialog
 * opens, so a double click or a retry of the same submission applies once.
 */
export function CreditAdjustmentDialog({ tenant, onClose }: { tenant: Tenant | null; onClose: () => void }) {
  const adjust = useCreditAdjustment();
  const [key, setKey] = React.useState('');
  const form = useForm<CreditAdjustmentValues>({
    resolver: zodResolver(creditAdjustmentSchema),
    defaultValues: { amount: Number.NaN, reason: '' },
  });
  const { errors } = form.formState;

  React.useEffect(() => {
    if (tenant) {
      setKey(randomId());
      form.reset({ amount: Number.NaN, reason: '' });
      adjust.reset();
    }
  }, [tenant?.id]);

  // Guards a double click before the first submission has even passed validation; the
  // Idempotency-Key guards everything after that (retries, a second tab, a flaky network).
  const submitting = React.useRef(false);
  const submit = form.handleSubmit(async (v) => {
    if (!tenant) return;
    try {
      await adjust.mutateAsync({ idempotencyKey: key, body: { tenant_id: tenant.id, amount: v.amount, reason: v.reason } });
    } catch (err) {
      const f = fieldMessages(err);
      if (f.amount) form.setError('amount', { type: 'server', message: f.amount });
      if (f.reason) form.setError('reason', { type: 'server', message: f.reason });
    }
  });
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    void submit(e).finally(() => {
      submitting.current = false;
    });
  };

  return (
    <Dialog open={tenant !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-md" data-testid="adjust-credits-dialog">
        <DialogHeader>
          <DialogTitle>Adjust credits</DialogTitle>
          <DialogDescription>
            For <span className="font-medium text-foreground">{tenant?.name}</span>. The reason appears in the tenant's ledger and the audit
            log.
          </DialogDescription>
        </DialogHeader>
        {adjust.data && tenant ? (
          <Result result={adjust.data} tenant={tenant} onDone={onClose} />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <FormError error={Object.keys(fieldMessages(adjust.error)).length > 0 ? null : adjust.error} />
            <Field label="Amount" htmlFor="adjust-amount" error={errors.amount?.message} hint="Credits to add; negative to remove (e.g. -12).">
              <Input
                id="adjust-amount"
                type="number"
                step={1}
                inputMode="numeric"
                autoFocus
                aria-invalid={!!errors.amount}
                {...form.register('amount', { valueAsNumber: true })}
                data-testid="adjust-amount"
              />
            </Field>
            <Field label="Reason" htmlFor="adjust-reason" error={errors.reason?.message}>
              <Textarea
                id="adjust-reason"
                rows={3}
                placeholder="e.g. Goodwill for the outage on 3 March"
                aria-invalid={!!errors.reason}
                {...form.register('reason')}
                data-testid="adjust-reason"
              />
            </Field>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={adjust.isPending} data-testid="adjust-submit">
                Apply
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
