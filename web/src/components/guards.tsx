import * as React from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { useMe } from '@/api/hooks';
import type { Me } from '@/api/types';
import { meets, type Requirement } from '@/lib/permissions';
import { Forbidden, FullPageSpinner, QueryError } from '@/components/states';

const MeContext = React.createContext<Me | null>(null);

/** The signed-in user; only inside <RequireAuth>. */
export function useCurrentMe(): Me {
  const me = React.useContext(MeContext);
  if (!me) throw new Error('useCurrentMe must be used inside <RequireAuth>');
  return me;
}

export function useCan(): (req: Requirement) => boolean {
  const me = useCurrentMe();
  return React.useCallback((req: Requirement) => meets(me.permissions, req), [me.permissions]);
}

export function RequireAuth({ children }: { children: (me: Me) => React.ReactNode }) {
  const me = useMe();
  const [location] = useLocation();
  const search = useSearch();
  if (me.isPending) return <FullPageSpinner />;
  if (me.isError)
    return (
      <div className="mx-auto mt-24 max-w-md px-4">
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  if (!me.data) {
    const here = location + (search ? `?${search}` : '');
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Redirect to={`/login${next}`} replace />;
  }
  return <MeContext.Provider value={me.data}>{children(me.data)}</MeContext.Provider>;
}

/** Renders the page only when the user has the permission; otherwise a forbidden message. */
export function RequirePermission({ requires, children }: { requires: Requirement; children: React.ReactNode }) {
  const can = useCan();
  return can(requires) ? <>{children}</> : <Forbidden />;
}
