import * as React from 'react';
import { Link } from 'wouter';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRound, Trash2, Webhook } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { QueryError, Spinner } from '@/components/states';
import { useRemoveTwilio, useSaveTwilio, useTwilioIntegration } from '@/api/hooks';
import { fieldMessages } from '@/api/client';
import type { TwilioIntegration } from '@/api/types';
import { twilioCredentialsSchema, type TwilioCredentialsValues } from '@/lib/schemas';
import { formatDateTime } from '@/lib/utils';
import { WebhookUrl } from './elevenlabs-card';

export type TwilioState = 'own' | 'agency' | 'platform' | 'none';

/** Whose Twilio account numbers and calls use: this tenant's, its agency's, the platform's, or none. */
export function twilioState(i: Pick<TwilioIntegration, 'configured' | 'key_source'>): TwilioState {
  if (i.configured || i.key_source === 'own') return 'own';
  if (i.key_source === 'agency') return 'agency';
  if (i.key_source === 'platform') return 'platform';
  return 'none';
}

const STATE_BADGE: Record<TwilioState, { label: string; variant: 'success' | 'secondary' | 'warning' }> = {
  own: { label: 'Connected', variant: 'success' },
  agency: { label: 'Agency account', variant: 'secondary' },
  platform: { label: 'Platform account', variant: 'secondary' },
  none: { label: 'Not connected', variant: 'warning' },
};

export function TwilioCard({ canWrite }: { canWrite: boolean }) {
  const integration = useTwilioIntegration();
  if (integration.isPending) return <Spinner />;
  if (integration.isError) {
    return <QueryError error={integration.error} onRetry={() => void integration.refetch()} />;
  }
  const i = integration.data;
  const state = twilioState(i);
  const badge = STATE_BADGE[state];
  return (
    <Card data-testid="twilio-card">
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Twilio</CardTitle>
          <CardDescription>
            Real phone numbers and calls. Numbers you buy on the{' '}
            <Link href="/numbers" className="text-link hover:underline">
              Numbers
            </Link>{' '}
            page are bought on this account and their calls are routed to your agents.
          </CardDescription>
        </div>
        <Badge variant={badge.variant} data-testid="twilio-badge">
          {badge.label}
        </Badge>
      </CardHeader>
      <CardContent className="grid gap-6 lg:grid-cols-2">
        <ConnectionPanel integration={i} state={state} canWrite={canWrite} />
        <WebhooksPanel integration={i} />
      </CardContent>
    </Card>
  );
}

const EMPTY: TwilioCredentialsValues = { account_sid: '', auth_token: '' };

function ConnectionPanel({
  integration: i,
  state,
  canWrite,
}: {
  integration: TwilioIntegration;
  state: TwilioState;
  canWrite: boolean;
}) {
  const save = useSaveTwilio();
  const remove = useRemoveTwilio();
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const form = useForm<TwilioCredentialsValues>({ resolver: zodResolver(twilioCredentialsSchema), defaultValues: EMPTY });
  const { errors } = form.formState;
  const serverFields = fieldMessages(save.error);
  const fieldError = Boolean(serverFields.account_sid || serverFields.auth_token);

  const onSubmit = form.handleSubmit((v) =>
    save.mutate(v, {
      onSuccess: () => {
        form.reset(EMPTY);
        toast.success('Twilio account saved.');
      },
      onError: (err) => {
        const f = fieldMessages(err);
        if (f.account_sid) form.setError('account_sid', { type: 'server', message: f.account_sid });
        if (f.auth_token) form.setError('auth_token', { type: 'server', message: f.auth_token });
      },
    }),
  );

  return (
    <div className="grid min-w-0 content-start gap-4">
      <div className="flex items-start gap-3 rounded-lg border bg-muted/40 p-4" data-testid="twilio-status" data-state={state}>
        <KeyRound className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
        <div className="grid min-w-0 gap-1 text-sm">
          {state === 'own' ? (
            <>
              <p className="font-medium">Connected with your own account</p>
              <p className="grid gap-0.5 text-muted-foreground">
                <span className="min-w-0 break-all">
                  Account SID{' '}
                  <code className="font-mono text-foreground" data-testid="twilio-account-sid">
                    {i.account_sid}
                  </code>
                </span>
                <span>
                  Auth Token{' '}
                  <code className="font-mono text-foreground" data-testid="twilio-token-hint">
                    {i.token_hint}
                  </code>
                  {i.updated_at && <> · updated {formatDateTime(i.updated_at)}</>}
                </span>
              </p>
            </>
          ) : state === 'agency' ? (
            <>
              <p className="font-medium">Using your agency’s account</p>
              <p className="text-muted-foreground">
                Twilio numbers and calls use your agency’s Twilio account. Add your own to use yours instead.
              </p>
            </>
          ) : state === 'platform' ? (
            <>
              <p className="font-medium">Using the platform’s account</p>
              <p className="text-muted-foreground">
                Twilio numbers and calls use the platform’s Twilio account. Add your own to use yours instead.
              </p>
            </>
          ) : (
            <>
              <p className="font-medium">Not connected</p>
              <p className="text-muted-foreground">
                Only the simulator is available: its free, fictional numbers let you try your agents. Add a Twilio
                account to buy real numbers.
              </p>
            </>
          )}
        </div>
      </div>

      {canWrite && (
        <form onSubmit={onSubmit} noValidate className="grid gap-3" data-testid="twilio-form">
          <Field
            label="Account SID"
            htmlFor="twilio-sid"
            error={errors.account_sid?.message}
            hint="In the Twilio Console under Account info; it starts with AC."
          >
            <Input
              id="twilio-sid"
              autoComplete="off"
              spellCheck={false}
              placeholder="AC…"
              className="font-mono"
              aria-invalid={!!errors.account_sid}
              {...form.register('account_sid')}
              data-testid="twilio-sid-input"
            />
          </Field>
          <Field
            label="Auth Token"
            htmlFor="twilio-token"
            error={errors.auth_token?.message}
            hint="Stored encrypted and never shown again."
          >
            <Input
              id="twilio-token"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              className="font-mono"
              aria-invalid={!!errors.auth_token}
              {...form.register('auth_token')}
              data-testid="twilio-token-input"
            />
          </Field>
          <FormError error={save.error && !fieldError ? save.error : null} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={save.isPending} data-testid="twilio-save">
              {i.configured ? 'Replace account' : 'Save account'}
            </Button>
            {i.configured && (
              <Button type="button" variant="outline" onClick={() => setConfirmOpen(true)} data-testid="twilio-remove">
                <Trash2 className="text-destructive" /> Remove account
              </Button>
            )}
          </div>
        </form>
      )}

      <ConfirmDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title="Remove the Twilio account?"
        description="Numbers already bought stay in that Twilio account. New Twilio numbers and calls then use your agency’s or the platform’s account if there is one; otherwise only the simulator is available."
        confirmLabel="Remove account"
        destructive
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.success('Twilio account removed.');
              setConfirmOpen(false);
            },
          })
        }
      />
    </div>
  );
}

function WebhooksPanel({ integration: i }: { integration: TwilioIntegration }) {
  return (
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] content-start gap-4" data-testid="twilio-webhooks">
      <div className="flex items-center gap-2 text-sm font-medium">
        <Webhook className="size-4 text-muted-foreground" /> Webhooks
      </div>
      <WebhookUrl
        label="Voice webhook"
        url={i.voice_webhook_url}
        testId="twilio-voice-webhook-url"
        help="Twilio asks it how to answer each call to one of your numbers; the assigned agent takes the call."
      />
      <WebhookUrl
        label="Status callback"
        url={i.status_webhook_url}
        testId="twilio-status-webhook-url"
        help="Twilio reports each call’s progress and duration here."
      />
      <p className="text-xs text-muted-foreground" data-testid="twilio-webhooks-note">
        Numbers bought here are configured with both automatically: there is nothing to set up in Twilio. Requests
        are checked against Twilio’s signature.
      </p>
    </div>
  );
}
