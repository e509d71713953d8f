import * as React from 'react';
import { Link } from 'wouter';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Cloud, FlaskConical, MapPin, Search } from 'lucide-react';
import { toast } from 'sonner';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { useAvailableNumbers, useBuyNumber, useNumberAgents, useTwilioIntegration } from '@/api/hooks';
import { ApiError, errorMessage, fieldMessages } from '@/api/client';
import type { AvailableNumber } from '@/api/types';
import {
  buyErrorMessage,
  formatPhoneNumber,
  numberSearchSchema,
  NUMBER_LABEL_MAX,
  toSearchQuery,
  type NumberSearchQuery,
  type NumberSearchValues,
} from '@/lib/numbers';
import { PERM } from '@/lib/permissions';
import { cn } from '@/lib/utils';
import { AgentSelect } from './number-bits';

const CARRIERS = [
  {
    value: 'simulator',
    label: 'Simulator',
    description: 'Free, fictional numbers (+1 NXX 555-01XX) to try your agents. No carrier involved.',
    icon: FlaskConical,
  },
  {
    value: 'twilio',
    label: 'Twilio',
    description: 'Real numbers, bought on a Twilio account and billed by Twilio.',
    icon: Cloud,
  },
] as const;

const DEFAULTS: NumberSearchValues = { carrier: 'simulator', country: 'US', area_code: '', contains: '' };

function place(n: AvailableNumber): string {
  return [n.locality, n.region, n.country].filter(Boolean).join(', ');
}

export function BuyNumberDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const can = useCan();
  const form = useForm<NumberSearchValues>({ resolver: zodResolver(numberSearchSchema), defaultValues: DEFAULTS });
  const { errors } = form.formState;
  const [search, setSearch] = React.useState<NumberSearchQuery | null>(null);
  const results = useAvailableNumbers(search);
  const [picked, setPicked] = React.useState<AvailableNumber | null>(null);
  const [agentId, setAgentId] = React.useState<string | null>(null);
  const [label, setLabel] = React.useState('');
  const buy = useBuyNumber();
  const agents = useNumberAgents(open && can(PERM.agentsRead));
  // Whether there is a Twilio account to use, when the user may see the settings.
  const twilio = useTwilioIntegration(open && can(PERM.settingsRead));
  const twilioMissing = twilio.data ? twilio.data.key_source == null : false;

  React.useEffect(() => {
    if (open) {
      form.reset(DEFAULTS);
      setSearch(null);
      setPicked(null);
      setAgentId(null);
      setLabel('');
      buy.reset();
    }
  }, [open]);

  const searchFields = fieldMessages(results.error);
  const notConfigured = results.error instanceof ApiError && results.error.code === 'not_configured';

  const onSearch = form.handleSubmit((v) => {
    const q = toSearchQuery(v);
    setPicked(null);
    buy.reset();
    if (search && JSON.stringify(search) === JSON.stringify(q)) void results.refetch();
    else setSearch(q);
  });

  const onBuy = () => {
    if (!picked || !search) return;
    buy.mutate(
      {
        carrier: search.carrier,
        phone_number: picked.phone_number,
        agent_id: agentId,
        friendly_name: label.trim() || null,
      },
      {
        onSuccess: (n) => {
          toast.success(`Buying ${formatPhoneNumber(n.phone_number)}…`);
          onOpenChange(false);
        },
      },
    );
  };

  const items = results.data?.items ?? [];

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid="buy-number-dialog">
        <DialogHeader>
          <DialogTitle>Buy a number</DialogTitle>
          <DialogDescription>Search a carrier’s numbers, pick one and choose the agent that answers its calls.</DialogDescription>
        </DialogHeader>

        <form onSubmit={onSearch} noValidate className="grid gap-4" data-testid="number-search-form">
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" id="carrier-label">
              Carrier
            </span>
            <Controller
              control={form.control}
              name="carrier"
              render={({ field }) => (
                <div role="radiogroup" aria-labelledby="carrier-label" className="grid gap-2 sm:grid-cols-2">
                  {CARRIERS.map(({ value, label: name, description, icon: Icon }) => {
                    const checked = field.value === value;
                    return (
                      <button
                        key={value}
                        type="button"
                        role="radio"
                        aria-checked={checked}
                        onClick={() => {
                          if (field.value === value) return;
                          field.onChange(value);
                          setSearch(null);
                          setPicked(null);
                        }}
                        data-testid={`carrier-${value}`}
                        className={cn(
                          'flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-left text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                          checked ? 'border-primary bg-primary/5 dark:bg-primary/15' : 'hover:bg-accent',
                        )}
                      >
                        <span
                          className={cn(
                            'mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md',
                            checked ? 'bg-primary text-primary-foreground' : 'bg-muted text-muted-foreground',
                          )}
                        >
                          <Icon className="size-4" />
                        </span>
                        <span>
                          <span className="block font-medium">{name}</span>
                          <span className="block text-xs text-muted-foreground">{description}</span>
                          {value === 'twilio' && twilioMissing && (
                            <span className="mt-1 block text-xs text-warning" data-testid="twilio-missing">
                              No Twilio account is connected yet.
                            </span>
                          )}
                        </span>
                      </button>
                    );
                  })}
                </div>
              )}
            />
          </div>
          <div className="grid gap-3 sm:grid-cols-[6rem_8rem_minmax(0,1fr)_auto] sm:items-start">
            <Field label="Country" htmlFor="search-country" error={errors.country?.message ?? searchFields.country}>
              <Input
                id="search-country"
                maxLength={2}
                autoComplete="off"
                className="uppercase"
                aria-invalid={!!(errors.country || searchFields.country)}
                {...form.register('country')}
                data-testid="search-country"
              />
            </Field>
            <Field label="Area code" htmlFor="search-area-code" error={errors.area_code?.message ?? searchFields.area_code}>
              <Input
                id="search-area-code"
                inputMode="numeric"
                autoComplete="off"
                placeholder="e.g. 212"
                aria-invalid={!!(errors.area_code || searchFields.area_code)}
                {...form.register('area_code')}
                data-testid="search-area-code"
              />
            </Field>
            <Field label="Contains" htmlFor="search-contains" error={errors.contains?.message ?? searchFields.contains}>
              <Input
                id="search-contains"
                autoComplete="off"
                placeholder="Digits or letters, e.g. 0107"
                aria-invalid={!!(errors.contains || searchFields.contains)}
                {...form.register('contains')}
                data-testid="search-contains"
              />
            </Field>
            <div className="grid gap-1.5">
              <span className="hidden text-sm font-medium leading-none sm:block" aria-hidden>
                &nbsp;
              </span>
              <Button type="submit" variant="outline" loading={results.isFetching} data-testid="search-submit">
                {!results.isFetching && <Search />} Search
              </Button>
            </div>
          </div>
        </form>

        {search && (
          <div className="grid gap-2" data-testid="search-results">
            {results.isPending ? (
              <Spinner label="Searching…" />
            ) : results.isError ? (
              notConfigured ? (
                <Alert variant="warning" data-testid="search-not-configured">
                  <AlertDescription>
                    {errorMessage(results.error)}{' '}
                    <Link href="/settings?tab=integrations" className="font-medium text-link underline" onClick={() => onOpenChange(false)}>
                      Open Settings › Integrations
                    </Link>
                  </AlertDescription>
                </Alert>
              ) : Object.keys(searchFields).length > 0 ? null : (
                <FormError error={results.error} />
              )
            ) : items.length === 0 ? (
              <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid="search-empty">
                No numbers match. Try another area code or fewer digits.
              </p>
            ) : (
              <>
                <span className="text-sm font-medium" id="results-label">
                  Pick a number
                </span>
                <div
                  role="radiogroup"
                  aria-labelledby="results-label"
                  className="grid max-h-56 gap-1 overflow-y-auto rounded-lg border p-1 sm:grid-cols-2"
                >
                  {items.map((n) => {
                    const checked = picked?.phone_number === n.phone_number;
                    return (
                      <button
                        key={n.phone_number}
                        type="button"
                        role="radio"
                        aria-checked={checked}
                        onClick={() => {
                          setPicked(n);
                          buy.reset();
                        }}
                        data-testid="available-number"
                        data-number={n.phone_number}
                        className={cn(
                          'flex cursor-pointer flex-col items-start rounded-md border border-transparent px-3 py-2 text-left text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                          checked ? 'border-primary bg-primary/5 dark:bg-primary/15' : 'hover:bg-accent',
                        )}
                      >
                        <span className="font-mono font-medium tabular-nums">{formatPhoneNumber(n.phone_number)}</span>
                        {place(n) && (
                          <span className="flex items-center gap-1 text-xs text-muted-foreground">
                            <MapPin className="size-3" aria-hidden /> {place(n)}
                          </span>
                        )}
                      </button>
                    );
                  })}
                </div>
              </>
            )}
          </div>
        )}

        {picked && (
          <div className="grid gap-4 border-t pt-4" data-testid="buy-details">
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="grid gap-1.5">
                <Label htmlFor="buy-agent">Answered by</Label>
                <AgentSelect
                  id="buy-agent"
                  value={agentId}
                  onChange={setAgentId}
                  agents={agents.callAgents}
                  names={agents.names}
                  className="sm:w-full"
                  label="Answered by"
                  testId="buy-agent"
                />
                <p className="text-xs text-muted-foreground">You can assign or change the agent later.</p>
              </div>
              <Field label="Label (optional)" htmlFor="buy-label">
                <Input
                  id="buy-label"
                  value={label}
                  maxLength={NUMBER_LABEL_MAX}
                  onChange={(e) => setLabel(e.target.value)}
                  placeholder={formatPhoneNumber(picked.phone_number)}
                  data-testid="buy-label"
                />
              </Field>
            </div>
            {buy.error ? (
              <Alert
                variant="destructive"
                data-testid="buy-error"
                data-code={buy.error instanceof ApiError ? buy.error.code : undefined}
              >
                <AlertDescription>{buyErrorMessage(buy.error)}</AlertDescription>
              </Alert>
            ) : null}
          </div>
        )}

        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="button" onClick={onBuy} disabled={!picked} loading={buy.isPending} data-testid="buy-submit">
            {picked ? `Buy ${formatPhoneNumber(picked.phone_number)}` : 'Buy'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
