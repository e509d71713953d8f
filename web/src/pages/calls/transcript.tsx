import { Bot, User } from 'lucide-react';
import type { CallSegment } from '@/api/calls';
import { formatOffset } from '@/lib/calls';
import { cn } from '@/lib/utils';

/**
 * A transcript as chat bubbles: the agent on the left, the caller on the right, each with its
 * offset into the call. With `onSeek`, the offsets are buttons that jump the recording there.
 */
export function Transcript({ segments, onSeek }: { segments: CallSegment[]; onSeek?: (ms: number) => void }) {
  return (
    <ol className="flex flex-col gap-3" data-testid="transcript">
      {segments.map((s, i) => {
        const agent = s.speaker === 'agent';
        const Icon = agent ? Bot : User;
        const offset = formatOffset(s.start_ms);
        return (
          <li
            key={`${s.start_ms}-${i}`}
            className={cn('flex items-end gap-2', agent ? 'flex-row' : 'flex-row-reverse')}
            data-testid="transcript-bubble"
            data-speaker={s.speaker}
          >
            <span
              className={cn(
                'flex size-7 shrink-0 items-center justify-center rounded-full',
                agent ? 'bg-muted text-muted-foreground' : 'bg-primary/15 text-primary',
              )}
              aria-hidden
            >
              <Icon className="size-3.5" />
            </span>
            <div className={cn('flex max-w-[80%] flex-col gap-1', agent ? 'items-start' : 'items-end')}>
              <div
                className={cn(
                  'whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm leading-relaxed',
                  agent ? 'rounded-bl-sm bg-muted text-foreground' : 'rounded-br-sm bg-primary text-primary-foreground',
                )}
              >
                <span className="sr-only">{agent ? 'Agent' : 'Caller'}: </span>
                {s.text}
              </div>
              <div className="flex items-center gap-1.5 px-1 text-[11px] text-muted-foreground">
                <span>{agent ? 'Agent' : 'Caller'}</span>
                <span aria-hidden>·</span>
                {onSeek ? (
                  <button
                    type="button"
                    className="cursor-pointer font-mono tabular-nums hover:text-foreground hover:underline"
                    title={`Play from ${offset}`}
                    onClick={() => onSeek(s.start_ms)}
                    data-testid="transcript-offset"
                  >
                    {offset}
                  </button>
                ) : (
                  <span className="font-mono tabular-nums" data-testid="transcript-offset">
                    {offset}
                  </span>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
