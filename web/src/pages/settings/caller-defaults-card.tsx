import * as React from 'react';
import { useFieldArray, useForm, type FieldErrors } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Phone, Plus, Search, Trash2, Variable } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { QueryError, Spinner } from '@/components/states';
import { useCallerDefaults, useContactLookup, useSaveCallerDefaults } from '@/api/hooks';
import { errorMessage, fieldMessages } from '@/api/client';
import type { CallerDefaults } from '@/api/types';
import {
  CALLER_LIMITS,
  callerDefaultsSchema,
  toCallerDefaults,
  toCallerDefaultsValues,
  type CallerDefaultsValues,
} from '@/lib/caller-defaults';
import { phoneLookupSchema, type PhoneLookupValues } from '@/lib/schemas';

const code = (s: string) => <code className="rounded bg-muted px-1 font-mono text-xs">{s}</code>;

export function CallerDefaultsCard({ canWrite }: { canWrite: boolean }) {
  const defaults = useCallerDefaults();
  return (
    <Card data-testid="caller-defaults-card">
      <CardHeader>
        <CardTitle>Caller defaults</CardTitle>
        <CardDescription>
          Used when a caller is not one of your contacts. When a call starts, ElevenLabs receives them as
          conversation-initiation data: the name as {code('contact_name')} and each variable under its own name, for
          your agents’ prompts ({code('{{customer_tier}}')}). They apply to every caller until contacts are imported.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {defaults.isPending ? (
          <Spinner />
        ) : defaults.isError ? (
          <QueryError error={defaults.error} onRetry={() => void defaults.refetch()} />
        ) : (
          <div className="grid gap-8 lg:grid-cols-5">
            <DefaultsForm saved={defaults.data} canWrite={canWrite} />
            <LookupBox />
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function DefaultsForm({ saved, canWrite }: { saved: CallerDefaults; canWrite: boolean }) {
  const save = useSaveCallerDefaults();
  const initial = React.useMemo(() => toCallerDefaultsValues(saved), [saved]);
  const form = useForm<CallerDefaultsValues>({ resolver: zodResolver(callerDefaultsSchema), defaultValues: initial });
  const variables = useFieldArray({ control: form.control, name: 'variables' });
  const { isDirty } = form.formState;
  const e = form.formState.errors as FieldErrors<CallerDefaultsValues>;
  const [serverMapped, setServerMapped] = React.useState(false);

  React.useEffect(() => form.reset(initial), [initial]);

  const onSubmit = form.handleSubmit((v) => {
    setServerMapped(false);
    save.mutate(toCallerDefaults(v), {
      onSuccess: () => toast.success('Caller defaults saved.'),
      onError: (err) => {
        const fields = fieldMessages(err);
        if (fields.name) form.setError('name', { type: 'server', message: fields.name });
        if (fields.variables) form.setError('variables', { type: 'server', message: fields.variables });
        setServerMapped(Boolean(fields.name || fields.variables));
      },
    });
  });
  const listError = e.variables?.message ?? e.variables?.root?.message;

  return (
    <form onSubmit={onSubmit} noValidate className="grid min-w-0 content-start gap-4 lg:col-span-3" data-testid="caller-defaults-form">
      <fieldset disabled={!canWrite} className="grid min-w-0 gap-4">
        <Field
          label="Default name"
          htmlFor="caller-default-name"
          error={e.name?.message}
          hint={<>Sent as {code('contact_name')}; leave empty to send none.</>}
        >
          <Input
            id="caller-default-name"
            placeholder="there"
            maxLength={CALLER_LIMITS.name}
            aria-invalid={!!e.name}
            {...form.register('name')}
            data-testid="caller-default-name"
          />
        </Field>

        <div className="grid gap-2" data-testid="caller-variables">
          <div className="flex items-center justify-between gap-2">
            <span className="text-sm font-medium">Variables</span>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => variables.append({ key: '', value: '' })}
              disabled={variables.fields.length >= CALLER_LIMITS.variables}
              data-testid="caller-add-variable"
            >
              <Plus /> Add variable
            </Button>
          </div>
          {variables.fields.length === 0 ? (
            <div className="flex items-center gap-2 rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
              <Variable className="size-4" /> No variables.
            </div>
          ) : (
            <>
              <div className="hidden grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] gap-2 px-0.5 text-xs font-medium text-muted-foreground sm:grid">
                <span>Name</span>
                <span>Value</span>
              </div>
              {variables.fields.map((f, idx) => {
                const rowErr = e.variables?.[idx];
                return (
                  <div key={f.id} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] items-start gap-2" data-testid="caller-variable-row">
                    <div className="grid gap-1">
                      <Input
                        aria-label={`Variable ${idx + 1} name`}
                        placeholder="customer_tier"
                        className="font-mono"
                        aria-invalid={!!rowErr?.key}
                        {...form.register(`variables.${idx}.key`)}
                        data-testid="caller-variable-key"
                      />
                      {rowErr?.key && (
                        <p className="text-xs text-destructive" data-testid="caller-variable-key-error">
                          {rowErr.key.message}
                        </p>
                      )}
                    </div>
                    <div className="grid gap-1">
                      <Input
                        aria-label={`Variable ${idx + 1} value`}
                        placeholder="standard"
                        aria-invalid={!!rowErr?.value}
                        {...form.register(`variables.${idx}.value`)}
                        data-testid="caller-variable-value"
                      />
                      {rowErr?.value && <p className="text-xs text-destructive">{rowErr.value.message}</p>}
                    </div>
                    <Button
                      type="button"
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove variable ${idx + 1}`}
                      onClick={() => variables.remove(idx)}
                      data-testid="caller-variable-remove"
                    >
                      <Trash2 className="text-muted-foreground" />
                    </Button>
                  </div>
                );
              })}
            </>
          )}
          {listError && (
            <p className="text-xs text-destructive" data-testid="error-caller-variables">
              {listError}
            </p>
          )}
          <p className="text-xs text-muted-foreground">
            Names start with a letter or {code('_')} and use letters, digits, {code('_')} and {code('.')} (at most{' '}
            {CALLER_LIMITS.variableName}); values up to {CALLER_LIMITS.variableValue.toLocaleString('en')} characters; at
            most {CALLER_LIMITS.variables} variables.
          </p>
        </div>
      </fieldset>
      <FormError error={save.error && !serverMapped ? save.error : null} />
      {canWrite && (
        <div className="flex items-center justify-end gap-2">
          <span className="mr-auto text-sm text-muted-foreground" data-testid="caller-defaults-dirty">
            {isDirty ? 'Unsaved changes' : 'All changes saved'}
          </span>
          <Button
            type="button"
            variant="outline"
            disabled={!isDirty || save.isPending}
            onClick={() => {
              form.reset(initial);
              save.reset();
            }}
          >
            Discard
          </Button>
          <Button type="submit" disabled={!isDirty} loading={save.isPending} data-testid="caller-defaults-save">
            Save defaults
          </Button>
        </div>
      )}
    </form>
  );
}

function LookupBox() {
  const [asked, setAsked] = React.useState<PhoneLookupValues>({ phone: '', region: '' });
  const lookup = useContactLookup(asked.phone, asked.region.toUpperCase());
  const form = useForm<PhoneLookupValues>({ resolver: zodResolver(phoneLookupSchema), defaultValues: { phone: '', region: '' } });
  const { errors } = form.formState;
  const serverPhone = fieldMessages(lookup.error).phone;
  const serverRegion = fieldMessages(lookup.error).region;
  const r = lookup.data;
  const vars = Object.entries(r?.variables ?? {});

  return (
    <section className="grid min-w-0 content-start gap-3 self-start rounded-lg border bg-muted/30 p-4 lg:col-span-2" aria-labelledby="lookup-title" data-testid="lookup-box">
      <div className="grid gap-1">
        <h3 id="lookup-title" className="flex items-center gap-2 text-sm font-semibold">
          <Phone className="size-4 text-muted-foreground" /> Test a number
        </h3>
        <p className="text-xs text-muted-foreground">What a call from this number would get.</p>
      </div>
      <form
        className="grid gap-2"
        noValidate
        onSubmit={form.handleSubmit((v) => {
          const next = { phone: v.phone.trim(), region: v.region.trim() };
          if (next.phone === asked.phone && next.region === asked.region) void lookup.refetch();
          else setAsked(next);
        })}
        data-testid="lookup-form"
      >
        <div className="grid grid-cols-[minmax(0,1fr)_4.5rem] gap-2">
          <Field label="Phone number" htmlFor="lookup-phone" error={errors.phone?.message ?? serverPhone}>
            <Input id="lookup-phone" type="tel" placeholder="+14155550123" {...form.register('phone')} data-testid="lookup-phone-input" />
          </Field>
          <Field label="Country" htmlFor="lookup-region" error={errors.region?.message ?? serverRegion}>
            <Input id="lookup-region" placeholder="US" maxLength={2} className="uppercase" {...form.register('region')} data-testid="lookup-region-input" />
          </Field>
        </div>
        <p className="text-xs text-muted-foreground">International form, or a national number with its country.</p>
        <Button type="submit" variant="outline" size="sm" className="justify-self-start" loading={lookup.isFetching} data-testid="lookup-submit">
          <Search /> Look up
        </Button>
      </form>
      {lookup.isError && !serverPhone && !serverRegion && (
        <p className="text-xs text-destructive" data-testid="lookup-error">
          {errorMessage(lookup.error)}
        </p>
      )}
      {r && !lookup.isError && (
        <div className="grid gap-2 border-t pt-3 text-sm" data-testid="lookup-result">
          <div className="flex flex-wrap items-center gap-2">
            <code className="font-mono font-medium" data-testid="lookup-e164">
              {r.phone}
            </code>
            <Badge variant={r.found ? 'success' : 'secondary'} data-testid="lookup-found">
              {r.found ? 'Known contact' : 'Unknown caller: defaults apply'}
            </Badge>
          </div>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs" data-testid="lookup-variables">
            <dt className="font-mono text-muted-foreground">contact_name</dt>
            <dd className="break-words" data-testid="lookup-name">
              {r.name ?? <span className="text-muted-foreground">(none)</span>}
            </dd>
            {vars.map(([k, v]) => (
              <React.Fragment key={k}>
                <dt className="font-mono text-muted-foreground">{k}</dt>
                <dd className="break-words" data-testid="lookup-variable" data-key={k}>
                  {v}
                </dd>
              </React.Fragment>
            ))}
          </dl>
          {vars.length === 0 && <p className="text-xs text-muted-foreground">No variables.</p>}
        </div>
      )}
    </section>
  );
}
