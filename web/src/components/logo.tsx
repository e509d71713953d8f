import { useBranding } from '@/lib/branding';
import { cn } from '@/lib/utils';

export function Logo({ className, showName = true }: { className?: string; showName?: boolean }) {
  const { appName, logoUrl } = useBranding();
  return (
    <span className={cn('flex min-w-0 items-center gap-2', className)} data-testid="app-logo">
      {logoUrl ? (
        <img src={logoUrl} alt="" className="size-8 shrink-0 rounded-md object-contain" />
      ) : (
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-primary text-sm font-bold text-primary-foreground">
          {appName.charAt(0).toUpperCase()}
        </span>
      )}
      {showName && (
        <span className="truncate text-base font-semibold tracking-tight" data-testid="app-name">
          {appName}
        </span>
      )}
    </span>
  );
}
