import * as React from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeCall } from '@/test/calls-fixture';
import { FakeAudioContext } from '@/test/fake-audio';
import type { Call } from '@/api/calls';
import { RecordingCard } from './recording-card';

function Harness({ call }: { call: Call }) {
  const ref = React.useRef<HTMLAudioElement | null>(null);
  return <RecordingCard call={call} audioRef={ref} />;
}

const builtin = makeCall({ runtime: 'builtin', provider: 'simulator', has_recording: true });

beforeEach(() => {
  FakeAudioContext.instances = [];
});

describe('RecordingCard', () => {
  it('offers both / caller only / agent only for a two-channel recording and routes on the first pick', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    const { unmount } = render(<Harness call={builtin} />);
    const choice = screen.getByTestId('channel-choice');
    expect(choice).toHaveAttribute('data-mode', 'both');
    expect(screen.getByRole('radio', { name: 'Both' })).toHaveAttribute('aria-checked', 'true');

    // "Both" is how the element plays anyway: no audio graph yet.
    await userEvent.click(screen.getByRole('radio', { name: 'Both' }));
    expect(FakeAudioContext.instances).toHaveLength(0);

    await userEvent.click(screen.getByRole('radio', { name: 'Agent only' }));
    expect(choice).toHaveAttribute('data-mode', 'agent');
    expect(screen.getByRole('radio', { name: 'Agent only' })).toHaveAttribute('aria-checked', 'true');
    expect(FakeAudioContext.instances).toHaveLength(1);
    const ctx = FakeAudioContext.instances[0];
    expect(ctx.sources).toEqual([screen.getByTestId('call-audio')]);
    expect(ctx.ears().left.filter(([ch, g]) => ch === 0 && g > 0)).toEqual([]);

    await userEvent.click(screen.getByRole('radio', { name: 'Caller only' }));
    expect(choice).toHaveAttribute('data-mode', 'caller');
    // The same graph is reused.
    expect(FakeAudioContext.instances).toHaveLength(1);
    expect(ctx.ears().right.filter(([, g]) => g > 0)).toEqual([[0, 1]]);

    unmount();
    expect(ctx.state).toBe('closed');
  });

  it('does not offer a choice for a mono ElevenLabs recording', () => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    render(<Harness call={makeCall({ has_recording: true })} />);
    expect(screen.getByTestId('call-audio')).toBeInTheDocument();
    expect(screen.queryByTestId('channel-choice')).not.toBeInTheDocument();
  });

  it('explains when the browser cannot split channels', () => {
    vi.stubGlobal('AudioContext', undefined);
    render(<Harness call={builtin} />);
    expect(screen.getByRole('radio', { name: 'Agent only' })).toBeDisabled();
    expect(screen.getByText(/cannot split the channels/)).toBeInTheDocument();
  });
});
