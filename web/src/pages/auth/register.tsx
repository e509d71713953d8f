import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { MailCheck } from 'lucide-react';
import { Link } from 'wouter';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { AuthLayout, TextLink } from '@/components/auth-layout';
import { useRegister, useResendVerification } from '@/api/hooks';
import { fieldErrors } from '@/api/client';
import { registerSchema, type RegisterValues } from '@/lib/schemas';

export function RegisterPage() {
  const register = useRegister();
  const resend = useResendVerification();
  const form = useForm<RegisterValues>({
    resolver: zodResolver(registerSchema),
    defaultValues: { company_name: '', name: '', email: '', password: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    register.mutate(values, {
      onError: (err) => {
        for (const [field, message] of Object.entries(fieldErrors(err))) {
          if (field in values) form.setError(field as keyof RegisterValues, { message });
        }
      },
    });
  });

  if (register.isSuccess) {
    const email = register.data.email;
    return (
      <AuthLayout title="Check your inbox" testId="register-success">
        <div className="flex flex-col items-center gap-4 text-center">
          <div className="flex size-12 items-center justify-center rounded-full bg-primary/10">
            <MailCheck className="size-6 text-primary" />
          </div>
          <p className="text-sm text-muted-foreground">
            We sent a verification link to <span className="font-medium text-foreground">{email}</span>.
            Open it to activate your account, then sign in.
          </p>
          <div className="flex gap-2">
            <Button
              variant="outline"
              loading={resend.isPending}
              onClick={() =>
                resend.mutate(email, { onSuccess: () => toast.success('Verification email sent again.') })
              }
            >
              Resend email
            </Button>
            <Button asChild>
              <Link href="/login">Go to sign in</Link>
            </Button>
          </div>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Create your account"
      description="Start with a workspace for your company."
      testId="register-page"
      footer={
        <>
          Already have an account? <TextLink href="/login">Sign in</TextLink>
        </>
      }
    >
      <form onSubmit={onSubmit} className="grid gap-4" noValidate>
        <FormError error={register.error} />
        <Field label="Company name" htmlFor="company_name" error={errors.company_name?.message}>
          <Input id="company_name" autoComplete="organization" autoFocus {...form.register('company_name')} />
        </Field>
        <Field label="Your name" htmlFor="name" error={errors.name?.message}>
          <Input id="name" autoComplete="name" {...form.register('name')} />
        </Field>
        <Field label="Work email" htmlFor="email" error={errors.email?.message}>
          <Input id="email" type="email" autoComplete="email" {...form.register('email')} />
        </Field>
        <Field
          label="Password"
          htmlFor="password"
          error={errors.password?.message}
          hint="8 to 128 characters."
        >
          <Input id="password" type="password" autoComplete="new-password" {...form.register('password')} />
        </Field>
        <Button type="submit" className="w-full" loading={register.isPending} data-testid="register-submit">
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
