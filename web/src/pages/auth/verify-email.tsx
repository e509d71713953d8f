import * as React from 'react';
import { CheckCircle2 } from 'lucide-react';
import { Link } from 'wouter';
import { Button } from '@/components/ui/button';
import { AuthLayout } from '@/components/auth-layout';
import { FormError } from '@/components/form-error';
import { Spinner } from '@/components/states';
import { useVerifyEmail } from '@/api/hooks';
import { useQueryParam } from '@/lib/use-query-param';

export function VerifyEmailPage() {
  const token = useQueryParam('token');
  const verify = useVerifyEmail();
  const started = React.useRef(false);

  React.useEffect(() => {
    // Tokens are single-use: make sure the request is sent once (StrictMode runs effects twice).
    if (!token || started.current) return;
    started.current = true;
    verify.mutate(token);
  }, [token, verify]);

  return (
    <AuthLayout title="Verify your email" testId="verify-email-page">
      {!token ? (
        <FormError error={new Error('This link has no token. Open the link from the email again.')} />
      ) : verify.isSuccess ? (
        <div className="flex flex-col items-center gap-4 text-center" data-testid="verify-success">
          <CheckCircle2 className="size-10 text-success" />
          <p className="text-sm">
            <span className="font-medium">{verify.data.email}</span> is verified. You can sign in now.
          </p>
          <Button asChild className="w-full">
            <Link href="/login">Sign in</Link>
          </Button>
        </div>
      ) : verify.isError ? (
        <div className="grid gap-4">
          <FormError error={verify.error} />
          <Button asChild variant="outline">
            <Link href="/login">Back to sign in</Link>
          </Button>
        </div>
      ) : (
        <Spinner label="Verifying…" />
      )}
    </AuthLayout>
  );
}
