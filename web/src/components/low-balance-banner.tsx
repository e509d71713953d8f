import { Link, useLocation } from 'wouter';
import { AlertTriangle, ArrowRight } from 'lucide-react';
import { useCan, useCurrentMe } from '@/components/guards';
import { useCredits } from '@/api/hooks';
import { PERM } from '@/lib/permissions';

/**
 * A strip under the header on every page while the acting tenant's credits are low, for members
 * who may see billing. Not on the platform's own tenant (it does not buy credits), and not on the
 * billing page, which says it itself.
 */
export function LowBalanceBanner() {
  const me = useCurrentMe();
  const can = useCan();
  const [location] = useLocation();
  const enabled = can(PERM.billingRead) && me.tenant.kind !== 'platform';
  const credits = useCredits(enabled);
  if (!enabled || !credits.data?.low_balance || location === '/billing') return null;
  const { balance } = credits.data;
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-warning/40 bg-warning/10 px-4 py-2 text-sm lg:px-6"
      data-testid="low-balance-banner"
    >
      <AlertTriangle className="size-4 shrink-0 text-warning" aria-hidden />
      <span>
        <span className="font-medium">Low balance:</span>{' '}
        {balance <= 0 ? 'no credits left' : `${balance.toLocaleString()} ${balance === 1 ? 'credit' : 'credits'} left`}. New calls are refused at
        zero.
      </span>
      <Link href="/billing" className="ml-auto inline-flex items-center gap-1 font-medium text-link hover:underline">
        View billing <ArrowRight className="size-3.5" />
      </Link>
    </div>
  );
}
