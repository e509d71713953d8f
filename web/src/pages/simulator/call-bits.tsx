import { Link } from 'wouter';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { useCan } from '@/components/guards';
import { ApiError } from '@/api/client';
import type { PhoneNumber } from '@/api/types';
import { carrierLabel, formatPhoneNumber } from '@/lib/numbers';
import { PERM } from '@/lib/permissions';
import { refusalKind, refusalMessage } from '@/lib/simulator';
import { cn } from '@/lib/utils';

/** "+1 (212) 555-0142 · Main line". */
export function numberTitle(n: PhoneNumber): string {
  const formatted = formatPhoneNumber(n.phone_number);
  const label = n.friendly_name.trim();
  return label && label !== n.phone_number && label !== formatted ? `${formatted} · ${label}` : formatted;
}

/** Picks one of the given numbers; each option says its carrier and the agent answering it. */
export function NumberPicker({
  id,
  numbers,
  value,
  onChange,
  names,
  invalid,
  disabled,
  testId,
  label,
  showCarrier = false,
}: {
  id?: string;
  numbers: PhoneNumber[];
  value: string;
  onChange: (id: string) => void;
  names: Map<string, string>;
  invalid?: boolean;
  disabled?: boolean;
  testId: string;
  label: string;
  showCarrier?: boolean;
}) {
  return (
    <Select value={value || undefined} onValueChange={onChange} disabled={disabled}>
      <SelectTrigger id={id} aria-label={label} aria-invalid={invalid} className={cn(invalid && 'border-destructive')} data-testid={testId}>
        <SelectValue placeholder="Choose a number" />
      </SelectTrigger>
      <SelectContent>
        {numbers.map((n) => (
          <SelectItem key={n.id} value={n.id} data-testid="number-option" data-number={n.phone_number}>
            <span className="font-mono tabular-nums">{numberTitle(n)}</span>
            <span className="ml-2 text-xs text-muted-foreground">
              {showCarrier ? `${carrierLabel(n.carrier)} · ` : ''}
              {n.agent_id ? (names.get(n.agent_id) ?? 'an agent') : 'no agent'}
            </span>
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/**
 * A refused call in words, with the way out: credits → Billing, busy lines → the live wall.
 * `reason` is an API error or a refused call's end reason ("refused: …").
 */
export function RefusalAlert({ reason, onNavigate, testId = 'call-refusal' }: { reason: unknown; onNavigate?: () => void; testId?: string }) {
  const can = useCan();
  const kind = refusalKind(reason);
  return (
    <Alert
      variant="destructive"
      data-testid={testId}
      data-kind={kind}
      data-code={reason instanceof ApiError ? reason.code : undefined}
    >
      <AlertDescription>
        {refusalMessage(reason)}
        {kind === 'credits' && can(PERM.billingRead) && (
          <>
            {' '}
            <Link href="/billing" className="font-medium underline" onClick={onNavigate} data-testid="refusal-billing-link">
              Open Billing
            </Link>
          </>
        )}
        {kind === 'busy' && (
          <>
            {' '}
            <Link href="/calls/live" className="font-medium underline" onClick={onNavigate}>
              See the calls in progress
            </Link>
          </>
        )}
      </AlertDescription>
    </Alert>
  );
}
