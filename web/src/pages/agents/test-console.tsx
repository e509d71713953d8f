import * as React from 'react';
import { Bot, Cpu, MessageSquarePlus, SendHorizontal, User, Variable } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { QueryError, Spinner } from '@/components/states';
import { errorMessage } from '@/api/client';
import { CHAT_MESSAGE_MAX } from '@/api/chat';
import type { Agent } from '@/api/types';
import { cn } from '@/lib/utils';
import { useChatConsole, type ConsoleMessage } from './use-chat-console';

function EngineBadge({ engine }: { engine: string }) {
  if (engine === 'offline') {
    return (
      <Badge
        variant="warning"
        className="gap-1"
        title="Replies come from the built-in offline engine; no language model is called."
        data-testid="chat-engine-badge"
        data-engine={engine}
      >
        <Cpu className="size-3" /> Offline engine
      </Badge>
    );
  }
  return (
    <Badge variant="outline" className="gap-1 font-normal" data-testid="chat-engine-badge" data-engine={engine}>
      <Cpu className="size-3 text-muted-foreground" /> {engine === 'openai_compatible' ? 'OpenAI-compatible model' : engine}
    </Badge>
  );
}

function Bubble({ m }: { m: ConsoleMessage }) {
  const mine = m.role === 'user';
  return (
    <div className={cn('flex gap-2.5', mine && 'flex-row-reverse')} data-testid="chat-message" data-role={m.role}>
      <span
        className={cn(
          'mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full',
          mine ? 'bg-primary text-primary-foreground' : 'bg-muted text-muted-foreground',
        )}
        aria-hidden
      >
        {mine ? <User className="size-3.5" /> : <Bot className="size-3.5" />}
      </span>
      <div className={cn('flex max-w-[80%] flex-col gap-1', mine && 'items-end')}>
        <div
          className={cn(
            'whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm leading-relaxed',
            mine ? 'rounded-tr-sm bg-primary text-primary-foreground' : 'rounded-tl-sm border bg-card',
            m.failed && 'border-destructive/50',
          )}
          data-testid={m.role === 'assistant' ? 'assistant-text' : 'user-text'}
          data-streaming={m.streaming ? 'true' : undefined}
        >
          {m.content}
          {m.streaming && (
            <span className="ml-0.5 inline-block h-4 w-1.5 translate-y-0.5 animate-pulse rounded-sm bg-muted-foreground/60" aria-label="Typing" />
          )}
        </div>
        {m.usage && (
          <span className="px-1 text-[11px] tabular-nums text-muted-foreground" data-testid="chat-usage">
            {m.usage.prompt_tokens.toLocaleString()} prompt · {m.usage.completion_tokens.toLocaleString()} completion tokens
          </span>
        )}
        {m.failed && <span className="px-1 text-[11px] text-destructive">The reply broke off.</span>}
      </div>
    </div>
  );
}

/** Values for the agent's prompt variables in the next conversation (defaults from the agent). */
function VariablesPopover({
  defaults,
  values,
  onChange,
  onApply,
}: {
  defaults: Record<string, string>;
  values: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
  onApply: () => void;
}) {
  const [open, setOpen] = React.useState(false);
  const keys = Object.keys(defaults);
  const changed = keys.filter((k) => (values[k] ?? defaults[k]) !== defaults[k]).length;
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" data-testid="chat-variables">
          <Variable /> Variables
          {changed > 0 && <Badge variant="secondary">{changed}</Badge>}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80">
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setOpen(false);
            onApply();
          }}
        >
          <p className="text-sm text-muted-foreground">Values for this test conversation; the agent's defaults stay as they are.</p>
          {keys.map((k) => (
            <div key={k} className="grid gap-1">
              <Label htmlFor={`chat-var-${k}`} className="font-mono text-xs">
                {k}
              </Label>
              <Input
                id={`chat-var-${k}`}
                value={values[k] ?? defaults[k]}
                onChange={(e) => onChange({ ...values, [k]: e.target.value })}
              />
            </div>
          ))}
          <div className="flex justify-between gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={() => onChange({})} disabled={changed === 0}>
              Reset
            </Button>
            <Button type="submit" size="sm">
              Start a conversation with these
            </Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}

/** A chat panel that talks to the agent (a new session per conversation). */
export function TestConsole({ agent, active, draftChanged }: { agent: Agent; active: boolean; draftChanged: boolean }) {
  const chat = useChatConsole(agent.id);
  const [draft, setDraft] = React.useState('');
  const listRef = React.useRef<HTMLDivElement>(null);
  const inputRef = React.useRef<HTMLTextAreaElement>(null);
  const startedRef = React.useRef(false);
  const defaults = agent.config.variables ?? {};
  const [vars, setVars] = React.useState<Record<string, string>>({});
  const overrides = () => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) if (k in defaults && v !== defaults[k]) out[k] = v;
    return out;
  };
  // After the first publish the console talks to the live version unless asked for the draft.
  const [onDraft, setOnDraft] = React.useState(false);
  const restart = (draft = onDraft) => {
    setOnDraft(draft);
    void chat.start(overrides(), draft);
  };

  // The session starts the first time the tab is shown (not for every visit of the editor).
  React.useEffect(() => {
    if (active && !startedRef.current) {
      startedRef.current = true;
      restart();
    }
  }, [active]);

  React.useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chat.messages]);

  const submit = async () => {
    const text = draft;
    if (!text.trim() || chat.sending || !chat.session) return;
    setDraft('');
    const ok = await chat.send(text);
    if (!ok) setDraft((d) => d || text);
    inputRef.current?.focus();
  };

  const s = chat.session;
  return (
    <Card className="flex flex-col overflow-hidden" data-testid="test-console">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3 border-b pb-4">
        <div className="grid gap-1.5">
          <CardTitle className="flex flex-wrap items-center gap-2">
            Test console
            {s && <EngineBadge engine={s.engine} />}
            {s && (
              <Badge variant="secondary" className="font-normal" data-testid="chat-version">
                {s.agent_version === 0 ? 'Draft configuration' : `Version ${s.agent_version}`}
              </Badge>
            )}
          </CardTitle>
          <CardDescription>
            Chat with {agent.name} as a customer would.
            {chat.totals.prompt + chat.totals.completion > 0 && (
              <span className="ml-1 tabular-nums" data-testid="chat-total-usage">
                This conversation: {(chat.totals.prompt + chat.totals.completion).toLocaleString()} tokens.
              </span>
            )}
          </CardDescription>
        </div>
        <div className="flex flex-wrap gap-2">
          {Object.keys(defaults).length > 0 && (
            <VariablesPopover defaults={defaults} values={vars} onChange={setVars} onApply={() => restart()} />
          )}
          <Button variant="outline" size="sm" onClick={() => restart()} disabled={chat.starting} data-testid="chat-new">
            <MessageSquarePlus /> New conversation
          </Button>
        </div>
      </CardHeader>
      <CardContent className="p-0">
        {s && s.agent_version > 0 && (draftChanged || s.agent_version !== agent.current_version) && (
          <Alert className="rounded-none border-x-0 border-t-0 bg-muted/40" data-testid="chat-version-note">
            <AlertDescription className="flex flex-wrap items-center justify-between gap-2">
              <span>
                {s.agent_version !== agent.current_version
                  ? `This conversation runs version ${s.agent_version}; start a new conversation to talk to version ${agent.current_version}.`
                  : `This conversation runs the live version ${s.agent_version}. Try the saved draft to test unpublished changes.`}
              </span>
              {draftChanged && (
                <Button variant="outline" size="sm" onClick={() => restart(true)} data-testid="chat-try-draft">
                  Try the draft
                </Button>
              )}
            </AlertDescription>
          </Alert>
        )}
        {s && s.agent_version === 0 && agent.current_version > 0 && (
          <Alert className="rounded-none border-x-0 border-t-0 bg-muted/40" data-testid="chat-draft-note">
            <AlertDescription className="flex flex-wrap items-center justify-between gap-2">
              <span>This conversation runs the saved draft, not the live version {agent.current_version}.</span>
              <Button variant="outline" size="sm" onClick={() => restart(false)} data-testid="chat-try-live">
                Back to version {agent.current_version}
              </Button>
            </AlertDescription>
          </Alert>
        )}
        <div ref={listRef} className="flex h-[26rem] flex-col gap-4 overflow-y-auto bg-muted/20 p-4" data-testid="chat-messages" aria-live="polite">
          {chat.starting ? (
            <Spinner label="Starting a conversation…" />
          ) : chat.startError ? (
            <QueryError error={chat.startError} onRetry={() => restart()} />
          ) : chat.messages.length === 0 ? (
            <p className="m-auto text-sm text-muted-foreground">Say something to start.</p>
          ) : (
            chat.messages.map((m) => <Bubble key={m.key} m={m} />)
          )}
        </div>
        {chat.sendError != null && (
          <Alert variant="destructive" className="rounded-none border-x-0 border-b-0" data-testid="chat-error">
            <AlertDescription>{errorMessage(chat.sendError)}</AlertDescription>
          </Alert>
        )}
        <form
          className="flex items-end gap-2 border-t p-3"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Textarea
            ref={inputRef}
            rows={1}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void submit();
              }
            }}
            placeholder={s ? 'Type a message… (Enter sends, Shift+Enter for a new line)' : 'Starting…'}
            aria-label="Message"
            maxLength={CHAT_MESSAGE_MAX}
            className="max-h-40 min-h-9 resize-none"
            disabled={!s}
            data-testid="chat-input"
          />
          <Button type="submit" disabled={!s || !draft.trim()} loading={chat.sending} data-testid="chat-send">
            <SendHorizontal /> Send
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
