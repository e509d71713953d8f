import * as React from 'react';
import { Controller, useFieldArray, useForm, type FieldErrors } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Plus, RotateCcw, Save, Trash2, Variable } from 'lucide-react';
import { toast } from 'sonner';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Slider } from '@/components/ui/slider';
import { Switch } from '@/components/ui/switch';
import { Field } from '@/components/field';
import { FormError } from '@/components/form-error';
import { useUpdateAgent } from '@/api/hooks';
import { ApiError, fieldMessages } from '@/api/client';
import type { Agent } from '@/api/types';
import {
  AGENT_LIMITS,
  agentFormSchema,
  formFieldFor,
  toConfig,
  toFormValues,
  type AgentFormValues,
} from '@/lib/agent-schema';
import { cn } from '@/lib/utils';
import { LanguageDatalist, LanguageListInput } from './language-list-input';

const LLM_PROVIDERS = [
  { value: 'offline', label: 'Offline (built-in, no model)' },
  { value: 'openai_compatible', label: 'OpenAI-compatible API' },
];

const RUNTIME_LABELS = {
  builtin: 'Switchboard (built-in)',
  elevenlabs: 'ElevenLabs Conversational AI',
} as const;

function formatDuration(secs: number): string {
  if (!Number.isFinite(secs) || secs <= 0) return '';
  const m = Math.floor(secs / 60);
  const s = secs % 60;
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function Counter({ value, max }: { value: string; max: number }) {
  const n = Array.from(value ?? '').length;
  return (
    <span className={cn('text-xs tabular-nums', n > max ? 'text-destructive' : 'text-muted-foreground')}>
      {n.toLocaleString()} / {max.toLocaleString()}
    </span>
  );
}

/** The first message of an array field's errors (the array itself, its root, or an item). */
function arrayError(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { message?: string; root?: { message?: string } } & Record<string, unknown>;
  if (e.message) return e.message;
  if (e.root?.message) return e.root.message;
  for (const v of Object.values(e)) {
    if (v && typeof v === 'object' && 'message' in v && typeof (v as { message?: unknown }).message === 'string') {
      return (v as { message: string }).message;
    }
  }
  return undefined;
}

/** An error of the variables list as a whole (the server's `variables`, or too many rows). */
function variablesError(err: unknown): string | undefined {
  const e = err as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
}

/** Moves server field errors (dotted names) under the matching inputs; true when all found one. */
function applyServerErrors(err: unknown, setError: (name: never, e: { type: string; message: string }) => void): boolean {
  const fields = fieldMessages(err);
  let allMapped = Object.keys(fields).length > 0;
  for (const [name, message] of Object.entries(fields)) {
    const target = formFieldFor(name);
    if (target) setError(target as never, { type: 'server', message });
    else allMapped = false;
  }
  if (err instanceof ApiError && err.code === 'agent_name_taken') {
    setError('name' as never, { type: 'server', message: 'Another agent already has this name.' });
    return true;
  }
  return allMapped;
}

interface Props {
  agent: Agent;
  canWrite: boolean;
  onDirtyChange?: (dirty: boolean) => void;
}

export function ConfigForm({ agent, canWrite, onDirtyChange }: Props) {
  const update = useUpdateAgent(agent.id);
  const defaults = React.useMemo(() => toFormValues(agent.name, agent.config), [agent.name, agent.config]);
  const form = useForm<AgentFormValues>({ resolver: zodResolver(agentFormSchema), defaultValues: defaults });
  const { errors, isDirty } = form.formState;
  const variables = useFieldArray({ control: form.control, name: 'variables' });
  const [serverErrorsShown, setServerErrorsShown] = React.useState(false);

  React.useEffect(() => onDirtyChange?.(isDirty), [isDirty]);
  React.useEffect(() => () => onDirtyChange?.(false), []);

  const onSubmit = form.handleSubmit((v) => {
    setServerErrorsShown(false);
    update.mutate(
      { name: v.name.trim(), config: toConfig(v, agent.config) },
      {
        onSuccess: () => toast.success('Configuration saved.'),
        onError: (err) => setServerErrorsShown(applyServerErrors(err, form.setError as never)),
      },
    );
  });

  const watchDuration = form.watch('max_call_duration_secs');
  const watchPrompt = form.watch('system_prompt');
  const watchFirst = form.watch('first_message');
  const llmProvider = form.watch('llm.provider');
  const providers = LLM_PROVIDERS.some((p) => p.value === llmProvider)
    ? LLM_PROVIDERS
    : [...LLM_PROVIDERS, { value: llmProvider, label: llmProvider }];
  const e = errors as FieldErrors<AgentFormValues>;
  const isCall = agent.kind === 'call';

  return (
    <form onSubmit={onSubmit} noValidate data-testid="agent-config-form">
      <fieldset disabled={!canWrite} className="grid min-w-0 gap-6">
        {update.error && serverErrorsShown ? (
          <Alert variant="destructive" data-testid="form-error">
            <AlertDescription>The server did not accept some fields; see the messages below them.</AlertDescription>
          </Alert>
        ) : (
          <FormError error={update.error} />
        )}

        <Card>
          <CardHeader>
            <CardTitle>General</CardTitle>
            <CardDescription>How the agent is named and where its conversations run.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" htmlFor="cfg-name" error={e.name?.message} className="content-start">
              <Input id="cfg-name" aria-invalid={!!e.name} {...form.register('name')} data-testid="cfg-name" />
            </Field>
            <Field label="Runtime" htmlFor="cfg-runtime" error={e.runtime?.message}>
              <Controller
                control={form.control}
                name="runtime"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange} disabled={!canWrite}>
                    <SelectTrigger id="cfg-runtime" data-testid="cfg-runtime">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {Object.entries(RUNTIME_LABELS).map(([value, label]) => (
                        <SelectItem key={value} value={value}>
                          {label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
            </Field>
            <Field
              label="Max call duration (seconds)"
              htmlFor="cfg-duration"
              error={e.max_call_duration_secs?.message}
              hint={`${AGENT_LIMITS.callDuration.min}–${AGENT_LIMITS.callDuration.max.toLocaleString('en')} s${watchDuration ? ` · ${formatDuration(watchDuration)}` : ''}`}
            >
              <Input
                id="cfg-duration"
                type="number"
                inputMode="numeric"
                min={AGENT_LIMITS.callDuration.min}
                max={AGENT_LIMITS.callDuration.max}
                step={1}
                aria-invalid={!!e.max_call_duration_secs}
                {...form.register('max_call_duration_secs', { valueAsNumber: true })}
              />
            </Field>
            <div className="grid gap-1.5">
              <Label htmlFor="cfg-recording">Recording</Label>
              <div className="flex h-9 items-center gap-3">
                <Controller
                  control={form.control}
                  name="recording"
                  render={({ field }) => (
                    <Switch id="cfg-recording" checked={field.value} onCheckedChange={field.onChange} disabled={!canWrite} data-testid="cfg-recording" />
                  )}
                />
                <span className="text-sm text-muted-foreground">{form.watch('recording') ? 'Calls are recorded' : 'Calls are not recorded'}</span>
              </div>
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Conversation</CardTitle>
            <CardDescription>
              Instructions and the opening line. Both may use variables such as{' '}
              <code className="rounded bg-muted px-1 font-mono text-xs">{'{{company}}'}</code>.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <div className="grid gap-1.5">
              <div className="flex items-baseline justify-between gap-2">
                <Label htmlFor="cfg-prompt">System prompt</Label>
                <Counter value={watchPrompt} max={AGENT_LIMITS.systemPrompt} />
              </div>
              <Textarea id="cfg-prompt" rows={8} className="font-mono text-[13px] leading-relaxed" aria-invalid={!!e.system_prompt} {...form.register('system_prompt')} />
              {e.system_prompt && <p className="text-xs text-destructive" data-testid="error-cfg-prompt">{e.system_prompt.message}</p>}
            </div>
            <div className="grid gap-1.5">
              <div className="flex items-baseline justify-between gap-2">
                <Label htmlFor="cfg-first">First message</Label>
                <Counter value={watchFirst} max={AGENT_LIMITS.firstMessage} />
              </div>
              <Textarea id="cfg-first" rows={2} aria-invalid={!!e.first_message} {...form.register('first_message')} data-testid="cfg-first-message" />
              {e.first_message && <p className="text-xs text-destructive" data-testid="error-cfg-first">{e.first_message.message}</p>}
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Language model</CardTitle>
            <CardDescription>Which model writes the replies, and how.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Provider" htmlFor="cfg-llm-provider" error={e.llm?.provider?.message}>
              <Controller
                control={form.control}
                name="llm.provider"
                render={({ field }) => (
                  <Select value={field.value} onValueChange={field.onChange} disabled={!canWrite}>
                    <SelectTrigger id="cfg-llm-provider" data-testid="cfg-llm-provider">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {providers.map((p) => (
                        <SelectItem key={p.value} value={p.value}>
                          {p.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              />
            </Field>
            <Field label="Model" htmlFor="cfg-llm-model" error={e.llm?.model?.message}>
              <Input id="cfg-llm-model" className="font-mono" placeholder="gpt-4o-mini" aria-invalid={!!e.llm?.model} {...form.register('llm.model')} />
            </Field>
            <Controller
              control={form.control}
              name="llm.temperature"
              render={({ field }) => (
                <Field label="Temperature" htmlFor="cfg-temperature" error={e.llm?.temperature?.message} hint="0 = focused and repeatable, 2 = most varied">
                  <div className="flex h-9 items-center gap-3">
                    <Slider
                      id="cfg-temperature"
                      min={AGENT_LIMITS.temperature.min}
                      max={AGENT_LIMITS.temperature.max}
                      step={AGENT_LIMITS.temperature.step}
                      value={field.value}
                      onValueChange={(v) => field.onChange(Math.round(v * 100) / 100)}
                      onBlur={field.onBlur}
                      aria-invalid={!!e.llm?.temperature}
                      data-testid="cfg-temperature"
                    />
                    <span
                      className="w-12 shrink-0 rounded-md border bg-muted/50 py-1 text-center font-mono text-xs tabular-nums"
                      data-testid="cfg-temperature-value"
                    >
                      {Number.isFinite(field.value) ? field.value.toFixed(2) : '—'}
                    </span>
                  </div>
                </Field>
              )}
            />
            <Field label="Max tokens per reply" htmlFor="cfg-max-tokens" error={e.llm?.max_tokens?.message} hint="1–32,000">
              <Input
                id="cfg-max-tokens"
                type="number"
                inputMode="numeric"
                min={AGENT_LIMITS.maxTokens.min}
                max={AGENT_LIMITS.maxTokens.max}
                aria-invalid={!!e.llm?.max_tokens}
                {...form.register('llm.max_tokens', { valueAsNumber: true })}
              />
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Languages &amp; voice</CardTitle>
            <CardDescription>
              Language tags like <span className="font-mono">en-US</span>, <span className="font-mono">de-AT</span> or{' '}
              <span className="font-mono">es-419</span>.{!isCall && ' The voice applies to call agents only.'}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Primary language" htmlFor="cfg-lang-primary" error={e.languages?.primary?.message} className="content-start">
              <Input id="cfg-lang-primary" className="font-mono" list="cfg-lang-options" aria-invalid={!!e.languages?.primary} {...form.register('languages.primary')} />
              <LanguageDatalist id="cfg-lang-options" />
            </Field>
            <div className="grid content-start gap-1.5">
              <Label htmlFor="cfg-lang-allowed">Other languages</Label>
              <Controller
                control={form.control}
                name="languages.allowed"
                render={({ field }) => (
                  <LanguageListInput id="cfg-lang-allowed" value={field.value} onChange={field.onChange} disabled={!canWrite} invalid={!!e.languages?.allowed} />
                )}
              />
              {arrayError(e.languages?.allowed) ? (
                <p className="text-xs text-destructive" data-testid="error-cfg-lang-allowed">{arrayError(e.languages?.allowed)}</p>
              ) : (
                <p className="text-xs text-muted-foreground">The agent may switch to these when the caller does.</p>
              )}
            </div>
            <Field label="Voice provider" htmlFor="cfg-voice-provider" error={e.voice?.provider?.message}>
              <Input id="cfg-voice-provider" className="font-mono" list="cfg-voice-providers" aria-invalid={!!e.voice?.provider} {...form.register('voice.provider')} />
              <datalist id="cfg-voice-providers">
                <option value="elevenlabs" />
                <option value="offline" />
              </datalist>
            </Field>
            <Field label="Voice id" htmlFor="cfg-voice-id" error={e.voice?.voice_id?.message}>
              <Input id="cfg-voice-id" className="font-mono" aria-invalid={!!e.voice?.voice_id} {...form.register('voice.voice_id')} />
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader className="flex-row items-start justify-between gap-4">
            <div className="grid gap-1.5">
              <CardTitle>Variables</CardTitle>
              <CardDescription>
                Default values for <code className="rounded bg-muted px-1 font-mono text-xs">{'{{name}}'}</code> placeholders; a call or chat
                can override them.
              </CardDescription>
            </div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => variables.append({ key: '', value: '' })}
              disabled={!canWrite || variables.fields.length >= AGENT_LIMITS.variables}
              data-testid="add-variable"
            >
              <Plus /> Add variable
            </Button>
          </CardHeader>
          <CardContent className="grid gap-2" data-testid="variables-editor">
            {variables.fields.length === 0 ? (
              <div className="flex items-center gap-2 rounded-lg border border-dashed p-4 text-sm text-muted-foreground">
                <Variable className="size-4" /> No variables.
              </div>
            ) : (
              <>
                <div className="hidden grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] gap-2 px-0.5 text-xs font-medium text-muted-foreground sm:grid">
                  <span>Name</span>
                  <span>Default value</span>
                </div>
                {variables.fields.map((f, i) => {
                  const rowErr = e.variables?.[i];
                  return (
                    <div key={f.id} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] items-start gap-2" data-testid="variable-row">
                      <div className="grid gap-1">
                        <Input
                          aria-label={`Variable ${i + 1} name`}
                          placeholder="contact.name"
                          className="font-mono"
                          aria-invalid={!!rowErr?.key}
                          {...form.register(`variables.${i}.key`)}
                          data-testid="variable-key"
                        />
                        {rowErr?.key && <p className="text-xs text-destructive">{rowErr.key.message}</p>}
                      </div>
                      <div className="grid gap-1">
                        <Input aria-label={`Variable ${i + 1} value`} aria-invalid={!!rowErr?.value} {...form.register(`variables.${i}.value`)} data-testid="variable-value" />
                        {rowErr?.value && <p className="text-xs text-destructive">{rowErr.value.message}</p>}
                      </div>
                      <Button type="button" variant="ghost" size="icon" aria-label={`Remove variable ${i + 1}`} onClick={() => variables.remove(i)}>
                        <Trash2 className="text-muted-foreground" />
                      </Button>
                    </div>
                  );
                })}
              </>
            )}
            {variablesError(e.variables) && (
              <p className="text-xs text-destructive" data-testid="error-variables">{variablesError(e.variables)}</p>
            )}
          </CardContent>
        </Card>

        {canWrite && (
          <div className="flex items-center justify-end gap-2 rounded-xl border bg-card px-4 py-3 shadow-sm">
            <span className="mr-auto text-sm text-muted-foreground" data-testid="config-dirty">
              {isDirty ? 'Unsaved changes' : 'All changes saved'}
            </span>
            <Button
              type="button"
              variant="outline"
              disabled={!isDirty || update.isPending}
              onClick={() => {
                form.reset(defaults);
                update.reset();
              }}
            >
              <RotateCcw /> Discard
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="config-save">
              <Save /> Save draft
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
