import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Redirect, useLocation } from 'wouter';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { AuthLayout, TextLink } from '@/components/auth-layout';
import { useLogin, useMe, useResendVerification, useSetupStatus } from '@/api/hooks';
import { ApiError, errorMessage } from '@/api/client';
import { loginSchema, type LoginValues } from '@/lib/schemas';
import { safeNext, useQueryParam } from '@/lib/use-query-param';

export function LoginPage() {
  const next = safeNext(useQueryParam('next'));
  const [, navigate] = useLocation();
  const me = useMe();
  const setup = useSetupStatus();
  const login = useLogin();
  const resend = useResendVerification();
  const form = useForm<LoginValues>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: '', password: '' },
  });
  const { errors } = form.formState;

  if (me.data) return <Redirect to={next} />;

  const onSubmit = form.handleSubmit((values) => {
    login.mutate(values, { onSuccess: () => navigate(next) });
  });

  const loginError = login.error;
  const notVerified = loginError instanceof ApiError && loginError.code === 'email_not_verified';

  return (
    <AuthLayout
      title="Sign in"
      description="Welcome back. Sign in to your account."
      testId="login-page"
      footer={
        <>
          No account yet? <TextLink href="/register">Create one</TextLink>
        </>
      }
    >
      {setup.data?.needs_setup && (
        <Alert className="mb-4">
          <AlertDescription>
            This installation has no administrator yet. Open the setup link printed in the server
            log to create one.
          </AlertDescription>
        </Alert>
      )}
      <form onSubmit={onSubmit} className="grid gap-4" noValidate>
        {notVerified ? (
          <Alert variant="destructive" data-testid="form-error">
            <AlertDescription className="space-y-2">
              <p>{errorMessage(loginError)}</p>
              <Button
                type="button"
                size="sm"
                variant="outline"
                loading={resend.isPending}
                onClick={() =>
                  resend.mutate(form.getValues('email'), {
                    onSuccess: () => toast.success('Verification email sent. Check your inbox.'),
                  })
                }
              >
                Resend verification email
              </Button>
            </AlertDescription>
          </Alert>
        ) : (
          <FormError error={login.error} />
        )}
        <Field label="Email" htmlFor="email" error={errors.email?.message}>
          <Input
            id="email"
            type="email"
            autoComplete="email"
            autoFocus
            aria-invalid={!!errors.email}
            {...form.register('email')}
          />
        </Field>
        <Field
          label={
            <span className="flex w-full items-center justify-between">
              Password
              <TextLink href="/forgot-password">
                <span className="text-xs font-normal">Forgot password?</span>
              </TextLink>
            </span>
          }
          htmlFor="password"
          error={errors.password?.message}
        >
          <Input
            id="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={!!errors.password}
            {...form.register('password')}
          />
        </Field>
        <Button type="submit" className="w-full" loading={login.isPending} data-testid="login-submit">
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
