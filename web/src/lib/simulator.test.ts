import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import {
  checkScript,
  checkVariables,
  draftStep,
  looksLikePhone,
  moveStep,
  preset,
  refusalKind,
  refusalMessage,
  refusedReason,
  removeStep,
  serverScriptErrors,
  toDrafts,
  updateStep,
  variableRow,
} from './simulator';

const invalid = (field: string, message: string) =>
  new ApiError({ status: 400, code: 'validation_failed', message: 'invalid', details: { fields: { [field]: [message] } } });

describe('script presets and drafts', () => {
  it('turns the tour preset into editor rows and back into the same script', () => {
    const rows = toDrafts(preset('tour').steps);
    expect(rows.map((r) => r.type)).toEqual(['say', 'say', 'barge_in', 'dtmf', 'say']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(checkScript(rows)).toEqual({
      script: [
        { type: 'say', text: 'Hi there' },
        { type: 'say', text: 'What are your opening hours' },
        { type: 'barge_in', text: 'Sorry what about prices' },
        { type: 'dtmf', digits: '12#' },
        { type: 'say', text: 'Thanks goodbye' },
      ],
      steps: {},
    });
  });

  it('sends only the input of the row’s type, trimmed', () => {
    const row = draftStep('say', { text: '  Hello  ', digits: '99', ms: '5' });
    expect(checkScript([row]).script).toEqual([{ type: 'say', text: 'Hello' }]);
    const asPause = updateStep([row], row.id, { type: 'pause' });
    expect(checkScript(asPause).script).toEqual([{ type: 'pause', ms: 5 }]);
    // Switching back keeps what was typed.
    expect(updateStep(asPause, row.id, { type: 'say' })[0].text).toBe('  Hello  ');
    expect(checkScript([draftStep('hangup', { text: 'ignored' })]).script).toEqual([{ type: 'hangup' }]);
  });

  it('an unknown preset falls back to the first', () => {
    expect(preset('nope').id).toBe('tour');
    expect(preset('short').steps).toEqual([{ type: 'say', text: 'Hello' }, { type: 'hangup' }]);
  });
});

describe('checkScript', () => {
  it('needs at least one step and at most 50', () => {
    expect(checkScript([])).toMatchObject({ script: null, script_error: 'Add at least one step' });
    const many = Array.from({ length: 51 }, () => draftStep('say', { text: 'hi' }));
    expect(checkScript(many)).toMatchObject({ script: null, script_error: 'At most 50 steps' });
    expect(checkScript(many.slice(0, 50)).script).toHaveLength(50);
  });

  it('puts each problem on its row, as the server’s rules have it', () => {
    const rows = [
      draftStep('say', { text: '   ' }),
      draftStep('barge_in', { text: 'x'.repeat(501) }),
      draftStep('pause', { ms: '30001' }),
      draftStep('pause', { ms: '1.5' }),
      draftStep('dtmf', { digits: '12a' }),
      draftStep('dtmf', { digits: '' }),
      draftStep('dtmf', { digits: '1'.repeat(21) }),
      draftStep('pause', { ms: '30000' }),
      draftStep('dtmf', { digits: '*0#' }),
      draftStep('barge_in', { text: 'é'.repeat(250) }),
    ];
    const r = checkScript(rows);
    expect(r.script).toBeNull();
    expect(rows.map((s) => r.steps[s.id] ?? null)).toEqual([
      'Enter what the caller says',
      'At most 500 characters',
      'At most 30,000 ms',
      'Milliseconds, a whole number',
      'Keys 0-9, * and # (1 to 20)',
      'Keys 0-9, * and # (1 to 20)',
      'Keys 0-9, * and # (1 to 20)',
      null,
      null,
      // 250 two-byte characters are 500 bytes: still fine.
      null,
    ]);
  });
});

describe('editing', () => {
  it('moves, and refuses to move past either end', () => {
    expect(moveStep(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveStep(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveStep(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveStep(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('removes by id', () => {
    const rows = toDrafts(preset('short').steps);
    expect(removeStep(rows, rows[0].id).map((r) => r.type)).toEqual(['hangup']);
  });
});

describe('serverScriptErrors', () => {
  it('puts "step n: …" on that row and anything else on the script', () => {
    const rows = toDrafts(preset('tour').steps);
    expect(serverScriptErrors(invalid('script', 'step 4: digits are 0-9, * and # (at most 20)'), rows)).toEqual({
      steps: { [rows[3].id]: 'Digits are 0-9, * and # (at most 20)' },
    });
    expect(serverScriptErrors(invalid('script', 'a script has 1 to 50 steps'), rows)).toEqual({
      steps: {},
      script_error: 'A script has 1 to 50 steps',
    });
    expect(serverScriptErrors(invalid('simulator_script', 'step 1: text is 1 to 500 characters'), rows, 'simulator_script').steps).toEqual({
      [rows[0].id]: 'Text is 1 to 500 characters',
    });
    // A step beyond the rows (the script changed since): on the script.
    expect(serverScriptErrors(invalid('script', 'step 9: bad'), rows).script_error).toBe('Step 9: bad');
    expect(serverScriptErrors(new Error('boom'), rows)).toEqual({ steps: {} });
  });
});

describe('variables and numbers', () => {
  it('skips empty rows and reports bad ones', () => {
    const ok = [variableRow('customer', 'Ada'), variableRow('', ''), variableRow(' tier ', 'gold')];
    expect(checkVariables(ok)).toEqual({ variables: { customer: 'Ada', tier: 'gold' }, rows: {} });
    const bad = [variableRow('', 'orphan'), variableRow('a', '1'), variableRow('a', '2'), variableRow('k'.repeat(65), 'v')];
    const r = checkVariables(bad);
    expect(r.variables).toBeNull();
    expect(bad.map((b) => r.rows[b.id] ?? null)).toEqual(['Enter a name', null, 'This name is used twice', 'Names are at most 64 characters']);
  });

  it('accepts E.164 and national numbers, not words', () => {
    expect(looksLikePhone('+14155552671')).toBe(true);
    expect(looksLikePhone('(415) 555-2671')).toBe(true);
    expect(looksLikePhone('555')).toBe(false);
    expect(looksLikePhone('call me')).toBe(false);
  });
});

describe('refusals', () => {
  const err = (status: number, code: string) => new ApiError({ status, code, message: `the call was refused: ${code}` });

  it('names each refusal and says what to do', () => {
    expect(refusalKind(err(409, 'insufficient_credits'))).toBe('credits');
    expect(refusalMessage(err(409, 'insufficient_credits'))).toMatch(/no credits left/);
    expect(refusalKind(err(409, 'quota_exceeded'))).toBe('busy');
    expect(refusalMessage(err(409, 'quota_exceeded'))).toMatch(/All your lines are busy/);
    expect(refusalKind(err(403, 'tenant_suspended'))).toBe('suspended');
    expect(refusalKind(err(409, 'number_not_ready'))).toBe('not_ready');
    expect(refusalKind(err(409, 'call_refused'))).toBe('refused');
    expect(refusalKind(err(503, 'carrier_failed'))).toBe('carrier');
    expect(refusalKind(err(400, 'validation_failed'))).toBe('other');
  });

  it('reads a refused call’s end reason', () => {
    expect(refusedReason('refused: no credits left')).toBe('refused: no credits left');
    expect(refusedReason('caller_hung_up')).toBeNull();
    expect(refusalKind('refused: all lines busy')).toBe('busy');
    expect(refusalMessage('refused: no credits left')).toMatch(/no credits left/);
    expect(refusalMessage('refused: the number has no agent')).toBe('The call was refused: the number has no agent.');
  });
});
