import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocation } from 'wouter';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Badge } from '@/components/ui/badge';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { AuthLayout, TextLink } from '@/components/auth-layout';
import { Spinner } from '@/components/states';
import { useAcceptInvitation, useInvitationLookup } from '@/api/hooks';
import type { InvitationLookup } from '@/api/types';
import { acceptInvitationSchema, type AcceptInvitationValues } from '@/lib/schemas';
import { useQueryParam } from '@/lib/use-query-param';
import { humanize } from '@/lib/utils';

export function AcceptInvitationPage() {
  const token = useQueryParam('token');
  const lookup = useInvitationLookup(token);

  return (
    <AuthLayout
      title="Join your team"
      testId="accept-invitation-page"
      footer={<TextLink href="/login">Back to sign in</TextLink>}
    >
      {!token ? (
        <FormError error={new Error('This link has no token. Open the link from the invitation email again.')} />
      ) : lookup.isPending ? (
        <Spinner />
      ) : lookup.isError ? (
        <FormError error={lookup.error} />
      ) : (
        <AcceptForm token={token} invitation={lookup.data} />
      )}
    </AuthLayout>
  );
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationLookup }) {
  const [, navigate] = useLocation();
  const accept = useAcceptInvitation();
  const form = useForm<AcceptInvitationValues>({
    resolver: zodResolver(acceptInvitationSchema(invitation.user_exists)),
    defaultValues: { name: '', password: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((v) =>
    accept.mutate(
      { token, password: v.password, name: invitation.user_exists ? undefined : v.name },
      { onSuccess: () => navigate('/') },
    ),
  );

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <div className="rounded-lg border bg-muted/40 p-4 text-sm" data-testid="invitation-summary">
        <p>
          You have been invited to join{' '}
          <span className="font-semibold" data-testid="invitation-tenant">{invitation.tenant_name}</span> as{' '}
          <Badge variant="secondary">{humanize(invitation.role)}</Badge>
        </p>
        <p className="mt-1 text-muted-foreground">{invitation.email}</p>
      </div>
      <FormError error={accept.error} />
      {invitation.user_exists ? (
        <p className="text-sm text-muted-foreground">
          You already have an account. Enter its password to accept the invitation.
        </p>
      ) : (
        <Field label="Your name" htmlFor="name" error={errors.name?.message}>
          <Input id="name" autoComplete="name" autoFocus {...form.register('name')} />
        </Field>
      )}
      <Field
        label={invitation.user_exists ? 'Password' : 'Choose a password'}
        htmlFor="password"
        error={errors.password?.message}
        hint={invitation.user_exists ? undefined : '8 to 128 characters.'}
      >
        <Input
          id="password"
          type="password"
          autoComplete={invitation.user_exists ? 'current-password' : 'new-password'}
          {...form.register('password')}
        />
      </Field>
      <Button type="submit" loading={accept.isPending} data-testid="accept-submit">
        Accept invitation
      </Button>
    </form>
  );
}
