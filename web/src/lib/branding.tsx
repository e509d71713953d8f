import * as React from 'react';
import { useMe, usePublicBranding } from '@/api/hooks';
import { applyBrandColor, DEFAULT_PRIMARY } from './color';

export interface EffectiveBranding {
  appName: string;
  logoUrl: string | null;
  primaryColor: string;
  supportEmail: string | null;
}

const FALLBACK: EffectiveBranding = {
  appName: 'Switchboard',
  logoUrl: null,
  primaryColor: DEFAULT_PRIMARY,
  supportEmail: null,
};

const BrandingContext = React.createContext<EffectiveBranding>(FALLBACK);

/**
 * Reads GET /branding (public; keyed by the acting tenant so it is re-read after sign-in and
 * tenant switches), sets the document title and the brand colour CSS variable.
 */
export function BrandingProvider({ children }: { children: React.ReactNode }) {
  const { data: me } = useMe();
  const { data } = usePublicBranding(me?.tenant.id ?? null);
  const value = React.useMemo<EffectiveBranding>(
    () =>
      data
        ? {
            appName: data.app_name || FALLBACK.appName,
            logoUrl: data.logo_url ?? null,
            primaryColor: data.primary_color || DEFAULT_PRIMARY,
            supportEmail: data.support_email ?? null,
          }
        : FALLBACK,
    [data],
  );

  React.useEffect(() => {
    document.title = value.appName;
    applyBrandColor(value.primaryColor);
  }, [value]);

  return <BrandingContext.Provider value={value}>{children}</BrandingContext.Provider>;
}

export function useBranding(): EffectiveBranding {
  return React.useContext(BrandingContext);
}
