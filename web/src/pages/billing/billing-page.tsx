import { Coins, ReceiptText } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useCredits, useLedger } from '@/api/hooks';
import type { LedgerEntry } from '@/api/types';
import { cn, formatDateTime } from '@/lib/utils';
import { Amount, EntryTypeBadge } from './ledger-bits';
import { BalanceChart } from './balance-chart';
import { ledgerTotals } from './chart-data';

function BalanceCard() {
  const credits = useCredits();
  const c = credits.data;
  return (
    <Card data-testid="balance-card">
      <CardHeader>
        <CardTitle>Balance</CardTitle>
        <CardDescription>1 credit = 1 started call minute.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {credits.isPending ? (
          <Skeleton className="h-12 w-32" />
        ) : credits.isError ? (
          <QueryError error={credits.error} onRetry={() => void credits.refetch()} />
        ) : (
          <>
            <div className="flex items-baseline gap-2">
              <span
                className={cn('text-5xl font-semibold tracking-tight tabular-nums', c!.balance <= 0 && 'text-destructive')}
                data-testid="credit-balance"
              >
                {c!.balance.toLocaleString()}
              </span>
              <span className="text-sm text-muted-foreground">credits</span>
            </div>
            {c!.low_balance ? (
              <Badge variant="warning">Below {c!.low_balance_threshold.toLocaleString()} — running low</Badge>
            ) : (
              <p className="text-xs text-muted-foreground">
                You are warned below {c!.low_balance_threshold.toLocaleString()} credits.
              </p>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}

function LedgerTable({ entries }: { entries: LedgerEntry[] }) {
  return (
    <Table data-testid="ledger-table">
      <TableHeader>
        <TableRow>
          <TableHead>Type</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead className="text-right">Balance after</TableHead>
          <TableHead>Description</TableHead>
          <TableHead>Source</TableHead>
          <TableHead>Date</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((e) => (
          <TableRow key={e.id} data-testid="ledger-row" data-type={e.entry_type}>
            <TableCell>
              <EntryTypeBadge type={e.entry_type} />
            </TableCell>
            <TableCell className="text-right">
              <Amount value={e.amount} />
            </TableCell>
            <TableCell className="text-right tabular-nums" data-testid="ledger-balance-after">
              {e.balance_after.toLocaleString()}
            </TableCell>
            <TableCell className="max-w-xs">
              <span className="line-clamp-2" title={e.description}>
                {e.description || '—'}
              </span>
            </TableCell>
            <TableCell>
              <code className="block max-w-48 truncate font-mono text-xs text-muted-foreground" title={e.source_ref}>
                {e.source_ref}
              </code>
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(e.created_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function BillingPage() {
  const credits = useCredits();
  const ledger = useLedger();
  const totals = ledgerTotals(ledger.items);

  return (
    <div data-testid="billing-page">
      <PageHeader title="Billing" description="Your credits and every change to them." />

      {credits.data?.low_balance && (
        <Alert variant="warning" className="mb-6" data-testid="billing-low-balance">
          <AlertTitle>Your balance is low</AlertTitle>
          <AlertDescription>
            {credits.data.balance.toLocaleString()} credits left. New calls are refused once the balance reaches zero.
          </AlertDescription>
        </Alert>
      )}

      <div className="mb-6 grid gap-6 lg:grid-cols-3">
        <BalanceCard />
        <Card className="lg:col-span-2" data-testid="balance-chart-card">
          <CardHeader className="pb-2">
            <CardTitle>Balance over time</CardTitle>
            <CardDescription>
              {ledger.items.length > 0
                ? `From the ${ledger.items.length} ledger ${ledger.items.length === 1 ? 'entry' : 'entries'} loaded below: +${totals.added.toLocaleString()} added, −${totals.spent.toLocaleString()} spent.`
                : 'Appears with the first ledger entry.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {ledger.isPending ? (
              <Skeleton className="h-56 w-full" />
            ) : ledger.items.length > 0 ? (
              <BalanceChart entries={ledger.items} />
            ) : (
              <div className="flex h-56 items-center justify-center rounded-lg border border-dashed text-sm text-muted-foreground">
                <Coins className="mr-2 size-4" /> No changes yet
              </div>
            )}
          </CardContent>
        </Card>
      </div>

      <Card className="overflow-hidden">
        <CardHeader className="border-b pb-4">
          <CardTitle>Ledger</CardTitle>
          <CardDescription>Bonuses, purchases, call usage, refunds and corrections, newest first.</CardDescription>
        </CardHeader>
        {ledger.isPending ? (
          <Spinner />
        ) : ledger.isError ? (
          <div className="p-4">
            <QueryError error={ledger.error} onRetry={() => void ledger.refetch()} />
          </div>
        ) : ledger.items.length === 0 ? (
          <EmptyState icon={ReceiptText} title="No entries yet" description="Credits you receive or spend show up here." />
        ) : (
          <LedgerTable entries={ledger.items} />
        )}
        <LoadMore query={ledger} />
      </Card>
    </div>
  );
}
