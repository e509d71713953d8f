import { ArrowDown, ArrowUp, Plus, Sparkles, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import {
  draftStep,
  moveStep,
  PAUSE_MAX_MS,
  PRESETS,
  removeStep,
  SCRIPT_MAX_STEPS,
  STEP_HINTS,
  STEP_LABELS,
  STEP_TYPES,
  STEP_TEXT_MAX,
  toDrafts,
  updateStep,
  type DraftStep,
  type ScriptPreset,
  type StepType,
} from '@/lib/simulator';
import { cn } from '@/lib/utils';

/**
 * A caller script as a list of steps: add, remove, reorder, change a step's type and input, or
 * start from a preset. Problems (from checkScript or the server) are shown under their row.
 */
export function ScriptEditor({
  steps,
  onChange,
  errors = {},
  scriptError,
  disabled = false,
  presets = PRESETS,
  idPrefix = 'script',
  label = 'Caller script',
}: {
  steps: DraftStep[];
  onChange: (steps: DraftStep[]) => void;
  errors?: Record<string, string>;
  scriptError?: string;
  disabled?: boolean;
  presets?: readonly ScriptPreset[];
  idPrefix?: string;
  label?: string;
}) {
  const full = steps.length >= SCRIPT_MAX_STEPS;
  return (
    <div className="grid gap-3" data-testid="script-editor">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium" id={`${idPrefix}-label`}>
          {label}
        </span>
        <span className="text-xs text-muted-foreground">
          {steps.length} / {SCRIPT_MAX_STEPS} steps
        </span>
      </div>
      {presets.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Presets">
          <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
            <Sparkles className="size-3" aria-hidden /> Presets:
          </span>
          {presets.map((p) => (
            <Button
              key={p.id}
              type="button"
              variant="outline"
              size="sm"
              className="h-7 rounded-full px-2.5 text-xs font-normal"
              disabled={disabled}
              onClick={() => onChange(toDrafts(p.steps))}
              data-testid={`script-preset-${p.id}`}
            >
              {p.label}
            </Button>
          ))}
        </div>
      )}
      <ol className="grid gap-2" aria-labelledby={`${idPrefix}-label`}>
        {steps.map((s, i) => (
          <StepRow
            key={s.id}
            step={s}
            index={i}
            count={steps.length}
            error={errors[s.id]}
            disabled={disabled}
            idPrefix={idPrefix}
            onChange={(change) => onChange(updateStep(steps, s.id, change))}
            onMove={(delta) => onChange(moveStep(steps, i, delta))}
            onRemove={() => onChange(removeStep(steps, s.id))}
          />
        ))}
      </ol>
      {steps.length === 0 && (
        <p className="rounded-lg border border-dashed px-4 py-4 text-center text-sm text-muted-foreground">
          No steps yet. Add one or start from a preset.
        </p>
      )}
      {scriptError && (
        <p className="text-xs text-destructive" data-testid="script-error">
          {scriptError}
        </p>
      )}
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={disabled || full}
          onClick={() => onChange([...steps, draftStep('say')])}
          data-testid="script-add-step"
        >
          <Plus /> Add step
        </Button>
      </div>
    </div>
  );
}

function StepRow({
  step,
  index,
  count,
  error,
  disabled,
  idPrefix,
  onChange,
  onMove,
  onRemove,
}: {
  step: DraftStep;
  index: number;
  count: number;
  error?: string;
  disabled: boolean;
  idPrefix: string;
  onChange: (change: Partial<Omit<DraftStep, 'id'>>) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const inputId = `${idPrefix}-step-${step.id}`;
  const errorId = `${inputId}-error`;
  return (
    <li
      className={cn('rounded-lg border bg-card p-2 dark:bg-input/10', error && 'border-destructive/60')}
      data-testid="script-step"
      data-type={step.type}
      data-index={index}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span
          className="flex size-6 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-medium tabular-nums text-muted-foreground"
          aria-hidden
        >
          {n}
        </span>
        <Select value={step.type} onValueChange={(v) => onChange({ type: v as StepType })} disabled={disabled}>
          <SelectTrigger className="w-28 shrink-0" aria-label={`Step ${n} type`} data-testid="step-type">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {STEP_TYPES.map((t) => (
              <SelectItem key={t} value={t} data-testid={`step-type-option-${t}`}>
                {STEP_LABELS[t]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <div className="min-w-28 flex-1">
          {step.type === 'say' || step.type === 'barge_in' ? (
            <Input
              id={inputId}
              value={step.text}
              maxLength={STEP_TEXT_MAX}
              placeholder={step.type === 'say' ? 'What the caller says' : 'What the caller says over the agent'}
              aria-label={`Step ${n} words`}
              aria-invalid={!!error}
              aria-describedby={error ? errorId : undefined}
              disabled={disabled}
              onChange={(e) => onChange({ text: e.target.value })}
              data-testid="step-text"
            />
          ) : step.type === 'pause' ? (
            <div className="flex items-center gap-2">
              <Input
                id={inputId}
                value={step.ms}
                inputMode="numeric"
                className="w-24"
                aria-label={`Step ${n} milliseconds`}
                aria-invalid={!!error}
                aria-describedby={error ? errorId : undefined}
                disabled={disabled}
                onChange={(e) => onChange({ ms: e.target.value })}
                data-testid="step-ms"
              />
              <span className="text-xs text-muted-foreground" title={`Up to ${PAUSE_MAX_MS.toLocaleString('en')} ms`}>
                ms
              </span>
            </div>
          ) : step.type === 'dtmf' ? (
            <Input
              id={inputId}
              value={step.digits}
              className="w-32 font-mono"
              placeholder="e.g. 12#"
              autoComplete="off"
              aria-label={`Step ${n} keys`}
              aria-invalid={!!error}
              aria-describedby={error ? errorId : undefined}
              disabled={disabled}
              onChange={(e) => onChange({ digits: e.target.value })}
              data-testid="step-digits"
            />
          ) : (
            <span className="text-sm text-muted-foreground">{STEP_HINTS.hangup}</span>
          )}
        </div>
        <div className="ml-auto flex shrink-0 items-center">
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-8"
            aria-label={`Move step ${n} up`}
            disabled={disabled || index === 0}
            onClick={() => onMove(-1)}
            data-testid="step-up"
          >
            <ArrowUp />
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-8"
            aria-label={`Move step ${n} down`}
            disabled={disabled || index === count - 1}
            onClick={() => onMove(1)}
            data-testid="step-down"
          >
            <ArrowDown />
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="size-8"
            aria-label={`Remove step ${n}`}
            disabled={disabled}
            onClick={onRemove}
            data-testid="step-remove"
          >
            <Trash2 className="text-destructive" />
          </Button>
        </div>
      </div>
      {error ? (
        <p id={errorId} className="mt-1.5 pl-8 text-xs text-destructive" data-testid="step-error">
          {error}
        </p>
      ) : step.type === 'barge_in' || step.type === 'dtmf' ? (
        <p className="mt-1.5 pl-8 text-xs text-muted-foreground">{STEP_HINTS[step.type]}</p>
      ) : null}
    </li>
  );
}
