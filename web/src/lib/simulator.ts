/**
 * Simulated calls and outbound calls: the caller script editor's model (steps with ids so rows can
 * be reordered, presets), its checks (mirroring crates/telephony/src/media/caller.rs, so most
 * mistakes are caught before the server sees them), prompt variables, and what refusals mean.
 */
import type { components } from '@/api/types';
import { ApiError, errorMessage, fieldMessages } from '@/api/client';
import { randomId } from './utils';

/** One step of a caller script as the API takes it. */
export type ScriptStep = components['schemas']['Step'];
export type StepType = ScriptStep['type'];

export const STEP_TYPES: readonly StepType[] = ['say', 'pause', 'barge_in', 'dtmf', 'hangup'];

export const STEP_LABELS: Record<StepType, string> = {
  say: 'Say',
  pause: 'Pause',
  barge_in: 'Barge in',
  dtmf: 'Keypad',
  hangup: 'Hang up',
};

export const STEP_HINTS: Record<StepType, string> = {
  say: 'The caller says this and waits for the agent’s answer.',
  pause: 'The caller stays silent for a while.',
  barge_in: 'The caller talks over the agent’s answer to the previous line.',
  dtmf: 'The caller presses keys on the keypad.',
  hangup: 'The caller hangs up.',
};

/** The server's limits. */
export const SCRIPT_MAX_STEPS = 50;
export const STEP_TEXT_MAX = 500;
export const PAUSE_MAX_MS = 30_000;
export const DTMF_MAX = 20;
export const DEFAULT_CALLER = '+15555550100';

/**
 * A row of the editor. Every type's input is kept, so switching a row's type back and forth does
 * not lose what was typed; only the one its type uses is sent.
 */
export interface DraftStep {
  id: string;
  type: StepType;
  text: string;
  /** Milliseconds as typed. */
  ms: string;
  digits: string;
}

export function draftStep(type: StepType = 'say', init: Partial<Omit<DraftStep, 'id' | 'type'>> = {}): DraftStep {
  return { id: randomId(), type, text: '', ms: '1000', digits: '', ...init };
}

/** Editor rows for a script (e.g. a preset). */
export function toDrafts(steps: readonly ScriptStep[]): DraftStep[] {
  return steps.map((s) => {
    switch (s.type) {
      case 'say':
      case 'barge_in':
        return draftStep(s.type, { text: s.text });
      case 'pause':
        return draftStep('pause', { ms: String(s.ms) });
      case 'dtmf':
        return draftStep('dtmf', { digits: s.digits });
      default:
        return draftStep('hangup');
    }
  });
}

export interface ScriptPreset {
  id: string;
  label: string;
  steps: ScriptStep[];
}

export const PRESETS: readonly ScriptPreset[] = [
  {
    id: 'tour',
    label: 'Greeting, two questions, barge-in, key press, goodbye',
    steps: [
      { type: 'say', text: 'Hi there' },
      { type: 'say', text: 'What are your opening hours' },
      { type: 'barge_in', text: 'Sorry what about prices' },
      { type: 'dtmf', digits: '12#' },
      { type: 'say', text: 'Thanks goodbye' },
    ],
  },
  {
    id: 'short',
    label: 'Hello, then hang up',
    steps: [
      { type: 'say', text: 'Hello' },
      { type: 'hangup' },
    ],
  },
  {
    id: 'human',
    label: 'Ask for a person',
    steps: [
      { type: 'say', text: 'Hello' },
      { type: 'say', text: 'Can I speak to a person please' },
      { type: 'say', text: 'Thanks goodbye' },
    ],
  },
  {
    id: 'silence',
    label: 'Silence, then goodbye',
    steps: [
      { type: 'pause', ms: 4000 },
      { type: 'say', text: 'Thanks goodbye' },
    ],
  },
];

export function preset(id: string): ScriptPreset {
  return PRESETS.find((p) => p.id === id) ?? PRESETS[0];
}

// --- editing ----------------------------------------------------------------------------------

/** The list with the row at `index` moved by `delta` (clamped; the same list when it cannot move). */
export function moveStep<T>(steps: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= steps.length || to < 0 || to >= steps.length || delta === 0) return steps.slice();
  const next = steps.slice();
  const [row] = next.splice(index, 1);
  next.splice(to, 0, row);
  return next;
}

export function updateStep(steps: readonly DraftStep[], id: string, change: Partial<Omit<DraftStep, 'id'>>): DraftStep[] {
  return steps.map((s) => (s.id === id ? { ...s, ...change } : s));
}

export function removeStep(steps: readonly DraftStep[], id: string): DraftStep[] {
  return steps.filter((s) => s.id !== id);
}

// --- checking ---------------------------------------------------------------------------------

const bytes = (s: string) => new TextEncoder().encode(s).length;

export interface ScriptCheck {
  /** The script to send, when every step is fine. */
  script: ScriptStep[] | null;
  /** Messages by row id. */
  steps: Record<string, string>;
  /** A message about the whole script (none, too many). */
  script_error?: string;
}

/** One row's problem, as the server would word it (without the "step n:" prefix). */
export function stepProblem(s: DraftStep): string | null {
  switch (s.type) {
    case 'say':
    case 'barge_in':
      if (s.text.trim() === '') return 'Enter what the caller says';
      if (bytes(s.text) > STEP_TEXT_MAX) return `At most ${STEP_TEXT_MAX} characters`;
      return null;
    case 'pause': {
      const t = s.ms.trim();
      if (!/^\d+$/.test(t)) return 'Milliseconds, a whole number';
      if (Number(t) > PAUSE_MAX_MS) return `At most ${PAUSE_MAX_MS.toLocaleString('en')} ms`;
      return null;
    }
    case 'dtmf':
      if (!new RegExp(`^[0-9*#]{1,${DTMF_MAX}}$`).test(s.digits.trim())) return `Keys 0-9, * and # (1 to ${DTMF_MAX})`;
      return null;
    default:
      return null;
  }
}

/** Checks the rows and builds the script the API takes. */
export function checkScript(steps: readonly DraftStep[]): ScriptCheck {
  const problems: Record<string, string> = {};
  for (const s of steps) {
    const p = stepProblem(s);
    if (p) problems[s.id] = p;
  }
  let scriptError: string | undefined;
  if (steps.length === 0) scriptError = 'Add at least one step';
  else if (steps.length > SCRIPT_MAX_STEPS) scriptError = `At most ${SCRIPT_MAX_STEPS} steps`;
  const ok = !scriptError && Object.keys(problems).length === 0;
  const out: ScriptCheck = { script: ok ? steps.map(toStep) : null, steps: problems };
  if (scriptError) out.script_error = scriptError;
  return out;
}

function toStep(s: DraftStep): ScriptStep {
  switch (s.type) {
    case 'say':
      return { type: 'say', text: s.text.trim() };
    case 'barge_in':
      return { type: 'barge_in', text: s.text.trim() };
    case 'pause':
      return { type: 'pause', ms: Number(s.ms.trim()) };
    case 'dtmf':
      return { type: 'dtmf', digits: s.digits.trim() };
    default:
      return { type: 'hangup' };
  }
}

/**
 * The server's word on a script (`details.fields.script` or `.simulator_script`): "step 3: …"
 * is put on that row, anything else on the whole script.
 */
export function serverScriptErrors(err: unknown, steps: readonly DraftStep[], field = 'script'): { steps: Record<string, string>; script_error?: string } {
  const message = fieldMessages(err)[field];
  if (!message) return { steps: {} };
  const m = /^step (\d+):\s*(.*)$/i.exec(message);
  const row = m ? steps[Number(m[1]) - 1] : undefined;
  if (m && row) {
    const text = m[2] ? m[2].charAt(0).toUpperCase() + m[2].slice(1) : message;
    return { steps: { [row.id]: text } };
  }
  return { steps: {}, script_error: message };
}

// --- numbers and variables --------------------------------------------------------------------

/** Whether `value` looks like a phone number worth sending (the server has the final word). */
export function looksLikePhone(value: string): boolean {
  const v = value.trim();
  return /^\+?[\d\s().-]{4,24}$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 4;
}

export interface VariableRow {
  id: string;
  key: string;
  value: string;
}

export const VARIABLES_MAX = 50;
export const VARIABLE_KEY_MAX = 64;
export const VARIABLE_VALUE_MAX = 1000;

export function variableRow(key = '', value = ''): VariableRow {
  return { id: randomId(), key, value };
}

/**
 * The prompt variables as the API takes them. Rows left entirely empty are skipped; a value
 * without a name, a repeated name or an overlong one is a problem of that row.
 */
export function checkVariables(rows: readonly VariableRow[]): { variables: Record<string, string> | null; rows: Record<string, string> } {
  const problems: Record<string, string> = {};
  const out: Record<string, string> = {};
  for (const r of rows) {
    const key = r.key.trim();
    if (key === '' && r.value.trim() === '') continue;
    if (key === '') problems[r.id] = 'Enter a name';
    else if (bytes(key) > VARIABLE_KEY_MAX) problems[r.id] = `Names are at most ${VARIABLE_KEY_MAX} characters`;
    else if (key in out) problems[r.id] = 'This name is used twice';
    else if (bytes(r.value) > VARIABLE_VALUE_MAX) problems[r.id] = `Values are at most ${VARIABLE_VALUE_MAX} characters`;
    else out[key] = r.value;
  }
  if (Object.keys(out).length > VARIABLES_MAX && rows.length > 0) problems[rows[rows.length - 1].id] = `At most ${VARIABLES_MAX} variables`;
  return { variables: Object.keys(problems).length ? null : out, rows: problems };
}

// --- refusals ---------------------------------------------------------------------------------

export type RefusalKind = 'credits' | 'busy' | 'suspended' | 'not_ready' | 'refused' | 'carrier' | 'other';

/** What kind of refusal an error (or a refused call's end reason) is. */
export function refusalKind(err: unknown): RefusalKind {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'insufficient_credits':
        return 'credits';
      case 'quota_exceeded':
        return 'busy';
      case 'tenant_suspended':
        return 'suspended';
      case 'number_not_ready':
        return 'not_ready';
      case 'call_refused':
        return 'refused';
      case 'carrier_failed':
      case 'not_configured':
        return 'carrier';
      default:
        return 'other';
    }
  }
  if (typeof err === 'string') {
    const r = err.toLowerCase();
    if (r.includes('credits')) return 'credits';
    if (r.includes('busy')) return 'busy';
    if (r.includes('suspended')) return 'suspended';
    return 'refused';
  }
  return 'other';
}

/** A refusal in words people can act on. `err` is an API error or a refused call's end reason. */
export function refusalMessage(err: unknown): string {
  const kind = refusalKind(err);
  switch (kind) {
    case 'credits':
      return 'Your account has no credits left, so the call was not placed. Add credits, then try again.';
    case 'busy':
      return 'All your lines are busy: your plan allows only so many calls at the same time. Wait for a call to end, then try again.';
    case 'suspended':
      return 'Your account is suspended, so it cannot make calls. Contact support.';
    case 'not_ready':
      return 'That number is not active yet (it may still be being bought). Try again in a moment.';
    default:
      break;
  }
  if (typeof err === 'string') {
    const reason = err.replace(/^refused:\s*/i, '');
    return `The call was refused: ${reason}.`;
  }
  return errorMessage(err);
}

/** A refused call's end reason ("refused: …"), or null. */
export function refusedReason(endReason: string | null | undefined): string | null {
  return endReason && endReason.startsWith('refused') ? endReason : null;
}
