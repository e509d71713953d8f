import type * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link } from 'wouter';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { AuthLayout } from '@/components/auth-layout';
import { Spinner } from '@/components/states';
import { useSetup, useSetupStatus } from '@/api/hooks';
import { setupSchema, type SetupValues } from '@/lib/schemas';
import { useQueryParam } from '@/lib/use-query-param';

export function SetupPage() {
  const token = useQueryParam('token');
  const status = useSetupStatus();
  const setup = useSetup();
  const form = useForm<SetupValues>({
    resolver: zodResolver(setupSchema),
    defaultValues: { name: '', email: '', password: '' },
  });
  const { errors } = form.formState;

  let body: React.ReactNode;
  if (status.isPending) body = <Spinner />;
  else if (setup.isSuccess)
    body = (
      <div className="grid gap-4" data-testid="setup-success">
        <Alert variant="success">
          <AlertDescription>The platform administrator has been created. Sign in to continue.</AlertDescription>
        </Alert>
        <Button asChild>
          <Link href="/login">Sign in</Link>
        </Button>
      </div>
    );
  else if (status.data && !status.data.needs_setup)
    body = (
      <div className="grid gap-4" data-testid="setup-done">
        <Alert>
          <AlertDescription>This installation is already set up.</AlertDescription>
        </Alert>
        <Button asChild variant="outline">
          <Link href="/login">Go to sign in</Link>
        </Button>
      </div>
    );
  else if (!token)
    body = <FormError error={new Error('The setup link has no token. Use the link from the server log.')} />;
  else
    body = (
      <form
        onSubmit={form.handleSubmit((v) => setup.mutate({ ...v, token }))}
        className="grid gap-4"
        noValidate
      >
        <FormError error={setup.error ?? status.error} />
        <Field label="Name" htmlFor="name" error={errors.name?.message}>
          <Input id="name" autoComplete="name" autoFocus {...form.register('name')} />
        </Field>
        <Field label="Email" htmlFor="email" error={errors.email?.message}>
          <Input id="email" type="email" autoComplete="email" {...form.register('email')} />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password?.message} hint="8 to 128 characters.">
          <Input id="password" type="password" autoComplete="new-password" {...form.register('password')} />
        </Field>
        <Button type="submit" loading={setup.isPending} data-testid="setup-submit">
          Create administrator
        </Button>
      </form>
    );

  return (
    <AuthLayout
      title="Set up the platform"
      description="Create the first platform administrator."
      testId="setup-page"
    >
      {body}
    </AuthLayout>
  );
}
