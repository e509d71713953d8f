import { Link } from 'wouter';
import { ArrowLeft } from 'lucide-react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { QueryError, Spinner } from '@/components/states';
import { useOutboxEmail } from '@/api/hooks';
import { Linkified } from '@/lib/linkify';
import { formatDateTime, humanize } from '@/lib/utils';
import { EMAIL_STATUS_VARIANT } from './outbox';

export function OutboxDetailPage({ id }: { id: string }) {
  const email = useOutboxEmail(id);
  return (
    <div data-testid="outbox-detail-page">
      <Button asChild variant="ghost" size="sm" className="mb-4 -ml-2">
        <Link href="/admin/outbox">
          <ArrowLeft /> Back to outbox
        </Link>
      </Button>
      {email.isPending ? (
        <Spinner />
      ) : email.isError ? (
        <QueryError error={email.error} onRetry={() => void email.refetch()} />
      ) : (
        <Card>
          <CardHeader className="gap-3 border-b">
            <CardTitle className="text-xl" data-testid="email-subject">{email.data.subject}</CardTitle>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">To</dt>
              <dd className="font-medium" data-testid="email-to">{email.data.to}</dd>
              <dt className="text-muted-foreground">Kind</dt>
              <dd>
                <Badge variant="outline">{humanize(email.data.kind)}</Badge>
              </dd>
              <dt className="text-muted-foreground">Status</dt>
              <dd>
                <Badge variant={EMAIL_STATUS_VARIANT[email.data.status] ?? 'secondary'} className="capitalize">
                  {email.data.status}
                </Badge>
              </dd>
              <dt className="text-muted-foreground">Created</dt>
              <dd>{formatDateTime(email.data.created_at)}</dd>
              {email.data.error && (
                <>
                  <dt className="text-muted-foreground">Error</dt>
                  <dd className="text-destructive" data-testid="email-error">{email.data.error}</dd>
                </>
              )}
            </dl>
          </CardHeader>
          <CardContent className="pt-4">
            <Tabs defaultValue="text">
              <TabsList>
                <TabsTrigger value="text">Text</TabsTrigger>
                <TabsTrigger value="html" disabled={!email.data.body_html}>
                  HTML
                </TabsTrigger>
              </TabsList>
              <TabsContent value="text">
                <div
                  className="whitespace-pre-wrap break-words rounded-lg border bg-muted/30 p-4 font-mono text-sm leading-relaxed"
                  data-testid="email-body-text"
                >
                  <Linkified text={email.data.body_text} />
                </div>
              </TabsContent>
              {email.data.body_html && (
                <TabsContent value="html">
                  <iframe
                    title="HTML body"
                    sandbox="allow-popups"
                    srcDoc={email.data.body_html}
                    className="h-[32rem] w-full rounded-lg border bg-white"
                  />
                </TabsContent>
              )}
            </Tabs>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
