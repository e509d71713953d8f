import * as React from 'react';
import { Building2, Check, ChevronsUpDown, Home, Search } from 'lucide-react';
import { useLocation } from 'wouter';
import { toast } from 'sonner';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Input } from '@/components/ui/input';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useMyTenants, useSwitchTenant } from '@/api/hooks';
import type { Me } from '@/api/types';
import { useDebounced } from '@/lib/use-debounced';
import { cn } from '@/lib/utils';

export function KindBadge({ kind }: { kind: string }) {
  const variant = kind === 'platform' ? 'default' : kind === 'agency' ? 'warning' : 'secondary';
  return (
    <Badge variant={variant} className="capitalize">
      {kind}
    </Badge>
  );
}

export function TenantSwitcher({ me }: { me: Me }) {
  const [open, setOpen] = React.useState(false);
  const [q, setQ] = React.useState('');
  const debouncedQ = useDebounced(q);
  const tenants = useMyTenants(debouncedQ, open);
  const switchTenant = useSwitchTenant();
  const [, navigate] = useLocation();

  const choose = (id: string, name: string) => {
    if (id === me.tenant.id) {
      setOpen(false);
      return;
    }
    switchTenant.mutate(id, {
      onSuccess: (next) => {
        setOpen(false);
        navigate('/');
        toast.success(`Now acting in ${next.tenant.name || name}`);
      },
    });
  };

  const away = me.tenant.id !== me.home_tenant_id;

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          type="button"
          className={cn(
            'flex min-w-0 max-w-md cursor-pointer items-center gap-2 rounded-md border px-2.5 py-1.5 text-sm shadow-xs hover:bg-accent',
            away && 'border-warning/60 bg-warning/10',
          )}
          data-testid="tenant-switcher"
        >
          <Building2 className="size-4 shrink-0 text-muted-foreground" />
          <span className="truncate font-medium" data-testid="current-tenant">{me.tenant.name}</span>
          <KindBadge kind={me.tenant.kind} />
          <ChevronsUpDown className="size-3.5 shrink-0 text-muted-foreground" />
        </button>
      </PopoverTrigger>
      <PopoverContent className="w-80 p-0" align="start">
        <div className="flex items-center gap-2 border-b px-3">
          <Search className="size-4 text-muted-foreground" />
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Search tenants…"
            className="h-10 border-0 bg-transparent px-0 shadow-none focus-visible:ring-0 dark:bg-transparent"
            data-testid="tenant-search"
            autoFocus
          />
        </div>
        <div className="max-h-72 overflow-y-auto p-1">
          {away && (
            <button
              type="button"
              className="flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent"
              onClick={() => choose(me.home_tenant_id, 'your home tenant')}
              data-testid="tenant-home"
            >
              <Home className="size-4 text-muted-foreground" /> Back to my home tenant
            </button>
          )}
          {tenants.isPending ? (
            <p className="px-2 py-3 text-sm text-muted-foreground">Loading…</p>
          ) : tenants.isError ? (
            <p className="px-2 py-3 text-sm text-destructive">Could not load tenants.</p>
          ) : tenants.items.length === 0 ? (
            <p className="px-2 py-3 text-sm text-muted-foreground">No tenants found.</p>
          ) : (
            tenants.items.map((t) => (
              <button
                key={t.id}
                type="button"
                disabled={switchTenant.isPending}
                className="flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent disabled:opacity-50"
                onClick={() => choose(t.id, t.name)}
                data-testid="tenant-option"
              >
                <Check className={cn('size-4 shrink-0', t.id === me.tenant.id ? 'opacity-100' : 'opacity-0')} />
                <span className="flex-1 truncate">{t.name}</span>
                {t.status !== 'active' && <Badge variant="destructive">{t.status}</Badge>}
                <KindBadge kind={t.kind} />
              </button>
            ))
          )}
          {tenants.hasNextPage && (
            <Button
              variant="ghost"
              size="sm"
              className="w-full"
              loading={tenants.isFetchingNextPage}
              onClick={() => void tenants.fetchNextPage()}
            >
              Load more
            </Button>
          )}
        </div>
      </PopoverContent>
    </Popover>
  );
}
