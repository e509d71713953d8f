import * as React from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkScript, toDrafts, type DraftStep } from '@/lib/simulator';
import { ScriptEditor } from './script-editor';

function Harness({ initial = [] as DraftStep[], check = false }) {
  const [steps, setSteps] = React.useState<DraftStep[]>(initial);
  const result = check ? checkScript(steps) : null;
  return (
    <>
      <ScriptEditor steps={steps} onChange={setSteps} errors={result?.steps} scriptError={result?.script_error} />
      <output data-testid="script">{JSON.stringify(checkScript(steps).script)}</output>
    </>
  );
}

const rows = () => screen.queryAllByTestId('script-step');
const script = () => JSON.parse(screen.getByTestId('script').textContent ?? 'null');

describe('ScriptEditor', () => {
  it('loads a preset, and steps can be added, retyped, reordered and removed', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(rows()).toHaveLength(0);
    await user.click(screen.getByTestId('script-preset-tour'));
    expect(rows().map((r) => r.dataset.type)).toEqual(['say', 'say', 'barge_in', 'dtmf', 'say']);
    expect(script()).toHaveLength(5);

    // Add a step and make it a pause of 1.5 s.
    await user.click(screen.getByTestId('script-add-step'));
    expect(rows()).toHaveLength(6);
    const last = rows()[5];
    await user.click(within(last).getByTestId('step-type'));
    await user.click(await screen.findByRole('option', { name: 'Pause' }));
    const ms = within(rows()[5]).getByTestId('step-ms');
    await user.clear(ms);
    await user.type(ms, '1500');
    expect(script()[5]).toEqual({ type: 'pause', ms: 1500 });

    // Move it to the top, then remove the key presses.
    for (let i = 0; i < 5; i++) await user.click(within(rows()[5 - i]).getByTestId('step-up'));
    expect(rows().map((r) => r.dataset.type)).toEqual(['pause', 'say', 'say', 'barge_in', 'dtmf', 'say']);
    expect(within(rows()[0]).getByTestId('step-up')).toBeDisabled();
    expect(within(rows()[5]).getByTestId('step-down')).toBeDisabled();
    await user.click(within(rows()[4]).getByTestId('step-remove'));
    expect(script()).toEqual([
      { type: 'pause', ms: 1500 },
      { type: 'say', text: 'Hi there' },
      { type: 'say', text: 'What are your opening hours' },
      { type: 'barge_in', text: 'Sorry what about prices' },
      { type: 'say', text: 'Thanks goodbye' },
    ]);
  });

  it('shows each row’s problem under it', async () => {
    const user = userEvent.setup();
    render(<Harness initial={toDrafts([{ type: 'dtmf', digits: '12#' }])} check />);
    expect(screen.queryByTestId('step-error')).not.toBeInTheDocument();
    const digits = screen.getByTestId('step-digits');
    await user.type(digits, 'a');
    expect(screen.getByTestId('step-error')).toHaveTextContent('Keys 0-9, * and # (1 to 20)');
    expect(digits).toHaveAttribute('aria-invalid', 'true');
    expect(script()).toBeNull();
    await user.click(screen.getByTestId('step-remove'));
    expect(screen.getByTestId('script-error')).toHaveTextContent('Add at least one step');
  });
});
