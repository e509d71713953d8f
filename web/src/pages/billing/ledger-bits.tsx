import { Badge } from '@/components/ui/badge';
import { cn, signed } from '@/lib/utils';

const TYPE_VARIANT: Record<string, 'success' | 'default' | 'secondary' | 'warning' | 'outline'> = {
  bonus: 'success',
  purchase: 'default',
  usage: 'secondary',
  adjustment: 'warning',
  refund: 'outline',
};

export function EntryTypeBadge({ type }: { type: string }) {
  return (
    <Badge variant={TYPE_VARIANT[type] ?? 'outline'} className="capitalize" data-testid="ledger-type">
      {type}
    </Badge>
  );
}

export function Amount({ value, className }: { value: number; className?: string }) {
  return (
    <span
      className={cn('font-medium tabular-nums', value > 0 ? 'text-success' : value < 0 ? 'text-destructive' : 'text-muted-foreground', className)}
      data-testid="ledger-amount"
    >
      {signed(value)}
    </span>
  );
}

