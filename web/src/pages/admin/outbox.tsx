import { Link } from 'wouter';
import { Inbox } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { Badge, type BadgeProps } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryError, Spinner } from '@/components/states';
import { useOutbox } from '@/api/hooks';
import { formatDateTime, humanize } from '@/lib/utils';

export const EMAIL_STATUS_VARIANT: Record<string, BadgeProps['variant']> = {
  sent: 'success',
  delivered: 'success',
  pending: 'warning',
  queued: 'warning',
  failed: 'destructive',
};

export function OutboxPage() {
  const outbox = useOutbox();
  return (
    <div data-testid="outbox-page">
      <PageHeader title="Email outbox" description="Every email the platform has sent or queued, newest first." />
      <Card className="overflow-hidden">
        {outbox.isPending ? (
          <Spinner />
        ) : outbox.isError ? (
          <div className="p-4">
            <QueryError error={outbox.error} onRetry={() => void outbox.refetch()} />
          </div>
        ) : outbox.items.length === 0 ? (
          <EmptyState icon={Inbox} title="No emails yet" />
        ) : (
          <Table data-testid="outbox-table">
            <TableHeader>
              <TableRow>
                <TableHead>To</TableHead>
                <TableHead>Subject</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {outbox.items.map((m) => (
                <TableRow key={m.id} data-testid="outbox-row" data-to={m.to} data-kind={m.kind}>
                  <TableCell className="font-medium">{m.to}</TableCell>
                  <TableCell>
                    <Link href={`/admin/outbox/${m.id}`} className="text-link hover:underline" data-testid="outbox-open">
                      {m.subject}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Badge variant="outline">{humanize(m.kind)}</Badge>
                  </TableCell>
                  <TableCell>
                    <Badge variant={EMAIL_STATUS_VARIANT[m.status] ?? 'secondary'} className="capitalize">
                      {m.status}
                    </Badge>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">{formatDateTime(m.created_at)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <LoadMore query={outbox} />
      </Card>
    </div>
  );
}
