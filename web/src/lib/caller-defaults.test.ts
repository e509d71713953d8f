import { describe, expect, it } from 'vitest';
import {
  CALLER_VARIABLE_NAME,
  callerDefaultsSchema,
  callerVariableSchema,
  toCallerDefaults,
  toCallerDefaultsValues,
} from './caller-defaults';

const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? undefined : r.error?.issues[0]?.message;

describe('variable names (as the server checks them)', () => {
  it.each([
    ['customer_tier', true],
    ['customer.tier', true],
    ['_private', true],
    ['a1', true],
    ['x'.repeat(64), true],
    ['1bad', false],
    ['.dot', false],
    ['has space', false],
    ['dash-ed', false],
    ['ümlaut', false],
    ['x'.repeat(65), false],
  ])('%s → valid=%s', (key, ok) => {
    expect(callerVariableSchema.safeParse({ key, value: 'v' }).success).toBe(ok);
  });

  it('explains the rule', () => {
    expect(CALLER_VARIABLE_NAME.test('9lives')).toBe(false);
    expect(firstMessage(callerVariableSchema.safeParse({ key: '9lives', value: '' }))).toBe(
      'Start with a letter or _, then letters, digits, _ and . only',
    );
    expect(firstMessage(callerVariableSchema.safeParse({ key: ' ', value: '' }))).toBe('Name is required');
  });

  it('counts value characters, not UTF-16 units', () => {
    expect(callerVariableSchema.safeParse({ key: 'k', value: '😀'.repeat(1000) }).success).toBe(true);
    expect(firstMessage(callerVariableSchema.safeParse({ key: 'k', value: 'x'.repeat(1001) }))).toBe('At most 1,000 characters');
  });
});

describe('callerDefaultsSchema', () => {
  it('limits the name, the number of variables and duplicates', () => {
    expect(callerDefaultsSchema.safeParse({ name: 'x'.repeat(200), variables: [] }).success).toBe(true);
    expect(firstMessage(callerDefaultsSchema.safeParse({ name: 'x'.repeat(201), variables: [] }))).toBe('At most 200 characters');
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `v${i}`, value: '' }));
    expect(firstMessage(callerDefaultsSchema.safeParse({ name: '', variables: many }))).toBe('At most 50 variables');
    expect(callerDefaultsSchema.safeParse({ name: '', variables: many.slice(0, 50) }).success).toBe(true);
    const dup = callerDefaultsSchema.safeParse({ name: '', variables: [{ key: 'a', value: '1' }, { key: ' a ', value: '2' }] });
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]).toMatchObject({ message: 'This name is used twice', path: ['variables', 1, 'key'] });
  });
});

describe('conversions', () => {
  it('round-trips, trims names and sends a blank name as none', () => {
    const values = toCallerDefaultsValues({ name: 'Friend', variables: { customer_tier: 'standard', 'plan.name': 'Basic' } });
    expect(values).toEqual({
      name: 'Friend',
      variables: [
        { key: 'customer_tier', value: 'standard' },
        { key: 'plan.name', value: 'Basic' },
      ],
    });
    expect(toCallerDefaults(values)).toEqual({ name: 'Friend', variables: { customer_tier: 'standard', 'plan.name': 'Basic' } });
    expect(toCallerDefaults({ name: '  ', variables: [{ key: ' tier ', value: ' gold ' }] })).toEqual({
      name: null,
      variables: { tier: ' gold ' },
    });
    expect(toCallerDefaultsValues(undefined)).toEqual({ name: '', variables: [] });
    expect(toCallerDefaultsValues({ name: null, variables: {} })).toEqual({ name: '', variables: [] });
  });
});
