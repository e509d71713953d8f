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
 * Signed in: the acting tenant's effective branding from GET /me (follows tenant switches).
 * Signed out: GET /branding, resolved by the server from the host (white-label domains).
 * Sets the document title and the brand colour CSS variable.
 */
export function BrandingProvider({ children }: { children: React.ReactNode }) {
  const { data: me } = useMe();
  const { data: host } = usePublicBranding(me?.tenant.id ?? null);
  const data = me?.branding ?? host;
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
