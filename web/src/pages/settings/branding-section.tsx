import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/field';
import { QueryError, Spinner } from '@/components/states';
import { useSaveBranding, useTenantBranding } from '@/api/hooks';
import { brandingSchema, HEX_COLOR, type BrandingValues } from '@/lib/schemas';
import { contrastText, DEFAULT_PRIMARY } from '@/lib/color';

function BrandingPreview({ values }: { values: BrandingValues }) {
  const color = HEX_COLOR.test(values.primary_color) ? values.primary_color : DEFAULT_PRIMARY;
  const name = values.app_name.trim() || 'Switchboard';
  const style = { '--primary': color, '--primary-foreground': contrastText(color) } as React.CSSProperties;
  return (
    <div className="overflow-hidden rounded-lg border bg-background" style={style} data-testid="branding-preview">
      <div className="flex items-center gap-2 border-b bg-card px-4 py-3">
        {values.logo_url && /^https?:\/\//.test(values.logo_url) ? (
          <img src={values.logo_url} alt="" className="size-7 rounded object-contain" />
        ) : (
          <span className="flex size-7 items-center justify-center rounded-md bg-primary text-xs font-bold text-primary-foreground">
            {name.charAt(0).toUpperCase()}
          </span>
        )}
        <span className="truncate text-sm font-semibold" data-testid="branding-preview-name">{name}</span>
      </div>
      <div className="space-y-3 p-4">
        <div className="h-2 w-2/3 rounded bg-muted" />
        <div className="h-2 w-1/2 rounded bg-muted" />
        <div className="flex gap-2 pt-1">
          <span className="inline-flex h-8 items-center rounded-md bg-primary px-3 text-xs font-medium text-primary-foreground">
            Primary action
          </span>
          <span className="inline-flex h-8 items-center rounded-md border px-3 text-xs font-medium">Secondary</span>
        </div>
        <p className="text-xs text-primary">A link in your colour</p>
        {values.support_email && <p className="text-xs text-muted-foreground">Support: {values.support_email}</p>}
      </div>
    </div>
  );
}

export function BrandingSection({ canWrite }: { canWrite: boolean }) {
  const branding = useTenantBranding();
  const save = useSaveBranding();
  const form = useForm<BrandingValues>({
    resolver: zodResolver(brandingSchema),
    defaultValues: { app_name: '', logo_url: '', primary_color: '', support_email: '' },
  });
  const { errors, isDirty } = form.formState;
  const values = useWatch({ control: form.control }) as BrandingValues;

  React.useEffect(() => {
    if (branding.data) {
      form.reset({
        app_name: branding.data.app_name ?? '',
        logo_url: branding.data.logo_url ?? '',
        primary_color: branding.data.primary_color ?? '',
        support_email: branding.data.support_email ?? '',
      });
    }
  }, [branding.data]);

  if (branding.isPending) return <Spinner />;
  if (branding.isError) return <QueryError error={branding.error} onRetry={() => void branding.refetch()} />;

  const nullIfEmpty = (s: string) => (s.trim() === '' ? null : s.trim());
  const onSubmit = form.handleSubmit((v) =>
    save.mutate(
      {
        app_name: nullIfEmpty(v.app_name),
        logo_url: nullIfEmpty(v.logo_url),
        primary_color: nullIfEmpty(v.primary_color),
        support_email: nullIfEmpty(v.support_email),
      },
      { onSuccess: () => toast.success('Branding saved.') },
    ),
  );
  const pickerValue = HEX_COLOR.test(values.primary_color ?? '') ? values.primary_color : DEFAULT_PRIMARY;

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <Card className="lg:col-span-3">
        <form onSubmit={onSubmit} noValidate data-testid="branding-form">
          <CardHeader>
            <CardTitle>Branding</CardTitle>
            <CardDescription>How the app looks for your team (and your customers, on your domains). Empty fields use the defaults.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Field label="App name" htmlFor="app_name" error={errors.app_name?.message}>
              <Input id="app_name" placeholder="Switchboard" disabled={!canWrite} {...form.register('app_name')} />
            </Field>
            <Field label="Logo URL" htmlFor="logo_url" error={errors.logo_url?.message}>
              <Input id="logo_url" placeholder="https://example.com/logo.svg" disabled={!canWrite} {...form.register('logo_url')} />
            </Field>
            <Field label="Primary colour" htmlFor="primary_color" error={errors.primary_color?.message}>
              <div className="flex gap-2">
                <input
                  type="color"
                  aria-label="Pick primary colour"
                  value={pickerValue}
                  disabled={!canWrite}
                  onChange={(e) => form.setValue('primary_color', e.target.value, { shouldDirty: true, shouldValidate: true })}
                  className="h-9 w-12 shrink-0 cursor-pointer rounded-md border bg-card p-1"
                  data-testid="color-picker"
                />
                <Input id="primary_color" placeholder={DEFAULT_PRIMARY} className="font-mono" disabled={!canWrite} {...form.register('primary_color')} />
              </div>
            </Field>
            <Field label="Support email" htmlFor="support_email" error={errors.support_email?.message}>
              <Input id="support_email" type="email" placeholder="support@example.com" disabled={!canWrite} {...form.register('support_email')} />
            </Field>
          </CardContent>
          {canWrite && (
            <CardFooter className="justify-end">
              <Button type="submit" disabled={!isDirty} loading={save.isPending} data-testid="branding-save">
                Save branding
              </Button>
            </CardFooter>
          )}
        </form>
      </Card>
      <div className="lg:col-span-2">
        <p className="mb-2 text-sm font-medium">Live preview</p>
        <BrandingPreview values={values} />
      </div>
    </div>
  );
}
