import * as React from 'react';
import { RotateCcw, Search } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import type { AgentOption } from '@/api/calls';
import { CALL_DIRECTIONS, CALL_STATUSES, EMPTY_CALL_FILTERS, hasFilters, type CallFilters } from '@/lib/calls';
import { useDebounced } from '@/lib/use-debounced';
import { humanize } from '@/lib/utils';
import { statusLabel } from './call-bits';

const ALL = 'all';

/**
 * The list filters. Selects and dates apply at once; the two text fields after a short pause.
 * `value` is the applied filters (from the URL); typing is kept locally until it settles.
 */
export function CallFiltersBar({
  value,
  onChange,
  agents,
}: {
  value: CallFilters;
  onChange: (next: CallFilters) => void;
  agents: AgentOption[];
}) {
  const [q, setQ] = React.useState(value.q);
  const [number, setNumber] = React.useState(value.number);
  const debouncedQ = useDebounced(q, 300);
  const debouncedNumber = useDebounced(number, 300);
  const latest = React.useRef({ value, onChange });
  React.useEffect(() => {
    latest.current = { value, onChange };
  });

  React.useEffect(() => {
    const { value: v, onChange: change } = latest.current;
    if (debouncedQ.trim() !== v.q || debouncedNumber.trim() !== v.number) {
      change({ ...v, q: debouncedQ.trim(), number: debouncedNumber.trim() });
    }
  }, [debouncedQ, debouncedNumber]);

  const set = (k: keyof CallFilters) => (v: string) => onChange({ ...value, [k]: v === ALL ? '' : v });
  const agentKnown = !value.agent_id || agents.some((a) => a.id === value.agent_id);
  const dirty = hasFilters(value) || q !== '' || number !== '';

  return (
    <div className="flex flex-col gap-2 border-b p-3" data-testid="call-filters">
      <div className="flex flex-wrap gap-2">
        <div className="relative min-w-52 flex-1">
          <Search className="absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Search transcripts…"
            aria-label="Search transcripts"
            className="pl-8"
            data-testid="call-filter-q"
          />
        </div>
        <Input
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder="Phone number"
          aria-label="Phone number"
          inputMode="tel"
          className="w-full sm:w-40"
          data-testid="call-filter-number"
        />
        <Select value={value.agent_id || ALL} onValueChange={set('agent_id')}>
          <SelectTrigger className="w-full sm:w-44" aria-label="Agent" data-testid="call-filter-agent">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All agents</SelectItem>
            {!agentKnown && <SelectItem value={value.agent_id}>Agent …{value.agent_id.slice(-6)}</SelectItem>}
            {agents.map((a) => (
              <SelectItem key={a.id} value={a.id} data-testid="call-filter-agent-option">
                {a.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={value.status || ALL} onValueChange={set('status')}>
          <SelectTrigger className="w-full sm:w-40" aria-label="Status" data-testid="call-filter-status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All statuses</SelectItem>
            {CALL_STATUSES.map((s) => (
              <SelectItem key={s} value={s} data-testid={`call-status-option-${s}`}>
                {statusLabel(s)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={value.direction || ALL} onValueChange={set('direction')}>
          <SelectTrigger className="w-full sm:w-44" aria-label="Direction" data-testid="call-filter-direction">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All directions</SelectItem>
            {CALL_DIRECTIONS.map((d) => (
              <SelectItem key={d} value={d} data-testid={`call-direction-option-${d}`}>
                {humanize(d)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-muted-foreground">Between</span>
        <Input
          type="date"
          value={value.from}
          max={value.to || undefined}
          onChange={(e) => onChange({ ...value, from: e.target.value })}
          aria-label="From day"
          className="w-40"
          data-testid="call-filter-from"
        />
        <span className="text-xs text-muted-foreground">and</span>
        <Input
          type="date"
          value={value.to}
          min={value.from || undefined}
          onChange={(e) => onChange({ ...value, to: e.target.value })}
          aria-label="To day"
          className="w-40"
          data-testid="call-filter-to"
        />
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="ml-auto"
          disabled={!dirty}
          onClick={() => {
            setQ('');
            setNumber('');
            onChange(EMPTY_CALL_FILTERS);
          }}
          data-testid="call-filter-reset"
        >
          <RotateCcw /> Reset filters
        </Button>
      </div>
    </div>
  );
}
