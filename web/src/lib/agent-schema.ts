/**
 * The agent editor's form: zod rules mirroring the server's limits (crates/agents/src/config.rs),
 * and conversions between the API's AgentConfig and the form's values.
 */
import { z } from 'zod';
import type { AgentConfig } from '@/api/types';

export const AGENT_LIMITS = {
  name: 100,
  allowedLanguages: 20,
  voiceProvider: 40,
  voiceId: 100,
  systemPrompt: 20_000,
  firstMessage: 2_000,
  llmProvider: 40,
  llmModel: 100,
  temperature: { min: 0, max: 2, step: 0.05 },
  maxTokens: { min: 1, max: 32_000 },
  callDuration: { min: 30, max: 7_200 },
  variables: 50,
  variableName: 64,
  variableValueBytes: 1_000,
} as const;

export const RUNTIMES = ['builtin', 'elevenlabs'] as const;
export const AGENT_KINDS = ['call', 'chat'] as const;
export const AGENT_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;

/**
 * A BCP 47 tag of the shapes the server accepts: a 2–3 letter lowercase language, then any of
 * region (`US`), numeric region (`419`) or script (`Hant`) subtags — `en`, `en-US`, `es-419`, `zh-Hant-TW`.
 */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-(?:[A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))*$/;
export const isLanguageTag = (tag: string) => LANGUAGE_TAG.test(tag);

/** Variable names: letters, digits, `_` and `.` (e.g. `contact.name`). */
export const VARIABLE_NAME = /^[A-Za-z0-9_.]+$/;

/** The server counts characters (not UTF-16 units) for text limits. */
const chars = (s: string) => Array.from(s).length;
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

const text = (label: string, min: number, max: number) =>
  z
    .string()
    .refine((v) => min === 0 || chars(v.trim()) >= min, `${label} is required`)
    .refine((v) => chars(v) <= max, `${label} must be at most ${max.toLocaleString('en')} characters`);

const int = (label: string, min: number, max: number) =>
  z
    .number({ message: `Enter a number` })
    .int('Whole numbers only')
    .min(min, `${label} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}`)
    .max(max, `${label} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}`);

const languageTag = z
  .string()
  .trim()
  .min(1, 'Choose a language')
  .refine(isLanguageTag, 'Use a language tag such as en-US, de-AT or es-419');

export const variableSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .max(AGENT_LIMITS.variableName, `At most ${AGENT_LIMITS.variableName} characters`)
    .regex(VARIABLE_NAME, 'Letters, digits, _ and . only'),
  value: z
    .string()
    .refine((v) => utf8Bytes(v) <= AGENT_LIMITS.variableValueBytes, `At most ${AGENT_LIMITS.variableValueBytes} bytes`),
});

export const agentFormSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .refine((v) => chars(v) <= AGENT_LIMITS.name, `Name must be at most ${AGENT_LIMITS.name} characters`),
  languages: z.object({
    primary: languageTag,
    allowed: z
      .array(languageTag)
      .max(AGENT_LIMITS.allowedLanguages, `At most ${AGENT_LIMITS.allowedLanguages} languages`),
  }),
  voice: z.object({
    provider: text('Voice provider', 1, AGENT_LIMITS.voiceProvider),
    voice_id: text('Voice id', 1, AGENT_LIMITS.voiceId),
  }),
  system_prompt: text('System prompt', 0, AGENT_LIMITS.systemPrompt),
  first_message: text('First message', 0, AGENT_LIMITS.firstMessage),
  llm: z.object({
    provider: text('Provider', 1, AGENT_LIMITS.llmProvider),
    model: text('Model', 1, AGENT_LIMITS.llmModel),
    temperature: z
      .number({ message: 'Enter a number' })
      .min(AGENT_LIMITS.temperature.min, 'Temperature must be between 0 and 2')
      .max(AGENT_LIMITS.temperature.max, 'Temperature must be between 0 and 2'),
    max_tokens: int('Max tokens', AGENT_LIMITS.maxTokens.min, AGENT_LIMITS.maxTokens.max),
  }),
  max_call_duration_secs: int('Duration', AGENT_LIMITS.callDuration.min, AGENT_LIMITS.callDuration.max),
  recording: z.boolean(),
  runtime: z.enum(RUNTIMES),
  variables: z
    .array(variableSchema)
    .max(AGENT_LIMITS.variables, `At most ${AGENT_LIMITS.variables} variables`)
    .superRefine((vars, ctx) => {
      const seen = new Set<string>();
      vars.forEach((v, i) => {
        const key = v.key.trim();
        if (key && seen.has(key)) {
          ctx.addIssue({ code: 'custom', message: 'This name is used twice', path: [i, 'key'] });
        }
        seen.add(key);
      });
    }),
});

export type AgentFormValues = z.input<typeof agentFormSchema>;

/** The form's values for an agent (name + its working configuration). */
export function toFormValues(name: string, c: AgentConfig): AgentFormValues {
  return {
    name,
    languages: { primary: c.languages.primary, allowed: [...(c.languages.allowed ?? [])] },
    voice: { provider: c.voice.provider, voice_id: c.voice.voice_id },
    system_prompt: c.system_prompt,
    first_message: c.first_message,
    llm: {
      provider: c.llm.provider,
      model: c.llm.model,
      // f32 on the server: 0.7 arrives as 0.699999988079071.
      temperature: Math.round(c.llm.temperature * 1000) / 1000,
      max_tokens: c.llm.max_tokens,
    },
    max_call_duration_secs: c.max_call_duration_secs,
    recording: c.recording,
    runtime: c.runtime ?? 'builtin',
    variables: Object.entries(c.variables ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** The full configuration to PATCH (fields the form does not edit are kept from `base`). */
export function toConfig(v: AgentFormValues, base: AgentConfig): AgentConfig {
  return {
    ...base,
    languages: { primary: v.languages.primary.trim(), allowed: v.languages.allowed.map((l) => l.trim()) },
    voice: { provider: v.voice.provider, voice_id: v.voice.voice_id },
    system_prompt: v.system_prompt,
    first_message: v.first_message,
    llm: { provider: v.llm.provider, model: v.llm.model, temperature: v.llm.temperature, max_tokens: v.llm.max_tokens },
    max_call_duration_secs: v.max_call_duration_secs,
    recording: v.recording,
    knowledge_base_ids: base.knowledge_base_ids ?? [],
    runtime: v.runtime,
    variables: Object.fromEntries(v.variables.map(({ key, value }) => [key.trim(), value])),
  };
}

/** Form paths a server field error (dotted, e.g. `llm.temperature`) can be shown under. */
export const AGENT_FORM_FIELDS = [
  'name',
  'languages.primary',
  'languages.allowed',
  'voice.provider',
  'voice.voice_id',
  'system_prompt',
  'first_message',
  'llm.provider',
  'llm.model',
  'llm.temperature',
  'llm.max_tokens',
  'max_call_duration_secs',
  'recording',
  'runtime',
  'variables',
] as const;
export type AgentFormField = (typeof AGENT_FORM_FIELDS)[number];

/** Maps a server field name to a form field: `languages.allowed[2]` → `languages.allowed`. */
export function formFieldFor(serverField: string): AgentFormField | null {
  const f = serverField.replace(/^config\./, '').replace(/\[\d+\]$/, '');
  return (AGENT_FORM_FIELDS as readonly string[]).includes(f) ? (f as AgentFormField) : null;
}

export const newAgentSchema = z.object({
  name: agentFormSchema.shape.name,
  kind: z.enum(AGENT_KINDS),
});
export type NewAgentValues = z.infer<typeof newAgentSchema>;
