import { Cloud, FlaskConical, Loader2 } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import type { Agent } from '@/api/types';
import { carrierLabel, isNumberPending, numberStatusLabel, numberStatusVariant } from '@/lib/numbers';
import { cn } from '@/lib/utils';

export function NumberStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={numberStatusVariant(status)} data-testid="number-status" data-status={status}>
      {isNumberPending(status) && <Loader2 className="size-3 animate-spin" aria-hidden />}
      {numberStatusLabel(status)}
    </Badge>
  );
}

export function CarrierBadge({ carrier }: { carrier: string }) {
  const Icon = carrier === 'simulator' ? FlaskConical : Cloud;
  return (
    <Badge variant="outline" className="gap-1 font-normal" data-testid="number-carrier">
      <Icon className="size-3 text-muted-foreground" aria-hidden />
      {carrierLabel(carrier)}
    </Badge>
  );
}

/** The select's value for "no agent" (Radix selects take no empty value). */
export const NO_AGENT = 'none';

/** The name of an agent that may not be among the loaded ones. */
export function agentName(id: string, names: Map<string, string>): string {
  return names.get(id) ?? `Agent …${id.slice(-6)}`;
}

/**
 * Picks the call agent answering a number, or none. An assigned agent that is not a loaded call
 * agent (a chat agent set through the API, or beyond the first 100) stays selectable.
 */
export function AgentSelect({
  value,
  onChange,
  agents,
  names,
  id,
  disabled,
  className,
  label = 'Agent',
  testId,
}: {
  value: string | null;
  onChange: (agentId: string | null) => void;
  agents: Pick<Agent, 'id' | 'name'>[];
  names: Map<string, string>;
  id?: string;
  disabled?: boolean;
  className?: string;
  label?: string;
  testId?: string;
}) {
  const known = !value || agents.some((a) => a.id === value);
  return (
    <Select value={value ?? NO_AGENT} onValueChange={(v) => onChange(v === NO_AGENT ? null : v)} disabled={disabled}>
      <SelectTrigger id={id} className={cn('w-full sm:w-48', className)} aria-label={label} data-testid={testId}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={NO_AGENT} data-testid="agent-option-none">
          <span className="text-muted-foreground">No agent</span>
        </SelectItem>
        {!known && value && <SelectItem value={value}>{agentName(value, names)}</SelectItem>}
        {agents.map((a) => (
          <SelectItem key={a.id} value={a.id} data-testid="agent-option">
            {a.name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
