import * as React from 'react';
import { AudioLines, Bot, Headphones, User } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { recordingUrl, type Call } from '@/api/calls';
import { audioContextCtor, CHANNEL_LABELS, CHANNEL_MODES, ChannelRouter, type ChannelMode } from '@/lib/audio-channels';
import { isBuiltin } from '@/lib/turn-timings';
import { cn } from '@/lib/utils';

export interface ChannelRouting {
  mode: ChannelMode;
  setMode: (mode: ChannelMode) => void;
  /** Whether the browser can split the channels (Web Audio). */
  supported: boolean;
  /** Why the last choice could not be applied, if it could not. */
  problem: string | null;
}

/**
 * Which side of a two-channel recording plays (see lib/audio-channels). The Web Audio graph is
 * built on the first choice of one side and closed with the component.
 */
export function useChannelRouting(audioRef: React.RefObject<HTMLMediaElement | null>, enabled: boolean): ChannelRouting {
  const [mode, setModeState] = React.useState<ChannelMode>('both');
  const [problem, setProblem] = React.useState<string | null>(null);
  const router = React.useRef<ChannelRouter | null>(null);
  const Ctor = enabled ? audioContextCtor() : null;

  React.useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !enabled) return;
    // Once routed, the element is heard only through the context: let it run on every play.
    const onPlay = () => router.current?.resume();
    audio.addEventListener('play', onPlay);
    return () => audio.removeEventListener('play', onPlay);
  }, [audioRef, enabled]);

  React.useEffect(
    () => () => {
      router.current?.close();
      router.current = null;
    },
    [],
  );

  const setMode = React.useCallback(
    (next: ChannelMode) => {
      const audio = audioRef.current;
      if (!Ctor || !audio) return;
      if (!router.current) {
        if (next === 'both') {
          setModeState(next);
          return;
        }
        try {
          router.current = new ChannelRouter(audio, Ctor);
        } catch (e) {
          setProblem(`This browser cannot play one side alone (${e instanceof Error ? e.message : 'Web Audio failed'}).`);
          return;
        }
      }
      router.current.setMode(next);
      setProblem(null);
      setModeState(next);
    },
    [Ctor, audioRef],
  );

  return { mode, setMode, supported: Boolean(Ctor), problem };
}

const MODE_ICON: Record<ChannelMode, React.ComponentType<{ className?: string }>> = {
  both: Headphones,
  caller: User,
  agent: Bot,
};

/** Both / caller only / agent only, as a segmented radio group. */
export function ChannelChoice({ routing, disabled }: { routing: ChannelRouting; disabled?: boolean }) {
  const off = disabled || !routing.supported;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs font-medium text-muted-foreground" id="channel-choice-label">
        Listen to
      </span>
      <div
        role="radiogroup"
        aria-labelledby="channel-choice-label"
        className="inline-flex rounded-lg bg-muted p-0.5"
        data-testid="channel-choice"
        data-mode={routing.mode}
      >
        {CHANNEL_MODES.map((m) => {
          const Icon = MODE_ICON[m];
          const checked = routing.mode === m;
          return (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={checked}
              disabled={off}
              onClick={() => routing.setMode(m)}
              data-testid={`channel-${m}`}
              className={cn(
                'inline-flex cursor-pointer items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-50',
                checked ? 'bg-card text-foreground shadow-sm dark:bg-accent' : 'text-muted-foreground hover:text-foreground',
              )}
            >
              <Icon className="size-3.5" aria-hidden />
              {CHANNEL_LABELS[m]}
            </button>
          );
        })}
      </div>
    </div>
  );
}

export function RecordingCard({ call, audioRef }: { call: Call; audioRef: React.RefObject<HTMLAudioElement | null> }) {
  // Built-in calls are recorded in two channels (caller left, agent right); ElevenLabs sends mono MP3.
  const twoChannels = isBuiltin(call) && call.has_recording;
  const routing = useChannelRouting(audioRef, twoChannels);
  return (
    <Card data-testid="call-recording">
      <CardHeader className="pb-3">
        <CardTitle className="flex items-center gap-2">
          <AudioLines className="size-4 text-muted-foreground" /> Recording
        </CardTitle>
        {twoChannels && <CardDescription>Two channels: the caller on the left, the agent on the right.</CardDescription>}
      </CardHeader>
      <CardContent className="grid gap-3">
        {call.has_recording ? (
          <>
            <audio ref={audioRef} controls preload="metadata" src={recordingUrl(call.id)} className="w-full" data-testid="call-audio">
              <a href={recordingUrl(call.id)}>Download the recording</a>
            </audio>
            {twoChannels && (
              <>
                <ChannelChoice routing={routing} />
                {!routing.supported && (
                  <p className="text-xs text-muted-foreground">This browser cannot split the channels; both sides play.</p>
                )}
                {routing.problem && <p className="text-xs text-destructive">{routing.problem}</p>}
              </>
            )}
          </>
        ) : (
          <p className="text-sm text-muted-foreground" data-testid="no-recording">
            {call.status === 'completed' || call.status === 'failed'
              ? 'No recording for this call (yet: providers may deliver it a little after the call).'
              : 'The recording will be available after the call.'}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
