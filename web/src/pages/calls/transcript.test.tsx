import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Transcript } from './transcript';

const segments = [
  { speaker: 'agent', text: 'Hello, how can I help?', start_ms: 0, end_ms: 3000 },
  { speaker: 'caller', text: 'I need to move my appointment.', start_ms: 4000, end_ms: null },
  { speaker: 'agent', text: 'Done: Friday at 10 am.', start_ms: 65_500 },
];

describe('Transcript', () => {
  it('shows agent and caller bubbles with their offsets', () => {
    render(<Transcript segments={segments} />);
    const bubbles = screen.getAllByTestId('transcript-bubble');
    expect(bubbles.map((b) => b.dataset.speaker)).toEqual(['agent', 'caller', 'agent']);
    expect(bubbles[1]).toHaveTextContent('Caller: I need to move my appointment.');
    expect(screen.getAllByTestId('transcript-offset').map((o) => o.textContent)).toEqual(['0:00', '0:04', '1:05']);
    // Without a recording the offsets are plain text.
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('seeks the recording from an offset', async () => {
    const onSeek = vi.fn();
    render(<Transcript segments={segments} onSeek={onSeek} />);
    await userEvent.click(screen.getByRole('button', { name: '1:05' }));
    expect(onSeek).toHaveBeenCalledWith(65_500);
  });
});
