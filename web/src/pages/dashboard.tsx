import type * as React from 'react';
import { Link } from 'wouter';
import { ArrowRight } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Skeleton } from '@/components/ui/skeleton';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/states';
import { KindBadge } from '@/components/tenant-switcher';
import { useCan, useCurrentMe } from '@/components/guards';
import { AGENT_COUNT_LIMIT, useAgentCount, useCredits, useTenant } from '@/api/hooks';
import type { TenantDetail } from '@/api/types';
import { filterNav, NAV_ITEMS } from '@/lib/nav';
import { PERM } from '@/lib/permissions';
import { isUnlimited, QUOTA_KEYS } from '@/lib/schemas';
import { cn, humanize } from '@/lib/utils';

const QUOTA_LABELS: Record<string, string> = {
  agents: 'Agents',
  phone_numbers: 'Phone numbers',
  concurrent_calls: 'Concurrent calls',
  included_minutes: 'Included minutes',
  knowledge_storage_mb: 'Knowledge storage (MB)',
  seats: 'Seats',
};

export function QuotaBar({ label, used, limit }: { label: string; used: number | undefined; limit: number | null | undefined }) {
  const unlimited = isUnlimited(limit);
  const tracked = used !== undefined;
  const pct = !unlimited && tracked && limit! > 0 ? Math.min(100, (used / limit!) * 100) : 0;
  const tone = pct >= 90 ? 'bg-destructive' : pct >= 75 ? 'bg-warning' : 'bg-primary';
  const limitText = unlimited ? 'Unlimited' : limit!.toLocaleString();
  return (
    <div className="space-y-1.5" data-testid={`quota-${label}`}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="truncate text-muted-foreground">{QUOTA_LABELS[label] ?? humanize(label)}</span>
        {tracked ? (
          <span className="font-medium tabular-nums">
            {used.toLocaleString()} <span className="text-muted-foreground">/ {limitText}</span>
          </span>
        ) : (
          <span className="whitespace-nowrap tabular-nums text-muted-foreground">{limitText} included</span>
        )}
      </div>
      <div className="h-2 overflow-hidden rounded-full bg-muted">
        {tracked && <div className={`h-full rounded-full ${tone}`} style={{ width: `${pct}%` }} />}
      </div>
    </div>
  );
}

function PlanCard() {
  const tenant = useTenant();
  return (
    <Card className="lg:col-span-2" data-testid="plan-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Plan &amp; usage
          {tenant.data && <Badge variant="secondary">{tenant.data.plan.name}</Badge>}
        </CardTitle>
        <CardDescription>What your plan includes and how much of it is in use.</CardDescription>
      </CardHeader>
      <CardContent>
        {tenant.isPending ? (
          <div className="grid gap-4 sm:grid-cols-2">
            {QUOTA_KEYS.map((k) => (
              <Skeleton key={k} className="h-9" />
            ))}
          </div>
        ) : tenant.isError ? (
          <QueryError error={tenant.error} onRetry={() => void tenant.refetch()} />
        ) : (
          <QuotaGrid tenant={tenant.data} />
        )}
      </CardContent>
    </Card>
  );
}

function QuotaGrid({ tenant }: { tenant: TenantDetail }) {
  const quotas = tenant.plan.quotas as unknown as Record<string, number | null>;
  const usage = (tenant.usage ?? {}) as Record<string, number | undefined>;
  const keys = [...QUOTA_KEYS.filter((k) => k in quotas), ...Object.keys(quotas).filter((k) => !(QUOTA_KEYS as readonly string[]).includes(k))];
  return (
    <div className="grid gap-x-8 gap-y-5 sm:grid-cols-2">
      {keys.map((k) => (
        <QuotaBar key={k} label={k} used={usage[k]} limit={quotas[k]} />
      ))}
    </div>
  );
}

function StatCard({
  testId,
  title,
  description,
  href,
  linkLabel,
  children,
}: {
  testId: string;
  title: string;
  description: string;
  href: string;
  linkLabel: string;
  children: React.ReactNode;
}) {
  return (
    <Card data-testid={testId} className="flex flex-col">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-1 flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">{children}</div>
        <Link href={href} className="group inline-flex items-center gap-1 text-sm font-medium text-link hover:underline">
          {linkLabel}
          <ArrowRight className="size-4 transition-transform group-hover:translate-x-0.5" />
        </Link>
      </CardContent>
    </Card>
  );
}

function CreditsCard() {
  const credits = useCredits();
  return (
    <StatCard testId="credits-card" title="Credits" description="1 credit = 1 started call minute." href="/billing" linkLabel="Billing">
      {credits.isPending ? (
        <Skeleton className="h-9 w-24" />
      ) : credits.isError ? (
        <QueryError error={credits.error} />
      ) : (
        <div className="flex flex-wrap items-baseline gap-2">
          <span
            className={cn('text-3xl font-semibold tabular-nums', credits.data.balance <= 0 && 'text-destructive')}
            data-testid="dashboard-credit-balance"
          >
            {credits.data.balance.toLocaleString()}
          </span>
          <span className="text-sm text-muted-foreground">credits</span>
          {credits.data.low_balance && <Badge variant="warning">Low balance</Badge>}
        </div>
      )}
    </StatCard>
  );
}

function AgentsCard() {
  const agents = useAgentCount();
  return (
    <StatCard testId="agents-card" title="Agents" description="Call and chat agents in this workspace." href="/agents" linkLabel="Agents">
      {agents.isPending ? (
        <Skeleton className="h-9 w-24" />
      ) : agents.isError ? (
        <QueryError error={agents.error} />
      ) : (
        <div className="flex flex-wrap items-baseline gap-2">
          <span className="text-3xl font-semibold tabular-nums" data-testid="dashboard-agent-count">
            {agents.data.count.toLocaleString()}
            {agents.data.more && '+'}
          </span>
          <span className="text-sm text-muted-foreground">
            {agents.data.count === 1 && !agents.data.more ? 'agent' : 'agents'}
            {agents.data.count > 0 && ` · ${agents.data.active}${agents.data.more ? ` of the first ${AGENT_COUNT_LIMIT}` : ''} active`}
          </span>
        </div>
      )}
    </StatCard>
  );
}

export function DashboardPage() {
  const me = useCurrentMe();
  const can = useCan();
  const shortcuts = filterNav(NAV_ITEMS, me.permissions).filter((i) => i.href !== '/');
  const firstName = me.user.name.split(' ')[0] || me.user.name;

  return (
    <div data-testid="dashboard-page">
      <PageHeader title={`Welcome, ${firstName}`} description="Here is an overview of your workspace." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card data-testid="tenant-card">
          <CardHeader>
            <CardTitle>Workspace</CardTitle>
            <CardDescription>The tenant you are acting in.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            <div className="flex items-center justify-between gap-2">
              <span className="text-muted-foreground">Name</span>
              <span className="truncate font-medium" data-testid="dashboard-tenant-name">{me.tenant.name}</span>
            </div>
            <div className="flex items-center justify-between gap-2">
              <span className="text-muted-foreground">Type</span>
              <KindBadge kind={me.tenant.kind} />
            </div>
            <div className="flex items-center justify-between gap-2">
              <span className="text-muted-foreground">Status</span>
              <Badge variant={me.tenant.status === 'active' ? 'success' : 'destructive'} className="capitalize">
                {me.tenant.status}
              </Badge>
            </div>
            <div className="flex items-center justify-between gap-2">
              <span className="text-muted-foreground">Your role</span>
              <span className="font-medium" data-testid="dashboard-role">{humanize(me.role)}</span>
            </div>
            {!me.user.email_verified && (
              <p className="text-xs text-warning">Your email address is not verified yet.</p>
            )}
          </CardContent>
        </Card>

        {can(PERM.settingsRead) ? (
          <PlanCard />
        ) : (
          <Card className="lg:col-span-2">
            <CardHeader>
              <CardTitle>Plan &amp; usage</CardTitle>
              <CardDescription>Ask an administrator of your workspace about plan limits.</CardDescription>
            </CardHeader>
          </Card>
        )}

        {(can(PERM.billingRead) || can(PERM.agentsRead)) && (
          <div className="grid gap-6 sm:grid-cols-2 lg:col-span-3">
            {can(PERM.agentsRead) && <AgentsCard />}
            {can(PERM.billingRead) && <CreditsCard />}
          </div>
        )}

        {shortcuts.length > 0 && (
          <Card className="lg:col-span-3">
            <CardHeader>
              <CardTitle>Shortcuts</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
              {shortcuts.map(({ href, label, icon: Icon }) => (
                <Link
                  key={href}
                  href={href}
                  className="group flex items-center gap-3 rounded-lg border p-3 text-sm font-medium transition-colors hover:border-primary/40 hover:bg-accent"
                >
                  <span className="flex size-8 items-center justify-center rounded-md bg-primary/10 text-link">
                    <Icon className="size-4" />
                  </span>
                  <span className="flex-1">{label}</span>
                  <ArrowRight className="size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5" />
                </Link>
              ))}
            </CardContent>
          </Card>
        )}
      </div>
    </div>
  );
}
