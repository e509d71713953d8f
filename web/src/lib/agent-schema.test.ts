import { describe, expect, it } from 'vitest';
import type { AgentConfig } from '@/api/types';
import {
  agentFormSchema,
  formFieldFor,
  isLanguageTag,
  newAgentSchema,
  toConfig,
  toFormValues,
  type AgentFormValues,
} from './agent-schema';

/** The server's default configuration (crates/agents/src/config.rs). */
const DEFAULTS: AgentConfig = {
  languages: { primary: 'en-US', allowed: [] },
  voice: { provider: 'offline', voice_id: 'default' },
  system_prompt: 'You are a friendly, concise assistant for {{company}}.',
  first_message: 'Hello, thanks for calling {{company}}. How can I help?',
  llm: { provider: 'offline', model: 'offline', temperature: 0.7, max_tokens: 400 },
  max_call_duration_secs: 600,
  recording: true,
  knowledge_base_ids: ['0190a0b0-0000-7000-8000-000000000001'],
  runtime: 'builtin',
  variables: { company: 'our company' },
};

const valid = (): AgentFormValues => toFormValues('Front desk', DEFAULTS);

/** The form paths zod reports for a changed copy of the valid values. */
function errorsFor(change: (v: AgentFormValues) => void): string[] {
  const v = valid();
  change(v);
  const r = agentFormSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('language tags (as the server checks them)', () => {
  it('accepts the common shapes', () => {
    for (const ok of ['en', 'en-US', 'de-AT', 'es-419', 'zh-Hant-TW', 'fil-PH']) expect(isLanguageTag(ok), ok).toBe(true);
  });
  it('rejects everything else', () => {
    for (const bad of ['', 'EN-us', 'english', 'en_US', 'en-usa', 'en-', 'e', 'de-at', 'es-41', 'zh-hant']) {
      expect(isLanguageTag(bad), bad).toBe(false);
    }
  });
});

describe('agentFormSchema', () => {
  it('accepts the server defaults', () => {
    expect(errorsFor(() => {})).toEqual([]);
  });

  it('checks the primary and the allowed languages', () => {
    expect(errorsFor((v) => (v.languages.primary = 'english'))).toEqual(['languages.primary']);
    expect(errorsFor((v) => (v.languages.allowed = ['de-AT', 'xx_YY']))).toEqual(['languages.allowed.1']);
    expect(errorsFor((v) => (v.languages.allowed = Array.from({ length: 21 }, () => 'de-AT')))).toEqual(['languages.allowed']);
    expect(errorsFor((v) => (v.languages.allowed = Array.from({ length: 20 }, () => 'de-AT')))).toEqual([]);
  });

  it('mirrors the temperature, token and duration ranges', () => {
    expect(errorsFor((v) => (v.llm.temperature = 2))).toEqual([]);
    expect(errorsFor((v) => (v.llm.temperature = 0))).toEqual([]);
    expect(errorsFor((v) => (v.llm.temperature = 2.01))).toEqual(['llm.temperature']);
    expect(errorsFor((v) => (v.llm.temperature = -0.1))).toEqual(['llm.temperature']);
    expect(errorsFor((v) => (v.llm.max_tokens = 0))).toEqual(['llm.max_tokens']);
    expect(errorsFor((v) => (v.llm.max_tokens = 32_000))).toEqual([]);
    expect(errorsFor((v) => (v.llm.max_tokens = 32_001))).toEqual(['llm.max_tokens']);
    expect(errorsFor((v) => (v.llm.max_tokens = Number.NaN))).toEqual(['llm.max_tokens']);
    expect(errorsFor((v) => (v.max_call_duration_secs = 29))).toEqual(['max_call_duration_secs']);
    expect(errorsFor((v) => (v.max_call_duration_secs = 30))).toEqual([]);
    expect(errorsFor((v) => (v.max_call_duration_secs = 7200))).toEqual([]);
    expect(errorsFor((v) => (v.max_call_duration_secs = 7201))).toEqual(['max_call_duration_secs']);
    expect(errorsFor((v) => (v.max_call_duration_secs = 60.5))).toEqual(['max_call_duration_secs']);
  });

  it('mirrors the text limits (in characters)', () => {
    expect(errorsFor((v) => (v.name = '   '))).toEqual(['name']);
    expect(errorsFor((v) => (v.name = 'x'.repeat(100)))).toEqual([]);
    expect(errorsFor((v) => (v.name = 'x'.repeat(101)))).toEqual(['name']);
    expect(errorsFor((v) => (v.name = '😀'.repeat(100)))).toEqual([]);
    expect(errorsFor((v) => (v.voice.provider = ''))).toEqual(['voice.provider']);
    expect(errorsFor((v) => (v.voice.provider = 'p'.repeat(41)))).toEqual(['voice.provider']);
    expect(errorsFor((v) => (v.voice.voice_id = 'v'.repeat(101)))).toEqual(['voice.voice_id']);
    expect(errorsFor((v) => (v.llm.model = ''))).toEqual(['llm.model']);
    expect(errorsFor((v) => (v.system_prompt = ''))).toEqual([]);
    expect(errorsFor((v) => (v.system_prompt = 's'.repeat(20_001)))).toEqual(['system_prompt']);
    expect(errorsFor((v) => (v.first_message = 'f'.repeat(2_000)))).toEqual([]);
    expect(errorsFor((v) => (v.first_message = 'f'.repeat(2_001)))).toEqual(['first_message']);
  });

  it('checks variable names, values, count and duplicates', () => {
    expect(errorsFor((v) => v.variables.push({ key: 'contact.name', value: 'Ada' }))).toEqual([]);
    expect(errorsFor((v) => v.variables.push({ key: 'bad key', value: '' }))).toEqual(['variables.1.key']);
    expect(errorsFor((v) => v.variables.push({ key: 'k'.repeat(65), value: '' }))).toEqual(['variables.1.key']);
    expect(errorsFor((v) => v.variables.push({ key: 'company', value: 'x' }))).toEqual(['variables.1.key']);
    expect(errorsFor((v) => v.variables.push({ key: 'long', value: 'ü'.repeat(501) }))).toEqual(['variables.1.value']);
    expect(errorsFor((v) => v.variables.push({ key: 'long', value: 'u'.repeat(1000) }))).toEqual([]);
    expect(
      errorsFor((v) => (v.variables = Array.from({ length: 51 }, (_, i) => ({ key: `v${i}`, value: '' })))),
    ).toEqual(['variables']);
  });

  it('requires a known runtime', () => {
    expect(errorsFor((v) => ((v as { runtime: string }).runtime = 'other'))).toEqual(['runtime']);
  });
});

describe('conversions', () => {
  it('round-trips the configuration and keeps fields the form does not edit', () => {
    expect(toConfig(valid(), DEFAULTS)).toEqual(DEFAULTS);
  });

  it('turns the variable rows into an object and trims names and language tags', () => {
    const v = valid();
    v.variables = [
      { key: ' company ', value: 'Acme' },
      { key: 'contact.name', value: 'Ada' },
    ];
    v.languages.allowed = [' de-AT '];
    const c = toConfig(v, DEFAULTS);
    expect(c.variables).toEqual({ company: 'Acme', 'contact.name': 'Ada' });
    expect(c.languages.allowed).toEqual(['de-AT']);
  });

  it('rounds f32 noise off the temperature', () => {
    expect(toFormValues('a', { ...DEFAULTS, llm: { ...DEFAULTS.llm, temperature: 0.699999988079071 } }).llm.temperature).toBe(0.7);
  });

  it('maps server field names to form fields', () => {
    expect(formFieldFor('llm.temperature')).toBe('llm.temperature');
    expect(formFieldFor('config.languages.primary')).toBe('languages.primary');
    expect(formFieldFor('languages.allowed[3]')).toBe('languages.allowed');
    expect(formFieldFor('status')).toBeNull();
    expect(formFieldFor('knowledge_base_ids')).toBeNull();
  });
});

describe('newAgentSchema', () => {
  it('needs a name and a kind', () => {
    expect(newAgentSchema.safeParse({ name: 'Support line', kind: 'chat' }).success).toBe(true);
    expect(newAgentSchema.safeParse({ name: '', kind: 'call' }).success).toBe(false);
    expect(newAgentSchema.safeParse({ name: 'x', kind: 'sms' }).success).toBe(false);
  });
});
