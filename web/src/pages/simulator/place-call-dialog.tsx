import * as React from 'react';
import { Link, useLocation } from 'wouter';
import { Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { Spinner } from '@/components/states';
import { useCan } from '@/components/guards';
import { usePlaceCall } from '@/api/calls';
import { ApiError, fieldMessages } from '@/api/client';
import { useNumberAgents, useNumbers } from '@/api/hooks';
import { formatPhoneNumber } from '@/lib/numbers';
import { PERM } from '@/lib/permissions';
import {
  checkScript,
  checkVariables,
  looksLikePhone,
  preset,
  refusalKind,
  serverScriptErrors,
  toDrafts,
  variableRow,
  VARIABLE_KEY_MAX,
  type DraftStep,
  type VariableRow,
} from '@/lib/simulator';
import { randomId } from '@/lib/utils';
import { NumberPicker, RefusalAlert } from './call-bits';
import { ScriptEditor } from './script-editor';

interface Problems {
  from?: string;
  to?: string;
  variables: Record<string, string>;
  variablesForm?: string;
  steps: Record<string, string>;
  script?: string;
}

const NO_PROBLEMS: Problems = { variables: {}, steps: {} };

/** Codes the server uses for a call it would not place (shown with the way out, not as a form error). */
function isRefusal(err: unknown): boolean {
  return err instanceof ApiError && refusalKind(err) !== 'other';
}

/**
 * "Call a number": an outbound call from one of the tenant's active numbers; its agent talks. On a
 * simulator number a scripted callee answers (editable, "hello, then hang up" by default). Every
 * submission carries a fresh Idempotency-Key, so a request retried by the network places one call.
 */
export function PlaceCallDialog({
  open,
  onOpenChange,
  defaultNumberId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultNumberId?: string | null;
}) {
  const can = useCan();
  const [, navigate] = useLocation();
  const canSeeNumbers = can(PERM.numbersRead);
  const numbers = useNumbers(false, open && canSeeNumbers);
  const agents = useNumberAgents(open && can(PERM.agentsRead));
  const active = React.useMemo(() => numbers.items.filter((n) => n.status === 'active'), [numbers.items]);
  const place = usePlaceCall();

  const [fromId, setFromId] = React.useState('');
  const [to, setTo] = React.useState('');
  const [vars, setVars] = React.useState<VariableRow[]>([]);
  const [scripted, setScripted] = React.useState(true);
  const [steps, setSteps] = React.useState<DraftStep[]>(() => toDrafts(preset('short').steps));
  const [problems, setProblems] = React.useState<Problems>(NO_PROBLEMS);

  React.useEffect(() => {
    if (!open) return;
    setFromId(defaultNumberId ?? '');
    setTo('');
    setVars([]);
    setScripted(true);
    setSteps(toDrafts(preset('short').steps));
    setProblems(NO_PROBLEMS);
    place.reset();
  }, [open, defaultNumberId]);

  // The only number, or the default one once the list is there.
  React.useEffect(() => {
    if (open && !fromId && active.length === 1) setFromId(active[0].id);
  }, [open, fromId, active]);

  const from = active.find((n) => n.id === fromId) ?? null;
  const simulator = from?.carrier === 'simulator';

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (place.isPending) return;
    const next: Problems = { variables: {}, steps: {} };
    if (!from) next.from = 'Choose the number to call from';
    if (!to.trim()) next.to = 'Enter the number to call';
    else if (!looksLikePhone(to)) next.to = 'A phone number, e.g. +14155552671';
    const v = checkVariables(vars);
    next.variables = v.rows;
    const s = simulator && scripted ? checkScript(steps) : null;
    if (s) {
      next.steps = s.steps;
      next.script = s.script_error;
    }
    setProblems(next);
    if (next.from || next.to || !v.variables || (s && !s.script) || !from) return;
    place.mutate(
      {
        idempotencyKey: randomId(),
        body: {
          from_number_id: from.id,
          to: to.trim(),
          variables: v.variables,
          simulator_script: s?.script ?? null,
        },
      },
      {
        onSuccess: (call) => {
          toast.success(`Calling ${formatPhoneNumber(call.to_number ?? to.trim())}…`, {
            action: { label: 'Open', onClick: () => navigate(`/calls/${call.id}`) },
          });
          onOpenChange(false);
        },
        onError: (err) => {
          const f = fieldMessages(err);
          const script = serverScriptErrors(err, steps, 'simulator_script');
          setProblems({
            from: f.from_number_id,
            to: f.to,
            variables: {},
            variablesForm: f.variables,
            steps: script.steps,
            script: script.script_error,
          });
        },
      },
    );
  };

  const serverFields = fieldMessages(place.error);
  const refused = isRefusal(place.error);
  const otherError = place.error && !refused && Object.keys(serverFields).length === 0 ? place.error : null;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] max-w-2xl overflow-y-auto" data-testid="place-call-dialog">
        <DialogHeader>
          <DialogTitle>Call a number</DialogTitle>
          <DialogDescription>
            The agent answering the number you call from makes the call. Try it on your own phone, or on any number from a simulator
            number, where a scripted callee answers.
          </DialogDescription>
        </DialogHeader>

        {!canSeeNumbers ? (
          <Alert variant="warning">
            <AlertDescription>Your role cannot see the account’s phone numbers, so it cannot choose one to call from.</AlertDescription>
          </Alert>
        ) : numbers.isPending ? (
          <Spinner />
        ) : active.length === 0 ? (
          <Alert variant="warning" data-testid="place-no-numbers">
            <AlertDescription>
              You need an active number to call from.{' '}
              <Link href="/numbers" className="font-medium text-link underline" onClick={() => onOpenChange(false)}>
                Get one on the Numbers page
              </Link>{' '}
              (simulator numbers are free).
            </AlertDescription>
          </Alert>
        ) : (
          <form id="place-call-form" onSubmit={submit} noValidate className="grid gap-4">
            {refused ? (
              <RefusalAlert reason={place.error} onNavigate={() => onOpenChange(false)} testId="place-refusal" />
            ) : (
              <FormError error={otherError} />
            )}
            <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
              <Field label="From" htmlFor="place-from" error={problems.from} className="min-w-0 grid-cols-[minmax(0,1fr)]">
                <NumberPicker
                  id="place-from"
                  numbers={active}
                  value={fromId}
                  onChange={(id) => {
                    setFromId(id);
                    if (problems.from) setProblems({ ...problems, from: undefined });
                    place.reset();
                  }}
                  names={agents.names}
                  invalid={!!problems.from}
                  label="Call from"
                  testId="place-from"
                  showCarrier
                />
              </Field>
              <Field label="To" htmlFor="place-to" error={problems.to} hint="E.164 (+14155552671) or a national number." className="min-w-0 grid-cols-[minmax(0,1fr)]">
                <Input
                  id="place-to"
                  value={to}
                  inputMode="tel"
                  autoComplete="tel"
                  placeholder="+14155552671"
                  aria-invalid={!!problems.to}
                  onChange={(e) => {
                    setTo(e.target.value);
                    if (problems.to) setProblems({ ...problems, to: undefined });
                  }}
                  data-testid="place-to"
                />
              </Field>
            </div>
            {from && !from.agent_id && (
              <Alert variant="warning" data-testid="place-no-agent">
                <AlertDescription>No agent answers this number, so the call will be refused. Assign one on the Numbers page.</AlertDescription>
              </Alert>
            )}

            <div className="grid gap-2">
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm font-medium">Variables (optional)</span>
                <Button type="button" variant="ghost" size="sm" onClick={() => setVars([...vars, variableRow()])} data-testid="place-var-add">
                  <Plus /> Add variable
                </Button>
              </div>
              <p className="text-xs text-muted-foreground">
                Fill the agent’s <code className="font-mono">{'{{placeholders}}'}</code> for this call, over its defaults.
              </p>
              {vars.map((r, i) => (
                <div key={r.id} className="grid gap-1" data-testid="place-var-row">
                  <div className="flex items-center gap-2">
                    <Input
                      value={r.key}
                      maxLength={VARIABLE_KEY_MAX}
                      placeholder="name, e.g. customer"
                      aria-label={`Variable ${i + 1} name`}
                      aria-invalid={!!problems.variables[r.id]}
                      className="font-mono"
                      onChange={(e) => setVars(vars.map((x) => (x.id === r.id ? { ...x, key: e.target.value } : x)))}
                      data-testid="place-var-key"
                    />
                    <Input
                      value={r.value}
                      placeholder="value"
                      aria-label={`Variable ${i + 1} value`}
                      onChange={(e) => setVars(vars.map((x) => (x.id === r.id ? { ...x, value: e.target.value } : x)))}
                      data-testid="place-var-value"
                    />
                    <Button
                      type="button"
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove variable ${i + 1}`}
                      onClick={() => setVars(vars.filter((x) => x.id !== r.id))}
                      data-testid="place-var-remove"
                    >
                      <Trash2 className="text-destructive" />
                    </Button>
                  </div>
                  {problems.variables[r.id] && <p className="text-xs text-destructive">{problems.variables[r.id]}</p>}
                </div>
              ))}
              {problems.variablesForm && <p className="text-xs text-destructive">{problems.variablesForm}</p>}
            </div>

            {simulator && (
              <div className="grid gap-3 rounded-lg border p-3" data-testid="place-callee">
                <div className="flex items-start gap-3">
                  <Switch id="place-scripted" checked={scripted} onCheckedChange={setScripted} data-testid="place-scripted" />
                  <div className="grid gap-1">
                    <Label htmlFor="place-scripted" className="cursor-pointer">
                      Script the callee
                    </Label>
                    <p className="text-xs text-muted-foreground">
                      A simulator number calls a simulated phone. {scripted ? 'It does what you write here.' : 'It says hello, then goodbye.'}
                    </p>
                  </div>
                </div>
                {scripted && (
                  <ScriptEditor
                    steps={steps}
                    onChange={setSteps}
                    errors={problems.steps}
                    scriptError={problems.script}
                    idPrefix="callee"
                    label="Callee script"
                  />
                )}
              </div>
            )}
          </form>
        )}

        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form="place-call-form" disabled={active.length === 0} loading={place.isPending} data-testid="place-submit">
            Call
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
