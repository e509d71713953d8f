import { useLocation, useSearch } from 'wouter';
import { Building, Globe, Lock, Palette, Plug } from 'lucide-react';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { PageHeader } from '@/components/page-header';
import { useCan } from '@/components/guards';
import { PERM } from '@/lib/permissions';
import { GeneralSection } from './general-section';
import { BrandingSection } from './branding-section';
import { DomainsSection } from './domains-section';
import { SecuritySection } from './security-section';
import { IntegrationsSection } from './integrations-section';

export function SettingsPage() {
  const can = useCan();
  const canRead = can(PERM.settingsRead);
  const canWrite = can(PERM.settingsWrite);
  const contacts = { read: can(PERM.contactsRead), write: can(PERM.contactsWrite) };
  const search = useSearch();
  const [location, navigate] = useLocation();
  const tabs = [
    { value: 'general', label: 'General', icon: Building, allowed: canRead },
    { value: 'branding', label: 'Branding', icon: Palette, allowed: canRead },
    { value: 'domains', label: 'Domains', icon: Globe, allowed: canRead },
    { value: 'integrations', label: 'Integrations', icon: Plug, allowed: canRead || contacts.read },
    { value: 'security', label: 'Security', icon: Lock, allowed: true },
  ].filter((t) => t.allowed);
  const requested = new URLSearchParams(search).get('tab');
  const current = tabs.find((t) => t.value === requested)?.value ?? tabs[0].value;

  return (
    <div data-testid="settings-page">
      <PageHeader title="Settings" description="Your workspace and your account." />
      <Tabs value={current} onValueChange={(v) => navigate(`${location}?tab=${v}`, { replace: true })}>
        <TabsList className="mb-2">
          {tabs.map(({ value, label, icon: Icon }) => (
            <TabsTrigger key={value} value={value} data-testid={`tab-${value}`}>
              <Icon /> {label}
            </TabsTrigger>
          ))}
        </TabsList>
        {canRead && (
          <>
            <TabsContent value="general">
              <GeneralSection canWrite={canWrite} />
            </TabsContent>
            <TabsContent value="branding">
              <BrandingSection canWrite={canWrite} />
            </TabsContent>
            <TabsContent value="domains">
              <DomainsSection canWrite={canWrite} canVerify={can(PERM.systemWrite)} />
            </TabsContent>
          </>
        )}
        {(canRead || contacts.read) && (
          <TabsContent value="integrations">
            <IntegrationsSection settings={{ read: canRead, write: canWrite }} contacts={contacts} />
          </TabsContent>
        )}
        <TabsContent value="security">
          <SecuritySection />
        </TabsContent>
      </Tabs>
    </div>
  );
}
