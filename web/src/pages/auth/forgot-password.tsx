import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { AuthLayout, TextLink } from '@/components/auth-layout';
import { useForgotPassword } from '@/api/hooks';
import { emailOnlySchema, type EmailOnlyValues } from '@/lib/schemas';

export function ForgotPasswordPage() {
  const forgot = useForgotPassword();
  const form = useForm<EmailOnlyValues>({
    resolver: zodResolver(emailOnlySchema),
    defaultValues: { email: '' },
  });
  const { errors } = form.formState;

  return (
    <AuthLayout
      title="Reset your password"
      description="Enter your email and we will send you a link to choose a new password."
      testId="forgot-password-page"
      footer={<TextLink href="/login">Back to sign in</TextLink>}
    >
      {forgot.isSuccess ? (
        <Alert variant="success" data-testid="forgot-success">
          <AlertDescription>
            If an account exists for {form.getValues('email')}, a reset link is on its way.
          </AlertDescription>
        </Alert>
      ) : (
        <form
          onSubmit={form.handleSubmit((v) => forgot.mutate(v.email))}
          className="grid gap-4"
          noValidate
        >
          <FormError error={forgot.error} />
          <Field label="Email" htmlFor="email" error={errors.email?.message}>
            <Input id="email" type="email" autoComplete="email" autoFocus {...form.register('email')} />
          </Field>
          <Button type="submit" loading={forgot.isPending}>
            Send reset link
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
