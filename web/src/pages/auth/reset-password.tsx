import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link } from 'wouter';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { AuthLayout, TextLink } from '@/components/auth-layout';
import { useResetPassword } from '@/api/hooks';
import { resetPasswordSchema, type ResetPasswordValues } from '@/lib/schemas';
import { useQueryParam } from '@/lib/use-query-param';

export function ResetPasswordPage() {
  const token = useQueryParam('token');
  const reset = useResetPassword();
  const form = useForm<ResetPasswordValues>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { password: '', confirm: '' },
  });
  const { errors } = form.formState;

  return (
    <AuthLayout
      title="Choose a new password"
      testId="reset-password-page"
      footer={<TextLink href="/login">Back to sign in</TextLink>}
    >
      {!token ? (
        <FormError error={new Error('This link has no token. Request a new reset link.')} />
      ) : reset.isSuccess ? (
        <div className="grid gap-4" data-testid="reset-success">
          <Alert variant="success">
            <AlertDescription>Your password has been changed. Sign in with the new one.</AlertDescription>
          </Alert>
          <Button asChild>
            <Link href="/login">Sign in</Link>
          </Button>
        </div>
      ) : (
        <form
          onSubmit={form.handleSubmit((v) => reset.mutate({ token, password: v.password }))}
          className="grid gap-4"
          noValidate
        >
          <FormError error={reset.error} />
          <Field label="New password" htmlFor="password" error={errors.password?.message} hint="8 to 128 characters.">
            <Input id="password" type="password" autoComplete="new-password" autoFocus {...form.register('password')} />
          </Field>
          <Field label="Confirm password" htmlFor="confirm" error={errors.confirm?.message}>
            <Input id="confirm" type="password" autoComplete="new-password" {...form.register('confirm')} />
          </Field>
          <Button type="submit" loading={reset.isPending}>
            Set password
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
