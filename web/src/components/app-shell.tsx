import * as React from 'react';
import { Link, useLocation } from 'wouter';
import { Menu } from 'lucide-react';
import * as DialogPrimitive from '@radix-ui/react-dialog';
import { Button } from '@/components/ui/button';
import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme-toggle';
import { TenantSwitcher, KindBadge } from '@/components/tenant-switcher';
import { UserMenu } from '@/components/user-menu';
import { LowBalanceBanner } from '@/components/low-balance-banner';
import type { Me } from '@/api/types';
import { filterNav, isActive, NAV_ITEMS, type NavItem } from '@/lib/nav';
import { cn, humanize } from '@/lib/utils';

function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const [location] = useLocation();
  const main = items.filter((i) => i.section === 'main');
  const admin = items.filter((i) => i.section === 'admin');
  const render = (item: NavItem) => {
    const active = isActive(item.href, location);
    const Icon = item.icon;
    return (
      <Link
        key={item.href}
        href={item.href}
        onClick={onNavigate}
        data-testid={item.testId}
        aria-current={active ? 'page' : undefined}
        className={cn(
          'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
          active
            ? 'bg-primary/10 text-link dark:bg-primary/20 dark:text-foreground'
            : 'text-sidebar-foreground hover:bg-sidebar-accent hover:text-foreground',
        )}
      >
        <Icon className={cn('size-4', active ? 'text-link' : 'text-muted-foreground')} />
        {item.label}
      </Link>
    );
  };
  return (
    <nav className="flex flex-col gap-1 p-3" data-testid="sidebar-nav">
      {main.map(render)}
      {admin.length > 0 && (
        <>
          <p className="mt-4 px-3 pb-1 text-xs font-semibold uppercase tracking-wider text-muted-foreground">
            Administration
          </p>
          {admin.map(render)}
        </>
      )}
    </nav>
  );
}

function SidebarContent({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const items = filterNav(NAV_ITEMS, me.permissions);
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-14 items-center border-b border-sidebar-border px-4">
        <Link href="/" onClick={onNavigate} className="min-w-0">
          <Logo />
        </Link>
      </div>
      <div className="flex-1 overflow-y-auto">
        <NavLinks items={items} onNavigate={onNavigate} />
      </div>
      <div className="border-t border-sidebar-border p-4 text-xs text-muted-foreground">
        <p className="truncate font-medium text-foreground">{me.tenant.name}</p>
        <p>{humanize(me.tenant.kind)} workspace</p>
      </div>
    </div>
  );
}

export function AppShell({ me, children }: { me: Me; children: React.ReactNode }) {
  const [mobileOpen, setMobileOpen] = React.useState(false);
  return (
    <div className="flex min-h-screen bg-background">
      <aside className="hidden w-60 shrink-0 border-r border-sidebar-border bg-sidebar lg:block">
        <div className="sticky top-0 h-screen">
          <SidebarContent me={me} />
        </div>
      </aside>

      <DialogPrimitive.Root open={mobileOpen} onOpenChange={setMobileOpen}>
        <DialogPrimitive.Portal>
          <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/50 lg:hidden" />
          <DialogPrimitive.Content className="fixed inset-y-0 left-0 z-50 w-64 border-r bg-sidebar shadow-xl lg:hidden">
            <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
            <DialogPrimitive.Description className="sr-only">Main navigation</DialogPrimitive.Description>
            <SidebarContent me={me} onNavigate={() => setMobileOpen(false)} />
          </DialogPrimitive.Content>
        </DialogPrimitive.Portal>
      </DialogPrimitive.Root>

      <div className="min-w-0 flex-1">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b bg-background/85 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/70 lg:px-6">
          <Button
            variant="ghost"
            size="icon"
            className="lg:hidden"
            aria-label="Open navigation"
            onClick={() => setMobileOpen(true)}
          >
            <Menu />
          </Button>
          {me.can_switch_tenant ? (
            <TenantSwitcher me={me} />
          ) : (
            <div className="flex min-w-0 items-center gap-2 text-sm" data-testid="tenant-name">
              <span className="truncate font-medium">{me.tenant.name}</span>
              <KindBadge kind={me.tenant.kind} />
            </div>
          )}
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <UserMenu me={me} />
          </div>
        </header>
        <LowBalanceBanner />
        <main className="mx-auto w-full max-w-6xl px-4 py-6 lg:px-8 lg:py-8">{children}</main>
      </div>
    </div>
  );
}
