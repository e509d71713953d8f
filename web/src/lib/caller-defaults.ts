/**
 * Caller defaults (Settings > Integrations): zod rules mirroring the server's
 * (crates/telephony/src/contacts.rs) and conversions between the API body and the form.
 */
import { z } from 'zod';
import type { CallerDefaults } from '@/api/types';

export const CALLER_LIMITS = {
  name: 200,
  variables: 50,
  variableName: 64,
  variableValue: 1_000,
} as const;

/** A letter or `_`, then letters, digits, `_` and `.` (e.g. `customer.tier`). */
export const CALLER_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** The server counts characters (not UTF-16 units). */
const chars = (s: string) => Array.from(s).length;

export const callerVariableSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1, 'Name is required')
    .max(CALLER_LIMITS.variableName, `At most ${CALLER_LIMITS.variableName} characters`)
    .regex(CALLER_VARIABLE_NAME, 'Start with a letter or _, then letters, digits, _ and . only'),
  value: z
    .string()
    .refine(
      (v) => chars(v) <= CALLER_LIMITS.variableValue,
      `At most ${CALLER_LIMITS.variableValue.toLocaleString('en')} characters`,
    ),
});

export const callerDefaultsSchema = z.object({
  name: z
    .string()
    .refine((v) => chars(v.trim()) <= CALLER_LIMITS.name, `At most ${CALLER_LIMITS.name} characters`),
  variables: z
    .array(callerVariableSchema)
    .max(CALLER_LIMITS.variables, `At most ${CALLER_LIMITS.variables} variables`)
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

export type CallerDefaultsValues = z.input<typeof callerDefaultsSchema>;

export function toCallerDefaultsValues(d: CallerDefaults | undefined): CallerDefaultsValues {
  return {
    name: d?.name ?? '',
    variables: Object.entries(d?.variables ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** The PUT body: a blank name is none; names trimmed. */
export function toCallerDefaults(v: CallerDefaultsValues): CallerDefaults {
  const name = v.name.trim();
  return {
    name: name === '' ? null : name,
    variables: Object.fromEntries(v.variables.map(({ key, value }) => [key.trim(), value])),
  };
}
